//! The words of a report: how a fact is said, once for every format. A
//! renderer adds only its own markup (a code span, emphasis, an arrow, a
//! colour) through the closures these functions take.

use super::format::{fmt_pct, fmt_secs};
use crate::model::result::{ChangeVerdict, GroupResult, StopReason, Verdict};
use crate::model::text::joined;

/// `n` and the noun, plural unless one: `1 core`, `3 processes`.
pub(crate) fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ if noun.ends_with('s') => format!("{n} {noun}es"),
        _ => format!("{n} {noun}s"),
    }
}

/// A verdict in one word (also its JSON name and HTML class): `faster`,
/// `slower`, `same`, `uncertain`.
pub(super) fn verdict(v: Verdict) -> &'static str {
    super::fields::verdict_name(v)
}

/// A verdict against a saved baseline in one word (its JSON name):
/// `regression`, `improved`, `unchanged`, `uncertain`.
pub(super) fn change(v: ChangeVerdict) -> &'static str {
    super::fields::change_name(v)
}

/// What an uncertain verdict within the timer's floor adds.
pub(super) const WITHIN_FLOOR: &str = " (below the timer's floor)";

/// A verdict as a sentence part: its word, and why it is uncertain when
/// the change is within the timer's floor.
pub(super) fn verdict_said(word: &str, below_floor: bool) -> String {
    if below_floor && word == "uncertain" {
        format!("{word}{WITHIN_FLOOR}")
    } else {
        word.to_owned()
    }
}

/// Why a group stopped, in words: `converged`, `time limit (5.00 s)`, …
pub(super) fn stop(g: &GroupResult) -> String {
    match g.stop_reason {
        StopReason::Converged => "converged".to_owned(),
        StopReason::MaxTime => format!("time limit ({})", fmt_secs(g.config.max_time_s)),
        StopReason::MaxRounds => format!("max rounds ({})", g.config.max_rounds),
        StopReason::Floor => "converged (some at the timer's floor)".to_owned(),
        StopReason::Smoke => "smoke test".to_owned(),
        StopReason::Failed => "all failed".to_owned(),
    }
}

/// What a group measured, as parts of one line: rounds, iterations per
/// sample, why it stopped, its wall time, then the cache firewall and the
/// gate's waits when there were any.
pub(super) fn group_stats(g: &GroupResult) -> Vec<String> {
    let mut out = vec![
        count(g.rounds as usize, "round"),
        format!("{} iters/sample", g.iterations_per_sample),
        stop(g),
        fmt_secs(g.wall_time_s),
    ];
    if g.config.cache_firewall {
        out.push("cache firewall".to_owned());
    }
    let reason = |r: &Option<String>| r.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
    if let Some(gate) = g.gate.as_ref().filter(|g| g.rounds_delayed > 0) {
        out.push(format!(
            "gate held {} ({} waiting{})",
            count(gate.rounds_delayed as usize, "round"),
            fmt_secs(gate.waited_s),
            reason(&gate.last_reason),
        ));
    }
    if let Some(gate) = g.gate.as_ref().filter(|g| g.rounds_under_load > 0) {
        out.push(format!(
            "{} measured through a sustained load{}",
            count(gate.rounds_under_load as usize, "round"),
            reason(&gate.sustained_load),
        ));
    }
    out
}

/// The first line of a message, trimmed, `…` after it when there is more.
pub(super) fn first_line(msg: &str) -> String {
    let mut lines = msg.trim().lines();
    let first = lines.next().unwrap_or("panicked");
    let more = if lines.next().is_some() { " …" } else { "" };
    format!("{first}{more}")
}

/// A child process that gave no result: `child process 2 failed (signal
/// 9): its message`, the message through `code`.
pub(super) fn child_failed(
    index: u32,
    status: &str,
    message: Option<&str>,
    code: &dyn Fn(&str) -> String,
) -> String {
    let said = message.map_or(String::new(), |m| format!(": {}", code(m)));
    format!("child process {index} failed ({status}){said}")
}

/// The rule a saved baseline is held to: `a slowdown fails when its whole
/// 99% CI is above +5.00% (run-to-run noise 1.0% assumed)`.
pub(super) fn against_rule(level: f64, max_regression_pct: f64, noise_pct: f64) -> String {
    let how = if noise_pct > 0.0 {
        format!("run-to-run noise {noise_pct:.1}% assumed")
    } else {
        "both builds measured interleaved, paired".to_owned()
    };
    format!(
        "a slowdown fails when its whole {} is above {} ({how})",
        ci_level(level),
        fmt_pct(max_regression_pct)
    )
}

/// A percentage as a person writes it: `5%`, `2.5%`, `0.33%` (at most two
/// decimals, none that are zero).
pub(super) fn pct_plain(pct: f64) -> String {
    let text = format!("{pct:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// What two builds' comparison found, in a line: `2 regressions beyond
/// 5%`, or `no regression beyond 5% in 12 benchmarks`.
pub(super) fn regressions_beyond(
    regressions: usize,
    threshold_pct: f64,
    compared: usize,
) -> String {
    let threshold = pct_plain(threshold_pct);
    match regressions {
        0 => format!(
            "no regression beyond {threshold} in {}",
            count(compared, "benchmark")
        ),
        n => format!("{} beyond {threshold}", count(n, "regression")),
    }
}

/// Why comparisons called `unchanged` or `uncertain` may still hide a
/// regression the gate is there to catch: their `min_detectable_pct`
/// (`mde_pct`, one per comparison) is above the gate `gate_pct`. `this
/// comparison could not have told a change smaller than ±8% from noise
/// (min_detectable_pct), more than the ±5% gate, so it does not rule out a
/// regression past the gate; more rounds or processes may narrow it`; of
/// several, the range of their figures.
pub(super) fn mde_above_gate(mde_pct: &[f64], gate_pct: f64) -> String {
    let mut least = f64::INFINITY;
    let mut most = f64::NEG_INFINITY;
    for &m in mde_pct {
        least = least.min(m);
        most = most.max(m);
    }
    let (least, most) = (pct_plain(least), pct_plain(most));
    let figure = if least == most {
        format!("±{most}")
    } else {
        format!("±{least} to ±{most}")
    };
    let (who, rules) = match mde_pct.len() {
        1 => ("this comparison".to_owned(), "it does"),
        n => (format!("these {n} comparisons"), "they do"),
    };
    format!(
        "{who} could not have told a change smaller than {figure} from noise \
         (min_detectable_pct), more than the ±{} gate, so {rules} not rule out a \
         regression past the gate; more rounds or processes may narrow it",
        pct_plain(gate_pct)
    )
}

/// A CI's name from its level: `95% CI`.
pub(super) fn ci_level(level: f64) -> String {
    format!("{:.0}% CI", level * 100.0)
}

/// The warning of a baseline from another machine; `--cross-testbed`
/// through `code`.
pub(super) fn other_machine(
    differences: &[String],
    enforced: bool,
    code: &dyn Fn(&str) -> String,
) -> String {
    let flag = code("--cross-testbed");
    let enforced = if enforced {
        format!("regressions fail the run ({flag})")
    } else {
        format!("regressions do not fail the run ({flag} to let them)")
    };
    format!(
        "the baseline ran on another machine ({}): {enforced}",
        joined(differences, "; ")
    )
}

/// `text` with its first letter upper-case, for a sentence.
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_their_plural() {
        assert_eq!(count(1, "core"), "1 core");
        assert_eq!(count(2, "thread"), "2 threads");
        assert_eq!(count(3, "process"), "3 processes");
        assert_eq!(count(0, "regression"), "0 regressions");
    }

    #[test]
    fn sentences_are_said_once() {
        assert_eq!(
            against_rule(0.99, 5.0, 1.0),
            "a slowdown fails when its whole 99% CI is above +5.00% (run-to-run noise 1.0% assumed)"
        );
        let said = other_machine(&["CPU `A` → `B`".into()], false, &|t| format!("`{t}`"));
        assert_eq!(
            capitalised(&said),
            "The baseline ran on another machine (CPU `A` → `B`): regressions do not fail \
             the run (`--cross-testbed` to let them)"
        );
        assert_eq!(
            child_failed(2, "signal 9", Some("oom"), &str::to_owned),
            "child process 2 failed (signal 9): oom"
        );
        assert_eq!(
            verdict_said("uncertain", true),
            "uncertain (below the timer's floor)"
        );
        assert_eq!(verdict_said("faster", true), "faster");
        assert_eq!(
            mde_above_gate(&[8.0], 5.0),
            "this comparison could not have told a change smaller than ±8% from noise \
             (min_detectable_pct), more than the ±5% gate, so it does not rule out a \
             regression past the gate; more rounds or processes may narrow it"
        );
        let two = mde_above_gate(&[12.5, 6.25], 5.0);
        assert!(
            two.starts_with("these 2 comparisons could not have told a change smaller than ±6.25% to ±12.5% from noise"),
            "{two}"
        );
        assert!(two.contains("so they do not rule out"), "{two}");
        assert_eq!(
            regressions_beyond(0, 5.0, 12),
            "no regression beyond 5% in 12 benchmarks"
        );
        assert_eq!(regressions_beyond(1, 2.5, 12), "1 regression beyond 2.5%");
        assert_eq!(regressions_beyond(2, 5.0, 2), "2 regressions beyond 5%");
        assert_eq!(pct_plain(3.0000000000000004), "3%");
        assert_eq!(pct_plain(0.5), "0.5%");
        assert_eq!(pct_plain(100.0), "100%");
        assert_eq!(first_line("  boom\nat line 3 "), "boom …");
    }
}
