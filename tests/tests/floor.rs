//! Groups below the timer's floor, end to end: they stop at the floor, not
//! at the time limit, every row resolved there, and the reports give no
//! time, no percentage, no scaling verdict and no bound that is no number.
//!
//! `nothing` and `nothing_threads` time nothing at all (a custom timing of
//! zero): below the floor on every machine, so their flags are asserted.
//! `pair` and `empty_threads` are real empty bodies, whose means are what
//! the loop-overhead compensation leaves (either side of zero, or above the
//! floor in a debug build or on a busy machine): they must stop before
//! their budget, and be flagged exactly when within their floor.

use serde_json::Value;
use zenbench_tests::{group, group_names, measure_json, measuring, run};

const FLOOR: &str = env!("CARGO_BIN_EXE_fixture_floor");

/// A budget far above what the groups need: one that could not be
/// resolved would run it out and stop on `max_time`.
const MAX_TIME: &str = "30";

fn rows(g: &Value) -> &Vec<Value> {
    g["benchmarks"].as_array().unwrap()
}

#[test]
fn trivial_groups_stop_before_the_budget_and_nothing_stops_at_the_floor() {
    let _m = measuring();
    let v = measure_json(FLOOR, MAX_TIME, &["--seed", "9"]);
    assert_eq!(
        group_names(&v),
        ["pair", "empty_threads", "nothing", "nothing_threads"]
    );
    // Real empty bodies: what the compensation leaves of them may be a
    // little above the floor (in a debug build, a few ns), where a pair can
    // be told apart; either way the group resolves before its budget, and a
    // row is flagged exactly when its mean is within its floor.
    for name in ["pair", "empty_threads"] {
        let g = group(&v, name);
        let reason = g["stop_reason"].as_str().unwrap();
        assert!(reason == "floor" || reason == "converged", "{name}: {g}");
        for b in rows(g) {
            assert!(b["resolved_by"].is_string(), "{}", b["full_name"]);
            let (mean, floor) = (&b["summary"]["mean_ns"], &b["floor_ns"]);
            let within = mean.as_f64().unwrap() <= floor.as_f64().unwrap();
            assert_eq!(b["below_floor"], within, "{}", b["full_name"]);
        }
    }
    // Nothing timed: every row resolved at the floor, at the first check.
    for name in ["nothing", "nothing_threads"] {
        let g = group(&v, name);
        assert_eq!(g["stop_reason"], "floor", "{name}: {g}");
        for b in rows(g) {
            assert_eq!(b["resolved_by"], "floor", "{}", b["full_name"]);
        }
    }
    // Nothing timed: flagged, the measured mean kept beside the flag, and
    // the change of two such rows `uncertain`, below the floor.
    for name in ["nothing", "nothing_threads"] {
        let g = group(&v, name);
        assert_eq!(g["rounds"], 30, "{name} stops at its first check");
        for b in rows(g) {
            assert_eq!(b["below_floor"], true, "{}", b["full_name"]);
            assert_eq!(b["summary"]["mean_ns"], 0.0);
        }
        let c = &g["comparisons"][0];
        assert_eq!(c["verdict"], "uncertain", "{c}");
        assert_eq!(c["below_floor"], true, "{c}");
    }
    // No scaling made of rows below the floor.
    for p in group(&v, "nothing_threads")["scaling"].as_array().unwrap() {
        assert!(p["scaling"].is_null() && p["efficiency"].is_null(), "{p}");
        assert_eq!(
            (&p["sweet_spot"], &p["drop"]),
            (&false.into(), &false.into())
        );
    }
}

#[test]
fn reports_give_no_time_percentage_or_open_bound_below_the_floor() {
    let _m = measuring();
    let args = ["--bench", "--max-time", MAX_TIME, "--seed", "9"];
    let pretty = run(FLOOR, &args);
    assert_eq!(pretty.code, 0, "{}", pretty.stderr);
    let md = run(FLOOR, &[&args[..], &["--format", "md"]].concat());
    assert_eq!(md.code, 0, "{}", md.stderr);
    for text in [&pretty.stderr, &md.stdout] {
        assert!(!text.contains("n/a]") && !text.contains("[n/a"), "{text}");
        assert!(!text.contains("NaN"), "{text}");
        // No negative time: a minus sign only in a change.
        for word in text.split_whitespace() {
            let negative_time = word.starts_with('-')
                && word[1..].starts_with(|c: char| c.is_ascii_digit())
                && !word.ends_with('%');
            assert!(!negative_time, "`{word}` in\n{text}");
        }
    }
    // The pair that timed nothing: its floor for a time, words for a change.
    let text = &pretty.stderr;
    let line = |start: &str| {
        let at = text.find("\nnothing  ").expect("the `nothing` group");
        text[at..]
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no {start:?} in\n{text}"))
    };
    let b = line("└─ none_b");
    assert!(
        b.contains("< ") && b.contains("below floor uncertain"),
        "{b}"
    );
    assert!(!b.contains('%') && !b.contains('['), "{b}");
    assert!(line("├─ none_a (baseline)").contains("< "));
    // The sweep of nothing: no scaling verdict, and one line on why.
    let sweep = &text[text.find("\nnothing_threads  ").expect("the sweep")..];
    assert!(
        sweep.contains("no scaling, efficiency or sweet spot"),
        "{sweep}"
    );
    for mark in ["×", "◆", "▼", "efficiency  "] {
        assert!(!sweep.contains(mark), "`{mark}` in\n{sweep}");
    }
    let md_b = md.stdout.lines().find(|l| l.starts_with("| `none_b` |"));
    let md_b = md_b.expect("a markdown row for none_b");
    assert!(
        md_b.contains("below floor") && !md_b.contains('%'),
        "{md_b}"
    );
}
