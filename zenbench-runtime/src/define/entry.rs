//! The registration contract between `#[zenbench::bench]` and the runtime.
//!
//! The attribute expands to one [`BenchEntry`] submitted to the
//! registry ([`inventory`]); [`ZENBENCH_ENTRIES`] reads them all.
//! Everything here is reached by generated code through `::zenbench::__private`.

use crate::measure::bencher::Bencher;

pub use crate::model::throughput::Throughput;

pub use crate::model::table::BenchOptions;

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
    /// `threads = [...]`: one row per thread count (0: every logical core).
    pub threads: Option<&'static [usize]>,
    /// `scaling`: a sweep of thread counts up to the machine's cores.
    pub scaling: bool,
    /// `contended = setup`: the state the threads share, fresh per sample.
    pub contended: Option<fn() -> crate::measure::bencher::Shared>,
    /// `complexity = "n log n"`: the declared model; `run`'s `usize` is
    /// then the input size n.
    pub complexity: Option<&'static str>,
    /// `types = [...]` / `consts = [...]`: the name of this instance's
    /// type or value (one entry per instance).
    pub variant: Option<fn() -> String>,
    /// This instance's place in the `types` / `consts` list.
    pub variant_index: u32,
    /// An instance of `consts = SIZES` past the end of the list: compiled,
    /// but not a bench.
    pub absent: bool,
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
        threads: None,
        scaling: false,
        contended: None,
        complexity: None,
        variant: None,
        variant_index: 0,
        absent: false,
    };
}

inventory::collect!(BenchEntry);

/// Every `#[zenbench::bench]` in the final binary, in arbitrary order
/// (`ZENBENCH_ENTRIES.iter()`).
pub static ZENBENCH_ENTRIES: Entries = Entries;

/// The registered entries: each `#[zenbench::bench]` submits one when the
/// program starts (`inventory`, no proc macro of its own, so this crate
/// compiles without waiting for syn).
#[derive(Clone, Copy, Debug)]
pub struct Entries;

impl Entries {
    /// Every entry, in arbitrary order.
    pub fn iter(self) -> impl Iterator<Item = &'static BenchEntry> {
        inventory::iter::<BenchEntry>.into_iter()
    }

    /// How many there are.
    pub fn len(self) -> usize {
        self.iter().count()
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.iter().next().is_none()
    }
}
