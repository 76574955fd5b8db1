//! Duet's interval against a simulated machine whose two CPUs differ in
//! speed by a fixed amount, as two cores of a VM (or their neighbours) can
//! for a whole run. The real executor and engine run on simulated workers:
//! each sample costs its iterations times the build's time per iteration,
//! times its CPU's factor, times a drift the whole machine shares, with 1%
//! noise of its own. Nothing reads a clock.

use super::*;
use crate::engine::{SampleReply, SampleRequest};
use crate::measure::bencher::{Method, Sample};
use std::cell::RefCell;
use std::rc::Rc;

/// The machine both CPUs belong to.
struct Machine {
    rng: fastrand::Rng,
    /// ln of the factor every sample shares now (an AR(1) drift).
    drift: f64,
    /// Each CPU's speed factor.
    cpu: [f64; 2],
}

impl Machine {
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.rng.f64()).sum::<f64>() - 6.0
    }
}

/// A worker of one build on one CPU.
struct SimLane {
    machine: Rc<RefCell<Machine>>,
    cpu: usize,
    per_iter_ns: f64,
    /// The iterations asked for, and the drift when asked.
    asked: Option<(u64, f64)>,
}

impl Lane for SimLane {
    fn resolution_ns(&self) -> f64 {
        1.0
    }

    fn send(&mut self, request: &SampleRequest) -> Result<(), String> {
        let mut m = self.machine.borrow_mut();
        let step = 0.002 * m.normal();
        m.drift = 0.95 * m.drift + step;
        self.asked = Some((request.iters, m.drift));
        Ok(())
    }

    fn receive(&mut self) -> Result<SampleReply, String> {
        let (iters, drift) = self.asked.take().expect("asked first");
        let mut m = self.machine.borrow_mut();
        let own = 1.0 + 0.01 * m.normal();
        let ns = iters as f64 * self.per_iter_ns * m.cpu[self.cpu] * drift.exp() * own;
        Ok(SampleReply {
            sample: Sample {
                iters,
                elapsed_ns: ns,
                method: Method::Iter,
                allocs: None,
            },
            throughput: None,
        })
    }
}

/// How one simulated run placed its workers.
#[derive(Clone, Copy, PartialEq)]
enum Placing {
    /// The builds take turns, one worker each on whatever CPU.
    Alternating,
    /// Old always on CPU 0, new always on CPU 1: the duet as it was.
    DuetFixed,
    /// One worker per build and CPU, the layouts swapped within a round.
    DuetSwapped,
}

/// The paired change old → new (percent and its 95% CI) of one simulated
/// run, the new build `change` (a fraction) slower, CPU 1 `cpu_gap`
/// slower than CPU 0.
fn simulate(placing: Placing, change: f64, cpu_gap: f64, seed: u64) -> (f64, f64, f64) {
    let machine = Rc::new(RefCell::new(Machine {
        rng: fastrand::Rng::with_seed(seed),
        drift: 0.0,
        cpu: [1.0, 1.0 + cpu_gap],
    }));
    let lane = |cpu: usize, build: usize| -> Box<dyn Lane> {
        Box::new(SimLane {
            machine: Rc::clone(&machine),
            cpu,
            per_iter_ns: 100.0 * (1.0 + change * build as f64),
            asked: None,
        })
    };
    let pair = match placing {
        // Taking turns, each build's worker sits on a CPU of its own.
        Placing::Alternating => Pair::new(vec![lane(0, 0), lane(1, 1)], false),
        Placing::DuetFixed => Pair::new(vec![lane(0, 0), lane(1, 1)], true),
        Placing::DuetSwapped => {
            Pair::new(vec![lane(0, 0), lane(1, 1), lane(1, 0), lane(0, 1)], true)
        }
    };
    let run = PairRun {
        name: "sim",
        config: BenchOptions::NONE
            .max_time(600.0)
            .min_rounds(30)
            .max_rounds(400),
        seed,
    };
    let g = run.run(Box::new(pair)).unwrap();
    let c = &g.comparisons[0];
    (c.pct_change, c.ci_lower_pct, c.ci_upper_pct)
}

/// Of `runs` simulated runs: how many intervals exclude 0, and how many
/// hold the truth (`change` in percent).
fn tally(placing: Placing, change: f64, cpu_gap: f64, runs: u64) -> (u64, u64) {
    let (mut excludes_zero, mut covers) = (0, 0);
    for seed in 0..runs {
        let (_, lo, hi) = simulate(placing, change, cpu_gap, 1000 + seed);
        let truth = change * 100.0;
        excludes_zero += u64::from(lo > 0.0 || hi < 0.0);
        covers += u64::from(lo <= truth && truth <= hi);
    }
    (excludes_zero, covers)
}

#[test]
fn a_duet_that_swaps_cpus_within_a_round_is_not_fooled_by_a_slower_cpu() {
    const RUNS: u64 = 100;
    // CPU 1 3% slower for the whole run, identical builds.
    let (fixed, _) = tally(Placing::DuetFixed, 0.0, 0.03, RUNS);
    assert!(
        fixed >= 95,
        "pinned old to one CPU and new to the other, identical builds differ: {fixed}/{RUNS}"
    );
    let (swapped, swapped_cover) = tally(Placing::DuetSwapped, 0.0, 0.03, RUNS);
    assert!(
        swapped <= 7,
        "a calibrated 95% interval excludes a true 0 about 5 times in 100: {swapped}/{RUNS}"
    );
    assert!(swapped_cover >= 93, "{swapped_cover}/{RUNS}");
    // A real 2% change is found, and the interval holds it.
    let (found, cover) = tally(Placing::DuetSwapped, 0.02, 0.03, RUNS);
    assert!(found >= 95, "{found}/{RUNS}");
    assert!(cover >= 93, "{cover}/{RUNS}");
    // The swap only costs what the halves add: on equal CPUs it is as
    // sharp as the duet was, and far sharper than taking turns, whose
    // samples see different moments of the drift.
    let width = |placing| {
        let mut w: Vec<f64> = (0..20)
            .map(|s| {
                let (_, lo, hi) = simulate(placing, 0.0, 0.0, 7000 + s);
                hi - lo
            })
            .collect();
        w.sort_by(f64::total_cmp);
        w[10]
    };
    let (alternating, fixed, swapped) = (
        width(Placing::Alternating),
        width(Placing::DuetFixed),
        width(Placing::DuetSwapped),
    );
    assert!(
        swapped < 1.5 * fixed && swapped < alternating,
        "median CI widths: alternating {alternating:.3}, fixed {fixed:.3}, swapped {swapped:.3}"
    );
}
