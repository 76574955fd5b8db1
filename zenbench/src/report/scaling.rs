//! The terminal's thread-scaling table, and one throughput unit per column.

use super::format::RateUnit;
use super::pretty::{paint, Style};
use super::table::{Align, Cell, Column, Paint, Row, Table};
use crate::result::{GroupResult, ScalingPoint};

/// One unit per kind of throughput in a group's table: the unit of its
/// largest rate.
pub(super) fn column_units(g: &GroupResult) -> Vec<(String, RateUnit)> {
    let mut units: Vec<(String, f64)> = Vec::new();
    for t in g.benchmarks.iter().filter_map(|b| b.throughput.as_ref()) {
        let v = if t.per_second.is_finite() {
            t.per_second
        } else {
            0.0
        };
        match units.iter_mut().find(|(k, _)| *k == t.kind) {
            Some((_, largest)) => *largest = largest.max(v),
            None => units.push((t.kind.clone(), v)),
        }
    }
    units
        .into_iter()
        .map(|(kind, largest)| {
            let unit = RateUnit::for_largest(&kind, largest);
            (kind, unit)
        })
        .collect()
}

/// The thread-scaling table under a sweep's group: threads, throughput with
/// its 95% CI (one unit), scaling, efficiency, and marks: `◆` the sweet
/// spot, `▼` throughput fell beyond both CIs, `smt` past the physical cores.
pub(super) fn scaling_lines(
    g: &GroupResult,
    points: &[ScalingPoint],
    style: &Style,
) -> Vec<String> {
    let kind = g
        .benchmarks
        .iter()
        .find_map(|b| b.throughput.as_ref().map(|t| t.kind.clone()))
        .unwrap_or_else(|| "iter".to_string());
    let largest = points
        .iter()
        .map(|p| p.throughput_upper_per_s)
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let unit = RateUnit::for_largest(&kind, largest);
    let c = Column::spaced;
    let columns = vec![
        c(Align::Left, None),
        c(Align::Right, None),
        c(Align::Right, Some(2)),
        c(Align::Right, None),
        c(Align::Right, None),
        c(Align::Left, Some(1)),
    ];
    let label = [
        "threads",
        "throughput",
        "95% CI",
        "scaling",
        "efficiency",
        "",
    ]
    .map(|t| Cell::new(t, Paint::Dim))
    .to_vec();
    let rows = points
        .iter()
        .map(|p| {
            let mut marks = Vec::new();
            if p.sweet_spot {
                marks.push("◆ sweet spot");
            }
            if p.drop {
                marks.push("▼ slower than fewer threads");
            }
            if p.smt {
                marks.push("smt");
            }
            Row::Cells(vec![
                Cell::plain(format!("  {}", p.threads)),
                Cell::plain(unit.format(p.throughput_per_s)),
                Cell::plain(format!(
                    "[{}, {}]",
                    unit.number(p.throughput_lower_per_s)
                        .unwrap_or_else(|| "n/a".into()),
                    unit.number(p.throughput_upper_per_s)
                        .unwrap_or_else(|| "n/a".into())
                )),
                Cell::plain(format!("{:.2}×", p.scaling)),
                Cell::plain(format!("{:.0}%", p.efficiency * 100.0)),
                Cell::new(
                    marks.join(", "),
                    if p.drop { Paint::Red } else { Paint::Plain },
                ),
            ])
        })
        .collect();
    let table = Table {
        columns,
        label: Some(label),
        rows,
    };
    let mut out = vec![format!("  {}", paint("scaling", Paint::Bold, style))];
    out.extend(
        table
            .render(style.color, style.width)
            .into_iter()
            .map(|l| format!("  {l}")),
    );
    out
}
