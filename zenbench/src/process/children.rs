//! `--<how>-of-processes N`: the bench binary measures in N fresh child
//! processes of itself, one after another, and the parent combines their
//! results.
//!
//! A child is this executable with the parent's arguments and
//! `ZENBENCH_SUBPROCESS=1` (it takes no machine lock, which the parent
//! holds, ignores the process flags, and neither reports, compares nor
//! records: the parent does each once) and `ZENBENCH_RESULT_PATH`, where it
//! writes its result with per-round samples. A child that crashes, is
//! killed, times out or writes no result is reported by its index and how
//! it ended; the others are still combined.

use super::aggregate::aggregate_results;
use crate::define::options::{Options, Repeat};
use crate::result::{ProcessFailure, SuiteResult};
use crate::Error;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where a child writes its result.
pub(crate) const RESULT_PATH_ENV: &str = "ZENBENCH_RESULT_PATH";
/// The parent's pid, for a child's messages.
const PARENT_PID_ENV: &str = "ZENBENCH_PARENT_PID";
/// `--process-timeout`'s default, seconds.
const DEFAULT_TIMEOUT_S: f64 = 3600.0;

/// Runs `repeat.count` children, one at a time, and combines what they
/// measured. `None` when none gave a result; the failures are returned
/// either way.
pub(crate) fn measure_in_children(
    repeat: Repeat,
    opts: &Options,
) -> Result<(Option<SuiteResult>, Vec<ProcessFailure>), Error> {
    let exe = std::env::current_exe().map_err(|e| {
        Error::Config(format!(
            "cannot find this executable to start child processes: {e}"
        ))
    })?;
    let dir = std::env::temp_dir().join(format!("zenbench-children-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let timeout = Duration::from_secs_f64(opts.process_timeout.unwrap_or(DEFAULT_TIMEOUT_S));
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let mut results = Vec::new();
    let mut failures = Vec::new();
    for index in 1..=repeat.count {
        let path = dir.join(format!("child-{index}.json"));
        match run_child(&exe, &args, &path, timeout) {
            Ok(r) => results.push(r),
            Err((status, message)) => failures.push(ProcessFailure {
                index,
                status,
                message,
            }),
        }
        let _ = std::fs::remove_file(&path);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let mut combined = aggregate_results(&results, repeat.how);
    if let Some(r) = combined.as_mut() {
        r.repetition.processes = results.len() as u32;
        r.repetition.pass_aggregation = (r.repetition.passes > 1)
            .then(|| results[0].repetition.aggregation.clone())
            .flatten();
        r.repetition.aggregation = Some(repeat.how.name().to_owned());
        r.repetition.failures = failures.clone();
    }
    Ok((combined, failures))
}

/// One child: its result, or how it ended and its last line on stderr.
fn run_child(
    exe: &Path,
    args: &[std::ffi::OsString],
    result_path: &Path,
    timeout: Duration,
) -> Result<SuiteResult, (String, Option<String>)> {
    let stderr_path = result_path.with_extension("stderr");
    let stderr =
        std::fs::File::create(&stderr_path).map_err(|e| (format!("cannot start: {e}"), None))?;
    let mut child = Command::new(exe)
        .args(args)
        .env("ZENBENCH_SUBPROCESS", "1")
        .env(RESULT_PATH_ENV, result_path)
        .env(PARENT_PID_ENV, std::process::id().to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| (format!("cannot start: {e}"), None))?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!("timed out after {} s", timeout.as_secs_f64()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => break Err(format!("cannot be waited for: {e}")),
        }
    };
    let last_line = std::fs::read_to_string(&stderr_path).ok().and_then(|t| {
        t.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(str::to_owned)
    });
    let _ = std::fs::remove_file(&stderr_path);
    let status = status.map_err(|s| (s, last_line.clone()))?;
    // Exit code 1 (a benchmark failed) still comes with a result.
    if let Some(text) = std::fs::read(result_path).ok().filter(|t| !t.is_empty()) {
        if let Ok(r) = serde_json::from_slice::<SuiteResult>(&text) {
            return Ok(r);
        }
    }
    Err((describe(status, "no result"), last_line))
}

fn describe(status: std::process::ExitStatus, otherwise: &str) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return format!("killed by signal {sig}");
        }
    }
    match status.code() {
        Some(0) => otherwise.to_owned(),
        Some(c) => format!("exit code {c}"),
        None => otherwise.to_owned(),
    }
}
