//! Rank statistics: average ranks, Spearman's ρ and the Wilcoxon signed-rank test.

use crate::describe::{argsort, mean};
use crate::dist::normal_sf;

/// Largest sample (after dropping zeros) for which the Wilcoxon test enumerates the
/// exact null distribution.
pub const WILCOXON_EXACT_MAX_N: usize = 50;

/// Ranks 1..=n of `data`, ties receiving the average of the ranks they span
/// ("fractional" or "mid" ranks), together with the sizes of the tie groups.
fn ranks_with_ties(data: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let n = data.len();
    let order = argsort(data);
    let mut r = vec![0.0; n];
    let mut groups = Vec::new();
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && data[order[j]] == data[order[i]] {
            j += 1;
        }
        // Positions i..j (0-based) hold ranks i+1..=j; their average is (i+1+j)/2.
        let avg = (i + 1 + j) as f64 / 2.0;
        for &k in &order[i..j] {
            r[k] = avg;
        }
        groups.push(j - i);
        i = j;
    }
    (r, groups)
}

/// Average ranks of `data` (1-based; tied values share the mean of their ranks).
///
/// ```
/// assert_eq!(zenbench_stats::ranks(&[10.0, 30.0, 20.0, 20.0]), vec![1.0, 4.0, 2.5, 2.5]);
/// ```
pub fn ranks(data: &[f64]) -> Vec<f64> {
    ranks_with_ties(data).0
}

/// Pearson correlation; NaN when n < 2, the lengths differ or either side is constant.
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    if x.len() != y.len() || x.len() < 2 {
        return f64::NAN;
    }
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        return f64::NAN;
    }
    (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0)
}

/// Spearman's rank correlation coefficient ρ (Spearman 1904).
///
/// ρ is Pearson's correlation of the average ranks R(xᵢ), R(yᵢ):
/// ρ = Σ(R(xᵢ) − R̄ₓ)(R(yᵢ) − R̄ᵧ) / √(Σ(R(xᵢ) − R̄ₓ)² · Σ(R(yᵢ) − R̄ᵧ)²).
/// With ties this is the tie-corrected coefficient (the same as SciPy's `spearmanr`),
/// not the 1 − 6Σd²/(n(n²−1)) shortcut, which holds only without ties.
///
/// zenbench uses it as a drift detector: ρ between the per-round differences and the
/// round index is near ±1 when the difference trends during the run.
///
/// Returns NaN when the lengths differ, n < 2, or either side is constant.
///
/// ```
/// let r = zenbench_stats::spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 4.0, 9.0, 16.0]);
/// assert_eq!(r, 1.0); // monotone, though not linear
/// assert!(zenbench_stats::spearman(&[1.0, 2.0], &[5.0, 5.0]).is_nan());
/// ```
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    if x.len() != y.len() || x.len() < 2 {
        return f64::NAN;
    }
    pearson(&ranks(x), &ranks(y))
}

/// Counts of each rank sum W⁺ = 0..=n(n+1)/2 over the 2ⁿ sign assignments of the ranks
/// 1..=n (the exact null distribution of the signed-rank statistic, times 2ⁿ).
fn signed_rank_counts(n: usize) -> Vec<u64> {
    let max = n * (n + 1) / 2;
    let mut c = vec![0u64; max + 1];
    c[0] = 1;
    for k in 1..=n {
        // Adding rank k: W⁺ either stays or grows by k.
        let top = k * (k + 1) / 2;
        for s in (k..=top).rev() {
            c[s] += c[s - k];
        }
    }
    c
}

/// Two-sided p-value of the Wilcoxon signed-rank test (Wilcoxon 1945) that the
/// differences `diffs` are symmetric about zero.
///
/// Zeros are dropped first (Wilcoxon's own treatment; SciPy's `zero_method="wilcox"`),
/// leaving n values. The |dᵢ| are ranked with average ranks for ties and
/// W⁺ = Σ_{dᵢ>0} R(|dᵢ|).
///
/// - **Exact** when n ≤ 50 and no zeros were dropped and no |dᵢ| are tied: the null
///   distribution of W⁺ is enumerated by dynamic programming over rank sums, and
///   p = min(1, 2·min(P(W⁺ ≤ w), P(W⁺ ≥ w))).
/// - **Normal approximation** otherwise, with tie and continuity corrections:
///   μ = n(n+1)/4, σ² = n(n+1)(2n+1)/24 − Σₜ(t³ − t)/48 over tie groups of size t,
///   z = (W⁺ − μ − ½·sign(W⁺ − μ))/σ, p = 2·(1 − Φ(|z|)).
///
/// This matches `scipy.stats.wilcoxon(d, method="exact")` and
/// `scipy.stats.wilcoxon(d, method="asymptotic", correction=True)` under those rules.
///
/// Returns NaN when no nonzero difference remains (including empty input). The
/// variance above is positive for every n ≥ 1, even when all |dᵢ| tie, so constant
/// nonzero differences get a finite p.
///
/// ```
/// // All 6 differences positive: W⁺ = 21 is the extreme of 2⁶ = 64 outcomes.
/// let p = zenbench_stats::wilcoxon_signed_rank(&[0.5, 1.0, 1.5, 2.0, 2.5, 3.0]);
/// assert!((p - 2.0 / 64.0).abs() < 1e-15);
/// ```
pub fn wilcoxon_signed_rank(diffs: &[f64]) -> f64 {
    // The nonzero differences and their magnitudes.
    let mut nonzero = Vec::with_capacity(diffs.len());
    let mut abs = Vec::with_capacity(diffs.len());
    for &d in diffs {
        if d != 0.0 {
            nonzero.push(d);
            abs.push(d.abs());
        }
    }
    let zeros = diffs.len() - nonzero.len();
    let n = nonzero.len();
    if n == 0 {
        return f64::NAN;
    }
    let (r, groups) = ranks_with_ties(&abs);
    let mut w_plus = 0.0;
    for (d, rank) in nonzero.iter().zip(&r) {
        if *d > 0.0 {
            w_plus += rank;
        }
    }
    let ties = groups.iter().any(|&g| g > 1);
    let nf = n as f64;
    if n <= WILCOXON_EXACT_MAX_N && !ties && zeros == 0 {
        let counts = signed_rank_counts(n);
        let w = w_plus.round() as usize;
        let below: u64 = counts[..=w].iter().sum();
        let above: u64 = counts[w..].iter().sum();
        let total = 2f64.powi(n as i32);
        (2.0 * (below.min(above) as f64 / total)).min(1.0)
    } else {
        let mu = nf * (nf + 1.0) / 4.0;
        let mut tie_term = 0.0;
        for &t in &groups {
            let t = t as f64;
            tie_term += t * t * t - t;
        }
        let var = nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0 - tie_term / 48.0;
        let dev = w_plus - mu;
        let correction = 0.5 * dev.signum() * f64::from(dev != 0.0);
        let z = (dev - correction) / var.sqrt();
        (2.0 * normal_sf(z.abs())).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_rank_distribution_is_symmetric_and_sums_to_two_to_the_n() {
        for n in [1, 2, 5, 20, 50] {
            let c = signed_rank_counts(n);
            assert_eq!(c.iter().sum::<u64>(), 1u64 << n);
            let m = c.len() - 1;
            for s in 0..=m {
                assert_eq!(c[s], c[m - s]);
            }
        }
        // n = 3: sums 0,1,2,3,3,4,5,6.
        assert_eq!(signed_rank_counts(3), vec![1, 1, 1, 2, 1, 1, 1]);
    }

    #[test]
    fn degenerate_inputs() {
        assert!(wilcoxon_signed_rank(&[]).is_nan());
        assert!(wilcoxon_signed_rank(&[0.0, 0.0]).is_nan());
        assert_eq!(wilcoxon_signed_rank(&[1.0]), 1.0);
        assert!(spearman(&[1.0], &[1.0]).is_nan());
        assert!(spearman(&[1.0, 2.0], &[1.0]).is_nan());
        assert_eq!(spearman(&[1.0, 2.0], &[2.0, 1.0]), -1.0);
    }
}
