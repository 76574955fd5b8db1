//! Pure statistics for zenbench.
//!
//! Slices in, plain numbers out: no I/O, no clock, and every random choice comes
//! from a caller-supplied seed, so each function is a pure function of its
//! arguments. Degenerate input (empty, one value, constant data) never panics; it
//! yields a documented NaN.
//!
//! | item | what it computes | reference |
//! |---|---|---|
//! | [`Summary`] | n, min, max, mean, median, MAD, standard deviation | Hampel 1974 (MAD) |
//! | [`quantile`], [`tukey_fences`] | linear-interpolation quantiles, 1.5/3 IQR fences | Hyndman & Fan 1996; Tukey 1977 |
//! | [`bootstrap_mean_ci`] | percentile bootstrap CI of a mean | Efron & Tibshirani 1993 |
//! | [`wilcoxon_signed_rank`] | two-sided signed-rank p (exact or normal) | Wilcoxon 1945 |
//! | [`spearman`], [`ranks`] | rank correlation with average ranks | Spearman 1904 |
//! | [`cohens_d_paired`] | effect size d_z of paired differences | Cohen 1988 |
//! | [`welch_t_test`] | unequal-variance t-test | Welch 1947 |
//! | [`ols`], [`ols_through_origin`] | least-squares lines with slope CI | any regression text |
//! | [`normal_cdf`], [`normal_quantile`], [`student_t_cdf`], [`student_t_quantile`] | distributions | Abramowitz & Stegun 1964 |
//! | [`ci_side`] | where a CI lies against a band ±t ([`CiSide`]): every verdict reads it | — |
//! | [`PairedAnalysis`] | zenbench's paired comparison and [`Verdict`] | Kalibera & Jones 2013; Chen & Revels 2016 |
//! | [`RunEstimate`] | a run's mean with a batch-means standard error | Law & Kelton 2000; Schmeiser 1982 |
//! | [`run_noise_from_history`] | run-to-run noise of a mean from past runs: trimmed successive differences | von Neumann 1941 |
//! | [`cross_run_change`] | a saved baseline against this run: log-ratio CI with run noise, [`CrossRunVerdict`] | Welch 1947; Satterthwaite 1946 |
//! | [`fit_complexity`], [`best_fit`] | empirical Big-O: slope of ln(time/f(n)) on ln n with a bootstrap CI ([`ComplexityVerdict`]); catalogue ranking by flatness | any regression text (OLS); Efron & Tibshirani 1993 |
//! | [`change_points`] | persistent shifts in a history of run means (windowed binary segmentation) | Scott & Knott 1974; Matteson & James 2014; Fleming et al. 2023 |
//!
//! References:
//! - Chen, J. & Revels, J. (2016). *Robust benchmarking in noisy environments.*
//!   arXiv:1608.04295.
//! - Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed.
//! - Daly, D., Brown, W., Ingo, H., O'Leary, J. & Bradford, D. (2020). The use of
//!   change point detection to identify software performance regressions in a
//!   continuous integration system. *ICPE 2020.*
//! - Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap.*
//! - Fleming, M., Kołaczkowski, P., Kumar, I., Das, S., McCarthy, S.,
//!   Pattabhiraman, P. & Ingo, H. (2023). Hunter: using change point detection to
//!   hunt for performance regressions. *ICPE 2023*; arXiv:2301.03034.
//! - Hampel, F. R. (1974). The influence curve and its role in robust estimation.
//!   *JASA* 69, 383–393.
//! - Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages.
//!   *The American Statistician* 50, 361–365.
//! - Kalibera, T. & Jones, R. (2013). Rigorous benchmarking in reasonable time.
//!   *ISMM 2013.*
//! - Law, A. M. & Kelton, W. D. (2000). *Simulation Modeling and Analysis*, 3rd ed.,
//!   ch. 9 (batch means).
//! - Matteson, D. S. & James, N. A. (2014). A nonparametric approach for multiple
//!   change point analysis of multivariate data. *JASA* 109, 334–345.
//! - Satterthwaite, F. E. (1946). An approximate distribution of estimates of
//!   variance components. *Biometrics Bulletin* 2, 110–114.
//! - Schmeiser, B. (1982). Batch size effects in the analysis of simulation output.
//!   *Operations Research* 30, 556–568.
//! - Scott, A. J. & Knott, M. (1974). A cluster analysis method for grouping means
//!   in the analysis of variance. *Biometrics* 30, 507–512.
//! - Spearman, C. (1904). The proof and measurement of association between two
//!   things. *Am. J. Psychol.* 15, 72–101.
//! - Tukey, J. W. (1977). *Exploratory Data Analysis.*
//! - von Neumann, J. (1941). Distribution of the ratio of the mean square
//!   successive difference to the variance. *Ann. Math. Statist.* 12, 367–395.
//! - Welch, B. L. (1947). The generalization of "Student's" problem when several
//!   different population variances are involved. *Biometrika* 34, 28–35.
//! - Wilcoxon, F. (1945). Individual comparisons by ranking methods. *Biometrics
//!   Bulletin* 1, 80–83.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod bootstrap;
mod changepoint;
mod complexity;
mod crossrun;
mod describe;
mod dist;
mod paired;
mod rank;
mod regression;
mod ttest;

pub use bootstrap::{bootstrap_ci, bootstrap_mean_ci, Ci};
pub use changepoint::{change_points, ChangePoint, ChangePointConfig};
pub use complexity::{
    best_fit, fit_complexity, ComplexityConfig, ComplexityFit, ComplexityVerdict, Model, Rung,
};
pub use crossrun::{
    cross_run_change, run_noise_from_history, CrossRunChange, CrossRunConfig, CrossRunVerdict,
    RunEstimate, MIN_HISTORY_RUNS,
};
pub use describe::{quantile, trimmed_mean, tukey_fences, Fences, Summary, MAD_NORMAL_SCALE};
pub use dist::{normal_cdf, normal_quantile, normal_sf, student_t_cdf, student_t_quantile};
pub use paired::{
    ci_side, CiSide, Estimator, PairedAnalysis, PairedConfig, Verdict, MIN_ROUNDS_FOR_CI,
    MIN_ROUNDS_FOR_FILTER,
};
pub use rank::{ranks, spearman, wilcoxon_signed_rank, WILCOXON_EXACT_MAX_N};
pub use regression::{ols, ols_through_origin, LinearFit};
pub use ttest::{cohens_d_paired, welch_t_test, TTest};
