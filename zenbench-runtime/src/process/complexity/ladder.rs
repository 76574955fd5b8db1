//! The ladder of input sizes: which n runs next, given how the last rung
//! went. Pure, so every path is tested without a process.

/// How a rung went, as the ladder needs to know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Finished within the per-call cap.
    Ok,
    /// Slower than the cap, or killed at it: the ladder has gone far enough.
    OverCap,
    /// Crashed: nothing larger is tried.
    Failed,
}

/// Where the ladder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// n doubles from the floor (probes, for an exponential model).
    Doubling {
        next: u64,
    },
    /// An exponential model's sweep of the bracket, `next..=end` by `stride`.
    Sweep {
        next: u64,
        end: u64,
        stride: u64,
    },
    /// Any other model's last octave, `base · 2^(step/4)`, once a doubling
    /// rung passed the cap at `end`.
    Refine {
        base: u64,
        step: u32,
        end: u64,
    },
    Done,
}

/// At most this many rungs sweep an exponential model's bracket: a wider
/// bracket (a model declared exponential that is not) is strided.
const MAX_SWEEP: u64 = 32;

/// The sizes a complexity bench runs at. n doubles from `floor` until a
/// call passes the cap or n reaches `ceiling` (the last rung is the
/// ceiling itself). Past the cap, the last octave that finished is refined
/// in quarter octaves (n · 2^¼, 2^½, 2^¾, up to the first past the cap):
/// the largest sizes, where the asymptote shows best, weigh more in the
/// fit. For an exponential model the doubling rungs are probes that
/// bracket the reachable n: once one passes the cap (or the next would
/// pass the ceiling), the sizes between the last probe that finished and
/// that bound are swept one by one, and those rungs are the fitted ones.
#[derive(Clone, Debug)]
pub(crate) struct Ladder {
    ceiling: u64,
    exponential: bool,
    phase: Phase,
    /// The last probe that finished.
    last_ok: Option<u64>,
}

impl Ladder {
    pub(crate) fn new(floor: u64, ceiling: u64, exponential: bool) -> Ladder {
        let floor = floor.max(1);
        Ladder {
            ceiling,
            exponential,
            phase: if floor > ceiling {
                Phase::Done
            } else {
                Phase::Doubling { next: floor }
            },
            last_ok: None,
        }
    }

    /// The next rung to run, and whether it is a probe; `None` when the
    /// ladder is done.
    pub(crate) fn next(&self) -> Option<(u64, bool)> {
        match self.phase {
            Phase::Doubling { next } => Some((next, self.exponential)),
            Phase::Sweep { next, .. } => Some((next, false)),
            Phase::Refine { base, step, .. } => Some((quarter(base, step), false)),
            Phase::Done => None,
        }
    }

    /// Records how rung `n` (the one [`Ladder::next`] gave) went.
    pub(crate) fn record(&mut self, n: u64, outcome: Outcome) {
        self.phase = match (self.phase, outcome) {
            (_, Outcome::Failed) | (Phase::Done, _) => Phase::Done,
            (Phase::Doubling { .. }, Outcome::Ok) => {
                self.last_ok = Some(n);
                let doubled = n.saturating_mul(2);
                match (
                    self.exponential,
                    doubled > self.ceiling || n == self.ceiling,
                ) {
                    (_, false) => Phase::Doubling { next: doubled },
                    (false, true) if n < self.ceiling => Phase::Doubling { next: self.ceiling },
                    (false, true) => Phase::Done,
                    (true, true) => sweep(n + 1, self.ceiling),
                }
            }
            (Phase::Doubling { .. }, Outcome::OverCap) if self.exponential => match self.last_ok {
                Some(ok) => sweep(ok + 1, n - 1),
                None => Phase::Done,
            },
            (Phase::Doubling { .. }, Outcome::OverCap) => match self.last_ok {
                Some(ok) => refine(ok, 1, n),
                None => Phase::Done,
            },
            (Phase::Refine { base, step, end }, Outcome::Ok) => refine(base, step + 1, end),
            (Phase::Refine { .. }, Outcome::OverCap) => Phase::Done,
            (Phase::Sweep { next, end, stride }, Outcome::Ok) => {
                let after = next.saturating_add(stride);
                if after > end {
                    Phase::Done
                } else {
                    Phase::Sweep {
                        next: after,
                        end,
                        stride,
                    }
                }
            }
            (Phase::Sweep { .. }, Outcome::OverCap) => Phase::Done,
        };
    }
}

/// `base · 2^(step/4)`, rounded.
fn quarter(base: u64, step: u32) -> u64 {
    (base as f64 * (f64::from(step) / 4.0).exp2()).round() as u64
}

/// The refinement of `base`'s octave from `step` on: the next quarter
/// octave that is a new size below `end` (none: done).
fn refine(base: u64, step: u32, end: u64) -> Phase {
    let previous = quarter(base, step - 1);
    (step..4)
        .find(|&s| {
            let n = quarter(base, s);
            n > previous && n < end
        })
        .map_or(Phase::Done, |step| Phase::Refine { base, step, end })
}

/// The sweep of `from..=to` (empty: done).
fn sweep(from: u64, to: u64) -> Phase {
    if from > to {
        return Phase::Done;
    }
    let width = to - from + 1;
    Phase::Sweep {
        next: from,
        end: to,
        stride: width.div_ceil(MAX_SWEEP),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a ladder against `outcome(n)`, returning (n, probe) per rung.
    fn run(mut l: Ladder, outcome: impl Fn(u64) -> Outcome) -> Vec<(u64, bool)> {
        let mut out = Vec::new();
        while let Some((n, probe)) = l.next() {
            out.push((n, probe));
            l.record(n, outcome(n));
            assert!(out.len() < 1000, "the ladder does not end");
        }
        out
    }

    fn sizes(rungs: &[(u64, bool)]) -> Vec<u64> {
        rungs.iter().map(|r| r.0).collect()
    }

    #[test]
    fn doubling_ends_at_the_ceiling_itself() {
        let r = run(Ladder::new(1, 100, false), |_| Outcome::Ok);
        assert_eq!(sizes(&r), [1, 2, 4, 8, 16, 32, 64, 100]);
        assert!(
            r.iter().all(|r| !r.1),
            "no probes without an exponential model"
        );
        let r = run(Ladder::new(8, 64, false), |_| Outcome::Ok);
        assert_eq!(sizes(&r), [8, 16, 32, 64]);
        assert_eq!(sizes(&run(Ladder::new(5, 5, false), |_| Outcome::Ok)), [5]);
        assert!(run(Ladder::new(9, 5, false), |_| Outcome::Ok).is_empty());
        // A floor of 0 starts at 1.
        assert_eq!(
            sizes(&run(Ladder::new(0, 4, false), |_| Outcome::Ok)),
            [1, 2, 4]
        );
    }

    #[test]
    fn the_first_rung_past_the_cap_or_a_crash_is_the_last() {
        // Past the cap at 64, the octave 32..64 is refined: 38, 45, 54.
        let over = |n| {
            if n >= 64 {
                Outcome::OverCap
            } else {
                Outcome::Ok
            }
        };
        let r = run(Ladder::new(1, 1 << 30, false), over);
        assert_eq!(sizes(&r), [1, 2, 4, 8, 16, 32, 64, 38, 45, 54]);
        assert!(r.iter().all(|r| !r.1));
        let over = |n| {
            if n >= 40 {
                Outcome::OverCap
            } else {
                Outcome::Ok
            }
        };
        assert_eq!(
            sizes(&run(Ladder::new(1, 1 << 30, false), over)),
            [1, 2, 4, 8, 16, 32, 64, 38, 45]
        );
        // Small octaves have fewer new sizes: 2 · 2^¼ rounds to 2.
        let over = |n| {
            if n >= 4 {
                Outcome::OverCap
            } else {
                Outcome::Ok
            }
        };
        assert_eq!(sizes(&run(Ladder::new(1, 64, false), over)), [1, 2, 4, 3]);
        let crash = |n| if n == 8 { Outcome::Failed } else { Outcome::Ok };
        assert_eq!(
            sizes(&run(Ladder::new(1, 1 << 30, false), crash)),
            [1, 2, 4, 8]
        );
        // A huge ceiling does not overflow.
        let r = run(Ladder::new(1 << 62, u64::MAX, false), |_| Outcome::Ok);
        assert_eq!(sizes(&r), [1 << 62, 1 << 63, u64::MAX]);
    }

    #[test]
    fn an_exponential_ladder_brackets_by_doubling_then_sweeps_by_one() {
        // Calls pass the cap from n = 23 on.
        let over = |n| {
            if n >= 23 {
                Outcome::OverCap
            } else {
                Outcome::Ok
            }
        };
        let r = run(Ladder::new(1, 1 << 30, true), over);
        assert_eq!(
            r,
            [
                (1, true),
                (2, true),
                (4, true),
                (8, true),
                (16, true),
                (32, true),
                (17, false),
                (18, false),
                (19, false),
                (20, false),
                (21, false),
                (22, false),
                (23, false),
            ]
        );
        // Reaching the ceiling bounds the sweep instead.
        let r = run(Ladder::new(1, 20, true), |_| Outcome::Ok);
        assert_eq!(sizes(&r), [1, 2, 4, 8, 16, 17, 18, 19, 20]);
        assert_eq!(r.iter().filter(|r| r.1).count(), 5);
        // The first probe past the cap: nothing to sweep.
        assert_eq!(
            run(Ladder::new(4, 64, true), |_| Outcome::OverCap),
            [(4, true)]
        );
        // Adjacent probes leave an empty bracket.
        let over = |n| {
            if n >= 2 {
                Outcome::OverCap
            } else {
                Outcome::Ok
            }
        };
        assert_eq!(run(Ladder::new(1, 64, true), over), [(1, true), (2, true)]);
    }

    #[test]
    fn a_wide_bracket_is_strided_to_at_most_32_rungs() {
        let over = |n| {
            if n > 3000 {
                Outcome::OverCap
            } else {
                Outcome::Ok
            }
        };
        let r = run(Ladder::new(1, 1 << 30, true), over);
        let swept: Vec<u64> = r.iter().filter(|r| !r.1).map(|r| r.0).collect();
        // Bracket 2049..=4095 (2047 sizes) at stride 64, up to the first past the cap.
        assert_eq!(swept.first(), Some(&2049));
        assert!(swept.windows(2).all(|w| w[1] - w[0] == 64), "{swept:?}");
        assert_eq!(swept.last(), Some(&3009));
        assert!(swept.len() <= 32);
    }
}
