//! Tests of the Markdown report.

use super::*;
use crate::report::fields::assert_golden;
use crate::report::fixture::{bench_suite, bench_suite_against, smoke_suite, with_min_detectable};

#[test]
fn matches_the_golden_file() {
    assert_golden(
        "bench_suite.md",
        include_str!("golden/bench_suite.md"),
        &md(&bench_suite_against()),
    );
}

#[test]
fn has_tables_verdicts_and_collapsed_statistics() {
    let text = md(&bench_suite_against());
    assert!(text.contains("<details><summary>Statistics</summary>\n\n"));
    assert!(text.trim_end().ends_with("</details>"));
    for word in ["▼ faster", "▲ slower", "= same", "? uncertain"] {
        assert!(text.contains(word), "{word}");
    }
    assert!(text.contains("### Against baseline `main`"));
    assert!(text.contains("▲ **regression**"));
    assert!(text.contains("### Complexity"));
    assert!(text.contains("`sort/quick` failed: `index out of bounds"));
    assert!(text.contains("child process 2 failed (signal 9)"));
    // Every table row has as many cells as its header.
    let mut cells = None;
    for line in text.lines() {
        if line.starts_with('|') {
            let n = line.replace("\\|", "").matches('|').count();
            assert_eq!(*cells.get_or_insert(n), n, "{line}");
        } else {
            cells = None;
        }
    }
    // Without a baseline or complexity, those sections are left out.
    let plain = md(&bench_suite());
    assert!(!plain.contains("Against baseline") && !plain.contains("Failures\n\n- child"));
}

#[test]
fn names_are_escaped() {
    assert_eq!(code("a|b"), "`a|b`");
    assert_eq!(code_cell("a|b"), "`a\\|b`");
    assert_eq!(code("x`y"), "``x`y``");
    assert_eq!(code("`y"), "`` `y ``");
    assert_eq!(code("two\nlines"), "`two lines`");
    let mut r = bench_suite();
    r.groups[0].benchmarks[1].name = "a|b".to_string();
    r.groups[0].comparisons[0].candidate = "a|b".to_string();
    let text = md(&r);
    assert!(text.contains("| `a\\|b` | 612.3 ns"), "{text}");
}

#[test]
fn a_smoke_run_renders() {
    let text = md(&smoke_suite());
    assert!(text.contains("Smoke test"));
    assert!(text.contains("| `std_sort` | ok |"), "{text}");
    assert!(text.contains("`sort/quick` failed"));
}

#[test]
fn an_against_verdict_that_could_not_catch_the_gate_has_a_mark_and_one_footnote() {
    let mut r = bench_suite_against();
    with_min_detectable(r.against.as_mut().unwrap(), "hash/64", 8.0);
    let text = md(&r);
    let marked: Vec<&str> = text.lines().filter(|l| l.contains('‡')).collect();
    assert_eq!(
        marked,
        [
            "| `hash/64` | 21.00 ns | 21.70 ns | +3.33% | [-4.67%, +11.3%] | ? uncertain ‡ |",
            "‡ this comparison could not have told a change smaller than ±8% from noise \
             (min_detectable_pct), more than the ±5% gate, so it does not rule out a regression \
             past the gate; more rounds or processes may narrow it.",
        ],
        "{text}"
    );
    // Right under the table, as its own paragraph.
    assert!(
        text.contains("? uncertain ‡ |\n\n‡ this comparison"),
        "{text}"
    );
    assert!(text.contains(
        "| `sort/std_sort` | 1.230 µs | 1.234 µs | +0.33% | [-0.60%, +1.20%] | = unchanged |"
    ));
}

#[test]
fn a_narrow_range_verdict_shows_the_robust_change_not_the_spread() {
    // C spreads ×1.14 (one slow rung), yet its trend across the rungs is
    // ×0.93: every format quotes the change the verdict was read from.
    let mut r = bench_suite();
    let c = &mut r.complexity[0];
    (c.fallback, c.c_change, c.c_min, c.c_max) = (true, Some(0.93), 8.95, 10.2);
    c.verdict = "holds".to_string();
    let text = crate::report::pretty(&r, &crate::report::Style::default());
    assert!(
        text.contains("β —  C 8.95–10.2 (changes ×0.93 across a narrow range of n"),
        "{text}"
    );
    assert!(!text.contains("×1.14"), "{text}");
    let md = md(&r);
    assert!(md.contains("| — (C changes ×0.93) |"), "{md}");
    let llm = crate::report::llm(&r);
    assert!(llm.contains("range_check=c_change=0.93"), "{llm}");
}
