//! The machine lock across processes. The other process is this test binary
//! re-executed on its `holder_helper` test with `ZB_LOCK_ROLE=hold`.
//!
//! Order is checked with files and pipes, never with time: the holder writes
//! a "released" marker file *before* it releases the lock, so a waiter that
//! acquires while the holder still holds it would not see the marker.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use zenbench::__private::testing::MachineLock;

const ROLE: &str = "ZB_LOCK_ROLE";
const LOCK: &str = "ZB_LOCK_TEST_PATH";
const MARKER: &str = "ZB_LOCK_TEST_MARKER";

/// Only a liveness guard for a broken lock (fail rather than hang); no
/// assertion depends on how long anything takes.
const HANG_GUARD: Duration = Duration::from_secs(300);

/// The holder process. A no-op in a normal test run.
///
/// With `ZB_LOCK_ROLE=hold`: take the lock, print `ZB:acquired`, wait for a
/// line on stdin, write the marker file, release, print `ZB:released`.
#[test]
fn holder_helper() {
    if std::env::var_os(ROLE).is_none_or(|r| r != "hold") {
        return;
    }
    let lock_path = PathBuf::from(std::env::var_os(LOCK).unwrap());
    let marker = PathBuf::from(std::env::var_os(MARKER).unwrap());
    let lock =
        MachineLock::acquire(&lock_path, |line| println!("ZB:holder-waited {line}")).unwrap();
    println!("ZB:acquired");
    std::io::stdout().flush().unwrap();
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
    std::fs::write(&marker, "released").unwrap();
    drop(lock);
    println!("ZB:released");
}

struct Holder {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Holder {
    /// Starts a holder on `lock` and returns once it holds the lock.
    fn start(lock: &Path, marker: &Path) -> Holder {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "holder_helper",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(ROLE, "hold")
            .env(LOCK, lock)
            .env(MARKER, marker)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut holder = Holder {
            child,
            stdin,
            stdout,
        };
        holder.expect("ZB:acquired");
        holder
    }

    /// Reads the child's stdout up to a line containing `marker` (libtest
    /// may print `test holder_helper ... ` before it on the same line).
    fn expect(&mut self, marker: &str) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.stdout.read_line(&mut line).unwrap();
            assert!(n > 0, "holder exited before printing {marker:?}");
            if line.contains(marker) {
                return line.trim_end().to_string();
            }
        }
    }

    fn release(mut self) {
        writeln!(self.stdin, "release").unwrap();
        self.stdin.flush().unwrap();
        self.expect("ZB:released");
        assert!(self.child.wait().unwrap().success());
    }
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zenbench-lock-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

enum Event {
    Waiting(String),
    Acquired { saw_release: bool },
}

/// Acquires `lock` on a thread of this process, reporting events.
fn acquire_in_thread(
    lock: PathBuf,
    marker: PathBuf,
) -> (mpsc::Receiver<Event>, std::thread::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        let waiting = tx.clone();
        let held = MachineLock::acquire(&lock, move |line| {
            waiting.send(Event::Waiting(line.to_string())).unwrap();
        })
        .unwrap();
        tx.send(Event::Acquired {
            saw_release: marker.exists(),
        })
        .unwrap();
        drop(held);
    });
    (rx, handle)
}

#[test]
fn a_second_run_waits_names_the_holder_and_acquires_after_release() {
    let dir = scratch("wait");
    let (lock, marker) = (dir.join("measure.lock"), dir.join("released"));
    let holder = Holder::start(&lock, &marker);
    let holder_pid = holder.child.id();

    let (events, waiter) = acquire_in_thread(lock.clone(), marker.clone());
    // The lock is held, so the first event must be the waiting line.
    let line = match events.recv_timeout(HANG_GUARD).unwrap() {
        Event::Waiting(line) => line,
        Event::Acquired { .. } => panic!("acquired a lock another process holds"),
    };
    assert!(
        line.starts_with("zenbench: waiting for another measurement to finish (pid "),
        "{line}"
    );
    assert!(line.contains(&format!("(pid {holder_pid}, `")), "{line}");
    assert!(
        line.contains("machine_lock"),
        "names the holder's program: {line}"
    );

    holder.release();
    match events.recv_timeout(HANG_GUARD).unwrap() {
        Event::Acquired { saw_release } => {
            assert!(saw_release, "acquired before the holder released")
        }
        Event::Waiting(line) => panic!("second waiting line: {line}"),
    }
    waiter.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_killed_holder_never_blocks_the_next_run() {
    let dir = scratch("killed");
    let (lock, marker) = (dir.join("measure.lock"), dir.join("released"));
    let mut holder = Holder::start(&lock, &marker);
    holder.child.kill().unwrap();
    holder.child.wait().unwrap();
    // The dead holder's description is still there; the lock is not.
    assert!(dir.join("measure.lock.info").exists());

    let (events, waiter) = acquire_in_thread(lock, marker);
    let mut waited = None;
    loop {
        match events
            .recv_timeout(HANG_GUARD)
            .expect("blocked by a dead holder")
        {
            Event::Waiting(line) => waited = Some(line),
            Event::Acquired { saw_release } => {
                assert!(!saw_release, "the killed holder never released by itself");
                break;
            }
        }
    }
    waiter.join().unwrap();
    // On Unix the kernel drops the lock before the holder's exit is reported,
    // so the next run does not even wait. (Windows may release it lazily.)
    if cfg!(unix) {
        assert_eq!(waited, None, "waited for a dead holder");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_same_lock_is_taken_again_after_release_in_one_process() {
    let dir = scratch("again");
    let lock = dir.join("measure.lock");
    for _ in 0..3 {
        let held = MachineLock::acquire(&lock, |line| panic!("nobody holds it: {line}")).unwrap();
        assert_eq!(held.path(), lock);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
