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
use crate::define::registry::{BenchDef, Routine, Shared};
use crate::measure::bencher::ThreadCtx;
use crate::measure::timer::Timer;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// Where the threads of one sample wait for each other before timing.
#[derive(Debug)]
pub(crate) struct StartLine {
    threads: usize,
    arrived: AtomicUsize,
    broken: AtomicBool,
}

impl StartLine {
    pub(crate) fn new(threads: usize) -> Arc<StartLine> {
        Arc::new(StartLine {
            threads,
            arrived: AtomicUsize::new(0),
            broken: AtomicBool::new(false),
        })
    }

    /// Arrives, then spins until every thread has arrived or the line is
    /// broken. Spinning keeps the start skew small; after a while it also
    /// yields, so threads outnumbering the cores still all arrive.
    pub(crate) fn wait(&self) {
        self.arrived.fetch_add(1, Ordering::AcqRel);
        let mut spins = 0u32;
        while self.arrived.load(Ordering::Acquire) < self.threads
            && !self.broken.load(Ordering::Acquire)
        {
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(1024) {
                std::thread::yield_now();
            } else {
                std::hint::spin_loop();
            }
        }
    }

    /// Lets everyone go: a thread failed or will never arrive.
    pub(crate) fn break_line(&self) {
        self.broken.store(true, Ordering::Release);
    }
}

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
        let handles = (0..threads)
            .map(|tid| {
                let shelf = shelf.clone();
                std::thread::Builder::new()
                    .name(format!("zenbench-{tid}/{threads}"))
                    .spawn(move || worker(&shelf, tid))
                    .expect("zenbench: cannot start a benchmark thread")
            })
            .collect();
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
        board.replies.iter_mut().for_each(|r| *r = None);
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
        let replies = board.replies.iter_mut().filter_map(Option::take).collect();
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

/// The thread counts of a scaling sweep on a machine with `physical` cores
/// and `logical` hardware threads: 1, 2, 4, … up to the physical count, plus
/// the physical and the logical counts where they are not powers of two.
pub(crate) fn scaling_counts(physical: usize, logical: usize) -> Vec<usize> {
    let physical = physical.max(1);
    let logical = logical.max(physical);
    let mut counts = Vec::new();
    let mut n = 1;
    while n <= physical {
        counts.push(n);
        n *= 2;
    }
    for extra in [physical, logical] {
        if !counts.contains(&extra) {
            counts.push(extra);
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_counts_are_powers_of_two_then_the_core_counts() {
        assert_eq!(scaling_counts(1, 1), [1]);
        assert_eq!(scaling_counts(1, 2), [1, 2]);
        assert_eq!(scaling_counts(2, 2), [1, 2]);
        assert_eq!(scaling_counts(2, 4), [1, 2, 4]);
        assert_eq!(scaling_counts(6, 12), [1, 2, 4, 6, 12]);
        assert_eq!(scaling_counts(8, 16), [1, 2, 4, 8, 16]);
        assert_eq!(scaling_counts(16, 16), [1, 2, 4, 8, 16]);
        assert_eq!(scaling_counts(0, 0), [1]);
    }

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
