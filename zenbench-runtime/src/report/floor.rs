//! Rows below the timer's floor, as every human-readable report shows
//! them: no time (`< 12.62 ps`, the floor), no throughput but its bound
//! (`> 79.2 Giter/s`), no percentage for a change that has none, and no
//! scaling made of such rows. The reason is a footnote (the caveats
//! `BelowFloor`, `ChangeBelowFloor`, `BaselineBelowFloor`), worded there;
//! the JSON keeps the measured figures (see the book's "How zenbench
//! decides").

use crate::model::result::{BenchResult, Comparison, GroupResult};

/// Whether a report shows `b` below the floor, without a time: the result
/// says so, or its mean is not above zero (a result without the flag; a
/// negative time is never printed).
pub(super) fn below_floor(b: &BenchResult) -> bool {
    !b.failed
        && (b.below_floor
            || b.summary
                .as_ref()
                .is_some_and(|s| s.mean_ns.is_finite() && s.mean_ns <= 0.0))
}

/// The floor of `b`, when known: a finite, positive time.
pub(super) fn floor_ns(b: &BenchResult) -> Option<f64> {
    b.floor_ns.filter(|f| f.is_finite() && *f > 0.0)
}

/// The throughput a row below the floor at least has, per second: its
/// items per iteration (bytes or elements, else one iteration) over all
/// its threads, in the floor's time.
pub(super) fn floor_rate(b: &BenchResult) -> Option<f64> {
    let items = b
        .throughput
        .as_ref()
        .map_or(1.0, |t| t.per_iteration as f64);
    Some(items * b.threads as f64 / (floor_ns(b)? * 1e-9))
}

/// What the change column says instead of a percentage, when it has none:
/// `below floor` for a change within the floor (two rows below it, or a
/// change too small to tell), `—` against a baseline below the floor (a
/// change relative to nothing has no size). `None`: print the change.
pub(super) fn change_words(g: &GroupResult, c: &Comparison) -> Option<&'static str> {
    if c.below_floor {
        Some("below floor")
    } else if baseline_below_floor(g, c) {
        Some("—")
    } else {
        None
    }
}

/// Whether the baseline of `c` is shown below the floor.
pub(super) fn baseline_below_floor(g: &GroupResult, c: &Comparison) -> bool {
    g.benchmarks
        .iter()
        .any(|b| b.name == c.baseline && below_floor(b))
}

/// Whether a row of the group's scaling sweep is below the floor: its
/// table then has no scaling, efficiency, sweet spot or drop.
pub(super) fn sweep_below_floor(g: &GroupResult) -> bool {
    g.scaling.is_some() && g.benchmarks.iter().any(below_floor)
}

/// The one line a sweep below the floor prints instead of its verdicts.
pub(super) const SWEEP_BELOW_FLOOR: &str = "no scaling, efficiency or sweet spot: a row is below \
     the timer's floor, so it has no time per iteration to scale by";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::bench;

    #[test]
    fn a_row_is_below_the_floor_when_flagged_or_not_above_zero() {
        let mut b = bench("g", "a", 0.003, 0.2);
        assert!(!below_floor(&b));
        b.below_floor = true;
        assert!(below_floor(&b));
        let mut old = bench("g", "a", -0.011, 0.2);
        assert!(below_floor(&old), "a negative mean, no flag");
        old.failed = true;
        assert!(!below_floor(&old), "a failed row shows its failure");
    }

    #[test]
    fn the_time_shown_is_the_floor() {
        let mut b = bench("g", "a", 0.003, 0.2);
        assert_eq!(floor_ns(&b), None);
        b.floor_ns = Some(0.012_62);
        assert_eq!(floor_ns(&b), Some(0.012_62));
        let per_iteration = floor_rate(&b).unwrap();
        assert!(
            (per_iteration - 1.0 / 0.012_62e-9).abs() < 1.0,
            "{per_iteration}"
        );
        b.floor_ns = None;
        assert_eq!(floor_rate(&b), None, "no floor known");
        b.floor_ns = Some(0.012_62);
        b.threads = 2;
        b.throughput = Some(crate::model::result::ThroughputResult {
            kind: "elements".into(),
            per_iteration: 1,
            per_second: f64::INFINITY,
        });
        let rate = floor_rate(&b).unwrap();
        assert!((rate - 2.0 / 0.012_62e-9).abs() < 1.0, "{rate}");
    }
}
