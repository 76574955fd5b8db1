//! Every group of a plan, measured in this process: the clock, the loop
//! overhead, the calibration probes and the resource gate, then each group.
//! Takes no machine lock: the orchestrator above decides that, so a child
//! process can run a plan while its parent holds the lock.

use super::executor::{Remote, SampleSource};
use super::{EngineCtx, GroupRunner, Tick};
use crate::measure::gate::{Gate, GatePolicy, RoundGate};
use crate::measure::testbed;
use crate::measure::timer::{measure_loop_overhead, LoopOverhead, Timer};
use crate::model::options::{Mode, Options, TimerChoice};
use crate::model::result::{fnv1a, Repetition, RunMode, Startup, SuiteResult, SCHEMA_VERSION};
use crate::plan::Plan;
use crate::Error;
use std::time::Instant;

/// What the engine reads of a run's options; nothing else reaches it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RunSettings {
    /// `--seed`: the shuffles' and bootstraps' seed (a fresh one when `None`).
    pub seed: Option<u64>,
    /// A smoke test: one iteration of each bench, no statistics.
    pub smoke: bool,
    /// `--timer`.
    pub timer: TimerChoice,
    /// `--no-gate`.
    pub no_gate: bool,
}

impl RunSettings {
    pub(crate) fn of(opts: &Options) -> RunSettings {
        RunSettings {
            seed: opts.engine.seed,
            smoke: opts.mode == Mode::Test,
            timer: opts.engine.timer,
            no_gate: opts.engine.no_gate,
        }
    }
}

/// Where a group stands in the run, with a round's [`Tick`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place {
    /// 1-based.
    pub index: usize,
    pub count: usize,
    /// Seconds the later groups may take at most (their budgets).
    pub later_s: f64,
}

/// What the engine tells while it measures; the process layer decides
/// what to show of it (the engine itself never prints).
pub(crate) trait Observer {
    /// A one-line note for the user.
    fn note(&mut self, line: &str);
    /// A round of a group ended.
    fn tick(&mut self, tick: &Tick<'_>, place: Place);
    /// Every group is done.
    fn finish(&mut self);
}

/// An [`Observer`] that shows nothing (a worker, a measurement whose
/// parent reports).
pub(crate) struct Silent;

impl Observer for Silent {
    fn note(&mut self, _: &str) {}
    fn tick(&mut self, _: &Tick<'_>, _: Place) {}
    fn finish(&mut self) {}
}

/// Measures every group of `plan`: in this process, or with `remote`
/// taking every sample (a worker child process).
pub(crate) fn run_plan(
    plan: &Plan,
    settings: &RunSettings,
    mut remote: Option<&mut dyn SampleSource>,
    observer: &mut dyn Observer,
) -> Result<SuiteResult, Error> {
    let started = Instant::now();
    let (secs, millis) = testbed::unix_now();
    let seed = settings.seed.unwrap_or_else(|| fastrand::u64(..));
    let smoke = settings.smoke;
    let mut startup = Startup::default();
    let mut lap = Instant::now();
    let mut split = |field: &mut f64| {
        *field = lap.elapsed().as_secs_f64();
        lap = Instant::now();
    };
    // A smoke test needs no calibrated clock; a measurement gets the best one.
    let timer = if smoke {
        Timer::os()
    } else {
        Timer::for_run(settings.timer)?
    };
    split(&mut startup.timer_s);
    if let (Some(reason), false) = (timer.fallback_reason(), smoke) {
        observer.note(&format!("timing with the OS clock: {reason}"));
    }
    // A worker subtracts its own loop overhead: none to measure here.
    let overhead = if smoke || remote.is_some() {
        LoopOverhead::ZERO
    } else {
        measure_loop_overhead(timer)
    };
    split(&mut startup.loop_overhead_s);
    let calibration = (!smoke).then(crate::measure::calibration::calibrate);
    split(&mut startup.calibration_s);
    // The profiler's cost per allocator call is the binary's, so it is
    // measured here for a worker of this binary too: the worker's samples
    // carry their allocation counts, and the store subtracts the cost.
    let alloc_overhead_ns = if !smoke && crate::measure::alloc::is_installed() {
        crate::measure::alloc::measure_overhead_ns(20_000, 9)
    } else {
        0.0
    };
    split(&mut startup.alloc_overhead_s);
    // `--no-gate` gives a disabled gate: it reads nothing and never waits.
    let mut gate = (!smoke).then(|| Gate::new(GatePolicy::for_run(settings.no_gate)));
    split(&mut startup.gate_s);
    let mut groups = Vec::with_capacity(plan.groups.len());
    let count = plan.groups.len();
    for (i, g) in plan.groups.iter().enumerate() {
        // What the groups after this one may still take: their budgets.
        let mut later_s = 0.0;
        for later in &plan.groups[i + 1..] {
            later_s += later.limits().max_time_s;
        }
        let place = Place {
            index: i + 1,
            count,
            later_s,
        };
        let mut on_tick = |t: &Tick<'_>| observer.tick(t, place);
        let group_seed = seed ^ fnv1a(&g.name);
        let mut ctx = EngineCtx {
            smoke,
            seed: group_seed,
            on_tick: &mut on_tick,
            gate: gate.as_mut().map(|g| g as &mut dyn RoundGate),
        };
        let runner = match remote.as_deref_mut() {
            // The worker subtracts its own loop overhead.
            Some(source) => GroupRunner::with_executor(
                g,
                Box::new(Remote {
                    source,
                    names: full_names(g),
                }),
                group_seed,
            )
            .with_overhead(LoopOverhead::ZERO, alloc_overhead_ns),
            None => {
                GroupRunner::new(g, timer, group_seed).with_overhead(overhead, alloc_overhead_ns)
            }
        };
        groups.push(runner.run(&mut ctx));
    }
    observer.finish();
    Ok(SuiteResult {
        schema_version: SCHEMA_VERSION,
        run_id: testbed::run_id(secs),
        timestamp: testbed::rfc3339(secs, millis),
        git_hash: testbed::git_hash(),
        git_dirty: testbed::git_dirty(),
        zenbench_version: env!("CARGO_PKG_VERSION").to_string(),
        mode: if smoke { RunMode::Test } else { RunMode::Bench },
        seed,
        testbed: testbed::testbed(),
        timer: timer.info(),
        loop_overhead_ns: overhead.iter_ns,
        groups,
        repetition: Repetition::single(),
        complexity: Vec::new(),
        wall_time_s: started.elapsed().as_secs_f64(),
        calibration,
        startup: (!smoke).then_some(startup),
        against: None,
        partition: None,
        merged: None,
        self_compare: None,
    })
}

/// The full names of a group's benches, in plan order.
fn full_names(g: &crate::plan::GroupPlan) -> Vec<String> {
    let mut names = Vec::with_capacity(g.benches.len());
    for b in &g.benches {
        names.push(b.full_name.clone());
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        // Reference: FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c.
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
