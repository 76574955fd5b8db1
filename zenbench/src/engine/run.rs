//! Every group of a plan, measured in this process: the clock, the loop
//! overhead, the calibration probes and the resource gate, then each group.
//! Takes no machine lock: the orchestrator above decides that, so a child
//! process can run a plan while its parent holds the lock.

use super::executor::{Remote, SampleSource};
use super::{EngineCtx, GroupRunner, Tick};
use crate::measure::gate::{Gate, GatePolicy, RoundGate};
use crate::measure::testbed;
use crate::measure::timer::{measure_loop_overhead, LoopOverhead, Timer};
use crate::model::options::{Format, Mode, Options};
use crate::plan::Plan;
use crate::report;
use crate::result::{fnv1a, Repetition, RunMode, Startup, SuiteResult, SCHEMA_VERSION};
use crate::Error;
use std::io::IsTerminal;
use std::time::Instant;

/// Measures every group of `plan`: in this process, or with `remote`
/// taking every sample (a worker child process).
pub(crate) fn run_plan(
    plan: &Plan,
    opts: &Options,
    mut remote: Option<&mut dyn SampleSource>,
) -> Result<SuiteResult, Error> {
    let started = Instant::now();
    let (secs, millis) = testbed::unix_now();
    let seed = opts.seed.unwrap_or_else(|| fastrand::u64(..));
    let smoke = opts.mode == Mode::Test;
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
        Timer::from_choice(opts.timer).map_err(|e| Error::Usage(format!("--timer tsc: {e}")))?
    };
    split(&mut startup.timer_s);
    if let (Some(reason), false) = (timer.fallback_reason(), smoke || opts.quiet) {
        eprintln!("zenbench: timing with the OS clock: {reason}");
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
    let mut gate = (!smoke).then(|| Gate::new(GatePolicy::for_run(opts.no_gate)));
    split(&mut startup.gate_s);
    let show_progress = !smoke
        && !opts.quiet
        && opts.format == Format::Pretty
        && opts.output.is_none()
        && std::io::stderr().is_terminal();
    let mut progress = report::Progress::new(show_progress, Box::new(std::io::stderr()));
    let mut groups = Vec::with_capacity(plan.groups.len());
    let count = plan.groups.len();
    for (i, g) in plan.groups.iter().enumerate() {
        // What the groups after this one may still take: their budgets.
        let later_s: f64 = plan.groups[i + 1..]
            .iter()
            .map(|g| g.config.max_time_s)
            .sum();
        let place = report::Place {
            index: i + 1,
            count,
            later_s,
        };
        let mut on_tick = |t: &Tick<'_>| {
            progress.update(t.group, t.round, t.elapsed_s, t.budget_s, place);
        };
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
                    names: g.benches.iter().map(|b| b.full_name.clone()).collect(),
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
    progress.finish();
    Ok(SuiteResult {
        schema_version: SCHEMA_VERSION,
        run_id: format!("{secs:x}-{:016x}", fastrand::u64(..)),
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
        repetition: Repetition {
            processes: 1,
            passes: 1,
            aggregation: None,
            pass_aggregation: None,
            failures: Vec::new(),
        },
        complexity: Vec::new(),
        wall_time_s: started.elapsed().as_secs_f64(),
        calibration,
        startup: (!smoke).then_some(startup),
        against: None,
    })
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
