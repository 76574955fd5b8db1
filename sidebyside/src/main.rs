//! Side-by-side accuracy benchmark: zenbench, divan and criterion measure the
//! same pairs of workloads, quiet and under a noisy neighbour, and the table
//! says how close each one's reported ratio comes to the truth.
//!
//! ```text
//! cd sidebyside
//! cargo build --release
//! target/release/sidebyside --quick          # R = 2, 1 s per pair: smoke check
//! target/release/sidebyside --json out.json  # R = 5, 3 s per pair: ~15 min
//! ```
//!
//! # What is measured
//!
//! Workloads (see the library, `src/lib.rs`): **compute**, a dependent
//! multiply-rotate chain of N steps; **memory**, N dependent loads along a
//! random cyclic permutation of `usize` indices in a buffer beyond L2 and
//! larger than a typical LLC (64 MiB by default, `--mem-mib`; each call
//! continues where the last stopped, so it keeps missing); **empty**, `|| ()`. Each runs as an A/A pair (the same
//! function, same N, twice) and as an A/B pair (N against N·1.02: 2% more
//! work), except empty, which runs only as A/A and reports its absolute time.
//! Both sides of a pair call one `#[inline(never)]` function, so they run
//! the same code at the same address and differ only in the argument.
//!
//! Conditions: **quiet** (no neighbour; the machine's own background is what
//! it is), **busy** and **cache**: a noisy neighbour process (this program
//! re-executed with `--neighbour MODE`, killed at the end of the condition)
//! alternating loud and quiet phases of 50–500 ms. `busy` spins one thread per
//! logical core; `cache` streams read-modify-write over twice the last-level
//! cache on max(1, cores − 1) threads. See `neighbour.rs`.
//!
//! Each cell (condition × pair) is repeated R times; within a repetition the
//! three harnesses run one after another in a freshly shuffled order, so none
//! is systematically first after the neighbour starts or after another
//! harness warmed the caches.
//!
//! # How each harness is driven (and what is taken as its answer)
//!
//! Every harness gets the same budget per pair (`--budget`, default 3 s):
//!
//! - **zenbench**: in this process through `zenbench::Suite` and
//!   `Suite::run` with `Options` set to measure (`mode`, `config.max_time`,
//!   `engine.seed`), a group `pair` with `a` as baseline. `max_time` is the
//!   budget for the group, both benchmarks interleaved; zenbench stops
//!   earlier once the comparison is resolved; its resource gate is off
//!   (`engine.no_gate`), as the peers have none.
//!   Ratio = 1 + `comparisons[0].pct_change` / 100 (the engine's robust paired
//!   estimate: a trimmed mean of per-round log ratios); time = `summary.mean_ns`; its verdict is
//!   counted (`slower` on A/B is right, `faster`/`slower` on A/A is a false
//!   alarm).
//! - **divan**: divan has no programmatic result API, so `sbs-divan` (a
//!   binary calling `divan::main()`, benches `a` and `b`) runs as a child
//!   with `--bench --min-time B/2 --max-time B/2` (divan runs benches one
//!   after the other; its default of 100 samples would take milliseconds),
//!   and the driver parses the table it prints. Ratio = B/A of the `median`
//!   column (divan's headline; printed to 4 significant digits).
//! - **criterion**: `sbs-criterion` (the expansion of `criterion_main!`)
//!   runs as a child with `--bench --noplot --warm-up-time B/6
//!   --measurement-time B/3` (per bench, sequential; 100 samples), with
//!   `CRITERION_HOME` set to a fresh directory, and the driver reads
//!   `pair/{a,b}/new/estimates.json`. Ratio = B/A of criterion's headline
//!   estimate, the one its `time:` line prints: `typical`, which is the slope
//!   of the linear-sampling regression when it sampled linearly (fast
//!   benches) and the mean otherwise. There is no saved baseline, so
//!   criterion's change detection does not run: its verdict columns say n/a.
//!
//! The children build the memory permutation before their harness starts and
//! print how long that took; the wall time per pair excludes it (zenbench
//! builds it once and reuses it). The wall time includes process start and
//! criterion's analysis.
//!
//! # The table
//!
//! Per harness × condition × workload: the median and worst A/A error
//! |ratio − 1| in %; the median and worst A/B error |ratio / 1.02 − 1| in %;
//! the median reported A/B change in % (truth +2.00); zenbench's A/B runs
//! called `slower` and A/A runs called `faster`/`slower` (n/a for divan and
//! criterion, which have no paired verdict); the median reported time of A
//! (for empty: the harness's floor); the median wall time per pair.

mod harness;
mod neighbour;
mod report;

use harness::{Harness, Runner};
use neighbour::{Neighbour, NoiseMode};
use sidebyside::{Spec, Workload};
use std::time::Instant;

/// A measurement condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    Quiet,
    Noisy(NoiseMode),
}

impl Condition {
    const ALL: [Condition; 3] = [
        Condition::Quiet,
        Condition::Noisy(NoiseMode::Busy),
        Condition::Noisy(NoiseMode::Cache),
    ];

    pub fn name(self) -> &'static str {
        match self {
            Condition::Quiet => "quiet",
            Condition::Noisy(m) => m.name(),
        }
    }

    fn parse(s: &str) -> Option<Condition> {
        Condition::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// A/A (identical) or A/B (B does 2% more work).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairKind {
    AA,
    AB,
}

impl PairKind {
    pub fn name(self) -> &'static str {
        match self {
            PairKind::AA => "A/A",
            PairKind::AB => "A/B",
        }
    }
}

/// The run's configuration.
struct Config {
    reps: u32,
    budget_s: f64,
    conditions: Vec<Condition>,
    harnesses: Vec<Harness>,
    workloads: Vec<Workload>,
    compute_n: u64,
    memory_n: u64,
    mem_mib: usize,
    seed: u64,
    json: Option<std::path::PathBuf>,
}

const HELP: &str = "\
sidebyside: zenbench, divan and criterion on identical workloads, quiet and noisy.

usage: sidebyside [OPTIONS]

  --quick              R = 2 and 1 s per pair (a smoke check, ~2 min)
  --reps R             repetitions of each cell (default 5)
  --budget SECS        time budget per pair and harness (default 3)
  --conditions LIST    of quiet,busy,cache (default all)
  --harnesses LIST     of zenbench,divan,criterion (default all)
  --workloads LIST     of compute,memory,empty (default all)
  --compute-n N        steps of the compute chain (default 2000)
  --memory-n N         loads of the memory walk (default 2000)
  --mem-mib MIB        memory walk buffer (default 64)
  --seed N             seed of the permutation, shuffles and zenbench (default 1)
  --json FILE          also write every run and row as JSON
  --neighbour MODE     (internal) be the noisy neighbour: busy or cache
";

fn parse_args(args: &[String]) -> Result<Config, String> {
    let mut c = Config {
        reps: 5,
        budget_s: 3.0,
        conditions: Condition::ALL.to_vec(),
        harnesses: Harness::ALL.to_vec(),
        workloads: Workload::ALL.to_vec(),
        compute_n: 2000,
        memory_n: 2000,
        mem_mib: 64,
        seed: 1,
        json: None,
    };
    let (mut reps, mut budget) = (None, None);
    let mut quick = false;
    let mut it = args.iter();
    fn list<T>(v: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, String> {
        v.split(',')
            .map(|s| parse(s.trim()).ok_or_else(|| format!("unknown item `{s}`")))
            .collect()
    }
    fn num<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
        v.parse()
            .map_err(|_| format!("{flag}: `{v}` is not a valid number"))
    }
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag {
            "--help" | "-h" => {
                print!("{HELP}");
                std::process::exit(0)
            }
            "--quick" => quick = true,
            "--reps" => reps = Some(num::<u32>(flag, &value()?)?.max(1)),
            "--budget" => budget = Some(num::<f64>(flag, &value()?)?),
            "--conditions" => c.conditions = list(&value()?, Condition::parse)?,
            "--harnesses" => c.harnesses = list(&value()?, Harness::parse)?,
            "--workloads" => c.workloads = list(&value()?, Workload::parse)?,
            "--compute-n" => c.compute_n = num(flag, &value()?)?,
            "--memory-n" => c.memory_n = num(flag, &value()?)?,
            "--mem-mib" => c.mem_mib = num(flag, &value()?)?,
            "--seed" => c.seed = num(flag, &value()?)?,
            "--json" => c.json = Some(value()?.into()),
            other => return Err(format!("unknown argument `{other}` (try --help)")),
        }
    }
    c.reps = reps.unwrap_or(if quick { 2 } else { 5 });
    c.budget_s = budget.unwrap_or(if quick { 1.0 } else { 3.0 });
    if c.budget_s <= 0.0 || c.compute_n == 0 || c.memory_n == 0 || c.mem_mib == 0 {
        return Err("budget, N and buffer size must be positive".into());
    }
    Ok(c)
}

/// The pairs to measure: (workload, kind).
fn pairs(c: &Config) -> Vec<(Workload, PairKind)> {
    let mut v = Vec::new();
    for &w in &c.workloads {
        v.push((w, PairKind::AA));
        if w != Workload::Empty {
            v.push((w, PairKind::AB));
        }
    }
    v
}

fn spec(c: &Config, w: Workload, kind: PairKind) -> Spec {
    let n = match w {
        Workload::Compute => c.compute_n,
        Workload::Memory => c.memory_n,
        Workload::Empty => 0,
    };
    let n_b = match kind {
        PairKind::AA => n,
        PairKind::AB => (n as f64 * 1.02).round() as u64,
    };
    Spec {
        workload: w,
        n_a: n,
        n_b,
        mem_mib: c.mem_mib,
        seed: c.seed,
    }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// The 1-minute load average (Linux), as a sign of how quiet "quiet" was.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn header(c: &Config) -> String {
    let mut s = String::new();
    let mib = |b: usize| b >> 20;
    s += &format!(
        "sidebyside: {} | {} logical cores | LLC {} MiB\n",
        cpu_model(),
        neighbour::logical_cores(),
        mib(neighbour::llc_bytes())
    );
    s += &format!(
        "R = {} repetitions per cell; budget {} s per pair per harness; seed {}\n",
        c.reps, c.budget_s, c.seed
    );
    s += &format!(
        "workloads: compute N = {} (A/B: {}), memory N = {} loads (A/B: {}) over {} MiB, empty `|| ()`\n",
        c.compute_n,
        spec(c, Workload::Compute, PairKind::AB).n_b,
        c.memory_n,
        spec(c, Workload::Memory, PairKind::AB).n_b,
        c.mem_mib
    );
    s += &format!(
        "noisy neighbour: loud/quiet phases of {}-{} ms; busy = {} spinning thread(s); cache = {} thread(s) streaming {} MiB each\n",
        neighbour::PHASE_MS.0,
        neighbour::PHASE_MS.1,
        NoiseMode::Busy.threads(),
        NoiseMode::Cache.threads(),
        mib(2 * neighbour::llc_bytes())
    );
    for h in &c.harnesses {
        s += &format!(
            "{:<9}  budget: {}\n           estimate: {}\n",
            h.name(),
            h.budget_note(c.budget_s),
            h.estimator()
        );
    }
    s += "columns: A/A err = |B/A - 1|; A/B err = |(B/A) / 1.02 - 1|; A/B chg = reported B/A - 1 (truth +2.00);\n\
          A/B slower, A/A flagged = zenbench verdicts slower, faster|slower (runs / runs);\n\
          time of A = reported time of A in the A/A runs; wall/pair excludes the children's data setup. Medians over R.\n";
    s
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--neighbour") {
        let mode = args.get(1).and_then(|m| NoiseMode::parse(m));
        let seed = match args.get(2..4) {
            Some([flag, v]) if flag == "--seed" => v.parse().unwrap_or(0),
            _ => 0,
        };
        match mode {
            Some(mode) => neighbour::run(mode, seed),
            None => {
                eprintln!("--neighbour needs busy or cache");
                std::process::exit(2)
            }
        }
    }
    let config = match parse_args(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2)
        }
    };
    let mut runner = match Runner::new(config.budget_s) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2)
        }
    };
    let head = header(&config);
    eprint!("{head}");
    let pairs = pairs(&config);
    let total =
        config.conditions.len() * config.reps as usize * pairs.len() * config.harnesses.len();
    let mut rng = fastrand::Rng::with_seed(config.seed);
    let mut records = Vec::new();
    let started = Instant::now();
    let mut loads = Vec::new();
    for (ci, &condition) in config.conditions.iter().enumerate() {
        let load_before = load_average();
        let neighbour = match condition {
            Condition::Quiet => None,
            Condition::Noisy(mode) => match Neighbour::start(mode, config.seed ^ ci as u64) {
                Ok(n) => Some(n),
                Err(e) => {
                    eprintln!("error: cannot start the {} neighbour: {e}", mode.name());
                    std::process::exit(1)
                }
            },
        };
        for rep in 0..config.reps {
            for &(workload, kind) in &pairs {
                let spec = spec(&config, workload, kind);
                let mut order = config.harnesses.clone();
                rng.shuffle(&mut order);
                for h in order {
                    let seed = rng.u64(..);
                    let result = runner.run(h, spec, seed);
                    let n = records.len() + 1;
                    match &result {
                        Ok(m) => eprintln!(
                            "[{n}/{total} {:.0}s] {} rep {} {} {} {}: B/A {:.4}  A {}{}  wall {:.2}s",
                            started.elapsed().as_secs_f64(),
                            condition.name(),
                            rep + 1,
                            workload.name(),
                            kind.name(),
                            h.name(),
                            m.ratio,
                            report::fmt_ns(m.a_ns),
                            m.verdict.as_deref().map_or(String::new(), |v| format!("  {v}")),
                            m.wall_s
                        ),
                        Err(e) => eprintln!(
                            "[{n}/{total}] {} rep {} {} {} {}: FAILED: {e}",
                            condition.name(),
                            rep + 1,
                            workload.name(),
                            kind.name(),
                            h.name()
                        ),
                    }
                    records.push(report::Record {
                        harness: h,
                        condition,
                        workload,
                        pair: kind,
                        rep,
                        truth: match kind {
                            PairKind::AA => 1.0,
                            PairKind::AB => spec.n_b as f64 / spec.n_a as f64,
                        },
                        result,
                    });
                }
            }
        }
        loads.push((condition, load_before, load_average()));
        if let Some(n) = neighbour {
            n.stop();
        }
    }
    let mut rows = report::rows(&records);
    // Report order: harness, condition, workload as configured.
    let key = |r: &report::Row| {
        (
            config.harnesses.iter().position(|&h| h == r.harness),
            config.conditions.iter().position(|&c| c == r.condition),
            config.workloads.iter().position(|&w| w == r.workload),
        )
    };
    rows.sort_by_key(key);
    println!("{head}");
    print!("{}", report::table(&rows));
    let diagnostic = report::median_ratio_table(&rows);
    if !diagnostic.is_empty() {
        println!();
        print!("{diagnostic}");
    }
    let fmt_load = |l: Option<f64>| l.map_or("?".to_string(), |l| format!("{l:.2}"));
    let loads_text: Vec<String> = loads
        .iter()
        .map(|(c, a, b)| format!("{} {} -> {}", c.name(), fmt_load(*a), fmt_load(*b)))
        .collect();
    println!(
        "1-min load average at the start -> end of each condition (includes the neighbour): {}",
        loads_text.join(", ")
    );
    println!(
        "total wall time {:.1} min",
        started.elapsed().as_secs_f64() / 60.0
    );
    if let Some(path) = &config.json {
        let cfg = serde_json::json!({
            "reps": config.reps,
            "budget_s": config.budget_s,
            "compute_n": config.compute_n,
            "memory_n": config.memory_n,
            "mem_mib": config.mem_mib,
            "seed": config.seed,
            "cpu": cpu_model(),
            "logical_cores": neighbour::logical_cores(),
            "llc_bytes": neighbour::llc_bytes(),
        });
        let doc = report::json(cfg, &records, &rows);
        let text = serde_json::to_string_pretty(&doc).expect("JSON values serialise");
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            std::process::exit(1)
        }
    }
    if records.iter().any(|r| r.result.is_err()) {
        std::process::exit(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args_and_pairs() {
        let args: Vec<String> = [
            "--quick",
            "--workloads=compute,empty",
            "--conditions",
            "quiet",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let c = parse_args(&args).unwrap();
        assert_eq!((c.reps, c.budget_s), (2, 1.0));
        assert_eq!(c.conditions, [Condition::Quiet]);
        assert_eq!(
            pairs(&c),
            [
                (Workload::Compute, PairKind::AA),
                (Workload::Compute, PairKind::AB),
                (Workload::Empty, PairKind::AA)
            ]
        );
        assert_eq!(spec(&c, Workload::Compute, PairKind::AB).n_b, 2040);
        assert!(parse_args(&["--bogus".to_string()]).is_err());
    }
}
