//! What the gate reads: CPU load, memory, the busiest other process and
//! CPU temperature.

use std::time::Duration;

/// Readings are taken at most this often. CPU usage is a difference of two
/// counters, so the interval is also the window it is averaged over; it is at
/// least the probe's minimum window (200 ms on Linux), below which CPU times
/// are too coarse (sysinfo does not even update them).
pub(crate) const READING_INTERVAL: Duration = {
    let floor = Duration::from_millis(100);
    if super::MIN_WINDOW.as_nanos() > floor.as_nanos() {
        super::MIN_WINDOW
    } else {
        floor
    }
};

/// One look at the machine. Every field may be unknown.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Readings {
    /// CPU busy share of the whole machine over the last window, percent of
    /// all cores (0–100). `None` before the first full window.
    pub cpu_pct: Option<f32>,
    /// This process's share of the same, percent of all cores (0–100).
    pub own_cpu_pct: Option<f32>,
    /// The busiest other process over the last window.
    pub busiest_process: Option<ProcessLoad>,
    /// Memory available for new allocations, bytes (0: unknown).
    pub available_memory: u64,
    /// Installed memory, bytes (0: unknown).
    pub total_memory: u64,
    /// Hottest CPU sensor, °C; `None` where there is none.
    pub cpu_temp_c: Option<f32>,
}

impl Readings {
    /// CPU share of everything but this process, percent of all cores.
    pub(crate) fn foreign_cpu_pct(&self) -> Option<f32> {
        self.cpu_pct
            .map(|all| (all - self.own_cpu_pct.unwrap_or(0.0)).max(0.0))
    }
}

/// A process and its CPU usage.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ProcessLoad {
    pub pid: u32,
    pub name: String,
    /// Percent of one core (may exceed 100 for a multi-threaded process).
    pub cpu_pct: f32,
}

/// Whether a sensor label names a CPU (package, core or die) sensor:
/// Linux hwmon `coretemp`/`k10temp`/`zenpower`/`cpu_thermal`, macOS
/// "CPU …"/"PECI CPU", and the usual package/die labels.
pub(crate) fn is_cpu_sensor(label: &str) -> bool {
    let l = label.to_ascii_lowercase();
    [
        "coretemp",
        "k10temp",
        "zenpower",
        "cpu",
        "package id",
        "tctl",
        "tdie",
        "x86_pkg_temp",
    ]
    .iter()
    .any(|k| l.contains(k))
}
