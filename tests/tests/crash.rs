//! End-to-end: benchmarks that crash, hang or exhaust their memory, over
//! `fixture_crash`. Under `--bench-timeout` each failure is its bench's
//! alone: the bench is reported failed with a one-line reason and every
//! other bench still reports; the run exits with code 1. Without it, a
//! panic is still one bench's failure, and a crash ends the run (the book's
//! Reliability page says so).

use std::os::unix::process::ExitStatusExt;
use zenbench_tests::{command, measuring, run, run_env, Run};

const CRASH: &str = env!("CARGO_BIN_EXE_fixture_crash");

fn row<'v>(v: &'v serde_json::Value, full_name: &str) -> &'v serde_json::Value {
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["benchmarks"].as_array().unwrap())
        .find(|b| b["full_name"] == full_name)
        .unwrap_or_else(|| panic!("no row `{full_name}` in {v}"))
}

fn error_of<'v>(v: &'v serde_json::Value, full_name: &str) -> &'v str {
    let b = row(v, full_name);
    assert_eq!(b["failed"], true, "{b}");
    b["error"].as_str().unwrap()
}

/// Asserts the rows ran and did not fail.
fn reported(v: &serde_json::Value, names: &[&str], least_samples: u64) {
    for name in names {
        let b = row(v, name);
        assert_eq!(b["failed"], false, "{b}");
        let n = b["summary"]["n"].as_u64().unwrap();
        assert!(n >= least_samples, "{name}: {n} samples: {b}");
    }
}

#[test]
fn under_the_watchdog_an_abort_an_overflow_a_hang_and_a_panic_fail_only_their_bench() {
    let r = run(
        CRASH,
        &[
            "--bench-timeout",
            "1",
            "--format",
            "json",
            "^g/",
            "contended_panics",
            "^after$",
            "^prints$",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    // What a bench prints reaches stderr, and stdout stays the report.
    assert!(
        r.stderr.contains("a line a benchmark prints"),
        "{}",
        r.stderr
    );
    let v = r.json();
    assert_eq!(
        error_of(&v, "g/aborts"),
        "crashed (killed by signal 6, SIGABRT)"
    );
    let overflow = error_of(&v, "g/overflows");
    assert!(
        overflow.starts_with("crashed (killed by signal 6, SIGABRT): thread '")
            && overflow.ends_with("has overflowed its stack"),
        "{overflow}"
    );
    assert_eq!(error_of(&v, "g/hangs"), "timed out after 1 s");
    assert_eq!(error_of(&v, "g/exits"), "crashed (exit code 3)");
    let panic = error_of(&v, "g/panics");
    assert!(panic.starts_with("panicked at "), "{panic}");
    assert!(
        panic.ends_with("deliberate panic in a benchmark"),
        "{panic}"
    );
    let thread = error_of(&v, "contended_panics/t=2");
    assert!(thread.starts_with("thread 1: panicked at"), "{thread}");
    // A smoke run calls each bench once: `aborts_later` aborts at its third.
    reported(
        &v,
        &["g/fine", "g/aborts_later", "g/also_fine", "after", "prints"],
        1,
    );
}

#[test]
fn the_smoke_report_names_each_failure_and_the_variable_sets_the_timeout() {
    let r = run_env(
        CRASH,
        &["^g/(fine|aborts|hangs)$"],
        &[("ZENBENCH_BENCH_TIMEOUT", "1")],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    for line in [
        "test g/aborts ... FAILED",
        "---- g/aborts stdout ----\ncrashed (killed by signal 6, SIGABRT)\n",
        "---- g/hangs stdout ----\ntimed out after 1 s\n",
        "1 passed; 2 failed",
    ] {
        assert!(r.stderr.contains(line), "{line}: {}", r.stderr);
    }
}

#[test]
fn a_measured_run_carries_on_in_a_fresh_worker_after_a_crash_in_its_rounds() {
    let _m = measuring();
    let r = run(
        CRASH,
        &[
            "--bench",
            "--max-time",
            "0.3",
            "--bench-timeout",
            "10",
            "--format",
            "json",
            "^g/(fine|aborts_later|also_fine)$",
            "^after$",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    assert_eq!(
        error_of(&v, "g/aborts_later"),
        "crashed (killed by signal 6, SIGABRT)"
    );
    // Its group went on measuring its other rows, and compared them.
    reported(&v, &["g/fine", "g/also_fine", "after"], 2);
    let g = &v["groups"][0];
    assert!(g["rounds"].as_u64().unwrap() >= 2, "{g}");
    let comparisons = g["comparisons"].as_array().unwrap();
    assert!(
        comparisons.iter().any(|c| c["candidate"] == "also_fine"),
        "{comparisons:?}"
    );
    // The worker's clock timed the samples.
    assert!(v["timer"]["resolution_ns"].as_f64().unwrap() > 0.0, "{v}");
}

/// Without the watchdog a crash is the process's: the run ends by the
/// signal, with no report (the book says to use `--bench-timeout`).
#[test]
fn without_the_watchdog_an_abort_ends_the_run() {
    let out = command(CRASH, &["--format", "json", "--exact", "g/aborts"], &[])
        .output()
        .unwrap();
    assert_eq!(out.status.signal(), Some(6), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
}

#[test]
fn a_panicking_thread_of_a_contended_bench_fails_its_row_with_or_without_the_watchdog() {
    for watchdog in [false, true] {
        let mut args = vec!["--format", "json", "contended_panics", "^after$"];
        if watchdog {
            args.extend(["--bench-timeout", "5"]);
        }
        let r = run(CRASH, &args);
        assert_eq!(r.code, 1, "{watchdog}: {}", r.stderr);
        let v = r.json();
        let error = error_of(&v, "contended_panics/t=2");
        assert!(error.starts_with("thread 1: panicked at"), "{error}");
        assert!(
            error.ends_with("thread one of a contended bench gives up"),
            "{error}"
        );
        reported(&v, &["after"], 1);
    }
}

/// `fixture_crash ARGS` under `ulimit -v` (1 GB of address space).
fn under_memory_limit(args: &[&str]) -> Run {
    let mut all = vec![
        "-c",
        "ulimit -v 1000000 && exec \"$@\"",
        "sh",
        CRASH,
        "--format",
        "json",
    ];
    all.extend_from_slice(args);
    let out = command("sh", &all, &[("ZB_UNDER_ULIMIT", "1")])
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_bench_that_allocates_without_bound_fails_alone_under_the_watchdog() {
    let r = under_memory_limit(&["--bench-timeout", "30", "^memory/", "^after$"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    let error = error_of(&v, "memory/allocates_forever");
    assert!(
        error.starts_with("crashed (killed by signal 6, SIGABRT): memory allocation of")
            && error.ends_with("bytes failed"),
        "{error}"
    );
    reported(&v, &["memory/modest", "after"], 1);
}

#[test]
fn without_the_watchdog_running_out_of_memory_ends_the_run() {
    let r = under_memory_limit(&["^memory/", "^after$"]);
    // `sh` exec'd the fixture: its status is the fixture's, a SIGABRT.
    assert_eq!(r.code, -1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("memory allocation of"), "{}", r.stderr);
}
