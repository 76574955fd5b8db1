//! The results of a complexity ladder and of an instruction count: the
//! parts of a [`SuiteResult`](super::SuiteResult) that are not time.

/// A benchmark's instruction count per iteration, from Valgrind's callgrind
/// with its cache simulation, over the timed region only.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Instructions {
    /// Instructions executed per iteration (callgrind's `Ir`).
    pub per_iter: f64,
    /// First-level cache misses per iteration (instruction and data).
    pub l1_misses: f64,
    /// Last-level cache misses per iteration (instruction and data).
    pub ll_misses: f64,
    /// An estimate of cycles per iteration: `per_iter + 10 × l1_misses +
    /// 100 × ll_misses`.
    pub est_cycles: f64,
    /// The two iteration counts whose difference gave these figures.
    pub iters: (u64, u64),
    /// Against the group's baseline: `per_iter` over the baseline's, minus
    /// 1, in percent (compared rows only).
    pub vs_baseline_pct: Option<f64>,
    /// `faster`, `slower` or `same`: the change read against the group's
    /// noise threshold exactly (a count has no noise to test).
    pub verdict: Option<String>,
}

/// One rung of a complexity ladder: one input size, measured by one fresh
/// worker per outer trial.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ComplexityRung {
    /// Input size.
    pub n: u64,
    /// Time per call, ns: the median over the trials that finished (NaN
    /// when none did).
    pub per_call_ns: f64,
    /// The fastest and slowest trial's time per call, ns.
    pub min_ns: f64,
    /// See `min_ns`.
    pub max_ns: f64,
    /// The trials that finished.
    pub trials: u32,
    /// Each finished trial's time per call, ns, in the order they ran.
    pub trials_ns: Vec<f64>,
    /// Calls per timed batch (1 in cold mode), of the median trial.
    pub repeats: u64,
    /// The timed batch of the median trial, ns: what the per-spawn floor
    /// is weighed against.
    pub total_ns: f64,
    /// C(n): `per_call_ns` over the declared model's f(n).
    pub ratio: f64,
    /// Left out of the fit as warm-up (†).
    pub trimmed: bool,
    /// Its batch was under 10 times the per-spawn floor: left out of the fit.
    pub below_floor: bool,
    /// A probe of an exponential ladder's doubling phase: left out of the fit.
    pub probe: bool,
    /// `ok`, `timed_out` (killed past the per-call cap) or `crashed`.
    pub status: String,
    /// Why a rung did not finish (a panic's message, an exit status).
    pub message: Option<String>,
}

impl ComplexityRung {
    /// Whether the fit reads this rung (before the warm-up trim).
    pub fn fitted(&self) -> bool {
        self.status == "ok" && !self.below_floor && !self.probe && self.per_call_ns.is_finite()
    }
}

/// How well one model of the catalogue fits a ladder.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ModelFit {
    /// `n log n`.
    pub model: String,
    /// The standard deviation of ln C(n) over the fitted rungs: 0 is a
    /// perfect fit.
    pub spread: f64,
}

/// An empirical complexity verdict.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ComplexityResult {
    /// The bench.
    pub name: String,
    /// The declared model (`n log n`), as written.
    pub declared: String,
    /// `warm` or `cold`.
    pub cache: String,
    /// The ladder, in the order it ran.
    pub rungs: Vec<ComplexityRung>,
    /// Fitted slope of ln(time / f(n)) on ln n: 0 when the model holds.
    /// NaN with the narrow-range fallback or too few rungs.
    pub beta: f64,
    /// 95% bootstrap CI of `beta`.
    pub beta_ci: (f64, f64),
    /// The smallest and largest C(n) over the fitted rungs.
    pub c_min: f64,
    /// See `c_min`.
    pub c_max: f64,
    /// The fitted rungs span under a factor e in n: the verdict compares
    /// `c_change` with a bound instead of reading `beta`.
    pub fallback: bool,
    /// With the fallback: how many times C grows across the fitted rungs,
    /// read robustly (the median of the slopes between every two rungs, over
    /// the whole span), so one slow rung cannot move it far. `None` without
    /// the fallback.
    pub c_change: Option<f64>,
    /// `holds`, `grows_faster`, `grows_slower` or `inconclusive`.
    pub verdict: String,
    /// The wall time of a worker that starts and ends doing nothing, ns.
    pub spawn_floor_ns: f64,
    /// The catalogue model that fits best, when any rung was fitted.
    pub best_fit: Option<String>,
    /// Whether `best_fit` wins clearly (3 or more fitted rungs, and the
    /// runner-up's spread at least 1.5 times its own).
    pub best_fit_decisive: bool,
    /// Every catalogue model's fit, best first.
    pub fits: Vec<ModelFit>,
    /// The largest jump of C(n) between two neighbouring fitted sizes, when
    /// it stands out from the others (a step, as a cache level makes, not
    /// a smooth power of n).
    pub step: Option<CostStep>,
    /// Why the ladder ended: `ceiling`, `cap` (a call slower than
    /// `max_seconds_per_call`), `timed_out`, `crashed`.
    pub stopped: String,
    /// The ladder's settings.
    pub options: crate::model::table::ComplexityOptions,
    /// Whether a verdict other than `holds` or `inconclusive` fails the
    /// run (`--fail-on-complexity`).
    pub enforced: bool,
    /// Wall time of the whole ladder, seconds.
    pub wall_time_s: f64,
}

/// A step in C(n): between neighbouring sizes `from_n` and `to_n` it grew
/// `factor` times, while its other jumps were at most two thirds of that.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CostStep {
    /// The smaller size.
    pub from_n: u64,
    /// The larger size.
    pub to_n: u64,
    /// C(to_n) / C(from_n).
    pub factor: f64,
}

impl ComplexityResult {
    /// True when the declared model does not hold and that fails the run.
    pub fn fails(&self) -> bool {
        self.enforced && matches!(self.verdict.as_str(), "grows_faster" | "grows_slower")
    }

    /// The declared model as `O(...)`, however it was written.
    pub fn declared_o(&self) -> String {
        let d = self.declared.trim();
        match d.strip_prefix("O(").and_then(|r| r.strip_suffix(')')) {
            Some(_) => d.to_owned(),
            None => format!("O({d})"),
        }
    }

    /// True when a rung crashed: the bench failed.
    pub fn crashed(&self) -> bool {
        self.rungs.iter().any(|r| r.status == "crashed")
    }
}
