// ../../setup_suite.rs written as native zenbench benches: the same
// routines (copied from it; keep them in step) under the same names,
// `lookup/binary/1000`, `lookup/binary_more/1000`, … A native bench fn is
// called once per sample, so the costly table is built once, on first
// use, and kept in a static, as a native suite would do.

use std::hint::black_box;
use std::sync::OnceLock;
use zenbench::Bencher;

const KEYS: usize = 8_000_000;
const SIZES: &[usize] = &[1_000, 100_000, KEYS];
const QUERIES: usize = 1_000;
const MORE: usize = QUERIES * 21 / 20;

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn build_table() -> Vec<u64> {
    let mut state = 0x2545_f491_4f6c_dd1d;
    let mut table: Vec<u64> = (0..KEYS).map(|_| xorshift(&mut state)).collect();
    table.sort_unstable();
    table
}

fn queries(keys: &[u64], count: usize) -> Vec<u64> {
    let mut state = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|i| {
            let key = keys[(xorshift(&mut state) % keys.len() as u64) as usize];
            key.wrapping_add((i % 2) as u64)
        })
        .collect()
}

#[inline(never)]
fn lookup_all(keys: &[u64], queries: &[u64]) -> usize {
    queries
        .iter()
        .map(|q| match keys.binary_search(q) {
            Ok(i) | Err(i) => i,
        })
        .fold(0, usize::wrapping_add)
}

/// The table, built on first use.
fn table() -> &'static [u64] {
    static TABLE: OnceLock<Vec<u64>> = OnceLock::new();
    TABLE.get_or_init(build_table)
}

#[zenbench::bench(group = "lookup", baseline, args = SIZES, elements = QUERIES)]
fn binary(b: &mut Bencher, size: usize) {
    let keys = &table()[..size];
    let q = queries(keys, QUERIES);
    b.iter(|| lookup_all(keys, black_box(&q)));
}

#[zenbench::bench(group = "lookup", args = SIZES, elements = MORE)]
fn binary_more(b: &mut Bencher, size: usize) {
    let keys = &table()[..size];
    let q = queries(keys, MORE);
    b.iter(|| lookup_all(keys, black_box(&q)));
}

fn main() {
    zenbench::main()
}
