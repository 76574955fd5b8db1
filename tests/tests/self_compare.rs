//! End-to-end: `zenbench self-compare` on a temporary git repository with
//! two commits, one of whose benchmarks does twice the work in the second.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use zenbench::SuiteResult;
use zenbench_tests::{measuring, run_env, Run};

const TOOL: &str = env!("CARGO_BIN_EXE_zenbench_tool");

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

fn bench_source(factor: u64) -> String {
    format!(
        r#"use std::hint::black_box;

fn work(n: u64) -> u64 {{
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..n {{
        x = black_box(x.rotate_left(5) ^ i).wrapping_mul(0x2545_f491_4f6c_dd1d);
    }}
    x
}}

#[zenbench::bench]
fn steady() -> u64 {{
    work(black_box(2000))
}}

#[zenbench::bench]
fn target() -> u64 {{
    work(black_box(2000 * {factor}))
}}

fn main() {{
    zenbench::main()
}}
"#
    )
}

/// A repository with two commits: `target` does twice the work in the second.
fn repo() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zb-self-compare-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("benches")).unwrap();
    let zenbench = Path::new(env!("CARGO_MANIFEST_DIR")).join("../zenbench");
    let manifest = format!(
        "[package]\nname = \"sc-demo\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dev-dependencies]\nzenbench = {{ path = \"{}\" }}\n\n\
         [[bench]]\nname = \"demo\"\nharness = false\n\n[workspace]\n",
        zenbench.canonicalize().unwrap().display()
    );
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock file pins the same dependency versions: no
    // resolution needs the network.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    fs::copy(lock, dir.join("Cargo.lock")).unwrap();
    fs::write(dir.join(".gitignore"), "/target\n").unwrap();
    fs::write(dir.join("benches/demo.rs"), bench_source(1)).unwrap();
    git(&dir, &["init", "--quiet"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "--quiet", "-m", "one"]);
    fs::write(dir.join("benches/demo.rs"), bench_source(2)).unwrap();
    git(
        &dir,
        &["commit", "--quiet", "-am", "target does twice the work"],
    );
    dir
}

/// `zenbench self-compare --ref HEAD~1 ARGS...` in `dir` with `env`, with
/// quick builds (the slowdown is in the work, not the optimiser) into
/// `dir/target`.
fn self_compare(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let target = dir.join("target");
    let target = target.to_str().unwrap();
    let mut all_env = vec![
        ("CARGO_PROFILE_BENCH_OPT_LEVEL", "1"),
        ("CARGO_PROFILE_BENCH_DEBUG", "false"),
        ("CARGO_TARGET_DIR", target),
    ];
    all_env.extend_from_slice(env);
    let mut all = vec!["self-compare", "--ref", "HEAD~1"];
    all.extend_from_slice(args);
    let mut cmd = zenbench_tests::command(TOOL, &all, &all_env);
    cmd.current_dir(dir);
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The entry of `name` in a comparison.
fn entry<'a>(a: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    a["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["full_name"] == name)
        .unwrap_or_else(|| panic!("{name}: {a}"))
}

/// One repository serves every check that measures: building its two
/// commits is what takes the time.
#[test]
fn a_2x_slower_benchmark_between_two_commits_is_a_regression_in_every_report() {
    let dir = repo();
    let _m = measuring();
    the_json_is_a_result_with_the_comparison(&dir);
    // Both builds at once: the same verdict.
    let duet = self_compare(&dir, &["--max-time", "1", "--duet", "--json"], &[]);
    assert_eq!(duet.code, 1, "{}", duet.stderr);
    let d = duet.json();
    assert_eq!(
        entry(&d["against"], "target")["verdict"],
        "regression",
        "{d}"
    );
    assert_eq!(d["self_compare"]["duet"], true);
    // Each build half of every round on each of two CPUs where the machine
    // lets its workers be pinned, and the report says which way it went.
    let notes = d["against"]["notes"].to_string();
    match d["self_compare"]["duet_cpus"].as_array() {
        Some(cpus) => {
            assert_eq!(cpus.len(), 2, "{d}");
            assert_ne!(cpus[0], cpus[1]);
            assert!(
                notes.contains("difference between the two CPUs cancels"),
                "{notes}"
            );
        }
        None => {
            let pinnable = cfg!(target_os = "linux")
                && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
                && ["/usr/bin/taskset", "/bin/taskset"]
                    .iter()
                    .any(|p| std::path::Path::new(p).exists());
            assert!(!pinnable, "taskset and two CPUs, yet unpinned: {notes}");
            assert!(notes.contains("could not be pinned"), "{notes}");
        }
    }
    markdown_goes_to_the_file_and_the_job_summary(&dir);
    every_other_format_reports_the_pair(&dir);
    // A ref that is not there: exit 2, one line.
    let bad = run_env(TOOL, &["self-compare", "--ref", "no-such-ref"], &[]);
    assert_eq!(bad.code, 2);
    let _ = fs::remove_dir_all(&dir);
    let cache = std::env::temp_dir();
    for e in fs::read_dir(&cache).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("zenbench-self-compare-") {
            // Only ours: the cache of this test's repository.
            let tree = e.path().join("tree");
            if !tree.exists() || tree.join("benches/demo.rs").exists() {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

/// `--json`: the whole result, each benchmark a group of two rows `old` and
/// `new` with the options given, the comparison its `against` block; it
/// reads back as a result and renders like one.
fn the_json_is_a_result_with_the_comparison(dir: &Path) {
    let r = self_compare(
        dir,
        &["--max-time", "1", "--noise-threshold", "0.03", "--json"],
        &[],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let v = r.json();
    let a = &v["against"];
    assert_eq!(entry(a, "target")["verdict"], "regression", "{a}");
    let steady = entry(a, "steady")["verdict"].as_str().unwrap();
    assert!(["unchanged", "uncertain"].contains(&steady), "{a}");
    let pct = entry(a, "target")["pct_change"].as_f64().unwrap();
    assert!(pct > 50.0 && pct < 200.0, "{a}");
    assert!(a["baseline"].as_str().unwrap().contains("(HEAD~1)"), "{a}");
    assert_eq!(a["level"], 0.95);
    assert_eq!(v["self_compare"]["reference"], "HEAD~1");
    assert_eq!(v["mode"], "bench");
    let groups = v["groups"].as_array().unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["steady", "target"]);
    for g in groups {
        let rows: Vec<&str> = g["benchmarks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["name"].as_str().unwrap())
            .collect();
        assert_eq!(rows, ["old", "new"], "{g}");
        assert_eq!(g["baseline"], "old");
        assert_eq!(g["config"]["noise_threshold"], 0.03, "{g}");
        assert_eq!(g["config"]["max_time_s"], 1.0, "{g}");
    }
    let target = &groups[1];
    assert_eq!(target["comparisons"][0]["verdict"], "slower", "{target}");

    let back = SuiteResult::from_json(&r.stdout).expect("reads back as a result");
    let against = back.against.as_ref().expect("with its comparison");
    assert_eq!(against.entries.len(), 2);
    assert!(back.self_compare.is_some());
    let md = back.to_markdown();
    assert!(md.starts_with("❌ 1 regression beyond 5%\n"), "{md}");
    // Rendered later, as a saved result is.
    let home = zenbench_tests::temp_dir("self-compare", "home");
    fs::create_dir_all(home.join("baselines")).unwrap();
    fs::write(home.join("baselines/pr.json"), &r.stdout).unwrap();
    let shown = run_env(
        TOOL,
        &["baseline", "show", "pr"],
        &[("ZENBENCH_HOME", home.to_str().unwrap())],
    );
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(
        shown.stdout.contains("against baseline"),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("REGRESSION"), "{}", shown.stdout);
    let _ = fs::remove_dir_all(&home);
}

/// `--format md --output FILE`: the file holds the Markdown (verdict line
/// first, then the table), stdout nothing; the job summary gets it too.
fn markdown_goes_to_the_file_and_the_job_summary(dir: &Path) {
    let out = zenbench_tests::temp_dir("self-compare", "md");
    let file = out.join("comment.md");
    let summary = out.join("summary.md");
    fs::write(&summary, "earlier step\n").unwrap();
    let r = self_compare(
        dir,
        &[
            "--max-time",
            "0.3",
            "--format",
            "md",
            "--output",
            file.to_str().unwrap(),
            "^steady$",
        ],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "", "the report went to the file");
    let md = fs::read_to_string(&file).unwrap();
    assert!(
        md.starts_with("✅ no regression beyond 5% in 1 benchmark\n"),
        "{md}"
    );
    assert!(
        md.contains("| bench | old | new | change | 95% CI | verdict |"),
        "{md}"
    );
    assert!(md.contains("| `steady` |"), "{md}");
    assert!(md.contains("<details><summary>Details</summary>"), "{md}");
    assert_eq!(
        fs::read_to_string(&summary).unwrap(),
        format!("earlier step\n\n{md}")
    );
    assert!(
        r.stderr
            .contains("zenbench: appended the Markdown report to $GITHUB_STEP_SUMMARY"),
        "{}",
        r.stderr
    );
    let _ = fs::remove_dir_all(&out);
}

/// pretty (the default), llm and bmf, each of one pair.
fn every_other_format_reports_the_pair(dir: &Path) {
    let quick = |format: &str| {
        let r = self_compare(
            dir,
            &["--max-time", "0.2", "--format", format, "^steady$"],
            &[],
        );
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        r.stdout
    };
    let pretty = quick("pretty");
    assert!(pretty.starts_with("zenbench "), "{pretty}");
    assert!(pretty.contains("against baseline"), "{pretty}");
    assert!(pretty.contains("└─ steady"), "{pretty}");
    assert!(
        pretty
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("1 benchmark, 0 failed"),
        "{pretty}"
    );
    let llm = quick("llm");
    assert!(llm.starts_with("zenbench="), "{llm}");
    assert!(llm.contains("against_result=pass"), "{llm}");
    assert!(
        llm.lines()
            .any(|l| l.starts_with("bench=steady/new ") && l.contains("against_verdict=")),
        "{llm}"
    );
    let bmf: serde_json::Value = serde_json::from_str(&quick("bmf")).unwrap();
    for row in ["steady/old", "steady/new"] {
        assert!(
            bmf[row]["latency"]["value"].as_f64().unwrap() > 0.0,
            "{bmf}"
        );
    }
}

/// Bad values are refused as a run refuses them, in its words, with exit
/// code 2, before anything is built: here in a folder that is no git
/// repository, which the tool would otherwise refuse first.
#[test]
fn bad_values_are_a_runs_refusals_before_anything_is_built() {
    let dir = zenbench_tests::temp_dir("self-compare", "bad");
    let suite = env!("CARGO_BIN_EXE_fixture_suite");
    let tool = |args: &[&str]| {
        let mut all = vec!["self-compare"];
        all.extend_from_slice(args);
        let mut cmd = zenbench_tests::command(TOOL, &all, &[]);
        cmd.current_dir(&dir);
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        stderr
    };
    for args in [
        &["--noise-threshold", "1.5"][..],
        &["--noise-threshold", "none"],
        &["--min-rounds", "1"],
        &["--target-precision", "0"],
        &["--min-rounds", "40", "--max-rounds", "10"],
    ] {
        let run = run_env(suite, &[&["--bench"], args].concat(), &[]);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(tool(args), run.stderr, "{args:?}");
    }
    // HTML without the feature: refused by both, the tool with advice on
    // installing it (the bench binary's is about the dependency).
    let html = tool(&["--format", "html"]);
    assert!(
        html.contains("`cargo install zenbench --features cli,html`"),
        "{html}"
    );
    let run = run_env(suite, &["--bench", "--format", "html"], &[]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("to the zenbench dependency in Cargo.toml"));
    let csv = tool(&["--format", "csv"]);
    assert!(
        csv.contains("expected pretty, json, md, llm, bmf or html"),
        "{csv}"
    );
    let missing = dir.join("no-such-folder/report.md");
    let unwritable = tool(&["--output", missing.to_str().unwrap()]);
    assert!(
        unwritable.starts_with("error: cannot write `"),
        "{unwritable}"
    );
    let _ = fs::remove_dir_all(&dir);
}
