//! Simulated benchmark runs with a known truth, shared by `tests/simulation.rs` and
//! `examples/validate.rs` (which includes this file with `#[path]`).
//!
//! A run has `rounds` rounds; in round i the baseline and the candidate are each
//! measured once, back to back, so both see the same *machine state* mᵢ (frequency,
//! thermal state, background load) and each sample carries its own *sample noise*
//! εᵢ (mean 1):
//!
//! baselineᵢ = μ · mᵢ · εᵢ,   candidateᵢ = μ · (1 + δ) · mᵢ · ε′ᵢ
//!
//! so the true change is δ exactly, in every model. μ = 100 ns.
#![allow(dead_code)]

use zenbench_stats::{welch_t_test, PairedAnalysis, PairedConfig, Verdict};

/// Mean time of the baseline in ns.
pub const MU: f64 = 100.0;
/// Per-round coefficient of variation of the sample noise.
pub const CV: f64 = 0.02;
/// Rounds per simulated run.
pub const ROUNDS: usize = 100;

/// A noise model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// ε ~ Normal(1, CV²), machine state constant.
    Normal,
    /// ε = 1 + k(e^Z − √e), Z ~ N(0,1), k chosen so sd(ε) = CV: right-skewed with a
    /// heavy upper tail (skewness ≈ 6, excess kurtosis ≈ 110), mean still 1.
    LogNormal,
    /// Normal ε, and each sample independently (p = 1%) takes 10× as long, like an
    /// interrupt or a page fault landing in it.
    Spikes,
    /// Normal ε, and the machine slows down linearly by 0.3% per round (30% over a
    /// 100-round run), for both arms alike.
    Drift,
    /// Normal ε, and the machine alternates between normal and 30%-slower stretches
    /// (enter with p = 0.05 per round, leave with p = 0.2: slow 20% of the time, in
    /// stretches of 5 rounds on average), for both arms alike.
    Phase,
    /// Normal ε, and each sample independently (p = 30%) runs 1.2–3× slower
    /// (uniform): a CPU-bound neighbour taking the core for part of the sample.
    /// Heavy, one-sided contamination of either arm of a round.
    Preempted,
}

impl Model {
    /// Every model, in table order.
    pub const ALL: [Model; 6] = [
        Model::Normal,
        Model::LogNormal,
        Model::Spikes,
        Model::Drift,
        Model::Phase,
        Model::Preempted,
    ];

    /// Short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Model::Normal => "normal",
            Model::LogNormal => "lognormal tail",
            Model::Spikes => "10x spikes 1%",
            Model::Drift => "linear drift",
            Model::Phase => "phase noise",
            Model::Preempted => "preempted 30%",
        }
    }
}

/// Standard normal variate (Box–Muller, cosine branch).
fn std_normal(rng: &mut fastrand::Rng) -> f64 {
    let u1 = 1.0 - rng.f64(); // (0, 1]
    let u2 = rng.f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// One sample's multiplicative noise ε (mean 1).
fn sample_noise(model: Model, rng: &mut fastrand::Rng) -> f64 {
    match model {
        Model::LogNormal => {
            // Var(e^Z) = (e − 1)e; E e^Z = √e.
            let e = std::f64::consts::E;
            let k = CV / ((e - 1.0) * e).sqrt();
            1.0 + k * (std_normal(rng).exp() - e.sqrt())
        }
        Model::Spikes => {
            let spike = if rng.f64() < 0.01 { 10.0 } else { 1.0 };
            (1.0 + CV * std_normal(rng)) * spike
        }
        Model::Preempted => {
            let stretch = if rng.f64() < 0.3 {
                1.2 + 1.8 * rng.f64()
            } else {
                1.0
            };
            (1.0 + CV * std_normal(rng)) * stretch
        }
        Model::Normal | Model::Drift | Model::Phase => 1.0 + CV * std_normal(rng),
    }
}

/// The machine state m₀ … m_{len−1} shared by everything measured in a round.
fn machine_states(model: Model, len: usize, rng: &mut fastrand::Rng) -> Vec<f64> {
    match model {
        Model::Drift => (0..len).map(|i| 1.0 + 0.003 * i as f64).collect(),
        Model::Phase => {
            let mut slow = false;
            (0..len)
                .map(|_| {
                    slow = if slow {
                        rng.f64() >= 0.2
                    } else {
                        rng.f64() < 0.05
                    };
                    if slow {
                        1.3
                    } else {
                        1.0
                    }
                })
                .collect()
        }
        _ => vec![1.0; len],
    }
}

/// One interleaved run: `rounds` rounds, both arms measured in each.
pub fn paired_run(model: Model, effect: f64, rounds: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let m = machine_states(model, rounds, &mut rng);
    let base = m
        .iter()
        .map(|mi| MU * mi * sample_noise(model, &mut rng))
        .collect();
    let cand = m
        .iter()
        .map(|mi| MU * (1.0 + effect) * mi * sample_noise(model, &mut rng))
        .collect();
    (base, cand)
}

/// Two separate runs: the baseline's `rounds` samples, then the candidate's, on a
/// machine whose state keeps evolving (the classic "run A, then run B" comparison).
pub fn separate_runs(model: Model, effect: f64, rounds: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let m = machine_states(model, 2 * rounds, &mut rng);
    let base = m[..rounds]
        .iter()
        .map(|mi| MU * mi * sample_noise(model, &mut rng))
        .collect();
    let cand = m[rounds..]
        .iter()
        .map(|mi| MU * (1.0 + effect) * mi * sample_noise(model, &mut rng))
        .collect();
    (base, cand)
}

/// Outcome counts over many simulated comparisons with the same truth.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally {
    /// Comparisons run.
    pub runs: usize,
    /// Verdict counts.
    pub faster: usize,
    pub slower: usize,
    pub same: usize,
    pub uncertain: usize,
    /// CI entirely above 0 / entirely below 0.
    pub significant_up: usize,
    pub significant_down: usize,
    /// CI contained the true change (in %).
    pub covered: usize,
    /// Sum of CI widths, percentage points.
    pub width_sum: f64,
}

impl Tally {
    /// Fraction of runs.
    pub fn rate(&self, count: usize) -> f64 {
        count as f64 / self.runs as f64
    }

    /// Rate of verdict Faster or Slower.
    pub fn decided_rate(&self) -> f64 {
        self.rate(self.faster + self.slower)
    }

    /// Rate of CIs excluding zero, either side.
    pub fn significant_rate(&self) -> f64 {
        self.rate(self.significant_up + self.significant_down)
    }

    /// Rate of CIs containing the truth.
    pub fn coverage(&self) -> f64 {
        self.rate(self.covered)
    }

    /// Mean CI width in percentage points.
    pub fn mean_width(&self) -> f64 {
        self.width_sum / self.runs as f64
    }

    fn add(&mut self, a: &PairedAnalysis, truth_pct: f64) {
        self.runs += 1;
        match a.verdict() {
            Verdict::Faster => self.faster += 1,
            Verdict::Slower => self.slower += 1,
            Verdict::Same => self.same += 1,
            Verdict::Uncertain => self.uncertain += 1,
        }
        if a.significant() {
            if a.ci_pct.lower > 0.0 {
                self.significant_up += 1;
            } else {
                self.significant_down += 1;
            }
        }
        if a.ci_pct.contains(truth_pct) {
            self.covered += 1;
        }
        self.width_sum += a.ci_pct.width();
    }

    /// Sums two tallies.
    pub fn merge(mut self, o: Tally) -> Tally {
        self.runs += o.runs;
        self.faster += o.faster;
        self.slower += o.slower;
        self.same += o.same;
        self.uncertain += o.uncertain;
        self.significant_up += o.significant_up;
        self.significant_down += o.significant_down;
        self.covered += o.covered;
        self.width_sum += o.width_sum;
        self
    }
}

/// Seed of comparison `i` of a cell: distinct streams per model, effect and index.
pub fn seed_of(model: Model, effect: f64, i: usize) -> u64 {
    let m = Model::ALL.iter().position(|&x| x == model).unwrap() as u64;
    let e = (effect * 1e6).round() as i64 as u64;
    0x2545_f491_4f6c_dd1d ^ (m << 56) ^ (e << 32) ^ i as u64
}

/// Runs comparisons `range` of a cell (true change `effect`, a fraction) and tallies
/// them against the truth.
pub fn run_cell(
    model: Model,
    effect: f64,
    rounds: usize,
    range: std::ops::Range<usize>,
    cfg: &PairedConfig,
) -> Tally {
    let mut t = Tally::default();
    for i in range {
        let (b, c) = paired_run(model, effect, rounds, seed_of(model, effect, i));
        t.add(&PairedAnalysis::new(&b, &c, cfg), effect * 100.0);
    }
    t
}

/// Rate at which Welch's t-test (p < 0.05) finds a difference between two separate,
/// consecutive runs of the same code (true change `effect`).
pub fn separate_runs_welch_rate(
    model: Model,
    effect: f64,
    rounds: usize,
    comparisons: usize,
) -> f64 {
    let hits = (0..comparisons)
        .filter(|&i| {
            let (b, c) = separate_runs(model, effect, rounds, seed_of(model, effect, i) ^ 0x5e9a);
            welch_t_test(&b, &c).p < 0.05
        })
        .count();
    hits as f64 / comparisons as f64
}
