//! Pure statistics for zenbench. (Provisional skeleton: the statistics issue completes it.)

/// Descriptive summary of a sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub median: f64,
    pub mad: f64,
    pub stddev: f64,
}

fn median_sorted(s: &[f64]) -> f64 {
    let n = s.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

impl Summary {
    pub fn new(data: &[f64]) -> Summary {
        let n = data.len();
        let mut s = data.to_vec();
        s.sort_by(|a, b| a.total_cmp(b));
        let mean = if n == 0 {
            f64::NAN
        } else {
            s.iter().sum::<f64>() / n as f64
        };
        let median = median_sorted(&s);
        let mut dev: Vec<f64> = s.iter().map(|x| (x - median).abs()).collect();
        dev.sort_by(|a, b| a.total_cmp(b));
        let mad = median_sorted(&dev) * 1.4826;
        let stddev = if n < 2 {
            f64::NAN
        } else {
            (s.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
        };
        Summary {
            n,
            min: s.first().copied().unwrap_or(f64::NAN),
            max: s.last().copied().unwrap_or(f64::NAN),
            mean,
            median,
            mad,
            stddev,
        }
    }
}

/// A confidence interval around a point estimate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ci {
    pub lower: f64,
    pub point: f64,
    pub upper: f64,
}

/// Percentile bootstrap CI of the mean.
pub fn bootstrap_mean_ci(data: &[f64], level: f64, resamples: usize, seed: u64) -> Ci {
    let n = data.len();
    if n == 0 {
        return Ci {
            lower: f64::NAN,
            point: f64::NAN,
            upper: f64::NAN,
        };
    }
    let point = data.iter().sum::<f64>() / n as f64;
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut means: Vec<f64> = (0..resamples.max(1))
        .map(|_| (0..n).map(|_| data[rng.usize(..n)]).sum::<f64>() / n as f64)
        .collect();
    means.sort_by(|a, b| a.total_cmp(b));
    let a = (1.0 - level) / 2.0;
    let q = |p: f64| means[((p * (means.len() - 1) as f64).round() as usize).min(means.len() - 1)];
    Ci {
        lower: q(a),
        point,
        upper: q(1.0 - a),
    }
}

/// Verdict of a paired comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Faster,
    Slower,
    Same,
    Uncertain,
}

/// Settings of a paired analysis.
#[derive(Clone, Copy, Debug)]
pub struct PairedConfig {
    pub noise_threshold: f64,
    pub level: f64,
    pub resamples: usize,
    pub seed: u64,
}

impl Default for PairedConfig {
    fn default() -> Self {
        PairedConfig {
            noise_threshold: 0.01,
            level: 0.95,
            resamples: 10_000,
            seed: 0x5eed,
        }
    }
}

/// Paired comparison of a candidate against a baseline, round by round.
#[derive(Clone, Debug)]
pub struct PairedAnalysis {
    pub n: usize,
    pub diffs: Vec<f64>,
    pub baseline_mean: f64,
    pub pct_change: f64,
    pub ci_pct: Ci,
    pub cohens_d: f64,
    pub wilcoxon_p: f64,
    pub drift_r: f64,
    pub outliers_removed: usize,
    pub noise_threshold: f64,
}

impl PairedAnalysis {
    pub fn new(baseline: &[f64], candidate: &[f64], cfg: &PairedConfig) -> PairedAnalysis {
        let n = baseline.len().min(candidate.len());
        let diffs: Vec<f64> = (0..n).map(|i| candidate[i] - baseline[i]).collect();
        let bm = if n == 0 {
            f64::NAN
        } else {
            baseline[..n].iter().sum::<f64>() / n as f64
        };
        let ci = bootstrap_mean_ci(&diffs, cfg.level, cfg.resamples, cfg.seed);
        let pct = |x: f64| x / bm * 100.0;
        PairedAnalysis {
            n,
            baseline_mean: bm,
            pct_change: pct(ci.point),
            ci_pct: Ci {
                lower: pct(ci.lower),
                point: pct(ci.point),
                upper: pct(ci.upper),
            },
            cohens_d: f64::NAN,
            wilcoxon_p: f64::NAN,
            drift_r: f64::NAN,
            outliers_removed: 0,
            noise_threshold: cfg.noise_threshold,
            diffs,
        }
    }

    pub fn verdict(&self) -> Verdict {
        let t = self.noise_threshold * 100.0;
        let c = self.ci_pct;
        if !(c.lower.is_finite() && c.upper.is_finite()) {
            Verdict::Uncertain
        } else if c.lower > t {
            Verdict::Slower
        } else if c.upper < -t {
            Verdict::Faster
        } else if c.lower >= -t && c.upper <= t {
            Verdict::Same
        } else {
            Verdict::Uncertain
        }
    }
}
