// A divan suite as divan users write it: `#[divan::bench]` fns and
// `divan::main()`, nothing else. `args` over a naive recursive fibonacci
// whose cost spans four orders of magnitude (5 to 25: ~10 ns to ~1 ms) with
// a one-second `max_time`, `types` over two maps, an allocation-heavy
// routine, a trivial one, and one `bench_group` of two sorts.

use divan::black_box;
use std::collections::{BTreeMap, HashMap};

fn main() {
    divan::main();
}

/// The naive recursion: fib(n) calls itself about 1.6^n times.
fn fib(n: u64) -> u64 {
    if n < 2 {
        n
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

#[divan::bench(args = [5, 10, 15, 20, 25], max_time = 1)]
fn fibonacci(n: u64) -> u64 {
    fib(black_box(n))
}

/// 1,000 scattered keys inserted into an empty map; the filled map is
/// returned, so divan drops it outside the timing.
#[divan::bench(types = [BTreeMap<u64, u64>, HashMap<u64, u64>])]
fn map_insert<M>() -> M
where
    M: Default + Extend<(u64, u64)>,
{
    let mut map = M::default();
    map.extend((0..black_box(1_000u64)).map(|i| (i.wrapping_mul(0x9e37_79b9_7f4a_7c15), i)));
    map
}

/// Allocation-heavy: 500 small strings formatted into a vector.
#[divan::bench]
fn format_strings() -> Vec<String> {
    (0..black_box(500u32))
        .map(|i| format!("key-{i:05}"))
        .collect()
}

/// Trivial: one add of two opaque values.
#[divan::bench]
fn add() -> u64 {
    black_box(2u64) + black_box(3u64)
}

#[divan::bench_group]
mod sort {
    use divan::Bencher;

    /// 1,000 keys in a scrambled order.
    fn scrambled() -> Vec<u32> {
        (0..1_000u32)
            .map(|i| i.wrapping_mul(2_654_435_761) ^ 0x5bd1_e995)
            .collect()
    }

    #[divan::bench]
    fn stable(bencher: Bencher) {
        bencher
            .with_inputs(scrambled)
            .bench_local_refs(|v| v.sort());
    }

    #[divan::bench]
    fn unstable(bencher: Bencher) {
        bencher
            .with_inputs(scrambled)
            .bench_local_refs(|v| v.sort_unstable());
    }
}
