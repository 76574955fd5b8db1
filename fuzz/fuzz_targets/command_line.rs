//! A command line and environment (arguments separated by NUL bytes, then
//! after two NULs `NAME=VALUE` variables): parsed and planned over the
//! benchmarks below, which have every shape a plan expands (see
//! `zenbench::fuzzing::command_line`).
#![no_main]

use zenbench::Bencher;

#[zenbench::bench(group = "g", baseline)]
fn base(b: &mut Bencher) {
    b.iter(|| 1)
}

#[zenbench::bench(group = "g", max_time = 2, min_rounds = 5)]
fn other(b: &mut Bencher) {
    b.iter(|| 2)
}

#[zenbench::bench(args = [1, 64], bytes = n)]
fn sized(b: &mut Bencher, n: usize) {
    b.iter(|| n)
}

#[zenbench::bench(threads = [1, 2])]
fn threaded(b: &mut Bencher) {
    b.iter(|| 3)
}

#[zenbench::bench(scaling)]
fn swept(b: &mut Bencher) {
    b.iter(|| 4)
}

#[zenbench::bench(complexity = "n log n", ceiling = 1024)]
fn ladder(b: &mut Bencher, n: usize) {
    b.iter(|| n)
}

#[zenbench::bench(ignore)]
fn ignored() -> u64 {
    5
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| zenbench::fuzzing::command_line(data, None));
