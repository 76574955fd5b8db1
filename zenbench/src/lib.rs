//! zenbench: interleaved, paired microbenchmarks.
//!
//! Annotate functions with `#[zenbench::bench]`, call [`main`] from a
//! `harness = false` bench target, and run `cargo bench`.
//!
//! ```no_run
//! #[zenbench::bench]
//! fn sum_1k() -> u64 {
//!     (0..1000u64).sum()
//! }
//!
//! fn main() {
//!     zenbench::main()
//! }
//! ```

#![warn(missing_docs)]

pub use zenbench_attr::{bench, bench_group};
#[doc(inline)]
pub use zenbench_runtime::*;
