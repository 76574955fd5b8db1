//! `--confirm N` (default 2): a reading past the gate against a baseline
//! is measured again before its verdict.
//!
//! One run in one process cannot see what moves a whole process: its code
//! and data placement, the state the machine was in during the minute it
//! ran, a neighbour that stayed for a whole group. Against a baseline, that
//! offset is all a comparison of an unchanged build shows, and now and
//! then it is larger than any assumed noise (a 4 ns row reading +12% with
//! its whole 99% CI above 5%). So the groups of every reading past the
//! gate — a regression, or a slowdown past it that the CI is not sure of —
//! are measured again in N fresh processes of this binary; their rows
//! become the mean over this process and those, the spread of the process
//! means is the run-to-run noise the comparison allows for, and the
//! verdict is the comparison of that mean. A real regression reads the
//! same in every process and fails, with a narrower interval than one
//! process gave; an offset of one process does not. A run with nothing
//! past the gate pays nothing. See the book's "zenbench in CI".

use super::aggregate::aggregate_results;
use super::children::measure_children;
use super::machine_lock::MachineLock;
use super::post::PostRun;
use crate::define::registry::Suite;
use crate::model::options::{Aggregation, Options};
use crate::model::result::{Against, AgainstEntry, ChangeVerdict, Confirmation, SuiteResult};
use crate::Error;

/// `--confirm`'s default.
pub(crate) const DEFAULT_PROCESSES: u32 = 2;

/// Measures again the groups of `result`'s readings past the gate against
/// its baseline (regressions, and slowdowns past it the CI is not sure
/// of), and compares anew with what they then read. Nothing happens
/// without such a reading, with `--confirm 0`, when the gate is not
/// enforced, or when the run was over several processes already.
pub(crate) fn confirm(
    suite: &Suite,
    opts: &Options,
    post: &PostRun,
    result: &mut SuiteResult,
) -> Result<(), Error> {
    let n = opts.baselines.confirm.unwrap_or(DEFAULT_PROCESSES);
    let Some(against) = &result.against else {
        return Ok(());
    };
    if n == 0 || !against.enforced || result.repetition.processes > 1 {
        return Ok(());
    }
    // Instruction counts are exact, and a change within the timer's floor
    // is no reading: nothing to measure again.
    let gate = against.max_regression_pct;
    let past = |e: &&AgainstEntry| {
        e.metric == "time"
            && !e.below_floor
            && match e.verdict {
                ChangeVerdict::Regression => true,
                ChangeVerdict::Uncertain => e.pct_change > gate,
                _ => false,
            }
    };
    let measured: Vec<String> = against
        .entries
        .iter()
        .filter(past)
        .map(|e| e.full_name.clone())
        .collect();
    let first_regressions = regressions_of(against, &measured);
    let groups: Vec<String> = result
        .groups
        .iter()
        .filter(|g| g.benchmarks.iter().any(|b| measured.contains(&b.full_name)))
        .map(|g| g.name.clone())
        .collect();
    let mut plan = suite.selected(opts)?;
    plan.groups.retain(|g| groups.contains(&g.name));
    plan.complexity.clear();
    if plan.groups.is_empty() {
        return Ok(());
    }
    if !opts.output.quiet {
        eprintln!(
            "confirming {} past the {}% gate against the baseline: {} measured again in {n} \
             fresh {}",
            count(measured.len(), "reading", "readings"),
            gate,
            count(plan.groups.len(), "group", "groups"),
            if n == 1 { "process" } else { "processes" },
        );
    }
    let _lock = MachineLock::acquire(&MachineLock::default_path(), |msg| {
        if !opts.output.quiet {
            eprintln!("{msg}");
        }
    })
    .ok();
    let (children, failures) = measure_children(&plan, n, opts)?;
    drop(_lock);
    let mut runs = Vec::with_capacity(children.len() + 1);
    // This process's measurement of those groups: the result without its
    // other groups (not cloned only to be dropped).
    let all = std::mem::take(&mut result.groups);
    let mut this = result.clone();
    result.groups = all;
    this.groups = result
        .groups
        .iter()
        .filter(|g| groups.contains(&g.name))
        .cloned()
        .collect();
    runs.push(this);
    for child in children {
        result.wall_time_s += child.wall_time_s;
        runs.push(child);
    }
    let processes = runs.len() as u32 - 1;
    if processes > 0 {
        let combined = aggregate_results(&runs, Aggregation::Mean).expect("two runs at least");
        for g in combined.groups {
            if let Some(slot) = result.groups.iter_mut().find(|s| s.name == g.name) {
                *slot = g;
            }
        }
        post.compare(result, &opts.baselines, &opts.selection);
    }
    let Some(against) = result.against.as_mut() else {
        return Ok(());
    };
    let regressions = regressions_of(against, &measured);
    let mut note = match processes {
        0 => format!(
            "{} past the gate could not be measured again: no fresh process gave a result \
             ({} failed)",
            count(measured.len(), "reading", "readings"),
            failures.len()
        ),
        _ => format!(
            "{} past the gate ({} of them {}) measured again in {processes} fresh {}: {} now, \
             over the mean of {} processes with their spread allowed for as run-to-run noise",
            count(measured.len(), "reading", "readings"),
            first_regressions.len(),
            if first_regressions.len() == 1 {
                "a regression"
            } else {
                "regressions"
            },
            if processes == 1 {
                "process"
            } else {
                "processes"
            },
            count(regressions.len(), "regression", "regressions"),
            processes + 1,
        ),
    };
    if processes > 0 && !failures.is_empty() {
        note.push_str(&format!(
            "; {} more failed to start or finish",
            failures.len()
        ));
    }
    against.notes.push(note);
    against.confirmation = Some(Confirmation {
        processes,
        measured,
        first_regressions,
        regressions,
    });
    Ok(())
}

/// Of `names`, those `against` calls regressions.
fn regressions_of(against: &Against, names: &[String]) -> Vec<String> {
    let regressed = |n: &String| {
        against
            .entries
            .iter()
            .any(|e| e.full_name == *n && e.verdict == ChangeVerdict::Regression)
    };
    names.iter().filter(|n| regressed(n)).cloned().collect()
}

/// `n` and the noun that fits it.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
