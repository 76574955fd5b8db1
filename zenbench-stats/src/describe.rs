//! Descriptive statistics: summaries, quantiles and Tukey's fences.

/// Scale factor that makes the median absolute deviation a consistent estimator of
/// the standard deviation under normality: 1/Φ⁻¹(¾) = 1.482602218505602…
///
/// This is the exact constant SciPy uses for `median_abs_deviation(scale="normal")`;
/// the rounded 1.4826 often quoted differs from it in the sixth significant digit.
pub const MAD_NORMAL_SCALE: f64 = 1.482_602_218_505_602;

/// Sum with Neumaier's compensation: exact to one rounding for any realistic sample.
pub(crate) fn sum(data: &[f64]) -> f64 {
    let mut s = 0.0_f64;
    let mut c = 0.0_f64;
    for &x in data {
        let t = s + x;
        if s.abs() >= x.abs() {
            c += (s - t) + x;
        } else {
            c += (x - t) + s;
        }
        s = t;
    }
    s + c
}

/// Arithmetic mean; NaN for an empty slice.
pub(crate) fn mean(data: &[f64]) -> f64 {
    if data.is_empty() {
        f64::NAN
    } else {
        sum(data) / data.len() as f64
    }
}

/// Trimmed mean: the mean of what is left after cutting k = ⌊`trim`·n⌋ values
/// from each end of the sorted data (Tukey & McLaughlin 1963; Wilcox 2012,
/// *Introduction to Robust Estimation and Hypothesis Testing*, §3.2).
///
/// With x₍₁₎ ≤ … ≤ x₍ₙ₎: `trimmed_mean` = Σᵢ₌ₖ₊₁ⁿ⁻ᵏ x₍ᵢ₎ / (n − 2k). `trim` = 0 is the
/// mean; `trim` = 0.25 is the interquartile (mid-)mean, which ignores the outer half
/// of the data and so tolerates up to a quarter of wild values on each side — the
/// shape of timing noise when a neighbour preempts some samples. This matches
/// `scipy.stats.trim_mean(x, trim)`, which also cuts ⌊trim·n⌋ from each end.
///
/// Reorders `data` (selection, O(n) on average). NaN for empty data or `trim`
/// outside [0, 0.5).
///
/// ```
/// let mut x = [1.0, 2.0, 3.0, 4.0, 100.0, 5.0, 6.0, 7.0];
/// // ⌊0.25·8⌋ = 2 cut from each end: mean of 3, 4, 5, 6.
/// assert_eq!(zenbench_stats::trimmed_mean(&mut x, 0.25), 4.5);
/// ```
pub fn trimmed_mean(data: &mut [f64], trim: f64) -> f64 {
    let n = data.len();
    if n == 0 || !(0.0..0.5).contains(&trim) {
        return f64::NAN;
    }
    let k = (trim * n as f64).floor() as usize;
    if k == 0 {
        return mean(data);
    }
    // Move the k smallest to the front, then the k largest of the rest to the back.
    data.select_nth_unstable_by(k - 1, f64::total_cmp);
    let rest = &mut data[k..];
    let m = rest.len();
    rest.select_nth_unstable_by(m - k, f64::total_cmp);
    mean(&rest[..m - k])
}

/// Sample variance with the n − 1 divisor (two-pass); NaN for fewer than two values.
pub(crate) fn variance(data: &[f64]) -> f64 {
    if data.len() < 2 {
        return f64::NAN;
    }
    let m = mean(data);
    let ss: f64 = data.iter().map(|x| (x - m) * (x - m)).sum();
    ss / (data.len() - 1) as f64
}

/// `f(x)` for every `x` of `data`, in order. The closure is a trait object, so
/// the loop is compiled once for all callers rather than once per closure: for
/// one-off maps, not for resampling loops or the most called paths.
pub(crate) fn map_each(data: &[f64], f: &dyn Fn(f64) -> f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(data.len());
    for &x in data {
        out.push(f(x));
    }
    out
}

/// `[f(0), f(1), …, f(n − 1)]`, compiled once like [`map_each`].
pub(crate) fn tabulate(n: usize, f: &dyn Fn(usize) -> f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(f(i));
    }
    out
}

/// The values of `data` for which `keep` holds, in order.
pub(crate) fn filtered(data: &[f64], keep: &dyn Fn(f64) -> bool) -> Vec<f64> {
    let mut out = Vec::with_capacity(data.len());
    for &x in data {
        if keep(x) {
            out.push(x);
        }
    }
    out
}

/// Indices of `data` in ascending order of value (`f64::total_cmp`); tied values
/// keep their index order (a stable sort). Every index sort of the crate goes
/// through here, so the sort is compiled once.
pub(crate) fn argsort(data: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..data.len()).collect();
    order.sort_by(|&i, &j| data[i].total_cmp(&data[j]));
    order
}

pub(crate) fn sorted(data: &[f64]) -> Vec<f64> {
    let mut s = data.to_vec();
    s.sort_by(f64::total_cmp);
    s
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

/// Quantile of already sorted data by linear interpolation between order statistics
/// (Hyndman & Fan 1996 definition 7, NumPy's default `method="linear"`).
pub(crate) fn quantile_sorted(s: &[f64], p: f64) -> f64 {
    let n = s.len();
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let frac = h - lo as f64;
    if frac == 0.0 {
        s[lo]
    } else {
        s[lo] + frac * (s[hi] - s[lo])
    }
}

/// The `p`-quantile (0 ≤ p ≤ 1) of `data` by linear interpolation between order
/// statistics.
///
/// With the sorted sample x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎ and h = (n − 1)p, the quantile is
/// x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎): definition 7 of Hyndman & Fan (1996),
/// the default of NumPy's `percentile`/`quantile` and of R's `quantile`.
/// Returns NaN for empty data or p outside [0, 1].
///
/// ```
/// let q = zenbench_stats::quantile(&[1.0, 2.0, 3.0, 4.0], 0.25);
/// assert_eq!(q, 1.75);
/// ```
pub fn quantile(data: &[f64], p: f64) -> f64 {
    quantile_sorted(&sorted(data), p)
}

/// Descriptive summary of a sample.
///
/// Empty input gives `n = 0` and NaN everywhere else; one value gives that value for
/// min, max, mean and median, `mad = 0` and `stddev = NaN` (the sample standard
/// deviation needs two values).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Number of values.
    pub n: usize,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Arithmetic mean, Σx/n (compensated summation).
    pub mean: f64,
    /// Median: the middle order statistic, or the mean of the two middle ones.
    pub median: f64,
    /// Median absolute deviation from the median, scaled by [`MAD_NORMAL_SCALE`]
    /// (1/Φ⁻¹(¾) ≈ 1.4826) so that it estimates σ for normal data.
    pub mad: f64,
    /// Sample standard deviation, √(Σ(x − x̄)²/(n − 1)).
    pub stddev: f64,
}

impl Summary {
    /// Summarises `data`.
    ///
    /// - mean x̄ = Σxᵢ/n;
    /// - median = x₍ₙ/₂₎ for odd n, the average of the two middle order statistics
    ///   for even n;
    /// - MAD = 1.482602… · median|xᵢ − median| (Hampel 1974; the constant is
    ///   1/Φ⁻¹(¾), matching SciPy's `median_abs_deviation(scale="normal")`);
    /// - stddev = √(Σ(xᵢ − x̄)²/(n − 1)).
    ///
    /// The MAD is the robust spread zenbench reports beside the mean: a single
    /// interrupt that multiplies one sample by 100 moves the standard deviation
    /// arbitrarily but leaves the MAD almost unchanged.
    ///
    /// ```
    /// use zenbench_stats::Summary;
    /// let s = Summary::new(&[3.0, 1.0, 2.0, 10.0]);
    /// assert_eq!((s.n, s.min, s.max), (4, 1.0, 10.0));
    /// assert_eq!(s.mean, 4.0);
    /// assert_eq!(s.median, 2.5);
    /// // |x − 2.5| = 0.5, 1.5, 0.5, 7.5 → median 1.0
    /// assert!((s.mad - 1.482_602_218_505_602).abs() < 1e-15);
    /// assert!((s.stddev - (50.0_f64 / 3.0).sqrt()).abs() < 1e-12);
    /// ```
    pub fn new(data: &[f64]) -> Summary {
        let n = data.len();
        let s = sorted(data);
        let median = median_sorted(&s);
        let mut dev = s.clone();
        for x in &mut dev {
            *x = (*x - median).abs();
        }
        dev.sort_by(f64::total_cmp);
        Summary {
            n,
            min: s.first().copied().unwrap_or(f64::NAN),
            max: s.last().copied().unwrap_or(f64::NAN),
            mean: mean(&s),
            median,
            mad: median_sorted(&dev) * MAD_NORMAL_SCALE,
            stddev: variance(data).sqrt(),
        }
    }
}

/// Tukey's fences of a sample: quartiles and the mild (1.5 IQR) and severe (3 IQR)
/// outlier limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fences {
    /// First quartile (25th percentile, linear interpolation).
    pub q1: f64,
    /// Third quartile (75th percentile, linear interpolation).
    pub q3: f64,
    /// q1 − 1.5 · IQR.
    pub low_mild: f64,
    /// q3 + 1.5 · IQR.
    pub high_mild: f64,
    /// q1 − 3 · IQR.
    pub low_severe: f64,
    /// q3 + 3 · IQR.
    pub high_severe: f64,
}

impl Fences {
    /// Interquartile range q3 − q1.
    ///
    /// ```
    /// let f = zenbench_stats::tukey_fences(&[1.0, 2.0, 3.0, 4.0, 5.0]);
    /// assert_eq!(f.iqr(), 2.0);
    /// ```
    pub fn iqr(&self) -> f64 {
        self.q3 - self.q1
    }

    /// Whether `x` lies inside the severe fences [q1 − 3·IQR, q3 + 3·IQR] (inclusive).
    ///
    /// ```
    /// let f = zenbench_stats::tukey_fences(&[1.0, 2.0, 3.0, 4.0, 5.0]);
    /// assert!(f.within_severe(10.0) && !f.within_severe(10.5));
    /// ```
    pub fn within_severe(&self, x: f64) -> bool {
        x >= self.low_severe && x <= self.high_severe
    }

    /// Whether `x` lies inside the mild fences [q1 − 1.5·IQR, q3 + 1.5·IQR] (inclusive).
    ///
    /// ```
    /// let f = zenbench_stats::tukey_fences(&[1.0, 2.0, 3.0, 4.0, 5.0]);
    /// assert!(f.within_mild(7.0) && !f.within_mild(8.0));
    /// ```
    pub fn within_mild(&self, x: f64) -> bool {
        x >= self.low_mild && x <= self.high_mild
    }
}

/// Tukey's fences (Tukey 1977, *Exploratory Data Analysis*, §2).
///
/// With quartiles q1, q3 and IQR = q3 − q1: mild fences q1 − 1.5·IQR and
/// q3 + 1.5·IQR, severe fences q1 − 3·IQR and q3 + 3·IQR. Quartiles use linear
/// interpolation between order statistics (see [`quantile`]; NumPy's default), so
/// `q1 = numpy.percentile(data, 25)`. Empty input gives all NaN; one value gives
/// fences that all equal it.
///
/// ```
/// let f = zenbench_stats::tukey_fences(&[1.0, 2.0, 3.0, 4.0, 5.0]);
/// assert_eq!((f.q1, f.q3), (2.0, 4.0));
/// assert_eq!((f.low_mild, f.high_mild), (-1.0, 7.0));
/// assert_eq!((f.low_severe, f.high_severe), (-4.0, 10.0));
/// ```
pub fn tukey_fences(data: &[f64]) -> Fences {
    let s = sorted(data);
    let q1 = quantile_sorted(&s, 0.25);
    let q3 = quantile_sorted(&s, 0.75);
    let iqr = q3 - q1;
    Fences {
        q1,
        q3,
        low_mild: q1 - 1.5 * iqr,
        high_mild: q3 + 1.5 * iqr,
        low_severe: q1 - 3.0 * iqr,
        high_severe: q3 + 3.0 * iqr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_single() {
        let e = Summary::new(&[]);
        assert_eq!(e.n, 0);
        assert!(e.min.is_nan() && e.mean.is_nan() && e.median.is_nan() && e.mad.is_nan());
        let one = Summary::new(&[7.0]);
        assert_eq!(
            (one.min, one.max, one.mean, one.median, one.mad),
            (7.0, 7.0, 7.0, 7.0, 0.0)
        );
        assert!(one.stddev.is_nan());
        let f = tukey_fences(&[]);
        assert!(f.q1.is_nan() && f.high_severe.is_nan());
        let f = tukey_fences(&[2.0]);
        assert_eq!((f.low_severe, f.high_severe), (2.0, 2.0));
    }

    #[test]
    fn compensated_sum() {
        assert_eq!(sum(&[1e16, 1.0, -1e16]), 1.0);
    }

    #[test]
    fn quantile_bounds() {
        assert!(quantile(&[1.0], 1.5).is_nan());
        assert_eq!(quantile(&[5.0, 1.0], 1.0), 5.0);
        assert_eq!(quantile(&[5.0, 1.0], 0.0), 1.0);
    }
}
