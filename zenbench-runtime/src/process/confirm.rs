//! `--confirm N` (default 2): regressions against a baseline are measured
//! again before they fail the run.
//!
//! One run in one process cannot see what moves a whole process: its code
//! and data placement, the state the machine was in during the minute it
//! ran, a neighbour that stayed for a whole group. Against a baseline, that
//! offset is all a comparison of an unchanged build shows, and now and
//! then it is larger than any assumed noise (a 30 ns row reading +22% with
//! its whole 99% CI above 5%). So before a regression fails the run, the
//! groups of its regressions are measured again in N fresh processes of
//! this binary, their rows become the mean over this process and those,
//! and the spread of the process means is the run-to-run noise the
//! comparison allows for. A real regression reads the same in every
//! process and still fails; an offset of one process does not. A run with
//! no regression pays nothing. See the book's "zenbench in CI".

use super::aggregate::aggregate_results;
use super::children::measure_children;
use super::machine_lock::MachineLock;
use super::post::PostRun;
use crate::define::registry::Suite;
use crate::model::options::{Aggregation, Options};
use crate::model::result::{ChangeVerdict, Confirmation, SuiteResult};
use crate::Error;

/// `--confirm`'s default.
pub(crate) const DEFAULT_PROCESSES: u32 = 2;

/// Measures again the groups of `result`'s regressions against its
/// baseline (when they would fail the run), and compares anew with what
/// they then read. Nothing happens without such a regression, with
/// `--confirm 0`, or when the run was over several processes already.
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
    if n == 0 || !against.fails() || result.repetition.processes > 1 {
        return Ok(());
    }
    // Instruction counts are exact: nothing to confirm.
    let regressions: Vec<String> = against
        .entries
        .iter()
        .filter(|e| e.verdict == ChangeVerdict::Regression && e.metric == "time")
        .map(|e| e.full_name.clone())
        .collect();
    let groups: Vec<String> = result
        .groups
        .iter()
        .filter(|g| {
            g.benchmarks
                .iter()
                .any(|b| regressions.contains(&b.full_name))
        })
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
            "confirming {} against baseline: {} measured again in {n} fresh {}",
            count(regressions.len(), "regression", "regressions"),
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
    let mut this = result.clone();
    this.groups.retain(|g| groups.contains(&g.name));
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
    let still = |name: &String| {
        against
            .entries
            .iter()
            .any(|e| e.full_name == *name && e.verdict == ChangeVerdict::Regression)
    };
    let cleared: Vec<String> = regressions.iter().filter(|r| !still(r)).cloned().collect();
    let mut note = match processes {
        0 => format!(
            "the regressions could not be measured again: no fresh process gave a result \
             ({} failed)",
            failures.len()
        ),
        _ => format!(
            "{} measured again in {processes} fresh {}: {} confirmed, {} cleared (the mean over \
             {} processes, their spread allowed for as run-to-run noise)",
            count(regressions.len(), "regression", "regressions"),
            if processes == 1 {
                "process"
            } else {
                "processes"
            },
            regressions.len() - cleared.len(),
            cleared.len(),
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
        regressions,
        cleared,
    });
    Ok(())
}

/// `n` and the noun that fits it.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
