//! End-to-end: saved baselines, the comparison's exit codes, the files'
//! safety, the `zenbench` tool and the history, over `fixture_baseline`.

use std::fs;
use std::time::{Duration, Instant};
use zenbench_tests::{command, measuring, run_env, Home, Run};

const FIXTURE: &str = env!("CARGO_BIN_EXE_fixture_baseline");
const TOOL: &str = env!("CARGO_BIN_EXE_zenbench_tool");

/// The fixture and the tool, run with a home of their own.
trait Fixture {
    fn bench(&self, args: &[&str], env: &[(&str, &str)]) -> Run;
    fn tool(&self, args: &[&str]) -> Run;
}

impl Fixture for Home {
    /// The fixture, measured briefly, with this home and `env`.
    fn bench(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut all = vec!["--bench", "--max-time", "0.3"];
        all.extend_from_slice(args);
        self.run(FIXTURE, &all, env)
    }

    fn tool(&self, args: &[&str]) -> Run {
        self.run(TOOL, args, &[])
    }
}

const SLOW: (&str, &str) = ("ZB_FIXTURE_SLOWDOWN", "2");

/// A threshold for the runs of the unchanged build. This machine's runs of
/// one build can differ by 15% (a shared host's phases outlast a short
/// run): a test of the plumbing must not depend on them, so "unchanged"
/// runs are judged at ±50%. The 2× slowdown is judged at the default.
const LOOSE: [&str; 2] = ["--max-regression", "50"];

fn error_line(r: &Run) -> &str {
    r.stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line in:\n{}", r.stderr))
}

#[test]
fn save_then_compare_passes_and_a_2x_slowdown_fails_naming_the_bench() {
    let _m = measuring();
    let home = Home::new("e2e", "cycle");
    let saved = home.bench(&["--save-baseline", "main"], &[]);
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    assert!(
        saved.stderr.contains("saved baseline `main`"),
        "{}",
        saved.stderr
    );
    let text = fs::read_to_string(home.baseline("main")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let samples = v["groups"][0]["benchmarks"][0]["samples_ns"].as_array();
    assert!(
        samples.is_some_and(|s| s.len() >= 2),
        "a baseline keeps its samples"
    );

    let same = home.bench(
        &["--baseline", "main", "--format", "json", LOOSE[0], LOOSE[1]],
        &[],
    );
    assert_eq!(same.code, 0, "{}", same.stderr);
    let against = &same.json()["against"];
    assert_eq!(against["baseline"], "main");
    assert_eq!(against["cross_testbed"], false);
    let entries = against["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    for e in entries {
        assert_ne!(e["verdict"], "regression", "{e}");
        for key in [
            "old_mean_ns",
            "new_mean_ns",
            "pct_change",
            "ci_lower_pct",
            "ci_upper_pct",
        ] {
            assert!(e[key].is_number(), "{key}: {e}");
        }
    }

    let slow = home.bench(&["--baseline", "main"], &[SLOW]);
    assert_eq!(slow.code, 1, "{}", slow.stderr);
    let line = slow
        .stderr
        .lines()
        .find(|l| l.contains("REGRESSION"))
        .unwrap_or_else(|| panic!("{}", slow.stderr));
    assert!(line.contains("pair/target"), "{line}");
    assert!(slow.stderr.contains("· FAIL"), "{}", slow.stderr);
    // A filtered run compares what it ran, and misses nothing it left out.
    let some = home.bench(
        &[
            "--baseline",
            "main",
            "--format",
            "json",
            "alone",
            LOOSE[0],
            LOOSE[1],
        ],
        &[],
    );
    assert_eq!(some.code, 0, "{}", some.stderr);
    let against = &some.json()["against"];
    assert_eq!(against["entries"].as_array().unwrap().len(), 1);
    assert_eq!(against["only_old"], serde_json::json!([]));
    // A looser threshold than the slowdown lets it pass.
    let loose = home.bench(&["--baseline", "main", "--max-regression", "300"], &[SLOW]);
    assert_eq!(loose.code, 0, "{}", loose.stderr);
}

#[test]
fn a_regression_is_measured_again_before_it_fails_and_one_process_alone_cannot_fail() {
    let _m = measuring();
    let home = Home::new("e2e", "confirm");
    let saved = home.bench(&["--save-baseline", "main", "--no-history"], &[]);
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    // A baseline is measured in three fresh processes unless the run says
    // how many: their mean, and their spread, are saved.
    assert!(
        saved
            .stderr
            .contains("saving a baseline: measured in 3 fresh processes"),
        "{}",
        saved.stderr
    );
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(home.baseline("main")).unwrap()).unwrap();
    assert_eq!(v["repetition"]["processes"], 3, "{}", v["repetition"]);
    let steady = &v["groups"][0]["benchmarks"][0];
    assert_eq!(steady["process_spread"]["processes"], 3, "{steady}");
    // Judged at ±50% (see LOOSE): the other rows' noise on a busy machine
    // stays below it, so only pair/target's 2x can read past the gate.
    let json = [
        "--baseline",
        "main",
        "--no-history",
        "--format",
        "json",
        LOOSE[0],
        LOOSE[1],
    ];
    // 2x slower in this process only: the two fresh processes read the
    // old speed, so the mean over the three is no regression.
    let here = [("ZB_FIXTURE_SLOWDOWN_HERE", "2")];
    let cleared = home.bench(&json, &here);
    assert_eq!(cleared.code, 0, "{}", cleared.stderr);
    assert!(
        cleared
            .stderr
            .contains("confirming 1 reading past the 50% gate against the baseline"),
        "{}",
        cleared.stderr
    );
    let against = &cleared.json()["against"];
    let c = &against["confirmation"];
    assert_eq!(c["processes"], 2, "{against}");
    assert_eq!(c["measured"], serde_json::json!(["pair/target"]));
    assert_eq!(c["first_regressions"], serde_json::json!(["pair/target"]));
    assert_eq!(c["regressions"], serde_json::json!([]));
    let target = against["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["full_name"] == "pair/target")
        .unwrap();
    assert_ne!(target["verdict"], "regression", "{target}");
    // The spread of the three processes is the noise it allowed for.
    assert!(target["run_noise_pct"].as_f64().unwrap() > 10.0, "{target}");
    assert!(
        against["notes"]
            .to_string()
            .contains("1 reading past the gate (1 of them a regression) measured again in 2 fresh processes: 0 regressions now"),
        "{against}"
    );
    // The rows of the group measured again are over three processes; the
    // group measured once is left as it was.
    let v = cleared.json();
    let group = |name: &str| {
        v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name)
            .unwrap()
            .clone()
    };
    assert!(group("pair")["benchmarks"][1]["process_spread"].is_object());
    assert!(group("alone")["benchmarks"][0]["process_spread"].is_null());
    // Without the confirmation, that one process fails the run.
    let mut unconfirmed = json.to_vec();
    unconfirmed.extend(["--confirm", "0"]);
    let failed = home.bench(&unconfirmed, &here);
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    assert!(failed.json()["against"]["confirmation"].is_null());
    // Slower in every process: confirmed, and the run fails. 4x, since at a
    // 50% gate a 2x reading over three brief processes can be honestly
    // uncertain: their spread (14% in one run) and df 4 at 99% once gave
    // [+47%, +168%].
    let slow = home.bench(&json, &[("ZB_FIXTURE_SLOWDOWN", "4")]);
    assert_eq!(slow.code, 1, "{}\n{}", slow.stderr, slow.json()["against"]);
    let c = &slow.json()["against"]["confirmation"];
    assert_eq!(
        c["first_regressions"],
        serde_json::json!(["pair/target"]),
        "{c}"
    );
    assert_eq!(c["regressions"], serde_json::json!(["pair/target"]), "{c}");
}

#[test]
fn update_on_pass_replaces_the_baseline_only_when_nothing_regressed() {
    let _m = measuring();
    let home = Home::new("e2e", "update");
    assert_eq!(home.bench(&["--save-baseline", "main"], &[]).code, 0);
    let run_id = |home: &Home| -> String {
        let v: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(home.baseline("main")).unwrap()).unwrap();
        v["run_id"].as_str().unwrap().to_owned()
    };
    let first = run_id(&home);
    let failed = home.bench(&["--baseline", "main", "--update-on-pass"], &[SLOW]);
    assert_eq!(failed.code, 1);
    assert!(
        failed.stderr.contains("baseline `main` kept: 1 regression"),
        "{}",
        failed.stderr
    );
    assert_eq!(run_id(&home), first, "kept on a regression");
    let passed = home.bench(
        &["--baseline", "main", "--update-on-pass", LOOSE[0], LOOSE[1]],
        &[],
    );
    assert_eq!(passed.code, 0, "{}", passed.stderr);
    assert!(
        passed.stderr.contains("updated baseline `main`"),
        "{}",
        passed.stderr
    );
    assert_ne!(run_id(&home), first, "replaced on a pass");
}

#[test]
fn unusable_baselines_exit_2_before_measuring_and_stay_untouched() {
    let home = Home::new("e2e", "bad");
    fs::create_dir_all(home.dir.join("baselines")).unwrap();
    let missing = home.bench(&["--baseline", "nope"], &[]);
    assert_eq!(missing.code, 2);
    assert!(
        error_line(&missing).contains("no baseline named `nope`"),
        "{}",
        missing.stderr
    );
    assert!(
        !missing.stderr.contains("pair/"),
        "nothing ran: {}",
        missing.stderr
    );

    let good = {
        let _m = measuring();
        let r = home.bench(&["--save-baseline", "good", "--format", "json"], &[]);
        assert_eq!(r.code, 0);
        fs::read_to_string(home.baseline("good")).unwrap()
    };
    let cases = [
        ("empty", String::new(), "is empty"),
        (
            "truncated",
            good[..good.len() / 3].to_owned(),
            "is not valid JSON",
        ),
        ("corrupt", good.replacen('{', "#", 1), "is not valid JSON"),
        (
            "future",
            good.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1),
            "schema version 2",
        ),
    ];
    for (name, text, why) in &cases {
        let path = home.baseline(name);
        fs::write(&path, text).unwrap();
        for args in [
            vec!["--baseline", name],
            vec!["--baseline", name, "--update-on-pass"],
            vec!["--save-baseline", name],
        ] {
            let r = home.bench(&args, &[]);
            assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
            let line = error_line(&r);
            assert!(
                line.contains(why) && line.contains(&format!("{name}.json")),
                "{line}"
            );
            assert_eq!(
                &fs::read_to_string(&path).unwrap(),
                text,
                "{name} untouched"
            );
        }
    }
}

#[test]
fn invalid_names_exit_2_and_write_nothing_anywhere() {
    let home = Home::new("e2e", "names");
    let outside = home.dir.parent().unwrap().to_owned();
    let before: Vec<_> = fs::read_dir(&outside)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    for name in ["../escape", "a/b", "..", ".", "", "x y", &"n".repeat(65)] {
        for flag in ["--save-baseline", "--baseline"] {
            let r = home.bench(&[&format!("{flag}={name}")], &[]);
            assert_eq!(r.code, 2, "{flag}={name}: {}", r.stderr);
            assert_eq!(r.stderr.lines().count(), 1, "one line: {}", r.stderr);
        }
    }
    assert!(home.files().is_empty(), "{:?}", home.files());
    let after: Vec<_> = fs::read_dir(&outside)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    for f in &after {
        assert!(
            before.contains(f) || !f.to_string_lossy().contains("escape"),
            "{f:?} appeared"
        );
    }
}

#[test]
fn a_run_killed_during_its_save_leaves_the_old_baseline() {
    let _m = measuring();
    let home = Home::new("e2e", "kill");
    assert_eq!(home.bench(&["--save-baseline", "main"], &[]).code, 0);
    let old = fs::read(home.baseline("main")).unwrap();
    let var = home.var();
    let mut child = command(
        FIXTURE,
        &["--bench", "--max-time", "0.3", "--save-baseline", "main"],
        &[
            ("ZENBENCH_HOME", var.as_str()),
            ("ZENBENCH_TEST_PAUSE_BEFORE_RENAME_MS", "20000"),
        ],
    )
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .unwrap();
    // Wait for the new baseline's complete temporary file: the save is
    // under way, paused before its rename.
    let start = Instant::now();
    let temp = loop {
        let found = fs::read_dir(home.dir.join("baselines"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with(".main.json.tmp-"));
        if let Some(t) = found {
            break t;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the save never started"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        fs::read(home.baseline("main")).unwrap(),
        old,
        "the old baseline stands"
    );
    // It still works as a baseline, and the stale temporary file is no baseline.
    let r = home.tool(&["baseline", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(r.stdout.starts_with("main "), "{} ({temp})", r.stdout);
}

#[test]
fn a_baseline_from_another_machine_warns_and_fails_only_with_cross_testbed() {
    let _m = measuring();
    let home = Home::new("e2e", "testbed");
    assert_eq!(home.bench(&["--save-baseline", "main"], &[]).code, 0);
    let path = home.baseline("main");
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    v["testbed"]["cpu_model"] = "Some Other CPU".into();
    fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    let r = home.bench(&["--baseline", "main"], &[SLOW]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: the baseline ran on another machine (CPU `Some Other CPU` →"),
        "{}",
        r.stderr
    );
    let r = home.bench(&["--baseline", "main", "--cross-testbed"], &[SLOW]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn a_smoke_test_neither_compares_nor_saves() {
    let home = Home::new("e2e", "smoke");
    let r = run_env(
        FIXTURE,
        &["--save-baseline", "main", "--baseline", "absent"],
        &[("ZENBENCH_HOME", &home.var())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("baselines are compared and saved by `cargo bench`"),
        "{}",
        r.stderr
    );
    assert!(home.files().is_empty(), "{:?}", home.files());
}

#[test]
fn the_tool_lists_shows_deletes_and_compares() {
    let home = Home::new("e2e", "tool");
    let empty = home.tool(&["baseline", "list"]);
    assert_eq!(empty.code, 0);
    assert!(
        empty.stdout.starts_with("no baselines in "),
        "{}",
        empty.stdout
    );
    {
        let _m = measuring();
        assert_eq!(home.bench(&["--save-baseline", "old"], &[]).code, 0);
        assert_eq!(home.bench(&["--save-baseline", "new"], &[SLOW]).code, 0);
    }
    let list = home.tool(&["baseline", "list"]);
    assert_eq!(list.code, 0);
    let names: Vec<&str> = list
        .stdout
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(names, ["new", "old"]);
    assert!(list.stdout.contains("· 3 benchmarks"), "{}", list.stdout);

    let show = home.tool(&["baseline", "show", "old"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout.contains("pair/") || show.stdout.contains("target"),
        "{}",
        show.stdout
    );
    let json = home.tool(&["baseline", "show", "old", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);

    let (old, new) = (home.baseline("old"), home.baseline("new"));
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let cmp = home.tool(&["compare", old, new]);
    assert_eq!(cmp.code, 1, "{}{}", cmp.stdout, cmp.stderr);
    assert!(
        cmp.stdout.contains("REGRESSION") && cmp.stdout.contains("pair/target"),
        "{}",
        cmp.stdout
    );
    // Judged at ±30%: the unchanged rows may differ by 15% between runs
    // here (see LOOSE), the halved one by 50%.
    let back = home.tool(&["compare", new, old, "--json", "--max-regression", "30"]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    let a: serde_json::Value = serde_json::from_str(&back.stdout).unwrap();
    let target = a["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["full_name"] == "pair/target")
        .unwrap();
    assert_eq!(target["verdict"], "improved", "{target}");
    let missing = home.tool(&["compare", old, "/nonexistent/x.json"]);
    assert_eq!(missing.code, 2);
    assert!(
        error_line(&missing).contains("cannot be read"),
        "{}",
        missing.stderr
    );

    let del = home.tool(&["baseline", "delete", "old"]);
    assert_eq!(del.code, 0, "{}", del.stderr);
    assert!(!home.baseline("old").exists());
    assert_eq!(home.tool(&["baseline", "delete", "old"]).code, 2);
    assert_eq!(home.tool(&["baseline", "delete", "../new"]).code, 2);
    assert!(home.baseline("new").exists());
    for args in [
        &["frobnicate"][..],
        &[],
        &["baseline"],
        &["compare", "one.json"],
    ] {
        let r = home.tool(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
    }
    for args in [
        &["--help"][..],
        &["compare", "--help"],
        &["baseline", "--help"],
        &["history", "analyze", "--help"],
    ] {
        let r = home.tool(args);
        assert_eq!(r.code, 0, "{args:?}");
        assert!(r.stdout.contains("Usage"), "{args:?}: {}", r.stdout);
    }
}

/// A synthetic history line.
fn record(i: usize, mean: f64) -> String {
    format!(
        "{{\"timestamp\":\"2026-11-{:02}T00:00:00.000Z\",\"run_id\":\"r{i}\",\"git_hash\":\"c{i:03}{:036}\",\
         \"git_dirty\":false,\"testbed_id\":\"t\",\"cpu_model\":\"cpu\",\"full_name\":\"g/b\",\
         \"mean_ns\":{mean},\"variance_ns2\":1.0,\"n\":100,\"zenbench_version\":\"0.1.0\"}}\n",
        1 + i % 28,
        0
    )
}

#[test]
fn history_is_appended_by_measured_runs_and_analyze_finds_a_step() {
    let home = Home::new("e2e", "history");
    {
        let _m = measuring();
        for _ in 0..2 {
            let r = home.bench(&[], &[("ZENBENCH_NO_HISTORY", "0")]);
            assert_eq!(r.code, 0, "{}", r.stderr);
        }
    }
    let file = home.dir.join("history/fixture_baseline.jsonl");
    let lines = fs::read_to_string(&file).unwrap();
    assert_eq!(lines.lines().count(), 6, "3 benchmarks × 2 runs:\n{lines}");
    let analyzed = home.tool(&["history", "analyze"]);
    assert_eq!(analyzed.code, 0, "{}", analyzed.stderr);
    assert!(
        analyzed.stdout.contains("3 benchmarks, 2 runs"),
        "{}",
        analyzed.stdout
    );

    // A step of +15% at run 40 of 80, 1% noise (a fixed pattern), with a
    // torn last line.
    let noise = |i: usize| 1.0 + 0.01 * (((i * 7919) % 13) as f64 / 6.0 - 1.0);
    let mut text = String::new();
    for i in 0..80 {
        let level = if i < 40 { 100.0 } else { 115.0 };
        text.push_str(&record(i, level * noise(i)));
    }
    text.push_str("{\"timestamp\":\"2026-11-");
    let step = home.dir.join("step.jsonl");
    fs::write(&step, &text).unwrap();
    let r = home.tool(&["history", "analyze", "--file", step.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("1 unreadable line skipped"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("1 shift found"), "{}", r.stdout);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("g/b: +"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    // Between run 39 and run 40, within a record of the step.
    let between = [
        "c03800000000",
        "c03900000000",
        "c04000000000",
        "c04100000000",
    ];
    let named: Vec<_> = between.iter().filter(|g| line.contains(*g)).collect();
    assert_eq!(named.len(), 2, "{line}");
    assert!(line.contains("+1") && line.contains("p = "), "{line}");

    let flat: String = (0..80).map(|i| record(i, 100.0 * noise(i))).collect();
    let flat_path = home.dir.join("flat.jsonl");
    fs::write(&flat_path, flat).unwrap();
    let r = home.tool(&["history", "analyze", "--file", flat_path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("0 shifts found"), "{}", r.stdout);
}
