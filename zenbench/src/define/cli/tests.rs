//! Unit tests of the command-line parser.

use super::flags::{edit_distance, LATER_FORMATS};
use super::*;
use crate::define::options::ColorChoice;
use crate::define::table::BenchOptions;

fn no_env(_: &str) -> Option<String> {
    None
}

fn ok(args: &[&str]) -> Options {
    parse(args, &no_env).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn err(args: &[&str]) -> String {
    match parse(args, &no_env) {
        Ok(opts) => panic!("{args:?} parsed: {opts:?}"),
        Err(e) => e.to_string(),
    }
}

fn with_env(args: &[&str], vars: &[(&str, &str)]) -> Result<Options, Error> {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    parse(args, &lookup)
}

fn env_ok(args: &[&str], vars: &[(&str, &str)]) -> Options {
    with_env(args, vars).unwrap_or_else(|e| panic!("{args:?} {vars:?}: {e}"))
}

fn env_err(args: &[&str], vars: &[(&str, &str)]) -> String {
    with_env(args, vars).unwrap_err().to_string()
}

fn d() -> Options {
    Options::default()
}

// --- every flag, both forms -------------------------------------------

/// (flag, value, expected options).
#[rustfmt::skip]
fn value_cases() -> Vec<(&'static str, &'static str, Options)> {
    vec![
        ("--skip", "radix", Options { skip: vec!["radix".into()], ..d() }),
        ("--format", "pretty", Options { format: Format::Pretty, ..d() }),
        ("--format", "json", Options { format: Format::Json, ..d() }),
        ("--format", "JSON", Options { format: Format::Json, ..d() }),
        ("--output", "out.json", Options { output: Some("out.json".into()), ..d() }),
        ("--color", "auto", Options { color: ColorChoice::Auto, ..d() }),
        ("--color", "always", Options { color: ColorChoice::Always, ..d() }),
        ("--color", "never", Options { color: ColorChoice::Never, ..d() }),
        ("--max-time", "2.5", Options { config: BenchOptions { max_time: Some(2.5), ..BenchOptions::NONE }, ..d() }),
        ("--max-time", "1e-3", Options { config: BenchOptions { max_time: Some(0.001), ..BenchOptions::NONE }, ..d() }),
        ("--min-rounds", "2", Options { config: BenchOptions { min_rounds: Some(2), ..BenchOptions::NONE }, ..d() }),
        ("--max-rounds", "1", Options { config: BenchOptions { max_rounds: Some(1), ..BenchOptions::NONE }, ..d() }),
        ("--target-precision", "0.01", Options { config: BenchOptions { target_precision: Some(0.01), ..BenchOptions::NONE }, ..d() }),
        ("--noise-threshold", "0", Options { config: BenchOptions { noise_threshold: Some(0.0), ..BenchOptions::NONE }, ..d() }),
        ("--noise-threshold", "0.02", Options { config: BenchOptions { noise_threshold: Some(0.02), ..BenchOptions::NONE }, ..d() }),
        ("--seed", "42", Options { seed: Some(42), ..d() }),
        ("--seed", "0x2A", Options { seed: Some(42), ..d() }),
        ("--seed", "0XfF", Options { seed: Some(255), ..d() }),
        ("--seed", "18446744073709551615", Options { seed: Some(u64::MAX), ..d() }),
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
    assert_eq!(ok(&["--skip=a=b"]).skip, ["a=b"]);
    assert_eq!(ok(&["--skip=--x"]).skip, ["--x"]);
    assert_eq!(ok(&["--skip=-q"]).skip, ["-q"]);
    // A single-dash value that is not a known short flag is taken as is.
    assert_eq!(ok(&["--skip", "-foo"]).skip, ["-foo"]);
}

#[test]
fn switches() {
    assert_eq!(ok(&["--exact"]), Options { exact: true, ..d() });
    assert_eq!(ok(&["--list"]), Options { list: true, ..d() });
    assert_eq!(
        ok(&["--ignored"]),
        Options {
            ignored: true,
            ..d()
        }
    );
    assert_eq!(
        ok(&["--include-ignored"]),
        Options {
            include_ignored: true,
            ..d()
        }
    );
    assert_eq!(ok(&["--quiet"]), Options { quiet: true, ..d() });
    assert_eq!(ok(&["-q"]), Options { quiet: true, ..d() });
    assert_eq!(ok(&["--list", "--format", "terse"]).format, Format::Terse);
    assert_eq!(ok(&["--format=terse", "--list"]).format, Format::Terse);
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
    assert_eq!(ok(&["--", "--help"]).filters, ["--help"]);
    assert!(!ok(&["--", "-h"]).help);
    assert_eq!(
        err(&["--help=yes"]),
        "`--help` takes no value (got `--help=yes`)"
    );
}

// --- positionals and `--` -----------------------------------------------

#[test]
fn positionals_are_filters_and_double_dash_ends_flags() {
    assert_eq!(ok(&["sort", "hash/64"]).filters, ["sort", "hash/64"]);
    assert_eq!(ok(&["-"]).filters, ["-"]);
    assert_eq!(ok(&[""]).filters, [""]);
    let opts = ok(&["a", "--exact", "--", "--list", "-q", "--", "b"]);
    assert_eq!(opts.filters, ["a", "--list", "-q", "--", "b"]);
    assert!(opts.exact);
    assert!(!opts.list);
    assert!(!opts.quiet);
    assert_eq!(ok(&["--"]), d());
    // Flags and filters mix freely.
    let opts = ok(&["x", "--bench", "y"]);
    assert_eq!(opts.filters, ["x", "y"]);
    assert_eq!(opts.mode, Mode::Bench);
}

#[test]
fn repeated_scalar_flags_last_wins_and_skip_accumulates() {
    assert_eq!(
        ok(&["--max-time", "1", "--max-time=2"]).config.max_time,
        Some(2.0)
    );
    assert_eq!(
        ok(&["--format", "json", "--format", "pretty"]).format,
        Format::Pretty
    );
    assert_eq!(ok(&["--seed", "1", "--seed", "2"]).seed, Some(2));
    assert_eq!(ok(&["--skip", "a", "--skip=b"]).skip, ["a", "b"]);
    assert!(ok(&["-q", "--quiet"]).quiet);
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
            "expected pretty, json or terse (terse only with `--list`)"),
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
        env_ok(&["--list"], &[("ZENBENCH_FORMAT", "terse")]).format,
        Format::Terse
    );
    assert_eq!(ok(&["--list", "--format", "json"]).format, Format::Json);
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
    assert!(opts.ignored && !opts.include_ignored);
    let opts = env_ok(&["--include-ignored"], &[("ZENBENCH_IGNORED", "yes")]);
    assert!(!opts.ignored && opts.include_ignored);
}

const LATER_FLAGS: &[(&str, Option<&str>)] = &[
    ("--save-baseline", Some("main")),
    ("--baseline", Some("main")),
    ("--max-regression", Some("5")),
    ("--update-on-pass", None),
    ("--best-of-processes", Some("3")),
    ("--mean-of-processes", Some("3")),
    ("--median-of-processes", Some("3")),
    ("--best-of-passes", Some("3")),
];

#[test]
fn design_flags_of_later_versions_are_clear_errors() {
    for (flag, value) in LATER_FLAGS {
        let expected = format!("`{flag}` is not supported by this version of zenbench");
        assert_eq!(err(&[flag]), expected);
        if let Some(value) = value {
            assert_eq!(err(&[flag, value]), expected);
            assert_eq!(err(&[&format!("{flag}={value}")]), expected);
        }
    }
    for format in ["csv", "md", "llm", "html", "bmf", "CSV"] {
        assert_eq!(
            err(&["--format", format]),
            format!("`--format {format}` is not supported by this version of zenbench")
        );
        assert_eq!(
            env_err(&[], &[("ZENBENCH_FORMAT", format)]),
            format!("`ZENBENCH_FORMAT={format}` is not supported by this version of zenbench")
        );
    }
}

#[test]
fn design_variables_of_later_versions_are_clear_errors() {
    for (flag, value) in LATER_FLAGS {
        let var = format!("ZENBENCH_{}", flag[2..].to_uppercase().replace('-', "_"));
        let value = value.unwrap_or("1");
        assert_eq!(
            env_err(&[], &[(&var, value)]),
            format!("`{var}` is not supported by this version of zenbench")
        );
    }
    // Switched off is accepted for a later switch: it is the default.
    assert_eq!(env_ok(&[], &[("ZENBENCH_UPDATE_ON_PASS", "0")]), d());
    assert_eq!(env_ok(&[], &[("ZENBENCH_NO_GATE", "0")]), d());
    assert_eq!(
        env_err(&[], &[("ZENBENCH_NO_GATE", "maybe")]),
        "invalid value `maybe` for `ZENBENCH_NO_GATE`: expected 1/true/yes/on or 0/false/no/off"
    );
}

// --- environment --------------------------------------------------------

#[test]
#[rustfmt::skip]
fn every_option_reads_its_variable() {
    let cases: Vec<(&str, &str, Options)> = vec![
        ("ZENBENCH_SKIP", "radix", Options { skip: vec!["radix".into()], ..d() }),
        ("ZENBENCH_EXACT", "1", Options { exact: true, ..d() }),
        ("ZENBENCH_IGNORED", "true", Options { ignored: true, ..d() }),
        ("ZENBENCH_INCLUDE_IGNORED", "on", Options { include_ignored: true, ..d() }),
        ("ZENBENCH_FORMAT", "json", Options { format: Format::Json, ..d() }),
        ("ZENBENCH_OUTPUT", "r.json", Options { output: Some("r.json".into()), ..d() }),
        ("ZENBENCH_COLOR", "never", Options { color: ColorChoice::Never, ..d() }),
        ("ZENBENCH_QUIET", "yes", Options { quiet: true, ..d() }),
        ("ZENBENCH_MAX_TIME", "3", Options { config: BenchOptions { max_time: Some(3.0), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_MIN_ROUNDS", "7", Options { config: BenchOptions { min_rounds: Some(7), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_MAX_ROUNDS", "9", Options { config: BenchOptions { max_rounds: Some(9), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_TARGET_PRECISION", "0.02", Options { config: BenchOptions { target_precision: Some(0.02), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_NOISE_THRESHOLD", "0.03", Options { config: BenchOptions { noise_threshold: Some(0.03), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_SEED", "0x10", Options { seed: Some(16), ..d() }),
        ("ZENBENCH_CACHE_FIREWALL", "1", Options { config: BenchOptions { cache_firewall: Some(true), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_TIMER", "os", Options { timer: crate::TimerChoice::Os, ..d() }),
        ("ZENBENCH_NO_GATE", "1", Options { no_gate: true, ..d() }),
    ];
    for (var, value, expected) in cases {
        assert_eq!(env_ok(&[], &[(var, value)]), expected, "{var}={value}");
    }
}

#[test]
fn the_command_line_wins_over_the_environment() {
    let env = [
        ("ZENBENCH_MAX_TIME", "3"),
        ("ZENBENCH_FORMAT", "json"),
        ("ZENBENCH_SEED", "1"),
        ("ZENBENCH_SKIP", "env"),
        ("ZENBENCH_COLOR", "always"),
    ];
    let opts = env_ok(
        &[
            "--max-time=5",
            "--format",
            "pretty",
            "--seed",
            "2",
            "--skip",
            "cli",
        ],
        &env,
    );
    assert_eq!(opts.config.max_time, Some(5.0));
    assert_eq!(opts.format, Format::Pretty);
    assert_eq!(opts.seed, Some(2));
    assert_eq!(opts.skip, ["cli"]);
    assert_eq!(opts.color, ColorChoice::Always);
    // A variable overridden by its flag is not even checked.
    let opts = env_ok(&["--max-time", "1"], &[("ZENBENCH_MAX_TIME", "junk")]);
    assert_eq!(opts.config.max_time, Some(1.0));
    // A switch flag wins over a variable that turns it off.
    assert!(env_ok(&["-q"], &[("ZENBENCH_QUIET", "0")]).quiet);
    assert!(env_ok(&["--exact"], &[("ZENBENCH_EXACT", "off")]).exact);
}

#[test]
fn boolean_variables() {
    for on in ["1", "true", "TRUE", "Yes", "on", "ON", " on "] {
        assert!(env_ok(&[], &[("ZENBENCH_QUIET", on)]).quiet, "{on}");
    }
    for off in ["0", "false", "False", "no", "NO", "off", "Off"] {
        assert!(!env_ok(&[], &[("ZENBENCH_QUIET", off)]).quiet, "{off}");
    }
    for bad in ["2", "y", "enabled", "tru"] {
        assert_eq!(
            env_err(&[], &[("ZENBENCH_EXACT", bad)]),
            format!(
                "invalid value `{bad}` for `ZENBENCH_EXACT`: \
                 expected 1/true/yes/on or 0/false/no/off"
            )
        );
    }
}

#[test]
#[rustfmt::skip]
fn bad_variables_name_the_variable() {
    let cases = [
        ("ZENBENCH_MAX_TIME", "soon", "expected seconds, a finite number > 0"),
        ("ZENBENCH_SEED", "-1", "expected an unsigned 64-bit integer, decimal or 0x hex"),
        ("ZENBENCH_COLOR", "red", "expected auto, always or never"),
        ("ZENBENCH_NOISE_THRESHOLD", "2", "expected a number in [0, 1); a fraction: 0.01 means 1%"),
        ("ZENBENCH_MIN_ROUNDS", "1", "expected a whole number >= 2"),
    ];
    for (var, value, expected) in cases {
        assert_eq!(
            env_err(&[], &[(var, value)]),
            format!("invalid value `{value}` for `{var}`: {expected}"),
        );
    }
    assert_eq!(
        env_err(&[], &[("ZENBENCH_SKIP", "(")]),
        "invalid regex `(` for `ZENBENCH_SKIP`: found open group without closing ')'"
    );
}

#[test]
fn empty_variables_count_as_unset() {
    let env = [
        ("ZENBENCH_MAX_TIME", ""),
        ("ZENBENCH_QUIET", ""),
        ("ZENBENCH_SKIP", ""),
    ];
    assert_eq!(env_ok(&[], &env), d());
}

#[test]
fn command_line_only_flags_ignore_the_environment() {
    let env = [
        ("ZENBENCH_LIST", "1"),
        ("ZENBENCH_HELP", "1"),
        ("ZENBENCH_BENCH", "1"),
        ("ZENBENCH_TEST", "1"),
        ("ZENBENCH_NOCAPTURE", "junk"),
        ("ZENBENCH_SHOW_OUTPUT", "junk"),
        ("ZENBENCH_TEST_THREADS", "junk"),
        ("ZENBENCH_FILTER", "x"),
        ("ZENBENCH_FILTERS", "x"),
        ("ZENBENCH_SUBPROCESS", "1"),
        ("ZENBENCH_RESULT_PATH", "/tmp/x"),
        ("ZENBENCH_HOME", "/tmp"),
    ];
    assert_eq!(env_ok(&[], &env), d());
    assert_eq!(
        env_ok(&["--bench"], &[("ZENBENCH_TEST", "1")]).mode,
        Mode::Bench
    );
}

#[test]
fn only_table_variables_are_read() {
    let asked = std::cell::RefCell::new(Vec::<String>::new());
    let lookup = |name: &str| {
        asked.borrow_mut().push(name.to_owned());
        None
    };
    parse(Vec::<String>::new(), &lookup).unwrap();
    let asked = asked.into_inner();
    let expected: Vec<String> = FLAGS.iter().filter(|f| f.env).map(Flag::env_var).collect();
    assert_eq!(asked, expected);
    for internal in [
        "ZENBENCH_SUBPROCESS",
        "ZENBENCH_RESULT_PATH",
        "ZENBENCH_HOME",
    ] {
        assert!(!asked.iter().any(|a| a == internal));
    }
}

// --- filters ------------------------------------------------------------

fn filter(args: &[&str]) -> Filter {
    compile_filters(&ok(args)).unwrap()
}

#[test]
fn no_filter_selects_everything() {
    let f = filter(&[]);
    assert!(f.matches("sort/std_sort"));
    assert!(f.matches(""));
    assert!(Filter::default().matches("anything"));
}

#[test]
fn filters_are_regexes_and_any_match_selects() {
    let f = filter(&["^sort/", "64$"]);
    assert!(f.matches("sort/radix"));
    assert!(f.matches("hash/64"));
    assert!(!f.matches("hash/4096"));
    assert!(!f.matches("resort/x"));
    // Unanchored: a regex matches anywhere in the name.
    let f = filter(&["rad"]);
    assert!(f.matches("sort/radix"));
    assert!(!f.matches("sort/std"));
}

#[test]
fn skip_removes_matches() {
    let f = filter(&["sort", "--skip", "radix", "--skip=std_sort$"]);
    assert!(!f.matches("sort/radix"));
    assert!(!f.matches("sort/std_sort"));
    assert!(f.matches("sort/std_sort_by"));
    assert!(!f.matches("hash/64"));
    // Skip alone: everything but the skipped.
    let f = filter(&["--skip", "^hash/"]);
    assert!(f.matches("sort/radix"));
    assert!(!f.matches("hash/64"));
}

#[test]
fn exact_matches_whole_names_literally_for_filters_and_skip() {
    let f = filter(&["--exact", "sort/radix", "hash/(64)"]);
    assert!(f.matches("sort/radix"));
    assert!(!f.matches("sort/radix2"));
    assert!(!f.matches("xsort/radix"));
    assert!(f.matches("hash/(64)"));
    assert!(!f.matches("hash/64"));
    let f = filter(&["--exact", "--skip", "sort/radix"]);
    assert!(!f.matches("sort/radix"));
    assert!(f.matches("sort/radix2"));
    assert!(f.matches("sort/std"));
}

#[test]
fn invalid_regexes_are_errors_naming_the_regex() {
    assert_eq!(
        err(&["sort", "("]),
        "invalid regex `(` as a FILTER: found open group without closing ')'"
    );
    assert_eq!(
        err(&["--skip", "a[", "x"]),
        "invalid regex `a[` for `--skip`: found unclosed character class"
    );
    // With --exact nothing is a regex.
    assert_eq!(ok(&["--exact", "(", "--skip=["]).filters, ["("]);
    // Options built by hand are checked by compile_filters.
    let opts = Options {
        filters: vec!["(".into()],
        ..d()
    };
    assert_eq!(
        compile_filters(&opts).unwrap_err().to_string(),
        "invalid regex `(` as a FILTER: found open group without closing ')'"
    );
    let opts = Options {
        skip: vec!["*".into()],
        ..d()
    };
    assert!(compile_filters(&opts)
        .unwrap_err()
        .to_string()
        .starts_with("invalid regex `*` for `--skip`: "));
}

// --- the table and the help --------------------------------------------

#[test]
fn table_names_are_unique_and_well_formed() {
    for (i, a) in FLAGS.iter().enumerate() {
        assert!(
            a.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            a.name
        );
        for b in &FLAGS[i + 1..] {
            assert_ne!(a.name, b.name);
            assert!(
                a.short.is_none() || a.short != b.short,
                "{} {}",
                a.name,
                b.name
            );
        }
    }
}

#[test]
fn every_supported_row_has_a_match_arm() {
    for flag in FLAGS.iter().filter(|f| f.support == Support::Yes) {
        let sample = match flag.value {
            None => Value::Switch(true),
            Some("SECS") => Value::Text("1"),
            Some("N") => Value::Text("3"),
            Some("F") => Value::Text("0.5"),
            Some("FORMAT") => Value::Text("json"),
            Some("WHEN") => Value::Text("never"),
            Some("KIND") => Value::Text("os"),
            Some(_) => Value::Text("x"),
        };
        let mut opts = d();
        apply(&mut opts, flag, sample, &Source::Flag(flag.name)).unwrap();
        if flag.name != "test" {
            assert_ne!(opts, d(), "--{} changed nothing", flag.name);
        }
    }
}

#[test]
fn help_documents_every_flag_variable_and_exit_code() {
    let help = help_text();
    for flag in FLAGS.iter() {
        assert!(help.contains(&flag.long()), "{}", flag.name);
        if let Some(value) = flag.value {
            assert!(
                help.contains(&format!("--{} {value}", flag.name)),
                "{}",
                flag.name
            );
        }
        if let Some(c) = flag.short {
            assert!(help.contains(&format!("-{c}, --{}", flag.name)));
        }
        if flag.env && flag.support == Support::Yes {
            assert!(help.contains(&flag.env_var()), "{}", flag.env_var());
        }
    }
    for format in LATER_FORMATS {
        assert!(help.contains(format));
    }
    for needle in [
        "Exit codes",
        "  0  success",
        "  1  a regression",
        "  2  usage",
        "FILTER",
        "`--`",
    ] {
        assert!(help.contains(needle), "{needle}");
    }
    for line in help.lines() {
        assert!(line.len() <= 100, "too long: {line}");
        assert_eq!(line, line.trim_end(), "trailing space: {line:?}");
    }
}

#[test]
fn edit_distance_counts_swaps_as_one() {
    assert_eq!(edit_distance("", ""), 0);
    assert_eq!(edit_distance("abc", ""), 3);
    assert_eq!(edit_distance("", "ab"), 2);
    assert_eq!(edit_distance("max-tme", "max-time"), 1);
    assert_eq!(edit_distance("bnech", "bench"), 1);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("ca", "abc"), 3);
}

#[test]
fn error_is_a_std_error_with_its_message() {
    let e = parse(["--nope"], &no_env).unwrap_err();
    let as_dyn: &dyn std::error::Error = &e;
    assert_eq!(as_dyn.to_string(), e.to_string());
    assert!(matches!(e, Error::Usage(_)));
    assert_eq!(e.exit_code(), 2);
}
