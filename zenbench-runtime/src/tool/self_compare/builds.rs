//! The two builds of self-compare: the old revision checked out in a git
//! worktree of its own and built with its own target folder (both kept for
//! the next run), and the working tree as it is.

use super::super::usage;
use crate::model::json::{parse as parse_json, Json};
use crate::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What was built, and of which revisions.
pub(super) struct Builds {
    /// The old revision's bench targets.
    pub(super) old: Vec<Built>,
    /// The working tree's.
    pub(super) new: Vec<Built>,
    /// The old revision as named: `--ref`, or the merge base.
    pub(super) reference: String,
    /// Its commit.
    pub(super) sha: String,
    /// The working tree has uncommitted changes.
    pub(super) dirty: bool,
    /// The working tree's `HEAD`.
    pub(super) head: Option<String>,
    /// Seconds the two builds took.
    pub(super) build_s: f64,
}

/// A built bench target.
pub(super) struct Built {
    pub(super) name: String,
    pub(super) exe: PathBuf,
    /// Its package's folder, where `cargo bench` runs it.
    pub(super) dir: PathBuf,
}

/// Builds the bench targets (`bench`, or all) at `reference` (default: the
/// merge base with the upstream branch) and in the working tree.
pub(super) fn build_both(reference: Option<&str>, bench: Option<&str>) -> Result<Builds, Error> {
    let building = Instant::now();
    let cwd =
        std::env::current_dir().map_err(|e| Error::Config(format!("no current folder: {e}")))?;
    let root = git(&cwd, &["rev-parse", "--show-toplevel"])
        .map(PathBuf::from)
        .ok_or_else(|| {
            Error::Config("not in a git repository: self-compare builds a revision of one".into())
        })?;
    let rel = cwd.strip_prefix(&root).unwrap_or(Path::new("")).to_owned();
    let reference = match reference {
        Some(r) => r.to_owned(),
        None => git(&cwd, &["merge-base", "HEAD", "@{upstream}"]).ok_or_else(|| {
            usage("no --ref given, and this branch has no upstream to take the merge base with: give --ref REF")
        })?,
    };
    let sha = git(
        &cwd,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ],
    )
    .ok_or_else(|| usage(&format!("`{reference}` is not a commit of this repository")))?;
    let short = &sha[..sha.len().min(12)];
    let dirty = git(&cwd, &["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|s| !s.is_empty());
    let head = git(&cwd, &["rev-parse", "HEAD"]);

    // The old revision's tree and target folder, kept for the next run.
    let cache = std::env::temp_dir().join(format!(
        "zenbench-self-compare-{:016x}",
        crate::model::result::fnv1a(&root.display().to_string())
    ));
    let tree = cache.join("tree");
    let checked_out = tree.is_dir()
        && git(&tree, &["checkout", "--quiet", "--detach", "--force", &sha]).is_some();
    if !checked_out {
        let _ = std::fs::remove_dir_all(&tree);
        let _ = git(&root, &["worktree", "prune"]);
        git(
            &root,
            &[
                "worktree",
                "add",
                "--quiet",
                "--detach",
                "--force",
                &tree.display().to_string(),
                &sha,
            ],
        )
        .ok_or_else(|| Error::Config(format!("cannot check out {short} in {}", tree.display())))?;
    }
    eprintln!("self-compare: building {short} ({reference})");
    let old = build(
        &tree.join(&rel),
        Some(&cache.join("target")),
        bench,
        &format!("`{reference}`"),
    )?;
    eprintln!(
        "self-compare: building the working tree{}",
        if dirty {
            " (with its uncommitted changes)"
        } else {
            ""
        }
    );
    let new = build(&cwd, None, bench, "the working tree")?;
    if new.is_empty() {
        return Err(Error::Config(
            "the working tree has no bench target to compare".into(),
        ));
    }
    Ok(Builds {
        old,
        new,
        reference,
        sha,
        dirty,
        head,
        build_s: building.elapsed().as_secs_f64(),
    })
}

/// Runs git in `dir`: its trimmed stdout, or `None` when it fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// `cargo bench --no-run` in `dir`, the bench executables it built.
fn build(
    dir: &Path,
    target_dir: Option<&Path>,
    bench: Option<&str>,
    what: &str,
) -> Result<Vec<Built>, Error> {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(dir)
        .args([
            "bench",
            "--no-run",
            "--message-format=json-render-diagnostics",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(b) = bench {
        cmd.args(["--bench", b]);
    }
    if let Some(t) = target_dir {
        cmd.env("CARGO_TARGET_DIR", t);
    }
    let out = cmd
        .output()
        .map_err(|e| Error::Config(format!("cannot run cargo to build {what}: {e}")))?;
    if !out.status.success() {
        return Err(Error::Config(format!(
            "{what} does not build: `cargo bench --no-run` failed in {}",
            dir.display()
        )));
    }
    let mut built = Vec::new();
    for line in out.stdout.split(|&b| b == b'\n') {
        let Ok(v) = parse_json(line) else {
            continue;
        };
        let target = v.get("target");
        let is_bench = text_of(v.get("reason")) == "compiler-artifact"
            && target
                .and_then(|t| t.get("kind"))
                .and_then(Json::as_array)
                .is_some_and(|k| k.iter().any(|x| x.as_str() == Some("bench")));
        if let (true, Some(exe)) = (is_bench, v.get("executable").and_then(Json::as_str)) {
            let manifest = PathBuf::from(text_of(v.get("manifest_path")));
            built.push(Built {
                name: text_of(target.and_then(|t| t.get("name"))).to_owned(),
                exe: PathBuf::from(exe),
                dir: manifest
                    .parent()
                    .map_or_else(|| dir.to_owned(), Path::to_owned),
            });
        }
    }
    Ok(built)
}

/// A string value's text; empty when absent or not a string.
fn text_of(v: Option<&Json>) -> &str {
    v.and_then(Json::as_str).unwrap_or_default()
}
