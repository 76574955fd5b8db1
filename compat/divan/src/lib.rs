//! divan's API over zenbench: a divan benchmark suite runs under zenbench
//! after one line of Cargo.toml and no change to its source.
//!
//! ```toml
//! [dev-dependencies]
//! divan = { package = "zenbench-divan", version = "0.1" }
//! ```
//!
//! `#[divan::bench]` registers a zenbench bench; the benches of a
//! `#[divan::bench_group]` module are **one zenbench comparison group**:
//! they run interleaved, round by round, and each is compared, paired,
//! with the group's first bench. divan's options map onto zenbench's
//! (`sample_count` is a round count, `max_time` zenbench's time budget,
//! counters its throughput); the few with no meaning here (`sample_size`,
//! `min_time`, `skip_ext_time`) are accepted and have no effect. The book's
//! chapter "Migrating from divan" has the whole table.
//!
//! ```
//! use divan::{black_box, Bencher};
//!
//! #[divan::bench(args = [16, 256])]
//! fn fill(len: usize) -> Vec<u8> {
//!     vec![7; black_box(len)]
//! }
//!
//! #[divan::bench_group]
//! mod sort {
//!     use divan::Bencher;
//!
//!     #[divan::bench]
//!     fn stable(bencher: Bencher) {
//!         bencher.with_inputs(|| vec![3, 1, 2]).bench_refs(|v| v.sort());
//!     }
//!
//!     #[divan::bench]
//!     fn unstable(bencher: Bencher) {
//!         bencher.with_inputs(|| vec![3, 1, 2]).bench_refs(|v| v.sort_unstable());
//!     }
//! }
//!
//! fn main() {
//!     # if false {
//!     divan::main();
//!     # }
//! }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod bencher;
mod cli;
pub mod counter;
mod divan;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use crate::bencher::{Bencher, BencherConfig, InputCounter, NoInput, NoInputCounter};
pub use crate::divan::{Divan, IntoRegex};
pub use std::hint::black_box;
pub use zenbench::AllocProfiler;
pub use zenbench_divan_macros::{bench, bench_group};

/// Runs every `#[divan::bench]` of this binary as the command line asks:
/// `Divan::from_args().main()`.
///
/// ```no_run
/// #[divan::bench]
/// fn add() -> i32 {
///     divan::black_box(1) + divan::black_box(42)
/// }
///
/// fn main() {
///     divan::main();
/// }
/// ```
pub fn main() {
    Divan::from_args().main();
}

/// [`black_box`] and drop: consumes a value the optimiser must not
/// remove.
///
/// ```
/// (0..4).map(|i| i * 2).for_each(divan::black_box_drop);
/// ```
pub fn black_box_drop<T>(value: T) {
    drop(black_box(value));
}

/// `use divan::prelude::*;` imports the common items.
pub mod prelude {
    pub use crate::{bench, bench_group, black_box, black_box_drop, AllocProfiler, Bencher, Divan};
}
