//! The resource gate: hold a round back while the machine is busy.
//!
//! Before a round the engine asks the [`Gate`] whether the machine is quiet
//! enough: little CPU load from other processes, no single foreign process
//! burning a core, enough free memory, and (where sensors exist) a CPU that is
//! not near its thermal limit. If not, it waits, in small sleeps and for a
//! bounded time, and counts the wait for the result.
//!
//! The reasons to wait are a pure function, [`reasons`], of [`Readings`]
//! and a [`GatePolicy`] (`decide.rs`); [`Gate`] (`wait.rs`) takes the readings,
//! through a probe kept for the whole run that reads just what the decision
//! needs (CPU usage, RAM, process CPU times, CPU sensors): on Linux from
//! `/proc` and `/sys` (`procfs.rs`), elsewhere through `sysinfo`
//! (`sysinfo_probe.rs`), and waits. It keeps one
//! `sysinfo::System` for the whole run and refreshes just the parts it reads
//! (CPU usage, RAM, process CPU times, CPU sensors), at most once per
//! [`READING_INTERVAL`]; between readings [`Gate::check`] re-decides on the
//! cached readings, which costs nothing measurable.
//!
//! A condition that lasts — the same process, or the same kind of load,
//! seen for [`GatePolicy::sustained_after`] while the machine stayed busy —
//! stops holding rounds back: they go ahead under it and the result says so
//! (`sustained.rs`).
//! Waiting cannot end such a load, and interleaved, paired rounds cancel
//! what it does to both arms; a new condition is still waited for.
//!
//! The benchmark's own process (all its threads) is not load: its CPU share is
//! subtracted from the machine's, and it is never the "busy process". Nor
//! are the worker processes it drives ([`count_as_own`]): their samples are
//! the measurement.
//!
//! Under CI (`CI` set and not `false`/`0`) the thresholds are relaxed and the
//! waits shorter: shared runners are never quiet, and waiting cannot fix that.

/// Processes whose CPU time is the run's own: the worker children this
/// process drives (`--<how>-of-processes`, self-compare).
static OWN_CHILDREN: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

/// Counts process `pid` (a worker child) as part of this run, not as load.
pub(crate) fn count_as_own(pid: u32) {
    OWN_CHILDREN
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(pid);
}

/// Whether `pid` is one of the run's own worker children.
pub(crate) fn is_own_child(pid: u32) -> bool {
    OWN_CHILDREN
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .contains(&pid)
}

mod decide;
#[cfg(target_os = "linux")]
mod procfs;
mod readings;
mod sustained;
// Built in Linux tests too, where it is checked against the procfs probe.
#[cfg(any(not(target_os = "linux"), test))]
mod sysinfo_probe;
mod wait;

#[cfg(doc)]
use decide::reasons;
pub(crate) use decide::GatePolicy;
#[cfg(target_os = "linux")]
use procfs::{Probe, MIN_WINDOW};
use readings::{is_cpu_sensor, ProcessLoad, Readings};
#[cfg(not(target_os = "linux"))]
use sysinfo_probe::{Probe, MIN_WINDOW};
#[cfg(test)]
pub(crate) use wait::GateOutcome;
pub(crate) use wait::{Gate, GateStats, RoundGate};
#[cfg(test)]
use {
    decide::{decide, is_ci, Condition, Decision, WaitReason},
    readings::READING_INTERVAL,
    sustained::Persistence,
};

#[cfg(test)]
mod tests;
