// What the migration crate itself costs a suite: 32 criterion groups of
// four trivial rows each, every group after a tiny setup (a 64-element
// table), all from one target fn. Its native twin (native/benches/
// overhead_suite.rs) builds the same groups with zenbench's Suite API; the
// difference in wall time over 32 groups is zenbench-criterion's per-group
// cost: listing the rows, a thread per row parked in its bench_function,
// its first call before the budget, and letting the threads go.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn groups(c: &mut Criterion) {
    for g in 0..32u64 {
        let table: Vec<u64> = (0..64).map(|i| i * (g + 1)).collect();
        let mut group = c.benchmark_group(format!("g{g:02}"));
        for row in 0..4usize {
            group.bench_function(format!("r{row}"), |b| {
                b.iter(|| black_box(&table)[row * 8] + 1)
            });
        }
        group.finish();
    }
}

criterion_group!(benches, groups);
criterion_main!(benches);
