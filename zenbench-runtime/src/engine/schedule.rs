//! The round schedule: which bench runs when, at how many iterations and at
//! which stack offset. Seeded, so a seed replays the same orders.

use super::executor::SampleRequest;
use crate::plan::GroupPlan;

/// Relative spread of the iteration-count jitter: counts vary by ±20%.
pub(crate) const ITER_JITTER: f64 = 0.2;

/// Rounds, orders, jitter and iteration counts of one group.
pub(crate) struct RoundSchedule {
    /// Benches with the same class share a round's iteration count.
    classes: Vec<usize>,
    /// Base iterations per sample, per bench (equal within a class).
    iters: Vec<u64>,
    linear_sampling: bool,
    cache_firewall: bool,
    /// Shuffles measured rounds: seeded, so a seed replays the same orders.
    rng: fastrand::Rng,
    /// Shuffles warm-up rounds, whose number depends on the clock.
    warm_rng: fastrand::Rng,
    /// Draws stack offsets and iteration jitter.
    jitter_rng: fastrand::Rng,
    /// Measured rounds handed out so far.
    rounds: u64,
}

impl RoundSchedule {
    pub(crate) fn new(plan: &GroupPlan, seed: u64) -> Self {
        RoundSchedule {
            classes: plan.classes.clone(),
            iters: vec![1; plan.benches.len()],
            linear_sampling: plan.config.linear_sampling,
            cache_firewall: plan.config.cache_firewall,
            rng: fastrand::Rng::with_seed(seed),
            warm_rng: fastrand::Rng::with_seed(seed ^ 0x5741_524d),
            jitter_rng: fastrand::Rng::with_seed(seed ^ 0x0053_5441_434b),
            rounds: 0,
        }
    }

    /// Measured rounds so far.
    pub(crate) fn rounds(&self) -> u64 {
        self.rounds
    }

    /// Base iterations per sample of bench `i`.
    pub(crate) fn iters(&self, i: usize) -> u64 {
        self.iters[i]
    }

    /// The class of every bench.
    pub(crate) fn classes(&self) -> &[usize] {
        &self.classes
    }

    /// Sets the base count of every bench of `class`.
    pub(crate) fn set_class_iters(&mut self, class: usize, iters: u64) {
        for (i, &c) in self.classes.iter().enumerate() {
            if c == class {
                self.iters[i] = iters.max(1);
            }
        }
    }

    /// One sample of bench `i` at `iters`, at a fresh stack offset; `flush`
    /// evicts the L2 first (besides `cache_firewall`, which always does).
    pub(crate) fn request(&mut self, bench: usize, iters: u64, flush: bool) -> SampleRequest {
        SampleRequest {
            bench,
            iters,
            stack_offset: self.jitter_rng.usize(..crate::measure::stack::MAX_OFFSET),
            flush_cache: flush || self.cache_firewall,
            n: None,
        }
    }

    /// One round over `active`: every bench once, in a fresh random order, at
    /// an iteration count jittered by ±20% around its class's count (the same
    /// for every bench of a class in this round, so pairs stay paired), which
    /// breaks aliasing with periodic interrupts and timers. With
    /// `linear_sampling` the counts follow a ramp instead. A measured round
    /// (`keep`) counts; a warm-up round does not.
    pub(crate) fn round(&mut self, active: &[usize], keep: bool) -> Vec<SampleRequest> {
        let mut order = active.to_vec();
        if keep {
            self.rng.shuffle(&mut order);
        } else {
            self.warm_rng.shuffle(&mut order);
        }
        let ramp = self.linear_sampling.then(|| linear_ramp(self.rounds));
        let mut factors: Vec<Option<f64>> = vec![None; self.classes.len()];
        let mut requests = Vec::with_capacity(order.len());
        for &i in &order {
            let class = self.classes[i];
            let factor = match factors[class] {
                Some(f) => f,
                None => {
                    let f = match ramp {
                        Some(r) => r,
                        None => jitter_factor(&mut self.jitter_rng),
                    };
                    factors[class] = Some(f);
                    f
                }
            };
            let iters = jittered(self.iters[i], factor);
            requests.push(self.request(i, iters, false));
        }
        if keep {
            self.rounds += 1;
        }
        requests
    }
}

/// `linear_sampling`: round `r` runs `(r mod 10 + 1) / 5.5` times the base
/// count — ten evenly spaced counts whose mean is the base count — so the
/// slope of sample time on iteration count separates the per-iteration cost
/// from any fixed cost per sample.
pub(crate) fn linear_ramp(round: u64) -> f64 {
    ((round % 10) + 1) as f64 / 5.5
}

/// A factor uniform in `[1 - ITER_JITTER, 1 + ITER_JITTER]`.
pub(crate) fn jitter_factor(rng: &mut fastrand::Rng) -> f64 {
    1.0 + ITER_JITTER * (2.0 * rng.f64() - 1.0)
}

/// `iters` scaled by `factor`, at least 1.
pub(crate) fn jittered(iters: u64, factor: f64) -> u64 {
    ((iters as f64 * factor).round() as u64).max(1)
}
