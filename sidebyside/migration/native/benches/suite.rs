// ../../suite.rs written as native zenbench benches: the same routines
// (copied from it; keep them in step) under the same names, `pair/base`,
// `checksum/bytewise/256`, `sort_1k`, …

use std::hint::black_box;
use zenbench::Bencher;

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
    data.iter()
        .fold(0u64, |acc, &b| acc.rotate_left(3) ^ u64::from(b))
}

fn checksum_wide(data: &[u8]) -> u64 {
    data.chunks(8).fold(0u64, |acc, c| {
        let mut w = [0u8; 8];
        w[..c.len()].copy_from_slice(c);
        acc.rotate_left(3) ^ u64::from_le_bytes(w)
    })
}

fn data(size: usize) -> Vec<u8> {
    (0..size).map(|i| i as u8).collect()
}

#[zenbench::bench(group = "pair", baseline)]
fn base(b: &mut Bencher) {
    b.iter(|| chain(black_box(1000)));
}

#[zenbench::bench(group = "pair")]
fn plus_2pct(b: &mut Bencher) {
    b.iter(|| chain(black_box(1020)));
}

#[zenbench::bench(group = "checksum", args = [256, 16384], bytes = size)]
fn bytewise(b: &mut Bencher, size: usize) {
    let d = data(size);
    b.iter(|| checksum(&d));
}

#[zenbench::bench(group = "checksum", args = [256, 16384], bytes = size)]
fn wide(b: &mut Bencher, size: usize) {
    let d = data(size);
    b.iter(|| checksum_wide(&d));
}

#[zenbench::bench]
fn sort_1k(b: &mut Bencher) {
    b.with_input(|| (0..1000u32).rev().collect::<Vec<_>>())
        .run(|mut v| {
            v.sort_unstable();
            v
        });
}

fn main() {
    zenbench::main()
}
