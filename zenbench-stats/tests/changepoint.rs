//! Validation of `change_points` on simulated histories of per-run means.
//!
//! A history is a sequence of levels, each point the level times (1 + 0.02·z), z
//! standard normal (2% run-to-run noise), with fixed seeds. Measured with the
//! default settings (window 30, alpha 0.001, min_change 1%, persistence 3), 1000
//! series per row:
//!
//! | history | result |
//! |---|---|
//! | flat, 100 points | a false change point in 2.6% of series (1.2% at alpha 0.0005) |
//! | same, Welch's sample-variance df instead (reference implementation below) | 6.0% |
//! | +10% step at 40 of 80 | found within ±1 in 100%, exactly at 40 in 98.6% |
//! | +8% at 40, −8% at 80, 120 points | both found within ±1 in 98.9% |
//! | 60 flat, then the last k points +10% | found in 7.5% (k = 3), 55.4% (4), 94.3% (5), 99.2% (6) |
//! | a 1-point spike or 2-point blip ×1.5 added anywhere to a series with no change | never reported |
//!
//! A step placed a few points off happens when the noise next to the step mimics
//! it; the location sharpens with the size of the step relative to the noise.

use zenbench_stats::{change_points, student_t_cdf, ChangePoint, ChangePointConfig};

const CV: f64 = 0.02;
const SERIES: u64 = 1000;

fn std_normal(rng: &mut fastrand::Rng) -> f64 {
    let u1 = 1.0 - rng.f64(); // (0, 1]
    let u2 = rng.f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A history made of `(length, level)` stretches, with 2% noise.
fn noisy(levels: &[(usize, f64)], seed: u64) -> Vec<f64> {
    let mut rng = fastrand::Rng::with_seed(seed);
    levels
        .iter()
        .flat_map(|&(len, level)| std::iter::repeat_n(level, len))
        .map(|l| l * (1.0 + CV * std_normal(&mut rng)))
        .collect()
}

fn near(cps: &[ChangePoint], index: usize) -> Option<&ChangePoint> {
    cps.iter().find(|c| c.index.abs_diff(index) <= 1)
}

fn default() -> ChangePointConfig {
    ChangePointConfig::default()
}

/// Rate of flat 100-point series with any change point.
fn false_rate(find: impl Fn(&[f64]) -> usize) -> f64 {
    let hits = (0..SERIES)
        .filter(|&i| find(&noisy(&[(100, 100.0)], 0xf1a7 ^ (i << 8))) > 0)
        .count();
    hits as f64 / SERIES as f64
}

/// How the degrees of freedom of a split's test are computed in [`reference`].
#[derive(Clone, Copy, PartialEq)]
enum Df {
    /// Satterthwaite at equal variances (what `change_points` does).
    Null,
    /// Satterthwaite from the sample variances (Welch's usual test).
    Sample,
}

/// A plain reimplementation of the documented algorithm: recursion, each window's
/// mean and variance computed afresh, p from the public t CDF. Returns
/// (index, t, p) of each accepted split, sorted.
fn reference(x: &[f64], cfg: &ChangePointConfig, df_kind: Df) -> Vec<(usize, f64, f64)> {
    fn mean(w: &[f64]) -> f64 {
        w.iter().sum::<f64>() / w.len() as f64
    }
    fn var(w: &[f64]) -> f64 {
        let m = mean(w);
        w.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (w.len() - 1) as f64
    }
    fn go(
        x: &[f64],
        a: usize,
        b: usize,
        cfg: &ChangePointConfig,
        df_kind: Df,
        out: &mut Vec<(usize, f64, f64)>,
    ) {
        let p = cfg.persistence;
        if b - a < 2 * p {
            return;
        }
        let mut best: Option<(usize, f64, f64, f64)> = None; // s, t, p, rel
        for s in a + p..=b - p {
            let before = &x[a.max(s.saturating_sub(cfg.window))..s];
            let after = &x[s..b.min(s + cfg.window)];
            let (n1, n2) = (before.len() as f64, after.len() as f64);
            let (v1, v2) = (var(before) / n1, var(after) / n2);
            let t = (mean(after) - mean(before)) / (v1 + v2).sqrt();
            let df = match df_kind {
                Df::Null => {
                    (1.0 / n1 + 1.0 / n2).powi(2)
                        / (1.0 / (n1 * n1 * (n1 - 1.0)) + 1.0 / (n2 * n2 * (n2 - 1.0)))
                }
                Df::Sample => (v1 + v2).powi(2) / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0)),
            };
            let pv = 2.0 * student_t_cdf(-t.abs(), df);
            let rel = (mean(after) / mean(before) - 1.0).abs();
            if best.is_none_or(|(_, bt, bp, _)| pv < bp || (pv == bp && t.abs() > bt.abs())) {
                best = Some((s, t, pv, rel));
            }
        }
        if let Some((s, t, pv, rel)) = best {
            if pv < cfg.alpha && rel >= cfg.min_change {
                out.push((s, t, pv));
                go(x, a, s, cfg, df_kind, out);
                go(x, s, b, cfg, df_kind, out);
            }
        }
    }
    let mut out = Vec::new();
    go(x, 0, x.len(), cfg, df_kind, &mut out);
    out.sort_by_key(|c| c.0);
    out
}

/// `change_points` agrees with the plain reimplementation on noisy histories with
/// and without steps.
#[test]
fn agrees_with_a_plain_reimplementation() {
    let shapes: [&[(usize, f64)]; 4] = [
        &[(100, 100.0)],
        &[(40, 100.0), (40, 106.0)],
        &[(25, 100.0), (30, 104.0), (20, 97.0), (45, 103.0)],
        &[(7, 100.0), (60, 130.0), (4, 100.0)],
    ];
    let mut compared = 0;
    for (k, shape) in shapes.iter().enumerate() {
        for i in 0..100u64 {
            let x = noisy(shape, 0xcafe ^ ((k as u64) << 20) ^ i);
            let ours = change_points(&x, &default());
            let theirs = reference(&x, &default(), Df::Null);
            assert_eq!(ours.len(), theirs.len(), "shape {k} seed {i}");
            for (o, r) in ours.iter().zip(&theirs) {
                assert_eq!(o.index, r.0, "shape {k} seed {i}");
                assert!((o.t - r.1).abs() <= 1e-9 * r.1.abs(), "shape {k} seed {i}");
                assert!(
                    (o.p - r.2).abs() <= 1e-9 * r.2 + 1e-300,
                    "shape {k} seed {i}"
                );
            }
            compared += ours.len();
        }
    }
    assert!(
        compared > 300,
        "the histories should have change points: {compared}"
    );
}

/// A +10% step at index 40 of 80 points is found at 40 (±1), once, with a change of
/// about 10%.
#[test]
fn one_step_is_found() {
    let (mut within_one, mut exact) = (0, 0);
    for i in 0..SERIES {
        let cps = change_points(&noisy(&[(40, 100.0), (40, 110.0)], 0x57e9 ^ i), &default());
        if let Some(c) = near(&cps, 40) {
            within_one += 1;
            exact += usize::from(c.index == 40);
            assert!((c.pct_change - 10.0).abs() < 3.0, "seed {i}: {c:?}");
            assert!(c.t > 0.0 && c.p < 1e-3);
            assert!((c.before_mean - 100.0).abs() < 2.0 && (c.after_mean - 110.0).abs() < 2.0);
        }
    }
    println!("+10% step at 40: found within ±1 in {within_one}/{SERIES}, exactly at 40 in {exact}");
    assert!(within_one >= 990, "{within_one}");
    // One series in full.
    let cps = change_points(&noisy(&[(40, 100.0), (40, 110.0)], 0x57e9), &default());
    assert_eq!(cps.len(), 1, "{cps:?}");
    assert_eq!(cps[0].index, 40);
}

/// +8% at 40 and −8% at 80 of 120 points: both are found.
#[test]
fn two_steps_are_found() {
    let mut both = 0;
    for i in 0..SERIES {
        let x = noisy(&[(40, 100.0), (40, 108.0), (40, 100.0)], 0x2579 ^ i);
        let cps = change_points(&x, &default());
        if let (Some(up), Some(down)) = (near(&cps, 40), near(&cps, 80)) {
            both += 1;
            assert!(
                up.pct_change > 4.0 && down.pct_change < -4.0,
                "seed {i}: {cps:?}"
            );
        }
    }
    println!("+8% at 40, −8% at 80: both found within ±1 in {both}/{SERIES}");
    assert!(both >= 980, "{both}");
}

/// Flat series: any false change point in at most 3% of them at the default alpha
/// (measured 2.6%) and at most 2% at alpha 0.0005 (measured 1.2%). Welch's usual
/// degrees of freedom, from the sample variances, would make it 6.0%.
#[test]
fn flat_series_rarely_show_a_change() {
    let ours = false_rate(|x| change_points(x, &default()).len());
    let strict = ChangePointConfig {
        alpha: 0.0005,
        ..default()
    };
    let ours_strict = false_rate(|x| change_points(x, &strict).len());
    let sample_df = false_rate(|x| reference(x, &default(), Df::Sample).len());
    println!(
        "flat, 100 points: a false change point in {:.1}% (alpha 0.0005: {:.1}%; with the sample-variance df: {:.1}%)",
        100.0 * ours,
        100.0 * ours_strict,
        100.0 * sample_df
    );
    assert!(ours <= 0.03, "{ours}");
    assert!(ours_strict <= 0.02, "{ours_strict}");
    assert!(sample_df > 0.05, "{sample_df}");
}

/// A recent shift is reported once it has lasted a few points.
#[test]
fn recent_shift_needs_a_few_points() {
    let rate = |k: usize| {
        (0..SERIES)
            .filter(|&i| {
                let x = noisy(&[(60, 100.0), (k, 110.0)], 0x7ece ^ (i << 8) ^ k as u64);
                near(&change_points(&x, &default()), 60).is_some()
            })
            .count() as f64
            / SERIES as f64
    };
    let rates: Vec<f64> = [3, 4, 5, 6].into_iter().map(rate).collect();
    println!("last k points +10% (k = 3, 4, 5, 6): found in {rates:?}");
    assert!(rates[2] >= 0.9 && rates[3] >= 0.98, "{rates:?}");
}

/// Persistence: a single-point spike or a 2-point blip, anywhere in a series that
/// shows no change, is not reported; three points at the very end that are all
/// clearly shifted are.
#[test]
fn spikes_and_blips_are_not_changes() {
    let mut checked = 0;
    for i in 0..200 {
        let x = noisy(&[(60, 100.0)], 0xb119 ^ (i << 8));
        if !change_points(&x, &default()).is_empty() {
            continue;
        }
        checked += 1;
        for at in [0, 1, 2, 3, 20, 30, 57, 58] {
            for factor in [1.5, 3.0, 0.5] {
                let mut spike = x.clone();
                spike[at] *= factor;
                assert!(
                    change_points(&spike, &default()).is_empty(),
                    "spike at {at}"
                );
                let mut blip = x.clone();
                blip[at] *= factor;
                blip[at + 1] *= factor;
                assert!(change_points(&blip, &default()).is_empty(), "blip at {at}");
            }
        }
    }
    assert!(checked > 180);
    // Three points at 1.5×, exactly: a shift, not noise.
    let mut x = vec![100.0; 30];
    x.extend([150.0; 3]);
    let cps = change_points(&x, &default());
    assert_eq!(cps.len(), 1);
    assert_eq!(cps[0].index, 30);
}

/// Degenerate and boundary histories.
#[test]
fn constant_short_and_tiny_changes() {
    assert!(change_points(&[], &default()).is_empty());
    assert!(change_points(&[5.0], &default()).is_empty());
    assert!(change_points(&[100.0; 80], &default()).is_empty());
    assert!(change_points(&[0.1; 77], &default()).is_empty());
    // Fewer than 2·persistence points: nothing to split, however large the step.
    assert!(change_points(&[100.0, 100.0, 200.0, 200.0, 200.0], &default()).is_empty());
    let six = change_points(&[100.0, 100.0, 100.0, 200.0, 200.0, 200.0], &default());
    assert_eq!(six.len(), 1);
    assert_eq!((six[0].index, six[0].p, six[0].pct_change), (3, 0.0, 100.0));
    assert_eq!(six[0].t, f64::INFINITY);
    // A 0.5% step in 0.1% noise is significant but below min_change…
    let mut rng = fastrand::Rng::with_seed(5);
    let x: Vec<f64> = (0..80)
        .map(|i| if i < 40 { 100.0 } else { 100.5 } * (1.0 + 0.001 * std_normal(&mut rng)))
        .collect();
    assert!(change_points(&x, &default()).is_empty());
    // …and is reported once min_change allows it.
    let fine = ChangePointConfig {
        min_change: 0.002,
        ..default()
    };
    let cps = change_points(&x, &fine);
    assert_eq!(cps.len(), 1);
    assert!(cps[0].index.abs_diff(40) <= 1 && (cps[0].pct_change - 0.5).abs() < 0.2);
    // Settings below their floors act as the floors; a NaN alpha finds nothing.
    let loose = ChangePointConfig {
        window: 0,
        persistence: 0,
        ..default()
    };
    assert_eq!(change_points(&[1.0, 1.0, 2.0, 2.0], &loose)[0].index, 2);
    let nan = ChangePointConfig {
        alpha: f64::NAN,
        ..default()
    };
    assert!(change_points(&noisy(&[(40, 100.0), (40, 150.0)], 1), &nan).is_empty());
}

/// NaN (and infinite) points are skipped; indices refer to the original series.
#[test]
fn missing_points_keep_original_indices() {
    let clean = noisy(&[(40, 100.0), (40, 110.0)], 0x57e9);
    let expected = change_points(&clean, &default());
    assert_eq!(expected.len(), 1);
    // Insert gaps: two before the step, one right at it, one after.
    let mut gappy = Vec::new();
    for (i, &v) in clean.iter().enumerate() {
        if i == 10 || i == 25 {
            gappy.push(f64::NAN);
        }
        if i == 40 {
            gappy.push(f64::NAN);
            gappy.push(f64::INFINITY);
        }
        if i == 60 {
            gappy.push(f64::NAN);
        }
        gappy.push(v);
    }
    let cps = change_points(&gappy, &default());
    assert_eq!(cps.len(), 1);
    // clean[40] sits at 40 + 2 (gaps at 10, 25) + 2 (NaN, ∞ right before it).
    assert_eq!(cps[0].index, 44);
    assert!(gappy[cps[0].index] == clean[40]);
    assert_eq!(cps[0].t, expected[0].t);
    assert!(change_points(&[f64::NAN; 20], &default()).is_empty());
}

/// `zenbench history analyze` runs at alpha 0.0005 (1.2% false changes in
/// flat series, above): the steps of the tests above are still found.
#[test]
fn the_history_tools_alpha_keeps_the_power() {
    let strict = ChangePointConfig {
        alpha: 0.0005,
        ..default()
    };
    let one = (0..SERIES)
        .filter(|&i| {
            let x = noisy(&[(40, 100.0), (40, 110.0)], 0x57e9 ^ i);
            near(&change_points(&x, &strict), 40).is_some()
        })
        .count();
    let recent = |k: usize| {
        (0..SERIES)
            .filter(|&i| {
                let x = noisy(&[(60, 100.0), (k, 110.0)], 0x7ece ^ (i << 8) ^ k as u64);
                near(&change_points(&x, &strict), 60).is_some()
            })
            .count()
    };
    let rates: Vec<usize> = [4, 5, 6].into_iter().map(recent).collect();
    println!(
        "alpha 0.0005: +10% step at 40 found in {one}/{SERIES}; last k = 4, 5, 6 points +10%: {rates:?}"
    );
    assert!(one >= 990, "{one}");
    assert!(rates[1] >= 850 && rates[2] >= 970, "{rates:?}");
}
