//! `zenbench history report --format md`: the history dashboard as
//! Markdown, no charts — the latest shifts as a table, then one line per
//! benchmark (its last mean, its shifts and changes of machine). Names and
//! commits are code spans, as in the run's Markdown report.

use super::{finding_words, Dashboard};
use crate::report::md::{arrow, cell, code, code_cell, table_head};
use std::fmt::Write as _;

/// The Markdown dashboard. Ends with a newline.
pub(crate) fn history_md(d: &Dashboard) -> String {
    let mut out = String::from("## zenbench history\n\n");
    out.push_str(&d.summary());
    out.push('\n');
    let files: Vec<String> = d.files.iter().map(|f| code(&f.path)).collect();
    let _ = writeln!(out, "\nRead from {}; {}.", files.join(", "), d.settings());
    out.push_str("\n### Latest shifts\n\n");
    let several = d.several_targets();
    if d.shifts.is_empty() {
        out.push_str("No shift found.\n");
    } else {
        let mut head = vec!["benchmark", "change", "before → after", "when", "commits"];
        let mut right = vec![false, true, false, false, false];
        if several {
            head.insert(0, "target");
            right.insert(0, false);
        }
        table_head(&head, &right, &mut out);
        for s in &d.shifts {
            let b = &d.benches[s.bench];
            let t = b.trend;
            out.push('|');
            if several {
                cell(&mut out, &code_cell(d.target(b)));
            }
            cell(&mut out, &code_cell(&t.full_name));
            cell(&mut out, &format!("{} {}", arrow(s.word()), s.change()));
            cell(&mut out, &s.means());
            cell(&mut out, &s.when(t));
            cell(&mut out, &s.commits(t, &code_cell));
            out.push('\n');
        }
    }
    out.push_str("\n### Benchmarks\n");
    let mut file = None;
    for b in &d.benches {
        if file != Some(b.file) {
            file = Some(b.file);
            if several {
                let _ = writeln!(out, "\n#### {}", code(d.target(b)));
            }
            out.push('\n');
        }
        let t = b.trend;
        let mut line = format!("- {}: {}", code(&t.full_name), b.summary());
        for f in &t.findings {
            line.push_str("; ");
            line.push_str(&finding_words(t, f, &code, &code));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
