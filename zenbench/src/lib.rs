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

mod alloc;
mod bencher;
mod calibration;
pub mod cli;
mod engine;
mod entry;
mod firewall;
mod gate;
mod machine_lock;
mod options;
mod plan;
mod registry;
pub mod report;
pub mod result;
mod run;
mod stack;
mod testbed;
mod timer;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use alloc::{AllocCounts, AllocProfiler};
pub use bencher::{Bencher, WithInput};
pub use entry::{BenchOptions, Throughput};
pub use machine_lock::MachineLock;
pub use options::{ColorChoice, Format, Mode, Options};
pub use registry::{Group, GroupBench, Suite};
pub use result::SuiteResult;
pub use run::{main, Error};
pub use timer::TimerChoice;
pub use zenbench_attr::bench;
