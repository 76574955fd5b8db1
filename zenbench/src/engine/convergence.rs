//! When a group stops: the convergence rule (see the book's "How zenbench
//! decides").

use crate::result::GroupConfig;
use zenbench_stats::{bootstrap_mean_ci, Estimator, PairedAnalysis, PairedConfig};

/// Bootstrap resamples of an interim convergence check (cheaper, same rule).
const CHECK_RESAMPLES: usize = 2_000;

/// The paired analysis the engine runs, for the final figures and for the
/// convergence checks alike: the robust log-ratio estimate (see the book).
pub(crate) fn paired_config(noise_threshold: f64, resamples: usize, seed: u64) -> PairedConfig {
    PairedConfig {
        noise_threshold,
        resamples,
        seed,
        estimator: Estimator::AdaptiveLogRatio,
        ..PairedConfig::default()
    }
}

/// The convergence rule. With comparisons, each comparison must be resolved:
/// its CI (as % of the baseline) lies inside ±noise threshold (`same`); or
/// it lies outside (`faster`/`slower`) with a half-width within 10% of the
/// change; or its half-width is within `target_precision` whatever the
/// verdict (more rounds would not change the picture). Without comparisons: each active bench's mean
/// CI half-width is within `target_precision` of its mean.
pub(crate) fn resolved(
    samples: &[&[f64]],
    active: &[usize],
    comparisons: &[(usize, usize)],
    cfg: &GroupConfig,
    seed: u64,
) -> bool {
    let precision_pct = cfg.target_precision * 100.0;
    if comparisons.is_empty() {
        return active.iter().all(|&i| {
            let s = samples[i];
            let ci = bootstrap_mean_ci(s, 0.95, CHECK_RESAMPLES, seed);
            let half = (ci.upper - ci.lower) / 2.0;
            s.len() >= 2 && half.is_finite() && half <= cfg.target_precision * ci.point.abs()
        });
    }
    comparisons.iter().all(|&(b, c)| {
        let pc = paired_config(cfg.noise_threshold, CHECK_RESAMPLES, seed);
        let n = samples[b].len().min(samples[c].len());
        if n < 2 {
            return false;
        }
        let a = PairedAnalysis::new(&samples[b][..n], &samples[c][..n], &pc);
        let half = (a.ci_pct.upper - a.ci_pct.lower) / 2.0;
        match a.verdict() {
            zenbench_stats::Verdict::Same => true,
            // A clear direction also needs a usable size: the CI half-width
            // within 10% of the change (or within the target precision).
            zenbench_stats::Verdict::Faster | zenbench_stats::Verdict::Slower => {
                half <= precision_pct.max(0.1 * a.pct_change.abs())
            }
            zenbench_stats::Verdict::Uncertain => half <= precision_pct,
        }
    })
}
