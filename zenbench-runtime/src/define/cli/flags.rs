//! The flag table: every flag, its value placeholder, whether its
//! `ZENBENCH_*` variable is read, how far this version supports it, and its
//! help line. The group options' rows come from the option table.

use super::Error;
use crate::model::table::{OptionSpec, Part, GROUP_OPTIONS};
use std::sync::LazyLock;

/// How far this version implements a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Support {
    /// Parsed into `Options` by `apply`.
    Yes,
    /// A libtest flag that is accepted (with its value) and has no effect.
    NoOp,
}

/// Where a flag is listed in `--help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Section {
    Select,
    Run,
    Output,
    Baseline,
    Repeat,
    Engine,
    Complexity,
    Compat,
}

/// What a flag sets.
#[derive(Clone, Copy, Debug)]
pub(super) enum Target {
    /// A field of `Options`, by the flag's name (`apply`'s match).
    Run,
    /// A group option: a field of `Options::config`, by its table row.
    Group(&'static OptionSpec),
}

/// One row of the flag table.
#[derive(Clone, Copy, Debug)]
pub(super) struct Flag {
    /// Long name without the leading `--`.
    pub name: &'static str,
    pub short: Option<char>,
    /// Value placeholder (`SECS`); `None` for a switch.
    pub value: Option<&'static str>,
    /// Whether `ZENBENCH_<NAME>` is read when the flag is absent.
    pub env: bool,
    pub support: Support,
    pub section: Section,
    pub help: &'static str,
    pub target: Target,
}

impl Flag {
    const fn switch(section: Section, name: &'static str, help: &'static str) -> Flag {
        Flag {
            name,
            short: None,
            value: None,
            env: false,
            support: Support::Yes,
            section,
            help,
            target: Target::Run,
        }
    }

    /// The row of a group option: `max_time` is `--max-time SECS`, read
    /// from `ZENBENCH_MAX_TIME` too.
    fn group(spec: &'static OptionSpec) -> Flag {
        // Built once per process (the table is a `LazyLock`), so the leak is
        // a few bytes per option, and it gives every row a `&'static` name.
        let name: &'static str = Box::leak(spec.flag()[2..].to_owned().into_boxed_str());
        Flag {
            name,
            short: None,
            value: spec.value_name,
            env: true,
            support: Support::Yes,
            section: match spec.part {
                Part::Group => Section::Engine,
                Part::Complexity => Section::Complexity,
            },
            help: spec.help,
            target: Target::Group(spec),
        }
    }

    const fn value(
        section: Section,
        name: &'static str,
        value: &'static str,
        help: &'static str,
    ) -> Flag {
        let mut flag = Flag::switch(section, name, help);
        flag.value = Some(value);
        flag
    }

    const fn short(mut self, short: char) -> Flag {
        self.short = Some(short);
        self
    }

    /// Also read from `ZENBENCH_<NAME>`.
    const fn env(mut self) -> Flag {
        self.env = true;
        self
    }

    const fn noop(mut self) -> Flag {
        self.support = Support::NoOp;
        self
    }

    pub(super) fn long(&self) -> String {
        format!("--{}", self.name)
    }

    pub(super) fn env_var(&self) -> String {
        format!(
            "ZENBENCH_{}",
            self.name.to_ascii_uppercase().replace('-', "_")
        )
    }
}

use Section as S;

/// The run options' rows, in `--help` order.
#[rustfmt::skip]
const RUN_FLAGS: &[Flag] = &[
    // Selection
    Flag::value(S::Select, "skip", "REGEX", "skip benchmarks whose name matches (repeatable)").env(),
    Flag::switch(S::Select, "exact", "FILTERs and --skip match whole names literally").env(),
    Flag::switch(S::Select, "ignored", "run only benchmarks marked `ignore`").env(),
    Flag::switch(S::Select, "include-ignored", "run ignored benchmarks too").env(),
    Flag::value(S::Select, "partition", "PART", "only part K of N of the groups; PART: count:K/N or hash:K/N").env(),
    // What to do
    Flag::switch(S::Run, "bench", "measure (`cargo bench` passes this)"),
    Flag::switch(S::Run, "test", "run each benchmark once as a test (default; beats --bench)"),
    Flag::switch(S::Run, "list", "list the selected benchmarks, run nothing"),
    Flag::value(S::Run, "profile-time", "SECS", "each selected bench alone for about SECS, for a profiler").env(),
    Flag::value(S::Run, "measure", "WHAT", "time (default) | instructions (per iteration, under Valgrind)").env(),
    Flag::switch(S::Run, "help", "print this help").short('h'),
    // Output
    Flag::value(S::Output, "format", "FORMAT", "pretty (default) | json | md | csv | llm | bmf | html | terse").env(),
    Flag::value(S::Output, "output", "FILE", "write the report to FILE instead of stdout (pretty: stderr)").env(),
    Flag::value(S::Output, "color", "WHEN", "auto (default) | always | never").env(),
    Flag::switch(S::Output, "quiet", "print less").short('q').env(),
    Flag::switch(S::Output, "compact", "pretty: one line per benchmark, for long suites").env(),
    // Baselines and history
    Flag::value(S::Baseline, "save-baseline", "NAME", "save this run as baseline NAME (.zenbench/baselines/NAME.json)").env(),
    Flag::value(S::Baseline, "baseline", "NAME", "compare this run with baseline NAME; exit 1 on a regression").env(),
    Flag::value(S::Baseline, "max-regression", "PCT", "a slowdown whose whole 99% CI is above PCT% fails [default 5]").env(),
    Flag::value(S::Baseline, "baseline-noise", "PCT", "least run-to-run noise assumed between two runs [default 1]").env(),
    Flag::value(S::Baseline, "confirm", "N", "measure what reads past the gate again in N processes [default 2]").env(),
    Flag::switch(S::Baseline, "update-on-pass", "with --baseline: replace it with this run when nothing regressed").env(),
    Flag::switch(S::Baseline, "cross-testbed", "let a baseline from another machine fail the run").env(),
    Flag::switch(S::Baseline, "no-history", "do not append this run to .zenbench/history/").env(),
    // Repetition
    Flag::value(S::Repeat, "best-of-processes", "N", "measure in N fresh processes, keep each bench's fastest").env(),
    Flag::value(S::Repeat, "mean-of-processes", "N", "measure in N fresh processes, report the mean").env(),
    Flag::value(S::Repeat, "median-of-processes", "N", "measure in N fresh processes, report the median").env(),
    Flag::value(S::Repeat, "best-of-passes", "N", "measure N times in this process, keep the fastest").env(),
    Flag::value(S::Repeat, "mean-of-passes", "N", "measure N times in this process, report the mean").env(),
    Flag::value(S::Repeat, "median-of-passes", "N", "measure N times in this process, report the median").env(),
    Flag::value(S::Repeat, "process-timeout", "SECS", "kill a child process after SECS [default 3600]").env(),
    // Engine overrides
    Flag::value(S::Engine, "seed", "N", "random seed: decimal or 0x hex").env(),
    Flag::value(S::Engine, "threads", "LIST", "thread counts of thread benches, like 1,2,8 (0: all cores)").env(),
    Flag::value(S::Engine, "timer", "KIND", "auto (default: tsc when usable) | os | tsc").env(),
    Flag::switch(S::Engine, "no-gate", "never wait for a quieter machine (load, memory, heat)").env(),
    Flag::value(S::Engine, "bench-timeout", "SECS", "a sample past SECS or a crash fails only its bench (worker process)").env(),
    // Complexity (the ladder's settings come from the option table)
    Flag::switch(S::Complexity, "complexity-only", "run only complexity benches").env(),
    Flag::switch(S::Complexity, "auto-fit", "complexity: also rank every model by fit").env(),
    Flag::switch(S::Complexity, "fail-on-complexity", "complexity: exit 1 when a declared model does not hold").env(),
    // Accepted for libtest compatibility
    Flag::switch(S::Compat, "nocapture", "no effect").noop(),
    Flag::switch(S::Compat, "show-output", "no effect").noop(),
    Flag::value(S::Compat, "test-threads", "N", "no effect (benchmarks run one at a time)").noop(),
];

/// Every flag: the run options, with the group options (from the option
/// table) at the head of the Engine section and the complexity options at
/// the head of the Complexity section.
pub(super) static FLAGS: LazyLock<Vec<Flag>> = LazyLock::new(|| {
    let mut flags = Vec::new();
    let mut placed = [false; 2];
    for f in RUN_FLAGS {
        for (i, section, part) in [
            (0, Section::Engine, Part::Group),
            (1, Section::Complexity, Part::Complexity),
        ] {
            if f.section == section && !placed[i] {
                placed[i] = true;
                for spec in GROUP_OPTIONS.iter() {
                    if spec.part == part {
                        flags.push(Flag::group(spec));
                    }
                }
            }
        }
        flags.push(*f);
    }
    flags
});

pub(super) fn flag_by_name(name: &str) -> Option<&'static Flag> {
    flag_where(&|f| f.name == name)
}

/// The first flag that `pred` accepts (one `find`, whatever the test).
fn flag_where(pred: &dyn Fn(&Flag) -> bool) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| pred(f))
}

/// The flag whose short form is `-c`.
pub(super) fn flag_by_short(c: char) -> Option<&'static Flag> {
    flag_where(&|f| f.short == Some(c))
}

/// The flag spelled `-c` by `short` (one character after the dash), if any.
pub(super) fn short_flag(short: &str) -> Option<&'static Flag> {
    let mut chars = short.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => flag_by_short(c),
        _ => None,
    }
}

pub(super) fn unknown_flag(spelled: &str) -> Error {
    let hint = match suggest(spelled) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "run with `--help` to see the flags".to_owned(),
    };
    Error::Usage(format!("unknown flag `{}`; {hint}", super::shown(spelled)))
}

/// The known flag nearest to `spelled`, when it is close enough to be a typo.
fn suggest(spelled: &str) -> Option<String> {
    let typed = spelled.trim_start_matches('-').to_ascii_lowercase();
    if typed.is_empty() {
        return None;
    }
    if ["pretty", "json", "md", "csv", "llm", "bmf", "html", "terse"].contains(&typed.as_str()) {
        return Some(format!("--format {typed}"));
    }
    // The first of the nearest flags within a third of the length (1 to 3 edits).
    let mut nearest: Option<(usize, &Flag)> = None;
    for f in FLAGS.iter() {
        let d = edit_distance(&typed, f.name);
        let longest = typed.chars().count().max(f.name.len());
        if d <= (longest / 3).clamp(1, 3) && nearest.is_none_or(|(best, _)| d < best) {
            nearest = Some((d, f));
        }
    }
    nearest.map(|(_, f)| f.long())
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions
/// and swaps of adjacent characters each cost 1.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between a[..i] and b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}
