//! The workload: a dependent multiply-rotate chain of `n` steps.
//!
//! Every build calls the same `#[inline(never)]` function with `black_box(N)`,
//! so the builds that run.py compares have the same machine code for the
//! chain and differ only in one constant the caller passes: the real change
//! in cost is `work(N1) / work(N0) - 1`, which the `truth` binary measures.

use std::hint::black_box;

mod n;

/// This build's chain length (`src/n.rs`).
pub use n::N;

/// A dependent chain of `n` steps. Each step needs the previous result; the
/// `black_box` per step keeps the optimiser from shortening, vectorising or
/// unrolling the chain into anything that costs less than `n` steps.
#[inline(never)]
pub fn work(n: u64) -> u64 {
    let mut x = 0x2545_f491_4f6c_dd1d_u64;
    for i in 0..n {
        x = black_box(x.rotate_left(5) ^ i).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    x
}

/// One call as both harnesses time it: this build's `N`, opaque to the
/// optimiser.
#[inline(never)]
pub fn this_build() -> u64 {
    work(black_box(N))
}
