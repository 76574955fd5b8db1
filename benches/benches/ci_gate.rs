//! Workloads for the false-alarm measurements of the CI gate
//! (`scripts/gate-flow.sh`, `scripts/false-alarms.sh`): an ordinary zenbench suite whose work grows
//! by `ZB_SLOWDOWN_PCT` percent (default 0), so the same build can be made
//! a known amount slower without recompiling.
//!
//! `cargo bench --bench ci_gate -- --save-baseline main`, then
//! `ZB_SLOWDOWN_PCT=10 cargo bench --bench ci_gate -- --baseline main`
//! fails with exit code 1.

use std::hint::black_box;
use std::sync::LazyLock;
use zenbench::Bencher;
use zenbench_benches::chain;

/// 1 + `ZB_SLOWDOWN_PCT`/100.
static FACTOR: LazyLock<f64> = LazyLock::new(|| {
    let pct: f64 = std::env::var("ZB_SLOWDOWN_PCT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    1.0 + pct / 100.0
});

/// `n` scaled by the slowdown.
fn scaled(n: u64) -> u64 {
    (n as f64 * *FACTOR).round() as u64
}

/// A dependent chain of ~100 multiply-rotates: about 100–300 ns, CPU bound.
#[zenbench::bench]
fn chain_short(b: &mut Bencher) {
    let n = scaled(100);
    b.iter(|| chain(black_box(n)))
}

/// Three steps of the chain: a few nanoseconds, where a process's code
/// placement and the timer's floor weigh most. Its work does not grow with
/// slowdowns below 17% (3 steps stay 3): it is the tiny row of an
/// unchanged suite in every run.
#[zenbench::bench]
fn chain_tiny(b: &mut Bencher) {
    let n = scaled(3);
    b.iter(|| chain(black_box(n)))
}

/// The same chain, 10 000 steps: tens of microseconds.
#[zenbench::bench]
fn chain_long(b: &mut Bencher) {
    let n = scaled(10_000);
    b.iter(|| chain(black_box(n)))
}

/// A sum over 1 Mi `u64`s (8 MiB, past most L2 caches): memory bound.
#[zenbench::bench]
fn sum_memory(b: &mut Bencher) {
    let v: Vec<u64> = (0..scaled(1 << 20)).collect();
    b.iter(|| v.iter().copied().fold(0u64, u64::wrapping_add))
}

/// 1000 inserts into a fresh `HashMap`: allocation and hashing.
#[zenbench::bench]
fn hash_inserts(b: &mut Bencher) {
    let n = scaled(1000);
    b.iter(|| {
        let mut m = std::collections::HashMap::new();
        for i in 0..n {
            m.insert(black_box(i), i);
        }
        m.len()
    })
}

fn main() {
    zenbench::main()
}
