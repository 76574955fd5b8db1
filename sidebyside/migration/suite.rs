// A criterion suite in the shape of a real crate's: a pair of functions a
// PR would compare (the candidate does 2% more work: 1020 steps of a
// dependent chain against 1000), a checksum over two sizes with
// throughput, and a sort with per-iteration inputs.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

/// A dependent multiply-rotate chain of `n` steps the optimiser cannot
/// shorten: its cost is linear in `n`.
#[inline(never)]
fn chain(n: u64) -> u64 {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..n {
        x = black_box(x.rotate_left(5) ^ i).wrapping_mul(0x2545_f491_4f6c_dd1d);
    }
    x
}

fn checksum(data: &[u8]) -> u64 {
    data.iter().fold(0u64, |acc, &b| acc.rotate_left(3) ^ u64::from(b))
}

fn checksum_wide(data: &[u8]) -> u64 {
    data.chunks(8).fold(0u64, |acc, c| {
        let mut w = [0u8; 8];
        w[..c.len()].copy_from_slice(c);
        acc.rotate_left(3) ^ u64::from_le_bytes(w)
    })
}

fn bench_pair(c: &mut Criterion) {
    let mut group = c.benchmark_group("pair");
    group.bench_function("base", |b| b.iter(|| chain(black_box(1000))));
    group.bench_function("plus_2pct", |b| b.iter(|| chain(black_box(1020))));
    group.finish();
}

fn bench_checksum(c: &mut Criterion) {
    let mut group = c.benchmark_group("checksum");
    for size in [256usize, 16384] {
        let data: Vec<u8> = (0..size).map(|i| i as u8).collect();
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("bytewise", size), &data, |b, d| {
            b.iter(|| checksum(d))
        });
        group.bench_with_input(BenchmarkId::new("wide", size), &data, |b, d| {
            b.iter(|| checksum_wide(d))
        });
    }
    group.finish();
}

fn bench_sort(c: &mut Criterion) {
    c.bench_function("sort_1k", |b| {
        b.iter_batched(
            || (0..1000u32).rev().collect::<Vec<_>>(),
            |mut v| {
                v.sort_unstable();
                v
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, bench_pair, bench_checksum, bench_sort);
criterion_main!(benches);
