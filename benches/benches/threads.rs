//! Thread modes on this machine: a perfectly parallel workload, a shared
//! `Mutex<HashMap>`, an `RwLock` read by every thread, and one atomic
//! counter, each at 1, 2, 4 … threads (a scaling sweep), plus the cost of
//! a threaded sample itself (an empty routine).
//!
//! `cargo bench --bench threads`. A perfectly parallel workload should keep
//! its efficiency near 100% up to the physical cores; the atomic counter's
//! throughput should fall as threads are added.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use zenbench::Bencher;
use zenbench_benches::chain;

/// Private work on every thread: nothing shared.
#[zenbench::bench(scaling, elements = 1)]
fn parallel(b: &mut Bencher) {
    b.iter(|| chain(black_box(200)))
}

fn new_map() -> Mutex<HashMap<usize, u64>> {
    Mutex::new((0..64).map(|k| (k, 0)).collect())
}

/// Every iteration takes one lock shared by all threads.
#[zenbench::bench(scaling, elements = 1, contended = new_map)]
fn mutex_map(b: &mut Bencher, map: &Mutex<HashMap<usize, u64>>, tid: usize) {
    b.iter(|| {
        *map.lock().unwrap().entry(tid).or_insert(0) += 1;
    })
}

fn new_table() -> RwLock<Vec<u64>> {
    RwLock::new((0..64).collect())
}

/// Readers only: the lock's counter is still one shared cache line.
#[zenbench::bench(scaling, elements = 1, contended = new_table)]
fn rwlock_read(b: &mut Bencher, table: &RwLock<Vec<u64>>, tid: usize) {
    b.iter(|| table.read().unwrap()[tid % 64])
}

fn new_counter() -> AtomicU64 {
    AtomicU64::new(0)
}

/// One cache line every thread writes: throughput falls with threads.
#[zenbench::bench(scaling, elements = 1, contended = new_counter)]
fn atomic_counter(b: &mut Bencher, counter: &AtomicU64) {
    b.iter(|| counter.fetch_add(1, Ordering::Relaxed))
}

/// The harness alone at N threads: what a threaded sample costs per
/// iteration beyond the single-thread loop overhead already subtracted.
#[zenbench::bench(scaling)]
fn empty_routine(b: &mut Bencher) {
    b.iter(|| ())
}

fn main() {
    zenbench::main()
}
