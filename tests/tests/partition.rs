//! End-to-end: `--partition count:K/N | hash:K/N` over `fixture_suite`
//! (its listing, its smoke runs, a measured part against a whole
//! baseline), and `zenbench merge` joining the parts again.

use std::fs;
use std::path::{Path, PathBuf};
use zenbench_tests::{full_names, group_names, listed, measuring, run, run_env, temp_dir, Run};

const SUITE: &str = env!("CARGO_BIN_EXE_fixture_suite");
const TOOL: &str = env!("CARGO_BIN_EXE_zenbench_tool");

/// The group of a `fixture_suite` row: its name up to the first `/`.
fn group_of(full_name: &str) -> &str {
    full_name.split('/').next().unwrap()
}

/// The single `error: ` line of a refused run, asserting there is one
/// line on stderr and exit code 2.
fn refusal(r: &Run) -> String {
    assert_eq!(r.code, 2, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {:?}", r.stderr);
    assert!(lines[0].starts_with("error: "), "{}", lines[0]);
    lines[0].to_owned()
}

fn list(args: &[&str]) -> Vec<String> {
    let mut all = vec!["--list", "--format", "terse"];
    all.extend_from_slice(args);
    let r = run(SUITE, &all);
    assert_eq!(r.code, 0, "{all:?}: {}", r.stderr);
    listed(&r.stdout)
}

#[test]
fn the_parts_of_a_listing_hold_every_group_once_whole_and_stay_put() {
    let whole = list(&[]);
    let groups: Vec<&str> = {
        let mut g: Vec<&str> = whole.iter().map(|n| group_of(n)).collect();
        g.dedup();
        g
    };
    assert!(groups.len() >= 5, "a fixture of several groups: {groups:?}");
    for how in ["count", "hash"] {
        for n in 1..=5 {
            let mut seen: Vec<String> = Vec::new();
            for k in 1..=n {
                let spec = format!("{how}:{k}/{n}");
                let part = list(&["--partition", &spec]);
                assert_eq!(part, list(&["--partition", &spec]), "{spec}: stable");
                // Rows in the whole listing's order, and whole groups.
                let mut at = whole.iter();
                for name in &part {
                    assert!(at.any(|w| w == name), "{spec}: {name} out of order");
                    assert!(!seen.contains(name), "{spec}: {name} in two parts");
                }
                for g in part.iter().map(|n| group_of(n)) {
                    let rows = |l: &[String]| l.iter().filter(|n| group_of(n) == g).count();
                    assert_eq!(rows(&part), rows(&whole), "{spec}: group {g} split");
                }
                seen.extend(part);
            }
            seen.sort();
            let mut want = whole.clone();
            want.sort();
            assert_eq!(seen, want, "{how} over {n} parts");
        }
    }
    // count deals the groups round-robin in their order.
    let first_of_two = list(&["--partition", "count:1/2"]);
    let mut dealt: Vec<&str> = first_of_two.iter().map(|n| group_of(n)).collect();
    dealt.dedup();
    let every_other: Vec<&str> = groups.iter().step_by(2).copied().collect();
    assert_eq!(dealt, every_other);
    // The variable is read when the flag is absent.
    let r = run_env(
        SUITE,
        &["--list", "--format", "terse"],
        &[("ZENBENCH_PARTITION", "count:1/2")],
    );
    assert_eq!(listed(&r.stdout), first_of_two);
}

#[test]
fn a_bad_partition_is_one_line_and_exit_2_before_anything_runs() {
    for (value, says) in [
        ("count:0/3", "part 0: K counts from 1"),
        ("count:4/3", "part 4 of 3: K is at most N"),
        ("hash:1/0", "N is 0"),
        ("foo:1/2", "unknown kind `foo`"),
        ("count:1/x", "K and N are whole numbers"),
    ] {
        let r = run(SUITE, &["--partition", value]);
        let line = refusal(&r);
        assert!(
            line.starts_with(&format!(
                "error: invalid value `{value}` for `--partition`: "
            )),
            "{line}"
        );
        assert!(line.contains(says), "{value}: {line}");
        assert!(r.stdout.is_empty(), "nothing ran: {}", r.stdout);
        let r = run_env(SUITE, &["--list"], &[("ZENBENCH_PARTITION", value)]);
        assert!(refusal(&r).contains("`ZENBENCH_PARTITION`"));
    }
}

#[test]
fn an_empty_part_says_so_exits_0_and_never_replaces_a_baseline() {
    // Six groups listed: the seventh of seven parts holds none.
    let r = run(SUITE, &["--partition", "count:7/7"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let said: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("zenbench: "))
        .collect();
    assert_eq!(
        said,
        [
            "zenbench: part 7 of 7 (`--partition count:7/7`) holds none of the selected \
          benchmarks: nothing to run here"
        ]
    );
    let r = run(SUITE, &["--list", "--partition", "count:7/7"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("part 7 of 7"), "{}", r.stderr);

    let home = temp_dir("partition", "empty");
    let saved = home.join("baselines").join("main.json");
    fs::create_dir_all(saved.parent().unwrap()).unwrap();
    let whole = run(SUITE, &["--format", "json"]);
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    fs::write(&saved, &whole.stdout).unwrap();
    let r = run_env(
        SUITE,
        &[
            "--bench",
            "--save-baseline",
            "main",
            "--partition",
            "count:7/7",
        ],
        &[("ZENBENCH_HOME", home.to_str().unwrap())],
    );
    assert_eq!(
        refusal(&r),
        "error: nothing was measured (part 7 of 7 holds no benchmark): baseline `main` is \
         left as it was"
    );
    assert_eq!(fs::read_to_string(&saved).unwrap(), whole.stdout);
    let _ = fs::remove_dir_all(&home);
}

/// A smoke run of `fixture_suite` with `args`, its JSON written to `path`.
fn smoke_to(path: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json", "--output", path.to_str().unwrap()];
    all.extend_from_slice(args);
    let r = run(SUITE, &all);
    assert_eq!(r.code, 0, "{all:?}: {}", r.stderr);
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The groups of a result, each with its rows' full names, by group name.
fn by_group(v: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = group_names(v)
        .into_iter()
        .map(|g| {
            let rows = full_names(v)
                .into_iter()
                .filter(|n| group_of(n) == g)
                .collect();
            (g, rows)
        })
        .collect();
    out.sort();
    out
}

fn tool(args: &[&str]) -> Run {
    run(TOOL, args)
}

#[test]
fn the_merged_parts_of_a_smoke_run_are_the_whole_run() {
    let dir = temp_dir("partition", "merge");
    let whole = smoke_to(&dir.join("whole.json"), &[]);
    assert!(whole.get("partition").is_none());
    for how in ["hash", "count"] {
        let mut files: Vec<PathBuf> = Vec::new();
        for k in 1..=3 {
            let path = dir.join(format!("{how}-{k}.json"));
            let part = smoke_to(&path, &["--partition", &format!("{how}:{k}/3")]);
            assert_eq!(
                part["partition"],
                serde_json::json!({"how": how, "index": k, "total": 3})
            );
            files.push(path);
        }
        let out = dir.join(format!("{how}-all.json"));
        let mut args: Vec<&str> = vec!["merge"];
        args.extend(files.iter().rev().map(|p| p.to_str().unwrap()));
        args.extend(["--output", out.to_str().unwrap()]);
        let r = tool(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.is_empty());
        let text = fs::read_to_string(&out).unwrap();
        let merged: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(by_group(&merged), by_group(&whole), "{how}");
        // In name order, whatever the order of the files.
        let names = group_names(&merged);
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(merged.get("partition").is_none());
        assert_eq!(merged["merged"], serde_json::json!({"files": 3}));
        assert_eq!(merged["git_hash"], whole["git_hash"]);
        // A result zenbench reads back; without --output, the same JSON on stdout.
        let back = zenbench::SuiteResult::from_json(&text).unwrap();
        assert_eq!(back.groups.len(), names.len());
        let mut args: Vec<&str> = vec!["merge"];
        args.extend(files.iter().rev().map(|p| p.to_str().unwrap()));
        let r = tool(&args);
        assert_eq!((r.code, r.stdout.as_str()), (0, text.as_str()));
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn merge_refuses_a_group_twice_another_commit_and_a_bad_file_unless_forced() {
    let dir = temp_dir("partition", "refuse");
    let part = |k: u32| {
        let path = dir.join(format!("part-{k}.json"));
        smoke_to(&path, &["--partition", &format!("count:{k}/2")]);
        path
    };
    let (one, two) = (part(1), part(2));
    let out = dir.join("all.json");
    let s = |p: &Path| p.to_str().unwrap().to_owned();

    let r = tool(&["merge", &s(&one), &s(&one), "--output", &s(&out)]);
    let line = refusal(&r);
    assert!(line.contains("holds group `aa`, which"), "{line}");
    assert!(!out.exists(), "nothing written on a refusal");

    // The second part of another commit.
    let mut other: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&two).unwrap()).unwrap();
    other["git_hash"] = serde_json::json!("0123456789abcdef0123456789abcdef01234567");
    let moved = dir.join("other-commit.json");
    fs::write(&moved, other.to_string()).unwrap();
    let line = refusal(&tool(&["merge", &s(&one), &s(&moved)]));
    assert!(
        line.contains("other-commit.json`: is of commit 0123456789ab"),
        "{line}"
    );
    assert!(line.ends_with("(--force merges it anyway)"), "{line}");
    let r = tool(&[
        "merge",
        &s(&one),
        &s(&moved),
        "--force",
        "--output",
        &s(&out),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let merged: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    let forced = merged["merged"]["forced"].as_array().unwrap();
    assert_eq!(forced.len(), 1);
    assert!(forced[0].as_str().unwrap().contains("commit 0123456789ab"));

    // Not a result, not there, not a flag of merge.
    let broken = dir.join("broken.json");
    fs::write(&broken, "{\"schema_version\": 1, \"groups\": [").unwrap();
    let line = refusal(&tool(&["merge", &s(&one), &s(&broken)]));
    assert!(line.contains("broken.json`: is not valid JSON"), "{line}");
    let line = refusal(&tool(&["merge", &s(&dir.join("absent.json"))]));
    assert!(line.contains("absent.json`: cannot be read"), "{line}");
    let line = refusal(&tool(&["merge", &s(&one), "--frce"]));
    assert!(line.contains("unknown option `--frce`"), "{line}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_measured_part_compared_with_a_whole_baseline_misses_nothing_of_other_parts() {
    let home = temp_dir("partition", "against");
    let env = [("ZENBENCH_HOME", home.to_str().unwrap())];
    let quick = [
        "--bench",
        "--max-time",
        "0.05",
        "--min-rounds",
        "2",
        "--max-rounds",
        "5",
    ];
    let _m = measuring();
    let mut args = quick.to_vec();
    args.extend(["--save-baseline", "main", "-q"]);
    let r = run_env(SUITE, &args, &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut args = quick.to_vec();
    args.extend([
        "--baseline",
        "main",
        "--partition",
        "count:2/2",
        "--format",
        "json",
    ]);
    let r = run_env(SUITE, &args, &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let against = &v["against"];
    assert_eq!(against["only_old"], serde_json::json!([]), "{against}");
    let compared: Vec<&str> = against["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["full_name"].as_str().unwrap())
        .collect();
    assert_eq!(compared, full_names(&v), "this part's rows, each compared");
    let _ = fs::remove_dir_all(&home);
}
