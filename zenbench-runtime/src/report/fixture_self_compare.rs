//! A self-compare result for the report tests.

use super::{against_entry, bench, cmp, config, failed, suite};
use crate::model::result::*;

/// A pair of self-compare: benchmark `name`, its `old` and `new` rows and
/// their paired comparison.
fn pair(name: &str, old: f64, new: f64, ci: (f64, f64), verdict: Verdict) -> GroupResult {
    GroupResult {
        gate: None,
        phases: None,
        name: name.to_string(),
        rounds: 60,
        iterations_per_sample: 1000,
        baseline: "old".to_string(),
        benchmarks: vec![bench(name, "old", old, 0.01), bench(name, "new", new, 0.01)],
        comparisons: vec![cmp(
            "old",
            "new",
            (new / old - 1.0) * 100.0,
            ci.0,
            ci.1,
            verdict,
            0.3,
            0.02,
        )],
        scaling: None,
        config: config(30),
        stop_reason: StopReason::Converged,
        wall_time_s: 0.8,
    }
}

/// `zenbench self-compare --ref HEAD~1`: `steady` unchanged, `target` a
/// regression, `flaky` failed in the new build, `removed` only in the old.
pub(crate) fn self_compare_suite() -> SuiteResult {
    let mut flaky = pair("flaky", 50.0, 0.0, (0.0, 0.0), Verdict::Uncertain);
    flaky.benchmarks[1] = failed("flaky", "new", "assertion failed: ok\nat src/lib.rs:3");
    flaky.comparisons.clear();
    let groups = vec![
        pair("steady", 2412.0, 2417.0, (-0.48, 0.62), Verdict::Same),
        pair("target", 2424.0, 4851.0, (98.1, 102.3), Verdict::Slower),
        flaky,
    ];
    let mut r = suite(RunMode::Bench, groups);
    r.complexity.clear();
    r.repetition.processes = 1;
    r.repetition.aggregation = None;
    r.calibration = None;
    r.wall_time_s = 3.2;
    r.git_dirty = Some(true);
    let entry = |name: &str, old: f64, new: f64, ci: (f64, f64), verdict| {
        against_entry(name, [old, new], ci, verdict, 0.0)
    };
    r.against = Some(Against {
        baseline: "7301d71c7528 (HEAD~1)".to_string(),
        cross_testbed: false,
        testbed_differences: Vec::new(),
        enforced: true,
        max_regression_pct: 5.0,
        level: 0.95,
        noise_pct: 0.0,
        old_timestamp: String::new(),
        old_git_hash: Some("7301d71c7528e0f1a2b3".to_string()),
        notes: vec![
            "the working tree has uncommitted changes: it is compared as it is".to_string(),
            "flaky failed in one of the builds".to_string(),
        ],
        entries: vec![
            entry(
                "steady",
                2412.0,
                2417.0,
                (-0.48, 0.62),
                ChangeVerdict::Unchanged,
            ),
            entry(
                "target",
                2424.0,
                4851.0,
                (98.1, 102.3),
                ChangeVerdict::Regression,
            ),
        ],
        only_old: vec!["removed".to_string()],
        only_new: Vec::new(),
        confirmation: None,
    });
    let sc = SelfCompare {
        reference: "HEAD~1".to_string(),
        duet: false,
        duet_cpus: Vec::new(),
        build_s: 41.5,
    };
    r.self_compare = Some(sc);
    r
}
