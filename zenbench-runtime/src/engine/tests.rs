//! Unit tests of the engine.

use super::convergence::resolved;
use super::schedule::{jitter_factor, jittered, linear_ramp};
use super::*;
use crate::define::registry::Suite;
use crate::model::options::{Mode, Options};
use crate::model::result::GroupConfig;
use crate::model::table::BenchOptions;

#[inline(never)]
fn work(n: u64) -> u64 {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..n {
        x = std::hint::black_box(x.rotate_left(5) ^ i).wrapping_mul(0x2545_f491_4f6c_dd1d);
    }
    x
}

fn measure(opts: &Options, build: impl FnOnce(&mut Suite)) -> crate::SuiteResult {
    let mut s = Suite::new();
    build(&mut s);
    s.run(opts).unwrap()
}

fn quick() -> Options {
    let mut opts = Options {
        mode: Mode::Bench,
        config: BenchOptions {
            max_time: Some(0.5),
            min_rounds: Some(20),
            ..BenchOptions::NONE
        },
        ..Options::default()
    };
    opts.engine.seed = Some(7);
    opts
}

/// `quick()` with `config` fields set by `edit`.
fn quick_with(edit: impl FnOnce(&mut BenchOptions)) -> Options {
    let mut o = quick();
    edit(&mut o.config);
    o
}

/// Structure of a measured comparison. (The verdict on a 2x pair is
/// asserted end to end, in `tests/`, where measurements run one at a
/// time; unit tests share the cores with each other.)
#[test]
fn measured_pair_is_paired_round_by_round() {
    let r = measure(&quick(), |s| {
        s.group("g", |g| {
            g.bench("one", |b| b.iter(|| work(200)));
            g.bench("two", |b| b.iter(|| work(400)));
        });
    });
    let g = &r.groups[0];
    assert_eq!(g.benchmarks.len(), 2);
    assert!(g.rounds >= 20, "min_rounds honoured: {}", g.rounds);
    let c = &g.comparisons[0];
    assert_eq!((c.baseline.as_str(), c.candidate.as_str()), ("one", "two"));
    assert!(c.pct_change > 0.0, "{c:?}");
    assert!(c.ci_lower_pct <= c.pct_change && c.pct_change <= c.ci_upper_pct);
    assert_eq!((c.n + c.outliers_removed) as u64, g.rounds);
    // Compared benches share their iteration count.
    assert_eq!(
        g.benchmarks[0].iterations_per_sample,
        g.benchmarks[1].iterations_per_sample
    );
    assert_eq!(g.benchmarks[0].summary.as_ref().unwrap().n as u64, g.rounds);
}

#[test]
fn a_panicking_bench_fails_alone() {
    let r = measure(&quick(), |s| {
        s.group("g", |g| {
            g.bench("ok", |b| b.iter(|| work(10)));
            g.bench("boom", |b| {
                b.iter(|| work(10));
                panic!("kaboom {}", 42);
            });
            g.bench("ok2", |b| b.iter(|| work(10)));
        });
    });
    let g = &r.groups[0];
    let boom = &g.benchmarks[1];
    assert!(boom.failed);
    let msg = boom.error.as_deref().unwrap();
    assert!(msg.contains("kaboom 42"), "{msg}");
    assert!(!g.benchmarks[0].failed && !g.benchmarks[2].failed);
    assert!(g.benchmarks[2].summary.as_ref().unwrap().n >= 2);
    assert_eq!(g.comparisons.len(), 1, "only ok vs ok2 is compared");
    assert!(r.any_failed());
}

#[test]
fn a_bench_that_never_calls_iter_fails_with_a_hint() {
    let r = measure(&quick(), |s| {
        s.bench("lazy", |_b| {});
    });
    let b = &r.groups[0].benchmarks[0];
    assert!(b.failed && b.error.as_deref().unwrap().contains("b.iter"));
    assert_eq!(r.groups[0].stop_reason, StopReason::Failed);
}

#[test]
fn smoke_mode_runs_each_bench_once() {
    let count = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let c2 = count.clone();
    let r = measure(&Options::default(), move |s| {
        s.bench("once", move |b| {
            c2.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            b.iter(|| 1)
        });
    });
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(r.groups[0].stop_reason, StopReason::Smoke);
    assert_eq!(r.mode, crate::model::result::RunMode::Test);
}

#[test]
fn max_rounds_caps_the_run() {
    let opts = quick_with(|c| {
        c.max_rounds = Some(5);
        c.min_rounds = Some(3);
        c.target_precision = Some(1e-12);
    });
    // A body long enough that its noise stays far above the timer's floor:
    // only the cap can stop it.
    let r = measure(&opts, |s| {
        s.bench("x", |b| b.iter(|| work(2000)));
    });
    assert_eq!(r.groups[0].rounds, 5);
    assert_eq!(r.groups[0].stop_reason, StopReason::MaxRounds);
}

#[test]
fn same_seed_gives_the_same_round_orders() {
    let orders = |seed| {
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut opts = quick_with(|c| {
            c.max_rounds = Some(8);
            c.min_rounds = Some(8);
        });
        opts.engine.seed = Some(seed);
        let (la, lb) = (log.clone(), log.clone());
        let r = measure(&opts, move |s| {
            s.group("g", move |g| {
                g.bench("a", move |b| {
                    la.lock().unwrap().push('a');
                    b.iter(|| 1)
                });
                g.bench("b", move |b| {
                    lb.lock().unwrap().push('b');
                    b.iter(|| 1)
                });
            });
        });
        assert_eq!(r.groups[0].rounds, 8, "{:?}", r.groups[0].stop_reason);
        let v = log.lock().unwrap().clone();
        v
    };
    // Estimation calls are data-dependent; the round shuffles are seeded,
    // so the last 16 calls (8 rounds of 2) must agree for equal seeds.
    let tail = |v: Vec<char>| v[v.len() - 16..].to_vec();
    assert_eq!(tail(orders(3)), tail(orders(3)));
    let a = tail(orders(3));
    assert!(
        (0..8).all(|r| a[2 * r] != a[2 * r + 1]),
        "each round runs each bench once: {a:?}"
    );
}

#[test]
fn iteration_jitter_stays_within_20_percent_and_covers_the_range() {
    let mut rng = fastrand::Rng::with_seed(9);
    let counts: Vec<u64> = (0..2000)
        .map(|_| jittered(1000, jitter_factor(&mut rng)))
        .collect();
    assert!(
        counts.iter().all(|&c| (800..=1200).contains(&c)),
        "out of range"
    );
    let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert!(*lo <= 810 && *hi >= 1190, "range barely used: {lo}..{hi}");
    assert_eq!(jittered(1, 0.8), 1, "never zero iterations");
}

#[test]
fn compared_benches_get_the_same_jittered_count_each_round() {
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let opts = quick_with(|c| {
        c.max_rounds = Some(12);
        c.min_rounds = Some(12);
    });
    let (la, lb) = (log.clone(), log.clone());
    measure(&opts, move |s| {
        s.group("g", move |g| {
            g.bench("a", move |b| {
                la.lock().unwrap().push(b.iterations());
                b.iter(|| 1)
            });
            g.bench("b", move |b| {
                lb.lock().unwrap().push(b.iterations());
                b.iter(|| 2)
            });
        });
    });
    let v = log.lock().unwrap().clone();
    let rounds = &v[v.len() - 24..];
    assert!(
        rounds.chunks(2).all(|r| r[0] == r[1]),
        "pairs differ: {rounds:?}"
    );
    let distinct: std::collections::BTreeSet<_> = rounds.iter().collect();
    assert!(distinct.len() > 3, "counts are not jittered: {rounds:?}");
}

#[test]
fn cold_start_measures_one_iteration_per_round_behind_the_firewall() {
    let opts = quick_with(|c| {
        c.max_rounds = Some(6);
        c.min_rounds = Some(6);
    });
    let r = measure(&opts, |s| {
        s.group("g", |g| {
            g.options(crate::BenchOptions {
                cold_start: Some(true),
                ..crate::BenchOptions::NONE
            });
            g.bench("a", |b| b.iter(|| work(50)));
        });
    });
    let g = &r.groups[0];
    assert!(g.config.cold_start && !g.config.cache_firewall);
    let cold = g.benchmarks[0].cold.as_ref().expect("cold summary");
    assert_eq!(cold.n, 6);
    assert!(g.benchmarks[0].cold_start_ns.is_some());
    let plain = measure(&opts, |s| {
        s.bench("a", |b| b.iter(|| work(50)));
    });
    assert!(plain.groups[0].benchmarks[0].cold.is_none());
}

#[test]
fn linear_sampling_ramps_counts_and_fits_a_slope() {
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let l = log.clone();
    let opts = quick_with(|c| {
        c.max_rounds = Some(20);
        c.min_rounds = Some(20);
    });
    let r = measure(&opts, move |s| {
        s.group("g", move |g| {
            g.options(crate::BenchOptions {
                linear_sampling: Some(true),
                ..crate::BenchOptions::NONE
            });
            // A fixed cost per call that `iter_custom` reports, plus a
            // per-iteration cost: the slope must recover the latter.
            g.bench("a", move |b| {
                l.lock().unwrap().push(b.iterations());
                b.iter_custom(|n| std::time::Duration::from_nanos(5_000 + 3 * n))
            });
        });
    });
    let b = &r.groups[0].benchmarks[0];
    let slope = b
        .slope_ns
        .unwrap_or_else(|| panic!("slope: {:?}", r.groups[0]));
    assert!((slope - 3.0).abs() < 1e-6, "slope {slope}");
    let v = log.lock().unwrap().clone();
    let last: Vec<u64> = v[v.len() - 10..].to_vec();
    let distinct: std::collections::BTreeSet<_> = last.iter().collect();
    assert_eq!(distinct.len(), 10, "ten ramp steps: {last:?}");
    assert!(r.groups[0].config.linear_sampling);
    assert_eq!(linear_ramp(0) * 5.5, 1.0);
    assert_eq!((0..10).map(linear_ramp).sum::<f64>(), 10.0);
}

#[test]
fn a_gate_that_never_sees_a_quiet_machine_delays_every_round_boundedly() {
    use crate::measure::gate::{Gate, GatePolicy};
    use std::time::Duration;
    let policy = GatePolicy {
        max_foreign_cpu_pct: -1.0,   // any load at all is too much
        min_available_fraction: 2.0, // more memory than installed
        max_wait_per_round: Duration::from_millis(2),
        max_total_wait: Duration::from_secs(5),
        poll: Duration::from_millis(1),
        ..GatePolicy::local()
    };
    let mut gate = Gate::new(policy);
    let mut s = Suite::new();
    s.bench("a", |b| b.iter(|| work(5)));
    let opts = quick_with(|c| {
        c.max_rounds = Some(4);
        c.min_rounds = Some(4);
    });
    let plan = crate::plan::plan(s.defs.clone(), &opts, &|_| true).unwrap();
    let mut tick = |_: &Tick<'_>| {};
    let mut ctx = EngineCtx {
        smoke: false,
        seed: 1,
        on_tick: &mut tick,
        gate: Some(&mut gate),
    };
    let g = GroupRunner::new(&plan.groups[0], Timer::os(), 1).run(&mut ctx);
    assert_eq!(g.rounds, 4, "the gate delays rounds, never drops them");
    let report = g.gate.expect("gate report");
    assert_eq!(report.rounds_delayed, 4);
    assert!(report.waits >= 4);
    assert!(report.last_reason.is_some());
}

thread_local! {
    /// How far this test thread's budget clock runs ahead of the real one.
    static AHEAD: std::cell::Cell<std::time::Duration> =
        const { std::cell::Cell::new(std::time::Duration::ZERO) };
}

/// The real clock plus this thread's [`AHEAD`].
fn clock_ahead() -> std::time::Instant {
    std::time::Instant::now() + AHEAD.with(std::cell::Cell::get)
}

/// A gate that holds every round back for a minute of the test's clock
/// (and none of the real one).
struct MinuteGate;

impl crate::measure::gate::RoundGate for MinuteGate {
    fn before_round(&mut self) -> crate::measure::gate::GateOutcome {
        let minute = std::time::Duration::from_secs(60);
        AHEAD.with(|a| a.set(a.get() + minute));
        crate::measure::gate::GateOutcome {
            waited: minute,
            waits: 1200,
            quiet: false,
            ..Default::default()
        }
    }
}

#[test]
fn time_the_gate_holds_rounds_back_is_not_taken_from_the_budget() {
    let mut s = Suite::new();
    s.group("g", |g| {
        g.bench("a", |b| b.iter(|| work(5)));
        g.bench("b", |b| b.iter(|| work(6)));
    });
    // Each round waits a minute against a 5 s budget; min_rounds is 8.
    let opts = quick_with(|c| {
        c.max_time = Some(5.0);
        c.min_rounds = Some(8);
        c.max_rounds = Some(8);
    });
    let plan = crate::plan::plan(s.defs.clone(), &opts, &|_| true).unwrap();
    let mut spent = Vec::new();
    let mut tick = |t: &Tick<'_>| spent.push(t.elapsed_s);
    let mut gate = MinuteGate;
    let mut ctx = EngineCtx {
        smoke: false,
        seed: 1,
        on_tick: &mut tick,
        gate: Some(&mut gate),
    };
    let g = GroupRunner::new(&plan.groups[0], Timer::os(), 1)
        .with_clock(clock_ahead)
        .run(&mut ctx);
    assert_eq!(g.rounds, 8, "{:?}", g.stop_reason);
    assert_eq!(g.stop_reason, StopReason::MaxRounds);
    let gate = g.gate.expect("gate report");
    assert_eq!((gate.rounds_delayed, gate.waits), (8, 8 * 1200));
    assert_eq!(gate.waited_s, 8.0 * 60.0);
    // The progress line shows the budget spent measuring, not waiting.
    assert_eq!(spent.len(), 8);
    assert!(spent.iter().all(|&s| s < 60.0), "{spent:?}");
    assert!(!g.comparisons.is_empty(), "8 rounds support a comparison");
}

/// A measured pair `a`, `b` (twice the work) stopped after `rounds` rounds.
fn pair_of_rounds(rounds: u64) -> crate::SuiteResult {
    let opts = quick_with(|c| {
        c.min_rounds = Some(rounds.max(2));
        c.max_rounds = Some(rounds);
    });
    measure(&opts, |s| {
        s.group("g", |g| {
            g.bench("a", |b| b.iter(|| work(200)));
            g.bench("b", |b| b.iter(|| work(400)));
        });
    })
}

#[test]
fn a_row_of_too_few_rounds_has_no_ci_and_no_verdict_and_says_why() {
    use crate::model::result::{NoCi, Verdict};
    for rounds in [1, 2, zenbench_stats::MIN_ROUNDS_FOR_CI as u64 - 1] {
        let r = pair_of_rounds(rounds);
        let g = &r.groups[0];
        assert_eq!(g.rounds, rounds);
        let c = &g.comparisons[0];
        assert_eq!(c.n as u64, rounds);
        assert_eq!(c.no_ci, Some(NoCi::TooFewRounds));
        assert!(c.ci_lower_pct.is_nan() && c.ci_upper_pct.is_nan(), "{c:?}");
        assert_eq!((c.verdict, c.significant), (Verdict::Uncertain, false));
        for b in &g.benchmarks {
            assert_eq!(b.summary.as_ref().unwrap().n as u64, rounds);
            assert_eq!(b.mean_ci, None, "a CI on {rounds} rounds");
            assert_eq!(b.no_ci, Some(NoCi::TooFewRounds));
        }
        let json: serde_json::Value = serde_json::from_str(&crate::report::json(&r)).unwrap();
        let g = &json["groups"][0];
        let c = &g["comparisons"][0];
        assert_eq!(c["no_ci"], "too_few_rounds", "{c}");
        assert!(
            c["ci_lower_pct"].is_null() && c["ci_upper_pct"].is_null(),
            "{c}"
        );
        assert_eq!(c["verdict"], "uncertain", "{c}");
        for b in g["benchmarks"].as_array().unwrap() {
            assert_eq!(b["no_ci"], "too_few_rounds", "{b}");
            assert!(b["mean_ci"].is_null(), "{b}");
        }
        let text = crate::report::pretty(
            &r,
            &crate::report::Style {
                color: false,
                width: None,
                auto_fit: false,
                compact: false,
            },
        );
        let row = text.lines().find(|l| l.contains("└─ b")).unwrap();
        for word in ["faster", "slower", "same", "uncertain", "%"] {
            assert!(!row.contains(word), "{word} in {row}");
        }
        assert!(text.contains("no CI, no verdict: under 6 rounds"), "{text}");
    }
    // From MIN_ROUNDS_FOR_CI rounds on, the CIs and the verdict are there.
    let r = pair_of_rounds(zenbench_stats::MIN_ROUNDS_FOR_CI as u64);
    let g = &r.groups[0];
    let c = &g.comparisons[0];
    assert!(c.no_ci.is_none() && c.ci_lower_pct.is_finite(), "{c:?}");
    assert!(g
        .benchmarks
        .iter()
        .all(|b| b.mean_ci.is_some() && b.no_ci.is_none()));
    let json = crate::report::json(&r);
    assert!(!json.contains("no_ci"), "{json}");
}

#[test]
fn no_row_is_resolved_on_fewer_rounds_than_a_ci_needs() {
    // A 2x pair with min_rounds 2 would be called at once: it waits for
    // the rounds a CI needs.
    let opts = quick_with(|c| c.min_rounds = Some(2));
    let r = measure(&opts, |s| {
        s.group("g", |g| {
            g.bench("a", |b| b.iter(|| work(200)));
            g.bench("b", |b| b.iter(|| work(400)));
        });
    });
    let g = &r.groups[0];
    assert!(
        g.rounds >= zenbench_stats::MIN_ROUNDS_FOR_CI as u64,
        "{} rounds, {:?}",
        g.rounds,
        g.stop_reason
    );
    assert!(g.comparisons[0].no_ci.is_none());
}

#[test]
fn cache_firewall_flag_is_recorded() {
    let opts = quick_with(|c| {
        c.max_rounds = Some(3);
        c.min_rounds = Some(3);
        c.cache_firewall = Some(true);
    });
    let r = measure(&opts, |s| {
        s.bench("a", |b| b.iter(|| work(5)));
    });
    assert!(r.groups[0].config.cache_firewall);
    assert!(r.groups[0].config.firewall_bytes.unwrap() >= 64);
    assert_eq!(r.groups[0].rounds, 3);
}

#[test]
fn convergence_rule_on_synthetic_samples() {
    let options = BenchOptions::NONE
        .max_time(1.0)
        .min_rounds(30)
        .max_rounds(100)
        .noise_threshold(0.01)
        .target_precision(0.005);
    let cfg = GroupConfig::from_options(options);
    let mut rng = fastrand::Rng::with_seed(1);
    let base: Vec<f64> = (0..60).map(|_| 100.0 + rng.f64()).collect();
    let slower: Vec<f64> = base.iter().map(|x| x * 2.0).collect();
    let same: Vec<f64> = base.iter().map(|x| x + 0.001).collect();
    // Resolved: clearly slower; and clearly the same.
    assert!(resolved(&[&base, &slower], &[0, 1], &[(0, 1)], &cfg, 1));
    assert!(resolved(&[&base, &same], &[0, 1], &[(0, 1)], &cfg, 1));
    // Unresolved: a noisy pair whose CI straddles the threshold.
    let noisy: Vec<f64> = base
        .iter()
        .map(|x| x * (1.01 + 0.2 * (rng.f64() - 0.5)))
        .collect();
    assert!(!resolved(&[&base, &noisy], &[0, 1], &[(0, 1)], &cfg, 1));
    // Without comparisons: precise means resolve, noisy ones do not.
    let wild: Vec<f64> = (0..60).map(|_| 100.0 * (1.0 + rng.f64())).collect();
    assert!(resolved(&[&base], &[0], &[], &cfg, 1));
    assert!(!resolved(&[&wild], &[0], &[], &cfg, 1));
}

/// A first call that is slow (cold data, a lazy init) does not set the
/// iterations per sample: a second, warm call does.
#[test]
fn a_cold_first_call_does_not_set_the_iterations_per_sample() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};
    static WARM: [AtomicBool; 2] = [AtomicBool::new(false), AtomicBool::new(false)];
    fn spin(d: Duration) {
        let t = Instant::now();
        while t.elapsed() < d {
            std::hint::spin_loop();
        }
    }
    // 600 µs the first iteration, 20 µs each after that.
    fn routine(which: usize) {
        if !WARM[which].swap(true, Ordering::Relaxed) {
            spin(Duration::from_micros(600));
        }
        spin(Duration::from_micros(20));
    }
    // At the cold call's cost a 1 ms sample holds one iteration, always;
    // at the routine's, about 50, unless the machine preempted the warm
    // call: a few tries, one of which must see it.
    let mut seen = Vec::new();
    for _ in 0..4 {
        for w in &WARM {
            w.store(false, Ordering::Relaxed);
        }
        let r = measure(&quick_with(|c| c.max_rounds = Some(3)), |s| {
            s.group("g", |g| {
                g.bench("a", |b| b.iter(|| routine(0)));
                g.bench("b", |b| b.iter(|| routine(1)));
            });
        });
        let iters = r.groups[0].benchmarks[0].iterations_per_sample;
        if iters >= 10 {
            return;
        }
        seen.push(iters);
    }
    panic!("iterations per sample stayed at the cold call's: {seen:?}");
}
