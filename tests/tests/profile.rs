//! `--profile-time SECS`: each selected benchmark alone, in this process,
//! for a profiler, with no statistics and no report; natively and through
//! both migration crates.

use zenbench_tests::{measuring, run};

const SUITE: &str = env!("CARGO_BIN_EXE_fixture_suite");
const CRITERION: &str = env!("CARGO_BIN_EXE_fixture_criterion");
const DIVAN: &str = env!("CARGO_BIN_EXE_fixture_divan");

/// The benchmarks a profiling run's lines name, in order.
fn profiled(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("profiled "))
        .map(|l| l.split(": ").next().unwrap().to_string())
        .collect()
}

#[test]
fn each_selected_benchmark_runs_alone_with_one_line_and_no_report() {
    let _m = measuring();
    let r = run(SUITE, &["--bench", "--profile-time", "0.05", "^sort/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        profiled(&r.stderr),
        ["sort/std_sort", "sort/unstable"],
        "{}",
        r.stderr
    );
    for line in r.stderr.lines().filter(|l| l.starts_with("profiled ")) {
        let iters: u64 = line
            .split(": ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(iters > 1, "{line}");
        assert!(line.ends_with(" s"), "{line}");
    }
    assert!(r.stdout.is_empty(), "no report: {}", r.stdout);
    assert!(!r.stderr.contains("rounds"), "no statistics: {}", r.stderr);

    // The migration crates take the same flag (criterion's own).
    for exe in [CRITERION, DIVAN] {
        let r = run(exe, &["--bench", "--profile-time", "0.02"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!profiled(&r.stderr).is_empty(), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
}

#[test]
fn what_cannot_be_profiled_in_this_process_is_refused_in_one_line() {
    for extra in [
        &["--bench-timeout", "5"][..],
        &["--best-of-processes", "2"],
        &["--save-baseline", "main"],
        &["--profile-time", "-1"],
    ] {
        let mut args = vec!["--bench", "--profile-time", "0.05"];
        args.extend_from_slice(extra);
        let r = run(SUITE, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.trim().lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(profiled(&r.stderr).is_empty(), "{}", r.stderr);
    }
}
