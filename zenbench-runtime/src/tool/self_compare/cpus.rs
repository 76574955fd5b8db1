//! The two CPUs `--duet` pins its workers to: of the CPUs this process may
//! run on, the last two on different physical cores (an SMT sibling shares
//! its core's pipeline, so the two builds would slow each other unevenly),
//! or the last two at all. Linux only: the workers are started under
//! `taskset -c CPU` (util-linux), which needs no code of ours that could
//! go wrong with raw system calls.

/// Where duet's workers run: pinned to two CPUs, or not pinned, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Placement {
    Pinned([usize; 2]),
    Unpinned(String),
}

/// This machine's placement for duet.
pub(super) fn placement() -> Placement {
    if !cfg!(target_os = "linux") {
        return Placement::Unpinned("CPU pinning is implemented for Linux only".to_owned());
    }
    let allowed = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| allowed_cpus(&s));
    let Some(allowed) = allowed else {
        return Placement::Unpinned("this process's CPUs could not be read".to_owned());
    };
    let Some(pair) = pick_two(&allowed, &core_of) else {
        return Placement::Unpinned(format!(
            "this process may run on {} CPU only",
            allowed.len()
        ));
    };
    let taskset = std::process::Command::new("taskset")
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match taskset {
        Ok(s) if s.success() => Placement::Pinned(pair),
        _ => Placement::Unpinned("`taskset` (util-linux) was not found".to_owned()),
    }
}

/// The program and arguments that start `exe` pinned to `cpu`.
pub(super) fn pinned(
    exe: &std::path::Path,
    cpu: usize,
) -> (std::path::PathBuf, Vec<std::ffi::OsString>) {
    let args = vec!["-c".into(), cpu.to_string().into(), exe.into()];
    ("taskset".into(), args)
}

/// The CPUs of `Cpus_allowed_list` in `/proc/self/status`.
fn allowed_cpus(status: &str) -> Option<Vec<usize>> {
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))?;
    parse_cpu_list(line)
}

/// A kernel CPU list (`0-3,8,10-11`), in increasing order.
fn parse_cpu_list(list: &str) -> Option<Vec<usize>> {
    let mut cpus = Vec::new();
    for part in list.trim().split(',').filter(|p| !p.is_empty()) {
        let (lo, hi): (usize, usize) = match part.split_once('-') {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let one = part.trim().parse().ok()?;
                (one, one)
            }
        };
        if lo > hi || hi - lo > 1 << 16 {
            return None;
        }
        cpus.extend(lo..=hi);
    }
    cpus.sort_unstable();
    cpus.dedup();
    (!cpus.is_empty()).then_some(cpus)
}

/// CPU `cpu`'s physical core: (package, core id) from sysfs.
fn core_of(cpu: usize) -> Option<(u32, u32)> {
    let read = |f: &str| {
        let path = format!("/sys/devices/system/cpu/cpu{cpu}/topology/{f}");
        std::fs::read_to_string(path).ok()?.trim().parse().ok()
    };
    Some((read("physical_package_id")?, read("core_id")?))
}

/// The last CPU of `cpus`, and the last one on another physical core than
/// it (`core_of`), or else the one before it; `None` below two CPUs.
fn pick_two(cpus: &[usize], core_of: &dyn Fn(usize) -> Option<(u32, u32)>) -> Option<[usize; 2]> {
    let (&a, rest) = cpus.split_last()?;
    let b = match core_of(a) {
        Some(core) => rest
            .iter()
            .rev()
            .find(|&&c| core_of(c).is_some_and(|other| other != core)),
        None => None,
    };
    Some([a, *b.or(rest.last())?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_lists_read_as_the_kernel_writes_them() {
        assert_eq!(parse_cpu_list("0-1\n"), Some(vec![0, 1]));
        assert_eq!(
            parse_cpu_list("0-2,8,10-11"),
            Some(vec![0, 1, 2, 8, 10, 11])
        );
        assert_eq!(parse_cpu_list("5"), Some(vec![5]));
        assert_eq!(parse_cpu_list(""), None);
        assert_eq!(parse_cpu_list("3-1"), None);
        assert_eq!(parse_cpu_list("a-b"), None);
        let status = "Name:\tx\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n";
        assert_eq!(allowed_cpus(status), Some(vec![0, 1]));
        assert_eq!(allowed_cpus("Name:\tx\n"), None);
    }

    #[test]
    fn two_cpus_on_different_cores_are_preferred_to_smt_siblings() {
        // Four CPUs, two cores, siblings n and n + 2 (as Linux numbers them).
        let smt = |c: usize| Some((0, (c % 2) as u32));
        assert_eq!(pick_two(&[0, 1, 2, 3], &smt), Some([3, 2]));
        // Siblings next to each other: 2 and 3 share a core.
        let paired = |c: usize| Some((0, (c / 2) as u32));
        assert_eq!(pick_two(&[0, 1, 2, 3], &paired), Some([3, 1]));
        // One core with two threads, or no topology: the last two.
        assert_eq!(pick_two(&[4, 5], &|_| Some((0, 0))), Some([5, 4]));
        assert_eq!(pick_two(&[4, 5, 6], &|_| None), Some([6, 5]));
        assert_eq!(pick_two(&[7], &smt), None);
        assert_eq!(pick_two(&[], &smt), None);
    }
}
