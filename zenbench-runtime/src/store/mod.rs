//! Store: the files zenbench keeps (baselines, history) and writes
//! (`--output`), and what they say against this run.
//!
//! Every write goes through the one atomic-write helper ([`write_atomically`]:
//! a reader never sees a half-written file and a killed process never leaves
//! one behind), which first tells what the path is (`target.rs`: a link is
//! followed, a device, FIFO or socket is written directly, never replaced);
//! writes of state (`.zenbench/`) also hold the state lock, so
//! two runs never interleave theirs.

mod atomic;
mod baseline;
mod compare;
#[cfg(test)]
mod concurrency_tests;
mod history;
mod state;
mod target;
#[cfg(all(test, unix))]
mod target_tests;
mod view;

pub(crate) use atomic::{append_synced, write_atomically};
pub(crate) use baseline::{baseline_path, check_replaceable, load_baseline, save_baseline};
pub(crate) use compare::{compare, CompareConfig};
pub(crate) use history::{append_history, history_path, read_history, run_noise_by_bench};
pub(crate) use target::check_writable;
// What only the fuzz targets use.
#[cfg(any(fuzzing, test))]
pub(crate) use {baseline::parse_with_mode, history::parse_history};
// What only the `zenbench` tool uses.
#[cfg(feature = "cli")]
pub(crate) use baseline::{delete_baseline, read_result, saved_names};
#[cfg(any(test, fuzzing, feature = "cli"))]
pub(crate) use history::{analyze, analyze_config};
pub(crate) use state::State;
pub(crate) use view::RunView;
