//! End-to-end: thread benches (parallel, contended, scaling) in the
//! fixture `fixture_threads`, run as `cargo bench` / `cargo test` would.

use serde_json::Value;
use zenbench_tests::{group, measuring, run_within};

const THREADS: &str = env!("CARGO_BIN_EXE_fixture_threads");

/// The fixture's thread rows, measured: exit 1 (one bench fails on purpose).
fn threads_json(args: &[&str]) -> (Value, String) {
    let mut all = vec![
        "--bench",
        "--format",
        "json",
        "--max-time",
        "2",
        "--seed",
        "3",
    ];
    all.extend_from_slice(args);
    let r = run_within(THREADS, &all, std::time::Duration::from_secs(120));
    (r.json(), r.stderr)
}

#[test]
fn parallel_rows_have_one_row_per_count_and_throughput_over_all_threads() {
    let _m = measuring();
    let (v, _) = threads_json(&["^parallel/"]);
    let g = group(&v, "parallel");
    let rows = g["benchmarks"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|b| b["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["t=1", "t=2"]);
    let threads: Vec<u64> = rows
        .iter()
        .map(|b| b["threads"].as_u64().unwrap())
        .collect();
    assert_eq!(threads, [1, 2]);
    assert_eq!(g["baseline"], "t=1");
    let c = &g["comparisons"][0];
    assert_eq!(
        (c["baseline"].as_str(), c["candidate"].as_str()),
        (Some("t=1"), Some("t=2"))
    );
    // Throughput counts every thread's iterations: at t=2 it is twice the
    // elements over the row's own time per iteration.
    for b in rows {
        let t = &b["throughput"];
        let mean = b["summary"]["mean_ns"].as_f64().unwrap();
        let want = 64.0 * b["threads"].as_f64().unwrap() / (mean * 1e-9);
        let got = t["per_second"].as_f64().unwrap();
        assert!((got / want - 1.0).abs() < 1e-9, "{got} vs {want}");
    }
    let table = g["scaling"].as_array().expect("a scaling table");
    assert_eq!(table.len(), 2);
    for p in table {
        for k in [
            "threads",
            "throughput_per_s",
            "scaling",
            "efficiency",
            "sweet_spot",
            "drop",
            "smt",
        ] {
            assert!(p.get(k).is_some(), "scaling.{k}");
        }
        let (lo, x, hi) = (
            p["throughput_lower_per_s"].as_f64().unwrap(),
            p["throughput_per_s"].as_f64().unwrap(),
            p["throughput_upper_per_s"].as_f64().unwrap(),
        );
        assert!(lo <= x && x <= hi, "{p}");
    }
    assert_eq!(table[0]["scaling"].as_f64(), Some(1.0));
}

#[test]
fn contended_state_is_built_fresh_for_every_sample() {
    let _m = measuring();
    let (v, stderr) = threads_json(&["^contended/"]);
    let setups = stderr.matches("zenbench-fixture: contended setup").count();
    let g = group(&v, "contended");
    let measured: u64 = g["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            assert!(!b["failed"].as_bool().unwrap(), "{b}");
            b["summary"]["n"].as_u64().unwrap()
        })
        .sum();
    assert!(measured >= 60, "both rows measured: {measured}");
    assert!(
        setups as u64 >= measured,
        "{setups} setups for {measured} measured samples"
    );
}

#[test]
fn a_scaling_sweep_follows_the_machines_cores() {
    let _m = measuring();
    let (v, _) = threads_json(&["^sweep/"]);
    let physical = v["testbed"]["physical_cores"].as_u64().unwrap();
    let logical = v["testbed"]["logical_cores"].as_u64().unwrap();
    // 1, 2, 4, ... up to the physical cores, then the physical and logical
    // counts themselves.
    let mut want: Vec<u64> = std::iter::successors(Some(1u64), |n| Some(n * 2))
        .take_while(|n| *n <= physical)
        .collect();
    for n in [physical, logical] {
        if !want.contains(&n) {
            want.push(n);
        }
    }
    let g = group(&v, "sweep");
    let got: Vec<u64> = g["scaling"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["threads"].as_u64().unwrap())
        .collect();
    assert_eq!(got, want);
    let marked = g["scaling"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["sweet_spot"] == true)
        .count();
    assert_eq!(marked, 1, "one sweet spot");
}

#[test]
fn a_panicking_thread_fails_its_row_without_hanging() {
    let _m = measuring();
    let r = run_within(
        THREADS,
        &[
            "--bench",
            "--format",
            "json",
            "--max-time",
            "1",
            "one_thread_panics|^parallel/t=1$",
        ],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    let row = &group(&v, "one_thread_panics")["benchmarks"][0];
    assert_eq!(row["failed"], true);
    let error = row["error"].as_str().unwrap();
    assert!(error.starts_with("thread 1: panicked at"), "{error}");
    assert!(error.ends_with("thread one gives up"), "{error}");
    // The other groups still ran.
    assert_eq!(group(&v, "parallel")["benchmarks"][0]["failed"], false);
}

#[test]
fn smoke_mode_runs_each_thread_row_once_on_its_threads() {
    let r = run_within(
        THREADS,
        &["--format", "json", "^(parallel|contended)/"],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["mode"], "test");
    for name in ["parallel", "contended"] {
        let rows = group(&v, name)["benchmarks"].as_array().unwrap().clone();
        let threads: Vec<u64> = rows
            .iter()
            .map(|b| b["threads"].as_u64().unwrap())
            .collect();
        assert_eq!(threads, [1, 2], "{name}");
        assert!(rows
            .iter()
            .all(|b| b["failed"] == false && b["summary"]["n"] == 1));
    }
}
