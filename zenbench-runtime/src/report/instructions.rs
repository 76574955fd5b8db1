//! The terminal's table of a `--measure instructions` run: per group,
//! instructions, cache misses and estimated cycles per iteration, and the
//! exact change against the group's baseline.

use super::format::fmt_secs;
use super::model::{Figures, Section};
use super::pretty::{failure_text, paint, Style};
use super::table::{Align, Cell, Column, Paint, Row, Table};

/// A count with thousands separators and one decimal under 1000.
pub(crate) fn fmt_count_f(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if x.abs() < 1000.0 {
        return format!("{x:.1}");
    }
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// The group's lines: a header and the table.
pub(super) fn instruction_lines(s: &Section, style: &Style) -> Vec<String> {
    let g = s.group;
    let mut out = vec![format!(
        "{}  instructions (callgrind) · {}",
        paint(&g.name, Paint::Bold, style),
        fmt_secs(g.wall_time_s)
    )];
    let c = Column::spaced;
    let columns = vec![
        c(Align::Left, None),
        c(Align::Right, None),
        c(Align::Right, Some(2)),
        c(Align::Right, Some(1)),
        c(Align::Right, Some(3)),
        c(Align::Right, None),
        c(Align::Left, None),
    ];
    let label = Cell::labels(&[
        "",
        "",
        "instr/iter",
        "L1 miss",
        "LL miss",
        "est. cycles",
        "change",
        "",
    ]);
    let last = s.rows.len().saturating_sub(1);
    let mut any_compared = false;
    for b in &g.benchmarks {
        any_compared |= b.instructions.as_ref().is_some_and(|x| x.verdict.is_some());
    }
    let mut rows = Vec::with_capacity(s.rows.len());
    for (i, row) in s.rows.iter().enumerate() {
        let b = row.bench;
        let glyph = if i == last { "└─" } else { "├─" };
        let mut name = format!("{glyph} {}", b.name);
        if b.name == g.baseline && any_compared {
            name.push_str(" (baseline)");
        }
        let Some(x) = b.instructions.as_ref().filter(|_| !b.failed) else {
            rows.push(Row::Spanning {
                lead: vec![Cell::plain(name)],
                rest: Cell::new(failure_text(why(&row.figures)), Paint::RedBold),
            });
            continue;
        };
        let (change, verdict) = match (x.vs_baseline_pct, x.verdict.as_deref()) {
            (Some(p), Some(v)) => {
                let paint = match v {
                    "faster" => Paint::Green,
                    "slower" => Paint::Red,
                    _ => Paint::Plain,
                };
                (Cell::new(format!("{p:+.2}%"), paint), Cell::new(v, paint))
            }
            _ => (Cell::empty(), Cell::empty()),
        };
        rows.push(Row::Cells(vec![
            Cell::plain(name),
            Cell::plain(fmt_count_f(x.per_iter)),
            Cell::new(fmt_count_f(x.l1_misses), Paint::Dim),
            Cell::new(fmt_count_f(x.ll_misses), Paint::Dim),
            Cell::new(fmt_count_f(x.est_cycles), Paint::Dim),
            change,
            verdict,
        ]));
    }
    let table = Table {
        columns,
        label: Some(label),
        rows,
    };
    out.extend(table.render(style.color, style.width));
    out
}

/// Why a counted row has no count: its error, or that it panicked.
fn why(f: &Figures) -> &str {
    match f {
        Figures::Failed(why) => why,
        _ => "panicked",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::result::Instructions;
    use crate::report::fixture::bench_suite;

    #[test]
    fn counts_read_with_separators() {
        assert_eq!(fmt_count_f(2412.0), "2,412");
        assert_eq!(fmt_count_f(1_234_567.4), "1,234,567");
        assert_eq!(fmt_count_f(12.25), "12.2");
        assert_eq!(fmt_count_f(-4500.0), "-4,500");
        assert_eq!(fmt_count_f(f64::NAN), "");
    }

    #[test]
    fn a_counted_group_shows_counts_and_exact_changes() {
        let mut r = bench_suite();
        r.groups.truncate(1);
        let g = &mut r.groups[0];
        for (i, b) in g.benchmarks.iter_mut().enumerate() {
            b.instructions = Some(Instructions {
                per_iter: 1000.0 * (i + 1) as f64,
                l1_misses: 1.0,
                ll_misses: 0.0,
                est_cycles: 1000.0 * (i + 1) as f64 + 10.0,
                iters: (1, 101),
                vs_baseline_pct: (i > 0).then_some(100.0 * i as f64),
                verdict: (i > 0).then(|| "slower".to_owned()),
            });
        }
        let report = crate::report::model::Report::of(&r);
        let text = instruction_lines(&report.groups[0], &Style::default()).join("\n");
        assert!(text.contains("instructions (callgrind)"), "{text}");
        assert!(text.contains("1,000") && text.contains("2,000"), "{text}");
        assert!(
            text.contains("+100.00%") && text.contains("slower"),
            "{text}"
        );
        assert!(
            text.contains("FAILED"),
            "the failed row keeps its reason: {text}"
        );
    }
}
