//! End-to-end: runs that share one state folder (`ZENBENCH_HOME`). Two
//! saves at once serialise through the state lock and leave whole files;
//! the lock of a run killed while holding it is free for the next run;
//! two runs appending to one history never tear a line.
//!
//! Each run here gets a machine lock of its own (`ZENBENCH_LOCK_PATH`), so
//! that two runs measure at once and their writes meet, which the machine
//! lock would otherwise keep apart.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use zenbench_tests::command;

const FAST: &str = env!("CARGO_BIN_EXE_fixture_fast");

fn temp(tag: &str) -> PathBuf {
    zenbench_tests::temp_dir("conc", tag)
}

/// `fixture_fast --bench ... --exact tiny ARGS` on state folder `home`,
/// with a machine lock of its own, started and not waited for.
fn start(home: &Path, lock: &str, args: &[&str], env: &[(&str, &str)]) -> Child {
    let mut all = vec![
        "--bench",
        "-q",
        "--max-time",
        "0.05",
        "--exact",
        "tiny",
        "--format",
        "json",
    ];
    all.extend_from_slice(args);
    let lock = home.join(format!("{lock}.machine-lock"));
    command(FAST, &all, env)
        .env("ZENBENCH_HOME", home.join("state"))
        .env("ZENBENCH_LOCK_PATH", lock)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for a run: its exit code, and the `run_id` of its JSON report.
fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (code, v["run_id"].as_str().unwrap().to_owned())
}

/// The run id of a baseline file, which must be a whole result.
fn saved_run_id(path: &Path) -> String {
    let bytes = fs::read(path).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{} is not whole: {e}", path.display()));
    assert_eq!(v["mode"], "bench");
    v["run_id"].as_str().unwrap().to_owned()
}

fn temps(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

#[test]
fn two_runs_saving_at_once_take_turns_and_both_baselines_are_whole() {
    let home = temp("two");
    let baselines = home.join("state/baselines");
    // Each holds its complete temporary file 400 ms before the rename,
    // under the lock: were the writes not serialised, both temporary files
    // would be there together for most of that time.
    let pause = [("ZENBENCH_TEST_PAUSE_BEFORE_RENAME_MS", "400")];
    for names in [["one", "two"], ["same", "same"]] {
        let a = start(&home, "a", &["--save-baseline", names[0]], &pause);
        let b = start(&home, "b", &["--save-baseline", names[1]], &pause);
        let (mut a, mut b) = (Some(a), Some(b));
        let mut most = 0;
        while a.as_mut().is_some_and(|c| c.try_wait().unwrap().is_none())
            || b.as_mut().is_some_and(|c| c.try_wait().unwrap().is_none())
        {
            most = most.max(temps(&baselines).len());
            std::thread::sleep(Duration::from_millis(5));
        }
        let ids = [finish(a.take().unwrap()).1, finish(b.take().unwrap()).1];
        assert!(
            most <= 1,
            "{names:?}: two writes at once ({most} temporary files)"
        );
        assert!(temps(&baselines).is_empty(), "{:?}", temps(&baselines));
        if names[0] == names[1] {
            // The later save replaced the earlier, whole.
            let saved = saved_run_id(&baselines.join("same.json"));
            assert!(ids.contains(&saved), "{saved} is neither of {ids:?}");
        } else {
            assert_eq!(saved_run_id(&baselines.join("one.json")), ids[0]);
            assert_eq!(saved_run_id(&baselines.join("two.json")), ids[1]);
        }
    }
    fs::remove_dir_all(&home).unwrap();
}

#[test]
fn the_state_lock_of_a_run_killed_while_saving_is_free_for_the_next_run() {
    let home = temp("killed");
    let baselines = home.join("state/baselines");
    let first = finish(start(&home, "a", &["--save-baseline", "main"], &[])).1;
    // This one stops with its temporary file complete, holding the lock.
    let mut held = start(
        &home,
        "a",
        &["--save-baseline", "main"],
        &[("ZENBENCH_TEST_PAUSE_BEFORE_RENAME_MS", "60000")],
    );
    let since = Instant::now();
    while temps(&baselines).is_empty() {
        assert!(held.try_wait().unwrap().is_none(), "the holder ended early");
        assert!(since.elapsed() < Duration::from_secs(120), "no save began");
        std::thread::sleep(Duration::from_millis(10));
    }
    held.kill().unwrap();
    held.wait().unwrap();
    assert_eq!(
        temps(&baselines).len(),
        1,
        "the killed run's temporary file"
    );
    assert_eq!(saved_run_id(&baselines.join("main.json")), first);
    // The next run takes the lock at once, saves, and clears the leftover.
    let next = finish(start(&home, "b", &["--save-baseline", "main"], &[])).1;
    assert_eq!(saved_run_id(&baselines.join("main.json")), next);
    assert!(temps(&baselines).is_empty(), "{:?}", temps(&baselines));
    fs::remove_dir_all(&home).unwrap();
}

#[test]
fn two_runs_appending_to_one_history_never_tear_a_line() {
    let home = temp("history");
    let history = [("ZENBENCH_NO_HISTORY", "")];
    let mut ids = Vec::new();
    for _ in 0..3 {
        let a = start(&home, "a", &[], &history);
        let b = start(&home, "b", &[], &history);
        ids.push(finish(a).1);
        ids.push(finish(b).1);
    }
    let dir = home.join("state/history");
    let files: Vec<_> = fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one bench target, one history file");
    let text = fs::read_to_string(files[0].path()).unwrap();
    let mut seen = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("a torn history line ({e}): {line}"));
        assert_eq!(v["full_name"], "tiny", "{line}");
        seen.push(v["run_id"].as_str().unwrap().to_owned());
    }
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids, "one line per run, every run's");
    fs::remove_dir_all(&home).unwrap();
}
