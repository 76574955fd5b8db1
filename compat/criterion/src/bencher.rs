//! criterion's `Bencher` and `AsyncBencher`, on zenbench's Bencher: the
//! engine sizes each sample, and setup and drops stay outside the timing.

use crate::measurement::{Measurement, WallTime};
use crate::types::BatchSize;
use std::hint::black_box;
use std::time::Duration;

/// Times a benchmark's routine; see the `iter` methods.
pub struct Bencher<'a, M: Measurement = WallTime> {
    inner: &'a mut zenbench::Bencher,
    measurement: &'a M,
}

/// A custom measurement's value as a time: its `to_f64`, in nanoseconds.
fn as_duration<M: Measurement>(m: &M, value: &M::Value) -> Duration {
    Duration::from_secs_f64(m.to_f64(value).max(0.0) / 1e9)
}

impl<'a, M: Measurement> Bencher<'a, M> {
    pub(crate) fn new(inner: &'a mut zenbench::Bencher, measurement: &'a M) -> Bencher<'a, M> {
        Bencher { inner, measurement }
    }

    /// Times `routine`; its output is dropped inside the timing, as in
    /// criterion (see [`Bencher::iter_with_large_drop`]).
    pub fn iter<O, R: FnMut() -> O>(&mut self, routine: R) {
        self.inner.iter(routine);
    }

    /// Times a routine that times itself: `routine(iters)` runs `iters`
    /// iterations and returns how long they took.
    pub fn iter_custom<R: FnMut(u64) -> M::Value>(&mut self, mut routine: R) {
        let m = self.measurement;
        self.inner
            .iter_custom(|iters| as_duration(m, &routine(iters)));
    }

    /// Times `routine`, dropping its outputs after the timing.
    pub fn iter_with_large_drop<O, R: FnMut() -> O>(&mut self, routine: R) {
        self.inner.iter_deferred_drop(routine);
    }

    /// A fresh input per iteration from `setup`, made before the timing;
    /// the outputs are dropped after it. `size` bounds the inputs alive at
    /// once as criterion does: a sample's iterations run in batches of
    /// [`BatchSize`]'s size, each timed on its own.
    pub fn iter_batched<I, O, S, R>(&mut self, setup: S, routine: R, size: BatchSize)
    where
        S: FnMut() -> I,
        R: FnMut(I) -> O,
    {
        let batch = size.per_batch(self.inner.iterations());
        self.inner.with_input(setup).batch_size(batch).run(routine);
    }

    /// As [`Bencher::iter_batched`], the routine taking `&mut` input; the
    /// inputs too are dropped after the timing.
    pub fn iter_batched_ref<I, O, S, R>(&mut self, setup: S, mut routine: R, size: BatchSize)
    where
        S: FnMut() -> I,
        R: FnMut(&mut I) -> O,
    {
        let batch = size.per_batch(self.inner.iterations());
        self.inner
            .with_input(setup)
            .batch_size(batch)
            .run(|mut input| {
                let output = routine(&mut input);
                (input, output)
            });
    }

    /// [`Bencher::iter_batched`] with one input per batch.
    pub fn iter_with_setup<I, O, S, R>(&mut self, setup: S, routine: R)
    where
        S: FnMut() -> I,
        R: FnMut(I) -> O,
    {
        self.iter_batched(setup, routine, BatchSize::PerIteration);
    }

    /// Times async routines on `runner`.
    pub fn to_async<'b, A: AsyncExecutor>(&'b mut self, runner: A) -> AsyncBencher<'a, 'b, A, M> {
        AsyncBencher { b: self, runner }
    }
}

/// Runs a future to completion: what `to_async` takes.
pub trait AsyncExecutor {
    /// Drives `future` until it is ready.
    fn block_on<T>(&self, future: impl std::future::Future<Output = T>) -> T;
}

impl<E: AsyncExecutor> AsyncExecutor for &E {
    fn block_on<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        (**self).block_on(future)
    }
}

/// zenbench's own executor (for futures that need no reactor of tokio's).
#[cfg(feature = "async")]
#[derive(Clone, Copy, Debug, Default)]
pub struct FuturesExecutor;

#[cfg(feature = "async")]
impl AsyncExecutor for FuturesExecutor {
    fn block_on<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        zenbench::__private::hooks::block_on(future)
    }
}

/// smol's futures on zenbench's own executor (smol drives its reactor on a
/// thread of its own when nobody else does).
#[cfg(feature = "async_smol")]
#[derive(Clone, Copy, Debug, Default)]
pub struct SmolExecutor;

#[cfg(feature = "async_smol")]
impl AsyncExecutor for SmolExecutor {
    fn block_on<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        zenbench::__private::hooks::block_on(future)
    }
}

/// async-std's futures on zenbench's own executor (async-std runs its own
/// runtime threads).
#[cfg(feature = "async_std")]
#[derive(Clone, Copy, Debug, Default)]
pub struct AsyncStdExecutor;

#[cfg(feature = "async_std")]
impl AsyncExecutor for AsyncStdExecutor {
    fn block_on<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        zenbench::__private::hooks::block_on(future)
    }
}

#[cfg(feature = "async_tokio")]
impl AsyncExecutor for tokio::runtime::Runtime {
    fn block_on<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Runtime::block_on(self, future)
    }
}

/// Times async routines; see [`Bencher::to_async`]. Each sample is one
/// `block_on` around its iterations, timed inside it.
pub struct AsyncBencher<'a, 'b, A: AsyncExecutor, M: Measurement = WallTime> {
    b: &'b mut Bencher<'a, M>,
    runner: A,
}

impl<A: AsyncExecutor, M: Measurement> AsyncBencher<'_, '_, A, M> {
    /// Times the future `routine` returns, awaited once per iteration.
    pub fn iter<O, R, F>(&mut self, mut routine: R)
    where
        R: FnMut() -> F,
        F: std::future::Future<Output = O>,
    {
        let runner = &self.runner;
        self.b.inner.iter_custom(|iters| {
            runner.block_on(async {
                let start = std::time::Instant::now();
                for _ in 0..iters {
                    black_box(routine().await);
                }
                start.elapsed()
            })
        });
    }

    /// A routine that times itself: `routine(iters)` resolves to the time
    /// `iters` iterations took.
    pub fn iter_custom<R, F>(&mut self, mut routine: R)
    where
        R: FnMut(u64) -> F,
        F: std::future::Future<Output = M::Value>,
    {
        let (runner, m) = (&self.runner, self.b.measurement);
        self.b
            .inner
            .iter_custom(|iters| as_duration(m, &runner.block_on(routine(iters))));
    }

    /// As [`AsyncBencher::iter`], the outputs dropped after the timing.
    pub fn iter_with_large_drop<O, R, F>(&mut self, mut routine: R)
    where
        R: FnMut() -> F,
        F: std::future::Future<Output = O>,
    {
        let runner = &self.runner;
        self.b.inner.iter_custom(|iters| {
            let mut outputs = Vec::with_capacity(iters as usize);
            let took = runner.block_on(async {
                let start = std::time::Instant::now();
                for _ in 0..iters {
                    outputs.push(routine().await);
                }
                start.elapsed()
            });
            drop(black_box(outputs));
            took
        });
    }

    /// A fresh input per iteration, made before the timing; outputs are
    /// dropped after it. `size` bounds the inputs alive at once, as in
    /// [`Bencher::iter_batched`].
    pub fn iter_batched<I, O, S, R, F>(&mut self, mut setup: S, mut routine: R, size: BatchSize)
    where
        S: FnMut() -> I,
        R: FnMut(I) -> F,
        F: std::future::Future<Output = O>,
    {
        let runner = &self.runner;
        self.b.inner.iter_custom(|iters| {
            in_batches(iters, size, |k| {
                let inputs: Vec<I> = (0..k).map(|_| setup()).collect();
                let mut outputs = Vec::with_capacity(inputs.len());
                let took = runner.block_on(async {
                    let start = std::time::Instant::now();
                    for input in inputs {
                        outputs.push(routine(input).await);
                    }
                    start.elapsed()
                });
                drop(black_box(outputs));
                took
            })
        });
    }

    /// As [`AsyncBencher::iter_batched`], the routine taking `&mut` input.
    pub fn iter_batched_ref<I, O, S, R, F>(&mut self, mut setup: S, mut routine: R, size: BatchSize)
    where
        S: FnMut() -> I,
        R: FnMut(&mut I) -> F,
        F: std::future::Future<Output = O>,
    {
        let runner = &self.runner;
        self.b.inner.iter_custom(|iters| {
            in_batches(iters, size, |k| {
                let mut inputs: Vec<I> = (0..k).map(|_| setup()).collect();
                let mut outputs = Vec::with_capacity(inputs.len());
                let took = runner.block_on(async {
                    let start = std::time::Instant::now();
                    for input in inputs.iter_mut() {
                        outputs.push(routine(input).await);
                    }
                    start.elapsed()
                });
                drop(black_box((outputs, inputs)));
                took
            })
        });
    }

    /// [`AsyncBencher::iter_batched`] with one input per batch.
    pub fn iter_with_setup<I, O, S, R, F>(&mut self, setup: S, routine: R)
    where
        S: FnMut() -> I,
        R: FnMut(I) -> F,
        F: std::future::Future<Output = O>,
    {
        self.iter_batched(setup, routine, BatchSize::PerIteration);
    }
}
/// `iters` iterations in batches of `size`'s length: `batch(k)` makes,
/// times and drops one batch of `k` and returns its time; the sum.
fn in_batches(
    iters: u64,
    size: BatchSize,
    mut batch: impl FnMut(u64) -> std::time::Duration,
) -> std::time::Duration {
    let per = size.per_batch(iters) as u64;
    let mut took = std::time::Duration::ZERO;
    let mut done = 0;
    while done < iters {
        let k = per.min(iters - done);
        took += batch(k);
        done += k;
    }
    took
}
