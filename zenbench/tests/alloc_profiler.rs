//! The allocation profiler as this test binary's global allocator: exact
//! counts for known allocating bodies, per thread.

use std::hint::black_box;
use std::sync::{Arc, Barrier};
use zenbench::{AllocCounts, AllocProfiler};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

#[test]
fn the_profiler_knows_it_is_installed() {
    drop(black_box(Box::new(1u8)));
    assert!(AllocProfiler::is_installed());
}

#[test]
fn with_capacity_is_one_alloc_and_one_dealloc_of_its_size() {
    let ((), counts) = AllocProfiler::count(|| drop(black_box(Vec::<u8>::with_capacity(256))));
    assert_eq!(
        counts,
        AllocCounts {
            allocs: 1,
            deallocs: 1,
            reallocs: 0,
            bytes: 256,
        }
    );
}

#[test]
fn a_body_that_does_not_allocate_counts_nothing() {
    let (sum, counts) = AllocProfiler::count(|| (0..1000u64).map(black_box).sum::<u64>());
    assert_eq!(sum, 499_500);
    assert_eq!(counts, AllocCounts::default());
}

#[test]
fn push_growth_counts_one_alloc_then_reallocs() {
    // Capacities seen while pushing, recorded into a buffer allocated before
    // counting (pushing into spare capacity does not allocate).
    let mut capacities: Vec<usize> = Vec::with_capacity(64);
    let (v, counts) = AllocProfiler::count(|| {
        let mut v: Vec<u64> = Vec::new();
        for i in 0..1000u64 {
            v.push(black_box(i));
            if capacities.last() != Some(&v.capacity()) {
                capacities.push(v.capacity());
            }
        }
        v
    });
    // The first capacity is an allocation, every later change a reallocation;
    // growth adds up to the final capacity. `v` is dropped after counting.
    assert!(capacities.len() > 2, "{capacities:?}");
    assert_eq!(
        counts,
        AllocCounts {
            allocs: 1,
            deallocs: 0,
            reallocs: capacities.len() as u64 - 1,
            bytes: (v.capacity() * std::mem::size_of::<u64>()) as u64,
        },
        "capacities {capacities:?}"
    );
}

#[test]
fn shrinking_is_a_realloc_that_adds_no_bytes() {
    let mut v: Vec<u8> = Vec::with_capacity(1024);
    v.push(1);
    let ((), counts) = AllocProfiler::count(|| v.shrink_to_fit());
    assert_eq!(
        counts,
        AllocCounts {
            allocs: 0,
            deallocs: 0,
            reallocs: 1,
            bytes: 0,
        }
    );
}

#[test]
fn nested_counts_both_see_the_inner_allocation() {
    let (inner, outer) = AllocProfiler::count(|| {
        let ((), inner) = AllocProfiler::count(|| drop(black_box(Box::new([0u8; 32]))));
        inner
    });
    assert_eq!(inner.allocs, 1);
    assert_eq!(outer.since(&inner), AllocCounts::default());
}

#[test]
fn another_threads_allocations_are_not_counted_on_this_thread() {
    let barrier = Arc::new(Barrier::new(2));
    let theirs = Arc::clone(&barrier);
    let worker = std::thread::spawn(move || {
        // First meeting: any lazily allocated synchronisation state is
        // allocated now, before anyone counts.
        theirs.wait();
        // Second meeting: the main thread is now counting.
        theirs.wait();
        let ((), counts) = AllocProfiler::count(|| {
            for i in 0..100u64 {
                drop(black_box(Box::new(i)));
            }
        });
        // Third meeting: the main thread stops counting after this.
        theirs.wait();
        counts
    });
    barrier.wait();
    let ((), here) = AllocProfiler::count(|| {
        barrier.wait();
        barrier.wait();
    });
    let there = worker.join().unwrap();
    assert_eq!(
        there,
        AllocCounts {
            allocs: 100,
            deallocs: 100,
            reallocs: 0,
            bytes: 800,
        },
        "the worker counts its own allocations"
    );
    assert_eq!(
        here,
        AllocCounts::default(),
        "while the worker allocated, this thread counted nothing"
    );
}
