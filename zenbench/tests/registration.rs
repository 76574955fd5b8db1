//! What `#[zenbench::bench]` registers: every bench below is read back from
//! `zenbench::__private::ZENBENCH_ENTRIES` and run through its entry.
//!
//! The crate forbids unsafe code and denies warnings, so it also checks that
//! the generated code (inventory's included) is clean under both.

#![forbid(unsafe_code)]
#![deny(warnings, missing_docs)]

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Mutex;
use zenbench::__private::{BenchEntry, ZENBENCH_ENTRIES};
use zenbench::{BenchOptions, Bencher, Throughput};

// ---- the benches ---------------------------------------------------------

static PLAIN_CALLS: AtomicUsize = AtomicUsize::new(0);
const PLAIN_LINE: u32 = line!() + 2;
#[zenbench::bench]
fn plain() -> u64 {
    PLAIN_CALLS.fetch_add(1, SeqCst);
    (1..=10u64).product()
}

static UNIT_CALLS: AtomicUsize = AtomicUsize::new(0);
#[zenbench::bench]
fn unit_return() {
    UNIT_CALLS.fetch_add(1, SeqCst);
}

#[zenbench::bench]
#[expect(
    clippy::unused_unit,
    reason = "the explicit `()` return is the form under test"
)]
fn explicit_unit() -> () {}

static BENCHER_CALLS: AtomicUsize = AtomicUsize::new(0);
const BENCHER_LINE: u32 = line!() + 3;
#[zenbench::bench]
// A comment between the attribute and the fn does not move the line.
fn with_bencher(b: &mut Bencher) {
    let data: Vec<u64> = (0..100).collect();
    b.iter(|| {
        BENCHER_CALLS.fetch_add(1, SeqCst);
        data.iter().sum::<u64>()
    });
}

#[zenbench::bench]
fn full_path(b: &mut zenbench::Bencher) {
    b.with_input(|| vec![3, 1, 2]).run(|mut v| {
        v.sort_unstable();
        v
    });
}

#[zenbench::bench(group = "sort", baseline)]
fn std_sort(b: &mut Bencher) {
    b.with_input(|| vec![String::from("c"), String::from("a")])
        .run(|mut v| {
            v.sort();
            v
        });
}

#[zenbench::bench(group = "sort")]
fn unstable_sort(b: &mut Bencher) {
    b.with_input(|| vec![String::from("c"), String::from("a")])
        .run(|mut v| {
            v.sort_unstable();
            v
        });
}

#[zenbench::bench(name = "renamed bench", ignore)]
fn renamed() -> u8 {
    1
}

#[zenbench::bench(baseline = false, ignore = false)]
const fn const_fn_bench() -> u32 {
    7 * 6
}

#[zenbench::bench]
fn r#loop() -> bool {
    true
}

fn runtime_arg() -> usize {
    std::env::args().count().max(7)
}

static SIZED_SEEN: Mutex<Vec<usize>> = Mutex::new(Vec::new());
#[zenbench::bench(args = [1, 2 + 1, runtime_arg()], bytes = len * 8)]
fn sized(b: &mut Bencher, len: usize) {
    SIZED_SEEN.lock().unwrap().push(len);
    let v = vec![0u64; len];
    b.iter(|| v.iter().sum::<u64>());
}

/// A Debug-only arg type: its arg names are the Debug form.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Fast,
    Careful { passes: u8 },
}

static MODES_SEEN: Mutex<Vec<Mode>> = Mutex::new(Vec::new());
#[zenbench::bench(args = [Mode::Fast, Mode::Careful { passes: 2 }], elements = 10)]
fn modes(b: &mut Bencher, mode: Mode) {
    MODES_SEEN.lock().unwrap().push(mode);
    b.iter(|| mode);
}

#[zenbench::bench(args = ["a", "bcd"], bytes = s.len())]
fn strs(b: &mut Bencher, s: &str) {
    b.iter(|| s.len());
}

#[zenbench::bench(args = [(2, 3), (4, 5)], elements = w * h)]
fn tuple_pattern(b: &mut Bencher, (w, h): (usize, usize)) {
    b.iter(|| w * h);
}

#[zenbench::bench(args = [1u8, 2], bytes = 4096)]
fn mut_pattern_unused_in_throughput(b: &mut Bencher, mut n: u8) {
    n += 1;
    b.iter(|| n);
}

#[zenbench::bench(
    max_time = 2,
    min_rounds = 5,
    max_rounds = 50,
    noise_threshold = 0.02,
    target_precision = 0.01,
    cache_firewall,
    cold_start = false,
    linear_sampling = true
)]
fn overridden() {}

const BUDGET_SECS: f64 = 0.5;
const ROUNDS: u64 = 40;
#[zenbench::bench(max_time = BUDGET_SECS, max_rounds = ROUNDS * 2, elements = ROUNDS)]
fn overridden_by_consts() {}

mod inner {
    #[zenbench::bench(group = "nested")]
    pub(crate) fn nested() -> usize {
        super::PLAIN_CALLS.load(super::SeqCst)
    }
}

#[zenbench::bench]
#[cfg(any())]
fn configured_out_after() {}

#[cfg(any())]
#[zenbench::bench]
fn configured_out_before() {}

// ---- the checks ----------------------------------------------------------

const ALL: &[&str] = &[
    "plain",
    "unit_return",
    "explicit_unit",
    "with_bencher",
    "full_path",
    "std_sort",
    "unstable_sort",
    "renamed bench",
    "const_fn_bench",
    "loop",
    "sized",
    "modes",
    "strs",
    "tuple_pattern",
    "mut_pattern_unused_in_throughput",
    "overridden",
    "overridden_by_consts",
    "nested",
];

fn entry(name: &str) -> &'static BenchEntry {
    let found: Vec<&BenchEntry> = ZENBENCH_ENTRIES.iter().filter(|e| e.name == name).collect();
    assert_eq!(found.len(), 1, "entries named {name:?}: {found:?}");
    found[0]
}

fn run(name: &str, arg: usize) {
    (entry(name).run)(&mut Bencher::smoke(), arg);
}

fn arg_names(name: &str) -> Vec<String> {
    (entry(name).arg_names.expect("an args bench"))()
}

fn throughput(name: &str, arg: usize) -> Throughput {
    (entry(name).throughput.expect("a throughput"))(arg)
}

#[test]
fn every_bench_is_registered_once() {
    let mut names: Vec<&str> = ZENBENCH_ENTRIES.iter().map(|e| e.name).collect();
    names.sort_unstable();
    let mut expected = ALL.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected);
}

#[test]
fn locations() {
    let e = entry("plain");
    assert_eq!(e.line, PLAIN_LINE);
    assert_eq!(e.column, 4, "the column of the fn name");
    assert_eq!(e.file, file!());
    assert_eq!(e.module_path, module_path!());
    assert_eq!(entry("with_bencher").line, BENCHER_LINE);
    assert_eq!(
        entry("nested").module_path,
        concat!(module_path!(), "::inner")
    );
}

#[test]
fn defaults() {
    for name in ALL {
        let e = entry(name);
        if !["std_sort", "unstable_sort", "nested"].contains(name) {
            assert_eq!(e.group, None, "{name}");
        }
        assert_eq!(e.baseline, *name == "std_sort", "{name}");
        assert_eq!(e.ignore, *name == "renamed bench", "{name}");
        if !name.starts_with("overridden") {
            assert_eq!(e.options, BenchOptions::NONE, "{name}");
        }
    }
    let e = entry("plain");
    assert!(e.arg_names.is_none());
    assert!(e.throughput.is_none());
}

#[test]
fn groups_and_baseline() {
    assert_eq!(entry("std_sort").group, Some("sort"));
    assert!(entry("std_sort").baseline);
    assert_eq!(entry("unstable_sort").group, Some("sort"));
    assert!(!entry("unstable_sort").baseline);
    assert_eq!(entry("nested").group, Some("nested"));
}

#[test]
fn plain_form_runs_the_body_through_iter() {
    let before = PLAIN_CALLS.load(SeqCst);
    run("plain", 0);
    assert_eq!(PLAIN_CALLS.load(SeqCst), before + 1);
    let before = UNIT_CALLS.load(SeqCst);
    run("unit_return", 0);
    assert_eq!(UNIT_CALLS.load(SeqCst), before + 1);
    for name in [
        "explicit_unit",
        "const_fn_bench",
        "loop",
        "renamed bench",
        "nested",
    ] {
        run(name, 0);
    }
}

#[test]
fn bencher_form_gets_the_bencher() {
    let before = BENCHER_CALLS.load(SeqCst);
    run("with_bencher", 0);
    assert_eq!(BENCHER_CALLS.load(SeqCst), before + 1);
    for name in ["full_path", "std_sort", "unstable_sort"] {
        run(name, 0);
    }
}

#[test]
fn the_fn_can_still_be_called() {
    assert_eq!(plain(), 3_628_800);
    assert_eq!(const_fn_bench(), 42);
    assert!(r#loop());
}

#[test]
fn args_with_display_names() {
    let expected_last = runtime_arg();
    assert_eq!(arg_names("sized"), ["1", "3", &expected_last.to_string()]);
    let mut seen = Vec::new();
    for i in 0..3 {
        let before = SIZED_SEEN.lock().unwrap().len();
        run("sized", i);
        let all = SIZED_SEEN.lock().unwrap();
        assert_eq!(all.len(), before + 1);
        seen.push(all[before]);
    }
    assert_eq!(seen, [1, 3, expected_last]);
    assert_eq!(throughput("sized", 0), Throughput::Bytes(8));
    assert_eq!(throughput("sized", 1), Throughput::Bytes(24));
    assert_eq!(
        throughput("sized", 2),
        Throughput::Bytes(8 * expected_last as u64)
    );
}

#[test]
fn args_with_debug_names() {
    assert_eq!(arg_names("modes"), ["Fast", "Careful { passes: 2 }"]);
    run("modes", 1);
    run("modes", 0);
    let seen = MODES_SEEN.lock().unwrap().clone();
    assert!(
        seen.ends_with(&[Mode::Careful { passes: 2 }, Mode::Fast]),
        "{seen:?}"
    );
    assert_eq!(throughput("modes", 1), Throughput::Elements(10));
    assert_eq!(arg_names("tuple_pattern"), ["(2, 3)", "(4, 5)"]);
}

#[test]
fn throughput_reads_the_arg() {
    assert_eq!(arg_names("strs"), ["a", "bcd"]);
    assert_eq!(throughput("strs", 0), Throughput::Bytes(1));
    assert_eq!(throughput("strs", 1), Throughput::Bytes(3));
    assert_eq!(throughput("tuple_pattern", 0), Throughput::Elements(6));
    assert_eq!(throughput("tuple_pattern", 1), Throughput::Elements(20));
    assert_eq!(
        throughput("mut_pattern_unused_in_throughput", 1),
        Throughput::Bytes(4096)
    );
    assert_eq!(
        throughput("overridden_by_consts", 0),
        Throughput::Elements(40)
    );
    for name in ["strs", "tuple_pattern", "mut_pattern_unused_in_throughput"] {
        run(name, 0);
        run(name, 1);
    }
}

#[test]
#[should_panic(expected = "zenbench: bench `strs` has 2 args; there is no arg 2")]
fn arg_index_out_of_range_panics() {
    run("strs", 2);
}

#[test]
fn overrides() {
    assert_eq!(
        entry("overridden").options,
        BenchOptions {
            max_time: Some(2.0),
            min_rounds: Some(5),
            max_rounds: Some(50),
            noise_threshold: Some(0.02),
            target_precision: Some(0.01),
            cache_firewall: Some(true),
            cold_start: Some(false),
            linear_sampling: Some(true),
            ..BenchOptions::NONE
        }
    );
    assert_eq!(
        entry("overridden_by_consts").options,
        BenchOptions {
            max_time: Some(0.5),
            max_rounds: Some(80),
            ..BenchOptions::NONE
        }
    );
}
