//! `--bench-timeout SECS`: every sample taken in a worker process of this
//! binary (the worker protocol), where a watchdog can end it.
//!
//! In this process a benchmark that never returns hangs the run, and one
//! that aborts or overflows its stack ends it, report and all. Behind the
//! watchdog each sample is asked of a worker with a deadline of SECS: a
//! sample past it gets the worker killed and its bench failed ("timed out
//! after SECS s"); a worker that dies in a sample fails that bench with how
//! it ended and the first line it wrote on stderr in that sample
//! ("crashed (killed by signal 6, SIGABRT): memory allocation of … bytes
//! failed"). The engine stops measuring a failed bench, and the
//! next sample of any other bench starts a fresh worker, so the rest of the
//! group, and the groups after it, still report. A panic stays what it is
//! in this process: the worker reports it and goes on.
//!
//! The engine drives the watchdog as it drives a child process of
//! `--<how>-of-processes`: a [`SampleSource`] by benchmark name. The worker
//! is this binary with this process's arguments and its calibrated clock
//! handed on, so it starts in milliseconds and times with the same clock.

use super::worker::{deadline_after, ThisBinary, WorkerClient, WorkerStderr};
use crate::engine::{SampleReply, SampleRequest, SampleSource};
use crate::measure::timer::{Timer, TimerChoice};
use crate::model::options::{Mode, Options};
use crate::model::result::TimerInfo;
use crate::plan::Plan;
use crate::Error;
use std::time::Duration;

/// How long a worker may take to start (plan, read the handed-on clock)
/// and to end after `bye`.
const START_LIMIT: Duration = Duration::from_secs(120);

/// The source of every sample of a run under `--bench-timeout`.
pub(crate) struct Watchdog {
    binary: ThisBinary,
    /// `--bench-timeout`, as given (for the message) and as a limit.
    timeout_s: f64,
    timeout: Duration,
    /// The worker taking samples now; `None` after one was killed or died,
    /// until the next sample starts a fresh one.
    worker: Option<WorkerClient>,
    /// The first worker's clock and loop overhead: the result's.
    pub timer: TimerInfo,
    pub loop_overhead_ns: f64,
    /// A smoke run's complexity rows: the `n` (their floor) a worker runs
    /// them at, since a worker knows them as ladders.
    sizes: Vec<(String, u64)>,
}

impl Watchdog {
    /// A watchdog over workers of this binary, its first worker started.
    pub(crate) fn start(plan: &Plan, opts: &Options, timeout_s: f64) -> Result<Watchdog, Error> {
        // A smoke run times nothing that needs a calibrated clock.
        let timer = match opts.mode {
            Mode::Bench => opts.engine.timer,
            Mode::Test => TimerChoice::Os,
        };
        if timer == TimerChoice::Tsc {
            // The one clock that may be refused: a usage error, as without
            // the watchdog.
            Timer::for_run(timer)?;
        }
        let binary = ThisBinary::new(timer).map_err(Error::Failed)?;
        let mut sizes = Vec::new();
        for g in &plan.groups {
            for d in &g.benches {
                if d.complexity.is_none() {
                    continue;
                }
                if let Ok(options) = crate::plan::complexity_options(d, opts) {
                    sizes.push((d.full_name.clone(), options.floor));
                }
            }
        }
        let first = start_worker(&binary).map_err(|how| {
            Error::Failed(format!("--bench-timeout: the worker did not start: {how}"))
        })?;
        Ok(Watchdog {
            binary,
            timeout_s,
            timeout: Duration::try_from_secs_f64(timeout_s).unwrap_or(Duration::MAX),
            timer: first.hello.timer.clone(),
            loop_overhead_ns: first.hello.loop_overhead_ns,
            worker: Some(first),
            sizes,
        })
    }

    /// Says `bye` to the worker, if one is running.
    pub(crate) fn finish(mut self) {
        if let Some(mut worker) = self.worker.take() {
            worker.set_deadline(deadline_after(START_LIMIT));
            let _ = worker.finish();
        }
    }
}

fn start_worker(binary: &ThisBinary) -> Result<WorkerClient, String> {
    binary
        .start(None, WorkerStderr::Forward, START_LIMIT)
        .map_err(|(how, _)| how)
}

impl SampleSource for Watchdog {
    fn resolution_ns(&self) -> f64 {
        self.timer.resolution_ns
    }

    fn sample(&mut self, full_name: &str, request: &SampleRequest) -> Result<SampleReply, String> {
        let worker = match &mut self.worker {
            Some(w) => w,
            None => {
                let fresh = start_worker(&self.binary)
                    .map_err(|how| format!("a fresh worker did not start: {how}"))?;
                self.worker.insert(fresh)
            }
        };
        let mut request = *request;
        if request.n.is_none() {
            for (name, n) in &self.sizes {
                if name == full_name {
                    request.n = Some(*n);
                }
            }
        }
        worker.set_deadline(deadline_after(self.timeout));
        worker.mark_stderr();
        match worker.sample(full_name, &request) {
            Ok(reply) => Ok(reply),
            Err(e) if e == "timed out" => {
                // Killed by the read that timed out; dropping it reaps it.
                self.worker = None;
                Err(format!("timed out after {} s", self.timeout_s))
            }
            Err(e) if e == "it exited" || e.starts_with("the worker is gone") => {
                let how = worker.ended();
                let last = worker.crash_line();
                self.worker = None;
                Err(match last {
                    Some(line) => {
                        format!("crashed ({how}): {}", crate::model::error::one_line(&line))
                    }
                    None => format!("crashed ({how})"),
                })
            }
            // The bench's own failure (a panic), which the worker survives.
            Err(e) => Err(e),
        }
    }
}
