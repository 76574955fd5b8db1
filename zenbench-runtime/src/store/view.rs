//! What a comparison reads of a result: the run's context and, per
//! benchmark, its name, samples and summary.
//!
//! A bench binary reads its baseline as a [`RunView`], not as a whole
//! `SuiteResult`, field by field from the parsed JSON (`result::value`):
//! the whole result's reader stays out of a user's build. Unknown fields
//! are skipped, so any result file (a baseline, a `--format json` report)
//! reads as a view.

use crate::model::result::value::Value;
use crate::model::result::value::{f64_at, opt_bool_at, opt_str_at, str_at, u64_at};
use crate::model::result::{ProcessSpread, SuiteResult, SummaryNs, Testbed};

/// A run, as far as a comparison needs it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RunView {
    pub timestamp: String,
    pub git_hash: Option<String>,
    pub git_dirty: Option<bool>,
    pub zenbench_version: String,
    pub testbed: Testbed,
    pub groups: Vec<GroupView>,
}

/// A group's benchmarks.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GroupView {
    /// Its name (empty when a file does not say).
    pub name: String,
    pub benchmarks: Vec<BenchView>,
}

/// One benchmark row, as far as a comparison needs it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BenchView {
    pub full_name: String,
    pub failed: bool,
    pub summary: Option<SummaryNs>,
    pub floor_ns: Option<f64>,
    /// Over several processes: the spread of their means.
    pub process_spread: Option<ProcessSpread>,
    pub samples_ns: Vec<f64>,
    /// Instructions per iteration, when the run counted them.
    pub instructions: Option<f64>,
}

impl RunView {
    /// The view of a parsed result file.
    pub(crate) fn from_value(v: &Value) -> Result<RunView, String> {
        let t = v.get("testbed").ok_or("`testbed` is missing")?;
        let opt_u64 = |v: &Value, k: &str| v.get(k).and_then(Value::as_u64);
        let testbed = Testbed {
            cpu_model: str_at(t, "cpu_model")?,
            arch: str_at(t, "arch")?,
            os: str_at(t, "os")?,
            logical_cores: u64_at(t, "logical_cores")? as usize,
            physical_cores: u64_at(t, "physical_cores")? as usize,
            l1d_bytes: opt_u64(t, "l1d_bytes"),
            l2_bytes: opt_u64(t, "l2_bytes"),
            l3_bytes: opt_u64(t, "l3_bytes"),
            rustc: opt_str_at(t, "rustc"),
            id: opt_str_at(t, "id").unwrap_or_default(),
        };
        fn list<'v>(v: &'v Value, k: &str) -> Result<&'v [Value], String> {
            v.get(k)
                .and_then(Value::as_array)
                .ok_or_else(|| format!("`{k}` must be a list"))
        }
        let mut groups = Vec::new();
        for g in list(v, "groups")? {
            let mut benchmarks = Vec::new();
            for b in list(g, "benchmarks")? {
                let summary = match b.get("summary") {
                    Some(s) if s.is_object() => Some(SummaryNs {
                        n: u64_at(s, "n")? as usize,
                        min_ns: f64_at(s, "min_ns")?,
                        max_ns: f64_at(s, "max_ns")?,
                        mean_ns: f64_at(s, "mean_ns")?,
                        median_ns: f64_at(s, "median_ns")?,
                        mad_ns: f64_at(s, "mad_ns")?,
                        stddev_ns: f64_at(s, "stddev_ns")?,
                    }),
                    _ => None,
                };
                let process_spread = match b.get("process_spread") {
                    Some(p) if p.is_object() => Some(ProcessSpread {
                        min_ns: f64_at(p, "min_ns")?,
                        max_ns: f64_at(p, "max_ns")?,
                        cv: f64_at(p, "cv")?,
                        processes: p.get("processes").and_then(Value::as_u64).unwrap_or(0) as u32,
                    }),
                    _ => None,
                };
                let mut samples_ns = Vec::new();
                if let Some(xs) = b.get("samples_ns").and_then(Value::as_array) {
                    for x in xs {
                        samples_ns.push(x.as_f64().unwrap_or(f64::NAN));
                    }
                }
                benchmarks.push(BenchView {
                    full_name: str_at(b, "full_name")?,
                    failed: opt_bool_at(b, "failed").unwrap_or(false),
                    summary,
                    floor_ns: b.get("floor_ns").and_then(Value::as_f64),
                    process_spread,
                    samples_ns,
                    instructions: b
                        .get("instructions")
                        .and_then(|i| i.get("per_iter"))
                        .and_then(Value::as_f64),
                });
            }
            groups.push(GroupView {
                name: opt_str_at(g, "name").unwrap_or_default(),
                benchmarks,
            });
        }
        Ok(RunView {
            timestamp: str_at(v, "timestamp")?,
            git_hash: opt_str_at(v, "git_hash"),
            git_dirty: opt_bool_at(v, "git_dirty"),
            zenbench_version: str_at(v, "zenbench_version")?,
            testbed,
            groups,
        })
    }

    /// The view of a result in memory (this run).
    pub(crate) fn of(r: &SuiteResult) -> RunView {
        let mut groups = Vec::new();
        for g in &r.groups {
            let mut benchmarks = Vec::new();
            for b in &g.benchmarks {
                benchmarks.push(BenchView {
                    full_name: b.full_name.clone(),
                    failed: b.failed,
                    summary: b.summary.clone(),
                    floor_ns: b.floor_ns,
                    process_spread: b.process_spread.clone(),
                    samples_ns: b.samples_ns.clone(),
                    instructions: b.instructions.as_ref().map(|i| i.per_iter),
                });
            }
            groups.push(GroupView {
                name: g.name.clone(),
                benchmarks,
            });
        }
        RunView {
            timestamp: r.timestamp.clone(),
            git_hash: r.git_hash.clone(),
            git_dirty: r.git_dirty,
            zenbench_version: r.zenbench_version.clone(),
            testbed: r.testbed.clone(),
            groups,
        }
    }

    /// Every benchmark row, in order.
    #[cfg(any(test, feature = "cli"))]
    pub(crate) fn benchmarks(&self) -> impl Iterator<Item = &BenchView> {
        self.groups.iter().flat_map(|g| &g.benchmarks)
    }
}

/// What a result file can be read as: a [`RunView`] (field by field), or,
/// in the tool and the tests, the whole `SuiteResult`.
pub(crate) trait ResultFile: Sized {
    /// From the file's parsed JSON.
    fn from_file(value: &Value) -> Result<Self, String>;
}

impl ResultFile for RunView {
    fn from_file(value: &Value) -> Result<Self, String> {
        RunView::from_value(value)
    }
}

#[cfg(any(test, feature = "cli"))]
impl ResultFile for SuiteResult {
    fn from_file(value: &Value) -> Result<Self, String> {
        <SuiteResult as crate::model::json::FromJson>::from_json(value).map_err(String::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::bench_suite;

    #[test]
    fn a_written_result_reads_back_as_its_view() {
        let mut r = bench_suite();
        r.groups[0].benchmarks[0].samples_ns = vec![1.0, f64::NAN, 3.0];
        let value =
            crate::model::result::value::parse(r.to_json_with_samples().as_bytes()).unwrap();
        let back = RunView::from_value(&value).unwrap();
        let want = RunView::of(&r);
        assert_eq!(back.groups.len(), want.groups.len());
        assert_eq!(back.testbed, want.testbed);
        for (a, b) in back.benchmarks().zip(want.benchmarks()) {
            assert_eq!(a.full_name, b.full_name);
            assert_eq!(a.failed, b.failed);
            assert_eq!(
                a.summary.as_ref().map(|s| s.n),
                b.summary.as_ref().map(|s| s.n)
            );
            assert_eq!(a.samples_ns.len(), b.samples_ns.len());
        }
        assert!(back.groups[0].benchmarks[0].samples_ns[1].is_nan());
        let broken = crate::model::result::value::parse(br#"{"testbed": {}}"#).unwrap();
        assert_eq!(
            RunView::from_value(&broken).unwrap_err(),
            "`cpu_model` must be a string"
        );
    }
}
