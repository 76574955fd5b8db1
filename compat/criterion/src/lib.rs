//! Run a [criterion](https://docs.rs/criterion) benchmark suite on zenbench
//! without changing its source: rename one dependency in `Cargo.toml`,
//!
//! ```toml
//! [dev-dependencies]
//! criterion = { package = "zenbench-criterion", version = "0.1" }
//! ```
//!
//! and `cargo bench` runs the same `criterion_group!` / `criterion_main!`
//! suite with zenbench's engine: the benchmarks of each
//! [`BenchmarkGroup`] run **interleaved** (every one once per round, in a
//! fresh order) and each is compared, paired, with the group's first, with
//! a verdict. A benchmark registered outside a group is a row of its own.
//!
//! ```no_run
//! use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
//! # extern crate zenbench_criterion as criterion;
//!
//! fn fib(n: u64) -> u64 {
//!     if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
//! }
//!
//! fn bench(c: &mut Criterion) {
//!     let mut group = c.benchmark_group("fib");
//!     for n in [10u64, 12] {
//!         group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
//!             b.iter(|| fib(std::hint::black_box(n)))
//!         });
//!     }
//!     group.finish();
//! }
//!
//! criterion_group!(benches, bench);
//! criterion_main!(benches);
//! ```
//!
//! What maps to what, and what differs, is in the book's chapter
//! "Migrating from criterion".

#![warn(missing_docs)]

mod args;
mod bencher;
mod config;
mod runtime;
mod types;

pub use bencher::{AsyncBencher, Bencher};
pub use config::{BenchmarkGroup, Criterion};
pub use std::hint::black_box;
pub use types::{
    measurement, profiler, AxisScale, BatchSize, BenchmarkId, IntoBenchmarkId, PlotConfiguration,
    PlottingBackend, SamplingMode, Throughput,
};

/// Executors for [`Bencher::to_async`].
pub mod async_executor {
    pub use crate::bencher::AsyncExecutor;
    #[cfg(feature = "async_std")]
    pub use crate::bencher::AsyncStdExecutor;
    #[cfg(feature = "async")]
    pub use crate::bencher::FuturesExecutor;
    #[cfg(feature = "async_smol")]
    pub use crate::bencher::SmolExecutor;
}

/// Paths the macros use. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::runtime::{defer, main, runs_target};
}

/// Defines a group fn `$name` that calls each target with a [`Criterion`]:
/// `criterion_group!(benches, a, b)` or
/// `criterion_group! { name = benches; config = Criterion::default(); targets = a, b }`.
#[macro_export]
macro_rules! criterion_group {
    (name = $name:ident; config = $config:expr; targets = $( $target:path ),+ $(,)*) => {
        /// A criterion group fn, run by `criterion_main!` (or by a
        /// hand-written `main` that calls it and then `final_summary()`).
        pub fn $name() {
            if $crate::__private::defer($name) {
                return;
            }
            let mut criterion = $config.configure_from_args();
            let mut seen = 0;
            $( if $crate::__private::runs_target(&mut seen) { $target(&mut criterion); } )+
        }
    };
    ($name:ident, $( $target:path ),+ $(,)*) => {
        $crate::criterion_group! {
            name = $name;
            config = $crate::Criterion::default();
            targets = $( $target ),+
        }
    };
}

/// The bench target's `main`: runs the group fns on zenbench and exits
/// with zenbench's exit code (0 ok, 1 a benchmark failed or regressed, 2
/// bad input).
#[macro_export]
macro_rules! criterion_main {
    ( $( $group:path ),+ $(,)* ) => {
        fn main() {
            $crate::__private::main(&[ $( $group as fn() ),+ ]);
        }
    };
}
