// ../../divan_suite.rs written as native zenbench benches: the same
// routines (copied from it; keep them in step) under the names
// zenbench-divan gives the divan benches, `fibonacci/25`,
// `map_insert/BTreeMap<u64, u64>`, `sort/stable`, … divan drops a bench's
// output after the timing; `iter_deferred_drop` does the same here, so the
// maps and strings are freed outside the timed loop on both sides.

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;
use zenbench::Bencher;

fn fib(n: u64) -> u64 {
    if n < 2 {
        n
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

#[zenbench::bench(args = [5, 10, 15, 20, 25], max_time = 1)]
fn fibonacci(b: &mut Bencher, n: u64) {
    b.iter(|| fib(black_box(n)));
}

#[zenbench::bench(types = [BTreeMap<u64, u64>, HashMap<u64, u64>])]
fn map_insert<M>(b: &mut Bencher)
where
    M: Default + Extend<(u64, u64)>,
{
    b.iter_deferred_drop(|| {
        let mut map = M::default();
        map.extend((0..black_box(1_000u64)).map(|i| (i.wrapping_mul(0x9e37_79b9_7f4a_7c15), i)));
        map
    });
}

#[zenbench::bench]
fn format_strings(b: &mut Bencher) {
    b.iter_deferred_drop(|| {
        (0..black_box(500u32))
            .map(|i| format!("key-{i:05}"))
            .collect::<Vec<String>>()
    });
}

#[zenbench::bench]
fn add() -> u64 {
    black_box(2u64) + black_box(3u64)
}

#[zenbench::bench_group]
mod sort {
    use zenbench::Bencher;

    fn scrambled() -> Vec<u32> {
        (0..1_000u32)
            .map(|i| i.wrapping_mul(2_654_435_761) ^ 0x5bd1_e995)
            .collect()
    }

    #[zenbench::bench]
    fn stable(b: &mut Bencher) {
        b.with_input(scrambled).run(|mut v| {
            v.sort();
            v
        });
    }

    #[zenbench::bench]
    fn unstable(b: &mut Bencher) {
        b.with_input(scrambled).run(|mut v| {
            v.sort_unstable();
            v
        });
    }
}

fn main() {
    zenbench::main()
}
