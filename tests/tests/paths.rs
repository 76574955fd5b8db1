//! The paths a user names, end to end through a bench binary: `--output`,
//! `ZENBENCH_RESULT_PATH` and `GITHUB_STEP_SUMMARY` write through a link,
//! a FIFO, a character device or a standard stream without replacing it,
//! and a path that cannot be written is refused before anything is
//! measured. Everything is built in a temporary folder of its own; the
//! real `/dev/null` is never named.
#![cfg(unix)]

use std::fs;
use std::io::Read;
use std::os::unix::fs::{symlink, FileTypeExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;
use zenbench_tests::{command, measuring, run_env, Run};

const FAST: &str = env!("CARGO_BIN_EXE_fixture_fast");

/// A measured run of one quick bench, with `env`.
fn bench(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec!["--bench", "--max-time", "0.1", "--exact", "tiny"];
    all.extend_from_slice(args);
    run_env(FAST, &all, env)
}

fn temp(tag: &str) -> PathBuf {
    zenbench_tests::temp_dir("paths-e2e", tag)
}

/// A FIFO at `path` and a thread reading it to the end.
fn fifo_reader(path: &Path) -> Receiver<Vec<u8>> {
    assert!(std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success()));
    let (tx, rx) = mpsc::channel();
    let at = path.to_path_buf();
    std::thread::spawn(move || {
        let mut got = Vec::new();
        fs::File::open(&at).unwrap().read_to_end(&mut got).unwrap();
        let _ = tx.send(got);
    });
    rx
}

/// What the FIFO's reader got; if nothing ever came, frees the reader and
/// fails (so a broken writer fails the test instead of hanging it).
fn received(rx: &Receiver<Vec<u8>>, fifo: &Path) -> String {
    let got = rx
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| {
            drop(fs::OpenOptions::new().write(true).open(fifo));
            panic!("the FIFO's reader got nothing")
        });
    String::from_utf8(got).unwrap()
}

fn is_fifo(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_fifo())
}

#[test]
fn output_through_a_link_a_fifo_and_stdout_keeps_each_what_it_was() {
    let _guard = measuring();
    let dir = temp("output");
    // A link: followed, its target replaced, the link kept.
    let target = dir.join("report.json");
    fs::write(&target, "old").unwrap();
    symlink(&target, dir.join("link.json")).unwrap();
    let link = dir.join("link.json");
    let r = bench(
        &["--format", "json", "--output", link.to_str().unwrap()],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(v["groups"][0]["benchmarks"][0]["name"], "tiny");
    // A FIFO: its reader gets the report; it stays a FIFO.
    let fifo = dir.join("fifo");
    let rx = fifo_reader(&fifo);
    let r = bench(&["--format", "md", "--output", fifo.to_str().unwrap()], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(received(&rx, &fifo).contains("tiny"));
    assert!(is_fifo(&fifo), "the FIFO is still a FIFO");
    // This process's stdout, by name.
    let r = bench(&["--format", "json", "--output", "/dev/stdout"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["groups"][0]["benchmarks"][0]["name"], "tiny");
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 3, "no file was added");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_character_device_named_by_output_and_the_step_summary_stays_a_device() {
    let _guard = measuring();
    let dir = temp("device");
    let null = dir.join("null");
    let made = std::process::Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        println!("skipped: mknod failed (the tests do not run as root)");
        return;
    }
    let path = null.to_str().unwrap();
    let r = bench(
        &["--format", "json", "--output", path],
        &[("GITHUB_STEP_SUMMARY", path)],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("appended the Markdown report"),
        "{}",
        r.stderr
    );
    let kind = fs::symlink_metadata(&null).unwrap().file_type();
    assert!(kind.is_char_device(), "still a character device: {kind:?}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_step_summary_and_a_childs_result_path_write_through() {
    let _guard = measuring();
    let dir = temp("summary");
    let fifo = dir.join("summary");
    let rx = fifo_reader(&fifo);
    let r = bench(&[], &[("GITHUB_STEP_SUMMARY", fifo.to_str().unwrap())]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(received(&rx, &fifo).contains("| `tiny` |"));
    assert!(is_fifo(&fifo));
    // A child of `--<how>-of-processes` writes its whole result through a
    // link to the file its parent reads.
    let result = dir.join("result.json");
    symlink(&result, dir.join("result-link")).unwrap();
    let link = dir.join("result-link");
    let r = bench(
        &[],
        &[
            ("ZENBENCH_SUBPROCESS", "1"),
            ("ZENBENCH_RESULT_PATH", link.to_str().unwrap()),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&result).unwrap()).unwrap();
    assert!(v["groups"][0]["benchmarks"][0]["samples_ns"].is_array());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_output_path_that_cannot_be_written_is_refused_before_measuring() {
    let _guard = measuring();
    let dir = temp("refused");
    fs::create_dir(dir.join("folder")).unwrap();
    symlink("gone/x.json", dir.join("dangling")).unwrap();
    let cases = [
        ("folder", "it is a folder"),
        ("dangling", "does not exist"),
        ("missing/out.json", "the folder"),
    ];
    for (name, reason) in cases {
        let state = dir.join(format!("state-{}", name.replace('/', "-")));
        let out = dir.join(name);
        // The history would be appended by a measured run: its absence
        // shows nothing was measured.
        let env = [
            ("ZENBENCH_HOME", state.to_str().unwrap()),
            ("ZENBENCH_NO_HISTORY", ""),
        ];
        let r = bench(
            &["--format", "json", "--output", out.to_str().unwrap()],
            &env,
        );
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: one line: {}", r.stderr);
        assert!(
            lines[0].starts_with("error: cannot write `"),
            "{}",
            lines[0]
        );
        assert!(lines[0].contains(reason), "{name}: {}", lines[0]);
        assert!(!state.exists(), "{name}: nothing was measured");
    }
    // The same run with a path it can write measures and records.
    let state = dir.join("state-ok");
    let out = dir.join("ok.json");
    let mut cmd = command(
        FAST,
        &[
            "--bench",
            "--max-time",
            "0.1",
            "--exact",
            "tiny",
            "--format",
            "json",
        ],
        &[
            ("ZENBENCH_HOME", state.to_str().unwrap()),
            ("ZENBENCH_NO_HISTORY", ""),
        ],
    );
    let status = cmd
        .args(["--output", out.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        state.join("history").is_dir(),
        "a measured run records its history"
    );
    assert!(dir.join("folder").is_dir() && fs::read_dir(dir.join("folder")).unwrap().count() == 0);
    fs::remove_dir_all(&dir).unwrap();
}
