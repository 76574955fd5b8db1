//! The resource gate: hold a round back while the machine is busy.
//!
//! Before a round the engine asks the [`Gate`] whether the machine is quiet
//! enough: little CPU load from other processes, no single foreign process
//! burning a core, enough free memory, and (where sensors exist) a CPU that is
//! not near its thermal limit. If not, it waits, in small sleeps and for a
//! bounded time, and counts the wait for the result.
//!
//! The decision is a pure function, [`decide`], of [`Readings`] and a
//! [`GatePolicy`]; [`Gate`] only takes the readings. It keeps one
//! `sysinfo::System` for the whole run and refreshes just the parts it reads
//! (CPU usage, RAM, process CPU times, CPU sensors), at most once per
//! [`READING_INTERVAL`]; between readings [`Gate::check`] re-decides on the
//! cached readings, which costs nothing measurable.
//!
//! The benchmark's own process (all its threads) is not load: its CPU share is
//! subtracted from the machine's, and it is never the "busy process".
//!
//! Under CI (`CI` set and not `false`/`0`) the thresholds are relaxed and the
//! waits shorter: shared runners are never quiet, and waiting cannot fix that.

use std::fmt;
use std::time::{Duration, Instant};
use sysinfo::{Components, MemoryRefreshKind, Pid, ProcessRefreshKind, ProcessesToUpdate, System};

/// Readings are taken at most this often. CPU usage is a difference of two
/// counters, so the interval is also the window it is averaged over; it is at
/// least sysinfo's minimum window (200 ms on Linux), below which sysinfo does
/// not update CPU times.
pub(crate) const READING_INTERVAL: Duration = {
    let floor = Duration::from_millis(100);
    if sysinfo::MINIMUM_CPU_UPDATE_INTERVAL.as_nanos() > floor.as_nanos() {
        sysinfo::MINIMUM_CPU_UPDATE_INTERVAL
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
fn is_ci(value: Option<&str>) -> bool {
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

/// The gate's answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Decision {
    Proceed,
    Wait(WaitReason),
}

/// Decides from `readings` alone. Unknown readings never hold a round back.
/// Checks in order of how surely they spoil a measurement: memory, heat, a
/// busy process, overall load; the first that fails is the reason.
pub(crate) fn decide(readings: &Readings, policy: &GatePolicy) -> Decision {
    if !policy.enabled {
        return Decision::Proceed;
    }
    if readings.total_memory > 0 {
        let min = policy.min_available(readings.total_memory);
        if readings.available_memory < min {
            return Decision::Wait(WaitReason::LowMemory {
                available: readings.available_memory,
                min,
            });
        }
    }
    if let Some(t) = readings.cpu_temp_c.filter(|t| t.is_finite()) {
        if t > policy.max_cpu_temp_c {
            return Decision::Wait(WaitReason::HotCpu {
                temp_c: t,
                max_c: policy.max_cpu_temp_c,
            });
        }
    }
    if let Some(p) = &readings.busiest_process {
        if p.cpu_pct > policy.max_process_cpu_pct {
            return Decision::Wait(WaitReason::BusyProcess {
                process: p.clone(),
                max_pct: policy.max_process_cpu_pct,
            });
        }
    }
    if let Some(load) = readings.foreign_cpu_pct() {
        if load > policy.max_foreign_cpu_pct {
            return Decision::Wait(WaitReason::CpuLoad {
                foreign_pct: load,
                max_pct: policy.max_foreign_cpu_pct,
            });
        }
    }
    Decision::Proceed
}

/// What one [`Gate::wait_for_quiet`] did.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct GateOutcome {
    /// Time spent waiting (zero when the machine was quiet at once).
    pub waited: Duration,
    /// Sleeps taken (zero when the machine was quiet at once).
    pub waits: u32,
    /// The last reason to wait, if there was one.
    pub last_reason: Option<String>,
    /// `false` when the wait ran out and the round goes ahead on a busy machine.
    pub quiet: bool,
}

/// Totals over a run, for the result.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct GateStats {
    /// Calls of [`Gate::check`] (including those inside waits).
    pub checks: u64,
    /// Readings actually taken from the system.
    pub readings: u64,
    /// Rounds held back at least once.
    pub rounds_delayed: u64,
    /// Rounds that went ahead on a busy machine because the wait ran out.
    pub rounds_not_quiet: u64,
    /// Sleeps taken over the run.
    pub waits: u64,
    /// Time spent waiting over the run.
    pub waited: Duration,
    /// The most recent reason to wait.
    pub last_reason: Option<String>,
}

/// Reads the machine and gates rounds. One per run.
pub(crate) struct Gate {
    policy: GatePolicy,
    sys: System,
    /// CPU sensors only; `None` where there are none (nothing to refresh).
    sensors: Option<Components>,
    own_pid: Option<Pid>,
    /// CPU windows completed so far (usage is meaningful from the second).
    cpu_refreshes: u32,
    last_reading: Option<Instant>,
    readings: Readings,
    stats: GateStats,
}

impl Gate {
    /// A gate for `policy`. When enabled, it takes a first reading (which
    /// starts the first CPU window; a disabled gate reads nothing).
    pub(crate) fn new(policy: GatePolicy) -> Gate {
        let mut gate = Gate {
            sys: System::new(),
            sensors: None,
            own_pid: sysinfo::get_current_pid().ok(),
            cpu_refreshes: 0,
            last_reading: None,
            readings: Readings::default(),
            stats: GateStats::default(),
            policy,
        };
        if gate.policy.enabled {
            // sysinfo would keep a `/proc/<pid>/stat` open per process (up to
            // half the fd limit) to save reopening it: hundreds of descriptors
            // in the benchmarked process, which can change what it measures
            // (fd numbers, `select`, EMFILE). Reopening costs ~20% more per
            // reading. Process-wide sysinfo setting; a no-op off Linux.
            sysinfo::set_open_files_limit(0);
            // Listed once; each reading refreshes only the CPU sensors in it.
            let sensors = Components::new_with_refreshed_list();
            if sensors.list().iter().any(|c| is_cpu_sensor(c.label())) {
                gate.sensors = Some(sensors);
            }
            gate.read();
        }
        gate
    }

    /// The policy in force.
    pub(crate) fn policy(&self) -> &GatePolicy {
        &self.policy
    }

    /// The latest readings.
    #[cfg(test)]
    pub(crate) fn readings(&self) -> &Readings {
        &self.readings
    }

    /// Totals so far.
    #[cfg(test)]
    pub(crate) fn stats(&self) -> &GateStats {
        &self.stats
    }

    /// Whether a round may start now. Takes a new reading when the last is
    /// older than [`READING_INTERVAL`], otherwise decides on the cached one.
    pub(crate) fn check(&mut self) -> Decision {
        if !self.policy.enabled {
            return Decision::Proceed;
        }
        self.stats.checks += 1;
        if self
            .last_reading
            .is_none_or(|t| t.elapsed() >= READING_INTERVAL)
        {
            self.read();
        }
        decide(&self.readings, &self.policy)
    }

    /// Waits, in sleeps of `policy.poll`, until [`check`](Gate::check)
    /// proceeds or `max_wait` (further bounded by what is left of
    /// `policy.max_total_wait`) has passed. Returns at once when the machine
    /// is quiet or the gate is disabled.
    pub(crate) fn wait_for_quiet(&mut self, max_wait: Duration) -> GateOutcome {
        let mut outcome = GateOutcome {
            quiet: true,
            ..GateOutcome::default()
        };
        if !self.policy.enabled {
            return outcome;
        }
        let budget = max_wait.min(self.policy.max_total_wait.saturating_sub(self.stats.waited));
        let start = Instant::now();
        loop {
            let reason = match self.check() {
                Decision::Proceed => break,
                Decision::Wait(reason) => reason.to_string(),
            };
            outcome.last_reason = Some(reason);
            let elapsed = start.elapsed();
            // A non-zero budget always gets one sleep, however slowly we ran.
            if elapsed >= budget && (outcome.waits > 0 || budget.is_zero()) {
                outcome.quiet = false;
                break;
            }
            outcome.waits += 1;
            std::thread::sleep(self.policy.poll.min(budget.saturating_sub(elapsed)));
        }
        if outcome.waits > 0 || !outcome.quiet {
            outcome.waited = start.elapsed();
            self.stats.rounds_delayed += 1;
            self.stats.waits += u64::from(outcome.waits);
            self.stats.waited += outcome.waited;
            self.stats.last_reason.clone_from(&outcome.last_reason);
        }
        if !outcome.quiet {
            self.stats.rounds_not_quiet += 1;
        }
        outcome
    }

    /// Refreshes what the decision reads, and nothing else.
    fn read(&mut self) {
        self.stats.readings += 1;
        self.last_reading = Some(Instant::now());

        // CPU first: on Linux the process refresh below reuses this window.
        self.sys.refresh_cpu_usage();
        self.cpu_refreshes = self.cpu_refreshes.saturating_add(1);
        self.sys
            .refresh_memory_specifics(MemoryRefreshKind::nothing().with_ram());
        self.sys.refresh_processes_specifics(
            ProcessesToUpdate::All,
            true,
            ProcessRefreshKind::nothing().with_cpu(),
        );

        let cores = self.sys.cpus().len().max(1) as f32;
        let window = self.cpu_refreshes >= 2;
        let own = self.own_pid.and_then(|pid| self.sys.process(pid));
        self.readings.cpu_pct = window.then(|| self.sys.global_cpu_usage());
        self.readings.own_cpu_pct = window.then(|| own.map_or(0.0, |p| p.cpu_usage() / cores));
        self.readings.busiest_process = if window {
            self.sys
                .processes()
                .iter()
                .filter(|(pid, _)| Some(**pid) != self.own_pid)
                .max_by(|a, b| a.1.cpu_usage().total_cmp(&b.1.cpu_usage()))
                .map(|(pid, p)| ProcessLoad {
                    pid: pid.as_u32(),
                    name: p.name().to_string_lossy().into_owned(),
                    cpu_pct: p.cpu_usage(),
                })
        } else {
            None
        };
        self.readings.available_memory = self.sys.available_memory();
        self.readings.total_memory = self.sys.total_memory();

        self.readings.cpu_temp_c = self.sensors.as_mut().and_then(|sensors| {
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

/// Whether a sensor label names a CPU (package, core or die) sensor:
/// Linux hwmon `coretemp`/`k10temp`/`zenpower`/`cpu_thermal`, macOS
/// "CPU …"/"PECI CPU", and the usual package/die labels.
fn is_cpu_sensor(label: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;

    /// A quiet 16 GiB machine with a cool CPU, changed by `edit`.
    fn machine(edit: impl FnOnce(&mut Readings)) -> Readings {
        let mut r = Readings {
            cpu_pct: Some(8.0),
            own_cpu_pct: Some(0.0),
            busiest_process: Some(load("sshd", 1.0)),
            available_memory: 12 * GIB,
            total_memory: 16 * GIB,
            cpu_temp_c: Some(55.0),
        };
        edit(&mut r);
        r
    }

    fn load(name: &str, cpu_pct: f32) -> ProcessLoad {
        ProcessLoad {
            pid: 777,
            name: name.into(),
            cpu_pct,
        }
    }

    /// The reason to wait, as the report would print it; `None`: proceed.
    fn why(r: &Readings, policy: &GatePolicy) -> Option<String> {
        match decide(r, policy) {
            Decision::Proceed => None,
            Decision::Wait(reason) => Some(reason.to_string()),
        }
    }

    /// A policy that no machine satisfies (it never has enough memory).
    fn unsatisfiable() -> GatePolicy {
        GatePolicy {
            min_available_bytes: u64::MAX,
            ..GatePolicy::local()
        }
    }

    #[test]
    fn a_quiet_machine_and_unknown_readings_proceed() {
        let local = GatePolicy::local();
        assert_eq!(decide(&machine(|_| {}), &local), Decision::Proceed);
        assert_eq!(decide(&Readings::default(), &local), Decision::Proceed);
    }

    #[test]
    fn each_threshold_holds_back_and_names_itself() {
        let local = GatePolicy::local();
        let cases: [(Readings, &str); 4] = [
            (
                machine(|r| r.cpu_pct = Some(45.0)),
                "CPU load from other processes 45% > 20%",
            ),
            (
                machine(|r| r.cpu_temp_c = Some(97.0)),
                "CPU temperature 97°C > 90°C",
            ),
            (
                machine(|r| r.busiest_process = Some(load("rustc", 98.0))),
                "process rustc (pid 777) uses 98% of a core > 50%",
            ),
            // 5% of 16 GiB (819 MiB) is above the 512 MiB floor.
            (
                machine(|r| r.available_memory = 300 << 20),
                "available memory 300 MiB < 819 MiB",
            ),
        ];
        for (r, expected) in cases {
            assert_eq!(why(&r, &local).as_deref(), Some(expected));
        }
        let low = machine(|r| r.available_memory = 300 << 20);
        assert!(matches!(
            decide(&low, &local),
            Decision::Wait(WaitReason::LowMemory { .. })
        ));
    }

    #[test]
    fn memory_is_reported_before_load() {
        let r = machine(|r| {
            r.cpu_pct = Some(90.0);
            r.available_memory = 0;
        });
        assert!(why(&r, &GatePolicy::local())
            .unwrap()
            .starts_with("available memory"));
    }

    #[test]
    fn own_cpu_usage_is_not_load() {
        // The benchmark itself keeps one of two cores busy.
        let r = machine(|r| {
            r.cpu_pct = Some(55.0);
            r.own_cpu_pct = Some(50.0);
        });
        assert_eq!(r.foreign_cpu_pct(), Some(5.0));
        assert_eq!(why(&r, &GatePolicy::local()), None);
        // Own usage over the total (rounding) clamps at zero.
        let r = machine(|r| r.own_cpu_pct = Some(50.0));
        assert_eq!(r.foreign_cpu_pct(), Some(0.0));
    }

    #[test]
    fn a_failed_sensor_read_is_no_reading() {
        let r = machine(|r| r.cpu_temp_c = Some(f32::NAN));
        assert_eq!(why(&r, &GatePolicy::local()), None);
    }

    #[test]
    fn ci_policy_relaxes_thresholds_and_waits() {
        let busy = machine(|r| {
            r.cpu_pct = Some(45.0);
            r.busiest_process = Some(load("runner", 80.0));
            r.available_memory = 400 << 20;
            r.total_memory = 8 * GIB;
            r.cpu_temp_c = Some(92.0);
        });
        assert!(why(&busy, &GatePolicy::local()).is_some());
        assert_eq!(why(&busy, &GatePolicy::ci()), None);
        let (local, ci) = (GatePolicy::local(), GatePolicy::ci());
        assert!(ci.max_wait_per_round < local.max_wait_per_round);
        assert!(ci.max_total_wait < local.max_total_wait);
        // Clear overload still waits under CI.
        let overloaded = machine(|r| r.cpu_pct = Some(95.0));
        assert!(why(&overloaded, &ci).unwrap().starts_with("CPU load"));
    }

    #[test]
    fn ci_detection_and_no_gate() {
        for (value, ci) in [(None, false), (Some(""), false), (Some("false"), false)] {
            assert_eq!(is_ci(value), ci, "{value:?}");
        }
        for value in ["0", "FALSE"] {
            assert!(!is_ci(Some(value)), "{value}");
        }
        for value in ["true", "1", "yes"] {
            assert!(is_ci(Some(value)), "{value}");
        }
        assert_eq!(GatePolicy::for_run(true), GatePolicy::disabled());
        assert_eq!(why(&Readings::default(), &GatePolicy::disabled()), None);
    }

    #[test]
    fn a_disabled_gate_always_proceeds_and_reads_nothing() {
        let policy = GatePolicy {
            enabled: false,
            ..unsatisfiable()
        };
        let mut gate = Gate::new(policy);
        assert_eq!(gate.check(), Decision::Proceed);
        let out = gate.wait_for_quiet(Duration::from_secs(60));
        assert_eq!((out.waits, out.quiet), (0, true));
        assert_eq!(gate.stats().readings, 0);
    }

    #[test]
    fn a_permissive_gate_never_waits() {
        let policy = GatePolicy {
            max_foreign_cpu_pct: f32::INFINITY,
            max_process_cpu_pct: f32::INFINITY,
            min_available_bytes: 0,
            min_available_fraction: 0.0,
            max_cpu_temp_c: f32::INFINITY,
            ..GatePolicy::local()
        };
        let mut gate = Gate::new(policy);
        let out = gate.wait_for_quiet(Duration::from_secs(60));
        assert_eq!(
            out,
            GateOutcome {
                quiet: true,
                ..GateOutcome::default()
            }
        );
        assert_eq!(gate.stats().rounds_delayed, 0);
        assert!(gate.readings().total_memory > 0, "memory is read");
    }

    #[test]
    fn an_unsatisfiable_gate_waits_a_bounded_time_and_gives_up() {
        let policy = GatePolicy {
            poll: Duration::from_millis(1),
            ..unsatisfiable()
        };
        let mut gate = Gate::new(policy);
        let out = gate.wait_for_quiet(Duration::from_millis(20));
        assert!(!out.quiet);
        assert!(out.waits >= 1, "a non-zero budget sleeps at least once");
        assert!(out.last_reason.unwrap().starts_with("available memory"));
        let stats = gate.stats();
        assert_eq!((stats.rounds_delayed, stats.rounds_not_quiet), (1, 1));
        assert_eq!(stats.waits, u64::from(out.waits));
        assert!(stats.checks > u64::from(out.waits));
    }

    #[test]
    fn a_spent_total_budget_stops_waiting() {
        let policy = GatePolicy {
            max_total_wait: Duration::ZERO,
            ..unsatisfiable()
        };
        let mut gate = Gate::new(policy);
        let out = gate.wait_for_quiet(Duration::from_secs(3600));
        assert_eq!((out.waits, out.quiet), (0, false));
    }

    #[test]
    fn cpu_sensor_labels() {
        for l in [
            "coretemp Package id 0",
            "k10temp Tctl",
            "cpu_thermal temp1",
            "PECI CPU",
        ] {
            assert!(is_cpu_sensor(l), "{l}");
        }
        for l in [
            "nvme Composite",
            "amdgpu edge",
            "iwlwifi_1 temp1",
            "acpitz temp1",
        ] {
            assert!(!is_cpu_sensor(l), "{l}");
        }
    }

    /// Prints what a reading and a cached check cost on this machine:
    /// `cargo test --release -p zenbench --lib gate::tests::check_cost -- --ignored --nocapture`
    #[test]
    #[ignore = "prints timings; run by hand"]
    fn check_cost() {
        let t = Instant::now();
        let mut gate = Gate::new(GatePolicy::local());
        let new_cost = t.elapsed();
        let mut reads = Vec::new();
        for _ in 0..20 {
            std::thread::sleep(READING_INTERVAL);
            let t = Instant::now();
            let d = gate.check();
            reads.push(t.elapsed());
            println!("{d:?}");
        }
        const CACHED: u32 = 100_000;
        let t = Instant::now();
        for _ in 0..CACHED {
            std::hint::black_box(gate.check());
        }
        let cached = t.elapsed() / CACHED;
        reads.sort();
        println!(
            "Gate::new {new_cost:?}; reading check: min {:?} median {:?} max {:?}; \
             cached check {cached:?}; processes {}; {:?}",
            reads[0],
            reads[reads.len() / 2],
            reads[reads.len() - 1],
            gate.sys.processes().len(),
            gate.readings()
        );
    }
}
