//! `Options`: every command-line flag and `ZENBENCH_*` variable, in one
//! struct of groups, one per concern.
//!
//! Filled by the command-line parser; the group options (`config`) are
//! resolved per group by the planner: default < attribute < environment <
//! command line.

use crate::model::partition::Partition;
use crate::model::table::BenchOptions;
use std::path::PathBuf;

/// Measure (`--bench`, what `cargo bench` passes) or smoke-test (`cargo test --benches`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Mode {
    /// Run every benchmark once, as a test.
    #[default]
    Test,
    /// Measure.
    Bench,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Format {
    /// Terminal tree on stderr.
    #[default]
    Pretty,
    /// The JSON result (see the book's JSON reference).
    Json,
    /// `--list --format terse` (nextest).
    Terse,
    /// Markdown for a pull-request comment or a GitHub job summary (`md`).
    Markdown,
    /// One CSV row per benchmark, with a fixed header (`csv`).
    Csv,
    /// One `key=value` line per benchmark, each readable alone (`llm`).
    Llm,
    /// Bencher Metric Format, the JSON `bencher run --adapter json` reads (`bmf`).
    Bmf,
    /// One self-contained HTML page with inline SVG charts (`html`; needs
    /// zenbench's `html` feature).
    Html,
}

/// `--measure`: what a measured run reports for each benchmark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Measure {
    /// Wall time, interleaved rounds (the default).
    #[default]
    Time,
    /// Instructions per iteration under Valgrind: exact, noise-free, for
    /// gating on a shared CI runner.
    Instructions,
}

/// How several measurements of one suite are combined into one result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Aggregation {
    /// Each benchmark's fastest measurement.
    Best,
    /// The mean of the measurements, with a CI from their spread.
    Mean,
    /// The median measurement.
    Median,
}

impl Aggregation {
    /// `best`, `mean` or `median`.
    pub fn name(self) -> &'static str {
        match self {
            Aggregation::Best => "best",
            Aggregation::Mean => "mean",
            Aggregation::Median => "median",
        }
    }
}

/// `--<how>-of-processes N` or `--<how>-of-passes N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Repeat {
    /// How the measurements are combined.
    pub how: Aggregation,
    /// How many (at least 1).
    pub count: u32,
}

/// Every option of a run, as the command line and the `ZENBENCH_*`
/// variables give them, grouped by concern: what to do (`mode`, `measure`,
/// `list`, `help`) at the top, then which benchmarks ([`Selection`]), how
/// the report is written ([`Output`]), how the engine measures
/// ([`EngineOverrides`]), the comparison with saved runs ([`Baselines`]),
/// how often the suite is measured ([`Repeats`]), what a complexity
/// verdict does ([`ComplexityChecks`]), and the group and complexity
/// options of the option table (`config`). `None` means "not given": the
/// attribute or the default decides.
///
/// Every group is `#[non_exhaustive]`: start from `Options::default()` and
/// set fields.
///
/// ```
/// use zenbench::{Format, Mode, Options};
///
/// let mut o = Options::default();
/// o.mode = Mode::Bench;
/// o.output.format = Format::Json;
/// o.selection.filters.push("sort/".into());
/// o.engine.seed = Some(42);
/// o.baselines.compare = Some("main".into());
/// o.config = o.config.max_time(0.5);
/// assert_eq!(o.config.max_time, Some(0.5));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// `--bench` measures; the default (and `--test`) smoke-tests.
    pub mode: Mode,
    /// `--measure time|instructions`.
    pub measure: Measure,
    /// `--list`: list the selected benchmarks, run nothing.
    pub list: bool,
    /// `--profile-time SECS`: run each selected benchmark alone for about
    /// SECS seconds, for a profiler: no statistics, one line each.
    pub profile_time: Option<f64>,
    /// `--help`.
    pub help: bool,
    /// Which benchmarks run: FILTERs, `--skip`, `--exact`, `--ignored`, …
    pub selection: Selection,
    /// Where the report goes and how it looks: `--format`, `--output`,
    /// `--color`, `-q`, …
    pub output: Output,
    /// How the engine measures: `--seed`, `--threads`, `--timer`,
    /// `--no-gate`, `--bench-timeout`.
    pub engine: EngineOverrides,
    /// Saved runs and the history: `--save-baseline`, `--baseline`,
    /// `--max-regression`, …
    pub baselines: Baselines,
    /// How often the suite is measured: `--<how>-of-processes`,
    /// `--<how>-of-passes`, `--process-timeout`.
    pub repetition: Repeats,
    /// What a complexity bench's verdict does: `--fail-on-complexity`.
    pub complexity: ComplexityChecks,
    /// The group and complexity options given on the command line or in
    /// the environment (`--max-time`, `ZENBENCH_MIN_ROUNDS`,
    /// `--param-ceiling`, …): they win over the attribute.
    pub config: BenchOptions,
}

/// Which benchmarks a run selects (`Options::selection`).
///
/// A benchmark is selected when no FILTER is given or any matches, no
/// `--skip` pattern matches, and the switches let it through.
///
/// ```
/// let mut o = zenbench::Options::default();
/// o.selection.filters = vec!["^sort/".into()];
/// o.selection.skip.push("radix".into());
/// o.selection.include_ignored = true;
/// o.selection.partition = Some("hash:1/3".parse().unwrap());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Selection {
    /// Positional filters (regexes on `group/bench`); any match selects.
    pub filters: Vec<String>,
    /// `--skip REGEX` (repeatable).
    pub skip: Vec<String>,
    /// `--exact`: filters and `--skip` match whole names literally.
    pub exact: bool,
    /// `--ignored`: run only ignored benches.
    pub ignored: bool,
    /// `--include-ignored`.
    pub include_ignored: bool,
    /// `--complexity-only`: run only the complexity benches.
    pub complexity_only: bool,
    /// `--partition count:K/N` / `hash:K/N`: run only part K of N of the
    /// groups the filters select (see the book's CI chapter).
    pub partition: Option<Partition>,
}

/// Where the report goes and how it looks (`Options::output`).
///
/// ```
/// use zenbench::{ColorChoice, Format, Options};
///
/// let mut o = Options::default();
/// o.output.format = Format::Json;
/// o.output.file = Some("bench.json".into());
/// o.output.color = ColorChoice::Never;
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Output {
    /// `--format`.
    pub format: Format,
    /// `--output FILE`: the report goes to FILE instead of stdout (pretty:
    /// stderr).
    pub file: Option<PathBuf>,
    /// `--color`.
    pub color: ColorChoice,
    /// `-q` / `--quiet`.
    pub quiet: bool,
    /// `--compact`: the pretty report as one line per benchmark.
    pub compact: bool,
    /// `--auto-fit`: print every model's fit of each complexity bench.
    pub auto_fit: bool,
}

/// How the engine measures, over its defaults and the attribute
/// (`Options::engine`).
///
/// ```
/// use zenbench::{Options, TimerChoice};
///
/// let mut o = Options::default();
/// o.engine.seed = Some(7);
/// o.engine.timer = TimerChoice::Os;
/// o.engine.threads = Some(vec![1, 4]);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct EngineOverrides {
    /// `--seed N`: the seed of the shuffles and bootstraps.
    pub seed: Option<u64>,
    /// `--threads LIST`: the thread counts of every thread bench (0: all
    /// logical cores), instead of its attribute's.
    pub threads: Option<Vec<usize>>,
    /// `--timer auto|os|tsc`.
    pub timer: TimerChoice,
    /// `--no-gate`: never wait for a quieter machine.
    pub no_gate: bool,
    /// `--bench-timeout SECS`: take every sample in a worker process of
    /// this binary, so that a sample running longer than SECS, or a bench
    /// that crashes the process (an abort, a stack overflow), fails only
    /// its own bench; a fresh worker carries on with the others.
    pub bench_timeout: Option<f64>,
}

/// Saved runs and the history (`Options::baselines`).
///
/// ```
/// let mut o = zenbench::Options::default();
/// o.baselines.compare = Some("main".into());
/// o.baselines.max_regression = Some(3.0);
/// o.baselines.update_on_pass = true;
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Baselines {
    /// `--save-baseline NAME`: save this run as baseline NAME.
    pub save: Option<String>,
    /// `--baseline NAME`: compare this run with baseline NAME.
    pub compare: Option<String>,
    /// `--max-regression PCT`: the slowdown, in percent, that fails the run
    /// (default 5).
    pub max_regression: Option<f64>,
    /// `--baseline-noise PCT`: the run-to-run noise, in percent, assumed
    /// at least between a baseline's means and this run's (default 1; more
    /// for a benchmark whose history on this machine spreads more).
    pub noise: Option<f64>,
    /// `--update-on-pass`: replace the `compare` baseline with this run
    /// when nothing regressed.
    pub update_on_pass: bool,
    /// `--cross-testbed`: let a regression against a baseline from another
    /// machine fail the run.
    pub cross_testbed: bool,
    /// `--no-history`: do not append this run to `.zenbench/history/`.
    pub no_history: bool,
    /// `--confirm N`: before regressions against `compare` fail the run,
    /// their groups are measured again in N fresh processes (default 2;
    /// 0: never).
    pub confirm: Option<u32>,
}

/// How often the suite is measured, and how the measurements combine
/// (`Options::repetition`); the result's
/// [`Repetition`](crate::result::Repetition) says how it went.
///
/// ```
/// use zenbench::{Aggregation, Options, Repeat};
///
/// let mut o = Options::default();
/// o.repetition.processes = Some(Repeat { how: Aggregation::Median, count: 3 });
/// o.repetition.process_timeout = Some(600.0);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Repeats {
    /// `--best-of-processes N`, `--mean-of-processes N` or
    /// `--median-of-processes N`: measure in N fresh child processes and
    /// aggregate.
    pub processes: Option<Repeat>,
    /// `--best-of-passes N`, `--mean-of-passes N` or `--median-of-passes N`:
    /// measure N times in this process and aggregate.
    pub passes: Option<Repeat>,
    /// `--process-timeout SECS`: a child process running longer is killed
    /// and reported as failed (default 3600).
    pub process_timeout: Option<f64>,
}

/// What a complexity bench's verdict does to the run
/// (`Options::complexity`); the ladder's own settings are in
/// `Options::config`.
///
/// ```
/// let mut o = zenbench::Options::default();
/// o.complexity.enforce = true;
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ComplexityChecks {
    /// `--fail-on-complexity`: exit 1 when a declared model does not hold
    /// (the result's `enforced`).
    pub enforce: bool,
}

/// `--timer`: which clock times samples.
///
/// ```
/// assert_eq!("tsc".parse::<zenbench::TimerChoice>(), Ok(zenbench::TimerChoice::Tsc));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimerChoice {
    /// The hardware counter when available, else the OS clock.
    #[default]
    Auto,
    /// Always the OS monotonic clock.
    Os,
    /// The hardware counter, or an error saying why it cannot be used.
    Tsc,
}

impl std::str::FromStr for TimerChoice {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(TimerChoice::Auto),
            "os" => Ok(TimerChoice::Os),
            "tsc" => Ok(TimerChoice::Tsc),
            other => Err(format!(
                "unknown timer `{other}` (expected `os`, `tsc` or `auto`)"
            )),
        }
    }
}

/// Longest baseline name.
const MAX_NAME: usize = 64;

/// Checks a baseline name: 1 to 64 of `A-Z a-z 0-9 . _ -`, and not `.` or
/// `..`, so a name is always one file inside the baselines folder. The
/// error says what is wrong.
pub(crate) fn check_baseline_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() || name.len() > MAX_NAME {
        return Err("1 to 64 characters");
    }
    if name == "." || name == ".." {
        return Err("not `.` or `..`");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err("letters, digits, `.`, `_` and `-` only");
    }
    Ok(())
}
