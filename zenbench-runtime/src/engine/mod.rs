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
pub(crate) mod mailbox;
pub(crate) mod replay;
mod run;
mod schedule;
mod store;
mod threads;

pub(crate) use finish::{below_floor, paired_comparison, summary_ns};
pub(crate) use run::{run_plan, Observer, Place, RunSettings, Silent};

use crate::define::registry::Routine;
use crate::measure::gate::{GateStats, RoundGate};
use crate::measure::timer::{LoopOverhead, Timer};
use crate::model::result::{GateReport, GroupResult, Phases, Resolution, StopReason};
use crate::model::throughput::Throughput;
use crate::plan::GroupPlan;
use convergence::{baseline_at_floor, comparison_state, mean_state, RowState};
pub use executor::quietly;
pub(crate) use executor::{Executor, InProcess, SampleReply, SampleRequest, SampleSource};
use finish::{group_result, Ended};
use schedule::RoundSchedule;
use std::time::{Duration, Instant};
use store::SampleStore;

/// Each sample should last at least this many timer resolutions.
const RESOLUTION_FACTOR: f64 = 1000.0;

/// The sample length a row that is compared with no other aims at. Its
/// noise is mostly between samples (code and stack layout, iteration
/// jitter), so more, shorter samples resolve its mean sooner; compared rows
/// keep the group's longer `sample_target_ns`, which the paired accuracy
/// figures were measured with.
const SOLO_SAMPLE_TARGET_NS: f64 = 20_000.0;

/// Warm-up: at least this long (and two rounds) before measuring.
const WARMUP_S: f64 = 0.025;

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
    pub gate: Option<&'a mut dyn RoundGate>,
}

/// One group while it runs.
pub(crate) struct GroupRunner<'p> {
    plan: &'p GroupPlan,
    executor: Box<dyn Executor + 'p>,
    schedule: RoundSchedule,
    store: SampleStore,
    /// Where each row stands in the stopping rule; only `Open` rows are
    /// measured.
    state: Vec<RowState>,
    /// The loop-overhead compensation's own uncertainty, ns per iteration.
    overhead_uncertainty_ns: f64,
    /// Resource-gate waits of this group.
    gate: GateStats,
    /// Time spent per phase.
    phases: Phases,
    /// The clock of the time budget (`Instant::now`; a test's own).
    now: fn() -> Instant,
    /// Seconds each row's warm-up and measured samples took (for rows
    /// with budgets of their own).
    spent_s: Vec<f64>,
    /// Rows that left the rounds at their own limit, and which.
    out: Vec<Option<StopReason>>,
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
            store: SampleStore::new(throughputs(plan), plan.config.linear_sampling),
            state: vec![RowState::Open; plan.benches.len()],
            overhead_uncertainty_ns: 0.0,
            gate: GateStats::default(),
            phases: Phases::default(),
            now: Instant::now,
            spent_s: vec![0.0; plan.benches.len()],
            out: vec![None; plan.benches.len()],
        }
    }

    /// Reads the time budget from `now` instead of `Instant::now`.
    #[cfg(test)]
    pub(crate) fn with_clock(mut self, now: fn() -> Instant) -> Self {
        self.now = now;
        self
    }

    /// Subtracts `overhead` (the empty loop's cost per iteration, by Bencher
    /// method) from every measured sample, and `alloc_overhead_ns` (the
    /// allocation profiler's cost per counted allocator call) per allocation
    /// event of each iteration.
    pub(crate) fn with_overhead(mut self, overhead: LoopOverhead, alloc_overhead_ns: f64) -> Self {
        self.store.set_overhead(overhead, alloc_overhead_ns);
        self.overhead_uncertainty_ns = overhead.uncertainty_ns;
        self
    }

    /// Rows still measured: not failed, not resolved.
    fn measured(&self) -> Vec<usize> {
        let mut rows = self.store.active();
        rows.retain(|&i| self.state[i] == RowState::Open && self.out[i].is_none());
        rows
    }

    /// Rows with limits of their own (see `GroupPlan::budget_per_row`)
    /// leave the rounds once they have spent their time or taken their
    /// samples.
    fn retire_spent_rows(&mut self) {
        let Some(limits) = &self.plan.row_limits else {
            return;
        };
        for (i, limit) in limits.iter().enumerate() {
            if self.out[i].is_some() || self.state[i] != RowState::Open {
                continue;
            }
            if self.spent_s[i] >= limit.max_time_s {
                self.out[i] = Some(StopReason::MaxTime);
            } else if self.store.samples[i].len() as u64 >= limit.max_rounds {
                self.out[i] = Some(StopReason::MaxRounds);
            }
        }
    }

    /// The floor of what the timer can tell about bench `i`'s mean, ns per
    /// iteration: one timer resolution spread over a sample's iterations,
    /// plus the uncertainty of the loop-overhead compensation.
    fn floor_ns(&self, i: usize) -> f64 {
        self.executor.resolution_ns() / self.schedule.iters(i) as f64 + self.overhead_uncertainty_ns
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

    /// A replayed bench's first call runs its fn's setup (see `replay`):
    /// made here, before the budget's clock starts, so a slow setup takes
    /// none of the group's time.
    fn prepare(&mut self) {
        for i in 0..self.plan.benches.len() {
            if matches!(self.plan.benches[i].routine, Routine::Replay { .. }) {
                self.probe(i, 1);
            }
        }
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
            if s.elapsed_ns >= floor && s.elapsed_ns < target {
                // A first call already past the floor is a cold one (its
                // data out of the caches, a lazy init): it would set the
                // iterations per sample at its own, higher cost. A second
                // call, warm, sets them at the routine's.
                if let Some(warm) = self.probe(i, s.iters) {
                    s = warm;
                }
            }
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
        let mut compared = vec![false; classes.len()];
        for &(b, c) in &self.plan.comparisons {
            for i in [b, c] {
                if let Some(x) = compared.get_mut(i) {
                    *x = true;
                }
            }
        }
        for &class in &classes {
            let (mut any, mut any_compared) = (false, false);
            let (mut slowest, mut fastest) = (0.0_f64, f64::INFINITY);
            for i in 0..classes.len() {
                if classes[i] == class && per_iter[i].is_finite() {
                    any = true;
                    any_compared |= compared[i];
                    slowest = slowest.max(per_iter[i]);
                    fastest = fastest.min(per_iter[i]);
                }
            }
            if !any {
                continue;
            }
            let target = if any_compared {
                target
            } else {
                SOLO_SAMPLE_TARGET_NS.min(target)
            };
            let slowest = slowest.max(1e-3);
            let fastest = fastest.max(1e-3);
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
        let active = self.measured();
        let requests = self.schedule.round(&active, keep);
        // Only rows with budgets of their own need their time.
        let budgeted = self.plan.row_limits.is_some();
        for request in &requests {
            let took = budgeted.then(Instant::now);
            let sample = self.take(request);
            if let Some(took) = took {
                self.spent_s[request.bench] += took.elapsed().as_secs_f64();
            }
            if let (Some(s), true) = (sample, keep) {
                self.store.keep(request.bench, &s);
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

    /// Applies the stopping rule (see `convergence`) to every open row and
    /// retires the resolved ones; true when no row is left to measure.
    fn converged(&mut self, seed: u64) -> bool {
        let n = self.plan.benches.len();
        let failed = |i: usize| self.store.errors[i].is_some();
        let mut compared = vec![false; n];
        let mut still_open = vec![false; n];
        for &(b, c) in &self.plan.comparisons {
            if failed(b) || failed(c) {
                continue;
            }
            compared[b] = true;
            compared[c] = true;
            if self.state[c] != RowState::Open {
                continue;
            }
            let (base, cand) = (&self.store.samples[b], &self.store.samples[c]);
            let floor = self.floor_ns(b).max(self.floor_ns(c));
            match comparison_state(base, cand, &self.plan.config, seed, floor) {
                RowState::Open => {
                    still_open[b] = true;
                    still_open[c] = true;
                }
                state => self.state[c] = state,
            }
        }
        for i in 0..n {
            if failed(i) || self.state[i] != RowState::Open {
                continue;
            }
            self.state[i] = if compared[i] {
                if still_open[i] {
                    RowState::Open
                } else if baseline_at_floor(i, &self.plan.comparisons, &failed, &self.state) {
                    RowState::AtFloor
                } else {
                    RowState::Compared
                }
            } else {
                let floor = self.floor_ns(i);
                mean_state(
                    &self.store.samples[i],
                    self.plan.config.target_precision,
                    floor,
                )
            };
        }
        if let Some(limits) = &self.plan.row_limits {
            for (i, limit) in limits.iter().enumerate() {
                if (self.store.samples[i].len() as u64) < limit.min_rounds && !failed(i) {
                    self.state[i] = RowState::Open;
                }
            }
        }
        self.measured().is_empty()
    }

    /// Runs the whole group: estimate, warm up, then measured rounds until
    /// every row is resolved, the time is up, or the rounds are.
    ///
    /// The time is the group's measuring: the time the resource gate holds
    /// rounds back is the gate's own (bounded per round and per run), not
    /// taken from `max_time`, so waiting never leaves a group with fewer
    /// rounds.
    pub(crate) fn run(mut self, ctx: &mut EngineCtx<'_>) -> GroupResult {
        let start = Instant::now();
        let limits = self.plan.limits();
        let cfg = crate::model::result::GroupConfig {
            max_time_s: limits.max_time_s,
            min_rounds: limits.min_rounds,
            max_rounds: limits.max_rounds,
            ..self.plan.config.clone()
        };
        if ctx.smoke {
            self.smoke();
            return self.finish(StopReason::Smoke, 1, start, ctx.seed);
        }
        self.prepare();
        let budget_start = (self.now)();
        let mut held = Duration::ZERO;
        self.estimate();
        self.phases.estimate_s = start.elapsed().as_secs_f64();
        // Warm-up: at least two rounds and WARMUP_S, within 5% of the budget.
        let warm_budget = (cfg.max_time_s * 0.05).min(WARMUP_S);
        let mut warm = 0;
        while !self.store.active().is_empty()
            && (warm < 2 || (start.elapsed().as_secs_f64() < warm_budget && warm < 100))
        {
            self.run_round(false);
            warm += 1;
        }
        self.phases.warmup_s = start.elapsed().as_secs_f64() - self.phases.estimate_s;
        let measuring = Instant::now();
        let mut checking = std::time::Duration::ZERO;
        // No row is resolved on fewer rounds than a CI needs.
        let mut next_check = cfg.min_rounds.max(zenbench_stats::MIN_ROUNDS_FOR_CI as u64);
        let reason = loop {
            if self.measured().is_empty() {
                break self.resolved_reason();
            }
            if let Some(gate) = ctx.gate.as_deref_mut() {
                let asked = (self.now)();
                let outcome = gate.before_round();
                held += (self.now)().saturating_duration_since(asked);
                self.gate.record(&outcome);
            }
            self.run_round(true);
            self.retire_spent_rows();
            let rounds = self.schedule.rounds();
            let elapsed = (self.now)()
                .saturating_duration_since(budget_start)
                .saturating_sub(held)
                .as_secs_f64();
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
                let check = Instant::now();
                let done = self.converged(ctx.seed ^ rounds);
                checking += check.elapsed();
                if done {
                    break self.resolved_reason();
                }
                // Check every 5 rounds at first, then every 10% more rounds,
                // so the checks' cost stays a small share of the run.
                next_check = rounds + (rounds / 10).max(5);
            }
        };
        self.phases.checks_s = checking.as_secs_f64();
        self.phases.measure_s = measuring.elapsed().as_secs_f64() - self.phases.checks_s;
        let rounds = self.schedule.rounds();
        self.finish(reason, rounds, start, ctx.seed)
    }

    /// Why a group with no row left to measure stopped: every row failed;
    /// or resolved, some only at the timer's floor; or resolved.
    fn resolved_reason(&self) -> StopReason {
        if self.store.active().is_empty() {
            StopReason::Failed
        } else if self.out.contains(&Some(StopReason::MaxTime)) {
            StopReason::MaxTime
        } else if self.out.contains(&Some(StopReason::MaxRounds)) {
            StopReason::MaxRounds
        } else if self.state.contains(&RowState::AtFloor) {
            StopReason::Floor
        } else {
            StopReason::Converged
        }
    }

    fn finish(self, reason: StopReason, rounds: u64, start: Instant, seed: u64) -> GroupResult {
        let gate = &self.gate;
        let n = self.plan.benches.len();
        let mut resolved_by = Vec::with_capacity(n);
        for s in &self.state {
            resolved_by.push(match s {
                RowState::Open => None,
                RowState::Compared => Some(Resolution::Comparison),
                RowState::Precise => Some(Resolution::Precision),
                RowState::AtFloor => Some(Resolution::Floor),
            });
        }
        let (mut floor_ns, mut iters) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            floor_ns.push(self.floor_ns(i));
            iters.push(self.schedule.iters(i));
        }
        let end = Ended {
            resolved_by,
            floor_ns,
            phases: (reason != StopReason::Smoke).then_some(self.phases),
            reason,
            wall_s: start.elapsed().as_secs_f64(),
            seed,
            rounds,
            iters,
            firewall_bytes: self.executor.firewall_bytes(),
            gate: (gate.rounds_delayed > 0 || gate.rounds_under_load > 0).then(|| GateReport {
                rounds_delayed: gate.rounds_delayed,
                waits: gate.waits,
                waited_s: gate.waited.as_secs_f64(),
                last_reason: gate.last_reason.as_ref().map(ToString::to_string),
                rounds_under_load: gate.rounds_under_load,
                sustained_load: gate.sustained_load.as_ref().map(ToString::to_string),
            }),
        };
        group_result(self.plan, &self.store, end)
    }
}

/// Each bench's declared throughput, in plan order.
fn throughputs(plan: &GroupPlan) -> Vec<Option<Throughput>> {
    let mut out = Vec::with_capacity(plan.benches.len());
    for b in &plan.benches {
        out.push(b.throughput);
    }
    out
}

#[cfg(test)]
mod floor_tests;
#[cfg(test)]
mod tests;
