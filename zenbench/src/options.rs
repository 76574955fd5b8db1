//! `Options`: every command-line flag and `ZENBENCH_*` variable, in one struct.
//!
//! Filled by [`crate::cli::parse`]; defaults < attribute < CLI/env are
//! resolved per group by the planner.

use std::path::PathBuf;

/// Measure (`--bench`, what `cargo bench` passes) or smoke-test (`cargo test --benches`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Run every benchmark once, as a test.
    #[default]
    Test,
    /// Measure.
    Bench,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Terminal tree on stderr.
    #[default]
    Pretty,
    /// DESIGN §4 JSON.
    Json,
    /// `--list --format terse` (nextest).
    Terse,
}

/// Every option of a run. `None` means "not given": the attribute or the default decides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Positional filters (regexes on `group/bench`); any match selects.
    pub filters: Vec<String>,
    /// `--skip REGEX` (repeatable).
    pub skip: Vec<String>,
    /// `--exact`: filters match whole names literally.
    pub exact: bool,
    /// `--list`.
    pub list: bool,
    pub mode: Mode,
    /// `--ignored`: run only ignored benches.
    pub ignored: bool,
    /// `--include-ignored`.
    pub include_ignored: bool,
    pub color: ColorChoice,
    /// `-q` / `--quiet`.
    pub quiet: bool,
    pub format: Format,
    /// `--output FILE`.
    pub output: Option<PathBuf>,
    /// `--max-time SECS`.
    pub max_time: Option<f64>,
    pub min_rounds: Option<u64>,
    pub max_rounds: Option<u64>,
    /// `--target-precision F` (fraction).
    pub target_precision: Option<f64>,
    /// `--noise-threshold F` (fraction).
    pub noise_threshold: Option<f64>,
    pub seed: Option<u64>,
    /// `--cache-firewall`: evict the L2 before every sample.
    pub cache_firewall: bool,
    /// `--no-gate`: never wait for a quieter machine.
    pub no_gate: bool,
    /// `--timer auto|os|tsc`.
    pub timer: crate::timer::TimerChoice,
    /// `--help`.
    pub help: bool,
}
