//! Comparing two runs that were *not* interleaved: a saved baseline against this run.
//!
//! zenbench's [`PairedAnalysis`](crate::PairedAnalysis) measures the baseline and the
//! candidate in the same rounds, so whatever the machine did during a round cancels
//! in that round's difference. A saved baseline has no such partner: it was measured
//! minutes, days or a reboot ago, and two things make a naive comparison of the two
//! runs' means (a t-test on their samples) far too confident.
//!
//! 1. **Samples within a run are autocorrelated.** Slow drift, frequency phases and
//!    cache state make neighbouring rounds alike, so the run mean varies more than
//!    sd/√n says. [`RunEstimate::from_samples`] estimates the standard error by
//!    *batch means* instead (Law & Kelton 2000, ch. 9; Schmeiser 1982): the means of
//!    consecutive batches of √n rounds are nearly independent when the batches are
//!    longer than the correlation time, so their spread shows the run mean's real
//!    uncertainty.
//! 2. **Each run carries a between-run offset** that none of its own samples can
//!    show: code layout and alignment after a rebuild, the frequency state or memory
//!    placement the process started with. Every round of the run shares it. This is
//!    modelled as a multiplicative factor e^u per run, u ~ N(0, `run_noise`²), with
//!    `run_noise` known from experience rather than estimated (one pair of runs cannot
//!    estimate it); see Kalibera & Jones (2013) on between-execution variance.
//!
//! [`cross_run_change`] combines both on the log scale, where a multiplicative offset
//! is additive, and forms a Welch-type interval (Welch 1947) whose degrees of freedom
//! follow Satterthwaite (1946), with the run-noise term counted as known.

use crate::describe::{map_each, mean, tukey_fences, variance};
use crate::dist::{normal_pdf, normal_quantile, student_t_quantile};
use crate::paired::{ci_side, CiSide};

/// Fewest samples for which [`RunEstimate::from_samples`] forms batch means; below
/// this the batches would hold a single sample each and it uses the iid standard error.
const MIN_SAMPLES_FOR_BATCHES: usize = 4;

/// What one run says about its own mean: the estimate, its standard error and the
/// degrees of freedom of that standard error.
///
/// ```
/// use zenbench_stats::RunEstimate;
/// let r = RunEstimate::from_summary(100.0, 10.0, 25);
/// assert_eq!((r.mean, r.se, r.df, r.n, r.inflation), (100.0, 2.0, 24.0, 25, 1.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunEstimate {
    /// Mean of the run's samples (e.g. ns per iteration).
    pub mean: f64,
    /// Standard error of `mean`; NaN when it cannot be estimated (n < 2, NaN samples).
    pub se: f64,
    /// Degrees of freedom of `se`: n − 1 for the iid standard error, k − 1 for the
    /// batch-means one (k batches); NaN with `se`.
    pub df: f64,
    /// Number of samples.
    pub n: usize,
    /// (se / se_iid)²: how much the batch-means variance exceeds the iid one, ≥ 1
    /// (1 when the iid standard error was used); NaN with `se`.
    pub inflation: f64,
}

impl RunEstimate {
    /// From per-round samples in round order.
    ///
    /// With n samples, mean x̄ and sample standard deviation s (divisor n − 1):
    ///
    /// - se_iid = s/√n, the standard error if the samples were independent;
    /// - batch means (n ≥ 4): batch size b = ⌊√n⌋, k = ⌊n/b⌋ batches of b consecutive
    ///   samples; the n − k·b *leading* samples, the least warm, are left out of the
    ///   batches (not out of the mean). With B₁ … B_k the batch means,
    ///   se_batch = sd(B₁ … B_k)/√k (Law & Kelton 2000, ch. 9; Schmeiser 1982);
    /// - se = max(se_iid, se_batch): never narrower than the iid error. df = k − 1
    ///   when se_batch is larger, else n − 1; `inflation` = (se/se_iid)².
    ///
    /// Batch size √n lets both the batch length and the number of batches grow with
    /// n, so the estimate becomes consistent under any short-memory correlation
    /// (Schmeiser 1982 discusses the trade-off). While √n is not longer than the
    /// correlation time it remains an underestimate: for AR(1) noise with φ = 0.9
    /// (correlation time (1 + φ)/(1 − φ) = 19 rounds) the 99% interval of
    /// [`cross_run_change`] excluded a true zero change in 10% of simulated pairs of
    /// 30-round runs (18% with the iid error), in 1–4% at 300 rounds (17-round
    /// batches) and in at most 0.2% at 3000 (`tests/crossrun.rs`).
    ///
    /// `mean` is x̄ over all n samples. For 2 ≤ n < 4 the iid error is used
    /// (df = n − 1, inflation 1). Fewer than two samples, or any NaN or infinite
    /// sample, give NaN `se`, `df` and `inflation` (`mean` is then the plain mean:
    /// NaN when empty). Constant samples give se = 0 and inflation 1: compared with
    /// another run, only the run noise widens their interval.
    ///
    /// ```
    /// use zenbench_stats::RunEstimate;
    /// // A steady climb: the iid error misses that the halves differ.
    /// let r = RunEstimate::from_samples(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
    /// // b = 3, batch means 2, 5, 8: se = sd(2, 5, 8)/√3 = 3/√3.
    /// assert!((r.se - 3.0_f64.sqrt()).abs() < 1e-12);
    /// assert_eq!((r.mean, r.df, r.n), (5.0, 2.0, 9));
    /// // s² = 7.5, se_iid² = 7.5/9: inflation = 3/(7.5/9) = 3.6.
    /// assert!((r.inflation - 3.6).abs() < 1e-12);
    /// ```
    pub fn from_samples(samples: &[f64]) -> RunEstimate {
        let n = samples.len();
        let iid = RunEstimate::from_summary(mean(samples), variance(samples).sqrt(), n);
        if n < MIN_SAMPLES_FOR_BATCHES || !iid.se.is_finite() {
            return iid;
        }
        let b = n.isqrt();
        let k = n / b;
        let mut batches = Vec::with_capacity(k);
        for batch in samples[n - k * b..].chunks_exact(b) {
            batches.push(mean(batch));
        }
        let se_batch = (variance(&batches) / k as f64).sqrt();
        if se_batch > iid.se {
            RunEstimate {
                se: se_batch,
                df: (k - 1) as f64,
                inflation: (se_batch / iid.se).powi(2),
                ..iid
            }
        } else {
            iid
        }
    }

    /// [`RunEstimate::from_samples`] after clamping each sample to the run's
    /// mild Tukey fences (q1 − 1.5·IQR, q3 + 1.5·IQR; Tukey 1977): a winsorized
    /// mean. An interrupt that makes 1% of samples 1.5–3× slower multiplies the
    /// spread of a 2%-CV run several times over and with it the interval of the
    /// plain mean; clamped, it counts as one slow sample at the fence. Clamping
    /// keeps each sample in its place, so the batches still see the run's drift.
    /// Both runs are clamped the same way, so a change of the whole distribution
    /// still moves the ratio; the mean of a skewed run is biased low, alike in both.
    ///
    /// ```
    /// use zenbench_stats::RunEstimate;
    /// let mut x = vec![100.0, 101.0, 99.0, 100.5, 99.5, 100.0, 100.2, 99.8];
    /// x.push(300.0); // an interrupt
    /// let plain = RunEstimate::from_samples(&x);
    /// let clamped = RunEstimate::from_samples_winsorized(&x);
    /// assert!(clamped.mean < 101.0 && plain.mean > 122.0);
    /// assert!(clamped.se < plain.se / 10.0);
    /// ```
    pub fn from_samples_winsorized(samples: &[f64]) -> RunEstimate {
        if samples.len() < 4 || samples.iter().any(|x| !x.is_finite()) {
            return RunEstimate::from_samples(samples);
        }
        let f = tukey_fences(samples);
        let clamped = map_each(samples, &|x| x.clamp(f.low_mild, f.high_mild));
        RunEstimate::from_samples(&clamped)
    }

    /// From a summary only (mean, sample standard deviation, n): the iid standard
    /// error se = `stddev`/√n, df = n − 1, inflation 1.
    ///
    /// This is all a saved baseline that kept no samples allows. It ignores any
    /// autocorrelation within the run, so it can be too narrow; prefer
    /// [`RunEstimate::from_samples`] when the samples are at hand. n < 2, or a NaN,
    /// infinite or negative `stddev`, give NaN `se`, `df` and `inflation`.
    ///
    /// ```
    /// use zenbench_stats::RunEstimate;
    /// let r = RunEstimate::from_summary(50.0, 3.0, 9);
    /// assert_eq!((r.se, r.df, r.inflation), (1.0, 8.0, 1.0));
    /// assert!(RunEstimate::from_summary(50.0, 3.0, 1).se.is_nan());
    /// ```
    pub fn from_summary(mean: f64, stddev: f64, n: usize) -> RunEstimate {
        if n < 2 || !(stddev.is_finite() && stddev >= 0.0) {
            return RunEstimate {
                mean,
                se: f64::NAN,
                df: f64::NAN,
                n,
                inflation: f64::NAN,
            };
        }
        RunEstimate {
            mean,
            se: stddev / (n as f64).sqrt(),
            df: (n - 1) as f64,
            n,
            inflation: 1.0,
        }
    }
}

/// Settings of [`cross_run_change`].
///
/// ```
/// use zenbench_stats::CrossRunConfig;
/// let c = CrossRunConfig::default();
/// assert_eq!((c.level, c.run_noise, c.threshold), (0.99, 0.005, 0.05));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CrossRunConfig {
    /// Confidence level of the interval, in (0, 1) (0.99).
    pub level: f64,
    /// Relative standard deviation between two runs' means that a single run's
    /// samples cannot show (code layout, frequency state), as a fraction: the
    /// standard deviation of the log of a run's offset (0.005 = 0.5%). Only its
    /// square enters; 0 trusts the runs' own standard errors alone.
    pub run_noise: f64,
    /// Half-width of the band of changes considered no change, as a fraction of the
    /// old mean (0.05 = ±5%).
    pub threshold: f64,
}

impl Default for CrossRunConfig {
    /// 99% level, 0.5% run noise, ±5% threshold.
    fn default() -> Self {
        CrossRunConfig {
            level: 0.99,
            run_noise: 0.005,
            threshold: 0.05,
        }
    }
}

/// Verdict of a cross-run comparison of times (a larger mean is slower), read off
/// the confidence interval of the change against ±`threshold`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrossRunVerdict {
    /// The whole CI lies above +threshold: the new run is slower.
    Regression,
    /// The whole CI lies below −threshold: the new run is faster.
    Improved,
    /// The whole CI lies inside [−threshold, +threshold].
    Unchanged,
    /// The CI straddles a threshold, or could not be computed (degenerate input).
    Uncertain,
}

/// The change from an old run to a new one, with its confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CrossRunChange {
    /// 100·(m_new/m_old − 1): the change of the mean in % (positive = slower).
    pub pct_change: f64,
    /// Lower end of the CI of the change, in %.
    pub ci_lower_pct: f64,
    /// Upper end of the CI of the change, in %.
    pub ci_upper_pct: f64,
    /// Standard error of the log ratio ln(m_new/m_old), run noise included.
    pub se_log: f64,
    /// Welch–Satterthwaite degrees of freedom of `se_log` (∞ when only the run noise
    /// is uncertain).
    pub df: f64,
    /// The verdict.
    pub verdict: CrossRunVerdict,
}

impl CrossRunChange {
    /// Every number NaN, verdict `Uncertain`.
    const NAN: CrossRunChange = CrossRunChange {
        pct_change: f64::NAN,
        ci_lower_pct: f64::NAN,
        ci_upper_pct: f64::NAN,
        se_log: f64::NAN,
        df: f64::NAN,
        verdict: CrossRunVerdict::Uncertain,
    };
}

/// Degrees of freedom from which [`t_quantile`] uses the Cornish–Fisher expansion.
const LARGE_DF: f64 = 1e5;

/// Student-t quantile for any df > 0, ∞ included.
///
/// Up to [`LARGE_DF`] this is [`student_t_quantile`]. Beyond it that function loses
/// precision (its incomplete beta function works with ln Γ(df/2), whose rounding
/// grows with df: an error of 3e-7 at df = 1e9), while the Cornish–Fisher expansion
/// around the normal quantile z (Abramowitz & Stegun 1964, 26.7.5),
/// t ≈ z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²),
/// is exact to about 1e-14 there (the next term is O(z⁷/ν³)), and becomes z at ν = ∞.
/// Long, calm runs reach such df: with the run-noise term dominating, df grows like
/// 2n³·(run_noise/cv)⁴ (n = 3000, cv = 2%, run_noise = 0.5%: df ≈ 2·10⁸).
fn t_quantile(p: f64, df: f64) -> f64 {
    if df <= LARGE_DF {
        return student_t_quantile(p, df);
    }
    let z = normal_quantile(p);
    let (z3, z5) = (z * z * z, z * z * z * z * z);
    z + (z3 + z) / (4.0 * df) + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
}

/// Whether a run can enter a comparison: a positive finite mean with a finite
/// standard error (zero for constant samples: a coarse clock can give them) and
/// positive degrees of freedom.
fn comparable(r: &RunEstimate) -> bool {
    r.mean.is_finite() && r.mean > 0.0 && r.se.is_finite() && r.se >= 0.0 && r.df > 0.0
}

/// Compares a new run against an old one that was not measured in the same rounds.
///
/// On the log ratio L = ln(m_new/m_old), with relative variances
/// a = (se_new/m_new)², b = (se_old/m_old)² (the delta method: Var ln x̄ ≈ Var x̄ / x̄²)
/// and c = 2·`run_noise`² (each run's mean carries its own offset, treated as known):
///
/// - var = a + b + c, `se_log` = √var;
/// - df = (a + b + c)² / (a²/df_new + b²/df_old) (Satterthwaite 1946; c has infinite
///   degrees of freedom and so adds nothing to the denominator), ∞ when the
///   denominator is 0;
/// - q = t_{(1+level)/2, df} (the normal quantile when df = ∞);
/// - CI in % = 100·(e^{L ± q·√var} − 1), `pct_change` = 100·(e^L − 1), the ratio of
///   the means minus one. The interval is not symmetric in %: it is symmetric in L.
///
/// Verdict, with T = 100·`threshold`: `Regression` when the CI's lower end exceeds T,
/// `Improved` when its upper end is below −T, `Unchanged` when it lies within
/// [−T, T], `Uncertain` otherwise.
///
/// In simulation (`tests/crossrun.rs`: runs of 30 to 3000 rounds, 2% noise iid or
/// AR(1), 1% outliers, a true run offset of 0.3%) no pair of identical runs was
/// called a `Regression` at the default settings.
///
/// Degenerate input never yields a decision: a mean that is not positive and finite,
/// a standard error that is NaN (fewer than two samples, NaN samples), df ≤ 0 on
/// either side, or a zero total variance (two constant runs and no run noise) gives
/// NaN in every number and the verdict `Uncertain`. A `level`
/// outside (0, 1) or a NaN setting leaves the CI NaN or infinite, and the verdict
/// `Uncertain`.
///
/// ```
/// use zenbench_stats::{cross_run_change, CrossRunConfig, CrossRunVerdict, RunEstimate};
/// let old = RunEstimate::from_summary(100.0, 2.0, 400); // se 0.1: 0.1%
/// let new = RunEstimate::from_summary(110.0, 2.2, 400);
/// let c = cross_run_change(&old, &new, &CrossRunConfig::default());
/// assert!((c.pct_change - 10.0).abs() < 1e-9);
/// // var = 2·0.001² + 2·0.005², nearly all run noise: the CI is about ±1.9%.
/// assert!(c.ci_lower_pct > 7.9 && c.ci_upper_pct < 12.2);
/// assert_eq!(c.verdict, CrossRunVerdict::Regression);
/// ```
pub fn cross_run_change(
    old: &RunEstimate,
    new: &RunEstimate,
    cfg: &CrossRunConfig,
) -> CrossRunChange {
    if !(comparable(old) && comparable(new)) {
        return CrossRunChange::NAN;
    }
    let log_ratio = (new.mean / old.mean).ln();
    let a = (new.se / new.mean).powi(2);
    let b = (old.se / old.mean).powi(2);
    let c = 2.0 * cfg.run_noise * cfg.run_noise;
    let var = a + b + c;
    if !(var > 0.0 && var.is_finite()) {
        // Two constant runs and no run noise: nothing to make an interval of.
        return CrossRunChange::NAN;
    }
    let denom = a * a / new.df + b * b / old.df;
    let df = if denom > 0.0 {
        var * var / denom
    } else {
        f64::INFINITY
    };
    let q = t_quantile((1.0 + cfg.level) / 2.0, df);
    let se_log = var.sqrt();
    let pct = |l: f64| 100.0 * l.exp_m1();
    let (lower, upper) = (pct(log_ratio - q * se_log), pct(log_ratio + q * se_log));
    let verdict = match ci_side(lower, upper, 100.0 * cfg.threshold) {
        CiSide::Above => CrossRunVerdict::Regression,
        CiSide::Below => CrossRunVerdict::Improved,
        CiSide::Within => CrossRunVerdict::Unchanged,
        CiSide::Straddles => CrossRunVerdict::Uncertain,
    };
    CrossRunChange {
        pct_change: pct(log_ratio),
        ci_lower_pct: lower,
        ci_upper_pct: upper,
        se_log,
        df,
        verdict,
    }
}

/// Fewest successive runs [`run_noise_from_history`] estimates from.
pub const MIN_HISTORY_RUNS: usize = 6;

/// The run-to-run noise of a benchmark's mean, as a relative standard
/// deviation, from the means of its past runs in time order: what
/// [`CrossRunConfig::run_noise`] assumes, measured.
///
/// With dᵢ = ln(mᵢ₊₁/mᵢ), the k successive log ratios: each is the difference
/// of two runs' offsets, variance 2σ² when the level holds. A real change of
/// level shows as one large dᵢ, so the largest tenth of the |dᵢ| (at least one
/// once k ≥ 10) are dropped; with the kept fraction f and a = Φ⁻¹((1 + f)/2),
/// a normal d keeps the share (f − 2aφ(a))/f of its variance, which the
/// estimate divides back out:
///
/// σ² = mean(kept dᵢ²) / (2 · (f − 2aφ(a))/f).
///
/// Unbiased for independent normal run offsets (a sum of squares of successive
/// differences: von Neumann 1941); a machine whose runs fall into two states (a
/// bimodal mean) gives about half the gap between them. NaN with fewer than
/// [`MIN_HISTORY_RUNS`] means, or any that is not positive and finite.
///
/// ```
/// use zenbench_stats::run_noise_from_history;
/// // Alternating ±1%: every successive ratio is about ±2%.
/// let means = [99.0, 101.0, 99.0, 101.0, 99.0, 101.0, 99.0];
/// let s = run_noise_from_history(&means);
/// assert!((s - 0.02 / 2f64.sqrt()).abs() < 0.001);
/// assert!(run_noise_from_history(&[1.0, 1.0]).is_nan());
/// ```
pub fn run_noise_from_history(means: &[f64]) -> f64 {
    if means.len() < MIN_HISTORY_RUNS || means.iter().any(|m| !(m.is_finite() && *m > 0.0)) {
        return f64::NAN;
    }
    let mut d2 = Vec::with_capacity(means.len() - 1);
    for w in means.windows(2) {
        d2.push((w[1] / w[0]).ln().powi(2));
    }
    d2.sort_by(f64::total_cmp);
    let k = d2.len();
    let drop = if k >= 10 { k.div_ceil(10) } else { 0 };
    let kept = &d2[..k - drop];
    let f = kept.len() as f64 / k as f64;
    let share = if drop == 0 {
        1.0
    } else {
        let a = normal_quantile((1.0 + f) / 2.0);
        (f - 2.0 * a * normal_pdf(a)) / f
    };
    (mean(kept) / (2.0 * share)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantile_is_continuous_and_reaches_the_normal() {
        for p in [0.9, 0.975, 0.995, 0.9995] {
            // At the switch both ways agree (the expansion's next term is ~1e-14).
            let below = student_t_quantile(p, LARGE_DF);
            let above = t_quantile(p, LARGE_DF * (1.0 + 1e-12));
            assert!((below - above).abs() < 1e-10, "p={p}: {below} vs {above}");
            let z = normal_quantile(p);
            assert_eq!(t_quantile(p, f64::INFINITY), z);
            // Decreasing in df towards z.
            let mut last = above;
            for df in [1e6, 1e9, 1e12, 1e15, 1e300] {
                let t = t_quantile(p, df);
                assert!(t <= last && t >= z, "p={p} df={df}: {t}");
                last = t;
            }
            assert!((last - z).abs() < 1e-15);
        }
    }

    #[test]
    fn nan_setting_is_uncertain() {
        let r = RunEstimate::from_summary(100.0, 1.0, 10);
        let cfg = CrossRunConfig {
            run_noise: f64::NAN,
            ..CrossRunConfig::default()
        };
        assert_eq!(
            cross_run_change(&r, &r, &cfg).verdict,
            CrossRunVerdict::Uncertain
        );
        let cfg = CrossRunConfig {
            level: 1.0,
            ..CrossRunConfig::default()
        };
        assert_eq!(
            cross_run_change(&r, &r, &cfg).verdict,
            CrossRunVerdict::Uncertain
        );
    }
}
