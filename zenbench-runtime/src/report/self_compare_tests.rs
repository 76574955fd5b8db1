//! The reports of a `zenbench self-compare` result: the Markdown made for
//! a pull-request comment, the terminal's, and the rows the other formats
//! tie to the comparison.

use crate::report::fields::assert_golden;
use crate::report::fixture::{self_compare_suite, with_min_detectable};
use crate::report::{llm, md, pretty, Style};

#[test]
fn a_self_compare_matches_its_golden_file() {
    assert_golden(
        "self_compare.md",
        include_str!("golden/self_compare.md"),
        &md(&self_compare_suite()),
    );
}

#[test]
fn a_self_compare_says_its_verdict_first_then_the_table_and_collapses_the_rest() {
    let text = md(&self_compare_suite());
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("❌ 1 regression beyond 5%, 1 benchmark failed in a build")
    );
    assert_eq!(lines.next(), Some(""));
    assert_eq!(
        lines.next(),
        Some(
            "Self-compare of `7301d71c7528` (`HEAD~1`) → the working tree at git `abc1234` \
             (with uncommitted changes)"
        )
    );
    // Old → new, the change, its 95% CI and the verdict, per benchmark.
    assert!(text.contains("\n| bench | old | new | change | 95% CI | verdict |\n"));
    assert!(text.contains(
        "| `target` | 2.424 µs | 4.851 µs | +100.1% | [+98.1%, +102.3%] | ▲ **regression** |"
    ));
    assert!(text
        .contains("| `steady` | 2.412 µs | 2.417 µs | +0.21% | [-0.48%, +0.62%] | = unchanged |"));
    assert!(text.contains("Only in the old build: `removed`."));
    assert!(text.contains("**1 regression**, 0 improved, 1 unchanged, 0 uncertain: **FAIL**"));
    // Failures listed, above the fold.
    let failures = text.find("### Failures").unwrap();
    let details = text.find("<details><summary>Details</summary>").unwrap();
    assert!(failures < details);
    assert!(text.contains("- `flaky/new` failed: `assertion failed: ok …`"));
    // The rest collapsed: the rule, the settings, the timings, the testbed.
    let folded = &text[details..];
    for want in [
        "- **Rule**: A slowdown fails when its whole 95% CI is above +5.00% (both builds measured interleaved, paired).",
        "- **Note**: the working tree has uncommitted changes: it is compared as it is.",
        "- **Settings**: noise threshold ±1% · at most 5.00 s per benchmark · 30 to 10000 rounds · \
         target precision 0.5% · the two builds' samples of a round one after the other",
        "- **Timings**: building both revisions 41.50 s · measuring 3.20 s",
        "- **Testbed**: AMD EPYC 7763",
        "| `target/new` | 120 |",
    ] {
        assert!(folded.contains(want), "{want}\n{folded}");
    }
    assert!(text.ends_with("</details>\n"));
    // The per-group tables of a run's report are not repeated.
    assert!(!text.contains("### `target`"));
    assert!(!text.contains("## zenbench"));
}

#[test]
fn a_self_compare_verdict_line_follows_the_outcome() {
    let line = |r: &crate::model::result::SuiteResult| md(r).lines().next().unwrap().to_owned();
    let mut r = self_compare_suite();
    // Nothing failed and nothing regressed.
    r.groups.pop();
    let a = r.against.as_mut().unwrap();
    a.entries[1].verdict = crate::model::result::ChangeVerdict::Uncertain;
    assert_eq!(line(&r), "✅ no regression beyond 5% in 2 benchmarks");
    r.against.as_mut().unwrap().max_regression_pct = 2.5;
    assert_eq!(line(&r), "✅ no regression beyond 2.5% in 2 benchmarks");
    // A failure without a regression is a warning, as is a comparison of
    // nothing.
    let mut failed = self_compare_suite();
    failed.against.as_mut().unwrap().entries.pop();
    assert_eq!(
        line(&failed),
        "⚠️ no regression beyond 5% in 1 benchmark, 1 benchmark failed in a build"
    );
    r.against.as_mut().unwrap().entries.clear();
    r.groups.clear();
    assert_eq!(line(&r), "⚠️ no regression beyond 2.5% in 0 benchmarks");
    // Its duet, and a merge base that is a commit already.
    let mut r = self_compare_suite();
    let sc = r.self_compare.as_mut().unwrap();
    sc.duet = true;
    sc.reference = "7301d71c7528e0f1a2b3".to_string();
    let text = md(&r);
    assert!(
        text.contains("Self-compare of `7301d71c7528` → the working tree"),
        "{text}"
    );
    assert!(text.contains("both builds' samples of a round at the same time (`--duet`)"));
}

#[test]
fn the_terminal_shows_the_comparison_not_the_pairs_trees() {
    let text = pretty(&self_compare_suite(), &Style::default());
    let want = "\
against baseline `7301d71c7528 (HEAD~1)` · git 7301d71c7528
a slowdown fails when its whole 95% CI is above +5.00% (both builds measured interleaved, paired)
note: the working tree has uncommitted changes: it is compared as it is
note: flaky failed in one of the builds
                 old        new    change   95% CI
├─ steady   2.412 µs   2.417 µs    +0.21%   [-0.48%, +0.62%]    unchanged
└─ target   2.424 µs   4.851 µs   +100.1%   [+98.1%, +102.3%]   REGRESSION
only in the baseline: removed
1 regression, 0 improved, 1 unchanged, 0 uncertain · FAIL

flaky/new FAILED: assertion failed: ok …
3 benchmarks, 1 failed, 3.20 s (building 41.50 s)
";
    assert!(
        text.starts_with("zenbench 0.1.0 · git abc1234 (dirty) · "),
        "{text}"
    );
    assert!(text.ends_with(want), "{text}");
    assert!(!text.contains("old (baseline)"), "{text}");
}

#[test]
fn the_new_row_carries_the_benchmarks_comparison() {
    let text = llm(&self_compare_suite());
    let line = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("bench={name} ")))
            .unwrap_or_else(|| panic!("{name}: {text}"))
    };
    assert!(
        line("target/new").contains("against_verdict=regression"),
        "{text}"
    );
    assert!(
        line("steady/new").contains("against_verdict=unchanged"),
        "{text}"
    );
    assert!(!line("target/old").contains("against_"), "{text}");
}

#[test]
fn bmf_keeps_both_builds_rows_apart() {
    let v: serde_json::Value =
        serde_json::from_str(&crate::report::bmf(&self_compare_suite())).unwrap();
    assert_eq!(v["target/old"]["latency"]["value"], 2424.0);
    assert_eq!(v["target/new"]["latency"]["value"], 4851.0);
    assert!(v.get("flaky/new").is_none(), "a failed row is left out");
}

#[cfg(feature = "html")]
#[test]
fn the_page_draws_every_pair_and_the_comparison() {
    let page = crate::report::html(&self_compare_suite());
    for name in ["steady", "target", "flaky"] {
        assert!(page.contains(name), "{name}");
    }
    assert!(page.contains("7301d71c7528 (HEAD~1)"));
}

/// The self-compare fixture with `steady` widened to ±8% around its change:
/// `uncertain`, and unable to tell a change of the ±5% gate's size; `target`
/// a regression whose figure is below the gate.
fn steady_wide() -> crate::model::result::SuiteResult {
    let mut r = self_compare_suite();
    with_min_detectable(r.against.as_mut().unwrap(), "steady", 8.0);
    r
}

#[test]
fn a_verdict_that_could_not_catch_the_gate_is_marked_once_in_the_markdown() {
    let text = md(&steady_wide());
    let marked: Vec<&str> = text.lines().filter(|l| l.contains('‡')).collect();
    assert_eq!(marked.len(), 2, "{text}");
    assert_eq!(
        marked[0],
        "| `steady` | 2.412 µs | 2.417 µs | +0.21% | [-7.79%, +8.21%] | ? uncertain ‡ |"
    );
    assert!(
        marked[1].starts_with(
            "‡ this comparison could not have told a change smaller than ±8% from noise"
        ),
        "{text}"
    );
    // Under the table, above the fold.
    let note = text.find("\n‡ this comparison").unwrap();
    assert!(note < text.find("<details>").unwrap(), "{text}");
    assert!(text.contains("| ▲ **regression** |\n\n‡ "), "{text}");
}

#[test]
fn a_verdict_that_could_not_catch_the_gate_is_marked_once_in_the_terminal() {
    let text = pretty(&steady_wide(), &Style::default());
    let marked: Vec<&str> = text.lines().filter(|l| l.contains('‡')).collect();
    assert_eq!(marked.len(), 2, "{text}");
    assert!(marked[0].starts_with("├─ steady "), "{text}");
    assert!(marked[0].ends_with("uncertain ‡"), "{text}");
    assert!(marked[1].starts_with("‡ this comparison"), "{text}");
    let target = text.lines().find(|l| l.starts_with("└─ target")).unwrap();
    assert!(target.ends_with("REGRESSION"), "{text}");
}

#[test]
fn a_verdict_that_could_not_catch_the_gate_is_named_on_its_line() {
    let text = llm(&steady_wide());
    let line = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("bench={name} ")))
            .unwrap_or_else(|| panic!("{name}: {text}"))
    };
    let steady = line("steady/new");
    assert!(steady.contains(" against_min_detectable=±8% "), "{steady}");
    assert!(
        steady.contains(" against_caveats=min_detectable_above_gate"),
        "{steady}"
    );
    let target = line("target/new");
    assert!(
        target.contains(" against_min_detectable=±2.18% "),
        "{target}"
    );
    assert!(!target.contains("against_caveats"), "{target}");
    assert_eq!(
        text.matches("min_detectable_above_gate").count(),
        1,
        "{text}"
    );
}
