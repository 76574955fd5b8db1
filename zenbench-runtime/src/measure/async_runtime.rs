//! The executor behind [`crate::Bencher::iter_async`] (feature `async`).
//!
//! One per thread, built the first time that thread times an async routine
//! and kept for the thread's life: a sample only pays for entering it
//! (`block_on`), never for building it, and thread rows (persistent pools)
//! build one per pool thread once.
//!
//! Two executors, one picked at build time:
//! - [`Parker`] (feature `async`): zenbench's own `block_on`, no dependency.
//!   It polls the future, and parks the thread until its waker is called
//!   when the future is pending. Enough for futures that complete by
//!   themselves or are woken by another thread (channels, `yield_now`-like
//!   self-wakes); there is no timer and no IO reactor.
//! - tokio's current-thread runtime (feature `async-tokio`), with every
//!   driver the build's tokio features provide (`enable_all`): tokio's
//!   timers, IO and `tokio::spawn` work in the routine.
//!
//! Why both, the own one by default (`compare::executor_overhead` below,
//! release, x86-64, `async { black_box(1) }`): per iteration `iter` takes
//! 0.26 ns, the own executor 0.36 ns, tokio 1.34 ns; per sample of one
//! iteration 19 / 24 / 160 ns. The own executor is as good for futures that
//! need no reactor and costs no crate; tokio (two crates, about 5 s of
//! compile) is for those that do. Each is compensated by its own measured
//! overhead (`Method::Async`).

use std::cell::Cell;
use std::future::Future;

/// Runs a future to completion on the calling thread.
pub(crate) trait BlockOn {
    /// Drives `future` until it is ready and returns its output.
    fn block_on<F: Future>(&self, future: F) -> F::Output;
}

// With `async-tokio` the own executor only serves the comparison below.
#[cfg(any(test, not(feature = "async-tokio")))]
pub(crate) use parker::Parker;

#[cfg(any(test, not(feature = "async-tokio")))]
mod parker {
    use super::BlockOn;
    use std::future::Future;
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};

    /// zenbench's own executor: poll, and on `Pending` park until woken.
    pub(crate) struct Parker {
        waker: Waker,
    }

    /// Wakes the thread that parked in [`Parker::block_on`].
    struct Unpark(std::thread::Thread);

    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }

        fn wake_by_ref(self: &Arc<Self>) {
            self.0.unpark();
        }
    }

    impl Parker {
        /// An executor for the calling thread (its waker unparks this thread).
        pub(crate) fn new() -> Parker {
            Parker {
                waker: Waker::from(Arc::new(Unpark(std::thread::current()))),
            }
        }
    }

    impl BlockOn for Parker {
        #[inline]
        fn block_on<F: Future>(&self, future: F) -> F::Output {
            let mut future = std::pin::pin!(future);
            let mut cx = Context::from_waker(&self.waker);
            loop {
                if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                    return out;
                }
                // A wake during the poll left the unpark token set: this
                // returns at once. A spurious return only polls again.
                std::thread::park();
            }
        }
    }
}

#[cfg(feature = "async-tokio")]
impl BlockOn for tokio::runtime::Runtime {
    #[inline]
    fn block_on<F: Future>(&self, future: F) -> F::Output {
        tokio::runtime::Runtime::block_on(self, future)
    }
}

/// The executor `iter_async` uses in this build.
#[cfg(not(feature = "async-tokio"))]
pub(crate) type Runtime = Parker;
/// The executor `iter_async` uses in this build.
#[cfg(feature = "async-tokio")]
pub(crate) type Runtime = tokio::runtime::Runtime;

fn build() -> Runtime {
    BUILT.with(|n| n.set(n.get() + 1));
    #[cfg(not(feature = "async-tokio"))]
    let runtime = Parker::new();
    #[cfg(feature = "async-tokio")]
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("zenbench: cannot build a tokio current-thread runtime for iter_async");
    runtime
}

thread_local! {
    static RUNTIME: Runtime = build();
    /// Executors built on this thread (a test checks it stays at one).
    static BUILT: Cell<u64> = const { Cell::new(0) };
}

/// Calls `f` with this thread's executor, building it on first use.
pub(crate) fn with_runtime<R>(f: impl FnOnce(&Runtime) -> R) -> R {
    RUNTIME.with(f)
}

/// How many executors this thread has built.
#[cfg(test)]
pub(crate) fn built_on_this_thread() -> u64 {
    BUILT.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::{Context, Poll, Waker};

    /// Pending once, waking itself first: the executor must poll again.
    struct YieldOnce(bool);

    impl Future for YieldOnce {
        type Output = u32;
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
            if self.0 {
                Poll::Ready(7)
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }

    #[test]
    fn parker_drives_a_pending_future() {
        assert_eq!(Parker::new().block_on(YieldOnce(false)), 7);
    }

    #[test]
    fn parker_is_woken_from_another_thread() {
        let (tx, rx) = std::sync::mpsc::channel::<Waker>();
        let mut sent = false;
        let fut = std::future::poll_fn(move |cx| {
            if sent {
                Poll::Ready(3)
            } else {
                sent = true;
                tx.send(cx.waker().clone()).unwrap();
                Poll::Pending
            }
        });
        let waker = std::thread::spawn(move || rx.recv().unwrap().wake());
        assert_eq!(Parker::new().block_on(fut), 3);
        waker.join().unwrap();
    }

    #[cfg(feature = "async-tokio")]
    #[test]
    fn on_tokio_the_routine_may_spawn_and_yield() {
        let mut b = crate::Bencher::smoke();
        let done = std::cell::Cell::new(0);
        b.iter_async(|| async {
            tokio::task::yield_now().await;
            assert_eq!(tokio::spawn(async { 5 }).await.unwrap(), 5);
            done.set(done.get() + 1);
        });
        assert_eq!(done.get(), 1);
    }

    #[test]
    fn this_builds_executor_drives_a_pending_future() {
        assert_eq!(with_runtime(|rt| rt.block_on(YieldOnce(false))), 7);
    }
}

/// The per-iteration and per-sample cost of `iter_async` on each executor
/// next to `iter`: `cargo test --release -p zenbench --features async-tokio
/// --lib executor_overhead -- --ignored --nocapture`.
#[cfg(test)]
mod compare {
    use super::*;
    use crate::measure::bencher::Bencher;
    use crate::measure::timer::Timer;
    use std::hint::black_box;

    fn stats(timer: Timer, iters: u64, samples: usize, body: &dyn Fn(&mut Bencher)) -> (f64, f64) {
        let mut v: Vec<f64> = (0..samples)
            .map(|_| {
                let mut b = Bencher::new(timer, iters);
                body(&mut b);
                let s = b.take_sample().unwrap();
                s.elapsed_ns / s.iters as f64
            })
            .collect();
        v.sort_by(f64::total_cmp);
        (v[0], v[v.len() / 2])
    }

    #[test]
    #[ignore = "a measurement: run it alone, in release"]
    fn executor_overhead() {
        let timer = Timer::best();
        let parker = Parker::new();
        #[cfg(feature = "async-tokio")]
        let tokio = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        type Row<'a> = (&'a str, Box<dyn Fn(&mut Bencher) + 'a>);
        let rows: Vec<Row> = vec![
            (
                "iter(|| black_box(1))",
                Box::new(|b| b.iter(|| black_box(1))),
            ),
            (
                "iter_async, own block_on",
                Box::new(|b| b.iter_async_on(&parker, || async { black_box(1) })),
            ),
        ];
        #[cfg(feature = "async-tokio")]
        let rows = {
            let mut rows = rows;
            rows.push((
                "iter_async, tokio current_thread",
                Box::new(|b| b.iter_async_on(&tokio, || async { black_box(1) })),
            ));
            rows
        };
        for (iters, samples) in [(100_000, 201), (1, 20_001)] {
            println!("iters per sample = {iters}: ns/iter, min / median of {samples} samples");
            for _round in 0..2 {
                for (name, body) in &rows {
                    let (min, median) = stats(timer, iters, samples, body.as_ref());
                    println!("  {name:<36} {min:>9.3} {median:>9.3}");
                }
            }
        }
    }
}
