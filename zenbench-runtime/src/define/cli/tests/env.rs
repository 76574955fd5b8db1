//! Command-line parser tests: env.

use super::*;

// --- environment --------------------------------------------------------

#[test]
#[rustfmt::skip]
fn every_option_reads_its_variable() {
    let cases: Vec<(&str, &str, Options)> = vec![
        ("ZENBENCH_SKIP", "radix", set(|o| o.selection.skip = vec!["radix".into()])),
        ("ZENBENCH_EXACT", "1", set(|o| o.selection.exact = true)),
        ("ZENBENCH_IGNORED", "true", set(|o| o.selection.ignored = true)),
        ("ZENBENCH_INCLUDE_IGNORED", "on", set(|o| o.selection.include_ignored = true)),
        ("ZENBENCH_FORMAT", "json", set(|o| o.output.format = Format::Json)),
        ("ZENBENCH_FORMAT", "md", set(|o| o.output.format = Format::Markdown)),
        ("ZENBENCH_OUTPUT", "r.json", set(|o| o.output.file = Some("r.json".into()))),
        ("ZENBENCH_COLOR", "never", set(|o| o.output.color = ColorChoice::Never)),
        ("ZENBENCH_QUIET", "yes", set(|o| o.output.quiet = true)),
        ("ZENBENCH_MAX_TIME", "3", Options { config: BenchOptions { max_time: Some(3.0), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_MIN_ROUNDS", "7", Options { config: BenchOptions { min_rounds: Some(7), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_MAX_ROUNDS", "9", Options { config: BenchOptions { max_rounds: Some(9), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_TARGET_PRECISION", "0.02", Options { config: BenchOptions { target_precision: Some(0.02), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_NOISE_THRESHOLD", "0.03", Options { config: BenchOptions { noise_threshold: Some(0.03), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_SEED", "0x10", set(|o| o.engine.seed = Some(16))),
        ("ZENBENCH_CACHE_FIREWALL", "1", Options { config: BenchOptions { cache_firewall: Some(true), ..BenchOptions::NONE }, ..d() }),
        ("ZENBENCH_TIMER", "os", set(|o| o.engine.timer = crate::TimerChoice::Os)),
        ("ZENBENCH_NO_GATE", "1", set(|o| o.engine.no_gate = true)),
        ("ZENBENCH_PARTITION", "hash:2/3", set(|o| o.selection.partition = Some("hash:2/3".parse().unwrap()))),
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
    assert_eq!(opts.output.format, Format::Pretty);
    assert_eq!(opts.engine.seed, Some(2));
    assert_eq!(opts.selection.skip, ["cli"]);
    assert_eq!(opts.output.color, ColorChoice::Always);
    // A variable overridden by its flag is not even checked.
    let opts = env_ok(&["--max-time", "1"], &[("ZENBENCH_MAX_TIME", "junk")]);
    assert_eq!(opts.config.max_time, Some(1.0));
    // A switch flag wins over a variable that turns it off.
    assert!(env_ok(&["-q"], &[("ZENBENCH_QUIET", "0")]).output.quiet);
    assert!(
        env_ok(&["--exact"], &[("ZENBENCH_EXACT", "off")])
            .selection
            .exact
    );
}

#[test]
fn boolean_variables() {
    for on in ["1", "true", "TRUE", "Yes", "on", "ON", " on "] {
        assert!(env_ok(&[], &[("ZENBENCH_QUIET", on)]).output.quiet, "{on}");
    }
    for off in ["0", "false", "False", "no", "NO", "off", "Off"] {
        assert!(
            !env_ok(&[], &[("ZENBENCH_QUIET", off)]).output.quiet,
            "{off}"
        );
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
