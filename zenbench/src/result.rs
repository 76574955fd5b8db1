//! `SuiteResult`: the boundary between measuring and reporting (DESIGN §1, §4).
//!
//! Everything after the engine reads only these types. They serialise to the
//! JSON of DESIGN §4 (`schema_version` 1); fields may be added, never renamed.

use serde::{Deserialize, Serialize};

/// The JSON schema version written in every result.
pub const SCHEMA_VERSION: u32 = 1;

/// The result of one run of a bench binary.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SuiteResult {
    pub schema_version: u32,
    /// Unique id of this run.
    pub run_id: String,
    /// Start time, RFC 3339 UTC.
    pub timestamp: String,
    /// `git rev-parse HEAD` of the working directory, when available.
    pub git_hash: Option<String>,
    pub zenbench_version: String,
    /// `bench` (measured) or `test` (each benchmark run once as a smoke test).
    pub mode: RunMode,
    /// Seed of the round shuffles and the bootstrap.
    pub seed: u64,
    pub testbed: Testbed,
    pub timer: TimerInfo,
    /// Cost of the empty timed loop per iteration, subtracted from samples.
    pub loop_overhead_ns: f64,
    pub groups: Vec<GroupResult>,
    pub repetition: Repetition,
    pub complexity: Vec<ComplexityResult>,
    /// Wall time of the whole run, seconds.
    pub wall_time_s: f64,
    /// Machine-speed probes taken at the start of a measured run.
    #[serde(default)]
    pub calibration: Option<Calibration>,
}

/// Calibration workloads run at start-up (see the book's sample chapter).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
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
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RunMode {
    Bench,
    Test,
}

/// What machine ran the benchmarks.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct Testbed {
    pub cpu_model: String,
    pub arch: String,
    pub os: String,
    pub logical_cores: usize,
    pub physical_cores: usize,
    /// Cache sizes of CPU 0 in bytes, when the OS tells.
    #[serde(default)]
    pub l1d_bytes: Option<u64>,
    #[serde(default)]
    pub l2_bytes: Option<u64>,
    #[serde(default)]
    pub l3_bytes: Option<u64>,
}

/// Which clock timed the samples.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TimerKind {
    Tsc,
    Os,
}

/// The timer and its measured resolution.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TimerInfo {
    pub kind: TimerKind,
    pub resolution_ns: f64,
}

/// Why a group stopped measuring.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// Every comparison (or every mean CI) was resolved.
    Converged,
    /// The group's time budget ran out.
    MaxTime,
    /// `max_rounds` was reached.
    MaxRounds,
    /// Smoke test: one iteration each.
    Smoke,
    /// Every benchmark of the group failed.
    Failed,
}

pub use crate::define::table::GroupConfig;

/// One comparison group.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct GroupResult {
    pub name: String,
    /// Rounds measured (warm-up excluded).
    pub rounds: u64,
    /// Iterations per sample of the baseline (shared by compared benches).
    pub iterations_per_sample: u64,
    /// Name of the baseline bench.
    pub baseline: String,
    pub benchmarks: Vec<BenchResult>,
    pub comparisons: Vec<Comparison>,
    pub scaling: Option<Vec<ScalingPoint>>,
    pub config: GroupConfig,
    pub stop_reason: StopReason,
    /// Wall time spent on this group, seconds.
    pub wall_time_s: f64,
    /// Rounds the resource gate held back (absent when none was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<GateReport>,
}

/// What the resource gate did during a group.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct GateReport {
    /// Rounds held back at least once (or run on a busy machine after waiting).
    pub rounds_delayed: u64,
    /// Sleeps taken while waiting for a quieter machine.
    pub waits: u64,
    /// Time spent waiting, seconds.
    pub waited_s: f64,
    /// Why it last waited (busy CPU, a heavy process, low memory, heat).
    pub last_reason: Option<String>,
}

/// Descriptive statistics of per-iteration times, nanoseconds.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SummaryNs {
    pub n: usize,
    pub min_ns: f64,
    pub max_ns: f64,
    pub mean_ns: f64,
    pub median_ns: f64,
    pub mad_ns: f64,
    pub stddev_ns: f64,
}

/// A confidence interval in nanoseconds.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CiNs {
    pub lower_ns: f64,
    pub upper_ns: f64,
    pub level: f64,
}

/// Throughput of a bench.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ThroughputResult {
    /// `bytes` or `elements`.
    pub kind: String,
    /// Bytes or elements per iteration.
    pub per_iteration: u64,
    /// Bytes or elements per second at the mean time.
    pub per_second: f64,
}

/// Allocations per iteration (when profiled).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AllocResult {
    pub allocs: f64,
    pub deallocs: f64,
    pub reallocs: f64,
    pub bytes: f64,
}

/// Spread of a bench's mean over several processes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ProcessSpread {
    pub min_ns: f64,
    pub max_ns: f64,
    pub cv: f64,
}

/// One benchmark row.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct BenchResult {
    pub name: String,
    /// `group/name`, what filters match.
    pub full_name: String,
    pub threads: usize,
    pub arg: Option<String>,
    /// Iterations per sample this bench ran with.
    pub iterations_per_sample: u64,
    pub summary: Option<SummaryNs>,
    pub mean_ci: Option<CiNs>,
    /// The first single-iteration call of the benchmark, before any warm-up.
    pub cold_start_ns: Option<f64>,
    /// With `cold_start`: single iterations, each behind the cache firewall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cold: Option<SummaryNs>,
    /// With `linear_sampling`: OLS slope of sample time on iteration count.
    pub slope_ns: Option<f64>,
    pub throughput: Option<ThroughputResult>,
    pub failed: bool,
    /// The panic message, when `failed`.
    pub error: Option<String>,
    pub alloc: Option<AllocResult>,
    pub process_spread: Option<ProcessSpread>,
    /// Per-round samples (ns per iteration), in round order. Not part of
    /// the default JSON report; kept for multi-process aggregation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub samples_ns: Vec<f64>,
}

/// The verdict words of DESIGN §4.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Faster,
    Slower,
    Same,
    Uncertain,
}

/// A paired comparison of a candidate against its group's baseline.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Comparison {
    pub baseline: String,
    pub candidate: String,
    /// Mean per-round difference as % of the baseline mean.
    pub pct_change: f64,
    pub ci_lower_pct: f64,
    pub ci_upper_pct: f64,
    /// The CI excludes zero.
    pub significant: bool,
    pub verdict: Verdict,
    pub cohens_d: Option<f64>,
    pub wilcoxon_p: Option<f64>,
    pub drift_r: Option<f64>,
    /// Paired rounds used.
    pub n: usize,
    pub outliers_removed: usize,
}

/// One point of a thread-scaling sweep.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ScalingPoint {
    pub threads: usize,
    pub throughput_per_s: f64,
    pub scaling: f64,
    pub efficiency: f64,
}

/// How results of several processes or passes were combined.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Repetition {
    pub processes: u32,
    pub passes: u32,
    pub aggregation: Option<String>,
}

/// One rung of a complexity ladder.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ComplexityRung {
    pub n: u64,
    pub per_call_ns: f64,
    pub repeats: u64,
    pub trimmed: bool,
    pub below_floor: bool,
}

/// An empirical complexity verdict.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ComplexityResult {
    pub name: String,
    pub declared: String,
    pub rungs: Vec<ComplexityRung>,
    pub beta: f64,
    pub beta_ci: (f64, f64),
    pub verdict: String,
    pub spawn_floor_ns: f64,
}

impl SuiteResult {
    /// True when any benchmark failed.
    pub fn any_failed(&self) -> bool {
        self.groups
            .iter()
            .any(|g| g.benchmarks.iter().any(|b| b.failed))
    }
}
