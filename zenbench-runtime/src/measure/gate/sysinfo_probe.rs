//! The gate's readings off Linux, through `sysinfo`. Linux builds read the
//! kernel's files themselves (`procfs.rs`) and compile this only in tests,
//! where it is checked against the procfs probe.
//!
//! One `sysinfo::System` is kept for the whole run and just the parts the
//! decision reads are refreshed (CPU usage, RAM, process CPU times, CPU
//! sensors).

use super::{is_cpu_sensor, ProcessLoad, Readings};
use std::time::Duration;
use sysinfo::{Components, MemoryRefreshKind, Pid, ProcessRefreshKind, ProcessesToUpdate, System};

/// sysinfo does not update CPU times over a shorter window.
pub(super) const MIN_WINDOW: Duration = sysinfo::MINIMUM_CPU_UPDATE_INTERVAL;

/// Reads the machine for [`Gate`](super::Gate).
pub(super) struct Probe {
    sys: System,
    /// CPU sensors only; `None` where there are none (nothing to refresh).
    sensors: Option<Components>,
    own_pid: Option<Pid>,
    /// CPU windows completed so far (usage is meaningful from the second).
    cpu_refreshes: u32,
}

impl Probe {
    /// Lists the CPU sensors; takes no reading.
    pub(super) fn new() -> Probe {
        // sysinfo would keep a `/proc/<pid>/stat` open per process (up to
        // half the fd limit) to save reopening it: hundreds of descriptors
        // in the benchmarked process, which can change what it measures
        // (fd numbers, `select`, EMFILE). Reopening costs ~20% more per
        // reading. Process-wide sysinfo setting; a no-op off Linux.
        sysinfo::set_open_files_limit(0);
        // Listed once; each reading refreshes only the CPU sensors in it.
        let sensors = Components::new_with_refreshed_list();
        Probe {
            sys: System::new(),
            sensors: sensors
                .list()
                .iter()
                .any(|c| is_cpu_sensor(c.label()))
                .then_some(sensors),
            own_pid: sysinfo::get_current_pid().ok(),
            cpu_refreshes: 0,
        }
    }

    /// Processes seen by the last reading.
    #[cfg(test)]
    pub(super) fn process_count(&self) -> usize {
        self.sys.processes().len()
    }

    /// Refreshes what the decision reads, and nothing else, into `r`.
    pub(super) fn read(&mut self, r: &mut Readings) {
        // CPU first: on Linux the process refresh below reuses this window.
        self.sys.refresh_cpu_usage();
        self.cpu_refreshes = self.cpu_refreshes.saturating_add(1);
        self.sys
            .refresh_memory_specifics(MemoryRefreshKind::nothing().with_ram());
        // Processes, not their threads (which Linux would list as tasks,
        // each a "process" with its own pid): the process's times cover them,
        // and this process's own threads must not count as foreign load.
        self.sys.refresh_processes_specifics(
            ProcessesToUpdate::All,
            true,
            ProcessRefreshKind::nothing().with_cpu().without_tasks(),
        );

        let cores = self.sys.cpus().len().max(1) as f32;
        let window = self.cpu_refreshes >= 2;
        let own = self.own_pid.and_then(|pid| self.sys.process(pid));
        r.cpu_pct = window.then(|| self.sys.global_cpu_usage());
        let children: f32 = self
            .sys
            .processes()
            .iter()
            .filter(|(pid, _)| super::is_own_child(pid.as_u32()))
            .map(|(_, p)| p.cpu_usage())
            .sum();
        r.own_cpu_pct = window.then(|| (own.map_or(0.0, |p| p.cpu_usage()) + children) / cores);
        r.busiest_process = if window {
            self.sys
                .processes()
                .iter()
                .filter(|(pid, _)| {
                    Some(**pid) != self.own_pid && !super::is_own_child(pid.as_u32())
                })
                .max_by(|a, b| a.1.cpu_usage().total_cmp(&b.1.cpu_usage()))
                .map(|(pid, p)| ProcessLoad {
                    pid: pid.as_u32(),
                    name: p.name().to_string_lossy().into_owned(),
                    cpu_pct: p.cpu_usage(),
                })
        } else {
            None
        };
        r.available_memory = self.sys.available_memory();
        r.total_memory = self.sys.total_memory();

        r.cpu_temp_c = self.sensors.as_mut().and_then(|sensors| {
            sensors
                .list_mut()
                .iter_mut()
                .filter(|c| is_cpu_sensor(c.label()))
                .filter_map(|c| {
                    c.refresh();
                    c.temperature().filter(|t| t.is_finite())
                })
                .reduce(f32::max)
        });
    }
}
