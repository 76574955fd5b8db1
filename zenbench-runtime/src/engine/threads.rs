//! Thread rows: a sample of a bench at N threads is N worker threads each
//! running the routine for the sample's iterations, started together.
//!
//! Each thread count has a persistent pool, parked between samples (on a
//! condition variable), so creating, joining and waking threads stays
//! out of the timed region. A sample: the coordinator hands every worker
//! the job (with fresh shared state, for a contended bench, built before),
//! each worker runs the bench fn, whose Bencher waits at a spinning start
//! line right before its first clock read, so the threads start within
//! about a cache-line transfer of each other; each times its own loop, and
//! the sample is the slowest thread's time. A thread that panics, or that
//! never reaches the line, breaks it: the others go on, and the row fails
//! with the panic's message. Nothing is left waiting.

use super::executor::{call_with, SampleReply};
use crate::define::registry::{BenchDef, Routine};
use crate::measure::bencher::{Shared, ThreadCtx};
use crate::measure::spawn::spawn;
use crate::measure::start_line::StartLine;
use crate::measure::timer::Timer;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// What a worker runs for one sample.
struct Job {
    routine: Routine,
    timer: Timer,
    iters: u64,
    stack_offset: usize,
    line: Arc<StartLine>,
    shared: Option<Shared>,
}

/// The state a pool's coordinator and workers share: the current job (its
/// generation counts samples) and the replies, under one mutex.
struct Board {
    generation: u64,
    job: Option<Arc<Job>>,
    replies: Vec<Option<Result<SampleReply, String>>>,
    done: usize,
    closing: bool,
}

/// The board and its two condition variables.
struct Shelf {
    board: Mutex<Board>,
    /// Workers wait here for a new generation (or closing).
    posted: Condvar,
    /// The coordinator waits here for the replies.
    answered: Condvar,
}

/// The pool of one thread count.
pub(crate) struct Pool {
    threads: usize,
    shelf: Arc<Shelf>,
    handles: Vec<JoinHandle<()>>,
}

impl Pool {
    /// Its thread count.
    pub(crate) fn threads(&self) -> usize {
        self.threads
    }

    pub(crate) fn new(threads: usize) -> Pool {
        let shelf = Arc::new(Shelf {
            board: Mutex::new(Board {
                generation: 0,
                job: None,
                replies: vec![None; threads],
                done: 0,
                closing: false,
            }),
            posted: Condvar::new(),
            answered: Condvar::new(),
        });
        let mut handles = Vec::with_capacity(threads);
        for tid in 0..threads {
            let shelf = shelf.clone();
            handles.push(
                spawn(
                    std::thread::Builder::new().name(format!("zenbench-{tid}/{threads}")),
                    Box::new(move || worker(&shelf, tid)),
                )
                .expect("zenbench: cannot start a benchmark thread"),
            );
        }
        Pool {
            threads,
            shelf,
            handles,
        }
    }

    /// One sample of `bench` at this pool's thread count: the slowest
    /// thread's time; the first failure (by thread index) fails it.
    pub(crate) fn sample(
        &self,
        bench: &BenchDef,
        timer: Timer,
        iters: u64,
        stack_offset: usize,
    ) -> Result<SampleReply, String> {
        let shared = bench.contended.map(|setup| setup());
        let job = Arc::new(Job {
            routine: bench.routine.clone(),
            timer,
            iters,
            stack_offset,
            line: StartLine::new(self.threads),
            shared,
        });
        let mut board = lock(&self.shelf.board);
        board.job = Some(job);
        board.done = 0;
        for r in &mut board.replies {
            *r = None;
        }
        board.generation += 1;
        self.shelf.posted.notify_all();
        while board.done < self.threads {
            board = self
                .shelf
                .answered
                .wait(board)
                .unwrap_or_else(|p| p.into_inner());
        }
        board.job = None;
        let mut replies = Vec::with_capacity(self.threads);
        for r in &mut board.replies {
            if let Some(reply) = r.take() {
                replies.push(reply);
            }
        }
        drop(board);
        combine(replies)
    }
}

/// Locks the board, whatever a panicking holder left (workers catch bench
/// panics, so its state is always whole).
fn lock(m: &Mutex<Board>) -> MutexGuard<'_, Board> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A worker: parked on the condition variable between samples, it runs
/// each new job once and posts its reply.
fn worker(shelf: &Shelf, tid: usize) {
    let mut seen = 0;
    loop {
        let job = {
            let mut board = lock(&shelf.board);
            while board.generation == seen && !board.closing {
                board = shelf.posted.wait(board).unwrap_or_else(|p| p.into_inner());
            }
            if board.closing {
                return;
            }
            seen = board.generation;
            board.job.clone()
        };
        let Some(job) = job else { continue };
        let ctx = ThreadCtx {
            index: tid,
            line: Some(job.line.clone()),
            shared: job.shared.clone(),
        };
        let reply = call_with(&job.routine, job.timer, job.iters, job.stack_offset, ctx);
        if reply.is_err() {
            job.line.break_line();
        }
        let mut board = lock(&shelf.board);
        board.replies[tid] = Some(reply);
        board.done += 1;
        shelf.answered.notify_one();
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        lock(&self.shelf.board).closing = true;
        self.shelf.posted.notify_all();
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}

/// The sample of a thread row from its threads' samples, in thread order:
/// the slowest thread's time; thread 0's method, allocations and throughput
/// (every thread runs the same routine).
fn combine(replies: Vec<Result<SampleReply, String>>) -> Result<SampleReply, String> {
    let mut first: Option<SampleReply> = None;
    let mut slowest = 0.0f64;
    for (tid, reply) in replies.into_iter().enumerate() {
        let reply = reply.map_err(|e| format!("thread {tid}: {e}"))?;
        slowest = slowest.max(reply.sample.elapsed_ns);
        first.get_or_insert(reply);
    }
    let mut reply = first.ok_or_else(|| "no thread ran".to_string())?;
    reply.sample.elapsed_ns = slowest;
    Ok(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_line_lets_every_waiter_go() {
        let line = StartLine::new(3);
        let waiter = {
            let line = line.clone();
            std::thread::spawn(move || line.wait())
        };
        // Only one of three arrives; breaking the line must release it.
        std::thread::sleep(std::time::Duration::from_millis(20));
        line.break_line();
        waiter.join().unwrap();
    }

    #[test]
    fn the_slowest_thread_is_the_sample_and_a_failure_names_its_thread() {
        use crate::measure::bencher::{Method, Sample};
        let reply = |ns| {
            Ok(SampleReply {
                sample: Sample {
                    iters: 10,
                    elapsed_ns: ns,
                    method: Method::Iter,
                    allocs: None,
                },
                throughput: None,
            })
        };
        let r = combine(vec![reply(5.0), reply(9.0), reply(7.0)]).unwrap();
        assert_eq!(r.sample.elapsed_ns, 9.0);
        let e = combine(vec![reply(5.0), Err("panicked: boom".into())]).unwrap_err();
        assert_eq!(e, "thread 1: panicked: boom");
    }
}
