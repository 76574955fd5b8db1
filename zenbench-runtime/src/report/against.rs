//! The terminal's comparison with a baseline: per benchmark, old → new,
//! the change with its CI and the verdict, then a summary line. A verdict
//! that could not have caught a regression of the gate's size is marked,
//! and the mark explained once under the table.

use super::model::{AgainstView, Outcome};
use super::pretty::{paint, Style};
use super::table::{fit, wrap, Align, Cell, Column, Paint, Row, Table};
use crate::model::text::joined;
use std::fmt::Write as _;

/// The lines of the `against` block.
pub(super) fn against_lines(v: &AgainstView, style: &Style) -> Vec<String> {
    let a = v.against;
    let mut head = vec![format!("against baseline `{}`", a.baseline)];
    if !a.old_timestamp.is_empty() {
        head.push(format!("measured {}", a.old_timestamp));
    }
    if let Some(git) = &v.git {
        head.push(format!("git {git}"));
    }
    let mut out = vec![paint(
        &fit(&joined(&head, " · "), style.width),
        Paint::Bold,
        style,
    )];
    out.push(paint(&fit(&v.rule, style.width), Paint::Dim, style));
    if let Some(warning) = v.warning(&str::to_owned) {
        out.push(paint(&format!("warning: {warning}"), Paint::RedBold, style));
    }
    let mut learned = String::new();
    for e in &a.entries {
        if e.run_noise_pct > a.noise_pct {
            learned.push_str(if learned.is_empty() {
                "run-to-run noise measured (this machine's history, or the spread over processes): "
            } else {
                ", "
            });
            let _ = write!(learned, "{} {:.1}%", e.full_name, e.run_noise_pct);
        }
    }
    if !learned.is_empty() {
        out.push(paint(&learned, Paint::Dim, style));
    }
    for note in &a.notes {
        out.push(paint(&format!("note: {note}"), Paint::Dim, style));
    }
    if !v.entries.is_empty() {
        out.extend(entry_table(v, style));
    }
    if let Some(note) = &v.footnote {
        for line in wrap(note, style.width, "  ") {
            out.push(paint(&line, Paint::Dim, style));
        }
    }
    if !a.only_old.is_empty() {
        out.push(format!(
            "only in the baseline: {}",
            joined(&a.only_old, ", ")
        ));
    }
    if !a.only_new.is_empty() {
        out.push(format!(
            "not in the baseline: {}",
            joined(&a.only_new, ", ")
        ));
    }
    let outcome = match v.outcome {
        Outcome::Fail => Paint::RedBold,
        Outcome::NotEnforced => Paint::Red,
        Outcome::Pass => Paint::Green,
    };
    out.push(format!(
        "{} · {}",
        v.counts_words(&str::to_owned),
        paint(v.outcome.words(), outcome, style)
    ));
    out
}

fn entry_table(v: &AgainstView, style: &Style) -> Vec<String> {
    let c = Column::spaced;
    let columns = vec![
        c(Align::Left, None),
        c(Align::Right, Some(1)),
        c(Align::Right, None),
        c(Align::Right, None),
        c(Align::Left, Some(2)),
        c(Align::Left, None),
    ];
    let label = Cell::labels(&["", "old", "new", "change", &v.level, ""]);
    let last = v.entries.len().saturating_sub(1);
    let mut rows = Vec::with_capacity(v.entries.len());
    for (i, e) in v.entries.iter().enumerate() {
        let branch = if i == last { "└─" } else { "├─" };
        let (word, p) = match e.word {
            "regression" => (e.said_marked().to_uppercase(), Paint::RedBold),
            "improved" => (e.said_marked(), Paint::Green),
            "unchanged" => (e.said_marked(), Paint::Plain),
            _ => (e.said_marked(), Paint::Dim),
        };
        rows.push(Row::Cells(vec![
            Cell::plain(format!("{branch} {}", e.entry.full_name)),
            Cell::plain(e.old.clone()),
            Cell::plain(e.new.clone()),
            Cell::plain(e.change.clone()),
            Cell::plain(e.ci.clone()),
            Cell::new(word, p),
        ]));
    }
    Table {
        columns,
        label: Some(label),
        rows,
    }
    .render(style.color, style.width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::result::{Against, AgainstEntry, ChangeVerdict};

    fn entry(
        name: &str,
        old: f64,
        new: f64,
        ci: (f64, f64),
        verdict: ChangeVerdict,
    ) -> AgainstEntry {
        crate::report::fixture::against_entry(name, [old, new], ci, verdict, 0.5)
    }

    fn against() -> Against {
        Against {
            baseline: "main".into(),
            cross_testbed: false,
            testbed_differences: Vec::new(),
            enforced: true,
            max_regression_pct: 5.0,
            level: 0.99,
            noise_pct: 0.5,
            old_timestamp: "2026-11-30T10:00:00.000Z".into(),
            old_git_hash: Some("0123456789abcdef".into()),
            notes: vec!["compiler changed: rustc 1.89.0 → rustc 1.90.0".into()],
            entries: vec![
                entry(
                    "sort/std",
                    100.0,
                    200.0,
                    (95.0, 105.0),
                    ChangeVerdict::Regression,
                ),
                entry(
                    "sort/radix",
                    40.0,
                    40.1,
                    (-1.0, 1.5),
                    ChangeVerdict::Unchanged,
                ),
            ],
            only_old: vec!["gone/b".into()],
            only_new: vec!["new/c".into()],
            confirmation: None,
        }
    }

    #[test]
    fn every_entry_has_old_new_change_ci_and_verdict() {
        let text = against_lines(&AgainstView::of(&against()), &Style::default()).join("\n");
        let want = "\
against baseline `main` · measured 2026-11-30T10:00:00.000Z · git 0123456789ab
a slowdown fails when its whole 99% CI is above +5.00% (run-to-run noise 0.5% assumed)
note: compiler changed: rustc 1.89.0 → rustc 1.90.0
                     old        new    change   99% CI
├─ sort/std     100.0 ns   200.0 ns   +100.0%   [+95.0%, +105.0%]   REGRESSION
└─ sort/radix   40.00 ns   40.10 ns    +0.25%   [-1.00%, +1.50%]    unchanged
only in the baseline: gone/b
not in the baseline: new/c
1 regression, 0 improved, 1 unchanged, 0 uncertain · FAIL";
        assert_eq!(text, want);
    }

    #[test]
    fn a_verdict_that_could_not_catch_the_gate_is_marked_and_explained_once() {
        let mut a = against();
        a.entries.push(entry(
            "sort/merge",
            50.0,
            50.5,
            (-1.0, 3.0),
            ChangeVerdict::Uncertain,
        ));
        // sort/merge: ±8% around +1%, above the ±5% gate; sort/radix's
        // 1.25% is below it; sort/std is a regression.
        crate::report::fixture::with_min_detectable(&mut a, "sort/merge", 8.0);
        let text = against_lines(&AgainstView::of(&a), &Style::default()).join("\n");
        let want = "\
├─ sort/std     100.0 ns   200.0 ns   +100.0%   [+95.0%, +105.0%]   REGRESSION
├─ sort/radix   40.00 ns   40.10 ns    +0.25%   [-1.00%, +1.50%]    unchanged
└─ sort/merge   50.00 ns   50.50 ns    +1.00%   [-7.00%, +9.00%]    uncertain ‡
‡ this comparison could not have told a change smaller than ±8% from noise (min_detectable_pct), \
more than the ±5% gate, so it does not rule out a regression past the gate; more rounds or \
processes may narrow it
only in the baseline: gone/b";
        assert!(text.contains(want), "{text}");
        assert_eq!(text.matches('‡').count(), 2, "{text}");
        // Narrow: the footnote wraps, its lines indented under its first.
        let narrow = Style {
            width: Some(60),
            ..Style::default()
        };
        let lines = against_lines(&AgainstView::of(&a), &narrow);
        let first = lines.iter().position(|l| l.starts_with("‡ ")).unwrap();
        assert!(lines[first + 1].starts_with("  "), "{lines:?}");
    }

    #[test]
    fn another_machine_is_a_loud_warning() {
        let mut a = against();
        a.cross_testbed = true;
        a.enforced = false;
        a.testbed_differences = vec!["CPU `A` → `B`".into()];
        let text = against_lines(&AgainstView::of(&a), &Style::default()).join("\n");
        assert!(text.contains(
            "warning: the baseline ran on another machine (CPU `A` → `B`): regressions do not fail the run"
        ));
        assert!(text.ends_with("· not enforced across machines"), "{text}");
        a.entries.remove(0);
        let text = against_lines(&AgainstView::of(&a), &Style::default()).join("\n");
        assert!(text.ends_with("· pass"), "{text}");
    }
}
