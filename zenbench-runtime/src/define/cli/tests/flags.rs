//! Command-line parser tests: flags.

use super::*;
use crate::model::options::{Aggregation, Repeat};

// --- every flag, both forms -------------------------------------------

/// (flag, value, expected options).
#[rustfmt::skip]
fn value_cases() -> Vec<(&'static str, &'static str, Options)> {
    vec![
        ("--skip", "radix", set(|o| o.selection.skip = vec!["radix".into()])),
        ("--format", "pretty", set(|o| o.output.format = Format::Pretty)),
        ("--format", "json", set(|o| o.output.format = Format::Json)),
        ("--format", "JSON", set(|o| o.output.format = Format::Json)),
        ("--format", "md", set(|o| o.output.format = Format::Markdown)),
        ("--format", "csv", set(|o| o.output.format = Format::Csv)),
        ("--format", "CSV", set(|o| o.output.format = Format::Csv)),
        ("--format", "llm", set(|o| o.output.format = Format::Llm)),
        ("--format", "bmf", set(|o| o.output.format = Format::Bmf)),
        ("--output", "out.json", set(|o| o.output.file = Some("out.json".into()))),
        ("--color", "auto", set(|o| o.output.color = ColorChoice::Auto)),
        ("--color", "always", set(|o| o.output.color = ColorChoice::Always)),
        ("--color", "never", set(|o| o.output.color = ColorChoice::Never)),
        ("--max-time", "2.5", Options { config: BenchOptions { max_time: Some(2.5), ..BenchOptions::NONE }, ..d() }),
        ("--max-time", "1e-3", Options { config: BenchOptions { max_time: Some(0.001), ..BenchOptions::NONE }, ..d() }),
        ("--min-rounds", "2", Options { config: BenchOptions { min_rounds: Some(2), ..BenchOptions::NONE }, ..d() }),
        ("--max-rounds", "1", Options { config: BenchOptions { max_rounds: Some(1), ..BenchOptions::NONE }, ..d() }),
        ("--target-precision", "0.01", Options { config: BenchOptions { target_precision: Some(0.01), ..BenchOptions::NONE }, ..d() }),
        ("--noise-threshold", "0", Options { config: BenchOptions { noise_threshold: Some(0.0), ..BenchOptions::NONE }, ..d() }),
        ("--noise-threshold", "0.02", Options { config: BenchOptions { noise_threshold: Some(0.02), ..BenchOptions::NONE }, ..d() }),
        ("--seed", "42", set(|o| o.engine.seed = Some(42))),
        ("--seed", "0x2A", set(|o| o.engine.seed = Some(42))),
        ("--seed", "0XfF", set(|o| o.engine.seed = Some(255))),
        ("--seed", "18446744073709551615", set(|o| o.engine.seed = Some(u64::MAX))),
        ("--test-threads", "4", d()),
    ]
}

#[test]
fn no_arguments_give_defaults() {
    assert_eq!(ok(&[]), d());
    assert_eq!(d().mode, Mode::Test);
}

#[test]
fn value_flags_in_both_forms() {
    for (flag, value, expected) in value_cases() {
        assert_eq!(ok(&[flag, value]), expected, "{flag} {value}");
        let joined = format!("{flag}={value}");
        assert_eq!(ok(&[&joined]), expected, "{joined}");
    }
}

#[test]
fn value_after_equals_may_contain_equals_and_dashes() {
    assert_eq!(ok(&["--skip=a=b"]).selection.skip, ["a=b"]);
    assert_eq!(ok(&["--skip=--x"]).selection.skip, ["--x"]);
    assert_eq!(ok(&["--skip=-q"]).selection.skip, ["-q"]);
    // A single-dash value that is not a known short flag is taken as is.
    assert_eq!(ok(&["--skip", "-foo"]).selection.skip, ["-foo"]);
}

#[test]
fn switches() {
    assert_eq!(ok(&["--exact"]), set(|o| o.selection.exact = true));
    assert_eq!(ok(&["--list"]), Options { list: true, ..d() });
    assert_eq!(ok(&["--ignored"]), set(|o| o.selection.ignored = true));
    assert_eq!(
        ok(&["--include-ignored"]),
        set(|o| o.selection.include_ignored = true)
    );
    assert_eq!(ok(&["--quiet"]), set(|o| o.output.quiet = true));
    assert_eq!(ok(&["-q"]), set(|o| o.output.quiet = true));
    assert_eq!(
        ok(&["--list", "--format", "terse"]).output.format,
        Format::Terse
    );
    assert_eq!(
        ok(&["--format=terse", "--list"]).output.format,
        Format::Terse
    );
}

#[test]
fn libtest_noops_are_accepted() {
    assert_eq!(
        ok(&["--nocapture", "--show-output", "--test-threads", "1"]),
        d()
    );
    assert_eq!(ok(&["--test-threads=whatever"]), d());
    assert_eq!(
        err(&["--test-threads"]),
        "`--test-threads` needs a value (N)"
    );
    assert_eq!(
        err(&["--nocapture=1"]),
        "`--nocapture` takes no value (got `--nocapture=1`)"
    );
}

#[test]
fn mode_test_by_default_bench_with_bench_and_test_wins() {
    assert_eq!(ok(&[]).mode, Mode::Test);
    assert_eq!(ok(&["--test"]).mode, Mode::Test);
    assert_eq!(ok(&["--bench"]).mode, Mode::Bench);
    assert_eq!(ok(&["--bench", "--test"]).mode, Mode::Test);
    assert_eq!(ok(&["--test", "--bench"]).mode, Mode::Test);
    assert_eq!(ok(&["--bench", "--bench"]).mode, Mode::Bench);
}

#[test]
fn help_wins_over_everything_before_double_dash() {
    let help = Options { help: true, ..d() };
    assert_eq!(ok(&["--help"]), help);
    assert_eq!(ok(&["-h"]), help);
    assert_eq!(ok(&["--bogus", "--max-time", "x", "-h"]), help);
    assert_eq!(env_ok(&["--help"], &[("ZENBENCH_SEED", "nope")]), help);
    // After `--` it is a filter.
    assert_eq!(ok(&["--", "--help"]).selection.filters, ["--help"]);
    assert!(!ok(&["--", "-h"]).help);
    assert_eq!(
        err(&["--help=yes"]),
        "`--help` takes no value (got `--help=yes`)"
    );
}

// --- positionals and `--` -----------------------------------------------

#[test]
fn positionals_are_filters_and_double_dash_ends_flags() {
    assert_eq!(
        ok(&["sort", "hash/64"]).selection.filters,
        ["sort", "hash/64"]
    );
    assert_eq!(ok(&["-"]).selection.filters, ["-"]);
    assert_eq!(ok(&[""]).selection.filters, [""]);
    let opts = ok(&["a", "--exact", "--", "--list", "-q", "--", "b"]);
    assert_eq!(opts.selection.filters, ["a", "--list", "-q", "--", "b"]);
    assert!(opts.selection.exact);
    assert!(!opts.list);
    assert!(!opts.output.quiet);
    assert_eq!(ok(&["--"]), d());
    // Flags and filters mix freely.
    let opts = ok(&["x", "--bench", "y"]);
    assert_eq!(opts.selection.filters, ["x", "y"]);
    assert_eq!(opts.mode, Mode::Bench);
}

#[test]
fn repeated_scalar_flags_last_wins_and_skip_accumulates() {
    assert_eq!(
        ok(&["--max-time", "1", "--max-time=2"]).config.max_time,
        Some(2.0)
    );
    assert_eq!(
        ok(&["--format", "json", "--format", "pretty"])
            .output
            .format,
        Format::Pretty
    );
    assert_eq!(ok(&["--seed", "1", "--seed", "2"]).engine.seed, Some(2));
    assert_eq!(ok(&["--skip", "a", "--skip=b"]).selection.skip, ["a", "b"]);
    assert!(ok(&["-q", "--quiet"]).output.quiet);
}

// --- errors ------------------------------------------------------------

#[test]
fn unknown_flags_suggest_the_nearest() {
    let cases = [
        ("--max-tme", "--max-time"),
        ("--max_time", "--max-time"),
        ("--maxtime", "--max-time"),
        ("--colour", "--color"),
        ("--bnech", "--bench"),
        ("--lst", "--list"),
        ("--ignore", "--ignored"),
        ("--nocaptrue", "--nocapture"),
        ("--Exact", "--exact"),
        ("-exact", "--exact"),
        ("--min-round", "--min-rounds"),
        ("--noise-treshold", "--noise-threshold"),
        ("--save-baselin", "--save-baseline"),
        ("--json", "--format json"),
        ("--csv", "--format csv"),
        ("--md", "--format md"),
    ];
    for (typed, near) in cases {
        assert_eq!(
            err(&[typed]),
            format!("unknown flag `{typed}`; did you mean `{near}`?"),
            "{typed}"
        );
    }
    // The value is not part of the flag's name.
    assert_eq!(
        err(&["--max-tme=3"]),
        "unknown flag `--max-tme`; did you mean `--max-time`?"
    );
}

#[test]
fn unknown_flags_far_from_any_point_to_help() {
    for typed in ["--frobnicate", "--verbose", "-x", "-v", "-qq", "--x", "---"] {
        assert_eq!(
            err(&[typed]),
            format!("unknown flag `{typed}`; run with `--help` to see the flags"),
            "{typed}"
        );
    }
}

#[test]
fn missing_values() {
    assert_eq!(err(&["--max-time"]), "`--max-time` needs a value (SECS)");
    assert_eq!(err(&["--skip"]), "`--skip` needs a value (REGEX)");
    assert_eq!(err(&["--format"]), "`--format` needs a value (FORMAT)");
    assert_eq!(err(&["--output="]), "`--output` needs a value (FILE)");
    assert_eq!(err(&["--seed="]), "`--seed` needs a value (N)");
    assert_eq!(
        err(&["--max-time", "--exact"]),
        "`--max-time` needs a value (SECS), found flag `--exact`; \
         write `--max-time=--exact` if that is the value"
    );
    assert_eq!(
        err(&["--skip", "-q"]),
        "`--skip` needs a value (REGEX), found flag `-q`; write `--skip=-q` if that is the value"
    );
    assert_eq!(
        err(&["--skip", "--"]),
        "`--skip` needs a value (REGEX), found flag `--`; write `--skip=--` if that is the value"
    );
}

#[test]
fn switches_take_no_value() {
    assert_eq!(
        err(&["--exact=1"]),
        "`--exact` takes no value (got `--exact=1`)"
    );
    assert_eq!(err(&["-q=1"]), "`-q` takes no value (got `-q=1`)");
}

#[test]
#[rustfmt::skip]
fn bad_values_name_flag_value_and_expectation() {
    const SECS: &str = "expected seconds, a finite number > 0";
    const SEED: &str = "expected an unsigned 64-bit integer, decimal or 0x hex";
    const NOISE: &str = "expected a number in [0, 1); a fraction: 0.01 means 1%";
    const PRECISION: &str = "expected a number in (0, 1); a fraction: 0.01 means 1%";
    let cases: &[(&[&str], &str, &str)] = &[
        (&["--max-time", "abc"], "`abc` for `--max-time`", SECS),
        (&["--max-time", "0"], "`0` for `--max-time`", SECS),
        (&["--max-time=-1"], "`-1` for `--max-time`", SECS),
        (&["--max-time", "-1"], "`-1` for `--max-time`", SECS),
        (&["--max-time", "inf"], "`inf` for `--max-time`", SECS),
        (&["--max-time", "NaN"], "`NaN` for `--max-time`", SECS),
        (&["--min-rounds", "1"], "`1` for `--min-rounds`", "expected a whole number >= 2"),
        (&["--min-rounds", "2.5"], "`2.5` for `--min-rounds`", "expected a whole number >= 2"),
        (&["--max-rounds", "0"], "`0` for `--max-rounds`", "expected a whole number >= 1"),
        (&["--max-rounds", "-3"], "`-3` for `--max-rounds`", "expected a whole number >= 1"),
        (&["--seed", "x"], "`x` for `--seed`", SEED),
        (&["--seed", "0x"], "`0x` for `--seed`", SEED),
        (&["--seed", "0x+1"], "`0x+1` for `--seed`", SEED),
        (&["--seed", "+1"], "`+1` for `--seed`", SEED),
        (&["--seed", "18446744073709551616"], "`18446744073709551616` for `--seed`", SEED),
        (&["--seed", "0x10000000000000000"], "`0x10000000000000000` for `--seed`", SEED),
        (&["--color", "sometimes"], "`sometimes` for `--color`", "expected auto, always or never"),
        (&["--format", "xml"], "`xml` for `--format`",
            "expected pretty, json, md, csv, llm, bmf, html or terse (terse only with `--list`)"),
        (&["--output", ""], "`` for `--output`", "expected a file path"),
        (&["--noise-threshold", "1"], "`1` for `--noise-threshold`", NOISE),
        (&["--noise-threshold", "5"], "`5` for `--noise-threshold`", NOISE),
        (&["--noise-threshold=-0.1"], "`-0.1` for `--noise-threshold`", NOISE),
        (&["--noise-threshold", "1%"], "`1%` for `--noise-threshold`", NOISE),
        (&["--target-precision", "0"], "`0` for `--target-precision`", PRECISION),
        (&["--target-precision", "1"], "`1` for `--target-precision`", PRECISION),
        (&["--target-precision", "nan"], "`nan` for `--target-precision`", PRECISION),
    ];
    for (args, what, expected) in cases {
        assert_eq!(err(args), format!("invalid value {what}: {expected}"), "{args:?}");
    }
    assert_eq!(ok(&["--noise-threshold", "0.999"]).config.noise_threshold, Some(0.999));
    assert_eq!(ok(&["--target-precision", " 0.5 "]).config.target_precision, Some(0.5));
}

#[test]
fn messages_stay_on_one_line() {
    let message = err(&["--max-time", "1\n2"]);
    assert_eq!(
        message,
        "invalid value `1\\n2` for `--max-time`: expected seconds, a finite number > 0"
    );
    assert!(!err(&["--bad\nflag"]).contains('\n'));
    assert!(!err(&["(\n"]).contains('\n'));
}

#[test]
fn rounds_max_must_not_be_below_min() {
    assert_eq!(
        err(&["--min-rounds", "10", "--max-rounds", "5"]),
        "invalid value `5` for `--max-rounds`: expected a whole number >= `--min-rounds` (10)"
    );
    let opts = ok(&["--min-rounds", "5", "--max-rounds", "5"]);
    assert_eq!(
        (opts.config.min_rounds, opts.config.max_rounds),
        (Some(5), Some(5))
    );
    assert_eq!(
        env_err(&["--max-rounds=3"], &[("ZENBENCH_MIN_ROUNDS", "4")]),
        "invalid value `3` for `--max-rounds`: expected a whole number >= `ZENBENCH_MIN_ROUNDS` (4)"
    );
    assert_eq!(
        env_err(&["--min-rounds=4"], &[("ZENBENCH_MAX_ROUNDS", "3")]),
        "invalid value `3` for `ZENBENCH_MAX_ROUNDS`: expected a whole number >= `--min-rounds` (4)"
    );
}

#[test]
fn terse_needs_list() {
    assert_eq!(
        err(&["--format", "terse"]),
        "`--format terse` is only valid with `--list`"
    );
    assert_eq!(
        env_err(&[], &[("ZENBENCH_FORMAT", "terse")]),
        "`ZENBENCH_FORMAT=terse` is only valid with `--list`"
    );
    assert_eq!(
        env_ok(&["--list"], &[("ZENBENCH_FORMAT", "terse")])
            .output
            .format,
        Format::Terse
    );
    assert_eq!(
        ok(&["--list", "--format", "json"]).output.format,
        Format::Json
    );
}

#[test]
fn ignored_and_include_ignored_conflict() {
    assert_eq!(
        err(&["--ignored", "--include-ignored"]),
        "`--ignored` and `--include-ignored` cannot be used together"
    );
    assert_eq!(
        env_err(
            &[],
            &[("ZENBENCH_IGNORED", "1"), ("ZENBENCH_INCLUDE_IGNORED", "1")]
        ),
        "`ZENBENCH_IGNORED` and `ZENBENCH_INCLUDE_IGNORED` cannot be used together"
    );
    // The command line wins over a conflicting variable.
    let opts = env_ok(&["--ignored"], &[("ZENBENCH_INCLUDE_IGNORED", "1")]);
    assert!(opts.selection.ignored && !opts.selection.include_ignored);
    let opts = env_ok(&["--include-ignored"], &[("ZENBENCH_IGNORED", "yes")]);
    assert!(!opts.selection.ignored && opts.selection.include_ignored);
}

#[test]
fn baseline_flags_check_names_and_percentages_before_anything_runs() {
    let opts = ok(&[
        "--baseline=main",
        "--save-baseline",
        "pr-42.head",
        "--max-regression",
        "2.5%",
        "--baseline-noise=1",
        "--update-on-pass",
        "--cross-testbed",
        "--no-history",
    ]);
    assert_eq!(opts.baselines.compare.as_deref(), Some("main"));
    assert_eq!(opts.baselines.save.as_deref(), Some("pr-42.head"));
    assert_eq!(opts.baselines.max_regression, Some(2.5));
    assert_eq!(opts.baselines.noise, Some(1.0));
    assert!(
        opts.baselines.update_on_pass && opts.baselines.cross_testbed && opts.baselines.no_history
    );
    for (name, why) in [
        ("../x", "letters, digits, `.`, `_` and `-` only"),
        ("a/b", "letters, digits, `.`, `_` and `-` only"),
        ("..", "not `.` or `..`"),
        (".", "not `.` or `..`"),
    ] {
        assert_eq!(
            err(&["--save-baseline", name]),
            format!(
                "invalid value `{name}` for `--save-baseline`: expected a baseline name ({why})"
            )
        );
    }
    assert_eq!(err(&["--baseline="]), "`--baseline` needs a value (NAME)");
    assert_eq!(
        env_err(&[], &[("ZENBENCH_BASELINE", &"x".repeat(65))]),
        format!(
            "invalid value `{}` for `ZENBENCH_BASELINE`: expected a baseline name (1 to 64 characters)",
            "x".repeat(65)
        )
    );
    for bad in ["-1", "abc", "NaN", "1001"] {
        assert_eq!(
            err(&[&format!("--max-regression={bad}")]),
            format!("invalid value `{bad}` for `--max-regression`: expected a percentage from 0 to 1000")
        );
    }
    // `--confirm`: a count from 0 (never) to 100, the flag or its variable.
    assert_eq!(ok(&[]).baselines.confirm, None);
    assert_eq!(ok(&["--confirm", "0"]).baselines.confirm, Some(0));
    assert_eq!(
        env_ok(&[], &[("ZENBENCH_CONFIRM", "4")]).baselines.confirm,
        Some(4)
    );
    for bad in ["-1", "two", "101", "1.5"] {
        assert_eq!(
            err(&[&format!("--confirm={bad}")]),
            format!(
                "invalid value `{bad}` for `--confirm`: expected a whole number from 0 (never) to 100"
            )
        );
    }
    assert_eq!(
        err(&["--update-on-pass"]),
        "`--update-on-pass` needs `--baseline NAME`: it replaces that baseline when nothing regressed"
    );
    assert_eq!(
        env_err(&["--save-baseline", "x"], &[("ZENBENCH_UPDATE_ON_PASS", "1")]),
        "`ZENBENCH_UPDATE_ON_PASS` needs `--baseline NAME`: it replaces that baseline when nothing regressed"
    );
}

#[test]
fn repetition_flags_take_one_of_each_kind_and_n_from_1() {
    let opts = ok(&[
        "--median-of-processes",
        "5",
        "--best-of-passes=2",
        "--process-timeout",
        "30",
    ]);
    assert_eq!(
        opts.repetition.processes,
        Some(Repeat {
            how: Aggregation::Median,
            count: 5
        })
    );
    assert_eq!(
        opts.repetition.passes,
        Some(Repeat {
            how: Aggregation::Best,
            count: 2
        })
    );
    assert_eq!(opts.repetition.process_timeout, Some(30.0));
    assert_eq!(
        err(&["--best-of-processes", "0"]),
        "invalid value `0` for `--best-of-processes`: expected a whole number from 1 to 10000"
    );
    assert_eq!(
        err(&["--best-of-processes", "3", "--mean-of-processes", "2"]),
        "`--best-of-processes` and `--mean-of-processes` cannot be used together"
    );
    assert_eq!(
        env_err(
            &[],
            &[
                ("ZENBENCH_MEAN_OF_PASSES", "2"),
                ("ZENBENCH_BEST_OF_PASSES", "2")
            ]
        ),
        "`ZENBENCH_BEST_OF_PASSES` and `ZENBENCH_MEAN_OF_PASSES` cannot be used together"
    );
    // The command line wins over a variable of the same set.
    let opts = env_ok(
        &["--mean-of-processes=4"],
        &[("ZENBENCH_BEST_OF_PROCESSES", "2")],
    );
    assert_eq!(
        opts.repetition.processes,
        Some(Repeat {
            how: Aggregation::Mean,
            count: 4
        })
    );
    assert_eq!(
        err(&["--process-timeout", "-1"]),
        "invalid value `-1` for `--process-timeout`: expected seconds, a finite number > 0"
    );
}

#[test]
fn partition_reads_both_kinds_and_a_bad_value_is_one_line_naming_the_problem() {
    let p = ok(&["--partition", "count:2/3"])
        .selection
        .partition
        .unwrap();
    assert_eq!(p.to_string(), "count:2/3");
    let p = ok(&["--partition=hash:1/1"]).selection.partition.unwrap();
    assert_eq!(p.to_string(), "hash:1/1");
    // The command line wins over the variable; the variable alone counts.
    let opts = env_ok(
        &["--partition", "hash:1/2"],
        &[("ZENBENCH_PARTITION", "count:9/9")],
    );
    assert_eq!(opts.selection.partition.unwrap().to_string(), "hash:1/2");
    for (value, says) in [
        ("count:0/3", "part 0: K counts from 1"),
        ("count:4/3", "part 4 of 3: K is at most N"),
        ("hash:1/0", "N is 0"),
        ("foo:1/2", "unknown kind `foo`"),
        ("count:x/3", "K and N are whole numbers"),
        ("3", "expected count:K/N or hash:K/N"),
    ] {
        let e = err(&["--partition", value]);
        assert!(
            e.starts_with(&format!("invalid value `{value}` for `--partition`: ")),
            "{e}"
        );
        assert!(e.contains(says) && !e.contains('\n'), "{value}: {e}");
    }
    let e = env_err(&[], &[("ZENBENCH_PARTITION", "count:4/3")]);
    assert_eq!(
        e,
        "invalid value `count:4/3` for `ZENBENCH_PARTITION`: part 4 of 3: K is at most N"
    );
}
