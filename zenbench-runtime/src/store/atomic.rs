//! The one atomic-write helper of the crate, and the append of whole lines
//! that the history uses. State writes reach both only through the state
//! lock (`state.rs`); `--output` files use the helper directly.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::target::{file_name_of, folder_of, resolve, Target};

/// Writes `bytes` to `path`: a regular file (or none yet) is replaced
/// atomically — a temporary file in the same folder (so the rename cannot
/// cross file systems), `fsync` of its contents, a rename over the file,
/// then `fsync` of the folder so the rename itself is durable; on any error
/// the temporary file is removed and the file is left as it was. A symbolic
/// link is followed and its final target replaced, so the link stays a
/// link. A character device, FIFO, socket or standard stream is written
/// directly, never replaced by a file (see [`resolve`]).
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_then(path, bytes, &|| {})
}

/// [`write_atomically`], calling `before_rename` once the temporary file is
/// complete and synced (the crash-safety test's pause).
pub(crate) fn write_atomically_then(
    path: &Path,
    bytes: &[u8],
    before_rename: &dyn Fn(),
) -> io::Result<()> {
    match resolve(path)? {
        Target::File(file) => replace_file(&file, bytes, before_rename),
        other => deliver(&other, bytes),
    }
}

/// The atomic replacement of the regular file (or new file) `file`.
fn replace_file(file: &Path, bytes: &[u8], before_rename: &dyn Fn()) -> io::Result<()> {
    let name = file_name_of(file)?;
    let dir = folder_of(file);
    remove_stale_temps(dir, &name);
    within_file_size_limit(bytes.len() as u64)?;
    let tmp = temp_path(dir, &name);
    let written = write_then_rename(&tmp, file, bytes, before_rename);
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Writes and syncs `tmp`, then renames it over `file` and syncs the folder.
fn write_then_rename(
    tmp: &Path,
    file: &Path,
    bytes: &[u8],
    before_rename: &dyn Fn(),
) -> io::Result<()> {
    let mut f = File::create(tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    before_rename();
    fs::rename(tmp, file)?;
    sync_dir(folder_of(file));
    Ok(())
}

/// Writes `bytes` to what is not a regular file: opened for appending (a
/// device or FIFO: nothing created, truncated or renamed), connected to (a
/// socket), or this process's own stream.
fn deliver(target: &Target, bytes: &[u8]) -> io::Result<()> {
    match target {
        Target::Stdout => {
            let mut out = io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()
        }
        Target::Stderr => io::stderr().lock().write_all(bytes),
        Target::Stream(path) => OpenOptions::new().append(true).open(path)?.write_all(bytes),
        #[cfg(unix)]
        Target::Socket(path) => std::os::unix::net::UnixStream::connect(path)?.write_all(bytes),
        #[cfg(not(unix))]
        Target::Socket(path) => OpenOptions::new().append(true).open(path)?.write_all(bytes),
        Target::File(path) => append_to_file(path, bytes),
    }
}

/// Appends `bytes` (whole lines, each ending in `\n`) to `path`, never
/// truncating or replacing it: a regular file (created when missing, links
/// followed) gets them in one write and an `fsync`; anything else is
/// written as [`write_atomically`] writes it.
pub(crate) fn append_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    deliver(&resolve(path)?, bytes)
}

/// Appends whole lines to a regular file with one write, then `fsync`s it.
/// A last line left torn by a process killed in an earlier append is ended
/// first, so the new lines start on a line of their own and only the torn
/// one is unreadable.
fn append_to_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(path)?;
    let len = f.metadata()?.len();
    within_file_size_limit(len + bytes.len() as u64 + 1)?;
    let mut out = Vec::with_capacity(bytes.len() + 1);
    if len > 0 {
        let mut last = [0u8];
        f.seek(SeekFrom::Start(len - 1))?;
        f.read_exact(&mut last)?;
        if last[0] != b'\n' {
            out.push(b'\n');
        }
    }
    out.extend_from_slice(bytes);
    f.write_all(&out)?;
    f.sync_data()
}

/// Refuses a write that would make a file longer than the process may
/// write (`ulimit -f`, `RLIMIT_FSIZE`): the kernel would end the process
/// with SIGXFSZ in the middle of it, report and all, where this is an
/// error like a full disk's (exit code 2, the old file as it was).
fn within_file_size_limit(len: u64) -> io::Result<()> {
    match file_size_limit() {
        Some(limit) if len > limit => Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("File too large: {len} bytes, over the file size limit (ulimit -f) of {limit} bytes"),
        )),
        _ => Ok(()),
    }
}

/// The soft file size limit, in bytes, where the system tells it
/// (Linux: `/proc/self/limits`); `None` when unlimited or unknown.
fn file_size_limit() -> Option<u64> {
    let limits = fs::read_to_string("/proc/self/limits").ok()?;
    parse_file_size_limit(&limits)
}

/// The soft limit of the `Max file size` row of a `/proc/PID/limits` text.
fn parse_file_size_limit(limits: &str) -> Option<u64> {
    for row in limits.lines() {
        if let Some(rest) = row.strip_prefix("Max file size") {
            return rest.split_whitespace().next()?.parse().ok();
        }
    }
    None
}

/// Removes the temporary files of `name` that a killed writer left in `dir`:
/// those of a process that is no longer running (on Linux, by its pid), or,
/// where that cannot be told, older than ten minutes. Best effort.
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = match rest.split('-').next() {
            Some(p) => p.parse::<u32>().ok(),
            None => None,
        };
        let stale = match pid {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) if Path::new("/proc/self").exists() => {
                !Path::new(&format!("/proc/{pid}")).exists()
            }
            _ => older_than_ten_minutes(&entry),
        };
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether the file of `entry` was last changed over ten minutes ago.
fn older_than_ten_minutes(entry: &fs::DirEntry) -> bool {
    let Ok(changed) = entry.metadata().and_then(|m| m.modified()) else {
        return false;
    };
    match changed.elapsed() {
        Ok(age) => age > std::time::Duration::from_secs(600),
        Err(_) => false,
    }
}

/// `.<name>.tmp-<pid>-<n>`: unique per process and call, so two threads or
/// two processes writing the same file never share a temporary file.
pub(super) fn temp_path(dir: &Path, name: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// Makes a rename in `dir` durable. Best effort: not every platform can open
/// a folder for syncing, and the data itself is already synced.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_writers_temporary_file_is_removed_by_the_next_write() {
        let dir = std::env::temp_dir().join(format!("zb-stale-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("main.json");
        // pid 0 is never a user process, so on Linux it is not running.
        let dead = dir.join(".main.json.tmp-0-7");
        let other = dir.join(".other.json.tmp-0-7");
        fs::write(&dead, b"{\"half").unwrap();
        fs::write(&other, b"{").unwrap();
        write_atomically(&path, b"{}").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"{}");
        if Path::new("/proc/self").exists() {
            assert!(!dead.exists(), "the dead writer's file is gone");
        }
        assert!(other.exists(), "another file's temporaries are not touched");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("zb-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("out.json");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let entries: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert_eq!(entries.len(), 1, "no temp file left behind");
        let err = write_atomically(&dir.join("missing/x.json"), b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert_eq!(fs::read(&p).unwrap(), b"two", "the old file is untouched");
        let entries: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert_eq!(entries.len(), 1, "a failed write leaves nothing behind");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn appends_end_a_torn_last_line_first() {
        let dir = std::env::temp_dir().join(format!("zb-append-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("h.jsonl");
        let _ = fs::remove_file(&p);
        append_synced(&p, b"one\n").unwrap();
        append_synced(&p, b"two\nthree\n").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "one\ntwo\nthree\n");
        fs::write(&p, "one\ntor").unwrap();
        append_synced(&p, b"four\n").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "one\ntor\nfour\n");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_file_size_limit_is_read_from_the_limits_table() {
        let table = "Limit                     Soft Limit           Hard Limit           Units\n\
                     Max cpu time              unlimited            unlimited            seconds\n\
                     Max file size             1024                 4096                 bytes\n";
        assert_eq!(parse_file_size_limit(table), Some(1024));
        let unlimited = table.replace("1024 ", "unlimited");
        assert_eq!(parse_file_size_limit(&unlimited), None);
        assert_eq!(parse_file_size_limit("nothing here"), None);
    }

    #[test]
    fn a_path_without_a_file_name_is_refused() {
        let err = write_atomically(Path::new("/"), b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::IsADirectory);
    }
}
