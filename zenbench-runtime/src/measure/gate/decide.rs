//! When the machine counts as quiet: a policy and a pure decision.

use super::readings::{ProcessLoad, Readings};
use std::fmt;
use std::time::Duration;

/// When the machine counts as quiet, and how long to wait for it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GatePolicy {
    /// `false` (`--no-gate`): every check proceeds, nothing is read.
    pub enabled: bool,
    /// Most CPU load from other processes, percent of all cores.
    pub max_foreign_cpu_pct: f32,
    /// Most CPU one other process may use, percent of one core.
    pub max_process_cpu_pct: f32,
    /// Least available memory, bytes …
    pub min_available_bytes: u64,
    /// … and as a fraction of installed memory (the larger bound applies).
    pub min_available_fraction: f64,
    /// Hottest a CPU sensor may read, °C.
    pub max_cpu_temp_c: f32,
    /// Default bound of one [`Gate::wait_for_quiet`].
    pub max_wait_per_round: Duration,
    /// Bound of all waits of a run; once spent, the gate stops waiting.
    pub max_total_wait: Duration,
    /// A condition seen for this long, the machine busy all the while, is a
    /// sustained load: rounds go ahead under it (paired rounds cancel what
    /// it does to both arms) instead of waiting for it to end.
    pub sustained_after: Duration,
    /// Sleep step while waiting.
    pub poll: Duration,
}

impl GatePolicy {
    /// A developer machine: wait for a reasonably quiet machine.
    pub(crate) fn local() -> GatePolicy {
        GatePolicy {
            enabled: true,
            max_foreign_cpu_pct: 20.0,
            max_process_cpu_pct: 50.0,
            min_available_bytes: 512 << 20,
            min_available_fraction: 0.05,
            max_cpu_temp_c: 90.0,
            max_wait_per_round: Duration::from_secs(3),
            max_total_wait: Duration::from_secs(60),
            sustained_after: Duration::from_secs(3),
            poll: Duration::from_millis(50),
        }
    }

    /// A CI runner: only wait out clear overload, and not for long.
    pub(crate) fn ci() -> GatePolicy {
        GatePolicy {
            enabled: true,
            max_foreign_cpu_pct: 60.0,
            max_process_cpu_pct: 100.0,
            min_available_bytes: 128 << 20,
            min_available_fraction: 0.02,
            max_cpu_temp_c: 95.0,
            max_wait_per_round: Duration::from_millis(500),
            max_total_wait: Duration::from_secs(10),
            sustained_after: Duration::from_millis(500),
            poll: Duration::from_millis(50),
        }
    }

    /// The gate turned off.
    pub(crate) fn disabled() -> GatePolicy {
        GatePolicy {
            enabled: false,
            ..GatePolicy::local()
        }
    }

    /// The policy for this run: disabled by `--no-gate`, else [`ci`] when
    /// the `CI` environment variable says so, else [`local`].
    ///
    /// [`ci`]: GatePolicy::ci
    /// [`local`]: GatePolicy::local
    pub(crate) fn for_run(no_gate: bool) -> GatePolicy {
        if no_gate {
            GatePolicy::disabled()
        } else if is_ci(std::env::var("CI").ok().as_deref()) {
            GatePolicy::ci()
        } else {
            GatePolicy::local()
        }
    }

    /// The least available memory that counts as enough on a machine with
    /// `total` bytes installed.
    fn min_available(&self, total: u64) -> u64 {
        let by_fraction = (total as f64 * self.min_available_fraction) as u64;
        self.min_available_bytes.max(by_fraction)
    }
}

/// `CI` is set to something other than empty, `false` or `0`.
pub(super) fn is_ci(value: Option<&str>) -> bool {
    match value {
        None => false,
        Some(v) => {
            let v = v.trim();
            !(v.is_empty() || v == "0" || v.eq_ignore_ascii_case("false"))
        }
    }
}

/// Why the gate holds a round back.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum WaitReason {
    /// Other processes load the CPU.
    CpuLoad { foreign_pct: f32, max_pct: f32 },
    /// One other process burns CPU.
    BusyProcess { process: ProcessLoad, max_pct: f32 },
    /// Little memory is available.
    LowMemory { available: u64, min: u64 },
    /// The CPU is hot.
    HotCpu { temp_c: f32, max_c: f32 },
}

impl fmt::Display for WaitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitReason::CpuLoad {
                foreign_pct,
                max_pct,
            } => write!(
                f,
                "CPU load from other processes {foreign_pct:.0}% > {max_pct:.0}%"
            ),
            WaitReason::BusyProcess { process, max_pct } => write!(
                f,
                "process {} (pid {}) uses {:.0}% of a core > {max_pct:.0}%",
                process.name, process.pid, process.cpu_pct
            ),
            WaitReason::LowMemory { available, min } => write!(
                f,
                "available memory {} MiB < {} MiB",
                available >> 20,
                min >> 20
            ),
            WaitReason::HotCpu { temp_c, max_c } => {
                write!(f, "CPU temperature {temp_c:.0}°C > {max_c:.0}°C")
            }
        }
    }
}

impl WaitReason {
    /// Which condition this is, whatever its figures: the same process, or
    /// the same kind of load, is the same condition from one reading to
    /// the next.
    pub(crate) fn condition(&self) -> Condition {
        match self {
            WaitReason::CpuLoad { .. } => Condition::CpuLoad,
            WaitReason::BusyProcess { process, .. } => Condition::Process(process.pid),
            WaitReason::LowMemory { .. } => Condition::LowMemory,
            WaitReason::HotCpu { .. } => Condition::HotCpu,
        }
    }
}

/// A [`WaitReason`] without its figures (see [`WaitReason::condition`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Condition {
    CpuLoad,
    Process(u32),
    LowMemory,
    HotCpu,
}

/// The gate's answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Decision {
    Proceed,
    Wait(WaitReason),
    /// Go ahead under a sustained load (see [`GatePolicy::sustained_after`]).
    Through(WaitReason),
}

/// Decides from `readings` alone: the first of [`reasons`], if any.
#[cfg(test)]
pub(crate) fn decide(readings: &Readings, policy: &GatePolicy) -> Decision {
    match reasons(readings, policy).into_iter().next() {
        Some(reason) => Decision::Wait(reason),
        None => Decision::Proceed,
    }
}

/// Every reason to hold a round back that `readings` show, in order of how
/// surely it spoils a measurement: memory, heat, a busy process, overall
/// load. Unknown readings never hold a round back.
pub(crate) fn reasons(readings: &Readings, policy: &GatePolicy) -> Vec<WaitReason> {
    let mut out = Vec::new();
    if !policy.enabled {
        return out;
    }
    if readings.total_memory > 0 {
        let min = policy.min_available(readings.total_memory);
        if readings.available_memory < min {
            out.push(WaitReason::LowMemory {
                available: readings.available_memory,
                min,
            });
        }
    }
    if let Some(t) = readings.cpu_temp_c.filter(|t| t.is_finite()) {
        if t > policy.max_cpu_temp_c {
            out.push(WaitReason::HotCpu {
                temp_c: t,
                max_c: policy.max_cpu_temp_c,
            });
        }
    }
    if let Some(p) = &readings.busiest_process {
        if p.cpu_pct > policy.max_process_cpu_pct {
            out.push(WaitReason::BusyProcess {
                process: p.clone(),
                max_pct: policy.max_process_cpu_pct,
            });
        }
    }
    if let Some(load) = readings.foreign_cpu_pct() {
        if load > policy.max_foreign_cpu_pct {
            out.push(WaitReason::CpuLoad {
                foreign_pct: load,
                max_pct: policy.max_foreign_cpu_pct,
            });
        }
    }
    out
}
