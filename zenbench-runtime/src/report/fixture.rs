//! Hand-built, realistic `SuiteResult`s shared by the report tests.

use crate::model::result::*;

/// A summary with the given mean and relative spread.
pub(crate) fn summary(mean: f64, cv: f64) -> SummaryNs {
    SummaryNs {
        n: 120,
        min_ns: mean * (1.0 - 2.0 * cv),
        max_ns: mean * (1.0 + 4.0 * cv),
        mean_ns: mean,
        median_ns: mean * (1.0 - 0.2 * cv),
        mad_ns: mean * cv * 0.7,
        stddev_ns: mean * cv,
    }
}

pub(crate) fn bench(group: &str, name: &str, mean: f64, cv: f64) -> BenchResult {
    BenchResult {
        name: name.to_string(),
        full_name: format!("{group}/{name}"),
        threads: 1,
        arg: None,
        iterations_per_sample: 1000,
        summary: Some(summary(mean, cv)),
        no_ci: None,
        mean_ci: Some(CiNs {
            lower_ns: mean * 0.99,
            upper_ns: mean * 1.01,
            level: 0.95,
        }),
        cold_start_ns: None,
        cold: None,
        slope_ns: None,
        throughput: None,
        failed: false,
        error: None,
        alloc: None,
        process_spread: None,
        resolved_by: None,
        floor_ns: None,
        below_floor: false,
        samples_ns: vec![mean; 4],
        instructions: None,
    }
}

pub(crate) fn failed(group: &str, name: &str, msg: &str) -> BenchResult {
    BenchResult {
        summary: None,
        mean_ci: None,
        no_ci: None,
        failed: true,
        error: Some(msg.to_string()),
        samples_ns: Vec::new(),
        ..bench(group, name, 0.0, 0.0)
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "a comparison has this many figures"
)]
pub(crate) fn cmp(
    baseline: &str,
    candidate: &str,
    pct: f64,
    lo: f64,
    hi: f64,
    verdict: Verdict,
    d: f64,
    drift: f64,
) -> Comparison {
    Comparison {
        baseline: baseline.to_string(),
        candidate: candidate.to_string(),
        pct_change: pct,
        ci_lower_pct: lo,
        ci_upper_pct: hi,
        significant: lo > 0.0 || hi < 0.0,
        verdict,
        cohens_d: Some(d),
        wilcoxon_p: Some(0.001),
        drift_r: Some(drift),
        n: 120,
        outliers_removed: 2,
        below_floor: false,
        no_ci: None,
        min_detectable_pct: None,
    }
}

fn config(min_rounds: u64) -> GroupConfig {
    let options = crate::BenchOptions::NONE
        .max_time(5.0)
        .min_rounds(min_rounds)
        .max_rounds(10_000);
    GroupConfig::from_options(options)
}

/// The `sort` group: baseline, faster, slower, same, uncertain (with drift),
/// slower-but-tiny, and a failed bench.
pub(crate) fn sort_group() -> GroupResult {
    let g = "sort";
    GroupResult {
        gate: None,
        phases: None,
        name: g.to_string(),
        rounds: 120,
        iterations_per_sample: 1000,
        baseline: "std_sort".to_string(),
        benchmarks: vec![
            bench(g, "std_sort", 1234.0, 0.01),
            bench(g, "radix", 612.3, 0.013),
            bench(g, "insertion", 2451.0, 0.012),
            bench(g, "shell", 1238.0, 0.01),
            bench(g, "merge", 1256.0, 0.03),
            bench(g, "tim", 1265.0, 0.25),
            failed(
                g,
                "quick",
                "index out of bounds: the len is 3 but the index is 7",
            ),
        ],
        comparisons: vec![
            cmp(
                "std_sort",
                "radix",
                -50.4,
                -51.2,
                -49.6,
                Verdict::Faster,
                -4.2,
                0.05,
            ),
            cmp(
                "std_sort",
                "insertion",
                98.66,
                95.1,
                102.44,
                Verdict::Slower,
                3.1,
                -0.1,
            ),
            cmp(
                "std_sort",
                "shell",
                0.31,
                -0.42,
                0.8,
                Verdict::Same,
                0.02,
                0.1,
            ),
            cmp(
                "std_sort",
                "merge",
                1.8,
                -0.6,
                4.2,
                Verdict::Uncertain,
                0.3,
                0.72,
            ),
            cmp("std_sort", "tim", 2.5, 2.1, 2.9, Verdict::Slower, 0.15, 0.0),
        ],
        scaling: None,
        config: config(30),
        stop_reason: StopReason::Converged,
        wall_time_s: 2.41,
    }
}

/// An `args` group with byte throughput and no comparisons.
pub(crate) fn hash_group() -> GroupResult {
    let g = "hash";
    let row = |len: u64, mean: f64| {
        let mut b = bench(g, &len.to_string(), mean, 0.02);
        b.arg = Some(len.to_string());
        b.throughput = Some(ThroughputResult {
            kind: "bytes".to_string(),
            per_iteration: len,
            per_second: len as f64 / (mean * 1e-9),
        });
        b.alloc = Some(AllocResult {
            allocs: 1.0,
            deallocs: 1.0,
            reallocs: 0.0,
            bytes: len as f64,
        });
        b
    };
    GroupResult {
        gate: None,
        phases: None,
        name: g.to_string(),
        rounds: 200,
        iterations_per_sample: 4096,
        baseline: "64".to_string(),
        benchmarks: vec![row(64, 21.7), row(4096, 880.0), row(65536, 13_900.0)],
        comparisons: Vec::new(),
        scaling: None,
        config: config(30),
        stop_reason: StopReason::MaxTime,
        wall_time_s: 5.02,
    }
}

/// A thread-scaling group with element throughput, run over 3 processes.
pub(crate) fn scaling_group() -> GroupResult {
    let g = "par_work";
    let row = |t: usize, mean: f64| {
        let mut b = bench(g, &format!("t={t}"), mean, 0.04);
        b.threads = t;
        b.throughput = Some(ThroughputResult {
            kind: "elements".to_string(),
            per_iteration: 1000,
            per_second: 1000.0 * t as f64 / (mean * 1e-9),
        });
        b.process_spread = Some(ProcessSpread {
            min_ns: mean * 0.98,
            max_ns: mean * 1.03,
            cv: 0.02,
            processes: 3,
        });
        b.cold_start_ns = Some(mean * 3.0);
        b.slope_ns = Some(mean * 1.01);
        b
    };
    GroupResult {
        gate: None,
        phases: None,
        name: g.to_string(),
        rounds: 60,
        iterations_per_sample: 100,
        baseline: "t=1".to_string(),
        benchmarks: vec![row(1, 81_000.0), row(2, 83_000.0), row(4, 90_000.0)],
        comparisons: Vec::new(),
        scaling: Some(vec![
            ScalingPoint {
                threads: 1,
                throughput_per_s: 12.3e6,
                throughput_lower_per_s: 12.3e6 * 0.99,
                throughput_upper_per_s: 12.3e6 * 1.01,
                scaling: 1.0,
                efficiency: 1.0,
                sweet_spot: false,
                drop: false,
                smt: false,
            },
            ScalingPoint {
                threads: 2,
                throughput_per_s: 24.1e6,
                throughput_lower_per_s: 24.1e6 * 0.99,
                throughput_upper_per_s: 24.1e6 * 1.01,
                scaling: 1.96,
                efficiency: 0.98,
                sweet_spot: true,
                drop: false,
                smt: false,
            },
            ScalingPoint {
                threads: 4,
                throughput_per_s: 44.4e6,
                throughput_lower_per_s: 44.4e6 * 0.99,
                throughput_upper_per_s: 44.4e6 * 1.01,
                scaling: 3.61,
                efficiency: 0.9,
                sweet_spot: false,
                drop: false,
                smt: false,
            },
        ]),
        config: config(30),
        stop_reason: StopReason::Converged,
        wall_time_s: 1.1,
    }
}

/// Sub-nanosecond benches (one optimised away), stopped before min_rounds.
pub(crate) fn tiny_group() -> GroupResult {
    let g = "tiny";
    let mut flat = bench(g, "noop", 0.31, 0.0);
    flat.summary.as_mut().unwrap().stddev_ns = 0.0;
    GroupResult {
        gate: None,
        phases: None,
        name: g.to_string(),
        rounds: 8,
        iterations_per_sample: 1_000_000,
        baseline: "noop".to_string(),
        benchmarks: vec![flat, bench(g, "add", 0.62, 0.08)],
        comparisons: vec![cmp(
            "noop",
            "add",
            100.0,
            90.0,
            110.0,
            Verdict::Slower,
            5.0,
            0.1,
        )],
        scaling: None,
        config: config(10),
        stop_reason: StopReason::MaxTime,
        wall_time_s: 0.4,
    }
}

fn suite(mode: RunMode, groups: Vec<GroupResult>) -> SuiteResult {
    SuiteResult {
        startup: None,
        calibration: Some(crate::model::result::Calibration {
            int_gops: 12.0,
            mem_bandwidth_gbs: 20.0,
            mem_latency_ns: 90.0,
            duration_ms: 60.0,
        }),
        schema_version: SCHEMA_VERSION,
        run_id: "r-20240601-0001".to_string(),
        timestamp: "2024-06-01T12:00:00Z".to_string(),
        git_hash: Some("abc1234".to_string()),
        git_dirty: Some(false),
        zenbench_version: "0.1.0".to_string(),
        mode,
        seed: 42,
        testbed: Testbed {
            cpu_model: "AMD EPYC 7763".to_string(),
            arch: "x86_64".to_string(),
            os: "linux".to_string(),
            logical_cores: 2,
            physical_cores: 1,
            l1d_bytes: Some(32 << 10),
            l2_bytes: Some(1 << 20),
            l3_bytes: Some(32 << 20),
            rustc: Some("rustc 1.89.0 (29483883e 2025-08-04)".to_string()),
            id: String::new(),
        },
        timer: TimerInfo {
            kind: TimerKind::Tsc,
            resolution_ns: 0.3,
        },
        loop_overhead_ns: 0.4,
        groups,
        against: None,
        partition: None,
        merged: None,
        self_compare: None,
        repetition: Repetition {
            processes: 3,
            passes: 1,
            aggregation: Some("best".to_string()),
            pass_aggregation: None,
            failures: Vec::new(),
        },
        complexity: vec![complexity_sort()],
        wall_time_s: 9.93,
    }
}

/// One rung of the complexity fixture.
fn rung(n: u64, per_call_ns: f64, repeats: u64, trimmed: bool) -> ComplexityRung {
    ComplexityRung {
        n,
        per_call_ns,
        min_ns: per_call_ns * 0.98,
        max_ns: per_call_ns * 1.03,
        trials: 3,
        trials_ns: vec![per_call_ns * 0.98, per_call_ns, per_call_ns * 1.03],
        repeats,
        total_ns: per_call_ns * repeats as f64,
        ratio: per_call_ns / (n as f64 * (n as f64).ln()),
        trimmed,
        below_floor: false,
        probe: false,
        status: "ok".to_string(),
        message: None,
    }
}

/// `sort_n`, declared n log n, over three rungs and one killed rung.
fn complexity_sort() -> ComplexityResult {
    let mut killed = rung(8192, f64::NAN, 0, false);
    killed.status = "timed_out".to_string();
    killed.message = Some("killed after 1.5 s (1 call at a cap of 1 s each)".to_string());
    killed.trials = 0;
    killed.trials_ns.clear();
    killed.total_ns = f64::NAN;
    killed.ratio = f64::NAN;
    ComplexityResult {
        name: "sort_n".to_string(),
        declared: "n log n".to_string(),
        cache: "warm".to_string(),
        rungs: vec![
            rung(1024, 21_000.0, 32_768, true),
            rung(2048, 45_500.0, 16_384, false),
            rung(4096, 97_800.0, 8_192, false),
            killed,
        ],
        beta: 1.02,
        beta_ci: (0.97, 1.07),
        c_min: 2.73,
        c_max: 2.94,
        fallback: false,
        c_change: None,
        verdict: "grows_faster".to_string(),
        spawn_floor_ns: 1.2e6,
        best_fit: Some("n^2".to_string()),
        best_fit_decisive: false,
        step: None,
        fits: vec![
            ModelFit {
                model: "n^2".to_string(),
                spread: 0.01,
            },
            ModelFit {
                model: "n log n".to_string(),
                spread: 0.012,
            },
        ],
        stopped: "timed_out".to_string(),
        options: crate::model::table::ComplexityOptions::default(),
        enforced: false,
        wall_time_s: 4.2,
    }
}

/// A measured run: sort, hash (args), par_work (scaling), tiny.
pub(crate) fn bench_suite() -> SuiteResult {
    suite(
        RunMode::Bench,
        vec![sort_group(), hash_group(), scaling_group(), tiny_group()],
    )
}

/// A smoke run: every bench once, no summaries, one failure.
pub(crate) fn smoke_suite() -> SuiteResult {
    let mut groups = vec![sort_group(), hash_group()];
    for g in &mut groups {
        g.rounds = 1;
        g.comparisons.clear();
        g.stop_reason = StopReason::Smoke;
        for b in &mut g.benchmarks {
            b.summary = None;
            b.mean_ci = None;
            b.throughput = None;
            b.alloc = None;
            b.samples_ns.clear();
        }
    }
    let mut s = suite(RunMode::Test, groups);
    s.complexity.clear();
    s.repetition.processes = 1;
    s.repetition.aggregation = None;
    s.wall_time_s = 0.12;
    s
}

/// The entry of `name` against a baseline: `means` old and new, the CI of
/// the change, its verdict and the run-to-run noise allowed for.
pub(crate) fn against_entry(
    name: &str,
    means: [f64; 2],
    ci: (f64, f64),
    verdict: ChangeVerdict,
    run_noise_pct: f64,
) -> AgainstEntry {
    let [old, new] = means;
    AgainstEntry {
        full_name: name.to_string(),
        old_mean_ns: old,
        new_mean_ns: new,
        pct_change: (new / old - 1.0) * 100.0,
        ci_lower_pct: ci.0,
        ci_upper_pct: ci.1,
        verdict,
        below_floor: false,
        run_noise_pct,
        metric: "time".to_string(),
        min_detectable_pct: None,
    }
}

/// [`bench_suite`] compared with a saved baseline `main` (a regression, an
/// improvement, an unchanged and an uncertain bench, one gone, one new),
/// with one child process that gave no result.
pub(crate) fn bench_suite_against() -> SuiteResult {
    let entry = |name: &str, old: f64, new: f64, ci: (f64, f64), verdict| {
        against_entry(name, [old, new], ci, verdict, 1.0)
    };
    let mut r = bench_suite();
    r.against = Some(Against {
        baseline: "main".to_string(),
        cross_testbed: false,
        testbed_differences: Vec::new(),
        enforced: true,
        max_regression_pct: 5.0,
        level: 0.99,
        noise_pct: 1.0,
        old_timestamp: "2024-05-30T09:00:00Z".to_string(),
        old_git_hash: Some("0123456789abcdef".to_string()),
        notes: vec!["compiler changed: rustc 1.88.0 → rustc 1.89.0".to_string()],
        entries: vec![
            entry(
                "sort/std_sort",
                1230.0,
                1234.0,
                (-0.6, 1.2),
                ChangeVerdict::Unchanged,
            ),
            entry(
                "sort/radix",
                700.0,
                612.3,
                (-13.5, -11.6),
                ChangeVerdict::Improved,
            ),
            entry(
                "sort/insertion",
                2200.0,
                2451.0,
                (9.8, 13.1),
                ChangeVerdict::Regression,
            ),
            entry("hash/64", 21.0, 21.7, (0.9, 5.8), ChangeVerdict::Uncertain),
        ],
        only_old: vec!["sort/bubble".to_string()],
        only_new: vec!["tiny/add".to_string()],
        confirmation: None,
    });
    r.repetition.failures.push(ProcessFailure {
        index: 2,
        status: "signal 9".to_string(),
        message: Some("killed: out of memory".to_string()),
    });
    r
}

/// Comparison `a` with each entry's `min_detectable_pct` taken from its
/// CI, and entry `wide`'s CI first widened to ±`half` around its change,
/// which makes it `uncertain`: with `half` above `max_regression_pct`, a
/// verdict that could not have caught a regression of the gate's size.
pub(crate) fn with_min_detectable(a: &mut Against, wide: &str, half: f64) {
    for e in &mut a.entries {
        if e.full_name == wide {
            e.ci_lower_pct = e.pct_change - half;
            e.ci_upper_pct = e.pct_change + half;
            e.verdict = ChangeVerdict::Uncertain;
        }
        e.min_detectable_pct = min_detectable_pct(e.pct_change, e.ci_lower_pct, e.ci_upper_pct);
    }
}

#[path = "fixture_self_compare.rs"]
mod self_compare;
pub(crate) use self_compare::self_compare_suite;
