//! The comparison of a run with a baseline (`--baseline`, `zenbench
//! compare`, `zenbench self-compare`): the `against` block of the JSON.

/// What a comparison with a saved baseline says about one benchmark (see
/// the book's "zenbench in CI").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChangeVerdict {
    /// Slower beyond `--max-regression`: the whole CI lies above it.
    Regression,
    /// Faster beyond the threshold: the whole CI lies below its negative.
    Improved,
    /// The whole CI lies within ± the threshold.
    Unchanged,
    /// The CI straddles the threshold (or the change is within the timer's
    /// floor): not enough evidence either way.
    Uncertain,
}

/// One benchmark of this run against the same one in a baseline.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct AgainstEntry {
    /// `group/name`, the key both runs are matched on.
    pub full_name: String,
    /// The baseline's mean, ns per iteration.
    pub old_mean_ns: f64,
    /// This run's mean.
    pub new_mean_ns: f64,
    /// new / old − 1, in percent.
    pub pct_change: f64,
    /// Lower bound of the CI of `pct_change` (at `Against::level`).
    pub ci_lower_pct: f64,
    /// Upper bound.
    pub ci_upper_pct: f64,
    /// What the CI says against `Against::max_regression_pct`.
    pub verdict: ChangeVerdict,
    /// The change in nanoseconds is within the two rows' timer floors: the
    /// verdict is `uncertain` whatever the CI says.
    pub below_floor: bool,
    /// The run-to-run noise this comparison allowed for, percent: the
    /// `--baseline-noise` floor, or more when this machine's history shows
    /// the benchmark's runs spreading more.
    pub run_noise_pct: f64,
    /// `time`, or `instructions` when both runs counted them: then the
    /// means are instructions per iteration, the change is exact (its CI is
    /// the change itself) and no noise is allowed for.
    pub metric: String,
    /// The smallest change this comparison could have told from zero,
    /// percent (see [`min_detectable_pct`](super::min_detectable_pct)): 0
    /// for instruction counts; `None` without a CI.
    pub min_detectable_pct: Option<f64>,
}

/// This run against a saved baseline (`--baseline NAME`) or another
/// result file (`zenbench compare`).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Against {
    /// The baseline's name, or the old file's path.
    pub baseline: String,
    /// The two runs ran on different machines (`testbed_differences`).
    pub cross_testbed: bool,
    /// What differs between the machines, one line each.
    pub testbed_differences: Vec<String>,
    /// Whether a regression fails the run (exit code 1): false across
    /// testbeds unless `--cross-testbed` was given.
    pub enforced: bool,
    /// The failing threshold, percent (`--max-regression`).
    pub max_regression_pct: f64,
    /// Confidence level of the CIs (0.99).
    pub level: f64,
    /// The run-to-run noise assumed at least, percent (`--baseline-noise`).
    pub noise_pct: f64,
    /// When the baseline was measured.
    pub old_timestamp: String,
    /// The baseline's git commit.
    pub old_git_hash: Option<String>,
    /// Differences that do not make another machine but may explain a
    /// change (a new compiler, uncommitted changes in the baseline).
    pub notes: Vec<String>,
    /// One entry per benchmark measured in both runs, in this run's order.
    pub entries: Vec<AgainstEntry>,
    /// Benchmarks only the baseline has (or that failed in this run).
    pub only_old: Vec<String>,
    /// Benchmarks only this run has (or that failed in the baseline).
    pub only_new: Vec<String>,
    /// When this run's regressions were measured again before they failed
    /// it (`--confirm`): how, and what that cleared.
    pub confirmation: Option<Confirmation>,
}

/// The benchmarks of a run against a baseline whose first reading was
/// past the gate, measured again in fresh processes before the verdict
/// (`--confirm N`, see the book's "zenbench in CI"): their groups' rows
/// are then the mean over this run's process and those, and their spread
/// is the run-to-run noise the comparison allows for.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Confirmation {
    /// Fresh processes that measured the groups again.
    pub processes: u32,
    /// The benchmarks measured again: their first reading was a
    /// regression, or slower than the gate with a CI not sure of it.
    pub measured: Vec<String>,
    /// Those the first reading called regressions.
    pub first_regressions: Vec<String>,
    /// Those that are regressions after.
    pub regressions: Vec<String>,
}

impl Against {
    /// Entries with the given verdict.
    pub fn count(&self, verdict: ChangeVerdict) -> usize {
        self.entries.iter().filter(|e| e.verdict == verdict).count()
    }

    /// True when a regression fails the run.
    pub fn fails(&self) -> bool {
        self.enforced && self.count(ChangeVerdict::Regression) > 0
    }
}
