//! Calibration workloads: three tiny probes of the machine's speed, run once
//! per measured run (≤ ~100 ms together) and recorded in the result, so two
//! results can be told apart by the machine state they ran in, not only by
//! the machine's name.

use crate::model::result::Calibration;
use std::hint::black_box;
use std::time::Instant;

/// Elements of the memory probes' buffers: 4 Mi `u64`s = 32 MiB, beyond
/// the last-level cache of most machines.
const MEM_WORDS: usize = 4 << 20;

/// Runs the three probes.
pub(crate) fn calibrate() -> Calibration {
    let started = Instant::now();
    let int_gops = integer_throughput();
    let mut buf = vec![0u64; MEM_WORDS];
    let mem_bandwidth_gbs = memory_bandwidth(&mut buf);
    let mem_latency_ns = memory_latency(&mut buf);
    Calibration {
        int_gops,
        mem_bandwidth_gbs,
        mem_latency_ns,
        duration_ms: started.elapsed().as_secs_f64() * 1e3,
    }
}

/// Billions of simple integer operations per second: four independent
/// add/xor/rotate chains (so the core can overlap them), 3 ops per step.
fn integer_throughput() -> f64 {
    const STEPS: u64 = 1_000_000;
    let t = Instant::now();
    let (mut a, mut b, mut c, mut d) = (1u64, 2u64, 3u64, 4u64);
    for i in 0..STEPS {
        a = (a.wrapping_add(i) ^ b).rotate_left(7);
        b = (b.wrapping_add(i) ^ c).rotate_left(11);
        c = (c.wrapping_add(i) ^ d).rotate_left(13);
        d = (d.wrapping_add(i) ^ a).rotate_left(17);
    }
    black_box((a, b, c, d));
    let ns = t.elapsed().as_nanos().max(1) as f64;
    (STEPS * 4 * 3) as f64 / ns
}

/// Sequential read bandwidth over the buffer, GB/s (best of 2 sweeps).
fn memory_bandwidth(buf: &mut [u64]) -> f64 {
    for (i, w) in buf.iter_mut().enumerate() {
        *w = i as u64; // touch every page before timing
    }
    let mut best = f64::INFINITY;
    for _ in 0..2 {
        let t = Instant::now();
        let sum = buf.iter().fold(0u64, |s, &w| s.wrapping_add(w));
        black_box(sum);
        best = best.min(t.elapsed().as_nanos().max(1) as f64);
    }
    (buf.len() * 8) as f64 / best
}

/// Cache lines linked into the latency probe's cycle.
const CHASE_LINES: usize = 1 << 15;

/// Dependent loads along a random cycle through `CHASE_LINES` cache lines
/// spread over the whole buffer: ns per load (DRAM latency once the buffer
/// exceeds the caches). Only the linked words are written, so building the
/// cycle costs little next to timing it.
fn memory_latency(buf: &mut [u64]) -> f64 {
    let words_per_line = 8;
    let lines = (buf.len() / words_per_line).max(1);
    let count = CHASE_LINES.min(lines);
    let stride = lines / count;
    // Sattolo's algorithm over the chosen lines: a single cycle through all.
    let mut order: Vec<usize> = (0..count).map(|i| i * stride * words_per_line).collect();
    let mut rng = fastrand::Rng::with_seed(0x1a7e);
    for i in (1..count).rev() {
        let j = rng.usize(..i);
        order.swap(i, j);
    }
    for k in 0..count {
        buf[order[k]] = order[(k + 1) % count] as u64;
    }
    const LOADS: usize = 100_000;
    let t = Instant::now();
    let mut p = order[0];
    for _ in 0..LOADS {
        p = buf[p] as usize;
    }
    black_box(p);
    t.elapsed().as_nanos() as f64 / LOADS as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_report_positive_finite_figures() {
        let c = calibrate();
        for (name, v) in [
            ("int", c.int_gops),
            ("bandwidth", c.mem_bandwidth_gbs),
            ("latency", c.mem_latency_ns),
            ("duration", c.duration_ms),
        ] {
            assert!(v.is_finite() && v > 0.0, "{name} = {v}");
        }
    }

    #[test]
    fn latency_walk_is_one_cycle_through_every_chosen_line() {
        let mut buf = vec![0u64; 8 * 1000];
        memory_latency(&mut buf);
        let (mut p, mut steps) = (0usize, 0usize);
        let mut seen = std::collections::BTreeSet::new();
        loop {
            assert_eq!(p % 8, 0, "one word per cache line");
            assert!(seen.insert(p), "revisited {p} before closing the cycle");
            p = buf[p] as usize;
            steps += 1;
            if p == 0 {
                break;
            }
        }
        assert_eq!(steps, 1000, "Sattolo's permutation is a single cycle");
    }
}
