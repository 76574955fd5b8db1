//! `Bencher`: what a benchmark body uses to hand its routine to the engine.
//!
//! The engine calls the benchmark function once per sample with a Bencher set
//! to a number of iterations; the Bencher runs the routine that many times
//! between two timer reads and records one [`Sample`]. Code outside the
//! routine (the rest of the function body) is never timed.

use crate::measure::alloc::{AllocCounts, AllocWatch};
use crate::measure::timer::Timer;
use crate::model::throughput::Throughput;
use std::hint::black_box;
use std::time::Duration;

/// One timed sample: `iters` iterations took `elapsed_ns`. Plain data, so
/// another process can time it and send it back.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Sample {
    pub iters: u64,
    pub elapsed_ns: f64,
    /// The Bencher method that took it: picks the loop overhead to subtract.
    pub method: Method,
    /// Allocations in the timed region (when an `AllocProfiler` is installed).
    pub allocs: Option<AllocCounts>,
}

/// Which Bencher loop timed a sample. Each has its own per-iteration
/// harness cost ([`crate::measure::timer::LoopOverhead`]); `Custom` samples are timed
/// by the user and get no compensation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    /// [`Bencher::iter`].
    Iter,
    /// [`Bencher::iter_deferred_drop`].
    DeferredDrop,
    /// [`WithInput::run`].
    WithInput,
    /// [`Bencher::iter_custom`].
    Custom,
    /// `Bencher::iter_async` (feature `async`). Known to every build, so a
    /// parent reads the samples of a worker built with the feature.
    Async,
}

/// A sample taken, and the throughput the bench declared while taking it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SampleReply {
    pub sample: Sample,
    pub throughput: Option<Throughput>,
}

/// A contended bench's shared state, built fresh for every sample.
pub type Shared = std::sync::Arc<dyn std::any::Any + Send + Sync>;

/// Which thread of a thread row a call runs on (none outside thread rows).
#[derive(Clone, Default)]
pub(crate) struct ThreadCtx {
    /// `0..N` in a row of N threads.
    pub index: usize,
    /// Where the row's threads meet before timing; taken at the first wait.
    pub line: Option<std::sync::Arc<crate::measure::start_line::StartLine>>,
    /// A contended bench's state for this sample.
    pub shared: Option<Shared>,
}

/// Hands a benchmark's routine to the engine.
///
/// ```
/// fn bench_sum(b: &mut zenbench::Bencher) {
///     let data: Vec<u64> = (0..1000).collect();
///     b.iter(|| data.iter().sum::<u64>());
/// }
/// # let mut b = zenbench::Bencher::smoke();
/// # bench_sum(&mut b);
/// ```
pub struct Bencher {
    timer: Timer,
    iters: u64,
    /// The thread this call runs on, in a thread row.
    ctx: ThreadCtx,
    /// Count allocations in the timed region (an `AllocProfiler` is installed).
    profile_allocs: bool,
    sample: Option<Sample>,
    throughput: Option<Throughput>,
}

impl Bencher {
    pub(crate) fn new(timer: Timer, iters: u64) -> Bencher {
        Bencher::on_thread(timer, iters, ThreadCtx::default())
    }

    /// A Bencher for one thread of a thread row.
    pub(crate) fn on_thread(timer: Timer, iters: u64, ctx: ThreadCtx) -> Bencher {
        Bencher {
            timer,
            iters: iters.max(1),
            ctx,
            profile_allocs: crate::measure::alloc::is_installed(),
            sample: None,
            throughput: None,
        }
    }

    /// A Bencher that runs the routine once, for doc examples.
    #[doc(hidden)]
    pub fn smoke() -> Bencher {
        Bencher::new(Timer::os(), 1)
    }

    /// Iterations the engine asked for in this sample (per thread, in a
    /// thread row).
    pub fn iterations(&self) -> u64 {
        self.iters
    }

    /// The index of the thread this call runs on: `0..N` in a row of `N`
    /// threads, 0 outside thread rows.
    pub fn thread_index(&self) -> usize {
        self.ctx.index
    }

    /// The shared state of a contended bench (built for this sample).
    #[doc(hidden)]
    pub fn __shared(&self) -> Option<Shared> {
        self.ctx.shared.clone()
    }

    /// In a thread row, waits at the start line for the other threads, right
    /// before the first clock read (once per call).
    #[inline(always)]
    fn go(&mut self) {
        if let Some(line) = self.ctx.line.take() {
            line.wait();
        }
    }

    /// Declares the bytes or elements one iteration processes (overrides the
    /// attribute's `bytes` / `elements`).
    pub fn throughput(&mut self, throughput: Throughput) -> &mut Self {
        self.throughput = Some(throughput);
        self
    }

    pub(crate) fn take_sample(&mut self) -> Option<Sample> {
        self.sample.take()
    }

    pub(crate) fn declared_throughput(&self) -> Option<Throughput> {
        self.throughput
    }

    fn record(&mut self, elapsed_ns: f64, method: Method, allocs: Option<AllocCounts>) {
        assert!(
            self.sample.is_none(),
            "zenbench: a benchmark must hand exactly one routine to its Bencher per call"
        );
        self.sample = Some(Sample {
            iters: self.iters,
            elapsed_ns,
            method,
            allocs,
        });
    }

    /// Times `routine`; its return value is black-boxed and dropped inside
    /// the timed region (see [`Bencher::iter_deferred_drop`] to keep drops out).
    ///
    /// ```
    /// # let mut b = zenbench::Bencher::smoke();
    /// b.iter(|| (1..=10u64).product::<u64>());
    /// ```
    #[inline(never)]
    pub fn iter<O, F: FnMut() -> O>(&mut self, mut routine: F) {
        let n = self.iters;
        self.go();
        let watch = AllocWatch::start(self.profile_allocs);
        let start = self.timer.start();
        zenbench_timed_region(|| {
            for _ in 0..n {
                black_box(routine());
            }
        });
        let ns = self.timer.elapsed_ns(start);
        let allocs = watch.finish();
        self.record(ns, Method::Iter, allocs);
    }

    /// Like [`Bencher::iter`], but outputs are kept in a pre-allocated buffer
    /// and dropped after the timed region, so their destructors are not timed.
    ///
    /// ```
    /// # let mut b = zenbench::Bencher::smoke();
    /// b.iter_deferred_drop(|| vec![0u8; 64]);
    /// ```
    #[inline(never)]
    pub fn iter_deferred_drop<O, F: FnMut() -> O>(&mut self, mut routine: F) {
        if !std::mem::needs_drop::<O>() {
            // Nothing to drop: the plain loop times the same work without
            // storing the outputs, a cost of its own (it made divan's
            // `bench` dearer than the native form).
            return self.iter(routine);
        }
        let n = self.iters;
        let mut outputs: Vec<O> = Vec::with_capacity(n as usize);
        self.go();
        let watch = AllocWatch::start(self.profile_allocs);
        let start = self.timer.start();
        zenbench_timed_region(|| {
            for _ in 0..n {
                outputs.push(black_box(routine()));
            }
        });
        let ns = self.timer.elapsed_ns(start);
        let allocs = watch.finish();
        self.record(ns, Method::DeferredDrop, allocs);
        drop(outputs);
    }

    /// Times a routine that measures itself: `routine(iters)` must run the
    /// work `iters` times and return the time it took.
    ///
    /// ```
    /// # let mut b = zenbench::Bencher::smoke();
    /// b.iter_custom(|iters| {
    ///     let t = std::time::Instant::now();
    ///     for i in 0..iters { std::hint::black_box(i * 2); }
    ///     t.elapsed()
    /// });
    /// ```
    pub fn iter_custom<F: FnMut(u64) -> Duration>(&mut self, mut routine: F) {
        self.go();
        let watch = AllocWatch::start(self.profile_allocs);
        let iters = self.iters;
        let d = zenbench_timed_region(|| routine(iters));
        let allocs = watch.finish();
        self.record(d.as_nanos() as f64, Method::Custom, allocs);
    }

    /// Times an async routine: one sample drives, on this thread's
    /// executor, a future that awaits `routine()` [`iterations`] times and
    /// black-boxes each output (one `block_on` per sample, not per
    /// iteration). The executor is built once per thread, outside the timed
    /// region, and kept across samples.
    ///
    /// With feature `async` it is zenbench's own minimal executor (no
    /// dependency): enough for futures that finish by themselves or are
    /// woken by another thread, but there is no timer or IO reactor, so
    /// tokio's `sleep`, sockets or `spawn` panic there. Feature
    /// `async-tokio` runs the routine on a tokio current-thread runtime
    /// with every driver your tokio features enable. Either way, do not
    /// call it from inside a running tokio runtime.
    ///
    /// [`iterations`]: Bencher::iterations
    ///
    /// ```
    /// # #[cfg(feature = "async")] {
    /// async fn checksum(data: &[u8]) -> u32 {
    ///     data.iter().map(|&x| u32::from(x)).sum()
    /// }
    /// # let mut b = zenbench::Bencher::smoke();
    /// let data = vec![7u8; 256];
    /// b.iter_async(|| checksum(&data));
    /// # }
    /// ```
    #[cfg(feature = "async")]
    #[inline(never)]
    pub fn iter_async<F, Fut, O>(&mut self, routine: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = O>,
    {
        crate::measure::async_runtime::with_runtime(|rt| self.iter_async_on(rt, routine));
    }

    /// [`Bencher::iter_async`] on a given executor.
    #[cfg(feature = "async")]
    #[inline(never)]
    pub(crate) fn iter_async_on<E, F, Fut, O>(&mut self, executor: &E, mut routine: F)
    where
        E: crate::measure::async_runtime::BlockOn,
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = O>,
    {
        let n = self.iters;
        let work = async move {
            for _ in 0..n {
                black_box(routine().await);
            }
        };
        self.go();
        let watch = AllocWatch::start(self.profile_allocs);
        let start = self.timer.start();
        zenbench_timed_region(|| executor.block_on(work));
        let ns = self.timer.elapsed_ns(start);
        let allocs = watch.finish();
        self.record(ns, Method::Async, allocs);
    }

    /// Builds a fresh input per iteration with `setup`, outside the timed
    /// region; finish with [`WithInput::run`]. By default a sample's inputs
    /// are all made before its timed region;
    /// [`batch_size`](WithInput::batch_size) bounds how many are alive at
    /// once.
    ///
    /// ```
    /// # let mut b = zenbench::Bencher::smoke();
    /// b.with_input(|| vec![3, 1, 2]).run(|mut v| { v.sort(); v });
    /// ```
    pub fn with_input<I, S: FnMut() -> I>(&mut self, setup: S) -> WithInput<'_, I, S> {
        WithInput {
            bencher: self,
            setup,
            batch: 0,
            _input: std::marker::PhantomData,
        }
    }
}

/// Runs the timed region of a sample: never inlined, and named, so that an
/// instruction count under Valgrind collects exactly what is timed
/// (`--toggle-collect=*zenbench_timed_region*`), and nothing of the setup,
/// the inputs, the drops or the harness around it. One call per sample,
/// outside the per-iteration loop.
#[inline(never)]
fn zenbench_timed_region<R>(region: impl FnOnce() -> R) -> R {
    region()
}

/// A benchmark with per-iteration inputs; see [`Bencher::with_input`].
pub struct WithInput<'b, I, S> {
    bencher: &'b mut Bencher,
    setup: S,
    /// Inputs made at a time; 0: all of a sample's.
    batch: usize,
    _input: std::marker::PhantomData<fn() -> I>,
}

impl<I, S: FnMut() -> I> WithInput<'_, I, S> {
    /// Keeps at most `inputs` inputs (and as many outputs) alive at once,
    /// for inputs too large to hold a whole sample's worth: the sample's
    /// iterations run in batches of `inputs`, each batch's inputs made
    /// before and its outputs dropped after its own timed region. Each
    /// batch adds one clock reading to the sample, so keep the batches as
    /// large as memory allows (`1` times each iteration on its own). `0`
    /// is taken as `1`.
    ///
    /// ```
    /// # let mut b = zenbench::Bencher::smoke();
    /// b.with_input(|| vec![0u8; 1 << 20]).batch_size(4).run(|v| v.len());
    /// ```
    pub fn batch_size(mut self, inputs: usize) -> Self {
        self.batch = inputs.max(1);
        self
    }

    /// Times `routine` over the prepared inputs. Setup runs before and the
    /// outputs are dropped after the timed region (each batch's, with
    /// [`batch_size`](Self::batch_size)).
    #[inline(never)]
    pub fn run<O, F: FnMut(I) -> O>(mut self, mut routine: F) {
        let n = self.bencher.iters as usize;
        let batch = if self.batch == 0 {
            n
        } else {
            self.batch.min(n)
        };
        let mut inputs: Vec<I> = Vec::with_capacity(batch);
        let mut outputs: Vec<O> = Vec::with_capacity(batch);
        let timer = self.bencher.timer;
        let mut elapsed_ns = 0.0;
        let mut allocs: Option<AllocCounts> = None;
        let mut done = 0;
        while done < n {
            let k = batch.min(n - done);
            for _ in 0..k {
                inputs.push((self.setup)());
            }
            if done == 0 {
                self.bencher.go();
            }
            let watch = AllocWatch::start(self.bencher.profile_allocs);
            let start = timer.start();
            // `drain` keeps the inputs' buffer alive: freeing it (as
            // consuming the Vec would) would put one deallocation into the
            // timed region.
            zenbench_timed_region(|| {
                for input in inputs.drain(..) {
                    outputs.push(black_box(routine(black_box(input))));
                }
            });
            elapsed_ns += timer.elapsed_ns(start);
            allocs = match (allocs, watch.finish()) {
                (Some(a), Some(b)) => Some(a.plus(&b)),
                (a, b) => a.or(b),
            };
            outputs.clear();
            done += k;
        }
        self.bencher.record(elapsed_ns, Method::WithInput, allocs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn iter_runs_requested_iterations() {
        let mut b = Bencher::new(Timer::os(), 17);
        let count = Cell::new(0);
        b.iter(|| count.set(count.get() + 1));
        assert_eq!(count.get(), 17);
        let s = b.take_sample().unwrap();
        assert_eq!(s.iters, 17);
        assert!(s.elapsed_ns >= 0.0);
    }

    #[test]
    fn with_input_runs_setup_per_iteration_and_drops_after() {
        struct Tracked<'a>(&'a Cell<u32>);
        impl Drop for Tracked<'_> {
            fn drop(&mut self) {
                self.0.set(self.0.get() + 1);
            }
        }
        let setups = Cell::new(0);
        let drops = Cell::new(0);
        let mut seen_drops_during_routine = 0;
        let mut b = Bencher::new(Timer::os(), 5);
        b.with_input(|| {
            setups.set(setups.get() + 1);
            Tracked(&drops)
        })
        .run(|t| {
            seen_drops_during_routine = seen_drops_during_routine.max(drops.get());
            t
        });
        assert_eq!(setups.get(), 5);
        assert_eq!(drops.get(), 5, "every output dropped");
        assert_eq!(
            seen_drops_during_routine, 0,
            "no output dropped while timing"
        );
    }

    #[test]
    fn a_batch_size_bounds_the_inputs_alive() {
        // Live inputs and outputs, counted by their drops.
        struct Live<'a>(&'a Cell<i64>);
        impl Drop for Live<'_> {
            fn drop(&mut self) {
                self.0.set(self.0.get() - 1);
            }
        }
        for (iters, bound) in [(10u64, 3usize), (7, 1), (5, 5), (4, 9), (1, 0)] {
            let alive = Cell::new(0i64);
            let (most, setups, runs) = (Cell::new(0), Cell::new(0), Cell::new(0));
            let mut b = Bencher::new(Timer::os(), iters);
            b.with_input(|| {
                setups.set(setups.get() + 1);
                alive.set(alive.get() + 1);
                most.set(most.get().max(alive.get()));
                Live(&alive)
            })
            .batch_size(bound)
            .run(|input| {
                runs.set(runs.get() + 1);
                input
            });
            let s = b.take_sample().unwrap();
            assert_eq!((setups.get(), runs.get(), s.iters), (iters, iters, iters));
            assert_eq!(alive.get(), 0, "every input dropped");
            let cap = bound.max(1).min(iters as usize) as i64;
            assert_eq!(most.get(), cap, "{iters} iterations, batch {bound}");
        }
    }

    #[test]
    fn deferred_drop_drops_after_timing() {
        let drops = Cell::new(0);
        struct D<'a>(&'a Cell<u32>);
        impl Drop for D<'_> {
            fn drop(&mut self) {
                self.0.set(self.0.get() + 1);
            }
        }
        let mut max_seen = 0;
        let mut b = Bencher::new(Timer::os(), 8);
        b.iter_deferred_drop(|| {
            max_seen = max_seen.max(drops.get());
            D(&drops)
        });
        assert_eq!(max_seen, 0);
        assert_eq!(drops.get(), 8);
    }

    #[test]
    fn iter_custom_receives_iteration_count() {
        let mut b = Bencher::new(Timer::os(), 42);
        let mut got = 0;
        b.iter_custom(|n| {
            got = n;
            Duration::from_nanos(420)
        });
        assert_eq!(got, 42);
        assert_eq!(b.take_sample().unwrap().elapsed_ns, 420.0);
    }

    #[test]
    fn each_method_tags_its_sample() {
        let timer = Timer::os();
        let take = |f: &dyn Fn(&mut Bencher)| {
            let mut b = Bencher::new(timer, 3);
            f(&mut b);
            b.take_sample().unwrap().method
        };
        assert_eq!(take(&|b| b.iter(|| 1)), Method::Iter);
        assert_eq!(
            take(&|b| b.iter_deferred_drop(|| vec![1u8])),
            Method::DeferredDrop
        );
        // Nothing to drop: the plain loop.
        assert_eq!(take(&|b| b.iter_deferred_drop(|| 1u64)), Method::Iter);
        assert_eq!(
            take(&|b| b.with_input(|| 2).run(|x| x * 2)),
            Method::WithInput
        );
        assert_eq!(
            take(&|b| b.iter_custom(Duration::from_nanos)),
            Method::Custom
        );
    }

    #[cfg(feature = "async")]
    #[test]
    fn iter_async_awaits_iters_times_per_sample_on_one_runtime() {
        use crate::measure::async_runtime::built_on_this_thread;
        let calls = Cell::new(0u64);
        let awaited = Cell::new(0u64);
        let mut built = None;
        for iters in [1, 17, 300, 5] {
            let (c0, a0) = (calls.get(), awaited.get());
            let mut b = Bencher::new(Timer::os(), iters);
            b.iter_async(|| {
                calls.set(calls.get() + 1);
                async { awaited.set(awaited.get() + 1) }
            });
            let s = b.take_sample().unwrap();
            assert_eq!((s.iters, s.method), (iters, Method::Async));
            assert_eq!(calls.get() - c0, iters, "routine calls in one sample");
            assert_eq!(awaited.get() - a0, iters, "futures awaited in one sample");
            // Built by the first sample at the latest, never again.
            let now = built_on_this_thread();
            assert!(now >= 1);
            assert_eq!(*built.get_or_insert(now), now, "runtime rebuilt");
        }
    }

    #[cfg(feature = "async")]
    #[test]
    fn iter_async_drives_futures_that_are_pending_first() {
        let mut b = Bencher::new(Timer::os(), 4);
        let done = Cell::new(0);
        b.iter_async(|| async {
            let mut yielded = false;
            // Pending once (waking itself), then ready: a real poll loop.
            std::future::poll_fn(|cx| {
                if std::mem::replace(&mut yielded, true) {
                    std::task::Poll::Ready(())
                } else {
                    cx.waker().wake_by_ref();
                    std::task::Poll::Pending
                }
            })
            .await;
            done.set(done.get() + 1);
        });
        assert_eq!(done.get(), 4);
    }

    #[test]
    #[should_panic(expected = "exactly one routine")]
    fn two_routines_in_one_call_panic() {
        let mut b = Bencher::new(Timer::os(), 1);
        b.iter(|| 1);
        b.iter(|| 2);
    }
}
