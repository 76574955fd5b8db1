//! The Markdown of a `zenbench self-compare` result, made for a
//! pull-request comment: the verdict in one line first, then the table of
//! every benchmark old → new with the change, its 95% CI and the verdict,
//! the benchmarks only one build has, the failures, and, collapsed, the
//! rule, the settings, the timings, the testbed and every row's statistics.
//! The table, the lists and the statistics are the run report's own.

use super::{
    against_counts, against_table, code, failures_section, only_in, statistics_body, AgainstView,
    Report,
};
use crate::model::result::{ChangeVerdict, SelfCompare};
use crate::report::format::fmt_secs;
use crate::report::words;
use std::fmt::Write as _;

/// The Markdown report of self-compare result `r` (`sc`, its comparison
/// `v`). Ends with a newline.
pub(super) fn md(r: &Report, sc: &SelfCompare, v: &AgainstView) -> String {
    let a = v.against;
    let mut out = verdict_line(r, v);
    out.push_str("\n\n");
    out.push_str(&builds_line(r, sc, v));
    out.push('\n');
    if !v.entries.is_empty() {
        out.push('\n');
        against_table(v, &mut out);
    }
    only_in(
        v,
        ["Only in the old build", "Only in the new build"],
        &mut out,
    );
    out.push('\n');
    against_counts(v, &mut out);
    failures_section(r, &mut out);
    out.push_str("\n<details><summary>Details</summary>\n\n");
    let _ = writeln!(out, "- **Rule**: {}.", words::capitalised(&v.rule));
    for note in &a.notes {
        let _ = writeln!(out, "- **Note**: {note}.");
    }
    if let Some(line) = settings(r, sc) {
        let _ = writeln!(out, "- **Settings**: {line}");
    }
    let _ = writeln!(
        out,
        "- **Timings**: building both revisions {} · measuring {}",
        fmt_secs(sc.build_s),
        fmt_secs(r.result.wall_time_s)
    );
    statistics_body(r, &mut out);
    out.push_str("\n</details>\n");
    out
}

/// `✅ no regression beyond 5% in 12 benchmarks`, `❌ 2 regressions beyond
/// 5%`; benchmarks that failed in a build are counted after it (`⚠️` when
/// nothing regressed), and a comparison of nothing says so.
fn verdict_line(r: &Report, v: &AgainstView) -> String {
    let a = v.against;
    let regressions = a.count(ChangeVerdict::Regression);
    let mut failed = 0;
    for s in &r.groups {
        failed += usize::from(s.group.benchmarks.iter().any(|b| b.failed));
    }
    let mark = if a.fails() {
        "❌"
    } else if failed > 0 || a.entries.is_empty() {
        "⚠️"
    } else {
        "✅"
    };
    let mut line = format!(
        "{mark} {}",
        words::regressions_beyond(regressions, a.max_regression_pct, a.entries.len())
    );
    if failed > 0 {
        let _ = write!(
            line,
            ", {} failed in a build",
            words::count(failed, "benchmark")
        );
    }
    line
}

/// `Self-compare of `7301d71c7528` (`HEAD~1`) → the working tree at git
/// `abc1234` (with uncommitted changes)`.
fn builds_line(r: &Report, sc: &SelfCompare, v: &AgainstView) -> String {
    let mut line = String::from("Self-compare of ");
    match &v.git {
        Some(git) => {
            line.push_str(&code(git));
            if !sc.reference.is_empty() && !sc.reference.starts_with(git.as_str()) {
                let _ = write!(line, " ({})", code(&sc.reference));
            }
        }
        None => line.push_str(&code(&sc.reference)),
    }
    line.push_str(" → the working tree");
    if let Some(git) = &r.info.git {
        let _ = write!(line, " at git {}", code(git));
    }
    if r.info.dirty {
        line.push_str(" (with uncommitted changes)");
    }
    line
}

/// The options the pairs ran with (the first pair's: every pair has the
/// same), and how a round took its two samples.
fn settings(r: &Report, sc: &SelfCompare) -> Option<String> {
    let c = &r.groups.first()?.group.config;
    let how = if sc.duet {
        "both builds' samples of a round at the same time (`--duet`)"
    } else {
        "the two builds' samples of a round one after the other"
    };
    Some(format!(
        "noise threshold ±{} · at most {} per benchmark · {} to {} rounds · target precision {} · {how}",
        words::pct_plain(c.noise_threshold * 100.0),
        fmt_secs(c.max_time_s),
        c.min_rounds,
        c.max_rounds,
        words::pct_plain(c.target_precision * 100.0),
    ))
}
