//! Reference values for `RunEstimate`, `cross_run_change` and
//! `run_noise_from_history`: small cases worked out by hand beside each
//! assertion, and values from `fixtures/crossrun_reference.py` (mpmath at
//! 40 digits). The simulations of separate runs are in `crossrun.rs`.

mod crossrun_common;
use crossrun_common::{close, summary_estimate};
use zenbench_stats::{
    cross_run_change, run_noise_from_history, CrossRunConfig, CrossRunVerdict, RunEstimate,
};

/// Batch means on small explicit vectors, computed by hand.
#[test]
fn reference_batch_means() {
    // n = 9: b = 3, k = 3, nothing dropped. Batch means 2, 5, 8; their variance is
    // (9 + 0 + 9)/2 = 9, so se_batch = 3/√3 = √3. Sample variance of 1..9 is 60/8 = 7.5,
    // se_iid = √(7.5/9). Batch is larger: df = k − 1 = 2, inflation = 3/(7.5/9) = 3.6.
    let r = RunEstimate::from_samples(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
    close("se", r.se, 3f64.sqrt(), 1e-14);
    close("inflation", r.inflation, 3.6, 1e-13);
    assert_eq!((r.mean, r.df, r.n), (5.0, 2.0, 9));

    // n = 10: b = 3, k = 3, the one leading sample (10) is left out of the batches
    // but not of the mean. Batches [0,0,0] [1,1,1] [5,5,5]: means 0, 1, 5, mean 2,
    // variance (4 + 1 + 9)/2 = 7, se_batch = √(7/3). All ten: mean 28/10 = 2.8,
    // Σx² = 100 + 3 + 75 = 178, s² = (178 − 10·2.8²)/9 = 99.6/9, se_iid = √(s²/10).
    // inflation = (7/3)/(9.96/9) = 2.108433… Dropping the *last* sample instead would
    // give batches [10,0,0] [0,1,1] [1,5,5], a different answer.
    let x = [10.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 5.0, 5.0, 5.0];
    let r = RunEstimate::from_samples(&x);
    close("mean", r.mean, 2.8, 1e-14);
    close("se", r.se, (7.0f64 / 3.0).sqrt(), 1e-14);
    close("inflation", r.inflation, (7.0 / 3.0) / (9.96 / 9.0), 1e-13);
    assert_eq!(r.df, 2.0);

    // n = 4: b = 2, k = 2. Batch means 1, 3: variance 2, se_batch = √(2/2) = 1.
    // s² = 4/3, se_iid = √(1/3): inflation 3, df 1.
    let r = RunEstimate::from_samples(&[1.0, 1.0, 3.0, 3.0]);
    close("se", r.se, 1.0, 1e-15);
    close("inflation", r.inflation, 3.0, 1e-14);
    assert_eq!(r.df, 1.0);

    // Alternating samples: the batch means (5/3, 7/3, 5/3) vary less than iid
    // samples would, so the iid error is kept: df = n − 1, inflation 1.
    let x = [1.0, 3.0, 1.0, 3.0, 1.0, 3.0, 1.0, 3.0, 1.0];
    let r = RunEstimate::from_samples(&x);
    let s2 = (5.0 * (1.0f64 - 17.0 / 9.0).powi(2) + 4.0 * (3.0f64 - 17.0 / 9.0).powi(2)) / 8.0;
    close("se", r.se, (s2 / 9.0).sqrt(), 1e-14);
    assert_eq!((r.df, r.inflation), (8.0, 1.0));
    assert_eq!(r, summary_estimate(&x));

    // n < 4: iid. [1, 2, 3]: s = 1, se = 1/√3.
    let r = RunEstimate::from_samples(&[1.0, 2.0, 3.0]);
    close("se", r.se, 1.0 / 3f64.sqrt(), 1e-15);
    assert_eq!((r.df, r.inflation), (2.0, 1.0));
}

/// `cross_run_change` against `fixtures/crossrun_reference.py` (mpmath).
#[test]
fn reference_cross_run_changes() {
    // The independent quantiles agree with printed tables: t₀.₉₉₅,₉ = 3.249836,
    // t₀.₉₉₅,₁₈ = 2.878440, z₀.₉₉₅ = 2.575829.
    close(
        "t(0.995, 18)",
        zenbench_stats::student_t_quantile(0.995, 18.0),
        2.878_440_472_738_608,
        1e-12,
    );
    struct Case {
        old: (f64, f64, usize),
        new: (f64, f64, usize),
        run_noise: f64,
        /// pct, lower, upper, se_log, df
        expected: [f64; 5],
        verdict: CrossRunVerdict,
    }
    let cases = [
        // B: no run noise; a = b = 9e-5, df = (1.8e-4)²/(2·(9e-5)²/9) = 18 exactly.
        Case {
            old: (100.0, 3.0, 10),
            new: (110.0, 3.3, 10),
            run_noise: 0.0,
            expected: [
                10.0,
                5.832_963_417_946_999,
                14.331_108_278_766_195,
                0.013_416_407_864_998_738,
                18.0,
            ],
            verdict: CrossRunVerdict::Regression,
        },
        // C: a = 1e-4 (df 24), b = 9e-5 (df 9), c = 5e-5: df = 43.7468…, and a CI
        // that straddles +5%.
        Case {
            old: (100.0, 3.0, 10),
            new: (104.0, 5.2, 25),
            run_noise: 0.005,
            expected: [
                4.0,
                -0.249_564_118_433_589_8,
                8.430_603_880_687_054,
                0.015_491_933_384_829_668,
                43.74683544303797,
            ],
            verdict: CrossRunVerdict::Uncertain,
        },
        // E: long runs, the run noise dominates: df = 539 448 (beyond the switch to
        // the Cornish–Fisher expansion).
        Case {
            old: (100.0, 2.0, 400),
            new: (80.0, 1.6, 400),
            run_noise: 0.005,
            expected: [
                -20.0,
                -21.472_255_168_358_404,
                -18.50014267287077,
                0.007211102550927978,
                539_448.0,
            ],
            verdict: CrossRunVerdict::Improved,
        },
        // F: df = 1.25e11, q within 4e-11 of z; a CI inside ±5%.
        Case {
            old: (100.0, 1.0, 10_000),
            new: (101.0, 1.01, 10_000),
            run_noise: 0.005,
            expected: [
                1.0,
                -0.823_309_611_699_807_9,
                2.856_830_169_071_715_2,
                0.007072481884034769,
                125_087_509_998.0,
            ],
            verdict: CrossRunVerdict::Unchanged,
        },
    ];
    for (i, c) in cases.iter().enumerate() {
        let old = RunEstimate::from_summary(c.old.0, c.old.1, c.old.2);
        let new = RunEstimate::from_summary(c.new.0, c.new.1, c.new.2);
        let cfg = CrossRunConfig {
            run_noise: c.run_noise,
            ..CrossRunConfig::default()
        };
        let r = cross_run_change(&old, &new, &cfg);
        let got = [r.pct_change, r.ci_lower_pct, r.ci_upper_pct, r.se_log, r.df];
        for (k, (&g, &e)) in got.iter().zip(&c.expected).enumerate() {
            close(
                &format!("case {i} field {k}"),
                g,
                e,
                1e-10 * e.abs().max(1.0),
            );
        }
        assert_eq!(r.verdict, c.verdict, "case {i}");
    }
}

/// Degenerate input never panics and never decides.
#[test]
fn degenerate_inputs() {
    let cfg = CrossRunConfig::default();
    let good = RunEstimate::from_samples(&[100.0, 101.0, 99.0, 100.5, 99.5, 100.2]);
    let empty = RunEstimate::from_samples(&[]);
    assert_eq!(empty.n, 0);
    assert!(empty.mean.is_nan() && empty.se.is_nan() && empty.df.is_nan());
    let one = RunEstimate::from_samples(&[100.0]);
    assert_eq!(one.mean, 100.0);
    assert!(one.se.is_nan() && one.df.is_nan() && one.inflation.is_nan());
    let constant = RunEstimate::from_samples(&[100.0; 50]);
    assert_eq!(
        (constant.mean, constant.se, constant.inflation),
        (100.0, 0.0, 1.0)
    );
    // Constant runs (a coarse clock) compare through the run noise alone:
    // var = 2·0.005², a 99% CI of ±2.576·0.00707 in the log.
    let c = cross_run_change(&constant, &constant, &cfg);
    assert_eq!((c.pct_change, c.verdict), (0.0, CrossRunVerdict::Unchanged));
    close(
        "constant se_log",
        c.se_log,
        (2.0f64 * 0.005 * 0.005).sqrt(),
        1e-15,
    );
    close(
        "constant upper",
        c.ci_upper_pct,
        100.0 * (2.575_829_303_549 * c.se_log).exp_m1(),
        1e-9,
    );
    let slower = RunEstimate::from_samples(&[120.0; 50]);
    assert_eq!(
        cross_run_change(&constant, &slower, &cfg).verdict,
        CrossRunVerdict::Regression
    );
    let no_noise = CrossRunConfig {
        run_noise: 0.0,
        ..cfg
    };
    let c = cross_run_change(&constant, &constant, &no_noise);
    assert!(c.pct_change.is_nan() && c.verdict == CrossRunVerdict::Uncertain);
    let with_nan = RunEstimate::from_samples(&[100.0, f64::NAN, 100.0, 101.0, 99.0]);
    assert!(with_nan.se.is_nan());
    let with_inf = RunEstimate::from_samples(&[100.0, f64::INFINITY, 100.0, 101.0]);
    assert!(with_inf.se.is_nan());
    let summary = |m: f64| RunEstimate::from_summary(m, 1.0, 10);
    let bad = [
        empty,
        one,
        with_nan,
        with_inf,
        summary(0.0),
        summary(-100.0),
        summary(f64::NAN),
        summary(f64::INFINITY),
        RunEstimate::from_summary(100.0, f64::NAN, 10),
        RunEstimate::from_summary(100.0, -1.0, 10),
        RunEstimate::from_summary(100.0, 1.0, 1),
        RunEstimate { df: 0.0, ..good },
    ];
    for (i, b) in bad.iter().enumerate() {
        for (old, new) in [(b, &good), (&good, b), (b, b)] {
            let c = cross_run_change(old, new, &cfg);
            assert_eq!(c.verdict, CrossRunVerdict::Uncertain, "case {i}");
            assert!(
                c.pct_change.is_nan()
                    && c.ci_lower_pct.is_nan()
                    && c.ci_upper_pct.is_nan()
                    && c.se_log.is_nan()
                    && c.df.is_nan(),
                "case {i}: {c:?}"
            );
        }
    }
    // Identical good runs: no change, and a CI symmetric in the log.
    let c = cross_run_change(&good, &good, &cfg);
    assert_eq!((c.pct_change, c.verdict), (0.0, CrossRunVerdict::Unchanged));
    close(
        "symmetry",
        (1.0 + c.ci_lower_pct / 100.0) * (1.0 + c.ci_upper_pct / 100.0),
        1.0,
        1e-15,
    );
}

/// Reference values of `run_noise_from_history`, computed with Python's
/// `math` and `statistics.NormalDist` (f = 0.9: a = 1.6448536, share 0.6230155).
#[test]
fn reference_run_noise_from_history() {
    let m = [100.0, 102.0, 100.0, 103.0, 101.0, 101.0];
    close(
        "no trim",
        run_noise_from_history(&m),
        0.014291616548894357,
        1e-15,
    );
    // 10 ratios: the largest (the +28.7% step) is dropped.
    let m = [
        100.0, 101.0, 99.0, 100.0, 102.0, 100.0, 101.0, 130.0, 131.0, 129.0, 130.0,
    ];
    close(
        "trimmed",
        run_noise_from_history(&m),
        0.01280362245307372,
        1e-12,
    );
    assert!(run_noise_from_history(&m[..5]).is_nan());
    assert!(run_noise_from_history(&[1.0, 2.0, 0.0, 1.0, 1.0, 1.0]).is_nan());
    assert_eq!(run_noise_from_history(&[5.0; 8]), 0.0);
}
