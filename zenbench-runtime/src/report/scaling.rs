//! The terminal's thread-scaling table, and one throughput unit per column.

use super::floor;
use super::format::{fmt_interval, RateUnit};
use super::pretty::{paint, Style};
use super::table::{wrap, Align, Cell, Column, Paint, Row, Table};
use crate::model::result::{GroupResult, ScalingPoint};
use crate::model::text::joined;

/// One unit per kind of throughput in a group's table: the unit of its
/// largest rate.
pub(super) fn column_units(g: &GroupResult) -> Vec<(String, RateUnit)> {
    let mut units: Vec<(String, f64)> = Vec::new();
    for b in &g.benchmarks {
        let Some(t) = &b.throughput else { continue };
        // A row below the floor shows the rate it at least has.
        let v = if floor::below_floor(b) {
            floor::floor_rate(b).unwrap_or(0.0)
        } else {
            t.per_second
        };
        let v = if v.is_finite() { v } else { 0.0 };
        let mut seen = false;
        for (k, largest) in &mut units {
            if *k == t.kind {
                *largest = largest.max(v);
                seen = true;
                break;
            }
        }
        if !seen {
            units.push((t.kind.clone(), v));
        }
    }
    let mut out = Vec::with_capacity(units.len());
    for (kind, largest) in units {
        let unit = RateUnit::for_largest(&kind, largest);
        out.push((kind, unit));
    }
    out
}

/// The thread-scaling table under a sweep's group: threads, throughput with
/// its 95% CI (one unit), scaling, efficiency, and marks: `◆` the sweet
/// spot, `▼` throughput fell beyond both CIs, `smt` past the physical cores.
pub(super) fn scaling_lines(
    g: &GroupResult,
    points: &[ScalingPoint],
    style: &Style,
) -> Vec<String> {
    let mut kind = "iter";
    for b in &g.benchmarks {
        if let Some(t) = &b.throughput {
            kind = &t.kind;
            break;
        }
    }
    // Below the floor (see `floor`), a row's throughput is a lower bound
    // and the sweep has no scaling, efficiency, sweet spot or drop.
    let at_floor = floor::sweep_below_floor(g);
    let mut bounds = Vec::with_capacity(points.len());
    let mut all_bounded = true;
    let mut largest = 0.0_f64;
    for p in points {
        let b = bound(g, p);
        all_bounded &= b.is_some();
        let v = b.unwrap_or(p.throughput_upper_per_s);
        if v.is_finite() {
            largest = largest.max(v);
        }
        bounds.push(b);
    }
    let unit = RateUnit::for_largest(kind, largest);
    let c = Column::spaced;
    let columns = vec![
        c(Align::Left, None),
        c(Align::Right, None),
        c(Align::Right, Some(2)),
        c(Align::Right, None),
        c(Align::Right, None),
        c(Align::Left, Some(1)),
    ];
    let label = Cell::labels(&[
        "threads",
        "throughput",
        "95% CI",
        "scaling",
        "efficiency",
        "",
    ]);
    let mut rows = Vec::with_capacity(points.len());
    for (p, &bound) in points.iter().zip(&bounds) {
        let mut marks = Vec::new();
        if p.sweet_spot && !at_floor {
            marks.push("◆ sweet spot");
        }
        let drop = p.drop && !at_floor;
        if drop {
            marks.push("▼ slower than fewer threads");
        }
        if p.smt {
            marks.push("smt");
        }
        let (throughput, ci) = match bound {
            Some(b) if b.is_finite() => (format!("> {}", unit.format(b)), String::new()),
            Some(_) => (String::new(), String::new()),
            None => (
                unit.format(p.throughput_per_s),
                fmt_interval(
                    unit.number(p.throughput_lower_per_s),
                    unit.number(p.throughput_upper_per_s),
                ),
            ),
        };
        let (scaling, efficiency) = if at_floor {
            (String::new(), String::new())
        } else {
            (
                format!("{:.2}×", p.scaling),
                format!("{:.0}%", p.efficiency * 100.0),
            )
        };
        rows.push(Row::Cells(vec![
            Cell::plain(format!("  {}", p.threads)),
            Cell::plain(throughput),
            Cell::plain(ci),
            Cell::plain(scaling),
            Cell::plain(efficiency),
            Cell::new(
                joined(&marks, ", "),
                if drop { Paint::Red } else { Paint::Plain },
            ),
        ]));
    }
    let table = Table {
        columns,
        label: Some(label),
        rows,
    };
    let mut out = vec![format!("  {}", paint("scaling", Paint::Bold, style))];
    // Every row below the floor: nothing to tabulate but bounds.
    if !all_bounded {
        for l in table.render(style.color, style.width) {
            out.push(format!("  {l}"));
        }
    }
    if at_floor {
        let room = style.width.map(|w| w.saturating_sub(2));
        for line in wrap(floor::SWEEP_BELOW_FLOOR, room, "  ") {
            out.push(format!("  {}", paint(&line, Paint::Dim, style)));
        }
    }
    out
}

/// The throughput a sweep's point at least has, when its bench is below
/// the floor (NaN when it has no bound).
fn bound(g: &GroupResult, p: &ScalingPoint) -> Option<f64> {
    for b in &g.benchmarks {
        if b.threads == p.threads {
            return floor::below_floor(b).then(|| floor::floor_rate(b).unwrap_or(f64::NAN));
        }
    }
    None
}
