//! `zenbench history report` as one self-contained page: the latest shifts
//! as a table on top, then, per bench target, a grid of small charts, one
//! per benchmark — each run's mean in run order with its 95% CI as a band,
//! every shift a dashed line with its size, every change of machine a
//! dotted one where the line breaks — each with its findings in words
//! under it.
//!
//! The charts are plotters' SVG like the run report's; the marks on them
//! are SVG of our own, drawn last, because they carry what plotters cannot
//! write: a class saying what they are (`mark shift`, `mark testbed`) and a
//! `<title>` the browser shows on hover (the commits on either side). A
//! series with more runs than the chart has pixels is thinned to each
//! pixel pair's lowest and highest mean (and its band to their extremes),
//! so the page stays small and the line looks as it would unthinned.

use super::chart::{font, padded, series_color, svg, tick, TimeUnit, GREEN, GREY, RED};
use super::{code, css, esc, head, open_page, row};
use crate::model::history::{Finding, HistoryRecord};
use crate::report::history::{commit, date, finding_words, BenchView, Dashboard};
use plotters::prelude::*;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A chart's size, pixels: three to a row on a wide screen.
const CHART_W: u32 = 360;
const CHART_H: u32 = 180;
/// The size of a small chart's labels (about 10.5 px in the SVG).
const SMALL: f64 = 13.0;

/// The grid of charts and the marks' lists.
const STYLE: &str = "\
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:.4em 1.4em}\
figure.bench{margin:.5em 0}figure.bench figcaption{margin-bottom:.1em}\
ul.marks{margin:0;padding-left:1.2em;font-size:.8em;color:#444}ul.marks li{font-weight:400}";

/// The history dashboard as an HTML page.
pub(crate) fn history_html(d: &Dashboard) -> String {
    let mut out = String::with_capacity(16 * 1024 + 12 * 1024 * d.benches.len());
    open_page("zenbench history", STYLE, &mut out);
    out.push_str("<h1>zenbench history</h1>\n");
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", esc(&d.summary()));
    let files: Vec<String> = d.files.iter().map(|f| code(&f.path)).collect();
    let _ = writeln!(
        out,
        "<p class=\"meta\">Read from {}; {}.</p>",
        files.join(", "),
        esc(&d.settings())
    );
    let mut nav = vec!["<a href=\"#shifts\">latest shifts</a>".to_owned()];
    for (i, f) in d.files.iter().enumerate() {
        if !f.trends.is_empty() {
            nav.push(format!("<a href=\"#t-{i}\">{}</a>", esc(&f.target)));
        }
    }
    let _ = writeln!(out, "<nav>{}</nav>", nav.join(""));
    shifts_table(d, &mut out);
    for (i, f) in d.files.iter().enumerate() {
        if f.trends.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<section id=\"t-{i}\">\n<h2><code>{}</code></h2>\n<p class=\"legend\">{LEGEND}</p>\n\
             <div class=\"grid\">",
            esc(&f.target)
        );
        for (k, b) in d.benches.iter().enumerate().filter(|(_, b)| b.file == i) {
            bench_figure(k, b, &mut out);
        }
        out.push_str("</div>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// What the charts show, under each target's heading.
const LEGEND: &str = "Line: each run's mean, runs in order (x: their dates, or commits \
within one day); band: its 95% CI (mean ± t·s/√n of the run's samples); dashed: a shift, \
red slower, green faster, with its size; dotted grey: the machine changed, and the line \
breaks. Hover a mark for the commits on either side.";

fn shifts_table(d: &Dashboard, out: &mut String) {
    out.push_str("<section id=\"shifts\">\n<h2>Latest shifts</h2>\n");
    if d.shifts.is_empty() {
        out.push_str("<p>No shift found.</p>\n</section>\n");
        return;
    }
    let several = d.several_targets();
    let mut cols = vec!["benchmark", "change", "before → after", "when", "commits"];
    if several {
        cols.insert(0, "target");
    }
    out.push_str(&head(&cols));
    for s in &d.shifts {
        let b = &d.benches[s.bench];
        let t = b.trend;
        let mut cells = Vec::new();
        if several {
            cells.push(("", code(d.target(b))));
        }
        cells.extend([
            (
                "",
                format!("<a href=\"#b-{}\">{}</a>", s.bench, code(&t.full_name)),
            ),
            (s.word(), esc(&s.change())),
            ("num", esc(&s.means())),
            ("", esc(&s.when(t))),
            ("", s.commits(t, &code)),
        ]);
        out.push_str(&row(&cells));
    }
    out.push_str("</table>\n</section>\n");
}

/// Benchmark `k`'s figure (`id="b-K"`, where the table links): its name
/// and summary, its chart, its findings in words.
fn bench_figure(k: usize, b: &BenchView, out: &mut String) {
    let t = b.trend;
    let _ = writeln!(
        out,
        "<figure class=\"bench\" id=\"b-{k}\">\n<figcaption>{} <span class=\"note\">{}</span></figcaption>",
        code(&t.full_name),
        esc(&b.summary())
    );
    out.push_str(&chart(b));
    if !t.findings.is_empty() {
        out.push_str("\n<ul class=\"marks\">");
        for f in &t.findings {
            let class = match f {
                Finding::Shift { pct_change, .. } => {
                    format!("shift {}", crate::report::history::direction(*pct_change))
                }
                Finding::Testbed { .. } => "testbed".to_owned(),
            };
            let _ = write!(
                out,
                "<li class=\"{class}\">{}</li>",
                finding_words(t, f, &code, &code)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("\n</figure>\n");
}

/// The 95% CI of a record's mean, mean ± t(0.975, n − 1) · s / √n from its
/// samples' variance and count (the history keeps no more of a run);
/// `None` without two samples or a finite variance. `quantiles` keeps the
/// t quantile of each `n` met (runs share them; each costs microseconds).
fn mean_ci(r: &HistoryRecord, quantiles: &mut HashMap<usize, f64>) -> Option<(f64, f64)> {
    if r.n < 2 || !(r.variance_ns2.is_finite() && r.variance_ns2 >= 0.0) || !r.mean_ns.is_finite() {
        return None;
    }
    let t = *quantiles
        .entry(r.n)
        .or_insert_with(|| zenbench_stats::student_t_quantile(0.975, (r.n - 1) as f64));
    let half = t * (r.variance_ns2 / r.n as f64).sqrt();
    let (lo, hi) = (r.mean_ns - half, r.mean_ns + half);
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}

/// `svg` with `extra` drawn last, over the chart: elements of our own,
/// for what plotters cannot write (a class, a `<title>` shown on hover). A
/// chart that was not drawn (its note) stays as it is.
fn overlaid(mut svg: String, extra: &str) -> String {
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, extra);
    }
    svg
}

/// A run drawn: its index, mean and CI.
type Point = (usize, f64, Option<(f64, f64)>);

/// The line and the band's upper and lower edges of one stretch of runs
/// (on one machine), in chart coordinates: every point when there are at
/// most `2 × columns`, else, per column, the lowest and highest mean in
/// run order and the band's extremes.
fn thinned(points: &[Point], columns: usize) -> [Vec<(f64, f64)>; 3] {
    let edge = |p: &Point| p.2.unwrap_or((p.1, p.1));
    if points.len() <= 2 * columns {
        let line = points.iter().map(|p| (p.0 as f64, p.1)).collect();
        let upper = points.iter().map(|p| (p.0 as f64, edge(p).1)).collect();
        let lower = points.iter().map(|p| (p.0 as f64, edge(p).0)).collect();
        return [line, upper, lower];
    }
    let (mut line, mut upper, mut lower) = (Vec::new(), Vec::new(), Vec::new());
    let n = points.len();
    let mut start = 0;
    for c in 0..columns {
        let end = (c + 1) * n / columns;
        let bucket = &points[start..end];
        start = end;
        let Some(first) = bucket.first() else {
            continue;
        };
        let (mut lo, mut hi) = (first, first);
        for p in bucket {
            if p.1 < lo.1 {
                lo = p;
            }
            if p.1 > hi.1 {
                hi = p;
            }
        }
        let (a, b) = if lo.0 <= hi.0 { (lo, hi) } else { (hi, lo) };
        line.push((a.0 as f64, a.1));
        if b.0 != a.0 {
            line.push((b.0 as f64, b.1));
        }
        let mid = (first.0 + bucket[bucket.len() - 1].0) as f64 / 2.0;
        let (l, h) = bucket
            .iter()
            .map(edge)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), (a, b)| {
                (l.min(a), h.max(b))
            });
        upper.push((mid, h));
        lower.push((mid, l));
    }
    [line, upper, lower]
}

/// An x label of run `i`: its date, or its commit when every run of the
/// benchmark is of one day.
fn x_label(records: &[HistoryRecord], i: usize, one_day: bool) -> String {
    let r = &records[i];
    if one_day {
        commit(r).chars().take(7).collect()
    } else {
        date(r).to_owned()
    }
}

/// A mark to draw over the chart: its x and the plotting area's top and
/// bottom, pixels.
struct MarkAt<'a> {
    x: i32,
    top: i32,
    bottom: i32,
    finding: &'a Finding,
}

/// A benchmark's chart: its SVG, or a note when there is nothing to draw.
fn chart(b: &BenchView) -> String {
    let t = b.trend;
    let records = &t.records;
    let mut quantiles = HashMap::new();
    let points: Vec<Point> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.mean_ns.is_finite())
        .map(|(i, r)| (i, r.mean_ns, mean_ci(r, &mut quantiles)))
        .collect();
    if points.is_empty() {
        return "<p class=\"note\">no finite mean to draw</p>".to_owned();
    }
    let (lo, hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, z), p| {
            let (l, h) = p.2.unwrap_or((p.1, p.1));
            (a.min(l).min(p.1), z.max(h).max(p.1))
        });
    let (lo, hi) = padded(lo, hi, 0.08);
    if !(lo.is_finite() && hi.is_finite()) {
        return "<p class=\"note\">no finite range to draw</p>".to_owned();
    }
    let unit = TimeUnit::for_largest(hi.abs().max(lo.abs()));
    let span = (hi - lo) / unit.ns;
    let y_fmt = move |v: &f64| format!("{} {}", tick(v / unit.ns, span), unit.name);
    let n = records.len();
    let one_day = records.first().map(date) == records.last().map(date);
    let x_fmt = |v: &f64| {
        let i = v.round();
        if (v - i).abs() > 1e-6 || i < 0.0 || i >= n as f64 {
            String::new()
        } else {
            x_label(records, i as usize, one_day)
        }
    };
    // Each machine's stretch of runs is drawn apart.
    let mut cuts: Vec<usize> = t
        .findings
        .iter()
        .filter_map(|f| match f {
            Finding::Testbed { at, .. } => Some(*at),
            Finding::Shift { .. } => None,
        })
        .collect();
    cuts.push(n);
    let color = series_color(0);
    let mut marks: Vec<MarkAt> = Vec::new();
    let drawn = svg(CHART_W, CHART_H, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(8)
            .margin_right(12)
            .x_label_area_size(20)
            .y_label_area_size(62)
            .build_cartesian_2d(-0.5..n as f64 - 0.5, lo..hi)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(0)
            .x_labels(3)
            .y_labels(4)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(font(SMALL))
            .bold_line_style(RGBColor(232, 232, 232))
            .draw()?;
        let (width, _) = chart.plotting_area().dim_in_pixel();
        // Columns of two pixels for the whole series, shared by stretch.
        let columns = (width as usize / 2).max(1);
        let mut start = 0;
        for &end in &cuts {
            let from = points.partition_point(|p| p.0 < start);
            let to = points.partition_point(|p| p.0 < end);
            start = end;
            let stretch = &points[from..to];
            if stretch.is_empty() {
                continue;
            }
            let share = (columns * stretch.len()).div_ceil(points.len()).max(1);
            let [line, upper, lower] = thinned(stretch, share);
            let band: Vec<(f64, f64)> = upper.into_iter().chain(lower.into_iter().rev()).collect();
            chart.draw_series([Polygon::new(band, color.mix(0.18).filled())])?;
            if line.len() == 1 {
                chart.draw_series([Circle::new(line[0], 2, color.filled())])?;
            } else {
                chart.draw_series([PathElement::new(line, color.stroke_width(1))])?;
            }
        }
        for f in &t.findings {
            let at = match f {
                Finding::Shift { at, .. } | Finding::Testbed { at, .. } => *at,
            };
            let (x, top) = chart.backend_coord(&(at as f64 - 0.5, hi));
            let (_, bottom) = chart.backend_coord(&(at as f64 - 0.5, lo));
            marks.push(MarkAt {
                x,
                top,
                bottom,
                finding: f,
            });
        }
        Ok(())
    });
    let mut extra = String::new();
    let mut shifts = 0;
    for m in &marks {
        let title = esc(&finding_words(t, m.finding, &str::to_owned, &|s| {
            format!("`{s}`")
        }));
        let (class, color, dash, label, y) = match m.finding {
            Finding::Shift { pct_change, .. } => {
                let word = crate::report::history::direction(*pct_change);
                let color = if word == "slower" { RED } else { GREEN };
                // Labels of neighbouring shifts take turns in two rows.
                let y = m.top + 11 + 11 * (shifts % 2);
                shifts += 1;
                let label = crate::report::format::fmt_pct(*pct_change);
                (format!("shift {word}"), color, "4 3", label, y)
            }
            Finding::Testbed { .. } => (
                "testbed".to_owned(),
                GREY,
                "2 2",
                "machine".to_owned(),
                m.bottom - 4,
            ),
        };
        // The label on the side with room: left of a mark in the chart's
        // right half.
        let (dx, anchor) = if m.x > (CHART_W as i32) / 2 {
            (-3, "end")
        } else {
            (3, "start")
        };
        let _ = write!(
            extra,
            "<g class=\"mark {class}\"><title>{title}</title>\
             <line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"{c}\" \
             stroke-width=\"1.5\" stroke-dasharray=\"{dash}\"/>\
             <text x=\"{tx}\" y=\"{y}\" font-family=\"sans-serif\" font-size=\"11\" fill=\"{c}\" \
             text-anchor=\"{anchor}\">{label}</text></g>",
            x = m.x,
            top = m.top,
            bottom = m.bottom,
            c = css(color),
            tx = m.x + dx,
            label = esc(&label),
        );
    }
    overlaid(drawn, &extra)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::history::fixture;

    #[test]
    fn thinning_keeps_each_columns_extremes_in_order() {
        let points: Vec<Point> = (0..1000)
            .map(|i| {
                let m = if i == 517 {
                    50.0
                } else {
                    10.0 + (i % 7) as f64
                };
                (i, m, Some((m - 1.0, m + 1.0)))
            })
            .collect();
        let [line, upper, lower] = thinned(&points, 100);
        assert!(line.len() <= 200, "{}", line.len());
        assert_eq!((upper.len(), lower.len()), (100, 100));
        // The one spike survives, at its own run.
        assert!(line.contains(&(517.0, 50.0)));
        assert!(upper.iter().any(|p| p.1 == 51.0));
        assert!(line.windows(2).all(|w| w[0].0 < w[1].0), "in run order");
        // Few points: all of them.
        let [few, ..] = thinned(&points[..150], 100);
        assert_eq!(few.len(), 150);
    }

    /// The page of the synthetic history (`benches` × `runs`).
    fn page(benches: usize, runs: usize) -> String {
        let files = crate::report::history::tests::analysed(benches, runs);
        history_html(&Dashboard::of(&files, crate::store::analyze_config()))
    }

    /// The text of the figure of benchmark `k`.
    fn figure_of(page: &str, k: usize) -> &str {
        let start = page
            .find(&format!("<figure class=\"bench\" id=\"b-{k}\">"))
            .unwrap_or_else(|| panic!("no figure b-{k}"));
        let end = start + page[start..].find("</figure>").unwrap();
        &page[start..end]
    }

    #[test]
    fn the_shift_and_the_machine_change_are_marked_on_the_right_chart() {
        let page = page(20, 100);
        super::super::tests::assert_self_contained(&page);
        // b0 steps (every third does); b1 does not; both change machine.
        let stepped = figure_of(&page, 0);
        assert!(
            stepped.contains("<figcaption><code>g0/b0</code>"),
            "{stepped}"
        );
        assert_eq!(
            stepped.matches("<g class=\"mark shift slower\">").count(),
            1,
            "{stepped}"
        );
        assert_eq!(
            stepped.matches("<g class=\"mark testbed\">").count(),
            1,
            "{stepped}"
        );
        assert_eq!(stepped.matches("<svg").count(), 1);
        // Each mark has its words on hover and under the chart.
        let title = stepped
            .split("<g class=\"mark shift slower\"><title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap();
        assert!(
            title.starts_with("+1") && title.contains(" between "),
            "{title}"
        );
        assert!(
            stepped.contains("<li class=\"shift slower\">+1"),
            "{stepped}"
        );
        assert!(
            stepped.contains(&format!(
                "<li class=\"testbed\">machine changed between <code>{}</code>",
                &fixture::commit_of(fixture::machine_at(100) - 1)[..12]
            )),
            "{stepped}"
        );
        let flat = figure_of(&page, 1);
        assert!(flat.contains("<figcaption><code>g0/b1</code>"), "{flat}");
        assert!(!flat.contains("mark shift"), "{flat}");
        assert_eq!(flat.matches("<g class=\"mark testbed\">").count(), 1);
        // The table on top: a row for b0, linked to its chart, none for b1.
        let table = &page[page.find("<section id=\"shifts\">").unwrap()..];
        let table = &table[..table.find("</section>").unwrap()];
        let row = table
            .lines()
            .find(|l| l.contains("<a href=\"#b-0\"><code>g0/b0</code></a>"))
            .unwrap_or_else(|| panic!("no row of g0/b0:\n{table}"));
        assert!(row.contains("<td class=\"slower\">+1"), "{row}");
        assert!(row.contains(" runs ago</td>"), "{row}");
        assert!(!table.contains("g0/b1<"), "{table}");
        assert_eq!(
            table.matches("<tr>").count(),
            1 + 7,
            "a header and 7 stepped"
        );
        // Self-contained: no reference out but the SVG namespace.
        let outside = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!outside.contains("http://") && !outside.contains("https://"));
    }

    /// The points of the data's lines in a figure: one polyline per
    /// machine (the axes and their ticks are polylines of two points).
    fn line_points(figure: &str) -> usize {
        figure
            .split("<polyline")
            .skip(1)
            .map(|p| {
                let points = p.split("points=\"").nth(1).unwrap();
                points[..points.find('"').unwrap()]
                    .split_whitespace()
                    .count()
            })
            .filter(|&n| n > 2)
            .sum()
    }

    #[test]
    fn a_long_series_is_thinned_to_the_charts_pixels() {
        let long = page(2, 1000);
        let drawn = line_points(figure_of(&long, 0));
        assert!(drawn > 100 && drawn <= CHART_W as usize, "{drawn}");
        let short = page(2, 50);
        assert_eq!(
            line_points(figure_of(&short, 0)),
            50,
            "every run of a short series"
        );
    }

    #[test]
    fn odd_records_draw_what_they_can_and_never_fail() {
        let mut records = fixture::synthetic(1, 6, 5);
        records[1].mean_ns = f64::NAN;
        records[2].n = 0;
        records[3].variance_ns2 = f64::INFINITY;
        records[4].timestamp = "é".into();
        records[5].git_hash = None;
        let mut lone = fixture::synthetic(1, 1, 5);
        lone[0].full_name = "g/one".into();
        let mut huge = fixture::synthetic(1, 3, 5);
        for r in &mut huge {
            r.full_name = "g/huge".into();
            r.mean_ns = f64::MAX;
        }
        let mut none = fixture::synthetic(1, 2, 5);
        for r in &mut none {
            r.full_name = "g/none".into();
            r.mean_ns = f64::NAN;
        }
        records.extend(lone.into_iter().chain(huge).chain(none));
        let files = [crate::report::history::HistoryFile {
            target: "odd <target>".into(),
            path: "odd.jsonl".into(),
            trends: crate::store::analyze(records, &crate::store::analyze_config()),
            skipped: 3,
        }];
        let page = history_html(&Dashboard::of(&files, crate::store::analyze_config()));
        super::super::tests::assert_self_contained(&page);
        assert!(page.contains("<code>odd &lt;target&gt;</code>"));
        assert_eq!(
            figure_of(&page, 1).matches("<circle").count(),
            1,
            "one run, one dot"
        );
        assert!(figure_of(&page, 2).contains("no finite range to draw"));
        assert!(figure_of(&page, 3).contains("no finite mean to draw"));
    }
}
