//! Where zenbench keeps its files, and the lock every write runs under.
//!
//! State lives in `.zenbench/` at the workspace root: the nearest folder,
//! from the current one up, that holds a `Cargo.lock` (`cargo bench` starts
//! a bench in its package's folder, below the workspace's lock file).
//! `ZENBENCH_HOME` names the state folder itself instead.

use super::atomic::{append_synced, write_atomically_then};
use crate::Error;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

/// The variable that names the state folder.
pub(crate) const HOME_ENV: &str = "ZENBENCH_HOME";

/// The state folder (`.zenbench/`): baselines and history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct State {
    root: PathBuf,
}

impl State {
    /// `$ZENBENCH_HOME` when set and not empty, else `.zenbench/` beside
    /// the nearest `Cargo.lock` from the current folder up (the current
    /// folder itself when there is none).
    pub(crate) fn locate() -> State {
        let home = std::env::var_os(HOME_ENV).filter(|h| !h.is_empty());
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        State::locate_from(home.map(PathBuf::from), &cwd)
    }

    fn locate_from(home: Option<PathBuf>, cwd: &Path) -> State {
        let root = home.unwrap_or_else(|| {
            let workspace = cwd
                .ancestors()
                .find(|dir| dir.join("Cargo.lock").is_file())
                .unwrap_or(cwd);
            workspace.join(".zenbench")
        });
        State { root }
    }

    /// A state folder at `root`.
    #[cfg(test)]
    pub(crate) fn at(root: impl Into<PathBuf>) -> State {
        State { root: root.into() }
    }

    #[cfg(any(test, feature = "cli"))]
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn baselines_dir(&self) -> PathBuf {
        self.root.join("baselines")
    }

    pub(crate) fn history_dir(&self) -> PathBuf {
        self.root.join("history")
    }

    /// Takes the state folder's advisory lock (`.zenbench/.lock`, an
    /// exclusive `flock`), waiting while another zenbench holds it, after
    /// creating the folder. Every write of state goes through the guard, so
    /// two runs never interleave their writes. Released when dropped (and by
    /// the OS when the process dies, so a killed run never leaves it held).
    pub(crate) fn lock(&self) -> Result<StateLock, Error> {
        let path = self.root.join(".lock");
        fs::create_dir_all(&self.root).map_err(|e| Error::io(&self.root, e))?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        file.lock().map_err(|e| Error::Data {
            path: path.clone(),
            message: format!("cannot be locked: {e}"),
        })?;
        Ok(StateLock { _file: file })
    }
}

/// The held state lock: the only way to write state.
pub(crate) struct StateLock {
    // Closing the file releases the lock.
    _file: File,
}

impl StateLock {
    /// Replaces `path` (under the state folder) atomically, creating its
    /// folder.
    pub(crate) fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), Error> {
        create_parent(path)?;
        write_atomically_then(path, bytes, &pause_before_rename).map_err(|e| Error::io(path, e))
    }

    /// Appends whole lines to `path`, creating it and its folder.
    pub(crate) fn append(&self, path: &Path, lines: &str) -> Result<(), Error> {
        create_parent(path)?;
        append_synced(path, lines.as_bytes()).map_err(|e| Error::io(path, e))
    }

    /// Removes `path`.
    #[cfg(any(test, feature = "cli"))]
    pub(crate) fn remove(&self, path: &Path) -> Result<(), Error> {
        fs::remove_file(path).map_err(|e| Error::io(path, e))
    }
}

/// For the end-to-end test that kills a run in the middle of a save:
/// `ZENBENCH_TEST_PAUSE_BEFORE_RENAME_MS` holds a state write between its
/// complete, synced temporary file and the rename, so the test knows where
/// the process dies. Not a user option.
fn pause_before_rename() {
    if let Some(ms) = std::env::var("ZENBENCH_TEST_PAUSE_BEFORE_RENAME_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

fn create_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zb-state-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_workspace_root_is_the_nearest_cargo_lock_up() {
        let dir = temp("walk");
        let member = dir.join("crates/member/benches");
        fs::create_dir_all(&member).unwrap();
        fs::write(dir.join("Cargo.lock"), "").unwrap();
        let state = State::locate_from(None, &member);
        assert_eq!(state.root(), dir.join(".zenbench"));
        assert_eq!(state.baselines_dir(), dir.join(".zenbench/baselines"));
        // ZENBENCH_HOME names the state folder itself.
        let home = State::locate_from(Some(dir.join("elsewhere")), &member);
        assert_eq!(home.root(), dir.join("elsewhere"));
        // No lock file anywhere up: the current folder.
        let bare = temp("bare");
        if !bare.ancestors().any(|d| d.join("Cargo.lock").is_file()) {
            assert_eq!(
                State::locate_from(None, &bare).root(),
                bare.join(".zenbench")
            );
        }
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&bare).unwrap();
    }

    #[test]
    fn the_lock_excludes_a_second_holder_until_dropped() {
        let dir = temp("lock");
        let state = State::at(dir.join("state"));
        let guard = state.lock().unwrap();
        let other = File::options()
            .write(true)
            .open(dir.join("state/.lock"))
            .unwrap();
        assert!(other.try_lock().is_err(), "held by the guard");
        guard
            .write(&state.baselines_dir().join("a.json"), b"{}")
            .unwrap();
        drop(guard);
        other.try_lock().expect("free once the guard is dropped");
        assert_eq!(
            fs::read(state.baselines_dir().join("a.json")).unwrap(),
            b"{}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
