//! divan's command line, translated.

use super::*;

fn parse_env(args: &[&str], vars: &[(&str, &str)]) -> Result<Settings, String> {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let env = |name: &str| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    };
    let mut settings = Settings::default();
    read(&mut settings, &args, &env).map(|()| settings)
}

fn parse(args: &[&str]) -> Settings {
    parse_env(args, &[]).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn err(args: &[&str]) -> String {
    match parse_env(args, &[]) {
        Ok(_) => panic!("{args:?} should be an error"),
        Err(e) => e,
    }
}

fn zenbench(args: &[&str]) -> Vec<String> {
    let s = parse(args);
    s.zenbench_args(s.action)
}

#[test]
fn cargo_bench_measures_and_cargo_test_runs_once() {
    assert_eq!(parse(&["--bench"]).action, Action::Bench);
    assert_eq!(parse(&[]).action, Action::Test);
    assert_eq!(parse(&["--bench", "--test"]).action, Action::Test);
    assert_eq!(parse(&["--list", "--bench"]).action, Action::List);
    assert_eq!(zenbench(&[]), ["--test"]);
}

#[test]
fn divan_flags_become_zenbench_flags() {
    assert_eq!(
        zenbench(&[
            "--bench",
            "--sample-count",
            "5",
            "--threads=4,1",
            "--threads",
            "2",
            "--max-time",
            "0.5",
            "--timer",
            "os",
            "--exact",
            "--skip",
            "slow",
            "--include-ignored",
            "--color=never",
        ]),
        [
            "--bench",
            "--exact",
            "--skip",
            "slow",
            "--include-ignored",
            "--color",
            "never",
            "--timer",
            "os",
            "--min-rounds",
            "5",
            "--max-rounds",
            "5",
            "--threads",
            "1,2,4",
            "--max-time",
            "0.5"
        ]
    );
    assert_eq!(
        zenbench(&["--sample-count=1"]),
        ["--test", "--max-rounds", "1"]
    );
    assert_eq!(
        parse(&["--bytes-count", "64"]).counter,
        Some(Throughput::Bytes(64))
    );
    assert_eq!(
        parse(&["--chars-count=3"]).counter,
        Some(Throughput::Elements(3))
    );
}

#[test]
fn zenbench_flags_and_filters_pass_through_in_place() {
    let s = parse(&[
        "sort",
        "--format",
        "json",
        "--bench",
        "--max-rounds=9",
        "-q",
        "hash",
        "--",
        "--odd",
    ]);
    assert_eq!(s.passthrough, ["--format", "json", "--max-rounds=9", "-q"]);
    assert_eq!(s.filters, ["sort", "hash", "--odd"]);
    assert_eq!(
        s.zenbench_args(s.action),
        [
            "--bench",
            "--format",
            "json",
            "--max-rounds=9",
            "-q",
            "--",
            "sort",
            "hash",
            "--odd"
        ]
    );
    // An unknown flag far from divan's is zenbench's to refuse.
    assert_eq!(parse(&["--frobnicate"]).passthrough, ["--frobnicate"]);
}

#[test]
fn flags_with_no_meaning_here_are_noted_once_each() {
    let s = parse(&[
        "--sample-size",
        "10",
        "--min-time=2",
        "--sort",
        "name",
        "--sortr=kind",
        "--bytes-format",
        "binary",
        "--skip-ext-time",
        "false",
        "filter",
    ]);
    assert_eq!(s.notes.len(), 6, "{:?}", s.notes);
    assert!(s.notes[0].starts_with("zenbench-divan: `--sample-size` has no effect"));
    assert!(s.notes.iter().all(|n| !n.contains('\n')));
    // `false` was the flag's value, `filter` a filter.
    assert_eq!(s.filters, ["filter"]);
    assert_eq!(parse(&["--skip-ext-time", "x"]).filters, ["x"]);
    assert_eq!(zenbench(&["--sample-size", "10"]), ["--test"]);
}

#[test]
fn divan_variables_stand_in_for_absent_flags() {
    let s = parse_env(
        &["--bench"],
        &[("DIVAN_SAMPLE_COUNT", "3"), ("DIVAN_THREADS", "2")],
    )
    .unwrap();
    assert_eq!((s.sample_count, s.threads), (Some(3), Some(vec![2])));
    let s = parse_env(&["--sample-count", "8"], &[("DIVAN_SAMPLE_COUNT", "3")]).unwrap();
    assert_eq!(s.sample_count, Some(8));
    assert_eq!(
        parse_env(&[], &[("DIVAN_MAX_TIME", "soon")]).unwrap_err(),
        "invalid value `soon` for `DIVAN_MAX_TIME`: expected seconds, a finite number > 0"
    );
}

#[test]
fn bad_values_and_typos_are_one_line_errors() {
    assert_eq!(
        err(&["--sample-count", "0"]),
        "invalid value `0` for `--sample-count`: expected a whole number >= 1"
    );
    assert_eq!(
        err(&["--sample-count"]),
        "`--sample-count` needs a value (N)"
    );
    assert_eq!(
        err(&["--sample-count", "--bench"]),
        "`--sample-count` needs a value (N), found flag `--bench`"
    );
    assert_eq!(
        err(&["--sort", "speed"]),
        "invalid value `speed` for `--sort`: expected kind, name or location"
    );
    assert_eq!(
        err(&["--threads", "1,x"]),
        "invalid value `1,x` for `--threads`: expected thread counts separated by commas, like 1,2,8 (0: all cores)"
    );
    assert_eq!(
        err(&["--sample-cont", "5"]),
        "unknown flag `--sample-cont`; did you mean `--sample-count`?"
    );
    assert_eq!(
        err(&["--bench=yes"]),
        "`--bench` takes no value (got `--bench=yes`)"
    );
    assert_eq!(
        err(&["--ignored", "--include-ignored"]),
        "`--ignored` and `--include-ignored` cannot be used together"
    );
    assert_eq!(
        err(&["--max-time", "-1\n"]),
        "invalid value `-1\\n` for `--max-time`: expected seconds, a finite number > 0"
    );
}

#[test]
fn help_adds_a_line_about_divan_flags() {
    let s = parse(&["--help"]);
    assert_eq!(s.passthrough, ["--help"]);
    assert_eq!(s.notes, [HELP_NOTE]);
}
