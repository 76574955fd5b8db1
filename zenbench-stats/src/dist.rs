//! Normal and Student-t distributions, and the special functions under them.
//!
//! Everything here is implemented from textbook formulas so that the crate needs no
//! numerics dependency:
//!
//! - `erfc` by the series for erf (small arguments) and the continued fraction of the
//!   upper incomplete gamma function Γ(½, x²) (large arguments), as in Press et al.,
//!   *Numerical Recipes*, 3rd ed. (2007), §6.2; relative error ≈ 1e-15.
//! - `ln Γ` by the Stirling series after shifting the argument above 15; error below
//!   1e-15 relative.
//! - The regularized incomplete beta function I_x(a, b) by its continued fraction,
//!   evaluated with the modified Lentz method (Numerical Recipes §6.4; Lentz 1976).
//! - Quantiles by a starting guess refined with safeguarded Newton steps on the
//!   accurate CDF.

use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// √π.
const SQRT_PI: f64 = 1.772_453_850_905_516;
/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
/// Smallest magnitude allowed in a Lentz denominator.
const TINY: f64 = 1e-300;

/// Complementary error function, erfc(x) = 2/√π ∫ₓ^∞ e^{−t²} dt.
///
/// Accurate to about 1e-15 relative over the whole real line, including the far
/// right tail (erfc(26) ≈ 5.7e-296 keeps full relative precision).
pub(crate) fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    let z = x * x;
    if z < 1.5 {
        // erf(x) = 2/√π · e^{−x²} · Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·…·(2n+1)); all terms
        // positive, so no cancellation. 1 − erf loses at most one digit here
        // (erfc(√1.5) ≈ 0.083).
        let mut term = x;
        let mut sum = x;
        let mut k = 1.0;
        loop {
            term *= 2.0 * z / (2.0 * k + 1.0);
            sum += term;
            if term <= sum * f64::EPSILON * 0.5 {
                break;
            }
            k += 1.0;
        }
        1.0 - 2.0 / SQRT_PI * (-z).exp() * sum
    } else {
        // erfc(x) = Γ(½, x²)/√π = e^{−x²} · x/√π · CF, with CF the Legendre continued
        // fraction of the upper incomplete gamma function (NR `gcf`, a = ½).
        let a = 0.5;
        let mut b = z + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let i = i as f64;
            let an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() <= f64::EPSILON {
                break;
            }
        }
        (-z).exp() * x / SQRT_PI * h
    }
}

/// Natural logarithm of the gamma function for x > 0.
///
/// Shifts the argument to x ≥ 15 with Γ(x+1) = xΓ(x), then sums the Stirling series
/// ln Γ(x) = (x−½)ln x − x + ln√(2π) + Σ B₂ₖ / (2k(2k−1)x^{2k−1}) to seven terms.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut x = x;
    let mut shift = 1.0;
    while x < 15.0 {
        shift *= x;
        x += 1.0;
    }
    let r = 1.0 / x;
    let r2 = r * r;
    // Bernoulli coefficients B₂ₖ/(2k(2k−1)): 1/12, −1/360, 1/1260, −1/1680, 1/1188,
    // −691/360360, 1/156.
    let series = r
        * (1.0 / 12.0
            + r2 * (-1.0 / 360.0
                + r2 * (1.0 / 1260.0
                    + r2 * (-1.0 / 1680.0
                        + r2 * (1.0 / 1188.0 + r2 * (-691.0 / 360_360.0 + r2 / 156.0))))));
    (x - 0.5) * x.ln() - x + LN_SQRT_2PI + series - shift.ln()
}

/// `x`, pushed away from zero to `TINY` (Lentz's guard against a zero divisor).
fn nonzero(x: f64) -> f64 {
    if x.abs() < TINY {
        TINY
    } else {
        x
    }
}

/// Continued fraction of the incomplete beta function (NR `betacf`), modified Lentz.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    let qab = a + b;
    let qap = a + 1.0;
    let qam = a - 1.0;
    let mut c = 1.0;
    let mut d = 1.0 / nonzero(1.0 - qab * x / qap);
    let mut h = d;
    // One Lentz step for the partial numerator `aa`: returns the factor for h.
    let mut step = |aa: f64| {
        d = 1.0 / nonzero(1.0 + aa * d);
        c = nonzero(1.0 + aa / c);
        d * c
    };
    for m in 1..100_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        h *= step(m * (b - m) * x / ((qam + m2) * (a + m2)));
        let del = step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)));
        h *= del;
        if (del - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    h
}

/// Regularized incomplete beta function, returned as the pair (I_x(a,b), 1 − I_x(a,b)).
///
/// `x` and `y = 1 − x` are both passed, with their logarithms, so callers that know
/// 1 − x exactly avoid the cancellation and callers whose x underflows keep its
/// logarithm. The smaller tail is always computed directly, so both members keep
/// their relative precision.
fn beta_inc_pair(a: f64, b: f64, (x, ln_x): (f64, f64), (y, ln_y): (f64, f64)) -> (f64, f64) {
    if ln_x == f64::NEG_INFINITY {
        return (0.0, 1.0);
    }
    if ln_y == f64::NEG_INFINITY {
        return (1.0, 0.0);
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * ln_x + b * ln_y;
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        let i = front * beta_cf(a, b, x) / a;
        (i, 1.0 - i)
    } else {
        let j = front * beta_cf(b, a, y) / b;
        (1.0 - j, j)
    }
}

/// Standard normal cumulative distribution function Φ(x).
///
/// Φ(x) = ½ · erfc(−x/√2) (Abramowitz & Stegun 1964, ch. 7 and 26), with erfc
/// accurate to about 1e-15 relative, so the lower tail keeps its precision far out
/// (Φ(−30) ≈ 4.9e-198).
///
/// ```
/// let p = zenbench_stats::normal_cdf(1.959_963_984_540_054);
/// assert!((p - 0.975).abs() < 1e-15);
/// assert_eq!(zenbench_stats::normal_cdf(0.0), 0.5);
/// ```
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x * FRAC_1_SQRT_2)
}

/// Standard normal survival function 1 − Φ(x), computed without cancellation.
///
/// ```
/// let q = zenbench_stats::normal_sf(8.0);
/// assert!((q / 6.220_960_574_271_785e-16 - 1.0).abs() < 1e-12);
/// ```
pub fn normal_sf(x: f64) -> f64 {
    0.5 * erfc(x * FRAC_1_SQRT_2)
}

/// Standard normal density φ(x) = e^{−x²/2}/√(2π).
pub(crate) fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x - LN_SQRT_2PI).exp()
}

/// Quantile of the standard normal distribution, Φ⁻¹(p).
///
/// A rational approximation (P. J. Acklam's algorithm, relative error ≈ 1e-9) gives
/// the start;
/// Halley steps on Φ(x) − p with the accurate `normal_cdf` polish it to full double
/// precision. Returns −∞ at p = 0, +∞ at p = 1 and NaN outside [0, 1].
///
/// ```
/// let z = zenbench_stats::normal_quantile(0.975);
/// assert!((z - 1.959_963_984_540_054).abs() < 1e-14);
/// ```
pub fn normal_quantile(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p > 0.5 {
        // 1 − p is exact for p ≥ ½.
        return -normal_quantile(1.0 - p);
    }
    let mut x = acklam_start(p);
    // Halley's method on f(x) = Φ(x) − p, with f'(x) = φ(x) and f''/f' = −x.
    for _ in 0..4 {
        let e = normal_cdf(x) - p;
        let u = e / normal_pdf(x);
        let next = x - u / (1.0 + 0.5 * x * u);
        let done = (next - x).abs() <= 4.0 * f64::EPSILON * x.abs().max(f64::MIN_POSITIVE);
        x = next;
        if done {
            break;
        }
    }
    x
}

/// Acklam's rational approximation to Φ⁻¹(p) for 0 < p ≤ ½.
fn acklam_start(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    if p < 0.02425 {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Lower tail P(T ≤ −|t|) of Student's t with `df` degrees of freedom (no cancellation).
fn student_t_lower_tail(t: f64, df: f64) -> f64 {
    // P(T ≤ −|t|) = ½ · I_x(df/2, ½) with x = df/(df+t²), 1 − x = t²/(df+t²). For
    // large |t| work with s = √df/|t| ≤ 1 and logarithms, so that neither t² nor x
    // leaves the floating-point range.
    let (x, y) = if t.abs() < df.sqrt() {
        let t2 = t * t;
        let (x, y) = (df / (df + t2), t2 / (df + t2));
        ((x, x.ln()), (y, y.ln()))
    } else {
        let s = df.sqrt() / t.abs();
        let s2 = s * s;
        let ln_y = -s2.ln_1p();
        (
            (s2 / (1.0 + s2), 2.0 * s.ln() + ln_y),
            (1.0 / (1.0 + s2), ln_y),
        )
    };
    0.5 * beta_inc_pair(0.5 * df, 0.5, x, y).0
}

/// Two-sided p-value P(|T| ≥ |t|) of Student's t with `df` degrees of freedom.
pub(crate) fn student_t_two_sided_p(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t.is_infinite() {
        return 0.0;
    }
    (2.0 * student_t_lower_tail(t, df)).min(1.0)
}

/// Cumulative distribution function of Student's t distribution with `df` > 0
/// degrees of freedom (df need not be an integer).
///
/// F(t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 and ½ I_{ν/(ν+t²)}(ν/2, ½) for t < 0,
/// with I the regularized incomplete beta function (Abramowitz & Stegun 1964, §26.5
/// and §26.7), evaluated by its continued fraction. Returns NaN when `df` ≤ 0 or an
/// argument is NaN.
///
/// ```
/// use zenbench_stats::student_t_cdf;
/// // With one degree of freedom t is Cauchy: F(1) = 3/4.
/// assert!((student_t_cdf(1.0, 1.0) - 0.75).abs() < 1e-15);
/// assert!((student_t_cdf(2.228_138_851_986_274, 10.0) - 0.975).abs() < 1e-14);
/// ```
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t == f64::INFINITY {
        return 1.0;
    }
    if t == f64::NEG_INFINITY {
        return 0.0;
    }
    let lower = student_t_lower_tail(t, df);
    if t < 0.0 {
        lower
    } else {
        1.0 - lower
    }
}

/// Density of Student's t distribution.
fn student_t_pdf(t: f64, df: f64) -> f64 {
    let ln = ln_gamma(0.5 * (df + 1.0))
        - ln_gamma(0.5 * df)
        - 0.5 * (df * PI).ln()
        - 0.5 * (df + 1.0) * (t * t / df).ln_1p();
    ln.exp()
}

/// Quantile (inverse CDF) of Student's t distribution with `df` > 0 degrees of freedom.
///
/// Closed forms for ν = 1 (tan(π(p − ½))) and ν = 2 ((2p−1)/√(2p(1−p))); otherwise a
/// Cornish–Fisher start from the normal quantile (Abramowitz & Stegun 1964, §26.7) refined
/// by Newton steps kept inside a bracket, to a relative error of a few ulps. Returns
/// ∓∞ at p = 0 or 1, and NaN when p ∉ [0, 1] or `df` ≤ 0.
///
/// ```
/// let t = zenbench_stats::student_t_quantile(0.975, 10.0);
/// assert!((t - 2.228_138_851_986_274).abs() < 1e-12);
/// ```
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    if p > 0.5 {
        return -student_t_quantile(1.0 - p, df);
    }
    if df == 1.0 {
        // tan(π(p − ½)) = −cot(πp), written so that tiny p keeps its precision.
        return -1.0 / (PI * p).tan();
    }
    if df == 2.0 {
        return (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
    }
    // Lower tail, p < ½: the answer is negative.
    let z = normal_quantile(p);
    let (z3, z5) = (z * z * z, z * z * z * z * z);
    let mut x = z + (z3 + z) / (4.0 * df) + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df);
    if !(x < 0.0 && x.is_finite()) {
        x = -1.0;
    }
    // Bracket [lo, hi] with F(lo) ≤ p ≤ F(hi).
    let mut hi = 0.0_f64;
    let mut lo = x;
    while student_t_cdf(lo, df) > p {
        hi = lo;
        lo *= 2.0;
        if !lo.is_finite() {
            return f64::NEG_INFINITY;
        }
    }
    x = lo.max(x.min(hi));
    for _ in 0..200 {
        let f = student_t_cdf(x, df) - p;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let mut next = x - f / student_t_pdf(x, df);
        if !(next > lo && next < hi) {
            next = 0.5 * (lo + hi);
        }
        if (next - x).abs() <= 2.0 * f64::EPSILON * x.abs() || hi - lo <= f64::EPSILON * lo.abs() {
            return next;
        }
        x = next;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_known_values() {
        // Γ(n) = (n−1)! and Γ(½) = √π. The shift to x ≥ 15 costs a few ulps of
        // ln Γ(15) ≈ 25 in absolute terms, which is what matters inside exp().
        assert!((ln_gamma(1.0)).abs() < 1e-14);
        assert!((ln_gamma(2.0)).abs() < 1e-14);
        assert!((ln_gamma(10.0) - 362_880f64.ln()).abs() < 1e-14);
        assert!((ln_gamma(0.5) - SQRT_PI.ln()).abs() < 1e-14);
        assert!((ln_gamma(100.0) - 359.134_205_369_575_4).abs() < 1e-12);
        assert!(ln_gamma(0.0).is_nan());
    }

    #[test]
    fn erfc_symmetry_and_limits() {
        assert_eq!(erfc(0.0), 1.0);
        assert!((erfc(-1.0) + erfc(1.0) - 2.0).abs() < 1e-15);
        assert!(erfc(40.0) == 0.0);
        assert!(erfc(f64::NAN).is_nan());
    }

    #[test]
    fn quantiles_invert_cdfs() {
        for &p in &[1e-300, 1e-12, 0.001, 0.1, 0.3, 0.5, 0.7, 0.99, 1.0 - 1e-12] {
            // Far out, one ulp of z moves Φ(z) by |z|·ulp(z) relatively: allow for it.
            let z = normal_quantile(p);
            let tol = 1e-14 * (1.0 + z * z);
            assert!((normal_cdf(z) / p - 1.0).abs() < tol, "p={p}");
            for &df in &[1.0, 2.0, 3.0, 4.5, 30.0, 1000.0] {
                let t = student_t_quantile(p, df);
                let back = student_t_cdf(t, df);
                let tol = 1e-13 * (1.0 + t.abs().ln_1p() * df.min(50.0));
                assert!(
                    (back / p - 1.0).abs() < tol,
                    "p={p} df={df} t={t} back={back}"
                );
            }
        }
    }
}
