//! Validation of `RunEstimate` and `cross_run_change` by a simulation of
//! separate runs with a known truth (the reference values computed
//! independently are checked in `crossrun_reference.rs`).
//!
//! **Reference values** come from `fixtures/crossrun_reference.py` (mpmath at 40
//! digits, Student-t quantiles by root-finding on mpmath's incomplete beta function)
//! and from hand arithmetic written out beside each batch-means case.
//!
//! **Simulation model of one run.** n rounds; sample i is
//!
//! xᵢ = μ·(1 + δ) · e^u · (1 + 0.02·zᵢ) · oᵢ,
//!
//! with μ = 100 ns, u ~ N(0, 0.003²) the run's own offset (below the configured
//! `run_noise` of 0.5%), zᵢ standard normal, either iid or AR(1) with φ = 0.9
//! (zᵢ = φzᵢ₋₁ + √(1 − φ²)·εᵢ, started stationary, so the marginal CV is 2% in both),
//! and oᵢ = 1 except for 1% of samples, where oᵢ ~ U(1.5, 3). The old run has δ = 0;
//! the new run has the true change δ (the outliers hit both runs alike, so the ratio
//! of the true means is 1 + δ). Cells: n ∈ {30, 300, 3000} × {iid, AR(1)}, 1000 pairs
//! each, fixed seeds. The "clean" model is the same without the outliers.
//!
//! A rate from 1000 trials with true rate p has standard error √(p(1 − p)/1000);
//! "at most 1%" is asserted as at most 1% + 3 SE = 1.94%.
//!
//! **Measured** (1000 pairs per cell; `cargo test -p zenbench-stats --test crossrun`
//! prints these; the last column comes from the ignored `smallest_delta_table`):
//!
//! | model | n | A/A Regression (5%) | A/A CI excl. 0 (thr. 0) | same, iid SE, run_noise 0 | +10% → Regression | −10% → Improved | smallest +δ / −δ at 100% |
//! |---|---|---|---|---|---|---|---|
//! | iid + outliers | 30 | 0 | 0.1% | 5.1% | 56.6% | 58.6% | +60% / −35% |
//! | iid + outliers | 300 | 0 | 0.1% | 2.7% | 83.6% | 91.8% | +14% / −13% |
//! | iid + outliers | 3000 | 0 | 0.0% | 18.7% | 100% | 100% | +10% / −9% |
//! | AR(1) + outliers | 30 | 0 | **10.3%** | 35.6% | 45.8% | 47.1% | +59% / −44% |
//! | AR(1) + outliers | 300 | 0 | 1.0% | 7.8% | 73.7% | 86.2% | +18% / −14% |
//! | AR(1) + outliers | 3000 | 0 | 0.2% | 21.1% | 100% | 100% | +10% / −9% |
//! | iid clean | 30 | 0 | 0.4% | 11.1% | 99.3% | 100% | +11% / −10% |
//! | iid clean | 300 | 0 | 0.0% | 53.1% | 100% | 100% | +9% / −9% |
//! | iid clean | 3000 | 0 | 0.0% | 87.0% | 100% | 100% | +9% / −9% |
//! | AR(1) clean | 30 | 0 | **24.8%** | 69.8% | 76.2% | 81.5% | +18% / −15% |
//! | AR(1) clean | 300 | 0 | **3.8%** | 69.9% | 99.4% | 99.8% | +12% / −11% |
//! | AR(1) clean | 3000 | 0 | 0.0% | 85.1% | 100% | 100% | +10% / −9% |
//!
//! What the table says:
//!
//! - No A/A pair in any cell is called a Regression at the default ±5%.
//! - The 99% interval holds its level except where the batches are shorter than the
//!   correlation: AR(1) with φ = 0.9 has an integrated correlation time of
//!   (1 + φ)/(1 − φ) = 19 rounds, and ⌊√30⌋ = 5-round batches cannot see it (the
//!   batch-means variance is still about a third of the truth). At n = 300 the
//!   17-round batches get close enough when the outliers' independent variance adds
//!   to the total (1.0%), not without them (3.8%); from n = 3000 the level holds.
//!   Batch means still halve the iid error rate there (10.3% against 17.8% with the
//!   iid error and the same run noise, `iid_standard_error_is_not_enough`).
//! - The outliers dominate the variance: a 1% chance of a sample 1.5–3× slower raises
//!   the per-sample standard deviation from 2% to about 13%, so the mean of 30
//!   samples is uncertain by about ±2.4% per run and a +10% change is a Regression in
//!   only about half of the pairs; the 99% power for n ≥ 30 (iid) and n ≥ 300
//!   (AR(1)) holds in the clean model, and with outliers from n = 3000.
//! - With many rounds the run noise sets the floor: its ±1.8% (99%, two runs at 0.5%)
//!   plus the 5% threshold make +9–10% the smallest change called in every pair.

use std::sync::OnceLock;

mod crossrun_common;
use crossrun_common::summary_estimate;

use zenbench_stats::{
    cross_run_change, run_noise_from_history, CrossRunConfig, CrossRunVerdict, RunEstimate,
};

/// Mean time in ns.
const MU: f64 = 100.0;
/// Within-run coefficient of variation of a sample.
const CV: f64 = 0.02;
/// Standard deviation of the log of a run's own offset.
const SIGMA_RUN: f64 = 0.003;
/// AR(1) coefficient of the correlated model.
const PHI: f64 = 0.9;
/// Share of samples hit by an outlier (factor U(1.5, 3)).
const OUTLIER_P: f64 = 0.01;
/// Pairs of runs per cell.
const PAIRS: usize = 1000;
/// Rounds per run.
const SIZES: [usize; 3] = [30, 300, 3000];

/// p + 3 standard errors of a rate estimated from `n` trials.
fn binomial_upper(p: f64, n: usize) -> f64 {
    p + 3.0 * (p * (1.0 - p) / n as f64).sqrt()
}

/// Noise of the simulated runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Model {
    /// AR(1) with φ = 0.9 instead of iid.
    ar: bool,
    /// 1% of samples 1.5–3× slower.
    outliers: bool,
}

impl Model {
    const IID: Model = Model {
        ar: false,
        outliers: true,
    };
    const AR: Model = Model {
        ar: true,
        outliers: true,
    };
    const IID_CLEAN: Model = Model {
        ar: false,
        outliers: false,
    };
    const AR_CLEAN: Model = Model {
        ar: true,
        outliers: false,
    };
    const ALL: [Model; 4] = [Model::IID, Model::AR, Model::IID_CLEAN, Model::AR_CLEAN];

    fn name(self) -> &'static str {
        match (self.ar, self.outliers) {
            (false, true) => "iid + outliers",
            (true, true) => "AR(1) + outliers",
            (false, false) => "iid clean",
            (true, false) => "AR(1) clean",
        }
    }
}

/// Standard normal variate (Box–Muller, cosine branch).
fn std_normal(rng: &mut fastrand::Rng) -> f64 {
    let u1 = 1.0 - rng.f64(); // (0, 1]
    let u2 = rng.f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// One run: `n` rounds of a benchmark whose true mean is μ(1 + δ).
fn run(n: usize, delta: f64, model: Model, seed: u64) -> Vec<f64> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let offset = (SIGMA_RUN * std_normal(&mut rng)).exp();
    let innovation = (1.0 - PHI * PHI).sqrt();
    let mut z = std_normal(&mut rng);
    (0..n)
        .map(|i| {
            if i > 0 {
                z = if model.ar {
                    PHI * z + innovation * std_normal(&mut rng)
                } else {
                    std_normal(&mut rng)
                };
            }
            let o = if model.outliers && rng.f64() < OUTLIER_P {
                1.5 + 1.5 * rng.f64()
            } else {
                1.0
            };
            MU * (1.0 + delta) * offset * (1.0 + CV * z) * o
        })
        .collect()
}

/// Old and new run of one pair, by batch means and by the iid summary.
#[derive(Clone, Copy)]
struct Pair {
    old: RunEstimate,
    new: RunEstimate,
    old_iid: RunEstimate,
    new_iid: RunEstimate,
    old_w: RunEstimate,
    new_w: RunEstimate,
}

/// Seed of run `side` (0 old, 1 new) of pair `i` of a cell.
fn seed(n: usize, delta: f64, model: Model, i: usize, side: u64) -> u64 {
    let d = ((delta * 1000.0).round() as i64 + 500) as u64;
    0x9e37_79b9_7f4a_7c15
        ^ ((n as u64) << 40)
        ^ (d << 28)
        ^ ((model.ar as u64) << 27)
        ^ ((model.outliers as u64) << 26)
        ^ ((i as u64) << 1)
        ^ side
}

/// The pairs of a cell: an old run with δ = 0 and a new run with δ = `delta`.
fn pairs(n: usize, delta: f64, model: Model) -> Vec<Pair> {
    (0..PAIRS)
        .map(|i| {
            let old = run(n, 0.0, model, seed(n, delta, model, i, 0));
            let new = run(n, delta, model, seed(n, delta, model, i, 1));
            Pair {
                old: RunEstimate::from_samples(&old),
                new: RunEstimate::from_samples(&new),
                old_iid: summary_estimate(&old),
                new_iid: summary_estimate(&new),
                old_w: RunEstimate::from_samples_winsorized(&old),
                new_w: RunEstimate::from_samples_winsorized(&new),
            }
        })
        .collect()
}

/// Verdict rates over a cell.
#[derive(Debug, Default, Clone, Copy)]
struct Rates {
    regression: f64,
    improved: f64,
    unchanged: f64,
    uncertain: f64,
}

impl Rates {
    /// Rate of CIs excluding 0, when the threshold is 0.
    fn decided(&self) -> f64 {
        self.regression + self.improved
    }
}

fn rates(cell: &[Pair], iid: bool, cfg: &CrossRunConfig) -> Rates {
    rates_of(cell, if iid { Est::Iid } else { Est::Batch }, cfg)
}

/// Which estimate of a pair a rate is of.
#[derive(Clone, Copy, PartialEq)]
enum Est {
    Batch,
    Iid,
    Winsorized,
}

fn rates_of(cell: &[Pair], est: Est, cfg: &CrossRunConfig) -> Rates {
    let mut r = Rates::default();
    for p in cell {
        let (old, new) = match est {
            Est::Iid => (p.old_iid, p.new_iid),
            Est::Batch => (p.old, p.new),
            Est::Winsorized => (p.old_w, p.new_w),
        };
        match cross_run_change(&old, &new, cfg).verdict {
            CrossRunVerdict::Regression => r.regression += 1.0,
            CrossRunVerdict::Improved => r.improved += 1.0,
            CrossRunVerdict::Unchanged => r.unchanged += 1.0,
            CrossRunVerdict::Uncertain => r.uncertain += 1.0,
        }
    }
    let k = cell.len() as f64;
    Rates {
        regression: r.regression / k,
        improved: r.improved / k,
        unchanged: r.unchanged / k,
        uncertain: r.uncertain / k,
    }
}

/// The cell (model, n, δ ∈ {0, +10%, −10%}), simulated once per test binary.
fn cell(model: Model, n: usize, delta_pct: i32) -> &'static [Pair] {
    const DELTAS: [i32; 3] = [0, 10, -10];
    static CELLS: [OnceLock<Vec<Pair>>; 36] = [const { OnceLock::new() }; 36];
    let m = Model::ALL.iter().position(|&x| x == model).unwrap();
    let s = SIZES.iter().position(|&x| x == n).unwrap();
    let d = DELTAS.iter().position(|&x| x == delta_pct).unwrap();
    CELLS[(m * 3 + s) * 3 + d].get_or_init(|| pairs(n, delta_pct as f64 / 100.0, model))
}

fn threshold_zero() -> CrossRunConfig {
    CrossRunConfig {
        threshold: 0.0,
        ..CrossRunConfig::default()
    }
}

/// A/A: at the default ±5% threshold no pair in any cell is a Regression.
#[test]
fn aa_no_false_regressions() {
    for model in Model::ALL {
        for n in SIZES {
            let r = rates(cell(model, n, 0), false, &CrossRunConfig::default());
            println!(
                "{:>16} n={n:>4}: A/A at ±5%: Regression {:.1}%, Improved {:.1}%, Unchanged {:.1}%, Uncertain {:.1}%",
                model.name(),
                100.0 * r.regression,
                100.0 * r.improved,
                100.0 * r.unchanged,
                100.0 * r.uncertain
            );
            assert_eq!(r.regression, 0.0, "{} n={n}", model.name());
            // The one A/A Improved in the table is in the AR(1) n = 30 cell, whose
            // interval is too narrow (see `coverage_at_threshold_zero`).
            assert!(r.improved <= 0.002, "{} n={n}: {r:?}", model.name());
        }
    }
}

/// With threshold 0 the verdict is decided exactly when the 99% CI excludes 0: under
/// A/A that must happen in at most 1% (+ 3 SE) of pairs. It does in every cell of
/// the outlier model but AR(1) at n = 30, where 5-round batches cannot see a
/// 19-round correlation time (documented in the table above; asserted here so that a
/// change in either direction is noticed).
#[test]
fn coverage_at_threshold_zero() {
    let limit = binomial_upper(0.01, PAIRS);
    for model in [Model::IID, Model::AR] {
        for n in SIZES {
            let rate = rates(cell(model, n, 0), false, &threshold_zero()).decided();
            println!(
                "{:>16} n={n:>4}: A/A CI excludes 0 in {:.1}%",
                model.name(),
                100.0 * rate
            );
            if model == Model::AR && n == 30 {
                assert!((0.05..0.15).contains(&rate), "AR(1) n=30: {rate}");
            } else {
                assert!(rate <= limit, "{} n={n}: {rate}", model.name());
            }
        }
    }
    // Without outliers the AR(1) cells lean on the batch means alone: only n = 3000
    // holds the level (printed for the table; the iid clean cells hold it too).
    for model in [Model::IID_CLEAN, Model::AR_CLEAN] {
        for n in SIZES {
            let rate = rates(cell(model, n, 0), false, &threshold_zero()).decided();
            println!(
                "{:>16} n={n:>4}: A/A CI excludes 0 in {:.1}%",
                model.name(),
                100.0 * rate
            );
            if !model.ar || n == 3000 {
                assert!(rate <= limit, "{} n={n}: {rate}", model.name());
            }
        }
    }
}

/// Why the inflation (and the run noise) are needed: the same AR(1) pairs judged by
/// the iid standard error of a summary with `run_noise` 0 exclude 0 far more often;
/// with the run noise but still the iid error, the n = 30 cell is worse than with
/// batch means.
#[test]
fn iid_standard_error_is_not_enough() {
    let naive = CrossRunConfig {
        run_noise: 0.0,
        ..threshold_zero()
    };
    for model in [Model::IID, Model::IID_CLEAN, Model::AR_CLEAN] {
        for n in SIZES {
            let iid = rates(cell(model, n, 0), true, &naive).decided();
            println!(
                "{:>16} n={n:>4}: CI excludes 0 with the iid SE and no run noise: {:.1}%",
                model.name(),
                100.0 * iid
            );
        }
    }
    for n in SIZES {
        let c = cell(Model::AR, n, 0);
        let iid = rates(c, true, &naive).decided();
        let iid_with_noise = rates(c, true, &threshold_zero()).decided();
        let batch = rates(c, false, &threshold_zero()).decided();
        let inflation = c.iter().map(|p| p.old.inflation).sum::<f64>() / c.len() as f64;
        println!(
            "AR(1) + outliers n={n:>4}: CI excludes 0: iid SE, no run noise {:.1}%; iid SE {:.1}%; batch means {:.1}% (mean inflation {inflation:.2})",
            100.0 * iid,
            100.0 * iid_with_noise,
            100.0 * batch
        );
        assert!(iid > 0.05, "n={n}: {iid}");
        assert!(iid_with_noise >= batch, "n={n}");
    }
    let c = cell(Model::AR, 30, 0);
    assert!(
        rates(c, true, &threshold_zero()).decided()
            > rates(c, false, &threshold_zero()).decided() + 0.03
    );
}

/// A true ±10% change at the default ±5% threshold. Clean model: Regression
/// (Improved) in ≥ 99% of pairs for n ≥ 30 iid and n ≥ 300 AR(1). With the outliers
/// only from n = 3000 (see the table above for why); the lower cells are held to
/// floors a little below their measured rates. Never the wrong direction.
#[test]
fn power_for_ten_percent() {
    let cfg = CrossRunConfig::default();
    for model in Model::ALL {
        for n in SIZES {
            let up = rates(cell(model, n, 10), false, &cfg);
            let down = rates(cell(model, n, -10), false, &cfg);
            println!(
                "{:>16} n={n:>4}: +10% Regression {:.1}%, −10% Improved {:.1}%",
                model.name(),
                100.0 * up.regression,
                100.0 * down.improved
            );
            assert_eq!(up.improved, 0.0, "{} n={n}", model.name());
            assert_eq!(down.regression, 0.0, "{} n={n}", model.name());
            let floor = match (model.outliers, model.ar, n) {
                (false, false, _) | (false, true, 300 | 3000) | (true, _, 3000) => 0.99,
                (false, true, 30) => 0.7,
                (true, _, 300) => 0.7,
                _ => 0.4,
            };
            assert!(up.regression >= floor, "{} n={n}: {up:?}", model.name());
            assert!(down.improved >= floor, "{} n={n}: {down:?}", model.name());
        }
    }
}

/// The winsorized estimate (what zenbench compares with): the outliers no longer
/// cost the power, and the level holds as for the plain mean.
#[test]
fn winsorizing_restores_power_and_keeps_the_level() {
    let cfg = CrossRunConfig::default();
    let limit = binomial_upper(0.01, PAIRS);
    for model in Model::ALL {
        for n in SIZES {
            let aa = rates_of(cell(model, n, 0), Est::Winsorized, &cfg);
            let excl = rates_of(cell(model, n, 0), Est::Winsorized, &threshold_zero()).decided();
            let up = rates_of(cell(model, n, 10), Est::Winsorized, &cfg);
            let down = rates_of(cell(model, n, -10), Est::Winsorized, &cfg);
            println!(
                "{:>16} n={n:>4} winsorized: A/A Regression {:.1}%, CI excludes 0 {:.1}%, +10% Regression {:.1}%, −10% Improved {:.1}%",
                model.name(),
                100.0 * aa.regression,
                100.0 * excl,
                100.0 * up.regression,
                100.0 * down.improved
            );
            assert_eq!(aa.regression, 0.0, "{} n={n}", model.name());
            assert_eq!(up.improved + down.regression, 0.0, "{} n={n}", model.name());
            if !(model.ar && n < 3000) {
                assert!(excl <= limit, "{} n={n}: {excl}", model.name());
            }
            let floor = if model.ar && n == 30 { 0.7 } else { 0.99 };
            assert!(up.regression >= floor, "{} n={n}: {up:?}", model.name());
            assert!(down.improved >= floor, "{} n={n}: {down:?}", model.name());
        }
    }
}

/// The smallest δ, in steps of 1%, at which every one of the 1000 pairs of a cell is
/// a Regression (or, for −δ, Improved). Slow (about 20 s): run with `--ignored`.
#[test]
#[ignore]
fn smallest_delta_table() {
    let cfg = CrossRunConfig::default();
    for model in Model::ALL {
        for n in SIZES {
            let first = |sign: f64, want: fn(&Rates) -> f64| {
                (1..=100).find(|&d| {
                    want(&rates(
                        &pairs(n, sign * d as f64 / 100.0, model),
                        false,
                        &cfg,
                    )) == 1.0
                })
            };
            println!(
                "{:>16} n={n:>4}: smallest +δ {:?}%, smallest −δ {:?}%",
                model.name(),
                first(1.0, |r| r.regression),
                first(-1.0, |r| r.improved)
            );
        }
    }
}

/// By simulation (2000 histories of 30 runs each): unbiased for normal run
/// offsets, hardly moved by one real step, and about half the gap for a
/// machine whose runs fall into two states.
#[test]
fn run_noise_from_history_by_simulation() {
    let mut rng = fastrand::Rng::with_seed(41);
    let mut mean_of = |sigma: f64, step_at: Option<usize>, bimodal: f64| -> f64 {
        let mut total = 0.0;
        for _ in 0..2000 {
            let means: Vec<f64> = (0..30)
                .map(|i| {
                    let level = if step_at.is_some_and(|s| i >= s) {
                        1.2
                    } else {
                        1.0
                    };
                    let state = if bimodal > 0.0 && rng.bool() {
                        1.0 + bimodal
                    } else {
                        1.0
                    };
                    100.0 * level * state * (sigma * std_normal(&mut rng)).exp()
                })
                .collect();
            total += run_noise_from_history(&means);
        }
        total / 2000.0
    };
    for sigma in [0.005, 0.02] {
        let plain = mean_of(sigma, None, 0.0);
        assert!((plain / sigma - 1.0).abs() < 0.05, "σ={sigma}: {plain}");
        let stepped = mean_of(sigma, Some(15), 0.0);
        assert!(
            (stepped / sigma - 1.0).abs() < 0.15,
            "σ={sigma} with a step: {stepped}"
        );
    }
    let two_states = mean_of(0.002, None, 0.14);
    assert!(two_states > 0.05, "two states 14% apart: {two_states}");
}
