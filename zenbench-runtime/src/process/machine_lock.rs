//! One measurement at a time per machine.
//!
//! Two benchmark runs measuring at once disturb each other (shared cores,
//! caches, memory bandwidth, turbo budget). Before measuring, a run takes an
//! exclusive advisory lock ([`std::fs::File::lock`]) on a lock file in the
//! system temp dir; a second run finds it held, says once who holds it, and
//! blocks until it is free. The operating system drops the lock when its
//! holder exits or is killed, so a crashed run never blocks the next one.
//!
//! The holder describes itself (pid, program, start time) in a sidecar file
//! next to the lock, `<lock>.info`, written atomically (temp file + rename),
//! so the waiting run can name it. The lock file itself is never deleted:
//! deleting a lock file lets two runs lock two different files.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// File name of the lock in the system temp dir.
const LOCK_FILE_NAME: &str = "zenbench-measure.lock";
/// Environment variable that overrides [`MachineLock::default_path`].
const LOCK_PATH_ENV: &str = "ZENBENCH_LOCK_PATH";

/// The machine-wide measurement lock, held until dropped.
#[derive(Debug)]
pub struct MachineLock {
    file: File,
    path: PathBuf,
    info_path: PathBuf,
}

impl MachineLock {
    /// Takes the lock at `path`, waiting for its current holder if there is
    /// one.
    ///
    /// When the lock is free it is taken at once and `on_wait` is not called.
    /// When another process holds it, `on_wait` receives one line naming the
    /// holder, e.g. ``zenbench: waiting for another measurement to finish
    /// (pid 1234, `fixture_suite`, since 12:00:01 UTC)``, and the call blocks
    /// until the holder releases the lock (drops it, exits or dies).
    ///
    /// Errors are those of opening or locking the file, including
    /// [`io::ErrorKind::Unsupported`] on platforms without file locks; the
    /// caller may then measure unlocked. Failing to write the holder
    /// description is not an error (a waiter then reads "holder unknown").
    ///
    /// The lock belongs to the open file, not the process: taking it twice in
    /// one process blocks forever, like two processes would.
    pub fn acquire(path: &Path, on_wait: impl FnOnce(&str)) -> io::Result<MachineLock> {
        let file = open_lock_file(path)?;
        let info_path = info_path(path);
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&info_path)
                    .ok()
                    .and_then(|s| Holder::parse(&s));
                on_wait(&waiting_line(holder.as_ref()));
                file.lock()?;
            }
            Err(TryLockError::Error(e)) => return Err(e),
        }
        // Best effort: the lock is what matters, the description is a courtesy.
        let _ = crate::store::write_atomically(&info_path, Holder::current().render().as_bytes());
        Ok(MachineLock {
            file,
            path: path.to_path_buf(),
            info_path,
        })
    }

    /// Where runs lock by default: `$ZENBENCH_LOCK_PATH` when set and not
    /// empty, else `zenbench-measure.lock` in [`std::env::temp_dir`].
    pub fn default_path() -> PathBuf {
        match std::env::var_os(LOCK_PATH_ENV) {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => std::env::temp_dir().join(LOCK_FILE_NAME),
        }
    }

    /// The lock file this lock holds.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for MachineLock {
    fn drop(&mut self) {
        // Remove our description while still holding the lock, so it can
        // never delete the next holder's.
        let _ = fs::remove_file(&self.info_path);
        let _ = self.file.unlock();
    }
}

/// Opens (creating if needed) the lock file. Read access suffices for a
/// lock, so a lock file created by another user still works.
fn open_lock_file(path: &Path) -> io::Result<File> {
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
    {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => File::open(path),
        other => other,
    }
}

/// `<lock>.info` beside the lock file.
fn info_path(lock: &Path) -> PathBuf {
    let mut name = lock.file_name().unwrap_or_default().to_os_string();
    name.push(".info");
    lock.with_file_name(name)
}

/// Who holds the lock, as the holder describes itself.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Holder {
    pid: u32,
    program: String,
    /// Seconds since the Unix epoch when the lock was taken.
    since_unix: u64,
}

impl Holder {
    fn current() -> Holder {
        Holder {
            pid: std::process::id(),
            program: crate::measure::testbed::program_name(),
            since_unix: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        }
    }

    /// `key=value` lines; unknown keys are ignored so the format can grow.
    fn render(&self) -> String {
        format!(
            "pid={}\nprogram={}\nsince_unix={}\n",
            self.pid,
            self.program.replace('\n', " "),
            self.since_unix
        )
    }

    fn parse(text: &str) -> Option<Holder> {
        let (mut pid, mut program, mut since) = (None, None, None);
        for line in text.lines() {
            match line.split_once('=') {
                Some(("pid", v)) => pid = v.trim().parse().ok(),
                Some(("program", v)) => program = Some(v.to_string()),
                Some(("since_unix", v)) => since = v.trim().parse().ok(),
                _ => {}
            }
        }
        Some(Holder {
            pid: pid?,
            program: program.unwrap_or_default(),
            since_unix: since.unwrap_or(0),
        })
    }
}

/// The one line `on_wait` receives.
fn waiting_line(holder: Option<&Holder>) -> String {
    const HEAD: &str = "zenbench: waiting for another measurement to finish";
    match holder {
        Some(h) => format!(
            "{HEAD} (pid {}, `{}`, since {} UTC)",
            h.pid,
            h.program,
            clock_utc(h.since_unix)
        ),
        None => format!("{HEAD} (holder unknown)"),
    }
}

/// `HH:MM:SS` of a Unix time, UTC (std has no time zones).
fn clock_utc(unix: u64) -> String {
    let s = unix % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_round_trips_and_tolerates_unknown_keys() {
        let h = Holder {
            pid: 1234,
            program: "fixture_suite".into(),
            since_unix: 43_201,
        };
        let text = format!("{}future=1\n", h.render());
        assert_eq!(Holder::parse(&text), Some(h));
        assert_eq!(Holder::parse("program=x\n"), None, "a pid is required");
        assert_eq!(Holder::parse(""), None);
    }

    #[test]
    fn waiting_line_names_the_holder() {
        let h = Holder {
            pid: 1234,
            program: "fixture_suite".into(),
            since_unix: 12 * 3600 + 1,
        };
        assert_eq!(
            waiting_line(Some(&h)),
            "zenbench: waiting for another measurement to finish \
             (pid 1234, `fixture_suite`, since 12:00:01 UTC)"
        );
        assert_eq!(
            waiting_line(None),
            "zenbench: waiting for another measurement to finish (holder unknown)"
        );
    }

    #[test]
    fn info_file_sits_beside_the_lock() {
        assert_eq!(
            info_path(Path::new("/tmp/x/zenbench-measure.lock")),
            Path::new("/tmp/x/zenbench-measure.lock.info")
        );
    }

    #[test]
    fn acquire_writes_and_drop_removes_the_description() {
        let dir = std::env::temp_dir().join(format!("zenbench-ml-unit-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.lock");
        let lock = MachineLock::acquire(&path, |_| panic!("nobody holds it")).unwrap();
        let holder = Holder::parse(&fs::read_to_string(info_path(&path)).unwrap()).unwrap();
        assert_eq!(holder.pid, std::process::id());
        assert_eq!(lock.path(), path);
        drop(lock);
        assert!(!info_path(&path).exists());
        assert!(path.exists(), "the lock file itself stays");
        // Free again: a second acquisition does not wait.
        drop(MachineLock::acquire(&path, |_| panic!("released")).unwrap());
        let _ = fs::remove_dir_all(&dir);
    }
}
