// A criterion suite in the shape of a real crate's lookup benches, with a
// costly setup: its one target fn first builds a sorted table of 8 million
// keys (about 0.15 s in release on a 2-core EPYC VM), then registers a
// group that compares two functions row by row at three table sizes
// (BenchmarkId::new(function, size)): six rows, three pairs.
//
// `binary` answers QUERIES lookups with the standard library's binary
// search; `binary_more` answers the same lookups and 5% more drawn the same
// way (MORE = QUERIES * 21 / 20), so at every size it should cost about 5%
// more: a change each harness ought to find, known roughly in advance.
// The sizes search a prefix of the table that fits in L1/L2 (1,000 keys,
// 8 KB), in L2 (100,000 keys, 800 KB), and one beyond a 32 MB last-level
// cache (8,000,000 keys, 64 MB).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

const KEYS: usize = 8_000_000;
const SIZES: [usize; 3] = [1_000, 100_000, KEYS];
const QUERIES: usize = 1_000;
const MORE: usize = QUERIES * 21 / 20;

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// The costly setup: KEYS pseudo-random keys, sorted (the same every run).
fn build_table() -> Vec<u64> {
    let mut state = 0x2545_f491_4f6c_dd1d;
    let mut table: Vec<u64> = (0..KEYS).map(|_| xorshift(&mut state)).collect();
    table.sort_unstable();
    table
}

/// `count` query keys for `keys` (a prefix of the table), from positions
/// spread over it: every other one a key of the table (a hit), the others
/// that key plus one (a miss, almost surely). The first QUERIES of MORE are
/// the same keys as QUERIES alone.
fn queries(keys: &[u64], count: usize) -> Vec<u64> {
    let mut state = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|i| {
            let key = keys[(xorshift(&mut state) % keys.len() as u64) as usize];
            key.wrapping_add((i % 2) as u64)
        })
        .collect()
}

/// Every query looked up; the sum of the positions found, so that no
/// lookup can be dropped and no branch depends on hit or miss.
#[inline(never)]
fn lookup_all(keys: &[u64], queries: &[u64]) -> usize {
    queries
        .iter()
        .map(|q| match keys.binary_search(q) {
            Ok(i) | Err(i) => i,
        })
        .fold(0, usize::wrapping_add)
}

fn bench_lookup(c: &mut Criterion) {
    let table = build_table();
    let mut group = c.benchmark_group("lookup");
    for size in SIZES {
        let keys = &table[..size];
        let more = queries(keys, MORE);
        group.throughput(Throughput::Elements(QUERIES as u64));
        group.bench_with_input(
            BenchmarkId::new("binary", size),
            &more[..QUERIES],
            |b, q| b.iter(|| lookup_all(keys, black_box(q))),
        );
        group.throughput(Throughput::Elements(MORE as u64));
        group.bench_with_input(BenchmarkId::new("binary_more", size), &more[..], |b, q| {
            b.iter(|| lookup_all(keys, black_box(q)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_lookup);
criterion_main!(benches);
