//! `--format pretty`: the terminal report, a pure function of the result.
//!
//! A measured run prints one tree per group: a header (name, rounds,
//! iterations per sample, why it stopped, wall time), a dim column label
//! line, and one row per bench in input order with the mean ± MAD, min,
//! median, throughput and allocations when known, and the paired comparison
//! against the baseline: `+98.7% [+95.1%, +102.4%] slower`. Caveats are
//! numbered superscript footnotes (`¹ ²`), numbered in order of first use
//! over the whole report and explained once, under the group that first
//! uses them. A smoke run prints libtest-style lines instead.

use super::caveat::{Caveat, Notes};
use super::floor;
use super::format::{
    fmt_bytes, fmt_count, fmt_ns, fmt_pct, fmt_pct_ci, fmt_secs, fmt_throughput, superscript,
    RateUnit, TimeUnit,
};
use super::scaling::{column_units, scaling_lines};
use super::table::{fit, wrap, Align, Cell, Column, Paint, Row, Table};
use crate::model::result::{BenchResult, Comparison, GroupResult, RunMode, SuiteResult, Verdict};

/// How to draw the pretty report. The caller decides (terminal or not,
/// `--color`, `NO_COLOR`: see [`use_color`](super::use_color)); the report
/// itself never looks at the environment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// Emit ANSI colour codes.
    pub color: bool,
    /// Fit lines to this many columns: optional columns (median, min,
    /// allocations, throughput, MAD, in that order) are dropped, long
    /// messages and headers cut, footnotes wrapped. Best effort: the name,
    /// the mean and the comparison are never dropped, so a row may still be
    /// wider than a very narrow limit. `None`: no limit.
    pub width: Option<usize>,
    /// Under each complexity verdict, every model's fit (`--auto-fit`).
    pub auto_fit: bool,
    /// One line per benchmark (`--compact`), for long suites.
    pub compact: bool,
}

/// The pretty report of a run: a tree per group for a measured run, libtest
/// lines (`test group/bench ... ok`, `test result: ok. 3 passed; 0 failed`)
/// for a smoke run. Ends with a newline.
pub fn pretty(result: &SuiteResult, style: &Style) -> String {
    let lines = match result.mode {
        RunMode::Bench => bench_report(result, style),
        RunMode::Test => smoke_report(result, style),
    };
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

pub(super) fn paint(text: &str, p: Paint, style: &Style) -> String {
    p.apply(text, style.color)
}

fn bench_report(r: &SuiteResult, style: &Style) -> Vec<String> {
    let mut out = info_lines(r)
        .iter()
        .map(|l| paint(&fit(l, style.width), Paint::Dim, style))
        .collect::<Vec<_>>();
    let mut notes = Notes::default();
    if style.compact {
        out.push(String::new());
        out.extend(super::compact::compact_lines(r, style));
    } else {
        for g in &r.groups {
            out.push(String::new());
            if g.benchmarks.iter().any(|b| b.instructions.is_some()) {
                out.extend(super::instructions::instruction_lines(g, style));
            } else {
                group_lines(g, style, &mut notes, &mut out);
            }
        }
    }
    if !r.complexity.is_empty() {
        out.push(String::new());
        out.extend(super::complexity::complexity_lines(&r.complexity, style));
    }
    if let Some(a) = &r.against {
        out.push(String::new());
        out.extend(super::against::against_lines(a, style));
    }
    out.push(String::new());
    let benches: usize = r.groups.iter().map(|g| g.benchmarks.len()).sum();
    let failed = failed_count(r);
    let failed_text = format!("{failed} failed");
    let failed_paint = if failed > 0 {
        Paint::RedBold
    } else {
        Paint::Plain
    };
    let complexity = match r.complexity.len() {
        0 => String::new(),
        1 => ", 1 complexity bench".to_owned(),
        n => format!(", {n} complexity benches"),
    };
    out.push(format!(
        "{} {}, {} {}{complexity}, {}, {}",
        r.groups.len(),
        plural(r.groups.len(), "group"),
        benches,
        plural(benches, "benchmark"),
        paint(&failed_text, failed_paint, style),
        fmt_secs(r.wall_time_s),
    ));
    out
}

fn plural(n: usize, word: &str) -> String {
    match n {
        1 => word.to_string(),
        _ if word.ends_with('s') => format!("{word}es"),
        _ => format!("{word}s"),
    }
}

fn failed_count(r: &SuiteResult) -> usize {
    let rows = r
        .groups
        .iter()
        .flat_map(|g| &g.benchmarks)
        .filter(|b| b.failed)
        .count();
    rows + r.complexity.iter().filter(|c| c.crashed()).count()
}

/// The run's context: version, git, machine, timer, repetition.
fn info_lines(r: &SuiteResult) -> Vec<String> {
    let mut first = vec![format!("zenbench {}", r.zenbench_version)];
    if let Some(git) = &r.git_hash {
        first.push(format!("git {}", git.chars().take(12).collect::<String>()));
    }
    let t = &r.testbed;
    if !t.cpu_model.is_empty() {
        first.push(t.cpu_model.clone());
    }
    first.push(format!(
        "{} {}, {} {} / {} {}",
        t.arch,
        t.os,
        t.physical_cores,
        plural(t.physical_cores, "core"),
        t.logical_cores,
        plural(t.logical_cores, "thread"),
    ));
    let mut second = vec![format!(
        "timer {} (resolution {})",
        match r.timer.kind {
            crate::model::result::TimerKind::Tsc => "tsc",
            crate::model::result::TimerKind::Os => "os",
        },
        fmt_ns(r.timer.resolution_ns)
    )];
    second.push(format!("loop overhead {}", fmt_ns(r.loop_overhead_ns)));
    let rep = &r.repetition;
    if rep.processes > 1 || rep.passes > 1 {
        let how = rep.aggregation.as_deref().unwrap_or("all");
        let text = match (rep.processes, rep.passes) {
            (1, passes) => format!("{how} of {passes} passes"),
            (processes, 1) => {
                format!(
                    "{how} of {processes} {}",
                    plural(processes as usize, "process")
                )
            }
            (processes, passes) => format!(
                "{how} of {processes} {} × {} of {passes} passes",
                plural(processes as usize, "process"),
                rep.pass_aggregation.as_deref().unwrap_or("all")
            ),
        };
        second.push(text);
    }
    let mut lines = vec![first.join(" · "), second.join(" · ")];
    for f in &rep.failures {
        let said = f
            .message
            .as_deref()
            .map_or(String::new(), |m| format!(": {m}"));
        lines.push(format!(
            "child process {} failed ({}){said}",
            f.index, f.status
        ));
    }
    lines
}

// Column indices of a group table.
const GLYPH: usize = 0;
const NAME: usize = 1;
const MEAN: usize = 2;
const MAD: usize = 3;
const MIN: usize = 4;
const MEDIAN: usize = 5;
const THRPT: usize = 6;
const ALLOC: usize = 7;
const PCT: usize = 8;
const CI: usize = 9;
const VERDICT: usize = 10;
const MARKS: usize = 11;
const NCOLS: usize = 12;

fn columns() -> Vec<Column> {
    let c = |align, gap, drop_rank| Column {
        align,
        gap,
        drop_rank,
    };
    let mut cols = vec![c(Align::Left, 3, None); NCOLS];
    cols[GLYPH] = c(Align::Left, 0, None);
    cols[NAME] = c(Align::Left, 1, None);
    cols[MEAN] = c(Align::Right, 3, None);
    cols[MAD] = c(Align::Right, 1, Some(5));
    cols[MIN] = c(Align::Right, 3, Some(2));
    cols[MEDIAN] = c(Align::Right, 3, Some(1));
    cols[THRPT] = c(Align::Right, 3, Some(4));
    cols[ALLOC] = c(Align::Right, 3, Some(3));
    cols[PCT] = c(Align::Right, 3, None);
    cols[CI] = c(Align::Left, 1, None);
    cols[VERDICT] = c(Align::Left, 1, None);
    cols[MARKS] = c(Align::Left, 1, None);
    cols
}

fn label_row() -> Vec<Cell> {
    let mut cells = vec![Cell::empty(); NCOLS];
    for (i, text) in [
        (MEAN, "mean"),
        (MAD, "± MAD"),
        (MIN, "min"),
        (MEDIAN, "median"),
        (THRPT, "throughput"),
        (ALLOC, "alloc/iter"),
        (PCT, "change"),
        (CI, "95% CI"),
    ] {
        cells[i] = Cell::new(text, Paint::Dim);
    }
    cells
}

pub(super) fn verdict_paint(v: Verdict) -> Paint {
    match v {
        Verdict::Faster => Paint::Green,
        Verdict::Slower => Paint::Red,
        Verdict::Uncertain => Paint::Dim,
        Verdict::Same => Paint::Plain,
    }
}

/// The first line of a failure message, or a placeholder.
pub(super) fn failure_text(b: &BenchResult) -> String {
    let msg = b.error.as_deref().unwrap_or("panicked").trim();
    let mut lines = msg.lines();
    let first = lines.next().unwrap_or("panicked");
    let more = if lines.next().is_some() { " …" } else { "" };
    format!("FAILED: {first}{more}")
}

fn bench_row(
    b: &BenchResult,
    g: &GroupResult,
    glyph: &str,
    compared: bool,
    notes: &mut Notes,
    units: &[(String, RateUnit)],
) -> Row {
    let mut name = b.name.clone();
    if compared && b.name == g.baseline {
        name.push_str(" (baseline)");
    }
    if b.failed {
        return Row::Spanning {
            lead: vec![Cell::plain(glyph), Cell::plain(name)],
            rest: Cell::new(failure_text(b), Paint::RedBold),
        };
    }
    let mut cells = vec![Cell::empty(); NCOLS];
    cells[GLYPH] = Cell::plain(glyph);
    cells[NAME] = Cell::plain(name);
    // Compared rows read in the baseline's unit, so a column compares at a
    // glance; rows of different inputs keep each their own.
    let unit = if compared {
        g.benchmarks
            .iter()
            .find(|x| x.name == g.baseline && !floor::below_floor(x))
            .and_then(|x| x.summary.as_ref())
            .and_then(|s| TimeUnit::of(s.mean_ns))
    } else {
        None
    };
    let time = |ns: f64| unit.map_or_else(|| fmt_ns(ns), |u| u.format(ns));
    let at_floor = floor::below_floor(b);
    match &b.summary {
        // No time, and no spread or extremes of one, below the floor.
        Some(_) if at_floor => cells[MEAN] = Cell::plain(floor::floor_time(b)),
        Some(s) => {
            cells[MEAN] = Cell::plain(time(s.mean_ns));
            cells[MAD] = Cell::plain(format!("± {}", fmt_ns(s.mad_ns)));
            cells[MIN] = Cell::plain(floor::time_of(b, s.min_ns, time));
            cells[MEDIAN] = Cell::plain(floor::time_of(b, s.median_ns, time));
        }
        None => cells[MEAN] = Cell::new("no data", Paint::Dim),
    }
    if let Some(t) = &b.throughput {
        let rate = |per_second: f64| match units.iter().find(|(kind, _)| *kind == t.kind) {
            Some((_, unit)) => unit.format(per_second),
            None => fmt_throughput(&t.kind, per_second),
        };
        cells[THRPT] = Cell::plain(match (at_floor, floor::floor_rate(b)) {
            (true, Some(bound)) => format!("> {}", rate(bound)),
            (true, None) => String::new(),
            (false, _) => rate(t.per_second),
        });
    }
    if let Some(a) = &b.alloc {
        let word = if a.allocs == 1.0 { "alloc" } else { "allocs" };
        cells[ALLOC] = Cell::plain(format!(
            "{} {word}, {}",
            fmt_count(a.allocs),
            fmt_bytes(a.bytes)
        ));
    }
    let mut caveats = Caveat::for_bench(b);
    let comparison: Option<&Comparison> = super::fields::comparison_of(g, b);
    if let Some(c) = comparison {
        let p = verdict_paint(c.verdict);
        match floor::change_words(g, c) {
            Some(words) => cells[PCT] = Cell::new(words, p),
            None => {
                cells[PCT] = Cell::new(fmt_pct(c.pct_change), p);
                cells[CI] = Cell::new(fmt_pct_ci(c.ci_lower_pct, c.ci_upper_pct), p);
            }
        }
        cells[VERDICT] = Cell::new(super::fields::verdict_name(c.verdict), p);
        caveats.extend(Caveat::for_change(g, c));
    }
    cells[MARKS] = Cell::plain(notes.markers(&caveats));
    Row::Cells(cells)
}

fn group_lines(g: &GroupResult, style: &Style, notes: &mut Notes, out: &mut Vec<String>) {
    let first_note = notes.len();
    let mut header = format!(
        "{} {} · {} iters/sample · {} · {}",
        g.rounds,
        if g.rounds == 1 { "round" } else { "rounds" },
        g.iterations_per_sample,
        super::fields::stop_words(g),
        fmt_secs(g.wall_time_s),
    );
    if g.config.cache_firewall {
        header.push_str(" · cache firewall");
    }
    if let Some(gate) = g.gate.as_ref().filter(|g| g.rounds_delayed > 0) {
        header.push_str(&format!(
            " · gate held {} {} ({} waiting{})",
            gate.rounds_delayed,
            if gate.rounds_delayed == 1 {
                "round"
            } else {
                "rounds"
            },
            fmt_secs(gate.waited_s),
            gate.last_reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default(),
        ));
    }
    if let Some(gate) = g.gate.as_ref().filter(|g| g.rounds_under_load > 0) {
        header.push_str(&format!(
            " · {} {} measured through a sustained load{}",
            gate.rounds_under_load,
            plural(gate.rounds_under_load as usize, "round"),
            gate.sustained_load
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default(),
        ));
    }
    let group_marks = notes.markers(&Caveat::for_group(g));
    if !group_marks.is_empty() {
        header.push(' ');
        header.push_str(&group_marks);
    }
    let room = style
        .width
        .map(|w| w.saturating_sub(g.name.chars().count() + 2));
    out.push(format!(
        "{}  {}",
        paint(&g.name, Paint::Bold, style),
        fit(&header, room)
    ));

    let compared = !g.comparisons.is_empty();
    let n = g.benchmarks.len();
    let units = column_units(g);
    let rows = g
        .benchmarks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let glyph = if i + 1 == n { "└─" } else { "├─" };
            bench_row(b, g, glyph, compared, notes, &units)
        })
        .collect();
    let table = Table {
        columns: columns(),
        label: Some(label_row()),
        rows,
    };
    out.extend(table.render(style.color, style.width));

    if let Some(points) = g.scaling.as_deref().filter(|p| !p.is_empty()) {
        out.extend(scaling_lines(g, points, style));
    }

    // Extra per-bench figures from the `cold_start` and `linear_sampling` options.
    let extras: Vec<String> = g
        .benchmarks
        .iter()
        .filter_map(|b| {
            let cold = b
                .cold
                .as_ref()
                .map(|c| format!("cold {} median ({} samples)", fmt_ns(c.median_ns), c.n));
            let slope = b.slope_ns.map(|s| format!("slope {}/iter", fmt_ns(s)));
            let parts: Vec<String> = cold.into_iter().chain(slope).collect();
            (!parts.is_empty()).then(|| format!("{}: {}", b.name, parts.join(" · ")))
        })
        .collect();
    for line in extras {
        for line in wrap(&line, style.width, "    ") {
            out.push(format!("  {line}"));
        }
    }

    for (num, caveat) in notes.since(first_note) {
        let text = format!("{} {}", superscript(num), caveat.explanation());
        for line in wrap(&text, style.width.map(|w| w.saturating_sub(2)), "  ") {
            out.push(format!("  {}", paint(&line, Paint::Dim, style)));
        }
    }
}

/// libtest-like lines for a smoke run.
fn smoke_report(r: &SuiteResult, style: &Style) -> Vec<String> {
    let benches: Vec<&BenchResult> = r.groups.iter().flat_map(|g| &g.benchmarks).collect();
    let mut out = vec![
        String::new(),
        format!(
            "running {} {}",
            benches.len(),
            plural(benches.len(), "test")
        ),
    ];
    for b in &benches {
        let status = if b.failed {
            paint("FAILED", Paint::Red, style)
        } else {
            paint("ok", Paint::Green, style)
        };
        out.push(format!("test {} ... {status}", b.full_name));
    }
    let failed: Vec<&&BenchResult> = benches.iter().filter(|b| b.failed).collect();
    if !failed.is_empty() {
        out.push(String::new());
        out.push("failures:".to_string());
        for b in &failed {
            out.push(String::new());
            out.push(format!("---- {} stdout ----", b.full_name));
            out.extend(
                b.error
                    .as_deref()
                    .unwrap_or("panicked")
                    .lines()
                    .map(str::to_string),
            );
        }
        out.push(String::new());
        out.push("failures:".to_string());
        out.extend(failed.iter().map(|b| format!("    {}", b.full_name)));
    }
    out.push(String::new());
    let verdict = if failed.is_empty() {
        paint("ok", Paint::Green, style)
    } else {
        paint("FAILED", Paint::Red, style)
    };
    out.push(format!(
        "test result: {verdict}. {} passed; {} failed; finished in {:.2}s",
        benches.len() - failed.len(),
        failed.len(),
        r.wall_time_s
    ));
    out.push(String::new());
    out
}

/// The examples that were this module's doc examples (the module is private).
#[cfg(test)]
mod doc_examples {
    #[test]
    fn example_pretty() {
        let result = &crate::report::fixture::bench_suite();
        use crate::report::{pretty, Style};
        let text = pretty(
            result,
            &Style {
                color: false,
                width: Some(100),
                auto_fit: false,
                compact: false,
            },
        );
        assert!(text.contains("sort"), "{text}");
    }
}
