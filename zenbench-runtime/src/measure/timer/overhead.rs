//! The harness's own cost per iteration: the Bencher loops with an empty
//! routine.
//!
//! Measured once at start-up through the real `Bencher` methods, so it is
//! exactly the loop a benchmark runs minus the routine's own work. The
//! engine subtracts the matching figure from each sample's per-iteration
//! time; an empty body then reports about zero. The fixed cost of the two
//! clock reads is not part of it: it is spread over at least 1000 timer
//! resolutions' worth of iterations per sample by the engine, and over
//! [`OVERHEAD_ITERS`] here.

use super::Timer;
use crate::measure::bencher::{Bencher, Method};

/// Iterations per overhead sample. The unit inputs and outputs are
/// zero-sized, so this allocates nothing.
pub const OVERHEAD_ITERS: u64 = 50_000;
/// Samples per method; the minimum is kept.
pub const OVERHEAD_SAMPLES: usize = 41;

/// Per-iteration cost, in nanoseconds, of each Bencher loop around an
/// empty routine.
///
/// ```ignore
/// let overhead = measure_loop_overhead(timer);
/// let per_iter = sample.elapsed_ns / sample.iters as f64 - overhead.for_method(sample.method);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoopOverhead {
    /// [`Bencher::iter`] with `|| ()`.
    pub iter_ns: f64,
    /// [`crate::WithInput::run`] with a unit input and output.
    pub with_input_ns: f64,
    /// [`Bencher::iter_deferred_drop`] with a unit output.
    pub deferred_ns: f64,
    /// `Bencher::iter_async` with `|| async {}` (feature `async`; 0
    /// without it, where no sample is taken by that loop).
    pub async_ns: f64,
    /// How far the subtracted figure may be off, per iteration: the largest
    /// gap, over the loops measured, between the median and the fastest of the
    /// overhead samples. A mean known to within this is at the limit of what
    /// the compensation can tell.
    pub uncertainty_ns: f64,
}

impl LoopOverhead {
    /// No compensation.
    pub const ZERO: LoopOverhead = LoopOverhead {
        iter_ns: 0.0,
        with_input_ns: 0.0,
        deferred_ns: 0.0,
        async_ns: 0.0,
        uncertainty_ns: 0.0,
    };

    /// The overhead to subtract from a sample taken by `method`
    /// (0 for `Custom`, which the user times).
    pub fn for_method(&self, method: Method) -> f64 {
        match method {
            Method::Iter => self.iter_ns,
            Method::WithInput => self.with_input_ns,
            Method::DeferredDrop => self.deferred_ns,
            Method::Custom => 0.0,
            Method::Async => self.async_ns,
        }
    }
}

/// Measures [`LoopOverhead`] with `timer`: [`OVERHEAD_SAMPLES`] samples of
/// [`OVERHEAD_ITERS`] iterations per method (the three sync loops, and the
/// async one with feature `async`), interleaved so a slow stretch of the
/// machine hits them alike; the minimum per-iteration time of
/// each. A few milliseconds in release builds.
pub fn measure_loop_overhead(timer: Timer) -> LoopOverhead {
    measure_with(timer, OVERHEAD_ITERS, OVERHEAD_SAMPLES)
}

fn measure_with(timer: Timer, iters: u64, samples: usize) -> LoopOverhead {
    let mut taken: Vec<Vec<f64>> = Vec::new();
    for _ in 0..if cfg!(feature = "async") { 4 } else { 3 } {
        taken.push(Vec::new());
    }
    // Each sample at its own stack offset, as the benchmarks' samples are:
    // the spread then covers the layouts the compensation is applied to.
    let mut rng = fastrand::Rng::with_seed(0x4f56_4844);
    for _ in 0..samples.max(1) {
        let offset = rng.usize(..crate::measure::stack::MAX_OFFSET);
        let at = |f: &mut dyn FnMut() -> f64| crate::measure::stack::at_offset(offset, f);
        taken[0].push(at(&mut || per_iter_ns(timer, iters, |b| b.iter(|| ()))));
        taken[1].push(at(&mut || {
            per_iter_ns(timer, iters, |b| b.with_input(|| ()).run(|()| ()))
        }));
        taken[2].push(at(&mut || {
            per_iter_ns(timer, iters, |b| b.iter_deferred_drop(|| Dropped))
        }));
        #[cfg(feature = "async")]
        taken[3].push(at(&mut || {
            per_iter_ns(timer, iters, |b| b.iter_async(|| async {}))
        }));
    }
    // Each method's fastest sample, and the largest gap to its median.
    let mut best = Vec::with_capacity(taken.len());
    let mut uncertainty_ns = 0.0_f64;
    for t in &taken {
        let mut min = f64::INFINITY;
        for &x in t {
            min = min.min(x);
        }
        best.push(min);
        uncertainty_ns = uncertainty_ns.max(zenbench_stats::quantile(t, 0.5) - min);
    }
    LoopOverhead {
        iter_ns: best[0],
        with_input_ns: best[1],
        deferred_ns: best[2],
        async_ns: best.get(3).copied().unwrap_or(0.0),
        uncertainty_ns,
    }
}

/// One sample of `body` (a Bencher call) at `iters`, per iteration.
fn per_iter_ns(timer: Timer, iters: u64, body: impl FnOnce(&mut Bencher)) -> f64 {
    let mut b = Bencher::new(timer, iters);
    body(&mut b);
    let s = b.take_sample().expect("the body hands one routine");
    s.elapsed_ns / s.iters as f64
}

/// An empty output with a destructor: what `iter_deferred_drop` keeps
/// (a type without one is timed as `iter`).
struct Dropped;

impl Drop for Dropped {
    fn drop(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overheads_are_finite_and_non_negative() {
        let o = measure_with(Timer::os(), 2_000, 5);
        for v in [
            o.iter_ns,
            o.with_input_ns,
            o.deferred_ns,
            o.async_ns,
            o.uncertainty_ns,
        ] {
            assert!(v.is_finite() && v >= 0.0, "{o:?}");
        }
    }

    #[test]
    fn for_method_picks_the_matching_figure() {
        let o = LoopOverhead {
            iter_ns: 1.0,
            with_input_ns: 2.0,
            deferred_ns: 3.0,
            async_ns: 4.0,
            uncertainty_ns: 0.1,
        };
        assert_eq!(o.for_method(Method::Iter), 1.0);
        assert_eq!(o.for_method(Method::WithInput), 2.0);
        assert_eq!(o.for_method(Method::DeferredDrop), 3.0);
        assert_eq!(o.for_method(Method::Custom), 0.0);
        assert_eq!(o.for_method(Method::Async), 4.0);
        assert_eq!(LoopOverhead::ZERO.for_method(Method::Iter), 0.0);
    }

    #[test]
    fn empty_body_minus_overhead_is_small_next_to_the_overhead() {
        // Ratios only, and generous: the best of a fresh batch of empty
        // `iter` samples, compensated, sits near zero compared with the
        // overhead itself. Retried so one noisy stretch on a shared
        // machine does not fail it.
        let timer = Timer::best();
        let iters = 20_000;
        let ok = (0..5).any(|_| {
            let o = measure_with(timer, iters, 15);
            let fresh = (0..15)
                .map(|_| per_iter_ns(timer, iters, |b| b.iter(|| ())))
                .fold(f64::INFINITY, f64::min);
            let residual = fresh - o.for_method(Method::Iter);
            o.iter_ns > 0.0 && residual.abs() <= 0.5 * o.iter_ns
        });
        assert!(ok, "compensated empty body not near zero in 5 tries");
    }
}
