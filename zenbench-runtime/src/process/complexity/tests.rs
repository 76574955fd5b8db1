//! The ladder driver on synthetic costs: no process is started.

use super::*;
use crate::define::entry::BenchOptions;
use crate::define::registry::Suite;
use crate::measure::bencher::Bencher;
use crate::model::options::Mode;

/// A bench declared `model` with `options`, planned for a measured run.
fn plan(model: &str, options: BenchOptions) -> ComplexityPlan {
    let mut s = Suite::new();
    s.complexity("f", model, options, |b: &mut Bencher, n| b.iter(|| n));
    let opts = Options {
        mode: Mode::Bench,
        ..Options::default()
    };
    crate::plan::plan(s.defs, &opts, &|_| true)
        .unwrap()
        .complexity
        .remove(0)
}

/// What a synthetic call at n does.
enum Call {
    /// Takes this many ns.
    Ns(f64),
    /// Never ends (killed at the cap).
    Hang,
    /// Panics.
    Panic,
}

/// Trials whose per-call cost is `cost(n)`, with ±`noise` multiplicative
/// jitter from a fixed seed, tuned as a worker's would be.
struct Synthetic {
    cost: Box<dyn Fn(u64) -> Call>,
    noise: f64,
    rng: fastrand::Rng,
    floor_ns: f64,
    /// (n, k) of every batch asked for.
    batches: Vec<(u64, u64)>,
}

impl Synthetic {
    fn new(noise: f64, cost: impl Fn(u64) -> Call + 'static) -> Self {
        Synthetic {
            cost: Box::new(cost),
            noise,
            rng: fastrand::Rng::with_seed(7),
            floor_ns: 2e6,
            batches: Vec::new(),
        }
    }
}

impl Rungs for Synthetic {
    fn spawn_floor_ns(&mut self) -> f64 {
        self.floor_ns
    }

    fn trial(&mut self, plan: &ComplexityPlan, n: u64) -> Trial {
        let call = (self.cost)(n);
        let jitter = 1.0 + self.noise * (2.0 * self.rng.f64() - 1.0);
        let batches = &mut self.batches;
        let mut sample = |k: u64| {
            batches.push((n, k));
            match call {
                Call::Ns(ns) => Ok((ns * jitter * k as f64, ns * jitter * k as f64 + 5e4)),
                Call::Hang => Err(Trial::TimedOut("killed".to_owned())),
                Call::Panic => Err(Trial::Crashed("panicked at f.rs:1:1: boom".to_owned())),
            }
        };
        if is_cold(plan) {
            return match sample(1) {
                Ok((t, _)) => Trial::Done {
                    total_ns: t,
                    repeats: 1,
                },
                Err(t) => t,
            };
        }
        tune(
            target_ns(plan, self.floor_ns),
            plan.options.max_seconds_per_call * 1e9,
            &mut sample,
        )
    }
}

fn run(plan: &ComplexityPlan, rungs: &mut Synthetic) -> ComplexityResult {
    let mut opts = Options::default();
    opts.output.quiet = true;
    opts.engine.seed = Some(11);
    let floor = rungs.spawn_floor_ns();
    measure_one(plan, floor, &opts, rungs)
}

fn linear(n: u64) -> Call {
    Call::Ns(3.0 * n as f64 + 40.0)
}

#[test]
fn tune_doubles_by_powers_of_two_to_the_target_and_stops_at_the_cap() {
    let mut seen = Vec::new();
    let t = tune(1e6, 1e9, &mut |k| {
        seen.push(k);
        Ok((100.0 * k as f64, 100.0 * k as f64))
    });
    // 100 ns short of 1 ms by 10^4: ×1024, then ×16 (9.8 short → 16).
    assert_eq!(seen, [1, 1024, 16384]);
    assert_eq!(
        t,
        Trial::Done {
            total_ns: 1_638_400.0,
            repeats: 16384
        }
    );
    let mut seen = Vec::new();
    let t = tune(1e6, 1e4, &mut |k| {
        seen.push(k);
        Ok((2e5 * k as f64, 2e5 * k as f64))
    });
    assert_eq!(seen, [1], "a call past the cap ends the tuning");
    assert_eq!(
        t,
        Trial::Done {
            total_ns: 2e5,
            repeats: 1
        }
    );
    let t = tune(1e6, 1e9, &mut |_| Err(Trial::Crashed("x".into())));
    assert_eq!(t, Trial::Crashed("x".into()));
    // A body that times nothing stops on the wall clock, not at 2^40 calls.
    let mut seen = Vec::new();
    let t = tune(1e6, 1e9, &mut |k| {
        seen.push(k);
        Ok((0.0, 0.5 * k as f64))
    });
    assert_eq!(seen, [1, 1024, 1 << 20, 1 << 24]);
    assert_eq!(
        t,
        Trial::Done {
            total_ns: 0.0,
            repeats: 1 << 24
        }
    );
    // Untimed setup (wall twice the timed) does not cut a batch short.
    let mut seen = Vec::new();
    let t = tune(1e6, 1e9, &mut |k| {
        seen.push(k);
        Ok((100.0 * k as f64, 300.0 * k as f64))
    });
    assert_eq!(seen, [1, 1024, 16384]);
    assert_eq!(
        t,
        Trial::Done {
            total_ns: 1_638_400.0,
            repeats: 16384
        }
    );
}

#[test]
fn a_linear_cost_holds_as_n_and_is_caught_declared_one_class_off() {
    let opts = BenchOptions::NONE
        .floor(64)
        .ceiling(1 << 20)
        .batch_time(0.001);
    for (model, verdict) in [
        ("n", "holds"),
        ("1", "grows_faster"),
        ("log n", "grows_faster"),
        ("n^2", "grows_slower"),
    ] {
        let r = run(&plan(model, opts), &mut Synthetic::new(0.03, linear));
        assert_eq!(r.verdict, verdict, "{model}: {r:?}");
        assert_eq!(r.stopped, "ceiling");
        assert_eq!(r.rungs.len(), 15, "64 to 2^20 by doubling");
        assert_eq!(r.best_fit.as_deref(), Some("n"), "{model}");
        assert!(r.best_fit_decisive);
        assert_eq!(r.fits.len(), 7);
    }
    let r = run(&plan("n", opts), &mut Synthetic::new(0.03, linear));
    assert!(
        r.beta.abs() < 0.1 && r.beta_ci.0 < r.beta && r.beta < r.beta_ci.1,
        "{r:?}"
    );
    // The leading 20% of the 15 fitted rungs are the warm-up.
    let trimmed: Vec<bool> = r.rungs.iter().map(|x| x.trimmed).collect();
    assert_eq!(trimmed.iter().filter(|&&t| t).count(), 3);
    assert!(trimmed[..3].iter().all(|&t| t));
    let c = &r.rungs[5];
    assert!((c.ratio - c.per_call_ns / c.n as f64).abs() < 1e-9);
    assert_eq!(r.cache, "warm");
    assert!(!r.fails(), "not enforced without --fail-on-complexity");
}

#[test]
fn a_batch_under_ten_floors_is_marked_and_left_out() {
    // Cold: one call per trial, so small n is far under the 2 ms floor.
    let opts = BenchOptions::NONE
        .floor(1 << 10)
        .ceiling(1 << 24)
        .cache(CacheMode::Cold);
    let r = run(&plan("n", opts), &mut Synthetic::new(0.0, linear));
    for rung in &r.rungs {
        assert_eq!(rung.repeats, 1);
        assert_eq!(rung.below_floor, rung.total_ns < 2e7, "{rung:?}");
        assert!(!(rung.below_floor && rung.trimmed));
    }
    assert!(r.rungs.iter().any(|x| x.below_floor) && r.rungs.iter().any(|x| !x.below_floor));
    // 2^23 and 2^24 are above 20 ms: two fitted rungs are too few.
    assert_eq!(r.verdict, "inconclusive");
}

#[test]
fn a_rung_past_the_cap_is_killed_reported_and_ends_the_ladder() {
    let opts = BenchOptions::NONE
        .floor(1)
        .ceiling(1 << 16)
        .batch_time(0.001);
    let mut rungs = Synthetic::new(0.0, |n| if n >= 256 { Call::Hang } else { linear(n) });
    let r = run(&plan("n", opts), &mut rungs);
    let sizes: Vec<u64> = r.rungs.iter().map(|x| x.n).collect();
    // Then the last octave is refined: 128 · 2^¼, 2^½, 2^¾.
    assert_eq!(sizes, [1, 2, 4, 8, 16, 32, 64, 128, 256, 152, 181, 215]);
    let killed = &r.rungs[8];
    assert_eq!(killed.status, "timed_out");
    assert_eq!(killed.message.as_deref(), Some("killed"));
    assert!(!killed.fitted() && killed.per_call_ns.is_nan());
    assert_eq!(r.stopped, "timed_out");
    assert!(!r.crashed());
    // A call that finishes but is slower than the cap ends it too: 3 ns ×
    // 2^15 is under 100 µs, 2^16 and 2^15 · 2^¼ are not.
    let opts = opts.max_seconds_per_call(1e-4);
    let r = run(&plan("n", opts), &mut Synthetic::new(0.0, linear));
    assert_eq!(r.stopped, "cap");
    let sizes: Vec<u64> = r.rungs.iter().rev().take(2).map(|x| x.n).collect();
    assert_eq!(sizes, [38968, 65536]);
}

#[test]
fn a_crash_fails_the_bench_and_stops_the_ladder() {
    let opts = BenchOptions::NONE
        .floor(1)
        .ceiling(1 << 16)
        .batch_time(0.001);
    let mut rungs = Synthetic::new(0.0, |n| if n == 32 { Call::Panic } else { linear(n) });
    let r = run(&plan("n", opts), &mut rungs);
    assert_eq!(r.rungs.len(), 6);
    assert_eq!(r.rungs[5].status, "crashed");
    assert!(r.rungs[5].message.as_deref().unwrap().contains("boom"));
    assert!(r.crashed() && r.stopped == "crashed");
}

#[test]
fn an_exponential_ladder_fits_its_sweep_not_its_probes() {
    // 2^n ns: calls pass a 50 ms cap from n = 26 (2^26 ns ≈ 67 ms).
    let opts = BenchOptions::NONE
        .max_seconds_per_call(0.05)
        .batch_time(0.001)
        .warmup_fraction(0.0);
    let cost = |n: u64| Call::Ns((n as f64).exp2());
    let r = run(&plan("2^n", opts), &mut Synthetic::new(0.02, cost));
    let probes: Vec<u64> = r.rungs.iter().filter(|x| x.probe).map(|x| x.n).collect();
    let swept: Vec<u64> = r.rungs.iter().filter(|x| !x.probe).map(|x| x.n).collect();
    assert_eq!(probes, [1, 2, 4, 8, 16, 32]);
    assert_eq!(swept, (17..=26).collect::<Vec<_>>());
    assert_eq!(r.stopped, "cap");
    assert!(r.fallback, "ln(26/17) < 1: the range check decides");
    assert!(r.beta.is_nan());
    let change = r.c_change.unwrap();
    assert!((0.8..1.25).contains(&change), "{r:?}");
    assert_eq!(r.verdict, "holds", "{r:?}");
    // Declared one class lower, the sweep grows far past the bound.
    let r = run(&plan("n^3", opts), &mut Synthetic::new(0.02, cost));
    assert_eq!(r.verdict, "grows_faster", "{r:?}");
}

#[test]
fn outer_trials_give_a_median_and_its_range_and_an_enforced_verdict_fails() {
    let opts = BenchOptions::NONE
        .floor(64)
        .ceiling(1 << 14)
        .outer_trials(3)
        .batch_time(0.001);
    let mut rungs = Synthetic::new(0.2, |n| Call::Ns(5.0 * (n as f64).powi(2)));
    let p = plan("n", opts);
    let floor = rungs.spawn_floor_ns();
    let mut run_opts = Options::default();
    run_opts.complexity.enforce = true;
    run_opts.output.quiet = true;
    let r = measure_one(&p, floor, &run_opts, &mut rungs);
    for rung in &r.rungs {
        assert_eq!(rung.trials, 3);
        assert!(rung.min_ns <= rung.per_call_ns && rung.per_call_ns <= rung.max_ns);
        assert!(rung.max_ns > rung.min_ns, "jitter spreads the trials");
    }
    assert_eq!(r.verdict, "grows_faster");
    assert!(r.enforced && r.fails());
    assert_eq!(r.best_fit.as_deref(), Some("n^2"));
    // Three trials per rung, each a fresh tuning.
    let at_64 = rungs
        .batches
        .iter()
        .filter(|b| b.0 == 64 && b.1 == 1)
        .count();
    assert_eq!(at_64, 3);
}

#[test]
fn a_step_in_the_cost_is_named_and_a_steady_climb_is_not() {
    let opts = BenchOptions::NONE
        .floor(64)
        .ceiling(1 << 20)
        .batch_time(0.001);
    // A scan whose cost per element is 8 times higher past 2^14 elements.
    let scan = |n: u64| Call::Ns(n as f64 * if n > 1 << 14 { 8.0 } else { 1.0 });
    let r = run(&plan("n", opts), &mut Synthetic::new(0.02, scan));
    let step = r.step.as_ref().expect("a step");
    assert_eq!((step.from_n, step.to_n), (1 << 14, 1 << 15));
    assert!((step.factor - 8.0).abs() < 1.0, "{step:?}");
    assert_eq!(r.verdict, "grows_faster");
    // n^2 declared as n climbs by ×2 at every doubling: no step.
    let square = |n: u64| Call::Ns((n as f64).powi(2));
    let r = run(&plan("n", opts), &mut Synthetic::new(0.02, square));
    assert_eq!(r.verdict, "grows_faster");
    assert_eq!(r.step, None);
    // Nor in a flat C.
    let r = run(&plan("n", opts), &mut Synthetic::new(0.02, linear));
    assert_eq!(r.step, None);
}
