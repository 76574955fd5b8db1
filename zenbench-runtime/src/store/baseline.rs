//! Saved baselines: `.zenbench/baselines/<name>.json`, a whole result with
//! its per-round samples.
//!
//! A baseline is never overwritten unless it reads back as a result: a
//! corrupt, truncated or newer-version file is reported and left alone, so
//! nothing a run cannot read is lost by that run.

use super::state::State;
use super::view::ResultFile;
use crate::model::result::{RunMode, SuiteResult, SCHEMA_VERSION};
use crate::model::text::joined;
use crate::Error;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub(crate) use crate::model::options::check_baseline_name;

/// The file of baseline `name` (already checked).
pub(crate) fn baseline_path(state: &State, name: &str) -> PathBuf {
    state.baselines_dir().join(format!("{name}.json"))
}

/// Reads baseline `name` as `T` (a comparison's [`RunView`](super::RunView),
/// or the whole `SuiteResult`): a measured result of a schema version this
/// build reads. Missing, unreadable, corrupt, smoke-test and future-version
/// files are errors (exit code 2); nothing is written.
pub(crate) fn load_baseline<T: ResultFile>(state: &State, name: &str) -> Result<T, Error> {
    let path = baseline_path(state, name);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let saved = saved_names(state);
            let saved = if saved.is_empty() {
                "none is saved yet".to_owned()
            } else {
                format!("saved: {}", joined(&saved, ", "))
            };
            return Err(Error::Data {
                path,
                message: format!(
                    "no baseline named `{name}` ({saved}); save one with `--save-baseline {name}`"
                ),
            });
        }
        Err(e) => return Err(unreadable(&path, &e)),
    };
    let (result, mode) = parse_with_mode(&path, &bytes)?;
    if mode == Some(RunMode::Test) {
        return Err(Error::Data {
            path,
            message: "was saved by a smoke test (`cargo test --benches`), which measures \
                      nothing; save baselines from `cargo bench`"
                .to_owned(),
        });
    }
    Ok(result)
}

/// Reads any result file (a baseline, or `--format json` output) as `T`.
#[cfg(feature = "cli")]
pub(crate) fn read_result<T: ResultFile>(path: &Path) -> Result<T, Error> {
    let bytes = fs::read(path).map_err(|e| unreadable(path, &e))?;
    parse_with_mode(path, &bytes).map(|(r, _)| r)
}

fn unreadable(path: &Path, e: &io::Error) -> Error {
    Error::Data {
        path: path.to_owned(),
        message: format!("cannot be read: {e}"),
    }
}

/// Parses a result file as `T`, with its `mode`, saying what is wrong with
/// one that is not a result of a schema version this build reads.
pub(crate) fn parse_with_mode<T: ResultFile>(
    path: &Path,
    bytes: &[u8],
) -> Result<(T, Option<RunMode>), Error> {
    let bad = |message: String| Error::Data {
        path: path.to_owned(),
        message,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(bad(
            "is empty (an interrupted copy?); it is left as it is".into()
        ));
    }
    // The version first, so that a newer file is named as such rather than
    // by the first field it moved.
    let probe = crate::model::result::value::parse(bytes).map_err(|e| {
        bad(format!(
            "is not valid JSON ({e}): truncated or corrupt; it is left as it is"
        ))
    })?;
    let version = probe
        .get("schema_version")
        .and_then(|v| v.as_u64())
        .ok_or_else(|| bad("is not a zenbench result (it has no `schema_version`)".into()))?;
    let mode = match probe.get("mode").and_then(|v| v.as_str()) {
        Some("test") => Some(RunMode::Test),
        Some("bench") => Some(RunMode::Bench),
        _ => None,
    };
    if version == 0 || version > u64::from(SCHEMA_VERSION) {
        return Err(bad(format!(
            "has schema version {version}, which this zenbench (reading version \
             {SCHEMA_VERSION}) does not know; use the zenbench that wrote it, or a newer one"
        )));
    }
    let result =
        T::from_file(&probe).map_err(|e| bad(format!("is not a valid zenbench result: {e}")))?;
    Ok((result, mode))
}

/// Saves `result` (with its samples) as baseline `name`, replacing an
/// older one atomically under the state lock. An existing file that does
/// not read back as a result is an error and stays as it is.
pub(crate) fn save_baseline(
    state: &State,
    name: &str,
    result: &SuiteResult,
) -> Result<PathBuf, Error> {
    let lock = state.lock()?;
    let path = baseline_path(state, name);
    check_replaceable(&path, name)?;
    lock.write(&path, result.to_json_with_samples().as_bytes())?;
    Ok(path)
}

/// A baseline file may be replaced when it is absent or reads as a result.
pub(crate) fn check_replaceable(path: &Path, name: &str) -> Result<(), Error> {
    match fs::read(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(unreadable(path, &e)),
        Ok(bytes) => match parse_with_mode::<super::RunView>(path, &bytes) {
            Ok(_) => Ok(()),
            Err(Error::Data { path, message }) => Err(Error::Data {
                message: format!(
                    "{message}; it is not replaced: delete it (`zenbench baseline delete \
                     {name}`) or save under another name"
                ),
                path,
            }),
            Err(e) => Err(e),
        },
    }
}

/// Names of the saved baselines, sorted (files `<valid name>.json`; the
/// lock and temporary files are not baselines).
pub(crate) fn saved_names(state: &State) -> Vec<String> {
    let Ok(dir) = fs::read_dir(state.baselines_dir()) else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for e in dir.flatten() {
        // A link to a baseline file is one too.
        if !fs::metadata(e.path()).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let Ok(file) = e.file_name().into_string() else {
            continue;
        };
        let Some(name) = file.strip_suffix(".json") else {
            continue;
        };
        if name.starts_with('.') || check_baseline_name(name).is_err() {
            continue;
        }
        // Kept sorted as they are read: a folder holds a few.
        let at = names.partition_point(|n| n.as_str() <= name);
        names.insert(at, name.to_owned());
    }
    names
}

/// Deletes baseline `name` under the state lock.
#[cfg(any(test, feature = "cli"))]
pub(crate) fn delete_baseline(state: &State, name: &str) -> Result<PathBuf, Error> {
    let path = baseline_path(state, name);
    let missing = |path: PathBuf| Error::Data {
        path,
        message: format!("no baseline named `{name}`"),
    };
    // No state folder, no baseline: said without creating the folder and
    // its lock, as taking the lock would.
    if !state.root().exists() {
        return Err(missing(path));
    }
    let lock = state.lock()?;
    if !path.is_file() {
        return Err(missing(path));
    }
    lock.remove(&path)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::bench_suite;

    fn temp_state(tag: &str) -> State {
        let dir = std::env::temp_dir().join(format!("zb-baseline-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        State::at(dir)
    }

    #[test]
    fn names_are_one_plain_file_name() {
        for good in ["main", "v1.2.3", "pr_42-head", "A", &"x".repeat(64), "..."] {
            assert_eq!(check_baseline_name(good), Ok(()), "{good}");
        }
        let bad = [
            ("", "1 to 64 characters"),
            (&"x".repeat(65), "1 to 64 characters"),
            (".", "not `.` or `..`"),
            ("..", "not `.` or `..`"),
            ("a/b", "letters, digits, `.`, `_` and `-` only"),
            ("../up", "letters, digits, `.`, `_` and `-` only"),
            ("a\\b", "letters, digits, `.`, `_` and `-` only"),
            ("with space", "letters, digits, `.`, `_` and `-` only"),
            ("é", "letters, digits, `.`, `_` and `-` only"),
            ("nul\0", "letters, digits, `.`, `_` and `-` only"),
        ];
        for (name, why) in bad {
            assert_eq!(check_baseline_name(name), Err(why), "{name:?}");
        }
    }

    #[test]
    fn a_saved_baseline_loads_back_with_its_samples() {
        let state = temp_state("roundtrip");
        let mut result = bench_suite();
        result.groups[0].benchmarks[0].samples_ns = vec![1.0, f64::NAN, 3.0];
        let path = save_baseline(&state, "main", &result).unwrap();
        assert_eq!(path, state.baselines_dir().join("main.json"));
        let back: SuiteResult = load_baseline(&state, "main").unwrap();
        let samples = &back.groups[0].benchmarks[0].samples_ns;
        assert_eq!(samples.len(), 3);
        assert!(samples[1].is_nan(), "null reads back as NaN");
        assert_eq!(saved_names(&state), ["main"]);
        delete_baseline(&state, "main").unwrap();
        assert!(saved_names(&state).is_empty());
        fs::remove_dir_all(state.root()).unwrap();
    }

    #[test]
    fn unusable_files_are_errors_and_are_never_replaced() {
        let state = temp_state("bad");
        fs::create_dir_all(state.baselines_dir()).unwrap();
        let good = bench_suite().to_json();
        let future = good.replacen("\"schema_version\": 1", "\"schema_version\": 99", 1);
        let smoke = crate::report::fixture::smoke_suite().to_json();
        let cases: [(&str, &str, &str); 6] = [
            ("empty", "", "is empty"),
            ("blank", "\n  \n", "is empty"),
            ("truncated", &good[..good.len() / 2], "is not valid JSON"),
            ("garbage", "\u{1}\u{2}not json", "is not valid JSON"),
            ("future", &future, "schema version 99"),
            ("other", "{\"hello\": 1}", "no `schema_version`"),
        ];
        for (name, text, why) in cases {
            let path = baseline_path(&state, name);
            fs::write(&path, text).unwrap();
            let err = load_baseline::<SuiteResult>(&state, name).unwrap_err();
            assert_eq!(err.exit_code(), 2);
            assert!(err.to_string().contains(why), "{name}: {err}");
            let err = save_baseline(&state, name, &bench_suite()).unwrap_err();
            assert!(
                err.to_string().contains("it is not replaced"),
                "{name}: {err}"
            );
            assert_eq!(fs::read_to_string(&path).unwrap(), text, "{name} untouched");
        }
        fs::write(baseline_path(&state, "smoke"), smoke).unwrap();
        let err = load_baseline::<SuiteResult>(&state, "smoke").unwrap_err();
        assert!(err.to_string().contains("smoke test"), "{err}");
        let err = load_baseline::<SuiteResult>(&state, "missing").unwrap_err();
        assert!(
            err.to_string()
                .contains("no baseline named `missing` (saved: "),
            "{err}"
        );
        assert!(delete_baseline(&state, "missing").is_err());
        fs::remove_dir_all(state.root()).unwrap();
    }

    #[test]
    fn deleting_from_a_state_folder_that_does_not_exist_creates_nothing() {
        let state = temp_state("delete-nothing");
        let err = delete_baseline(&state, "x").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("no baseline named `x`"), "{err}");
        assert!(!state.root().exists(), "the folder was created");
    }
}
