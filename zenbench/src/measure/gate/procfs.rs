//! The gate's readings on Linux, straight from the kernel's files: CPU times
//! from `/proc/stat` and `/proc/<pid>/stat`, memory from `/proc/meminfo`,
//! temperatures from hwmon (`/sys/class/hwmon`, or the thermal zones where
//! there is no hwmon sensor). No dependency, and nothing is kept open between
//! readings.
//!
//! CPU usage is a difference of two readings' counters: the first reading
//! has no usage, only the start of the first window. Process CPU times and
//! the machine's are in the same unit (clock ticks), so their ratio needs no
//! tick rate.
//!
//! Written for a small compile: plain loops, no hash map, no sort (this is
//! compiled in every user's build of a benchmark).

use super::{is_cpu_sensor, ProcessLoad, Readings};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Shortest CPU window worth reading: counters tick every 10 ms (USER_HZ is
/// 100), so 200 ms gives a 5% resolution per core.
pub(super) const MIN_WINDOW: Duration = Duration::from_millis(200);

/// Reads the machine for [`Gate`](super::Gate).
pub(super) struct Probe {
    own_pid: u32,
    /// The machine's CPU counters at the last reading.
    last_cpu: Option<CpuTimes>,
    /// Each process's CPU time (user + system ticks) at the last reading.
    last_ticks: ProcessTicks,
    /// CPU sensors, listed once; empty where there are none.
    sensors: Vec<Sensor>,
    /// Reused for every file read.
    buf: String,
}

/// The `cpu` line of `/proc/stat`, all cores together, in clock ticks.
#[derive(Clone, Copy, Debug, PartialEq)]
struct CpuTimes {
    busy: u64,
    total: u64,
    cores: usize,
}

/// (pid, user + system ticks) of each process, in the order `/proc` lists
/// them: ascending pids (the kernel walks its pid table in order).
#[derive(Default)]
struct ProcessTicks {
    list: Vec<(u32, u64)>,
    /// `false` if the pids did not come in ascending order after all.
    ascending: bool,
}

impl ProcessTicks {
    fn get(&self, pid: u32) -> Option<u64> {
        if self.ascending {
            let i = self.list.partition_point(|&(p, _)| p < pid);
            self.list
                .get(i)
                .filter(|&&(p, _)| p == pid)
                .map(|&(_, t)| t)
        } else {
            self.list.iter().find(|&&(p, _)| p == pid).map(|&(_, t)| t)
        }
    }
}

/// A temperature input (millidegrees Celsius) and its label.
#[derive(Debug, PartialEq)]
struct Sensor {
    label: String,
    input: PathBuf,
}

impl Probe {
    /// Lists the CPU sensors; takes no reading.
    pub(super) fn new() -> Probe {
        Probe {
            own_pid: std::process::id(),
            last_cpu: None,
            last_ticks: ProcessTicks::default(),
            sensors: cpu_sensors(Path::new("/sys/class")),
            buf: String::new(),
        }
    }

    /// Processes seen by the last reading.
    #[cfg(test)]
    pub(super) fn process_count(&self) -> usize {
        self.last_ticks.list.len()
    }

    /// Takes a reading into `r`; what cannot be read is left unknown.
    pub(super) fn read(&mut self, r: &mut Readings) {
        let cpu = read_file(Path::new("/proc/stat"), &mut self.buf).and_then(parse_stat);
        let ticks = self.process_ticks();

        (r.cpu_pct, r.own_cpu_pct, r.busiest_process) = (None, None, None);
        // Usage over the window since the last reading; none on the first.
        if let (Some(old), Some(new)) = (self.last_cpu, cpu) {
            if new.total > old.total {
                let all_ticks = (new.total - old.total) as f64;
                let busy = new.busy.saturating_sub(old.busy) as f64;
                r.cpu_pct = Some((100.0 * busy / all_ticks).clamp(0.0, 100.0) as f32);
                // The busiest other process, and our own ticks.
                let (mut own, mut busiest) = (0, None::<(u32, u64)>);
                for &(pid, now) in &ticks.list {
                    let Some(before) = self.last_ticks.get(pid) else {
                        continue; // new since the last reading
                    };
                    let d = now.saturating_sub(before);
                    if pid == self.own_pid || super::is_own_child(pid) {
                        own += d;
                    } else if busiest.is_none_or(|(_, most)| d > most) {
                        busiest = Some((pid, d));
                    }
                }
                r.own_cpu_pct = Some((100.0 * own as f64 / all_ticks).clamp(0.0, 100.0) as f32);
                let core_ticks = all_ticks / new.cores as f64;
                r.busiest_process = busiest.map(|(pid, d)| ProcessLoad {
                    pid,
                    // Read again for the one process whose name is shown.
                    name: match read_file(Path::new(&format!("/proc/{pid}/stat")), &mut self.buf)
                        .and_then(parse_pid_stat)
                    {
                        Some((name, _)) => name.to_string(),
                        None => "?".to_string(),
                    },
                    cpu_pct: (100.0 * d as f64 / core_ticks) as f32,
                });
            }
        }
        if cpu.is_some() {
            self.last_cpu = cpu;
            self.last_ticks = ticks;
        }

        let (available, total) = match read_file(Path::new("/proc/meminfo"), &mut self.buf) {
            Some(text) => parse_meminfo(text),
            None => (0, 0),
        };
        r.available_memory = available;
        r.total_memory = total;

        let mut hottest = None::<f32>;
        for s in &self.sensors {
            if let Some(t) = read_millidegrees(&s.input, &mut self.buf) {
                hottest = Some(hottest.map_or(t, |h| h.max(t)));
            }
        }
        r.cpu_temp_c = hottest;
    }

    /// Each process's CPU time now. `/proc` lists processes, not their
    /// threads; a process's times cover all its threads.
    fn process_ticks(&mut self) -> ProcessTicks {
        let mut ticks = ProcessTicks {
            list: Vec::with_capacity(self.last_ticks.list.len() + 16),
            ascending: true,
        };
        let Ok(dir) = fs::read_dir("/proc") else {
            return ticks;
        };
        for entry in dir.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            let stat =
                read_file(&entry.path().join("stat"), &mut self.buf).and_then(parse_pid_stat);
            if let Some((_, t)) = stat {
                if ticks.list.last().is_some_and(|&(last, _)| last >= pid) {
                    ticks.ascending = false;
                }
                ticks.list.push((pid, t));
            }
        }
        ticks
    }
}

/// Reads the whole file into `buf` and returns it; `None` when it cannot be
/// read.
fn read_file<'b>(path: &Path, buf: &'b mut String) -> Option<&'b str> {
    buf.clear();
    fs::File::open(path)
        .and_then(|mut f| f.read_to_string(buf))
        .ok()?;
    Some(buf)
}

/// The machine's CPU times from `/proc/stat`: the `cpu` line (user nice system
/// idle iowait irq softirq steal; guest time is already in user and nice) and
/// the number of `cpuN` lines.
fn parse_stat(text: &str) -> Option<CpuTimes> {
    let mut lines = text.lines();
    let first = lines.next()?.strip_prefix("cpu ")?;
    let mut f = [0u64; 8];
    let mut n = 0;
    for (slot, v) in f.iter_mut().zip(first.split_ascii_whitespace()) {
        *slot = v.parse().ok()?;
        n += 1;
    }
    if n < 4 {
        return None;
    }
    let total: u64 = f.iter().sum();
    let idle = f[3] + f[4];
    let mut cores = 0;
    for line in lines {
        match line.as_bytes() {
            [b'c', b'p', b'u', d, ..] if d.is_ascii_digit() => cores += 1,
            _ => break,
        }
    }
    Some(CpuTimes {
        busy: total.saturating_sub(idle),
        total,
        cores: cores.max(1),
    })
}

/// The name (`comm`) and CPU time (utime + stime, ticks) from a
/// `/proc/<pid>/stat`. The name is in parentheses and may itself contain
/// spaces and parentheses, so the fields are counted from the last `)`.
fn parse_pid_stat(text: &str) -> Option<(&str, u64)> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let name = text.get(open + 1..close)?;
    // After the name: state(3) ppid(4) ... utime(14) stime(15).
    let mut rest = text.get(close + 1..)?.split_ascii_whitespace().skip(11);
    let utime: u64 = rest.next()?.parse().ok()?;
    let stime: u64 = rest.next()?.parse().ok()?;
    Some((name, utime + stime))
}

/// (available, total) memory in bytes from `/proc/meminfo`. Kernels before
/// 3.14 have no `MemAvailable`: free + buffers + page cache stands in.
fn parse_meminfo(text: &str) -> (u64, u64) {
    let (mut total, mut available, mut free, mut buffers, mut cached) = (0, None, 0, 0, 0);
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        // "  16000000 kB"
        let kib = value
            .split_ascii_whitespace()
            .next()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        match key {
            "MemTotal" => total = kib,
            "MemAvailable" => available = Some(kib),
            "MemFree" => free = kib,
            "Buffers" => buffers = kib,
            "Cached" => cached = kib,
            _ => {}
        }
    }
    let available = available.unwrap_or(free + buffers + cached).min(total);
    (available << 10, total << 10)
}

/// A sysfs temperature (millidegrees Celsius) in °C; `None` when unreadable
/// (or below 0 °C, which is never too hot).
fn read_millidegrees(path: &Path, buf: &mut String) -> Option<f32> {
    let milli: u64 = read_file(path, buf)?.trim().parse().ok()?;
    Some(milli as f32 / 1000.0)
}

/// The CPU temperature sensors under `sys_class` (`/sys/class`). Each hwmon
/// device's `tempN_input` is labelled "`name` `tempN_label`" (or "`name`
/// tempN" without a label), as in `coretemp Package id 0` or `k10temp Tctl`;
/// thermal zones, read only where no hwmon device has a temperature (boards
/// such as the Raspberry Pi), are labelled by their `type` (`cpu-thermal`,
/// `x86_pkg_temp`). Only those [`is_cpu_sensor`] accepts are kept, in no
/// particular order.
fn cpu_sensors(sys_class: &Path) -> Vec<Sensor> {
    let mut sensors = Vec::new();
    let mut any_hwmon = false;
    for dir in entries(&sys_class.join("hwmon"), "hwmon") {
        let Some(name) = first_line(&dir.join("name")) else {
            continue;
        };
        for input in entries(&dir, "temp") {
            let file = input.file_name().and_then(|f| f.to_str()).unwrap_or("");
            let Some(n) = file
                .strip_prefix("temp")
                .and_then(|f| f.strip_suffix("_input"))
            else {
                continue;
            };
            any_hwmon = true;
            let label = match first_line(&dir.join(format!("temp{n}_label"))) {
                Some(label) => format!("{name} {label}"),
                None => format!("{name} temp{n}"),
            };
            if is_cpu_sensor(&label) {
                sensors.push(Sensor { label, input });
            }
        }
    }
    if !any_hwmon {
        for dir in entries(&sys_class.join("thermal"), "thermal_zone") {
            let input = dir.join("temp");
            if let (Some(label), true) = (first_line(&dir.join("type")), input.exists()) {
                if is_cpu_sensor(&label) {
                    sensors.push(Sensor { label, input });
                }
            }
        }
    }
    sensors
}

/// The first line of a sysfs file, trimmed; `None` when unreadable or blank.
fn first_line(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_string())
}

/// The paths in `dir` whose names start with `prefix`.
fn entries(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let Ok(list) = fs::read_dir(dir) else {
        return paths;
    };
    for entry in list.flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(prefix))
        {
            paths.push(entry.path());
        }
    }
    paths
}

#[cfg(test)]
mod tests {
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
}
