//! The sample store: what the rounds of one group measured, per bench.

use crate::measure::alloc::AllocCounts;
use crate::measure::bencher::Sample;
use crate::measure::timer::LoopOverhead;
use crate::model::throughput::Throughput;

/// Per bench: samples, failures and side measurements of one group.
pub(crate) struct SampleStore {
    /// ns per iteration, one per measured round, overhead subtracted.
    pub samples: Vec<Vec<f64>>,
    /// Why a bench failed; a failed bench is no longer measured.
    pub errors: Vec<Option<String>>,
    /// The first single-iteration call of each bench.
    pub cold_start_ns: Vec<Option<f64>>,
    /// With `cold_start`: single iterations behind the firewall, one per round.
    pub cold_samples: Vec<Vec<f64>>,
    /// (iterations, elapsed ns) of every measured sample, for the
    /// `linear_sampling` slope fit.
    pub raw: Vec<Vec<(f64, f64)>>,
    /// Allocations and iterations over the measured samples.
    pub allocs: Vec<Option<(AllocCounts, u64)>>,
    /// The throughput each bench declared (attribute, or its Bencher).
    pub throughput: Vec<Option<Throughput>>,
    /// The harness's own cost per iteration, subtracted from every sample.
    overhead: LoopOverhead,
    /// The allocation profiler's cost per counted allocator call.
    alloc_overhead_ns: f64,
    keep_raw: bool,
}

impl SampleStore {
    pub(crate) fn new(throughput: Vec<Option<Throughput>>, keep_raw: bool) -> Self {
        let n = throughput.len();
        let mut store = SampleStore {
            samples: Vec::with_capacity(n),
            errors: Vec::with_capacity(n),
            cold_start_ns: Vec::with_capacity(n),
            cold_samples: Vec::with_capacity(n),
            raw: Vec::with_capacity(n),
            allocs: Vec::with_capacity(n),
            throughput,
            overhead: LoopOverhead::ZERO,
            alloc_overhead_ns: 0.0,
            keep_raw,
        };
        // One empty entry per bench (pushed, not `vec![x; n]`, which
        // instantiates a cloning fill for every element type).
        for _ in 0..n {
            store.samples.push(Vec::new());
            store.errors.push(None);
            store.cold_start_ns.push(None);
            store.cold_samples.push(Vec::new());
            store.raw.push(Vec::new());
            store.allocs.push(None);
        }
        store
    }

    /// Subtracts `overhead` (by Bencher method) and `alloc_overhead_ns` per
    /// allocation event from every kept sample.
    pub(crate) fn set_overhead(&mut self, overhead: LoopOverhead, alloc_overhead_ns: f64) {
        self.overhead = overhead;
        self.alloc_overhead_ns = alloc_overhead_ns;
    }

    /// Benches that have not failed.
    pub(crate) fn active(&self) -> Vec<usize> {
        (0..self.errors.len())
            .filter(|&i| self.errors[i].is_none())
            .collect()
    }

    /// Keeps one measured sample of bench `i`: per-iteration time less the
    /// harness's overhead, allocation totals, and (with linear sampling) the
    /// raw point for the slope.
    pub(crate) fn keep(&mut self, i: usize, s: &Sample) {
        let mut overhead = self.overhead.for_method(s.method);
        if let Some(counts) = s.allocs {
            overhead += self.alloc_overhead_ns * counts.events() as f64 / s.iters as f64;
            let total = self.allocs[i].get_or_insert((AllocCounts::default(), 0));
            *total = (total.0.plus(&counts), total.1 + s.iters);
        }
        self.samples[i].push(s.elapsed_ns / s.iters as f64 - overhead);
        if self.keep_raw {
            let elapsed = s.elapsed_ns - overhead * s.iters as f64;
            self.raw[i].push((s.iters as f64, elapsed));
        }
    }
}
