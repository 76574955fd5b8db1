//! The filter regexes (`define/cli/regex.rs`): what they match, checked
//! against regex-lite on random patterns, and what they refuse.

use crate::define::cli::regex::Regex;

fn matches(pattern: &str, text: &str) -> bool {
    Regex::new(pattern)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
        .is_match(text)
}

#[test]
fn searches_anywhere_with_the_usual_syntax() {
    let yes = [
        ("sort", "group/sort_std"),
        ("^sort/", "sort/std"),
        ("std$", "sort/std"),
        ("^sort/std$", "sort/std"),
        ("a|b", "xbx"),
        ("^(aa|pair)/", "pair/x"),
        ("hash/2", "hash/256"),
        ("x.z", "xyz"),
        ("ab*c", "ac"),
        ("ab+c", "abbbc"),
        ("ab?c", "abc"),
        ("a{2}", "xaax"),
        ("^a{2,3}$", "aaa"),
        ("^a{2,}$", "aaaaa"),
        ("[a-c]x", "bx"),
        ("[^0-9]", "1a"),
        ("^\\d+$", "4096"),
        ("\\w+/\\w+", "pair/single"),
        ("\\bstd\\b", "sort/std"),
        ("\\Bor", "sort"),
        ("(?i)SORT", "sort/std"),
        ("(?i:S)ort", "sort"),
        ("(?s)a.b", "a\nb"),
        ("(?m)^b$", "a\nb\nc"),
        ("(?U)a+", "aa"),
        ("a\\.b", "a.b"),
        ("\\(x\\)", "f(x)"),
        ("[\\d_]+", "_1"),
        ("[-a]", "-"),
        ("[a-]", "-"),
        ("[]]", "]"),
        ("x{a}", "x{a}"),
        ("", "anything"),
        ("(|x)y", "y"),
        ("a*?b", "aab"),
        ("é", "café"),
        ("(a*)*b", "aaab"),
    ];
    for (p, t) in yes {
        assert!(matches(p, t), "{p:?} should match {t:?}");
    }
    let no = [
        ("^sort/", "group/sort"),
        ("std$", "std/x"),
        ("^sort/std$", "sort/std2"),
        ("x.z", "xz"),
        ("^a{2,3}$", "aaaa"),
        ("^a{2}$", "a"),
        ("[a-c]x", "dx"),
        ("[^0-9]", "123"),
        ("^\\d+$", "40a"),
        ("\\bstd\\b", "sort/stdx"),
        ("SORT", "sort"),
        ("(?i:S)ORT", "sort"),
        ("a\\.b", "axb"),
        (".", ""),
        ("a.b", "a\nb"),
        ("^b$", "a\nb\nc"),
        ("(a|b)c", "ab"),
    ];
    for (p, t) in no {
        assert!(!matches(p, t), "{p:?} should not match {t:?}");
    }
}

/// A random pattern of the syntax above, over a small alphabet.
fn random_pattern(rng: &mut fastrand::Rng, depth: u32) -> String {
    let atoms = [
        "a", "b", "/", "_", "1", ".", "\\d", "\\w", "\\s", "[ab]", "[^a/]", "[a-c1]", "\\.",
    ];
    let mut out = String::new();
    for _ in 0..rng.usize(1..4) {
        let mut atom = match rng.u32(0..10) {
            0 if depth < 3 => format!("({})", random_pattern(rng, depth + 1)),
            1 if depth < 3 => format!(
                "(?:{}|{})",
                random_pattern(rng, depth + 1),
                random_pattern(rng, depth + 1)
            ),
            2 => "^".to_string(),
            3 => "$".to_string(),
            4 => "\\b".to_string(),
            _ => atoms[rng.usize(..atoms.len())].to_string(),
        };
        if !matches!(atom.as_str(), "^" | "$" | "\\b") {
            let reps = ["", "", "*", "+", "?", "{2}", "{1,2}", "{0,}", "*?"];
            atom.push_str(reps[rng.usize(..reps.len())]);
        }
        out.push_str(&atom);
    }
    if depth == 0 && rng.bool() {
        out = format!("(?i){out}");
    }
    out
}

#[test]
fn agrees_with_regex_lite_on_random_patterns_and_names() {
    let mut rng = fastrand::Rng::with_seed(11);
    let alphabet = ['a', 'b', 'A', '/', '_', '1', ' ', '.', '\n'];
    for _ in 0..3000 {
        let pattern = random_pattern(&mut rng, 0);
        let ours = Regex::new(&pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        let theirs = regex_lite::Regex::new(&pattern).unwrap();
        for _ in 0..20 {
            let text: String = (0..rng.usize(0..8))
                .map(|_| alphabet[rng.usize(..alphabet.len())])
                .collect();
            assert_eq!(
                ours.is_match(&text),
                theirs.is_match(&text),
                "pattern {pattern:?} on {text:?}"
            );
        }
    }
}

#[test]
fn nested_repetitions_stay_linear() {
    // Exponential for a backtracking matcher; here one pass per char.
    let text = format!("{}!", "a".repeat(5000));
    assert!(!matches("^(a*)*$", &text));
    assert!(!matches("^(a|aa)+$", &text));
}

#[test]
fn what_it_cannot_read_is_an_error() {
    let reason = |p: &str| Regex::new(p).unwrap_err().to_string();
    assert_eq!(reason("("), "found open group without closing ')'");
    assert_eq!(reason("a["), "found unclosed character class");
    assert_eq!(reason("a)"), "found closing ')' without matching '('");
    assert_eq!(reason("*a"), "found repetition operator missing expression");
    assert_eq!(
        reason("a|+"),
        "found repetition operator missing expression"
    );
    assert_eq!(reason("\\1"), "found an unsupported escape sequence");
    assert_eq!(reason("\\p{L}"), "found an unsupported escape sequence");
    assert_eq!(reason("(?=a)"), "found an unsupported group or flag");
    assert_eq!(reason("(?x)a"), "found an unsupported group or flag");
    assert_eq!(
        reason("[z-a]"),
        "found an invalid range in a character class"
    );
    assert_eq!(
        reason("a{3,2}"),
        "found a repetition whose minimum is above its maximum"
    );
    assert_eq!(reason("a{1001}"), "found a repetition count over 1000");
    assert_eq!(reason("a\\"), "found an incomplete escape sequence");
    assert_eq!(
        reason(&"(".repeat(100_000)),
        "found groups nested too deeply"
    );
    assert!(Regex::new(&format!("{}a{}", "(".repeat(100), ")".repeat(100))).is_ok());
    assert_eq!(reason("(a{1000}){1000}"), "found a pattern too large");
}
