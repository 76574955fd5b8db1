//! Example benchmarks: a sorting comparison, a hash over input sizes, a
//! plain function, and an empirical Big-O check. Run with `cargo bench`.

use zenbench::Bencher;
use zenbench_benches::{fnv1a, parse_config, radix_sort, shuffled, word_hash, Config};

const N: usize = 10_000;

/// The group's baseline: the standard library's stable sort.
#[zenbench::bench(group = "sort", baseline, elements = N)]
fn std_sort(b: &mut Bencher) {
    b.with_input(|| shuffled(N)).run(|mut v| {
        v.sort();
        v
    });
}

#[zenbench::bench(group = "sort", elements = N)]
fn sort_unstable(b: &mut Bencher) {
    b.with_input(|| shuffled(N)).run(|mut v| {
        v.sort_unstable();
        v
    });
}

#[zenbench::bench(group = "sort", elements = N)]
fn radix(b: &mut Bencher) {
    b.with_input(|| shuffled(N)).run(|mut v| {
        radix_sort(&mut v);
        v
    });
}

/// One row per input length, with throughput in bytes/s.
#[zenbench::bench(args = [64, 4096, 65536], bytes = len)]
fn fnv(b: &mut Bencher, len: usize) {
    let data = vec![0x5au8; len];
    b.iter(|| fnv1a(&data));
}

#[zenbench::bench(args = [64, 4096, 65536], bytes = len)]
fn word(b: &mut Bencher, len: usize) {
    let data = vec![0x5au8; len];
    b.iter(|| word_hash(&data));
}

const INPUT: &str = "name = zenbench\nrounds = 30\n# comment\nthreshold = 0.01\nformat = pretty\n";

/// A plain function: the body is timed, the returned value black-boxed.
#[zenbench::bench]
fn parse_small() -> Config {
    parse_config(std::hint::black_box(INPUT))
}

/// Is the radix sort really linear? One fresh process per input size, a
/// verdict with an interval on the exponent.
#[zenbench::bench(complexity = "n", floor = 256, ceiling = 1 << 18, batch_time = 0.2)]
fn radix_n(b: &mut Bencher, n: usize) {
    b.with_input(|| shuffled(n)).run(|mut v| {
        radix_sort(&mut v);
        v
    });
}

fn main() {
    zenbench::main()
}
