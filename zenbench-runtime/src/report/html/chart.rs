//! What the HTML report's charts share: the SVG canvas, colours, fonts,
//! axis ticks and units, and the chart whose rows are benches.
//!
//! Row labels are drawn as text beside the plotting area, so a row sits at
//! a whole number on its axis; plotters escapes every text it writes.

use super::esc;
use crate::model::result::{ChangeVerdict, Verdict};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The root of one SVG chart.
pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// What a drawing step returns.
pub(super) type Drawn = Result<(), Box<dyn std::error::Error>>;

/// Chart width, pixels.
pub(super) const WIDTH: u32 = 960;
/// Height of one bench's row in the row charts, pixels.
pub(super) const ROW_H: u32 = 40;

/// Series colours (colour-blind safe, readable on white).
pub(super) const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(120, 94, 240),
    RGBColor(90, 90, 90),
];
/// Faster, improved, a kept rung.
pub(super) const GREEN: RGBColor = RGBColor(0, 135, 75);
/// Slower, a regression, a failed rung.
pub(super) const RED: RGBColor = RGBColor(200, 35, 35);
/// Uncertain.
pub(super) const AMBER: RGBColor = RGBColor(190, 125, 0);
/// Same, unchanged, left out.
pub(super) const GREY: RGBColor = RGBColor(125, 125, 125);
/// Bands and shaded ranges.
pub(super) const BAND: RGBColor = RGBColor(228, 232, 238);

/// The colour of a bench's series in its group's charts.
pub(super) fn series_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The colour of a verdict.
pub(super) fn verdict_color(v: Verdict) -> RGBColor {
    match v {
        Verdict::Faster => GREEN,
        Verdict::Slower => RED,
        Verdict::Same => GREY,
        Verdict::Uncertain => AMBER,
    }
}

/// The size of chart labels (about 14 px in the SVG).
pub(super) const LABEL: f64 = 17.0;

/// The font of labels (plotters writes `size / 1.24` as the SVG font size).
pub(super) fn font(size: f64) -> TextStyle<'static> {
    ("sans-serif", size).into_font().into()
}

/// Draws a `w`×`h` SVG with `f` and returns its text, or a note when
/// plotters fails.
pub(super) fn svg(w: u32, h: u32, f: impl FnOnce(&Area) -> Drawn) -> String {
    let mut buf = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE)
            .map_err(Into::into)
            .and_then(|()| f(&root))
            .and_then(|()| root.present().map_err(Into::into))
            .map_err(|e| e.to_string())
    };
    match drawn {
        Ok(()) => buf,
        Err(e) => format!("<p class=\"note\">chart not drawn: {}</p>", esc(&e)),
    }
}

/// `text` cut to `max` characters, with `…` when cut.
pub(super) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut t: String = text.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// Pixels for row labels of these texts (about 7 px a character at the
/// label font), within bounds.
pub(super) fn label_width<'a>(texts: impl Iterator<Item = &'a str>) -> u32 {
    let longest = texts.map(|t| t.chars().count().min(36)).max().unwrap_or(4);
    (longest as u32 * 7 + 16).clamp(60, 280)
}

/// A time axis: the unit that suits its largest value, so ticks read as
/// short plain numbers (`1.2`) and the unit goes into the axis title.
#[derive(Clone, Copy)]
pub(super) struct TimeUnit {
    /// Nanoseconds per unit.
    pub ns: f64,
    /// `ns`, `µs`, ….
    pub name: &'static str,
}

impl TimeUnit {
    /// The largest unit in which `largest_ns` is at least 1.
    pub fn for_largest(largest_ns: f64) -> TimeUnit {
        let units = [
            (1e-3, "ps"),
            (1.0, "ns"),
            (1e3, "µs"),
            (1e6, "ms"),
            (1e9, "s"),
        ];
        let a = largest_ns.abs();
        let (ns, name) = units
            .iter()
            .rev()
            .find(|(s, _)| a >= *s)
            .copied()
            .unwrap_or(units[0]);
        TimeUnit { ns, name }
    }
}

/// A time for a log axis's tick: at most three significant digits and
/// no trailing zeros, `20 µs`, `1.5 ms`.
pub(super) fn short_ns(ns: f64) -> String {
    let unit = TimeUnit::for_largest(ns);
    let v = ns / unit.ns;
    let decimals = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    format!("{s} {}", unit.name)
}

/// The in-between ticks of a log axis over `[lo, hi]` (2 and 5 times each
/// power of ten), when it spans under three decades: plotters labels only
/// the powers of ten then, too few to read a value off.
pub(super) fn log_minor(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo && hi / lo < 1e3) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut decade = 10f64.powf(lo.log10().floor());
    while decade <= hi {
        for m in [2.0, 5.0] {
            let v = m * decade;
            if (lo..=hi).contains(&v) {
                out.push(v);
            }
        }
        decade *= 10.0;
    }
    out
}

/// Which axis [`minor_ticks`] labels.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Axis {
    /// The horizontal axis, labels below.
    X,
    /// The vertical axis, labels on the left.
    Y,
}

/// Draws light grid lines and labels at `ticks` on one axis of a chart
/// whose plotting area spans from `from` to `to` (value coordinates,
/// bottom-left to top-right).
pub(super) fn minor_ticks<X, Y>(
    root: &Area,
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<X, Y>>,
    axis: Axis,
    ticks: &[f64],
    (from, to): ((f64, f64), (f64, f64)),
    label: &dyn Fn(f64) -> String,
) -> Drawn
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let line = RGBColor(232, 232, 232);
    for &v in ticks {
        let (ends, pos, anchor) = match axis {
            Axis::X => {
                let (px, py) = chart.backend_coord(&(v, from.1));
                (
                    [(v, from.1), (v, to.1)],
                    (px, py + 10),
                    Pos::new(HPos::Center, VPos::Top),
                )
            }
            Axis::Y => {
                let (px, py) = chart.backend_coord(&(from.0, v));
                (
                    [(from.0, v), (to.0, v)],
                    (px - 10, py),
                    Pos::new(HPos::Right, VPos::Center),
                )
            }
        };
        chart.draw_series([PathElement::new(ends.to_vec(), line)])?;
        root.draw(&Text::new(label(v), pos, font(LABEL).pos(anchor)))?;
    }
    Ok(())
}

/// A tick label of `v` on an axis spanning `span` (same unit): as many
/// decimals as the span needs, never an exponent.
pub(super) fn tick(v: f64, span: f64) -> String {
    let decimals = if span > 0.0 && span.is_finite() {
        (1.0 - span.log10().floor()).clamp(0.0, 4.0) as usize
    } else {
        1
    };
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_owned()
    } else {
        s
    }
}

/// `[lo, hi]` widened by `pad` of its width on each side (and made wide
/// when it is a point).
pub(super) fn padded(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let w = hi - lo;
    if w > 0.0 && w.is_finite() {
        (lo - w * pad, hi + w * pad)
    } else {
        let m = if lo.abs() > 0.0 { lo.abs() * 0.05 } else { 1.0 };
        (lo - m, hi + m)
    }
}

/// A chart whose rows are benches (row 0 on top) over a linear x axis:
/// the row labels drawn at the left of the plotting area.
pub(super) type RowChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Builds a row chart of `labels.len()` rows over `x`, with `x_desc` under
/// it and `right` pixels of room on the right.
pub(super) fn row_chart<'a, 'b>(
    root: &'a Area<'b>,
    labels: &[String],
    x: (f64, f64),
    x_desc: &str,
    right: u32,
    x_fmt: &'a dyn Fn(&f64) -> String,
) -> Result<RowChart<'a, 'b>, Box<dyn std::error::Error>> {
    let rows = labels.len().max(1) as f64;
    let left = label_width(labels.iter().map(String::as_str));
    let mut chart = ChartBuilder::on(root)
        .margin_top(10)
        .margin_right(10 + right)
        .x_label_area_size(44)
        .y_label_area_size(left)
        .build_cartesian_2d(x.0..x.1, -0.5..rows - 0.5)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(8)
        .x_label_formatter(x_fmt)
        .x_desc(x_desc)
        .label_style(font(LABEL))
        .axis_desc_style(font(LABEL))
        .light_line_style(RGBColor(240, 240, 240))
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()?;
    for (i, label) in labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(x.0, row_y(i, labels.len())));
        let style = font(LABEL).pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(clip(label, 36), (px - 8, py), style))?;
    }
    Ok(chart)
}

/// The y of row `i` of `n` (row 0 on top).
pub(super) fn row_y(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
}

/// The colour of a baseline verdict.
pub(super) fn change_color(v: ChangeVerdict) -> RGBColor {
    match v {
        ChangeVerdict::Regression => RED,
        ChangeVerdict::Improved => GREEN,
        ChangeVerdict::Unchanged => GREY,
        ChangeVerdict::Uncertain => AMBER,
    }
}

/// The (min, max) of the finite, positive values.
pub(super) fn positive_range(xs: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = xs
        .filter(|x| x.is_finite() && *x > 0.0)
        .fold((f64::INFINITY, 0.0f64), |(a, b), x| (a.min(x), b.max(x)));
    (lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_have_the_decimals_the_span_needs() {
        assert_eq!(tick(1.2, 1.8), "1.2");
        assert_eq!(tick(600.0, 1800.0), "600");
        assert_eq!(tick(0.25, 0.5), "0.25");
        assert_eq!(tick(-0.0, 2.0), "0.0");
        assert_eq!(TimeUnit::for_largest(2451.0).name, "µs");
        assert_eq!(TimeUnit::for_largest(0.3).name, "ps");
        assert_eq!(short_ns(20_000.0), "20 µs");
        assert_eq!(short_ns(1_500_000.0), "1.5 ms");
        assert_eq!(short_ns(100.0), "100 ns");
        assert_eq!(short_ns(2.25), "2.25 ns");
        assert_eq!(log_minor(7.0, 195.0), [20.0, 50.0]);
        assert_eq!(log_minor(1.0, 1e4), Vec::<f64>::new());
        assert_eq!(
            positive_range([f64::NAN, 2.0, 0.0, 5.0].into_iter()),
            Some((2.0, 5.0))
        );
    }
}
