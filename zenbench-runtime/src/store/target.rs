//! What a path a user names (`--output`, `ZENBENCH_RESULT_PATH`,
//! `GITHUB_STEP_SUMMARY`, a file of the state folder) is, and so how it is
//! written: a regular file is replaced atomically, a symbolic link is
//! followed and its target replaced, and a device, a FIFO, a socket or a
//! standard stream is written directly — never replaced by a file. The
//! book's reliability page has the table.

use std::fs;
use std::io::{self, ErrorKind};
use std::path::{Component, Path, PathBuf};

/// Where the bytes for a path go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A regular file, or none yet: the file at this path (every link
    /// followed) is replaced atomically, or appended to.
    File(PathBuf),
    /// This process's standard output (`/dev/stdout`, `/dev/fd/1`, …).
    Stdout,
    /// This process's standard error (`/dev/stderr`, `/dev/fd/2`, …).
    Stderr,
    /// A character device, a FIFO or another open file descriptor: opened
    /// for appending and written, nothing created, truncated or renamed.
    Stream(PathBuf),
    /// A Unix socket: connected to and written.
    Socket(PathBuf),
}

/// The most symbolic links followed before giving up (Linux's limit).
const MAX_LINKS: usize = 40;

/// What `path` is, following symbolic links, or why nothing can be written
/// there: a folder, a block device, a read-only file or folder, a missing
/// folder (also behind a dangling link). The error's text is the reason,
/// worded to follow "cannot write `PATH`: ".
pub(crate) fn resolve(path: &Path) -> io::Result<Target> {
    let mut current = path.to_path_buf();
    let mut via_link = false;
    for _ in 0..MAX_LINKS {
        if let Some(stream) = standard_stream(&current) {
            return Ok(stream);
        }
        if let Some(fd) = descriptor_path(&current) {
            return Ok(Target::Stream(fd));
        }
        let meta = match fs::symlink_metadata(&current) {
            Err(e) if e.kind() == ErrorKind::NotFound => return new_file(current, via_link),
            Err(e) => return Err(e),
            Ok(meta) => meta,
        };
        if !meta.file_type().is_symlink() {
            return existing(current, &meta);
        }
        let link = fs::read_link(&current)?;
        current = match current.parent() {
            // An absolute link replaces the whole path when joined.
            Some(dir) => dir.join(link),
            None => link,
        };
        via_link = true;
    }
    // The system's own words for a loop of links, where it has them.
    match fs::metadata(path) {
        Err(e) => Err(e),
        Ok(_) => Err(io::Error::other(format!(
            "more than {MAX_LINKS} symbolic links to follow"
        ))),
    }
}

/// Checks, before anything is measured, that `path` can be written as
/// [`resolve`] would write it; for a file that may not exist yet, by making
/// and removing a file in its folder (which also finds a read-only file
/// system, and a folder this user may not write).
pub(crate) fn check_writable(path: &Path) -> io::Result<()> {
    if let Target::File(file) = resolve(path)? {
        let probe = super::atomic::temp_path(folder_of(&file), &file_name_of(&file)?);
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .map_err(|e| reason(e.kind(), format!("its folder cannot be written: {e}")))?;
        let _ = fs::remove_file(&probe);
    }
    Ok(())
}

/// The folder a file is in (`.` for a bare name).
pub(crate) fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The file name of `file`, or an error for a path that names no file (`/`).
pub(crate) fn file_name_of(file: &Path) -> io::Result<String> {
    match file.file_name() {
        Some(n) => Ok(n.to_string_lossy().into_owned()),
        None => Err(reason(
            ErrorKind::InvalidInput,
            "it is not a file path".into(),
        )),
    }
}

/// A path that does not exist yet: written as a new file, if its folder is
/// there and writable.
fn new_file(path: PathBuf, via_link: bool) -> io::Result<Target> {
    file_name_of(&path)?;
    let folder = folder_of(&path);
    let behind = if via_link {
        format!("it is a symbolic link to `{}`, and ", shown(&path))
    } else {
        String::new()
    };
    match fs::metadata(folder) {
        Err(e) if e.kind() == ErrorKind::NotFound => Err(reason(
            ErrorKind::NotFound,
            format!("{behind}the folder `{}` does not exist", shown(folder)),
        )),
        Err(e) => Err(e),
        Ok(m) if !m.is_dir() => Err(reason(
            ErrorKind::NotADirectory,
            format!("{behind}`{}` is not a folder", shown(folder)),
        )),
        Ok(m) if m.permissions().readonly() => Err(reason(
            ErrorKind::PermissionDenied,
            format!("{behind}the folder `{}` is read-only", shown(folder)),
        )),
        Ok(_) => Ok(Target::File(path)),
    }
}

/// A path that exists (links followed): what it is decides how it is written.
fn existing(path: PathBuf, meta: &fs::Metadata) -> io::Result<Target> {
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(reason(ErrorKind::IsADirectory, "it is a folder".into()));
    }
    if kind.is_file() {
        if meta.permissions().readonly() {
            return Err(reason(
                ErrorKind::PermissionDenied,
                "it is read-only".into(),
            ));
        }
        let folder = folder_of(&path);
        if fs::metadata(folder).is_ok_and(|m| m.permissions().readonly()) {
            return Err(reason(
                ErrorKind::PermissionDenied,
                format!(
                    "its folder `{}` is read-only, so it cannot be replaced",
                    shown(folder)
                ),
            ));
        }
        return Ok(Target::File(path));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_block_device() {
            return Err(reason(
                ErrorKind::InvalidInput,
                "it is a block device (a disk), which a report is never written to".into(),
            ));
        }
        if kind.is_socket() {
            return Ok(Target::Socket(path));
        }
    }
    // A character device or a FIFO (and whatever else the system has).
    Ok(Target::Stream(path))
}

/// `/dev/stdout`, `/dev/stderr`, and descriptors 1 and 2 of this process
/// under `/dev/fd` or `/proc`: its own streams, written through the
/// process's handles (never reopened, so a redirected file keeps its
/// offset and what the shell wrote before).
fn standard_stream(path: &Path) -> Option<Target> {
    match path.to_str()? {
        "/dev/stdout" => return Some(Target::Stdout),
        "/dev/stderr" => return Some(Target::Stderr),
        _ => {}
    }
    let (owner, fd) = fd_path_parts(path)?;
    if let Some(o) = owner {
        if o != "self" && o != "thread-self" && o != std::process::id().to_string() {
            return None;
        }
    }
    match fd.as_str() {
        "1" => Some(Target::Stdout),
        "2" => Some(Target::Stderr),
        _ => None,
    }
}

/// Another descriptor under `/dev/fd/N` or `/proc/PID/fd/N`: written by
/// reopening that path for appending (following its link there would lead
/// to names like `pipe:[123]` that are no paths).
fn descriptor_path(path: &Path) -> Option<PathBuf> {
    fd_path_parts(path).map(|_| path.to_path_buf())
}

/// For `/dev/fd/N` (`(None, N)`) and `/proc/OWNER/fd/N` (`(Some(OWNER), N)`).
fn fd_path_parts(path: &Path) -> Option<(Option<String>, String)> {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        parts.push(match c {
            Component::Normal(p) => p.to_string_lossy().into_owned(),
            Component::RootDir => "/".to_owned(),
            _ => String::new(),
        });
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        ["/", "dev", "fd", n] if is_fd(n) => Some((None, (*n).to_owned())),
        ["/", "proc", owner, "fd", n] if is_fd(n) => {
            Some((Some((*owner).to_owned()), (*n).to_owned()))
        }
        _ => None,
    }
}

/// A descriptor number: digits only.
fn is_fd(n: &str) -> bool {
    !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
}

/// A path as a reason shows it: on one line.
fn shown(path: &Path) -> String {
    crate::model::error::one_line(&path.display().to_string())
}

fn reason(kind: ErrorKind, text: String) -> io::Error {
    io::Error::new(kind, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_streams_and_descriptors_are_told_by_their_names() {
        assert_eq!(resolve(Path::new("/dev/stdout")).unwrap(), Target::Stdout);
        assert_eq!(resolve(Path::new("/dev/stderr")).unwrap(), Target::Stderr);
        assert_eq!(resolve(Path::new("/dev/fd/1")).unwrap(), Target::Stdout);
        assert_eq!(
            resolve(Path::new("/proc/self/fd/2")).unwrap(),
            Target::Stderr
        );
        let own = format!("/proc/{}/fd/1", std::process::id());
        assert_eq!(resolve(Path::new(&own)).unwrap(), Target::Stdout);
        assert_eq!(
            resolve(Path::new("/dev/fd/7")).unwrap(),
            Target::Stream("/dev/fd/7".into())
        );
        // Another process's descriptor 1 is not this process's stdout.
        assert_eq!(
            fd_path_parts(Path::new("/proc/1/fd/1"))
                .unwrap()
                .0
                .as_deref(),
            Some("1")
        );
        assert_eq!(standard_stream(Path::new("/proc/1/fd/1")), None);
        assert_eq!(fd_path_parts(Path::new("/dev/fd/x")), None);
        assert_eq!(fd_path_parts(Path::new("dev/fd/1")), None);
    }

    #[test]
    fn a_path_without_a_file_name_is_refused() {
        let err = resolve(Path::new("/")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::IsADirectory);
    }
}
