//! The engine: estimate iteration counts, then run a group's benchmarks in
//! interleaved rounds (every bench once per round, freshly shuffled order)
//! until the comparisons converge or the budget runs out.
//!
//! The pieces: the [`RoundSchedule`] decides what runs when; an
//! [`Executor`] takes each sample (in this process, or elsewhere) and
//! returns plain data; the [`SampleStore`] keeps what came back;
//! `convergence` decides when to stop and `finish` turns the store into a
//! [`GroupResult`]. [`run_plan`] runs every group of a plan.

mod convergence;
mod executor;
mod finish;
mod run;
mod schedule;
mod store;

pub(crate) use run::run_plan;

use crate::measure::gate::GateStats;
use crate::measure::timer::{LoopOverhead, Timer};
use crate::plan::GroupPlan;
use crate::result::{GateReport, GroupResult, StopReason};
use convergence::resolved;
use executor::{Executor, InProcess, SampleRequest};
use finish::{group_result, Ended};
use schedule::RoundSchedule;
use std::time::Instant;
use store::SampleStore;

/// Each sample should last at least this many timer resolutions.
const RESOLUTION_FACTOR: f64 = 1000.0;

/// What the engine reports while a group runs (for the progress line).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tick<'a> {
    pub group: &'a str,
    pub round: u64,
    pub elapsed_s: f64,
    pub budget_s: f64,
}

/// Run-wide inputs of the engine.
pub(crate) struct EngineCtx<'a> {
    /// Smoke test: one iteration of each bench, no statistics.
    pub smoke: bool,
    /// Seed of the shuffles and bootstraps of this group.
    pub seed: u64,
    pub on_tick: &'a mut dyn FnMut(&Tick<'_>),
    /// Holds rounds back while the machine is busy (resource gate).
    pub gate: Option<&'a mut crate::measure::gate::Gate>,
}

/// One group while it runs.
pub(crate) struct GroupRunner<'p> {
    plan: &'p GroupPlan,
    executor: Box<dyn Executor + 'p>,
    schedule: RoundSchedule,
    store: SampleStore,
    /// Resource-gate waits of this group.
    gate: GateStats,
}

impl<'p> GroupRunner<'p> {
    /// A runner whose samples are taken in this process with `timer`.
    pub(crate) fn new(plan: &'p GroupPlan, timer: Timer, seed: u64) -> Self {
        Self::with_executor(plan, Box::new(InProcess::new(plan, timer)), seed)
    }

    /// A runner whose samples `executor` takes.
    pub(crate) fn with_executor(
        plan: &'p GroupPlan,
        executor: Box<dyn Executor + 'p>,
        seed: u64,
    ) -> Self {
        GroupRunner {
            plan,
            executor,
            schedule: RoundSchedule::new(plan, seed),
            store: SampleStore::new(
                plan.benches.iter().map(|b| b.throughput).collect(),
                plan.config.linear_sampling,
            ),
            gate: GateStats::default(),
        }
    }

    /// Subtracts `overhead` (the empty loop's cost per iteration, by Bencher
    /// method) from every measured sample, and `alloc_overhead_ns` (the
    /// allocation profiler's cost per counted allocator call) per allocation
    /// event of each iteration.
    pub(crate) fn with_overhead(mut self, overhead: LoopOverhead, alloc_overhead_ns: f64) -> Self {
        self.store.set_overhead(overhead, alloc_overhead_ns);
        self
    }

    /// Takes one sample; a failure marks the bench failed.
    fn take(&mut self, request: &SampleRequest) -> Option<crate::measure::bencher::Sample> {
        match self.executor.sample(request) {
            Ok(reply) => {
                if reply.throughput.is_some() {
                    self.store.throughput[request.bench] = reply.throughput;
                }
                Some(reply.sample)
            }
            Err(e) => {
                self.store.errors[request.bench] = Some(e);
                None
            }
        }
    }

    /// One unmeasured call of bench `i` at `iters`.
    fn probe(&mut self, i: usize, iters: u64) -> Option<crate::measure::bencher::Sample> {
        let request = self.schedule.request(i, iters, false);
        self.take(&request)
    }

    /// Smoke test: one single-iteration call of each bench.
    pub(crate) fn smoke(&mut self) {
        for i in 0..self.plan.benches.len() {
            if let Some(s) = self.probe(i, 1) {
                self.store.samples[i].push(s.elapsed_ns);
                self.store.cold_start_ns[i] = Some(s.elapsed_ns);
            }
        }
    }

    /// Estimates each bench's time per iteration (growing the count until a
    /// sample is long enough to read) and picks iterations per sample: one
    /// count per class, near the sample target, never below
    /// `RESOLUTION_FACTOR` timer resolutions for the fastest member.
    pub(crate) fn estimate(&mut self) {
        let res = self.executor.resolution_ns();
        let target = self.plan.config.sample_target_ns;
        let floor = (RESOLUTION_FACTOR * res).max(target / 10.0);
        let mut per_iter = vec![f64::NAN; self.plan.benches.len()];
        for (i, estimate) in per_iter.iter_mut().enumerate() {
            let Some(first) = self.probe(i, 1) else {
                continue;
            };
            self.store.cold_start_ns[i] = Some(first.elapsed_ns);
            let mut s = first;
            while s.elapsed_ns < floor && s.iters < (1 << 40) {
                let per = (s.elapsed_ns / s.iters as f64).max(0.01);
                let want = (floor * 1.5 / per).ceil() as u64;
                let next = want.clamp(s.iters * 2, s.iters * 16);
                match self.probe(i, next) {
                    Some(n) => s = n,
                    None => break,
                }
            }
            *estimate = s.elapsed_ns / s.iters as f64;
        }
        let classes = self.schedule.classes().to_vec();
        for &class in &classes {
            let members: Vec<usize> = (0..classes.len())
                .filter(|&i| classes[i] == class && per_iter[i].is_finite())
                .collect();
            if members.is_empty() {
                continue;
            }
            let slowest = members
                .iter()
                .map(|&i| per_iter[i])
                .fold(0.0, f64::max)
                .max(1e-3);
            let fastest = members
                .iter()
                .map(|&i| per_iter[i])
                .fold(f64::INFINITY, f64::min)
                .max(1e-3);
            let by_target = (target / slowest).floor().max(1.0);
            let by_resolution = (RESOLUTION_FACTOR * res / fastest).ceil();
            let n = by_target.max(by_resolution).min(1e12) as u64;
            self.schedule.set_class_iters(class, n);
        }
    }

    /// One round of every active bench (see [`RoundSchedule::round`]).
    /// Samples are kept unless `keep` is false (warm-up); with `cold_start`
    /// each measured round also times one cold iteration per bench.
    pub(crate) fn run_round(&mut self, keep: bool) {
        let active = self.store.active();
        let requests = self.schedule.round(&active, keep);
        for request in &requests {
            if let Some(s) = self.take(request) {
                if keep {
                    self.store.keep(request.bench, &s);
                }
            }
        }
        if keep && self.plan.config.cold_start {
            for request in &requests {
                self.cold_iteration(request.bench);
            }
        }
    }

    /// One iteration with the L2 just evicted: the routine's cold cost.
    fn cold_iteration(&mut self, i: usize) {
        if self.store.errors[i].is_none() {
            let request = self.schedule.request(i, 1, true);
            if let Some(s) = self.take(&request) {
                self.store.cold_samples[i].push(s.elapsed_ns);
            }
        }
    }

    /// Whether every comparison (or, without comparisons, every mean) is
    /// resolved; see [`resolved`].
    fn converged(&self, seed: u64) -> bool {
        let active = self.store.active();
        let comparisons: Vec<(usize, usize)> = self
            .plan
            .comparisons
            .iter()
            .copied()
            .filter(|(b, c)| active.contains(b) && active.contains(c))
            .collect();
        let samples: Vec<&[f64]> = self.store.samples.iter().map(|s| s.as_slice()).collect();
        resolved(&samples, &active, &comparisons, &self.plan.config, seed)
    }

    /// Runs the whole group: estimate, warm up, then measured rounds until
    /// converged, out of time, or out of rounds.
    pub(crate) fn run(mut self, ctx: &mut EngineCtx<'_>) -> GroupResult {
        let start = Instant::now();
        let cfg = self.plan.config.clone();
        if ctx.smoke {
            self.smoke();
            return self.finish(StopReason::Smoke, 1, start, ctx.seed);
        }
        self.estimate();
        // Warm-up: at least two rounds, up to 5% of the budget (at most 0.2 s).
        let warm_budget = (cfg.max_time_s * 0.05).min(0.2);
        let mut warm = 0;
        while !self.store.active().is_empty()
            && (warm < 2 || (start.elapsed().as_secs_f64() < warm_budget && warm < 100))
        {
            self.run_round(false);
            warm += 1;
        }
        let mut next_check = cfg.min_rounds;
        let reason = loop {
            if self.store.active().is_empty() {
                break StopReason::Failed;
            }
            if let Some(gate) = ctx.gate.as_deref_mut() {
                let outcome = gate.wait_for_quiet(gate.policy().max_wait_per_round);
                self.gate.record(&outcome);
            }
            self.run_round(true);
            let rounds = self.schedule.rounds();
            let elapsed = start.elapsed().as_secs_f64();
            (ctx.on_tick)(&Tick {
                group: &self.plan.name,
                round: rounds,
                elapsed_s: elapsed,
                budget_s: cfg.max_time_s,
            });
            if rounds >= cfg.max_rounds {
                break StopReason::MaxRounds;
            }
            if elapsed >= cfg.max_time_s {
                break StopReason::MaxTime;
            }
            if rounds >= next_check {
                if self.converged(ctx.seed ^ rounds) {
                    break StopReason::Converged;
                }
                // Check every 5 rounds at first, then every 10% more rounds,
                // so the bootstrap's cost stays a small share of the run.
                next_check = rounds + (rounds / 10).max(5);
            }
        };
        let rounds = self.schedule.rounds();
        self.finish(reason, rounds, start, ctx.seed)
    }

    fn finish(self, reason: StopReason, rounds: u64, start: Instant, seed: u64) -> GroupResult {
        let gate = &self.gate;
        let end = Ended {
            reason,
            wall_s: start.elapsed().as_secs_f64(),
            seed,
            rounds,
            iters: (0..self.plan.benches.len())
                .map(|i| self.schedule.iters(i))
                .collect(),
            firewall_bytes: self.executor.firewall_bytes(),
            gate: (gate.rounds_delayed > 0).then(|| GateReport {
                rounds_delayed: gate.rounds_delayed,
                waits: gate.waits,
                waited_s: gate.waited.as_secs_f64(),
                last_reason: gate.last_reason.as_ref().map(ToString::to_string),
            }),
        };
        group_result(self.plan, &self.store, end)
    }
}

#[cfg(test)]
mod tests;
