//! End-to-end: `--<how>-of-processes N` and `--<how>-of-passes N` over
//! `fixture_repeat`.

use std::fs;
use std::path::{Path, PathBuf};
use zenbench_tests::{measuring, run_env, Run};

const FIXTURE: &str = env!("CARGO_BIN_EXE_fixture_repeat");

/// A fresh pid log.
fn log(tag: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("zb-repeat-{tag}-{}.log", std::process::id()));
    let _ = fs::remove_file(&p);
    p
}

/// The fixture measured briefly with `args`, logging pids to `log`.
fn bench(log: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec!["--bench", "--max-time", "0.2", "--format", "json"];
    all.extend_from_slice(args);
    let log = log.to_str().unwrap().to_owned();
    let mut vars = vec![("ZB_PID_LOG", log.as_str())];
    vars.extend_from_slice(env);
    run_env(FIXTURE, &all, &vars)
}

fn roles(log: &Path) -> Vec<(String, u32)> {
    fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| {
            let (role, pid) = l.split_once(' ').unwrap();
            (role.to_owned(), pid.parse().unwrap())
        })
        .collect()
}

fn row(v: &serde_json::Value) -> &serde_json::Value {
    &v["groups"][0]["benchmarks"][0]
}

#[test]
fn best_of_3_processes_runs_exactly_3_children_and_keeps_the_fastest() {
    let _m = measuring();
    let log = log("best");
    let r = bench(&log, &["--best-of-processes=3"], &[("ZB_SLOW_CHILD", "2")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let seen = roles(&log);
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert_eq!(seen[0].0, "parent");
    assert!(seen[1..].iter().all(|(role, _)| role == "child"));
    let mut pids: Vec<u32> = seen.iter().map(|s| s.1).collect();
    pids.sort_unstable();
    pids.dedup();
    assert_eq!(pids.len(), 4, "four distinct processes");
    let v = r.json();
    assert_eq!(v["repetition"]["processes"], 3);
    assert_eq!(v["repetition"]["aggregation"], "best");
    let b = row(&v);
    let spread = &b["process_spread"];
    let (min, max) = (
        spread["min_ns"].as_f64().unwrap(),
        spread["max_ns"].as_f64().unwrap(),
    );
    assert_eq!(
        b["summary"]["mean_ns"].as_f64().unwrap(),
        min,
        "the fastest process"
    );
    assert!(
        max > 2.0 * min,
        "the slow child shows in the spread: {spread}"
    );
    let _ = fs::remove_file(&log);
}

#[test]
fn median_sits_inside_the_spread_and_mean_above_it_with_a_slow_child() {
    let _m = measuring();
    for (flag, check) in [
        ("--median-of-processes=3", "median"),
        ("--mean-of-processes=3", "mean"),
    ] {
        let log = log(check);
        let r = bench(&log, &[flag], &[("ZB_SLOW_CHILD", "2")]);
        assert_eq!(r.code, 0, "{flag}: {}", r.stderr);
        let v = r.json();
        let b = row(&v);
        let mean = b["summary"]["mean_ns"].as_f64().unwrap();
        let (min, max) = (
            b["process_spread"]["min_ns"].as_f64().unwrap(),
            b["process_spread"]["max_ns"].as_f64().unwrap(),
        );
        assert!(min < mean && mean < max, "{flag}: {min} {mean} {max}");
        if check == "median" {
            // Two normal children and one 3× slower: the median is a normal one.
            assert!(mean < 1.5 * min, "{flag}: {min} {mean} {max}");
        } else {
            // The mean of (1, 3, 1)× is 1.67×.
            assert!(mean > 1.4 * min, "{flag}: {min} {mean} {max}");
            let ci = &b["mean_ci"];
            assert!(
                ci["upper_ns"].as_f64().unwrap() > max,
                "a CI from the spread: {ci}"
            );
        }
        let _ = fs::remove_file(&log);
    }
}

#[test]
fn a_crashing_child_is_reported_and_the_rest_aggregate_with_exit_1() {
    let _m = measuring();
    let log = log("crash");
    let r = bench(&log, &["--mean-of-processes=3"], &[("ZB_CRASH_CHILD", "2")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["repetition"]["processes"], 2);
    let failures = v["repetition"]["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0]["index"], 2);
    assert!(
        failures[0]["status"].as_str().unwrap().contains("signal"),
        "{failures:?}"
    );
    assert_eq!(failures[0]["message"], "fixture: child 2 aborts");
    assert!(row(&v)["summary"]["mean_ns"].is_number());
    // Pretty: the failure is named.
    let log2 = self::log("crash-pretty");
    let r = bench(
        &log2,
        &["--mean-of-processes=2", "--format=pretty"],
        &[("ZB_CRASH_CHILD", "1")],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "child process 1 failed (killed by signal 6, SIGABRT): fixture: child 1 aborts"
        ),
        "{}",
        r.stderr
    );
    let _ = fs::remove_file(&log);
    let _ = fs::remove_file(&log2);
}

#[test]
fn a_hanging_child_is_killed_at_the_process_timeout() {
    let _m = measuring();
    let log = log("hang");
    let r = bench(
        &log,
        &["--median-of-processes=2", "--process-timeout=2"],
        &[("ZB_HANG_CHILD", "2")],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["repetition"]["processes"], 1);
    let f = &v["repetition"]["failures"][0];
    assert_eq!(
        (f["index"].as_u64(), f["status"].as_str()),
        (Some(2), Some("timed out")),
        "{f}"
    );
    assert_eq!(f["message"], "fixture: child 2 hangs");
    let _ = fs::remove_file(&log);
}

#[test]
fn a_child_killed_in_the_middle_of_its_rounds_is_reported_and_the_rest_aggregate() {
    let _m = measuring();
    let log = log("kill");
    let r = bench(&log, &["--mean-of-processes=3"], &[("ZB_KILL_CHILD", "2")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["repetition"]["processes"], 2);
    let failures = v["repetition"]["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["index"], 2);
    assert_eq!(failures[0]["status"], "killed by signal 9, SIGKILL");
    assert_eq!(failures[0]["message"], "fixture: this child kills itself");
    assert_eq!(row(&v)["failed"], false);
    assert!(row(&v)["summary"]["mean_ns"].is_number());
    let _ = fs::remove_file(&log);
}

#[test]
fn a_child_whose_sample_runs_past_the_bench_timeout_is_killed_and_reported() {
    let _m = measuring();
    let log = log("stall");
    let r = bench(
        &log,
        &["--median-of-processes=2", "--bench-timeout=1"],
        &[("ZB_STALL_CHILD", "1")],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["repetition"]["processes"], 1);
    let f = &v["repetition"]["failures"][0];
    assert_eq!(f["index"], 1, "{f}");
    assert_eq!(
        f["status"],
        "timed out: a sample of `work` ran past --bench-timeout 1 s"
    );
    assert!(row(&v)["summary"]["mean_ns"].is_number());
    let _ = fs::remove_file(&log);
}

#[test]
fn every_child_failing_exits_1_with_one_line() {
    let log = log("all");
    let r = bench(&log, &["--best-of-processes=1"], &[("ZB_CRASH_CHILD", "1")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error: no child process gave a result: #1 killed by signal 6"),
        "{}",
        r.stderr
    );
    let _ = fs::remove_file(&log);
}

#[test]
fn bad_repetition_flags_exit_2_and_run_nothing() {
    let log = log("flags");
    for args in [
        &["--best-of-processes=0"][..],
        &["--best-of-processes=2", "--median-of-processes=2"],
        &["--mean-of-passes", "x"],
        &["--process-timeout=0"],
    ] {
        let r = bench(&log, args, &[]);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
    }
    // Only the parents started (each logs before parsing its flags).
    assert!(roles(&log).iter().all(|(role, _)| role == "parent"));
    let _ = fs::remove_file(&log);
}

#[test]
fn a_child_never_starts_children_of_its_own() {
    let _m = measuring();
    let log = log("guard");
    let r = bench(
        &log,
        &["--best-of-processes=3"],
        &[("ZENBENCH_SUBPROCESS", "1")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(roles(&log).len(), 1, "measured itself, once");
    assert_eq!(r.json()["repetition"]["processes"], 1);
    let _ = fs::remove_file(&log);
}

#[test]
fn passes_run_in_one_process_and_compose_with_processes() {
    let _m = measuring();
    let log = log("passes");
    let r = bench(&log, &["--median-of-passes=3"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(roles(&log).len(), 1);
    let v = r.json();
    assert_eq!(v["repetition"]["passes"], 3);
    assert_eq!(v["repetition"]["aggregation"], "median");
    assert!(row(&v)["process_spread"].is_object());
    let _ = fs::remove_file(&log);

    let r = bench(&log, &["--best-of-processes=2", "--mean-of-passes=2"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(roles(&log).len(), 3, "a parent and two children");
    let v = r.json();
    let rep = &v["repetition"];
    assert_eq!(
        (rep["processes"].as_u64(), rep["passes"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(rep["aggregation"], "best");
    assert_eq!(rep["pass_aggregation"], "mean");
    let _ = fs::remove_file(&log);
}

#[test]
fn a_child_plans_the_parents_thread_rows() {
    let _m = measuring();
    let r = run_env(
        env!("CARGO_BIN_EXE_fixture_threads"),
        &[
            "--bench",
            "--max-time",
            "0.2",
            "--format",
            "json",
            "--best-of-processes=2",
            "--threads",
            "1,3",
            "parallel",
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let rows = v["groups"][0]["benchmarks"].as_array().unwrap();
    let threads: Vec<u64> = rows
        .iter()
        .map(|b| b["threads"].as_u64().unwrap())
        .collect();
    assert_eq!(threads, [1, 3], "{v}");
    assert!(rows.iter().all(|b| b["failed"] == false), "{v}");
    assert_eq!(v["repetition"]["processes"], 2);
}
