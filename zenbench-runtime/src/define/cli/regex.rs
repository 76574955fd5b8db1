//! The regexes of FILTERs and `--skip`: a small matcher of zenbench's own.
//!
//! Every bench binary compiles this, and a general regex crate was a tenth
//! of a user's clean build; a filter only asks whether a pattern occurs in
//! a short name. The syntax is the usual one: literals; `.`; classes
//! `[a-z_]`, `[^0-9]` and the escapes `\d \w \s` (and `\D \W \S`);
//! anchors `^ $` and word boundaries `\b \B`; groups `( )` and `(?: )`;
//! alternation `|`; the repetitions `* + ? {n} {n,} {n,m}` (lazy forms
//! accepted: a search for a match does not care); the flags `(?i)` (any
//! case), `(?s)` (`.` matches a newline), `(?m)` (`^ $` at lines), `(?U)`,
//! also as `(?i: )` and off with `(?-i)`; escaped punctuation (`\.`, `\(`, `\|`, ...) and `\n
//! \t \r`. What it does not know (backreferences, look-around, Unicode
//! classes) is an error, not a silent mismatch. Matching runs over the
//! NFA's states at once (no backtracking): time is linear in the name.

use std::fmt;

/// A compiled pattern, searched anywhere in a text.
#[derive(Clone, Debug)]
pub(crate) struct Regex {
    prog: Vec<Inst>,
}

/// An error, worded as a reason (`found unclosed character class`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RegexError(String);

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The largest repetition count and program: far beyond any filter.
const MAX_REPEAT: u32 = 1000;
const MAX_PROGRAM: usize = 20_000;
/// Groups nest at most this deep (the parser recurses per group).
const MAX_DEPTH: usize = 100;

#[derive(Clone, Debug)]
enum Inst {
    /// One character of the set, then the next instruction.
    Char(Set),
    /// Both ways.
    Split(usize, usize),
    Jump(usize),
    /// Holds at the start (`^`) or the end (`$`) of the text, or, when
    /// multi-line (`(?m)`), of a line too.
    Start(bool),
    End(bool),
    /// `\b` (true) or `\B` (false).
    Boundary(bool),
    Match,
}

/// Characters: ranges, negated or not, compared without case or not.
#[derive(Clone, Debug)]
struct Set {
    ranges: Vec<(char, char)>,
    negated: bool,
    any_case: bool,
}

impl Set {
    fn of(ranges: Vec<(char, char)>, negated: bool, any_case: bool) -> Set {
        Set {
            ranges,
            negated,
            any_case,
        }
    }

    fn holds(&self, c: char) -> bool {
        let within = |c: char| self.ranges.iter().any(|&(a, b)| a <= c && c <= b);
        let mut found = within(c);
        if !found && self.any_case {
            found = c.to_lowercase().any(within) || c.to_uppercase().any(within);
        }
        found != self.negated
    }
}

/// The parsed pattern.
enum Node {
    Empty,
    Char(Set),
    Start(bool),
    End(bool),
    Boundary(bool),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

impl Regex {
    pub(crate) fn new(pattern: &str) -> Result<Regex, RegexError> {
        let mut p = Parser {
            chars: pattern.chars().collect(),
            at: 0,
            flags: Flags::default(),
            depth: 0,
        };
        let node = p.alternation()?;
        if p.at < p.chars.len() {
            // Only an unopened `)` stops the top level early.
            return Err(err("found closing ')' without matching '('"));
        }
        let mut prog = Vec::new();
        compile(&node, &mut prog)?;
        prog.push(Inst::Match);
        Ok(Regex { prog })
    }

    /// Whether the pattern matches somewhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let n = self.prog.len();
        let mut current = States::new(n);
        let mut next = States::new(n);
        for at in 0..=chars.len() {
            // A match may start anywhere.
            self.add(&mut current, 0, &chars, at);
            if current.contains(n - 1) {
                return true;
            }
            let Some(&c) = chars.get(at) else {
                break;
            };
            next.clear();
            for i in 0..current.list.len() {
                let pc = current.list[i];
                if let Inst::Char(set) = &self.prog[pc] {
                    if set.holds(c) {
                        self.add(&mut next, pc + 1, &chars, at + 1);
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        current.contains(n - 1)
    }

    /// Adds `pc` and what it reaches without reading (at position `at`).
    fn add(&self, states: &mut States, pc: usize, chars: &[char], at: usize) {
        let mut stack = vec![pc];
        while let Some(pc) = stack.pop() {
            if !states.insert(pc) {
                continue;
            }
            match self.prog[pc] {
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::Jump(to) => stack.push(to),
                Inst::Start(lines) if at == 0 || (lines && chars[at - 1] == '\n') => {
                    stack.push(pc + 1)
                }
                Inst::End(lines) if at == chars.len() || (lines && chars[at] == '\n') => {
                    stack.push(pc + 1)
                }
                Inst::Boundary(wanted) => {
                    let word = |i: Option<usize>| {
                        i.and_then(|i| chars.get(i)).is_some_and(|&c| is_word(c))
                    };
                    let here = word(Some(at)) != word(at.checked_sub(1));
                    if here == wanted {
                        stack.push(pc + 1);
                    }
                }
                _ => {}
            }
        }
    }
}

/// A set of program counters, in the order added.
struct States {
    list: Vec<usize>,
    member: Vec<bool>,
}

impl States {
    fn new(n: usize) -> States {
        States {
            list: Vec::with_capacity(n),
            member: vec![false; n],
        }
    }

    fn insert(&mut self, pc: usize) -> bool {
        if self.member[pc] {
            return false;
        }
        self.member[pc] = true;
        self.list.push(pc);
        true
    }

    fn contains(&self, pc: usize) -> bool {
        self.member[pc]
    }

    fn clear(&mut self) {
        for &pc in &self.list {
            self.member[pc] = false;
        }
        self.list.clear();
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn err(reason: &str) -> RegexError {
    RegexError(reason.to_owned())
}

fn compile(node: &Node, prog: &mut Vec<Inst>) -> Result<(), RegexError> {
    if prog.len() > MAX_PROGRAM {
        return Err(err("found a pattern too large"));
    }
    match node {
        Node::Empty => {}
        Node::Char(set) => prog.push(Inst::Char(set.clone())),
        Node::Start(lines) => prog.push(Inst::Start(*lines)),
        Node::End(lines) => prog.push(Inst::End(*lines)),
        Node::Boundary(b) => prog.push(Inst::Boundary(*b)),
        Node::Concat(parts) => {
            for part in parts {
                compile(part, prog)?;
            }
        }
        Node::Alt(branches) => {
            // split L1, next; L1: branch; jump end; next: split ... last branch
            let mut jumps = Vec::new();
            for (i, branch) in branches.iter().enumerate() {
                if i + 1 < branches.len() {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    compile(branch, prog)?;
                    jumps.push(prog.len());
                    prog.push(Inst::Jump(0));
                    let after = prog.len();
                    prog[split] = Inst::Split(split + 1, after);
                } else {
                    compile(branch, prog)?;
                }
            }
            let end = prog.len();
            for j in jumps {
                prog[j] = Inst::Jump(end);
            }
        }
        Node::Repeat(inner, min, max) => {
            for _ in 0..*min {
                compile(inner, prog)?;
            }
            match max {
                // e*: split body, out; body; jump split
                None => {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    compile(inner, prog)?;
                    prog.push(Inst::Jump(split));
                    let out = prog.len();
                    prog[split] = Inst::Split(split + 1, out);
                }
                // e?, (max - min) times: split body, out; body
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(prog.len());
                        prog.push(Inst::Split(prog.len() + 1, 0));
                        compile(inner, prog)?;
                    }
                    let out = prog.len();
                    for s in splits {
                        prog[s] = Inst::Split(s + 1, out);
                    }
                }
            }
        }
    }
    Ok(())
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    flags: Flags,
    depth: usize,
}

/// The flags in force: `(?i)`, `(?s)`, `(?m)`.
#[derive(Clone, Copy, Default)]
struct Flags {
    any_case: bool,
    dot_all: bool,
    lines: bool,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self) -> Result<Node, RegexError> {
        let mut branches = vec![self.concat()?];
        while self.eat('|') {
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(branches)
        })
    }

    fn concat(&mut self) -> Result<Node, RegexError> {
        let mut parts = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            parts.push(self.repeats(atom)?);
        }
        Ok(Node::Concat(parts))
    }

    fn repeats(&mut self, mut node: Node) -> Result<Node, RegexError> {
        let mut stacked = 0;
        loop {
            if stacked == MAX_DEPTH {
                return Err(err("found too many repetition operators in a row"));
            }
            stacked += 1;
            let (min, max) = match self.peek() {
                Some('*') => (0, None),
                Some('+') => (1, None),
                Some('?') => (0, Some(1)),
                Some('{') if self.counted_ahead() => {
                    self.at += 1;
                    let bounds = self.counts()?;
                    self.at -= 1;
                    bounds
                }
                _ => return Ok(node),
            };
            self.at += 1;
            // A lazy repetition matches where a greedy one does.
            self.eat('?');
            if matches!(
                node,
                Node::Empty | Node::Start(_) | Node::End(_) | Node::Boundary(_)
            ) {
                return Err(err("found repetition operator missing expression"));
            }
            node = Node::Repeat(Box::new(node), min, max);
        }
    }

    /// Whether a `{` here starts `{n}`, `{n,}` or `{n,m}` (otherwise it is
    /// a literal brace).
    fn counted_ahead(&self) -> bool {
        let rest = &self.chars[self.at + 1..];
        let close = rest.iter().position(|&c| c == '}');
        close.is_some_and(|end| {
            let body = &rest[..end];
            !body.is_empty()
                && body[0].is_ascii_digit()
                && body.iter().all(|&c| c.is_ascii_digit() || c == ',')
                && body.iter().filter(|&&c| c == ',').count() <= 1
        })
    }

    /// `n}`, `n,}` or `n,m}` after the `{`; leaves `at` just past the `}`.
    fn counts(&mut self) -> Result<(u32, Option<u32>), RegexError> {
        let number = |p: &mut Parser| -> Result<Option<u32>, RegexError> {
            let start = p.at;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.at += 1;
            }
            if start == p.at {
                return Ok(None);
            }
            let text: String = p.chars[start..p.at].iter().collect();
            match text.parse::<u32>() {
                Ok(n) if n <= MAX_REPEAT => Ok(Some(n)),
                _ => Err(err("found a repetition count over 1000")),
            }
        };
        let min = number(self)?.unwrap_or(0);
        let max = if self.eat(',') {
            number(self)?
        } else {
            Some(min)
        };
        self.eat('}');
        if max.is_some_and(|max| max < min) {
            return Err(err("found a repetition whose minimum is above its maximum"));
        }
        Ok((min, max))
    }

    fn atom(&mut self) -> Result<Node, RegexError> {
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        self.at += 1;
        Ok(match c {
            '(' => self.group()?,
            '[' => Node::Char(self.class()?),
            // Any character but a newline; with `(?s)`, any at all.
            '.' if self.flags.dot_all => Node::Char(Set::of(Vec::new(), true, false)),
            '.' => Node::Char(Set::of(vec![('\n', '\n')], true, false)),
            '^' => Node::Start(self.flags.lines),
            '$' => Node::End(self.flags.lines),
            '\\' => self.escape()?,
            '*' | '+' | '?' => return Err(err("found repetition operator missing expression")),
            c => self.literal(c),
        })
    }

    fn literal(&self, c: char) -> Node {
        Node::Char(Set::of(vec![(c, c)], false, self.flags.any_case))
    }

    fn group(&mut self) -> Result<Node, RegexError> {
        if self.depth == MAX_DEPTH {
            return Err(err("found groups nested too deeply"));
        }
        let outer = self.flags;
        if self.eat('?') {
            // `(?:...)`, `(?i)`, `(?i:...)`, `(?-i)`.
            let mut on = true;
            loop {
                match self.peek() {
                    Some('i') => self.flags.any_case = on,
                    Some('s') => self.flags.dot_all = on,
                    Some('m') => self.flags.lines = on,
                    // Lazy for greedy: the same matches for a search.
                    Some('U') => {}
                    Some('-') => on = false,
                    Some(':') => {
                        self.at += 1;
                        break;
                    }
                    Some(')') => {
                        // A flag for the rest of the enclosing group.
                        self.at += 1;
                        return Ok(Node::Empty);
                    }
                    _ => return Err(err("found an unsupported group or flag")),
                }
                self.at += 1;
            }
        }
        self.depth += 1;
        let inner = self.alternation()?;
        self.depth -= 1;
        if !self.eat(')') {
            return Err(err("found open group without closing ')'"));
        }
        self.flags = outer;
        Ok(inner)
    }

    fn class(&mut self) -> Result<Set, RegexError> {
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(err("found unclosed character class"));
            };
            self.at += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = match c {
                '\\' => match self.class_escape()? {
                    Ok(c) => c,
                    Err(mut set) => {
                        ranges.append(&mut set);
                        continue;
                    }
                },
                c => c,
            };
            let is_range =
                self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&c| c != ']');
            if is_range {
                self.at += 1;
                let Some(hi) = self.peek() else {
                    return Err(err("found unclosed character class"));
                };
                self.at += 1;
                let hi = if hi == '\\' {
                    match self.class_escape()? {
                        Ok(c) => c,
                        Err(_) => return Err(err("found an invalid range in a character class")),
                    }
                } else {
                    hi
                };
                if hi < lo {
                    return Err(err("found an invalid range in a character class"));
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Set::of(ranges, negated, self.flags.any_case))
    }

    /// A `\x` inside a class: one character, or a set (`\d`).
    fn class_escape(&mut self) -> Result<Result<char, Vec<(char, char)>>, RegexError> {
        match self.escape()? {
            Node::Char(set)
                if !set.negated && set.ranges.len() == 1 && set.ranges[0].0 == set.ranges[0].1 =>
            {
                Ok(Ok(set.ranges[0].0))
            }
            Node::Char(set) if !set.negated => Ok(Err(set.ranges)),
            _ => Err(err("found an unsupported escape in a character class")),
        }
    }

    /// After a `\`.
    fn escape(&mut self) -> Result<Node, RegexError> {
        let Some(c) = self.peek() else {
            return Err(err("found an incomplete escape sequence"));
        };
        self.at += 1;
        let digits = vec![('0', '9')];
        let word = vec![('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
        let space = vec![('\t', '\r'), (' ', ' ')];
        Ok(match c {
            'd' => Node::Char(Set::of(digits, false, false)),
            'D' => Node::Char(Set::of(digits, true, false)),
            'w' => Node::Char(Set::of(word, false, false)),
            'W' => Node::Char(Set::of(word, true, false)),
            's' => Node::Char(Set::of(space, false, false)),
            'S' => Node::Char(Set::of(space, true, false)),
            'b' => Node::Boundary(true),
            'B' => Node::Boundary(false),
            'n' => self.literal('\n'),
            't' => self.literal('\t'),
            'r' => self.literal('\r'),
            c if c.is_ascii_punctuation() || c == ' ' => self.literal(c),
            _ => return Err(err("found an unsupported escape sequence")),
        })
    }
}
