//! The planner: groups, baselines, comparisons, thread rows and the
//! configuration each group resolves.

use super::*;

#[test]
fn sweep_counts_are_powers_of_two_then_the_core_counts() {
    assert_eq!(scaling_counts(1, 1), [1]);
    assert_eq!(scaling_counts(1, 2), [1, 2]);
    assert_eq!(scaling_counts(2, 2), [1, 2]);
    assert_eq!(scaling_counts(2, 4), [1, 2, 4]);
    assert_eq!(scaling_counts(6, 12), [1, 2, 4, 6, 12]);
    assert_eq!(scaling_counts(8, 16), [1, 2, 4, 8, 16]);
    assert_eq!(scaling_counts(16, 16), [1, 2, 4, 8, 16]);
    assert_eq!(scaling_counts(0, 0), [1]);
}
use crate::define::registry::Routine;
use crate::measure::bencher::Bencher;
use std::sync::Arc;

fn def(group: &str, source: &str, arg: Option<&str>, explicit: bool) -> BenchDef {
    let name = match (explicit, arg) {
        (true, Some(a)) => format!("{source}/{a}"),
        (false, Some(a)) => a.to_string(),
        _ => source.to_string(),
    };
    let full_name = if explicit || arg.is_some() {
        format!("{group}/{name}")
    } else {
        name.clone()
    };
    BenchDef {
        name,
        group: group.to_string(),
        full_name,
        explicit_group: explicit,
        source_name: source.to_string(),
        file: "f.rs".into(),
        line: 1,
        column: 1,
        order: 0,
        baseline: false,
        ignore: false,
        arg: arg.map(str::to_string),
        options: BenchOptions::NONE,
        throughput: None,
        routine: Routine::Dynamic(Arc::new(|b: &mut Bencher| b.iter(|| 1))),
        thread_spec: None,
        threads: None,
        contended: None,
        complexity: None,
    }
}

fn all(_: &str) -> bool {
    true
}

#[test]
fn groups_keep_source_order_and_first_is_default_baseline() {
    let defs = vec![
        def("sort", "std", None, true),
        def("x", "x", None, false),
        def("sort", "radix", None, true),
    ];
    let p = plan(defs, &Options::default(), &all).unwrap();
    assert_eq!(
        p.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
        ["sort", "x"]
    );
    let sort = &p.groups[0];
    assert_eq!(sort.baseline, 0);
    assert_eq!(sort.comparisons, [(0, 1)]);
    assert_eq!(sort.classes, [0, 0]);
    assert!(p.groups[1].comparisons.is_empty());
}

#[test]
fn marked_baseline_wins_and_two_baselines_are_an_error() {
    let mut defs = vec![
        def("g", "a", None, true),
        def("g", "b", None, true),
        def("g", "c", None, true),
    ];
    defs[1].baseline = true;
    let p = plan(defs.clone(), &Options::default(), &all).unwrap();
    assert_eq!(p.groups[0].baseline, 1);
    assert_eq!(p.groups[0].comparisons, [(1, 0), (1, 2)]);
    defs[2].baseline = true;
    let err = plan(defs, &Options::default(), &all).unwrap_err();
    assert!(err.to_string().contains("more than one baseline"), "{err}");
}

#[test]
fn args_group_has_no_comparisons_and_separate_iteration_classes() {
    let defs = vec![
        def("hash", "hash", Some("64"), false),
        def("hash", "hash", Some("4096"), false),
    ];
    let g = &plan(defs, &Options::default(), &all).unwrap().groups[0];
    assert!(g.comparisons.is_empty());
    assert_eq!(g.classes, [0, 1]);
}

#[test]
fn explicit_group_with_args_pairs_rows_of_the_same_arg() {
    let defs = vec![
        def("sort", "std", Some("10"), true),
        def("sort", "std", Some("99"), true),
        def("sort", "radix", Some("10"), true),
        def("sort", "radix", Some("99"), true),
        def("sort", "radix", Some("7"), true),
    ];
    let g = &plan(defs, &Options::default(), &all).unwrap().groups[0];
    assert_eq!(g.comparisons, [(0, 2), (1, 3)]);
    assert_eq!(g.classes, [0, 1, 0, 1, 2]);
}

#[test]
fn filters_and_ignore_flags_select_rows() {
    let mut defs = vec![
        def("a", "a", None, false),
        def("b", "b", None, false),
        def("c", "c", None, false),
    ];
    defs[2].ignore = true;
    let only_b = |n: &str| n == "b";
    let p = plan(defs.clone(), &Options::default(), &only_b).unwrap();
    assert_eq!(p.groups.len(), 1);
    assert_eq!(p.groups[0].name, "b");
    let names = |o: &Options| {
        plan(defs.clone(), o, &all)
            .unwrap()
            .groups
            .iter()
            .map(|g| g.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&Options::default()), ["a", "b"]);
    assert_eq!(
        names(&{
            let mut o = Options::default();
            o.selection.ignored = true;
            o
        }),
        ["c"]
    );
    assert_eq!(
        names(&{
            let mut o = Options::default();
            o.selection.include_ignored = true;
            o
        }),
        ["a", "b", "c"]
    );
}

#[test]
fn thread_rows_expand_per_count_and_pair_with_the_fewest_threads() {
    let mut lone = def("work", "work", None, false);
    lone.thread_spec = Some(ThreadSpec::Counts(vec![1, 2, 4]));
    let p = plan(vec![lone.clone()], &Options::default(), &all).unwrap();
    let g = &p.groups[0];
    let names: Vec<_> = g.benches.iter().map(|b| b.full_name.as_str()).collect();
    assert_eq!(names, ["work/t=1", "work/t=2", "work/t=4"]);
    assert_eq!(g.comparisons, [(0, 1), (0, 2)]);
    assert_eq!(g.classes, [0, 0, 0], "one iteration count per thread");
    // --threads replaces the counts; 0 is every logical core.
    let mut opts = Options::default();
    opts.engine.threads = Some(vec![0]);
    let p = plan(vec![lone.clone()], &opts, &all).unwrap();
    let logical = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(p.groups[0].benches[0].threads, Some(logical));
    // A count given twice, even apart (0 is the machine's count), is one row.
    lone.thread_spec = Some(ThreadSpec::Counts(vec![logical, 1, 0, logical]));
    let p = plan(vec![lone], &Options::default(), &all).unwrap();
    let counts: Vec<_> = p.groups[0].benches.iter().map(|b| b.threads).collect();
    let mut expected = vec![Some(logical)];
    if logical != 1 {
        expected.push(Some(1));
    }
    assert_eq!(counts, expected);
    // In a named group with args: rows fn/arg/t=N, paired with the
    // baseline fn's row of the same arg and count.
    let mut defs = vec![
        def("lock", "std", Some("8"), true),
        def("lock", "spin", Some("8"), true),
    ];
    for d in &mut defs {
        d.thread_spec = Some(ThreadSpec::Counts(vec![1, 2]));
    }
    let g = &plan(defs, &Options::default(), &all).unwrap().groups[0];
    let names: Vec<_> = g.benches.iter().map(|b| b.full_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "lock/std/8/t=1",
            "lock/std/8/t=2",
            "lock/spin/8/t=1",
            "lock/spin/8/t=2"
        ]
    );
    assert_eq!(g.comparisons, [(0, 2), (1, 3)]);
    assert_eq!(g.classes, [0, 1, 0, 1]);
}

#[test]
fn duplicate_full_names_are_a_config_error() {
    let defs = vec![def("p", "p", None, false), def("p", "p", None, false)];
    let err = plan(defs, &Options::default(), &all).unwrap_err();
    assert!(
        err.to_string().contains("two benchmarks are named `p`"),
        "{err}"
    );
}

#[test]
fn config_precedence_is_default_then_attribute_then_cli() {
    let mut defs = vec![def("g", "a", None, true), def("g", "b", None, true)];
    let g = &plan(defs.clone(), &Options::default(), &all)
        .unwrap()
        .groups[0];
    assert_eq!(g.config.max_time_s, 10.0);
    assert_eq!(g.config.min_rounds, 30);
    defs[1].options.max_time = Some(2.5);
    defs[1].options.noise_threshold = Some(0.02);
    let g = &plan(defs.clone(), &Options::default(), &all)
        .unwrap()
        .groups[0];
    assert_eq!((g.config.max_time_s, g.config.noise_threshold), (2.5, 0.02));
    let mut cli = Options::default();
    cli.config.max_time = Some(0.5);
    let g = &plan(defs, &cli, &all).unwrap().groups[0];
    assert_eq!((g.config.max_time_s, g.config.noise_threshold), (0.5, 0.02));
}

#[test]
fn a_partition_takes_whole_groups_dealt_before_the_ignore_flags() {
    let mut defs = vec![
        def("sort", "std", None, true),
        def("a", "a", None, false),
        def("sort", "radix", None, true),
        def("b", "b", None, false),
        def("c", "c", None, false),
    ];
    // `a` is ignored: it still takes its place in the deal (position 1).
    defs[1].ignore = true;
    let groups = |spec: &str| {
        let mut o = Options::default();
        o.selection.partition = Some(spec.parse().unwrap());
        plan(defs.clone(), &o, &all)
            .unwrap()
            .groups
            .iter()
            .map(|g| (g.name.clone(), g.benches.len()))
            .collect::<Vec<_>>()
    };
    // sort: 0, a: 1, b: 2, c: 3.
    assert_eq!(
        groups("count:1/2"),
        [("sort".to_owned(), 2), ("b".to_owned(), 1)]
    );
    assert_eq!(groups("count:2/2"), [("c".to_owned(), 1)]);
    assert_eq!(groups("count:1/1").len(), 4 - 1);
    // Each group in exactly one hash part, whole.
    let mut seen = Vec::new();
    for k in 1..=3 {
        seen.extend(groups(&format!("hash:{k}/3")));
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            ("b".to_owned(), 1),
            ("c".to_owned(), 1),
            ("sort".to_owned(), 2)
        ]
    );
}
