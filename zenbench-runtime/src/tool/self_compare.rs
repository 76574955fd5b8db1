//! `zenbench self-compare --ref REF`: the bench targets built at REF and
//! in the working tree, run as two workers, each benchmark measured in
//! rounds that alternate the two builds' samples in shuffled order — so the
//! comparison is paired exactly like two benchmarks of one group.

use super::usage;
use crate::define::cli::regex::Regex;
use crate::define::registry::Suite;
use crate::engine::{EngineCtx, GroupRunner};
use crate::model::json::{parse as parse_json, to_pretty, Json};
use crate::model::options::{Mode, Options};
use crate::model::result::{Against, AgainstEntry, ChangeVerdict, GroupResult};
use crate::process::worker::{Pair, WorkerClient, WorkerStderr};
use crate::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub(super) const USAGE: &str = "\
Usage: zenbench self-compare [--ref REF] [OPTIONS] [FILTER]...

Builds the bench targets at REF (in a git worktree of their own, with its own
target directory, both kept for the next run) and in the working tree, starts
one of each as a worker, and measures every benchmark both have in rounds that
alternate the two builds in shuffled order: a paired comparison, as inside one
group. Prints old → new with the 95% CI of the change; exits 1 on a regression.

Options:
  --ref REF              the old revision [default: the merge base with the upstream branch]
  --bench TARGET         only this bench target [default: every bench target of both]
  --max-regression PCT   a slowdown whose whole 95% CI is above PCT% fails [default 5]
  --max-time SECS        measuring time per benchmark [default 10]
  --duet                 take the two builds' samples of a round at the same time, one per core
  --format pretty|json   the report, or the comparison as JSON (the `against` block)
  --json                 the same as --format json
  FILTER...              regexes on `group/bench` names; any match selects
";

struct Args {
    reference: Option<String>,
    bench: Option<String>,
    max_regression: f64,
    max_time: Option<f64>,
    json: bool,
    duet: bool,
    filters: Vec<Regex>,
}

fn parse(args: &[&str]) -> Result<Args, Error> {
    let mut out = Args {
        reference: None,
        bench: None,
        max_regression: 5.0,
        max_time: None,
        json: false,
        duet: false,
        filters: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(&arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (arg, None),
        };
        let mut value = || -> Result<String, Error> {
            inline
                .or_else(|| it.next().copied())
                .map(str::to_owned)
                .ok_or_else(|| usage(&format!("`{flag}` needs a value")))
        };
        let number = |v: &str, what: &str| -> Result<f64, Error> {
            v.trim_end_matches('%')
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x > 0.0)
                .ok_or_else(|| {
                    usage(&format!(
                        "invalid value `{v}` for `{flag}`: expected {what}"
                    ))
                })
        };
        match flag {
            "--ref" => out.reference = Some(value()?),
            "--bench" => out.bench = Some(value()?),
            "--max-regression" => out.max_regression = number(&value()?, "a percentage")?,
            "--max-time" => out.max_time = Some(number(&value()?, "seconds")?),
            "--json" => out.json = true,
            "--format" => {
                out.json = match value()?.as_str() {
                    "json" => true,
                    "pretty" => false,
                    other => {
                        return Err(usage(&format!(
                            "invalid value `{other}` for `--format`: expected pretty or json"
                        )))
                    }
                }
            }
            "--duet" => out.duet = true,
            f if f.starts_with("--") => {
                return Err(usage(&format!(
                    "unknown option `{f}` for self-compare; run `zenbench self-compare --help`"
                )))
            }
            filter => out.filters.push(
                Regex::new(filter)
                    .map_err(|e| usage(&format!("invalid filter `{filter}`: {e}")))?,
            ),
        }
    }
    Ok(out)
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

/// A built bench target.
struct Built {
    name: String,
    exe: PathBuf,
    /// Its package's folder, where `cargo bench` runs it.
    dir: PathBuf,
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

pub(super) fn self_compare(args: &[&str]) -> Result<(String, i32), Error> {
    let args = parse(args)?;
    let cwd =
        std::env::current_dir().map_err(|e| Error::Config(format!("no current folder: {e}")))?;
    let root = git(&cwd, &["rev-parse", "--show-toplevel"])
        .map(PathBuf::from)
        .ok_or_else(|| {
            Error::Config("not in a git repository: self-compare builds a revision of one".into())
        })?;
    let rel = cwd.strip_prefix(&root).unwrap_or(Path::new("")).to_owned();
    let reference = match &args.reference {
        Some(r) => r.clone(),
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
        args.bench.as_deref(),
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
    let new = build(&cwd, None, args.bench.as_deref(), "the working tree")?;
    if new.is_empty() {
        return Err(Error::Config(
            "the working tree has no bench target to compare".into(),
        ));
    }

    // One measurement at a time on this machine, as for `cargo bench`.
    let _lock = crate::process::machine_lock::MachineLock::acquire(
        &crate::process::machine_lock::MachineLock::default_path(),
        |msg| eprintln!("{msg}"),
    )
    .ok();
    let mut entries = Vec::new();
    let (mut only_old, mut only_new, mut notes) = (Vec::new(), Vec::new(), Vec::new());
    if dirty {
        notes.push("the working tree has uncommitted changes: it is compared as it is".to_owned());
    }
    let selected =
        |name: &str| args.filters.is_empty() || args.filters.iter().any(|f| f.is_match(name));
    for n in &new {
        let Some(o) = old.iter().find(|o| o.name == n.name) else {
            notes.push(format!(
                "bench target `{}` is new: nothing to compare it with",
                n.name
            ));
            continue;
        };
        let start = |b: &Built| {
            WorkerClient::start(
                &b.exe,
                &[],
                &b.dir,
                WorkerStderr::Inherit,
                std::time::Duration::from_secs(86_400),
            )
            .map_err(|(how, _)| {
                Error::Config(format!("the worker `{}` failed: {how}", b.exe.display()))
            })
        };
        let mut wo = start(o)?;
        let mut wn = start(n)?;
        let names: Vec<String> = wn
            .hello
            .benchmarks
            .iter()
            .map(|b| b.full_name.clone())
            .filter(|f| selected(f))
            .collect();
        only_old.extend(
            wo.hello
                .benchmarks
                .iter()
                .map(|b| b.full_name.clone())
                .filter(|f| selected(f) && !names.contains(f)),
        );
        for name in names {
            let (Some(oid), Some(nid)) = (wo.id_of(&name), wn.id_of(&name)) else {
                only_new.push(name);
                continue;
            };
            eprintln!("self-compare: {name}");
            let g = run_pair(
                &name,
                [&mut wo, &mut wn],
                [oid, nid],
                args.max_time,
                args.duet,
            )?;
            match entry(&name, &g, args.max_regression) {
                Some(e) => entries.push(e),
                None => notes.push(format!("{name} failed in one of the builds")),
            }
        }
    }
    let against = Against {
        baseline: format!("{short} ({reference})"),
        cross_testbed: false,
        testbed_differences: Vec::new(),
        enforced: true,
        max_regression_pct: args.max_regression,
        level: 0.95,
        noise_pct: 0.0,
        old_timestamp: String::new(),
        old_git_hash: Some(sha.clone()),
        notes,
        entries,
        only_old,
        only_new,
    };
    let code = if against.fails() { 1 } else { 0 };
    let text = if args.json {
        let mut t = to_pretty(&against);
        t.push('\n');
        t
    } else {
        let mut t = crate::report::against_report(&against, &crate::report::Style::default());
        t.push('\n');
        t
    };
    Ok((text, code))
}

/// Measures `name` in both workers as one group of two rows, `old` the
/// baseline, interleaved.
fn run_pair(
    name: &str,
    workers: [&mut WorkerClient; 2],
    ids: [usize; 2],
    max_time: Option<f64>,
    duet: bool,
) -> Result<GroupResult, Error> {
    let mut suite = Suite::new();
    suite.group(name, |g| {
        // Never called: a worker runs the real routine.
        g.bench("old", |_| unreachable!("a worker runs it"))
            .baseline();
        g.bench("new", |_| unreachable!("a worker runs it"));
    });
    let mut opts = Options {
        mode: Mode::Bench,
        ..Options::default()
    };
    if let Some(t) = max_time {
        opts.config = opts.config.max_time(t);
    }
    let plan = crate::plan::plan(suite.defs.clone(), &opts, &|_| true)?;
    let group = &plan.groups[0];
    let [old, new] = workers;
    let executor = Pair::new([old, new], ids, duet);
    let seed = fastrand::u64(..);
    let mut tick = |_: &crate::engine::Tick<'_>| {};
    let mut ctx = EngineCtx {
        smoke: false,
        seed,
        on_tick: &mut tick,
        gate: None,
    };
    Ok(GroupRunner::with_executor(group, Box::new(executor), seed).run(&mut ctx))
}

/// The entry of one pair: the paired change and its verdict against `t`.
fn entry(name: &str, g: &GroupResult, t: f64) -> Option<AgainstEntry> {
    let old = g.benchmarks.first()?;
    let new = g.benchmarks.get(1)?;
    if old.failed || new.failed {
        return None;
    }
    let c = g.comparisons.first()?;
    use zenbench_stats::{ci_side, CiSide};
    let verdict = match ci_side(c.ci_lower_pct, c.ci_upper_pct, t) {
        _ if c.below_floor => ChangeVerdict::Uncertain,
        CiSide::Above => ChangeVerdict::Regression,
        CiSide::Below => ChangeVerdict::Improved,
        CiSide::Within => ChangeVerdict::Unchanged,
        CiSide::Straddles => ChangeVerdict::Uncertain,
    };
    Some(AgainstEntry {
        full_name: name.to_owned(),
        old_mean_ns: old.summary.as_ref()?.mean_ns,
        new_mean_ns: new.summary.as_ref()?.mean_ns,
        pct_change: c.pct_change,
        ci_lower_pct: c.ci_lower_pct,
        ci_upper_pct: c.ci_upper_pct,
        verdict,
        below_floor: c.below_floor,
        run_noise_pct: 0.0,
        metric: "time".to_owned(),
        min_detectable_pct: c.min_detectable_pct,
    })
}

/// A string value's text; empty when absent or not a string.
fn text_of(v: Option<&Json>) -> &str {
    v.and_then(Json::as_str).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::bench_suite;

    #[test]
    fn the_verdict_reads_the_paired_ci_against_the_threshold() {
        // The fixture's `sort`: radix against std_sort, -50.4% [-51.2%, -49.6%].
        let g = &bench_suite().groups[0];
        let at = |t: f64| entry("sort", g, t).unwrap().verdict;
        assert_eq!(at(5.0), ChangeVerdict::Improved);
        assert_eq!(at(60.0), ChangeVerdict::Unchanged);
        assert_eq!(at(50.0), ChangeVerdict::Uncertain);
        let e = entry("sort", g, 5.0).unwrap();
        assert_eq!((e.old_mean_ns, e.new_mean_ns), (1234.0, 612.3));
    }

    #[test]
    fn bad_arguments_are_one_line_usage_errors() {
        for (args, want) in [
            (
                &["--max-time", "0"][..],
                "invalid value `0` for `--max-time`: expected seconds",
            ),
            (
                &["--frobnicate"],
                "unknown option `--frobnicate` for self-compare",
            ),
            (&["("], "invalid filter `(`"),
            (&["--ref"], "`--ref` needs a value"),
        ] {
            let e = parse(args).err().unwrap().to_string();
            assert!(e.starts_with(want), "{args:?}: {e}");
            assert_eq!(e.lines().count(), 1);
        }
        let a = parse(&[
            "--ref=main",
            "--format",
            "json",
            "sort/",
            "--max-regression",
            "2",
        ])
        .unwrap();
        assert_eq!(a.reference.as_deref(), Some("main"));
        assert!(a.json && a.max_regression == 2.0 && a.filters.len() == 1);
        assert!(!parse(&["--format=pretty"]).unwrap().json);
        assert!(parse(&["--format=csv"]).is_err());
    }
}
