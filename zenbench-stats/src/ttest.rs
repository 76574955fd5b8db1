//! Mean-based statistics: Welch's t-test and the paired effect size d_z.

use crate::describe::{mean, variance};
use crate::dist::student_t_two_sided_p;

/// Result of a two-sample t-test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TTest {
    /// t statistic, (x̄_a − x̄_b)/SE.
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom (not an integer in general).
    pub df: f64,
    /// Two-sided p-value, P(|T_df| ≥ |t|).
    pub p: f64,
}

/// Welch's unequal-variances t-test of equal means (Welch 1947).
///
/// With sample variances s²_a, s²_b (divisor n − 1) and vₖ = s²ₖ/nₖ:
/// t = (x̄_a − x̄_b)/√(v_a + v_b), df = (v_a + v_b)² / (v_a²/(n_a − 1) + v_b²/(n_b − 1)),
/// p = 2·P(T_df ≥ |t|) with Student's t distribution. Matches
/// `scipy.stats.ttest_ind(a, b, equal_var=False)`.
///
/// zenbench does not base its verdict on this test (the paired analysis is more
/// sensitive); it serves comparisons of unpaired runs, such as a saved baseline.
///
/// Returns NaN in all three fields when either sample has fewer than two values or
/// both are constant (zero standard error).
///
/// ```
/// let r = zenbench_stats::welch_t_test(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0, 7.0]);
/// // v_a = 1/3, v_b = (5/3)/4: t = −3.5/√(3/4)
/// assert!((r.t - (-3.5 / 0.75_f64.sqrt())).abs() < 1e-12);
/// assert!(r.p < 0.02);
/// ```
pub fn welch_t_test(a: &[f64], b: &[f64]) -> TTest {
    let nan = TTest {
        t: f64::NAN,
        df: f64::NAN,
        p: f64::NAN,
    };
    if a.len() < 2 || b.len() < 2 {
        return nan;
    }
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let va = variance(a) / na;
    let vb = variance(b) / nb;
    let se2 = va + vb;
    if se2.is_nan() || se2 <= 0.0 {
        return nan;
    }
    let t = (mean(a) - mean(b)) / se2.sqrt();
    let df = se2 * se2 / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    TTest {
        t,
        df,
        p: student_t_two_sided_p(t, df),
    }
}

/// Cohen's d for paired data, d_z = d̄ / s_d: the mean of the differences over their
/// sample standard deviation (divisor n − 1) (Cohen 1988, *Statistical Power Analysis
/// for the Behavioral Sciences*, §2.3.5; Lakens 2013).
///
/// It measures the shift in units of round-to-round noise and is independent of n:
/// |d_z| ≈ 0.2 is small, 0.5 medium, 0.8 large by Cohen's conventions. For
/// benchmarks it answers "how reliably does the candidate differ in a single round".
///
/// Returns NaN when n < 2 or the differences are constant (s_d = 0).
///
/// ```
/// let d = zenbench_stats::cohens_d_paired(&[1.0, 2.0, 3.0]);
/// assert_eq!(d, 2.0); // mean 2, sd 1
/// ```
pub fn cohens_d_paired(diffs: &[f64]) -> f64 {
    let sd = variance(diffs).sqrt();
    if sd.is_nan() || sd <= 0.0 {
        return f64::NAN;
    }
    mean(diffs) / sd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_inputs() {
        assert!(welch_t_test(&[1.0], &[1.0, 2.0]).p.is_nan());
        assert!(welch_t_test(&[1.0, 1.0], &[2.0, 2.0]).t.is_nan());
        assert!(cohens_d_paired(&[]).is_nan());
        assert!(cohens_d_paired(&[1.0]).is_nan());
        assert!(cohens_d_paired(&[3.0, 3.0]).is_nan());
    }

    #[test]
    fn one_constant_sample_is_fine() {
        // Only b varies: df = n_b − 1 exactly.
        let r = welch_t_test(&[5.0, 5.0, 5.0], &[1.0, 2.0, 3.0]);
        assert!((r.df - 2.0).abs() < 1e-12);
        assert!(r.p > 0.0 && r.p < 1.0);
    }
}
