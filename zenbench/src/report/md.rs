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
use super::fields::{against_of, comparison_of};
use super::floor;
use super::format::{
    fmt_bytes, fmt_interval, fmt_ns, fmt_pct, fmt_pct_ci, fmt_secs, fmt_throughput,
};
use crate::model::result::{
    Against, BenchResult, ChangeVerdict, ComplexityResult, GroupResult, RunMode, SuiteResult,
    Verdict,
};

/// The Markdown report of a run. Ends with a newline.
pub fn md(result: &SuiteResult) -> String {
    let r = result;
    let mut out = vec!["## zenbench".to_string(), String::new(), context_line(r)];
    if r.mode == RunMode::Test {
        out.push(String::new());
        out.push("Smoke test: each benchmark ran once; nothing was measured.".to_string());
    }
    let mut said = Vec::new();
    for g in &r.groups {
        out.push(String::new());
        group_section(r, g, &mut said, &mut out);
    }
    if let Some(a) = &r.against {
        out.push(String::new());
        against_section(a, &mut out);
    }
    if !r.complexity.is_empty() {
        out.push(String::new());
        complexity_section(&r.complexity, &mut out);
    }
    failures_section(r, &mut out);
    out.push(String::new());
    statistics_section(r, &mut out);
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// `text` as an inline code span: one line, fenced with more backticks
/// than it holds in a row, padded when it starts or ends with one.
fn code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
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
    let align: Vec<&str> = right
        .iter()
        .map(|&r| if r { "---:" } else { ":---" })
        .collect();
    out.push(format!("|{}|", align.join("|")));
    for row in rows {
        out.push(format!("| {} |", row.join(" | ")));
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line: version, git, machine, repetition.
fn context_line(r: &SuiteResult) -> String {
    let mut parts = vec![format!("zenbench {}", r.zenbench_version)];
    if let Some(git) = &r.git_hash {
        let dirty = if r.git_dirty == Some(true) {
            " (dirty)"
        } else {
            ""
        };
        parts.push(format!(
            "git {}{dirty}",
            code(&git.chars().take(12).collect::<String>())
        ));
    }
    let t = &r.testbed;
    if !t.cpu_model.is_empty() {
        parts.push(t.cpu_model.clone());
    }
    parts.push(format!(
        "{} {}, {} / {}",
        t.arch,
        t.os,
        plural(t.physical_cores, "core", "cores"),
        plural(t.logical_cores, "thread", "threads")
    ));
    let rep = &r.repetition;
    if rep.processes > 1 || rep.passes > 1 {
        let how = rep.aggregation.as_deref().unwrap_or("all");
        parts.push(match (rep.processes, rep.passes) {
            (1, n) => format!("{how} of {n} passes"),
            (n, 1) => format!("{how} of {}", plural(n as usize, "process", "processes")),
            (n, m) => format!(
                "{how} of {} × {} of {m} passes",
                plural(n as usize, "process", "processes"),
                rep.pass_aggregation.as_deref().unwrap_or("all")
            ),
        });
    }
    parts.join(" · ")
}

/// The verdict with an arrow: `▲ slower`, `▼ faster`, `= same`, `? uncertain`.
fn verdict_cell(v: Verdict, below_floor: bool) -> String {
    match v {
        Verdict::Slower => "▲ slower".to_string(),
        Verdict::Faster => "▼ faster".to_string(),
        Verdict::Same => "= same".to_string(),
        Verdict::Uncertain if below_floor => "? uncertain (below the timer's floor)".to_string(),
        Verdict::Uncertain => "? uncertain".to_string(),
    }
}

/// `mean ± half the CI's width`, or the mean alone without a CI; below the
/// floor, its bound (`< 12.62 ps`).
fn mean_cell(b: &BenchResult) -> String {
    let Some(s) = &b.summary else {
        return "—".to_string();
    };
    if floor::below_floor(b) {
        return floor::floor_time(b);
    }
    match &b.mean_ci {
        Some(ci) => format!(
            "{} ± {}",
            fmt_ns(s.mean_ns),
            fmt_ns((ci.upper_ns - ci.lower_ns) / 2.0)
        ),
        None => fmt_ns(s.mean_ns),
    }
}

/// A group's table; under it, the floor's reasons (see `floor`) not yet
/// in `said`, the ones the report has given.
fn group_section(r: &SuiteResult, g: &GroupResult, said: &mut Vec<Caveat>, out: &mut Vec<String>) {
    out.push(format!("### {}", code(&g.name)));
    out.push(String::new());
    let compared = !g.comparisons.is_empty();
    let rates = g.benchmarks.iter().any(|b| b.throughput.is_some());
    let change_head = format!("change vs {}", code_cell(&g.baseline));
    let first = match r.mode {
        RunMode::Bench => "mean ± 95% CI",
        RunMode::Test => "result",
    };
    let mut head = vec!["bench", first];
    let mut right = vec![false, true];
    if compared {
        head.extend([change_head.as_str(), "95% CI", "verdict"]);
        right.extend([true, false, false]);
    }
    if rates {
        head.push("throughput");
        right.push(true);
    }
    let counted = g.benchmarks.iter().any(|b| b.instructions.is_some());
    if counted {
        head.extend(["instructions/iter", "vs baseline"]);
        right.extend([true, true]);
    }
    let rows = g
        .benchmarks
        .iter()
        .map(|b| {
            let mut name = code_cell(&b.name);
            if compared && b.name == g.baseline {
                name.push_str(" (baseline)");
            }
            let mean = if b.failed {
                "✗ **failed**".to_string()
            } else if b.instructions.is_some() {
                "counted".to_string()
            } else if r.mode == RunMode::Test {
                "ok".to_string()
            } else {
                mean_cell(b)
            };
            let mut row = vec![name, mean];
            if compared {
                match comparison_of(g, b) {
                    Some(c) => {
                        let (change, ci) = match floor::change_words(g, c) {
                            Some(words) => (words.to_owned(), String::new()),
                            None => (
                                fmt_pct(c.pct_change),
                                fmt_pct_ci(c.ci_lower_pct, c.ci_upper_pct),
                            ),
                        };
                        row.extend([change, ci, verdict_cell(c.verdict, c.below_floor)]);
                    }
                    None => row.extend([String::new(), String::new(), String::new()]),
                }
            }
            if rates {
                let t = b.throughput.as_ref().filter(|_| !b.failed);
                row.push(match t {
                    Some(t) if floor::below_floor(b) => floor::floor_rate(b)
                        .map_or(String::new(), |r| {
                            format!("> {}", fmt_throughput(&t.kind, r))
                        }),
                    Some(t) => fmt_throughput(&t.kind, t.per_second),
                    None => String::new(),
                });
            }
            if counted {
                let i = b.instructions.as_ref().filter(|_| !b.failed);
                row.push(i.map_or(String::new(), |i| format!("{:.1}", i.per_iter)));
                row.push(
                    i.and_then(|i| i.vs_baseline_pct.zip(i.verdict.as_deref()))
                        .map_or(String::new(), |(p, v)| format!("{p:+.2}% {v}")),
                );
            }
            row
        })
        .collect();
    table(&head, &right, rows, out);
    // Why a row has no time or no change: once per report, under the first
    // table that needs it.
    for c in g.benchmarks.iter().flat_map(|b| Caveat::for_row(g, b)) {
        if c.of_the_floor() && !said.contains(&c) {
            said.push(c);
            out.push(String::new());
            out.push(format!("Note: {}.", c.explanation()));
        }
    }
}

fn change_cell(v: ChangeVerdict, below_floor: bool) -> String {
    match v {
        ChangeVerdict::Regression => "▲ **regression**".to_string(),
        ChangeVerdict::Improved => "▼ improved".to_string(),
        ChangeVerdict::Unchanged => "= unchanged".to_string(),
        ChangeVerdict::Uncertain if below_floor => {
            "? uncertain (below the timer's floor)".to_string()
        }
        ChangeVerdict::Uncertain => "? uncertain".to_string(),
    }
}

fn against_section(a: &Against, out: &mut Vec<String>) {
    out.push(format!("### Against baseline {}", code(&a.baseline)));
    out.push(String::new());
    let mut measured = String::new();
    if !a.old_timestamp.is_empty() {
        measured.push_str(&format!("The baseline was measured {}", a.old_timestamp));
        if let Some(git) = &a.old_git_hash {
            let short: String = git.chars().take(12).collect();
            measured.push_str(&format!(" at git {}", code(&short)));
        }
        measured.push_str(". ");
    }
    let how = if a.noise_pct > 0.0 {
        format!("run-to-run noise {:.1}% assumed", a.noise_pct)
    } else {
        "both builds measured interleaved, paired".to_string()
    };
    out.push(format!(
        "{measured}A slowdown fails when its whole {:.0}% CI is above {} ({how}).",
        a.level * 100.0,
        fmt_pct(a.max_regression_pct)
    ));
    if a.cross_testbed {
        let enforced = if a.enforced {
            "regressions fail the run (`--cross-testbed`)"
        } else {
            "regressions do not fail the run (`--cross-testbed` to let them)"
        };
        out.push(String::new());
        out.push(format!(
            "> [!WARNING]\n> The baseline ran on another machine ({}): {enforced}.",
            a.testbed_differences.join("; ")
        ));
    }
    for note in &a.notes {
        out.push(String::new());
        out.push(format!("Note: {note}."));
    }
    if !a.entries.is_empty() {
        out.push(String::new());
        let level = format!("{:.0}% CI", a.level * 100.0);
        let rows = a
            .entries
            .iter()
            .map(|e| {
                vec![
                    code_cell(&e.full_name),
                    floor::time_or_floor(e.old_mean_ns),
                    floor::time_or_floor(e.new_mean_ns),
                    fmt_pct(e.pct_change),
                    fmt_pct_ci(e.ci_lower_pct, e.ci_upper_pct),
                    change_cell(e.verdict, e.below_floor),
                ]
            })
            .collect();
        table(
            &["bench", "old", "new", "change", &level, "verdict"],
            &[false, true, true, true, false, false],
            rows,
            out,
        );
    }
    let names = |list: &[String]| list.iter().map(|n| code(n)).collect::<Vec<_>>().join(", ");
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
    let regressions = a.count(ChangeVerdict::Regression);
    let mut counts = plural(regressions, "regression", "regressions");
    if regressions > 0 {
        counts = format!("**{counts}**");
    }
    let verdict = if a.fails() {
        "**FAIL**"
    } else if regressions > 0 {
        "not enforced across machines"
    } else {
        "pass"
    };
    out.push(String::new());
    out.push(format!(
        "{counts}, {} improved, {} unchanged, {} uncertain: {verdict}",
        a.count(ChangeVerdict::Improved),
        a.count(ChangeVerdict::Unchanged),
        a.count(ChangeVerdict::Uncertain),
    ));
}

fn complexity_section(results: &[ComplexityResult], out: &mut Vec<String>) {
    out.push("### Complexity".to_string());
    out.push(String::new());
    let rows = results
        .iter()
        .map(|c| {
            let declared = if c.declared.starts_with("O(") {
                c.declared.clone()
            } else {
                format!("O({})", c.declared)
            };
            vec![
                code_cell(&c.name),
                declared.replace('|', "\\|"),
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
            ]
        })
        .collect();
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

/// The first line of a failure message, `…` when there is more.
fn first_line(msg: &str) -> String {
    let mut lines = msg.trim().lines();
    let first = lines.next().unwrap_or("");
    let more = if lines.next().is_some() { " …" } else { "" };
    format!("{first}{more}")
}

fn failures_section(r: &SuiteResult, out: &mut Vec<String>) {
    let mut items = Vec::new();
    for b in r.groups.iter().flat_map(|g| &g.benchmarks) {
        if b.failed {
            let msg = b.error.as_deref().unwrap_or("panicked");
            items.push(format!(
                "- {} failed: {}",
                code(&b.full_name),
                code(&first_line(msg))
            ));
        }
    }
    for f in &r.repetition.failures {
        let said = f
            .message
            .as_deref()
            .map_or(String::new(), |m| format!(": {}", code(&first_line(m))));
        items.push(format!(
            "- child process {} gave no result ({}){said}",
            f.index, f.status
        ));
    }
    if !items.is_empty() {
        out.push(String::new());
        out.push("### Failures".to_string());
        out.push(String::new());
        out.extend(items);
    }
}

fn statistics_section(r: &SuiteResult, out: &mut Vec<String>) {
    out.push("<details><summary>Statistics</summary>".to_string());
    out.push(String::new());
    let mut run = vec![
        format!("run {}", code(&r.run_id)),
        r.timestamp.clone(),
        format!("seed {}", r.seed),
        format!("wall time {}", fmt_secs(r.wall_time_s)),
    ];
    if r.timestamp.is_empty() {
        run.remove(1);
    }
    out.push(format!("- **Run**: {}", run.join(" · ")));
    let t = &r.testbed;
    let mut bed = vec![];
    if !t.cpu_model.is_empty() {
        bed.push(t.cpu_model.clone());
    }
    bed.push(format!("{} {}", t.arch, t.os));
    bed.push(format!(
        "{} physical / {} logical cores",
        t.physical_cores, t.logical_cores
    ));
    for (name, bytes) in [("L1d", t.l1d_bytes), ("L2", t.l2_bytes), ("L3", t.l3_bytes)] {
        if let Some(b) = bytes {
            bed.push(format!("{name} {}", fmt_bytes(b as f64)));
        }
    }
    if let Some(rustc) = &t.rustc {
        bed.push(rustc.clone());
    }
    if !t.id.is_empty() {
        bed.push(format!("id {}", code(&t.id)));
    }
    out.push(format!("- **Testbed**: {}", bed.join(" · ")));
    out.push(format!(
        "- **Timer**: {}, resolution {} · loop overhead {}",
        super::fields::timer_name(r.timer.kind),
        fmt_ns(r.timer.resolution_ns),
        fmt_ns(r.loop_overhead_ns)
    ));
    out.push(String::new());
    let rows = r
        .groups
        .iter()
        .flat_map(|g| g.benchmarks.iter().map(move |b| stats_row(r, g, b)))
        .collect();
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

fn stats_row(r: &SuiteResult, g: &GroupResult, b: &BenchResult) -> Vec<String> {
    let mut row = vec![code_cell(&b.full_name)];
    match b.summary.as_ref().filter(|_| !b.failed) {
        // Below the floor: no time, CI or extremes; the spread stays.
        Some(s) if floor::below_floor(b) => {
            row.push(s.n.to_string());
            row.push(floor::floor_time(b));
            row.extend(std::iter::repeat_n(String::new(), 4));
            row.push(fmt_ns(s.stddev_ns));
        }
        Some(s) => {
            row.push(s.n.to_string());
            row.push(fmt_ns(s.mean_ns));
            row.push(b.mean_ci.as_ref().map_or(String::new(), |ci| {
                let bound = |x: f64| floor::time_bound(x, fmt_ns);
                fmt_interval(bound(ci.lower_ns), bound(ci.upper_ns))
            }));
            for x in [s.median_ns, s.min_ns, s.max_ns] {
                row.push(floor::time_of(b, x, fmt_ns));
            }
            row.push(fmt_ns(s.stddev_ns));
        }
        None => {
            let text = if b.failed { "failed" } else { "—" };
            row.push(text.to_string());
            row.extend(std::iter::repeat_n(String::new(), 6));
        }
    }
    row.push(super::fields::stop_words(g));
    let mut notes: Vec<String> = Caveat::for_row(g, b)
        .iter()
        .map(|c| c.name().replace('_', " "))
        .collect();
    if let Some(a) = &b.alloc {
        let word = if a.allocs == 1.0 { "alloc" } else { "allocs" };
        notes.push(format!(
            "{} {word}, {}/iter",
            super::format::fmt_count(a.allocs),
            fmt_bytes(a.bytes)
        ));
    }
    if let Some(e) = against_of(r, b) {
        notes.push(format!(
            "vs baseline {}",
            super::fields::change_name(e.verdict)
        ));
    }
    row.push(notes.join(", "));
    row
}

#[cfg(test)]
#[path = "md_tests.rs"]
mod tests;
