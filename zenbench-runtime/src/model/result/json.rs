//! `--format json`: the result as JSON (the book's JSON reference,
//! `reference/json.md`, lists every field).
//!
//! The default JSON report leaves out per-round samples (`samples_ns`): they
//! are an implementation detail of multi-process aggregation, can be large
//! (one number per round per bench), and are not part of §4.
//! [`json_with_samples`] keeps them for the worker protocol and for tools
//! that want raw data.
//!
//! Non-finite numbers (NaN, ±infinity) are written as `null`; the output
//! is therefore always valid JSON, and a `null` where the types hold a
//! plain `f64` reads back as NaN.

use crate::model::json::{parse, FromJson, JsonError, JsonWriter, ToJson};
use crate::model::result::SuiteResult;

/// The result as pretty-printed JSON, without per-round samples.
///
/// `schema_version` is always the version of this build's types
/// ([`SCHEMA_VERSION`](super::SCHEMA_VERSION), 1): the text is written by these types, whatever
/// version the value was read from.
pub fn json(result: &SuiteResult) -> String {
    to_text(result, JsonWriter::new(true).without_samples())
}

/// Like [`json`], but keeps each bench's `samples_ns` (when not empty).
pub fn json_with_samples(result: &SuiteResult) -> String {
    to_text(result, JsonWriter::new(true))
}

fn to_text(r: &SuiteResult, mut w: JsonWriter) -> String {
    r.write_json(&mut w);
    let mut text = w.finish();
    text.push('\n');
    text
}

/// A result from its JSON text.
#[inline]
pub(crate) fn from_json(text: &str) -> Result<SuiteResult, JsonError> {
    let v = parse(text.as_bytes()).map_err(JsonError::message)?;
    <SuiteResult as FromJson>::from_json(&v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{bench_suite, smoke_suite};
    use serde_json::Value;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).expect("report JSON parses")
    }

    /// `a` and `b` are equal, numbers to a relative 1e-14: serde_json without
    /// its `float_roundtrip` feature may parse a float one ULP off.
    fn assert_close(a: &Value, b: &Value, at: &str) {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                assert!(
                    x == y || (x - y).abs() <= 1e-14 * x.abs().max(y.abs()),
                    "{at}: {x} != {y}"
                );
            }
            (Value::Array(x), Value::Array(y)) => {
                assert_eq!(x.len(), y.len(), "{at}: lengths");
                for (i, (x, y)) in x.iter().zip(y).enumerate() {
                    assert_close(x, y, &format!("{at}[{i}]"));
                }
            }
            (Value::Object(x), Value::Object(y)) => {
                let kx: Vec<_> = x.keys().collect();
                let ky: Vec<_> = y.keys().collect();
                assert_eq!(kx, ky, "{at}: keys");
                for (k, v) in x {
                    assert_close(v, &y[k], &format!("{at}.{k}"));
                }
            }
            _ => assert_eq!(a, b, "{at}"),
        }
    }

    /// `back` equals `want`, up to float parsing.
    fn assert_same_result(back: &SuiteResult, want: &SuiteResult) {
        let a = parse(&json_with_samples(back));
        let b = parse(&json_with_samples(want));
        assert_close(&a, &b, "$");
    }

    fn assert_keys(v: &Value, keys: &[&str], at: &str) {
        let obj = v
            .as_object()
            .unwrap_or_else(|| panic!("{at} is not an object: {v}"));
        for k in keys {
            assert!(obj.contains_key(*k), "{at} lacks {k:?}");
        }
    }

    #[test]
    fn every_design_field_is_present() {
        let v = parse(&json(&bench_suite()));
        assert_keys(
            &v,
            &[
                "schema_version",
                "run_id",
                "timestamp",
                "git_hash",
                "zenbench_version",
                "testbed",
                "timer",
                "loop_overhead_ns",
                "groups",
                "repetition",
                "complexity",
            ],
            "top level",
        );
        assert_keys(
            &v["testbed"],
            &["cpu_model", "arch", "os", "logical_cores", "physical_cores"],
            "testbed",
        );
        assert_keys(&v["timer"], &["kind", "resolution_ns"], "timer");
        assert_eq!(v["timer"]["kind"], "tsc");
        assert_keys(
            &v["repetition"],
            &["processes", "passes", "aggregation"],
            "repetition",
        );
        let groups = v["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 4);
        for g in groups {
            assert_keys(
                g,
                &[
                    "name",
                    "rounds",
                    "iterations_per_sample",
                    "baseline",
                    "benchmarks",
                    "comparisons",
                    "scaling",
                ],
                "group",
            );
            for b in g["benchmarks"].as_array().unwrap() {
                assert_keys(
                    b,
                    &[
                        "name",
                        "full_name",
                        "threads",
                        "arg",
                        "summary",
                        "mean_ci",
                        "cold_start_ns",
                        "slope_ns",
                        "throughput",
                        "failed",
                        "alloc",
                        "process_spread",
                    ],
                    "benchmark",
                );
                if !b["summary"].is_null() {
                    assert_keys(
                        &b["summary"],
                        &[
                            "n",
                            "min_ns",
                            "max_ns",
                            "mean_ns",
                            "median_ns",
                            "mad_ns",
                            "stddev_ns",
                        ],
                        "summary",
                    );
                    assert_keys(&b["mean_ci"], &["lower_ns", "upper_ns", "level"], "mean_ci");
                }
                if !b["alloc"].is_null() {
                    assert_keys(
                        &b["alloc"],
                        &["allocs", "deallocs", "reallocs", "bytes"],
                        "alloc",
                    );
                }
                if !b["process_spread"].is_null() {
                    assert_keys(
                        &b["process_spread"],
                        &["min_ns", "max_ns", "cv"],
                        "process_spread",
                    );
                }
            }
            for c in g["comparisons"].as_array().unwrap() {
                assert_keys(
                    c,
                    &[
                        "baseline",
                        "candidate",
                        "pct_change",
                        "ci_lower_pct",
                        "ci_upper_pct",
                        "significant",
                        "verdict",
                        "cohens_d",
                        "wilcoxon_p",
                        "drift_r",
                        "n",
                        "outliers_removed",
                    ],
                    "comparison",
                );
            }
            if let Some(points) = g["scaling"].as_array() {
                for p in points {
                    assert_keys(
                        p,
                        &["threads", "throughput_per_s", "scaling", "efficiency"],
                        "scaling",
                    );
                }
            }
        }
        // Each optional block is exercised by the fixture at least once.
        let benches: Vec<&Value> = groups
            .iter()
            .flat_map(|g| g["benchmarks"].as_array().unwrap())
            .collect();
        assert!(benches.iter().any(|b| b["alloc"].is_object()));
        assert!(benches.iter().any(|b| b["process_spread"].is_object()));
        assert!(benches.iter().any(|b| b["throughput"].is_object()));
        assert!(groups.iter().any(|g| g["scaling"].is_array()));
        let cx = &v["complexity"][0];
        assert_keys(
            cx,
            &[
                "name",
                "declared",
                "rungs",
                "beta",
                "beta_ci",
                "verdict",
                "spawn_floor_ns",
            ],
            "complexity",
        );
        assert_keys(
            &cx["rungs"][0],
            &["n", "per_call_ns", "repeats", "trimmed", "below_floor"],
            "rung",
        );
    }

    #[test]
    fn verdict_words_and_values() {
        let v = parse(&json(&bench_suite()));
        let verdicts: Vec<&str> = v["groups"][0]["comparisons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["verdict"].as_str().unwrap())
            .collect();
        assert_eq!(
            verdicts,
            ["faster", "slower", "same", "uncertain", "slower"]
        );
        let radix = &v["groups"][0]["benchmarks"][1];
        assert_eq!(radix["full_name"], "sort/radix");
        assert_eq!(radix["summary"]["mean_ns"].as_f64(), Some(612.3));
        assert_eq!(
            v["groups"][1]["benchmarks"][0]["throughput"]["kind"],
            "bytes"
        );
        assert_eq!(v["groups"][0]["stop_reason"], "converged");
        assert_eq!(v["mode"], "bench");
    }

    #[test]
    fn round_trips_without_samples() {
        let original = bench_suite();
        assert!(original.groups[0].benchmarks[0].samples_ns.len() == 4);
        let text = json(&original);
        assert!(!text.contains("samples_ns"), "default JSON strips samples");
        let back = from_json(&text).unwrap();
        let mut expected = original.clone();
        for b in expected
            .groups
            .iter_mut()
            .flat_map(|g| g.benchmarks.iter_mut())
        {
            b.samples_ns.clear();
        }
        assert_same_result(&back, &expected);
        // The input is untouched.
        assert_eq!(original.groups[0].benchmarks[0].samples_ns.len(), 4);
    }

    #[test]
    fn samples_kept_on_request() {
        let original = bench_suite();
        let text = json_with_samples(&original);
        assert!(text.contains("\"samples_ns\""));
        let back = from_json(&text).unwrap();
        assert_same_result(&back, &original);
        assert_eq!(back.groups[0].benchmarks[0].samples_ns.len(), 4);
    }

    #[test]
    fn smoke_result_round_trips() {
        let smoke = smoke_suite();
        let text = json(&smoke);
        let v = parse(&text);
        assert_eq!(v["mode"], "test");
        assert!(v["groups"][0]["benchmarks"][0]["summary"].is_null());
        assert_same_result(&from_json(&text).unwrap(), &smoke);
    }

    #[test]
    fn non_finite_numbers_become_null() {
        let mut r = bench_suite();
        r.loop_overhead_ns = f64::NAN;
        r.wall_time_s = f64::INFINITY;
        r.groups[0].benchmarks[0]
            .summary
            .as_mut()
            .unwrap()
            .stddev_ns = f64::NEG_INFINITY;
        r.groups[0].comparisons[0].cohens_d = Some(f64::NAN);
        r.groups[0].benchmarks[0].samples_ns = vec![1.0, f64::NAN];
        for text in [json(&r), json_with_samples(&r)] {
            assert!(!text.contains("NaN") && !text.contains("inf"));
            let v = parse(&text);
            assert!(v["loop_overhead_ns"].is_null());
            assert!(v["wall_time_s"].is_null());
            assert!(v["groups"][0]["benchmarks"][0]["summary"]["stddev_ns"].is_null());
            assert!(v["groups"][0]["comparisons"][0]["cohens_d"].is_null());
            assert_eq!(v["groups"][0]["comparisons"][0]["pct_change"], -50.4);
        }
    }

    #[test]
    fn nulls_read_back_as_nan() {
        let mut r = bench_suite();
        r.loop_overhead_ns = f64::NAN;
        r.groups[0].benchmarks[0]
            .summary
            .as_mut()
            .unwrap()
            .stddev_ns = f64::INFINITY;
        r.groups[0].benchmarks[0].samples_ns = vec![1.0, f64::NAN];
        let back = from_json(&json_with_samples(&r)).unwrap();
        assert!(back.loop_overhead_ns.is_nan());
        let b = &back.groups[0].benchmarks[0];
        assert!(b.summary.as_ref().unwrap().stddev_ns.is_nan());
        assert_eq!(b.samples_ns[0], 1.0);
        assert!(b.samples_ns[1].is_nan());
        // A smoke run (n = 1: no spread) reads back too.
        let smoke = from_json(&json(&smoke_suite())).unwrap();
        assert_eq!(smoke.groups.len(), smoke_suite().groups.len());
    }

    #[test]
    fn schema_version_is_this_builds() {
        let mut r = bench_suite();
        r.schema_version = 0;
        assert_eq!(parse(&json(&r))["schema_version"], 1);
        assert_eq!(parse(&json_with_samples(&r))["schema_version"], 1);
    }
}

/// The examples that were this module's doc examples (the module is private).
#[cfg(test)]
mod doc_examples {
    #[test]
    fn example_json() {
        let result = &crate::report::fixture::bench_suite();
        let text = crate::report::json(result);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["schema_version"], 1);
    }
}
