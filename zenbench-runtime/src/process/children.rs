//! `--<how>-of-processes N`: each measurement's samples taken in a fresh
//! child process of this bench binary, one after another, and the results
//! combined.
//!
//! A child is started as a [worker](super::worker) (`ZENBENCH_WORKER=1`,
//! `ZENBENCH_SUBPROCESS=1`): the parent keeps the schedule, the machine
//! lock and the statistics, and the child runs every sample in its own
//! process — its own code and data layout, its own clock calibration and
//! loop overhead, the machine as it is at its turn. So the parent never
//! reads a child's result back, and the children share nothing but the
//! binary. A child that crashes, is killed, runs past `--process-timeout`
//! (or over one sample past `--bench-timeout`) or answers badly is
//! reported by its index, how it ended and its last line on stderr; the
//! others are still combined.

use super::aggregate::aggregate_results;
use super::shown::Shown;
use super::worker::{deadline_after, WorkerClient, WorkerStderr};
use crate::engine::{run_plan, RunSettings};
use crate::engine::{SampleReply, SampleRequest, SampleSource};
use crate::model::options::{Options, Repeat};
use crate::model::result::{ProcessFailure, SuiteResult};
use crate::plan::Plan;
use crate::Error;
use std::time::{Duration, Instant};

/// Where a child writes its result when started with it (a child of an
/// outside tool); this build's parent drives its children as workers.
pub(crate) const RESULT_PATH_ENV: &str = "ZENBENCH_RESULT_PATH";
/// `--process-timeout`'s default, seconds.
const DEFAULT_TIMEOUT_S: f64 = 3600.0;

/// Measures `plan` `repeat.count` times, each in a fresh child process
/// (with `opts.repetition.passes` passes each), and combines the results. `None` when
/// no child gave a result; the failures either way.
pub(crate) fn measure_in_children(
    plan: &Plan,
    repeat: Repeat,
    opts: &Options,
) -> Result<(Option<SuiteResult>, Vec<ProcessFailure>), Error> {
    let passes = match opts.repetition.passes {
        Some(p) if p.count > 1 => Some(p),
        _ => None,
    };
    let (results, failures) = measure_children(plan, repeat.count, opts)?;
    let mut combined = aggregate_results(&results, repeat.how);
    if let Some(r) = combined.as_mut() {
        r.repetition.processes = results.len() as u32;
        r.repetition.pass_aggregation = passes.map(|p| p.how.name().to_owned());
        r.repetition.aggregation = Some(repeat.how.name().to_owned());
        r.repetition.failures = failures.clone();
    }
    Ok((combined, failures))
}

/// Measures `plan` in `count` fresh child processes, one after another
/// (each with `opts.repetition.passes` passes): every child's result, and
/// the children that gave none.
pub(crate) fn measure_children(
    plan: &Plan,
    count: u32,
    opts: &Options,
) -> Result<(Vec<SuiteResult>, Vec<ProcessFailure>), Error> {
    let exe = std::env::current_exe().map_err(|e| {
        Error::Config(format!(
            "cannot find this executable to start child processes: {e}"
        ))
    })?;
    let cwd =
        std::env::current_dir().map_err(|e| Error::Config(format!("no current folder: {e}")))?;
    let dir = std::env::temp_dir().join(format!("zenbench-children-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let limit =
        Duration::try_from_secs_f64(opts.repetition.process_timeout.unwrap_or(DEFAULT_TIMEOUT_S))
            .unwrap_or(Duration::MAX);
    let passes = match opts.repetition.passes {
        Some(p) if p.count > 1 => Some(p),
        _ => None,
    };
    // A child plans its rows from the parent's arguments (`--threads`).
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let mut results = Vec::new();
    let mut failures = Vec::new();
    for index in 1..=count {
        let stderr = dir.join(format!("child-{index}.stderr"));
        let process_deadline = deadline_after(limit);
        let started = WorkerClient::start(&exe, &args, &cwd, WorkerStderr::File(&stderr), limit);
        let outcome = match started {
            Err((status, _)) => Err(status),
            Ok(mut worker) => {
                let mut child = Child {
                    worker: &mut worker,
                    process_deadline,
                    bench_timeout: opts.engine.bench_timeout,
                    timed_out: None,
                };
                let mut runs = Vec::new();
                let count = match passes {
                    Some(p) => p.count,
                    None => 1,
                };
                for _ in 0..count {
                    let settings = RunSettings::of(opts);
                    let shown = &mut Shown::for_run(opts);
                    runs.push(run_plan(plan, &settings, Some(&mut child), shown)?);
                }
                let timed_out = child.timed_out.take();
                let timer = worker.hello.timer.clone();
                let overhead = worker.hello.loop_overhead_ns;
                match worker.finish() {
                    Ok(()) => {
                        let mut r = match passes {
                            Some(p) => {
                                let mut r = aggregate_results(&runs, p.how).expect("passes ran");
                                r.repetition.passes = p.count;
                                r
                            }
                            None => runs.swap_remove(0),
                        };
                        // The child's clock timed the samples.
                        r.timer = timer;
                        r.loop_overhead_ns = overhead;
                        Ok(r)
                    }
                    Err(status) => Err(timed_out.unwrap_or(status)),
                }
            }
        };
        match outcome {
            Ok(r) => results.push(r),
            Err(status) => failures.push(ProcessFailure {
                index,
                status,
                message: last_line(&stderr),
            }),
        }
        let _ = std::fs::remove_file(&stderr);
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok((results, failures))
}

/// The last non-blank line of the file at `path`, if it can be read.
pub(crate) fn last_line(path: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    for line in text.lines().rev() {
        if !line.trim().is_empty() {
            return Some(line.to_owned());
        }
    }
    None
}

/// A child's samples: within `--process-timeout` for the whole child, and
/// each within `--bench-timeout` when it is given. A sample past the bench
/// timeout has the child killed, and the child is reported failed by it
/// (a child is one measurement: the others are still combined).
struct Child<'w> {
    worker: &'w mut WorkerClient,
    process_deadline: Instant,
    bench_timeout: Option<f64>,
    /// Why the child was killed, when a sample ran past `--bench-timeout`.
    timed_out: Option<String>,
}

impl SampleSource for Child<'_> {
    fn resolution_ns(&self) -> f64 {
        self.worker.resolution_ns()
    }

    fn sample(&mut self, full_name: &str, request: &SampleRequest) -> Result<SampleReply, String> {
        let Some(secs) = self.bench_timeout else {
            return self.worker.sample(full_name, request);
        };
        let limit = Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX);
        let by_bench = deadline_after(limit);
        self.worker
            .set_deadline(by_bench.min(self.process_deadline));
        let reply = self.worker.sample(full_name, request);
        if matches!(&reply, Err(e) if e == "timed out")
            && by_bench <= self.process_deadline
            && self.timed_out.is_none()
        {
            self.timed_out = Some(format!(
                "timed out: a sample of `{full_name}` ran past --bench-timeout {secs} s"
            ));
        }
        reply
    }
}
