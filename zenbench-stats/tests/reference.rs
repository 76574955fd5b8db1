//! zenbench-stats against values computed independently by SciPy and NumPy.
//!
//! `fixtures/reference.json` is produced by `fixtures/make_reference.py` (see its
//! docstring for the exact SciPy calls). Undefined values are `null` there and must
//! be NaN (or the documented degenerate value) here.
//!
//! Tolerances: 1e-9 relative wherever the method is exact (closed-form statistics,
//! the exact Wilcoxon distribution, and the normal and Student-t functions, which are
//! computed to ~1e-13 on both sides), with an absolute floor of 1e-12 times the data's
//! magnitude for quantities that are differences of nearly equal numbers. The only
//! approximate method is the Monte Carlo bootstrap, compared against the exactly
//! enumerated bootstrap distribution with the tolerance stated in that test.

use serde_json::Value;
use zenbench_stats as zs;

const REL: f64 = 1e-9;

fn fixture() -> Value {
    let text = include_str!("fixtures/reference.json");
    serde_json::from_str(text).expect("reference.json parses")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

/// Expected value: a number, or NaN for `null`.
fn num(v: &Value) -> f64 {
    if v.is_null() {
        f64::NAN
    } else {
        v.as_f64().expect("number or null")
    }
}

/// Asserts `actual` matches `expected` to `rel` relative, or `abs` absolute; a NaN
/// expectation requires a NaN result.
#[track_caller]
fn check(what: &str, actual: f64, expected: f64, rel: f64, abs: f64) {
    if expected.is_nan() {
        assert!(actual.is_nan(), "{what}: expected NaN (null), got {actual}");
        return;
    }
    let err = (actual - expected).abs();
    assert!(
        err <= rel * expected.abs() || err <= abs,
        "{what}: got {actual:e}, expected {expected:e} (error {err:e})"
    );
}

struct Dataset<'a> {
    name: &'a str,
    x: Vec<f64>,
    y: Option<Vec<f64>>,
    v: &'a Value,
}

impl Dataset<'_> {
    /// Magnitude of the data, the scale of absolute rounding errors.
    fn scale(&self) -> f64 {
        self.x
            .iter()
            .chain(self.y.iter().flatten())
            .fold(0.0_f64, |m, v| m.max(v.abs()))
    }
}

fn datasets(doc: &Value) -> Vec<Dataset<'_>> {
    doc["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| Dataset {
            name: v["name"].as_str().unwrap(),
            x: floats(&v["x"]),
            y: (!v["y"].is_null()).then(|| floats(&v["y"])),
            v,
        })
        .collect()
}

#[test]
fn fixture_is_broad_enough() {
    let doc = fixture();
    let sets = datasets(&doc);
    assert!(sets.len() >= 30, "only {} datasets", sets.len());
    let methods: Vec<&str> = sets
        .iter()
        .filter_map(|d| d.v["wilcoxon"]["method"].as_str())
        .collect();
    assert!(methods.contains(&"exact") && methods.contains(&"asymptotic"));
}

#[test]
fn summary_matches_numpy() {
    let doc = fixture();
    for d in datasets(&doc) {
        let s = zs::Summary::new(&d.x);
        let e = &d.v["summary"];
        let abs = 1e-12 * d.scale();
        assert_eq!(s.n as u64, e["n"].as_u64().unwrap(), "{}", d.name);
        let name = d.name;
        check(&format!("{name} min"), s.min, num(&e["min"]), 0.0, 0.0);
        check(&format!("{name} max"), s.max, num(&e["max"]), 0.0, 0.0);
        check(&format!("{name} mean"), s.mean, num(&e["mean"]), REL, abs);
        check(
            &format!("{name} median"),
            s.median,
            num(&e["median"]),
            REL,
            abs,
        );
        check(&format!("{name} mad"), s.mad, num(&e["mad"]), REL, abs);
        check(
            &format!("{name} stddev"),
            s.stddev,
            num(&e["stddev"]),
            REL,
            abs,
        );
    }
}

#[test]
fn tukey_fences_match_numpy_percentiles() {
    let doc = fixture();
    for d in datasets(&doc) {
        let f = zs::tukey_fences(&d.x);
        let e = &d.v["fences"];
        let name = d.name;
        if e.is_null() {
            assert!(f.q1.is_nan() && f.high_severe.is_nan(), "{name}");
            continue;
        }
        let abs = 1e-12 * d.scale();
        for (field, got) in [
            ("q1", f.q1),
            ("q3", f.q3),
            ("low_mild", f.low_mild),
            ("high_mild", f.high_mild),
            ("low_severe", f.low_severe),
            ("high_severe", f.high_severe),
        ] {
            check(&format!("{name} {field}"), got, num(&e[field]), REL, abs);
        }
    }
}

#[test]
fn wilcoxon_matches_scipy() {
    let doc = fixture();
    for d in datasets(&doc) {
        let e = &d.v["wilcoxon"];
        let method = e["method"].as_str().unwrap_or("none");
        let p = zs::wilcoxon_signed_rank(&d.x);
        check(
            &format!("{} wilcoxon ({method})", d.name),
            p,
            num(&e["p"]),
            REL,
            1e-300,
        );
    }
}

#[test]
fn cohens_d_matches_numpy() {
    let doc = fixture();
    for d in datasets(&doc) {
        let got = zs::cohens_d_paired(&d.x);
        check(
            &format!("{} d_z", d.name),
            got,
            num(&d.v["cohens_d"]),
            REL,
            1e-12,
        );
    }
}

#[test]
fn spearman_matches_scipy() {
    let doc = fixture();
    for d in datasets(&doc) {
        let Some(y) = &d.y else { continue };
        let got = zs::spearman(&d.x, y);
        check(
            &format!("{} spearman", d.name),
            got,
            num(&d.v["spearman"]),
            REL,
            1e-14,
        );
    }
}

#[test]
fn welch_matches_scipy() {
    let doc = fixture();
    for d in datasets(&doc) {
        let Some(y) = &d.y else { continue };
        let got = zs::welch_t_test(&d.x, y);
        let e = &d.v["welch"];
        let name = d.name;
        if e.is_null() {
            assert!(
                got.t.is_nan() && got.df.is_nan() && got.p.is_nan(),
                "{name}: {got:?}"
            );
            continue;
        }
        check(&format!("{name} welch t"), got.t, num(&e["t"]), REL, 0.0);
        check(&format!("{name} welch df"), got.df, num(&e["df"]), REL, 0.0);
        check(&format!("{name} welch p"), got.p, num(&e["p"]), REL, 1e-300);
    }
}

#[test]
fn ols_matches_linregress() {
    let doc = fixture();
    for d in datasets(&doc) {
        let Some(y) = &d.y else { continue };
        let e = &d.v["ols"];
        if e.is_null() {
            continue;
        }
        let fit = zs::ols(&d.x, y);
        let name = d.name;
        let abs = 1e-12 * d.scale();
        check(
            &format!("{name} slope"),
            fit.slope,
            num(&e["slope"]),
            REL,
            abs,
        );
        check(
            &format!("{name} intercept"),
            fit.intercept,
            num(&e["intercept"]),
            REL,
            abs,
        );
        check(
            &format!("{name} slope lo"),
            fit.slope_ci.0,
            num(&e["slope_lo"]),
            REL,
            abs,
        );
        check(
            &format!("{name} slope hi"),
            fit.slope_ci.1,
            num(&e["slope_hi"]),
            REL,
            abs,
        );
        check(&format!("{name} r2"), fit.r2, num(&e["r2"]), REL, 1e-14);
    }
}

#[test]
fn ols_through_origin_matches_numpy_lstsq() {
    let doc = fixture();
    for d in datasets(&doc) {
        let Some(y) = &d.y else { continue };
        let e = &d.v["ols_through_origin"];
        if e.is_null() {
            continue;
        }
        let fit = zs::ols_through_origin(&d.x, y);
        let name = d.name;
        let abs = 1e-12 * d.scale();
        assert_eq!(fit.intercept, 0.0);
        check(
            &format!("{name} slope"),
            fit.slope,
            num(&e["slope"]),
            REL,
            abs,
        );
        check(
            &format!("{name} slope lo"),
            fit.slope_ci.0,
            num(&e["slope_lo"]),
            REL,
            abs,
        );
        check(
            &format!("{name} slope hi"),
            fit.slope_ci.1,
            num(&e["slope_hi"]),
            REL,
            abs,
        );
        check(&format!("{name} r2"), fit.r2, num(&e["r2"]), REL, 1e-14);
    }
}

#[test]
fn normal_distribution_matches_scipy() {
    let doc = fixture();
    let dist = &doc["distributions"];
    for row in dist["normal_cdf"].as_array().unwrap() {
        let (z, p) = (num(&row[0]), num(&row[1]));
        check(&format!("Φ({z})"), zs::normal_cdf(z), p, REL, 0.0);
    }
    for row in dist["normal_sf"].as_array().unwrap() {
        let (z, p) = (num(&row[0]), num(&row[1]));
        check(&format!("1 − Φ({z})"), zs::normal_sf(z), p, REL, 0.0);
    }
    for row in dist["normal_quantile"].as_array().unwrap() {
        let (p, z) = (num(&row[0]), num(&row[1]));
        check(&format!("Φ⁻¹({p})"), zs::normal_quantile(p), z, REL, 0.0);
    }
}

#[test]
fn student_t_matches_scipy() {
    let doc = fixture();
    let dist = &doc["distributions"];
    for row in dist["student_t_cdf"].as_array().unwrap() {
        let (t, df, p) = (num(&row[0]), num(&row[1]), num(&row[2]));
        check(
            &format!("F_t({t}; {df})"),
            zs::student_t_cdf(t, df),
            p,
            REL,
            0.0,
        );
    }
    for row in dist["student_t_quantile"].as_array().unwrap() {
        let (p, df, t) = (num(&row[0]), num(&row[1]), num(&row[2]));
        check(
            &format!("F_t⁻¹({p}; {df})"),
            zs::student_t_quantile(p, df),
            t,
            REL,
            0.0,
        );
    }
}

/// The Monte Carlo percentile interval converges to the percentile interval of the
/// exact bootstrap distribution (all nⁿ resamples, enumerated by NumPy). With
/// B = 200 000 resamples the Monte Carlo standard error of a 2.5% quantile is
/// √(0.025·0.975/B)/f ≈ 3.5e-4/f, where f is the density of the bootstrap mean there;
/// for these samples that is below 0.5% of the interval's width, so we allow 2%.
#[test]
fn bootstrap_converges_to_exact_enumeration() {
    let doc = fixture();
    for (i, case) in doc["exact_bootstrap"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let data = floats(&case["data"]);
        let level = num(&case["level"]);
        let (lo, hi) = (num(&case["lower"]), num(&case["upper"]));
        let ci = zs::bootstrap_mean_ci(&data, level, 200_000, 1000 + i as u64);
        let name = case["name"].as_str().unwrap();
        check(
            &format!("{name} point"),
            ci.point,
            num(&case["point"]),
            REL,
            0.0,
        );
        let tol = 0.02 * (hi - lo);
        assert!(
            (ci.lower - lo).abs() <= tol && (ci.upper - hi).abs() <= tol,
            "{name} at {level}: got [{}, {}], exact [{lo}, {hi}], tolerance {tol}",
            ci.lower,
            ci.upper
        );
    }
}

#[test]
fn trimmed_mean_matches_scipy_trim_mean() {
    let doc = fixture();
    for d in datasets(&doc) {
        for trim in ["0.1", "0.2", "0.25"] {
            let mut x = d.x.clone();
            let got = zs::trimmed_mean(&mut x, trim.parse().unwrap());
            let abs = 1e-12 * d.scale();
            check(
                &format!("{} trim_mean {trim}", d.name),
                got,
                num(&d.v["trim_mean"][trim]),
                REL,
                abs,
            );
        }
    }
}
