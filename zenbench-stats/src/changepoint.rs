//! Persistent shifts in a history of per-run means: change-point detection.
//!
//! A benchmark run once per commit (or per night) leaves a time series of means. A
//! regression shows in it as a *step*: the level moves and stays. Comparing each run
//! with the previous one alone either drowns in run-to-run noise or needs a very
//! wide band; looking at the whole history finds small steps that persist, and
//! ignores a single odd run.
//!
//! [`change_points`] uses binary segmentation (Scott & Knott 1974): find the single
//! best split of a segment, keep it if it is significant, and split the two halves
//! again. The split statistic is Welch's t (Welch 1947) between the points just
//! before and just after the candidate split, limited to a window on each side, with
//! degrees of freedom for equal variances (see [`change_points`] for why). This
//! follows the approach of E-divisive means as adapted for performance data
//! (Matteson & James 2014; Daly et al. 2020; Fleming et al. 2023 on the Hunter tool,
//! now Apache Otava, which replaced the permutation test by a t-test to make the
//! result deterministic). The windows keep the test local: far-away history, with
//! its own shifts, does not dilute a recent one.

use crate::describe::mean;
use crate::dist::student_t_two_sided_p;
use crate::ttest::welch_t_test;

/// Settings of [`change_points`].
///
/// ```
/// use zenbench_stats::ChangePointConfig;
/// let c = ChangePointConfig::default();
/// assert_eq!((c.window, c.alpha, c.min_change, c.persistence), (30, 0.001, 0.01, 3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChangePointConfig {
    /// Most points taken on each side of a candidate split (30). A window shorter
    /// than `persistence` is widened to it.
    pub window: usize,
    /// Significance level a split's two-sided p-value must be below (0.001). It
    /// applies to the best of many candidate splits, so the rate of false change
    /// points in a flat series is well above `alpha`: 2.6% of flat 100-point series
    /// at 0.001 (see [`change_points`]).
    pub alpha: f64,
    /// Smallest relative change |after/before − 1| reported, as a fraction (0.01 = 1%).
    pub min_change: f64,
    /// Fewest points on each side of a split within its segment (3); a shift that
    /// lasts fewer points than this is a blip, not a change. Values below 2 act as 2
    /// (a t-test needs two points a side).
    pub persistence: usize,
}

impl Default for ChangePointConfig {
    /// Window 30, alpha 0.001, 1% minimum change, persistence 3.
    fn default() -> Self {
        ChangePointConfig {
            window: 30,
            alpha: 0.001,
            min_change: 0.01,
            persistence: 3,
        }
    }
}

/// One detected shift.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChangePoint {
    /// Index into the original series of the first point after the shift.
    pub index: usize,
    /// Mean of the window before the split.
    pub before_mean: f64,
    /// Mean of the window after the split.
    pub after_mean: f64,
    /// 100·(after_mean − before_mean)/|before_mean|: 100·(after/before − 1) for
    /// positive means.
    pub pct_change: f64,
    /// Welch t statistic of the window after against the window before (positive:
    /// the level rose); ±∞ for two constant windows that differ.
    pub t: f64,
    /// Two-sided p-value of `t` (see [`change_points`] for its degrees of freedom).
    pub p: f64,
}

/// The test of one candidate split: windows `before` and `after`.
fn split_test(before: &[f64], after: &[f64]) -> (f64, f64, f64, f64) {
    let constant = |w: &[f64]| w.iter().all(|&v| v == w[0]);
    if constant(before) && constant(after) {
        // Zero variance on both sides: the means are the values themselves, and
        // either they are equal (no evidence of change) or they differ with
        // certainty.
        let (b, a) = (before[0], after[0]);
        return if a == b {
            (b, a, 0.0, 1.0)
        } else {
            (b, a, f64::INFINITY.copysign(a - b), 0.0)
        };
    }
    let t = welch_t_test(after, before).t;
    let df = null_df(before.len(), after.len());
    (mean(before), mean(after), t, student_t_two_sided_p(t, df))
}

/// Satterthwaite's degrees of freedom of Welch's t for windows of n₁ and n₂ points
/// whose population variances are equal (the null hypothesis: no change):
/// ν = (1/n₁ + 1/n₂)² / (1/(n₁²(n₁ − 1)) + 1/(n₂²(n₂ − 1))).
///
/// n₁ + n₂ − 2 for equal windows; close to the smaller window's n − 1 when one is
/// much shorter (2.4 for 3 against 30).
fn null_df(n1: usize, n2: usize) -> f64 {
    let (n1, n2) = (n1 as f64, n2 as f64);
    (1.0 / n1 + 1.0 / n2).powi(2) / (1.0 / (n1 * n1 * (n1 - 1.0)) + 1.0 / (n2 * n2 * (n2 - 1.0)))
}

/// Relative change (after − before)/|before|.
fn relative(before: f64, after: f64) -> f64 {
    (after - before) / before.abs()
}

/// The best split of `x[a..b)`: the candidate with the smallest p (ties: the largest
/// |t|, then the earliest). `None` when the segment is too short or no test is
/// defined.
fn best_split(
    x: &[f64],
    a: usize,
    b: usize,
    persistence: usize,
    window: usize,
) -> Option<(usize, [f64; 4])> {
    if b - a < 2 * persistence {
        return None;
    }
    let mut best: Option<(usize, [f64; 4])> = None;
    for s in a + persistence..=b - persistence {
        let before = &x[s.saturating_sub(window).max(a)..s];
        let after = &x[s..(s + window).min(b)];
        let (mb, ma, t, p) = split_test(before, after);
        if p.is_nan() {
            continue;
        }
        let better = match best {
            None => true,
            Some((_, [_, _, bt, bp])) => p < bp || (p == bp && t.abs() > bt.abs()),
        };
        if better {
            best = Some((s, [mb, ma, t, p]));
        }
    }
    best
}

/// Change points of a series of per-run means, in time order.
///
/// **Binary segmentation** (Scott & Knott 1974). Start with the whole series as one
/// segment. In a segment [a, b), every split s with s − a ≥ `persistence` and
/// b − s ≥ `persistence` is a candidate. Its test compares the window after it,
/// A = x[s .. min(b, s + window)), with the window before it,
/// B = x[max(a, s − window) .. s), by Welch's statistic (Welch 1947; see
/// [`welch_t_test`](crate::welch_t_test))
/// t = (Ā − B̄)/√(s²_A/n_A + s²_B/n_B), referred to Student's t with Satterthwaite's
/// (1946) degrees of freedom *for equal population variances*,
/// ν = (1/n_A + 1/n_B)² / (1/(n_A²(n_A − 1)) + 1/(n_B²(n_B − 1))),
/// which depends on the window sizes only; p = 2·P(T_ν ≥ |t|). The candidate with
/// the smallest p wins (ties: the largest |t|, then the earliest split). It is
/// accepted when p < `alpha` and the relative change of the window means
/// |Ā − B̄|/|B̄| (= |Ā/B̄ − 1| for positive means) ≥ `min_change`; then [a, s) and [s, b) are segmented in turn. A
/// segment whose best split is rejected is final.
///
/// *Why this ν.* Under the null hypothesis (no change) both windows come from the
/// same distribution, so the variances are equal and ν is Satterthwaite's
/// approximation evaluated at the truth. Welch's usual ν plugs in the *sample*
/// variances instead, and at the ends of a segment, where one window has only
/// `persistence` points, three points whose spread is small by chance push it
/// towards the long window's n − 1 and the test becomes far too liberal: in the
/// simulation of `tests/changepoint.rs` (flat series of 100 points, 2% noise) that
/// version reported a false change in 6.0% of the series, most of them at the ends,
/// against 2.6% here. Keeping each window's own variance in t (rather than pooling
/// them) keeps an outlier in a short window from looking like a shift: a 2-point
/// blip at the very end of a series is never reported (a pooled-variance t, tried
/// in the same simulation, reported every one).
///
/// *What `alpha` means.* It is the level of one split's test; the best of the
/// ~n candidate splits of a flat series falls below it more often. At the defaults a
/// flat series of 100 points with 2% noise shows a false change point in 2.6% of
/// cases (1.2% at `alpha` = 0.0005), and a +10% step at the end of a series is
/// found once it has lasted five points (94% of series) or six (99%).
///
/// Windows that are constant on both sides count as no change when they hold the
/// same value, and as a certain change (p = 0, t = ±∞) when they differ; such a
/// change is still subject to `min_change`.
///
/// **Missing values.** Points that are NaN or infinite are skipped: the series is
/// compacted to its finite points, which are what windows and `persistence` count,
/// and each reported `index` is the position in the *original* series of the first
/// finite point after the shift.
///
/// Returns the change points sorted by `index`. A series shorter than
/// 2·`persistence` finite points, a constant series, or an `alpha` that is NaN
/// gives none. A `before_mean` of 0 makes `pct_change` infinite (accepted) or NaN
/// (rejected).
///
/// ```
/// use zenbench_stats::{change_points, ChangePointConfig};
/// // Forty runs near 100 ns, then forty near 110 ns.
/// let series: Vec<f64> = (0..80)
///     .map(|i| if i < 40 { 100.0 } else { 110.0 } + [0.7, -1.1, 0.4, -0.2, 1.3][i % 5])
///     .collect();
/// let cps = change_points(&series, &ChangePointConfig::default());
/// assert_eq!(cps.len(), 1);
/// assert_eq!(cps[0].index, 40);
/// assert!((cps[0].pct_change - 10.0).abs() < 0.5);
/// assert!(cps[0].p < 1e-9 && cps[0].t > 0.0);
/// ```
pub fn change_points(series: &[f64], cfg: &ChangePointConfig) -> Vec<ChangePoint> {
    let (index, x): (Vec<usize>, Vec<f64>) = series
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(i, &v)| (i, v))
        .unzip();
    let persistence = cfg.persistence.max(2);
    let window = cfg.window.max(persistence);
    let mut found = Vec::new();
    let mut segments = vec![(0, x.len())];
    while let Some((a, b)) = segments.pop() {
        let Some((s, [before_mean, after_mean, t, p])) = best_split(&x, a, b, persistence, window)
        else {
            continue;
        };
        let rel = relative(before_mean, after_mean);
        if p < cfg.alpha && rel.abs() >= cfg.min_change {
            // Kept in index order as found (indices are distinct: no sort needed).
            let at = found.partition_point(|c: &ChangePoint| c.index < index[s]);
            found.insert(
                at,
                ChangePoint {
                    index: index[s],
                    before_mean,
                    after_mean,
                    pct_change: 100.0 * rel,
                    t,
                    p,
                },
            );
            segments.push((a, s));
            segments.push((s, b));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_windows() {
        assert_eq!(
            split_test(&[2.0, 2.0], &[2.0, 2.0, 2.0]),
            (2.0, 2.0, 0.0, 1.0)
        );
        let (b, a, t, p) = split_test(&[2.0, 2.0], &[1.0, 1.0]);
        assert_eq!((b, a, p), (2.0, 1.0, 0.0));
        assert_eq!(t, f64::NEG_INFINITY);
        // One constant side: an ordinary Welch test with df = n − 1 of the other.
        let (_, _, t, p) = split_test(&[2.0, 2.0, 2.0], &[3.0, 4.0, 5.0]);
        assert!(t > 0.0 && p > 0.0 && p < 0.1);
    }

    #[test]
    fn constant_steps_are_exact() {
        let mut x = vec![0.1; 20];
        x.extend([0.2; 20]);
        let cps = change_points(&x, &ChangePointConfig::default());
        assert_eq!(cps.len(), 1);
        assert_eq!((cps[0].index, cps[0].p), (20, 0.0));
        assert!((cps[0].pct_change - 100.0).abs() < 1e-9);
    }

    #[test]
    fn zero_before_mean() {
        let mut x = vec![0.0; 10];
        x.extend([1.0; 10]);
        let cps = change_points(&x, &ChangePointConfig::default());
        assert_eq!(cps.len(), 1);
        assert_eq!(cps[0].pct_change, f64::INFINITY);
    }
}
