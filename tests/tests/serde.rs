//! The `serde` feature: a real run's result goes through serde (here
//! serde_json) and back to the same value that zenbench's own JSON reads,
//! and serde writes the JSON zenbench writes.

use zenbench::SuiteResult;
use zenbench_tests::{measuring, run};

const SUITE: &str = env!("CARGO_BIN_EXE_fixture_suite");

#[test]
fn a_result_travels_through_serde_as_through_its_own_json() {
    let _m = measuring();
    let r = run(
        SUITE,
        &[
            "--bench",
            "--format",
            "json",
            "--max-time",
            "0.05",
            "--seed",
            "3",
            "^sort/",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let own = SuiteResult::from_json(&r.stdout).expect("zenbench reads its JSON");
    assert_eq!(own.groups.len(), 1);
    assert!(!own.groups[0].benchmarks.is_empty());

    // Compared as text: a result may hold NaN, which equals nothing.
    let text = |r: &SuiteResult| r.to_json_with_samples();
    let via_serde: SuiteResult = serde_json::from_str(&r.stdout).expect("serde reads it");
    assert_eq!(text(&via_serde), text(&own));

    // serde writes what zenbench writes: the same JSON document.
    let written = serde_json::to_value(&own).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&own.to_json()).unwrap();
    assert_eq!(written, expected);
    let back: SuiteResult = serde_json::from_value(written).unwrap();
    assert_eq!(text(&back), text(&own));

    // A broken field is one line naming it, through serde too.
    let broken = r
        .stdout
        .replacen("\"rounds\":", "\"rounds\": \"many\", \"x\":", 1);
    let own_err = SuiteResult::from_json(&broken).unwrap_err().to_string();
    assert_eq!(own_err, "`rounds` must be a whole number");
    let serde_err = serde_json::from_str::<SuiteResult>(&broken)
        .unwrap_err()
        .to_string();
    assert!(
        serde_err.contains("`rounds` must be a whole number"),
        "{serde_err}"
    );
}
