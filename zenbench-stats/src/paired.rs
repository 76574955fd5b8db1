//! Paired comparison of a candidate against a baseline measured in the same rounds.

use crate::bootstrap::{bootstrap_ci, can_resample, percentile_interval, Ci};
use crate::describe::{argsort, mean, quantile, tabulate, trimmed_mean, tukey_fences};
use crate::rank::{spearman, wilcoxon_signed_rank};
use crate::ttest::cohens_d_paired;

/// Fewest paired rounds on which the Tukey filter runs; below this the quartiles of
/// the differences are too unstable to call anything an outlier, and every round is
/// kept.
pub const MIN_ROUNDS_FOR_FILTER: usize = 8;

/// Fewest paired rounds (or samples of one row) that support a 95% interval
/// and a verdict. Below it a distribution-free test cannot find any
/// difference at the 5% level, whatever the data: the smallest two-sided
/// p-value of the Wilcoxon signed-rank test over n rounds is 2/2ⁿ (every
/// difference of one sign), 0.0625 at n = 5 and 0.031 at n = 6. A percentile
/// bootstrap would still print an interval below it, but from at most
/// C(2n − 1, n) distinct resamples (126 at n = 5; at n = 2 the "interval" is
/// just the range of the two values), and its coverage there is far below
/// its level: it tracks x̄ ± z·s·√((n−1)/n)/√n, while the t-interval needs
/// t₀.₉₇₅,₄ = 2.78 at n = 5, not 1.96·√0.8 = 1.75.
///
/// ```
/// use zenbench_stats::{wilcoxon_signed_rank, MIN_ROUNDS_FOR_CI};
/// let all_slower = |n: usize| (1..=n).map(|i| i as f64).collect::<Vec<_>>();
/// assert!(wilcoxon_signed_rank(&all_slower(MIN_ROUNDS_FOR_CI - 1)) > 0.05);
/// assert!(wilcoxon_signed_rank(&all_slower(MIN_ROUNDS_FOR_CI)) < 0.05);
/// ```
pub const MIN_ROUNDS_FOR_CI: usize = 6;

/// Where a confidence interval lies against a band ±t (the same units as
/// its bounds): the one reading behind every verdict of the crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CiSide {
    /// Wholly above +t.
    Above,
    /// Wholly below −t.
    Below,
    /// Wholly within [−t, +t].
    Within,
    /// Across a bound, or not finite.
    Straddles,
}

/// Reads a CI `[lower, upper]` against ±`t`.
///
/// ```
/// use zenbench_stats::{ci_side, CiSide};
/// assert_eq!(ci_side(6.0, 9.0, 5.0), CiSide::Above);
/// assert_eq!(ci_side(-9.0, -6.0, 5.0), CiSide::Below);
/// assert_eq!(ci_side(-1.0, 2.0, 5.0), CiSide::Within);
/// assert_eq!(ci_side(4.0, 9.0, 5.0), CiSide::Straddles);
/// assert_eq!(ci_side(f64::NAN, 1.0, 5.0), CiSide::Straddles);
/// ```
pub fn ci_side(lower: f64, upper: f64, t: f64) -> CiSide {
    if !(lower.is_finite() && upper.is_finite()) {
        CiSide::Straddles
    } else if lower > t {
        CiSide::Above
    } else if upper < -t {
        CiSide::Below
    } else if lower >= -t && upper <= t {
        CiSide::Within
    } else {
        CiSide::Straddles
    }
}

/// Verdict of a paired comparison, read off the confidence interval of the relative
/// change (candidate − baseline, in % of the baseline mean) against the noise band
/// ±`noise_threshold`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The whole CI lies below −threshold: the candidate takes less time.
    Faster,
    /// The whole CI lies above +threshold: the candidate takes more time.
    Slower,
    /// The whole CI lies inside [−threshold, +threshold]: any difference is smaller
    /// than the noise threshold.
    Same,
    /// The CI straddles a threshold (or could not be computed): more rounds are needed
    /// to decide.
    Uncertain,
}

/// The statistic behind `pct_change` and its confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Estimator {
    /// Mean of the Tukey-filtered per-round differences, in % of the baseline mean
    /// over the kept rounds (see [`PairedAnalysis::new`]). The default: efficient
    /// under well-behaved noise, and exactly the quantity the simulations validate.
    FilteredMean,
    /// Trimmed mean of the per-round log ratios ln(candidateᵢ / baselineᵢ), cutting
    /// ⌊`trim`·n⌋ rounds from each end ([`crate::trimmed_mean`]), reported as
    /// 100·(e^m − 1) %, with a percentile bootstrap CI of the same statistic.
    ///
    /// A ratio taken within one round cancels whatever scaled both arms of that
    /// round (frequency, a shared slow phase), and the trimming ignores rounds in
    /// which only one arm was preempted, however many times slower it ran — the
    /// noise a CPU-bound neighbour makes, where a few percent of wild rounds ruin a
    /// mean (Chen & Revels 2016). `trim` = 0.25 (the interquartile mean) keeps
    /// about 84% of the mean's efficiency under normal noise. Falls back to
    /// [`Estimator::FilteredMean`] when any time is ≤ 0 (a ratio of such times
    /// means nothing).
    TrimmedLogRatio {
        /// Fraction cut from each end, in [0, 0.5).
        trim: f64,
    },
    /// [`Estimator::TrimmedLogRatio`] with the trimming adapted to the data
    /// (Hogg 1974, "Adaptive robust procedures"): 20% from each end, or 40% when
    /// the log ratios' tails are heavy — a neighbour preempting a large share of
    /// the samples (see `adaptive_trim`). The choice is made
    /// once on the full data and held fixed across the bootstrap resamples.
    /// Under normal noise it is the 20%-trimmed mean (about 90% of the mean's
    /// power in the simulations); under heavy preemption the 40% trim keeps
    /// the error several times lower than a mean's.
    AdaptiveLogRatio,
}

/// Trim of [`Estimator::AdaptiveLogRatio`] for `logs`: Hogg's tail-weight
/// measure, the spread of the central 80% over the spread of the central 50%,
/// (q₉₀ − q₁₀)/(q₇₅ − q₂₅), is 1.90 for normal data; above 2.6 the tails are
/// heavy (a large share of wild rounds) and 40% is cut from each end, else 20%.
fn adaptive_trim(logs: &[f64]) -> f64 {
    let q = |p: f64| quantile(logs, p);
    let iqr = q(0.75) - q(0.25);
    if iqr > 0.0 && (q(0.9) - q(0.1)) / iqr > 2.6 {
        0.4
    } else {
        0.2
    }
}

/// Settings of a paired analysis.
///
/// ```
/// use zenbench_stats::PairedConfig;
/// let strict = PairedConfig { noise_threshold: 0.005, ..PairedConfig::default() };
/// assert_eq!((strict.level, strict.resamples, strict.iqr_filter), (0.95, 10_000, true));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairedConfig {
    /// Half-width of the band of changes considered noise, as a fraction of the
    /// baseline mean (0.01 = ±1%).
    pub noise_threshold: f64,
    /// Confidence level of the bootstrap interval (0.95).
    pub level: f64,
    /// Number of bootstrap resamples.
    pub resamples: usize,
    /// Seed of the bootstrap's random stream.
    pub seed: u64,
    /// Drop rounds whose difference lies outside Tukey's severe fences (3 IQR).
    pub iqr_filter: bool,
    /// The statistic of the change and its CI.
    pub estimator: Estimator,
}

impl Default for PairedConfig {
    /// ±1% noise band, 95% level, 10 000 resamples, a fixed seed, IQR filter on.
    fn default() -> Self {
        PairedConfig {
            noise_threshold: 0.01,
            level: 0.95,
            resamples: 10_000,
            seed: 0x5eed,
            iqr_filter: true,
            estimator: Estimator::FilteredMean,
        }
    }
}

/// Paired comparison of a candidate against a baseline, round by round.
///
/// Round i measured both benchmarks back to back, so dᵢ = candidateᵢ − baselineᵢ is
/// free of whatever slowed or sped up the whole machine during that round (frequency
/// scaling, thermal drift, a noisy neighbour). Every statistic is computed on these
/// differences after the outlier filter; see [`PairedAnalysis::new`].
#[derive(Clone, Debug)]
pub struct PairedAnalysis {
    /// Rounds used: paired rounds (the shorter input's length) minus `outliers_removed`.
    pub n: usize,
    /// The kept per-round differences candidate − baseline, in round order.
    pub diffs: Vec<f64>,
    /// Mean of the baseline over the kept rounds.
    pub baseline_mean: f64,
    /// 100 · mean(diffs) / baseline_mean: the change in % (positive = slower).
    pub pct_change: f64,
    /// Percentile bootstrap CI of mean(diffs), in % of `baseline_mean`.
    pub ci_pct: Ci,
    /// Cohen's d_z of the kept differences (mean / sd).
    pub cohens_d: f64,
    /// Two-sided Wilcoxon signed-rank p-value of the kept differences.
    pub wilcoxon_p: f64,
    /// Spearman's ρ of the kept differences against their round index (drift).
    pub drift_r: f64,
    /// Rounds dropped by the Tukey filter.
    pub outliers_removed: usize,
    /// The noise threshold the verdict uses (fraction, 0.01 = 1%).
    pub noise_threshold: f64,
}

impl PairedAnalysis {
    /// Analyses paired per-round measurements (same unit, e.g. ns per iteration).
    ///
    /// 1. **Pair.** dᵢ = candidateᵢ − baselineᵢ for i < min(len); extra rounds of
    ///    the longer slice are ignored.
    /// 2. **Filter** (when `cfg.iqr_filter` and at least [`MIN_ROUNDS_FOR_FILTER`]
    ///    rounds): drop rounds whose dᵢ lies outside Tukey's *severe* fences
    ///    q1 − 3·IQR, q3 + 3·IQR of the differences (Tukey 1977). Severe rather than
    ///    mild fences because pairing has already removed the shared noise, so the
    ///    differences of well-behaved rounds are close to normal, and 1.5·IQR fences
    ///    would cut about 0.7% of perfectly good normal rounds, shrinking the variance
    ///    and making the CI too narrow. Timing noise, however, is additive, positive
    ///    and bursty (Chen & Revels 2016): an interrupt or a page fault inflates one
    ///    arm of one round by a large factor, and 3·IQR fences (≈ 4.7σ for normal
    ///    data) catch exactly these. When IQR = 0 (e.g. a coarse timer that returns
    ///    identical differences for most rounds) nothing is dropped, since the fences
    ///    would otherwise discard every round that differs at all.
    /// 3. **Scale.** `baseline_mean` is the baseline mean over the kept rounds, and
    ///    percentages are 100·x/`baseline_mean` (NaN unless `baseline_mean` > 0).
    /// 4. **Estimate.** The estimator is "mean of the differences that pass the
    ///    filter". `ci_pct` is its percentile bootstrap CI ([`bootstrap_ci`](crate::bootstrap_ci); Efron &
    ///    Tibshirani 1993) at `cfg.level` with `cfg.resamples` and `cfg.seed`: each
    ///    resample is drawn from *all* paired differences and filtered by its own
    ///    severe fences, so the interval includes the variability the filter adds (resampling
    ///    only the kept differences would make it too narrow under heavy tails). It is
    ///    expressed in % of `baseline_mean`; reporting the relative change with a CI
    ///    follows Kalibera & Jones (2013). `pct_change` = `ci_pct.point`. Without
    ///    filtering the resamples are those of
    ///    [`bootstrap_mean_ci`](crate::bootstrap_mean_ci) with the same seed.
    /// 5. **Describe.** [`cohens_d_paired`], [`wilcoxon_signed_rank`] (Wilcoxon 1945)
    ///    and `drift_r` = [`spearman`] of the differences against their round index.
    ///
    /// Never panics: with no rounds every number is NaN and the verdict `Uncertain`;
    /// with one round the CI bounds are NaN.
    ///
    /// ```
    /// use zenbench_stats::{PairedAnalysis, PairedConfig, Verdict};
    /// let base: Vec<f64> = (0..40).map(|i| 100.0 + (i % 7) as f64).collect();
    /// // The candidate is 10% slower in every round; round 13 hit an interrupt.
    /// let mut cand: Vec<f64> = base.iter().map(|b| b * 1.10).collect();
    /// cand[13] *= 20.0;
    /// let a = PairedAnalysis::new(&base, &cand, &PairedConfig::default());
    /// assert_eq!(a.outliers_removed, 1);
    /// assert!((a.pct_change - 10.0).abs() < 0.1);
    /// assert!(a.significant());
    /// assert_eq!(a.verdict(), Verdict::Slower);
    /// ```
    pub fn new(baseline: &[f64], candidate: &[f64], cfg: &PairedConfig) -> PairedAnalysis {
        let rounds = baseline.len().min(candidate.len());
        let raw = tabulate(rounds, &|i| candidate[i] - baseline[i]);
        let filter = cfg.iqr_filter && rounds >= MIN_ROUNDS_FOR_FILTER;
        let fences = filter.then(|| tukey_fences(&raw)).filter(|f| f.iqr() > 0.0);
        let mut diffs = Vec::with_capacity(rounds);
        let mut index = Vec::with_capacity(rounds);
        let mut kept_baseline = Vec::with_capacity(rounds);
        for (i, &d) in raw.iter().enumerate() {
            if fences.is_none_or(|f| f.within_severe(d)) {
                diffs.push(d);
                index.push(i as f64);
                kept_baseline.push(baseline[i]);
            }
        }
        let n = diffs.len();
        let baseline_mean = mean(&kept_baseline);
        let scale = if baseline_mean > 0.0 {
            100.0 / baseline_mean
        } else {
            f64::NAN
        };
        let positive = |x: &[f64]| x[..rounds].iter().all(|&v| v > 0.0);
        let ci_pct = match cfg.estimator {
            Estimator::TrimmedLogRatio { .. } | Estimator::AdaptiveLogRatio
                if rounds > 0 && positive(baseline) && positive(candidate) =>
            {
                let logs = tabulate(rounds, &|i| (candidate[i] / baseline[i]).ln());
                let trim = match cfg.estimator {
                    Estimator::TrimmedLogRatio { trim } => trim,
                    _ => adaptive_trim(&logs),
                };
                let ci = bootstrap_ci(
                    &logs,
                    |x| trimmed_mean(x, trim),
                    cfg.level,
                    cfg.resamples,
                    cfg.seed,
                );
                let pct = |m: f64| 100.0 * m.exp_m1();
                Ci {
                    lower: pct(ci.lower),
                    point: pct(ci.point),
                    upper: pct(ci.upper),
                }
            }
            _ => {
                let (lower, upper) =
                    paired_bootstrap(&raw, filter, cfg.level, cfg.resamples, cfg.seed);
                Ci {
                    lower: lower * scale,
                    point: mean(&diffs) * scale,
                    upper: upper * scale,
                }
            }
        };
        PairedAnalysis {
            n,
            baseline_mean,
            pct_change: ci_pct.point,
            ci_pct,
            cohens_d: cohens_d_paired(&diffs),
            wilcoxon_p: wilcoxon_signed_rank(&diffs),
            drift_r: spearman(&index, &diffs),
            outliers_removed: rounds - n,
            noise_threshold: cfg.noise_threshold,
            diffs,
        }
    }

    /// Whether the CI excludes zero: the data show *a* difference at the configured
    /// level, however small. Independent of the noise threshold.
    ///
    /// ```
    /// use zenbench_stats::{PairedAnalysis, PairedConfig};
    /// let base = [100.0, 101.0, 99.0, 100.5, 99.5, 100.2, 99.8, 100.1];
    /// let cand: Vec<f64> = base.iter().map(|b| b + 0.5).collect();
    /// let a = PairedAnalysis::new(&base, &cand, &PairedConfig::default());
    /// assert!(a.significant()); // +0.5% every round: significant…
    /// assert_eq!(a.verdict(), zenbench_stats::Verdict::Same); // …but inside ±1%
    /// ```
    pub fn significant(&self) -> bool {
        self.ci_pct.lower > 0.0 || self.ci_pct.upper < 0.0
    }

    /// The verdict: with t = 100·`noise_threshold` and the CI [lo, hi] in %,
    /// `Slower` if lo > t, `Faster` if hi < −t, `Same` if −t ≤ lo and hi ≤ t, and
    /// `Uncertain` otherwise or when the CI is not finite.
    ///
    /// `Same` is a positive finding (the change is bounded inside the noise band), not
    /// the absence of one; `Uncertain` says the run was too short or too noisy to tell.
    ///
    /// ```
    /// use zenbench_stats::{PairedAnalysis, PairedConfig, Verdict};
    /// let a = PairedAnalysis::new(&[], &[], &PairedConfig::default());
    /// assert_eq!(a.verdict(), Verdict::Uncertain);
    /// ```
    pub fn verdict(&self) -> Verdict {
        let Ci { lower, upper, .. } = self.ci_pct;
        match ci_side(lower, upper, self.noise_threshold * 100.0) {
            CiSide::Above => Verdict::Slower,
            CiSide::Below => Verdict::Faster,
            CiSide::Within => Verdict::Same,
            CiSide::Straddles => Verdict::Uncertain,
        }
    }
}

/// Σ cⱼ·dⱼ in order: the sum of a resample held as multiplicities `counts` over
/// the sorted values.
fn weighted_sum(counts: &[u32], values: &[f64]) -> f64 {
    counts.iter().zip(values).map(|(&c, &d)| c as f64 * d).sum()
}

/// Percentile bootstrap CI of the paired estimator "mean of the differences inside
/// Tukey's severe fences" (the plain mean when `filter` is off or IQR = 0), with the
/// fences recomputed on every resample.
///
/// Draws exactly the resamples [`bootstrap_ci`](crate::bootstrap_ci) would draw from
/// `raw` with the same seed, but represents each as multiplicities over the sorted
/// differences, so quartiles and the filtered mean cost O(n) without sorting.
fn paired_bootstrap(
    raw: &[f64],
    filter: bool,
    level: f64,
    resamples: usize,
    seed: u64,
) -> (f64, f64) {
    let n = raw.len();
    if !can_resample(n, level, resamples) {
        return (f64::NAN, f64::NAN);
    }
    let order = argsort(raw);
    let sorted = tabulate(n, &|r| raw[order[r]]);
    let mut rank_of = vec![0usize; n];
    for (r, &i) in order.iter().enumerate() {
        rank_of[i] = r;
    }
    // Order-statistic positions of the linear-interpolation quartiles.
    let split = |p: f64| {
        let h = (n - 1) as f64 * p;
        let lo = h.floor() as usize;
        (lo, h - lo as f64)
    };
    let (k1, f1) = split(0.25);
    let (k3, f3) = split(0.75);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut counts = vec![0u32; n];
    let mut cum = vec![0u32; n];
    let mut replicates = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        counts.fill(0);
        for _ in 0..n {
            counts[rank_of[rng.usize(..n)]] += 1;
        }
        let replicate = 'replicate: {
            if filter {
                // cum[j] = number of resampled values ≤ sorted[j]; order statistic k
                // (0-based) of the resample is sorted[first j with cum[j] > k].
                let mut acc = 0;
                for (slot, &c) in cum.iter_mut().zip(&counts) {
                    acc += c;
                    *slot = acc;
                }
                let order_stat = |k: usize| sorted[cum.partition_point(|&c| c as usize <= k)];
                let quartile = |k: usize, frac: f64| {
                    let at = order_stat(k);
                    if frac == 0.0 {
                        at
                    } else {
                        at + frac * (order_stat(k + 1) - at)
                    }
                };
                let q1 = quartile(k1, f1);
                let q3 = quartile(k3, f3);
                let iqr = q3 - q1;
                // Sorted, so the kept values are one contiguous run [from, to). (The
                // run is never empty for NaN-free data; the guard only keeps NaN from
                // panicking.)
                let (lo, hi) = (q1 - 3.0 * iqr, q3 + 3.0 * iqr);
                let from = sorted.partition_point(|&d| d < lo);
                let to = sorted.partition_point(|&d| d <= hi);
                if iqr > 0.0 && to > from {
                    let kept = cum[to - 1] - if from > 0 { cum[from - 1] } else { 0 };
                    let sum = weighted_sum(&counts[from..to], &sorted[from..to]);
                    break 'replicate sum / kept as f64;
                }
            }
            weighted_sum(&counts, &sorted) / n as f64
        };
        replicates.push(replicate);
    }
    percentile_interval(&mut replicates, level)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> PairedConfig {
        PairedConfig {
            resamples: 500,
            ..PairedConfig::default()
        }
    }

    /// The paired estimator written plainly: sort, fence, average.
    fn filtered_mean_by_sorting(x: &mut [f64]) -> f64 {
        let f = crate::tukey_fences(x);
        let kept: Vec<f64> = if f.iqr() > 0.0 {
            x.iter().copied().filter(|&d| f.within_severe(d)).collect()
        } else {
            x.to_vec()
        };
        kept.iter().sum::<f64>() / kept.len() as f64
    }

    #[test]
    fn counting_bootstrap_equals_the_plain_bootstrap_of_the_filtered_mean() {
        let mut rng = fastrand::Rng::with_seed(3);
        for n in [8, 9, 10, 31, 100] {
            // Heavy-tailed differences with a few ties.
            let raw: Vec<f64> = (0..n)
                .map(|_| {
                    let u = rng.f64();
                    ((u - 0.5) / (u * (1.0 - u) + 0.01) * 4.0).round() / 4.0
                })
                .collect();
            let plain = crate::bootstrap_ci(&raw, filtered_mean_by_sorting, 0.9, 400, 11);
            let (lo, hi) = paired_bootstrap(&raw, true, 0.9, 400, 11);
            assert!(
                (lo - plain.lower).abs() < 1e-9 && (hi - plain.upper).abs() < 1e-9,
                "n={n}"
            );
            let mean = crate::bootstrap_mean_ci(&raw, 0.9, 400, 11);
            let (lo, hi) = paired_bootstrap(&raw, false, 0.9, 400, 11);
            assert!(
                (lo - mean.lower).abs() < 1e-9 && (hi - mean.upper).abs() < 1e-9,
                "n={n}"
            );
        }
    }

    #[test]
    fn empty_and_single_round() {
        let a = PairedAnalysis::new(&[], &[], &cfg());
        assert_eq!((a.n, a.outliers_removed), (0, 0));
        assert!(a.pct_change.is_nan() && a.wilcoxon_p.is_nan() && a.drift_r.is_nan());
        assert!(!a.significant());
        let one = PairedAnalysis::new(&[10.0], &[11.0], &cfg());
        assert_eq!(one.n, 1);
        assert!((one.pct_change - 10.0).abs() < 1e-12);
        assert_eq!(one.verdict(), Verdict::Uncertain);
    }

    #[test]
    fn identical_arms_are_same() {
        let base: Vec<f64> = (0..30).map(|i| 50.0 + i as f64).collect();
        let a = PairedAnalysis::new(&base, &base, &cfg());
        assert_eq!(
            a.ci_pct,
            Ci {
                lower: 0.0,
                point: 0.0,
                upper: 0.0
            }
        );
        assert_eq!(a.verdict(), Verdict::Same);
        assert!(!a.significant());
        assert!(a.wilcoxon_p.is_nan() && a.cohens_d.is_nan() && a.drift_r.is_nan());
    }

    #[test]
    fn constant_shift_is_decided_by_threshold() {
        let base = vec![100.0; 20];
        let faster: Vec<f64> = base.iter().map(|b| b - 5.0).collect();
        let a = PairedAnalysis::new(&base, &faster, &cfg());
        assert_eq!(a.verdict(), Verdict::Faster);
        assert_eq!(a.ci_pct.lower, -5.0);
    }

    #[test]
    fn zero_iqr_keeps_every_round() {
        // Timer quantisation: most differences are exactly 0, a few are ±1.
        let base = vec![10.0; 20];
        let mut cand = base.clone();
        cand[3] = 11.0;
        cand[9] = 9.0;
        let a = PairedAnalysis::new(&base, &cand, &cfg());
        assert_eq!(a.outliers_removed, 0);
        assert_eq!(a.n, 20);
    }

    #[test]
    fn mismatched_lengths_use_common_rounds_and_baseline_mean_is_of_kept_rounds() {
        let base = [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 1000.0, 5.0];
        let cand = [10.5, 10.4, 10.6, 10.5, 10.5, 10.4, 10.6, 10.5, 10.5];
        let a = PairedAnalysis::new(&base, &cand, &cfg());
        assert_eq!(a.n + a.outliers_removed, 9);
        assert_eq!(a.outliers_removed, 1);
        assert_eq!(a.baseline_mean, 10.0);
    }

    #[test]
    fn filter_can_be_switched_off() {
        let base = vec![10.0; 12];
        let mut cand: Vec<f64> = (0..12).map(|i| 10.0 + 0.1 * (i % 3) as f64).collect();
        cand[5] = 100.0;
        let off = PairedConfig {
            iqr_filter: false,
            ..cfg()
        };
        assert_eq!(PairedAnalysis::new(&base, &cand, &off).outliers_removed, 0);
        assert_eq!(
            PairedAnalysis::new(&base, &cand, &cfg()).outliers_removed,
            1
        );
    }
}
