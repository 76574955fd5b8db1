//! After measuring: the comparison with `--baseline`, `--save-baseline`,
//! `--update-on-pass`, and the history line of each benchmark.
//!
//! Everything that can refuse the run is checked before anything is
//! measured: a bad name never reaches here (the parser checks it), and a
//! missing, corrupt or newer baseline, or a corrupt file a save would
//! replace, ends the run with exit code 2 before the first benchmark.

use super::orchestrate::Role;
use crate::model::options::{Baselines, Mode, Selection};
use crate::model::result::{ChangeVerdict, SuiteResult};
use crate::store::{
    append_history, compare, history_path, load_baseline, read_history, run_noise_by_bench,
    save_baseline, CompareConfig, RunView, State,
};
use crate::Error;
use zenbench_stats::MIN_HISTORY_RUNS;

/// The baseline work of one run, prepared before it measures.
pub(crate) struct PostRun {
    /// `None`: nothing to do (a smoke test, a child process, no flags).
    state: Option<State>,
    /// The `--baseline` to compare with, loaded.
    old: Option<RunView>,
    /// Said before the report (a smoke test ignoring the baseline flags).
    pub(crate) note: Option<String>,
}

impl PostRun {
    /// Loads `--baseline` and checks that the files a save would replace
    /// can be replaced.
    pub(crate) fn prepare(baselines: &Baselines, mode: Mode, role: Role) -> Result<PostRun, Error> {
        let wants_baselines = baselines.compare.is_some() || baselines.save.is_some();
        let inert = PostRun {
            state: None,
            old: None,
            note: None,
        };
        if role == Role::Child {
            // The parent compares, saves and records, once.
            return Ok(inert);
        }
        if mode != Mode::Bench {
            return Ok(PostRun {
                note: if wants_baselines {
                    Some(
                        "note: a smoke test (no `--bench`) measures nothing: baselines are \
                         compared and saved by `cargo bench`"
                            .to_owned(),
                    )
                } else {
                    None
                },
                ..inert
            });
        }
        let state = State::locate();
        let old = match &baselines.compare {
            Some(name) => Some(load_baseline(&state, name)?),
            None => None,
        };
        if let Some(name) = &baselines.save {
            crate::store::check_replaceable(&crate::store::baseline_path(&state, name), name)?;
        }
        Ok(PostRun {
            state: Some(state),
            old,
            note: None,
        })
    }

    /// Puts the comparison with `--baseline` into `result.against`; a
    /// benchmark that `selection` leaves out is not missing from this run.
    pub(crate) fn compare(
        &self,
        result: &mut SuiteResult,
        baselines: &Baselines,
        selection: &Selection,
    ) {
        if let (Some(old), Some(name), Some(state)) = (&self.old, &baselines.compare, &self.state) {
            // What this machine's history says about each bench's spread
            // between runs; no history (or an unreadable one) only means
            // no learning.
            let learned = match read_history(&history_path(
                state,
                &crate::measure::testbed::program_name(),
            )) {
                Ok((records, _)) => run_noise_by_bench(&records, &result.testbed.id),
                Err(_) => Vec::new(),
            };
            let cfg = CompareConfig::of(baselines);
            let mut against = compare(old, &RunView::of(result), name, &cfg, &learned);
            let mut unlearned = 0;
            for e in &against.entries {
                if !learned.iter().any(|(n, _)| *n == e.full_name) {
                    unlearned += 1;
                }
            }
            if unlearned > 0 {
                against.notes.push(format!(
                    "{unlearned} of {} benchmarks have fewer than {MIN_HISTORY_RUNS} runs in this \
                     machine's history: their run-to-run noise is assumed ({}%), not measured; \
                     keep .zenbench/history/ between runs",
                    against.entries.len(),
                    cfg.noise_pct
                ));
            }
            // A benchmark this run's filters left out is not missing.
            if let Ok(filter) = crate::define::cli::compile_filters(selection) {
                let mut kept = Vec::new();
                for n in against.only_old.drain(..) {
                    if filter.matches(&n) {
                        kept.push(n);
                    }
                }
                against.only_old = kept;
            }
            // Nor is one of a group another part measures (`--partition`):
            // a part misses only rows of the groups it measured.
            if selection.partition.is_some() {
                let ran = |group: &str| result.groups.iter().any(|g| g.name == group);
                against.only_old.retain(|n| {
                    old.groups
                        .iter()
                        .any(|g| ran(&g.name) && g.benchmarks.iter().any(|b| b.full_name == *n))
                });
            }
            result.against = Some(against);
        }
    }

    /// Saves and updates baselines and appends the history; returns the
    /// lines to tell the user. A history that cannot be written is a
    /// warning: the measurement itself stands.
    pub(crate) fn finish(
        &self,
        result: &SuiteResult,
        baselines: &Baselines,
    ) -> Result<Vec<String>, Error> {
        let Some(state) = &self.state else {
            return Ok(Vec::new());
        };
        let mut said = Vec::new();
        let mut measured = 0;
        for g in &result.groups {
            measured += g.benchmarks.len();
        }
        if let (Some(name), 0) = (&baselines.save, measured) {
            // A typo in a filter must not wipe a baseline.
            return Err(Error::Config(format!(
                "nothing was measured (no benchmark matched): baseline `{name}` is left as it was"
            )));
        }
        if let Some(name) = &baselines.save {
            let path = save_baseline(state, name, result)?;
            said.push(format!("saved baseline `{name}` ({})", path.display()));
        }
        if let (true, Some(name), Some(against)) = (
            baselines.update_on_pass,
            &baselines.compare,
            &result.against,
        ) {
            let regressions = against.count(ChangeVerdict::Regression);
            let why_not = if result.any_failed() {
                Some("a benchmark failed".to_owned())
            } else if regressions > 0 {
                Some(format!(
                    "{regressions} {}",
                    if regressions == 1 {
                        "regression"
                    } else {
                        "regressions"
                    }
                ))
            } else if against.cross_testbed && !baselines.cross_testbed {
                Some("measured on another machine (--cross-testbed to allow)".to_owned())
            } else {
                None
            };
            match why_not {
                None if baselines.save.as_deref() == Some(name.as_str()) => {}
                None => {
                    let path = save_baseline(state, name, result)?;
                    said.push(format!("updated baseline `{name}` ({})", path.display()));
                }
                Some(why) => said.push(format!("baseline `{name}` kept: {why}")),
            }
        }
        if !baselines.no_history {
            let path = history_path(state, &crate::measure::testbed::program_name());
            if let Err(e) = append_history(state, &path, result) {
                said.push(format!("warning: the history was not appended: {e}"));
            }
        }
        Ok(said)
    }
}
