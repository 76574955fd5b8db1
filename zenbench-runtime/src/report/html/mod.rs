//! `--format html`: one self-contained page, a pure function of the result.
//!
//! Nothing is fetched: the style sheet is inline, every chart is inline SVG
//! (plotters' SVG backend, [`plots`] and [`ladder`]), there is no script,
//! and text is laid out by the browser's own sans-serif font. The page
//! holds a header (version, git, testbed, timer, date), then per group a
//! table like the terminal's and its charts (the distribution of each
//! bench's per-round times, the paired differences against the baseline,
//! the round-by-round timeline, the thread-scaling sweep), then each
//! complexity ladder and the comparison with a saved baseline. Every text
//! from the result is escaped ([`esc`]).

mod blocks;
mod chart;
#[cfg(any(test, fuzzing, feature = "cli"))]
mod history;
mod plots;
mod sweeps;

use super::caveat::Caveat;
use super::floor;
use super::format::{fmt_pct, fmt_secs};
use super::model::{Figures, Report, Section};
use crate::model::result::{BenchResult, GroupResult, SuiteResult};
use std::fmt::Write as _;

#[cfg(any(test, fuzzing, feature = "cli"))]
pub(crate) use history::history_html;

/// The style sheet: light, print-friendly, no external font.
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;\
max-width:1120px;padding:0 1em;color:#222;line-height:1.4}\
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd}\
h3{margin-bottom:.3em}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}\
.meta{color:#555;margin:.2em 0}table{border-collapse:collapse;margin:.6em 0;font-size:.93em}\
th,td{padding:.25em .7em;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}\
th{background:#f5f6f8;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;\
white-space:nowrap}.faster,.improved,.holds{color:#00874b;font-weight:600}\
.slower,.regression,.grows_faster,.grows_slower,.fail{color:#c82323;font-weight:600}\
.same,.unchanged{color:#666}.uncertain,.inconclusive{color:#a86e00}\
figure{margin:1em 0}figcaption{color:#444;font-size:.92em;margin-bottom:.3em}\
svg{max-width:100%;height:auto}.legend{color:#555;font-size:.88em}\
.sw{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .8em;vertical-align:-.05em}\
.note{color:#666;font-size:.9em}ul.notes{font-size:.88em;color:#555}nav a{margin-right:1em}";

/// The HTML report of a run: one page, no external resource.
pub(crate) fn html(result: &SuiteResult) -> String {
    let report = Report::of(result);
    let r = result;
    let mut out = String::with_capacity(64 * 1024);
    open_page(&format!("zenbench report {}", r.timestamp), "", &mut out);
    header(&report, &mut out);
    for (i, s) in report.groups.iter().enumerate() {
        group(&report, i, s, &mut out);
    }
    if !r.complexity.is_empty() {
        out.push_str("<h2 id=\"complexity\">Complexity</h2>\n");
        for (i, c) in r.complexity.iter().enumerate() {
            blocks::complexity(i, c, &mut out);
        }
    }
    if let Some(a) = &report.against {
        blocks::against(a, &mut out);
    }
    let _ = writeln!(
        out,
        "<p class=\"note\">run <code>{}</code> · seed {} · wall time {}</p>\n</body>\n</html>",
        esc(&r.run_id),
        r.seed,
        fmt_secs(r.wall_time_s)
    );
    out
}

/// The page's start, up to `<body>`: `title` (escaped here) and the style
/// sheet, with `style` added for the page's own elements.
fn open_page(title: &str, style: &str, out: &mut String) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    let _ = writeln!(out, "<style>{STYLE}{style}</style>\n</head>\n<body>");
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for element text and
/// attribute values alike.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as escaped code.
fn code(text: &str) -> String {
    format!("<code>{}</code>", esc(text))
}

/// A colour as CSS `#rrggbb`.
fn css(c: plotters::style::RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn header(report: &Report, out: &mut String) {
    let (r, info) = (report.result, &report.info);
    out.push_str("<h1>zenbench report</h1>\n");
    let mut run = info.run(&code, &esc);
    if !r.timestamp.is_empty() {
        run.push(esc(&r.timestamp));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", run.join(" · "));
    let mut bed = info.caches.clone();
    bed.extend(r.testbed.rustc.as_deref().map(esc));
    if !bed.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", bed.join(" · "));
    }
    let mut timer = info.timer().to_vec();
    timer.extend(info.repetition.as_deref().map(esc));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", timer.join(" · "));
    if !report.measured {
        out.push_str(
            "<p><strong>Smoke test</strong>: each benchmark ran once; nothing was measured.</p>\n",
        );
    }
    for failed in info.children(&str::to_owned) {
        let _ = writeln!(out, "<p class=\"fail\">{}</p>", esc(&failed));
    }
    let mut nav: Vec<String> = r
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| format!("<a href=\"#g-{i}\">{}</a>", esc(&g.name)))
        .collect();
    if !r.complexity.is_empty() {
        nav.push("<a href=\"#complexity\">complexity</a>".to_owned());
    }
    if r.against.is_some() {
        nav.push("<a href=\"#against\">against baseline</a>".to_owned());
    }
    let _ = writeln!(out, "<nav>{}</nav>", nav.join(""));
}

/// A table row of cells, each `(class, html)`.
fn row(cells: &[(&str, String)]) -> String {
    let mut s = String::from("<tr>");
    for (class, text) in cells {
        if class.is_empty() {
            let _ = write!(s, "<td>{text}</td>");
        } else {
            let _ = write!(s, "<td class=\"{class}\">{text}</td>");
        }
    }
    s.push_str("</tr>\n");
    s
}

fn head(cells: &[&str]) -> String {
    let ths: String = cells.iter().map(|c| format!("<th>{c}</th>")).collect();
    format!("<table>\n<tr>{ths}</tr>\n")
}

fn group(report: &Report, i: usize, s: &Section, out: &mut String) {
    let g = s.group;
    let _ = writeln!(
        out,
        "<section id=\"g-{i}\">\n<h2><code>{}</code></h2>",
        esc(&g.name)
    );
    if !report.measured {
        out.push_str("<p class=\"meta\">smoke test</p>\n");
        out.push_str(&head(&["bench", "result"]));
        for row in &s.rows {
            let cell = match &row.figures {
                Figures::Failed(why) => ("fail", format!("failed: {}", esc(why))),
                _ => ("", "ok".to_owned()),
            };
            out.push_str(&self::row(&[("", code(&row.bench.name)), cell]));
        }
        out.push_str("</table>\n</section>\n");
        return;
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", esc(&s.stats.join(" · ")));
    group_table(s, out);
    charts(report.result, g, out);
    out.push_str("</section>\n");
}

fn group_table(s: &Section, out: &mut String) {
    let g = s.group;
    let change = format!("change vs {}", code(&g.baseline));
    let mut cols = vec!["bench", "mean ± 95% CI", "median", "min … max"];
    if s.compared {
        cols.extend([change.as_str(), "95% CI", "verdict"]);
    }
    if s.rates {
        cols.push("throughput");
    }
    cols.push("notes");
    out.push_str(&head(&cols));
    let mut used: Vec<Caveat> = Vec::new();
    for r in &s.rows {
        let name = r.name(code(&r.bench.name));
        let mut cells = vec![("", name)];
        match &r.figures {
            // Below the floor: its bound, and no median or extremes.
            Figures::BelowFloor { floor, .. } => {
                cells.push(("num", esc(&floor.show())));
                cells.push(("", String::new()));
                cells.push(("", String::new()));
            }
            Figures::Measured(m) => {
                cells.push(("num", m.mean_pm()));
                let time = |t: super::model::Time| esc(&t.show());
                cells.push(("num", time(m.median)));
                cells.push(("num", format!("{} … {}", time(m.min), time(m.max))));
            }
            Figures::Failed(why) => {
                // The message spans the row: a failed bench has no figures.
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"fail\" colspan=\"{}\">failed: {}</td></tr>",
                    cells[0].1,
                    cols.len() - 1,
                    esc(why)
                );
                continue;
            }
            Figures::NoData => {
                cells.push(("num", "no data".to_owned()));
                cells.push(("", String::new()));
                cells.push(("", String::new()));
            }
        }
        if s.compared {
            match &r.change {
                Some(c) => cells.extend([
                    ("num", c.pct()),
                    (if c.no_size.is_some() { "" } else { "num" }, c.ci()),
                    (c.word(), c.said()),
                ]),
                None => cells.extend([
                    ("", String::new()),
                    ("", String::new()),
                    ("", String::new()),
                ]),
            }
        }
        if s.rates {
            cells.push((
                "num",
                r.rate.as_ref().map_or(String::new(), |t| esc(&t.show())),
            ));
        }
        let mut notes: Vec<String> = r
            .caveats
            .iter()
            .map(|c| c.name().replace('_', " "))
            .collect();
        for &c in &r.caveats {
            if !used.contains(&c) {
                used.push(c);
            }
        }
        if let Some(a) = &r.alloc {
            notes.push(format!("{}/iter", a.words()));
        }
        cells.push(("note", notes.join(", ")));
        out.push_str(&row(&cells));
    }
    out.push_str("</table>\n");
    if !used.is_empty() {
        out.push_str("<ul class=\"notes\">\n");
        for c in used {
            let _ = writeln!(out, "<li>{}</li>", esc(c.explanation()));
        }
        out.push_str("</ul>\n");
    }
}

/// A chart in a figure with its caption and legend (both HTML).
fn figure(caption: &str, svg: String, legend: &str, out: &mut String) {
    let _ = writeln!(out, "<figure>\n<figcaption>{caption}</figcaption>\n{svg}");
    if !legend.is_empty() {
        let _ = writeln!(out, "<div class=\"legend\">{legend}</div>");
    }
    out.push_str("</figure>\n");
}

/// Swatches naming each bench's colour (for the timeline).
fn swatches<'a>(names: impl Iterator<Item = (usize, &'a BenchResult)>) -> String {
    names
        .map(|(i, b)| {
            format!(
                "<span class=\"sw\" style=\"background:{}\"></span>{}",
                css(chart::series_color(i)),
                esc(&b.name)
            )
        })
        .collect()
}

fn charts(r: &SuiteResult, g: &GroupResult, out: &mut String) {
    let sampled = g.benchmarks.iter().any(|b| !b.samples_ns.is_empty());
    if let Some(svg) = plots::distribution(g) {
        let legend = if sampled {
            "Shape: kernel density of the per-round times within the Tukey fences (1.5 IQR); \
             red dots: rounds beyond them; bar: median; ◆: mean. A bench without \
             spread is drawn as its min–max strip."
        } else {
            "No per-round samples: line from min to max, box of median ± MAD, bar: median, ◆: mean."
        };
        figure("Per-round times", svg, legend, out);
    }
    if let Some(svg) = plots::comparisons(g) {
        let legend = format!(
            "The paired difference of each bench against <code>{}</code>, round by round: \
             dot the mean change, bar its 95% CI, shaded ±{} (the noise threshold). \
             Green faster, red slower, grey same, amber uncertain.",
            esc(&g.baseline),
            fmt_pct(g.config.noise_threshold * 100.0).trim_start_matches('+')
        );
        figure("Change against the baseline", svg, &legend, out);
    }
    if let Some(svg) = plots::timeline(g) {
        let names = g
            .benchmarks
            .iter()
            .enumerate()
            .filter(|(_, b)| plots::on_timeline(b));
        figure(
            "Round by round (a trend is drift)",
            svg,
            &swatches(names),
            out,
        );
    }
    if g.scaling.is_some() && floor::sweep_below_floor(g) {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            esc(floor::SWEEP_BELOW_FLOOR)
        );
    } else if let Some(points) = &g.scaling {
        if let Some(svg) = sweeps::scaling(g, points) {
            let legend = format!(
                "Error bars: 95% CI; dashed: linear scaling from the fewest threads; \
                 green ring: the sweet spot (best throughput per thread); red: a drop{}.",
                if points.iter().any(|p| p.smt) {
                    format!(
                        "; shaded: more threads than the {}",
                        super::words::count(r.testbed.physical_cores, "physical core")
                    )
                } else {
                    String::new()
                }
            );
            figure("Thread scaling", svg, &legend, out);
        }
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
