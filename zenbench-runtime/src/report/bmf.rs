//! `--format bmf`: the Bencher Metric Format
//! (<https://bencher.dev/docs/reference/bencher-metric-format/>), the JSON
//! `bencher run --adapter json` reads; a pure function of the result.
//!
//! One object per benchmark, keyed by its full name (`group/bench`), of
//! measures: `latency` (the mean, nanoseconds per iteration, with the 95%
//! CI's bounds as `lower_value` / `upper_value`) and, when the bench
//! declares bytes or elements, `throughput` (per second at the mean, its
//! bounds from the same CI). Failed benches and smoke runs (no summary)
//! are left out, and so is any value that is not finite, or a bound on the
//! wrong side of its value: every value Bencher gets is a number it can
//! plot.

use super::fields::throughput_bounds;
use super::model::Report;
use crate::model::json::{JsonWriter, ToJson};
use crate::model::order::stable_order;
use crate::model::result::{BenchResult, SuiteResult};

/// A measure: its value and the bounds kept.
struct Measure {
    value: f64,
    lower: Option<f64>,
    upper: Option<f64>,
}

/// Keys in sorted order, as every object of the report.
impl ToJson for Measure {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        if let Some(lo) = self.lower {
            w.entry("lower_value", &lo);
        }
        if let Some(hi) = self.upper {
            w.entry("upper_value", &hi);
        }
        w.entry("value", &self.value);
        w.end_object();
    }
}

/// The BMF report: `{"<full_name>": {"latency": {...}, "throughput":
/// {...}}, ...}`, pretty-printed, keys sorted. Ends with a newline.
pub fn bmf(result: &SuiteResult) -> String {
    let report = Report::of(result);
    let mut rows = Vec::new();
    // A smoke run's single call per bench is no measurement to track.
    if report.measured {
        for row in report.groups.iter().flat_map(|s| &s.rows) {
            if let Some(measures) = measures(row.bench) {
                rows.push((row.bench.full_name.as_str(), measures));
            }
        }
    }
    let order = stable_order(rows.len(), &|a, b| rows[a].0.cmp(rows[b].0));
    let mut w = JsonWriter::new(true);
    w.begin_object();
    for (at, &i) in order.iter().enumerate() {
        let (name, measures) = &rows[i];
        // Of the rows of one name, the last, as a map keeps it (the sort is
        // stable).
        if order.get(at + 1).is_some_and(|&next| rows[next].0 == *name) {
            continue;
        }
        w.key(name);
        w.begin_object();
        for (key, m) in measures {
            w.entry(key, m);
        }
        w.end_object();
    }
    w.end_object();
    let mut text = w.finish();
    text.push('\n');
    text
}

/// `{"lower_value": lo, "upper_value": hi, "value": v}`, each bound only
/// when finite and on its side of `v`; `None` when `v` is not finite.
fn measure(value: f64, lower: Option<f64>, upper: Option<f64>) -> Option<Measure> {
    if !value.is_finite() {
        return None;
    }
    Some(Measure {
        value,
        lower: lower.filter(|&lo| lo <= value && lo.is_finite()),
        upper: upper.filter(|&hi| hi >= value && hi.is_finite()),
    })
}

/// A bench's measures, by name in sorted order.
fn measures(b: &BenchResult) -> Option<Vec<(&'static str, Measure)>> {
    if b.failed {
        return None;
    }
    let mut out = Vec::new();
    if let Some(i) = &b.instructions {
        // A count is exact: no bounds.
        let instructions = measure(i.per_iter, None, None)?;
        if let Some(m) = measure(i.est_cycles, None, None) {
            out.push(("estimated_cycles", m));
        }
        out.push(("instructions", instructions));
        return Some(out);
    }
    let s = b.summary.as_ref()?;
    let ci = b.mean_ci.as_ref();
    let latency = measure(s.mean_ns, ci.map(|c| c.lower_ns), ci.map(|c| c.upper_ns))?;
    out.push(("latency", latency));
    if let Some(t) = &b.throughput {
        let bounds = throughput_bounds(b);
        if let Some(m) = measure(t.per_second, bounds.map(|b| b.0), bounds.map(|b| b.1)) {
            out.push(("throughput", m));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fields::assert_golden;
    use crate::report::fixture::{bench_suite, smoke_suite};
    use serde_json::Value;

    /// Checks the BMF schema: an object of objects of measures, each a
    /// finite `value` with optional finite `lower_value` ≤ value ≤
    /// `upper_value`, and nothing else. Returns the benchmark count.
    fn check_schema(text: &str) -> usize {
        let v: Value = serde_json::from_str(text).expect("BMF is JSON");
        let top = v.as_object().expect("top level is an object");
        for (name, measures) in top {
            let measures = measures
                .as_object()
                .unwrap_or_else(|| panic!("{name}: not an object of measures"));
            assert!(!measures.is_empty(), "{name}: no measures");
            for (measure, m) in measures {
                let at = format!("{name}.{measure}");
                let m = m
                    .as_object()
                    .unwrap_or_else(|| panic!("{at}: not an object"));
                for key in m.keys() {
                    assert!(
                        ["value", "lower_value", "upper_value"].contains(&key.as_str()),
                        "{at}: unknown key {key}"
                    );
                }
                let num = |k: &str| {
                    m.get(k).map(|x| {
                        let x = x
                            .as_f64()
                            .unwrap_or_else(|| panic!("{at}.{k}: not a number"));
                        assert!(x.is_finite(), "{at}.{k}");
                        x
                    })
                };
                let value = num("value").unwrap_or_else(|| panic!("{at}: no value"));
                if let Some(lo) = num("lower_value") {
                    assert!(lo <= value, "{at}: lower_value {lo} > value {value}");
                }
                if let Some(hi) = num("upper_value") {
                    assert!(hi >= value, "{at}: upper_value {hi} < value {value}");
                }
            }
        }
        top.len()
    }

    #[test]
    fn matches_the_golden_file() {
        assert_golden(
            "bench_suite.bmf.json",
            include_str!("golden/bench_suite.bmf.json"),
            &bmf(&bench_suite()),
        );
    }

    #[test]
    fn follows_the_schema_and_leaves_failures_out() {
        let r = bench_suite();
        let text = bmf(&r);
        let benches: usize = r.groups.iter().map(|g| g.benchmarks.len()).sum();
        assert_eq!(check_schema(&text), benches - 1, "sort/quick failed");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v.get("sort/quick").is_none());
        assert_eq!(v["sort/radix"]["latency"]["value"], 612.3);
        assert!(v["sort/radix"].get("throughput").is_none());
        let rate = &v["hash/4096"]["throughput"];
        assert!(rate["lower_value"].as_f64() < rate["value"].as_f64());
        assert!(rate["upper_value"].as_f64() > rate["value"].as_f64());
    }

    #[test]
    fn non_finite_values_are_left_out() {
        let mut r = bench_suite();
        let b = &mut r.groups[0].benchmarks[0];
        b.mean_ci.as_mut().unwrap().upper_ns = f64::INFINITY;
        b.mean_ci.as_mut().unwrap().lower_ns = f64::NAN;
        r.groups[0].benchmarks[1].summary.as_mut().unwrap().mean_ns = f64::NAN;
        r.groups[1].benchmarks[0]
            .throughput
            .as_mut()
            .unwrap()
            .per_second = f64::NAN;
        let text = bmf(&r);
        check_schema(&text);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v["sort/std_sort"]["latency"],
            serde_json::json!({"value": 1234.0})
        );
        assert!(v.get("sort/radix").is_none());
        assert!(v["hash/64"].get("throughput").is_none());
        assert!(v["hash/64"].get("latency").is_some());
        // A counted run gives instructions (and estimated cycles), exact.
        let mut counted = bench_suite();
        counted.groups.truncate(1);
        for b in &mut counted.groups[0].benchmarks {
            b.summary = None;
            b.instructions = Some(crate::process::per_iteration_for_tests(2412.0));
        }
        let v: Value = serde_json::from_str(&bmf(&counted)).unwrap();
        assert_eq!(
            v["sort/radix"]["instructions"],
            serde_json::json!({"value": 2412.0})
        );
        assert!(v["sort/radix"]["estimated_cycles"]["value"].is_number());
        assert!(v["sort/radix"].get("latency").is_none());
    }

    #[test]
    fn a_smoke_run_is_empty() {
        assert_eq!(bmf(&smoke_suite()), "{}\n");
        // Even when its benches carry the summary of their one call.
        let mut smoke = bench_suite();
        smoke.mode = crate::model::result::RunMode::Test;
        assert_eq!(bmf(&smoke), "{}\n");
        assert_eq!(check_schema(&bmf(&smoke_suite())), 0);
    }
}
