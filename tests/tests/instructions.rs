//! End-to-end: `--measure instructions` under Valgrind's callgrind
//! (`fixtures/instructions.rs`). Skipped, saying so, where Valgrind is not
//! installed.

use serde_json::Value;
use zenbench_tests::{measuring, run, run_env};

const EXE: &str = env!("CARGO_BIN_EXE_fixture_instructions");
const DIVAN_TRIVIAL: &str = env!("CARGO_BIN_EXE_fixture_divan_trivial");
const CRITERION_TRIVIAL: &str = env!("CARGO_BIN_EXE_fixture_criterion_trivial");

fn have_valgrind() -> bool {
    let ok = std::process::Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("valgrind is not installed: skipping");
    }
    ok
}

fn per_iter(v: &Value, full_name: &str) -> f64 {
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["benchmarks"].as_array().unwrap())
        .find(|b| b["full_name"] == full_name)
        .unwrap_or_else(|| panic!("no {full_name}"))["instructions"]["per_iter"]
        .as_f64()
        .unwrap()
}

const COUNT: [&str; 6] = [
    "--bench",
    "--measure",
    "instructions",
    "--format",
    "json",
    "--skip",
];

fn counted(env: &[(&str, &str)], only: &[&str]) -> Value {
    let mut args = COUNT.to_vec();
    args.push("threaded");
    if !only.is_empty() {
        args.push("--exact");
        args.extend_from_slice(only);
    }
    let r = run_env(EXE, &args, env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

#[test]
fn counts_are_exact_ratios_leave_setup_out_and_repeat() {
    if !have_valgrind() {
        return;
    }
    let _m = measuring();
    let a = counted(&[], &[]);
    let ratio = per_iter(&a, "work/double") / per_iter(&a, "work/single");
    assert!((ratio - 2.0).abs() < 0.02, "twice the work: ×{ratio}");
    let (light, heavy) = (
        per_iter(&a, "setup/light_setup"),
        per_iter(&a, "setup/heavy_setup"),
    );
    assert!(
        (heavy / light - 1.0).abs() < 0.001,
        "setup is not counted: {light} vs {heavy}"
    );
    let i = &a["groups"][0]["benchmarks"][1]["instructions"];
    assert_eq!(i["verdict"], "slower");
    for key in ["per_iter", "l1_misses", "ll_misses", "est_cycles"] {
        assert!(i[key].is_number(), "{key}: {i}");
    }
    // A second run of the same build counts the same.
    let b = counted(&[], &["work/single", "setup/heavy_setup"]);
    for name in ["work/single", "setup/heavy_setup"] {
        let (x, y) = (per_iter(&a, name), per_iter(&b, name));
        assert!((x - y).abs() <= 1e-4 * x, "{name}: {x} then {y}");
    }
}

#[test]
fn a_counted_baseline_fails_a_one_percent_regression_and_passes_the_same_build() {
    if !have_valgrind() {
        return;
    }
    let _m = measuring();
    let home = std::env::temp_dir().join(format!("zb-instr-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let h = home.to_str().unwrap();
    let bench = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = COUNT.to_vec();
        args.push("threaded");
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--exact", "work/single", "setup/light_setup"]);
        let mut all = vec![("ZENBENCH_HOME", h)];
        all.extend_from_slice(env);
        run_env(EXE, &args, &all)
    };
    let saved = bench(&["--save-baseline", "counted"], &[]);
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    let same = bench(&["--baseline", "counted", "--max-regression", "1"], &[]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    let entries = same.json()["against"]["entries"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(entries.len(), 2);
    assert!(entries
        .iter()
        .all(|e| e["metric"] == "instructions" && e["verdict"] == "unchanged"));
    // 1.5% more work in `single`: over a 1% threshold.
    let slower = bench(
        &["--baseline", "counted", "--max-regression", "1"],
        &[("ZB_EXTRA_PERMILLE", "15")],
    );
    assert_eq!(slower.code, 1, "{}", slower.stderr);
    let v = slower.json();
    let verdict = |n: &str| {
        v["against"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["full_name"] == n)
            .unwrap()["verdict"]
            .clone()
    };
    assert_eq!(verdict("work/single"), "regression");
    assert_eq!(verdict("setup/light_setup"), "unchanged");
    std::fs::remove_dir_all(&home).unwrap();
}

#[test]
fn thread_benches_and_a_bad_metric_are_refused_with_exit_code_2() {
    let _m = measuring();
    let r = run(EXE, &["--bench", "--measure", "instructions", "threaded"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let line = r.stderr.trim_end();
    assert!(line.starts_with("error: "), "{line}");
    assert_eq!(line.lines().count(), 1, "{line}");
    if have_valgrind() {
        assert!(line.contains("`threaded/t=2` runs on 2 threads"), "{line}");
    }
    let r = run(EXE, &["--measure", "cycles"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.trim_end(),
        "error: invalid value `cycles` for `--measure`: expected time or instructions"
    );
    // Without Valgrind on PATH: one clear line, not a silent zero.
    let r = run_env(
        EXE,
        &["--bench", "--measure", "instructions", "work/"],
        &[("PATH", "/nonexistent")],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("needs Valgrind, and `valgrind` is not on PATH"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_divan_bench_costs_what_the_native_one_does_per_iteration() {
    if !have_valgrind() {
        return;
    }
    let _m = measuring();
    let r = run(DIVAN_TRIVIAL, &COUNT[..5]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    // The same routine: the wrapper adds no instruction to an iteration.
    assert_eq!(per_iter(&v, "divan_add"), per_iter(&v, "native_add"), "{v}");
    assert!(
        per_iter(&v, "divan_add_bencher") <= per_iter(&v, "native_add"),
        "{v}"
    );
    // An `args` row calls the fn with its input and nothing more; inputs
    // by reference cost no more than by value.
    assert_eq!(
        per_iter(&v, "divan_arg/5"),
        per_iter(&v, "native_arg/5"),
        "{v}"
    );
    assert!(
        per_iter(&v, "divan_refs") <= per_iter(&v, "native_refs"),
        "{v}"
    );
}

#[test]
fn a_criterion_bench_costs_what_the_native_one_does_per_iteration() {
    if !have_valgrind() {
        return;
    }
    let _m = measuring();
    let native = run(
        DIVAN_TRIVIAL,
        &[&COUNT[..5], &["--exact", "native_add"]].concat(),
    );
    assert_eq!(native.code, 0, "{}", native.stderr);
    let migrated = run(CRITERION_TRIVIAL, &COUNT[..5]);
    assert_eq!(migrated.code, 0, "{}", migrated.stderr);
    // The same routine in two binaries, the criterion one served from the
    // thread parked in its `bench_function`: the wrapper adds no
    // instruction to an iteration (the closure holds the routine itself,
    // where the native attribute calls the fn: a call fewer in a debug
    // build).
    let (criterion, native) = (
        per_iter(&migrated.json(), "criterion_add"),
        per_iter(&native.json(), "native_add"),
    );
    assert!(
        criterion <= native,
        "{criterion} > {native}: {}",
        migrated.stdout
    );
}
