//! `SuiteResult`: the boundary between measuring and reporting.
//!
//! Everything after the engine reads only these types. They serialise to the
//! JSON of the book's JSON reference (`reference/json.md`, `schema_version`
//! 1); fields may be added, never renamed.

// Their JSON (and, with the `serde` feature, serde's traits) comes from
// the field lists in `result/fields.rs`.
mod against;
mod complexity;
mod fields;
mod json;
mod testbed;
mod tool;
pub(crate) mod value;

pub(crate) use json::json;

pub use crate::model::json::JsonError;
pub use against::{Against, AgainstEntry, ChangeVerdict, Confirmation};
pub use complexity::{ComplexityResult, ComplexityRung, CostStep, Instructions, ModelFit};
pub use testbed::Testbed;
pub use tool::{Merged, SelfCompare};

pub use crate::model::partition::{Partition, PartitionHow};

/// The JSON schema version written in every result.
pub const SCHEMA_VERSION: u32 = 1;

/// The result of one run of a bench binary.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SuiteResult {
    /// The JSON schema version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Unique id of this run.
    pub run_id: String,
    /// Start time, RFC 3339 UTC.
    pub timestamp: String,
    /// `git rev-parse HEAD` of the working directory, when available.
    pub git_hash: Option<String>,
    /// Whether tracked files differed from `git_hash` (uncommitted changes).
    pub git_dirty: Option<bool>,
    /// The zenbench version that measured.
    pub zenbench_version: String,
    /// `bench` (measured) or `test` (each benchmark run once as a smoke test).
    pub mode: RunMode,
    /// Seed of the round shuffles and the bootstrap.
    pub seed: u64,
    /// The machine.
    pub testbed: Testbed,
    /// The clock that timed the samples.
    pub timer: TimerInfo,
    /// Cost of the empty timed loop per iteration, subtracted from samples.
    pub loop_overhead_ns: f64,
    /// Every group, in source order (in name order in a merged result).
    pub groups: Vec<GroupResult>,
    /// How processes and passes were combined (one of each today).
    pub repetition: Repetition,
    /// Complexity verdicts, one per complexity bench of a measured run.
    pub complexity: Vec<ComplexityResult>,
    /// Wall time of the whole run, seconds.
    pub wall_time_s: f64,
    /// Machine-speed probes taken at the start of a measured run.
    pub calibration: Option<Calibration>,
    /// Where a measured run's start-up time went (absent for a smoke test).
    pub startup: Option<Startup>,
    /// This run against a saved baseline (`--baseline`), or `None`.
    pub against: Option<Against>,
    /// The part of the suite this run measured (`--partition`); `None`
    /// for a whole suite, and for a merged result.
    pub partition: Option<Partition>,
    /// How `zenbench merge` made this result of several; `None` for a
    /// result of one run.
    pub merged: Option<Merged>,
    /// What `zenbench self-compare` compared: each group is then one
    /// benchmark of both builds; `None` for a run.
    pub self_compare: Option<SelfCompare>,
}

/// Seconds a measured run spent before its first group.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Startup {
    /// Choosing and calibrating the clock (the TSC against the OS clock).
    pub timer_s: f64,
    /// Measuring the empty timed loops whose cost is subtracted.
    pub loop_overhead_s: f64,
    /// The machine-speed probes (`calibration`).
    pub calibration_s: f64,
    /// Measuring the allocation profiler's own cost (when installed).
    pub alloc_overhead_s: f64,
    /// The resource gate's first look at the machine.
    pub gate_s: f64,
}

/// Calibration workloads run at start-up (see the book's sample chapter).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Calibration {
    /// Simple integer operations per nanosecond (Gop/s).
    pub int_gops: f64,
    /// Sequential read bandwidth over 32 MiB, GB/s.
    pub mem_bandwidth_gbs: f64,
    /// Dependent random load over 32 MiB, ns per load.
    pub mem_latency_ns: f64,
    /// Time the probes took, ms.
    pub duration_ms: f64,
}

/// Whether the run measured or only smoke-tested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RunMode {
    /// Measured (`cargo bench`).
    Bench,
    /// Each benchmark run once (`cargo test --benches`).
    Test,
}

/// Which clock timed the samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimerKind {
    /// The CPU's time-stamp counter (or `cntvct_el0` on aarch64).
    Tsc,
    /// The operating system's monotonic clock.
    Os,
}

/// The timer and its measured resolution.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct TimerInfo {
    /// Which clock.
    pub kind: TimerKind,
    /// Its measured resolution, nanoseconds.
    pub resolution_ns: f64,
}

/// Why a group stopped measuring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopReason {
    /// Every comparison (or every mean CI) was resolved.
    Converged,
    /// The group's time budget ran out.
    MaxTime,
    /// `max_rounds` was reached.
    MaxRounds,
    /// Every row was resolved, some only at the timer's floor: more
    /// rounds could not make their figures more precise.
    Floor,
    /// Smoke test: one iteration each.
    Smoke,
    /// Every benchmark of the group failed.
    Failed,
}

pub use crate::model::table::GroupConfig;

/// One comparison group.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct GroupResult {
    /// The group's name.
    pub name: String,
    /// Rounds measured (warm-up excluded).
    pub rounds: u64,
    /// Iterations per sample of the baseline (shared by compared benches).
    pub iterations_per_sample: u64,
    /// Name of the baseline bench.
    pub baseline: String,
    /// Every bench of the group, in source order.
    pub benchmarks: Vec<BenchResult>,
    /// Each candidate against the baseline.
    pub comparisons: Vec<Comparison>,
    /// Thread-scaling sweep (none yet).
    pub scaling: Option<Vec<ScalingPoint>>,
    /// The resolved configuration.
    pub config: GroupConfig,
    /// Why measuring stopped.
    pub stop_reason: StopReason,
    /// Wall time spent on this group, seconds.
    pub wall_time_s: f64,
    /// Rounds the resource gate held back (absent when none was).
    pub gate: Option<GateReport>,
    /// Where the group's time went (absent for a smoke test).
    pub phases: Option<Phases>,
}

/// Seconds a group spent in each phase; they add up to its wall time, less
/// the gate's waits and bookkeeping.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Phases {
    /// Growing iteration counts until a sample is long enough to read.
    pub estimate_s: f64,
    /// Unmeasured rounds before the measured ones.
    pub warmup_s: f64,
    /// Measured rounds (and the gate's waits).
    pub measure_s: f64,
    /// Interim convergence checks.
    pub checks_s: f64,
    /// The final statistics: bootstraps and paired analyses.
    pub analysis_s: f64,
}

/// How a row stopped being measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Resolution {
    /// Its comparison with the baseline was resolved (for a baseline: all of them).
    Comparison,
    /// Its mean's CI reached the target precision.
    Precision,
    /// Its mean's CI fell within the timer's floor (`floor_ns`).
    Floor,
}

/// Why a measured row has no confidence interval, and so no verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoCi {
    /// Fewer samples than [`zenbench_stats::MIN_ROUNDS_FOR_CI`] (the group's
    /// time was cut short): too few for any 95% interval.
    TooFewRounds,
}

/// What the resource gate did during a group.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct GateReport {
    /// Rounds held back at least once (or run on a busy machine after waiting).
    pub rounds_delayed: u64,
    /// Sleeps taken while waiting for a quieter machine.
    pub waits: u64,
    /// Time spent waiting, seconds.
    pub waited_s: f64,
    /// Why it last waited (busy CPU, a heavy process, low memory, heat).
    pub last_reason: Option<String>,
    /// Rounds that went ahead under a sustained load instead of waiting
    /// for it (it had lasted the gate's sustain time).
    pub rounds_under_load: u64,
    /// The last such load, in the words of `last_reason`.
    pub sustained_load: Option<String>,
}

/// Descriptive statistics of per-iteration times, nanoseconds.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SummaryNs {
    /// Samples.
    pub n: usize,
    /// Fastest sample, ns per iteration.
    pub min_ns: f64,
    /// Slowest sample.
    pub max_ns: f64,
    /// Mean.
    pub mean_ns: f64,
    /// Median.
    pub median_ns: f64,
    /// Median absolute deviation, scaled to the normal's standard deviation.
    pub mad_ns: f64,
    /// Sample standard deviation.
    pub stddev_ns: f64,
}

/// A confidence interval in nanoseconds.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CiNs {
    /// Lower bound, ns.
    pub lower_ns: f64,
    /// Upper bound, ns.
    pub upper_ns: f64,
    /// Confidence level (0.95).
    pub level: f64,
}

/// Throughput of a bench.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ThroughputResult {
    /// `bytes` or `elements`.
    pub kind: String,
    /// Bytes or elements per iteration.
    pub per_iteration: u64,
    /// Bytes or elements per second at the mean time.
    pub per_second: f64,
}

/// Allocations per iteration (when profiled).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct AllocResult {
    /// Allocations per iteration.
    pub allocs: f64,
    /// Deallocations per iteration.
    pub deallocs: f64,
    /// Reallocations per iteration.
    pub reallocs: f64,
    /// Bytes requested per iteration.
    pub bytes: f64,
}

/// Spread of a bench's mean over several processes.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ProcessSpread {
    /// Lowest per-process mean.
    pub min_ns: f64,
    /// Highest per-process mean.
    pub max_ns: f64,
    /// Coefficient of variation of the per-process means.
    pub cv: f64,
    /// How many processes measured it; 0 in results written before this
    /// was kept (at least two).
    pub processes: u32,
}

/// One benchmark row.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct BenchResult {
    /// Row name within the group.
    pub name: String,
    /// `group/name`, what filters match.
    pub full_name: String,
    /// Threads that ran the routine (1 today).
    pub threads: usize,
    /// The `args` value of this row, as named.
    pub arg: Option<String>,
    /// Iterations per sample this bench ran with.
    pub iterations_per_sample: u64,
    /// Per-iteration times (absent when the bench failed before a sample).
    pub summary: Option<SummaryNs>,
    /// 95% bootstrap CI of the mean.
    pub mean_ci: Option<CiNs>,
    /// Why a measured row has no `mean_ci`; `None` when it has one, or was
    /// not measured (failed, smoke test).
    pub no_ci: Option<NoCi>,
    /// The first single-iteration call of the benchmark, before any warm-up.
    pub cold_start_ns: Option<f64>,
    /// With `cold_start`: single iterations, each behind the cache firewall.
    pub cold: Option<SummaryNs>,
    /// With `linear_sampling`: OLS slope of sample time on iteration count.
    pub slope_ns: Option<f64>,
    /// Bytes or elements per second, when declared.
    pub throughput: Option<ThroughputResult>,
    /// The bench panicked or never timed a routine.
    pub failed: bool,
    /// The panic message, when `failed`.
    pub error: Option<String>,
    /// Allocations per iteration, when an `AllocProfiler` is installed.
    pub alloc: Option<AllocResult>,
    /// Spread over processes (when run over several).
    pub process_spread: Option<ProcessSpread>,
    /// What resolved this row; absent when it was still open at the stop
    /// (time or rounds ran out) or in a smoke test.
    pub resolved_by: Option<Resolution>,
    /// The floor of what the timer can tell about this row's mean: one
    /// timer resolution over a sample's iterations, plus the uncertainty of
    /// the loop-overhead compensation, ns per iteration.
    pub floor_ns: Option<f64>,
    /// Its mean is within `floor_ns` (or not above zero: the loop-overhead
    /// compensation overshot): the timer cannot tell its time per iteration
    /// from nothing, so reports print `< floor` instead of a time. The
    /// measured figures stay in `summary`.
    pub below_floor: bool,
    /// Per-round samples (ns per iteration), in round order. Not part of
    /// the default JSON report; kept for multi-process aggregation.
    pub samples_ns: Vec<f64>,
    /// Instructions per iteration under Valgrind (`--measure instructions`).
    pub instructions: Option<Instructions>,
}

/// The verdict of a comparison (see the book's "How zenbench decides").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict {
    /// The CI lies entirely below −noise threshold.
    Faster,
    /// The CI lies entirely above +noise threshold.
    Slower,
    /// The CI lies entirely within ±noise threshold.
    Same,
    /// The CI straddles a threshold: more rounds may settle it.
    Uncertain,
}

/// A paired comparison of a candidate against its group's baseline.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Comparison {
    /// The baseline's row name.
    pub baseline: String,
    /// The candidate's row name.
    pub candidate: String,
    /// Mean per-round difference as % of the baseline mean.
    pub pct_change: f64,
    /// Lower bound of the 95% CI of `pct_change`.
    pub ci_lower_pct: f64,
    /// Upper bound of the 95% CI of `pct_change`.
    pub ci_upper_pct: f64,
    /// The CI excludes zero.
    pub significant: bool,
    /// What the CI says against the noise threshold.
    pub verdict: Verdict,
    /// Effect size of the paired differences (Cohen's d_z).
    pub cohens_d: Option<f64>,
    /// Two-sided p-value of the Wilcoxon signed-rank test.
    pub wilcoxon_p: Option<f64>,
    /// Spearman correlation of the differences with round order (drift).
    pub drift_r: Option<f64>,
    /// Paired rounds used.
    pub n: usize,
    /// Rounds dropped by the Tukey fences.
    pub outliers_removed: usize,
    /// The CI said `faster` or `slower`, but the change, in nanoseconds, is
    /// within the pair's timer floor, too small to tell from the timer's own
    /// error; or both rows are [`BenchResult::below_floor`]: the verdict is
    /// `uncertain` instead.
    pub below_floor: bool,
    /// Why the CI is withheld (`null` bounds, not `significant`, verdict
    /// `uncertain`): too few paired rounds for one. `None` otherwise.
    pub no_ci: Option<NoCi>,
    /// The smallest change this comparison could have told from zero,
    /// percent: see [`min_detectable_pct`]. `None` without a CI.
    pub min_detectable_pct: Option<f64>,
}

/// The smallest change an interval `[lower, upper]` around `estimate`
/// could have told from zero, percent: the larger of its two halves (the
/// estimate to each bound). An interval this wide excludes zero only when
/// the estimate is at least that far from it, so a change smaller than
/// this may be in the data and go uncalled: `same` or `unchanged` means
/// "within the band", never "nothing smaller than this was missed".
/// `None` when a bound is not finite.
///
/// ```
/// use zenbench::result::min_detectable_pct;
/// assert_eq!(min_detectable_pct(2.0, 0.5, 4.5), Some(2.5));
/// assert_eq!(min_detectable_pct(1.0, f64::NAN, 2.0), None);
/// ```
pub fn min_detectable_pct(estimate: f64, lower: f64, upper: f64) -> Option<f64> {
    let widest = (estimate - lower).max(upper - estimate);
    (estimate.is_finite() && lower.is_finite() && upper.is_finite()).then_some(widest.max(0.0))
}

/// One point of a thread-scaling sweep.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ScalingPoint {
    /// Threads.
    pub threads: usize,
    /// Items (from `bytes`/`elements`, else iterations) per second over all threads.
    pub throughput_per_s: f64,
    /// Lower bound of its 95% CI (from the mean time's).
    pub throughput_lower_per_s: f64,
    /// Upper bound of its 95% CI.
    pub throughput_upper_per_s: f64,
    /// Throughput relative to the fewest threads (NaN, `null` in JSON,
    /// when a row of the sweep is below the timer's floor).
    pub scaling: f64,
    /// `scaling` per added thread: 1.0 is perfect (NaN as `scaling`).
    pub efficiency: f64,
    /// The best throughput per thread: where to stop adding threads.
    pub sweet_spot: bool,
    /// Throughput fell from the previous count, beyond both CIs.
    pub drop: bool,
    /// More threads than physical cores: SMT siblings share a core.
    pub smt: bool,
}

/// How results of several processes or passes were combined.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Repetition {
    /// Processes measured (that gave a result).
    pub processes: u32,
    /// Passes per process.
    pub passes: u32,
    /// `best`, `mean` or `median`: how the processes (or, in one process,
    /// the passes) were combined; `None` for a single measurement.
    pub aggregation: Option<String>,
    /// How each process combined its passes, when there were several of
    /// both.
    pub pass_aggregation: Option<String>,
    /// Child processes that gave no result (crashed, killed, timed out).
    pub failures: Vec<ProcessFailure>,
}

impl Repetition {
    /// One measurement: one process, one pass.
    pub(crate) fn single() -> Repetition {
        Repetition {
            processes: 1,
            passes: 1,
            aggregation: None,
            pass_aggregation: None,
            failures: Vec::new(),
        }
    }
}

/// A child process that gave no result.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ProcessFailure {
    /// Which child, from 1.
    pub index: u32,
    /// How it ended: `exit code 101`, `signal 6`, `timed out after 60 s`,
    /// `no result`.
    pub status: String,
    /// The last line it wrote on stderr, when any.
    pub message: Option<String>,
}

/// 64-bit FNV-1a of `s`: a hash that is stable across builds and platforms
/// (std's hasher is not).
pub(crate) fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl SuiteResult {
    /// True when any benchmark (a complexity bench's rung among them), or
    /// any child process, failed.
    pub fn any_failed(&self) -> bool {
        !self.repetition.failures.is_empty()
            || self.complexity.iter().any(ComplexityResult::crashed)
            || self
                .groups
                .iter()
                .any(|g| g.benchmarks.iter().any(|b| b.failed))
    }

    /// The JSON of `--format json` (per-round samples left out).
    ///
    /// ```
    /// let mut suite = zenbench::Suite::new();
    /// suite.bench("add", |b| b.iter(|| 1 + 1));
    /// let json = suite.run(&zenbench::Options::default()).unwrap().to_json();
    /// let back = zenbench::SuiteResult::from_json(&json).unwrap();
    /// assert_eq!(back.groups[0].benchmarks[0].name, "add");
    /// ```
    pub fn to_json(&self) -> String {
        json::json(self)
    }

    /// Reads a result from its JSON (a `--format json` report, a saved
    /// baseline, a line of `--format json --compact`). Unknown fields are
    /// skipped; the error is one line naming what is wrong. With the
    /// `serde` feature the result types also implement serde's
    /// `Serialize` and `Deserialize`, through this JSON.
    // Inline: only a program that reads results compiles the reader.
    #[inline]
    pub fn from_json(text: &str) -> Result<SuiteResult, crate::model::json::JsonError> {
        json::from_json(text)
    }

    /// The JSON with every bench's per-round samples (`samples_ns`), for
    /// tools that redo the statistics.
    pub fn to_json_with_samples(&self) -> String {
        json::json_with_samples(self)
    }
}
