//! `--format md`: Markdown for a pull-request comment or a GitHub Actions
//! job summary, a pure function of the result.
//!
//! One table per group (bench, mean ± the CI's half-width, the change
//! against the group's baseline with its CI and its verdict in words and
//! arrows, throughput when declared); the comparison with a saved baseline
//! and the complexity verdicts as tables when present; failed benches and
//! child processes as a list; then the per-bench statistics and the testbed
//! in a collapsed `<details>` section. Names are code spans, so nothing in a
//! name is read as Markdown (a `|` is escaped in tables, as GitHub needs).

use super::caveat::Caveat;
use super::format::{fmt_ns, fmt_secs};
use super::model::{AgainstView, Figures, Outcome, Report, Section};
use crate::model::result::ComplexityResult;
use crate::model::text::joined;
use std::fmt::Write as _;

/// The Markdown report of a run. Ends with a newline.
pub fn md(result: &crate::model::result::SuiteResult) -> String {
    let r = Report::of(result);
    if let (Some(sc), Some(a)) = (&result.self_compare, &r.against) {
        return self_compare::md(&r, sc, a);
    }
    let mut context = r.info.run(&code, &str::to_owned);
    context.extend(r.info.repetition.clone());
    let mut out = String::from("## zenbench\n\n");
    out.push_str(&joined(&context, " · "));
    out.push('\n');
    if !r.measured {
        out.push_str("\nSmoke test: each benchmark ran once; nothing was measured.\n");
    }
    let mut said = Vec::new();
    for s in &r.groups {
        out.push('\n');
        group_section(&r, s, &mut said, &mut out);
    }
    if let Some(a) = &r.against {
        out.push('\n');
        against_section(a, &mut out);
    }
    if !r.result.complexity.is_empty() {
        out.push('\n');
        complexity_section(&r.result.complexity, &mut out);
    }
    failures_section(&r, &mut out);
    out.push('\n');
    statistics_section(&r, &mut out);
    out
}

/// `text` as an inline code span: one line, fenced with more backticks
/// than it holds in a row, padded when it starts or ends with one.
pub(super) fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    let mut out = fence.clone();
    out.push_str(pad);
    out.push_str(&text);
    out.push_str(pad);
    out.push_str(&fence);
    out
}

/// [`code`] for a table cell: GitHub ends a cell at any unescaped `|`,
/// even inside a code span.
pub(super) fn code_cell(text: &str) -> String {
    code(text).replace('|', "\\|")
}

/// A table's header row and alignment row (`true`: right-aligned).
pub(super) fn table_head(head: &[&str], right: &[bool], out: &mut String) {
    out.push('|');
    for h in head {
        cell(out, h);
    }
    out.push_str("\n|");
    for &r in right {
        out.push_str(if r { "---:|" } else { ":---|" });
    }
    out.push('\n');
}

/// One cell of a table row; a row starts with `|` and ends with a line
/// break.
pub(super) fn cell(out: &mut String, text: &str) {
    out.push(' ');
    out.push_str(text);
    out.push_str(" |");
}

/// `n` empty cells.
fn empty_cells(out: &mut String, n: usize) {
    for _ in 0..n {
        cell(out, "");
    }
}

/// The arrow before a verdict: `▲` slower or a regression, `▼` faster or
/// improved, `=` the same, `?` uncertain.
pub(super) fn arrow(word: &str) -> &'static str {
    match word {
        "slower" | "regression" => "▲",
        "faster" | "improved" => "▼",
        "same" | "unchanged" => "=",
        _ => "?",
    }
}

/// A group's table; under it, the floor's reasons (see `floor`) not yet
/// in `said`, the ones the report has given.
fn group_section(r: &Report, s: &Section, said: &mut Vec<Caveat>, out: &mut String) {
    let g = s.group;
    let _ = writeln!(out, "### {}\n", code(&g.name));
    let change_head = format!("change vs {}", code_cell(&g.baseline));
    let first = if r.measured {
        "mean ± 95% CI"
    } else {
        "result"
    };
    let mut head = vec!["bench", first];
    let mut right = vec![false, true];
    if s.compared {
        head.push(&change_head);
        head.push("95% CI");
        head.push("verdict");
        right.push(true);
        right.push(false);
        right.push(false);
    }
    if s.rates {
        head.push("throughput");
        right.push(true);
    }
    if s.counted {
        head.push("instructions/iter");
        head.push("vs baseline");
        right.push(true);
        right.push(true);
    }
    table_head(&head, &right, out);
    for row in &s.rows {
        let b = row.bench;
        out.push('|');
        cell(out, &row.name(code_cell(&b.name)));
        match &row.figures {
            Figures::Failed(_) => cell(out, "✗ **failed**"),
            _ if b.instructions.is_some() => cell(out, "counted"),
            _ if !r.measured => cell(out, "ok"),
            Figures::NoData => cell(out, "—"),
            Figures::BelowFloor { floor, .. } => cell(out, &floor.show()),
            Figures::Measured(m) => cell(out, &m.mean_pm()),
        }
        if s.compared {
            match &row.change {
                Some(c) => {
                    cell(out, &c.pct());
                    cell(out, &c.ci());
                    cell(out, &format!("{} {}", arrow(c.word()), c.said()));
                }
                None => empty_cells(out, 3),
            }
        }
        if s.rates {
            match &row.rate {
                Some(t) => cell(out, &t.show()),
                None => cell(out, ""),
            }
        }
        if s.counted {
            match &b.instructions {
                Some(i) if !b.failed => {
                    cell(out, &format!("{:.1}", i.per_iter));
                    match (i.vs_baseline_pct, &i.verdict) {
                        (Some(p), Some(v)) => cell(out, &format!("{p:+.2}% {v}")),
                        _ => cell(out, ""),
                    }
                }
                _ => empty_cells(out, 2),
            }
        }
        out.push('\n');
    }
    // Why a row has no time or no change: once per report, under the first
    // table that needs it.
    for row in &s.rows {
        for &c in &row.caveats {
            if c.of_the_floor() && !said.contains(&c) {
                said.push(c);
                let _ = writeln!(out, "\nNote: {}.", c.explanation());
            }
        }
    }
}

fn against_section(v: &AgainstView, out: &mut String) {
    let a = v.against;
    let _ = writeln!(out, "### Against baseline {}\n", code(&a.baseline));
    if !a.old_timestamp.is_empty() {
        let _ = write!(out, "The baseline was measured {}", a.old_timestamp);
        if let Some(git) = &v.git {
            let _ = write!(out, " at git {}", code(git));
        }
        out.push_str(". ");
    }
    let _ = writeln!(out, "{}.", super::words::capitalised(&v.rule));
    if let Some(warning) = v.warning(&code) {
        let _ = writeln!(
            out,
            "\n> [!WARNING]\n> {}.",
            super::words::capitalised(&warning)
        );
    }
    for note in &a.notes {
        let _ = writeln!(out, "\nNote: {note}.");
    }
    if !v.entries.is_empty() {
        out.push('\n');
        against_table(v, out);
    }
    only_in(v, ["Only in the baseline", "Not in the baseline"], out);
    out.push('\n');
    against_counts(v, out);
}

/// The table of a comparison: per benchmark, old → new, the change, its
/// CI and the verdict; under it, the footnote of the verdicts marked as
/// unable to catch a regression of the gate's size.
fn against_table(v: &AgainstView, out: &mut String) {
    table_head(
        &["bench", "old", "new", "change", &v.level, "verdict"],
        &[false, true, true, true, false, false],
        out,
    );
    for e in &v.entries {
        out.push('|');
        cell(out, &code_cell(&e.entry.full_name));
        cell(out, &e.old);
        cell(out, &e.new);
        cell(out, &e.change);
        cell(out, &e.ci);
        let verdict = match e.word {
            "regression" => format!("{} **{}**", arrow(e.word), e.said),
            _ => format!("{} {}", arrow(e.word), e.said_marked()),
        };
        cell(out, &verdict);
        out.push('\n');
    }
    if let Some(note) = &v.footnote {
        let _ = writeln!(out, "\n{note}.");
    }
}

/// The benchmarks only one side has, after `labels` (the old side's, the
/// new side's), as one paragraph; nothing when both sides had them all.
fn only_in(v: &AgainstView, labels: [&str; 2], out: &mut String) {
    let a = v.against;
    if a.only_old.is_empty() && a.only_new.is_empty() {
        return;
    }
    out.push('\n');
    let mut first = true;
    for (label, list) in labels.iter().zip([&a.only_old, &a.only_new]) {
        if list.is_empty() {
            continue;
        }
        if !first {
            out.push(' ');
        }
        first = false;
        let _ = write!(out, "{label}: ");
        names(list, out);
        out.push('.');
    }
    out.push('\n');
}

/// `**1 regression**, 1 improved, 1 unchanged, 0 uncertain: **FAIL**`.
fn against_counts(v: &AgainstView, out: &mut String) {
    out.push_str(&v.counts_words(&|t| format!("**{t}**")));
    out.push_str(": ");
    match v.outcome {
        Outcome::Fail => {
            let _ = write!(out, "**{}**", v.outcome.words());
        }
        o => out.push_str(o.words()),
    }
    out.push('\n');
}

/// `list` as code spans, comma separated.
fn names(list: &[String], out: &mut String) {
    for (i, n) in list.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&code(n));
    }
}

fn complexity_section(results: &[ComplexityResult], out: &mut String) {
    out.push_str("### Complexity\n\n");
    table_head(
        &[
            "bench",
            "declared",
            "β [95% CI]",
            "verdict",
            "best fit",
            "spawn floor",
        ],
        &[false, false, false, false, false, true],
        out,
    );
    for c in results {
        out.push('|');
        cell(out, &code_cell(&c.name));
        cell(out, &c.declared_o().replace('|', "\\|"));
        let beta = if c.fallback {
            format!("— (C changes ×{:.2})", c.c_change.unwrap_or(f64::NAN))
        } else {
            format!("{:+.2} [{:+.2}, {:+.2}]", c.beta, c.beta_ci.0, c.beta_ci.1)
        };
        cell(out, &beta);
        cell(out, &c.verdict.replace('_', " "));
        match &c.best_fit {
            Some(b) => cell(out, &format!("O({b})")),
            None => cell(out, ""),
        }
        cell(out, &fmt_ns(c.spawn_floor_ns));
        out.push('\n');
    }
}

fn failures_section(r: &Report, out: &mut String) {
    let children = r.info.children(&code);
    if r.failed.is_empty() && children.is_empty() {
        return;
    }
    out.push_str("\n### Failures\n\n");
    for (name, msg) in &r.failed {
        let _ = writeln!(out, "- {} failed: {}", code(name), code(msg));
    }
    for f in &children {
        let _ = writeln!(out, "- {f}");
    }
}

fn statistics_section(r: &Report, out: &mut String) {
    out.push_str("<details><summary>Statistics</summary>\n\n");
    statistics_body(r, out);
    out.push_str("\n</details>\n");
}

/// The run, testbed and timer lines, then every bench's statistics.
fn statistics_body(r: &Report, out: &mut String) {
    let res = r.result;
    let _ = write!(out, "- **Run**: run {}", code(&res.run_id));
    if !res.timestamp.is_empty() {
        out.push_str(" · ");
        out.push_str(&res.timestamp);
    }
    let _ = writeln!(
        out,
        " · seed {} · wall time {}",
        res.seed,
        fmt_secs(res.wall_time_s)
    );
    let t = &res.testbed;
    out.push_str("- **Testbed**: ");
    if let Some(cpu) = &r.info.cpu {
        out.push_str(cpu);
        out.push_str(" · ");
    }
    let _ = write!(
        out,
        "{} {} · {} physical / {} logical cores",
        t.arch, t.os, t.physical_cores, t.logical_cores
    );
    for c in &r.info.caches {
        out.push_str(" · ");
        out.push_str(c);
    }
    if let Some(rustc) = &t.rustc {
        out.push_str(" · ");
        out.push_str(rustc);
    }
    if !t.id.is_empty() {
        let _ = write!(out, " · id {}", code(&t.id));
    }
    let _ = writeln!(
        out,
        "\n- **Timer**: {}, resolution {} · loop overhead {}\n",
        r.info.timer, r.info.resolution, r.info.loop_overhead
    );
    table_head(
        &[
            "bench", "rounds", "mean", "95% CI", "median", "min", "max", "stddev", "stop", "notes",
        ],
        &[
            false, true, true, false, true, true, true, true, false, false,
        ],
        out,
    );
    for s in &r.groups {
        for row in &s.rows {
            stats_row(s, row, out);
        }
    }
}

fn stats_row(s: &Section, row: &super::model::Row, out: &mut String) {
    let b = row.bench;
    out.push('|');
    cell(out, &code_cell(&b.full_name));
    match &row.figures {
        // Below the floor: no time, CI or extremes; the spread stays.
        Figures::BelowFloor {
            floor,
            stddev_ns,
            n,
        } => {
            cell(out, &n.to_string());
            cell(out, &floor.show());
            empty_cells(out, 4);
            cell(out, &fmt_ns(*stddev_ns));
        }
        Figures::Measured(m) => {
            cell(out, &m.n.to_string());
            cell(out, &fmt_ns(m.mean_ns));
            cell(out, &m.ci_in(&fmt_ns));
            for x in [m.median, m.min, m.max] {
                cell(out, &x.show());
            }
            cell(out, &fmt_ns(m.stddev_ns));
        }
        other => {
            let text = if matches!(other, Figures::Failed(_)) {
                "failed"
            } else {
                "—"
            };
            cell(out, text);
            empty_cells(out, 6);
        }
    }
    cell(out, &s.stop);
    let mut notes = String::new();
    for c in &row.caveats {
        if !notes.is_empty() {
            notes.push_str(", ");
        }
        notes.push_str(&c.name().replace('_', " "));
    }
    if let Some(a) = &row.alloc {
        if !notes.is_empty() {
            notes.push_str(", ");
        }
        let _ = write!(notes, "{}/iter", a.words());
    }
    if let Some(e) = &row.against {
        if !notes.is_empty() {
            notes.push_str(", ");
        }
        let _ = write!(notes, "vs baseline {}", e.word);
    }
    cell(out, &notes);
    out.push('\n');
}

#[path = "md_self_compare.rs"]
mod self_compare;

#[cfg(test)]
#[path = "md_tests.rs"]
mod tests;
