//! This run against an earlier one: per benchmark, old → new with a CI of
//! the change and a verdict against `--max-regression`.
//!
//! The two runs did not run interleaved, so nothing here is paired: each
//! run's mean comes with its own standard error (batch means over its
//! per-round samples, so drift within the run widens it), and the change
//! between them is widened further by an assumed run-to-run noise that no
//! single run can show (`zenbench_stats::cross_run_change`; the book's "zenbench
//! in CI" states the rule and its measured false-alarm rate).

use super::view::{BenchView, RunView};
use crate::model::options::Baselines;
use crate::model::result::{min_detectable_pct, Against, AgainstEntry, ChangeVerdict};
use zenbench_stats::{cross_run_change, CrossRunConfig, CrossRunVerdict, RunEstimate};

/// How to compare.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CompareConfig {
    /// A slowdown whose whole CI lies above this (percent) is a regression.
    pub max_regression_pct: f64,
    /// The run-to-run noise assumed between two runs' means (percent).
    pub noise_pct: f64,
    /// Confidence level of the CIs.
    pub level: f64,
    /// `--cross-testbed`: a regression across machines fails the run too.
    pub cross_testbed: bool,
}

impl Default for CompareConfig {
    fn default() -> CompareConfig {
        CompareConfig {
            max_regression_pct: 5.0,
            noise_pct: 1.0,
            level: 0.99,
            cross_testbed: false,
        }
    }
}

impl CompareConfig {
    /// The defaults with `--max-regression`, `--baseline-noise` and
    /// `--cross-testbed` applied.
    pub(crate) fn of(baselines: &Baselines) -> CompareConfig {
        let d = CompareConfig::default();
        CompareConfig {
            max_regression_pct: baselines.max_regression.unwrap_or(d.max_regression_pct),
            noise_pct: baselines.noise.unwrap_or(d.noise_pct),
            cross_testbed: baselines.cross_testbed,
            ..d
        }
    }
}

/// Compares `new` with `old` (labelled `label`: a baseline name or a path).
/// Benchmarks are matched on their full names; one that failed, or has no
/// samples, in either run is listed as only in the other.
///
/// `learned` holds run-to-run noise measured in the history of this
/// machine, per benchmark (a relative standard deviation): a benchmark
/// whose runs spread more than `cfg.noise_pct` is compared with its own.
/// So is one whose run (either) was measured over several processes
/// (`process_spread`).
pub(crate) fn compare(
    old: &RunView,
    new: &RunView,
    label: &str,
    cfg: &CompareConfig,
    learned: &[(String, f64)],
) -> Against {
    let (olds, old_counts) = measured(old);
    let (news, new_counts) = measured(new);
    let stats = CrossRunConfig {
        level: cfg.level,
        run_noise: cfg.noise_pct / 100.0,
        threshold: cfg.max_regression_pct / 100.0,
    };
    let mut entries = Vec::new();
    let mut only_new = Vec::new();
    // Counts against counts: exact, against the threshold itself.
    for (name, new_ir) in &new_counts {
        let Some(old_ir) = count_of(&old_counts, name) else {
            only_new.push(name.clone());
            continue;
        };
        let pct = (new_ir / old_ir - 1.0) * 100.0;
        let verdict = if pct > cfg.max_regression_pct {
            ChangeVerdict::Regression
        } else if pct < -cfg.max_regression_pct {
            ChangeVerdict::Improved
        } else {
            ChangeVerdict::Unchanged
        };
        entries.push(AgainstEntry {
            full_name: name.clone(),
            old_mean_ns: old_ir,
            new_mean_ns: *new_ir,
            pct_change: pct,
            ci_lower_pct: pct,
            ci_upper_pct: pct,
            verdict,
            below_floor: false,
            run_noise_pct: 0.0,
            metric: "instructions".to_owned(),
            min_detectable_pct: Some(0.0),
        });
    }
    for new_t in &news {
        let name = &new_t.name;
        let Some(old_t) = timed_of(&olds, name) else {
            only_new.push(name.clone());
            continue;
        };
        let (old_est, new_est) = (&old_t.est, &new_t.est);
        let floor = stats.run_noise.max(old_t.spread).max(new_t.spread);
        let noise = match count_of(learned, name) {
            Some(s) => s.max(floor),
            None => floor,
        };
        // A process's mean carries its offset (variance σ²), a mean over k
        // processes a k-th of it: the change carries σ²(1/k_old + 1/k_new),
        // which is 2σ² between two single processes.
        let per_run = (old_t.processes.recip() + new_t.processes.recip()) / 2.0;
        let change = cross_run_change(
            old_est,
            new_est,
            &CrossRunConfig {
                run_noise: noise * per_run.sqrt(),
                ..stats
            },
        );
        let below_floor = (new_est.mean - old_est.mean).abs() < old_t.floor + new_t.floor;
        let verdict = match change.verdict {
            CrossRunVerdict::Regression | CrossRunVerdict::Improved if below_floor => {
                ChangeVerdict::Uncertain
            }
            CrossRunVerdict::Regression => ChangeVerdict::Regression,
            CrossRunVerdict::Improved => ChangeVerdict::Improved,
            CrossRunVerdict::Unchanged => ChangeVerdict::Unchanged,
            _ => ChangeVerdict::Uncertain,
        };
        entries.push(AgainstEntry {
            full_name: name.clone(),
            old_mean_ns: old_est.mean,
            new_mean_ns: new_est.mean,
            pct_change: change.pct_change,
            ci_lower_pct: change.ci_lower_pct,
            ci_upper_pct: change.ci_upper_pct,
            verdict,
            below_floor,
            run_noise_pct: noise * 100.0,
            metric: "time".to_owned(),
            min_detectable_pct: min_detectable_pct(
                change.pct_change,
                change.ci_lower_pct,
                change.ci_upper_pct,
            ),
        });
    }
    let mut only_old = Vec::new();
    let only_in_old =
        |n: &String| timed_of(&news, n).is_none() && count_of(&new_counts, n).is_none();
    for t in &olds {
        if only_in_old(&t.name) {
            only_old.push(t.name.clone());
        }
    }
    for (n, _) in &old_counts {
        if only_in_old(n) {
            only_old.push(n.clone());
        }
    }
    let testbed_differences = old.testbed.differences(&new.testbed);
    let cross_testbed = !testbed_differences.is_empty();
    Against {
        baseline: label.to_owned(),
        cross_testbed,
        testbed_differences,
        enforced: !cross_testbed || cfg.cross_testbed,
        max_regression_pct: cfg.max_regression_pct,
        level: cfg.level,
        noise_pct: cfg.noise_pct,
        old_timestamp: old.timestamp.clone(),
        old_git_hash: old.git_hash.clone(),
        notes: notes(old, new),
        entries,
        only_old,
        only_new,
        confirmation: None,
    }
}

/// A timed benchmark of one run.
struct Timed {
    name: String,
    est: RunEstimate,
    floor: f64,
    spread: f64,
    /// The processes its mean is over.
    processes: f64,
}

/// The timed entry named `name`.
fn timed_of<'a>(list: &'a [Timed], name: &str) -> Option<&'a Timed> {
    list.iter().find(|t| t.name == name)
}

/// The value named `name`.
fn count_of(list: &[(String, f64)], name: &str) -> Option<f64> {
    for (n, v) in list {
        if n == name {
            return Some(*v);
        }
    }
    None
}

/// A run's timed benchmarks and its counted ones (name, instructions per
/// iteration).
fn measured(r: &RunView) -> (Vec<Timed>, Vec<(String, f64)>) {
    let mut timed = Vec::new();
    let mut counted = Vec::new();
    for g in &r.groups {
        for b in &g.benchmarks {
            if let Some(e) = estimate(b) {
                // A run over several processes measured its own spread
                // between processes: the run-to-run noise, observed.
                let spread = match &b.process_spread {
                    Some(p) if p.cv.is_finite() => p.cv,
                    _ => 0.0,
                };
                // A spread is of two processes at least (older results
                // did not say how many).
                let processes = match &b.process_spread {
                    Some(p) => p.processes.max(2) as f64,
                    None => 1.0,
                };
                timed.push(Timed {
                    name: b.full_name.clone(),
                    est: e,
                    floor: b.floor_ns.unwrap_or(0.0),
                    spread,
                    processes,
                });
            }
            match b.instructions {
                Some(i) if !b.failed && i > 0.0 => counted.push((b.full_name.clone(), i)),
                _ => {}
            }
        }
    }
    (timed, counted)
}

/// What a bench's run says about its mean: from its per-round samples when
/// it kept them (a saved baseline does; each clamped to the run's Tukey
/// fences, so an interrupt costs no power), else from its summary (a
/// `--format json` report).
fn estimate(b: &BenchView) -> Option<RunEstimate> {
    if b.failed {
        return None;
    }
    let all_finite = b.samples_ns.iter().all(|x| x.is_finite());
    let est = if b.samples_ns.len() >= 2 && all_finite {
        RunEstimate::from_samples_winsorized(&b.samples_ns)
    } else {
        let s = b.summary.as_ref()?;
        RunEstimate::from_summary(s.mean_ns, s.stddev_ns, s.n)
    };
    (est.mean.is_finite() && est.mean > 0.0).then_some(est)
}

/// Differences worth a line that do not make another machine.
fn notes(old: &RunView, new: &RunView) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(a), Some(b)) = (&old.testbed.rustc, &new.testbed.rustc) {
        if a != b {
            out.push(format!("compiler changed: {a} → {b}"));
        }
    }
    if old.git_dirty == Some(true) {
        out.push("the baseline was measured with uncommitted changes".to_owned());
    }
    if old.zenbench_version != new.zenbench_version {
        out.push(format!(
            "measured by zenbench {} then {}",
            old.zenbench_version, new.zenbench_version
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_runs_compare_their_counts_exactly() {
        let run = |ir: &[(&str, f64)]| {
            let mut r = crate::report::fixture::bench_suite();
            r.groups.truncate(1);
            r.groups[0].benchmarks.truncate(ir.len());
            for (b, (name, count)) in r.groups[0].benchmarks.iter_mut().zip(ir) {
                b.full_name = (*name).to_owned();
                b.failed = false;
                b.summary = None;
                b.samples_ns.clear();
                b.instructions = Some(crate::process::per_iteration_for_tests(*count));
            }
            RunView::of(&r)
        };
        let old = run(&[("a", 1000.0), ("b", 1000.0), ("c", 1000.0)]);
        let new = run(&[("a", 1000.0), ("b", 1011.0), ("c", 900.0)]);
        let cfg = CompareConfig {
            max_regression_pct: 1.0,
            ..CompareConfig::default()
        };
        let a = compare(&old, &new, "main", &cfg, &[]);
        let verdict = |n: &str| a.entries.iter().find(|e| e.full_name == n).unwrap();
        assert_eq!(verdict("a").verdict, ChangeVerdict::Unchanged);
        assert_eq!(verdict("b").verdict, ChangeVerdict::Regression, "1.1% > 1%");
        assert_eq!(verdict("c").verdict, ChangeVerdict::Improved);
        let b = verdict("b");
        assert_eq!(
            (b.metric.as_str(), b.ci_lower_pct, b.ci_upper_pct),
            ("instructions", b.pct_change, b.pct_change)
        );
        assert!((b.pct_change - 1.1).abs() < 1e-9);
        assert!(a.fails());
        // An identical build passes.
        assert!(!compare(&old, &old, "main", &cfg, &[]).fails());
    }
    use crate::model::result::SuiteResult;
    use crate::report::fixture::bench_suite;

    fn cmp(
        old: &SuiteResult,
        new: &SuiteResult,
        label: &str,
        cfg: &CompareConfig,
        learned: &[(String, f64)],
    ) -> Against {
        compare(&RunView::of(old), &RunView::of(new), label, cfg, learned)
    }

    /// `bench_suite` with every measured row given `samples` scaled by `factor`.
    fn with_samples(factor: f64, seed: u64) -> SuiteResult {
        let mut r = bench_suite();
        let mut rng = fastrand::Rng::with_seed(seed);
        for b in r.groups.iter_mut().flat_map(|g| g.benchmarks.iter_mut()) {
            // One process each: the spread comes from the samples alone.
            b.process_spread = None;
            if let Some(s) = &b.summary {
                let mean = s.mean_ns * factor;
                b.samples_ns = (0..200)
                    .map(|_| mean * (1.0 + 0.02 * (rng.f64() - 0.5) * 3.46))
                    .collect();
            }
        }
        r
    }

    #[test]
    fn a_rerun_is_unchanged_and_a_doubling_is_a_regression() {
        let cfg = CompareConfig::default();
        let same = cmp(
            &with_samples(1.0, 1),
            &with_samples(1.0, 2),
            "main",
            &cfg,
            &[],
        );
        assert!(!same.entries.is_empty());
        assert!(!same.cross_testbed && same.enforced && !same.fails());
        for e in &same.entries {
            assert_eq!(
                e.verdict,
                ChangeVerdict::Unchanged,
                "{}: {e:?}",
                e.full_name
            );
            assert!(e.ci_lower_pct < 0.0 || e.ci_upper_pct > 0.0);
        }
        let slow = cmp(
            &with_samples(1.0, 1),
            &with_samples(2.0, 2),
            "main",
            &cfg,
            &[],
        );
        assert!(slow.fails());
        for e in &slow.entries {
            assert_eq!(e.verdict, ChangeVerdict::Regression, "{}", e.full_name);
            assert!((e.pct_change - 100.0).abs() < 3.0, "{e:?}");
            assert!(e.ci_lower_pct > 5.0);
        }
        let fast = cmp(
            &with_samples(2.0, 1),
            &with_samples(1.0, 2),
            "main",
            &cfg,
            &[],
        );
        assert_eq!(fast.count(ChangeVerdict::Improved), fast.entries.len());
        assert!(!fast.fails());
    }

    #[test]
    fn a_noisy_history_widens_that_bench_only() {
        let (old, new) = (with_samples(1.0, 1), with_samples(1.2, 2));
        let cfg = CompareConfig::default();
        let plain = cmp(&old, &new, "main", &cfg, &[]);
        let name = plain.entries[0].full_name.clone();
        let learned = vec![(name.clone(), 0.1)];
        let wide = cmp(&old, &new, "main", &cfg, &learned);
        for (p, w) in plain.entries.iter().zip(&wide.entries) {
            assert_eq!(p.verdict, ChangeVerdict::Regression, "{p:?}");
            if p.full_name == name {
                assert_eq!(w.run_noise_pct, 10.0);
                assert_eq!(w.verdict, ChangeVerdict::Uncertain, "{w:?}");
                assert!(w.ci_lower_pct < p.ci_lower_pct);
            } else {
                assert_eq!(w, p);
                assert_eq!(w.run_noise_pct, 1.0);
            }
        }
        // A baseline measured over processes brings its own spread.
        let mut spread_old = old.clone();
        spread_old.groups[0].benchmarks[0].process_spread =
            Some(crate::model::result::ProcessSpread {
                min_ns: 1.0,
                max_ns: 1.2,
                cv: 0.1,
                processes: 5,
            });
        let from_processes = cmp(&spread_old, &new, "main", &cfg, &[]);
        assert_eq!(from_processes.entries[0].run_noise_pct, 10.0);
        assert_eq!(from_processes.entries[0].verdict, ChangeVerdict::Uncertain);
        // The mean of five processes carries a fifth of their offset, the
        // mean of two half of it: the change's noise term is σ²(1/5 + 1)
        // against σ²(1/2 + 1) (this run is one process).
        let width =
            |e: &AgainstEntry| (e.ci_upper_pct / 100.0).ln_1p() - (e.ci_lower_pct / 100.0).ln_1p();
        let mut two = spread_old.clone();
        two.groups[0].benchmarks[0]
            .process_spread
            .as_mut()
            .unwrap()
            .processes = 2;
        let from_two = cmp(&two, &new, "main", &cfg, &[]);
        let ratio = width(&from_processes.entries[0]) / width(&from_two.entries[0]);
        // The samples' own errors are small beside a 10% noise.
        let want = ((0.2_f64 + 1.0) / (0.5 + 1.0)).sqrt();
        assert!((ratio - want).abs() < 0.02, "{ratio} against {want}");
        // A history quieter than the floor never narrows a comparison.
        let quiet = cmp(&old, &new, "main", &cfg, &[(name, 0.0001)]);
        assert_eq!(quiet.entries, plain.entries);
    }

    #[test]
    fn failed_and_unmatched_rows_are_listed_not_compared() {
        let old = with_samples(1.0, 1);
        let mut new = with_samples(1.0, 2);
        let renamed = &mut new.groups[0].benchmarks[0];
        let old_name = renamed.full_name.clone();
        renamed.full_name = "renamed/row".into();
        let a = cmp(&old, &new, "main", &CompareConfig::default(), &[]);
        assert!(a.only_new.contains(&"renamed/row".to_string()));
        assert!(a.only_old.contains(&old_name));
        assert!(a.entries.iter().all(|e| e.full_name != old_name));
        // Failed rows of the fixture are in neither run's measured set.
        let failed: Vec<_> = old
            .groups
            .iter()
            .flat_map(|g| &g.benchmarks)
            .filter(|b| b.failed)
            .map(|b| b.full_name.clone())
            .collect();
        for f in failed {
            assert!(a.entries.iter().all(|e| e.full_name != f));
        }
    }

    #[test]
    fn another_machine_warns_and_does_not_fail_unless_allowed() {
        let old = with_samples(1.0, 1);
        let mut new = with_samples(2.0, 2);
        new.testbed.cpu_model = "Other CPU".into();
        let a = cmp(&old, &new, "main", &CompareConfig::default(), &[]);
        assert!(a.cross_testbed && !a.enforced);
        assert_eq!(a.testbed_differences.len(), 1);
        assert!(a.count(ChangeVerdict::Regression) > 0 && !a.fails());
        let cfg = CompareConfig {
            cross_testbed: true,
            ..CompareConfig::default()
        };
        assert!(cmp(&old, &new, "main", &cfg, &[]).fails());
    }

    #[test]
    fn summaries_stand_in_for_missing_samples() {
        let old = bench_suite();
        let mut new = bench_suite();
        for b in new.groups.iter_mut().flat_map(|g| g.benchmarks.iter_mut()) {
            if let Some(s) = b.summary.as_mut() {
                s.mean_ns *= 3.0;
            }
        }
        let mut old = old;
        for r in [&mut old, &mut new] {
            for b in r.groups.iter_mut().flat_map(|g| g.benchmarks.iter_mut()) {
                b.samples_ns.clear();
            }
        }
        let a = cmp(&old, &new, "old.json", &CompareConfig::default(), &[]);
        assert!(!a.entries.is_empty());
        assert!(
            a.entries
                .iter()
                .all(|e| (e.pct_change - 200.0).abs() < 1e-6),
            "{:?}",
            a.entries
        );
    }
}
