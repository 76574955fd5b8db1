// ../../overhead_suite.rs as native zenbench benches, through the Suite
// API: the same 32 groups of four rows over the same tables.

use std::hint::black_box;
use std::sync::Arc;

fn main() {
    let mut suite = zenbench::Suite::new();
    for g in 0..32u64 {
        let table: Arc<Vec<u64>> = Arc::new((0..64).map(|i| i * (g + 1)).collect());
        suite.group(&format!("g{g:02}"), |group| {
            for row in 0..4usize {
                let table = table.clone();
                group.bench(&format!("r{row}"), move |b| {
                    b.iter(|| black_box(&table)[row * 8] + 1)
                });
            }
        });
    }
    suite.main();
}
