//! Empirical Big-O verdicts: does a measured cost grow like a declared model?
//!
//! A benchmark is run at a ladder of input sizes n (the *rungs*). If the cost is
//! T(n) ≈ c · f(n) for the declared model f, the ratio C(n) = T(n)/f(n) is flat in
//! n. This module fits ln C on ln n by least squares: the slope β is the exponent of
//! n the model misses (β ≈ 0 when it holds, β > 0 when the cost grows faster, β < 0
//! when slower), and a bootstrap interval of β read against ±`slope_tolerance` gives
//! the [`ComplexityVerdict`].
//!
//! Everything is computed in log space, so 2ⁿ at n = 10⁶ never overflows.
//!
//! A note on resolution: a log factor adds 1/ln n to the local exponent, about 0.09
//! to 0.24 over n = 2⁴..2¹⁶, so with the default tolerance of 0.15 the verdict cannot
//! tell n from n log n, nor 1 from log n; it separates models a polynomial power
//! apart (n, n², n³, 2ⁿ). [`best_fit`] ranks by the flatness of C and does separate
//! them on clean data.

use crate::bootstrap::{can_resample, percentile_interval};
use crate::describe::{argsort, filtered, map_each, quantile_sorted, tabulate, variance};
use crate::paired::{ci_side, CiSide};
use crate::regression::{ols, theil_sen_slope};

/// A declared growth model f(n).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Model {
    /// f(n) = 1.
    Constant,
    /// f(n) = ln n (floored at ln 2, see [`Model::ln_f`]).
    Log,
    /// f(n) = n.
    Linear,
    /// f(n) = n ln n (the log floored at ln 2).
    NLogN,
    /// f(n) = n².
    Quadratic,
    /// f(n) = n³.
    Cubic,
    /// f(n) = 2ⁿ.
    Exponential,
    /// f(n) = nᴷ for a positive K.
    Power(f64),
}

const ACCEPTED: &str =
    "accepted forms: \"1\", \"log n\", \"n\", \"n log n\", \"n^2\", \"n^3\", \"2^n\", \"n^K\" (K > 0, e.g. \"n^1.5\"), optionally inside O(...)";

impl Model {
    /// The catalogue [`best_fit`] ranks: every model but [`Model::Power`].
    pub const CATALOGUE: [Model; 7] = [
        Model::Constant,
        Model::Log,
        Model::Linear,
        Model::NLogN,
        Model::Quadratic,
        Model::Cubic,
        Model::Exponential,
    ];

    /// Parses a model as a user writes it: `"1"`, `"log n"`, `"n"`, `"n log n"`,
    /// `"n^2"`, `"n^3"`, `"2^n"` or `"n^K"` with K a positive finite number
    /// (`"n^1.5"`). Spaces are ignored and letters are case-insensitive (`"nlogn"`,
    /// `"N^2"`, `"N LOG N"`); `"log(n)"`, `"n*log n"`, `"n log(n)"` and an enclosing
    /// `O(...)` are accepted too. `"n^1"`, `"n^2"`, `"n^3"` give [`Model::Linear`],
    /// [`Model::Quadratic`], [`Model::Cubic`]; other exponents give [`Model::Power`].
    ///
    /// The error is one line naming the input and listing the accepted forms.
    ///
    /// ```
    /// use zenbench_stats::Model;
    /// assert_eq!(Model::parse("N log N"), Ok(Model::NLogN));
    /// assert_eq!(Model::parse("O(n^2)"), Ok(Model::Quadratic));
    /// assert_eq!(Model::parse("n^1.5"), Ok(Model::Power(1.5)));
    /// assert!(Model::parse("n^0").unwrap_err().contains("accepted forms"));
    /// ```
    pub fn parse(s: &str) -> Result<Model, String> {
        let err = || format!("unknown complexity model {s:?}; {ACCEPTED}");
        let mut t = String::with_capacity(s.len());
        for c in s.chars() {
            if !c.is_whitespace() {
                t.extend(c.to_lowercase());
            }
        }
        if let Some(inner) = t.strip_prefix("o(").and_then(|r| r.strip_suffix(')')) {
            t = inner.to_string();
        }
        let t = spell_log_n(&t);
        match t.as_str() {
            "1" => Ok(Model::Constant),
            "logn" => Ok(Model::Log),
            "n" => Ok(Model::Linear),
            "nlogn" => Ok(Model::NLogN),
            "2^n" => Ok(Model::Exponential),
            _ => {
                let k: f64 = t
                    .strip_prefix("n^")
                    .and_then(|k| k.parse().ok())
                    .ok_or_else(err)?;
                if !(k.is_finite() && k > 0.0) {
                    return Err(err());
                }
                Ok(match k {
                    1.0 => Model::Linear,
                    2.0 => Model::Quadratic,
                    3.0 => Model::Cubic,
                    _ => Model::Power(k),
                })
            }
        }
    }

    /// ln f(n), in log space so that 2ⁿ never overflows.
    ///
    /// The logarithm inside [`Model::Log`] and [`Model::NLogN`] is floored at ln 2:
    /// f(n) = max(ln n, ln 2) and n · max(ln n, ln 2), so n = 1 (where ln n = 0 would
    /// give ln f = −∞) costs as much as n = 2. Defined for finite n ≥ 1; any other n
    /// gives NaN.
    ///
    /// ```
    /// use zenbench_stats::Model;
    /// assert_eq!(Model::Quadratic.ln_f(1.0), 0.0);
    /// assert!((Model::Exponential.ln_f(2000.0) - 2000.0 * 2f64.ln()).abs() < 1e-9);
    /// assert_eq!(Model::Log.ln_f(1.0), Model::Log.ln_f(2.0));
    /// assert!(Model::Linear.ln_f(0.5).is_nan());
    /// ```
    pub fn ln_f(&self, n: f64) -> f64 {
        if !(n.is_finite() && n >= 1.0) {
            return f64::NAN;
        }
        let ln_n = n.ln();
        let ln_log = || ln_n.max(std::f64::consts::LN_2).ln();
        match *self {
            Model::Constant => 0.0,
            Model::Log => ln_log(),
            Model::Linear => ln_n,
            Model::NLogN => ln_n + ln_log(),
            Model::Quadratic => 2.0 * ln_n,
            Model::Cubic => 3.0 * ln_n,
            Model::Exponential => n * std::f64::consts::LN_2,
            Model::Power(k) => k * ln_n,
        }
    }

    /// Display name as a user writes it, which [`Model::parse`] reads back:
    /// `"1"`, `"log n"`, `"n"`, `"n log n"`, `"n^2"`, `"n^3"`, `"2^n"`, `"n^1.5"`.
    ///
    /// ```
    /// use zenbench_stats::Model;
    /// assert_eq!(Model::NLogN.name(), "n log n");
    /// assert_eq!(Model::Power(1.5).name(), "n^1.5");
    /// ```
    pub fn name(&self) -> String {
        let name = match *self {
            Model::Constant => "1",
            Model::Log => "log n",
            Model::Linear => "n",
            Model::NLogN => "n log n",
            Model::Quadratic => "n^2",
            Model::Cubic => "n^3",
            Model::Exponential => "2^n",
            Model::Power(k) => return format!("n^{k}"),
        };
        name.to_string()
    }
}

/// `t` with every "log(n)" read as "logn" (leftmost first, as `str::replace`
/// would), then without its '*'s: the last step of [`Model::parse`]'s
/// normalisation, written as one scan rather than two pattern replaces. A '*'
/// is dropped as the scan passes it, which is the same: "log(n)" contains none,
/// so "log*(n)" still does not match it.
fn spell_log_n(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("log(n)") {
            out.push_str("logn");
            rest = after;
        } else {
            if c != '*' {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// One rung of the ladder: an input size and the per-call times (ns) of its outer
/// trials.
#[derive(Clone, Debug, PartialEq)]
pub struct Rung {
    /// Input size n (finite, ≥ 1; other rungs are skipped).
    pub n: f64,
    /// Per-call time of each outer trial, in ns. Only finite positive values count.
    pub per_call_ns: Vec<f64>,
}

/// Settings of [`fit_complexity`] and [`best_fit`].
///
/// ```
/// let cfg = zenbench_stats::ComplexityConfig::default();
/// assert_eq!((cfg.warmup_fraction, cfg.slope_tolerance, cfg.level, cfg.resamples),
///            (0.2, 0.15, 0.95, 2000));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ComplexityConfig {
    /// Fraction of the leading rungs left out as warm-up (⌊fraction · rungs⌋, keeping
    /// at least 3).
    pub warmup_fraction: f64,
    /// Half-width of the band of exponents β counted as "the model holds".
    pub slope_tolerance: f64,
    /// Confidence level of the bootstrap interval of β.
    pub level: f64,
    /// Number of bootstrap resamples.
    pub resamples: usize,
    /// Seed of the bootstrap's random stream.
    pub seed: u64,
}

impl Default for ComplexityConfig {
    /// 20% warm-up trim, ±0.15 exponent band, 95% level, 2000 resamples, a fixed seed.
    fn default() -> Self {
        ComplexityConfig {
            warmup_fraction: 0.2,
            slope_tolerance: 0.15,
            level: 0.95,
            resamples: 2000,
            seed: 0x5eed,
        }
    }
}

/// Whether the measured growth matches the declared model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComplexityVerdict {
    /// C(n) is flat within the tolerance: the model holds.
    Holds,
    /// The cost grows faster than the model.
    GrowsFaster,
    /// The cost grows slower than the model.
    GrowsSlower,
    /// Too few rungs, or the interval of β crosses a bound of the band.
    Inconclusive,
}

/// The result of [`fit_complexity`].
#[derive(Clone, Debug, PartialEq)]
pub struct ComplexityFit {
    /// C(n) = median per-call time / f(n) per rung, in rung order, computed as
    /// exp(ln median − ln f(n)); NaN for a skipped rung (no finite positive time,
    /// or n not finite ≥ 1). May under- or overflow for extreme models (e.g. 2ⁿ at
    /// large n), though the fit itself works on ln C.
    pub ratios: Vec<f64>,
    /// Per rung, whether it was left out as warm-up. Skipped rungs are `false`.
    pub trimmed: Vec<bool>,
    /// OLS slope of ln C on ln n over the kept rungs; NaN with the fallback or with
    /// fewer than 2 kept rungs.
    pub beta: f64,
    /// Percentile bootstrap interval of β at `level`; NaN with the fallback or with
    /// fewer than 3 kept rungs.
    pub beta_ci: (f64, f64),
    /// Smallest C over the kept rungs.
    pub c_min: f64,
    /// Largest C over the kept rungs.
    pub c_max: f64,
    /// Whether the kept rungs span less than 1 in ln n (under a factor e in n), so
    /// the verdict comes from [`ComplexityFit::c_change`] instead of β.
    pub fallback: bool,
    /// With the fallback: how many times C grows across the kept rungs, read
    /// robustly (exp of the Theil–Sen slope of ln C on ln n times the span; see
    /// [`fit_complexity`], step 3). NaN without the fallback.
    pub c_change: f64,
    /// The verdict.
    pub verdict: ComplexityVerdict,
}

/// The valid rungs of a ladder and the warm-up trim, shared by both entry points.
struct Ladder {
    /// Per rung: its finite positive times, or `None` when skipped.
    times: Vec<Option<Vec<f64>>>,
    /// Per rung: left out as warm-up.
    trimmed: Vec<bool>,
    /// Indices of the kept rungs, in rung order.
    kept: Vec<usize>,
}

fn median_of(buf: &mut [f64]) -> f64 {
    buf.sort_by(f64::total_cmp);
    quantile_sorted(buf, 0.5)
}

impl Ladder {
    fn new(rungs: &[Rung], warmup_fraction: f64) -> Ladder {
        let mut times = Vec::with_capacity(rungs.len());
        let mut valid = Vec::new();
        for (i, r) in rungs.iter().enumerate() {
            let t = filtered(&r.per_call_ns, &|x| x.is_finite() && x > 0.0);
            if r.n.is_finite() && r.n >= 1.0 && !t.is_empty() {
                times.push(Some(t));
                valid.push(i);
            } else {
                times.push(None);
            }
        }
        let k = valid.len();
        let frac = if warmup_fraction.is_finite() {
            warmup_fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let drop = ((frac * k as f64).floor() as usize).min(k.saturating_sub(3));
        let mut trimmed = vec![false; rungs.len()];
        for &i in &valid[..drop] {
            trimmed[i] = true;
        }
        Ladder {
            times,
            trimmed,
            kept: valid[drop..].to_vec(),
        }
    }

    /// ln median of every rung (NaN when skipped).
    fn ln_medians(&self) -> Vec<f64> {
        tabulate(self.times.len(), &|i| match &self.times[i] {
            Some(t) => median_of(&mut t.clone()).ln(),
            None => f64::NAN,
        })
    }
}

/// Fits the declared `model` to a ladder of rungs and reads the verdict.
///
/// 1. **Rungs.** A rung counts when n is finite and ≥ 1 and it has at least one
///    finite positive time; the others are skipped (NaN ratio). Of the k counted
///    rungs the first ⌊`warmup_fraction` · k⌋ (in rung order) are left out as
///    warm-up, but never so many that fewer than 3 remain.
/// 2. **Ratios.** ln Cᵢ = ln median(timesᵢ) − ln f(nᵢ) ([`Model::ln_f`]).
/// 3. **Fallback.** If the kept rungs span less than 1 in ln n the slope is too
///    poorly determined to read against the band. The fallback reads instead how
///    much C changes across the rungs, robustly: d = the Theil–Sen slope of ln C
///    on ln n (the median of the slopes between every two kept rungs at distinct
///    n; Sen 1968) times the span, 0 when every rung shares one n. The model
///    holds when exp(|d|) ≤ max(1.5, exp(`slope_tolerance` · span)); otherwise
///    the cost grows faster when d > 0, slower when d < 0. One slow or fast
///    rung moves few of the pairs' slopes, so it cannot turn the verdict alone.
///    β and its interval are NaN; exp(d) is [`ComplexityFit::c_change`].
/// 4. **Slope.** Otherwise β = the [`ols`] slope of ln C on ln n over the kept rungs,
///    and its percentile bootstrap interval at `level` (Efron & Tibshirani 1993):
///    when any kept rung has ≥ 2 trials, each resample redraws every rung's trials
///    with replacement and recomputes its median; otherwise it redraws the
///    (ln n, ln C) pairs with replacement. Resamples whose slope is undefined (all
///    draws on one n) are dropped. The random stream is
///    `fastrand::Rng::with_seed(seed)`.
/// 5. **Verdict.** Fewer than 3 kept rungs: [`ComplexityVerdict::Inconclusive`].
///    Otherwise [`ci_side`]`(β_lo, β_hi, slope_tolerance)`: Within → Holds, Above →
///    GrowsFaster, Below → GrowsSlower, Straddles → Inconclusive.
///
/// Empty or wholly invalid input gives Inconclusive with every number NaN.
///
/// ```
/// use zenbench_stats::{fit_complexity, ComplexityConfig, ComplexityVerdict, Model, Rung};
/// let rungs: Vec<Rung> = (4..=16)
///     .map(|k| {
///         let n = f64::from(1u32 << k);
///         Rung { n, per_call_ns: vec![5.0 * n * n] }
///     })
///     .collect();
/// let cfg = ComplexityConfig::default();
/// assert_eq!(fit_complexity(&rungs, Model::Quadratic, &cfg).verdict, ComplexityVerdict::Holds);
/// assert_eq!(fit_complexity(&rungs, Model::Linear, &cfg).verdict, ComplexityVerdict::GrowsFaster);
/// assert_eq!(fit_complexity(&rungs, Model::Cubic, &cfg).verdict, ComplexityVerdict::GrowsSlower);
/// ```
pub fn fit_complexity(rungs: &[Rung], model: Model, cfg: &ComplexityConfig) -> ComplexityFit {
    let ladder = Ladder::new(rungs, cfg.warmup_fraction);
    let ln_med = ladder.ln_medians();
    let ln_c = tabulate(rungs.len(), &|i| ln_med[i] - model.ln_f(rungs[i].n));
    let ratios = map_each(&ln_c, &f64::exp);
    let (mut kx, mut ky) = (Vec::new(), Vec::new());
    for &i in &ladder.kept {
        kx.push(rungs[i].n.ln());
        ky.push(ln_c[i]);
    }

    let mut fit = ComplexityFit {
        ratios,
        trimmed: ladder.trimmed.clone(),
        beta: f64::NAN,
        beta_ci: (f64::NAN, f64::NAN),
        c_min: f64::NAN,
        c_max: f64::NAN,
        fallback: false,
        c_change: f64::NAN,
        verdict: ComplexityVerdict::Inconclusive,
    };
    if ky.is_empty() || ky.iter().any(|y| !y.is_finite()) {
        return fit;
    }
    let (ln_c_min, ln_c_max) = min_max(&ky);
    fit.c_min = ln_c_min.exp();
    fit.c_max = ln_c_max.exp();
    if ky.len() < 3 {
        fit.beta = ols(&kx, &ky).slope;
        return fit;
    }
    let (x_lo, x_hi) = min_max(&kx);
    let range = x_hi - x_lo;
    if range < 1.0 {
        fit.fallback = true;
        let allowed = 1.5f64.max((cfg.slope_tolerance * range).exp());
        let d = theil_sen_slope(&kx, &ky).unwrap_or(0.0) * range;
        fit.c_change = d.exp();
        fit.verdict = if d.abs().exp() <= allowed {
            ComplexityVerdict::Holds
        } else if d > 0.0 {
            ComplexityVerdict::GrowsFaster
        } else {
            ComplexityVerdict::GrowsSlower
        };
        return fit;
    }
    fit.beta = ols(&kx, &ky).slope;
    fit.beta_ci = beta_interval(rungs, &ladder, model, &kx, &ky, cfg);
    fit.verdict = match ci_side(fit.beta_ci.0, fit.beta_ci.1, cfg.slope_tolerance) {
        CiSide::Within => ComplexityVerdict::Holds,
        CiSide::Above => ComplexityVerdict::GrowsFaster,
        CiSide::Below => ComplexityVerdict::GrowsSlower,
        CiSide::Straddles => ComplexityVerdict::Inconclusive,
    };
    fit
}

/// The smallest and largest of `x` (f64::min and f64::max folded from ±∞).
fn min_max(x: &[f64]) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in x {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    (lo, hi)
}

/// The [`ols`] slope Sxy/Sxx alone (no interval: the bootstrap needs only this);
/// NaN when x is constant.
fn slope(x: &[f64], y: &[f64]) -> f64 {
    let k = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / k, y.iter().sum::<f64>() / k);
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxx += (a - mx) * (a - mx);
        sxy += (a - mx) * (b - my);
    }
    if sxx > 0.0 {
        sxy / sxx
    } else {
        f64::NAN
    }
}

/// The `k`-th smallest (0-based) of a resample of indices held as how often each
/// index was drawn: the first index whose running count exceeds `k`. Needs
/// `k` < the number of draws (the last index otherwise).
fn kth_drawn(counts: &[usize], k: usize) -> usize {
    let mut upto = 0;
    for (j, &c) in counts.iter().enumerate() {
        upto += c;
        if upto > k {
            return j;
        }
    }
    counts.len() - 1
}

/// Bootstrap interval of the slope (see [`fit_complexity`], step 4).
fn beta_interval(
    rungs: &[Rung],
    ladder: &Ladder,
    model: Model,
    kx: &[f64],
    ky: &[f64],
    cfg: &ComplexityConfig,
) -> (f64, f64) {
    let k = kx.len();
    if !can_resample(k, cfg.level, cfg.resamples) {
        return (f64::NAN, f64::NAN);
    }
    let mut rng = fastrand::Rng::with_seed(cfg.seed);
    // Each kept rung's trials sorted, with their logs: a resample draws indices,
    // and since the trials are sorted the median draw is at the median drawn
    // index (found by counting the draws), so the median's log is a table look-up.
    let mut trials = Vec::with_capacity(k);
    let mut ln_f = Vec::with_capacity(k);
    let mut longest = 0;
    for &i in &ladder.kept {
        let mut t = ladder.times[i].clone().unwrap_or_default();
        t.sort_by(f64::total_cmp);
        let ln_t = map_each(&t, &f64::ln);
        longest = longest.max(t.len());
        trials.push((t, ln_t));
        ln_f.push(model.ln_f(rungs[i].n));
    }
    // Some kept rung has two trials or more.
    let by_trials = longest >= 2;
    let mut counts = vec![0usize; longest];
    let (mut bx, mut by) = (kx.to_vec(), vec![0.0; k]);
    let mut slopes = Vec::with_capacity(cfg.resamples);
    for _ in 0..cfg.resamples {
        if by_trials {
            for (j, (t, ln_t)) in trials.iter().enumerate() {
                let m = t.len();
                let drawn = &mut counts[..m];
                drawn.fill(0);
                for _ in 0..m {
                    drawn[rng.usize(..m)] += 1;
                }
                let ln_med = if m % 2 == 1 {
                    ln_t[kth_drawn(drawn, m / 2)]
                } else {
                    ((t[kth_drawn(drawn, m / 2 - 1)] + t[kth_drawn(drawn, m / 2)]) / 2.0).ln()
                };
                by[j] = ln_med - ln_f[j];
            }
        } else {
            for j in 0..k {
                let d = rng.usize(..k);
                bx[j] = kx[d];
                by[j] = ky[d];
            }
        }
        let s = slope(&bx, &by);
        if s.is_finite() {
            slopes.push(s);
        }
    }
    if slopes.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    percentile_interval(&mut slopes, cfg.level)
}

/// Ranks [`Model::CATALOGUE`] by how flat C(n) is under each model: best first.
///
/// The spread of a model is the sample standard deviation (n − 1 divisor) of ln C
/// over the kept rungs, with the same skipping and warm-up trim as
/// [`fit_complexity`]; it is NaN with fewer than 2 kept rungs, and NaN spreads rank
/// last (ties keep catalogue order). The ranking is *decisive* when at least 3 rungs
/// are kept and the runner-up's spread is at least 1.5 times the best's: a margin
/// chosen so that ordinary timing noise, which inflates every spread alike, does not
/// flip the winner, while a wrong model's systematic curvature easily exceeds it.
///
/// ```
/// use zenbench_stats::{best_fit, ComplexityConfig, Model, Rung};
/// let rungs: Vec<Rung> = (4..=16)
///     .map(|k| {
///         let n = f64::from(1u32 << k);
///         Rung { n, per_call_ns: vec![2.0 * n] }
///     })
///     .collect();
/// let (ranking, decisive) = best_fit(&rungs, &ComplexityConfig::default());
/// assert_eq!(ranking[0].0, Model::Linear);
/// assert!(decisive);
/// ```
pub fn best_fit(rungs: &[Rung], cfg: &ComplexityConfig) -> (Vec<(Model, f64)>, bool) {
    let ladder = Ladder::new(rungs, cfg.warmup_fraction);
    let ln_med = ladder.ln_medians();
    let mut spreads = [f64::NAN; Model::CATALOGUE.len()];
    let mut keys = [f64::INFINITY; Model::CATALOGUE.len()];
    for (j, m) in Model::CATALOGUE.iter().enumerate() {
        let ln_c = tabulate(ladder.kept.len(), &|j| {
            let i = ladder.kept[j];
            ln_med[i] - m.ln_f(rungs[i].n)
        });
        let spread = variance(&ln_c).sqrt();
        if spread.is_finite() {
            spreads[j] = spread;
            keys[j] = spread;
        }
    }
    // A NaN spread sorts as +∞, after every finite one, and the stable index sort
    // keeps catalogue order among ties.
    let mut ranking = Vec::with_capacity(Model::CATALOGUE.len());
    for i in argsort(&keys) {
        ranking.push((Model::CATALOGUE[i], spreads[i]));
    }
    let decisive = ladder.kept.len() >= 3
        && ranking[0].1.is_finite()
        && ranking[1].1.is_finite()
        && ranking[1].1 >= 1.5 * ranking[0].1
        && ranking[1].1 > 0.0;
    (ranking, decisive)
}
