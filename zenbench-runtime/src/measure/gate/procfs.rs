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
            match self.list.get(i) {
                Some(&(p, t)) if p == pid => Some(t),
                _ => None,
            }
        } else {
            for &(p, t) in &self.list {
                if p == pid {
                    return Some(t);
                }
            }
            None
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
#[path = "procfs_tests.rs"]
mod tests;
