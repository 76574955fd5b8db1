//! The executor of self-compare: a group of two rows, bench 0 (old) and 1
//! (new), each a benchmark of its own build's worker.
//!
//! - **Alternating** (the default): each sample is asked for and waited
//!   for in turn, in the order the engine's shuffled round asks.
//! - **Duet** (after Bulej et al., ICPE 2020): the two builds' samples of a
//!   round are taken at the same time, one worker per CPU. Both CPUs run
//!   at once, so whatever slows the machine slows both builds alike; but a
//!   speed difference between the two CPUs would be carried by every pair
//!   and hidden from the interval. So each build has a worker pinned to
//!   each of two CPUs, and every round is two half-samples in both layouts
//!   — old on CPU a with new on CPU b, then old on b with new on a (the
//!   order alternating from round to round) — whose sums are the round's
//!   samples. A fixed difference between the CPUs then cancels inside
//!   every round, and the paired interval is formed from units that carry
//!   both assignments. Where the workers could not be pinned, one worker
//!   per build serves both layouts, and the report says what that assumes.
//!   (Self-compare measures a duet over several sets of fresh workers, so
//!   that the offset each process carries is seen too.)

use super::client::WorkerClient;
use crate::engine::{Executor, SampleReply, SampleRequest};

/// One build's worker as the pair drives it: a request sent, its answer
/// read back, so that two lanes can sample at the same time.
pub(crate) trait Lane {
    /// Resolution of the clock that times its samples, nanoseconds.
    fn resolution_ns(&self) -> f64;
    /// Asks for one sample without waiting for it.
    fn send(&mut self, request: &SampleRequest) -> Result<(), String>;
    /// The answer to the request sent last.
    fn receive(&mut self) -> Result<SampleReply, String>;
}

/// A worker and the id its benchmark has there.
pub(crate) struct WorkerLane<'w> {
    pub worker: &'w mut WorkerClient,
    pub id: usize,
}

impl Lane for WorkerLane<'_> {
    fn resolution_ns(&self) -> f64 {
        self.worker.hello.timer.resolution_ns
    }

    fn send(&mut self, request: &SampleRequest) -> Result<(), String> {
        self.worker.send_sample(self.id, request)
    }

    fn receive(&mut self) -> Result<SampleReply, String> {
        self.worker.receive_sample()
    }
}

/// A round's answer kept for the engine's next request: the bench, the
/// iterations it was asked for, and its sample.
type Kept = (usize, u64, Result<SampleReply, String>);

pub(crate) struct Pair<'w> {
    /// Alternating: `[old, new]`. Duet: `[old on a, new on b, old on b,
    /// new on a]` for CPUs a and b, or `[old, new]` serving both layouts
    /// when the workers are not pinned.
    lanes: Vec<Box<dyn Lane + 'w>>,
    duet: bool,
    /// The layout a duet round starts with: alternates.
    first: usize,
    /// The other build's half of a duet round, until the engine asks.
    kept: Option<Kept>,
}

impl<'w> Pair<'w> {
    /// Over `lanes`: `[old, new]` taking turns, or with `duet` taking
    /// samples two at a time, where four lanes are `[old on a, new on b,
    /// old on b, new on a]` (pinned) and two serve both layouts.
    pub(crate) fn new(lanes: Vec<Box<dyn Lane + 'w>>, duet: bool) -> Self {
        assert!(
            lanes.len() == 2 || (duet && lanes.len() == 4),
            "two lanes, or four for a duet"
        );
        Pair {
            lanes,
            duet,
            first: 0,
            kept: None,
        }
    }

    /// The lane of `build` (0 old, 1 new) in `layout` (0 or 1).
    fn lane(&mut self, layout: usize, build: usize) -> &mut (dyn Lane + 'w) {
        let i = if self.lanes.len() == 4 {
            2 * layout + build
        } else {
            build
        };
        &mut *self.lanes[i]
    }

    /// One duet round of `request.iters` iterations per build, half in
    /// each layout (both halves get one iteration when there is only one):
    /// both builds' samples, summed over the halves.
    fn round(&mut self, request: &SampleRequest) -> [Result<SampleReply, String>; 2] {
        let asked = request.bench;
        let halves = [request.iters.div_ceil(2), (request.iters / 2).max(1)];
        let layouts = [self.first, 1 - self.first];
        self.first = 1 - self.first;
        let mut total: [Option<Result<SampleReply, String>>; 2] = [None, None];
        for (iters, layout) in halves.into_iter().zip(layouts) {
            let half = SampleRequest { iters, ..*request };
            // The build the engine asked for starts first: which one that
            // is follows the engine's shuffle, so neither is always first.
            let order = [asked, 1 - asked];
            let sent = order.map(|build| self.lane(layout, build).send(&half));
            for (build, sent) in order.into_iter().zip(sent) {
                let got = sent.and_then(|()| self.lane(layout, build).receive());
                total[build] = Some(match total[build].take() {
                    None => got,
                    Some(before) => before.and_then(|a| got.map(|b| sum(a, b))),
                });
            }
        }
        total.map(|t| t.expect("both halves ran"))
    }
}

/// Two half-samples of one build as one sample.
fn sum(a: SampleReply, b: SampleReply) -> SampleReply {
    let allocs = match (&a.sample.allocs, &b.sample.allocs) {
        (Some(x), Some(y)) => Some(x.plus(y)),
        _ => None,
    };
    SampleReply {
        sample: crate::measure::bencher::Sample {
            iters: a.sample.iters + b.sample.iters,
            elapsed_ns: a.sample.elapsed_ns + b.sample.elapsed_ns,
            allocs,
            ..a.sample
        },
        throughput: a.throughput,
    }
}

impl Executor for Pair<'_> {
    fn resolution_ns(&self) -> f64 {
        self.lanes
            .iter()
            .map(|l| l.resolution_ns())
            .fold(0.0, f64::max)
    }

    fn firewall_bytes(&self) -> Option<u64> {
        None
    }

    fn sample(&mut self, request: &SampleRequest) -> Result<SampleReply, String> {
        let i = request.bench;
        if !self.duet {
            let lane = &mut self.lanes[i];
            lane.send(request)?;
            return lane.receive();
        }
        // The second request of a round finds its answer taken already;
        // any other request starts a round (an answer not asked for after
        // all was read already, and is dropped).
        if let Some((j, iters, reply)) = self.kept.take() {
            if j == i && iters == request.iters {
                return reply;
            }
        }
        let [old, new] = self.round(request);
        let (mine, other) = if i == 0 { (old, new) } else { (new, old) };
        self.kept = Some((1 - i, request.iters, other));
        mine
    }
}
