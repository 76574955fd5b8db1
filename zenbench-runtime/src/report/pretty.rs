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

use super::caveat::Notes;
use super::format::{fmt_ns, fmt_secs, fmt_throughput, superscript, RateUnit, TimeUnit};
use super::model::{Figures, Info, Report, Row, Section};
use super::scaling::{column_units, scaling_lines};
use super::table::{fit, wrap, Align, Cell, Column, Paint, Row as TableRow, Table};
use super::words::count;
use crate::model::result::{BenchResult, RunMode, SuiteResult, Verdict};
use crate::model::text::joined;

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
    let mut out = joined(&lines, "\n");
    out.push('\n');
    out
}

pub(super) fn paint(text: &str, p: Paint, style: &Style) -> String {
    p.apply(text, style.color)
}

fn bench_report(result: &SuiteResult, style: &Style) -> Vec<String> {
    let r = Report::of(result);
    let mut out = info_lines(&r.info);
    for line in &mut out {
        *line = paint(&fit(line, style.width), Paint::Dim, style);
    }
    let mut notes = Notes::default();
    // A self-compare result's groups are its pairs, which the comparison
    // below shows old → new: their trees would say it twice.
    let pairs = result.self_compare.as_ref();
    if style.compact && pairs.is_none() {
        out.push(String::new());
        out.extend(super::compact::compact_lines(&r, style));
    } else if pairs.is_none() {
        for s in &r.groups {
            out.push(String::new());
            if s.counted {
                out.extend(super::instructions::instruction_lines(s, style));
            } else {
                group_lines(s, style, &mut notes, &mut out);
            }
        }
    }
    if !result.complexity.is_empty() {
        out.push(String::new());
        out.extend(super::complexity::complexity_lines(
            &result.complexity,
            style,
        ));
    }
    if let Some(a) = &r.against {
        out.push(String::new());
        out.extend(super::against::against_lines(a, style));
    }
    out.push(String::new());
    let failed = r.failed.len() + r.crashed_complexity;
    let failed_text = format!("{failed} failed");
    let failed_paint = if failed > 0 {
        Paint::RedBold
    } else {
        Paint::Plain
    };
    if let Some(sc) = pairs {
        for (name, msg) in &r.failed {
            let line = format!("{name} {}", failure_text(msg));
            out.push(paint(&fit(&line, style.width), Paint::RedBold, style));
        }
        out.push(format!(
            "{}, {}, {} (building {})",
            count(r.groups.len(), "benchmark"),
            paint(&failed_text, failed_paint, style),
            fmt_secs(result.wall_time_s),
            fmt_secs(sc.build_s),
        ));
        return out;
    }
    let complexity = match result.complexity.len() {
        0 => String::new(),
        n => format!(", {}", count(n, "complexity bench")),
    };
    out.push(format!(
        "{}, {}{complexity}, {}, {}",
        count(r.groups.len(), "group"),
        count(r.benches(), "benchmark"),
        paint(&failed_text, failed_paint, style),
        fmt_secs(result.wall_time_s),
    ));
    out
}

/// The run's context: version, git, machine; timer, repetition; failed
/// child processes.
fn info_lines(info: &Info) -> Vec<String> {
    let mut second = info.timer().to_vec();
    second.extend(info.repetition.clone());
    let mut lines = vec![
        joined(&info.run(&str::to_owned, &str::to_owned), " · "),
        joined(&second, " · "),
    ];
    lines.extend(info.children(&str::to_owned));
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

/// What a failed row shows: `FAILED: ` and the first line of its error.
pub(super) fn failure_text(first_line: &str) -> String {
    format!("FAILED: {first_line}")
}

fn bench_row(
    row: &Row,
    s: &Section,
    glyph: &str,
    notes: &mut Notes,
    units: &[(String, RateUnit)],
) -> TableRow {
    let b = row.bench;
    let name = row.name(b.name.clone());
    let mut cells = vec![Cell::empty(); NCOLS];
    cells[GLYPH] = Cell::plain(glyph);
    cells[NAME] = Cell::plain(name);
    // Compared rows read in the baseline's unit, so a column compares at a
    // glance; rows of different inputs keep each their own.
    let unit = s.baseline_ns.and_then(TimeUnit::of);
    let time = |ns: f64| match unit {
        Some(u) => u.format(ns),
        None => fmt_ns(ns),
    };
    match &row.figures {
        Figures::Failed(why) => {
            cells.truncate(NAME + 1);
            return TableRow::Spanning {
                lead: cells,
                rest: Cell::new(failure_text(why), Paint::RedBold),
            };
        }
        // No time, and no spread or extremes of one, below the floor.
        Figures::BelowFloor { floor, .. } => cells[MEAN] = Cell::plain(floor.show()),
        Figures::Measured(m) => {
            cells[MEAN] = Cell::plain(time(m.mean_ns));
            cells[MAD] = Cell::plain(format!("± {}", fmt_ns(m.mad_ns)));
            cells[MIN] = Cell::plain(m.min.show_in(&time));
            cells[MEDIAN] = Cell::plain(m.median.show_in(&time));
        }
        Figures::NoData => cells[MEAN] = Cell::new("no data", Paint::Dim),
    }
    if let Some(rate) = &row.rate {
        let mut unit = None;
        for (kind, u) in units {
            if *kind == rate.kind {
                unit = Some(u);
                break;
            }
        }
        let show = |per_second: f64| match unit {
            Some(unit) => unit.format(per_second),
            None => fmt_throughput(&rate.kind, per_second),
        };
        cells[THRPT] = Cell::plain(rate.show_in(&show));
    }
    if let Some(a) = &row.alloc {
        cells[ALLOC] = Cell::plain(a.words());
    }
    if let Some(c) = &row.change {
        let p = verdict_paint(c.verdict());
        cells[PCT] = Cell::new(c.pct(), p);
        cells[CI] = Cell::new(c.ci(), p);
        cells[VERDICT] = Cell::new(c.word(), p);
    }
    cells[MARKS] = Cell::plain(notes.markers(&row.own_caveats));
    TableRow::Cells(cells)
}

fn group_lines(s: &Section, style: &Style, notes: &mut Notes, out: &mut Vec<String>) {
    let g = s.group;
    let first_note = notes.len();
    let mut header = joined(&s.stats, " · ");
    let group_marks = notes.markers(&s.caveats);
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

    let n = s.rows.len();
    let units = column_units(g);
    let mut rows = Vec::with_capacity(n);
    for (i, row) in s.rows.iter().enumerate() {
        let glyph = if i + 1 == n { "└─" } else { "├─" };
        rows.push(bench_row(row, s, glyph, notes, &units));
    }
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
    for b in &g.benchmarks {
        let mut parts = Vec::new();
        if let Some(c) = &b.cold {
            parts.push(format!(
                "cold {} median ({} samples)",
                fmt_ns(c.median_ns),
                c.n
            ));
        }
        if let Some(s) = b.slope_ns {
            parts.push(format!("slope {}/iter", fmt_ns(s)));
        }
        if parts.is_empty() {
            continue;
        }
        let line = format!("{}: {}", b.name, joined(&parts, " · "));
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
    let mut benches: Vec<&BenchResult> = Vec::new();
    for g in &r.groups {
        for b in &g.benchmarks {
            benches.push(b);
        }
    }
    let mut out = vec![
        String::new(),
        format!(
            "running {} {}",
            benches.len(),
            if benches.len() == 1 { "test" } else { "tests" }
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
    let mut failed = Vec::new();
    for b in &benches {
        if b.failed {
            failed.push(b);
        }
    }
    if !failed.is_empty() {
        out.push(String::new());
        out.push("failures:".to_string());
        for b in &failed {
            out.push(String::new());
            out.push(format!("---- {} stdout ----", b.full_name));
            for line in b.error.as_deref().unwrap_or("panicked").lines() {
                out.push(line.to_string());
            }
        }
        out.push(String::new());
        out.push("failures:".to_string());
        for b in &failed {
            out.push(format!("    {}", b.full_name));
        }
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
