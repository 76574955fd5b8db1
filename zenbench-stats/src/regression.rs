//! Ordinary least squares lines, with and without an intercept.

use crate::describe::{mean, quantile_sorted};
use crate::dist::student_t_quantile;

/// A fitted straight line y ≈ slope·x + intercept.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearFit {
    /// Estimated slope.
    pub slope: f64,
    /// Estimated intercept (exactly 0 for [`ols_through_origin`]).
    pub intercept: f64,
    /// 95% confidence interval of the slope, slope ± t₀.₉₇₅,df · SE(slope).
    pub slope_ci: (f64, f64),
    /// Coefficient of determination (see each fitting function for its definition).
    pub r2: f64,
}

impl LinearFit {
    const NAN: LinearFit = LinearFit {
        slope: f64::NAN,
        intercept: f64::NAN,
        slope_ci: (f64::NAN, f64::NAN),
        r2: f64::NAN,
    };
}

/// Σ aᵢbᵢ, in order.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn slope_ci(slope: f64, sse: f64, sxx: f64, df: usize) -> (f64, f64) {
    if df == 0 {
        return (f64::NAN, f64::NAN);
    }
    let se = (sse.max(0.0) / df as f64 / sxx).sqrt();
    let half = student_t_quantile(0.975, df as f64) * se;
    (slope - half, slope + half)
}

/// Least-squares line with intercept (Gauss; see e.g. Montgomery, Peck & Vining,
/// *Introduction to Linear Regression Analysis*, ch. 2).
///
/// With Sxx = Σ(x − x̄)², Sxy = Σ(x − x̄)(y − ȳ), Syy = Σ(y − ȳ)²:
/// slope b = Sxy/Sxx, intercept a = ȳ − b·x̄, residual sum SSE = Σ(y − a − bx)²,
/// SE(b) = √(SSE/(n − 2)/Sxx), `slope_ci` = b ± t₀.₉₇₅,ₙ₋₂ · SE(b) and
/// r² = Sxy²/(Sxx·Syy) (= 1 − SSE/Syy). This matches `scipy.stats.linregress` (slope, intercept,
/// rvalue², and its `stderr` times `t.ppf(0.975, n − 2)`).
///
/// zenbench uses it for linear sampling: regressing a sample's time on its iteration
/// count gives the time per iteration as the slope, with any fixed per-sample cost
/// (timer reads, loop setup) absorbed by the intercept.
///
/// Returns all NaN when the lengths differ, n < 2, or x is constant. With n = 2 the
/// line is exact and `slope_ci` is NaN (no residual degrees of freedom). With constant
/// y the slope is 0, `slope_ci` is (0, 0) (the residuals are all zero) and r² is NaN
/// (0/0: there is no variance to explain).
///
/// ```
/// let fit = zenbench_stats::ols(&[1.0, 2.0, 3.0, 4.0], &[3.0, 5.0, 7.0, 9.0]);
/// assert!((fit.slope - 2.0).abs() < 1e-12 && (fit.intercept - 1.0).abs() < 1e-12);
/// assert!((fit.r2 - 1.0).abs() < 1e-12);
/// ```
pub fn ols(x: &[f64], y: &[f64]) -> LinearFit {
    let n = x.len();
    if n != y.len() || n < 2 {
        return LinearFit::NAN;
    }
    let (mx, my) = (mean(x), mean(y));
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if sxx.is_nan() || sxx <= 0.0 {
        return LinearFit::NAN;
    }
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let sse: f64 = x
        .iter()
        .zip(y)
        .map(|(a, b)| {
            let r = (b - my) - slope * (a - mx);
            r * r
        })
        .sum();
    let r2 = if syy > 0.0 {
        // Sxy²/(Sxx·Syy) equals 1 − SSE/Syy in exact arithmetic; clamp the rounding
        // overshoot of a perfect fit.
        (sxy * sxy / (sxx * syy)).min(1.0)
    } else {
        f64::NAN
    };
    LinearFit {
        slope,
        intercept,
        slope_ci: slope_ci(slope, sse, sxx, n - 2),
        r2,
    }
}

/// Least-squares line through the origin, y ≈ b·x.
///
/// b = Σxy/Σx², SSE = Σ(y − bx)², SE(b) = √(SSE/(n − 1)/Σx²),
/// `slope_ci` = b ± t₀.₉₇₅,ₙ₋₁ · SE(b) (one parameter, so n − 1 residual degrees of
/// freedom), intercept = 0, and r² the *uncentred* coefficient 1 − SSE/Σy², the
/// usual definition for a model without intercept (it is what R's `lm(y ~ 0 + x)`
/// reports); it is not comparable with the centred r² of [`ols`].
///
/// This is the right model when the cost per iteration has no fixed part, e.g. when
/// the timer overhead has already been subtracted.
///
/// Returns all NaN when the lengths differ, the input is empty, or all x are 0. With
/// n = 1 the slope is y/x and `slope_ci` is NaN. With all y = 0, r² is NaN.
///
/// ```
/// let fit = zenbench_stats::ols_through_origin(&[1.0, 2.0, 4.0], &[2.0, 4.0, 8.0]);
/// assert_eq!(fit.slope, 2.0);
/// assert_eq!(fit.intercept, 0.0);
/// assert_eq!(fit.slope_ci, (2.0, 2.0));
/// ```
pub fn ols_through_origin(x: &[f64], y: &[f64]) -> LinearFit {
    let n = x.len();
    if n != y.len() || n == 0 {
        return LinearFit::NAN;
    }
    let sxx = dot(x, x);
    if sxx.is_nan() || sxx <= 0.0 {
        return LinearFit::NAN;
    }
    let sxy = dot(x, y);
    let syy = dot(y, y);
    let slope = sxy / sxx;
    let sse: f64 = x
        .iter()
        .zip(y)
        .map(|(a, b)| {
            let r = b - slope * a;
            r * r
        })
        .sum();
    let r2 = if syy > 0.0 { 1.0 - sse / syy } else { f64::NAN };
    LinearFit {
        slope,
        intercept: 0.0,
        slope_ci: slope_ci(slope, sse, sxx, n - 1),
        r2,
    }
}

/// The Theil–Sen slope (Sen 1968): the median of (yⱼ − yᵢ)/(xⱼ − xᵢ) over
/// every pair with xᵢ ≠ xⱼ; `None` when x is constant or shorter than 2. A
/// few stray points move few of the pairs' slopes, so they barely move it.
pub(crate) fn theil_sen_slope(x: &[f64], y: &[f64]) -> Option<f64> {
    let mut slopes = Vec::new();
    for i in 0..x.len() {
        for j in i + 1..x.len() {
            if x[j] != x[i] {
                slopes.push((y[j] - y[i]) / (x[j] - x[i]));
            }
        }
    }
    if slopes.is_empty() {
        return None;
    }
    slopes.sort_by(f64::total_cmp);
    Some(quantile_sorted(&slopes, 0.5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_inputs() {
        assert!(ols(&[], &[]).slope.is_nan());
        assert!(ols(&[1.0], &[1.0]).slope.is_nan());
        assert!(ols(&[1.0, 2.0], &[1.0]).slope.is_nan());
        assert!(ols(&[3.0, 3.0, 3.0], &[1.0, 2.0, 3.0]).slope.is_nan());
        let two = ols(&[1.0, 2.0], &[1.0, 3.0]);
        assert_eq!(two.slope, 2.0);
        assert!(two.slope_ci.0.is_nan());
        let flat = ols(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]);
        assert_eq!(
            (flat.slope, flat.intercept, flat.slope_ci),
            (0.0, 4.0, (0.0, 0.0))
        );
        assert!(flat.r2.is_nan());
        assert!(ols_through_origin(&[0.0, 0.0], &[1.0, 2.0]).slope.is_nan());
        let one = ols_through_origin(&[2.0], &[5.0]);
        assert_eq!(one.slope, 2.5);
        assert!(one.slope_ci.1.is_nan());
    }

    #[test]
    fn theil_sen_is_the_median_pairwise_slope() {
        // Slopes by hand. Of the ten pairs of (1..5, [1, 2, 3, 4, 100]), six
        // join the line's points (slope 1); the four to the stray point are
        // 24.75, 32.67, 48.5 and 96: the median is 1, where OLS reads 20.
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [1.0, 2.0, 3.0, 4.0, 100.0];
        assert_eq!(theil_sen_slope(&x, &y), Some(1.0));
        assert!((ols(&x, &y).slope - 20.0).abs() < 1e-9);
        // An even count of slopes: (1,1,1,33,49,97) → (1 + 33) / 2.
        let y = [1.0, 2.0, 3.0, 100.0];
        assert_eq!(theil_sen_slope(&x[..4], &y), Some(17.0));
        // Pairs at one x are skipped (slopes 2 and −3 remain); none left is None.
        assert_eq!(
            theil_sen_slope(&[1.0, 1.0, 2.0], &[0.0, 5.0, 2.0]),
            Some(-0.5)
        );
        assert_eq!(theil_sen_slope(&[3.0, 3.0], &[1.0, 2.0]), None);
        assert_eq!(theil_sen_slope(&[], &[]), None);
    }
}
