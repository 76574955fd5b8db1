//! Rows below the timer's floor in every report: no time, no percentage,
//! no scaling verdict, and no bound that is no number inside brackets. The
//! fixture holds what an empty body once printed: means of -11.72 ps, a
//! change of `n/a [n/a, n/a]`, `+5847.4%` against a baseline of nothing,
//! a throughput CI of `[1911.0, n/a]` and a `▼` scaling row.

use super::fixture::{bench, bench_suite, cmp};
use super::{csv, llm, md, pretty, Style};
use crate::model::result::*;

const FLOOR_NS: f64 = 0.0126;

const PLAIN: Style = Style {
    color: false,
    width: None,
    auto_fit: false,
    compact: false,
};

/// A row with `mean`, below the floor when `flagged`, with a known floor.
fn row(group: &str, name: &str, mean: f64, flagged: bool) -> BenchResult {
    let mut b = spread(bench(group, name, mean, 0.5));
    b.floor_ns = Some(FLOOR_NS);
    b.below_floor = flagged;
    b.resolved_by = Some(Resolution::Floor);
    b
}

/// `b` with a spread that is positive, as measured ones are, whatever the
/// sign of its mean.
fn spread(mut b: BenchResult) -> BenchResult {
    if let Some(s) = b.summary.as_mut() {
        s.stddev_ns = s.stddev_ns.abs();
        s.mad_ns = s.mad_ns.abs();
    }
    b
}

/// Two empty bodies whose compensation overshot: no relative change.
fn empty_pair() -> GroupResult {
    let g = "empty_pair";
    let mut c = cmp(
        "a",
        "b",
        f64::NAN,
        f64::NAN,
        f64::NAN,
        Verdict::Uncertain,
        0.0,
        0.0,
    );
    c.below_floor = true;
    c.cohens_d = None;
    c.drift_r = None;
    GroupResult {
        name: g.to_string(),
        baseline: "a".to_string(),
        benchmarks: vec![row(g, "a", -0.011_72, true), row(g, "b", -0.011_81, true)],
        comparisons: vec![c],
        stop_reason: StopReason::Floor,
        ..bench_suite().groups[0].clone()
    }
}

/// An empty routine at 1, 2 and 4 threads: only 2 threads cost anything.
fn empty_routine() -> GroupResult {
    let g = "empty_routine";
    let at = |t: usize, mean: f64, flagged: bool| {
        let mut b = row(g, &format!("t={t}"), mean, flagged);
        b.threads = t;
        b.throughput = Some(ThroughputResult {
            kind: "iter".to_string(),
            per_iteration: 1,
            per_second: t as f64 / (mean * 1e-9),
        });
        b
    };
    let mut far = cmp(
        "t=1",
        "t=2",
        5847.4,
        5216.1,
        6516.7,
        Verdict::Slower,
        3.0,
        0.0,
    );
    far.significant = true;
    let mut near = cmp(
        "t=1",
        "t=4",
        12.0,
        -40.0,
        70.0,
        Verdict::Uncertain,
        0.1,
        0.0,
    );
    near.below_floor = true;
    let point = |threads: usize, per_s: f64, lo: f64, hi: f64, scaling: f64| ScalingPoint {
        threads,
        throughput_per_s: per_s,
        throughput_lower_per_s: lo,
        throughput_upper_per_s: hi,
        scaling,
        efficiency: scaling / threads as f64,
        sweet_spot: threads == 1,
        drop: threads == 4,
        smt: false,
    };
    GroupResult {
        name: g.to_string(),
        baseline: "t=1".to_string(),
        benchmarks: vec![
            at(1, 0.000_18, true),
            at(2, 0.0417, false),
            at(4, 0.003, true),
        ],
        comparisons: vec![far, near],
        scaling: Some(vec![
            point(1, 5.5e12, 1911.0e6, f64::NAN, 1.0),
            point(2, 48.0e9, 47.0e9, 49.0e9, 0.009),
            point(4, 0.44e12, 0.2e12, f64::NAN, 0.08),
        ]),
        stop_reason: StopReason::Floor,
        ..bench_suite().groups[0].clone()
    }
}

/// A result read from an older file: a negative mean, no flag, no floor;
/// and a pair whose CI has a bound that is no number.
fn old_rows() -> GroupResult {
    let g = "old";
    let mut lone = bench(g, "a", 100.0, 0.01);
    lone.mean_ci = None;
    let mut odd = cmp("a", "b", 3.0, 1.0, f64::NAN, Verdict::Uncertain, 0.2, 0.0);
    odd.significant = true;
    GroupResult {
        name: g.to_string(),
        baseline: "a".to_string(),
        benchmarks: vec![
            lone,
            bench(g, "b", 103.0, 0.01),
            spread(bench(g, "c", -0.5, 0.5)),
        ],
        comparisons: vec![odd],
        ..bench_suite().groups[0].clone()
    }
}

fn floor_suite() -> SuiteResult {
    let mut r = bench_suite();
    r.groups = vec![empty_pair(), empty_routine(), old_rows()];
    r.complexity.clear();
    r
}

/// The report's lines from `from` to the next blank line.
fn section<'a>(text: &'a str, from: &str) -> Vec<&'a str> {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in\n{text}"));
    text[start..]
        .lines()
        .take_while(|l| !l.is_empty())
        .collect()
}

/// The first line holding every one of `parts`.
fn line_with<'a>(lines: &[&'a str], parts: &[&str]) -> &'a str {
    lines
        .iter()
        .find(|l| parts.iter().all(|p| l.contains(p)))
        .unwrap_or_else(|| panic!("no line with {parts:?} in\n{}", lines.join("\n")))
}

/// No bound that is no number in brackets, and no negative time.
fn assert_no_bad_numbers(text: &str) {
    for bad in ["n/a]", "[n/a", "NaN", "-11.", "-0.5"] {
        assert!(!text.contains(bad), "`{bad}` in\n{text}");
    }
}

#[test]
fn pretty_shows_the_floor_not_a_time() {
    let text = pretty(&floor_suite(), &PLAIN);
    assert_no_bad_numbers(&text);
    let pair = section(&text, "empty_pair");
    let a = line_with(&pair, &["a (baseline)"]);
    assert!(a.contains("< 12.60 ps") && !a.contains('±'), "{a}");
    // The change of two rows below the floor: words, no percentage.
    let b = line_with(&pair, &["└─ b"]);
    assert!(b.contains("< 12.60 ps"), "{b}");
    assert!(b.contains("below floor") && b.contains("uncertain"), "{b}");
    assert!(!b.contains('%') && !b.contains('['), "{b}");
    // Each reason is a footnote, given once.
    let said = |words: &str| text.matches(words).count();
    assert_eq!(said("the time per iteration is within what the timer"), 1);
    assert_eq!(said("so no percentage is given"), 1);
    assert_eq!(said("the baseline is below the timer's floor"), 1);
    // Against a baseline of nothing, the change has no size either.
    let threads = section(&text, "empty_routine");
    let two = line_with(&threads, &["├─ t=2"]);
    assert!(two.contains("41.70 ps") && two.contains(" — "), "{two}");
    assert!(!two.contains("5847") && !two.contains('%'), "{two}");
    let four = line_with(&threads, &["└─ t=4"]);
    assert!(
        four.contains("below floor") && !four.contains('%'),
        "{four}"
    );
    // A throughput below the floor is a bound: items over the floor's time.
    assert!(line_with(&threads, &["t=1 (baseline)"]).contains("> 79.4 Giter/s"));
}

#[test]
fn a_sweep_below_the_floor_gives_no_scaling_and_says_why_once() {
    let text = pretty(&floor_suite(), &PLAIN);
    let table = section(&text, "  scaling");
    let rows = &table[2..5];
    for mark in ["×", "◆", "▼", "sweet spot", "%"] {
        assert!(
            rows.iter().all(|l| !l.contains(mark)),
            "`{mark}` in\n{}",
            table.join("\n")
        );
    }
    let why = "no scaling, efficiency or sweet spot: a row is below the timer's floor";
    assert_eq!(text.matches(why).count(), 1, "{text}");
    assert!(line_with(&table, &["  2 "]).contains("[47.0, 49.0]"));
    assert!(line_with(&table, &["  1 "]).contains("> 79.4 "));
}

#[test]
fn a_bound_that_is_no_number_leaves_a_one_sided_interval() {
    let text = pretty(&floor_suite(), &PLAIN);
    let old = section(&text, "old  120 rounds");
    let b = line_with(&old, &["├─ b"]);
    assert!(b.contains("+3.00% ≥ +1.00% uncertain"), "{b}");
    // A row of an older result below zero, no floor known: no time either.
    assert!(line_with(&old, &["└─ c"]).contains("< floor"));
}

#[test]
fn compact_shows_the_floor_and_no_percentage() {
    let style = Style {
        compact: true,
        ..PLAIN
    };
    let text = pretty(&floor_suite(), &style);
    assert_no_bad_numbers(&text);
    let lines: Vec<&str> = text.lines().collect();
    let b = line_with(&lines, &["empty_pair/b "]);
    assert!(b.contains("< 12.60 ps") && b.contains("below floor"), "{b}");
    assert!(!b.contains('%'), "{b}");
}

#[test]
fn markdown_shows_the_floor_and_says_why_under_the_table() {
    let text = md(&floor_suite());
    assert_no_bad_numbers(&text);
    let lines: Vec<&str> = text.lines().collect();
    let b = line_with(&lines, &["| `b` |", "below floor"]);
    assert!(b.contains("< 12.60 ps") && !b.contains('%'), "{b}");
    assert!(line_with(&lines, &["| `t=2` |"]).contains("| — |"));
    // Each reason once, under the first table that needs it.
    for words in [
        "Note: below the timer's floor: the time per iteration",
        "Note: below the timer's floor: the change",
        "Note: the baseline is below the timer's floor",
    ] {
        assert_eq!(text.matches(words).count(), 1, "{words}");
    }
    // The statistics: the floor's bound, no time, CI or extremes.
    let stats = line_with(&lines, &["| `empty_pair/a` |"]);
    assert!(
        stats.contains("< 12.60 ps") && stats.contains("below floor"),
        "{stats}"
    );
}

#[cfg(feature = "html")]
#[test]
fn html_shows_the_floor_and_no_scaling_chart() {
    let page = crate::report::html(&floor_suite());
    // The text of the page, its charts' markup left out (`dy="-0.5ex"`).
    let mut text = String::new();
    let mut rest = page.as_str();
    while let Some(start) = rest.find("<svg") {
        text.push_str(&rest[..start]);
        let end = rest[start..].find("</svg>").expect("a closed <svg>");
        rest = &rest[start + end..];
    }
    text.push_str(rest);
    assert_no_bad_numbers(&text);
    assert!(page.contains("&lt; 12.60 ps"));
    assert!(page.contains("<p class=\"note\">no scaling, efficiency or sweet spot"));
    assert!(!page.contains("Thread scaling"));
}

#[test]
fn llm_and_csv_keep_the_flag() {
    let text = llm(&floor_suite());
    let b = text
        .lines()
        .find(|l| l.starts_with("bench=empty_pair/b "))
        .unwrap();
    assert!(b.contains(" mean=<12.60ps below_floor=true "), "{b}");
    assert!(!b.contains("change=") && !b.contains("ci95"), "{b}");
    assert!(b.contains("caveats=below_floor,change_below_floor"), "{b}");
    assert!(!text.contains("n/a"), "{text}");
    let table = csv(&floor_suite());
    let header: Vec<&str> = table.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let a: Vec<&str> = table.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(a[col("mean_ns")], "-0.01172", "the measured mean stays");
    assert_eq!(a[col("floor_ns")], "0.0126");
    assert_eq!(a[col("mean_below_floor")], "true");
}

#[test]
fn json_keeps_the_measured_mean_beside_the_flag() {
    let text = crate::report::json(&floor_suite());
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let a = &v["groups"][0]["benchmarks"][0];
    assert_eq!(a["below_floor"], true);
    assert_eq!(a["floor_ns"], FLOOR_NS);
    assert_eq!(a["summary"]["mean_ns"], -0.011_72);
    assert_eq!(v["groups"][0]["comparisons"][0]["below_floor"], true);
    // Read back: the flag survives; a file without it reads `false`.
    let back = SuiteResult::from_json(&text).unwrap();
    assert!(back.groups[0].benchmarks[0].below_floor);
    let mut older = v.clone();
    for b in older["groups"][0]["benchmarks"].as_array_mut().unwrap() {
        b.as_object_mut().unwrap().remove("below_floor");
    }
    let back = SuiteResult::from_json(&older.to_string()).unwrap();
    assert!(!back.groups[0].benchmarks[0].below_floor);
}
