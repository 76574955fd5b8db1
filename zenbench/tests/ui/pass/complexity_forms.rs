//! Every complexity form compiles under strict lints: each declared model,
//! every ladder option, throughput from n, and a sized input built outside
//! the timing.
#![forbid(unsafe_code)]
#![deny(warnings)]

use zenbench::Bencher;

#[zenbench::bench(complexity = "n log n")]
fn sort_n(b: &mut Bencher, n: usize) {
    b.with_input(|| (0..n as u64).rev().collect::<Vec<_>>())
        .run(|mut v| {
            v.sort_unstable();
            v
        })
}

#[zenbench::bench(
    complexity = "n",
    floor = 16,
    ceiling = 1 << 12,
    max_seconds_per_call = 0.5,
    outer_trials = 3,
    cache = "cold",
    batch_time = 0.1,
    warmup_fraction = 0.25,
    slope_tolerance = 0.2,
    elements = n
)]
fn scan(b: &mut Bencher, n: usize) {
    let v = vec![1u64; n];
    b.iter(|| v.iter().sum::<u64>())
}

#[zenbench::bench(complexity = "O(1)", name = "first")]
fn first(b: &mut Bencher, n: usize) {
    let v = vec![1u8; n];
    b.iter(|| v[0])
}

#[zenbench::bench(complexity = "n^2.5")]
fn power(b: &mut Bencher, n: usize) {
    b.iter(|| n * n)
}

#[zenbench::bench(complexity = "2^n", ceiling = 20)]
fn subsets(b: &mut Bencher, n: usize) {
    b.iter(|| (0u64..1 << n).count())
}

fn main() {
    let entries = &zenbench::__private::ZENBENCH_ENTRIES;
    let get = |name: &str| entries.iter().find(|e| e.name == name).unwrap();
    assert_eq!(get("sort_n").complexity, Some("n log n"));
    assert_eq!(get("first").complexity, Some("O(1)"));
    let scan = get("scan");
    assert_eq!(scan.options.ceiling, Some(4096));
    assert_eq!(scan.options.cache, Some(zenbench::CacheMode::Cold));
    assert_eq!(scan.options.outer_trials, Some(3));
    assert!(scan.throughput.is_some());
}
