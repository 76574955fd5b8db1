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

/// The Markdown report of a run. Ends with a newline.
pub fn md(result: &crate::model::result::SuiteResult) -> String {
    let r = Report::of(result);
    let mut context = r.info.run(&code, &str::to_owned);
    context.extend(r.info.repetition.clone());
    let mut out = vec![
        "## zenbench".to_string(),
        String::new(),
        context.join(" · "),
    ];
    if !r.measured {
        out.push(String::new());
        out.push("Smoke test: each benchmark ran once; nothing was measured.".to_string());
    }
    let mut said = Vec::new();
    for s in &r.groups {
        out.push(String::new());
        group_section(&r, s, &mut said, &mut out);
    }
    if let Some(a) = &r.against {
        out.push(String::new());
        against_section(a, &mut out);
    }
    if !r.result.complexity.is_empty() {
        out.push(String::new());
        complexity_section(&r.result.complexity, &mut out);
    }
    failures_section(&r, &mut out);
    out.push(String::new());
    statistics_section(&r, &mut out);
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// `text` as an inline code span: one line, fenced with more backticks
/// than it holds in a row, padded when it starts or ends with one.
fn code(text: &str) -> String {
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
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// [`code`] for a table cell: GitHub ends a cell at any unescaped `|`,
/// even inside a code span.
fn code_cell(text: &str) -> String {
    code(text).replace('|', "\\|")
}

/// A table: a header row, an alignment row (`true`: right-aligned), rows.
fn table(head: &[&str], right: &[bool], rows: Vec<Vec<String>>, out: &mut Vec<String>) {
    out.push(format!("| {} |", head.join(" | ")));
    let mut align = String::new();
    for &r in right {
        align.push_str(if r { "---:|" } else { ":---|" });
    }
    out.push(format!("|{align}"));
    for row in rows {
        out.push(format!("| {} |", row.join(" | ")));
    }
}

/// The arrow before a verdict: `▲` slower or a regression, `▼` faster or
/// improved, `=` the same, `?` uncertain.
fn arrow(word: &str) -> &'static str {
    match word {
        "slower" | "regression" => "▲",
        "faster" | "improved" => "▼",
        "same" | "unchanged" => "=",
        _ => "?",
    }
}

/// A group's table; under it, the floor's reasons (see `floor`) not yet
/// in `said`, the ones the report has given.
fn group_section(r: &Report, s: &Section, said: &mut Vec<Caveat>, out: &mut Vec<String>) {
    let g = s.group;
    out.push(format!("### {}", code(&g.name)));
    out.push(String::new());
    let change_head = format!("change vs {}", code_cell(&g.baseline));
    let first = if r.measured {
        "mean ± 95% CI"
    } else {
        "result"
    };
    let mut head = vec!["bench", first];
    let mut right = vec![false, true];
    if s.compared {
        head.extend([change_head.as_str(), "95% CI", "verdict"]);
        right.extend([true, false, false]);
    }
    if s.rates {
        head.push("throughput");
        right.push(true);
    }
    if s.counted {
        head.extend(["instructions/iter", "vs baseline"]);
        right.extend([true, true]);
    }
    let mut rows = Vec::with_capacity(s.rows.len());
    for row in &s.rows {
        let b = row.bench;
        let mean = match &row.figures {
            Figures::Failed(_) => "✗ **failed**".to_string(),
            _ if b.instructions.is_some() => "counted".to_string(),
            _ if !r.measured => "ok".to_string(),
            Figures::NoData => "—".to_string(),
            Figures::BelowFloor { floor, .. } => floor.show(),
            Figures::Measured(m) => m.mean_pm(),
        };
        let mut cells = vec![row.name(code_cell(&b.name)), mean];
        if s.compared {
            match &row.change {
                Some(c) => {
                    let verdict = format!("{} {}", arrow(c.word()), c.said());
                    cells.extend([c.pct(), c.ci(), verdict]);
                }
                None => cells.extend([String::new(), String::new(), String::new()]),
            }
        }
        if s.rates {
            cells.push(row.rate.as_ref().map_or(String::new(), |t| t.show()));
        }
        if s.counted {
            let i = b.instructions.as_ref().filter(|_| !b.failed);
            cells.push(i.map_or(String::new(), |i| format!("{:.1}", i.per_iter)));
            cells.push(
                i.and_then(|i| i.vs_baseline_pct.zip(i.verdict.as_deref()))
                    .map_or(String::new(), |(p, v)| format!("{p:+.2}% {v}")),
            );
        }
        rows.push(cells);
    }
    table(&head, &right, rows, out);
    // Why a row has no time or no change: once per report, under the first
    // table that needs it.
    for row in &s.rows {
        for &c in &row.caveats {
            if c.of_the_floor() && !said.contains(&c) {
                said.push(c);
                out.push(String::new());
                out.push(format!("Note: {}.", c.explanation()));
            }
        }
    }
}

fn against_section(v: &AgainstView, out: &mut Vec<String>) {
    let a = v.against;
    out.push(format!("### Against baseline {}", code(&a.baseline)));
    out.push(String::new());
    let mut measured = String::new();
    if !a.old_timestamp.is_empty() {
        measured.push_str(&format!("The baseline was measured {}", a.old_timestamp));
        if let Some(git) = &v.git {
            measured.push_str(&format!(" at git {}", code(git)));
        }
        measured.push_str(". ");
    }
    out.push(format!("{measured}{}.", super::words::capitalised(&v.rule)));
    if let Some(warning) = v.warning(&code) {
        out.push(String::new());
        out.push(format!(
            "> [!WARNING]\n> {}.",
            super::words::capitalised(&warning)
        ));
    }
    for note in &a.notes {
        out.push(String::new());
        out.push(format!("Note: {note}."));
    }
    if !v.entries.is_empty() {
        out.push(String::new());
        let mut rows = Vec::with_capacity(v.entries.len());
        for e in &v.entries {
            let word = match e.word {
                "regression" => format!("**{}**", e.said),
                _ => e.said.clone(),
            };
            rows.push(vec![
                code_cell(&e.entry.full_name),
                e.old.clone(),
                e.new.clone(),
                e.change.clone(),
                e.ci.clone(),
                format!("{} {word}", arrow(e.word)),
            ]);
        }
        table(
            &["bench", "old", "new", "change", &v.level, "verdict"],
            &[false, true, true, true, false, false],
            rows,
            out,
        );
    }
    let names = |list: &[String]| {
        let mut text = String::new();
        for (i, n) in list.iter().enumerate() {
            text += if i == 0 { "" } else { ", " };
            text += &code(n);
        }
        text
    };
    let mut only = Vec::new();
    if !a.only_old.is_empty() {
        only.push(format!("Only in the baseline: {}.", names(&a.only_old)));
    }
    if !a.only_new.is_empty() {
        only.push(format!("Not in the baseline: {}.", names(&a.only_new)));
    }
    if !only.is_empty() {
        out.push(String::new());
        out.push(only.join(" "));
    }
    let outcome = match v.outcome {
        Outcome::Fail => format!("**{}**", v.outcome.words()),
        o => o.words().to_owned(),
    };
    out.push(String::new());
    out.push(format!(
        "{}: {outcome}",
        v.counts_words(&|t| format!("**{t}**"))
    ));
}

fn complexity_section(results: &[ComplexityResult], out: &mut Vec<String>) {
    out.push("### Complexity".to_string());
    out.push(String::new());
    let mut rows = Vec::with_capacity(results.len());
    for c in results {
        rows.push(vec![
            code_cell(&c.name),
            c.declared_o().replace('|', "\\|"),
            if c.fallback {
                format!("— (C ×{:.2})", c.c_max / c.c_min)
            } else {
                format!("{:+.2} [{:+.2}, {:+.2}]", c.beta, c.beta_ci.0, c.beta_ci.1)
            },
            c.verdict.replace('_', " "),
            c.best_fit
                .as_deref()
                .map_or(String::new(), |b| format!("O({b})")),
            fmt_ns(c.spawn_floor_ns),
        ]);
    }
    table(
        &[
            "bench",
            "declared",
            "β [95% CI]",
            "verdict",
            "best fit",
            "spawn floor",
        ],
        &[false, false, false, false, false, true],
        rows,
        out,
    );
}

fn failures_section(r: &Report, out: &mut Vec<String>) {
    let mut items = Vec::new();
    for (name, msg) in &r.failed {
        items.push(format!("- {} failed: {}", code(name), code(msg)));
    }
    for f in r.info.children(&code) {
        items.push(format!("- {f}"));
    }
    if !items.is_empty() {
        out.push(String::new());
        out.push("### Failures".to_string());
        out.push(String::new());
        out.extend(items);
    }
}

fn statistics_section(r: &Report, out: &mut Vec<String>) {
    let res = r.result;
    out.push("<details><summary>Statistics</summary>".to_string());
    out.push(String::new());
    let mut run = vec![
        format!("run {}", code(&res.run_id)),
        res.timestamp.clone(),
        format!("seed {}", res.seed),
        format!("wall time {}", fmt_secs(res.wall_time_s)),
    ];
    if res.timestamp.is_empty() {
        run.remove(1);
    }
    out.push(format!("- **Run**: {}", run.join(" · ")));
    let t = &res.testbed;
    let mut bed = vec![];
    bed.extend(r.info.cpu.clone());
    bed.push(format!("{} {}", t.arch, t.os));
    bed.push(format!(
        "{} physical / {} logical cores",
        t.physical_cores, t.logical_cores
    ));
    bed.extend(r.info.caches.iter().cloned());
    bed.extend(t.rustc.clone());
    if !t.id.is_empty() {
        bed.push(format!("id {}", code(&t.id)));
    }
    out.push(format!("- **Testbed**: {}", bed.join(" · ")));
    out.push(format!(
        "- **Timer**: {}, resolution {} · loop overhead {}",
        r.info.timer, r.info.resolution, r.info.loop_overhead
    ));
    out.push(String::new());
    let mut rows = Vec::new();
    for s in &r.groups {
        for row in &s.rows {
            rows.push(stats_row(s, row));
        }
    }
    table(
        &[
            "bench", "rounds", "mean", "95% CI", "median", "min", "max", "stddev", "stop", "notes",
        ],
        &[
            false, true, true, false, true, true, true, true, false, false,
        ],
        rows,
        out,
    );
    out.push(String::new());
    out.push("</details>".to_string());
}

fn stats_row(s: &Section, row: &super::model::Row) -> Vec<String> {
    let b = row.bench;
    let mut cells = vec![code_cell(&b.full_name)];
    match &row.figures {
        // Below the floor: no time, CI or extremes; the spread stays.
        Figures::BelowFloor {
            floor,
            stddev_ns,
            n,
        } => {
            cells.push(n.to_string());
            cells.push(floor.show());
            cells.extend(std::iter::repeat_n(String::new(), 4));
            cells.push(fmt_ns(*stddev_ns));
        }
        Figures::Measured(m) => {
            cells.push(m.n.to_string());
            cells.push(fmt_ns(m.mean_ns));
            cells.push(m.ci_in(&fmt_ns));
            for x in [m.median, m.min, m.max] {
                cells.push(x.show());
            }
            cells.push(fmt_ns(m.stddev_ns));
        }
        other => {
            let text = if matches!(other, Figures::Failed(_)) {
                "failed"
            } else {
                "—"
            };
            cells.push(text.to_string());
            cells.extend(std::iter::repeat_n(String::new(), 6));
        }
    }
    cells.push(s.stop.clone());
    let mut notes = Vec::new();
    for c in &row.caveats {
        notes.push(c.name().replace('_', " "));
    }
    if let Some(a) = &row.alloc {
        notes.push(format!("{}/iter", a.words()));
    }
    if let Some(e) = &row.against {
        notes.push(format!("vs baseline {}", e.word));
    }
    cells.push(notes.join(", "));
    cells
}

#[cfg(test)]
#[path = "md_tests.rs"]
mod tests;
