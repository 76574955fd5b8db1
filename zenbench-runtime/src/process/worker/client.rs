//! The driver's end of the worker protocol: [`WorkerClient`] starts a
//! worker and takes its samples (self-compare's executor, `pair.rs`,
//! drives two or four of them).

use super::{parse_reply, Hello, Reply, Request, PROTOCOL, WORKER_ENV};
use crate::engine::mailbox::{channel, Receiver};
use crate::engine::{SampleReply, SampleRequest};
use crate::model::json::to_compact;
use crate::model::result::TimerInfo;
use std::io::{BufRead, Write};

/// The driver's end of a worker: a bench binary started with
/// `ZENBENCH_WORKER=1`, its hello read and its protocol checked. Its lines
/// are read by a thread of their own, so a worker that hangs is noticed:
/// past the deadline it is killed and every call fails.
pub(crate) struct WorkerClient {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    lines: Receiver<String>,
    deadline: std::time::Instant,
    /// With [`WorkerStderr::Forward`]: the last line the worker wrote on
    /// stderr, and a channel that closes once its stderr is read to the end.
    stderr_tail: Option<(StderrTail, Receiver<()>)>,
    pub hello: Hello,
}

/// What a worker wrote on stderr: its first non-blank line since the last
/// [`WorkerClient::mark_stderr`], and its last one.
#[derive(Default)]
struct Tail {
    first_since_mark: Option<String>,
    last: Option<String>,
}

type StderrTail = std::sync::Arc<std::sync::Mutex<Tail>>;

/// Where a worker's stderr goes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum WorkerStderr<'a> {
    /// This process's stderr, as it is.
    Inherit,
    /// A file (the caller reads its last line when the worker failed).
    File(&'a std::path::Path),
    /// Copied line by line to this process's stderr, with the line that
    /// tells how it crashed kept for [`WorkerClient::crash_line`].
    Forward,
}

/// `now + limit`, or a moment far ahead when that is past what an
/// `Instant` holds (`--process-timeout 1e300`).
pub(crate) fn deadline_after(limit: std::time::Duration) -> std::time::Instant {
    let now = std::time::Instant::now();
    now.checked_add(limit)
        .or_else(|| now.checked_add(std::time::Duration::from_secs(100 * 365 * 86_400)))
        .unwrap_or(now)
}

/// This very binary as a worker: its path, its folder, its own arguments
/// (they shape the options a sample reads, like `--cache-mode`), and this
/// process's calibrated clock and loop overhead, handed on so a worker
/// starts in milliseconds (see [`CLOCK_ENV`](super::CLOCK_ENV)). Complexity
/// rungs and instruction counts start their workers from it.
pub(crate) struct ThisBinary {
    pub exe: std::path::PathBuf,
    pub dir: std::path::PathBuf,
    pub args: Vec<std::ffi::OsString>,
    pub clock: String,
}

impl ThisBinary {
    /// This process's binary, with a clock of `timer`'s kind.
    pub(crate) fn new(timer: crate::measure::timer::TimerChoice) -> Result<ThisBinary, String> {
        use crate::measure::timer::{measure_loop_overhead, Timer};
        let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
        let dir =
            std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
        let timer = Timer::from_choice(timer)?;
        Ok(ThisBinary {
            exe,
            dir,
            args: std::env::args_os().skip(1).collect(),
            clock: timer.handoff(&measure_loop_overhead(timer)),
        })
    }

    /// Starts `program` (this binary, or a tool such as Valgrind that runs
    /// `prefix` and then this binary) as a worker with the clock handed on.
    pub(crate) fn start(
        &self,
        program: Option<(&std::path::Path, &[std::ffi::OsString])>,
        stderr: WorkerStderr<'_>,
        limit: std::time::Duration,
    ) -> Result<WorkerClient, WorkerEnd> {
        let env = [(super::CLOCK_ENV, self.clock.as_str())];
        match program {
            None => WorkerClient::start_with(&self.exe, &self.args, &self.dir, stderr, limit, &env),
            Some((tool, prefix)) => {
                let mut args = prefix.to_vec();
                args.push(self.exe.clone().into_os_string());
                args.extend(self.args.iter().cloned());
                WorkerClient::start_with(tool, &args, &self.dir, stderr, limit, &env)
            }
        }
    }
}

/// How a worker ended, when it did not say `bye` cleanly: its exit status
/// and its last line on stderr.
pub(crate) type WorkerEnd = (String, Option<String>);

impl WorkerClient {
    /// Starts `exe` as a worker with `args` in `dir` (where `cargo bench`
    /// would run it),
    /// its stderr into `stderr` (a file path) or inherited, to be done
    /// within `limit`. On failure: how it ended.
    pub(crate) fn start(
        exe: &std::path::Path,
        args: &[std::ffi::OsString],
        dir: &std::path::Path,
        stderr: WorkerStderr<'_>,
        limit: std::time::Duration,
    ) -> Result<Self, WorkerEnd> {
        Self::start_with(exe, args, dir, stderr, limit, &[])
    }

    /// [`WorkerClient::start`] with extra environment variables.
    pub(crate) fn start_with(
        exe: &std::path::Path,
        args: &[std::ffi::OsString],
        dir: &std::path::Path,
        stderr: WorkerStderr<'_>,
        limit: std::time::Duration,
        env: &[(&str, &str)],
    ) -> Result<Self, WorkerEnd> {
        use std::process::{Command, Stdio};
        let err = match stderr {
            WorkerStderr::File(path) => std::fs::File::create(path)
                .map(Stdio::from)
                .map_err(|e| (format!("cannot start: {e}"), None))?,
            WorkerStderr::Inherit => Stdio::inherit(),
            WorkerStderr::Forward => Stdio::piped(),
        };
        let mut child = Command::new(exe)
            .args(args)
            .current_dir(dir)
            .env(WORKER_ENV, "1")
            .env("ZENBENCH_SUBPROCESS", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(err)
            .spawn()
            .map_err(|e| (format!("cannot start: {e}"), None))?;
        // Its samples are this run's: the resource gate does not count it as load.
        crate::measure::gate::count_as_own(child.id());
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = std::io::BufReader::new(child.stdout.take().expect("piped stdout"));
        let (tx, lines) = channel();
        detach(Box::new(move || {
            for line in stdout.lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        }));
        let stderr_tail = child.stderr.take().map(forward_stderr);
        let mut client = WorkerClient {
            child,
            stdin,
            lines,
            deadline: deadline_after(limit),
            stderr_tail,
            hello: Hello {
                protocol: 0,
                zenbench_version: String::new(),
                timer: TimerInfo {
                    kind: crate::model::result::TimerKind::Os,
                    resolution_ns: f64::NAN,
                },
                loop_overhead_ns: f64::NAN,
                benchmarks: Vec::new(),
            },
        };
        let hello = match client.read() {
            Ok(Reply { hello: Some(h), .. }) => h,
            Ok(_) => return Err(client.end("its first line is not a hello")),
            Err(why) => return Err(client.end(&why)),
        };
        if hello.protocol != PROTOCOL {
            let why = format!(
                "it speaks worker protocol {}, this zenbench speaks {PROTOCOL} (zenbench {} there)",
                hello.protocol, hello.zenbench_version
            );
            return Err(client.end(&why));
        }
        client.hello = hello;
        Ok(client)
    }

    fn read(&mut self) -> Result<Reply, String> {
        loop {
            let left = self
                .deadline
                .saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                // What a benchmark prints on stdout (`println!`) is not a
                // reply, which is always one JSON object: passed on to
                // stderr, where it does not mix with a report on stdout.
                // (A closed stderr is no reason to fail the sample.)
                Ok(line) if !line.trim_start().starts_with('{') => {
                    let _ = writeln!(std::io::stderr(), "{line}");
                }
                Ok(line) => {
                    return parse_reply(line.as_bytes())
                        .map_err(|e| format!("it sent a line that is not a reply ({e})"))
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    let _ = self.child.kill();
                    return Err("timed out".to_owned());
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err("it exited".to_owned())
                }
            }
        }
    }

    /// With [`WorkerStderr::Forward`]: from now on, [`Self::crash_line`]
    /// tells the first line written after this call.
    pub(crate) fn mark_stderr(&mut self) {
        if let Some((tail, _)) = &self.stderr_tail {
            if let Ok(mut t) = tail.lock() {
                t.first_since_mark = None;
            }
        }
    }

    /// With [`WorkerStderr::Forward`]: a crash's own words, the first
    /// non-blank line the worker wrote on stderr since
    /// [`Self::mark_stderr`] ("memory allocation of … bytes failed",
    /// "thread 'main' has overflowed its stack"), else its last one. Waits
    /// a little for a worker that has ended to have its stderr read to the
    /// end.
    pub(crate) fn crash_line(&mut self) -> Option<String> {
        let (tail, done) = self.stderr_tail.as_ref()?;
        let _ = done.recv_timeout(std::time::Duration::from_millis(500));
        let t = tail.lock().ok()?;
        t.first_since_mark.clone().or_else(|| t.last.clone())
    }

    /// Kills the worker (if still running) and says how it ended.
    fn end(&mut self, why: &str) -> WorkerEnd {
        let _ = self.child.kill();
        let status = self.child.wait().ok();
        let how = match status {
            Some(s) if why == "it exited" => describe_status(s),
            _ => why.to_owned(),
        };
        (how, None)
    }

    /// Every call from now on fails, and the worker is killed, past `at`.
    pub(crate) fn set_deadline(&mut self, at: std::time::Instant) {
        self.deadline = at;
    }

    /// How a worker that stopped answering ended: its exit status.
    pub(crate) fn ended(&mut self) -> String {
        self.end("it exited").0
    }

    /// One sample of the worker's benchmark `id`.
    pub(crate) fn sample_id(
        &mut self,
        id: usize,
        req: &SampleRequest,
    ) -> Result<SampleReply, String> {
        self.send_sample(id, req)?;
        self.receive_sample()
    }

    /// Asks for one sample of benchmark `id`, without waiting for it.
    pub(crate) fn send_sample(&mut self, id: usize, req: &SampleRequest) -> Result<(), String> {
        let request = Request {
            sample: Some(SampleRequest { bench: id, ..*req }),
            bye: None,
        };
        let line = to_compact(&request);
        writeln!(self.stdin, "{line}")
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("the worker is gone: {e}"))
    }

    /// The answer to the sample asked for last.
    pub(crate) fn receive_sample(&mut self) -> Result<SampleReply, String> {
        let reply = self.read()?;
        match (reply.sample, reply.error) {
            (Some(s), _) => Ok(s),
            (None, Some(e)) => Err(e),
            (None, None) => Err("the worker answered neither a sample nor an error".to_owned()),
        }
    }

    /// The id of the benchmark named `full_name`.
    pub(crate) fn id_of(&self, full_name: &str) -> Option<usize> {
        for b in &self.hello.benchmarks {
            if b.full_name == full_name {
                return Some(b.id);
            }
        }
        None
    }

    /// Says `bye` and waits: `Ok` when the worker ended cleanly, else how
    /// it ended.
    pub(crate) fn finish(mut self) -> Result<(), String> {
        let bye = to_compact(&Request {
            sample: None,
            bye: Some(true),
        });
        let _ = writeln!(self.stdin, "{bye}");
        let _ = self.stdin.flush();
        let limit = self
            .deadline
            .saturating_duration_since(std::time::Instant::now());
        let start = std::time::Instant::now();
        loop {
            match self.child.try_wait() {
                Ok(Some(s)) if s.success() => return Ok(()),
                Ok(Some(s)) => return Err(describe_status(s)),
                Ok(None) if start.elapsed() > limit => {
                    let _ = self.child.kill();
                    return Err("timed out".to_owned());
                }
                Ok(None) => std::thread::sleep(std::time::Duration::from_millis(5)),
                Err(e) => return Err(format!("cannot be waited for: {e}")),
            }
        }
    }
}

impl crate::engine::SampleSource for WorkerClient {
    fn resolution_ns(&self) -> f64 {
        self.hello.timer.resolution_ns
    }

    fn sample(&mut self, full_name: &str, req: &SampleRequest) -> Result<SampleReply, String> {
        let id = self
            .id_of(full_name)
            .ok_or_else(|| format!("the worker has no benchmark `{full_name}`"))?;
        self.sample_id(id, req)
    }
}

impl Drop for WorkerClient {
    fn drop(&mut self) {
        // A worker not finished (an error on the way) is not left running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Copies a worker's stderr to this process's, line by line, keeping the
/// lines [`Tail`] tells; the channel closes at the end of it.
fn forward_stderr(stderr: std::process::ChildStderr) -> (StderrTail, Receiver<()>) {
    let tail = StderrTail::default();
    let (done_tx, done) = channel::<()>();
    let kept = tail.clone();
    detach(Box::new(move || {
        let _done = done_tx;
        for line in std::io::BufReader::new(stderr).split(b'\n') {
            let Ok(line) = line else { break };
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches('\r');
            let _ = writeln!(std::io::stderr(), "{text}");
            if !text.trim().is_empty() {
                if let Ok(mut t) = kept.lock() {
                    if t.first_since_mark.is_none() {
                        t.first_since_mark = Some(text.to_owned());
                    }
                    t.last = Some(text.to_owned());
                }
            }
        }
    }));
    (tail, done)
}

/// Runs `f` on a thread of its own, not waited for.
fn detach(f: Box<dyn FnOnce() + Send>) {
    crate::measure::spawn::spawn(std::thread::Builder::new(), f).expect("failed to spawn thread");
}

/// `exit code 3`, `killed by signal 6, SIGABRT`.
pub(crate) fn describe_status(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return match signal_name(sig) {
                Some(name) => format!("killed by signal {sig}, {name}"),
                None => format!("killed by signal {sig}"),
            };
        }
    }
    match status.code() {
        Some(c) => format!("exit code {c}"),
        None => "ended".to_owned(),
    }
}

/// The name of a signal that ends a benchmark's process, where this
/// platform numbers it so.
fn signal_name(sig: i32) -> Option<&'static str> {
    // The same number on every Unix.
    let common = match sig {
        1 => Some("SIGHUP"),
        2 => Some("SIGINT"),
        3 => Some("SIGQUIT"),
        4 => Some("SIGILL"),
        5 => Some("SIGTRAP"),
        6 => Some("SIGABRT"),
        8 => Some("SIGFPE"),
        9 => Some("SIGKILL"),
        11 => Some("SIGSEGV"),
        13 => Some("SIGPIPE"),
        14 => Some("SIGALRM"),
        15 => Some("SIGTERM"),
        _ => None,
    };
    #[cfg(target_os = "linux")]
    let own = match sig {
        7 => Some("SIGBUS"),
        24 => Some("SIGXCPU"),
        25 => Some("SIGXFSZ"),
        31 => Some("SIGSYS"),
        _ => None,
    };
    #[cfg(target_os = "macos")]
    let own = match sig {
        10 => Some("SIGBUS"),
        12 => Some("SIGSYS"),
        24 => Some("SIGXCPU"),
        25 => Some("SIGXFSZ"),
        _ => None,
    };
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    let own = None;
    common.or(own)
}
