//! Tests of the procfs readings: parsers over captured /proc and /sys
//! texts, and a live reading where the system has them.

use super::*;

#[test]
fn stat_cpu_line_and_cores() {
    let text = "cpu  100 5 50 800 40 3 2 0 7 0\n\
                cpu0 50 2 25 400 20 2 1 0 4 0\n\
                cpu1 50 3 25 400 20 1 1 0 3 0\n\
                intr 12345 0 0\nctxt 999\n";
    // Guest time (7) is already in user: not added again.
    assert_eq!(
        parse_stat(text),
        Some(CpuTimes {
            busy: 160,
            total: 1000,
            cores: 2
        })
    );
    assert_eq!(parse_stat("intr 1 2 3\n"), None);
    assert_eq!(parse_stat("cpu  1 2 x 4\n"), None);
}

#[test]
fn pid_stat_with_an_awkward_name() {
    let text = "4242 (my (odd) proc) R 1 4242 4242 0 -1 4194560 \
                120 0 0 0 310 45 0 0 20 0 3 0 77 1000 20 18446744073709551615\n";
    assert_eq!(parse_pid_stat(text), Some(("my (odd) proc", 355)));
    assert_eq!(parse_pid_stat("4242 (cut"), None);
    assert_eq!(parse_pid_stat("4242 (short) R 1 2"), None);
}

#[test]
fn process_ticks_found_in_either_order() {
    let sorted = ProcessTicks {
        list: vec![(1, 10), (7, 70), (300, 3)],
        ascending: true,
    };
    let shuffled = ProcessTicks {
        list: vec![(300, 3), (1, 10), (7, 70)],
        ascending: false,
    };
    for t in [sorted, shuffled] {
        assert_eq!(
            [t.get(1), t.get(7), t.get(300)],
            [Some(10), Some(70), Some(3)]
        );
        assert_eq!([t.get(0), t.get(8), t.get(301)], [None; 3]);
    }
}

#[test]
fn meminfo_with_and_without_mem_available() {
    let text = "MemTotal:       16000000 kB\nMemFree:         1000000 kB\n\
                MemAvailable:   12000000 kB\nBuffers:          200000 kB\n\
                Cached:          3000000 kB\n";
    assert_eq!(parse_meminfo(text), (12_000_000 << 10, 16_000_000 << 10));
    let old = text.replace("MemAvailable:   12000000 kB\n", "");
    assert_eq!(parse_meminfo(&old), (4_200_000 << 10, 16_000_000 << 10));
    assert_eq!(parse_meminfo(""), (0, 0));
}

/// A fake `/sys/class` under the temp dir, removed at the end.
struct FakeSys(PathBuf);

impl FakeSys {
    fn new(tag: &str) -> FakeSys {
        let root =
            std::env::temp_dir().join(format!("zenbench-procfs-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        FakeSys(root)
    }

    fn file(&self, rel: &str, text: &str) {
        let path = self.0.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

impl Drop for FakeSys {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn hwmon_cpu_sensors_are_found_and_read() {
    let sys = FakeSys::new("hwmon");
    sys.file("hwmon/hwmon0/name", "nvme\n");
    sys.file("hwmon/hwmon0/temp1_input", "41850\n");
    sys.file("hwmon/hwmon0/temp1_label", "Composite\n");
    sys.file("hwmon/hwmon1/name", "coretemp\n");
    sys.file("hwmon/hwmon1/temp1_input", "55000\n");
    sys.file("hwmon/hwmon1/temp1_label", "Package id 0\n");
    sys.file("hwmon/hwmon1/temp2_input", "61500\n");
    sys.file("hwmon/hwmon1/temp2_label", "Core 0\n");
    sys.file("hwmon/hwmon2/name", "k10temp\n");
    sys.file("hwmon/hwmon2/temp3_input", "47000\n");
    // A thermal zone is not read when hwmon has temperatures.
    sys.file("thermal/thermal_zone0/type", "x86_pkg_temp\n");
    sys.file("thermal/thermal_zone0/temp", "99000\n");
    let sensors = cpu_sensors(&sys.0);
    let mut labels: Vec<&str> = sensors.iter().map(|s| s.label.as_str()).collect();
    labels.sort();
    assert_eq!(
        labels,
        ["coretemp Core 0", "coretemp Package id 0", "k10temp temp3"]
    );
    let mut buf = String::new();
    let hottest = sensors
        .iter()
        .filter_map(|s| read_millidegrees(&s.input, &mut buf))
        .reduce(f32::max);
    assert_eq!(hottest, Some(61.5));
}

#[test]
fn thermal_zones_stand_in_without_hwmon() {
    let sys = FakeSys::new("thermal");
    sys.file("thermal/thermal_zone0/type", "cpu-thermal\n");
    sys.file("thermal/thermal_zone0/temp", "48312\n");
    sys.file("thermal/thermal_zone1/type", "acpitz\n");
    sys.file("thermal/thermal_zone1/temp", "27800\n");
    let labels: Vec<String> = cpu_sensors(&sys.0).into_iter().map(|s| s.label).collect();
    assert_eq!(labels, ["cpu-thermal"]);
    assert!(cpu_sensors(&sys.0.join("missing")).is_empty());
}

#[test]
fn two_readings_give_usage_within_bounds() {
    let mut probe = Probe::new();
    let mut r = Readings::default();
    probe.read(&mut r);
    assert_eq!(
        (r.cpu_pct, r.own_cpu_pct, &r.busiest_process),
        (None, None, &None)
    );
    assert!(r.total_memory > 0 && r.available_memory <= r.total_memory);
    assert!(probe.process_count() >= 1, "sees at least itself");
    // Some work of our own in the window.
    let t = std::time::Instant::now();
    let mut x = 0u64;
    while t.elapsed() < MIN_WINDOW {
        x = std::hint::black_box(x.wrapping_add(1));
    }
    probe.read(&mut r);
    let cpu = r.cpu_pct.expect("a full window");
    let own = r.own_cpu_pct.expect("a full window");
    assert!((0.0..=100.0).contains(&cpu), "{cpu}");
    assert!((0.0..=100.0).contains(&own), "{own}");
    if let Some(p) = &r.busiest_process {
        assert_ne!(p.pid, std::process::id());
        assert!(p.cpu_pct >= 0.0);
    }
}

/// A benchmark's own threads are never the busiest foreign process,
/// nor listed at all: two threads of this process spin through the
/// window of the second reading.
#[test]
fn own_threads_are_not_foreign_load() {
    let mut probe = Probe::new();
    let mut r = Readings::default();
    probe.read(&mut r);
    let spin = || {
        let t = std::time::Instant::now();
        let mut x = 0u64;
        while t.elapsed() < 2 * MIN_WINDOW {
            x = std::hint::black_box(x.wrapping_add(1));
        }
    };
    let own = std::process::id();
    std::thread::scope(|s| {
        s.spawn(spin);
        s.spawn(spin);
        std::thread::sleep(MIN_WINDOW + std::time::Duration::from_millis(20));
        probe.read(&mut r);
        let threads: Vec<u32> = std::fs::read_dir("/proc/self/task")
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .filter(|&tid| tid != own)
            .collect();
        assert!(threads.len() >= 2, "{threads:?}");
        for (pid, _) in &probe.last_ticks.list {
            assert!(!threads.contains(pid), "thread {pid} listed as a process");
        }
    });
    if let Some(p) = &r.busiest_process {
        assert_ne!(p.pid, own, "{p:?}");
    }
}

/// A worker child counted as the run's own is not load either: a
/// spinning child process is, until it is registered.
#[test]
fn a_registered_worker_child_is_not_foreign_load() {
    let mut child = std::process::Command::new("sh")
        .args(["-c", "while :; do :; done"])
        .spawn()
        .unwrap();
    let pid = child.id();
    let window = || std::thread::sleep(MIN_WINDOW + std::time::Duration::from_millis(40));
    let mut probe = Probe::new();
    let mut r = Readings::default();
    probe.read(&mut r);
    window();
    probe.read(&mut r);
    let before = r.busiest_process.as_ref().map(|p| p.pid);
    super::super::count_as_own(pid);
    window();
    probe.read(&mut r);
    let after = r.busiest_process.as_ref().map(|p| p.pid);
    let own = r.own_cpu_pct.unwrap();
    let _ = child.kill();
    let _ = child.wait();
    // Unless something else on the machine spun harder, the child was
    // the busiest process before, and is not after.
    if before == Some(pid) {
        assert_ne!(after, Some(pid));
    }
    assert_ne!(
        after,
        Some(pid),
        "a registered child is never the busiest process"
    );
    assert!(own > 10.0, "its CPU counts as the run's own: {own}%");
}

/// The sysinfo probe (used off Linux) and this one see the same machine.
#[test]
fn agrees_with_the_sysinfo_probe() {
    use crate::measure::gate::sysinfo_probe;
    assert_eq!(MIN_WINDOW, sysinfo_probe::MIN_WINDOW);
    let (mut ours, mut theirs) = (Probe::new(), sysinfo_probe::Probe::new());
    let (mut a, mut b) = (Readings::default(), Readings::default());
    for _ in 0..2 {
        ours.read(&mut a);
        theirs.read(&mut b);
        std::thread::sleep(MIN_WINDOW);
    }
    assert_eq!(a.total_memory, b.total_memory);
    let gib = 1 << 30;
    assert!(
        a.available_memory.abs_diff(b.available_memory) < gib,
        "{a:?} {b:?}"
    );
    assert_eq!(
        a.cpu_temp_c.is_some(),
        b.cpu_temp_c.is_some(),
        "{a:?} {b:?}"
    );
    if let (Some(x), Some(y)) = (a.cpu_temp_c, b.cpu_temp_c) {
        assert!((x - y).abs() < 10.0, "{x} {y}");
    }
    assert!(a.cpu_pct.is_some() && b.cpu_pct.is_some());
    let (n, m) = (ours.process_count(), theirs.process_count());
    assert!(
        n.abs_diff(m) <= n / 10 + 5,
        "{n} processes here, {m} by sysinfo"
    );
}
