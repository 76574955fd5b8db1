//! The clock that times samples.
//!
//! For now the OS monotonic clock (`Instant`); the timer is one value passed
//! to every Bencher so a cycle counter can replace it without touching callers.

use crate::result::{TimerInfo, TimerKind};
use std::time::Instant;

/// A started measurement.
#[derive(Clone, Copy, Debug)]
pub struct Start(Instant);

/// The sample clock.
#[derive(Clone, Copy, Debug)]
pub struct Timer {
    resolution_ns: f64,
}

impl Timer {
    /// The OS monotonic clock, with its resolution measured.
    pub fn os() -> Timer {
        Timer {
            resolution_ns: measure_resolution_ns(),
        }
    }

    /// Smallest observable non-zero step, nanoseconds.
    pub fn resolution_ns(&self) -> f64 {
        self.resolution_ns
    }

    /// Describes the timer for the result.
    pub fn info(&self) -> TimerInfo {
        TimerInfo {
            kind: TimerKind::Os,
            resolution_ns: self.resolution_ns,
        }
    }

    /// Starts timing.
    #[inline(always)]
    pub fn start(&self) -> Start {
        Start(Instant::now())
    }

    /// Nanoseconds since `start`.
    #[inline(always)]
    pub fn elapsed_ns(&self, start: Start) -> f64 {
        start.0.elapsed().as_nanos() as f64
    }
}

/// Median of many smallest non-zero `Instant` steps.
fn measure_resolution_ns() -> f64 {
    let mut steps = Vec::with_capacity(64);
    for _ in 0..64 {
        let a = Instant::now();
        let mut b = Instant::now();
        let mut spins = 0;
        while b == a && spins < 1_000_000 {
            b = Instant::now();
            spins += 1;
        }
        let d = (b - a).as_nanos() as f64;
        if d > 0.0 {
            steps.push(d);
        }
    }
    if steps.is_empty() {
        return 1000.0;
    }
    steps.sort_by(|a, b| a.total_cmp(b));
    steps[steps.len() / 2].max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_is_positive_and_finite() {
        let t = Timer::os();
        assert!(t.resolution_ns() > 0.0 && t.resolution_ns().is_finite());
        assert_eq!(t.info().kind, TimerKind::Os);
    }

    #[test]
    fn elapsed_is_monotonic() {
        let t = Timer::os();
        let s = t.start();
        let a = t.elapsed_ns(s);
        let b = t.elapsed_ns(s);
        assert!(b >= a && a >= 0.0);
    }
}
