//! The charts of sweeps, as inline SVG: a thread-scaling sweep
//! (throughput and efficiency against threads) and a complexity ladder
//! (time per call against n on log-log axes, with the declared model
//! fitted through the kept rungs).

use super::chart::{
    font, log_minor, minor_ticks, positive_range, short_ns, svg, tick, Axis, BAND, GREEN, GREY,
    LABEL, PALETTE, RED, WIDTH,
};
use crate::model::result::{ComplexityResult, GroupResult, ScalingPoint};
use crate::report::format::RateUnit;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use zenbench_stats::Model;

/// Throughput (with its CI as error bars, and the ideal linear scaling
/// dashed) and efficiency against threads, side by side; the sweet spot
/// ringed, a drop in red, SMT counts shaded.
pub(super) fn scaling(g: &GroupResult, points: &[ScalingPoint]) -> Option<String> {
    // A result read from a file may hold anything: a point at 0 threads
    // (an ideal line of infinite slope) or an infinite value would give an
    // unbounded axis, which the chart library never finishes ticking.
    let pts: Vec<&ScalingPoint> = points
        .iter()
        .filter(|p| p.threads > 0 && p.throughput_per_s.is_finite() && p.throughput_per_s > 0.0)
        .collect();
    let first = pts.first()?;
    let kind = g
        .benchmarks
        .iter()
        .find_map(|b| b.throughput.as_ref())
        .map_or("iter", |t| t.kind.as_str());
    let max_t = pts.iter().map(|p| p.threads).max().unwrap_or(1) as f64;
    let ideal = |t: f64| first.throughput_per_s * t / first.threads as f64;
    let top = pts
        .iter()
        .map(|p| p.throughput_upper_per_s.max(p.throughput_per_s))
        .filter(|v| v.is_finite())
        .fold(ideal(max_t), f64::max)
        * 1.08;
    if !(top.is_finite() && top > 0.0) {
        return None;
    }
    let unit = RateUnit::for_largest(kind, top);
    let unit_name = unit.name().to_owned();
    let eff_top = pts
        .iter()
        .map(|p| p.efficiency)
        .filter(|e| e.is_finite())
        .fold(1.0, f64::max)
        * 1.12;
    // One label per thread count, up to a readable number of them.
    let x_labels = (max_t as usize).min(32) + 1;
    let smt_from = pts.iter().find(|p| p.smt).map(|p| p.threads as f64 - 0.5);
    let per_unit = unit.divisor();
    let rate_fmt = move |v: &f64| tick(v / per_unit, top / per_unit);
    let t_fmt = |v: &f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            String::new()
        }
    };
    let eff_fmt = |v: &f64| format!("{v:.1}");
    Some(svg(WIDTH, 340, |root| {
        let (left, right) = root.split_horizontally(WIDTH / 2);
        let x = 0.5..max_t + 0.5;
        let mut tp = ChartBuilder::on(&left)
            .margin(10)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(x.clone(), 0.0..top)?;
        tp.configure_mesh()
            .x_desc("threads")
            .y_desc(format!("throughput ({unit_name})"))
            .x_labels(x_labels)
            .x_label_formatter(&t_fmt)
            .y_label_formatter(&rate_fmt)
            .label_style(font(LABEL))
            .axis_desc_style(font(LABEL))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()?;
        if let Some(from) = smt_from {
            tp.draw_series([Rectangle::new(
                [(from, 0.0), (max_t + 0.5, top)],
                BAND.filled(),
            )])?;
        }
        tp.draw_series([DashedPathElement::new(
            vec![
                (first.threads as f64, first.throughput_per_s),
                (max_t, ideal(max_t)),
            ],
            6,
            4,
            GREY.stroke_width(1),
        )])?;
        let line: Vec<(f64, f64)> = pts
            .iter()
            .map(|p| (p.threads as f64, p.throughput_per_s))
            .collect();
        tp.draw_series([PathElement::new(line, PALETTE[0].stroke_width(2))])?;
        for p in &pts {
            let t = p.threads as f64;
            let c = if p.drop { RED } else { PALETTE[0] };
            let style = c.stroke_width(2);
            tp.draw_series([PathElement::new(
                vec![(t, p.throughput_lower_per_s), (t, p.throughput_upper_per_s)],
                style,
            )])?;
            tp.draw_series([Circle::new((t, p.throughput_per_s), 4, c.filled())])?;
            if p.sweet_spot {
                tp.draw_series([Circle::new(
                    (t, p.throughput_per_s),
                    9,
                    GREEN.stroke_width(2),
                )])?;
            }
        }
        let mut eff = ChartBuilder::on(&right)
            .margin(10)
            .x_label_area_size(44)
            .y_label_area_size(52)
            .build_cartesian_2d(x, 0.0..eff_top)?;
        eff.configure_mesh()
            .x_desc("threads")
            .y_desc("efficiency (1 = linear)")
            .x_labels(x_labels)
            .x_label_formatter(&t_fmt)
            .y_label_formatter(&eff_fmt)
            .label_style(font(LABEL))
            .axis_desc_style(font(LABEL))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()?;
        if let Some(from) = smt_from {
            eff.draw_series([Rectangle::new(
                [(from, 0.0), (max_t + 0.5, eff_top)],
                BAND.filled(),
            )])?;
        }
        eff.draw_series([DashedPathElement::new(
            vec![(0.5, 1.0), (max_t + 0.5, 1.0)],
            6,
            4,
            GREY.stroke_width(1),
        )])?;
        let line: Vec<(f64, f64)> = pts
            .iter()
            .map(|p| (p.threads as f64, p.efficiency))
            .filter(|p| p.1.is_finite())
            .collect();
        eff.draw_series([PathElement::new(line.clone(), PALETTE[2].stroke_width(2))])?;
        eff.draw_series(line.iter().map(|&p| Circle::new(p, 4, PALETTE[2].filled())))?;
        Ok(())
    }))
}

/// An input size for an axis: `512`, `64k`, `1M` (powers of two in
/// binary prefixes, as ladders double).
fn fmt_n(n: f64) -> String {
    let pow2 = n > 0.0 && n.log2().fract() == 0.0;
    let (k, m) = if pow2 {
        (1024.0, 1024.0 * 1024.0)
    } else {
        (1e3, 1e6)
    };
    if n >= m {
        format!("{}M", trim(n / m))
    } else if n >= 10.0 * k || (pow2 && n >= k) {
        format!("{}k", trim(n / k))
    } else {
        format!("{n:.0}")
    }
}

/// `x` with at most two decimals and no trailing zeros.
fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The median of `xs` (not empty).
fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// The ladder on log-log axes: kept rungs filled, warm-up rungs (†) hollow,
/// below-floor rungs as grey squares, probes as grey triangles, and each
/// timed-out or crashed rung as a red cross on the n axis; through the kept
/// rungs the declared model, C median × f(n), and (dashed) the best fit
/// when it differs. `None` when no rung has a time.
pub(super) fn complexity(c: &ComplexityResult) -> Option<String> {
    let (t_lo, t_hi) = positive_range(c.rungs.iter().map(|r| r.per_call_ns))?;
    let (n_lo, n_hi) = positive_range(c.rungs.iter().map(|r| r.n as f64))?;
    let kept: Vec<_> = c
        .rungs
        .iter()
        .filter(|r| r.fitted() && !r.trimmed)
        .collect();
    // The model's curve: ln y = ln C + ln f(n), C the median ratio of the kept rungs.
    let curve = |model: Model| -> Option<Vec<(f64, f64)>> {
        let ratios: Vec<f64> = kept
            .iter()
            .map(|r| r.per_call_ns.ln() - model.ln_f(r.n as f64))
            .filter(|x| x.is_finite())
            .collect();
        if ratios.is_empty() {
            return None;
        }
        let ln_c = median(ratios);
        let steps = 48;
        Some(
            (0..=steps)
                .map(|k| {
                    let n = n_lo * (n_hi / n_lo).powf(k as f64 / steps as f64);
                    (n, (ln_c + model.ln_f(n)).exp())
                })
                .filter(|p| p.1.is_finite() && p.1 > 0.0)
                .collect(),
        )
    };
    let declared = Model::parse(&c.declared).ok();
    let best = c.best_fit.as_deref().and_then(|b| Model::parse(b).ok());
    let fit_line = declared.and_then(curve);
    let best_line = best.filter(|b| Some(*b) != declared).and_then(curve);
    let y_lo = t_lo / 3.0;
    let y_hi = t_hi * 2.0;
    let x_range = (n_lo / 1.5)..(n_hi * 1.5);
    let y_fmt = |v: &f64| short_ns(*v);
    let x_fmt = |v: &f64| fmt_n(*v);
    Some(svg(WIDTH, 380, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(84)
            .build_cartesian_2d(x_range.clone().log_scale(), (y_lo..y_hi).log_scale())?;
        chart
            .configure_mesh()
            .x_desc("n (log scale)")
            .y_desc("time per call (log scale)")
            .x_labels(8)
            .y_labels(6)
            .max_light_lines(1)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(font(LABEL))
            .axis_desc_style(font(LABEL))
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()?;
        let corners = ((x_range.start, y_lo), (x_range.end, y_hi));
        let n_minor = log_minor(x_range.start, x_range.end);
        minor_ticks(root, &mut chart, Axis::X, &n_minor, corners, &|v| fmt_n(v))?;
        let t_minor = log_minor(y_lo, y_hi);
        minor_ticks(root, &mut chart, Axis::Y, &t_minor, corners, &short_ns)?;
        let clipped = |line: Vec<(f64, f64)>| -> Vec<(f64, f64)> {
            line.into_iter()
                .filter(|p| p.1 >= y_lo && p.1 <= y_hi)
                .collect()
        };
        if let Some(line) = best_line {
            chart.draw_series([DashedPathElement::new(
                clipped(line),
                6,
                4,
                GREY.stroke_width(2),
            )])?;
        }
        if let Some(line) = fit_line {
            chart.draw_series([PathElement::new(clipped(line), PALETTE[0].stroke_width(2))])?;
        }
        for r in &c.rungs {
            let n = r.n as f64;
            let p = (n, r.per_call_ns);
            if r.status != "ok" || !(r.per_call_ns.is_finite() && r.per_call_ns > 0.0) {
                let (px, py) = chart.backend_coord(&(n, y_lo));
                root.draw(&Cross::new((px, py - 8), 7, RED.stroke_width(3)))?;
                let what = if r.status == "crashed" {
                    "crashed"
                } else {
                    "timed out"
                };
                let style = font(LABEL - 1.0)
                    .color(&RED)
                    .pos(Pos::new(HPos::Center, VPos::Bottom));
                root.draw(&Text::new(what, (px, py - 20), style))?;
                continue;
            }
            if r.probe {
                chart.draw_series([TriangleMarker::new(p, 6, GREY.filled())])?;
            } else if r.below_floor {
                let (px, py) = chart.backend_coord(&p);
                root.draw(&Rectangle::new(
                    [(px - 5, py - 5), (px + 5, py + 5)],
                    GREY.filled(),
                ))?;
            } else if r.trimmed {
                chart.draw_series([Circle::new(p, 5, PALETTE[0].stroke_width(2))])?;
                let (px, py) = chart.backend_coord(&p);
                let style = font(LABEL + 2.0).pos(Pos::new(HPos::Left, VPos::Bottom));
                root.draw(&Text::new("†", (px + 6, py - 4), style))?;
            } else {
                chart.draw_series([Circle::new(p, 5, PALETTE[0].filled())])?;
            }
        }
        Ok(())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_short() {
        assert_eq!(fmt_n(512.0), "512");
        assert_eq!(fmt_n(1024.0), "1k");
        assert_eq!(fmt_n(65536.0), "64k");
        assert_eq!(fmt_n(1048576.0), "1M");
        assert_eq!(fmt_n(3000.0), "3000");
        assert_eq!(fmt_n(50_000.0), "50k");
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
    }
}
