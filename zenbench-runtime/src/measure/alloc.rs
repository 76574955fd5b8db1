//! Allocation profiling: a counting `#[global_allocator]` wrapper.
//!
//! [`AllocProfiler`] forwards every call to an inner [`GlobalAlloc`] and,
//! while counting is on, adds the call to **the calling thread's** counters.
//! Counting is on only while something asked for it: the engine (through
//! [`counting`]) around the timed part of a sample, or a
//! user through [`AllocProfiler::count`]. When it is off, the wrapper costs
//! one relaxed atomic load per call and touches no thread-local storage.
//!
//! # What is counted
//!
//! | counter    | incremented by |
//! |------------|----------------|
//! | `allocs`   | each successful `alloc` / `alloc_zeroed` |
//! | `deallocs` | each `dealloc` |
//! | `reallocs` | each successful `realloc` (growing or shrinking) |
//! | `bytes`    | bytes requested by `alloc` / `alloc_zeroed` (`layout.size()`), plus the growth `new_size - old_size` of each growing `realloc`; shrinking and freeing never subtract |
//!
//! So `bytes` is "bytes newly requested from the allocator": a `Vec` that
//! grows from nothing to a capacity of 1024 bytes through any sequence of
//! reallocations counts exactly 1024 bytes.
//!
//! # Threads
//!
//! Counters live in a `thread_local!` with `const` initialisation of plain
//! `Cell<u64>`s: no destructor, no lazy registration, so touching them never
//! allocates (which would re-enter the allocator). Access goes through
//! `try_with`; if the thread's storage is already torn down the call is simply
//! not counted. A multi-threaded benchmark sums the per-thread deltas of its
//! worker threads (each worker takes [`snapshot`] before and after).
//!
//! This relies on the target having native thread-local storage, as Linux,
//! macOS, Windows and the BSDs do; on a target whose `thread_local!` falls back
//! to heap-allocated keys the profiler would recurse.
//!
//! # Cost
//!
//! With counting on, each counted call also reads the thread-local block and
//! updates two cells. [`measure_overhead_ns`] times that difference (counted
//! minus uncounted `alloc` + `dealloc` pairs through the same wrapper) so the
//! engine can subtract `overhead × (allocs + deallocs + reallocs)` per
//! iteration, the way it subtracts the loop overhead.

use crate::model::result::AllocResult;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

/// A `#[global_allocator]` that counts allocations on the current thread
/// while zenbench measures.
///
/// Install it in the benchmark binary; zenbench then reports `alloc`
/// (allocations, deallocations, reallocations and bytes per iteration) for
/// every benchmark:
///
/// ```
/// #[global_allocator]
/// static ALLOC: zenbench::AllocProfiler = zenbench::AllocProfiler::system();
/// # fn main() {}
/// ```
///
/// Any other allocator can be wrapped with [`AllocProfiler::new`]:
///
/// ```
/// use std::alloc::System;
/// static ALLOC: zenbench::AllocProfiler<System> = zenbench::AllocProfiler::new(System);
/// ```
///
/// # What is counted
///
/// Only calls made **by the current thread** while counting is on (while
/// zenbench measures, or inside [`AllocProfiler::count`]):
///
/// | counter    | incremented by |
/// |------------|----------------|
/// | `allocs`   | each successful `alloc` / `alloc_zeroed` |
/// | `deallocs` | each `dealloc` |
/// | `reallocs` | each successful `realloc` (growing or shrinking) |
/// | `bytes`    | bytes requested by `alloc` / `alloc_zeroed`, plus the growth `new_size - old_size` of each growing `realloc`; shrinking and freeing never subtract |
///
/// So `bytes` is "bytes newly requested from the allocator": a `Vec` that
/// grows from nothing to a capacity of 1024 bytes counts 1024 bytes, however
/// many reallocations it took. When counting is off, the wrapper costs one
/// relaxed atomic load per call.
///
/// Requires native thread-local storage (Linux, macOS, Windows, the BSDs):
/// the counters must be reachable without allocating.
#[derive(Debug, Default)]
pub struct AllocProfiler<A = System> {
    inner: A,
}

impl AllocProfiler<System> {
    /// The profiler over the operating system's allocator.
    pub const fn system() -> AllocProfiler<System> {
        AllocProfiler { inner: System }
    }

    /// Runs `f` with counting on and returns its result with the
    /// allocations this thread made during it (the result is dropped by the
    /// caller, after counting stops).
    ///
    /// Counts are zero when no `AllocProfiler` is the global allocator
    /// (see [`AllocProfiler::is_installed`]). Calls may nest and may run on
    /// several threads at once; each sees only its own thread's calls.
    ///
    /// ```
    /// #[global_allocator]
    /// static ALLOC: zenbench::AllocProfiler = zenbench::AllocProfiler::system();
    ///
    /// fn main() {
    ///     let ((), counts) = zenbench::AllocProfiler::count(|| {
    ///         drop(std::hint::black_box(Vec::<u8>::with_capacity(256)));
    ///     });
    ///     assert_eq!((counts.allocs, counts.deallocs, counts.bytes), (1, 1, 256));
    /// }
    /// ```
    pub fn count<R>(f: impl FnOnce() -> R) -> (R, AllocCounts) {
        let guard = counting();
        let before = snapshot();
        let out = f();
        let after = snapshot();
        drop(guard);
        (out, after.since(&before))
    }

    /// Whether an `AllocProfiler` is this process's global allocator
    /// (true once it has served at least one allocation).
    pub fn is_installed() -> bool {
        is_installed()
    }
}

impl<A> AllocProfiler<A> {
    /// The profiler over `inner`.
    pub const fn new(inner: A) -> Self {
        AllocProfiler { inner }
    }
}

/// Allocation counters of one thread, or the difference of two snapshots.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AllocCounts {
    /// Successful `alloc` and `alloc_zeroed` calls.
    pub allocs: u64,
    /// `dealloc` calls.
    pub deallocs: u64,
    /// Successful `realloc` calls.
    pub reallocs: u64,
    /// Bytes newly requested: allocation sizes plus realloc growth.
    pub bytes: u64,
}

impl AllocCounts {
    /// `self - before`, each counter saturating at zero.
    ///
    /// ```
    /// use zenbench::AllocCounts;
    /// let before = AllocCounts { allocs: 2, deallocs: 1, reallocs: 0, bytes: 64 };
    /// let after = AllocCounts { allocs: 5, deallocs: 4, reallocs: 1, bytes: 160 };
    /// assert_eq!(after.since(&before), AllocCounts { allocs: 3, deallocs: 3, reallocs: 1, bytes: 96 });
    /// ```
    pub fn since(&self, before: &AllocCounts) -> AllocCounts {
        AllocCounts {
            allocs: self.allocs.saturating_sub(before.allocs),
            deallocs: self.deallocs.saturating_sub(before.deallocs),
            reallocs: self.reallocs.saturating_sub(before.reallocs),
            bytes: self.bytes.saturating_sub(before.bytes),
        }
    }

    /// Counter-wise sum (saturating), for adding up worker threads.
    pub fn plus(&self, other: &AllocCounts) -> AllocCounts {
        AllocCounts {
            allocs: self.allocs.saturating_add(other.allocs),
            deallocs: self.deallocs.saturating_add(other.deallocs),
            reallocs: self.reallocs.saturating_add(other.reallocs),
            bytes: self.bytes.saturating_add(other.bytes),
        }
    }

    /// Allocator calls of any kind: what the counting overhead scales with.
    pub fn events(&self) -> u64 {
        self.allocs
            .saturating_add(self.deallocs)
            .saturating_add(self.reallocs)
    }

    /// Per-iteration figures for the result, over `iterations` iterations
    /// (zero iterations gives zeros).
    pub(crate) fn per_iteration(&self, iterations: u64) -> AllocResult {
        let n = iterations.max(1) as f64;
        let per = |x: u64| if iterations == 0 { 0.0 } else { x as f64 / n };
        AllocResult {
            allocs: per(self.allocs),
            deallocs: per(self.deallocs),
            reallocs: per(self.reallocs),
            bytes: per(self.bytes),
        }
    }
}

/// Non-zero while counting is on: the number of live [`Counting`] scopes.
static ENABLED: AtomicUsize = AtomicUsize::new(0);
/// Set by the first allocation the profiler serves.
static INSTALLED: AtomicBool = AtomicBool::new(false);

struct Counters {
    allocs: Cell<u64>,
    deallocs: Cell<u64>,
    reallocs: Cell<u64>,
    bytes: Cell<u64>,
}

thread_local! {
    // `const` init, no `Drop`: access never allocates and registers no destructor.
    static COUNTERS: Counters = const {
        Counters {
            allocs: Cell::new(0),
            deallocs: Cell::new(0),
            reallocs: Cell::new(0),
            bytes: Cell::new(0),
        }
    };
}

/// Keeps counting on while it lives (nestable, panic-safe).
#[must_use = "counting stops when the guard is dropped"]
pub(crate) struct Counting(());

impl Drop for Counting {
    fn drop(&mut self) {
        ENABLED.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Turns counting on until the returned guard is dropped.
pub(crate) fn counting() -> Counting {
    ENABLED.fetch_add(1, Ordering::Relaxed);
    Counting(())
}

/// Whether counting is on.
#[inline(always)]
fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed) != 0
}

/// The current thread's counters (all zero where none was counted, or when
/// the thread's storage is gone).
pub(crate) fn snapshot() -> AllocCounts {
    COUNTERS
        .try_with(|c| AllocCounts {
            allocs: c.allocs.get(),
            deallocs: c.deallocs.get(),
            reallocs: c.reallocs.get(),
            bytes: c.bytes.get(),
        })
        .unwrap_or_default()
}

/// True once an `AllocProfiler` has served an allocation in this process,
/// that is, once it is the global allocator: then the engine reports `alloc`.
pub(crate) fn is_installed() -> bool {
    INSTALLED.load(Ordering::Relaxed)
}

#[inline(always)]
fn mark_installed() {
    if !INSTALLED.load(Ordering::Relaxed) {
        INSTALLED.store(true, Ordering::Relaxed);
    }
}

#[inline(always)]
fn bump(cell: &Cell<u64>, by: u64) {
    cell.set(cell.get().wrapping_add(by));
}

#[inline(always)]
fn record_alloc(size: usize) {
    if enabled() {
        let _ = COUNTERS.try_with(|c| {
            bump(&c.allocs, 1);
            bump(&c.bytes, size as u64);
        });
    }
}

#[inline(always)]
fn record_dealloc() {
    if enabled() {
        let _ = COUNTERS.try_with(|c| bump(&c.deallocs, 1));
    }
}

#[inline(always)]
fn record_realloc(old_size: usize, new_size: usize) {
    if enabled() {
        let _ = COUNTERS.try_with(|c| {
            bump(&c.reallocs, 1);
            bump(&c.bytes, new_size.saturating_sub(old_size) as u64);
        });
    }
}

// SAFETY: every method forwards to `inner` with the caller's arguments
// unchanged and returns its result unchanged, so `inner`'s guarantees carry
// over. The bookkeeping around the calls neither allocates nor unwinds (it
// only reads atomics and updates `Cell`s in const-initialised thread-locals).
unsafe impl<A: GlobalAlloc> GlobalAlloc for AllocProfiler<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        mark_installed();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract (non-zero
        // size), which is all `inner.alloc` requires.
        let ptr = unsafe { self.inner.alloc(layout) };
        if !ptr.is_null() {
            record_alloc(layout.size());
        }
        ptr
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        mark_installed();
        // SAFETY: as for `alloc`; the caller's contract is forwarded unchanged.
        let ptr = unsafe { self.inner.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record_alloc(layout.size());
        }
        ptr
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator, hence by `inner`
        // (every allocation is forwarded), with this `layout`.
        unsafe { self.inner.dealloc(ptr, layout) };
        record_dealloc();
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from `inner` with `layout` (see `dealloc`); the
        // caller guarantees `new_size` is valid for `layout.align()`.
        let new = unsafe { self.inner.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            record_realloc(layout.size(), new_size);
        }
        new
    }
}

/// What counting costs per counted allocator call, nanoseconds.
///
/// Times `pairs` `alloc` + `dealloc` pairs of 16 bytes through a private
/// `AllocProfiler<System>` with counting on and with it off, alternating,
/// `reps` times, and returns `(min_on - min_off) / (2 × pairs)`, clamped at
/// zero. The difference is the wrapper's bookkeeping alone, which is the same
/// code whatever the inner allocator, so the engine may subtract
/// `overhead × AllocCounts::events()` per iteration. Run it on the measuring
/// thread before a group, when no other thread measures: counting is switched
/// on process-wide for the duration (other threads only count into their
/// own, unread counters).
pub(crate) fn measure_overhead_ns(pairs: u32, reps: u32) -> f64 {
    let profiler = AllocProfiler::system();
    let layout = Layout::new::<[u64; 2]>();
    let pairs = pairs.max(1);
    let run = |profiler: &AllocProfiler| {
        let start = Instant::now();
        for _ in 0..pairs {
            // SAFETY: `layout` has non-zero size; the pointer is checked for
            // null and freed with the same layout by the same allocator.
            unsafe {
                let p = profiler.alloc(layout);
                if !p.is_null() {
                    profiler.dealloc(std::hint::black_box(p), layout);
                }
            }
        }
        start.elapsed().as_nanos() as f64
    };
    let (mut best_off, mut best_on) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..reps.max(1) {
        if !enabled() {
            best_off = best_off.min(run(&profiler));
        }
        let guard = counting();
        best_on = best_on.min(run(&profiler));
        drop(guard);
    }
    if !best_off.is_finite() {
        // Counting was already on (the engine switch): no baseline to compare.
        return 0.0;
    }
    ((best_on - best_off) / (2.0 * f64::from(pairs))).max(0.0)
}

/// Counts this thread's allocations across one timed region: started just
/// before the clock's first read, finished just after its last, so setup
/// and deferred drops outside the region are not counted.
pub(crate) struct AllocWatch(Option<(Counting, AllocCounts)>);

impl AllocWatch {
    /// Starts counting when `profile` (the profiler is installed).
    #[inline(always)]
    pub(crate) fn start(profile: bool) -> AllocWatch {
        AllocWatch(profile.then(|| {
            let guard = counting();
            (guard, snapshot())
        }))
    }

    /// The allocations since `start`, or `None` when not profiling.
    #[inline(always)]
    pub(crate) fn finish(self) -> Option<AllocCounts> {
        self.0.map(|(guard, before)| {
            let counts = snapshot().since(&before);
            drop(guard);
            counts
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The lib's test binary does not install the profiler as global
    // allocator; these tests drive a local instance directly. Counting
    // switches are process-wide, so each test only reads its own thread's
    // deltas (tests run in parallel threads).

    #[test]
    fn since_saturates_and_plus_adds() {
        let a = AllocCounts {
            allocs: 1,
            deallocs: 5,
            reallocs: 0,
            bytes: 10,
        };
        let b = AllocCounts {
            allocs: 3,
            deallocs: 2,
            reallocs: 4,
            bytes: 7,
        };
        assert_eq!(
            a.since(&b),
            AllocCounts {
                allocs: 0,
                deallocs: 3,
                reallocs: 0,
                bytes: 3
            }
        );
        assert_eq!(a.plus(&b).allocs, 4);
        assert_eq!(a.plus(&b).events(), 4 + 7 + 4);
    }

    #[test]
    fn per_iteration_divides_and_handles_zero() {
        let c = AllocCounts {
            allocs: 10,
            deallocs: 10,
            reallocs: 5,
            bytes: 2560,
        };
        let r = c.per_iteration(10);
        assert_eq!(
            (r.allocs, r.deallocs, r.reallocs, r.bytes),
            (1.0, 1.0, 0.5, 256.0)
        );
        assert_eq!(c.per_iteration(0).bytes, 0.0);
    }

    #[test]
    fn local_instance_counts_every_kind_of_call() {
        let p = AllocProfiler::new(System);
        let layout = Layout::from_size_align(100, 8).unwrap();
        let grow = |p: &AllocProfiler| {
            // SAFETY: non-zero layout; the block is reallocated with its
            // current layout and freed with the grown one, all by `p`.
            unsafe {
                let a = p.alloc(layout);
                assert!(!a.is_null());
                let b = p.realloc(a, layout, 300);
                assert!(!b.is_null());
                let c = p.realloc(b, Layout::from_size_align(300, 8).unwrap(), 50);
                assert!(!c.is_null());
                p.dealloc(c, Layout::from_size_align(50, 8).unwrap());
                let z = p.alloc_zeroed(layout);
                assert!(!z.is_null());
                p.dealloc(z, layout);
            }
        };

        let before = snapshot();
        let guard = counting();
        grow(&p);
        drop(guard);
        let d = snapshot().since(&before);
        assert_eq!(
            d,
            AllocCounts {
                allocs: 2,
                deallocs: 2,
                reallocs: 2,
                bytes: 100 + 200 + 100,
            }
        );
        assert!(
            is_installed(),
            "serving an allocation marks the profiler installed"
        );
    }

    #[test]
    fn counting_scopes_nest() {
        let outer = counting();
        assert!(enabled());
        let inner = counting();
        drop(inner);
        assert!(enabled());
        drop(outer);
    }

    #[test]
    fn overhead_is_finite_and_non_negative() {
        let ns = measure_overhead_ns(20_000, 15);
        assert!(ns.is_finite() && ns >= 0.0, "{ns}");
        println!("counting overhead: {ns:.2} ns per allocator call");
    }
}
