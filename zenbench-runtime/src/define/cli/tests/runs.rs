//! Command-line parser tests: the watchdog, report formats, complexity,
//! threads and what migration crates ask of the parser.

use super::*;

#[test]
fn bench_timeout_takes_seconds_from_the_flag_or_its_variable() {
    assert_eq!(ok(&[]).engine.bench_timeout, None);
    assert_eq!(
        ok(&["--bench-timeout", "2.5"]).engine.bench_timeout,
        Some(2.5)
    );
    assert_eq!(
        ok(&["--bench-timeout=1e300"]).engine.bench_timeout,
        Some(1e300)
    );
    let opts = env_ok(&[], &[("ZENBENCH_BENCH_TIMEOUT", "4")]);
    assert_eq!(opts.engine.bench_timeout, Some(4.0));
    let opts = env_ok(&["--bench-timeout=1"], &[("ZENBENCH_BENCH_TIMEOUT", "4")]);
    assert_eq!(opts.engine.bench_timeout, Some(1.0));
    for bad in ["0", "-1", "NaN", "inf", "1e400", "soon", ""] {
        let arg = format!("--bench-timeout={bad}");
        let e = err(&[arg.as_str()]);
        assert!(
            e.contains("`--bench-timeout`") && e.contains("SECS") || e.contains("expected seconds"),
            "{bad}: {e}"
        );
    }
}

#[test]
#[cfg(feature = "html")]
fn html_is_a_format_with_the_feature() {
    for format in ["html", "HTML"] {
        assert_eq!(ok(&["--format", format]).output.format, Format::Html);
        assert_eq!(
            env_ok(&[], &[("ZENBENCH_FORMAT", format)]).output.format,
            Format::Html
        );
    }
}

#[test]
#[cfg(not(feature = "html"))]
fn html_without_the_feature_is_a_clear_error() {
    let needs = "needs zenbench's `html` feature: add `features = [\"html\"]` to the zenbench \
                 dependency in Cargo.toml";
    for format in ["html", "HTML"] {
        assert_eq!(
            err(&["--format", format]),
            format!("`--format {format}` {needs}")
        );
        assert_eq!(
            env_err(&[], &[("ZENBENCH_FORMAT", format)]),
            format!("`ZENBENCH_FORMAT={format}` {needs}")
        );
    }
}

#[test]
fn complexity_flags_set_their_fields_and_the_ladder_options() {
    let opts = ok(&[
        "--complexity-only",
        "--auto-fit",
        "--fail-on-complexity",
        "--outer-trials",
        "3",
        "--param-ceiling=1024",
        "--param-floor",
        "8",
        "--cache-mode",
        "COLD",
    ]);
    assert!(opts.selection.complexity_only && opts.output.auto_fit && opts.complexity.enforce);
    assert_eq!(opts.config.outer_trials, Some(3));
    assert_eq!(opts.config.ceiling, Some(1024));
    assert_eq!(opts.config.floor, Some(8));
    assert_eq!(opts.config.cache, Some(crate::CacheMode::Cold));
    assert_eq!(
        err(&["--cache-mode", "tepid"]),
        "invalid value `tepid` for `--cache-mode`: expected warm or cold"
    );
    assert_eq!(
        err(&["--slope-tolerance", "0"]),
        "invalid value `0` for `--slope-tolerance`: expected a finite number > 0"
    );
    let opts = env_ok(
        &[],
        &[
            ("ZENBENCH_PARAM_CEILING", "64"),
            ("ZENBENCH_FAIL_ON_COMPLEXITY", "1"),
        ],
    );
    assert_eq!(opts.config.ceiling, Some(64));
    assert!(opts.complexity.enforce);
}

#[test]
fn switched_off_variables_are_the_default() {
    assert_eq!(env_ok(&[], &[("ZENBENCH_FAIL_ON_COMPLEXITY", "0")]), d());
    assert_eq!(env_ok(&[], &[("ZENBENCH_UPDATE_ON_PASS", "0")]), d());
    assert_eq!(env_ok(&[], &[("ZENBENCH_NO_GATE", "0")]), d());
    assert_eq!(
        env_err(&[], &[("ZENBENCH_NO_GATE", "maybe")]),
        "invalid value `maybe` for `ZENBENCH_NO_GATE`: expected 1/true/yes/on or 0/false/no/off"
    );
}

#[test]
fn thread_counts_are_a_comma_separated_list() {
    assert_eq!(
        ok(&["--threads", "1,2,8"]).engine.threads,
        Some(vec![1, 2, 8])
    );
    assert_eq!(ok(&["--threads=0"]).engine.threads, Some(vec![0]));
    assert_eq!(
        env_ok(&[], &[("ZENBENCH_THREADS", " 4, 2 ")])
            .engine
            .threads,
        Some(vec![4, 2])
    );
    for bad in ["1,x", "", "1,,2", "-1", "99999"] {
        assert_eq!(
            err(&[&format!("--threads={bad}")]),
            if bad.is_empty() {
                "`--threads` needs a value (LIST)".to_string()
            } else {
                format!(
                    "invalid value `{bad}` for `--threads`: expected thread counts separated by \
                     commas, like 1,2,8 (0: all logical cores)"
                )
            },
            "{bad:?}"
        );
    }
}

#[test]
fn a_migration_crate_can_ask_which_flags_take_a_value() {
    use crate::define::cli::flag_takes_value;
    assert_eq!(flag_takes_value("--format"), Some(true));
    assert_eq!(flag_takes_value("--format=json"), Some(true));
    assert_eq!(flag_takes_value("--max-rounds"), Some(true));
    assert_eq!(flag_takes_value("--bench"), Some(false));
    assert_eq!(flag_takes_value("-q"), Some(false));
    assert_eq!(flag_takes_value("--sample-count"), None);
    assert_eq!(flag_takes_value("-x"), None);
    assert_eq!(flag_takes_value("plain"), None);
}
