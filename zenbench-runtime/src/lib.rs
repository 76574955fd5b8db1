//! The runtime behind [zenbench](https://docs.rs/zenbench): use the
//! `zenbench` crate, which re-exports everything here with the
//! `#[zenbench::bench]` attribute. A crate of its own so that a user's
//! build compiles it while syn and the attribute still build.

#![warn(missing_docs)]

// The crate's own tests use `#[zenbench::bench]`, whose expansion names
// `::zenbench`.
#[cfg(test)]
extern crate self as zenbench;
#[cfg(test)]
use zenbench_attr::{bench, bench_group};

mod define;
mod engine;
// The fuzz targets' entry points (`cargo fuzz` builds with `--cfg fuzzing`).
#[cfg(any(fuzzing, test))]
#[doc(hidden)]
pub mod fuzzing;
mod measure;
mod model;
mod plan;
mod process;
mod report;
pub use model::result;
mod store;
#[cfg(feature = "cli")]
pub mod tool;

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;

pub use define::registry::{Group, GroupBench, Suite};
pub use measure::alloc::{AllocCounts, AllocProfiler};
pub use measure::bencher::{Bencher, WithInput};
pub use model::error::Error;
pub use model::options::{
    Aggregation, Baselines, ColorChoice, ComplexityChecks, EngineOverrides, Format, Measure, Mode,
    Options, Output, Repeat, Repeats, Selection, TimerChoice,
};
pub use model::partition::{Partition, PartitionHow};
pub use model::table::BenchOptions;
pub use model::table::{CacheMode, ComplexityOptions, GroupConfig};
pub use model::throughput::Throughput;
pub use process::aggregate::aggregate_results;
pub use process::run::main;
pub use result::SuiteResult;
