//! Counter frequency, calibrated against the OS monotonic clock.
//!
//! Each attempt spins for a window (5, 10, 15, then 20 ms) and divides the
//! counter ticks by the `Instant` nanoseconds elapsed; the frequency is
//! accepted when two consecutive estimates agree within 0.1%
//! ([`calibration_converged`]). At most [`CALIBRATION_ATTEMPTS`] windows,
//! 170 ms of spinning in the worst case; the usual case is two windows.
//!
//! Each window end pairs a counter read with the midpoint of the two
//! `Instant` reads around it, keeping the tightest of a few tries, so a
//! preemption between the reads does not skew the estimate.

#![cfg_attr(
    not(target_arch = "x86_64"),
    allow(dead_code, reason = "only the x86_64 TSC needs calibrating")
)]

use std::time::{Duration, Instant};

/// Calibration windows tried before giving up.
pub const CALIBRATION_ATTEMPTS: usize = 10;
/// Relative agreement two consecutive estimates need.
pub const CALIBRATION_TOLERANCE: f64 = 1e-3;

/// What a calibration run saw.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// Ticks per nanosecond (GHz), one per window, in order.
    pub estimates: Vec<f64>,
    /// The accepted frequency in ticks per nanosecond, if any.
    pub ticks_per_ns: Option<f64>,
}

/// The accepted estimate: the mean of the first two consecutive estimates
/// that agree within [`CALIBRATION_TOLERANCE`] (relative to the larger), or
/// `None`. Non-finite or non-positive estimates never agree.
///
/// ```ignore
/// assert_eq!(calibration_converged(&[2.9, 3.0, 3.0015]), Some(3.00075));
/// assert_eq!(calibration_converged(&[3.0, 3.01]), None);
/// ```
pub fn calibration_converged(estimates: &[f64]) -> Option<f64> {
    estimates.windows(2).find_map(|w| {
        let (a, b) = (w[0], w[1]);
        let valid = |x: f64| x.is_finite() && x > 0.0;
        (valid(a) && valid(b) && (a - b).abs() <= CALIBRATION_TOLERANCE * a.max(b))
            .then(|| (a + b) / 2.0)
    })
}

/// Spin window of attempt `k` (0-based): 5, 10, 15, then 20 ms.
fn window(attempt: usize) -> Duration {
    Duration::from_millis(5 * (attempt as u64 + 1).min(4))
}

/// Calibrates the counter `read` against `Instant`.
pub fn calibrate(read: impl Fn() -> u64) -> Calibration {
    calibrate_with(read, window)
}

/// [`calibrate`] with the spin window of each attempt given.
fn calibrate_with(read: impl Fn() -> u64, window: impl Fn(usize) -> Duration) -> Calibration {
    let mut estimates = Vec::with_capacity(CALIBRATION_ATTEMPTS);
    for attempt in 0..CALIBRATION_ATTEMPTS {
        if let Some(e) = estimate(&read, window(attempt)) {
            estimates.push(e);
        }
        if let Some(ticks_per_ns) = calibration_converged(&estimates) {
            return Calibration {
                estimates,
                ticks_per_ns: Some(ticks_per_ns),
            };
        }
    }
    Calibration {
        estimates,
        ticks_per_ns: None,
    }
}

/// Ticks per nanosecond over one spin of `window`.
fn estimate(read: &impl Fn() -> u64, window: Duration) -> Option<f64> {
    let (t0, c0) = paired_read(read);
    while t0.elapsed() < window {
        std::hint::spin_loop();
    }
    let (t1, c1) = paired_read(read);
    let ns = t1.saturating_duration_since(t0).as_nanos() as f64;
    let ticks = c1.checked_sub(c0)? as f64;
    (ns > 0.0 && ticks > 0.0).then(|| ticks / ns)
}

/// A counter read and the `Instant` it corresponds to: the midpoint of the
/// `Instant` reads around it, taking the tightest bracket of 8 tries.
fn paired_read(read: &impl Fn() -> u64) -> (Instant, u64) {
    let mut best: Option<(Duration, Instant, u64)> = None;
    for _ in 0..8 {
        let before = Instant::now();
        let c = read();
        let after = Instant::now();
        let gap = after.saturating_duration_since(before);
        if best.is_none_or(|(g, _, _)| gap < g) {
            best = Some((gap, before + gap / 2, c));
        }
    }
    let (_, at, c) = best.expect("eight tries");
    (at, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converges_on_first_agreeing_consecutive_pair() {
        assert_eq!(calibration_converged(&[]), None);
        assert_eq!(calibration_converged(&[3.0]), None);
        assert_eq!(calibration_converged(&[3.0, 3.0]), Some(3.0));
        // 0.05% apart: agree.
        let got = calibration_converged(&[3.0, 3.0015]).unwrap();
        assert!((got - 3.00075).abs() < 1e-12);
        // 0.33% apart: no.
        assert_eq!(calibration_converged(&[3.0, 3.01]), None);
        // Only consecutive pairs count: 3.0 and 3.0 are not neighbours.
        assert_eq!(calibration_converged(&[3.0, 2.0, 3.0]), None);
        // The first agreeing pair wins.
        let got = calibration_converged(&[2.5, 3.0, 3.0009, 3.0009, 3.0009]).unwrap();
        assert!((got - 3.00045).abs() < 1e-12);
    }

    #[test]
    fn tolerance_edges() {
        // Just inside 0.1% of the larger agrees; just outside does not.
        assert!(calibration_converged(&[1.0, 1.00099]).is_some());
        assert!(calibration_converged(&[1.00099, 1.0]).is_some());
        assert!(calibration_converged(&[1.0, 1.00101]).is_none());
    }

    #[test]
    fn invalid_estimates_never_agree() {
        for bad in [f64::NAN, f64::INFINITY, 0.0, -3.0] {
            assert_eq!(calibration_converged(&[bad, bad]), None);
            assert_eq!(calibration_converged(&[3.0, bad]), None);
        }
    }

    #[test]
    fn windows_are_bounded() {
        let total: Duration = (0..CALIBRATION_ATTEMPTS).map(window).sum();
        assert_eq!(window(0), Duration::from_millis(5));
        assert_eq!(window(9), Duration::from_millis(20));
        assert!(total <= Duration::from_millis(200), "{total:?}");
    }

    #[test]
    fn calibrates_a_counter_derived_from_instant() {
        // A fake counter ticking once per Instant nanosecond. No timing
        // asserts: every estimate is positive and, if two agreed, the
        // accepted one is ~1 tick/ns (2% slack for a loaded machine).
        let origin = Instant::now();
        let cal = calibrate(|| origin.elapsed().as_nanos() as u64);
        assert!(!cal.estimates.is_empty() && cal.estimates.len() <= CALIBRATION_ATTEMPTS);
        assert!(cal.estimates.iter().all(|&e| e > 0.0));
        if let Some(f) = cal.ticks_per_ns {
            assert!((f - 1.0).abs() < 0.02, "{f}");
        }
    }

    #[test]
    fn a_stuck_counter_never_calibrates() {
        let cal = calibrate_with(|| 42, |_| Duration::ZERO);
        assert!(cal.estimates.is_empty());
        assert_eq!(cal.ticks_per_ns, None);
    }
}
