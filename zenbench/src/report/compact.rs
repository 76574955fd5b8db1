//! `--compact`: the measured run as one line per benchmark, for long
//! suites: full name, mean with its 95% CI, and the change against the
//! group's baseline with its verdict (or FAILED and the reason).

use super::fields::{comparison_of, verdict_name};
use super::floor;
use super::format::{fmt_interval, fmt_ns, fmt_pct};
use super::pretty::{failure_text, paint, verdict_paint, Style};
use super::table::{Align, Cell, Column, Paint, Row, Table};
use crate::model::result::SuiteResult;

/// One line per benchmark of every group, in one table.
pub(super) fn compact_lines(r: &SuiteResult, style: &Style) -> Vec<String> {
    let s = Column::spaced;
    let columns = vec![
        s(Align::Left, None),
        s(Align::Right, None),
        s(Align::Left, Some(1)),
        s(Align::Right, None),
        s(Align::Left, None),
    ];
    let label = ["bench", "mean", "95% CI", "change", "verdict"]
        .map(|t| Cell::new(t, Paint::Dim))
        .to_vec();
    let mut rows = Vec::new();
    for g in &r.groups {
        for b in &g.benchmarks {
            let name = if b.name == g.baseline && !g.comparisons.is_empty() {
                format!("{} (baseline)", b.full_name)
            } else {
                b.full_name.clone()
            };
            if b.failed {
                rows.push(Row::Spanning {
                    lead: vec![Cell::plain(name)],
                    rest: Cell::new(failure_text(b), Paint::RedBold),
                });
                continue;
            }
            let at_floor = floor::below_floor(b);
            let mean = match &b.summary {
                Some(_) if at_floor => floor::floor_time(b),
                Some(s) => fmt_ns(s.mean_ns),
                None => "no data".to_owned(),
            };
            let ci = match &b.mean_ci {
                Some(c) if !at_floor => fmt_interval(
                    floor::time_bound(c.lower_ns, fmt_ns),
                    floor::time_bound(c.upper_ns, fmt_ns),
                ),
                _ => String::new(),
            };
            let (change, verdict) = match comparison_of(g, b) {
                Some(c) => {
                    let p = verdict_paint(c.verdict);
                    let change = floor::change_words(g, c)
                        .map_or_else(|| fmt_pct(c.pct_change), str::to_owned);
                    (Cell::new(change, p), Cell::new(verdict_name(c.verdict), p))
                }
                None => (Cell::empty(), Cell::empty()),
            };
            rows.push(Row::Cells(vec![
                Cell::plain(name),
                Cell::plain(mean),
                Cell::new(ci, Paint::Dim),
                change,
                verdict,
            ]));
        }
    }
    let table = Table {
        columns,
        label: Some(label),
        rows,
    };
    let mut out: Vec<String> = table.render(style.color, style.width);
    if r.groups.is_empty() {
        out = vec![paint("no benchmark groups", Paint::Dim, style)];
    }
    out
}
