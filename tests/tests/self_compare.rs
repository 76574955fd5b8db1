//! End-to-end: `zenbench self-compare` on a temporary git repository with
//! two commits, one of whose benchmarks does twice the work in the second.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
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

/// `zenbench self-compare --ref HEAD~1 --max-time 1 --json EXTRA...` in
/// `dir`, with quick builds (the slowdown is in the work, not the
/// optimiser) into `dir/target`.
fn self_compare(dir: &Path, extra: &[&str]) -> Run {
    let target = dir.join("target");
    let target = target.to_str().unwrap();
    let env = [
        ("CARGO_PROFILE_BENCH_OPT_LEVEL", "1"),
        ("CARGO_PROFILE_BENCH_DEBUG", "false"),
        ("CARGO_TARGET_DIR", target),
    ];
    let mut args = vec![
        "self-compare",
        "--ref",
        "HEAD~1",
        "--max-time",
        "1",
        "--json",
    ];
    args.extend_from_slice(extra);
    let mut cmd = zenbench_tests::command(TOOL, &args, &env);
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

#[test]
fn a_2x_slower_benchmark_between_two_commits_is_a_regression() {
    let dir = repo();
    let _m = measuring();
    let r = self_compare(&dir, &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let a = r.json();
    assert_eq!(entry(&a, "target")["verdict"], "regression", "{a}");
    let steady = entry(&a, "steady")["verdict"].as_str().unwrap();
    assert!(["unchanged", "uncertain"].contains(&steady), "{a}");
    let pct = entry(&a, "target")["pct_change"].as_f64().unwrap();
    assert!(pct > 50.0 && pct < 200.0, "{a}");
    assert!(a["baseline"].as_str().unwrap().contains("(HEAD~1)"), "{a}");
    // Both builds at once: the same verdict.
    let duet = self_compare(&dir, &["--duet"]);
    assert_eq!(duet.code, 1, "{}", duet.stderr);
    let d = duet.json();
    assert_eq!(entry(&d, "target")["verdict"], "regression", "{d}");
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
