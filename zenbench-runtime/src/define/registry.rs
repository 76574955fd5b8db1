//! Benchmark definitions: the attribute's registered entries and the programmatic
//! [`Suite`] API both become [`BenchDef`]s, sorted into source order.

use crate::define::entry::{BenchEntry, BenchOptions, Throughput};
use crate::measure::bencher::{Bencher, SampleReply};
use crate::measure::timer::Timer;
use std::fmt;
use std::sync::Arc;

pub use crate::measure::bencher::Shared;

/// A complexity closure of [`Suite::complexity`]: the body at input size n.
type SizedFn = Arc<dyn Fn(&mut Bencher, usize) + Send + Sync>;

/// Which thread counts a bench runs at, before the plan expands it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ThreadSpec {
    /// `threads = [...]`; 0 means every logical core.
    Counts(Vec<usize>),
    /// `scaling`: 1, 2, 4, … physical cores, then physical and logical.
    Scaling,
}

/// One bench a migration crate found in a first pass, in pass order.
#[derive(Clone, Debug)]
pub struct ReplayBench {
    /// Its comparison group; `None` for a bench of its own.
    pub group: Option<String>,
    /// Its row name within the group.
    pub name: String,
    /// The function it measures: in a group, rows of another function are
    /// compared with the baseline's at the same `arg`.
    pub source: String,
    /// The input it measures, when its id names one.
    pub arg: Option<String>,
    /// The group's baseline (the first bench of a group when none is).
    pub baseline: bool,
    /// Its options (the group's settings when it was registered).
    pub options: BenchOptions,
    /// Bytes or elements per iteration.
    pub throughput: Option<Throughput>,
    /// Which of the replayed fns registers it.
    pub call: usize,
    /// Which part of that fn (a criterion group fn's target) registers
    /// it: a thread serving this bench runs only that part (see
    /// `replay::part`).
    pub part: usize,
}

/// Takes the samples of replayed benches on the thread that replays their
/// fns (the engine's replay link).
pub(crate) trait Replayer: Send + Sync {
    /// One sample of the `index`-th replayed bench.
    fn sample(
        &self,
        index: usize,
        timer: Timer,
        iters: u64,
        stack_offset: usize,
    ) -> Result<SampleReply, String>;
}

/// How the engine calls a benchmark body for one sample.
#[derive(Clone)]
pub(crate) enum Routine {
    /// A `#[zenbench::bench]` fn with its arg index.
    Static {
        run: fn(&mut Bencher, usize),
        arg_index: usize,
    },
    /// A closure registered through [`Suite`].
    Dynamic(Arc<dyn Fn(&mut Bencher) + Send + Sync>),
    /// A complexity closure registered through [`Suite::complexity`], at
    /// input size `n`.
    Sized { f: SizedFn, n: usize },
    /// A body that exists only while its fn runs (a criterion closure): its
    /// samples are taken on the thread that replays that fn.
    Replay {
        link: Arc<dyn Replayer>,
        index: usize,
    },
}

impl Routine {
    pub(crate) fn call(&self, b: &mut Bencher) {
        match self {
            Routine::Static { run, arg_index } => run(b, *arg_index),
            Routine::Dynamic(f) => f(b),
            Routine::Sized { f, n } => f(b, *n),
            // `call_with` hands these to their link, never here.
            Routine::Replay { .. } => panic!("zenbench: a replayed bench runs on one thread only"),
        }
    }
}

impl fmt::Debug for Routine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Routine::Static { arg_index, .. } => write!(f, "Static(arg {arg_index})"),
            Routine::Dynamic(_) => f.write_str("Dynamic"),
            Routine::Sized { n, .. } => write!(f, "Sized(n {n})"),
            Routine::Replay { index, .. } => write!(f, "Replay({index})"),
        }
    }
}

/// One benchmark row, before filtering and planning.
#[derive(Clone, Debug)]
pub(crate) struct BenchDef {
    /// Row name within its group.
    pub name: String,
    /// Comparison group.
    pub group: String,
    /// `group/name`, or `name` for a lone bench; what filters match.
    pub full_name: String,
    /// Whether the group was named explicitly (`group = ...` / [`Suite::group`]).
    pub explicit_group: bool,
    /// The fn (or closure) this row came from; rows of one `args` fn share it.
    pub source_name: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// Registration order, for benches without a source location.
    pub order: usize,
    pub baseline: bool,
    pub ignore: bool,
    pub arg: Option<String>,
    pub options: BenchOptions,
    pub throughput: Option<Throughput>,
    pub routine: Routine,
    /// Thread counts to expand this row into (the plan does it).
    pub thread_spec: Option<ThreadSpec>,
    /// A thread row: run on this many threads.
    pub threads: Option<usize>,
    /// A contended bench: builds the state its threads share, per sample.
    pub contended: Option<fn() -> Shared>,
    /// A complexity bench: its declared model, as written.
    pub complexity: Option<String>,
}

impl BenchDef {
    /// A complexity bench's row at input size `n`.
    pub(crate) fn at_size(&self, n: usize) -> BenchDef {
        let mut d = self.clone();
        d.routine = match &self.routine {
            Routine::Static { run, .. } => Routine::Static {
                run: *run,
                arg_index: n,
            },
            Routine::Sized { f, .. } => Routine::Sized { f: f.clone(), n },
            other => other.clone(),
        };
        d
    }
}

/// Expands one attribute entry into its rows (one per arg). An instance of
/// a generic fn (`types` / `consts`) is named by its type or value: in the
/// fn's own group (`f/u8`, compared with the first instance), or under the
/// fn's name in a named group (`g/f/u8`).
pub(crate) fn defs_from_entry(e: &BenchEntry, order: usize) -> Vec<BenchDef> {
    let variant = e.variant.map(|label| label());
    let explicit_group = e.group.is_some() || variant.is_some();
    let group = e.group.unwrap_or(e.name).to_string();
    let (row, source_name) = match (&variant, e.group) {
        (Some(v), None) => (v.clone(), format!("{}<{v}>", e.name)),
        (Some(v), Some(_)) => (format!("{}/{v}", e.name), format!("{}<{v}>", e.name)),
        (None, _) => (e.name.to_string(), e.name.to_string()),
    };
    // A generic fn's instances share one `baseline` flag: the first has it.
    let baseline = e.baseline && e.variant_index == 0;
    let base = |name: String, full_name: String, arg: Option<String>, idx: usize| BenchDef {
        name,
        group: group.clone(),
        full_name,
        explicit_group,
        source_name: source_name.clone(),
        file: e.file.to_string(),
        line: e.line,
        column: e.column,
        order,
        baseline,
        ignore: e.ignore,
        arg,
        options: e.options,
        throughput: e.throughput.map(|t| t(idx)),
        routine: Routine::Static {
            run: e.run,
            arg_index: idx,
        },
        thread_spec: if e.scaling {
            Some(ThreadSpec::Scaling)
        } else {
            e.threads.map(|t| ThreadSpec::Counts(t.to_vec()))
        },
        threads: None,
        contended: e.contended,
        complexity: e.complexity.map(str::to_owned),
    };
    match e.arg_names {
        None => {
            let full = if explicit_group {
                format!("{group}/{row}")
            } else {
                row.clone()
            };
            vec![base(row, full, None, 0)]
        }
        Some(names) => {
            let mut defs = Vec::new();
            for (i, arg) in names().into_iter().enumerate() {
                let name = if explicit_group {
                    format!("{row}/{arg}")
                } else {
                    arg.clone()
                };
                let full = format!("{group}/{name}");
                defs.push(base(name, full, Some(arg), i));
            }
            defs
        }
    }
}

/// Every `#[zenbench::bench]` entry linked into this binary, in source order.
pub(crate) fn registered() -> Vec<BenchDef> {
    let mut entries: Vec<&BenchEntry> = Vec::new();
    for e in crate::define::entry::ZENBENCH_ENTRIES.iter() {
        if !e.absent {
            entries.push(e);
        }
    }
    // Link order is arbitrary: sort by where the benches are written.
    let key = |e: &BenchEntry| (e.file, e.line, e.column, e.variant_index, e.name);
    let order = crate::model::order::stable_order(entries.len(), &|a, b| {
        key(entries[a]).cmp(&key(entries[b]))
    });
    let mut defs = Vec::new();
    for (i, k) in order.into_iter().enumerate() {
        defs.extend(defs_from_entry(entries[k], i));
    }
    defs
}

/// A set of benchmarks built at run time; the same engine as the attribute.
///
/// ```no_run
/// let mut suite = zenbench::Suite::new();
/// suite.bench("sum", |b| b.iter(|| (0..100u64).sum::<u64>()));
/// suite.group("sort", |g| {
///     g.bench("std", |b| b.with_input(|| vec![3, 1, 2]).run(|mut v| { v.sort(); v }))
///         .baseline();
///     g.bench("unstable", |b| b.with_input(|| vec![3, 1, 2]).run(|mut v| { v.sort_unstable(); v }));
/// });
/// suite.main();
/// ```
#[derive(Default)]
pub struct Suite {
    pub(crate) defs: Vec<BenchDef>,
    /// `defs` are the binary's `#[zenbench::bench]`s ([`Suite::from_registry`]).
    pub(crate) from_registry: bool,
    /// Each bench keeps its own time budget and round bounds, even in a
    /// group (a migrated divan suite).
    pub(crate) budget_per_bench: bool,
}

impl Suite {
    /// An empty suite.
    pub fn new() -> Suite {
        Suite::default()
    }

    /// A suite holding every `#[zenbench::bench]` of this binary.
    pub fn from_registry() -> Suite {
        Suite {
            defs: registered(),
            from_registry: true,
            budget_per_bench: false,
        }
    }

    fn next_order(&self) -> usize {
        let mut next = 0;
        for d in &self.defs {
            next = next.max(d.order + 1);
        }
        next
    }

    /// Adds a lone benchmark (a group of its own).
    pub fn bench<F>(&mut self, name: &str, f: F) -> &mut Suite
    where
        F: Fn(&mut Bencher) + Send + Sync + 'static,
    {
        let order = self.next_order();
        self.defs.push(dynamic_def(
            name,
            name,
            name.to_string(),
            false,
            order,
            Arc::new(f),
        ));
        self
    }

    /// Adds a comparison group; `build` registers its benchmarks.
    pub fn group(&mut self, name: &str, build: impl FnOnce(&mut Group)) -> &mut Suite {
        let mut g = Group {
            name: name.to_string(),
            defs: Vec::new(),
            options: BenchOptions::NONE,
        };
        build(&mut g);
        let base = self.next_order();
        for (i, mut d) in g.defs.into_iter().enumerate() {
            d.order = base + i;
            merge_options(&mut d.options, &g.options);
            self.defs.push(d);
        }
        self
    }

    /// Adds a complexity bench: `f(b, n)` runs at each input size n of a
    /// ladder, and the verdict says whether its cost grows as `model`
    /// (`"n log n"`, `"n^2"`, …; see the book's complexity chapter). Its
    /// ladder settings come from `options` (`floor`, `ceiling`, …). Each
    /// rung runs in a fresh process of this binary, so the suite must be
    /// built the same way every time the binary starts.
    ///
    /// ```no_run
    /// let mut suite = zenbench::Suite::new();
    /// let opts = zenbench::BenchOptions::NONE.ceiling(1 << 16);
    /// suite.complexity("sort", "n log n", opts, |b, n| {
    ///     b.with_input(|| (0..n as u64).rev().collect::<Vec<_>>())
    ///         .run(|mut v| { v.sort(); v })
    /// });
    /// suite.main();
    /// ```
    pub fn complexity<F>(
        &mut self,
        name: &str,
        model: &str,
        options: BenchOptions,
        f: F,
    ) -> &mut Suite
    where
        F: Fn(&mut Bencher, usize) + Send + Sync + 'static,
    {
        let order = self.next_order();
        let mut def = dynamic_def(name, name, name.to_string(), false, order, Arc::new(|_| {}));
        def.routine = Routine::Sized {
            f: Arc::new(f),
            n: 1,
        };
        def.options = options.checked();
        def.complexity = Some(model.to_owned());
        self.defs.push(def);
        self
    }

    /// The suite of benches a migration crate found by a first pass of its
    /// fns (see `engine::replay`), their samples taken through `link`.
    pub(crate) fn replayed(benches: &[ReplayBench], link: &Arc<dyn Replayer>) -> Suite {
        let mut defs = Vec::with_capacity(benches.len());
        for (index, b) in benches.iter().enumerate() {
            let (group, full) = match &b.group {
                Some(g) => (g.as_str(), format!("{g}/{}", b.name)),
                None => (b.name.as_str(), b.name.clone()),
            };
            let mut d = dynamic_def(
                &b.name,
                group,
                full,
                b.group.is_some(),
                index,
                Arc::new(|_| {}),
            );
            d.routine = Routine::Replay {
                link: link.clone(),
                index,
            };
            d.source_name = b.source.clone();
            d.arg = b.arg.clone();
            d.baseline = b.baseline;
            d.options = b.options.checked();
            d.throughput = b.throughput;
            defs.push(d);
        }
        Suite {
            defs,
            from_registry: false,
            budget_per_bench: false,
        }
    }

    /// Names of the benchmarks, `group/bench`, in source order.
    pub fn names(&self) -> Vec<String> {
        let mut names = Vec::with_capacity(self.defs.len());
        for d in &self.defs {
            names.push(d.full_name.clone());
        }
        names
    }
}

fn dynamic_def(
    name: &str,
    group: &str,
    full_name: String,
    explicit_group: bool,
    order: usize,
    f: Arc<dyn Fn(&mut Bencher) + Send + Sync>,
) -> BenchDef {
    BenchDef {
        name: name.to_string(),
        group: group.to_string(),
        full_name,
        explicit_group,
        source_name: name.to_string(),
        file: String::new(),
        line: 0,
        column: 0,
        order,
        baseline: false,
        ignore: false,
        arg: None,
        options: BenchOptions::NONE,
        throughput: None,
        routine: Routine::Dynamic(f),
        thread_spec: None,
        threads: None,
        contended: None,
        complexity: None,
    }
}

/// Fills the fields `target` leaves unset from `from`.
fn merge_options(target: &mut BenchOptions, from: &BenchOptions) {
    *target = target.or(*from);
}

/// A comparison group under construction; see [`Suite::group`].
pub struct Group {
    name: String,
    defs: Vec<BenchDef>,
    options: BenchOptions,
}

impl Group {
    /// Adds a benchmark to the group; the first one is the baseline unless
    /// another is marked with [`GroupBench::baseline`].
    pub fn bench<F>(&mut self, name: &str, f: F) -> GroupBench<'_>
    where
        F: Fn(&mut Bencher) + Send + Sync + 'static,
    {
        let full = format!("{}/{name}", self.name);
        self.defs
            .push(dynamic_def(name, &self.name, full, true, 0, Arc::new(f)));
        GroupBench {
            def: self.defs.last_mut().expect("just pushed"),
        }
    }

    /// Overrides the group's configuration (fields left `None` keep the default).
    pub fn options(&mut self, options: BenchOptions) -> &mut Group {
        self.options = options;
        self
    }
}

/// A benchmark just added to a [`Group`]; set its properties.
pub struct GroupBench<'g> {
    def: &'g mut BenchDef,
}

impl GroupBench<'_> {
    /// Makes this benchmark the group's baseline.
    pub fn baseline(self) -> Self {
        self.def.baseline = true;
        self
    }

    /// Declares bytes or elements processed per iteration.
    pub fn throughput(self, t: Throughput) -> Self {
        self.def.throughput = Some(t);
        self
    }

    /// Skips this benchmark unless `--ignored` / `--include-ignored`.
    pub fn ignore(self) -> Self {
        self.def.ignore = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_nothing(_: &mut Bencher, _: usize) {}
    fn three_args() -> Vec<String> {
        vec!["64".into(), "4096".into(), "65536".into()]
    }
    fn bytes_of(i: usize) -> Throughput {
        Throughput::Bytes([64, 4096, 65536][i])
    }

    #[test]
    fn args_entry_expands_to_one_row_per_arg_in_a_group_named_after_the_fn() {
        let e = BenchEntry {
            name: "hash",
            arg_names: Some(three_args),
            throughput: Some(bytes_of),
            run: run_nothing,
            ..BenchEntry::DEFAULT
        };
        let defs = defs_from_entry(&e, 0);
        let names: Vec<_> = defs.iter().map(|d| d.full_name.as_str()).collect();
        assert_eq!(names, ["hash/64", "hash/4096", "hash/65536"]);
        assert!(defs.iter().all(|d| d.group == "hash" && !d.explicit_group));
        assert_eq!(defs[2].throughput, Some(Throughput::Bytes(65536)));
        assert!(matches!(
            defs[1].routine,
            Routine::Static { arg_index: 1, .. }
        ));
    }

    #[test]
    fn grouped_entry_is_named_group_slash_name() {
        let e = BenchEntry {
            name: "radix",
            group: Some("sort"),
            run: run_nothing,
            ..BenchEntry::DEFAULT
        };
        let d = &defs_from_entry(&e, 0)[0];
        assert_eq!(
            (d.group.as_str(), d.name.as_str(), d.full_name.as_str()),
            ("sort", "radix", "sort/radix")
        );
        let lone = BenchEntry {
            name: "parse",
            run: run_nothing,
            ..BenchEntry::DEFAULT
        };
        assert_eq!(defs_from_entry(&lone, 0)[0].full_name, "parse");
    }

    #[test]
    fn grouped_args_rows_carry_the_fn_name() {
        let e = BenchEntry {
            name: "radix",
            group: Some("sort"),
            arg_names: Some(three_args),
            run: run_nothing,
            ..BenchEntry::DEFAULT
        };
        let defs = defs_from_entry(&e, 0);
        assert_eq!(defs[0].full_name, "sort/radix/64");
        assert_eq!(defs[0].arg.as_deref(), Some("64"));
    }

    #[test]
    fn suite_groups_inherit_group_options_without_overriding_bench_ones() {
        let mut s = Suite::new();
        s.bench("lone", |b| b.iter(|| 1));
        s.group("g", |g| {
            g.options(BenchOptions {
                max_rounds: Some(50),
                min_rounds: Some(40),
                ..BenchOptions::NONE
            });
            g.bench("a", |b| b.iter(|| 1));
            g.bench("b", |b| b.iter(|| 2)).baseline().ignore();
        });
        assert_eq!(s.names(), ["lone", "g/a", "g/b"]);
        let b = &s.defs[2];
        assert!(b.baseline && b.ignore && b.explicit_group);
        assert_eq!(b.options.max_rounds, Some(50));
        assert_eq!(
            s.defs.iter().map(|d| d.order).collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }
}
