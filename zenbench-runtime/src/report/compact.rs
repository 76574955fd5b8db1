//! `--compact`: the measured run as one line per benchmark, for long
//! suites: full name, mean with its 95% CI, and the change against the
//! group's baseline with its verdict (or FAILED and the reason).

use super::format::fmt_ns;
use super::model::{Figures, Report};
use super::pretty::{failure_text, paint, verdict_paint, Style};
use super::table::{Align, Cell, Column, Paint, Row, Table};

/// One line per benchmark of every group, in one table.
pub(super) fn compact_lines(r: &Report, style: &Style) -> Vec<String> {
    let s = Column::spaced;
    let columns = vec![
        s(Align::Left, None),
        s(Align::Right, None),
        s(Align::Left, Some(1)),
        s(Align::Right, None),
        s(Align::Left, None),
    ];
    let label = Cell::labels(&["bench", "mean", "95% CI", "change", "verdict"]);
    let mut rows = Vec::new();
    for row in r.groups.iter().flat_map(|s| &s.rows) {
        let name = row.name(row.bench.full_name.clone());
        let (mean, ci) = match &row.figures {
            Figures::Failed(why) => {
                rows.push(Row::Spanning {
                    lead: vec![Cell::plain(name)],
                    rest: Cell::new(failure_text(why), Paint::RedBold),
                });
                continue;
            }
            Figures::BelowFloor { floor, .. } => (floor.show(), String::new()),
            Figures::Measured(m) => (fmt_ns(m.mean_ns), m.ci_in(&fmt_ns)),
            Figures::NoData => ("no data".to_owned(), String::new()),
        };
        let (change, verdict) = match &row.change {
            Some(c) => {
                let p = verdict_paint(c.verdict());
                (Cell::new(c.pct(), p), Cell::new(c.word(), p))
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
