//! The page's blocks after the groups: each complexity ladder (verdict,
//! chart, rungs) and the comparison with a saved baseline (notes, chart,
//! entries, summary).

use super::{code, esc, figure, head, row};
use crate::model::result::ComplexityResult;
use crate::report::format::{fmt_ns, fmt_secs};
use crate::report::model::{AgainstView, Outcome};
use crate::report::words::capitalised;
use std::fmt::Write as _;

pub(super) fn complexity(i: usize, c: &ComplexityResult, out: &mut String) {
    let _ = writeln!(
        out,
        "<section id=\"c-{i}\">\n<h3><code>{}</code> {} <span class=\"note\">{} · {}</span></h3>",
        esc(&c.name),
        esc(&c.declared_o()),
        esc(&c.cache),
        fmt_secs(c.wall_time_s)
    );
    let line = crate::report::complexity::verdict_line(c, &crate::report::Style::default());
    let _ = writeln!(out, "<p class=\"{}\">{}</p>", esc(&c.verdict), esc(&line));
    let mut tail = Vec::new();
    if let Some(best) = &c.best_fit {
        let how = if c.best_fit_decisive {
            ""
        } else {
            ", not decisive"
        };
        tail.push(format!("best fit O({}){how}", esc(best)));
    }
    tail.push(format!("stopped: {}", esc(&c.stopped.replace('_', " "))));
    if let Some(step) = &c.step {
        tail.push(format!(
            "C(n) steps ×{:.1} from n = {} to {}: a cache or memory level?",
            step.factor, step.from_n, step.to_n
        ));
    }
    tail.push(format!("per-spawn floor {}", fmt_ns(c.spawn_floor_ns)));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", tail.join(" · "));
    if let Some(svg) = super::sweeps::complexity(c) {
        let mut legend = format!(
            "● kept rungs; line: the declared {} fitted through them (median C × f(n))",
            esc(&c.declared_o())
        );
        if c.best_fit
            .as_deref()
            .is_some_and(|b| b != c.declared.trim())
        {
            legend.push_str("; dashed: the best fit");
        }
        legend.push_str("; ○† warm-up rung; ■ below the per-spawn floor; ▲ probe; ✕ timed out or crashed (on the axis).");
        figure("Time per call against n", svg, &legend, out);
    }
    out.push_str(&head(&[
        "n",
        "per call",
        "min … max",
        "repeats",
        "C(n)",
        "status",
    ]));
    for r in &c.rungs {
        let mut n = r.n.to_string();
        if r.trimmed {
            n.push('†');
        }
        if r.below_floor {
            n.push_str(" &lt;floor");
        }
        if r.probe {
            n.push_str(" probe");
        }
        let status = match (&r.message, r.status.as_str()) {
            (_, "ok") => ("", "ok".to_owned()),
            (Some(m), s) => ("fail", format!("{}: {}", esc(&s.replace('_', " ")), esc(m))),
            (None, s) => ("fail", esc(&s.replace('_', " "))),
        };
        let ok = r.status == "ok";
        let time = |x: f64| if ok { fmt_ns(x) } else { String::new() };
        out.push_str(&row(&[
            ("num", n),
            ("num", time(r.per_call_ns)),
            (
                "num",
                if ok {
                    format!("{} … {}", fmt_ns(r.min_ns), fmt_ns(r.max_ns))
                } else {
                    String::new()
                },
            ),
            ("num", r.repeats.to_string()),
            (
                "num",
                if r.ratio.is_finite() {
                    format!("{:.4}", r.ratio)
                } else {
                    String::new()
                },
            ),
            status,
        ]));
    }
    out.push_str("</table>\n</section>\n");
}

pub(super) fn against(v: &AgainstView, out: &mut String) {
    let a = v.against;
    let _ = writeln!(
        out,
        "<section id=\"against\">\n<h2>Against baseline {}</h2>",
        code(&a.baseline)
    );
    let mut measured = String::new();
    if !a.old_timestamp.is_empty() {
        let _ = write!(
            measured,
            "The baseline was measured {}",
            esc(&a.old_timestamp)
        );
        if let Some(git) = &v.git {
            let _ = write!(measured, " at git {}", code(git));
        }
        measured.push_str(". ");
    }
    let _ = writeln!(
        out,
        "<p class=\"meta\">{measured}{}.</p>",
        esc(&capitalised(&v.rule))
    );
    if let Some(warning) = v.warning(&code) {
        let _ = writeln!(out, "<p class=\"fail\">{}.</p>", capitalised(&warning));
    }
    for note in &a.notes {
        let _ = writeln!(out, "<p class=\"note\">Note: {}.</p>", esc(note));
    }
    if let Some(svg) = super::plots::against(a) {
        figure(
            "Old and new means",
            svg,
            "○ the baseline's mean; ● this run's, with the CI of the change as a bar; \
             red regression, green improved, grey unchanged, amber uncertain.",
            out,
        );
    }
    out.push_str(&head(&[
        "bench", "old", "new", "change", &v.level, "verdict",
    ]));
    for e in &v.entries {
        out.push_str(&row(&[
            ("", code(&e.entry.full_name)),
            ("num", esc(&e.old)),
            ("num", esc(&e.new)),
            ("num", e.change.clone()),
            ("num", e.ci.clone()),
            (e.word, e.said_marked()),
        ]));
    }
    out.push_str("</table>\n");
    if let Some(note) = &v.footnote {
        let _ = writeln!(out, "<p class=\"note\">{}.</p>", esc(note));
    }
    let names = |list: &[String]| list.iter().map(|n| code(n)).collect::<Vec<_>>().join(", ");
    if !a.only_old.is_empty() {
        let _ = writeln!(out, "<p>Only in the baseline: {}.</p>", names(&a.only_old));
    }
    if !a.only_new.is_empty() {
        let _ = writeln!(out, "<p>Not in the baseline: {}.</p>", names(&a.only_new));
    }
    let outcome = match v.outcome {
        Outcome::Fail => format!("<span class=\"fail\">{}</span>", v.outcome.words()),
        o => o.words().to_owned(),
    };
    let _ = writeln!(
        out,
        "<p>{}: {outcome}</p>\n</section>",
        v.counts_words(&str::to_owned)
    );
}
