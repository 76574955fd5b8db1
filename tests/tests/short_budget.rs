//! A budget cut short: rows with too few rounds for a CI show none, and no
//! verdict, and say why, in the report and in the JSON.

use zenbench_tests::{groups, measure_json, measuring, run};

const SUITE: &str = env!("CARGO_BIN_EXE_fixture_suite");

/// The fewest rounds a CI needs (`zenbench_stats::MIN_ROUNDS_FOR_CI`).
const MIN_ROUNDS_FOR_CI: u64 = 6;

#[test]
fn a_budget_cut_short_gives_no_ci_and_no_verdict_and_says_why() {
    let _m = measuring();
    // A compared pair's samples last 1 ms each: a 1 ms budget ends it
    // after its first round.
    let v = measure_json(SUITE, "0.001", &["pair/"]);
    let g = &groups(&v)[0];
    let rounds = g["rounds"].as_u64().unwrap();
    assert!(rounds < MIN_ROUNDS_FOR_CI, "{g}");
    assert_eq!(g["stop_reason"], "max_time");
    for b in g["benchmarks"].as_array().unwrap() {
        assert_eq!(b["summary"]["n"], rounds, "{b}");
        assert!(b["mean_ci"].is_null(), "{b}");
        assert_eq!(b["no_ci"], "too_few_rounds", "{b}");
    }
    let c = &g["comparisons"][0];
    assert_eq!(c["candidate"], "double");
    assert_eq!(c["no_ci"], "too_few_rounds", "{c}");
    assert!(
        c["ci_lower_pct"].is_null() && c["ci_upper_pct"].is_null(),
        "{c}"
    );
    assert_eq!(
        (&c["verdict"], &c["significant"]),
        (&"uncertain".into(), &false.into())
    );

    let r = run(SUITE, &["--bench", "--max-time", "0.001", "pair/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let row = r
        .stderr
        .lines()
        .find(|l| l.contains("└─ double"))
        .unwrap_or_else(|| panic!("{}", r.stderr));
    for word in ["slower", "faster", "same", "uncertain", "%"] {
        assert!(!row.contains(word), "`{word}` in {row}");
    }
    assert!(
        r.stderr.contains("no CI, no verdict: under 6 rounds"),
        "{}",
        r.stderr
    );
}
