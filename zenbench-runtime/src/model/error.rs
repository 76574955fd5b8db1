//! The one error type of a run and its exit codes (see the book's
//! command-line reference, `reference/options.md`); the process layer
//! turns a whole run's outcome into its exit code.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Exit code: success.
pub(crate) const EXIT_OK: i32 = 0;
/// Exit code: a benchmark failed (panicked, crashed, timed out), a
/// regression against a baseline, or a failed child process.
pub(crate) const EXIT_FAILED: i32 = 1;
/// Exit code: a usage, configuration or data error.
pub(crate) const EXIT_ERROR: i32 = 2;

/// Why a run could not be carried out. Every variant but
/// [`Error::Failed`] exits with code 2; its [`Display`](fmt::Display) is one
/// line naming the problem.
///
/// ```
/// let mut suite = zenbench::Suite::new();
/// suite.bench("a", |b| b.iter(|| 1));
/// suite.bench("a", |b| b.iter(|| 2));
/// let err = suite.run(&zenbench::Options::default()).unwrap_err();
/// assert!(matches!(err, zenbench::Error::Config(_)));
/// assert_eq!(err.exit_code(), 2);
/// assert!(err.to_string().starts_with("two benchmarks are named `a`"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A bad flag, value or `ZENBENCH_*` variable.
    Usage(String),
    /// The declared benchmarks do not make a valid plan (two benchmarks
    /// with one name, two baselines in a group, an option out of range).
    Config(String),
    /// A file zenbench reads is unusable (corrupt, wrong schema version).
    Data {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The run was carried out and failed as a whole: every child process
    /// of `--<how>-of-processes` crashed, was killed or gave no result.
    /// Exits with code 1, like a failed benchmark.
    Failed(String),
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
}

impl Error {
    /// The process exit code this error ends a run with: 1 for
    /// [`Error::Failed`], else 2.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Failed(_) => EXIT_FAILED,
            Error::Usage(_) | Error::Config(_) | Error::Data { .. } | Error::Io { .. } => {
                EXIT_ERROR
            }
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(msg) | Error::Config(msg) | Error::Failed(msg) => f.write_str(msg),
            Error::Data { path, message } => write!(f, "`{}`: {message}", path_line(path)),
            Error::Io { path, source } => write!(f, "cannot write `{}`: {source}", path_line(path)),
        }
    }
}

/// `text` as a message shows it: control characters escaped (`\n`), so the
/// message stays one line.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            for e in c.escape_default() {
                out.push(e);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A path as a message shows it, on one line.
fn path_line(path: &std::path::Path) -> String {
    one_line(&path.display().to_string())
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn every_error_exits_with_2_and_io_keeps_its_source() {
        let io = Error::io(
            "out/x.json",
            io::Error::new(io::ErrorKind::NotFound, "gone"),
        );
        assert_eq!(io.exit_code(), 2);
        assert_eq!(io.to_string(), "cannot write `out/x.json`: gone");
        assert_eq!(io.source().unwrap().to_string(), "gone");
        let data = Error::Data {
            path: "b.json".into(),
            message: "not a zenbench result".into(),
        };
        assert_eq!(data.to_string(), "`b.json`: not a zenbench result");
        assert!(data.source().is_none());
        assert_eq!(data.exit_code(), 2);
    }
}
