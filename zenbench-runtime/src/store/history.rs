//! The history: every measured run appends one line per benchmark to
//! `.zenbench/history/<bench target>.jsonl` (its time, git commit, machine
//! and mean), and `zenbench history analyze` finds the persistent shifts in
//! those means.
//!
//! The file is only ever appended to, one line per record, so a run killed
//! mid-append tears at most its own last line; readers skip a line they
//! cannot read and say how many they skipped.

use super::state::State;
use crate::model::history::HistoryRecord;
#[cfg(any(test, fuzzing, feature = "cli"))]
use crate::model::history::{Finding, Trend};
use crate::model::json::{parse, to_compact, FromJson};
use crate::model::result::SuiteResult;
use crate::Error;
use std::path::{Path, PathBuf};
use zenbench_stats::run_noise_from_history;
#[cfg(any(test, fuzzing, feature = "cli"))]
use zenbench_stats::{change_points, ChangePointConfig};

/// The history file of the bench binary named `program` (its target name,
/// without the hash cargo appends: `examples`).
pub(crate) fn history_path(state: &State, program: &str) -> PathBuf {
    state.history_dir().join(format!("{program}.jsonl"))
}

/// One history line.
fn parse_record(line: &[u8]) -> Result<HistoryRecord, String> {
    Ok(HistoryRecord::from_json(&parse(line)?)?)
}

/// The records of a measured run: one per benchmark that measured.
pub(crate) fn records_of(result: &SuiteResult) -> Vec<HistoryRecord> {
    let mut out = Vec::new();
    for g in &result.groups {
        for b in &g.benchmarks {
            let Some(s) = &b.summary else { continue };
            if b.failed {
                continue;
            }
            out.push(HistoryRecord {
                timestamp: result.timestamp.clone(),
                run_id: result.run_id.clone(),
                git_hash: result.git_hash.clone(),
                git_dirty: result.git_dirty,
                testbed_id: result.testbed.fingerprint(),
                cpu_model: result.testbed.cpu_model.clone(),
                full_name: b.full_name.clone(),
                mean_ns: s.mean_ns,
                variance_ns2: s.stddev_ns * s.stddev_ns,
                n: s.n,
                zenbench_version: result.zenbench_version.clone(),
            });
        }
    }
    out
}

/// Appends a measured run's records to `path` under the state lock.
pub(crate) fn append_history(
    state: &State,
    path: &Path,
    result: &SuiteResult,
) -> Result<usize, Error> {
    let records = records_of(result);
    if records.is_empty() {
        return Ok(0);
    }
    let mut lines = String::new();
    for r in &records {
        lines.push_str(&to_compact(r));
        lines.push('\n');
    }
    state.lock()?.append(path, &lines)?;
    Ok(records.len())
}

/// Reads a history file: its records in order, and how many lines could
/// not be read (a torn last line, a hand edit).
pub(crate) fn read_history(path: &Path) -> Result<(Vec<HistoryRecord>, usize), Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Data {
        path: path.to_owned(),
        message: format!("cannot be read: {e}"),
    })?;
    Ok(parse_history(&bytes))
}

/// The records of a history file's bytes, and how many lines could not be
/// read.
pub(crate) fn parse_history(bytes: &[u8]) -> (Vec<HistoryRecord>, usize) {
    let mut records = Vec::new();
    let mut skipped = 0;
    for line in bytes.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match parse_record(line) {
            Ok(r) => records.push(r),
            Err(_) => skipped += 1,
        }
    }
    (records, skipped)
}

/// Runs of a benchmark's recent history its run-to-run noise is read from.
const NOISE_RUNS: usize = 31;

/// Each benchmark's run-to-run noise on machine `testbed_id` (a relative
/// standard deviation), from the means of its last 31 runs there: the
/// spread a comparison with a baseline must allow for, learned (see
/// `zenbench_stats::run_noise_from_history`). Benchmarks with fewer than
/// six runs are left out.
pub(crate) fn run_noise_by_bench(
    records: &[HistoryRecord],
    testbed_id: &str,
) -> Vec<(String, f64)> {
    let mut series: Vec<(String, Vec<f64>)> = Vec::new();
    for r in records {
        if r.testbed_id != testbed_id {
            continue;
        }
        match series.iter().position(|(n, _)| *n == r.full_name) {
            Some(i) => series[i].1.push(r.mean_ns),
            None => series.push((r.full_name.clone(), vec![r.mean_ns])),
        }
    }
    let mut out = Vec::new();
    for (name, means) in series {
        let recent = &means[means.len().saturating_sub(NOISE_RUNS)..];
        let noise = run_noise_from_history(recent);
        if noise.is_finite() {
            out.push((name, noise));
        }
    }
    out
}

#[cfg(any(test, fuzzing, feature = "cli"))]
/// The change-point settings of `history analyze`: the statistics crate's
/// defaults (windows of 30 runs, 1% smallest shift, 3 runs of persistence)
/// with alpha 0.0005, under which 1.2% of flat 100-run histories with 2%
/// noise show a false shift (2.6% at 0.001).
pub(crate) fn analyze_config() -> ChangePointConfig {
    ChangePointConfig {
        alpha: 0.0005,
        ..ChangePointConfig::default()
    }
}

#[cfg(any(test, fuzzing, feature = "cli"))]
/// Splits records by benchmark (in order of first appearance), each
/// benchmark's series by machine, and finds the change points of each
/// machine's stretch.
pub(crate) fn analyze(records: Vec<HistoryRecord>, cfg: &ChangePointConfig) -> Vec<Trend> {
    let mut trends: Vec<Trend> = Vec::new();
    // Each name's trend: a suite's history has hundreds of benchmarks.
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for r in records {
        match index.get(r.full_name.as_str()) {
            Some(&i) => trends[i].records.push(r),
            None => {
                index.insert(r.full_name.clone(), trends.len());
                trends.push(Trend {
                    full_name: r.full_name.clone(),
                    records: vec![r],
                    findings: Vec::new(),
                });
            }
        }
    }
    for t in &mut trends {
        let mut start = 0;
        while start < t.records.len() {
            let id = &t.records[start].testbed_id;
            let end = t.records[start..]
                .iter()
                .position(|r| &r.testbed_id != id)
                .map_or(t.records.len(), |k| start + k);
            let means: Vec<f64> = t.records[start..end].iter().map(|r| r.mean_ns).collect();
            for c in change_points(&means, cfg) {
                t.findings.push(Finding::Shift {
                    at: start + c.index,
                    before_ns: c.before_mean,
                    after_ns: c.after_mean,
                    pct_change: c.pct_change,
                    p: c.p,
                });
            }
            if end < t.records.len() {
                t.findings.push(Finding::Testbed {
                    at: end,
                    from: t.records[start].cpu_model.clone(),
                    to: t.records[end].cpu_model.clone(),
                });
            }
            start = end;
        }
    }
    trends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(i: usize, mean: f64, testbed: &str) -> HistoryRecord {
        HistoryRecord {
            timestamp: format!("2026-11-{:02}T00:00:00.000Z", 1 + i % 28),
            run_id: format!("r{i}"),
            git_hash: Some(format!("{i:07x}")),
            git_dirty: Some(false),
            testbed_id: testbed.into(),
            cpu_model: format!("cpu {testbed}"),
            full_name: "g/b".into(),
            mean_ns: mean,
            variance_ns2: 1.0,
            n: 100,
            zenbench_version: "0.1.0".into(),
        }
    }

    #[test]
    fn run_noise_is_learned_per_bench_on_this_machine_only() {
        let mut records: Vec<_> = (0..8)
            .map(|i| record(i, if i % 2 == 0 { 100.0 } else { 110.0 }, "a"))
            .collect();
        records.extend((0..8).map(|i| record(i, if i % 2 == 0 { 100.0 } else { 300.0 }, "b")));
        let mut few = record(0, 1.0, "a");
        few.full_name = "g/new".into();
        records.push(few);
        let noise = run_noise_by_bench(&records, "a");
        assert_eq!(noise.len(), 1, "{noise:?}");
        assert_eq!(noise[0].0, "g/b");
        // Every ratio is ±ln 1.1: σ = ln 1.1 / √2.
        assert!(
            (noise[0].1 - 1.1f64.ln() / 2f64.sqrt()).abs() < 1e-12,
            "{noise:?}"
        );
        assert!(run_noise_by_bench(&records, "c").is_empty());
    }

    #[test]
    fn a_torn_line_is_skipped_and_counted() {
        let dir = std::env::temp_dir().join(format!("zb-history-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let state = State::at(&dir);
        let path = state.history_dir().join("t.jsonl");
        let result = crate::report::fixture::bench_suite();
        let n = append_history(&state, &path, &result).unwrap();
        assert!(n > 0);
        let text = std::fs::read_to_string(&path).unwrap();
        // A second run killed half-way through its line.
        let torn = &text[..text.find('\n').unwrap() / 2];
        std::fs::write(&path, format!("{text}{torn}")).unwrap();
        append_history(&state, &path, &result).unwrap();
        let (records, skipped) = read_history(&path).unwrap();
        assert_eq!((records.len(), skipped), (2 * n, 1));
        assert_eq!(records[0], records_of(&result)[0]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_step_is_a_shift_and_a_new_machine_is_not() {
        let mut rng = fastrand::Rng::with_seed(7);
        let noisy = |m: f64, rng: &mut fastrand::Rng| m * (1.0 + 0.02 * (rng.f64() - 0.5) * 3.46);
        let mut records = Vec::new();
        for i in 0..30 {
            records.push(record(i, noisy(100.0, &mut rng), "a"));
        }
        for i in 30..60 {
            records.push(record(i, noisy(120.0, &mut rng), "a"));
        }
        // Another machine, 50% slower throughout: a testbed change, not a shift.
        for i in 60..90 {
            records.push(record(i, noisy(180.0, &mut rng), "b"));
        }
        let trends = analyze(records, &analyze_config());
        assert_eq!(trends.len(), 1);
        let f = &trends[0].findings;
        assert_eq!(f.len(), 2, "{f:?}");
        match &f[0] {
            Finding::Shift { at, pct_change, .. } => {
                assert!((29..=31).contains(at), "{at}");
                assert!((pct_change - 20.0).abs() < 3.0, "{pct_change}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            f[1],
            Finding::Testbed {
                at: 60,
                from: "cpu a".into(),
                to: "cpu b".into()
            }
        );
        let flat: Vec<_> = (0..90)
            .map(|i| record(i, noisy(100.0, &mut rng), "a"))
            .collect();
        assert!(analyze(flat, &ChangePointConfig::default())[0]
            .findings
            .is_empty());
    }
}
