//! The registration contract between `#[zenbench::bench]` and the runtime.
//!
//! The attribute expands to one `static` [`BenchEntry`] placed in the
//! [`ZENBENCH_ENTRIES`](crate::__private::ZENBENCH_ENTRIES) distributed slice.
//! Everything here is reached by generated code through `::zenbench::__private`.

use crate::bencher::Bencher;

/// Throughput of one iteration, used to print bytes/s or elements/s.
///
/// ```
/// let t = zenbench::Throughput::Bytes(4096);
/// assert_eq!(t.count(), 4096);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Throughput {
    /// Bytes processed per iteration.
    Bytes(u64),
    /// Elements (items, records, …) processed per iteration.
    Elements(u64),
}

impl Throughput {
    /// The number of bytes or elements per iteration.
    pub fn count(self) -> u64 {
        match self {
            Throughput::Bytes(n) | Throughput::Elements(n) => n,
        }
    }
}

/// Per-benchmark overrides of the group configuration; `None` means "not set here".
///
/// Field names are the attribute keys. Times are in seconds, fractions are
/// fractions (`0.01` is 1%).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BenchOptions {
    /// Time budget of the group, seconds.
    pub max_time: Option<f64>,
    /// Rounds always run before convergence is checked.
    pub min_rounds: Option<u64>,
    /// Hard cap on rounds.
    pub max_rounds: Option<u64>,
    /// Changes within ± this fraction count as noise (`0.01` = 1%).
    pub noise_threshold: Option<f64>,
    /// Stop once the CI half-width is below this fraction of the mean.
    pub target_precision: Option<f64>,
    /// Evict caches between samples.
    pub cache_firewall: Option<bool>,
    /// Measure single cold iterations.
    pub cold_start: Option<bool>,
    /// Sample at increasing iteration counts and fit a slope.
    pub linear_sampling: Option<bool>,
}

impl BenchOptions {
    /// No override set; usable in `static` initialisers.
    pub const NONE: BenchOptions = BenchOptions {
        max_time: None,
        min_rounds: None,
        max_rounds: None,
        noise_threshold: None,
        target_precision: None,
        cache_firewall: None,
        cold_start: None,
        linear_sampling: None,
    };
}

/// One registered benchmark function, as emitted by `#[zenbench::bench]`.
///
/// Generated code fills every field it knows and takes the rest from
/// [`BenchEntry::DEFAULT`] with `..`, so new fields do not break old expansions.
#[derive(Clone, Copy, Debug)]
pub struct BenchEntry {
    /// Display name: the fn name, or `name = "..."`.
    pub name: &'static str,
    /// `module_path!()` of the annotated fn.
    pub module_path: &'static str,
    /// `file!()` of the annotated fn.
    pub file: &'static str,
    /// `line!()` of the annotated fn.
    pub line: u32,
    /// `column!()` of the annotated fn.
    pub column: u32,
    /// `group = "..."`: benches sharing a group are compared.
    pub group: Option<&'static str>,
    /// `baseline`: this bench is its group's baseline.
    pub baseline: bool,
    /// `ignore`: skipped unless `--ignored` / `--include-ignored`.
    pub ignore: bool,
    /// Per-bench overrides of the group config.
    pub options: BenchOptions,
    /// `args = [...]`: names of the args, one row each (`None` without args).
    pub arg_names: Option<fn() -> Vec<String>>,
    /// Runs the benchmark body once with the Bencher; the `usize` is the arg
    /// index (0 when there are no args).
    pub run: fn(&mut Bencher, usize),
    /// `bytes = EXPR` / `elements = EXPR`, evaluated for an arg index.
    pub throughput: Option<fn(usize) -> Throughput>,
}

fn missing_run(_: &mut Bencher, _: usize) {
    panic!("zenbench: benchmark entry has no run function")
}

impl BenchEntry {
    /// Defaults for every field; generated code overrides what it knows.
    pub const DEFAULT: BenchEntry = BenchEntry {
        name: "",
        module_path: "",
        file: "",
        line: 0,
        column: 0,
        group: None,
        baseline: false,
        ignore: false,
        options: BenchOptions::NONE,
        arg_names: None,
        run: missing_run,
        throughput: None,
    };
}
