//! Trials in fresh workers of this binary (the worker protocol), each
//! killed when a call runs past the per-call cap and a grace period.

use super::{is_cold, target_ns, tune, Rungs, Trial};
use crate::engine::SampleRequest;
use crate::measure::timer::TimerChoice;
use crate::plan::ComplexityPlan;
use crate::process::worker::{deadline_after, ThisBinary, WorkerClient, WorkerStderr};
use std::time::{Duration, Instant};

/// How long a worker may take to start (plan, calibrate) and to end.
const START_LIMIT: Duration = Duration::from_secs(120);
/// Past a batch's cap (calls × `max_seconds_per_call`), a worker gets this
/// long before it is killed.
const GRACE: Duration = Duration::from_millis(500);
/// The wall time one sample of a warm batch aims at.
const CHUNK: Duration = Duration::from_millis(20);

/// Trials in fresh workers of this binary.
pub(crate) struct WorkerRungs {
    binary: ThisBinary,
    /// The per-spawn floor, once measured.
    floor_ns: f64,
}

impl WorkerRungs {
    /// Workers of this very binary, with its own arguments and clock.
    pub(crate) fn of_this_binary(timer: TimerChoice) -> Result<WorkerRungs, String> {
        Ok(WorkerRungs {
            binary: ThisBinary::new(timer)?,
            floor_ns: f64::NAN,
        })
    }

    fn start(&self) -> Result<WorkerClient, Trial> {
        self.binary
            .start(None, WorkerStderr::Inherit, START_LIMIT)
            .map_err(|(how, _)| Trial::Crashed(format!("the worker did not start: {how}")))
    }
}

impl Rungs for WorkerRungs {
    fn spawn_floor_ns(&mut self) -> f64 {
        // The least of three: the floor is what a spawn costs at best.
        let best = (0..3)
            .filter_map(|_| {
                let t = Instant::now();
                let w = self.start().ok()?;
                w.finish().ok()?;
                Some(t.elapsed().as_secs_f64() * 1e9)
            })
            .fold(f64::NAN, f64::min);
        self.floor_ns = best;
        best
    }

    fn trial(&mut self, plan: &ComplexityPlan, n: u64) -> Trial {
        let mut worker = match self.start() {
            Ok(w) => w,
            Err(t) => return t,
        };
        let Some(id) = worker.id_of(&plan.def.full_name) else {
            return Trial::Crashed(format!(
                "the worker has no benchmark `{}`",
                plan.def.full_name
            ));
        };
        let cap = plan.options.max_seconds_per_call;
        let cold = is_cold(plan);
        // A batch is asked for in samples of about CHUNK of wall time each:
        // `with_input` builds a sample's inputs before timing it, and a
        // whole batch's worth of them could fill the memory.
        let mut wall_per_call = f64::NAN;
        let mut sample = |k: u64| -> Result<(f64, f64), Trial> {
            let asked = Instant::now();
            let (mut left, mut timed) = (k, 0.0);
            while left > 0 {
                let chunk = if wall_per_call > 0.0 {
                    ((CHUNK.as_nanos() as f64 / wall_per_call) as u64).clamp(1, left)
                } else {
                    left
                };
                // A cap of 1e300 s is valid, and past what a Duration holds.
                let limit = Duration::try_from_secs_f64(cap * chunk as f64)
                    .unwrap_or(Duration::MAX)
                    .saturating_add(GRACE);
                worker.set_deadline(deadline_after(limit));
                let req = SampleRequest {
                    bench: id,
                    iters: chunk,
                    stack_offset: 0,
                    flush_cache: cold,
                    n: Some(n),
                };
                match worker.sample_id(id, &req) {
                    Ok(reply) => timed += reply.sample.elapsed_ns,
                    Err(e) if e == "timed out" => {
                        return Err(Trial::TimedOut(format!(
                            "killed after {:.1} s ({chunk} call{} at a cap of {cap} s each)",
                            limit.as_secs_f64(),
                            if chunk == 1 { "" } else { "s" }
                        )))
                    }
                    Err(e) if e == "it exited" => return Err(Trial::Crashed(worker.ended())),
                    Err(e) => return Err(Trial::Crashed(e)),
                }
                left -= chunk;
            }
            let wall = asked.elapsed().as_secs_f64() * 1e9;
            wall_per_call = wall / k as f64;
            Ok((timed, wall))
        };
        let trial = if cold {
            match sample(1) {
                Ok((total_ns, _)) => Trial::Done {
                    total_ns: total_ns.max(0.0),
                    repeats: 1,
                },
                Err(t) => t,
            }
        } else {
            tune(target_ns(plan, self.floor_ns), cap * 1e9, &mut sample)
        };
        if matches!(trial, Trial::Done { .. }) {
            worker.set_deadline(Instant::now() + START_LIMIT);
            if let Err(how) = worker.finish() {
                return Trial::Crashed(format!("the worker did not end cleanly: {how}"));
            }
        }
        trial
    }
}
