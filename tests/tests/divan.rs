//! divan suites under zenbench: the fixtures `fixture_divan` (divan's
//! `main`) and `fixture_divan_main` (a main of its own) are built against
//! `divan = { package = "zenbench-divan" }` and run as `cargo bench` (with
//! `--bench`) and `cargo test --benches` (without) run them.

use serde_json::Value;
use zenbench_tests::{full_names, group, group_names, groups, measuring, rows, run, run_env};

const DIVAN: &str = env!("CARGO_BIN_EXE_fixture_divan");
const DIVAN_MAIN: &str = env!("CARGO_BIN_EXE_fixture_divan_main");

/// Every bench of `fixture_divan` (the ignored too), as zenbench names
/// them before thread rows: lone benches by their module path, a group's
/// rows under the group.
const LISTED: [&str; 37] = [
    "checksum",
    "tuned_checksum",
    "fill/8",
    "fill/64",
    "fibonacci/1",
    "fibonacci/10",
    "fibonacci/20",
    "word_count/short",
    "word_count/a somewhat longer line",
    "extend/Vec<u32>",
    "extend/VecDeque<u32>",
    "extend/std::collections::LinkedList<u32>",
    "hash_bytes/DefaultHasher/8",
    "hash_bytes/DefaultHasher/64",
    "hash_bytes/std::collections::hash_map::RandomState/8",
    "hash_bytes/std::collections::hash_map::RandomState/64",
    "array_sum/4",
    "array_sum/32",
    "rotate/1",
    "rotate/7",
    "rotate/31",
    "parse_numbers",
    "collect_range",
    "acquire",
    "slow_rebuild",
    "unfinished",
    "always_built",
    "text::upper",
    "text::lower",
    "text::try",
    "sorting/stable",
    "sorting/unstable",
    "sorting/into_sorted",
    "sorting/by_key::reverse",
    "sorting/already_sorted",
    "contention/atomic_add",
    "contention/mutex_add",
];

const GROUPS: [&str; 18] = [
    "checksum",
    "tuned_checksum",
    "fill",
    "fibonacci",
    "word_count",
    "extend",
    "hash_bytes",
    "array_sum",
    "rotate",
    "parse_numbers",
    "collect_range",
    "acquire",
    "always_built",
    "text::upper",
    "text::lower",
    "text::try",
    "sorting",
    "contention",
];

/// `(kind, per_iteration)` of a row's throughput.
fn throughput(v: &Value, full_name: &str) -> Option<(String, u64)> {
    let b = groups(v)
        .iter()
        .flat_map(|g| g["benchmarks"].as_array().unwrap())
        .find(|b| b["full_name"] == full_name)
        .unwrap_or_else(|| panic!("no bench {full_name}"));
    let t = &b["throughput"];
    if t.is_null() {
        return None;
    }
    Some((
        t["kind"].as_str().unwrap().to_owned(),
        t["per_iteration"].as_u64().unwrap(),
    ))
}

fn json_of(exe: &str, args: &[&str]) -> Value {
    let r = run(exe, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r.json()
}

#[test]
fn cargo_bench_runs_each_bench_group_as_one_interleaved_comparison() {
    let _m = measuring();
    let v = json_of(
        DIVAN,
        &[
            "--bench",
            "--format",
            "json",
            "--sample-count",
            "5",
            "--max-time",
            "2",
        ],
    );
    assert_eq!(v["mode"], "bench");
    assert_eq!(group_names(&v), GROUPS);
    // `--sample-count 5` is five rounds in every group.
    for g in groups(&v) {
        assert_eq!(g["rounds"], 5, "group {}", g["name"]);
    }
    // A bench_group is one group: its rows interleaved, each compared,
    // paired, with the first (and a plain module inside it adds its path).
    let sorting = group(&v, "sorting");
    assert_eq!(
        rows(sorting),
        [
            "stable",
            "unstable",
            "into_sorted",
            "by_key::reverse",
            "already_sorted"
        ]
    );
    assert_eq!(sorting["baseline"], "stable");
    let compared: Vec<(&str, &str)> = sorting["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["baseline"].as_str().unwrap(),
                c["candidate"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        compared,
        [
            ("stable", "unstable"),
            ("stable", "into_sorted"),
            ("stable", "by_key::reverse"),
            ("stable", "already_sorted")
        ]
    );
    for c in sorting["comparisons"].as_array().unwrap() {
        assert!(
            ["faster", "slower", "same", "uncertain"].contains(&c["verdict"].as_str().unwrap()),
            "{c}"
        );
        assert_eq!(c["n"], 5, "paired over the five rounds: {c}");
    }
    // `threads = THREADS` on the group: a row per count, paired per count.
    let contention = group(&v, "contention");
    assert_eq!(
        rows(contention),
        [
            "atomic_add/t=1",
            "atomic_add/t=2",
            "mutex_add/t=1",
            "mutex_add/t=2"
        ]
    );
    assert_eq!(contention["comparisons"].as_array().unwrap().len(), 2);
    // Two benches at two counts each: no one scaling curve.
    assert!(contention["scaling"].is_null(), "{}", contention["scaling"]);
    // Generic instances are compared with the first.
    assert_eq!(
        rows(group(&v, "extend")),
        [
            "Vec<u32>",
            "VecDeque<u32>",
            "std::collections::LinkedList<u32>"
        ]
    );
    assert_eq!(
        group(&v, "extend")["comparisons"].as_array().unwrap().len(),
        2
    );
    // The ignored benches are not run.
    let names = full_names(&v);
    assert!(
        !names
            .iter()
            .any(|n| n == "slow_rebuild" || n == "unfinished"),
        "{names:?}"
    );
    for b in groups(&v)
        .iter()
        .flat_map(|g| g["benchmarks"].as_array().unwrap())
    {
        assert_eq!(b["failed"], false, "{b}");
    }
}

#[test]
fn counters_become_zenbench_throughput() {
    let v = json_of(DIVAN, &["--format", "json"]);
    let bytes = |n| Some(("bytes".to_owned(), n));
    let elements = |n| Some(("elements".to_owned(), n));
    assert_eq!(throughput(&v, "fill/8"), bytes(8));
    assert_eq!(throughput(&v, "fill/64"), bytes(64));
    // `chars_count` counts chars, as elements: "naïve café, déjà vu" is 19.
    assert_eq!(throughput(&v, "text::upper"), elements(19));
    // Of `counters = [bytes, chars]`, the first: its 23 bytes.
    assert_eq!(throughput(&v, "text::lower"), bytes(23));
    // The group's `items_count` reaches each row.
    for row in [
        "stable",
        "unstable",
        "into_sorted",
        "by_key::reverse",
        "already_sorted",
    ] {
        assert_eq!(
            throughput(&v, &format!("sorting/{row}")),
            elements(256),
            "{row}"
        );
    }
    // `input_counter` and `count_inputs_as`: the mean over the inputs.
    assert_eq!(throughput(&v, "parse_numbers"), bytes(13));
    assert_eq!(throughput(&v, "collect_range"), elements(100));
    assert_eq!(throughput(&v, "checksum"), None);
    // `--bytes-count` gives every bench without a counter its own.
    let v = json_of(
        DIVAN,
        &[
            "--format",
            "json",
            "--bytes-count",
            "100",
            "^(checksum|fill)",
        ],
    );
    assert_eq!(throughput(&v, "checksum"), bytes(100));
    assert_eq!(throughput(&v, "fill/8"), bytes(8));
}

#[test]
fn cargo_test_runs_each_bench_once() {
    let r = run(DIVAN, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["mode"], "test");
    assert_eq!(group_names(&v), GROUPS);
    for g in groups(&v) {
        assert_eq!(g["rounds"], 1, "group {}", g["name"]);
        for b in g["benchmarks"].as_array().unwrap() {
            assert_eq!(b["failed"], false, "{b}");
            assert_eq!(b["summary"]["n"], 1, "{b}");
        }
    }
    // Raw names lose their `r#`; name expressions are used as written.
    let names = full_names(&v);
    assert!(names.contains(&"text::try".to_owned()), "{names:?}");
    assert!(names.contains(&"tuned_checksum".to_owned()), "{names:?}");
    assert!(
        !names.iter().any(|n| n.contains("never_built")),
        "{names:?}"
    );
    let pretty = run(DIVAN, &[]);
    assert_eq!(pretty.code, 0);
    assert!(
        pretty.stderr.contains("37 passed; 0 failed"),
        "{}",
        pretty.stderr
    );
}

#[test]
fn list_and_ignored_select_as_divan_does() {
    let r = run(DIVAN, &["--list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let listed: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": benchmark"))
        .collect();
    assert_eq!(listed, LISTED);

    let v = json_of(DIVAN, &["--format", "json", "--ignored"]);
    assert_eq!(full_names(&v), ["slow_rebuild", "unfinished"]);
    let v = json_of(
        DIVAN,
        &["--format", "json", "--include-ignored", "^(slow|unf|check)"],
    );
    assert_eq!(full_names(&v), ["checksum", "slow_rebuild", "unfinished"]);
    // divan's paths are the filters' names.
    let v = json_of(DIVAN, &["--format", "json", "text::"]);
    assert_eq!(full_names(&v), ["text::upper", "text::lower", "text::try"]);
    let v = json_of(DIVAN, &["--format", "json", "--exact", "text::try"]);
    assert_eq!(full_names(&v), ["text::try"]);
    let v = json_of(
        DIVAN,
        &[
            "--format",
            "json",
            "--skip",
            "^(?:[a-z_]+)$",
            "--skip",
            "/",
            "text",
        ],
    );
    assert_eq!(full_names(&v), ["text::upper", "text::lower", "text::try"]);
}

#[test]
fn the_groups_sample_count_and_threads_hold_unless_the_command_line_says_otherwise() {
    let _m = measuring();
    // `sample_count = 40` on the group.
    let v = json_of(
        DIVAN,
        &[
            "--bench",
            "--format",
            "json",
            "--max-time",
            "10",
            "^contention/",
        ],
    );
    assert_eq!(group(&v, "contention")["rounds"], 40);
    // `--threads 1` replaces the group's counts; `DIVAN_SAMPLE_COUNT` its
    // sample count.
    let r = run_env(
        DIVAN,
        &[
            "--bench",
            "--format",
            "json",
            "--threads",
            "1",
            "^contention/",
        ],
        &[("DIVAN_SAMPLE_COUNT", "4")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let g = group(&v, "contention");
    assert_eq!(rows(g), ["atomic_add/t=1", "mutex_add/t=1"]);
    assert_eq!(g["rounds"], 4);
}

#[test]
fn child_processes_read_the_translated_command_line() {
    let _m = measuring();
    // Each child is this binary again, with divan's flags: it translates
    // them as the parent did, so its rows are the parent's.
    let v = json_of(
        DIVAN,
        &[
            "--bench",
            "--format",
            "json",
            "--sample-count",
            "3",
            "--threads",
            "3",
            "--best-of-processes",
            "2",
            "^(contention|fill)/",
        ],
    );
    assert_eq!(v["repetition"]["processes"], 2);
    assert_eq!(group_names(&v), ["fill", "contention"]);
    // A count the group does not list: a child that missed `--threads`
    // would have no such row.
    assert_eq!(
        rows(group(&v, "contention")),
        ["atomic_add/t=3", "mutex_add/t=3"]
    );
    for g in groups(&v) {
        for b in g["benchmarks"].as_array().unwrap() {
            assert_eq!(b["failed"], false, "{b}");
        }
    }
}

#[test]
fn divan_flags_with_no_meaning_here_are_accepted_with_a_note() {
    let args = [
        "--sample-size",
        "100",
        "--min-time",
        "1",
        "--sort",
        "name",
        "--bytes-format",
        "binary",
        "--skip-ext-time",
        "--timer",
        "os",
        "--format",
        "json",
        "^checksum$",
    ];
    let r = run(DIVAN, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(full_names(&r.json()), ["checksum"]);
    for flag in [
        "--sample-size",
        "--min-time",
        "--sort",
        "--bytes-format",
        "--skip-ext-time",
    ] {
        let notes: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| l.starts_with(&format!("zenbench-divan: `{flag}` has no effect")))
            .collect();
        assert_eq!(notes.len(), 1, "{flag}: {}", r.stderr);
    }
    let mut quiet = args.to_vec();
    quiet.push("-q");
    let r = run(DIVAN, &quiet);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("has no effect"), "{}", r.stderr);
}

#[test]
fn bad_command_lines_are_one_line_errors_with_exit_code_2() {
    for (args, expected) in [
        (
            &["--sample-count", "0"][..],
            "error: invalid value `0` for `--sample-count`: expected a whole number >= 1",
        ),
        (
            &["--bench", "--sample-cont", "5"],
            "error: unknown flag `--sample-cont`; did you mean `--sample-count`?",
        ),
        (
            &["--sort", "fastest"],
            "error: invalid value `fastest` for `--sort`: expected kind, name or location",
        ),
        (
            &["--frobnicate"],
            "error: unknown flag `--frobnicate`; run with `--help` to see the flags",
        ),
        (
            &["--max-time", "soon"],
            "error: invalid value `soon` for `--max-time`: expected seconds, a finite number > 0",
        ),
    ] {
        let r = run(DIVAN, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.trim_end(), expected, "{args:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
}

#[test]
fn a_custom_main_keeps_its_settings_over_the_command_line() {
    let _m = measuring();
    let v = json_of(
        DIVAN_MAIN,
        &["--bench", "--format", "json", "--sample-count", "9"],
    );
    assert_eq!(
        group_names(&v),
        [
            "through_another_name",
            "uses_the_default_counter",
            "codec::encode",
            "codec::encode::lookup"
        ]
    );
    // `.sample_count(3)` after `from_args()` wins over `--sample-count 9`.
    for g in groups(&v) {
        assert_eq!(g["rounds"], 3, "group {}", g["name"]);
    }
    let encode = group(&v, "codec::encode");
    assert_eq!(rows(encode), ["hex", "xor_fold", "own_counter"]);
    // The group's `max_time = Duration::from_millis(800)`, evaluated
    // beside the group's module.
    assert_eq!(encode["config"]["max_time_s"], 0.8);
    let bytes = |n| Some(("bytes".to_owned(), n));
    // `.bytes_count(1024)` for the benches without a counter; the group's
    // counter for its rows (the nested group's too), a bench's own first.
    assert_eq!(throughput(&v, "through_another_name"), bytes(1024));
    assert_eq!(throughput(&v, "uses_the_default_counter"), bytes(1024));
    assert_eq!(throughput(&v, "codec::encode/hex"), bytes(32));
    assert_eq!(throughput(&v, "codec::encode::lookup/nibble"), bytes(32));
    assert_eq!(
        throughput(&v, "codec::encode/own_counter"),
        Some(("elements".to_owned(), 8))
    );
    // `#[ignore]` on a bench_group ignores its benches.
    let v = json_of(DIVAN_MAIN, &["--format", "json", "--ignored"]);
    assert_eq!(full_names(&v), ["expensive/big_sort"]);
}

const BUDGETS: &str = env!("CARGO_BIN_EXE_fixture_divan_budgets");

/// Each row's sample count in group `name`.
fn samples(v: &Value, name: &str) -> Vec<(String, u64)> {
    group(v, name)["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let n = b["summary"]["n"].as_u64().unwrap();
            (b["name"].as_str().unwrap().to_string(), n)
        })
        .collect()
}

#[test]
fn each_benchmark_keeps_its_own_budget_and_sample_count() {
    let _m = measuring();
    let v = json_of(BUDGETS, &["--bench", "--format", "json"]);
    // `max_time = 0.4` is each input's: the 40 ms one leaves the rounds
    // after about ten samples, and the fast ones still take the default
    // minimum of 30 (with one budget for all, every row stopped at ~10).
    let steps = samples(&v, "steps");
    let names: Vec<&str> = steps.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["1", "2", "3", "40"]);
    for (name, n) in &steps[..3] {
        assert!(*n >= 30, "row {name}: {n} samples: {steps:?}");
    }
    let slow = steps[3].1;
    assert!((2..=11).contains(&slow), "the 40 ms row: {slow} samples");
    assert_eq!(group(&v, "steps")["stop_reason"], "max_time");
    // The group's config shows the benches' own budget, not a sum.
    assert_eq!(group(&v, "steps")["config"]["max_time_s"], 0.4);
    // `sample_count = 12` is that bench's; its sibling keeps the default.
    let counted = samples(&v, "counted");
    assert_eq!(counted[0], ("twelve".to_string(), 12), "{counted:?}");
    assert!(counted[1].1 >= 30, "{counted:?}");
}
