//! The stopping rule at the timer's floor, on whole groups whose samples a
//! synthetic executor makes up: an empty body costs exactly the loop
//! overhead, and the compensation subtracts a little more or less than
//! that (as a measured overhead does), so means sit on either side of zero.
//! Rounds, stop reasons and resolutions are asserted; no clock is read.

use super::*;
use crate::define::registry::{Suite, ThreadSpec};
use crate::measure::bencher::{Method, Sample};
use crate::measure::timer::LoopOverhead;
use crate::model::options::{Mode, Options};
use crate::model::result::{Resolution, Verdict};
use crate::model::table::BenchOptions;

/// The empty loop's cost per iteration, ns (as measured on a 2-core VM).
const LOOP_NS: f64 = 0.2303;
/// The compensation's uncertainty, ns per iteration: most of the floor.
const UNCERTAINTY_NS: f64 = 0.0126;

/// Samples of `per_iter_ns[bench]` per iteration, with 0.5% noise per
/// sample (about 1 ps per iteration at a millisecond's iterations).
struct Synthetic {
    per_iter_ns: Vec<f64>,
    rng: fastrand::Rng,
}

impl Executor for Synthetic {
    fn resolution_ns(&self) -> f64 {
        20.0
    }

    fn firewall_bytes(&self) -> Option<u64> {
        None
    }

    fn sample(&mut self, request: &SampleRequest) -> Result<SampleReply, String> {
        let normal = (0..12).map(|_| self.rng.f64()).sum::<f64>() - 6.0;
        let ns = request.iters as f64 * self.per_iter_ns[request.bench];
        Ok(SampleReply {
            sample: Sample {
                iters: request.iters,
                elapsed_ns: ns * (1.0 + 0.005 * normal),
                method: Method::Iter,
                allocs: None,
            },
            throughput: None,
        })
    }
}

/// A budget no synthetic group reaches: only the stopping rule ends it.
fn options(threads: Option<Vec<usize>>) -> Options {
    let mut opts = Options {
        mode: Mode::Bench,
        config: BenchOptions::NONE
            .max_time(600.0)
            .min_rounds(30)
            .max_rounds(3_000),
        ..Options::default()
    };
    opts.engine.seed = Some(3);
    opts.engine.threads = threads;
    opts
}

/// Runs the one group of `suite` on `per_iter_ns`, subtracting `loop_ns`.
fn run(suite: &Suite, opts: &Options, per_iter_ns: &[f64], loop_ns: f64) -> GroupResult {
    let plan = crate::plan::plan(suite.defs.clone(), opts, &|_| true).unwrap();
    let group = &plan.groups[0];
    let executor = Synthetic {
        per_iter_ns: per_iter_ns.to_vec(),
        rng: fastrand::Rng::with_seed(11),
    };
    let overhead = LoopOverhead {
        iter_ns: loop_ns,
        uncertainty_ns: UNCERTAINTY_NS,
        ..LoopOverhead::ZERO
    };
    let mut tick = |_: &Tick<'_>| {};
    let mut ctx = EngineCtx {
        smoke: false,
        seed: 5,
        on_tick: &mut tick,
        gate: None,
    };
    GroupRunner::with_executor(group, Box::new(executor), 5)
        .with_overhead(overhead, 0.0)
        .run(&mut ctx)
}

fn pair() -> Suite {
    let mut s = Suite::new();
    s.group("g", |g| {
        g.bench("a", |b| b.iter(|| ()));
        g.bench("b", |b| b.iter(|| ()));
    });
    s
}

/// The group stopped at its first check, at the floor, every row with it.
fn assert_stopped_at_the_floor(g: &GroupResult) {
    assert_eq!(g.stop_reason, StopReason::Floor, "{g:#?}");
    assert_eq!(g.rounds, g.config.min_rounds, "stopped at the first check");
    for b in &g.benchmarks {
        assert_eq!(b.resolved_by, Some(Resolution::Floor), "{}", b.name);
    }
}

#[test]
fn two_empty_bodies_stop_at_the_floor_when_the_compensation_overshoots() {
    // Means near -2.7 ps: no relative change can be made of them (the
    // log-ratio of negative times is no number), which once ran the pair
    // to its time limit.
    let g = run(
        &pair(),
        &options(None),
        &[LOOP_NS, LOOP_NS],
        LOOP_NS + 0.0027,
    );
    assert_stopped_at_the_floor(&g);
    for b in &g.benchmarks {
        let mean = b.summary.as_ref().unwrap().mean_ns;
        assert!(mean < 0.0 && b.below_floor, "{}: {mean}", b.name);
    }
    let c = &g.comparisons[0];
    assert_eq!((c.verdict, c.below_floor), (Verdict::Uncertain, true));
}

#[test]
fn two_empty_bodies_stop_at_the_floor_when_the_compensation_falls_short() {
    // Means near +2 ps, inside the floor: a relative change exists but
    // means nothing; it is not given a direction.
    let g = run(
        &pair(),
        &options(None),
        &[LOOP_NS, LOOP_NS],
        LOOP_NS - 0.002,
    );
    assert_stopped_at_the_floor(&g);
    assert!(g.benchmarks.iter().all(|b| b.below_floor));
    let c = &g.comparisons[0];
    assert_eq!((c.verdict, c.below_floor), (Verdict::Uncertain, true));
}

#[test]
fn thread_rows_of_an_empty_routine_stop_at_the_floor_without_scaling() {
    let mut s = Suite::new();
    s.bench("empty", |b| b.iter(|| ()));
    s.defs[0].thread_spec = Some(ThreadSpec::Counts(vec![1, 2, 4]));
    let opts = options(None);
    // Each count costs a hair more or less than the subtracted loop.
    let per_iter = [LOOP_NS + 0.001, LOOP_NS + 0.002, LOOP_NS - 0.001];
    let g = run(&s, &opts, &per_iter, LOOP_NS);
    assert_eq!(g.benchmarks.len(), 3);
    assert_stopped_at_the_floor(&g);
    assert!(g.benchmarks.iter().all(|b| b.below_floor));
    assert_eq!(g.comparisons.len(), 2);
    for c in &g.comparisons {
        assert_eq!((c.verdict, c.below_floor), (Verdict::Uncertain, true));
    }
    // No scaling, efficiency, sweet spot or drop is made of such rows.
    let points = g.scaling.as_deref().expect("a scaling table");
    assert_eq!(points.len(), 3);
    for p in points {
        assert!(p.scaling.is_nan() && p.efficiency.is_nan(), "{p:?}");
        assert!(!p.sweet_spot && !p.drop, "{p:?}");
    }
}

#[test]
fn a_baseline_at_the_floor_against_a_measurable_candidate_stops_at_the_floor() {
    // One thread adds nothing; two threads add 50 ps per iteration. The
    // change is far above the floor, but relative to a baseline of nothing
    // it has no size: the rule in nanoseconds stops it.
    let mut s = Suite::new();
    s.bench("empty", |b| b.iter(|| ()));
    s.defs[0].thread_spec = Some(ThreadSpec::Counts(vec![1, 2]));
    let g = run(&s, &options(None), &[LOOP_NS, LOOP_NS + 0.05], LOOP_NS);
    assert_stopped_at_the_floor(&g);
    assert!(g.benchmarks[0].below_floor);
    assert!(!g.benchmarks[1].below_floor);
    assert!(
        !g.comparisons[0].below_floor,
        "the change is not within the floor"
    );
}

#[test]
fn a_lone_empty_body_below_zero_is_flagged() {
    let mut s = Suite::new();
    s.bench("empty", |b| b.iter(|| ()));
    let g = run(&s, &options(None), &[LOOP_NS], LOOP_NS + 0.003);
    assert_stopped_at_the_floor(&g);
    assert!(g.benchmarks[0].below_floor);
    assert!(g.benchmarks[0].floor_ns.unwrap() >= UNCERTAINTY_NS);
}

#[test]
fn real_bodies_are_compared_not_stopped_at_the_floor() {
    // 100 ns against 200 ns: the floor rules leave it to the comparison.
    let g = run(&pair(), &options(None), &[100.0, 200.0], LOOP_NS);
    assert_eq!(g.stop_reason, StopReason::Converged);
    for b in &g.benchmarks {
        assert_eq!(b.resolved_by, Some(Resolution::Comparison), "{}", b.name);
        assert!(!b.below_floor);
    }
    let c = &g.comparisons[0];
    assert_eq!((c.verdict, c.below_floor), (Verdict::Slower, false));
}
