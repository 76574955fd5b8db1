//! From a group's samples to its [`GroupResult`]: summaries, mean CIs,
//! throughput, slopes and the final paired comparisons.

use super::convergence::paired_config;
use super::store::SampleStore;
use crate::model::order::stable_order;
use crate::model::result::{
    BenchResult, CiNs, Comparison, GateReport, GroupConfig, GroupResult, NoCi, Phases, Resolution,
    ScalingPoint, StopReason, SummaryNs, ThroughputResult, Verdict,
};
use crate::model::throughput::Throughput;
use crate::plan::GroupPlan;
use zenbench_stats::{bootstrap_mean_ci, PairedAnalysis, PairedConfig, Summary, MIN_ROUNDS_FOR_CI};

/// Bootstrap resamples of the final analysis.
pub(crate) const FINAL_RESAMPLES: usize = 10_000;

/// What the run loop hands to [`group_result`] besides the samples.
pub(crate) struct Ended {
    /// How each row was resolved (`None`: still open when the group stopped).
    pub resolved_by: Vec<Option<Resolution>>,
    /// Each row's timer floor, ns per iteration.
    pub floor_ns: Vec<f64>,
    /// Time per phase (not for a smoke test).
    pub phases: Option<Phases>,
    pub reason: StopReason,
    pub wall_s: f64,
    pub seed: u64,
    pub rounds: u64,
    /// Base iterations per sample, per bench.
    pub iters: Vec<u64>,
    pub firewall_bytes: Option<u64>,
    pub gate: Option<GateReport>,
}

/// Turns a group's samples into its result.
pub(crate) fn group_result(plan: &GroupPlan, store: &SampleStore, end: Ended) -> GroupResult {
    let analysis = std::time::Instant::now();
    let smoke = end.reason == StopReason::Smoke;
    let seed = end.seed;
    let mut benchmarks = Vec::with_capacity(plan.benches.len());
    for (i, b) in plan.benches.iter().enumerate() {
        let s = &store.samples[i];
        let summary = (!s.is_empty()).then(|| summary_ns(s));
        // Below MIN_ROUNDS_FOR_CI no interval means anything: none is
        // given, and the row says why.
        let no_ci = too_few(s).filter(|_| !smoke && store.errors[i].is_none());
        let mean_ci = (!smoke && s.len() >= MIN_ROUNDS_FOR_CI).then(|| {
            let ci = bootstrap_mean_ci(s, 0.95, FINAL_RESAMPLES, seed ^ (i as u64 + 1));
            CiNs {
                lower_ns: ci.lower,
                upper_ns: ci.upper,
                level: 0.95,
            }
        });
        let below_floor = !smoke
            && store.errors[i].is_none()
            && summary
                .as_ref()
                .is_some_and(|s| below_floor(s.mean_ns, end.floor_ns[i]));
        let threads = b.threads.unwrap_or(1);
        let throughput = store.throughput[i]
            .zip(summary.as_ref())
            .map(|(t, sum)| throughput(t, sum.mean_ns, threads));
        benchmarks.push(BenchResult {
            name: b.name.clone(),
            full_name: b.full_name.clone(),
            threads,
            arg: b.arg.clone(),
            iterations_per_sample: end.iters[i],
            summary,
            mean_ci,
            no_ci,
            cold_start_ns: store.cold_start_ns[i],
            cold: (!store.cold_samples[i].is_empty()).then(|| summary_ns(&store.cold_samples[i])),
            slope_ns: slope(&store.raw[i]),
            throughput,
            failed: store.errors[i].is_some(),
            error: store.errors[i].clone(),
            alloc: store.allocs[i].map(|(c, n)| c.per_iteration(n)),
            process_spread: None,
            resolved_by: end.resolved_by[i],
            floor_ns: (!smoke).then_some(end.floor_ns[i]),
            below_floor,
            samples_ns: if smoke { Vec::new() } else { s.clone() },
            instructions: None,
        });
    }
    let mut comparisons = Vec::new();
    for &(b, c) in &plan.comparisons {
        if smoke || store.errors[b].is_some() || store.errors[c].is_some() {
            continue;
        }
        let cfg = paired_config(
            plan.config.noise_threshold,
            FINAL_RESAMPLES,
            seed ^ ((b as u64) << 32 | c as u64),
        );
        let floor_ns = end.floor_ns[b].max(end.floor_ns[c]);
        let (base, cand) = (&store.samples[b], &store.samples[c]);
        if let Some(x) = compare(
            &plan.benches[b].name,
            &plan.benches[c].name,
            base,
            cand,
            &cfg,
        ) {
            comparisons.push(at_floor(x, base, cand, floor_ns));
        }
    }
    GroupResult {
        name: plan.name.clone(),
        rounds: end.rounds,
        iterations_per_sample: end.iters[plan.baseline],
        baseline: plan.benches[plan.baseline].name.clone(),
        scaling: scaling_table(plan, &benchmarks),
        benchmarks,
        comparisons,
        config: GroupConfig {
            firewall_bytes: end.firewall_bytes,
            ..plan.config.clone()
        },
        stop_reason: end.reason,
        wall_time_s: end.wall_s + analysis.elapsed().as_secs_f64(),
        gate: end.gate,
        phases: end.phases.map(|p| Phases {
            analysis_s: analysis.elapsed().as_secs_f64(),
            ..p
        }),
    }
}

/// The slope of time over iterations of a row's raw (iterations, ns)
/// samples, when there are three and it is finite.
fn slope(raw: &[(f64, f64)]) -> Option<f64> {
    if raw.len() < 3 {
        return None;
    }
    let (mut x, mut y) = (Vec::with_capacity(raw.len()), Vec::with_capacity(raw.len()));
    for &(a, b) in raw {
        x.push(a);
        y.push(b);
    }
    let slope = zenbench_stats::ols(&x, &y).slope;
    slope.is_finite().then_some(slope)
}

/// The paired comparison of two rows from their per-round samples (the
/// rounds where both ran, in order), as a group's final analysis makes it:
/// for results combined over several processes or passes, whose samples
/// are each run's rounds one after another.
pub(crate) fn paired_comparison(
    names: (&str, &str),
    samples: (&[f64], &[f64]),
    noise_threshold: f64,
    floor_ns: f64,
    seed: u64,
) -> Option<Comparison> {
    let cfg = paired_config(noise_threshold, FINAL_RESAMPLES, seed);
    compare(names.0, names.1, samples.0, samples.1, &cfg)
        .map(|c| at_floor(c, samples.0, samples.1, floor_ns))
}

/// Whether a row whose mean is `mean_ns` is below its timer floor: its mean
/// is within `floor_ns`, or not above zero (the loop-overhead compensation
/// overshot), so its time cannot be told from nothing.
pub(crate) fn below_floor(mean_ns: f64, floor_ns: f64) -> bool {
    // `max` of a NaN floor is 0: an unknown floor still catches a mean <= 0.
    mean_ns <= floor_ns.max(0.0)
}

pub(crate) fn summary_ns(s: &[f64]) -> SummaryNs {
    let x = Summary::new(s);
    SummaryNs {
        n: x.n,
        min_ns: x.min,
        max_ns: x.max,
        mean_ns: x.mean,
        median_ns: x.median,
        mad_ns: x.mad,
        stddev_ns: x.stddev,
    }
}

/// Bytes or elements per second at `mean_ns` per iteration, over all of
/// a row's `threads` (each runs every iteration).
fn throughput(t: Throughput, mean_ns: f64, threads: usize) -> ThroughputResult {
    let (kind, n) = match t {
        Throughput::Bytes(n) => ("bytes", n),
        Throughput::Elements(n) => ("elements", n),
    };
    let per_second = if mean_ns > 0.0 {
        n as f64 * threads as f64 / (mean_ns * 1e-9)
    } else {
        f64::INFINITY
    };
    ThroughputResult {
        kind: kind.to_string(),
        per_iteration: n,
        per_second,
    }
}

/// The floor's two rules for a comparison: [`change_at_floor`], and two
/// rows that are both [`below_floor`] (over the paired rounds) have no
/// change to give at all: `uncertain`, `below_floor`, whatever the CI said.
fn at_floor(c: Comparison, base: &[f64], cand: &[f64], floor_ns: f64) -> Comparison {
    let mut c = change_at_floor(c, base, floor_ns);
    let n = base.len().min(cand.len());
    let mean = |s: &[f64]| s[..n].iter().sum::<f64>() / n as f64;
    if n > 0 && below_floor(mean(base), floor_ns) && below_floor(mean(cand), floor_ns) {
        c.verdict = Verdict::Uncertain;
        c.below_floor = true;
    }
    c
}

/// A change smaller, in nanoseconds, than the pair's timer floor cannot be
/// told from the timer's own error: it is not called `faster` or `slower`
/// (and `below_floor` says that is why it is `uncertain`).
fn change_at_floor(mut c: Comparison, base: &[f64], floor_ns: f64) -> Comparison {
    let n = c.n.max(1).min(base.len().max(1));
    let base_mean = base.iter().take(n).sum::<f64>() / n as f64;
    let within = (c.pct_change / 100.0 * base_mean).abs() <= floor_ns;
    // Nor can a change smaller than the floor be called, however narrow
    // the interval.
    if base_mean > 0.0 {
        let floor_pct = floor_ns / base_mean * 100.0;
        c.min_detectable_pct = c.min_detectable_pct.map(|m| m.max(floor_pct));
    }
    if within && matches!(c.verdict, Verdict::Faster | Verdict::Slower) {
        c.verdict = Verdict::Uncertain;
        c.below_floor = true;
    }
    c
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Why a row measured `samples` has no CI: `Some` when it has some, but
/// fewer than [`MIN_ROUNDS_FOR_CI`].
fn too_few(samples: &[f64]) -> Option<NoCi> {
    (!samples.is_empty() && samples.len() < MIN_ROUNDS_FOR_CI).then_some(NoCi::TooFewRounds)
}

/// Paired comparison of two benches' per-round samples (rounds where both
/// ran); `None` without any. Below [`MIN_ROUNDS_FOR_CI`] of them no CI
/// means anything: it is withheld (NaN bounds), and with it any verdict
/// (`uncertain`), and `no_ci` says why.
pub(crate) fn compare(
    baseline: &str,
    candidate: &str,
    base: &[f64],
    cand: &[f64],
    cfg: &PairedConfig,
) -> Option<Comparison> {
    let n = base.len().min(cand.len());
    if n == 0 {
        return None;
    }
    let a = PairedAnalysis::new(&base[..n], &cand[..n], cfg);
    let no_ci = too_few(&base[..n]);
    let verdict = match a.verdict() {
        _ if no_ci.is_some() => Verdict::Uncertain,
        zenbench_stats::Verdict::Faster => Verdict::Faster,
        zenbench_stats::Verdict::Slower => Verdict::Slower,
        zenbench_stats::Verdict::Same => Verdict::Same,
        zenbench_stats::Verdict::Uncertain => Verdict::Uncertain,
    };
    let (lower, upper) = match no_ci {
        Some(_) => (f64::NAN, f64::NAN),
        None => (a.ci_pct.lower, a.ci_pct.upper),
    };
    Some(Comparison {
        baseline: baseline.to_string(),
        candidate: candidate.to_string(),
        pct_change: a.pct_change,
        ci_lower_pct: lower,
        ci_upper_pct: upper,
        significant: lower > 0.0 || upper < 0.0,
        verdict,
        cohens_d: finite(a.cohens_d),
        wilcoxon_p: finite(a.wilcoxon_p),
        drift_r: finite(a.drift_r),
        n: a.n,
        outliers_removed: a.outliers_removed,
        below_floor: false,
        no_ci,
        min_detectable_pct: crate::model::result::min_detectable_pct(a.pct_change, lower, upper),
    })
}

/// The thread-scaling table of a group whose rows are one bench at several
/// thread counts (and no args): throughput over all threads (items/s from
/// `bytes`/`elements`, else iterations/s), with its 95% CI from the mean's,
/// scaling against the fewest threads, efficiency per thread, the sweet spot
/// (the best throughput per thread beyond one), counts where adding threads
/// lowered throughput beyond both CIs, and the counts past the physical
/// cores (SMT). Rows below the timer's floor leave every scaling and
/// efficiency NaN and mark no sweet spot or drop.
fn scaling_table(plan: &GroupPlan, rows: &[BenchResult]) -> Option<Vec<ScalingPoint>> {
    // One bench: a group of several thread benches (a bench group with
    // `threads`) has no one scaling curve.
    let source = plan.benches.first().map(|b| b.source_name.as_str());
    let mut threaded = true;
    for b in &plan.benches {
        threaded &=
            b.threads.is_some() && b.arg.is_none() && Some(b.source_name.as_str()) == source;
    }
    if !threaded || plan.benches.len() < 2 {
        return None;
    }
    let physical = crate::measure::testbed::physical_core_count();
    let per_second = |b: &BenchResult, ns: f64| {
        let items = match &b.throughput {
            Some(t) => t.per_iteration as f64,
            None => 1.0,
        };
        if ns > 0.0 {
            items * b.threads as f64 / (ns * 1e-9)
        } else {
            f64::NAN
        }
    };
    let mut measured = Vec::new();
    for b in rows {
        if let (false, Some(s)) = (b.failed, &b.summary) {
            measured.push((b, s.mean_ns));
        }
    }
    let by_threads = stable_order(measured.len(), &|x, y| {
        measured[x].0.threads.cmp(&measured[y].0.threads)
    });
    let mut points = Vec::with_capacity(measured.len());
    for i in by_threads {
        let (b, mean_ns) = measured[i];
        let (lo, hi) = match &b.mean_ci {
            Some(ci) => (ci.lower_ns, ci.upper_ns),
            None => (f64::NAN, f64::NAN),
        };
        points.push(ScalingPoint {
            threads: b.threads,
            throughput_per_s: per_second(b, mean_ns),
            // A slower mean is a lower throughput: the bounds swap.
            throughput_lower_per_s: per_second(b, hi),
            throughput_upper_per_s: per_second(b, lo),
            scaling: f64::NAN,
            efficiency: f64::NAN,
            sweet_spot: false,
            drop: false,
            smt: physical.is_some_and(|p| b.threads > p),
        });
    }
    // A row below the timer's floor has no time to scale by: no scaling,
    // efficiency, sweet spot or drop is made of it (the throughputs stay).
    for b in rows {
        if !b.failed && b.below_floor {
            return Some(points);
        }
    }
    let base = points.first()?.clone();
    for p in &mut points {
        p.scaling = p.throughput_per_s / base.throughput_per_s;
        p.efficiency = p.scaling * base.threads as f64 / p.threads as f64;
    }
    for i in 1..points.len() {
        let (before, after) = (&points[i - 1], &points[i]);
        points[i].drop = after.throughput_upper_per_s < before.throughput_lower_per_s;
    }
    // The last of the best throughputs per thread.
    let mut best: Option<usize> = None;
    for (i, p) in points.iter().enumerate() {
        let per = |p: &ScalingPoint| p.throughput_per_s * p.efficiency;
        if p.throughput_per_s.is_finite()
            && best.is_none_or(|b| per(p).total_cmp(&per(&points[b])).is_ge())
        {
            best = Some(i);
        }
    }
    if let Some(i) = best {
        points[i].sweet_spot = true;
    }
    Some(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comparison(pct: f64, verdict: Verdict) -> Comparison {
        Comparison {
            baseline: "a".into(),
            candidate: "b".into(),
            pct_change: pct,
            ci_lower_pct: pct - 0.5,
            ci_upper_pct: pct + 0.5,
            significant: true,
            verdict,
            cohens_d: None,
            wilcoxon_p: None,
            drift_r: None,
            n: 40,
            outliers_removed: 0,
            below_floor: false,
            min_detectable_pct: Some(0.5),
            no_ci: None,
        }
    }

    #[test]
    fn a_direction_within_the_floor_becomes_uncertain() {
        // Means of 2 ps: a 5% change is 0.1 ps, inside a 3 ps floor.
        let base = vec![0.002; 40];
        let c = change_at_floor(comparison(5.0, Verdict::Slower), &base, 0.003);
        assert_eq!((c.verdict, c.below_floor), (Verdict::Uncertain, true));
        // The same 5% of a 2 µs body is 100 ns: far outside the floor.
        let base = vec![2000.0; 40];
        let c = change_at_floor(comparison(5.0, Verdict::Slower), &base, 0.003);
        assert_eq!((c.verdict, c.below_floor), (Verdict::Slower, false));
        // A `same` stays `same`, and is not marked.
        let base = vec![0.002; 40];
        let c = change_at_floor(comparison(0.1, Verdict::Same), &base, 0.003);
        assert_eq!((c.verdict, c.below_floor), (Verdict::Same, false));
        // Nothing under the floor could have been called: a 3 ps floor of
        // a 2 ps mean is 150%, whatever the interval's ±0.5%.
        assert!(
            (c.min_detectable_pct.unwrap() - 150.0).abs() < 1e-9,
            "{c:?}"
        );
        let base = vec![2000.0; 40];
        let c = change_at_floor(comparison(0.1, Verdict::Same), &base, 0.003);
        assert_eq!(c.min_detectable_pct, Some(0.5));
    }

    #[test]
    fn two_rows_below_the_floor_have_no_verdict() {
        // Means of 2 ps and -1 ps against a 3 ps floor: whatever the CI
        // said (`same` or a direction), the verdict is `uncertain`.
        let (base, cand) = (vec![0.002; 40], vec![-0.001; 40]);
        for v in [Verdict::Same, Verdict::Slower, Verdict::Faster] {
            let c = at_floor(comparison(0.1, v), &base, &cand, 0.003);
            assert_eq!((c.verdict, c.below_floor), (Verdict::Uncertain, true));
        }
        // One row above the floor keeps the CI's verdict.
        let above = vec![0.05; 40];
        let c = at_floor(comparison(2400.0, Verdict::Slower), &base, &above, 0.003);
        assert_eq!((c.verdict, c.below_floor), (Verdict::Slower, false));
    }

    #[test]
    fn below_the_floor_is_a_mean_within_it_or_not_above_zero() {
        assert!(below_floor(0.002, 0.003));
        assert!(below_floor(0.003, 0.003));
        assert!(!below_floor(0.004, 0.003));
        assert!(below_floor(-5.0, 0.003), "the compensation overshot");
        assert!(below_floor(-0.001, f64::NAN), "no floor known, below zero");
        assert!(!below_floor(0.001, f64::NAN));
        assert!(!below_floor(f64::NAN, 0.003));
    }
}
