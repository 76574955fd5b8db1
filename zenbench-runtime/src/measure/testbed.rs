//! Facts about the run: machine fingerprint, git revision, time stamps.

use crate::model::result::Testbed;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Fingerprint of this machine (CPU model, cores, OS, arch).
pub(crate) fn testbed() -> Testbed {
    let logical = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let mut cpu_model = None;
    for l in cpuinfo.lines() {
        if l.starts_with("model name") || l.starts_with("Model") || l.starts_with("Hardware") {
            cpu_model = l.split_once(':').map(|(_, v)| v.trim().to_string());
            break;
        }
    }
    let cpu_model = cpu_model.unwrap_or_else(|| "unknown".to_string());
    let physical = physical_cores(&cpuinfo).unwrap_or(logical);
    let mut testbed = Testbed {
        cpu_model,
        arch: std::env::consts::ARCH.to_string(),
        os: os_name(),
        logical_cores: logical,
        physical_cores: physical.min(logical).max(1),
        l1d_bytes: cache_bytes(1),
        l2_bytes: cache_bytes(2),
        l3_bytes: cache_bytes(3),
        rustc: rustc_of_this_binary(),
        id: String::new(),
    };
    testbed.id = testbed.fingerprint();
    testbed
}

/// The `rustc version 1.89.0 (…)` note rustc leaves in the binaries it
/// links (ELF's `.comment` section), as `rustc 1.89.0 (…)`: the compiler
/// that built this bench, not whichever is on `PATH` now. `None` where the
/// binary format keeps no such note.
fn rustc_of_this_binary() -> Option<String> {
    rustc_of(&std::env::current_exe().ok()?)
}

/// The compiler that built the program `exe`, from its note (see
/// [`rustc_of_this_binary`]): self-compare's result names the benches'
/// compiler, not the tool's.
pub(crate) fn rustc_of(exe: &Path) -> Option<String> {
    rustc_note(&std::fs::read(exe).ok()?)
}

/// The last NUL-terminated `rustc version 1.…` in `bytes`: `.comment`
/// follows the data sections in an ELF file, so a string constant that
/// happens to hold those words (this function's own) comes earlier.
fn rustc_note(bytes: &[u8]) -> Option<String> {
    const NOTE: &[u8] = b"rustc version ";
    let mut found = None;
    let mut at = 0;
    while at + NOTE.len() <= bytes.len() {
        if &bytes[at..at + NOTE.len()] != NOTE {
            at += 1;
            continue;
        }
        at += NOTE.len();
        let rest = &bytes[at..];
        let limit = rest.len().min(120);
        let mut len = 0;
        while len < limit && rest[len] != 0 {
            len += 1;
        }
        if len == limit {
            continue;
        }
        let Ok(v) = std::str::from_utf8(&rest[..len]) else {
            continue;
        };
        if v.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            // Debug info's producer string wraps the note in one more
            // parenthesis (`clang LLVM (rustc version 1.95.0 (…))`):
            // the version ends at its own closing one.
            let v = match v.find(')') {
                Some(end) => &v[..=end],
                None => v,
            };
            found = Some(format!("rustc {}", v.trim()));
        }
    }
    found
}

/// Physical cores of this machine (distinct core ids in `/proc/cpuinfo`),
/// when the OS tells.
pub(crate) fn physical_core_count() -> Option<usize> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    physical_cores(&cpuinfo)
}

/// Size of CPU 0's data or unified cache of `level` in bytes, from Linux sysfs.
pub(crate) fn cache_bytes(level: u32) -> Option<u64> {
    let dir = std::path::Path::new("/sys/devices/system/cpu/cpu0/cache");
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let read = |f: &str| {
            std::fs::read_to_string(e.path().join(f))
                .ok()
                .map(|s| s.trim().to_string())
        };
        let Some(lvl) = read("level").and_then(|l| l.parse::<u32>().ok()) else {
            continue;
        };
        if lvl != level || read("type").as_deref() == Some("Instruction") {
            continue;
        }
        if let Some(size) = read("size").as_deref().and_then(parse_size) {
            return Some(size);
        }
    }
    None
}

/// Parses sysfs cache sizes: `512K`, `2M`, `1048576`.
fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (digits, mult) = match s.chars().last()? {
        'K' | 'k' => (&s[..s.len() - 1], 1 << 10),
        'M' | 'm' => (&s[..s.len() - 1], 1 << 20),
        'G' | 'g' => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .map(|n| n * mult)
        .filter(|&n| n > 0)
}

/// Distinct (physical id, core id) pairs in /proc/cpuinfo.
fn physical_cores(cpuinfo: &str) -> Option<usize> {
    // A short list: a linear scan finds the pairs already seen.
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    let (mut phys, mut core) = (None, None);
    let mut lines = cpuinfo.lines();
    loop {
        // The end of the text closes the last processor's block too.
        let line = lines.next();
        if line.is_none_or(|l| l.trim().is_empty()) {
            if let (Some(p), Some(c)) = (phys.take(), core.take()) {
                if !pairs.contains(&(p, c)) {
                    pairs.push((p, c));
                }
            }
            match line {
                Some(_) => continue,
                None => break,
            }
        }
        if let Some((k, v)) = line.and_then(|l| l.split_once(':')) {
            match k.trim() {
                "physical id" => phys = Some(v.trim()),
                "core id" => core = Some(v.trim()),
                _ => {}
            }
        }
    }
    (!pairs.is_empty()).then_some(pairs.len())
}

fn os_name() -> String {
    let text = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let mut pretty = None;
    for l in text.lines() {
        if let Some(v) = l.strip_prefix("PRETTY_NAME=") {
            pretty = Some(v.trim_matches('"'));
            break;
        }
    }
    match pretty {
        Some(p) => format!("{} ({p})", std::env::consts::OS),
        None => std::env::consts::OS.to_string(),
    }
}

/// `git rev-parse HEAD` in the current directory, if git and a repo are there.
pub(crate) fn git_hash() -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let h = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !h.is_empty()).then_some(h)
}

/// Whether tracked files differ from `HEAD` (`git status --porcelain
/// --untracked-files=no` prints anything), if git and a repo are there.
pub(crate) fn git_dirty() -> Option<bool> {
    let out = std::process::Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(!out.stdout.is_empty())
}

/// This program's name: the executable's file stem without the
/// `-<16 hex digits>` suffix cargo gives bench and test binaries.
pub(crate) fn program_name() -> String {
    let exe = std::env::current_exe()
        .ok()
        .or_else(|| std::env::args_os().next().map(PathBuf::from));
    let stem = exe
        .as_deref()
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "unknown".to_string());
    strip_cargo_hash(&stem).to_string()
}

fn strip_cargo_hash(stem: &str) -> &str {
    match stem.rsplit_once('-') {
        Some((name, hash))
            if !name.is_empty()
                && hash.len() == 16
                && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            name
        }
        _ => stem,
    }
}

/// A unique id for a run started `secs` after the Unix epoch.
pub(crate) fn run_id(secs: u64) -> String {
    format!("{secs:x}-{:016x}", fastrand::u64(..))
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> (u64, u32) {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_secs(), d.subsec_millis())
}

/// RFC 3339 UTC time stamp for `secs` since the epoch.
pub(crate) fn rfc3339(secs: u64, millis: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_matches_known_instants() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00.000Z");
        // 2000-02-29T12:34:56Z, a leap day (checked with `date -u -d @951827696`).
        assert_eq!(rfc3339(951_827_696, 7), "2000-02-29T12:34:56.007Z");
        // 2026-11-23T18:00:00Z
        assert_eq!(rfc3339(1_795_456_800, 0), "2026-11-23T18:00:00.000Z");
    }

    #[test]
    fn cargo_hash_suffix_is_stripped() {
        assert_eq!(
            strip_cargo_hash("fixture_suite-0123456789abcdef"),
            "fixture_suite"
        );
        assert_eq!(strip_cargo_hash("my-bench"), "my-bench");
        assert_eq!(strip_cargo_hash("-0123456789abcdef"), "-0123456789abcdef");
    }

    #[test]
    fn sysfs_sizes_parse() {
        assert_eq!(parse_size("512K"), Some(512 * 1024));
        assert_eq!(parse_size("2M\n"), Some(2 << 20));
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("0K"), None);
        assert_eq!(parse_size("lots"), None);
    }

    #[test]
    fn physical_cores_counts_distinct_core_ids() {
        let info = "processor : 0\nphysical id : 0\ncore id : 0\n\nprocessor : 1\nphysical id : 0\ncore id : 0\n\nprocessor : 2\nphysical id : 0\ncore id : 1\n";
        assert_eq!(physical_cores(info), Some(2));
        assert_eq!(physical_cores("processor : 0\n"), None);
    }

    #[test]
    fn the_rustc_note_is_read_up_to_its_nul() {
        let bytes = b"\x7fELF junk\0rustc version 1.89.0 (29483883e 2025-08-04)\0Linker: LLD";
        assert_eq!(
            rustc_note(bytes).as_deref(),
            Some("rustc 1.89.0 (29483883e 2025-08-04)")
        );
        assert_eq!(rustc_note(b"no note here"), None);
        let two = b"rustc version \x01\x02 data\0rustc version 1.90.0 (x)\0";
        assert_eq!(rustc_note(two).as_deref(), Some("rustc 1.90.0 (x)"));
        assert_eq!(rustc_note(b"rustc version 1.0 unterminated"), None);
        let producer = b"clang LLVM (rustc version 1.95.0 (59807616e 2026-04-14))\0";
        assert_eq!(
            rustc_note(producer).as_deref(),
            Some("rustc 1.95.0 (59807616e 2026-04-14)")
        );
    }

    #[test]
    fn testbed_is_plausible() {
        let t = testbed();
        assert!(
            t.logical_cores >= 1 && t.physical_cores >= 1 && t.physical_cores <= t.logical_cores
        );
        assert_eq!(t.arch, std::env::consts::ARCH);
        assert_eq!(t.id, t.fingerprint());
        #[cfg(target_os = "linux")]
        assert!(
            t.rustc
                .as_deref()
                .is_some_and(|r| r.starts_with("rustc 1.")),
            "this test binary records its compiler: {:?}",
            t.rustc
        );
    }
}
