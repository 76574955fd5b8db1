//! Running one pair under each harness and reading back what it reports.
//!
//! Every harness yields a [`Measurement`]: the ratio B/A it headlines, its
//! reported time of A, its verdict when it has a paired one (zenbench), and
//! the wall time of the pair without the workload's data setup.

use sidebyside::{compute_iter, walk, Prepared, Side, Spec, Workload};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The three harnesses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Harness {
    Zenbench,
    Divan,
    Criterion,
}

impl Harness {
    pub const ALL: [Harness; 3] = [Harness::Zenbench, Harness::Divan, Harness::Criterion];

    pub fn name(self) -> &'static str {
        match self {
            Harness::Zenbench => "zenbench",
            Harness::Divan => "divan",
            Harness::Criterion => "criterion",
        }
    }

    pub fn parse(s: &str) -> Option<Harness> {
        Harness::ALL.into_iter().find(|h| h.name() == s)
    }

    /// How this harness is given `budget_s` seconds per pair, for the header.
    pub fn budget_note(self, budget_s: f64) -> String {
        match self {
            Harness::Zenbench => format!(
                "max_time {budget_s} s per group (both benches interleaved; stops early once resolved)"
            ),
            Harness::Divan => {
                let t = secs(budget_s / 2.0);
                format!("--min-time {t} --max-time {t} per bench (sequential): samples until the time is spent")
            }
            Harness::Criterion => {
                let (w, m) = criterion_times(budget_s);
                let (w, m) = (secs(w), secs(m));
                format!(
                    "--warm-up-time {w} --measurement-time {m} per bench (sequential), 100 samples"
                )
            }
        }
    }

    /// The estimate taken as this harness's headline time.
    pub fn estimator(self) -> &'static str {
        match self {
            Harness::Zenbench => "robust paired estimate (pct_change: trimmed mean of per-round log ratios); gate off; time = mean",
            Harness::Divan => "median of sample means (divan's `median` column)",
            Harness::Criterion => {
                "typical = slope (linear sampling) else mean, as on criterion's `time:` line"
            }
        }
    }
}

/// Seconds as a short decimal: `0.1666…` → `0.167`.
pub fn secs(s: f64) -> String {
    let t = format!("{s:.3}");
    t.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Criterion's warm-up and measurement time per bench for a pair budget.
fn criterion_times(budget_s: f64) -> (f64, f64) {
    (budget_s / 6.0, budget_s / 3.0)
}

/// What one harness reported for one pair.
#[derive(Clone, Debug)]
pub struct Measurement {
    /// Reported B / A.
    pub ratio: f64,
    /// Reported time of A, ns per iteration.
    pub a_ns: f64,
    /// Reported time of B, ns per iteration.
    pub b_ns: f64,
    /// zenbench's verdict on B against A.
    pub verdict: Option<String>,
    /// Wall time of the pair, seconds, without the workload's data setup.
    pub wall_s: f64,
    /// zenbench only: B/A of the per-bench median sample times, a diagnostic
    /// next to its headline (the mean of paired differences).
    pub median_ratio: Option<f64>,
    /// Harness-specific figures for the JSON (rounds, CI, other estimates).
    pub detail: serde_json::Value,
}

/// Runs pairs: zenbench in this process, divan and criterion as children.
pub struct Runner {
    pub budget_s: f64,
    /// Directory of the child programs (next to this executable).
    bin_dir: PathBuf,
    /// Scratch directory for child logs and criterion homes.
    scratch: PathBuf,
    /// The memory workload's permutation, built once for in-process runs.
    cycle: Option<(usize, u64, Arc<Vec<usize>>)>,
    runs: u64,
}

impl Runner {
    pub fn new(budget_s: f64) -> Result<Runner, String> {
        let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
        let bin_dir = exe
            .parent()
            .expect("an executable has a directory")
            .to_path_buf();
        for name in ["sbs-divan", "sbs-criterion"] {
            let p = bin_dir.join(exe_name(name));
            if !p.exists() {
                return Err(format!(
                    "{} is missing: build every binary with `cargo build --release` in sidebyside/",
                    p.display()
                ));
            }
        }
        let scratch = std::env::temp_dir().join(format!("sidebyside-{}", std::process::id()));
        std::fs::create_dir_all(&scratch)
            .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
        Ok(Runner {
            budget_s,
            bin_dir,
            scratch,
            cycle: None,
            runs: 0,
        })
    }

    pub fn run(&mut self, harness: Harness, spec: Spec, seed: u64) -> Result<Measurement, String> {
        self.runs += 1;
        match harness {
            Harness::Zenbench => self.zenbench(spec, seed),
            Harness::Divan => self.divan(spec),
            Harness::Criterion => self.criterion(spec),
        }
    }

    fn prepared(&mut self, spec: Spec) -> Prepared {
        if spec.workload != Workload::Memory {
            return Prepared::new(spec);
        }
        match &self.cycle {
            Some((mib, seed, c)) if *mib == spec.mem_mib && *seed == spec.seed => {
                Prepared::with_cycle(spec, c.clone())
            }
            _ => {
                let p = Prepared::new(spec);
                self.cycle = Some((spec.mem_mib, spec.seed, p.cycle().clone()));
                p
            }
        }
    }

    /// zenbench through the `Suite` API, in this process.
    fn zenbench(&mut self, spec: Spec, seed: u64) -> Result<Measurement, String> {
        use zenbench::{Bencher, Mode, Options, Suite};
        let p = self.prepared(spec);
        let mut suite = Suite::new();
        suite.group("pair", |g| {
            for (name, side) in [("a", Side::A), ("b", Side::B)] {
                let n = p.spec.n(side);
                let bench = match p.spec.workload {
                    Workload::Compute => g.bench(name, move |b: &mut Bencher| {
                        b.iter(|| compute_iter(n));
                    }),
                    Workload::Memory => {
                        let cycle = p.cycle().clone();
                        // The walk goes on across samples: the cursor is read
                        // before and stored after the timed loop.
                        let cursor = AtomicUsize::new(p.start(side));
                        g.bench(name, move |b: &mut Bencher| {
                            let mut at = cursor.load(Ordering::Relaxed);
                            b.iter(|| {
                                at = walk(&cycle, at, std::hint::black_box(n));
                                at
                            });
                            cursor.store(at, Ordering::Relaxed);
                        })
                    }
                    Workload::Empty => g.bench(name, |b: &mut Bencher| b.iter(|| ())),
                };
                if side == Side::A {
                    bench.baseline();
                }
            }
        });
        let mut opts = Options::default();
        opts.mode = Mode::Bench;
        opts.config.max_time = Some(self.budget_s);
        opts.engine.seed = Some(seed);
        opts.output.quiet = true;
        // The peers have no resource gate, and the neighbour never leaves
        // for long: waiting it out would compare wall times unfairly.
        opts.engine.no_gate = true;
        let t = Instant::now();
        let result = suite.run(&opts).map_err(|e| e.to_string())?;
        let wall_s = t.elapsed().as_secs_f64();
        let group = result
            .groups
            .first()
            .ok_or("zenbench: no group in the result")?;
        let time = |name: &str| {
            group
                .benchmarks
                .iter()
                .find(|b| b.name == name)
                .and_then(|b| b.summary.as_ref())
                .map(|s| s.mean_ns)
                .ok_or_else(|| format!("zenbench: no summary for `{name}`"))
        };
        let cmp = group
            .comparisons
            .first()
            .ok_or("zenbench: no comparison in the result")?;
        let verdict = serde_json::to_value(cmp.verdict)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        let median = |name: &str| {
            group
                .benchmarks
                .iter()
                .find(|b| b.name == name)
                .and_then(|b| b.summary.as_ref())
                .map(|s| s.median_ns)
        };
        let detail = serde_json::json!({
            "rounds": group.rounds,
            "iterations_per_sample": group.iterations_per_sample,
            "stop_reason": group.stop_reason,
            "ci_lower_pct": cmp.ci_lower_pct,
            "ci_upper_pct": cmp.ci_upper_pct,
            "paired_n": cmp.n,
            "outliers_removed": cmp.outliers_removed,
            "median_a_ns": median("a"),
            "median_b_ns": median("b"),
            "timer": result.timer,
            "loop_overhead_ns": result.loop_overhead_ns,
        });
        Ok(Measurement {
            ratio: 1.0 + cmp.pct_change / 100.0,
            a_ns: time("a")?,
            b_ns: time("b")?,
            verdict,
            wall_s,
            median_ratio: median("a").zip(median("b")).map(|(a, b)| b / a),
            detail,
        })
    }

    fn divan(&mut self, spec: Spec) -> Result<Measurement, String> {
        let t = secs(self.budget_s / 2.0);
        let args = [
            "--bench",
            "--color",
            "never",
            "--min-time",
            &t,
            "--max-time",
            &t,
        ];
        let out = self.child("sbs-divan", &args, spec, &[])?;
        let rows = parse_divan(&out.stdout)?;
        let get = |name: &str| {
            rows.iter()
                .find(|r| r.name == name)
                .ok_or_else(|| format!("divan: no row `{name}` in:\n{}", out.stdout))
        };
        let (a, b) = (get("a")?, get("b")?);
        Ok(Measurement {
            ratio: b.median_ns / a.median_ns,
            a_ns: a.median_ns,
            b_ns: b.median_ns,
            verdict: None,
            wall_s: out.wall_s,
            median_ratio: None,
            detail: serde_json::json!({
                "mean_a_ns": a.mean_ns, "mean_b_ns": b.mean_ns,
                "samples_a": a.samples, "samples_b": b.samples,
            }),
        })
    }

    fn criterion(&mut self, spec: Spec) -> Result<Measurement, String> {
        let home = self.scratch.join(format!("criterion-{}", self.runs));
        let (w, m) = criterion_times(self.budget_s);
        let (w, m) = (secs(w), secs(m));
        let args = [
            "--bench",
            "--noplot",
            "--warm-up-time",
            &w,
            "--measurement-time",
            &m,
        ];
        let home_str = home.to_string_lossy().into_owned();
        let out = self.child(
            "sbs-criterion",
            &args,
            spec,
            &[("CRITERION_HOME", &home_str)],
        )?;
        let a = criterion_estimates(&home, "a");
        let b = criterion_estimates(&home, "b");
        let _ = std::fs::remove_dir_all(&home);
        let (a, b) = (a?, b?);
        Ok(Measurement {
            ratio: b.typical_ns / a.typical_ns,
            a_ns: a.typical_ns,
            b_ns: b.typical_ns,
            verdict: None,
            wall_s: out.wall_s,
            median_ratio: None,
            detail: serde_json::json!({
                "slope_a_ns": a.slope_ns, "slope_b_ns": b.slope_ns,
                "mean_a_ns": a.mean_ns, "mean_b_ns": b.mean_ns,
                "median_a_ns": a.median_ns, "median_b_ns": b.median_ns,
            }),
        })
    }

    /// Runs a child program on `spec` and waits for it (with a deadline).
    fn child(
        &self,
        name: &str,
        args: &[&str],
        spec: Spec,
        env: &[(&str, &str)],
    ) -> Result<ChildOutput, String> {
        let out_path = self.scratch.join(format!("{name}-{}.out", self.runs));
        let err_path = self.scratch.join(format!("{name}-{}.err", self.runs));
        let file = |p: &Path| std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()));
        let mut cmd = Command::new(self.bin_dir.join(exe_name(name)));
        cmd.args(args)
            .envs(spec.env())
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(file(&out_path)?)
            .stderr(file(&err_path)?);
        let t = Instant::now();
        let mut child = cmd.spawn().map_err(|e| format!("cannot run {name}: {e}"))?;
        let deadline = Duration::from_secs_f64(self.budget_s * 10.0 + 120.0);
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            if t.elapsed() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{name} ran past {deadline:?}; killed"));
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let wall = t.elapsed().as_secs_f64();
        let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
        let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
        let _ = std::fs::remove_file(&out_path);
        let _ = std::fs::remove_file(&err_path);
        if !status.success() {
            return Err(format!("{name} failed ({status}):\n{stdout}\n{stderr}"));
        }
        let setup_s = stderr
            .lines()
            .find_map(|l| l.strip_prefix("sbs-setup-s: "))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .unwrap_or(0.0);
        Ok(ChildOutput {
            stdout,
            wall_s: wall - setup_s,
        })
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

struct ChildOutput {
    stdout: String,
    wall_s: f64,
}

fn exe_name(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// criterion's point estimates of one bench, ns.
struct CriterionEstimates {
    /// The headline: slope when it sampled linearly, else mean (criterion's
    /// `Estimates::typical`, what its `time:` line prints).
    typical_ns: f64,
    slope_ns: Option<f64>,
    mean_ns: Option<f64>,
    median_ns: Option<f64>,
}

/// Reads `<home>/pair/<bench>/new/estimates.json`.
fn criterion_estimates(home: &Path, bench: &str) -> Result<CriterionEstimates, String> {
    let path = home
        .join("pair")
        .join(bench)
        .join("new")
        .join("estimates.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("criterion: {}: {e}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("criterion: {}: {e}", path.display()))?;
    let point = |stat: &str| v.get(stat)?.get("point_estimate")?.as_f64();
    let (slope_ns, mean_ns) = (point("slope"), point("mean"));
    Ok(CriterionEstimates {
        typical_ns: slope_ns
            .or(mean_ns)
            .ok_or_else(|| format!("criterion: no slope or mean in {}", path.display()))?,
        slope_ns,
        mean_ns,
        median_ns: point("median"),
    })
}

/// One row of divan's table.
#[derive(Clone, Debug, PartialEq)]
pub struct DivanRow {
    pub name: String,
    pub median_ns: f64,
    pub mean_ns: Option<f64>,
    pub samples: Option<u64>,
}

/// Parses divan's tree: `(bench name, median ns)` per leaf row.
///
/// divan prints a header line `<crate>  fastest │ slowest │ median │ mean │
/// samples │ iters`, then one row per bench, `├─ a  1.2 µs │ 3 µs │ ...`.
/// Cells are split on `│`; the first cell holds the tree branch and name
/// before the first value. The median column is found from the header.
pub fn parse_divan(text: &str) -> Result<Vec<DivanRow>, String> {
    let mut lines = text.lines();
    let header = lines
        .by_ref()
        .find(|l| l.contains('│') && l.contains("median"))
        .ok_or_else(|| format!("divan: no table header in:\n{text}"))?;
    let heads: Vec<&str> = header.split('│').map(str::trim).collect();
    let col = |name: &str| heads.iter().position(|h| *h == name);
    let median = col("median").ok_or_else(|| format!("divan: no median column in `{header}`"))?;
    let (mean, samples) = (col("mean"), col("samples"));
    let mut rows = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split('│').collect();
        if cells.len() <= median {
            continue;
        }
        let first = cells[0]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '├' | '╰' | '─' | '│'));
        let Some(name) = first.split_whitespace().next() else {
            continue;
        };
        if let Some(median_ns) = parse_duration_ns(cells[median]) {
            rows.push(DivanRow {
                name: name.to_string(),
                median_ns,
                mean_ns: mean
                    .and_then(|i| cells.get(i))
                    .and_then(|c| parse_duration_ns(c)),
                samples: samples
                    .and_then(|i| cells.get(i))
                    .and_then(|c| c.trim().parse().ok()),
            });
        }
    }
    Ok(rows)
}

/// `"1.234 µs"` → 1234.0 (ns). Units ps, ns, µs/us, ms, s.
pub fn parse_duration_ns(cell: &str) -> Option<f64> {
    let mut parts = cell.split_whitespace();
    let value: f64 = parts.next()?.parse().ok()?;
    let scale = match parts.next()? {
        "ps" => 1e-3,
        "ns" => 1.0,
        "µs" | "μs" | "us" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        _ => return None,
    };
    Some(value * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_divans_table() {
        let text = "Timer precision: 10 ns\n\
sbs_divan  fastest       │ slowest       │ median        │ mean          │ samples │ iters\n\
├─ a       2.61 µs       │ 10.3 µs       │ 2.67 µs       │ 2.7 µs        │ 5000    │ 640000\n\
╰─ b       2.662 µs      │ 9 µs          │ 2.723 µs      │ 2.75 µs       │ 5000    │ 640000\n";
        let rows = parse_divan(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "a");
        assert!((rows[0].median_ns - 2670.0).abs() < 1e-9);
        assert_eq!(rows[0].mean_ns, Some(2700.0));
        assert_eq!(rows[0].samples, Some(5000));
        assert_eq!(rows[1].name, "b");
        assert!((rows[1].median_ns - 2723.0).abs() < 1e-9);
    }

    #[test]
    fn parses_units() {
        assert_eq!(parse_duration_ns("310.5 ps"), Some(0.3105));
        assert_eq!(parse_duration_ns(" 12 ns "), Some(12.0));
        assert_eq!(parse_duration_ns("1.5 ms"), Some(1.5e6));
        assert_eq!(parse_duration_ns("2 s"), Some(2e9));
        assert_eq!(parse_duration_ns("5000"), None);
    }
}
