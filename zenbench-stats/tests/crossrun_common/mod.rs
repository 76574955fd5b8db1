//! Helpers of the cross-run tests (`crossrun.rs`, `crossrun_reference.rs`).
#![allow(dead_code, reason = "each test file uses a part")]

use zenbench_stats::RunEstimate;

/// Asserts `actual` is within `tol` of `expected`.
pub fn close(what: &str, actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: got {actual}, expected {expected}"
    );
}

/// The estimate a saved summary allows: mean, standard deviation, n.
pub fn summary_estimate(x: &[f64]) -> RunEstimate {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0);
    RunEstimate::from_summary(m, v.sqrt(), x.len())
}
