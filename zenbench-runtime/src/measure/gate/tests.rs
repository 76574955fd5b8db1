//! Gate tests: table-driven decisions, bounded waits, sensor labels.

use super::*;
use std::time::{Duration, Instant};

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
        Decision::Through(reason) => panic!("only a gate goes through a load: {reason}"),
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
    assert!(out
        .last_reason
        .unwrap()
        .to_string()
        .starts_with("available memory"));
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
fn a_condition_is_sustained_once_followed_for_long_enough() {
    let after = Duration::from_secs(3);
    let t0 = Instant::now();
    let at = |s: u64| t0 + Duration::from_secs(s);
    let (spinner, load) = (Condition::Process(7), Condition::CpuLoad);
    let mut p = Persistence::default();
    p.observe(&[spinner, load], at(0), after);
    p.observe(&[spinner, load], at(2), after);
    assert!(!p.sustained(spinner, at(2), after));
    // Missing from one reading of a busy machine (another process peaked):
    // still followed.
    p.observe(&[Condition::Process(8)], at(3), after);
    p.observe(&[spinner, load], at(4), after);
    assert!(p.sustained(spinner, at(4), after), "seen since 0 s");
    assert!(p.sustained(load, at(4), after));
    // Missing for the sustain time: it ended, and comes back new.
    p.observe(&[spinner], at(5), after);
    p.observe(&[spinner], at(8), after);
    p.observe(&[spinner, load], at(9), after);
    assert!(!p.sustained(load, at(11), after));
    assert!(p.sustained(load, at(12), after));
    assert!(p.sustained(spinner, at(12), after));
    // A quiet check forgets everything.
    p.observe(&[], at(13), after);
    p.observe(&[spinner], at(14), after);
    assert!(!p.sustained(spinner, at(16), after));
    assert!(p.sustained(spinner, at(17), after));
    assert!(
        !p.sustained(Condition::Process(9), at(100), after),
        "never seen"
    );
}

/// A policy for the sustain tests: only a busy process or the overall
/// load ever holds a round back, a load lasting 30 ms is sustained, and a
/// round's wait is bounded far above that.
fn sustaining() -> GatePolicy {
    GatePolicy {
        max_foreign_cpu_pct: 20.0,
        max_process_cpu_pct: 50.0,
        min_available_bytes: 0,
        min_available_fraction: 0.0,
        max_cpu_temp_c: f32::INFINITY,
        max_wait_per_round: Duration::from_secs(60),
        max_total_wait: Duration::from_secs(600),
        sustained_after: Duration::from_millis(30),
        poll: Duration::from_millis(1),
        ..GatePolicy::local()
    }
}

fn busy(pid: u32, name: &str, cpu_pct: f32) -> Readings {
    machine(|r| {
        r.busiest_process = Some(ProcessLoad {
            pid,
            name: name.into(),
            cpu_pct,
        })
    })
}

#[test]
fn a_lasting_load_is_waited_for_once_then_measured_through() {
    let mut gate = Gate::with_readings(sustaining(), busy(7, "spin", 100.0));
    let first = gate.wait_for_quiet(Duration::from_secs(60));
    assert!(first.waits >= 1, "a new load is waited for");
    let through = first.through.expect("it lasted: measured through");
    assert_eq!(through.condition(), Condition::Process(7));
    assert!(first.quiet, "the wait did not run out");
    for _ in 0..3 {
        let next = gate.wait_for_quiet(Duration::from_secs(60));
        assert_eq!((next.waits, next.waited), (0, Duration::ZERO));
        assert_eq!(next.through.as_ref(), Some(&through));
    }
    let stats = gate.stats();
    assert_eq!((stats.rounds_delayed, stats.rounds_under_load), (1, 4));
    assert_eq!(
        stats.sustained_load.as_ref().map(ToString::to_string),
        Some("process spin (pid 7) uses 100% of a core > 50%".to_string())
    );
}

#[test]
fn loads_seen_together_are_waited_for_together() {
    // On two cores, one spinning process is also 50% of the machine: both
    // reasons last as long as it does, and one wait settles both.
    let mut readings = busy(7, "spin", 100.0);
    readings.cpu_pct = Some(55.0);
    let mut gate = Gate::with_readings(sustaining(), readings);
    let first = gate.wait_for_quiet(Duration::from_secs(60));
    assert!(first.waits >= 1 && first.through.is_some());
    let second = gate.wait_for_quiet(Duration::from_secs(60));
    assert_eq!(second.waits, 0, "{second:?}");
    assert!(second.through.is_some());
}

#[test]
fn a_new_load_or_one_that_came_back_is_waited_for_again() {
    let mut gate = Gate::with_readings(sustaining(), busy(7, "spin", 100.0));
    assert!(gate
        .wait_for_quiet(Duration::from_secs(60))
        .through
        .is_some());
    // Another process: a new condition, held back for until it lasts too.
    gate.set_readings(busy(8, "rustc", 180.0));
    let other = gate.wait_for_quiet(Duration::from_secs(60));
    assert!(other.waits >= 1, "{other:?}");
    assert!(other
        .last_reason
        .unwrap()
        .to_string()
        .starts_with("process rustc (pid 8)"));
    // Quiet: nothing held, nothing measured through.
    gate.set_readings(machine(|_| {}));
    let quiet = gate.wait_for_quiet(Duration::from_secs(60));
    assert_eq!((quiet.waits, quiet.through), (0, None));
    // The first process is back: it ended once, so it is new again.
    gate.set_readings(busy(7, "spin", 100.0));
    assert!(gate.wait_for_quiet(Duration::from_secs(60)).waits >= 1);
}

#[test]
fn a_sustained_process_hidden_by_a_brief_peak_is_still_measured_through() {
    // A reading names only the busiest process: another one peaking for a
    // moment hides the sustained one without ending it.
    let policy = GatePolicy {
        sustained_after: Duration::from_secs(1),
        ..sustaining()
    };
    let mut gate = Gate::with_readings(policy, busy(7, "spin", 100.0));
    assert!(gate
        .wait_for_quiet(Duration::from_secs(60))
        .through
        .is_some());
    gate.set_readings(busy(8, "rustc", 180.0));
    let peak = gate.wait_for_quiet(Duration::from_millis(2));
    assert!(
        !peak.quiet && peak.through.is_none(),
        "the peak is new: {peak:?}"
    );
    gate.set_readings(busy(7, "spin", 100.0));
    let back = gate.wait_for_quiet(Duration::from_secs(60));
    assert_eq!(back.waits, 0, "{back:?}");
    assert!(back.through.is_some());
}

#[test]
fn a_short_wait_never_makes_a_load_sustained() {
    // Rounds whose waits run out long before the sustain time: every one
    // is held back, as a transient load would be until it ended.
    let policy = GatePolicy {
        max_wait_per_round: Duration::from_millis(2),
        sustained_after: Duration::from_secs(3600),
        ..sustaining()
    };
    let mut gate = Gate::with_readings(policy, busy(7, "spin", 100.0));
    for _ in 0..3 {
        let out = gate.wait_for_quiet(Duration::from_millis(2));
        assert!(!out.quiet && out.through.is_none(), "{out:?}");
    }
    assert_eq!(gate.stats().rounds_delayed, 3);
    assert_eq!(gate.stats().rounds_under_load, 0);
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
        gate.probe.as_ref().map_or(0, Probe::process_count),
        gate.readings()
    );
}
