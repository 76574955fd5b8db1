//! End-to-end: criterion suites, unchanged, on zenbench-criterion. Each
//! criterion group is one interleaved comparison group; a benchmark
//! outside a group is a group of its own.

use serde_json::Value;
use zenbench_tests::{group, listed, measure_json, measuring, rows, run, run_env};

const SUITE: &str = env!("CARGO_BIN_EXE_fixture_criterion");
const FAILURES: &str = env!("CARGO_BIN_EXE_fixture_criterion_failures");
const CUSTOM_MAIN: &str = env!("CARGO_BIN_EXE_fixture_criterion_custom_main");

/// Each group's name and rows.
fn groups(v: &Value) -> Vec<(String, Vec<String>)> {
    zenbench_tests::groups(v)
        .iter()
        .map(|g| (g["name"].as_str().unwrap().to_string(), rows(g)))
        .collect()
}

/// The groups the fixture's criterion code defines, in its order.
fn expected() -> Vec<(String, Vec<String>)> {
    let g = |name: &str, rows: &[&str]| {
        (
            name.to_string(),
            rows.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        )
    };
    vec![
        g(
            "checksum",
            &["simple/64", "by_four/64", "simple/1024", "by_four/1024"],
        ),
        g("sort/vec", &["std", "unstable"]),
        g("float_param", &["1.5", "NaN", "inf"]),
        g("fib 15", &["fib 15"]),
        g("custom", &["custom"]),
        g("large_drop", &["large_drop"]),
        g("with_setup/64", &["with_setup/64"]),
        g("async", &["tokio", "futures"]),
    ]
}

#[test]
fn cargo_test_runs_every_criterion_benchmark_once() {
    let r = run(SUITE, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["mode"], "test");
    assert_eq!(groups(&v), expected());
    for g in v["groups"].as_array().unwrap() {
        for b in g["benchmarks"].as_array().unwrap() {
            assert_eq!(b["failed"], false, "{b}");
            assert_eq!(b["summary"]["n"], 1, "{b}");
        }
    }
}

#[test]
fn cargo_bench_runs_each_criterion_group_as_one_interleaved_comparison() {
    let _m = measuring();
    let v = measure_json(SUITE, "0.3", &[]);
    assert_eq!(v["mode"], "bench");
    assert_eq!(groups(&v), expected());
    // Functions are compared at the same input, never across inputs.
    let pairs = |name: &str| -> Vec<(String, String)> {
        group(&v, name)["comparisons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["baseline"].as_str().unwrap().to_string(),
                    c["candidate"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let own = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        pairs("checksum"),
        [
            own("simple/64", "by_four/64"),
            own("simple/1024", "by_four/1024")
        ]
    );
    assert_eq!(pairs("sort/vec"), [own("std", "unstable")]);
    assert_eq!(pairs("async"), [own("tokio", "futures")]);
    assert!(pairs("float_param").is_empty(), "inputs of one function");
    // Every round runs every open bench of the group once: the two rows of
    // a comparison have one sample per round they were both measured in,
    // and a pair that resolved early leaves the later rounds (the group's
    // `rounds` are its longest row's).
    let checksum = group(&v, "checksum");
    let rounds = checksum["rounds"].as_u64().unwrap();
    let benches = checksum["benchmarks"].as_array().unwrap();
    let n_of = |name: &str| {
        let b = benches.iter().find(|b| b["name"] == name).unwrap();
        b["summary"]["n"].as_u64().unwrap()
    };
    for (base, cand) in pairs("checksum") {
        assert_eq!(n_of(&base), n_of(&cand), "{base} and {cand} are paired");
        assert!(n_of(&base) <= rounds, "{base}: {} of {rounds}", n_of(&base));
    }
    let longest = benches
        .iter()
        .map(|b| b["summary"]["n"].as_u64().unwrap())
        .max();
    assert_eq!(longest, Some(rounds), "the longest row ran every round");
    // `group.throughput(..)` set before each size reaches its rows.
    let rate = |row: usize| checksum["benchmarks"][row]["throughput"].clone();
    assert_eq!(rate(0)["kind"], "bytes", "{}", rate(0));
    assert_eq!(rate(0)["per_iteration"], 64, "{}", rate(0));
    assert_eq!(rate(3)["per_iteration"], 1024, "{}", rate(3));
    // `sample_size(20)` caps the rounds; the config's `sample_size(10)`
    // and `noise_threshold(0.02)` reach the groups of its targets.
    let sort = &group(&v, "sort/vec")["config"];
    assert_eq!(sort["max_rounds"], 20, "{sort}");
    let params = &group(&v, "float_param")["config"];
    assert_eq!(params["max_rounds"], 10, "{params}");
    assert_eq!(params["noise_threshold"], 0.02, "{params}");
}

#[test]
fn criterion_flags_are_translated_or_noted() {
    let _m = measuring();
    let r = run(
        SUITE,
        &[
            "--bench",
            "--format",
            "json",
            "--noplot",
            "--sample-size",
            "12",
            "--measurement-time",
            "0.2",
            "--warm-up-time",
            "1",
            "checksum",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(groups(&v)[0].0, "checksum");
    assert_eq!(groups(&v).len(), 1, "the filter passes through");
    let config = &group(&v, "checksum")["config"];
    assert_eq!(config["max_rounds"], 12, "{config}");
    assert_eq!(config["max_time_s"], 0.2, "{config}");
    let notes: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("zenbench-criterion:"))
        .collect();
    assert_eq!(notes.len(), 2, "{}", r.stderr);
    assert!(notes[0].contains("`--noplot` has no effect"), "{notes:?}");
    assert!(notes[1].contains("`--warm-up-time`"), "{notes:?}");
    for (args, fragment) in [
        (
            &["--sample-size", "3"][..],
            "`--sample-size` takes a whole number >= 10",
        ),
        (
            &["--load-baseline", "old"][..],
            "`--load-baseline` is not supported",
        ),
        (&["--max-tme", "1"][..], "--max-tme"),
    ] {
        let r = run(SUITE, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
        assert!(r.stderr.contains(fragment), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn list_names_every_benchmark_without_running_a_closure() {
    let r = run(SUITE, &["--list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let listed = listed(&r.stdout);
    let all: Vec<String> = expected()
        .into_iter()
        .flat_map(|(g, rows)| {
            rows.into_iter()
                .map(move |r| if r == g { r } else { format!("{g}/{r}") })
        })
        .collect();
    assert_eq!(listed, all);
}

#[test]
fn a_panicking_closure_fails_alone_and_a_panicking_setup_keeps_what_came_before() {
    let _m = measuring();
    for args in [
        &["--format", "json"][..],
        &["--bench", "--format", "json", "--max-time", "0.3"][..],
        // Each sample in a worker process, which lists the benchmarks too.
        &["--format", "json", "--bench-timeout", "60"][..],
    ] {
        let r = run_env(FAILURES, args, &[("FIXTURE_SETUP_PANICS", "1")]);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        let v = r.json();
        let mixed = group(&v, "mixed")["benchmarks"].as_array().unwrap().clone();
        let by = |n: &str| mixed.iter().find(|b| b["name"] == n).unwrap().clone();
        assert_eq!(by("explodes")["failed"], true);
        assert!(by("explodes")["error"]
            .as_str()
            .unwrap()
            .contains("deliberate failure"));
        for ok in ["fine", "also_fine"] {
            assert_eq!(by(ok)["failed"], false, "{ok}");
        }
        // Registered before the setup panicked: still measured. After it:
        // never registered.
        assert_eq!(group(&v, "before_setup")["benchmarks"][0]["failed"], false);
        assert!(groups(&v).iter().all(|(g, _)| g != "after_setup"));
        let told: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| l.contains("setup failed"))
            .collect();
        assert_eq!(told.len(), 1, "told once: {}", r.stderr);
        assert!(!r.stderr.contains("deliberate failure"), "{}", r.stderr);
    }
    let whole = run(FAILURES, &["--format", "json"]);
    assert_eq!(whole.code, 1);
    assert!(groups(&whole.json())
        .iter()
        .any(|(g, _)| g == "after_setup"));
}

#[test]
fn a_hand_written_main_runs_its_group_fns_as_criterion_main_does() {
    let want = vec![
        (
            "sum".to_string(),
            vec!["loop/16".to_string(), "loop/64".to_string()],
        ),
        ("lone".to_string(), vec!["lone".to_string()]),
        (
            "batched".to_string(),
            vec![
                "per_iteration".to_string(),
                "three".to_string(),
                "ref".to_string(),
            ],
        ),
    ];
    for order in ["late", "early"] {
        let env = [("FIXTURE_ORDER", order)];
        let r = run_env(CUSTOM_MAIN, &["--format", "json"], &env);
        assert_eq!(r.code, 0, "{order}: {}", r.stderr);
        assert_eq!(groups(&r.json()), want, "{order}");
        let listed_names = listed(&run_env(CUSTOM_MAIN, &["--list"], &env).stdout);
        assert_eq!(
            listed_names,
            [
                "sum/loop/16",
                "sum/loop/64",
                "lone",
                "batched/per_iteration",
                "batched/three",
                "batched/ref"
            ],
            "{order}"
        );
    }
    let _m = measuring();
    let r = run_env(
        CUSTOM_MAIN,
        &["--bench", "--format", "json", "--max-time", "0.3"],
        &[("FIXTURE_ORDER", "early")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["mode"], "bench");
    // The batched rows fail if more inputs than their batch are alive.
    for name in ["sum", "batched"] {
        let g = group(&v, name);
        assert!(g["rounds"].as_u64().unwrap() >= 2, "{g}");
        for b in g["benchmarks"].as_array().unwrap() {
            assert_eq!(b["failed"], false, "{b}");
            assert!(b["summary"]["n"].as_u64().unwrap() >= 2, "{b}");
            assert!(b["iterations_per_sample"].as_u64().unwrap() > 3, "{b}");
        }
    }
}

const SETUP: &str = env!("CARGO_BIN_EXE_fixture_criterion_setup");

/// How many times the fixture's setup ran, by process.
fn setups(stderr: &str) -> std::collections::BTreeMap<String, usize> {
    let mut by_process = std::collections::BTreeMap::new();
    for line in stderr.lines() {
        if let Some(pid) = line.strip_prefix("fixture: setup in process ") {
            *by_process.entry(pid.to_string()).or_default() += 1;
        }
    }
    by_process
}

#[test]
fn a_targets_setup_runs_once_to_find_its_rows_and_once_per_row() {
    let _m = measuring();
    let r = run(
        SETUP,
        &[
            "--bench",
            "--format",
            "json",
            "--max-time",
            "2",
            "--seed",
            "3",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // One process: the finding call and one call per row, each thread
    // parked in its row while the group runs.
    let calls: Vec<usize> = setups(&r.stderr).into_values().collect();
    assert_eq!(calls, [1 + 4], "{}", r.stderr);
    let v = r.json();
    let g = group(&v, "search");
    assert_eq!(
        rows(g),
        ["binary/256", "linear/256", "binary/4096", "linear/4096"]
    );
    // The setup's 0.2 s a call no longer eats the budget: the rounds
    // reach the default minimum (a call per two samples gave 3 to 35).
    let rounds = g["rounds"].as_u64().unwrap();
    assert!(rounds >= 30, "{rounds} rounds: {g}");
    let verdicts: Vec<(&str, &str)> = g["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["candidate"].as_str().unwrap(),
                c["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [("linear/256", "slower"), ("linear/4096", "slower")]
    );
}

#[test]
fn each_child_process_calls_the_setup_once_to_find_and_once_per_row() {
    let _m = measuring();
    let dir = zenbench_tests::temp_dir("criterion", "setup-log");
    let log = dir.join("setups.txt");
    let args = [
        "--bench",
        "--format",
        "json",
        "--max-time",
        "1",
        "--median-of-processes",
        "2",
    ];
    let r = run_env(
        SETUP,
        &args,
        &[("FIXTURE_SETUP_LOG", log.to_str().unwrap())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let calls = setups(&std::fs::read_to_string(&log).unwrap());
    // The parent finds the rows; each child finds them and serves each.
    let mut counts: Vec<usize> = calls.values().copied().collect();
    counts.sort();
    assert_eq!(counts, [1, 5, 5], "{calls:?}");
    let g = group(&r.json(), "search").clone();
    assert!(g["rounds"].as_u64().unwrap() >= 30, "{g}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn listing_calls_the_setup_once_and_runs_no_row() {
    let r = run(SETUP, &["--list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(setups(&r.stderr).into_values().collect::<Vec<_>>(), [1]);
    assert_eq!(listed(&r.stdout).len(), 4, "{}", r.stdout);
}

#[test]
fn setup_once_runs_each_target_once_and_its_rows_one_after_another() {
    let _m = measuring();
    for (how, env) in [("flag", None), ("variable", Some("1"))] {
        let mut args = vec!["--bench", "--format", "json", "--max-time", "0.3"];
        if env.is_none() {
            args.push("--setup-once");
        }
        let vars: Vec<(&str, &str)> = env
            .map(|v| ("ZENBENCH_SETUP_ONCE", v))
            .into_iter()
            .collect();
        let r = run_env(SETUP, &args, &vars);
        assert_eq!(r.code, 0, "{how}: {}", r.stderr);
        assert_eq!(
            setups(&r.stderr).into_values().collect::<Vec<_>>(),
            [1],
            "{how}"
        );
        assert!(
            r.stderr.contains("none are compared"),
            "{how}: {}",
            r.stderr
        );
        // Each row is a group of its own under its full name: the names
        // baselines know it by, nothing compared.
        let v = r.json();
        let names: Vec<(String, Vec<String>)> = groups(&v);
        let full = [
            "search/binary/256",
            "search/linear/256",
            "search/binary/4096",
            "search/linear/4096",
        ];
        assert_eq!(names.len(), 4, "{how}");
        for ((name, rows), want) in names.iter().zip(full) {
            assert_eq!(
                (name.as_str(), rows.as_slice()),
                (want, &[want.to_string()][..])
            );
        }
        for g in zenbench_tests::groups(&v) {
            assert!(g["comparisons"].as_array().unwrap().is_empty(), "{g}");
            assert_eq!(g["benchmarks"][0]["failed"], false, "{g}");
        }
    }
}

#[test]
fn setup_once_refuses_what_would_measure_in_other_processes() {
    let r = run(SETUP, &["--bench", "--setup-once", "--bench-timeout", "5"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let last = r.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("error: `--bench-timeout`"), "{}", r.stderr);
}
