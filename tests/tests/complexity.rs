//! End-to-end: complexity benches of known growth over short ladders, one
//! fresh worker per rung (`fixtures/complexity.rs`).

use serde_json::Value;
use std::time::Duration;
use zenbench_tests::{measuring, run, run_within};

const EXE: &str = env!("CARGO_BIN_EXE_fixture_complexity");

fn by_name<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["complexity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no complexity result {name}"))
}

fn rungs(c: &Value) -> &Vec<Value> {
    c["rungs"].as_array().unwrap()
}

/// The benches of `names` whose verdict or best fit is not the expected
/// one, each as a line saying what it read.
fn misread(json: &Value, expect: &[(&str, &str, &str)], names: &[&str]) -> Vec<String> {
    let mut wrong = Vec::new();
    for &(name, verdict, best) in expect.iter().filter(|e| names.contains(&e.0)) {
        let c = by_name(json, name);
        if c["verdict"] != verdict || c["best_fit"] != best {
            wrong.push(format!(
                "{name}: {} best fit {} (β {} {}, C changes {})",
                c["verdict"], c["best_fit"], c["beta"], c["beta_ci"], c["c_change"]
            ));
        }
    }
    wrong
}

fn complexity_run(names: &[&str]) -> (Value, String) {
    let mut args = vec![
        "--bench",
        "--complexity-only",
        "--format",
        "json",
        "--exact",
    ];
    args.extend(names);
    let r = run_within(EXE, &args, Duration::from_secs(600));
    assert_eq!(r.code, 0, "{}", r.stderr);
    (r.json(), r.stderr)
}

#[test]
fn each_true_model_holds_and_one_class_too_low_grows_faster() {
    let _m = measuring();
    let expect = [
        ("constant", "holds", "1"),
        ("linear", "holds", "n"),
        ("linear_as_log", "grows_faster", "n"),
        ("sort", "holds", "n log n"),
        ("sort_as_linear", "grows_faster", "n log n"),
        ("quadratic", "holds", "n^2"),
        ("quadratic_as_nlogn", "grows_faster", "n^2"),
        ("exponential", "holds", "2^n"),
        ("exponential_as_cubic", "grows_faster", "2^n"),
    ];
    let names: Vec<&str> = expect.iter().map(|e| e.0).collect();
    let (json, stderr) = complexity_run(&names);
    assert!(
        json["groups"].as_array().unwrap().is_empty(),
        "--complexity-only"
    );
    for name in &names {
        let c = by_name(&json, name);
        assert!(c["spawn_floor_ns"].as_f64().unwrap() > 0.0);
        assert_eq!(c["cache"], "warm");
        assert_eq!(c["c_change"].is_number(), c["fallback"] == true, "{name}");
        for rung in rungs(c) {
            for key in [
                "n",
                "per_call_ns",
                "repeats",
                "trimmed",
                "below_floor",
                "status",
                "ratio",
            ] {
                assert!(rung.get(key).is_some(), "{name}: {key} in {rung}");
            }
        }
        let trimmed = rungs(c).iter().filter(|x| x["trimmed"] == true).count();
        assert!(trimmed >= 1, "{name}: the first rungs are warm-up");
    }
    // A busy machine can slow a whole rung (a worker of its own, timed once)
    // and leave an interval too wide to call: a bench read wrong is measured
    // once more, alone, and must read right then. A wrong fit reads wrong
    // both times.
    let wrong = misread(&json, &expect, &names);
    if !wrong.is_empty() {
        eprintln!("read wrong once, measured again: {wrong:?}");
        let again: Vec<&str> = wrong.iter().map(|w| w.split(':').next().unwrap()).collect();
        let (json2, stderr2) = complexity_run(&again);
        let still = misread(&json2, &expect, &again);
        assert!(
            still.is_empty(),
            "wrong verdicts: first {wrong:?}, again {still:?}\n{stderr}\n{stderr2}"
        );
    }

    // The exponential ladder: doubling probes, the probe past the cap
    // killed, then a sweep by one; probes stay out of the fit.
    let exp = by_name(&json, "exponential");
    let probes: Vec<u64> = rungs(exp)
        .iter()
        .filter(|x| x["probe"] == true)
        .map(|x| x["n"].as_u64().unwrap())
        .collect();
    assert_eq!(probes, [1, 2, 4, 8, 16, 32]);
    let killed = rungs(exp).iter().find(|x| x["n"] == 32).unwrap();
    assert_eq!(killed["status"], "timed_out", "{killed}");
    let swept: Vec<u64> = rungs(exp)
        .iter()
        .filter(|x| x["probe"] == false)
        .map(|x| x["n"].as_u64().unwrap())
        .collect();
    assert!(swept.len() >= 6, "{swept:?}");
    assert!(swept.windows(2).all(|w| w[1] == w[0] + 1), "{swept:?}");
    assert_eq!(swept[0], 17);
    assert_eq!(exp["fallback"], true);
    // A polynomial ladder doubles to its ceiling (or to the cap, in a slow
    // build), every rung finished.
    let quadratic = by_name(&json, "quadratic");
    let sizes: Vec<u64> = rungs(quadratic)
        .iter()
        .map(|x| x["n"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes[..4], [128, 256, 512, 1024]);
    assert!(rungs(quadratic).iter().all(|x| x["status"] == "ok"));
    let stopped = quadratic["stopped"].as_str().unwrap();
    assert!(stopped == "ceiling" || stopped == "cap", "{stopped}");
}

#[test]
fn a_rung_past_the_cap_is_killed_and_a_crashing_rung_fails_the_run() {
    let _m = measuring();
    let args = [
        "--bench",
        "--complexity-only",
        "--format",
        "json",
        "--exact",
        "sleeper",
        "crasher",
    ];
    let r = run_within(EXE, &args, Duration::from_secs(120));
    assert_eq!(r.code, 1, "a crashed rung is a failed bench: {}", r.stderr);
    let json = r.json();
    let sleeper = by_name(&json, "sleeper");
    let killed = rungs(sleeper).iter().find(|x| x["n"] == 8).unwrap();
    assert_eq!(killed["status"], "timed_out");
    assert!(
        killed["message"]
            .as_str()
            .unwrap()
            .starts_with("killed after"),
        "{killed}"
    );
    assert_eq!(sleeper["stopped"], "timed_out");
    // Nothing past the killed rung's octave is tried.
    assert!(rungs(sleeper).iter().all(|x| x["n"].as_u64().unwrap() <= 8));
    let crasher = by_name(&json, "crasher");
    let crashed = rungs(crasher).last().unwrap();
    assert_eq!(
        (crashed["n"].as_u64(), crashed["status"].as_str()),
        (Some(16), Some("crashed"))
    );
    assert!(
        crashed["message"]
            .as_str()
            .unwrap()
            .contains("n = 16 is too many"),
        "{crashed}"
    );
    assert_eq!(crasher["stopped"], "crashed");
}

#[test]
fn fail_on_complexity_turns_a_wrong_model_into_exit_code_1() {
    let _m = measuring();
    let base = ["--bench", "--complexity-only", "--exact", "linear_as_log"];
    let r = run_within(EXE, &base, Duration::from_secs(120));
    assert_eq!(
        r.code, 0,
        "a verdict alone does not fail the run: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("grows faster than O(log n)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("per-spawn floor: "), "{}", r.stderr);
    let mut args = base.to_vec();
    args.push("--fail-on-complexity");
    let r = run_within(EXE, &args, Duration::from_secs(120));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: `linear_as_log` grows faster than its declared O(log n) (--fail-on-complexity)"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn cold_mode_times_one_call_per_worker_and_marks_what_is_under_the_floor() {
    let _m = measuring();
    let args = [
        "--bench",
        "--complexity-only",
        "--format",
        "json",
        "--exact",
        "linear",
        "--cache-mode",
        "cold",
        "--param-ceiling",
        "4096",
    ];
    let r = run_within(EXE, &args, Duration::from_secs(120));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = r.json();
    let c = by_name(&json, "linear");
    assert_eq!(c["cache"], "cold");
    assert_eq!(c["options"]["ceiling"], 4096);
    assert!(rungs(c).iter().all(|x| x["repeats"] == 1));
    // A call of a few µs is far under ten spawns: nothing to fit.
    assert!(rungs(c).iter().all(|x| x["below_floor"] == true));
    assert_eq!(c["verdict"], "inconclusive");
}

#[test]
fn a_smoke_run_calls_each_complexity_bench_once_at_its_floor() {
    let r = run(EXE, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for name in [
        "constant",
        "sort",
        "exponential",
        "sleeper",
        "crasher",
        "plain",
    ] {
        assert!(
            r.stderr.contains(&format!("test {name} ... ok")),
            "{name}: {}",
            r.stderr
        );
    }
    // The same under the watchdog, where a worker knows them as ladders.
    let watched = run(EXE, &["--bench-timeout", "30"]);
    assert_eq!(watched.code, 0, "{}", watched.stderr);
    assert!(
        watched.stderr.contains("12 passed; 0 failed"),
        "{}",
        watched.stderr
    );
    let r = run(EXE, &["--list"]);
    assert!(r.stdout.contains("sort: benchmark"), "{}", r.stdout);
    assert!(r.stdout.contains("plain: benchmark"), "{}", r.stdout);
    let r = run(EXE, &["--list", "--complexity-only"]);
    assert!(
        r.stdout.contains("sort: benchmark") && !r.stdout.contains("plain"),
        "{}",
        r.stdout
    );
    // --complexity-only in a smoke run: the complexity benches alone.
    let r = run(EXE, &["--complexity-only"]);
    assert!(!r.stderr.contains("test plain"), "{}", r.stderr);
    assert!(r.stderr.contains("test sort ... ok"), "{}", r.stderr);
}

#[test]
fn bad_ladder_settings_are_one_line_errors_with_exit_code_2() {
    for (args, message) in [
        (
            vec!["--bench", "--param-floor", "100", "--param-ceiling", "10"],
            "error: `--param-ceiling` (10) is below `--param-floor` (100)",
        ),
        (
            // The flag's floor over the attribute's ceiling (2^16).
            vec!["--bench", "--param-floor", "100000", "--exact", "linear"],
            "error: complexity bench `linear`: its floor (100000) is above its ceiling (65536)",
        ),
        (
            vec!["--cache-mode", "tepid"],
            "error: invalid value `tepid` for `--cache-mode`: expected warm or cold",
        ),
        (
            vec!["--slope-tolerance", "-1"],
            "error: invalid value `-1` for `--slope-tolerance`: expected a finite number > 0",
        ),
    ] {
        let r = run(EXE, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.trim_end(), message, "{args:?}");
    }
}
