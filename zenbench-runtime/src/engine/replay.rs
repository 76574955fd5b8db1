//! Replayed benchmarks: bodies that exist only while a function of the
//! user's runs. A criterion closure borrows its fn's locals, so it cannot be
//! kept and called later the way a `#[zenbench::bench]` fn is.
//!
//! Each replayed bench gets a thread of its own the first time the engine
//! asks for one of its samples. That thread calls the bench's fn once (only
//! the part that registers it, see [`part`]), skips every other bench of
//! it, and stays inside the bench's registration ([`point`]): the closure
//! and all it borrows stay alive while the thread serves every sample the
//! engine asks of this bench, in whatever order the rounds shuffle the
//! group's benches. So the code a fn runs before its benches (building an
//! input, loading a file) runs once per bench it registers, not once per
//! sample; its data lives once per bench while their group runs. When the
//! engine moves on to another group, the parked threads are let go: each
//! returns from its bench's registration, its fn finishes (dropping what
//! it built), and the next group starts after that.
//!
//! The timing itself is the in-process executor's: the same Bencher, stack
//! offset and panic capture, on the bench's own thread.

use super::executor::{call_body, quietly, SampleReply};
use super::mailbox::{channel, Receiver, Sender};
use crate::define::registry::{Replayer, Suite};
use crate::measure::bencher::{Bencher, ThreadCtx};
use crate::measure::spawn::spawn;
use crate::measure::timer::Timer;
use std::cell::RefCell;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use crate::define::registry::ReplayBench;

/// How long letting a group's threads go waits for their fns to finish
/// before the next group starts anyway.
const FINISH_WAIT: Duration = Duration::from_secs(30);

/// One sample the engine asks a bench's thread for.
struct Job {
    timer: Timer,
    iters: u64,
    stack_offset: usize,
}

type Reply = Result<SampleReply, String>;

/// A bench's thread, parked in its fn at the bench's registration.
struct Parked {
    jobs: Sender<Job>,
    replies: Receiver<Reply>,
    /// Disconnected when the thread has finished.
    done: Receiver<()>,
}

/// Where each replayed bench is registered, and its group.
#[derive(Clone, Debug)]
struct Origin {
    call: usize,
    part: usize,
    group: String,
}

/// The engine's end: a parked thread per bench of the group that runs.
struct Link {
    fns: Vec<fn()>,
    origins: Vec<Origin>,
    parked: Mutex<Vec<Option<Parked>>>,
}

impl Replayer for Link {
    fn sample(
        &self,
        index: usize,
        timer: Timer,
        iters: u64,
        stack_offset: usize,
    ) -> Result<SampleReply, String> {
        let mut parked = self.parked.lock().unwrap_or_else(|e| e.into_inner());
        let group = &self.origins[index].group;
        // The engine runs one group at a time: a sample of another group
        // lets the last one's threads go first.
        for (i, slot) in parked.iter_mut().enumerate() {
            if slot.is_some() && self.origins[i].group != *group {
                let_go(slot.take());
            }
        }
        if parked[index].is_none() {
            parked[index] = Some(self.start(index)?);
        }
        let p = parked[index].as_ref().expect("started above");
        let gone = || "the thread serving this benchmark has stopped".to_string();
        let job = Job {
            timer,
            iters,
            stack_offset,
        };
        p.jobs.send(job).map_err(|_| gone())?;
        p.replies.recv().map_err(|_| gone())?
    }
}

impl Link {
    /// Starts the thread that serves bench `index`.
    fn start(&self, index: usize) -> Result<Parked, String> {
        let (jobs, job_rx) = channel();
        let (reply_tx, replies) = channel();
        let (finished, done) = channel::<()>();
        let origin = &self.origins[index];
        let (f, part) = (self.fns[origin.call], origin.part);
        spawn(
            std::thread::Builder::new()
                .name(format!("zenbench-bench-{index}"))
                // As much stack as a program's main thread gets.
                .stack_size(8 << 20),
            Box::new(move || {
                serve_one(f, index, part, job_rx, reply_tx);
                drop(finished);
            }),
        )
        .map_err(|e| format!("cannot start a thread for it: {e}"))?;
        Ok(Parked {
            jobs,
            replies,
            done,
        })
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        let parked = self.parked.get_mut().unwrap_or_else(|e| e.into_inner());
        for slot in parked.iter_mut() {
            let_go(slot.take());
        }
    }
}

/// Lets a parked thread go: its bench's registration returns, and its fn
/// runs to its end (dropping what it built) before this returns, or
/// `FINISH_WAIT` has passed.
fn let_go(parked: Option<Parked>) {
    let Some(Parked {
        jobs,
        replies,
        done,
    }) = parked
    else {
        return;
    };
    drop((jobs, replies));
    let _ = done.recv_timeout(FINISH_WAIT);
}

/// The serving thread's state.
struct Serving {
    index: usize,
    part: usize,
    /// Taken where the fn reaches the bench.
    ends: Option<(Receiver<Job>, Sender<Reply>)>,
}

thread_local! {
    static SERVING: RefCell<Option<Serving>> = const { RefCell::new(None) };
}

/// Whether this thread serves a replayed bench (its fn's benches' bodies
/// may run here).
pub fn in_pass() -> bool {
    SERVING.with(|s| s.borrow().is_some())
}

/// The part of its fn that this thread runs, when it serves a bench; a fn
/// made of parts (a criterion group fn's targets) runs only that one.
pub fn part() -> Option<usize> {
    SERVING.with(|s| s.borrow().as_ref().map(|s| s.part))
}

/// Where a fn reaches bench `index`: on the thread serving that bench, runs
/// `body` for every sample the engine asks of it, and returns when the
/// engine lets it go. Anywhere else it does nothing.
pub fn point(index: usize, body: &mut dyn FnMut(&mut Bencher)) {
    let ends = SERVING.with(|s| {
        let mut s = s.borrow_mut();
        let s = s.as_mut().filter(|s| s.index == index)?;
        s.ends.take()
    });
    let Some((jobs, replies)) = ends else { return };
    // No borrow is held while the body runs.
    serve_jobs(&jobs, &replies, body);
}

/// Runs `body` for each job until the engine's end of `jobs` is gone (it
/// is done with this bench) or no one takes the replies.
fn serve_jobs(jobs: &Receiver<Job>, replies: &Sender<Reply>, body: &mut dyn FnMut(&mut Bencher)) {
    while let Ok(job) = jobs.recv() {
        let reply = call_body(
            body,
            job.timer,
            job.iters,
            job.stack_offset,
            ThreadCtx::default(),
        );
        if replies.send(reply).is_err() {
            break;
        }
    }
}

/// A bench's thread: calls `f` to serve bench `index` where it registers
/// it; a fn that ends or panics first answers every request with why.
fn serve_one(f: fn(), index: usize, part: usize, jobs: Receiver<Job>, replies: Sender<Reply>) {
    SERVING.with(|s| {
        *s.borrow_mut() = Some(Serving {
            index,
            part,
            ends: Some((jobs, replies)),
        })
    });
    let outcome = quietly(&mut || f());
    let left = SERVING.with(|s| s.borrow_mut().take()).and_then(|s| s.ends);
    let Some((jobs, replies)) = left else { return };
    let why = match outcome {
        Err(why) => format!("its fn {why} before reaching it"),
        Ok(()) => "a new call of its fn did not register it (are the benchmarks registered \
                   the same way on every call?)"
            .to_string(),
    };
    while jobs.recv().is_ok() {
        if replies.send(Err(why.clone())).is_err() {
            break;
        }
    }
}

/// Runs `benches` (found by a first pass of `fns`) with `args` as the
/// command line, and exits: the engine on a thread of its own, each bench
/// served by a thread of its own (see the module's notes).
pub fn main(benches: Vec<ReplayBench>, fns: &[fn()], args: Vec<String>, notes: Vec<String>) -> ! {
    let link: Arc<dyn Replayer> = Arc::new(Link::new(&benches, fns));
    let suite = Suite::replayed(&benches, &link);
    drop(link);
    let engine = spawn(
        std::thread::Builder::new()
            .name("zenbench-engine".into())
            .stack_size(64 << 20),
        Box::new(move || suite.main_with_args(args, &notes)),
    )
    .unwrap_or_else(|e| {
        eprintln!("error: cannot start the engine's thread: {e}");
        std::process::exit(2)
    });
    // The engine ends the process when it is done; it returns only by
    // panicking.
    let code = if engine.join().is_err() { 101 } else { 0 };
    std::process::exit(code)
}

impl Link {
    fn new(benches: &[ReplayBench], fns: &[fn()]) -> Link {
        let mut parked = Vec::with_capacity(benches.len());
        parked.resize_with(benches.len(), || None);
        let mut origins = Vec::with_capacity(benches.len());
        for b in benches {
            origins.push(Origin {
                call: b.call,
                part: b.part,
                group: b.group.clone().unwrap_or_else(|| b.name.clone()),
            });
        }
        Link {
            fns: fns.to_vec(),
            parked: Mutex::new(parked),
            origins,
        }
    }
}

/// The engine's end when each bench is measured where its fn reaches it
/// (setup once): the one bench of the suite it is in.
struct Here {
    ends: Mutex<(Sender<Job>, Receiver<Reply>)>,
}

impl Replayer for Here {
    fn sample(
        &self,
        _: usize,
        timer: Timer,
        iters: u64,
        stack_offset: usize,
    ) -> Result<SampleReply, String> {
        let ends = self.ends.lock().unwrap_or_else(|e| e.into_inner());
        let gone = || "its fn is no longer serving it".to_string();
        let job = Job {
            timer,
            iters,
            stack_offset,
        };
        ends.0.send(job).map_err(|_| gone())?;
        ends.1.recv().map_err(|_| gone())?
    }
}

/// Where [`measure_here`] hands its suites to the engine.
static FEED: Mutex<Option<Sender<Suite>>> = Mutex::new(None);

/// Whether `args` ask for a run that measures (or smoke-tests) benchmarks,
/// which [`main_once`] can do; help, a listing and profiling are not.
pub fn measures(args: &[String]) -> bool {
    crate::define::cli::parse_env_and(args.to_vec())
        .is_ok_and(|o| !o.help && !o.list && o.profile_time.is_none())
}

/// Runs `fns` once each, measuring each bench where its fn registers it
/// ([`measure_here`]), then reports them as one run and exits: a fn's setup
/// runs once, as under criterion, and each bench is a group of its own, its
/// samples taken one bench after another, with nothing compared.
pub fn main_once(fns: &[fn()], args: Vec<String>, notes: Vec<String>) -> ! {
    let (feed, suites) = channel();
    *FEED.lock().unwrap_or_else(|e| e.into_inner()) = Some(feed);
    let engine = spawn(
        std::thread::Builder::new()
            .name("zenbench-engine".into())
            .stack_size(64 << 20),
        Box::new(move || Suite::main_each(args, &notes, &mut || suites.recv().ok())),
    )
    .unwrap_or_else(|e| {
        eprintln!("error: cannot start the engine's thread: {e}");
        std::process::exit(2)
    });
    for f in fns {
        // What a fn registered before it panicked was measured.
        if let Err(why) = quietly(&mut || f()) {
            eprintln!(
                "zenbench: a replayed fn {why}; the benchmarks it registered before that ran"
            );
        }
    }
    // The engine reports what it measured once the feed is closed.
    FEED.lock().unwrap_or_else(|e| e.into_inner()).take();
    let code = if engine.join().is_err() { 101 } else { 0 };
    std::process::exit(code)
}

/// Under [`main_once`]: measures `bench` now, with `body` serving its
/// samples on this thread, and returns when the engine is done with it.
/// Elsewhere it does nothing.
pub fn measure_here(bench: ReplayBench, body: &mut dyn FnMut(&mut Bencher)) {
    let (jobs, job_rx) = channel();
    let (reply_tx, replies) = channel();
    let link: Arc<dyn Replayer> = Arc::new(Here {
        ends: Mutex::new((jobs, replies)),
    });
    let suite = Suite::replayed(&[bench], &link);
    drop(link);
    let sent = match &*FEED.lock().unwrap_or_else(|e| e.into_inner()) {
        Some(feed) => feed.send(suite).is_ok(),
        None => false,
    };
    if !sent {
        return;
    }
    // The engine drops the suite, and the job sender with it, when done.
    serve_jobs(&job_rx, &reply_tx, body);
}

/// A panic's message, when it has one.
pub(crate) fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with a non-string payload".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `fns` answer to the engine's requests `asks` (bench indices),
    /// each bench registered as `origins` say: `(call, part, group)`.
    fn drive(
        fns: &[fn()],
        origins: &[(usize, usize, &str)],
        asks: &[usize],
    ) -> Vec<Result<u64, String>> {
        let mut benches = Vec::new();
        for (i, &(call, part, group)) in origins.iter().enumerate() {
            benches.push(ReplayBench {
                group: Some(group.to_string()),
                name: format!("b{i}"),
                source: format!("b{i}"),
                arg: None,
                baseline: false,
                options: crate::BenchOptions::NONE,
                throughput: None,
                call,
                part,
            });
        }
        let link = Link::new(&benches, fns);
        let mut replies = Vec::new();
        for &i in asks {
            replies.push(link.sample(i, Timer::os(), 3, 0).map(|r| r.sample.iters));
        }
        replies
    }

    fn take(log: &Mutex<Vec<String>>) -> Vec<String> {
        std::mem::take(&mut *log.lock().unwrap())
    }

    #[test]
    fn each_bench_is_served_by_one_call_of_its_fn_in_any_order() {
        static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());
        fn three() {
            LOG.lock().unwrap().push("setup".into());
            for i in 0..3 {
                point(i, &mut |b| {
                    LOG.lock().unwrap().push(format!("run {i}"));
                    b.iter(|| i)
                });
            }
        }
        let g = (0, 0, "g");
        let replies = drive(&[three], &[g, g, g], &[2, 0, 1, 1, 0, 2, 0]);
        assert_eq!(replies, [Ok(3), Ok(3), Ok(3), Ok(3), Ok(3), Ok(3), Ok(3)]);
        // The fn ran once per bench, each time up to its bench, and each
        // sample ran its own bench's body.
        assert_eq!(
            take(&LOG),
            [
                "setup", "run 2", "setup", "run 0", "setup", "run 1", "run 1", "run 0", "run 2",
                "run 0"
            ]
        );
    }

    #[test]
    fn another_group_lets_the_last_ones_threads_finish_first() {
        static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());
        fn two() {
            for i in 0..2 {
                point(i, &mut |b| b.iter(|| i));
            }
            if let Some(s) = SERVING.with(|s| s.borrow().as_ref().map(|s| s.index)) {
                LOG.lock().unwrap().push(format!("end {s}"));
            }
        }
        fn one() {
            LOG.lock().unwrap().push("setup 2".into());
            point(2, &mut |b| b.iter(|| 2));
        }
        let replies = drive(
            &[two, one],
            &[(0, 0, "a"), (0, 0, "a"), (1, 0, "b")],
            &[0, 1, 0, 2],
        );
        assert_eq!(replies, [Ok(3), Ok(3), Ok(3), Ok(3)]);
        let mut log = take(&LOG);
        // Both threads of group `a` finished their fn before `b` started.
        log[..2].sort();
        assert_eq!(log, ["end 0", "end 1", "setup 2"]);
    }

    #[test]
    fn a_thread_runs_only_the_part_of_its_fn_that_registers_its_bench() {
        static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());
        fn parts() {
            for p in 0..2 {
                if part().is_none_or(|mine| mine == p) {
                    LOG.lock().unwrap().push(format!("setup {p}"));
                    point(p, &mut |b| b.iter(|| p));
                }
            }
        }
        let replies = drive(&[parts], &[(0, 0, "g"), (0, 1, "g")], &[1, 1]);
        assert_eq!(replies, [Ok(3), Ok(3)]);
        assert_eq!(take(&LOG), ["setup 1"]);
    }

    #[test]
    fn a_bench_its_fn_does_not_register_gets_an_error_and_the_rest_go_on() {
        fn registers_0() {
            point(0, &mut |b| b.iter(|| 0));
        }
        let g = (0, 0, "g");
        let replies = drive(&[registers_0], &[g, g], &[1, 0, 1]);
        let err = replies[0].as_ref().unwrap_err();
        assert!(err.contains("did not register it"), "{err}");
        assert_eq!(replies[1], Ok(3));
        assert_eq!(replies[2], replies[0]);
    }

    #[test]
    fn a_panic_before_the_bench_is_its_error_and_not_its_siblings() {
        fn panics_after_0() {
            point(0, &mut |b| b.iter(|| 0));
            panic!("no input file");
        }
        let g = (0, 0, "g");
        let replies = drive(&[panics_after_0], &[g, g], &[0, 1, 0]);
        assert_eq!((&replies[0], &replies[2]), (&Ok(3), &Ok(3)));
        let err = replies[1].as_ref().unwrap_err();
        assert!(
            err.contains("panicked at") && err.contains("no input file"),
            "{err}"
        );
    }

    #[test]
    fn a_panicking_body_fails_its_sample_and_its_thread_serves_on() {
        fn flaky() {
            let mut calls = 0;
            point(0, &mut |b| {
                calls += 1;
                assert!(calls != 2, "second sample");
                b.iter(|| 0)
            });
        }
        let replies = drive(&[flaky], &[(0, 0, "g")], &[0, 0, 0]);
        assert_eq!(replies[0], Ok(3));
        assert!(replies[1].as_ref().unwrap_err().contains("second sample"));
        assert_eq!(replies[2], Ok(3));
    }
}
