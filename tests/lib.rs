//! Helpers for the end-to-end tests: run a fixture bench program and read
//! what it printed.

use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard};

/// Workload whose cost is linear in `n`: a dependent multiply-rotate chain
/// the optimiser cannot shorten.
#[inline(never)]
pub fn work(n: u64) -> u64 {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..n {
        x = std::hint::black_box(x.rotate_left(5) ^ i).wrapping_mul(0x2545_f491_4f6c_dd1d);
    }
    x
}

/// A fresh, empty folder for one test under the temporary folder:
/// `zb-PREFIX-TAG-PID`, emptied first if an earlier run left it.
pub fn temp_dir(prefix: &str, tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("zb-{prefix}-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A state folder of its own for the programs a test runs
/// (`ZENBENCH_HOME`), made by [`temp_dir`] and removed at the end.
pub struct Home {
    pub dir: std::path::PathBuf,
}

impl Home {
    pub fn new(prefix: &str, tag: &str) -> Home {
        Home {
            dir: temp_dir(prefix, tag),
        }
    }

    /// The folder, as the value of `ZENBENCH_HOME`.
    pub fn var(&self) -> String {
        self.dir.to_str().unwrap().to_owned()
    }

    /// A file under the folder.
    pub fn path(&self, name: &str) -> String {
        self.dir.join(name).to_str().unwrap().to_owned()
    }

    /// The file of the saved baseline `name`.
    pub fn baseline(&self, name: &str) -> std::path::PathBuf {
        self.dir.join("baselines").join(format!("{name}.json"))
    }

    /// Every file under the folder, relative, sorted.
    pub fn files(&self) -> Vec<String> {
        fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, base, out);
                } else {
                    out.push(p.strip_prefix(base).unwrap().display().to_string());
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.dir, &self.dir, &mut out);
        out.sort();
        out
    }

    /// Runs `exe` with this home and `env`.
    pub fn run(&self, exe: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
        let home = self.var();
        let mut vars = vec![("ZENBENCH_HOME", home.as_str())];
        vars.extend_from_slice(env);
        run_env(exe, args, &vars)
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The finished run of a fixture.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Parses stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs a fixture binary (path from `CARGO_BIN_EXE_*`) with `args`, in a
/// clean environment (no `ZENBENCH_*` from the caller, no colour).
pub fn run(exe: &str, args: &[&str]) -> Run {
    run_env(exe, args, &[])
}

/// A fixture's command in a clean environment: no `ZENBENCH_*` from the
/// caller, no colour, no resource gate, then `env`.
pub fn command(exe: &str, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(exe);
    cmd.args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("ZENBENCH_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("NO_COLOR", "1");
    // Measuring tests must not wait on a busy machine: the gate is tested
    // in the library; here it would only make run times unpredictable.
    cmd.env("ZENBENCH_NO_GATE", "1");
    // Nor append to the repository's own history; the history tests turn
    // it back on in a folder of their own.
    cmd.env("ZENBENCH_NO_HISTORY", "1");
    // Nor add its reports to a CI job's summary.
    cmd.env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// Like [`run`], with extra environment variables.
pub fn run_env(exe: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = command(exe, args, env);
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("fixture runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Like [`run`], but kills the program after `limit` and panics: for
/// behaviour whose failure mode is a hang.
pub fn run_within(exe: &str, args: &[&str], limit: std::time::Duration) -> Run {
    let mut child = command(exe, args, &[])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("fixture runs");
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().expect("fixture state").is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{exe} {args:?} ran past {limit:?}: it hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("fixture output");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Measures: runs `exe --bench --format json --max-time SECS ARGS...`,
/// asserts it exits 0, and returns its JSON.
pub fn measure_json(exe: &str, max_time: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--bench", "--format", "json", "--max-time", max_time];
    all.extend_from_slice(args);
    let r = run(exe, &all);
    assert_eq!(r.code, 0, "{all:?}: {}", r.stderr);
    r.json()
}

/// Serialises measuring tests: the machine has few cores, and two
/// measurements at once disturb each other.
pub fn measuring() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

/// The report's groups.
pub fn groups(v: &serde_json::Value) -> &Vec<serde_json::Value> {
    v["groups"].as_array().expect("groups")
}

/// The names of the report's groups, in order.
pub fn group_names(v: &serde_json::Value) -> Vec<String> {
    groups(v)
        .iter()
        .map(|g| g["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The group named `name`; panics naming the groups there are.
pub fn group<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    groups(v)
        .iter()
        .find(|g| g["name"] == name)
        .unwrap_or_else(|| panic!("no group {name} in {:?}", group_names(v)))
}

/// A group's row names, in order.
pub fn rows(g: &serde_json::Value) -> Vec<String> {
    g["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Every bench's full name, in report order.
pub fn full_names(v: &serde_json::Value) -> Vec<String> {
    groups(v)
        .iter()
        .flat_map(|g| g["benchmarks"].as_array().unwrap())
        .map(|b| b["full_name"].as_str().unwrap().to_owned())
        .collect()
}

/// The names `--list` printed.
pub fn listed(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": benchmark"))
        .map(str::to_string)
        .collect()
}
