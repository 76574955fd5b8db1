//! The engine: estimate iteration counts, then run a group's benchmarks in
//! interleaved rounds (every bench once per round, freshly shuffled order)
//! until the comparisons converge or the budget runs out.
//!
//! A round is a self-contained step ([`GroupRunner::run_round`]) over plain
//! data (iteration counts in, per-iteration times out), so a later worker
//! process can drive rounds and ship the samples back unchanged.

use crate::alloc::AllocCounts;
use crate::bencher::{Bencher, Sample};
use crate::entry::Throughput;
use crate::firewall::CacheFirewall;
use crate::plan::GroupPlan;
use crate::registry::BenchDef;
use crate::result::{
    BenchResult, CiNs, Comparison, GateReport, GroupConfig, GroupResult, StopReason, SummaryNs,
    ThroughputResult, Verdict,
};
use crate::timer::{LoopOverhead, Timer};
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;
use zenbench_stats::{bootstrap_mean_ci, Estimator, PairedAnalysis, PairedConfig, Summary};

/// Bootstrap resamples of the final analysis.
pub(crate) const FINAL_RESAMPLES: usize = 10_000;
/// Bootstrap resamples of an interim convergence check (cheaper, same rule).
const CHECK_RESAMPLES: usize = 2_000;
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
    pub gate: Option<&'a mut crate::gate::Gate>,
}

thread_local! {
    /// Set while this thread runs a benchmark body.
    static IN_BENCH: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once per process) a panic hook that stays silent for panics
/// inside benchmark bodies, which the engine reports as failed benchmarks,
/// and defers to the previous hook for every other panic.
pub(crate) fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_BENCH.with(|b| b.get()) {
                let loc = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                PANIC_LOCATION.with(|p| *p.borrow_mut() = loc);
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs one call of the benchmark body, turning a panic into an error message.
/// `stack_offset` is the stack-alignment jitter in bytes (see [`crate::stack`]).
fn call(
    bench: &BenchDef,
    timer: Timer,
    iters: u64,
    stack_offset: usize,
) -> Result<(Sample, Option<Throughput>), String> {
    let mut b = Bencher::new(timer, iters);
    install_panic_hook();
    PANIC_LOCATION.with(|p| p.borrow_mut().take());
    IN_BENCH.with(|f| f.set(true));
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        crate::stack::at_offset(stack_offset, &mut || bench.routine.call(&mut b))
    }));
    IN_BENCH.with(|f| f.set(false));
    match outcome {
        Ok(()) => match b.take_sample() {
            Some(s) => Ok((s, b.declared_throughput())),
            None => {
                Err("the benchmark never handed a routine to its Bencher (call b.iter(..))".into())
            }
        },
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic with a non-string payload".to_string());
            Err(match PANIC_LOCATION.with(|p| p.borrow_mut().take()) {
                Some(loc) => format!("panicked at {loc}: {msg}"),
                None => format!("panicked: {msg}"),
            })
        }
    }
}

/// State of one group while it runs.
pub(crate) struct GroupRunner<'p> {
    plan: &'p GroupPlan,
    timer: Timer,
    /// Shuffles measured rounds: seeded, so a seed replays the same orders.
    rng: fastrand::Rng,
    /// Shuffles warm-up rounds, whose number depends on the clock.
    warm_rng: fastrand::Rng,
    /// The harness's own cost per iteration, subtracted from every sample.
    overhead: LoopOverhead,
    /// The allocation profiler's cost per counted allocator call.
    alloc_overhead_ns: f64,
    /// Per bench: allocations and iterations over the measured samples.
    allocs: Vec<Option<(AllocCounts, u64)>>,
    /// Resource-gate bookkeeping for this group.
    gate_waits: u64,
    gate_waited_s: f64,
    rounds_delayed: u64,
    gate_reason: Option<String>,
    /// Draws stack offsets and iteration jitter.
    stack_rng: fastrand::Rng,
    /// Per bench: ns per iteration, one per measured round.
    samples: Vec<Vec<f64>>,
    errors: Vec<Option<String>>,
    cold_start_ns: Vec<Option<f64>>,
    /// With `cold_start`: single iterations behind the firewall, one per round.
    cold_samples: Vec<Vec<f64>>,
    /// Per bench: (iterations, elapsed ns) of every measured sample, for the
    /// `linear_sampling` slope fit.
    raw: Vec<Vec<(f64, f64)>>,
    /// Evicts the L2 before samples (`cache_firewall`) and cold iterations.
    firewall: Option<CacheFirewall>,
    throughput: Vec<Option<Throughput>>,
    /// Iterations per sample, per bench (equal within a class).
    iters: Vec<u64>,
    rounds: u64,
}

impl<'p> GroupRunner<'p> {
    pub(crate) fn new(plan: &'p GroupPlan, timer: Timer, seed: u64) -> Self {
        let n = plan.benches.len();
        GroupRunner {
            overhead: LoopOverhead::ZERO,
            alloc_overhead_ns: 0.0,
            allocs: vec![None; n],
            gate_waits: 0,
            gate_waited_s: 0.0,
            rounds_delayed: 0,
            gate_reason: None,
            plan,
            timer,
            rng: fastrand::Rng::with_seed(seed),
            warm_rng: fastrand::Rng::with_seed(seed ^ 0x5741_524d),
            stack_rng: fastrand::Rng::with_seed(seed ^ 0x0053_5441_434b),
            samples: vec![Vec::new(); n],
            errors: vec![None; n],
            cold_start_ns: vec![None; n],
            cold_samples: vec![Vec::new(); n],
            raw: vec![Vec::new(); n],
            firewall: (plan.config.cache_firewall || plan.config.cold_start)
                .then(CacheFirewall::for_this_machine),
            throughput: plan.benches.iter().map(|b| b.throughput).collect(),
            iters: vec![1; n],
            rounds: 0,
        }
    }

    /// Subtracts `overhead` (the empty loop's cost per iteration, by Bencher
    /// method) from every measured sample.
    /// `alloc_overhead_ns` is the allocation profiler's cost per counted
    /// allocator call, subtracted per allocation event of each iteration.
    pub(crate) fn with_overhead(mut self, overhead: LoopOverhead, alloc_overhead_ns: f64) -> Self {
        self.overhead = overhead;
        self.alloc_overhead_ns = alloc_overhead_ns;
        self
    }

    fn active(&self) -> Vec<usize> {
        (0..self.plan.benches.len())
            .filter(|&i| self.errors[i].is_none())
            .collect()
    }

    /// One call of bench `i` (firewall per `cache_firewall`).
    fn record_call(&mut self, i: usize, iters: u64) -> Option<Sample> {
        self.call_once(i, iters, self.plan.config.cache_firewall)
    }

    /// One call of bench `i` at a random stack offset, after evicting the L2
    /// when `flush`; a panic marks the bench failed.
    fn call_once(&mut self, i: usize, iters: u64, flush: bool) -> Option<Sample> {
        if flush {
            if let Some(fw) = self.firewall.as_mut() {
                fw.flush();
            }
        }
        let offset = self.stack_rng.usize(..crate::stack::MAX_OFFSET);
        match call(&self.plan.benches[i], self.timer, iters, offset) {
            Ok((s, t)) => {
                if t.is_some() {
                    self.throughput[i] = t;
                }
                Some(s)
            }
            Err(e) => {
                self.errors[i] = Some(e);
                None
            }
        }
    }

    /// Smoke test: one single-iteration call of each bench.
    pub(crate) fn smoke(&mut self) {
        for i in 0..self.plan.benches.len() {
            if let Some(s) = self.record_call(i, 1) {
                self.samples[i].push(s.elapsed_ns);
                self.cold_start_ns[i] = Some(s.elapsed_ns);
            }
        }
        self.rounds = 1;
    }

    /// Estimates each bench's time per iteration (growing the count until a
    /// sample is long enough to read) and picks iterations per sample: one
    /// count per class, near the sample target, never below
    /// `RESOLUTION_FACTOR` timer resolutions for the fastest member.
    pub(crate) fn estimate(&mut self) {
        let res = self.timer.resolution_ns();
        let target = self.plan.config.sample_target_ns;
        let floor = (RESOLUTION_FACTOR * res).max(target / 10.0);
        let mut per_iter = vec![f64::NAN; self.plan.benches.len()];
        for (i, estimate) in per_iter.iter_mut().enumerate() {
            let Some(first) = self.record_call(i, 1) else {
                continue;
            };
            self.cold_start_ns[i] = Some(first.elapsed_ns);
            let mut s = first;
            while s.elapsed_ns < floor && s.iters < (1 << 40) {
                let per = (s.elapsed_ns / s.iters as f64).max(0.01);
                let want = (floor * 1.5 / per).ceil() as u64;
                let next = want.clamp(s.iters * 2, s.iters * 16);
                match self.record_call(i, next) {
                    Some(n) => s = n,
                    None => break,
                }
            }
            *estimate = s.elapsed_ns / s.iters as f64;
        }
        let classes = self.plan.classes.clone();
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
            for &i in &members {
                self.iters[i] = n.max(1);
            }
        }
    }

    /// One round: every active bench once, in a fresh random order, at an
    /// iteration count jittered by ±20% around the class's count (the same
    /// for every bench of a class in this round, so pairs stay paired), which
    /// breaks aliasing with periodic interrupts and timers.
    /// Samples go to `self.samples` unless `keep` is false (warm-up).
    pub(crate) fn run_round(&mut self, keep: bool) {
        let mut order = self.active();
        if keep {
            self.rng.shuffle(&mut order);
        } else {
            self.warm_rng.shuffle(&mut order);
        }
        let classes = self.plan.classes.clone();
        let mut factors: Vec<Option<f64>> = vec![None; classes.len()];
        for &i in &order {
            let class = classes[i];
            let ramp = self
                .plan
                .config
                .linear_sampling
                .then(|| linear_ramp(self.rounds));
            let factor = *factors[class]
                .get_or_insert_with(|| ramp.unwrap_or_else(|| jitter_factor(&mut self.stack_rng)));
            let iters = jittered(self.iters[i], factor);
            if let Some(s) = self.record_call(i, iters) {
                if keep {
                    let mut overhead = self.overhead.for_method(s.method);
                    if let Some(counts) = s.allocs {
                        overhead +=
                            self.alloc_overhead_ns * counts.events() as f64 / s.iters as f64;
                        let total = self.allocs[i].get_or_insert((AllocCounts::default(), 0));
                        *total = (total.0.plus(&counts), total.1 + s.iters);
                    }
                    self.samples[i].push(s.elapsed_ns / s.iters as f64 - overhead);
                    if self.plan.config.linear_sampling {
                        let elapsed = s.elapsed_ns - overhead * s.iters as f64;
                        self.raw[i].push((s.iters as f64, elapsed));
                    }
                }
            }
        }
        if keep && self.plan.config.cold_start {
            for &i in &order {
                self.cold_iteration(i);
            }
        }
        if keep {
            self.rounds += 1;
        }
    }

    /// One iteration with the L2 just evicted: the routine's cold cost.
    fn cold_iteration(&mut self, i: usize) {
        if self.errors[i].is_none() {
            if let Some(s) = self.call_once(i, 1, true) {
                self.cold_samples[i].push(s.elapsed_ns);
            }
        }
    }

    /// Whether every comparison (or, without comparisons, every mean) is
    /// resolved; see [`resolved`].
    fn converged(&self, seed: u64) -> bool {
        let active = self.active();
        let comparisons: Vec<(usize, usize)> = self
            .plan
            .comparisons
            .iter()
            .copied()
            .filter(|(b, c)| active.contains(b) && active.contains(c))
            .collect();
        let samples: Vec<&[f64]> = self.samples.iter().map(|s| s.as_slice()).collect();
        resolved(&samples, &active, &comparisons, &self.plan.config, seed)
    }

    /// Runs the whole group: estimate, warm up, then measured rounds until
    /// converged, out of time, or out of rounds.
    pub(crate) fn run(mut self, ctx: &mut EngineCtx<'_>) -> GroupResult {
        let start = Instant::now();
        let cfg = self.plan.config.clone();
        if ctx.smoke {
            self.smoke();
            return self.finish(StopReason::Smoke, start.elapsed().as_secs_f64(), ctx.seed);
        }
        self.estimate();
        // Warm-up: at least two rounds, up to 5% of the budget (at most 0.2 s).
        let warm_budget = (cfg.max_time_s * 0.05).min(0.2);
        let mut warm = 0;
        while !self.active().is_empty()
            && (warm < 2 || (start.elapsed().as_secs_f64() < warm_budget && warm < 100))
        {
            self.run_round(false);
            warm += 1;
        }
        let mut next_check = cfg.min_rounds;
        let reason = loop {
            if self.active().is_empty() {
                break StopReason::Failed;
            }
            if let Some(gate) = ctx.gate.as_deref_mut() {
                let outcome = gate.wait_for_quiet(gate.policy().max_wait_per_round);
                self.gate_waits += outcome.waits as u64;
                self.gate_waited_s += outcome.waited.as_secs_f64();
                self.rounds_delayed += u64::from(outcome.waits > 0 || !outcome.quiet);
                if outcome.last_reason.is_some() {
                    self.gate_reason = outcome.last_reason;
                }
            }
            self.run_round(true);
            let elapsed = start.elapsed().as_secs_f64();
            (ctx.on_tick)(&Tick {
                group: &self.plan.name,
                round: self.rounds,
                elapsed_s: elapsed,
                budget_s: cfg.max_time_s,
            });
            if self.rounds >= cfg.max_rounds {
                break StopReason::MaxRounds;
            }
            if elapsed >= cfg.max_time_s {
                break StopReason::MaxTime;
            }
            if self.rounds >= next_check {
                if self.converged(ctx.seed ^ self.rounds) {
                    break StopReason::Converged;
                }
                // Check every 5 rounds at first, then every 10% more rounds,
                // so the bootstrap's cost stays a small share of the run.
                next_check = self.rounds + (self.rounds / 10).max(5);
            }
        };
        self.finish(reason, start.elapsed().as_secs_f64(), ctx.seed)
    }

    /// Turns samples into the group's result.
    pub(crate) fn finish(self, reason: StopReason, wall_s: f64, seed: u64) -> GroupResult {
        let plan = self.plan;
        let smoke = reason == StopReason::Smoke;
        let benchmarks = plan
            .benches
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let s = &self.samples[i];
                let summary = (!s.is_empty()).then(|| summary_ns(s));
                let mean_ci = (!smoke && s.len() >= 2).then(|| {
                    let ci = bootstrap_mean_ci(s, 0.95, FINAL_RESAMPLES, seed ^ (i as u64 + 1));
                    CiNs {
                        lower_ns: ci.lower,
                        upper_ns: ci.upper,
                        level: 0.95,
                    }
                });
                let throughput = self.throughput[i]
                    .zip(summary.as_ref())
                    .map(|(t, sum)| throughput(t, sum.mean_ns));
                BenchResult {
                    name: b.name.clone(),
                    full_name: b.full_name.clone(),
                    threads: 1,
                    arg: b.arg.clone(),
                    iterations_per_sample: self.iters[i],
                    summary,
                    mean_ci,
                    cold_start_ns: self.cold_start_ns[i],
                    cold: (!self.cold_samples[i].is_empty())
                        .then(|| summary_ns(&self.cold_samples[i])),
                    slope_ns: (self.raw[i].len() >= 3)
                        .then(|| {
                            let (x, y): (Vec<f64>, Vec<f64>) = self.raw[i].iter().copied().unzip();
                            zenbench_stats::ols(&x, &y).slope
                        })
                        .filter(|v| v.is_finite()),
                    throughput,
                    failed: self.errors[i].is_some(),
                    error: self.errors[i].clone(),
                    alloc: self.allocs[i].map(|(c, n)| c.per_iteration(n)),
                    process_spread: None,
                    samples_ns: if smoke { Vec::new() } else { s.clone() },
                }
            })
            .collect();
        let comparisons = if smoke {
            Vec::new()
        } else {
            plan.comparisons
                .iter()
                .filter(|(b, c)| self.errors[*b].is_none() && self.errors[*c].is_none())
                .filter_map(|&(b, c)| {
                    let cfg = paired_config(
                        plan.config.noise_threshold,
                        FINAL_RESAMPLES,
                        seed ^ ((b as u64) << 32 | c as u64),
                    );
                    compare(
                        &plan.benches[b].name,
                        &plan.benches[c].name,
                        &self.samples[b],
                        &self.samples[c],
                        &cfg,
                    )
                })
                .collect()
        };
        GroupResult {
            name: plan.name.clone(),
            rounds: self.rounds,
            iterations_per_sample: self.iters[plan.baseline],
            baseline: plan.benches[plan.baseline].name.clone(),
            benchmarks,
            comparisons,
            scaling: None,
            config: GroupConfig {
                firewall_bytes: self.firewall.as_ref().map(|f| f.bytes() as u64),
                ..plan.config.clone()
            },
            stop_reason: reason,
            wall_time_s: wall_s,
            gate: (self.rounds_delayed > 0).then(|| GateReport {
                rounds_delayed: self.rounds_delayed,
                waits: self.gate_waits,
                waited_s: self.gate_waited_s,
                last_reason: self.gate_reason.clone(),
            }),
        }
    }
}

/// Relative spread of the iteration-count jitter: counts vary by ±20%.
pub(crate) const ITER_JITTER: f64 = 0.2;

/// `linear_sampling`: round `r` runs `(r mod 10 + 1) / 5.5` times the base
/// count — ten evenly spaced counts whose mean is the base count — so the
/// slope of sample time on iteration count separates the per-iteration cost
/// from any fixed cost per sample.
fn linear_ramp(round: u64) -> f64 {
    ((round % 10) + 1) as f64 / 5.5
}

/// A factor uniform in `[1 - ITER_JITTER, 1 + ITER_JITTER]`.
fn jitter_factor(rng: &mut fastrand::Rng) -> f64 {
    1.0 + ITER_JITTER * (2.0 * rng.f64() - 1.0)
}

/// `iters` scaled by `factor`, at least 1.
fn jittered(iters: u64, factor: f64) -> u64 {
    ((iters as f64 * factor).round() as u64).max(1)
}

fn summary_ns(s: &[f64]) -> SummaryNs {
    let x = Summary::new(s);
    SummaryNs {
        n: x.n,
        min_ns: x.min,
        max_ns: x.max,
        mean_ns: x.mean,
        median_ns: x.median,
        mad_ns: x.mad,
        stddev_ns: x.stddev,
    }
}

fn throughput(t: Throughput, mean_ns: f64) -> ThroughputResult {
    let (kind, n) = match t {
        Throughput::Bytes(n) => ("bytes", n),
        Throughput::Elements(n) => ("elements", n),
    };
    let per_second = if mean_ns > 0.0 {
        n as f64 / (mean_ns * 1e-9)
    } else {
        f64::INFINITY
    };
    ThroughputResult {
        kind: kind.to_string(),
        per_iteration: n,
        per_second,
    }
}

/// The paired analysis the engine runs, for the final figures and for the
/// convergence checks alike: the robust log-ratio estimate (see the book).
fn paired_config(noise_threshold: f64, resamples: usize, seed: u64) -> PairedConfig {
    PairedConfig {
        noise_threshold,
        resamples,
        seed,
        estimator: Estimator::AdaptiveLogRatio,
        ..PairedConfig::default()
    }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Paired comparison of two benches' per-round samples (rounds where both ran).
pub(crate) fn compare(
    baseline: &str,
    candidate: &str,
    base: &[f64],
    cand: &[f64],
    cfg: &PairedConfig,
) -> Option<Comparison> {
    let n = base.len().min(cand.len());
    if n < 2 {
        return None;
    }
    let a = PairedAnalysis::new(&base[..n], &cand[..n], cfg);
    let verdict = match a.verdict() {
        zenbench_stats::Verdict::Faster => Verdict::Faster,
        zenbench_stats::Verdict::Slower => Verdict::Slower,
        zenbench_stats::Verdict::Same => Verdict::Same,
        zenbench_stats::Verdict::Uncertain => Verdict::Uncertain,
    };
    Some(Comparison {
        baseline: baseline.to_string(),
        candidate: candidate.to_string(),
        pct_change: a.pct_change,
        ci_lower_pct: a.ci_pct.lower,
        ci_upper_pct: a.ci_pct.upper,
        significant: a.ci_pct.lower > 0.0 || a.ci_pct.upper < 0.0,
        verdict,
        cohens_d: finite(a.cohens_d),
        wilcoxon_p: finite(a.wilcoxon_p),
        drift_r: finite(a.drift_r),
        n: a.n,
        outliers_removed: a.outliers_removed,
    })
}

/// The convergence rule. With comparisons, each comparison must be resolved:
/// its CI (as % of the baseline) lies inside ±noise threshold (`same`); or
/// it lies outside (`faster`/`slower`) with a half-width within 10% of the
/// change; or its half-width is within `target_precision` whatever the
/// verdict (more rounds would not change the picture). Without comparisons: each active bench's mean
/// CI half-width is within `target_precision` of its mean.
pub(crate) fn resolved(
    samples: &[&[f64]],
    active: &[usize],
    comparisons: &[(usize, usize)],
    cfg: &crate::result::GroupConfig,
    seed: u64,
) -> bool {
    let precision_pct = cfg.target_precision * 100.0;
    if comparisons.is_empty() {
        return active.iter().all(|&i| {
            let s = samples[i];
            let ci = bootstrap_mean_ci(s, 0.95, CHECK_RESAMPLES, seed);
            let half = (ci.upper - ci.lower) / 2.0;
            s.len() >= 2 && half.is_finite() && half <= cfg.target_precision * ci.point.abs()
        });
    }
    comparisons.iter().all(|&(b, c)| {
        let pc = paired_config(cfg.noise_threshold, CHECK_RESAMPLES, seed);
        let n = samples[b].len().min(samples[c].len());
        if n < 2 {
            return false;
        }
        let a = PairedAnalysis::new(&samples[b][..n], &samples[c][..n], &pc);
        let half = (a.ci_pct.upper - a.ci_pct.lower) / 2.0;
        match a.verdict() {
            zenbench_stats::Verdict::Same => true,
            // A clear direction also needs a usable size: the CI half-width
            // within 10% of the change (or within the target precision).
            zenbench_stats::Verdict::Faster | zenbench_stats::Verdict::Slower => {
                half <= precision_pct.max(0.1 * a.pct_change.abs())
            }
            zenbench_stats::Verdict::Uncertain => half <= precision_pct,
        }
    })
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
