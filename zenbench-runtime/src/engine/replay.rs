//! Replayed benchmarks: bodies that exist only while a function of the
//! user's runs. A criterion closure borrows its fn's locals, so it cannot be
//! kept and called later the way a `#[zenbench::bench]` fn is; instead the
//! fn itself is called again and again (a *pass*) on the thread that
//! started the run, while the engine runs on a thread of its own.
//!
//! The engine asks for a sample through the bench's [`Link`]; the pass
//! serves it where it reaches that bench ([`point`]), skips every other
//! bench, waits for the engine's next request there, and carries on (a
//! later bench), serves again (the same one) or ends early so that the next
//! pass starts from the top (an earlier one). The timing itself is the
//! in-process executor's: the same Bencher, stack offset and panic capture,
//! on the replaying thread.

use super::executor::{call_body, quietly, SampleReply};
use super::mailbox::{channel, Receiver, Sender};
use crate::define::registry::{Replayer, Suite};
use crate::measure::bencher::{Bencher, ThreadCtx};
use crate::measure::spawn::spawn;
use crate::measure::timer::Timer;
use std::cell::RefCell;
use std::sync::{Arc, Mutex};

pub use crate::define::registry::ReplayBench;

/// One sample the engine asks the replaying thread for.
#[derive(Clone, Copy)]
struct Job {
    /// Counts requests, so a pass knows which one it started with.
    seq: u64,
    index: usize,
    timer: Timer,
    iters: u64,
    stack_offset: usize,
}

type Reply = Result<SampleReply, String>;

/// The engine's end of the channel to the replaying thread.
struct Link {
    ends: Mutex<(Sender<Job>, Receiver<Reply>, u64)>,
}

impl Replayer for Link {
    fn sample(
        &self,
        index: usize,
        timer: Timer,
        iters: u64,
        stack_offset: usize,
    ) -> Result<SampleReply, String> {
        let mut ends = self.ends.lock().unwrap_or_else(|e| e.into_inner());
        ends.2 += 1;
        let job = Job {
            seq: ends.2,
            index,
            timer,
            iters,
            stack_offset,
        };
        let gone = || "the thread replaying the benchmarks has stopped".to_string();
        ends.0.send(job).map_err(|_| gone())?;
        ends.1.recv().map_err(|_| gone())?
    }
}

/// The replaying thread's state during one pass.
struct Serving {
    jobs: Receiver<Job>,
    replies: Sender<Reply>,
    /// The request to serve next; `None` once the engine has gone.
    pending: Option<Job>,
    /// The pass went past the pending request's bench: skip to its end.
    restart: bool,
    /// The request the pass started with, and whether it was served.
    start_seq: u64,
    start_served: bool,
}

thread_local! {
    static PASS: RefCell<Option<Serving>> = const { RefCell::new(None) };
}

/// Whether this thread is in a replay pass (its benches' bodies may run).
pub fn in_pass() -> bool {
    PASS.with(|p| p.borrow().is_some())
}

/// Where a pass reaches bench `index`: runs `body` for every sample the
/// engine asks of this bench from here on, and returns when it asks for
/// another one. Outside a pass it does nothing.
pub fn point(index: usize, body: &mut dyn FnMut(&mut Bencher)) {
    loop {
        let job = PASS.with(|p| {
            let mut p = p.borrow_mut();
            let s = p.as_mut()?;
            let job = s.pending.filter(|_| !s.restart)?;
            match job.index.cmp(&index) {
                std::cmp::Ordering::Equal => Some(job),
                std::cmp::Ordering::Greater => None,
                std::cmp::Ordering::Less => {
                    s.restart = true;
                    None
                }
            }
        });
        let Some(job) = job else { return };
        // No borrow is held while the body runs.
        let reply = call_body(
            body,
            job.timer,
            job.iters,
            job.stack_offset,
            ThreadCtx::default(),
        );
        let more = PASS.with(|p| {
            let mut p = p.borrow_mut();
            let s = p.as_mut().expect("in a pass");
            s.start_served |= job.seq == s.start_seq;
            s.pending = None;
            if s.replies.send(reply).is_ok() {
                s.pending = s.jobs.recv().ok();
            }
            s.pending.is_some()
        });
        if !more {
            return;
        }
    }
}

/// Runs `benches` (found by a first pass of `fns`) with `args` as the
/// command line, and exits: the engine on a thread of its own, a pass of
/// `fns` (each called in turn) on this one whenever a sample is asked for.
pub fn main(benches: Vec<ReplayBench>, fns: &[fn()], args: Vec<String>, notes: Vec<String>) -> ! {
    let (job_tx, job_rx) = channel();
    let (reply_tx, reply_rx) = channel();
    let link: Arc<dyn Replayer> = Arc::new(Link {
        ends: Mutex::new((job_tx, reply_rx, 0)),
    });
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
    serve(job_rx, reply_tx, fns);
    // The engine ends the process when it is done; it dropped its end of
    // the channel without doing so only by panicking.
    let code = if engine.join().is_err() { 101 } else { 0 };
    std::process::exit(code)
}

/// Serves requests with passes of `fns` until the engine drops the link.
fn serve(jobs: Receiver<Job>, replies: Sender<Reply>, fns: &[fn()]) {
    let Ok(mut first) = jobs.recv() else { return };
    let mut ends = (jobs, replies);
    loop {
        let start_seq = first.seq;
        PASS.with(|p| {
            *p.borrow_mut() = Some(Serving {
                jobs: ends.0,
                replies: ends.1,
                pending: Some(first),
                restart: false,
                start_seq,
                start_served: false,
            })
        });
        // A panic outside the benches' bodies (setup code) would repeat on
        // every pass: caught and told once, with the request it keeps from.
        let mut outcome = Ok(());
        for f in fns {
            if let Err(why) = quietly(&mut || f()) {
                outcome = outcome.and(Err(why));
            }
        }
        let s = PASS
            .with(|p| p.borrow_mut().take())
            .expect("the pass's state");
        ends = (s.jobs, s.replies);
        let Some(job) = s.pending else { return };
        first = if job.seq == start_seq && !s.start_served {
            // A whole pass went by without reaching it.
            let why = match outcome {
                Err(why) => format!("its fn {why} before reaching it"),
                Ok(()) => "a new call of its fn did not reach it (are the benchmarks registered \
                           the same way on every call?)"
                    .to_string(),
            };
            if ends.1.send(Err(why)).is_err() {
                return;
            }
            match ends.0.recv() {
                Ok(next) => next,
                Err(_) => return,
            }
        } else {
            job
        };
    }
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
    use std::cell::RefCell;

    thread_local! {
        static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    fn log(s: String) {
        LOG.with(|l| l.borrow_mut().push(s));
    }

    /// A group fn with three benches, as a criterion fn registers them.
    fn three() {
        log("pass".into());
        for i in 0..3 {
            point(i, &mut |b| {
                log(format!("run {i}"));
                b.iter(|| i)
            });
        }
    }

    fn panics_in_setup() {
        point(0, &mut |b| b.iter(|| 0));
        panic!("setup broke");
    }

    /// Drives `fns` with the engine's requests `asks` (bench indices) from
    /// another thread; what each request got back, and the log.
    fn drive(fns: &[fn()], asks: &'static [usize]) -> (Vec<Result<u64, String>>, Vec<String>) {
        let (job_tx, job_rx) = channel();
        let (reply_tx, reply_rx) = channel();
        let link = Link {
            ends: Mutex::new((job_tx, reply_rx, 0)),
        };
        let engine = std::thread::spawn(move || {
            asks.iter()
                .map(|&i| link.sample(i, Timer::os(), 3, 0).map(|r| r.sample.iters))
                .collect::<Vec<_>>()
        });
        LOG.with(|l| l.borrow_mut().clear());
        serve(job_rx, reply_tx, fns);
        (engine.join().unwrap(), LOG.with(|l| l.borrow().clone()))
    }

    #[test]
    fn each_request_is_served_where_a_pass_reaches_its_bench() {
        let (replies, log) = drive(&[three], &[2, 0, 1, 1, 0]);
        assert_eq!(replies, [Ok(3), Ok(3), Ok(3), Ok(3), Ok(3)]);
        // A later bench goes on in the same pass, an earlier one starts
        // the next; the same bench again is served in place.
        assert_eq!(
            log,
            ["pass", "run 2", "pass", "run 0", "run 1", "run 1", "pass", "run 0"]
        );
    }

    #[test]
    fn a_bench_no_pass_reaches_gets_an_error_and_the_rest_go_on() {
        let (replies, _) = drive(&[three], &[7, 1]);
        let err = replies[0].as_ref().unwrap_err();
        assert!(err.contains("did not reach it"), "{err}");
        assert_eq!(replies[1], Ok(3));
    }

    #[test]
    fn a_panicking_fn_ends_only_its_own_part_of_the_pass() {
        // `three` comes after the panicking fn, its benches numbered on.
        fn three_after() {
            for i in 1..4 {
                point(i, &mut |b| b.iter(|| i));
            }
        }
        let (replies, _) = drive(&[panics_in_setup, three_after], &[0, 2, 0, 3]);
        assert_eq!(replies, [Ok(3), Ok(3), Ok(3), Ok(3)]);
    }

    #[test]
    fn a_setup_panic_before_the_bench_is_its_error() {
        fn panics_first() {
            panic!("no input file");
        }
        let (replies, _) = drive(&[panics_first], &[0]);
        let err = replies[0].as_ref().unwrap_err();
        assert!(
            err.contains("panicked at") && err.contains("no input file"),
            "{err}"
        );
    }
}
