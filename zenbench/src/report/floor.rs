//! Rows below the timer's floor, as every human-readable report shows
//! them: no time (`< 12.62 ps`, the floor), no throughput but its bound
//! (`> 79.2 Giter/s`), no percentage for a change that has none, and no
//! scaling made of such rows. The reason is a footnote (the caveats
//! `BelowFloor`, `ChangeBelowFloor`, `BaselineBelowFloor`), worded there;
//! the JSON keeps the measured figures (see the book's "How zenbench
//! decides").

use super::format::fmt_ns;
use crate::result::{BenchResult, Comparison, GroupResult};

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
fn floor_ns(b: &BenchResult) -> Option<f64> {
    b.floor_ns.filter(|f| f.is_finite() && *f > 0.0)
}

/// What a row below the floor shows for its time: `< 12.62 ps` (its
/// floor), or `< floor` when the result gives none.
pub(super) fn floor_time(b: &BenchResult) -> String {
    match floor_ns(b) {
        Some(f) => format!("< {}", fmt_ns(f)),
        None => "< floor".to_owned(),
    }
}

/// A mean of a comparison with a saved baseline (which gives no floor):
/// the time, or `< floor` when it is not above zero.
pub(super) fn time_or_floor(ns: f64) -> String {
    if ns.is_finite() && ns <= 0.0 {
        "< floor".to_owned()
    } else {
        fmt_ns(ns)
    }
}

/// The throughput a row below the floor at least has, per second: its
/// items per iteration over all its threads, in the floor's time.
pub(super) fn floor_rate(b: &BenchResult) -> Option<f64> {
    let t = b.throughput.as_ref()?;
    Some(t.per_iteration as f64 * b.threads as f64 / (floor_ns(b)? * 1e-9))
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
        assert_eq!(floor_time(&b), "< floor");
        b.floor_ns = Some(0.012_62);
        assert_eq!(floor_time(&b), "< 12.62 ps");
        assert_eq!(floor_rate(&b), None, "no throughput declared");
        b.threads = 2;
        b.throughput = Some(crate::result::ThroughputResult {
            kind: "elements".into(),
            per_iteration: 1,
            per_second: f64::INFINITY,
        });
        let rate = floor_rate(&b).unwrap();
        assert!((rate - 2.0 / 0.012_62e-9).abs() < 1.0, "{rate}");
    }
}
