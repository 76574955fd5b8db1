//! Concurrent writers and readers of one state folder. Threads stand in
//! for processes: the state lock is an advisory lock on an open file (two
//! opens in one process exclude each other as two processes do), and a
//! rename is atomic for every reader, whoever renames.

use super::baseline::{baseline_path, load_baseline, save_baseline};
use super::history::parse_history;
use super::state::State;
use crate::model::result::SuiteResult;
use crate::report::fixture::bench_suite;
use std::fs;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn temp_state(tag: &str) -> State {
    let dir = std::env::temp_dir().join(format!("zb-concurrent-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    State::at(dir)
}

/// Two results told apart by their run id, one much longer than the other
/// (a torn file would show as a bad parse or a mixed length).
fn two_results() -> [SuiteResult; 2] {
    let mut small = bench_suite();
    small.run_id = "small".to_owned();
    let mut big = bench_suite();
    big.run_id = "big".to_owned();
    for b in big.groups.iter_mut().flat_map(|g| g.benchmarks.iter_mut()) {
        b.samples_ns = (0..2_000).map(|i| i as f64 * 1.5).collect();
    }
    [small, big]
}

#[test]
fn a_reader_never_sees_a_half_written_baseline_while_it_is_rewritten() {
    let state = temp_state("reader");
    let results = Arc::new(two_results());
    save_baseline(&state, "main", &results[0]).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let (state, results, done) = (state.clone(), results.clone(), done.clone());
        std::thread::spawn(move || {
            for i in 0..100 {
                save_baseline(&state, "main", &results[i % 2]).unwrap();
            }
            done.store(true, Ordering::Release);
        })
    };
    let mut reads = 0;
    let mut seen = [false; 2];
    while !done.load(Ordering::Acquire) || reads < 10 {
        // No lock: a reader of a baseline takes none.
        let r: SuiteResult = load_baseline(&state, "main").unwrap_or_else(|e| {
            panic!("read {reads}: a baseline being rewritten did not read: {e}")
        });
        let i = usize::from(r.run_id == "big");
        assert_eq!(r.run_id, results[i].run_id);
        let samples = r.groups[0].benchmarks[0].samples_ns.len();
        assert_eq!(samples, results[i].groups[0].benchmarks[0].samples_ns.len());
        seen[i] = true;
        reads += 1;
    }
    writer.join().unwrap();
    assert!(seen[0] && seen[1], "{reads} reads saw only one version");
    // Nothing left behind but the baseline.
    let left: Vec<_> = fs::read_dir(state.baselines_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["main.json"]);
    fs::remove_dir_all(state.root()).unwrap();
}

#[test]
fn two_writers_of_one_baseline_leave_one_of_their_results_whole() {
    let state = temp_state("writers");
    let results = Arc::new(two_results());
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (state, results) = (state.clone(), results.clone());
            std::thread::spawn(move || {
                for _ in 0..20 {
                    save_baseline(&state, "main", &results[w]).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let r: SuiteResult = load_baseline(&state, "main").unwrap();
    assert!(r.run_id == "small" || r.run_id == "big", "{}", r.run_id);
    let bytes = fs::read(baseline_path(&state, "main")).unwrap();
    let whole = results
        .iter()
        .any(|x| x.to_json_with_samples().into_bytes() == bytes);
    assert!(whole, "the file is neither result byte for byte");
    fs::remove_dir_all(state.root()).unwrap();
}

#[test]
fn history_appends_of_two_writers_never_interleave_within_a_line() {
    let state = temp_state("history");
    let path = state.history_dir().join("bench.jsonl");
    // Lines far longer than a pipe's atomic write, so that an append not
    // made whole under the lock would show torn.
    let line = |writer: usize, i: usize| {
        format!(
            "{{\"timestamp\":\"t\",\"run_id\":\"w{writer}-{i}\",\"testbed_id\":\"m\",\
             \"full_name\":\"{}\",\"mean_ns\":1.0,\"variance_ns2\":0.0,\"n\":3}}\n",
            "x".repeat(16 * 1024)
        )
    };
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (state, path) = (state.clone(), path.clone());
            std::thread::spawn(move || {
                for i in 0..50 {
                    // Two records per append, as a run of two benches writes.
                    let lines = format!("{}{}", line(w, 2 * i), line(w, 2 * i + 1));
                    state.lock().unwrap().append(&path, &lines).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let bytes = fs::read(&path).unwrap();
    let (records, skipped) = parse_history(&bytes);
    assert_eq!((records.len(), skipped), (200, 0));
    // Each writer's records in its own order, each append's two together.
    for w in 0..2 {
        let ids: Vec<&str> = records
            .iter()
            .map(|r| r.run_id.as_str())
            .filter(|id| id.starts_with(&format!("w{w}-")))
            .collect();
        let expected: Vec<String> = (0..100).map(|i| format!("w{w}-{i}")).collect();
        assert_eq!(ids, expected);
    }
    for pair in records.chunks(2) {
        let a = pair[0].run_id.split_once('-').unwrap();
        let b = pair[1].run_id.split_once('-').unwrap();
        assert_eq!(a.0, b.0, "an append was split: {a:?} {b:?}");
    }
    fs::remove_dir_all(state.root()).unwrap();
}
