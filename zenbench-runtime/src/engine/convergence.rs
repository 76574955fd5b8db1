//! When a row, and a group, stops: the stopping rule (see the book's "How
//! zenbench decides").
//!
//! A group stops once every row is resolved, each by the first rule that
//! applies to it:
//! - a row compared with its baseline: when the comparison is resolved (its
//!   CI is `same`; or clearly `faster`/`slower` with a half-width within 10%
//!   of the change or within `target_precision`; or `uncertain` with a
//!   half-width within both `target_precision` and a quarter of
//!   `noise_threshold`: at the threshold itself, where more rounds would not
//!   settle it). The baseline stays while any of its comparisons is open.
//! - any other row: when its mean's CI half-width is within
//!   `target_precision` of the mean (`precise`), or within the floor of
//!   what the timer can resolve per iteration at this sample size
//!   (`floor`): more rounds could not make it more precise.
//!
//! A comparison also stops at the floor when both of its rows are within it
//! (an empty body against another: no relative change exists to measure),
//! or when the CI of its change, in nanoseconds, is as narrow as the floor.
//! A baseline whose comparisons all stopped at the floor is at the floor too.
//!
//! A resolved row leaves the rounds; the others go on.

use crate::model::result::GroupConfig;
use zenbench_stats::{
    student_t_quantile, tukey_fences, Estimator, PairedAnalysis, PairedConfig, Summary,
};

/// Bootstrap resamples of an interim check of a comparison (cheaper, same rule).
const CHECK_RESAMPLES: usize = 2_000;

/// How a row was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowState {
    /// Still measured.
    Open,
    /// Its comparison (or all of them, for a baseline) is resolved.
    Compared,
    /// Its mean reached the target precision.
    Precise,
    /// Its mean's CI is within the timer's floor.
    AtFloor,
}

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

/// The half-width of the 95% t-interval of the mean of `s`: the interim
/// check's CI (the final figures bootstrap it). `None` below two samples.
pub(crate) fn mean_half_width(s: &[f64]) -> Option<(f64, f64)> {
    if s.len() < 2 {
        return None;
    }
    let x = Summary::new(s);
    let t = student_t_quantile(0.975, (s.len() - 1) as f64);
    let half = t * x.stddev / (s.len() as f64).sqrt();
    half.is_finite().then_some((x.mean, half))
}

/// Samples a row needs before the floor can stop it: a CI of a handful of
/// samples can be narrow by chance, and the floor, unlike the target
/// precision, is reached by chance when the samples happen to agree.
const FLOOR_MIN_SAMPLES: usize = 10;

/// The rule for a row without a comparison: `Precise` once the CI
/// half-width is within `target_precision` of the mean, else `AtFloor` once
/// it is within `floor_ns` (from `FLOOR_MIN_SAMPLES` samples on), else `Open`.
pub(crate) fn mean_state(s: &[f64], target_precision: f64, floor_ns: f64) -> RowState {
    match mean_half_width(s) {
        Some((mean, half)) if half <= target_precision * mean.abs() => RowState::Precise,
        Some((_, half)) if half <= floor_ns && s.len() >= FLOOR_MIN_SAMPLES => RowState::AtFloor,
        _ => RowState::Open,
    }
}

/// Whether the mean of `s` is, by its 95% t-interval, at most `floor_ns`
/// (from `FLOOR_MIN_SAMPLES` samples on): the row's time per iteration
/// cannot be told from nothing, however many rounds run. A mean below zero
/// (the loop-overhead compensation overshooting an empty body) is within
/// it. `floor_ns` of zero or less (no floor known) is never reached.
pub(crate) fn within_floor(s: &[f64], floor_ns: f64) -> bool {
    floor_ns > 0.0
        && s.len() >= FLOOR_MIN_SAMPLES
        && mean_half_width(s).is_some_and(|(mean, half)| mean + half <= floor_ns)
}

/// The half-width, in nanoseconds, of the 95% t-interval of the per-round
/// differences `cand - base`, less the rounds beyond Tukey's severe fences
/// (3 IQR) as the paired analysis drops them (`None` below two rounds).
fn difference_half_width(base: &[f64], cand: &[f64]) -> Option<f64> {
    let mut d = Vec::with_capacity(cand.len().min(base.len()));
    for (c, b) in cand.iter().zip(base) {
        d.push(c - b);
    }
    let fences = tukey_fences(&d);
    let fenced = fences.iqr() > 0.0;
    let mut kept = Vec::with_capacity(d.len());
    for x in d {
        if !fenced || fences.within_severe(x) {
            kept.push(x);
        }
    }
    mean_half_width(&kept).map(|(_, half)| half)
}

/// The rule for a comparison: whether more rounds would change the picture.
/// A comparison whose CI, in nanoseconds, is within `floor_ns` is resolved
/// at the floor: the timer cannot tell its two sides apart any better. So
/// is one whose rows are both [`within_floor`]: two empty bodies have no
/// relative change to measure (the final analysis calls it `uncertain`,
/// below the floor).
pub(crate) fn comparison_state(
    base: &[f64],
    cand: &[f64],
    cfg: &GroupConfig,
    seed: u64,
    floor_ns: f64,
) -> RowState {
    let n = base.len().min(cand.len());
    if n < 2 {
        return RowState::Open;
    }
    let (base, cand) = (&base[..n], &cand[..n]);
    if within_floor(base, floor_ns) && within_floor(cand, floor_ns) {
        return RowState::AtFloor;
    }
    let precision_pct = cfg.target_precision * 100.0;
    // An `uncertain` CI straddles a threshold; it is only given up on once
    // it is narrow next to the threshold too (within a quarter of it), or
    // more rounds would still have settled it. A zero threshold gives up at
    // a tenth of the target precision.
    let give_up_pct = precision_pct
        .min(25.0 * cfg.noise_threshold)
        .max(0.1 * precision_pct);
    let pc = paired_config(cfg.noise_threshold, CHECK_RESAMPLES, seed);
    let a = PairedAnalysis::new(base, cand, &pc);
    let half = (a.ci_pct.upper - a.ci_pct.lower) / 2.0;
    // A `same`, `faster` or `slower` CI must clear the threshold by a margin
    // (a tenth of its half-width): the final analysis resamples anew, and a
    // bound sitting on the threshold could land on its other side there.
    let (lo, hi) = (a.ci_pct.lower, a.ci_pct.upper);
    let (t, margin) = (cfg.noise_threshold * 100.0, 0.1 * half);
    let resolved = if lo > -t + margin && hi < t - margin {
        true
    } else if lo > t + margin || hi < -t - margin {
        // A clear direction also needs a usable size: the CI half-width
        // within 10% of the change (or within the target precision).
        half <= precision_pct.max(0.1 * a.pct_change.abs())
    } else if a.verdict() == zenbench_stats::Verdict::Uncertain {
        half <= give_up_pct
    } else {
        // Same or a direction, but too close to the threshold: go on.
        false
    };
    let base_mean = base.iter().sum::<f64>() / n as f64;
    // The CI in nanoseconds: the relative one times the baseline's mean, or,
    // where a relative change is no number (a mean at or below zero), the
    // interval of the per-round differences themselves.
    let narrow = half / 100.0 * base_mean.abs() <= floor_ns
        || difference_half_width(base, cand).is_some_and(|h| h <= floor_ns);
    if resolved {
        RowState::Compared
    } else if narrow && n >= FLOOR_MIN_SAMPLES {
        RowState::AtFloor
    } else {
        RowState::Open
    }
}

/// Whether every comparison of baseline `b` (among `comparisons`, each
/// `(baseline, candidate)`, with a candidate that has not `failed`) was
/// resolved at the floor, by the candidates' `state`: then so is `b`.
pub(crate) fn baseline_at_floor(
    b: usize,
    comparisons: &[(usize, usize)],
    failed: &dyn Fn(usize) -> bool,
    state: &[RowState],
) -> bool {
    let mut any = false;
    for &(x, c) in comparisons {
        if x == b && !failed(c) {
            if state[c] != RowState::AtFloor {
                return false;
            }
            any = true;
        }
    }
    any
}

/// [`comparison_state`] without a floor: whether the comparison is resolved.
#[cfg(test)]
pub(crate) fn comparison_resolved(
    base: &[f64],
    cand: &[f64],
    cfg: &GroupConfig,
    seed: u64,
) -> bool {
    comparison_state(base, cand, cfg, seed, 0.0) != RowState::Open
}

/// Whether every comparison (or, without comparisons, every active row's
/// mean, with no floor) is resolved: the whole-group form of the rule.
#[cfg(test)]
pub(crate) fn resolved(
    samples: &[&[f64]],
    active: &[usize],
    comparisons: &[(usize, usize)],
    cfg: &GroupConfig,
    seed: u64,
) -> bool {
    if comparisons.is_empty() {
        return active
            .iter()
            .all(|&i| mean_state(samples[i], cfg.target_precision, 0.0) != RowState::Open);
    }
    comparisons
        .iter()
        .all(|&(b, c)| comparison_resolved(samples[b], samples[c], cfg, seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(n: usize, mean: f64, sd: f64, seed: u64) -> Vec<f64> {
        let mut rng = fastrand::Rng::with_seed(seed);
        // Sum of 12 uniforms: close enough to normal for these checks.
        (0..n)
            .map(|_| mean + sd * ((0..12).map(|_| rng.f64()).sum::<f64>() - 6.0))
            .collect()
    }

    #[test]
    fn half_width_matches_the_t_interval() {
        // n = 4, mean 2.5, sd = sqrt(5/3); t(0.975, 3) = 3.182446305284263.
        let (mean, half) = mean_half_width(&[1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!(mean, 2.5);
        let want = 3.182_446_305_284_263 * (5.0f64 / 3.0).sqrt() / 2.0;
        assert!((half - want).abs() < 1e-9, "{half} vs {want}");
        assert!(mean_half_width(&[1.0]).is_none());
    }

    #[test]
    fn a_zero_mean_stream_stops_at_the_floor_not_at_the_target() {
        // An empty body after overhead subtraction: mean 0, tiny spread.
        let s = stream(40, 0.0, 0.004, 1);
        assert_eq!(
            mean_state(&s, 0.005, 0.0),
            RowState::Open,
            "no relative target reachable"
        );
        assert_eq!(mean_state(&s, 0.005, 0.01), RowState::AtFloor);
    }

    #[test]
    fn a_few_agreeing_samples_do_not_stop_at_the_floor() {
        let s = stream(3, 0.0, 0.0001, 11);
        assert_eq!(mean_state(&s, 0.005, 0.01), RowState::Open);
        let s = stream(FLOOR_MIN_SAMPLES, 0.0, 0.0001, 11);
        assert_eq!(mean_state(&s, 0.005, 0.01), RowState::AtFloor);
    }

    #[test]
    fn a_noisy_stream_stops_at_the_target_once_it_has_enough_rounds() {
        // CV 10%: the half-width is 1.96 * 0.1 / sqrt(n) of the mean; under
        // 0.5% from n ~ 1540 on.
        let few = stream(200, 100.0, 10.0, 2);
        assert_eq!(mean_state(&few, 0.005, 1e-6), RowState::Open);
        let many = stream(3000, 100.0, 10.0, 3);
        assert_eq!(mean_state(&many, 0.005, 1e-6), RowState::Precise);
        // A floor far below the noise never stops it early.
        assert_eq!(mean_state(&few, 0.005, 0.01), RowState::Open);
    }

    #[test]
    fn a_pair_never_stops_before_its_ci_is_resolved() {
        let cfg = GroupConfig::from_options(crate::BenchOptions::NONE.noise_threshold(0.01));
        let base = stream(60, 100.0, 1.0, 4);
        // 1% slower with 20% noise: straddles the threshold at 60 rounds.
        let mut rng = fastrand::Rng::with_seed(5);
        let noisy: Vec<f64> = base
            .iter()
            .map(|x| x * (1.01 + 0.4 * (rng.f64() - 0.5)))
            .collect();
        assert!(!comparison_resolved(&base, &noisy, &cfg, 1));
        assert!(!comparison_resolved(&base[..1], &noisy[..1], &cfg, 1));
        let slower: Vec<f64> = base.iter().map(|x| x * 2.0).collect();
        assert!(comparison_resolved(&base, &slower, &cfg, 1));
    }

    #[test]
    fn a_pair_of_empty_bodies_stops_at_the_floor() {
        // Two means of ~0.002 ns that differ by noise: no relative verdict
        // settles, but the CI in nanoseconds is far inside a 0.003 ns floor.
        let cfg = GroupConfig::from_options(crate::BenchOptions::NONE);
        let base = stream(40, 0.002, 0.0005, 8);
        let cand = stream(40, 0.002, 0.0005, 9);
        assert_eq!(comparison_state(&base, &cand, &cfg, 1, 0.0), RowState::Open);
        assert_eq!(
            comparison_state(&base, &cand, &cfg, 1, 0.003),
            RowState::AtFloor
        );
        // A real 2x difference of a 100 ns body is resolved, floor or not.
        let b = stream(40, 100.0, 1.0, 10);
        let c: Vec<f64> = b.iter().map(|x| 2.0 * x).collect();
        assert_eq!(comparison_state(&b, &c, &cfg, 1, 0.003), RowState::Compared);
    }

    #[test]
    fn a_baseline_is_at_the_floor_when_all_its_comparisons_are() {
        use RowState::*;
        let pairs = [(0, 1), (0, 2), (3, 4)];
        let none = |_: usize| false;
        assert!(baseline_at_floor(
            0,
            &pairs,
            &none,
            &[Open, AtFloor, AtFloor, Open, Open]
        ));
        assert!(!baseline_at_floor(
            0,
            &pairs,
            &none,
            &[Open, AtFloor, Compared, Open, Open]
        ));
        // A failed candidate does not count; no candidate at all is no floor.
        let two_failed = |c: usize| c == 2;
        let state = [Open, AtFloor, Open, Open, Open];
        assert!(baseline_at_floor(0, &pairs, &two_failed, &state));
        assert!(!baseline_at_floor(1, &pairs, &none, &state));
    }

    #[test]
    fn within_the_floor_is_the_whole_ci_under_it() {
        // Mean -2.7 ps, ~1 ps spread: inside a 12.6 ps floor, and so is a
        // mean of +2 ps; a mean of 20 ps, or a CI reaching past the floor,
        // is not.
        assert!(within_floor(&stream(30, -0.0027, 0.001, 14), 0.0126));
        assert!(within_floor(&stream(30, 0.002, 0.001, 15), 0.0126));
        assert!(!within_floor(&stream(30, 0.02, 0.001, 16), 0.0126));
        assert!(!within_floor(&stream(30, 0.01, 0.02, 17), 0.0126));
        // Too few samples, or no floor known.
        assert!(!within_floor(&stream(5, 0.0, 0.001, 18), 0.0126));
        assert!(!within_floor(&stream(30, -0.0027, 0.001, 14), 0.0));
    }

    #[test]
    fn empty_bodies_below_zero_stop_at_the_floor() {
        // The compensation overshot: both means are negative, and the
        // relative change of negative times is no number. Both rows are
        // within the floor: the comparison stops there.
        let cfg = GroupConfig::from_options(crate::BenchOptions::NONE);
        let base = stream(30, -0.0027, 0.001, 19);
        let cand = stream(30, -0.0025, 0.001, 20);
        assert_eq!(
            comparison_state(&base, &cand, &cfg, 1, 0.0126),
            RowState::AtFloor
        );
        // Before the floor's minimum of samples, it goes on.
        assert_eq!(
            comparison_state(&base[..5], &cand[..5], &cfg, 1, 0.0126),
            RowState::Open
        );
    }

    #[test]
    fn a_baseline_of_nothing_against_a_cost_stops_when_the_change_is_known_in_ns() {
        // Baseline below zero (the compensation overshot), candidate 30 ps:
        // no relative change can be made, but the change in nanoseconds is
        // known within the floor.
        let cfg = GroupConfig::from_options(crate::BenchOptions::NONE);
        let base = stream(30, -0.003, 0.0005, 21);
        let cand: Vec<f64> = stream(30, 0.03, 0.001, 22);
        assert_eq!(comparison_state(&base, &cand, &cfg, 1, 0.0), RowState::Open);
        assert_eq!(
            comparison_state(&base, &cand, &cfg, 1, 0.0126),
            RowState::AtFloor
        );
        // A few rounds disturbed by another process do not hold it back:
        // they lie beyond the severe fences, as the paired analysis drops them.
        let mut spiked = cand.clone();
        for k in [3, 11, 25] {
            spiked[k] += 5.0;
        }
        assert_eq!(
            comparison_state(&base, &spiked, &cfg, 1, 0.0126),
            RowState::AtFloor
        );
        // With per-round noise far above the floor, it goes on.
        let noisy = stream(30, 0.05, 0.5, 23);
        assert_eq!(
            comparison_state(&base, &noisy, &cfg, 1, 0.0126),
            RowState::Open
        );
    }

    #[test]
    fn a_bound_on_the_threshold_is_not_yet_resolved() {
        // A CI just inside +-1% (its upper bound close under +1%) would call the pair
        // `same`, but a fresh bootstrap may put the bound past 1%: go on.
        let cfg = GroupConfig::from_options(crate::BenchOptions::NONE);
        let base = stream(200, 100.0, 0.05, 12);
        let mut rng = fastrand::Rng::with_seed(13);
        let cand: Vec<f64> = base
            .iter()
            .map(|x| x * (1.0070 + 0.082 * (rng.f64() - 0.5)))
            .collect();
        let pc = paired_config(0.01, 2_000, 1);
        let a = PairedAnalysis::new(&base, &cand, &pc);
        let half = (a.ci_pct.upper - a.ci_pct.lower) / 2.0;
        assert_eq!(a.verdict(), zenbench_stats::Verdict::Same, "{a:?}");
        assert!(
            a.ci_pct.upper > 1.0 - 0.1 * half,
            "the case: an upper bound within a tenth of the half-width of 1% ({:?})",
            a.ci_pct
        );
        assert!(!comparison_resolved(&base, &cand, &cfg, 1));
    }

    #[test]
    fn an_uncertain_pair_near_a_tight_threshold_goes_on() {
        // 1% slower against a 0.5% threshold with 0.5% target precision: a CI
        // of [0.46%, 1.44%] straddles the threshold with a half-width under
        // the target precision; it must not be given up on.
        let cfg = GroupConfig::from_options(
            crate::BenchOptions::NONE
                .noise_threshold(0.005)
                .target_precision(0.005),
        );
        let base = stream(400, 100.0, 0.05, 6);
        let mut rng = fastrand::Rng::with_seed(7);
        // Per-round ratio 1.0095 +- about 2.7% (uniform): the CI's
        // half-width is near 0.26%, straddling 0.5%.
        let cand: Vec<f64> = base
            .iter()
            .map(|x| x * (1.0075 + 0.09 * (rng.f64() - 0.5)))
            .collect();
        let pc = paired_config(0.005, 2_000, 1);
        let a = PairedAnalysis::new(&base, &cand, &pc);
        let half = (a.ci_pct.upper - a.ci_pct.lower) / 2.0;
        assert_eq!(a.verdict(), zenbench_stats::Verdict::Uncertain, "{a:?}");
        assert!(
            half < 0.5 && half > 0.125,
            "the case: a narrow, straddling CI ({half})"
        );
        assert!(!comparison_resolved(&base, &cand, &cfg, 1));
    }
}
