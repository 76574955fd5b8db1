//! End-to-end: run the fixture bench programs as `cargo bench` / `cargo test`
//! would and check what they print and how they exit.

use serde_json::Value;
use zenbench_tests::{
    full_names as bench_names, group, group_names, listed, measure_json, measuring, run, run_env,
};

const SUITE: &str = env!("CARGO_BIN_EXE_fixture_suite");
const PANIC: &str = env!("CARGO_BIN_EXE_fixture_panic");
const API: &str = env!("CARGO_BIN_EXE_fixture_api");
const FAST: &str = env!("CARGO_BIN_EXE_fixture_fast");

const ALL: [&str; 10] = [
    "aa/first",
    "aa/second",
    "pair/single",
    "pair/double",
    "sort/std_sort",
    "sort/unstable",
    "hash/16",
    "hash/256",
    "plain",
    "slow_ignored",
];

#[test]
fn list_prints_every_benchmark_in_source_order() {
    let r = run(SUITE, &["--list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(listed(&r.stdout), ALL);
    assert!(r.stdout.contains("10 benchmarks"), "{}", r.stdout);

    let terse = run(SUITE, &["--list", "--format", "terse"]);
    assert_eq!(terse.code, 0);
    assert_eq!(
        terse.stdout.lines().count(),
        ALL.len(),
        "terse prints only name lines:\n{}",
        terse.stdout
    );
    assert_eq!(listed(&terse.stdout), ALL);

    let ignored = run(SUITE, &["--list", "--ignored"]);
    assert_eq!(listed(&ignored.stdout), ["slow_ignored"]);
}

#[test]
fn filters_select_exactly_the_matching_benchmarks() {
    let cases: [(&[&str], &[&str]); 5] = [
        (&["^sort/"], &["sort"]),
        (&["pair", "hash/2"], &["pair", "hash"]),
        (&["--exact", "plain"], &["plain"]),
        (
            &["--skip", "^(aa|pair)/", "--skip", "sort", "--skip", "^hash"],
            &["plain"],
        ),
        (&["--include-ignored", "slow"], &["slow_ignored"]),
    ];
    for (filters, groups) in cases {
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(filters);
        let r = run(SUITE, &args);
        assert_eq!(r.code, 0, "{filters:?}: {}", r.stderr);
        assert_eq!(group_names(&r.json()), groups, "filters {filters:?}");
    }
    let r = run(SUITE, &["--format", "json", "hash/2"]);
    assert_eq!(bench_names(&r.json()), ["hash/256"]);
    // Ignored benches are skipped by default.
    assert!(!bench_names(&run(SUITE, &["--format", "json"]).json())
        .contains(&"slow_ignored".to_string()));
}

#[test]
fn smoke_mode_runs_every_benchmark_once() {
    let r = run(SUITE, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["mode"], "test");
    assert_eq!(bench_names(&v), ALL[..9]);
    for g in v["groups"].as_array().unwrap() {
        assert_eq!(g["rounds"], 1);
        for b in g["benchmarks"].as_array().unwrap() {
            assert_eq!(b["failed"], false);
            assert_eq!(b["summary"]["n"], 1);
        }
    }
    let pretty = run(SUITE, &[]);
    assert_eq!(pretty.code, 0);
    assert!(
        pretty.stderr.contains("9 passed; 0 failed"),
        "{}",
        pretty.stderr
    );
}

fn assert_summary_invariants(b: &Value) {
    let s = &b["summary"];
    let f = |k: &str| s[k].as_f64().unwrap_or_else(|| panic!("{k} in {s}"));
    assert!(
        f("min_ns") <= f("median_ns") && f("median_ns") <= f("max_ns"),
        "{s}"
    );
    assert!(
        f("min_ns") <= f("mean_ns") && f("mean_ns") <= f("max_ns"),
        "{s}"
    );
    assert!(
        f("min_ns") > 0.0 && f("mad_ns") >= 0.0 && f("stddev_ns") >= 0.0,
        "{s}"
    );
    let ci = &b["mean_ci"];
    assert!(
        ci["lower_ns"].as_f64().unwrap() <= f("mean_ns") + 1e-9,
        "{b}"
    );
    assert!(
        ci["upper_ns"].as_f64().unwrap() >= f("mean_ns") - 1e-9,
        "{b}"
    );
    assert_eq!(ci["level"], 0.95);
}

#[test]
fn json_carries_the_contract_fields_and_their_invariants() {
    let _m = measuring();
    let v = measure_json(SUITE, "1", &["--seed", "42", "^(sort|hash|plain)"]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["mode"], "bench");
    assert_eq!(v["seed"], 42);
    for key in [
        "run_id",
        "timestamp",
        "git_hash",
        "zenbench_version",
        "testbed",
        "timer",
        "loop_overhead_ns",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["cpu_model", "arch", "os", "logical_cores", "physical_cores"] {
        assert!(v["testbed"].get(key).is_some(), "missing testbed.{key}");
    }
    assert!(["tsc", "os"].contains(&v["timer"]["kind"].as_str().unwrap()));
    assert!(v["timer"]["resolution_ns"].as_f64().unwrap() > 0.0);
    assert_eq!(v["repetition"]["processes"], 1);
    for g in v["groups"].as_array().unwrap() {
        for key in [
            "name",
            "rounds",
            "iterations_per_sample",
            "baseline",
            "benchmarks",
            "comparisons",
            "scaling",
        ] {
            assert!(g.get(key).is_some(), "missing group.{key}");
        }
        // The group ran as long as its last open row.
        let most = g["benchmarks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["summary"]["n"].as_u64().unwrap())
            .max();
        assert_eq!(most, g["rounds"].as_u64(), "{}", g["name"]);
        let names: Vec<&str> = g["benchmarks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&g["baseline"].as_str().unwrap()));
        assert!(g["rounds"].as_u64().unwrap() >= 2);
        for b in g["benchmarks"].as_array().unwrap() {
            for key in [
                "name",
                "full_name",
                "threads",
                "arg",
                "summary",
                "mean_ci",
                "cold_start_ns",
                "slope_ns",
                "throughput",
                "failed",
            ] {
                assert!(b.get(key).is_some(), "missing bench.{key}");
            }
            assert!(
                b.get("samples_ns").is_none(),
                "raw samples stay out of the report"
            );
            // A row leaves the rounds once resolved: it has at most the
            // group's rounds, and at least its min_rounds.
            let n = b["summary"]["n"].as_u64().unwrap();
            assert!(n <= g["rounds"].as_u64().unwrap(), "{b}");
            assert!(
                n >= g["config"]["min_rounds"]
                    .as_u64()
                    .unwrap()
                    .min(g["rounds"].as_u64().unwrap())
            );
            assert_summary_invariants(b);
        }
        for c in g["comparisons"].as_array().unwrap() {
            assert!(
                names.contains(&c["baseline"].as_str().unwrap())
                    && names.contains(&c["candidate"].as_str().unwrap())
            );
            let (lo, p, hi) = (
                c["ci_lower_pct"].as_f64().unwrap(),
                c["pct_change"].as_f64().unwrap(),
                c["ci_upper_pct"].as_f64().unwrap(),
            );
            assert!(lo <= p && p <= hi, "{c}");
            // The smallest change the interval could have told from zero:
            // at least its wider half, and never less than that from the
            // estimate to a bound.
            let mde = c["min_detectable_pct"].as_f64().unwrap();
            assert!(mde >= (hi - lo) / 2.0 - 1e-9, "{c}");
            assert!(mde >= (p - lo).max(hi - p) - 1e-9, "{c}");
            assert!(
                ["faster", "slower", "same", "uncertain"].contains(&c["verdict"].as_str().unwrap())
            );
            for key in [
                "significant",
                "cohens_d",
                "wilcoxon_p",
                "drift_r",
                "n",
                "outliers_removed",
            ] {
                assert!(c.get(key).is_some(), "missing comparison.{key}");
            }
        }
    }
    let sort = group(&v, "sort");
    assert_eq!(sort["baseline"], "std_sort");
    assert_eq!(sort["comparisons"][0]["candidate"], "unstable");
    let hash = group(&v, "hash");
    assert_eq!(
        hash["comparisons"].as_array().unwrap().len(),
        0,
        "rows of one args fn are not compared"
    );
    let h256 = &hash["benchmarks"][1];
    assert_eq!(h256["arg"], "256");
    assert_eq!(h256["throughput"]["kind"], "bytes");
    assert_eq!(h256["throughput"]["per_iteration"], 256);
}

#[test]
fn twice_the_work_is_reported_slower_by_about_100_percent() {
    let _m = measuring();
    let v = measure_json(SUITE, "3", &["^pair/"]);
    let c = &group(&v, "pair")["comparisons"][0];
    assert_eq!(
        (c["baseline"].as_str(), c["candidate"].as_str()),
        (Some("single"), Some("double"))
    );
    assert_eq!(c["verdict"], "slower", "{c}");
    let pct = c["pct_change"].as_f64().unwrap();
    assert!(
        (60.0..=140.0).contains(&pct),
        "change {pct}% not within +60..+140%: {c}"
    );
    assert_eq!(c["significant"], true);
}

#[test]
fn identical_benchmarks_are_never_called_faster_or_slower() {
    let _m = measuring();
    for seed in ["1", "2"] {
        let v = measure_json(SUITE, "2", &["--seed", seed, "^aa/"]);
        let c = &group(&v, "aa")["comparisons"][0];
        let verdict = c["verdict"].as_str().unwrap();
        assert!(
            verdict == "same" || verdict == "uncertain",
            "A/A pair called {verdict}: {c}"
        );
    }
}

#[test]
fn a_panicking_benchmark_fails_alone_and_the_run_exits_1() {
    for mode in [
        &["--format", "json"][..],
        &["--bench", "--format", "json", "--max-time", "0.3"][..],
    ] {
        let _m = measuring();
        let r = run(PANIC, mode);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let v = r.json();
        let g = group(&v, "g");
        let benches = g["benchmarks"].as_array().unwrap();
        let by_name = |n: &str| benches.iter().find(|b| b["name"] == n).unwrap();
        let bad = by_name("explodes");
        assert_eq!(bad["failed"], true);
        assert!(
            bad["error"]
                .as_str()
                .unwrap()
                .contains("deliberate failure"),
            "{bad}"
        );
        for ok in ["fine", "also_fine"] {
            assert_eq!(by_name(ok)["failed"], false);
            assert!(by_name(ok)["summary"]["n"].as_u64().unwrap() >= 1);
        }
        assert_eq!(group(&v, "other_group")["benchmarks"][0]["failed"], false);
        assert!(
            !r.stderr.contains("panicked at"),
            "the panic is reported, not dumped: {}",
            r.stderr
        );
    }
    let pretty = run(PANIC, &[]);
    assert_eq!(pretty.code, 1);
    assert!(pretty.stderr.contains("FAILED"), "{}", pretty.stderr);
}

#[test]
fn bad_flags_and_values_exit_2_with_one_line() {
    for args in [
        &["--max-tme", "1"][..],
        &["--max-time", "soon"],
        &["--format", "xml"],
        &["("],
    ] {
        let r = run(SUITE, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        let lines: Vec<&str> = r.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
    let r = run(SUITE, &["--max-tme", "1"]);
    assert!(
        r.stderr.contains("--max-tme") && r.stderr.contains("--max-time"),
        "{}",
        r.stderr
    );
    let env = run_env(SUITE, &[], &[("ZENBENCH_MAX_TIME", "-3")]);
    assert_eq!(env.code, 2, "{}", env.stderr);
    assert!(env.stderr.contains("ZENBENCH_MAX_TIME"), "{}", env.stderr);
}

#[test]
fn help_documents_the_flags() {
    let r = run(SUITE, &["--help"]);
    assert_eq!(r.code, 0);
    for flag in [
        "--bench",
        "--list",
        "--format",
        "--max-time",
        "--seed",
        "--noise-threshold",
        "--exact",
        "--skip",
    ] {
        assert!(r.stdout.contains(flag), "help lacks {flag}");
    }
}

#[test]
fn output_flag_writes_the_report_to_a_file() {
    let dir = std::env::temp_dir().join(format!("zb-e2e-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r.json");
    let r = run(
        SUITE,
        &[
            "--format",
            "json",
            "--output",
            path.to_str().unwrap(),
            "plain",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(group_names(&v), ["plain"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn env_variables_set_options_and_flags_win() {
    let r = run_env(SUITE, &["plain"], &[("ZENBENCH_FORMAT", "json")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(group_names(&r.json()), ["plain"]);
    let r = run_env(
        SUITE,
        &["--format", "json", "plain"],
        &[("ZENBENCH_FORMAT", "pretty")],
    );
    assert_eq!(group_names(&r.json()), ["plain"]);
}

#[test]
fn the_suite_api_runs_on_the_same_engine() {
    let _m = measuring();
    let v = measure_json(API, "2", &[]);
    assert_eq!(group_names(&v), ["runtime", "lone"]);
    let c = &group(&v, "runtime")["comparisons"][0];
    assert_eq!(
        (c["baseline"].as_str(), c["candidate"].as_str()),
        (Some("work100"), Some("work200"))
    );
    assert_eq!(c["verdict"], "slower", "{c}");
}

const ALLOC: &str = env!("CARGO_BIN_EXE_fixture_alloc");

#[test]
fn allocation_profiler_counts_the_timed_region_per_iteration() {
    let _m = measuring();
    let v = measure_json(ALLOC, "0.5", &[]);
    let vec = &group(&v, "vec_256")["benchmarks"][0]["alloc"];
    assert_eq!(vec["allocs"], 1.0, "{vec}");
    assert_eq!(vec["deallocs"], 1.0, "{vec}");
    assert_eq!(vec["reallocs"], 0.0, "{vec}");
    assert_eq!(vec["bytes"], 256.0, "{vec}");
    // The input vectors are built and dropped outside the timed region.
    let prepared = &group(&v, "sum_prepared")["benchmarks"][0]["alloc"];
    assert_eq!(prepared["allocs"], 0.0, "{prepared}");
    assert_eq!(prepared["deallocs"], 0.0, "{prepared}");
    let dropped = &group(&v, "drop_in_routine")["benchmarks"][0]["alloc"];
    assert_eq!(
        (dropped["allocs"].as_f64(), dropped["deallocs"].as_f64()),
        (Some(0.0), Some(1.0)),
        "{dropped}"
    );
    // Without a profiler, no `alloc` is reported.
    let plain = run(
        SUITE,
        &["--bench", "--format", "json", "--max-time", "0.3", "plain"],
    );
    assert!(group(&plain.json(), "plain")["benchmarks"][0]["alloc"].is_null());
}

#[test]
fn engine_flags_reach_the_result() {
    let _m = measuring();
    let v = measure_json(
        SUITE,
        "0.3",
        &["--timer", "os", "--cache-firewall", "plain"],
    );
    assert_eq!(v["timer"]["kind"], "os");
    assert!(v["loop_overhead_ns"].as_f64().unwrap() >= 0.0);
    let cal = &v["calibration"];
    for key in [
        "int_gops",
        "mem_bandwidth_gbs",
        "mem_latency_ns",
        "duration_ms",
    ] {
        assert!(cal[key].as_f64().unwrap() > 0.0, "calibration.{key}: {cal}");
    }
    let config = &group(&v, "plain")["config"];
    assert_eq!(config["cache_firewall"], true);
    assert!(config["firewall_bytes"].as_u64().unwrap() >= 64, "{config}");
    // The smoke test measures nothing: no calibration, no firewall.
    let smoke = run(SUITE, &["--format", "json", "plain"]).json();
    assert!(smoke["calibration"].is_null());
    let bad = run(SUITE, &["--timer", "sundial"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--timer"), "{}", bad.stderr);
}

#[test]
fn bodies_at_the_timers_limit_stop_before_the_budget_and_say_why() {
    let _m = measuring();
    // A budget far above what the rows need: a row that could not be
    // resolved would run it out and stop on `max_time`.
    let v = measure_json(FAST, "30", &["--seed", "9"]);
    let names = group_names(&v);
    assert_eq!(names, ["empty", "tiny", "rows"]);
    for g in v["groups"].as_array().unwrap() {
        let reason = g["stop_reason"].as_str().unwrap();
        assert!(
            reason == "converged" || reason == "floor",
            "{}: {reason} after {} rounds",
            g["name"],
            g["rounds"]
        );
        for b in g["benchmarks"].as_array().unwrap() {
            let by = b["resolved_by"].as_str().unwrap_or("none");
            assert!(
                by == "precision" || by == "floor",
                "{}: {by}",
                b["full_name"]
            );
            assert!(b["floor_ns"].as_f64().unwrap() > 0.0, "{}", b["full_name"]);
            // Only rows resolved at the floor make a group stop at it.
            if by == "floor" {
                assert_eq!(reason, "floor", "{}", b["full_name"]);
            }
        }
        let p = &g["phases"];
        for k in [
            "estimate_s",
            "warmup_s",
            "measure_s",
            "checks_s",
            "analysis_s",
        ] {
            assert!(p[k].as_f64().unwrap() >= 0.0, "{k}");
        }
    }
    // The rows of one args fn are measured until each is resolved on its
    // own: the cheap one needs more rounds than its group's expensive one
    // does not wait for.
    let rows = group(&v, "rows")["benchmarks"].as_array().unwrap();
    let n = |b: &Value| b["summary"]["n"].as_u64().unwrap();
    assert!(rows.iter().all(|b| n(b) >= 30), "min_rounds honoured");
    assert_eq!(
        group(&v, "rows")["rounds"].as_u64().unwrap(),
        rows.iter().map(n).max().unwrap(),
        "the group ran as long as its slowest row, and no row beyond its own stop"
    );
    let st = v["startup"].as_object().expect("startup figures");
    assert!(st.contains_key("timer_s") && st.contains_key("calibration_s"));
}

#[test]
fn a_measured_run_appends_its_markdown_to_the_github_job_summary() {
    let _m = measuring();
    let dir = std::env::temp_dir().join(format!("zb-e2e-summary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("summary.md");
    std::fs::write(&path, "# earlier step\n").unwrap();
    let env = [("GITHUB_STEP_SUMMARY", path.to_str().unwrap())];
    // A smoke run adds nothing.
    let smoke = run_env(SUITE, &["plain"], &env);
    assert_eq!(smoke.code, 0, "{}", smoke.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# earlier step\n");
    let args = ["--bench", "--max-time", "0.3", "--exact", "plain"];
    for _ in 0..2 {
        let r = run_env(SUITE, &args, &env);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("GITHUB_STEP_SUMMARY"), "{}", r.stderr);
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# earlier step\n"),
        "appended, not overwritten:\n{text}"
    );
    assert_eq!(
        text.matches("## zenbench").count(),
        2,
        "one report per run:\n{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compact_prints_one_line_per_benchmark() {
    let _m = measuring();
    let r = run(
        SUITE,
        &["--bench", "--compact", "--max-time", "0.3", "pair/"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let single = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("pair/single"))
        .count();
    let double = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("pair/double"))
        .count();
    assert_eq!((single, double), (1, 1), "{}", r.stderr);
    assert!(!r.stderr.contains("├─"), "{}", r.stderr);
}
