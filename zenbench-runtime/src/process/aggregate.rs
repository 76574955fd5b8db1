//! Combining several measurements of one suite (passes in one process, or
//! child processes) into one result.
//!
//! Each benchmark's estimate is its per-measurement means combined (the
//! fastest, the median, or the mean with a CI from their spread), with that
//! spread kept as `process_spread`; its samples are every measurement's
//! rounds one after another, so a saved baseline's batch means see the
//! shifts between processes. Paired comparisons are redone from the
//! per-round differences of every measurement, never from aggregated means.

use crate::engine::{below_floor, paired_comparison, summary_ns};
use crate::model::options::Aggregation;
use crate::model::order::order_by_f64;
use crate::model::result::{BenchResult, CiNs, GroupResult, ProcessSpread, SuiteResult};
use zenbench_stats::student_t_quantile;

/// Combines `results` (measurements of one suite) into one: `None` when
/// there are none. The first result gives the run's context (id, machine,
/// timer) and the order of groups and rows; wall times and rounds add up.
///
/// ```
/// use zenbench::{aggregate_results, Aggregation, Options, Suite};
///
/// let mut suite = Suite::new();
/// suite.bench("add", |b| b.iter(|| 1 + 1));
/// let runs: Vec<_> = (0..3).map(|_| suite.run(&Options::default()).unwrap()).collect();
/// let best = aggregate_results(&runs, Aggregation::Best).unwrap();
/// assert_eq!(best.repetition.aggregation.as_deref(), Some("best"));
/// assert_eq!(best.groups[0].benchmarks[0].name, "add");
/// ```
pub fn aggregate_results(results: &[SuiteResult], how: Aggregation) -> Option<SuiteResult> {
    let first = results.first()?;
    let mut out = first.clone();
    out.wall_time_s = 0.0;
    for r in results {
        out.wall_time_s += r.wall_time_s;
    }
    out.repetition.aggregation = (results.len() > 1).then(|| how.name().to_owned());
    for g in &mut out.groups {
        let mut same: Vec<&GroupResult> = Vec::new();
        for r in results {
            for x in &r.groups {
                if x.name == g.name {
                    same.push(x);
                    break;
                }
            }
        }
        *g = aggregate_group(&same, how, out.seed);
    }
    Some(out)
}

/// The measurements `same` of one group (the first one's shape) as one:
/// rounds and wall time added up, each row aggregated `how`, and the paired
/// comparisons redone from every measurement's rounds (with `seed`).
pub(crate) fn aggregate_group(same: &[&GroupResult], how: Aggregation, seed: u64) -> GroupResult {
    let mut g = same[0].clone();
    g.rounds = 0;
    g.wall_time_s = 0.0;
    for x in same {
        g.rounds += x.rounds;
        g.wall_time_s += x.wall_time_s;
    }
    for b in &mut g.benchmarks {
        let mut rows: Vec<&BenchResult> = Vec::new();
        for x in same {
            if let Some(r) = row(x, &b.full_name) {
                rows.push(r);
            }
        }
        *b = aggregate_row(&rows, how);
    }
    let noise = g.config.noise_threshold;
    let rows = &g.benchmarks;
    for (k, c) in g.comparisons.iter_mut().enumerate() {
        let (mut base, mut cand) = (Vec::new(), Vec::new());
        for x in same {
            let (Some(b), Some(n)) = (row_named(x, &c.baseline), row_named(x, &c.candidate)) else {
                continue;
            };
            let pairs = b.samples_ns.len().min(n.samples_ns.len());
            base.extend_from_slice(&b.samples_ns[..pairs]);
            cand.extend_from_slice(&n.samples_ns[..pairs]);
        }
        let mut floor = 0.0_f64;
        for name in [&c.baseline, &c.candidate] {
            for r in rows {
                if r.name == *name {
                    floor = floor.max(r.floor_ns.unwrap_or(0.0));
                    break;
                }
            }
        }
        // Without samples (results read from plain JSON) the first
        // measurement's comparison stands.
        if let Some(again) = paired_comparison(
            (&c.baseline, &c.candidate),
            (&base, &cand),
            noise,
            floor,
            seed ^ (k as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15),
        ) {
            *c = again;
        }
    }
    g
}

fn row<'a>(g: &'a GroupResult, full_name: &str) -> Option<&'a BenchResult> {
    g.benchmarks.iter().find(|r| r.full_name == full_name)
}

fn row_named<'a>(g: &'a GroupResult, name: &str) -> Option<&'a BenchResult> {
    g.benchmarks.iter().find(|r| r.name == name && !r.failed)
}

/// One row over its measurements.
fn aggregate_row(rows: &[&BenchResult], how: Aggregation) -> BenchResult {
    // The measurements with a finite mean: their index in `rows`, and mean.
    let (mut measured, mut means) = (Vec::new(), Vec::new());
    let mut failed = None;
    for (i, r) in rows.iter().enumerate() {
        if r.failed {
            failed = failed.or(Some(*r));
        } else if let Some(s) = &r.summary {
            if s.mean_ns.is_finite() {
                measured.push(i);
                means.push(s.mean_ns);
            }
        }
    }
    if measured.is_empty() {
        return failed.unwrap_or(rows[0]).clone();
    }
    let rep = match how {
        Aggregation::Best => {
            // The first of the fastest.
            let mut best = 0;
            for (i, m) in means.iter().enumerate() {
                if m.total_cmp(&means[best]).is_lt() {
                    best = i;
                }
            }
            best
        }
        Aggregation::Median => order_by_f64(&means)[(means.len() - 1) / 2],
        Aggregation::Mean => 0,
    };
    let rep = measured[rep];
    let mut out = rows[rep].clone();
    out.samples_ns = Vec::new();
    for r in rows {
        out.samples_ns.extend_from_slice(&r.samples_ns);
    }
    if let Some(f) = failed {
        out.failed = true;
        out.error = f.error.clone();
    }
    let k = means.len() as f64;
    let mut mean = 0.0;
    for m in &means {
        mean += m;
    }
    mean /= k;
    let sd = if means.len() >= 2 {
        let mut squares = 0.0;
        for m in &means {
            squares += (m - mean).powi(2);
        }
        (squares / (k - 1.0)).sqrt()
    } else {
        f64::NAN
    };
    if how == Aggregation::Mean {
        let rep_mean = out.summary.as_ref().map_or(mean, |s| s.mean_ns);
        if out.samples_ns.len() >= 2 {
            out.summary = Some(summary_ns(&out.samples_ns));
        }
        if let Some(s) = out.summary.as_mut() {
            s.mean_ns = mean;
        }
        if means.len() >= 2 {
            let half = student_t_quantile(0.975, k - 1.0) * sd / k.sqrt();
            out.mean_ci = Some(CiNs {
                lower_ns: mean - half,
                upper_ns: mean + half,
                level: 0.95,
            });
        }
        if let Some(t) = out.throughput.as_mut() {
            t.per_second *= rep_mean / mean;
        }
        // The mean moved: whether it is below the floor is asked anew.
        if let Some(floor) = out.floor_ns {
            out.below_floor = below_floor(mean, floor);
        }
    }
    // The representative's reason for having no CI holds while there is none.
    if out.failed || out.mean_ci.is_some() {
        out.no_ci = None;
    }
    if means.len() >= 2 {
        let (mut min_ns, mut max_ns) = (f64::INFINITY, f64::NEG_INFINITY);
        for &m in &means {
            min_ns = min_ns.min(m);
            max_ns = max_ns.max(m);
        }
        out.process_spread = Some(ProcessSpread {
            min_ns,
            max_ns,
            cv: sd / mean,
            processes: means.len() as u32,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::bench_suite;

    /// `bench_suite` with every measured row's samples at `level` ± 1%.
    fn run_at(level: f64) -> SuiteResult {
        let mut r = bench_suite();
        for g in &mut r.groups {
            for b in g.benchmarks.iter_mut().filter(|b| !b.failed) {
                let base = b.summary.as_ref().map_or(1.0, |s| s.mean_ns) * level;
                b.samples_ns = (0..40)
                    .map(|i| base * (1.0 + 0.01 * ((i % 5) as f64 - 2.0) / 2.0))
                    .collect();
                b.summary = Some(summary_ns(&b.samples_ns));
            }
        }
        r
    }

    fn mean_of(r: &SuiteResult, full_name: &str) -> f64 {
        let b = r
            .groups
            .iter()
            .flat_map(|g| &g.benchmarks)
            .find(|b| b.full_name == full_name)
            .unwrap();
        b.summary.as_ref().unwrap().mean_ns
    }

    #[test]
    fn best_median_and_mean_order_with_a_slow_measurement() {
        let runs = [run_at(1.0), run_at(3.0), run_at(1.1)];
        let name = &runs[0].groups[0].benchmarks[0].full_name.clone();
        let base = mean_of(&runs[0], name);
        let best = aggregate_results(&runs, Aggregation::Best).unwrap();
        let median = aggregate_results(&runs, Aggregation::Median).unwrap();
        let mean = aggregate_results(&runs, Aggregation::Mean).unwrap();
        let (b, m, a) = (
            mean_of(&best, name),
            mean_of(&median, name),
            mean_of(&mean, name),
        );
        assert!((b / base - 1.0).abs() < 1e-9, "best is the fastest run");
        assert!((m / base - 1.1).abs() < 1e-9, "median is the middle run");
        assert!(
            (a / base - (1.0 + 3.0 + 1.1) / 3.0).abs() < 1e-9,
            "mean of the means"
        );
        assert!(b <= m && m <= a);
        let row = &mean.groups[0].benchmarks[0];
        let spread = row.process_spread.as_ref().unwrap();
        assert!(
            (spread.min_ns / base - 1.0).abs() < 1e-9 && (spread.max_ns / base - 3.0).abs() < 1e-9
        );
        assert_eq!(row.samples_ns.len(), 120, "every run's rounds");
        let ci = row.mean_ci.as_ref().unwrap();
        assert!(ci.lower_ns < a && a < ci.upper_ns && ci.upper_ns - ci.lower_ns > base);
        assert_eq!(mean.repetition.aggregation.as_deref(), Some("mean"));
        assert_eq!(mean.groups[0].rounds, 3 * runs[0].groups[0].rounds);
        // The mean's CI spans the processes; the best run's own CI does not,
        // and the report says so.
        use crate::report::Caveat;
        assert!(!Caveat::for_bench(row).contains(&Caveat::ProcessVariance));
        let fastest = &best.groups[0].benchmarks[0];
        assert!(Caveat::for_bench(fastest).contains(&Caveat::ProcessVariance));
    }

    #[test]
    fn rounds_too_few_alone_are_enough_together() {
        let mut short = run_at(1.0);
        let g = &mut short.groups[0];
        // Two rounds: no CI and no verdict, and the rows say why.
        for b in g.benchmarks.iter_mut().filter(|b| !b.failed) {
            b.samples_ns.truncate(2);
            b.mean_ci = None;
            b.no_ci = Some(crate::model::result::NoCi::TooFewRounds);
        }
        let withheld =
            crate::engine::paired_comparison(("a", "b"), (&[1.0, 1.1], &[1.2, 1.3]), 0.01, 0.0, 1)
                .unwrap();
        assert_eq!(
            withheld.no_ci,
            Some(crate::model::result::NoCi::TooFewRounds)
        );
        for c in &mut g.comparisons {
            c.no_ci = withheld.no_ci;
            (c.ci_lower_pct, c.ci_upper_pct) = (f64::NAN, f64::NAN);
        }
        let runs = [short, run_at(1.0)];
        let agg = aggregate_results(&runs, Aggregation::Mean).unwrap();
        for c in &agg.groups[0].comparisons {
            assert_eq!(c.n + c.outliers_removed, 2 + 40, "{c:?}");
            assert!(c.no_ci.is_none() && c.ci_lower_pct.is_finite(), "{c:?}");
        }
        // A CI over the measurements' means: nothing is left to explain.
        for b in agg.groups[0].benchmarks.iter().filter(|b| !b.failed) {
            assert!(b.mean_ci.is_some() && b.no_ci.is_none(), "{b:?}");
        }
    }

    #[test]
    fn comparisons_are_redone_from_every_runs_rounds() {
        let runs = [run_at(1.0), run_at(1.0)];
        let g = &runs[0].groups[0];
        assert!(!g.comparisons.is_empty());
        let agg = aggregate_results(&runs, Aggregation::Median).unwrap();
        let c = &agg.groups[0].comparisons[0];
        let pairs = g
            .benchmarks
            .iter()
            .find(|b| b.name == c.baseline)
            .unwrap()
            .samples_ns
            .len();
        assert_eq!(c.n + c.outliers_removed, 2 * pairs, "{c:?}");
        let one = aggregate_results(&runs[..1], Aggregation::Median).unwrap();
        assert_eq!(one.repetition.aggregation, None);
        assert!(aggregate_results(&[], Aggregation::Best).is_none());
    }

    #[test]
    fn a_row_failed_in_any_measurement_is_failed() {
        let mut bad = run_at(1.0);
        let b = &mut bad.groups[0].benchmarks[1];
        b.failed = true;
        b.error = Some("boom".into());
        b.samples_ns.clear();
        let agg = aggregate_results(&[run_at(1.0), bad], Aggregation::Best).unwrap();
        let row = &agg.groups[0].benchmarks[1];
        assert!(row.failed && row.error.as_deref() == Some("boom"));
        assert!(agg.any_failed());
    }
}
