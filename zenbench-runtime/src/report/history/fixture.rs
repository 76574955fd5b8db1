//! A synthetic history for the dashboard's tests and its scale check:
//! `benches` benchmarks × `runs` runs, in the order `cargo bench` appends
//! them (run by run), with a known step and a known change of machine.

use crate::model::history::HistoryRecord;

/// 2026-01-01T00:00:00Z, seconds since the epoch.
const START: u64 = 1_767_225_600;

/// The run at which every third benchmark (`g0/b0`, `g0/b3`, …) steps up
/// by [`STEP`].
pub(crate) fn step_at(runs: usize) -> usize {
    runs / 2
}

/// The run from which every benchmark runs on another machine, 20% faster.
pub(crate) fn machine_at(runs: usize) -> usize {
    runs * 4 / 5
}

/// The size of the step: +15%.
pub(crate) const STEP: f64 = 0.15;

/// The CPUs before and after [`machine_at`].
pub(crate) const CPUS: [&str; 2] = ["Intel(R) Xeon(R) Processor", "AMD EPYC 7763"];

/// The full name of benchmark `k`: ten to a group, `g0/b0` … `g0/b9`,
/// `g1/b10`, ….
pub(crate) fn name(k: usize) -> String {
    format!("g{}/b{k}", k / 10)
}

/// The records: benchmark `k` runs at 10^(1 + k mod 5) ns × (1 + k/1000),
/// with ±1% noise (a fixed pseudo-random stream from `seed`); every third
/// steps up [`STEP`] at [`step_at`]; all move to a 20% faster machine at
/// [`machine_at`]. Runs are six hours apart from 2026-01-01, each its own
/// commit.
pub(crate) fn synthetic(benches: usize, runs: usize, seed: u64) -> Vec<HistoryRecord> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = Vec::with_capacity(benches * runs);
    for i in 0..runs {
        let timestamp = crate::measure::testbed::rfc3339(START + 6 * 3600 * i as u64, 0);
        let moved = i >= machine_at(runs);
        let cpu = CPUS[usize::from(moved)];
        for k in 0..benches {
            let mut level = 10f64.powi(1 + (k % 5) as i32) * (1.0 + k as f64 / 1000.0);
            if k % 3 == 0 && i >= step_at(runs) {
                level *= 1.0 + STEP;
            }
            if moved {
                level *= 0.8;
            }
            let mean = level * (1.0 + 0.02 * (rng.f64() - 0.5));
            out.push(HistoryRecord {
                timestamp: timestamp.clone(),
                run_id: format!("r{i:05}"),
                git_hash: Some(commit_of(i)),
                git_dirty: Some(false),
                testbed_id: format!("{:016x}", usize::from(moved)),
                cpu_model: cpu.to_owned(),
                full_name: name(k),
                mean_ns: mean,
                variance_ns2: (mean * 0.01).powi(2),
                n: 100,
                zenbench_version: "0.1.0".to_owned(),
            });
        }
    }
    out
}

/// The commit of run `i`: 40 hex digits, the first 16 a mix of `i`.
pub(crate) fn commit_of(i: usize) -> String {
    let mixed = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    format!("{mixed:016x}{:024x}", 0)
}

/// Records as a history file's text: one JSON line each.
#[cfg(feature = "cli")]
pub(crate) fn jsonl(records: &[HistoryRecord]) -> String {
    let mut out = String::new();
    for r in records {
        out.push_str(&crate::model::json::to_compact(r));
        out.push('\n');
    }
    out
}
