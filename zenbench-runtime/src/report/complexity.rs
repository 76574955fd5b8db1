//! The terminal's complexity block: per bench, the ladder table (`n`, time
//! per call, repeats, C(n), with the trials' range when there are several),
//! the verdict line, and the per-spawn floor.

use super::format::fmt_ns;
use super::pretty::{paint, Style};
use super::table::{fit, Align, Cell, Column, Paint, Row, Table};
use crate::model::result::{ComplexityResult, ComplexityRung};
use crate::model::text::joined;

/// `O(n^2)` for a catalogue model's name.
fn big_o(model: &str) -> String {
    format!("O({model})")
}

/// A signed exponent, `+0.03`.
fn signed(x: f64) -> String {
    if x.is_finite() {
        format!("{x:+.2}")
    } else {
        "—".to_owned()
    }
}

/// C(n) with three significant digits.
fn ratio(c: f64) -> String {
    if !c.is_finite() || c <= 0.0 {
        return String::new();
    }
    let digits = (2 - c.log10().floor() as i32).clamp(0, 6) as usize;
    if (1e-3..1e6).contains(&c) {
        format!("{c:.digits$}")
    } else {
        format!("{c:.2e}")
    }
}

/// The verdict in words, and its paint.
fn verdict_words(c: &ComplexityResult) -> (String, Paint) {
    match c.verdict.as_str() {
        "holds" => (format!("holds: {}", c.declared_o()), Paint::Green),
        "grows_faster" => (format!("grows faster than {}", c.declared_o()), Paint::Red),
        "grows_slower" => (format!("grows slower than {}", c.declared_o()), Paint::Red),
        _ => (format!("inconclusive for {}", c.declared_o()), Paint::Dim),
    }
}

/// The markers after a rung's n.
fn marks(r: &ComplexityRung) -> String {
    let mut m = String::new();
    if r.trimmed {
        m.push('†');
    }
    if r.below_floor {
        m.push_str(" [<floor]");
    }
    if r.probe {
        m.push_str(" [probe]");
    }
    m
}

fn ladder_table(c: &ComplexityResult, style: &Style) -> Vec<String> {
    let mut trials = false;
    for r in &c.rungs {
        trials |= r.trials > 1;
    }
    let s = Column::spaced;
    let mut columns = vec![
        s(Align::Left, None),
        s(Align::Right, None),
        s(Align::Right, None),
    ];
    let mut label = vec!["n", "per call", "repeats"];
    if trials {
        columns.push(s(Align::Right, Some(1)));
        columns.push(s(Align::Right, Some(1)));
        columns.push(s(Align::Right, Some(2)));
        label.push("min");
        label.push("max");
        label.push("spread");
    }
    columns.push(s(Align::Right, None));
    label.push("C(n)");
    let mut rows = Vec::with_capacity(c.rungs.len());
    for r in &c.rungs {
        let n = Cell::plain(format!("{}{}", r.n, marks(r)));
        if r.status != "ok" {
            let what = if r.status == "timed_out" {
                "timed out"
            } else {
                "crashed"
            };
            let text = match &r.message {
                Some(m) => format!("{what}: {m}"),
                None => what.to_owned(),
            };
            rows.push(Row::Spanning {
                lead: vec![n],
                rest: Cell::new(text, Paint::Red),
            });
            continue;
        }
        let dim = if r.fitted() && !r.trimmed {
            Paint::Plain
        } else {
            Paint::Dim
        };
        let mut cells = vec![
            n,
            Cell::new(fmt_ns(r.per_call_ns), dim),
            Cell::new(r.repeats.to_string(), Paint::Dim),
        ];
        if trials {
            let spread = (r.max_ns - r.min_ns) / r.per_call_ns;
            cells.push(Cell::new(fmt_ns(r.min_ns), Paint::Dim));
            cells.push(Cell::new(fmt_ns(r.max_ns), Paint::Dim));
            cells.push(Cell::new(
                if spread.is_finite() {
                    format!("{:.1}%", spread * 100.0)
                } else {
                    String::new()
                },
                Paint::Dim,
            ));
        }
        cells.push(Cell::new(ratio(r.ratio), dim));
        rows.push(Row::Cells(cells));
    }
    let table = Table {
        columns,
        label: Some(Cell::labels(&label)),
        rows,
    };
    table.render(style.color, style.width.map(|w| w.saturating_sub(5)))
}

/// The verdict line: the words, β and its interval against the band, or
/// the range check of the fallback.
pub(super) fn verdict_line(c: &ComplexityResult, style: &Style) -> String {
    let (words, color) = verdict_words(c);
    let tol = c.options.slope_tolerance;
    let evidence = if c.fallback {
        let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
        for r in &c.rungs {
            if r.fitted() && !r.trimmed {
                (lo, hi) = (lo.min(r.n as f64), hi.max(r.n as f64));
            }
        }
        format!(
            "β —  C {}–{} (changes ×{:.2} across a narrow range of n: within ×{:.2} holds)",
            ratio(c.c_min),
            ratio(c.c_max),
            c.c_change.unwrap_or(f64::NAN),
            1.5f64.max((tol * (hi / lo).ln()).exp())
        )
    } else if c.beta_ci.0.is_finite() {
        format!(
            "β {} [{}, {}] (holds within ±{tol})  C {}–{}",
            signed(c.beta),
            signed(c.beta_ci.0),
            signed(c.beta_ci.1),
            ratio(c.c_min),
            ratio(c.c_max)
        )
    } else {
        "too few fitted rungs for a slope".to_owned()
    };
    format!("{}  {evidence}", paint(&words, color, style))
}

/// The complexity block of the terminal report.
pub(super) fn complexity_lines(results: &[ComplexityResult], style: &Style) -> Vec<String> {
    let mut out = vec![paint("complexity", Paint::Bold, style)];
    for (i, c) in results.iter().enumerate() {
        let last = i + 1 == results.len();
        let (glyph, indent) = if last {
            ("└─", "   ")
        } else {
            ("├─", "│  ")
        };
        out.push(fit(
            &format!(
                "{glyph} {}  {}  {}",
                paint(&c.name, Paint::Bold, style),
                c.declared_o(),
                paint(
                    &format!("{} · {:.1} s", c.cache, c.wall_time_s),
                    Paint::Dim,
                    style
                )
            ),
            style.width,
        ));
        for line in ladder_table(c, style) {
            out.push(format!("{indent}  {line}"));
        }
        out.push(fit(
            &format!("{indent}  {}", verdict_line(c, style)),
            style.width,
        ));
        let mut tail = Vec::new();
        if let Some(best) = &c.best_fit {
            let how = if c.best_fit_decisive {
                ""
            } else {
                ", not decisive"
            };
            tail.push(format!("best fit {}{how}", big_o(best)));
        }
        tail.push(format!("stopped: {}", c.stopped.replace('_', " ")));
        if let Some(step) = &c.step {
            tail.push(format!(
                "C(n) steps ×{:.1} from n = {} to {}: a cache or memory level?",
                step.factor, step.from_n, step.to_n
            ));
        }
        out.push(fit(
            &format!(
                "{indent}  {}",
                paint(&joined(&tail, " · "), Paint::Dim, style)
            ),
            style.width,
        ));
        if style.auto_fit {
            let mut fits = Vec::with_capacity(c.fits.len());
            for f in &c.fits {
                fits.push(format!("{} {:.3}", big_o(&f.model), f.spread));
            }
            out.push(fit(
                &format!(
                    "{indent}  {}",
                    paint(
                        &format!("fits (spread of ln C): {}", joined(&fits, " · ")),
                        Paint::Dim,
                        style
                    )
                ),
                style.width,
            ));
        }
    }
    for c in results {
        if c.spawn_floor_ns.is_finite() {
            out.push(format!("per-spawn floor: {}", fmt_ns(c.spawn_floor_ns)));
            break;
        }
    }
    let (mut trimmed, mut below_floor, mut probe) = (false, false, false);
    for c in results {
        for r in &c.rungs {
            trimmed |= r.trimmed;
            below_floor |= r.below_floor;
            probe |= r.probe;
        }
    }
    let mut legend = Vec::new();
    if trimmed {
        legend.push("† warm-up rung, left out of the fit");
    }
    if below_floor {
        legend.push("[<floor] batch under 10× the per-spawn floor, left out");
    }
    if probe {
        legend.push("[probe] doubling probe of an exponential ladder, left out");
    }
    if !legend.is_empty() {
        out.push(paint(
            &format!("  {}", joined(&legend, " · ")),
            Paint::Dim,
            style,
        ));
    }
    out
}
