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
mod plots;
mod sweeps;

use super::caveat::Caveat;
use super::fields::{comparison_of, timer_name};
use super::floor;
use super::format::{fmt_bytes, fmt_ns, fmt_pct, fmt_pct_ci, fmt_secs, fmt_throughput};
use crate::model::result::{BenchResult, GroupResult, RunMode, SuiteResult, Verdict};
use std::fmt::Write as _;

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
pub(crate) fn html(r: &SuiteResult) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>zenbench report {}</title>", esc(&r.timestamp));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    header(r, &mut out);
    for (i, g) in r.groups.iter().enumerate() {
        group(r, i, g, &mut out);
    }
    if !r.complexity.is_empty() {
        out.push_str("<h2 id=\"complexity\">Complexity</h2>\n");
        for (i, c) in r.complexity.iter().enumerate() {
            blocks::complexity(i, c, &mut out);
        }
    }
    if let Some(a) = &r.against {
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

/// The verdict in words, which is also its CSS class.
fn verdict_word(v: Verdict) -> &'static str {
    super::fields::verdict_name(v)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A colour as CSS `#rrggbb`.
fn css(c: plotters::style::RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn header(r: &SuiteResult, out: &mut String) {
    out.push_str("<h1>zenbench report</h1>\n");
    let mut run = vec![format!("zenbench {}", esc(&r.zenbench_version))];
    if let Some(git) = &r.git_hash {
        let dirty = if r.git_dirty == Some(true) {
            " (dirty)"
        } else {
            ""
        };
        let short: String = git.chars().take(12).collect();
        run.push(format!("git <code>{}</code>{dirty}", esc(&short)));
    }
    if !r.timestamp.is_empty() {
        run.push(esc(&r.timestamp));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", run.join(" · "));
    let t = &r.testbed;
    let mut bed = Vec::new();
    if !t.cpu_model.is_empty() {
        bed.push(esc(&t.cpu_model));
    }
    bed.push(format!(
        "{} {}, {} / {}",
        esc(&t.arch),
        esc(&t.os),
        plural(t.physical_cores, "core", "cores"),
        plural(t.logical_cores, "thread", "threads")
    ));
    for (name, bytes) in [("L1d", t.l1d_bytes), ("L2", t.l2_bytes), ("L3", t.l3_bytes)] {
        if let Some(b) = bytes {
            bed.push(format!("{name} {}", fmt_bytes(b as f64)));
        }
    }
    if let Some(rustc) = &t.rustc {
        bed.push(esc(rustc));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", bed.join(" · "));
    let mut timer = vec![
        format!(
            "timer {} (resolution {})",
            timer_name(r.timer.kind),
            fmt_ns(r.timer.resolution_ns)
        ),
        format!("loop overhead {}", fmt_ns(r.loop_overhead_ns)),
    ];
    let rep = &r.repetition;
    if rep.processes > 1 || rep.passes > 1 {
        let how = esc(rep.aggregation.as_deref().unwrap_or("all"));
        timer.push(format!(
            "{how} of {} × {}",
            plural(rep.processes as usize, "process", "processes"),
            plural(rep.passes as usize, "pass", "passes")
        ));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", timer.join(" · "));
    if r.mode == RunMode::Test {
        out.push_str(
            "<p><strong>Smoke test</strong>: each benchmark ran once; nothing was measured.</p>\n",
        );
    }
    for f in &rep.failures {
        let said = f
            .message
            .as_deref()
            .map_or(String::new(), |m| format!(": {}", esc(m)));
        let _ = writeln!(
            out,
            "<p class=\"fail\">child process {} gave no result ({}){said}</p>",
            f.index,
            esc(&f.status)
        );
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

/// The first line of a failure message, `…` when there is more.
fn first_line(msg: &str) -> String {
    let mut lines = msg.trim().lines();
    let first = lines.next().unwrap_or("panicked");
    let more = if lines.next().is_some() { " …" } else { "" };
    format!("{first}{more}")
}

fn group(r: &SuiteResult, i: usize, g: &GroupResult, out: &mut String) {
    let _ = writeln!(
        out,
        "<section id=\"g-{i}\">\n<h2><code>{}</code></h2>",
        esc(&g.name)
    );
    let mut meta = vec![
        plural(g.rounds as usize, "round", "rounds"),
        format!("{} iterations per sample", g.iterations_per_sample),
        crate::report::fields::stop_words(g),
        fmt_secs(g.wall_time_s),
    ];
    if r.mode == RunMode::Test {
        meta.truncate(0);
        meta.push("smoke test".to_owned());
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));
    if r.mode == RunMode::Test {
        out.push_str(&head(&["bench", "result"]));
        for b in &g.benchmarks {
            let cell = if b.failed {
                (
                    "fail",
                    format!(
                        "failed: {}",
                        esc(&first_line(b.error.as_deref().unwrap_or("panicked")))
                    ),
                )
            } else {
                ("", "ok".to_owned())
            };
            out.push_str(&row(&[
                ("", format!("<code>{}</code>", esc(&b.name))),
                cell,
            ]));
        }
        out.push_str("</table>\n</section>\n");
        return;
    }
    group_table(g, out);
    charts(r, g, out);
    out.push_str("</section>\n");
}

fn group_table(g: &GroupResult, out: &mut String) {
    let compared = !g.comparisons.is_empty();
    let rates = g.benchmarks.iter().any(|b| b.throughput.is_some());
    let change = format!("change vs <code>{}</code>", esc(&g.baseline));
    let mut cols = vec!["bench", "mean ± 95% CI", "median", "min … max"];
    if compared {
        cols.extend([change.as_str(), "95% CI", "verdict"]);
    }
    if rates {
        cols.push("throughput");
    }
    cols.push("notes");
    out.push_str(&head(&cols));
    let mut used: Vec<Caveat> = Vec::new();
    for b in &g.benchmarks {
        let mut name = format!("<code>{}</code>", esc(&b.name));
        if compared && b.name == g.baseline {
            name.push_str(" (baseline)");
        }
        let mut cells = vec![("", name)];
        match b.summary.as_ref().filter(|_| !b.failed) {
            // Below the floor: its bound, and no median or extremes.
            Some(_) if floor::below_floor(b) => {
                cells.push(("num", esc(&floor::floor_time(b))));
                cells.push(("", String::new()));
                cells.push(("", String::new()));
            }
            Some(s) => {
                let mean = match &b.mean_ci {
                    Some(ci) => format!(
                        "{} ± {}",
                        fmt_ns(s.mean_ns),
                        fmt_ns((ci.upper_ns - ci.lower_ns) / 2.0)
                    ),
                    None => fmt_ns(s.mean_ns),
                };
                cells.push(("num", mean));
                let time = |x: f64| esc(&floor::time_of(b, x, fmt_ns));
                cells.push(("num", time(s.median_ns)));
                cells.push(("num", format!("{} … {}", time(s.min_ns), time(s.max_ns))));
            }
            None if b.failed => {
                // The message spans the row: a failed bench has no figures.
                let msg = first_line(b.error.as_deref().unwrap_or("panicked"));
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"fail\" colspan=\"{}\">failed: {}</td></tr>",
                    cells[0].1,
                    cols.len() - 1,
                    esc(&msg)
                );
                continue;
            }
            None => {
                cells.push(("num", "no data".to_owned()));
                cells.push(("", String::new()));
                cells.push(("", String::new()));
            }
        }
        if compared {
            match comparison_of(g, b) {
                Some(c) => {
                    let class = verdict_word(c.verdict);
                    let mut word = class.to_owned();
                    if c.below_floor {
                        word.push_str(" (below the timer's floor)");
                    }
                    match floor::change_words(g, c) {
                        Some(words) => {
                            cells.extend([("num", words.to_owned()), ("", String::new())])
                        }
                        None => cells.extend([
                            ("num", fmt_pct(c.pct_change)),
                            ("num", fmt_pct_ci(c.ci_lower_pct, c.ci_upper_pct)),
                        ]),
                    }
                    cells.push((class, word));
                }
                None => cells.extend([
                    ("", String::new()),
                    ("", String::new()),
                    ("", String::new()),
                ]),
            }
        }
        if rates {
            let text = match b.throughput.as_ref().filter(|_| !b.failed) {
                Some(t) if floor::below_floor(b) => floor::floor_rate(b)
                    .map_or(String::new(), |r| {
                        esc(&format!("> {}", fmt_throughput(&t.kind, r)))
                    }),
                Some(t) => fmt_throughput(&t.kind, t.per_second),
                None => String::new(),
            };
            cells.push(("num", text));
        }
        let caveats = Caveat::for_row(g, b);
        let mut notes: Vec<String> = caveats.iter().map(|c| c.name().replace('_', " ")).collect();
        for c in caveats {
            if !used.contains(&c) {
                used.push(c);
            }
        }
        if let Some(a) = &b.alloc {
            let word = if a.allocs == 1.0 { "alloc" } else { "allocs" };
            notes.push(format!(
                "{} {word}, {}/iter",
                super::format::fmt_count(a.allocs),
                fmt_bytes(a.bytes)
            ));
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
                        plural(r.testbed.physical_cores, "physical core", "physical cores")
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
