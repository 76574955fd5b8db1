//! `zenbench history analyze`: the change points of every benchmark's
//! history.

use super::usage;
use crate::model::history::{Finding, Trend};
use crate::report::{fmt_ns, fmt_pct};
use crate::store::{analyze as find, read_history, State};
use crate::Error;
use std::path::PathBuf;

pub(super) const USAGE: &str = "\
Usage: zenbench history analyze [OPTIONS]

Finds persistent shifts in each benchmark's mean over the runs recorded in
.zenbench/history/ (every measured `cargo bench` appends one line per
benchmark). A shift is a split of the series where a Welch t-test between the
runs before and after (up to --window of each) is significant, the means
differ by at least --min-change, and the new level holds for --persistence
runs; the search repeats on both sides (binary segmentation). A change of
machine splits the series too and is reported as such, never as a shift.

Options:
  --file FILE         analyse this history file [default: every file in .zenbench/history/]
  --window N          runs on each side of a split [default 30]
  --min-change PCT    smallest shift reported [default 1]
  --persistence N     runs the new level must hold [default 3]
  --alpha P           significance of a split [default 0.0005]
";

pub(super) fn analyze(state: &State, args: &[&str]) -> Result<String, Error> {
    let mut cfg = crate::store::analyze_config();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut it = args.iter();
    while let Some(&arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v)),
            None => (arg, None),
        };
        let mut value = || -> Result<&str, Error> {
            inline
                .or_else(|| it.next().copied())
                .ok_or_else(|| usage(&format!("`{flag}` needs a value")))
        };
        let bad = |v: &str, what: &str| {
            usage(&format!(
                "invalid value `{v}` for `{flag}`: expected {what}"
            ))
        };
        match flag {
            "--file" => files.push(PathBuf::from(value()?)),
            "--window" | "--persistence" => {
                let v = value()?;
                let n = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n >= 2)
                    .ok_or_else(|| bad(v, "a whole number >= 2"))?;
                if flag == "--window" {
                    cfg.window = n;
                } else {
                    cfg.persistence = n;
                }
            }
            "--min-change" => {
                let v = value()?;
                cfg.min_change = v
                    .trim_end_matches('%')
                    .parse::<f64>()
                    .ok()
                    .filter(|p| p.is_finite() && *p >= 0.0)
                    .ok_or_else(|| bad(v, "a percentage"))?
                    / 100.0;
            }
            "--alpha" => {
                let v = value()?;
                cfg.alpha = v
                    .parse::<f64>()
                    .ok()
                    .filter(|p| *p > 0.0 && *p < 1.0)
                    .ok_or_else(|| bad(v, "a probability between 0 and 1"))?;
            }
            other => {
                return Err(usage(&format!(
                    "unknown option `{other}` for history analyze; run `zenbench history --help`"
                )))
            }
        }
    }
    if files.is_empty() {
        let dir = state.history_dir();
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| Error::Data {
                path: dir.clone(),
                message: format!("cannot be read ({e}): no history yet? `cargo bench` records one"),
            })?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        found.sort();
        files = found;
    }
    let mut out = String::new();
    for path in &files {
        let (records, skipped) = read_history(path)?;
        let runs = {
            let mut ids: Vec<&str> = records.iter().map(|r| r.run_id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.len()
        };
        let trends = find(records, &cfg);
        out.push_str(&format!(
            "{}: {} {}, {runs} {}{}\n",
            path.display(),
            trends.len(),
            if trends.len() == 1 {
                "benchmark"
            } else {
                "benchmarks"
            },
            if runs == 1 { "run" } else { "runs" },
            match skipped {
                0 => String::new(),
                1 => ", 1 unreadable line skipped".to_owned(),
                n => format!(", {n} unreadable lines skipped"),
            }
        ));
        let mut shifts = 0;
        for t in &trends {
            for f in &t.findings {
                shifts += usize::from(matches!(f, Finding::Shift { .. }));
                out.push_str(&finding_line(t, f));
                out.push('\n');
            }
        }
        out.push_str(&format!(
            "{shifts} {} found\n",
            if shifts == 1 { "shift" } else { "shifts" }
        ));
    }
    Ok(out)
}

/// `where` of a record: its commit (12 digits, `+` when dirty) and date.
fn at(t: &Trend, i: usize) -> String {
    let r = &t.records[i];
    let git = r.git_hash.as_deref().map_or("?".to_owned(), |g| {
        let mut g = g.chars().take(12).collect::<String>();
        if r.git_dirty == Some(true) {
            g.push('+');
        }
        g
    });
    format!("{git} ({})", r.timestamp.get(..10).unwrap_or(&r.timestamp))
}

fn finding_line(t: &Trend, f: &Finding) -> String {
    match f {
        Finding::Shift {
            at: i,
            before_ns,
            after_ns,
            pct_change,
            p,
        } => format!(
            "  {}: {} ({} → {}) between {} and {}, p = {p:.1e}",
            t.full_name,
            fmt_pct(*pct_change),
            fmt_ns(*before_ns),
            fmt_ns(*after_ns),
            at(t, i - 1),
            at(t, *i),
        ),
        Finding::Testbed { at: i, from, to } => format!(
            "  {}: machine changed between {} and {} (`{from}` → `{to}`): not compared across",
            t.full_name,
            at(t, i - 1),
            at(t, *i),
        ),
    }
}
