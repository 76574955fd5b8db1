//! The workloads every harness measures, shared by the driver (`sidebyside`,
//! which runs zenbench in-process) and the two child programs (`sbs-divan`,
//! `sbs-criterion`).
//!
//! A pair is two benchmarks named `a` (the baseline) and `b`. Both call the
//! same `#[inline(never)]` function, so they run the same machine code at the
//! same address and differ only in the argument: `n_a` steps against `n_b`
//! steps. An A/A pair has `n_b == n_a`; an A/B pair has `n_b == n_a * 1.02`,
//! so the true cost ratio is 1.02 up to the fixed per-call overhead (a call,
//! two `black_box`es; a few cycles against thousands).
//!
//! The driver hands a cell to a child through the environment
//! ([`Spec::env`] / [`Spec::from_env`]).

use std::hint::black_box;
use std::sync::Arc;

/// What one benchmark of a pair does per iteration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Workload {
    /// A dependent multiply-rotate chain of `n` steps ([`compute_chain`]).
    Compute,
    /// `n` dependent loads along a random cycle in a large buffer ([`walk`]).
    Memory,
    /// `|| ()`: what the harness itself costs per iteration.
    Empty,
}

impl Workload {
    /// Every workload, in report order.
    pub const ALL: [Workload; 3] = [Workload::Compute, Workload::Memory, Workload::Empty];

    /// Its name on the command line, in the environment and in the report.
    pub fn name(self) -> &'static str {
        match self {
            Workload::Compute => "compute",
            Workload::Memory => "memory",
            Workload::Empty => "empty",
        }
    }

    /// The workload called `name`.
    pub fn parse(name: &str) -> Option<Workload> {
        Workload::ALL.into_iter().find(|w| w.name() == name)
    }
}

/// Which benchmark of the pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

/// The seed of the compute chain (any non-zero value: 0 is a fixed point).
pub const CHAIN_SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// A dependent chain of `n` multiply-rotate steps: each step needs the
/// previous result, a multiply and a rotate have no closed form together, so
/// the cost is `n` times the latency of one step and nothing can be hoisted.
#[inline(never)]
pub fn compute_chain(n: u64, seed: u64) -> u64 {
    let mut x = seed;
    for _ in 0..n {
        x = x.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    }
    x
}

/// Follows `next` for `steps` dependent loads from `start` and returns where
/// it stopped. Over a random cycle in a buffer far beyond the caches every
/// load is a cache (and mostly TLB) miss, so the cost is `steps` memory
/// latencies. Callers continue from where the previous call stopped, so
/// repeated calls keep walking new lines instead of re-reading warm ones.
#[inline(never)]
pub fn walk(next: &[usize], start: usize, steps: u64) -> usize {
    let mut i = start;
    for _ in 0..steps {
        i = next[i];
    }
    i
}

/// A random cyclic permutation of `0..len` (Sattolo's algorithm): following
/// it from any index visits every index once before returning.
pub fn random_cycle(len: usize, seed: u64) -> Vec<usize> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut next: Vec<usize> = (0..len).collect();
    for i in (1..len).rev() {
        let j = rng.usize(0..i);
        next.swap(i, j);
    }
    next
}

/// One pair to measure: the workload, the step counts of `a` and `b`, and
/// the memory workload's buffer size and permutation seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub workload: Workload,
    pub n_a: u64,
    pub n_b: u64,
    /// Size of the memory workload's buffer of `usize` indices, MiB.
    pub mem_mib: usize,
    /// Seed of the memory workload's permutation.
    pub seed: u64,
}

impl Spec {
    /// The environment that hands this spec to a child program.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("SBS_WORKLOAD", self.workload.name().to_string()),
            ("SBS_N_A", self.n_a.to_string()),
            ("SBS_N_B", self.n_b.to_string()),
            ("SBS_MEM_MIB", self.mem_mib.to_string()),
            ("SBS_SEED", self.seed.to_string()),
        ]
    }

    /// Reads the spec [`Spec::env`] wrote.
    pub fn from_env() -> Result<Spec, String> {
        fn var(name: &str) -> Result<String, String> {
            std::env::var(name).map_err(|_| format!("{name} is not set (run me from `sidebyside`)"))
        }
        fn num<T: std::str::FromStr>(name: &str) -> Result<T, String> {
            var(name)?
                .parse()
                .map_err(|_| format!("{name} is not a number"))
        }
        let w = var("SBS_WORKLOAD")?;
        Ok(Spec {
            workload: Workload::parse(&w).ok_or_else(|| format!("unknown workload `{w}`"))?,
            n_a: num("SBS_N_A")?,
            n_b: num("SBS_N_B")?,
            mem_mib: num("SBS_MEM_MIB")?,
            seed: num("SBS_SEED")?,
        })
    }

    /// Steps of one side.
    pub fn n(&self, side: Side) -> u64 {
        match side {
            Side::A => self.n_a,
            Side::B => self.n_b,
        }
    }

    /// Number of indices in the memory workload's buffer.
    pub fn cycle_len(&self) -> usize {
        (self.mem_mib << 20) / std::mem::size_of::<usize>()
    }
}

/// A spec with its data built (the permutation, for the memory workload).
pub struct Prepared {
    pub spec: Spec,
    cycle: Option<Arc<Vec<usize>>>,
}

impl Prepared {
    /// Builds what `spec` needs (for the memory workload: a second or so).
    pub fn new(spec: Spec) -> Prepared {
        let cycle = (spec.workload == Workload::Memory)
            .then(|| Arc::new(random_cycle(spec.cycle_len(), spec.seed)));
        Prepared { spec, cycle }
    }

    /// Reuses an already built permutation (same size and seed).
    pub fn with_cycle(spec: Spec, cycle: Arc<Vec<usize>>) -> Prepared {
        assert_eq!(cycle.len(), spec.cycle_len());
        Prepared {
            spec,
            cycle: Some(cycle),
        }
    }

    /// The memory workload's permutation.
    ///
    /// # Panics
    /// When the workload is not [`Workload::Memory`].
    pub fn cycle(&self) -> &Arc<Vec<usize>> {
        self.cycle
            .as_ref()
            .expect("only the memory workload has a cycle")
    }

    /// Where a side's walk starts: `a` at index 0, `b` at the middle index,
    /// which lies at a random distance along the random cycle, so neither
    /// walk re-reads lines the other just brought in.
    pub fn start(&self, side: Side) -> usize {
        match side {
            Side::A => 0,
            Side::B => self.cycle().len() / 2,
        }
    }
}

/// One iteration of the compute workload, as every harness calls it.
#[inline(always)]
pub fn compute_iter(n: u64) -> u64 {
    compute_chain(black_box(n), black_box(CHAIN_SEED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sattolo_makes_one_cycle() {
        let next = random_cycle(1000, 7);
        assert_eq!(walk(&next, 0, 1000), 0);
        let mut i = 0;
        for step in 1..1000 {
            i = next[i];
            assert_ne!(i, 0, "returned early at step {step}");
        }
    }

    #[test]
    fn spec_round_trips_through_the_environment_format() {
        let s = Spec {
            workload: Workload::Memory,
            n_a: 2000,
            n_b: 2040,
            mem_mib: 64,
            seed: 9,
        };
        for (k, v) in s.env() {
            std::env::set_var(k, v);
        }
        assert_eq!(Spec::from_env().unwrap(), s);
    }
}
