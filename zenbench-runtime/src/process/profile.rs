//! `--profile-time SECS`: each selected benchmark alone, in a loop, for a
//! profiler attached to this process (`perf record`, `samply record`): no
//! statistics, no report, one line per benchmark on stderr.

use crate::define::registry::Suite;
use crate::engine::{Executor, InProcess, SampleRequest};
use crate::measure::timer::Timer;
use crate::model::error::Error;
use crate::model::options::{Measure, Options};
use std::time::{Duration, Instant};

/// A sample grows until it takes this long, so the loop around the
/// routine is a small part of the profile.
const SAMPLE: Duration = Duration::from_millis(10);

/// Runs the selected benchmarks of `suite` one after another, each for
/// about `secs` seconds. A benchmark that fails says so on its line; the
/// run then fails (exit code 1).
pub(crate) fn profile(suite: &Suite, opts: &Options, secs: f64) -> Result<(), Error> {
    refuse_what_cannot_be_profiled(opts)?;
    let plan = suite.selected(opts)?;
    let timer = Timer::for_run(opts.engine.timer)?;
    let budget = Duration::from_secs_f64(secs);
    let mut failed = 0;
    for group in &plan.groups {
        let mut executor = InProcess::new(group, timer);
        for (i, bench) in group.benches.iter().enumerate() {
            match spin(&mut executor, i, budget) {
                Ok((iters, took)) => eprintln!(
                    "profiled {}: {iters} iterations in {:.2} s",
                    bench.full_name,
                    took.as_secs_f64()
                ),
                Err(why) => {
                    failed += 1;
                    eprintln!("profiled {}: failed: {why}", bench.full_name);
                }
            }
        }
    }
    for ladder in &plan.complexity {
        eprintln!(
            "not profiled {}: a complexity bench (profile one of its sizes with a plain bench)",
            ladder.def.full_name
        );
    }
    if failed > 0 {
        return Err(Error::Failed(format!(
            "{failed} benchmark(s) failed while profiling"
        )));
    }
    Ok(())
}

/// What profiling cannot combine with: it runs in this process, where the
/// profiler looks, and measures nothing to keep.
fn refuse_what_cannot_be_profiled(opts: &Options) -> Result<(), Error> {
    let refused = if opts.engine.bench_timeout.is_some() {
        Some("`--bench-timeout` (it runs benchmarks in a worker process; profile that process, or drop the flag)")
    } else if opts.repetition.processes.is_some() {
        Some("`--<how>-of-processes` (children the profiler does not follow)")
    } else if opts.measure == Measure::Instructions {
        Some("`--measure instructions` (Valgrind runs the benchmarks instead)")
    } else if opts.baselines.save.is_some() || opts.baselines.compare.is_some() {
        Some("`--save-baseline` or `--baseline` (profiling measures nothing to keep)")
    } else {
        None
    };
    match refused {
        Some(what) => Err(Error::Usage(format!(
            "`--profile-time` does not combine with {what}"
        ))),
        None => Ok(()),
    }
}

/// Samples of bench `i`, growing to [`SAMPLE`] each, until `budget` has
/// passed: the iterations run and the time they took.
fn spin(
    executor: &mut InProcess<'_>,
    i: usize,
    budget: Duration,
) -> Result<(u64, Duration), String> {
    let start = Instant::now();
    let (mut iters, mut total) = (1u64, 0u64);
    loop {
        let sample_start = Instant::now();
        executor.sample(&SampleRequest {
            bench: i,
            iters,
            stack_offset: 0,
            flush_cache: false,
            n: None,
        })?;
        total += iters;
        let took = start.elapsed();
        if took >= budget {
            return Ok((total, took));
        }
        if sample_start.elapsed() < SAMPLE {
            iters = iters.saturating_mul(2);
        }
    }
}
