//! The charts of a group and of the comparison with a baseline, as inline
//! SVG drawn with plotters' SVG backend: the distribution of each bench's
//! per-round times, the paired differences against the baseline, the
//! round-by-round timeline, and old against new means. Each function
//! returns the `<svg>` text, or `None` when there is nothing to draw; a
//! chart plotters cannot draw becomes a one-line note instead (a report
//! never fails on odd data).

use super::chart::{
    change_color, clip, font, label_width, log_minor, minor_ticks, padded, positive_range,
    row_chart, row_y, series_color, short_ns, svg, tick, verdict_color, Axis, TimeUnit, BAND, GREY,
    LABEL, RED, ROW_H, WIDTH,
};
use crate::model::result::{Against, BenchResult, GroupResult};
use crate::report::format::{fmt_ns, fmt_pct};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How a bench's times are drawn.
enum Shape {
    /// A mirrored density of the samples within the Tukey fences, and the
    /// samples beyond them.
    Violin {
        /// (time, density scaled to at most 1).
        density: Vec<(f64, f64)>,
        outliers: Vec<f64>,
    },
    /// No usable samples: min–max whisker, a box of median ± MAD.
    Strip {
        min: f64,
        max: f64,
        lo: f64,
        hi: f64,
    },
}

/// One bench of the distribution chart, in nanoseconds.
struct DistRow {
    label: String,
    median: f64,
    mean: f64,
    shape: Shape,
}

/// Gaussian kernel density of `xs` at `points` points over its range (±2
/// bandwidths), scaled so its peak is 1. Silverman's rule of thumb for the
/// bandwidth, h = 0.9 · min(s, IQR / 1.34) · n^(−1/5) (Silverman 1986,
/// eq. 3.31); `None` without spread.
fn density(xs: &[f64], points: usize) -> Option<Vec<(f64, f64)>> {
    let n = xs.len();
    if n < 3 {
        return None;
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
    let f = zenbench_stats::tukey_fences(xs);
    let iqr = f.q3 - f.q1;
    let spread = if iqr > 0.0 { sd.min(iqr / 1.34) } else { sd };
    let h = 0.9 * spread * (n as f64).powf(-0.2);
    if !(h > 0.0 && h.is_finite()) {
        return None;
    }
    let (lo, hi) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let (lo, hi) = (lo - 2.0 * h, hi + 2.0 * h);
    let mut out: Vec<(f64, f64)> = (0..points)
        .map(|k| {
            let x = lo + (hi - lo) * k as f64 / (points - 1) as f64;
            let d: f64 = xs
                .iter()
                .map(|xi| (-0.5 * ((x - xi) / h).powi(2)).exp())
                .sum();
            (x, d)
        })
        .collect();
    let peak = out.iter().map(|p| p.1).fold(0.0, f64::max);
    if peak <= 0.0 {
        return None;
    }
    for p in &mut out {
        p.1 /= peak;
    }
    Some(out)
}

/// At most `max` of `xs`, evenly spaced over its sorted order.
fn thin(mut xs: Vec<f64>, max: usize) -> Vec<f64> {
    xs.sort_by(f64::total_cmp);
    if xs.len() <= max {
        return xs;
    }
    (0..max)
        .map(|k| xs[k * (xs.len() - 1) / (max - 1)])
        .collect()
}

impl DistRow {
    fn of(b: &BenchResult) -> Option<DistRow> {
        // A row below the timer's floor has no time to draw.
        let s = b
            .summary
            .as_ref()
            .filter(|_| !b.failed && !crate::report::floor::below_floor(b))?;
        let finite: Vec<f64> = b
            .samples_ns
            .iter()
            .copied()
            .filter(|x| x.is_finite())
            .collect();
        let fences = (finite.len() >= 3).then(|| zenbench_stats::tukey_fences(&finite));
        let violin = fences.and_then(|f| {
            let inside = |x: &f64| (f.low_mild..=f.high_mild).contains(x);
            let kept: Vec<f64> = finite.iter().copied().filter(inside).collect();
            let outliers: Vec<f64> = finite.iter().copied().filter(|x| !inside(x)).collect();
            Some(Shape::Violin {
                density: density(&kept, 64)?,
                outliers: thin(outliers, 200),
            })
        });
        let shape = violin.unwrap_or(Shape::Strip {
            min: s.min_ns,
            max: s.max_ns,
            lo: (s.median_ns - s.mad_ns).max(s.min_ns),
            hi: (s.median_ns + s.mad_ns).min(s.max_ns),
        });
        Some(DistRow {
            label: b.name.clone(),
            median: s.median_ns,
            mean: s.mean_ns,
            shape,
        })
    }

    /// Every time this row draws.
    fn extent(&self) -> (f64, f64) {
        let xs: Vec<f64> = match &self.shape {
            Shape::Violin { density, outliers } => density
                .iter()
                .map(|p| p.0)
                .chain(outliers.iter().copied())
                .collect(),
            Shape::Strip { min, max, .. } => vec![*min, *max],
        };
        xs.iter()
            .chain([self.median, self.mean].iter())
            .filter(|x| x.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            })
    }
}

/// Whether a group's rows are far apart: their medians span more than
/// three times, so each is drawn relative to its own median.
fn relative(medians: &[f64]) -> bool {
    let (lo, hi) = medians
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(a, b), &m| (a.min(m), b.max(m)));
    lo > 0.0 && hi / lo > 3.0
}

/// The distribution of each bench's per-round times: a violin (kernel
/// density) when samples exist, outliers beyond the Tukey fences as red
/// dots, the median as a bar and the mean as a diamond; a min–max strip
/// from the summary otherwise.
pub(super) fn distribution(g: &GroupResult) -> Option<String> {
    let rows: Vec<DistRow> = g.benchmarks.iter().filter_map(DistRow::of).collect();
    if rows.is_empty() {
        return None;
    }
    let rel = relative(&rows.iter().map(|r| r.median).collect::<Vec<_>>());
    // x of time t in row r: ns, or percent from the row's median.
    let to_x = |r: &DistRow, t: f64| if rel { (t / r.median - 1.0) * 100.0 } else { t };
    let (lo, hi) = rows
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
            let (l, h) = r.extent();
            (a.min(to_x(r, l)), b.max(to_x(r, h)))
        });
    let (lo, hi) = padded(lo, hi, 0.03);
    let unit = TimeUnit::for_largest(hi.abs().max(lo.abs()));
    let labels: Vec<String> = rows
        .iter()
        .map(|r| {
            if rel {
                format!("{} ({})", r.label, fmt_ns(r.median))
            } else {
                r.label.clone()
            }
        })
        .collect();
    let (desc, scale) = if rel {
        ("difference from each bench's median (%)".to_owned(), 1.0)
    } else {
        (format!("time per iteration ({})", unit.name), unit.ns)
    };
    let span = (hi - lo) / scale;
    let fmt = move |v: &f64| tick(v / scale, span);
    let h = ROW_H * rows.len() as u32 + 64;
    Some(svg(WIDTH, h, |root| {
        let mut chart = row_chart(root, &labels, (lo, hi), &desc, 0, &fmt)?;
        let n = rows.len();
        for (i, r) in rows.iter().enumerate() {
            let y = row_y(i, n);
            let c = series_color(i);
            match &r.shape {
                Shape::Violin { density, outliers } => {
                    let top = density.iter().map(|&(t, d)| (to_x(r, t), y + 0.42 * d));
                    let bottom = density
                        .iter()
                        .rev()
                        .map(|&(t, d)| (to_x(r, t), y - 0.42 * d));
                    let outline: Vec<(f64, f64)> = top.chain(bottom).collect();
                    chart.draw_series([Polygon::new(outline.clone(), c.mix(0.35).filled())])?;
                    chart.draw_series([PathElement::new(outline, c.stroke_width(1))])?;
                    chart.draw_series(
                        outliers
                            .iter()
                            .map(|&t| Circle::new((to_x(r, t), y), 3, RED.filled())),
                    )?;
                }
                Shape::Strip { min, max, lo, hi } => {
                    let style = c.stroke_width(2);
                    chart.draw_series([PathElement::new(
                        vec![(to_x(r, *min), y), (to_x(r, *max), y)],
                        style,
                    )])?;
                    for end in [*min, *max] {
                        chart.draw_series([PathElement::new(
                            vec![(to_x(r, end), y - 0.15), (to_x(r, end), y + 0.15)],
                            style,
                        )])?;
                    }
                    chart.draw_series([Rectangle::new(
                        [(to_x(r, *lo), y - 0.22), (to_x(r, *hi), y + 0.22)],
                        c.mix(0.35).filled(),
                    )])?;
                }
            }
            let m = to_x(r, r.median);
            chart.draw_series([PathElement::new(
                vec![(m, y - 0.3), (m, y + 0.3)],
                BLACK.stroke_width(2),
            )])?;
            let mean = to_x(r, r.mean);
            let (px, py) = chart.backend_coord(&(mean, y));
            root.draw(&Polygon::new(
                vec![(px, py - 5), (px + 5, py), (px, py + 5), (px - 5, py)],
                BLACK.filled(),
            ))?;
        }
        Ok(())
    }))
}

/// Each candidate's change against the baseline with its CI as an error
/// bar, coloured by verdict, over the shaded ±noise-threshold band.
pub(super) fn comparisons(g: &GroupResult) -> Option<String> {
    let cs: Vec<_> = g
        .comparisons
        .iter()
        .filter(|c| c.ci_lower_pct.is_finite() && c.ci_upper_pct.is_finite())
        .filter(|c| crate::report::floor::change_words(g, c).is_none())
        .collect();
    if cs.is_empty() {
        return None;
    }
    let band = g.config.noise_threshold * 100.0;
    let (lo, hi) = cs.iter().fold((-band, band), |(a, b), c| {
        (a.min(c.ci_lower_pct), b.max(c.ci_upper_pct))
    });
    let (lo, hi) = padded(lo.min(0.0), hi.max(0.0), 0.05);
    let labels: Vec<String> = cs.iter().map(|c| c.candidate.clone()).collect();
    let span = hi - lo;
    let fmt = move |v: &f64| format!("{}%", tick(*v, span));
    let desc = format!(
        "change vs {} (%), 95% CI; shaded: ±noise threshold",
        clip(&g.baseline, 40)
    );
    let h = ROW_H * cs.len() as u32 + 64;
    Some(svg(WIDTH, h, |root| {
        let mut chart = row_chart(root, &labels, (lo, hi), &desc, 150, &fmt)?;
        let n = cs.len();
        let top = n as f64 - 0.5;
        chart.draw_series([Rectangle::new([(-band, -0.5), (band, top)], BAND.filled())])?;
        chart.draw_series([PathElement::new(
            vec![(0.0, -0.5), (0.0, top)],
            GREY.stroke_width(1),
        )])?;
        for (i, c) in cs.iter().enumerate() {
            let y = row_y(i, n);
            let col = verdict_color(c.verdict);
            let style = col.stroke_width(2);
            chart.draw_series([PathElement::new(
                vec![(c.ci_lower_pct, y), (c.ci_upper_pct, y)],
                style,
            )])?;
            for end in [c.ci_lower_pct, c.ci_upper_pct] {
                chart.draw_series([PathElement::new(
                    vec![(end, y - 0.2), (end, y + 0.2)],
                    style,
                )])?;
            }
            chart.draw_series([Circle::new((c.pct_change, y), 5, col.filled())])?;
            let (_, py) = chart.backend_coord(&(hi, y));
            let words = format!(
                "{} {}",
                crate::report::format::fmt_pct(c.pct_change),
                crate::report::words::verdict(c.verdict)
            );
            let style = font(LABEL)
                .color(&col)
                .pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(words, (WIDTH as i32 - 150, py), style))?;
        }
        Ok(())
    }))
}

/// At most `max` points of `xs` (means of equal runs of rounds), with the
/// round number (from 1) of each run's middle.
fn binned(xs: &[f64], max: usize) -> Vec<(f64, f64)> {
    let per = xs.len().div_ceil(max).max(1);
    xs.chunks(per)
        .enumerate()
        .map(|(k, chunk)| {
            let mid = (k * per) as f64 + (chunk.len() as f64 + 1.0) / 2.0;
            (mid, chunk.iter().sum::<f64>() / chunk.len() as f64)
        })
        .collect()
}

/// Each bench's samples in round order (drift shows as a trend), when some
/// bench has two or more; relative to each bench's median when they are
/// far apart. Long runs are averaged into at most 400 points a line.
/// Whether `b` has a line on the timeline: rounds to draw, and a time (a
/// row below the timer's floor has none).
pub(super) fn on_timeline(b: &BenchResult) -> bool {
    !b.failed
        && b.samples_ns.len() >= 2
        && b.summary.is_some()
        && !crate::report::floor::below_floor(b)
}

pub(super) fn timeline(g: &GroupResult) -> Option<String> {
    let lines: Vec<(usize, &BenchResult, f64)> = g
        .benchmarks
        .iter()
        .enumerate()
        .filter(|(_, b)| on_timeline(b))
        .filter_map(|(i, b)| Some((i, b, b.summary.as_ref()?.median_ns)))
        .collect();
    if lines.is_empty() {
        return None;
    }
    let rel = relative(&lines.iter().map(|l| l.2).collect::<Vec<_>>());
    let series: Vec<(usize, Vec<(f64, f64)>)> = lines
        .iter()
        .map(|&(i, b, median)| {
            let ys: Vec<f64> = b
                .samples_ns
                .iter()
                .map(|&t| if rel { (t / median - 1.0) * 100.0 } else { t })
                .collect();
            (
                i,
                binned(&ys, 400)
                    .into_iter()
                    .filter(|p| p.1.is_finite())
                    .collect(),
            )
        })
        .collect();
    let rounds = lines
        .iter()
        .map(|l| l.1.samples_ns.len())
        .max()
        .unwrap_or(2) as f64;
    let (lo, hi) = series
        .iter()
        .flat_map(|s| &s.1)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    if !lo.is_finite() {
        return None;
    }
    let (lo, hi) = padded(lo, hi, 0.05);
    let unit = TimeUnit::for_largest(hi.abs().max(lo.abs()));
    let (desc, scale) = if rel {
        ("difference from the bench's median (%)".to_owned(), 1.0)
    } else {
        (format!("time per iteration ({})", unit.name), unit.ns)
    };
    let span = (hi - lo) / scale;
    let y_fmt = move |v: &f64| tick(v / scale, span);
    let x_fmt = |v: &f64| format!("{v:.0}");
    Some(svg(WIDTH, 300, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(44)
            .y_label_area_size(70)
            .build_cartesian_2d(0.5..rounds + 0.5, lo..hi)?;
        chart
            .configure_mesh()
            .x_desc("round")
            .y_desc(desc)
            .x_labels(10)
            .y_labels(6)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(font(LABEL))
            .axis_desc_style(font(LABEL))
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()?;
        for (i, points) in &series {
            let c = series_color(*i);
            chart.draw_series([PathElement::new(points.clone(), c.stroke_width(1))])?;
            if points.len() <= 60 {
                chart.draw_series(points.iter().map(|&p| Circle::new(p, 2, c.filled())))?;
            }
        }
        Ok(())
    }))
}

/// Per bench, the baseline's mean (hollow, grey) and this run's (filled,
/// coloured by the verdict) with the CI of the change drawn around it, on
/// a log time axis.
pub(super) fn against(a: &Against) -> Option<String> {
    let es: Vec<_> = a
        .entries
        .iter()
        .filter(|e| e.old_mean_ns > 0.0 && e.new_mean_ns > 0.0)
        .collect();
    let ci = |e: &crate::model::result::AgainstEntry| {
        (
            e.old_mean_ns * (1.0 + e.ci_lower_pct / 100.0),
            e.old_mean_ns * (1.0 + e.ci_upper_pct / 100.0),
        )
    };
    let (lo, hi) = positive_range(es.iter().flat_map(|e| {
        let (l, h) = ci(e);
        [e.old_mean_ns, e.new_mean_ns, l, h]
    }))?;
    let (lo, hi) = (lo / 1.5, hi * 1.5);
    let labels: Vec<&str> = es.iter().map(|e| e.full_name.as_str()).collect();
    let left = label_width(labels.iter().copied());
    let rows = es.len() as f64;
    let x_fmt = |v: &f64| short_ns(*v);
    let h = 40 * es.len() as u32 + 64;
    Some(svg(WIDTH, h, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(10)
            .margin_right(170)
            .x_label_area_size(44)
            .y_label_area_size(left)
            .build_cartesian_2d((lo..hi).log_scale(), -0.5..rows - 0.5)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(
                "mean time per iteration (log scale): ○ baseline, ● this run with the change's CI",
            )
            .x_labels(8)
            .max_light_lines(1)
            .x_label_formatter(&x_fmt)
            .label_style(font(LABEL))
            .axis_desc_style(font(LABEL))
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()?;
        let corners = ((lo, -0.5), (hi, rows - 0.5));
        minor_ticks(
            root,
            &mut chart,
            Axis::X,
            &log_minor(lo, hi),
            corners,
            &short_ns,
        )?;
        for (i, e) in es.iter().enumerate() {
            let y = (es.len() - 1 - i) as f64;
            let col = change_color(e.verdict);
            let (l, h) = ci(e);
            chart.draw_series([PathElement::new(
                vec![(e.old_mean_ns, y), (e.new_mean_ns, y)],
                GREY.stroke_width(1),
            )])?;
            if l > 0.0 && h > 0.0 {
                let style = col.stroke_width(2);
                chart.draw_series([PathElement::new(vec![(l, y), (h, y)], style)])?;
                for end in [l, h] {
                    chart.draw_series([PathElement::new(
                        vec![(end, y - 0.2), (end, y + 0.2)],
                        style,
                    )])?;
                }
            }
            chart.draw_series([Circle::new((e.old_mean_ns, y), 5, GREY.stroke_width(2))])?;
            chart.draw_series([Circle::new((e.new_mean_ns, y), 5, col.filled())])?;
            let (px, py) = chart.backend_coord(&(lo, y));
            let style = font(LABEL).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(clip(labels[i], 36), (px - 8, py), style))?;
            let words = format!(
                "{} {}",
                fmt_pct(e.pct_change),
                crate::report::fields::change_name(e.verdict)
            );
            let style = font(LABEL)
                .color(&col)
                .pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(words, (WIDTH as i32 - 165, py), style))?;
        }
        Ok(())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn density_peaks_at_one_and_needs_spread() {
        let xs: Vec<f64> = (0..50).map(|i| 100.0 + (i % 7) as f64).collect();
        let d = density(&xs, 32).unwrap();
        let peak = d.iter().map(|p| p.1).fold(0.0, f64::max);
        assert!((peak - 1.0).abs() < 1e-12);
        assert_eq!(density(&[5.0; 10], 32), None);
        assert_eq!(density(&[1.0, 2.0], 32), None);
    }

    #[test]
    fn thinning_and_binning_bound_the_points() {
        let xs: Vec<f64> = (0..1000).map(f64::from).collect();
        assert_eq!(thin(xs.clone(), 10).len(), 10);
        assert_eq!(thin(xs.clone(), 10)[9], 999.0);
        let b = binned(&xs, 400);
        assert!(b.len() <= 400);
        // Rounds 1 to 3 (values 0, 1, 2) make the first point.
        assert_eq!(b[0], (2.0, 1.0));
    }
}
