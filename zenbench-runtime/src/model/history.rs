//! The history's records: one line of `.zenbench/history/<bench target>.jsonl`
//! per benchmark per measured run, and what `zenbench history analyze` and
//! `zenbench history report` find in a benchmark's series of them. The
//! store reads, appends and analyses them; the reports render them.

use crate::model::json::json_structs;

/// One benchmark of one run.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct HistoryRecord {
    /// When the run started (RFC 3339).
    pub timestamp: String,
    /// The run's id.
    pub run_id: String,
    /// `git rev-parse HEAD` at the run.
    pub git_hash: Option<String>,
    /// Uncommitted changes at the run.
    pub git_dirty: Option<bool>,
    /// The machine's fingerprint (`Testbed::fingerprint`).
    pub testbed_id: String,
    /// Its CPU, for the report.
    pub cpu_model: String,
    /// `group/bench`.
    pub full_name: String,
    /// Mean time per iteration.
    pub mean_ns: f64,
    /// Variance of the per-round samples, ns².
    pub variance_ns2: f64,
    /// Samples.
    pub n: usize,
    /// The zenbench that measured.
    pub zenbench_version: String,
}

json_structs! {
    HistoryRecord {
        timestamp, run_id, git_hash: default, git_dirty: default, testbed_id, cpu_model: default,
        full_name, mean_ns: nan, variance_ns2: nan, n, zenbench_version: default,
    }
}

#[cfg(any(test, fuzzing, feature = "cli"))]
/// Something `history analyze` reports about one benchmark.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Finding {
    /// A persistent shift of the mean, from the record before `at` on.
    Shift {
        /// The first record after the shift (index into the bench's records).
        at: usize,
        /// Mean of the window before, ns.
        before_ns: f64,
        /// Mean of the window after, ns.
        after_ns: f64,
        /// after / before − 1, percent.
        pct_change: f64,
        /// Welch test p-value of the two windows.
        p: f64,
    },
    /// The machine changed at `at`: the records on either side are not
    /// compared with each other.
    Testbed {
        /// The first record on the new machine.
        at: usize,
        /// CPU before.
        from: String,
        /// CPU after.
        to: String,
    },
}

#[cfg(any(test, fuzzing, feature = "cli"))]
/// One benchmark's history and what was found in it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Trend {
    pub full_name: String,
    pub records: Vec<HistoryRecord>,
    pub findings: Vec<Finding>,
}

#[cfg(any(test, fuzzing, feature = "cli"))]
/// How many runs `records` are of (distinct run ids).
pub(crate) fn distinct_runs<'a>(records: impl IntoIterator<Item = &'a HistoryRecord>) -> usize {
    let mut ids: Vec<&str> = records.into_iter().map(|r| r.run_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}
