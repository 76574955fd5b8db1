//! Caveats: the conditions under which a number in a report should be read
//! with care. Reports attach them as footnotes.

use crate::model::order::stable_order;
use crate::model::result::{BenchResult, Comparison, GroupResult, Resolution, Verdict};

/// `|cohens_d|` below this is a negligible effect (Cohen 1988, §2.2.3).
pub const TINY_EFFECT_D: f64 = 0.2;
/// `|drift_r|` above this means the per-round difference trended over the run.
pub const DRIFT_R: f64 = 0.5;
/// A coefficient of variation (stddev / mean) above this is noisy.
pub const NOISY_CV: f64 = 0.2;
/// Means below this many nanoseconds are at the timer's limit.
pub const SUB_NS: f64 = 1.0;
/// A sub-nanosecond mean whose CV is at most this is almost surely
/// optimised away: real work jitters.
pub const FLAT_CV: f64 = 0.01;

/// One reason to read a result with care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Caveat {
    /// The group measured fewer rounds than its `min_rounds` (it ran out of time).
    FewRounds,
    /// An uncertain comparison whose CI includes zero: no difference found,
    /// none ruled out.
    CiCrossesZero,
    /// Significant, but `|cohens_d| <` [`TINY_EFFECT_D`].
    TinyEffect,
    /// `|drift_r| >` [`DRIFT_R`]: the machine changed during the run.
    Drift,
    /// stddev / mean above [`NOISY_CV`].
    Noisy,
    /// Mean below [`SUB_NS`].
    SubNanosecond,
    /// Mean below [`SUB_NS`] with next to no variance: probably optimised away.
    OptimisedAway,
    /// The row stopped at the timer's floor: its precision is limited by
    /// the timer, not by the bench's noise.
    AtTimerFloor,
    /// The change is within the pair's timer floor, so it gets no direction.
    ChangeBelowFloor,
    /// Too few rounds for any 95% interval (`no_ci`): no CI and no verdict
    /// are given.
    NoCi,
    /// The mean is within the timer's floor (or not above zero): no time
    /// is shown.
    BelowFloor,
    /// The baseline is below the timer's floor: a change relative to it has
    /// no size.
    BaselineBelowFloor,
    /// Over several processes the mean moved by more than
    /// [`SPREAD_OVER_CI`] times its own 95% CI's width: the process, not
    /// the rounds, decides this number.
    ProcessVariance,
}

/// `process_spread` (max − min) over the CI's width above which
/// [`Caveat::ProcessVariance`] is raised.
pub const SPREAD_OVER_CI: f64 = 2.0;

impl Caveat {
    /// A short name for machine-readable reports: `few_rounds`, `drift`, ….
    pub fn name(self) -> &'static str {
        match self {
            Caveat::FewRounds => "few_rounds",
            Caveat::CiCrossesZero => "ci_crosses_zero",
            Caveat::TinyEffect => "tiny_effect",
            Caveat::Drift => "drift",
            Caveat::Noisy => "noisy",
            Caveat::SubNanosecond => "sub_ns",
            Caveat::OptimisedAway => "optimised_away",
            Caveat::AtTimerFloor => "at_timer_floor",
            Caveat::ChangeBelowFloor => "change_below_floor",
            Caveat::BelowFloor => "below_floor",
            Caveat::BaselineBelowFloor => "baseline_below_floor",
            Caveat::ProcessVariance => "process_variance",
            Caveat::NoCi => "no_ci",
        }
    }

    /// Whether this caveat is one of the timer floor's: the reason a report
    /// gives no time, or no change.
    pub fn of_the_floor(self) -> bool {
        matches!(
            self,
            Caveat::BelowFloor | Caveat::ChangeBelowFloor | Caveat::BaselineBelowFloor
        )
    }

    /// A one-sentence explanation for a footnote.
    pub fn explanation(self) -> &'static str {
        match self {
            Caveat::FewRounds => {
                "few rounds: the group stopped before its min_rounds (time limit); \
                 its numbers are rough, raise --max-time"
            }
            Caveat::CiCrossesZero => {
                "the 95% CI includes zero: no difference was found, and none ruled out (the \
                 JSON's min_detectable_pct: the least it could tell from zero); more rounds may \
                 settle it"
            }
            Caveat::TinyEffect => {
                "real but tiny: the difference is significant, yet small against the \
                 noise (|Cohen's d| < 0.2)"
            }
            Caveat::Drift => {
                "drift: the difference trended during the run (|r| > 0.5); the machine \
                 changed while measuring (throttling, frequency scaling, other load)"
            }
            Caveat::Noisy => "noisy: the standard deviation is over 20% of the mean",
            Caveat::AtTimerFloor => {
                "at the timer's limit: the CI is within what the timer and the loop-overhead \
                 compensation can resolve per iteration, so more rounds would not narrow it"
            }
            Caveat::ChangeBelowFloor => {
                "below the timer's floor: the change, in nanoseconds, is within what the timer \
                 and the loop-overhead compensation can resolve, so no percentage is given and \
                 it is called neither faster nor slower"
            }
            Caveat::BelowFloor => {
                "below the timer's floor: the time per iteration is within what the timer and \
                 the loop-overhead compensation can resolve (the bound after `<`), so no time \
                 is given; the JSON keeps the measured mean"
            }
            Caveat::BaselineBelowFloor => {
                "the baseline is below the timer's floor: a change relative to it has no size, \
                 so none is given; compare the times"
            }
            Caveat::NoCi => {
                "no CI, no verdict: under 6 rounds, too few for any 95% interval (no test \
                 could find a difference in them); raise --max-time"
            }
            Caveat::ProcessVariance => {
                "process-level variance: the mean moved between processes by over twice its CI \
                 (layout, frequency, machine state); trust their spread, not one CI"
            }
            Caveat::SubNanosecond => {
                "under 1 ns per iteration: at the limit of the timer; small differences \
                 mean little"
            }
            Caveat::OptimisedAway => {
                "under 1 ns with almost no variance: the work was probably optimised \
                 away (black_box the inputs and the result)"
            }
        }
    }

    /// Caveats of a group as a whole.
    pub fn for_group(g: &GroupResult) -> Vec<Caveat> {
        let mut out = Vec::new();
        if g.rounds < g.config.min_rounds && g.benchmarks.iter().any(|b| !b.failed) {
            out.push(Caveat::FewRounds);
        }
        out
    }

    /// Caveats of one bench's own numbers.
    pub fn for_bench(b: &BenchResult) -> Vec<Caveat> {
        let mut out = Vec::new();
        let Some(s) = b.summary.as_ref().filter(|_| !b.failed) else {
            return out;
        };
        // No time is shown: the floor is the one thing to say of it.
        if super::floor::below_floor(b) {
            return vec![Caveat::BelowFloor];
        }
        let cv = if s.mean_ns > 0.0 {
            s.stddev_ns / s.mean_ns
        } else {
            f64::NAN
        };
        if s.mean_ns < SUB_NS {
            if s.stddev_ns == 0.0 || cv <= FLAT_CV {
                out.push(Caveat::OptimisedAway);
            } else {
                out.push(Caveat::SubNanosecond);
            }
        }
        if cv > NOISY_CV {
            out.push(Caveat::Noisy);
        }
        if b.resolved_by == Some(Resolution::Floor) {
            out.push(Caveat::AtTimerFloor);
        }
        if b.no_ci.is_some() {
            out.push(Caveat::NoCi);
        }
        if let (Some(p), Some(ci)) = (&b.process_spread, &b.mean_ci) {
            let width = ci.upper_ns - ci.lower_ns;
            if p.max_ns - p.min_ns > SPREAD_OVER_CI * width {
                out.push(Caveat::ProcessVariance);
            }
        }
        out
    }

    /// Caveats of comparison `c` of group `g`: [`Caveat::for_comparison`],
    /// or, against a baseline below the floor, that alone (no percentage
    /// is shown to have caveats).
    pub fn for_change(g: &GroupResult, c: &Comparison) -> Vec<Caveat> {
        if !c.below_floor && super::floor::baseline_below_floor(g, c) {
            return vec![Caveat::BaselineBelowFloor];
        }
        Caveat::for_comparison(c)
    }

    /// Caveats of a comparison against the baseline. A change below the
    /// floor has that one: no percentage is shown to have others.
    pub fn for_comparison(c: &Comparison) -> Vec<Caveat> {
        if c.below_floor {
            return vec![Caveat::ChangeBelowFloor];
        }
        let mut out = Vec::new();
        if c.verdict == Verdict::Uncertain && c.ci_lower_pct < 0.0 && c.ci_upper_pct > 0.0 {
            out.push(Caveat::CiCrossesZero);
        }
        if c.significant && c.cohens_d.is_some_and(|d| d.abs() < TINY_EFFECT_D) {
            out.push(Caveat::TinyEffect);
        }
        if c.drift_r.is_some_and(|r| r.abs() > DRIFT_R) {
            out.push(Caveat::Drift);
        }
        out
    }
}

/// Footnote numbers, given in order of first use across a whole report.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    order: Vec<Caveat>,
}

impl Notes {
    /// The number of `c`, taking the next one on first use.
    pub(crate) fn number(&mut self, c: Caveat) -> usize {
        match self.order.iter().position(|&x| x == c) {
            Some(i) => i + 1,
            None => {
                self.order.push(c);
                self.order.len()
            }
        }
    }

    /// How many numbers are given out.
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// `(number, caveat)` for the numbers from `from` (0-based count) on.
    pub(crate) fn since(&self, from: usize) -> impl Iterator<Item = (usize, Caveat)> + '_ {
        self.order
            .iter()
            .enumerate()
            .skip(from)
            .map(|(i, &c)| (i + 1, c))
    }

    /// Superscript markers for `caveats`, numbered, sorted, space-separated.
    pub(crate) fn markers(&mut self, caveats: &[Caveat]) -> String {
        let mut nums: Vec<usize> = Vec::with_capacity(caveats.len());
        for &c in caveats {
            nums.push(self.number(c));
        }
        let mut out = String::new();
        let mut last = None;
        for i in stable_order(nums.len(), &|a, b| nums[a].cmp(&nums[b])) {
            if last == Some(nums[i]) {
                continue;
            }
            if last.is_some() {
                out.push(' ');
            }
            last = Some(nums[i]);
            out.push_str(&super::format::superscript(nums[i]));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::*;

    #[test]
    fn bench_caveats() {
        assert!(Caveat::for_bench(&bench("g", "a", 100.0, 0.05)).is_empty());
        assert_eq!(
            Caveat::for_bench(&bench("g", "a", 100.0, 0.3)),
            [Caveat::Noisy]
        );
        assert_eq!(
            Caveat::for_bench(&bench("g", "a", 0.5, 0.1)),
            [Caveat::SubNanosecond]
        );
        assert_eq!(
            Caveat::for_bench(&bench("g", "a", 0.5, 0.001)),
            [Caveat::OptimisedAway]
        );
        assert!(Caveat::for_bench(&failed("g", "a", "boom")).is_empty());
    }

    #[test]
    fn a_row_with_too_few_rounds_says_it_has_no_ci() {
        let mut b = bench("g", "a", 100.0, 0.05);
        b.mean_ci = None;
        b.no_ci = Some(crate::model::result::NoCi::TooFewRounds);
        assert_eq!(Caveat::for_bench(&b), [Caveat::NoCi]);
        let why = Caveat::NoCi.explanation();
        let least = zenbench_stats::MIN_ROUNDS_FOR_CI;
        assert!(why.contains(&format!("under {least} rounds")), "{why}");
    }

    #[test]
    fn comparison_caveats() {
        let c = |v, lo, hi, d, r| cmp("a", "b", (lo + hi) / 2.0, lo, hi, v, d, r);
        assert!(Caveat::for_comparison(&c(Verdict::Slower, 5.0, 7.0, 2.0, 0.1)).is_empty());
        // `same` crosses zero by design: no footnote.
        assert!(Caveat::for_comparison(&c(Verdict::Same, -0.5, 0.5, 0.0, 0.1)).is_empty());
        assert_eq!(
            Caveat::for_comparison(&c(Verdict::Uncertain, -1.0, 3.0, 0.3, 0.0)),
            [Caveat::CiCrossesZero]
        );
        assert_eq!(
            Caveat::for_comparison(&c(Verdict::Slower, 2.0, 3.0, -0.1, -0.6)),
            [Caveat::TinyEffect, Caveat::Drift]
        );
    }

    #[test]
    fn group_caveats() {
        assert!(Caveat::for_group(&sort_group()).is_empty());
        assert_eq!(Caveat::for_group(&tiny_group()), [Caveat::FewRounds]);
    }

    #[test]
    fn numbering_is_first_use() {
        let mut n = Notes::default();
        assert_eq!(n.markers(&[Caveat::Drift, Caveat::Noisy]), "¹ ²");
        assert_eq!(n.markers(&[Caveat::FewRounds, Caveat::Drift]), "¹ ³");
        assert_eq!(n.len(), 3);
        let rest: Vec<_> = n.since(2).collect();
        assert_eq!(rest, [(3, Caveat::FewRounds)]);
    }
}

/// The examples that were this module's doc examples (the module is private).
#[cfg(test)]
mod doc_examples {
    #[test]
    fn example_explanation() {
        use crate::report::Caveat;
        assert!(Caveat::Drift.explanation().starts_with("drift"));
    }
}
