//! Complexity: each complexity bench's ladder of input sizes, one fresh
//! worker process per rung and outer trial, then the verdict on the
//! declared model (see the book's complexity chapter).
//!
//! - [`ladder`]: which n runs next;
//! - [`tune`]: a warm trial's repeat count, doubled until a batch is long
//!   enough to read;
//! - [`Rungs`]: where a trial runs ([`spawn::WorkerRungs`]: a fresh worker
//!   of this binary; tests use a synthetic cost);
//! - [`measure_one`]: the ladder, the markers and the fit, as a
//!   [`ComplexityResult`].

mod ladder;
mod spawn;

use crate::model::options::Options;
use crate::model::order::{order_by_f64, stable_order};
use crate::model::result::{ComplexityResult, ComplexityRung, CostStep, ModelFit};
use crate::model::table::CacheMode;
use crate::plan::ComplexityPlan;
use ladder::{Ladder, Outcome};
pub(crate) use spawn::WorkerRungs;
use zenbench_stats::{best_fit, fit_complexity, ComplexityConfig, ComplexityVerdict, Rung};

/// A rung's batch must be this many times the per-spawn floor to count.
pub(crate) const FLOOR_FACTOR: f64 = 10.0;

/// A warm batch stops growing at this many times its target in wall time.
pub(crate) const WALL_FACTOR: f64 = 8.0;

/// One trial of one rung.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Trial {
    /// `repeats` calls took `total_ns`.
    Done { total_ns: f64, repeats: u64 },
    /// Killed past the per-call cap.
    TimedOut(String),
    /// The worker crashed, or the bench panicked or failed.
    Crashed(String),
}

/// Where trials run.
pub(crate) trait Rungs {
    /// The wall time of a worker that starts and ends doing nothing, ns
    /// (NaN when it cannot be measured).
    fn spawn_floor_ns(&mut self) -> f64;
    /// One trial of `plan` at input size `n`, in a fresh worker.
    fn trial(&mut self, plan: &ComplexityPlan, n: u64) -> Trial;
}

/// A warm trial's batches: `sample(k)` times k calls and gives the timed
/// ns (loop overhead subtracted) and the wall ns the request took, or
/// fails. The count starts at 1 and is raised by powers of two (by the
/// factor the last batch fell short, at least 2 and at most 1024) until
/// one batch's timed ns reach `target_ns`, or its wall ns (untimed setup
/// of `with_input` included) reach [`WALL_FACTOR`] times that: a body the
/// optimiser emptied times nothing however long it loops. That batch is
/// the trial's. A call slower than `cap_ns` ends the tuning at once.
pub(crate) fn tune(
    target_ns: f64,
    cap_ns: f64,
    sample: &mut dyn FnMut(u64) -> Result<(f64, f64), Trial>,
) -> Trial {
    let mut k: u64 = 1;
    loop {
        let (timed, wall) = match sample(k) {
            Ok((t, w)) => (t.max(0.0), w),
            Err(t) => return t,
        };
        let wall_target = WALL_FACTOR * target_ns;
        if timed >= target_ns || wall >= wall_target || timed / k as f64 > cap_ns || k >= 1 << 40 {
            return Trial::Done {
                total_ns: timed,
                repeats: k,
            };
        }
        let short = (target_ns / timed.max(1.0)).min(wall_target / wall.max(1.0));
        let factor = (short.ceil() as u64).clamp(2, 1024).next_power_of_two();
        k = k.saturating_mul(factor);
    }
}

/// Measures every complexity bench of the plan.
pub(crate) fn measure_all(
    plans: &[ComplexityPlan],
    opts: &Options,
    rungs: &mut dyn Rungs,
) -> Vec<ComplexityResult> {
    if plans.is_empty() {
        return Vec::new();
    }
    let floor_ns = rungs.spawn_floor_ns();
    let mut out = Vec::with_capacity(plans.len());
    for p in plans {
        if !opts.output.quiet {
            eprintln!("complexity: {} (O({}))…", p.def.full_name, p.model.name());
        }
        out.push(measure_one(p, floor_ns, opts, rungs));
    }
    out
}

/// One bench's ladder, its markers and its verdict.
pub(crate) fn measure_one(
    plan: &ComplexityPlan,
    floor_ns: f64,
    opts: &Options,
    rungs: &mut dyn Rungs,
) -> ComplexityResult {
    let started = std::time::Instant::now();
    let o = plan.options;
    let cap_ns = o.max_seconds_per_call * 1e9;
    let exponential = plan.model == zenbench_stats::Model::Exponential;
    let mut ladder = Ladder::new(o.floor, o.ceiling, exponential);
    let mut rows: Vec<ComplexityRung> = Vec::new();
    let mut stopped = "ceiling";
    while let Some((n, probe)) = ladder.next() {
        let mut trials: Vec<Trial> = Vec::new();
        for _ in 0..o.outer_trials.max(1) {
            trials.push(rungs.trial(plan, n));
        }
        let row = rung_row(n, probe, &trials, floor_ns, plan);
        let outcome = match row.status.as_str() {
            "crashed" => {
                stopped = "crashed";
                Outcome::Failed
            }
            "timed_out" => {
                stopped = "timed_out";
                Outcome::OverCap
            }
            _ if row.max_ns > cap_ns => {
                stopped = "cap";
                Outcome::OverCap
            }
            _ => Outcome::Ok,
        };
        ladder.record(n, outcome);
        rows.push(row);
    }
    verdict(
        plan,
        rows,
        floor_ns,
        stopped,
        opts,
        started.elapsed().as_secs_f64(),
    )
}

/// A rung from its trials: the median of those that finished; the first
/// crash, else the first time-out, decides a status other than `ok`.
fn rung_row(
    n: u64,
    probe: bool,
    trials: &[Trial],
    floor_ns: f64,
    plan: &ComplexityPlan,
) -> ComplexityRung {
    // The finished trials: per call, total, repeats; and the first crash
    // and time-out.
    let (mut trials_ns, mut totals, mut repeats) = (Vec::new(), Vec::new(), Vec::new());
    let (mut crash, mut timeout) = (None, None);
    for t in trials {
        match t {
            Trial::Done {
                total_ns,
                repeats: r,
            } => {
                trials_ns.push(total_ns / *r as f64);
                totals.push(*total_ns);
                repeats.push(*r);
            }
            Trial::Crashed(m) if crash.is_none() => crash = Some(m.clone()),
            Trial::TimedOut(m) if timeout.is_none() => timeout = Some(m.clone()),
            _ => {}
        }
    }
    let (status, message) = match (crash, timeout) {
        (Some(m), _) => ("crashed", Some(m)),
        (None, Some(m)) => ("timed_out", Some(m)),
        (None, None) => ("ok", None),
    };
    // The finished trials in order of time per call.
    let order = order_by_f64(&trials_ns);
    let k = order.len();
    let (per_call, total_ns, middle_repeats, min_ns, max_ns) = if k == 0 {
        (f64::NAN, f64::NAN, 0, f64::NAN, f64::NAN)
    } else {
        let at = |i: usize| trials_ns[order[i]];
        let per_call = if k % 2 == 1 {
            at(k / 2)
        } else {
            (at(k / 2 - 1) + at(k / 2)) / 2.0
        };
        let middle = order[(k - 1) / 2];
        (per_call, totals[middle], repeats[middle], at(0), at(k - 1))
    };
    ComplexityRung {
        n,
        per_call_ns: per_call,
        min_ns,
        max_ns,
        trials: k as u32,
        repeats: middle_repeats,
        trials_ns,
        total_ns,
        ratio: per_call / plan.model.ln_f(n as f64).exp(),
        trimmed: false,
        below_floor: floor_ns.is_finite() && total_ns < FLOOR_FACTOR * floor_ns,
        probe,
        status: status.to_owned(),
        message,
    }
}

/// The fit over the fitted rungs (finished, not probes, not under the
/// floor), the warm-up trim marked back on the ladder, and the ranking of
/// every model.
fn verdict(
    plan: &ComplexityPlan,
    mut rows: Vec<ComplexityRung>,
    floor_ns: f64,
    stopped: &str,
    opts: &Options,
    wall_time_s: f64,
) -> ComplexityResult {
    let cfg = ComplexityConfig {
        warmup_fraction: plan.options.warmup_fraction,
        slope_tolerance: plan.options.slope_tolerance,
        seed: opts.engine.seed.unwrap_or(ComplexityConfig::default().seed),
        ..ComplexityConfig::default()
    };
    let (mut fitted, mut input) = (Vec::new(), Vec::new());
    for (i, r) in rows.iter().enumerate() {
        if r.fitted() {
            fitted.push(i);
            input.push(Rung {
                n: r.n as f64,
                per_call_ns: r.trials_ns.clone(),
            });
        }
    }
    let fit = fit_complexity(&input, plan.model, &cfg);
    for (k, &i) in fitted.iter().enumerate() {
        rows[i].trimmed = fit.trimmed[k];
    }
    let (ranking, decisive) = best_fit(&input, &cfg);
    let mut fits = Vec::with_capacity(ranking.len());
    for (m, spread) in &ranking {
        fits.push(ModelFit {
            model: m.name(),
            spread: *spread,
        });
    }
    let best = match ranking.first() {
        Some((m, spread)) if spread.is_finite() => Some(m.name()),
        _ => None,
    };
    let step = cost_step(&rows);
    ComplexityResult {
        name: plan.def.full_name.clone(),
        declared: plan.declared.clone(),
        cache: plan.options.cache.name().to_owned(),
        rungs: rows,
        beta: fit.beta,
        beta_ci: fit.beta_ci,
        c_min: fit.c_min,
        c_max: fit.c_max,
        fallback: fit.fallback,
        c_change: fit.c_change.is_finite().then_some(fit.c_change),
        verdict: match fit.verdict {
            ComplexityVerdict::Holds => "holds",
            ComplexityVerdict::GrowsFaster => "grows_faster",
            ComplexityVerdict::GrowsSlower => "grows_slower",
            ComplexityVerdict::Inconclusive => "inconclusive",
        }
        .to_owned(),
        spawn_floor_ns: floor_ns,
        best_fit: best,
        best_fit_decisive: decisive,
        fits,
        step,
        stopped: stopped.to_owned(),
        options: plan.options,
        enforced: opts.complexity.enforce,
        wall_time_s,
    }
}

/// The largest jump of C(n) between neighbouring fitted sizes (kept, in n
/// order), when it is at least ×1.5 and at least 1.5 times the median jump:
/// a step, like a working set outgrowing a cache, rather than the steady
/// climb of a wrong power of n (whose jumps are all alike). Needs four
/// kept rungs.
pub(crate) fn cost_step(rows: &[ComplexityRung]) -> Option<CostStep> {
    let mut fitted = Vec::new();
    for r in rows {
        if r.fitted() && !r.trimmed && r.ratio > 0.0 {
            fitted.push(r);
        }
    }
    if fitted.len() < 4 {
        return None;
    }
    let kept = stable_order(fitted.len(), &|a, b| fitted[a].n.cmp(&fitted[b].n));
    let mut jumps = Vec::with_capacity(kept.len() - 1);
    for w in kept.windows(2) {
        jumps.push(fitted[w[1]].ratio / fitted[w[0]].ratio);
    }
    let by_size = order_by_f64(&jumps);
    let median = jumps[by_size[by_size.len() / 2]];
    // The last of the largest.
    let i = *by_size.last()?;
    let factor = jumps[i];
    let is_step = factor >= 1.5 && factor >= 1.5 * median;
    if !is_step {
        return None;
    }
    Some(CostStep {
        from_n: fitted[kept[i]].n,
        to_n: fitted[kept[i + 1]].n,
        factor,
    })
}

/// The batch a warm trial aims at: `batch_time`, at least the floor's
/// share, never past the per-call cap.
pub(crate) fn target_ns(plan: &ComplexityPlan, floor_ns: f64) -> f64 {
    let o = plan.options;
    let floor_share = if floor_ns.is_finite() {
        1.2 * FLOOR_FACTOR * floor_ns
    } else {
        0.0
    };
    (o.batch_time * 1e9)
        .max(floor_share)
        .min(o.max_seconds_per_call * 1e9)
}

/// Whether trials of `plan` time one cold call each.
pub(crate) fn is_cold(plan: &ComplexityPlan) -> bool {
    plan.options.cache == CacheMode::Cold
}

#[cfg(test)]
mod tests;
