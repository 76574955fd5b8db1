//! Properties checked against independent computations (brute force, closed forms,
//! textbook identities), and the degenerate-input contract of every public function.

use zenbench_stats as zs;
use zs::{Ci, PairedAnalysis, PairedConfig, Verdict};

/// Exact two-sided signed-rank p by enumerating all 2ⁿ sign assignments (no DP).
fn wilcoxon_brute_force(diffs: &[f64]) -> f64 {
    let n = diffs.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| diffs[i].abs().total_cmp(&diffs[j].abs()));
    let mut w_obs = 0;
    for (rank0, &i) in order.iter().enumerate() {
        if diffs[i] > 0.0 {
            w_obs += rank0 + 1;
        }
    }
    let (mut le, mut ge) = (0u64, 0u64);
    for mask in 0u32..(1 << n) {
        let w: usize = (0..n).filter(|k| mask >> k & 1 == 1).map(|k| k + 1).sum();
        le += u64::from(w <= w_obs);
        ge += u64::from(w >= w_obs);
    }
    (2.0 * le.min(ge) as f64 / f64::from(1u32 << n)).min(1.0)
}

#[test]
fn wilcoxon_exact_branch_equals_brute_force() {
    let mut rng = fastrand::Rng::with_seed(99);
    for n in 1..=14 {
        for _ in 0..5 {
            let d: Vec<f64> = (0..n).map(|_| rng.f64() * 2.0 - 0.7).collect();
            let got = zs::wilcoxon_signed_rank(&d);
            let want = wilcoxon_brute_force(&d);
            assert!((got - want).abs() <= 1e-15 * want, "n={n}: {got} vs {want}");
        }
    }
}

#[test]
fn wilcoxon_normal_branch_is_close_to_exact_at_the_boundary() {
    // 50 distinct nonzero differences: exact. Appending a zero changes nothing in the
    // statistic (zeros are dropped) but sends the same data down the normal branch,
    // whose continuity-corrected p must be close to the exact one at this n.
    let d: Vec<f64> = (1..=50)
        .map(|i| {
            if i % 3 == 0 {
                -(i as f64)
            } else {
                i as f64 + 0.5
            }
        })
        .collect();
    let exact = zs::wilcoxon_signed_rank(&d);
    let mut with_zero = d.clone();
    with_zero.push(0.0);
    let approx = zs::wilcoxon_signed_rank(&with_zero);
    assert_ne!(exact, approx);
    assert!(
        (approx - exact).abs() < 0.01 * exact.max(0.1),
        "{approx} vs {exact}"
    );
}

#[test]
fn spearman_without_ties_equals_the_rank_difference_formula() {
    let mut rng = fastrand::Rng::with_seed(5);
    for n in [3usize, 7, 20, 100] {
        let x: Vec<f64> = (0..n).map(|_| rng.f64()).collect();
        let y: Vec<f64> = x.iter().map(|v| v * 0.3 + rng.f64()).collect();
        let (rx, ry) = (zs::ranks(&x), zs::ranks(&y));
        let d2: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - b) * (a - b)).sum();
        let nf = n as f64;
        let want = 1.0 - 6.0 * d2 / (nf * (nf * nf - 1.0));
        let got = zs::spearman(&x, &y);
        assert!((got - want).abs() < 1e-12, "n={n}: {got} vs {want}");
    }
}

#[test]
fn welch_with_equal_sizes_and_variances_reduces_to_student() {
    // Same n and same sample variance: t is the pooled t and df = 2(n − 1).
    let a = [1.0, 2.0, 3.0, 4.0, 5.0];
    let b = [3.5, 4.5, 5.5, 6.5, 7.5];
    let r = zs::welch_t_test(&a, &b);
    assert!((r.df - 8.0).abs() < 1e-12);
    let t = -2.5 / (2.5_f64 * 2.0 / 5.0).sqrt();
    assert!((r.t - t).abs() < 1e-12);
    // p = 2 P(T₈ ≤ −|t|).
    assert!((r.p - 2.0 * zs::student_t_cdf(-t.abs(), 8.0)).abs() < 1e-15);
}

#[test]
fn bootstrap_mean_ci_matches_normal_theory_for_large_n() {
    // For n = 2000 the bootstrap distribution of the mean is nearly normal with
    // sd s·√((n−1)/n)/√n; the 95% percentile ends should sit at ±1.96 of those, up
    // to Monte Carlo error (B = 20 000: ≈ 1.3% of the half-width, allow 4%).
    let mut rng = fastrand::Rng::with_seed(17);
    let n = 2000;
    let data: Vec<f64> = (0..n).map(|_| rng.f64() * 10.0 + 5.0).collect();
    let s = zs::Summary::new(&data);
    let se = s.stddev * ((n as f64 - 1.0) / n as f64).sqrt() / (n as f64).sqrt();
    let half = zs::normal_quantile(0.975) * se;
    let ci = zs::bootstrap_mean_ci(&data, 0.95, 20_000, 1);
    assert_eq!(ci.point, s.mean);
    assert!(
        (ci.lower - (s.mean - half)).abs() < 0.04 * half,
        "{ci:?} vs ±{half}"
    );
    assert!(
        (ci.upper - (s.mean + half)).abs() < 0.04 * half,
        "{ci:?} vs ±{half}"
    );
}

#[test]
fn bootstrap_is_deterministic_per_seed() {
    let data = [1.0, 4.0, 2.0, 8.0, 5.0, 7.0];
    let a = zs::bootstrap_mean_ci(&data, 0.9, 500, 3);
    assert_eq!(a, zs::bootstrap_mean_ci(&data, 0.9, 500, 3));
    assert_ne!(a, zs::bootstrap_mean_ci(&data, 0.9, 500, 4));
    let wider = zs::bootstrap_mean_ci(&data, 0.99, 500, 3);
    assert!(wider.lower <= a.lower && wider.upper >= a.upper);
}

#[test]
fn ols_recovers_a_known_line_and_its_ci_shrinks_with_n() {
    // Deterministic noise ±0.5 alternating, so the estimate is off by much less than
    // its standard error and the CI must contain the true slope.
    let mut widths = Vec::new();
    for n in [10usize, 100, 1000] {
        let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let y: Vec<f64> = x
            .iter()
            .map(|v| {
                3.0 * v
                    + 7.0
                    + if (*v as usize).is_multiple_of(2) {
                        0.5
                    } else {
                        -0.5
                    }
            })
            .collect();
        let fit = zs::ols(&x, &y);
        assert!(
            fit.slope_ci.0 < 3.0 && 3.0 < fit.slope_ci.1,
            "n={n}: {fit:?}"
        );
        widths.push(fit.slope_ci.1 - fit.slope_ci.0);
        let origin = zs::ols_through_origin(&x, &y);
        assert_eq!(origin.intercept, 0.0);
        assert!(
            origin.slope > 3.0,
            "the +7 intercept pulls the origin fit up"
        );
    }
    assert!(widths[0] > widths[1] && widths[1] > widths[2]);
}

#[test]
fn summary_mad_estimates_sigma_and_resists_outliers() {
    // Normal quantiles as data: a perfectly normal-shaped sample of σ = 2.
    let n = 2001;
    let data: Vec<f64> = (1..=n)
        .map(|i| 2.0 * zs::normal_quantile(i as f64 / (n + 1) as f64))
        .collect();
    let s = zs::Summary::new(&data);
    assert!((s.mad - 2.0).abs() < 0.01, "{}", s.mad);
    let mut spiked = data.clone();
    spiked[0] = 1e6;
    let t = zs::Summary::new(&spiked);
    assert!((t.mad - s.mad).abs() < 0.01 && t.stddev > 100.0);
}

fn analysis_with_ci(lower: f64, upper: f64) -> PairedAnalysis {
    let mut a = PairedAnalysis::new(&[], &[], &PairedConfig::default());
    a.ci_pct = Ci {
        lower,
        point: (lower + upper) / 2.0,
        upper,
    };
    a.noise_threshold = 0.01;
    a
}

#[test]
fn verdict_reads_the_ci_against_the_noise_band() {
    let cases = [
        ((1.5, 3.0), Verdict::Slower, true),
        ((-3.0, -1.5), Verdict::Faster, true),
        ((-0.5, 0.8), Verdict::Same, false),
        ((0.2, 0.8), Verdict::Same, true), // significant, yet inside the band
        ((-1.0, 1.0), Verdict::Same, false), // boundaries are inside
        ((1.0, 2.0), Verdict::Uncertain, true), // touches +1%: not entirely outside
        ((0.5, 1.5), Verdict::Uncertain, true),
        ((-2.0, 2.0), Verdict::Uncertain, false),
        ((f64::NAN, f64::NAN), Verdict::Uncertain, false),
    ];
    for ((lo, hi), verdict, significant) in cases {
        let a = analysis_with_ci(lo, hi);
        assert_eq!(a.verdict(), verdict, "[{lo}, {hi}]");
        assert_eq!(a.significant(), significant, "[{lo}, {hi}]");
    }
}

#[test]
fn paired_analysis_fields_are_consistent() {
    let mut rng = fastrand::Rng::with_seed(12);
    let base: Vec<f64> = (0..60).map(|_| 200.0 + rng.f64() * 4.0).collect();
    let mut cand: Vec<f64> = base
        .iter()
        .map(|b| b * 0.95 + rng.f64() * 2.0 - 1.0)
        .collect();
    cand[20] = 5000.0;
    let a = PairedAnalysis::new(&base, &cand, &PairedConfig::default());
    assert_eq!(a.outliers_removed, 1);
    assert_eq!(a.n, 59);
    assert_eq!(a.diffs.len(), 59);
    let kept_base: Vec<f64> = (0..60).filter(|&i| i != 20).map(|i| base[i]).collect();
    let bm = kept_base.iter().sum::<f64>() / 59.0;
    assert!((a.baseline_mean - bm).abs() < 1e-9);
    let mean_diff = a.diffs.iter().sum::<f64>() / 59.0;
    assert!((a.pct_change - 100.0 * mean_diff / bm).abs() < 1e-9);
    assert_eq!(a.pct_change, a.ci_pct.point);
    assert!(a.ci_pct.lower < a.pct_change && a.pct_change < a.ci_pct.upper);
    assert!((a.cohens_d - zs::cohens_d_paired(&a.diffs)).abs() < 1e-12);
    assert!(a.wilcoxon_p < 1e-10);
    assert_eq!(a.verdict(), Verdict::Faster);
}

#[test]
fn drift_r_detects_a_trend_in_the_differences() {
    let base = vec![100.0; 50];
    let cand: Vec<f64> = (0..50)
        .map(|i| 100.0 + 0.05 * i as f64 + (i % 3) as f64 * 0.01)
        .collect();
    let a = PairedAnalysis::new(&base, &cand, &PairedConfig::default());
    assert!(a.drift_r > 0.99, "{}", a.drift_r);
}

/// No public function panics on degenerate input, and each returns its documented
/// NaN.
#[test]
fn degenerate_inputs_give_documented_nan() {
    let empty: [f64; 0] = [];
    let inputs: [&[f64]; 5] = [&empty, &[1.0], &[2.0, 2.0], &[3.0; 9], &[0.0; 4]];
    for x in inputs {
        let s = zs::Summary::new(x);
        assert_eq!(s.n, x.len());
        let f = zs::tukey_fences(x);
        let _ = (zs::quantile(x, 0.5), zs::ranks(x));
        let ci = zs::bootstrap_mean_ci(x, 0.95, 100, 1);
        let p = zs::wilcoxon_signed_rank(x);
        let d = zs::cohens_d_paired(x);
        let r = zs::spearman(x, x);
        let t = zs::welch_t_test(x, x);
        let fit = zs::ols(x, x);
        let fit0 = zs::ols_through_origin(x, x);
        let a = PairedAnalysis::new(x, x, &PairedConfig::default());
        // Constant data: no spread, so everything scaled by a spread is undefined.
        assert!(d.is_nan() && r.is_nan() && t.p.is_nan() && fit.slope.is_nan());
        if x.is_empty() {
            assert!(s.mean.is_nan() && f.q1.is_nan() && ci.point.is_nan());
            assert!(fit0.slope.is_nan());
        } else {
            assert_eq!((s.mad, f.iqr()), (0.0, 0.0));
        }
        if x.len() < 2 {
            assert!(s.stddev.is_nan() && ci.lower.is_nan() && ci.upper.is_nan());
        } else {
            assert_eq!((s.stddev, ci.lower, ci.upper), (0.0, x[0], x[0]));
        }
        assert!(p.is_nan() || x.iter().any(|&v| v != 0.0));
        assert_ne!(a.verdict(), Verdict::Faster);
        assert!(a.wilcoxon_p.is_nan() && a.drift_r.is_nan());
    }
    // Distribution functions outside their domains.
    assert!(zs::normal_quantile(1.5).is_nan() && zs::student_t_cdf(1.0, 0.0).is_nan());
    assert!(zs::student_t_quantile(0.5, -1.0).is_nan());
    assert_eq!(zs::normal_quantile(0.0), f64::NEG_INFINITY);
    assert_eq!(zs::student_t_quantile(1.0, 3.0), f64::INFINITY);
}
