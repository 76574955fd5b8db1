//! How fast zenbench answers: each scenario of the "fast answers" targets,
//! measured `RUNS` times (median wall time), with its stop reason and
//! verdict, then the fixed costs of a run and of a group.
//!
//! `cargo bench --bench fast_answers` (add `-- --full` for 20 runs of the
//! 1% pair, the "19 of 20" target). Timings are printed, never asserted.
//! With a FILTER or `--format json` it is an ordinary zenbench run of the
//! scenarios' benchmarks.

use std::hint::black_box;
use std::time::Instant;
use zenbench::result::{StopReason, SuiteResult, Verdict};
use zenbench::{Bencher, Mode, Options, Suite};
use zenbench_benches::chain;

/// The empty body: nothing to time but the harness.
#[zenbench::bench]
fn empty() {}

/// A body of a couple of nanoseconds.
#[zenbench::bench]
fn tiny() -> u64 {
    black_box(3u64).wrapping_mul(black_box(5))
}

/// Two empty bodies compared: a change within the timer's floor.
#[zenbench::bench(group = "empty_pair")]
fn empty_a() {}

#[zenbench::bench(group = "empty_pair")]
fn empty_b() {}

/// The empty body on one and two threads.
#[zenbench::bench(threads = [1, 2])]
fn empty_threads(b: &mut Bencher) {
    b.iter(|| ())
}

/// One row each of ~2 ns, ~100 ns and ~6 µs, not compared with each other.
#[zenbench::bench(args = [1, 50, 3000])]
fn ladder(b: &mut Bencher, n: u64) {
    b.iter(|| chain(black_box(n)))
}

/// An A/A pair of a ~2 µs body.
#[zenbench::bench(group = "aa")]
fn aa_first() -> u64 {
    chain(black_box(1000))
}

#[zenbench::bench(group = "aa")]
fn aa_second() -> u64 {
    chain(black_box(1000))
}

/// A pair whose candidate does 2% more work.
#[zenbench::bench(group = "two_pct")]
fn two_base() -> u64 {
    chain(black_box(1000))
}

#[zenbench::bench(group = "two_pct")]
fn two_more() -> u64 {
    chain(black_box(1020))
}

/// A pair whose candidate does 1% more work, told that 0.5% is noise.
#[zenbench::bench(group = "one_pct", noise_threshold = 0.005)]
fn one_base() -> u64 {
    chain(black_box(1000))
}

#[zenbench::bench(group = "one_pct")]
fn one_more() -> u64 {
    chain(black_box(1010))
}

struct Scenario {
    what: &'static str,
    filter: &'static str,
    target_s: f64,
    /// The verdict the comparison must reach, if the group has one.
    verdict: Option<Verdict>,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        what: "empty body alone",
        filter: "^empty$",
        target_s: 0.5,
        verdict: None,
    },
    Scenario {
        what: "a ~2 ns body alone",
        filter: "^tiny$",
        target_s: 0.5,
        verdict: None,
    },
    Scenario {
        what: "two empty bodies compared",
        filter: "^empty_pair/",
        target_s: 0.5,
        verdict: Some(Verdict::Uncertain),
    },
    Scenario {
        what: "empty body on 1 and 2 threads",
        filter: "^empty_threads/",
        target_s: 0.5,
        verdict: None,
    },
    Scenario {
        what: "args rows ~2 ns, ~100 ns, ~6 us",
        filter: "^ladder/",
        target_s: 1.0,
        verdict: None,
    },
    Scenario {
        what: "A/A pair, 2 us body",
        filter: "^aa/",
        target_s: 1.0,
        verdict: Some(Verdict::Same),
    },
    Scenario {
        what: "2% pair, 2 us body",
        filter: "^two_pct/",
        target_s: 1.0,
        verdict: Some(Verdict::Slower),
    },
    Scenario {
        what: "1% pair, noise_threshold 0.005",
        filter: "^one_pct/",
        target_s: 2.0,
        verdict: Some(Verdict::Slower),
    },
];

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn stop_word(r: StopReason) -> String {
    format!("{r:?}").to_lowercase()
}

fn main() {
    // `--full` is this benchmark's own flag; the rest are zenbench's.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let full = args.iter().any(|a| a == "--full");
    let zenbench_args = args.iter().filter(|a| *a != "--full");
    let opts = match Options::parse(zenbench_args, &|name| std::env::var(name).ok()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(e.exit_code());
        }
    };
    let suite = Suite::from_registry();
    // A smoke test, a listing, a filter or `--format json`: an ordinary
    // zenbench run of these benchmarks.
    let plain = !opts.selection.filters.is_empty() || opts.output.format == zenbench::Format::Json;
    if opts.mode == Mode::Test || opts.list || opts.help || plain {
        std::process::exit(suite.main_with(&opts));
    }
    println!("fast answers: median of the runs, wall time of the run (start-up included)");
    println!(
        "{:<32} {:>6} {:>5} {:>8} {:>7} {:>9} {:>10}  stop reasons",
        "scenario", "target", "runs", "median", "rounds", "verdicts", "ok"
    );
    let mut lasts: Vec<(&str, SuiteResult)> = Vec::new();
    for s in SCENARIOS {
        let runs = if full && s.verdict == Some(Verdict::Slower) && s.target_s > 1.0 {
            20
        } else {
            3
        };
        let mut walls = Vec::new();
        let mut rounds = Vec::new();
        let mut right = 0;
        let mut reasons = Vec::new();
        let mut misses = Vec::new();
        for run in 0..runs {
            let mut o = opts.clone();
            o.selection.filters = vec![s.filter.to_string()];
            o.output.quiet = true;
            o.engine.seed = Some(1000 + run as u64);
            let t = Instant::now();
            let r = match suite.run(&o) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e}");
                    std::process::exit(e.exit_code());
                }
            };
            walls.push(t.elapsed().as_secs_f64());
            let g = &r.groups[0];
            rounds.push(g.rounds as f64);
            reasons.push(stop_word(g.stop_reason));
            let ok = match s.verdict {
                Some(v) => g.comparisons.first().is_some_and(|c| c.verdict == v),
                None => g.stop_reason != StopReason::MaxTime,
            };
            right += usize::from(ok);
            if !ok {
                misses.push(match g.comparisons.first() {
                    Some(c) => format!(
                        "    run {run}: {:?} {:+.2}% [{:+.2}%, {:+.2}%] after {} rounds",
                        c.verdict, c.pct_change, c.ci_lower_pct, c.ci_upper_pct, g.rounds
                    ),
                    None => format!(
                        "    run {run}: no comparison; {} rounds, {:?}, rows {:?}",
                        g.rounds,
                        g.stop_reason,
                        g.benchmarks
                            .iter()
                            .map(|b| (
                                b.name.as_str(),
                                b.summary.as_ref().map(|s| s.n),
                                b.error.as_deref()
                            ))
                            .collect::<Vec<_>>()
                    ),
                });
            }
            if run + 1 == runs {
                lasts.push((s.what, r));
            }
        }
        reasons.sort();
        reasons.dedup();
        let wall = median(walls);
        println!(
            "{:<32} {:>5.1}s {:>5} {:>7.3}s {:>7.0} {:>6}/{:<2} {:>10}  {}",
            s.what,
            s.target_s,
            runs,
            wall,
            median(rounds),
            right,
            runs,
            if wall <= s.target_s {
                "in time"
            } else {
                "SLOW"
            },
            reasons.join(", ")
        );
        for m in &misses {
            println!("{m}");
        }
    }
    examples_suite(&opts);
    println!("\nfixed costs (the last run of each scenario):");
    for (what, r) in &lasts {
        fixed_costs(what, r);
    }
}

/// The README's example suite (`benches/examples.rs`), run as its own
/// process, as `cargo bench` runs it.
fn examples_suite(opts: &Options) {
    let Some(exe) = sibling_bench("examples") else {
        println!("README example suite: skipped (build it with `cargo bench --no-run`)");
        return;
    };
    let mut walls = Vec::new();
    let mut groups = Vec::new();
    for run in 0..3 {
        let mut cmd = std::process::Command::new(&exe);
        cmd.args(["--bench", "--quiet", "--format", "json", "--seed"]);
        cmd.arg((2000 + run).to_string());
        if opts.engine.no_gate {
            cmd.arg("--no-gate");
        }
        let t = Instant::now();
        let out = match cmd.output() {
            Ok(out) if out.status.success() => out,
            _ => {
                println!("README example suite: the examples bench failed to run");
                return;
            }
        };
        walls.push(t.elapsed().as_secs_f64());
        let Ok(r) = SuiteResult::from_json(&String::from_utf8_lossy(&out.stdout)) else {
            println!("README example suite: unreadable JSON");
            return;
        };
        groups = r
            .groups
            .iter()
            .map(|g| {
                format!(
                    "{} {:.2}s {}",
                    g.name,
                    g.wall_time_s,
                    stop_word(g.stop_reason)
                )
            })
            .collect();
    }
    println!(
        "{:<32} {:>5.1}s {:>5} {:>7.3}s  ({})",
        "README example suite",
        2.0,
        3,
        median(walls),
        groups.join("; ")
    );
}

/// The newest `NAME-<hash>` executable beside this one (cargo's layout).
fn sibling_bench(name: &str) -> Option<std::path::PathBuf> {
    let me = std::env::current_exe().ok()?;
    let dir = me.parent()?;
    let prefix = format!("{name}-");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && !n.contains('.'))
        })
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
}

/// Where a run's and a group's fixed time goes.
fn fixed_costs(what: &str, r: &SuiteResult) {
    if let Some(s) = &r.startup {
        println!(
            "{what}: start-up: timer {:.1} ms, loop overhead {:.1} ms, calibration {:.1} ms, \
             alloc overhead {:.1} ms, gate {:.1} ms",
            s.timer_s * 1e3,
            s.loop_overhead_s * 1e3,
            s.calibration_s * 1e3,
            s.alloc_overhead_s * 1e3,
            s.gate_s * 1e3
        );
    }
    for g in &r.groups {
        if let Some(p) = &g.phases {
            println!(
                "  group {}: estimate {:.1} ms, warm-up {:.1} ms, rounds {:.1} ms, \
                 checks {:.1} ms, final analysis {:.1} ms ({} rounds)",
                g.name,
                p.estimate_s * 1e3,
                p.warmup_s * 1e3,
                p.measure_s * 1e3,
                p.checks_s * 1e3,
                p.analysis_s * 1e3,
                g.rounds
            );
        }
    }
}
