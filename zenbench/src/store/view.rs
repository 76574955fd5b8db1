//! What a comparison reads of a result: the run's context and, per
//! benchmark, its name, samples and summary.
//!
//! A bench binary reads its baseline as a [`RunView`], not as a whole
//! `SuiteResult`: deserialising reads a type's every field through serde's
//! generic code, and the whole result's types made up most of what reading
//! baselines added to a user's clean build. Unknown fields are skipped, so
//! any result file (a baseline, a `--format json` report) reads as a view.

use crate::result::serde_impls::serde_structs;
use crate::result::{ProcessSpread, SuiteResult, SummaryNs, Testbed};

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
}

serde_structs! {
    RunView {
        timestamp, git_hash, git_dirty: default, zenbench_version, testbed, groups,
    }
    GroupView { benchmarks }
    BenchView {
        full_name, failed, summary, floor_ns: default_skip_none,
        process_spread: default_skip_none, samples_ns: nan_vec,
    }
}

impl RunView {
    /// The view of a result in memory (this run).
    pub(crate) fn of(r: &SuiteResult) -> RunView {
        RunView {
            timestamp: r.timestamp.clone(),
            git_hash: r.git_hash.clone(),
            git_dirty: r.git_dirty,
            zenbench_version: r.zenbench_version.clone(),
            testbed: r.testbed.clone(),
            groups: r
                .groups
                .iter()
                .map(|g| GroupView {
                    benchmarks: g
                        .benchmarks
                        .iter()
                        .map(|b| BenchView {
                            full_name: b.full_name.clone(),
                            failed: b.failed,
                            summary: b.summary.clone(),
                            floor_ns: b.floor_ns,
                            process_spread: b.process_spread.clone(),
                            samples_ns: b.samples_ns.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Every benchmark row, in order.
    pub(crate) fn benchmarks(&self) -> impl Iterator<Item = &BenchView> {
        self.groups.iter().flat_map(|g| &g.benchmarks)
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
        let back: RunView = serde_json::from_str(&r.to_json_with_samples()).unwrap();
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
    }
}
