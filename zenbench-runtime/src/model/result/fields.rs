//! The result types' JSON: their fields, in declaration order (the JSON
//! follows it), each with its kind (see `model/json`'s `json_structs!`).
//! `GroupConfig`'s list comes from the option table, the worker types' sit
//! beside them.

use super::*;
use crate::model::json::{json_structs, json_unit_enums};

json_structs! {
    SuiteResult {
        schema_version: schema_version, run_id, timestamp, git_hash, git_dirty: default, zenbench_version, mode,
        seed, testbed, timer, loop_overhead_ns: nan, groups, repetition, complexity,
        wall_time_s: nan, calibration: default, startup: default_skip_none, against: default,
        partition: default_skip_none, merged: default_skip_none,
        self_compare: default_skip_none,
    }
    Merged { files, forced: default_skip_empty }
    SelfCompare { reference, duet: default, duet_cpus: default_skip_empty, build_s: nan }
    Startup {
        timer_s: nan, loop_overhead_s: nan, calibration_s: nan, alloc_overhead_s: nan,
        gate_s: nan,
    }
    Calibration {
        int_gops: nan, mem_bandwidth_gbs: nan, mem_latency_ns: nan, duration_ms: nan,
    }
    Testbed {
        cpu_model, arch, os, logical_cores, physical_cores,
        l1d_bytes: default, l2_bytes: default, l3_bytes: default, rustc: default, id: default,
    }
    TimerInfo { kind, resolution_ns: nan }
    GroupResult {
        name, rounds, iterations_per_sample, baseline, benchmarks, comparisons, scaling, config,
        stop_reason, wall_time_s: nan,
        gate: default_skip_none, phases: default_skip_none,
    }
    Phases {
        estimate_s: nan, warmup_s: nan, measure_s: nan, checks_s: nan, analysis_s: nan,
    }
    GateReport {
        rounds_delayed, waits, waited_s: nan, last_reason, rounds_under_load: default,
        sustained_load: default_skip_none,
    }
    SummaryNs {
        n, min_ns: nan, max_ns: nan, mean_ns: nan, median_ns: nan, mad_ns: nan, stddev_ns: nan,
    }
    CiNs { lower_ns: nan, upper_ns: nan, level: nan }
    ThroughputResult { kind, per_iteration, per_second: nan }
    AllocResult { allocs: nan, deallocs: nan, reallocs: nan, bytes: nan }
    ProcessSpread { min_ns: nan, max_ns: nan, cv: nan, processes: default }
    BenchResult {
        name, full_name, threads, arg, iterations_per_sample, summary, mean_ci,
        no_ci: default_skip_none, cold_start_ns, cold: default_skip_none,
        slope_ns, throughput, failed, error, alloc, process_spread,
        resolved_by: default_skip_none, floor_ns: default_skip_none, below_floor: default,
        samples_ns: samples, instructions: default_skip_none,
    }
    Comparison {
        baseline, candidate, pct_change: nan, ci_lower_pct: nan, ci_upper_pct: nan, significant,
        verdict, cohens_d, wilcoxon_p, drift_r, n, outliers_removed, below_floor: default,
        no_ci: default_skip_none, min_detectable_pct: default_skip_none,
    }
    ScalingPoint {
        threads, throughput_per_s: nan, throughput_lower_per_s: nan, throughput_upper_per_s: nan,
        scaling: nan, efficiency: nan, sweet_spot: default, drop: default, smt: default,
    }
    Repetition {
        processes, passes, aggregation, pass_aggregation: default_skip_none,
        failures: default_skip_empty,
    }
    ProcessFailure { index, status, message: default_skip_none }
    ComplexityRung {
        n, per_call_ns: nan, min_ns: nan, max_ns: nan, trials: default, trials_ns: default,
        repeats, total_ns: nan,
        ratio: nan, trimmed, below_floor, probe: default, status, message: default_skip_none,
    }
    ModelFit { model, spread: nan }
    Instructions {
        per_iter: nan, l1_misses: nan, ll_misses: nan, est_cycles: nan, iters,
        vs_baseline_pct: default_skip_none, verdict: default_skip_none,
    }
    CostStep { from_n, to_n, factor: nan }
    ComplexityResult {
        name, declared, cache: default, rungs, beta: nan, beta_ci, c_min: nan, c_max: nan,
        fallback: default, c_change: default_skip_none, verdict, spawn_floor_ns: nan,
        best_fit: default, best_fit_decisive: default, fits: default, step: default_skip_none,
        stopped: default, options: default, enforced: default, wall_time_s: nan,
    }
    AgainstEntry {
        full_name, old_mean_ns: nan, new_mean_ns: nan, pct_change: nan, ci_lower_pct: nan,
        ci_upper_pct: nan, verdict, below_floor: default, run_noise_pct: nan, metric: default,
        min_detectable_pct: default_skip_none,
    }
    Against {
        baseline, cross_testbed, testbed_differences: default, enforced, max_regression_pct: nan,
        level: nan, noise_pct: nan, old_timestamp: default, old_git_hash: default,
        notes: default_skip_empty, entries,
        only_old, only_new, confirmation: default_skip_none,
    }
    Confirmation { processes, measured, first_regressions, regressions }
}

json_unit_enums! {
    RunMode { Bench = "bench", Test = "test" }
    TimerKind { Tsc = "tsc", Os = "os" }
    StopReason {
        Converged = "converged", MaxTime = "max_time", MaxRounds = "max_rounds",
        Floor = "floor", Smoke = "smoke", Failed = "failed",
    }
    Resolution { Comparison = "comparison", Precision = "precision", Floor = "floor" }
    NoCi { TooFewRounds = "too_few_rounds" }
    Verdict { Faster = "faster", Slower = "slower", Same = "same", Uncertain = "uncertain" }
    ChangeVerdict {
        Regression = "regression", Improved = "improved", Unchanged = "unchanged",
        Uncertain = "uncertain",
    }
}
