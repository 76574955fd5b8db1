use super::*;
use crate::report::fixture::{bench, bench_suite_against, smoke_suite, with_min_detectable};

#[test]
fn a_compared_group_has_its_baseline_changes_and_failures() {
    let r = bench_suite_against();
    let report = Report::of(&r);
    let sort = &report.groups[0];
    assert!(sort.compared && !sort.rates && !sort.counted);
    assert_eq!(sort.rows.len(), 7);
    assert_eq!(sort.stop, "converged");
    assert_eq!(sort.stats[..2], ["120 rounds", "1000 iters/sample"]);
    let names: Vec<String> = sort
        .rows
        .iter()
        .map(|r| r.name(r.bench.name.clone()))
        .collect();
    assert_eq!(names[0], "std_sort (baseline)");
    assert_eq!(names[1], "radix");
    assert!(sort.rows[0].change.is_none(), "the baseline has no change");
    let radix = sort.rows[1].change.as_ref().unwrap();
    assert_eq!(
        (radix.pct(), radix.ci(), radix.word()),
        ("-50.4%".into(), "[-51.2%, -49.6%]".into(), "faster")
    );
    // The baseline's mean sets the unit of the column.
    assert_eq!(sort.baseline_ns, Some(1234.0));
    assert_eq!(
        sort.rows[6].figures,
        Figures::Failed("index out of bounds: the len is 3 but the index is 7".into())
    );
    assert_eq!(
        report.failed,
        [(
            "sort/quick",
            "index out of bounds: the len is 3 but the index is 7".to_owned()
        )]
    );
    let merge = &sort.rows[4];
    assert_eq!(merge.caveats, [Caveat::CiCrossesZero, Caveat::Drift]);
    // Entries against the saved baseline sit on their rows.
    let e = sort.rows[2].against.as_ref().unwrap();
    assert_eq!((e.word, e.old.as_str()), ("regression", "2.200 µs"));
    assert!(sort.rows[3].against.is_none());
}

#[test]
fn measured_rows_carry_times_rates_and_allocations() {
    let r = bench_suite_against();
    let report = Report::of(&r);
    let hash = &report.groups[1];
    assert!(!hash.compared && hash.rates);
    assert_eq!(
        hash.baseline_ns, None,
        "rows of different inputs keep their unit"
    );
    let row = &hash.rows[0];
    assert!(!row.baseline);
    let Figures::Measured(m) = &row.figures else {
        panic!("{:?}", row.figures)
    };
    assert_eq!(m.mean_pm(), "21.70 ns ± 217.0 ps");
    assert_eq!(m.ci_in(&fmt_ns), "[21.48 ns, 21.92 ns]");
    assert_eq!(row.rate.as_ref().unwrap().show(), "2.75 GiB/s");
    assert_eq!(row.alloc.unwrap().words(), "1 alloc, 64 B");
    assert_eq!(hash.stop, "time limit (5.00 s)");
}

#[test]
fn a_group_caveat_is_on_its_section_and_its_rows() {
    let r = bench_suite_against();
    let report = Report::of(&r);
    let tiny = &report.groups[3];
    assert_eq!(tiny.caveats, [Caveat::FewRounds]);
    assert_eq!(tiny.rows[0].own_caveats, [Caveat::OptimisedAway]);
    assert_eq!(
        tiny.rows[0].caveats,
        [Caveat::FewRounds, Caveat::OptimisedAway]
    );
}

#[test]
fn the_context_is_worded_once() {
    let r = bench_suite_against();
    let info = Report::of(&r).info;
    assert_eq!(
        info.run(&|t| format!("`{t}`"), &str::to_owned),
        [
            "zenbench 0.1.0",
            "git `abc1234`",
            "AMD EPYC 7763",
            "x86_64 linux, 1 core / 2 threads"
        ]
    );
    assert_eq!(
        info.timer(),
        ["timer tsc (resolution 300.0 ps)", "loop overhead 400.0 ps"]
    );
    assert_eq!(info.repetition.as_deref(), Some("best of 3 processes"));
    assert_eq!(
        info.children(&str::to_owned),
        ["child process 2 failed (signal 9): killed: out of memory"]
    );
    assert_eq!(info.caches, ["L1d 32.0 KiB", "L2 1.00 MiB", "L3 32.0 MiB"]);
}

#[test]
fn the_comparison_with_a_saved_baseline_decides_once() {
    let r = bench_suite_against();
    let report = Report::of(&r);
    let v = report.against.as_ref().unwrap();
    assert_eq!(v.counts, [1, 1, 1, 1]);
    assert_eq!(v.outcome, Outcome::Fail);
    assert_eq!(v.level, "99% CI");
    assert_eq!(
        v.counts_words(&|t| format!("**{t}**")),
        "**1 regression**, 1 improved, 1 unchanged, 1 uncertain"
    );
    assert_eq!(v.git.as_deref(), Some("0123456789ab"));
    assert!(v.warning(&str::to_owned).is_none(), "same machine");
    let insertion = &v.entries[2];
    assert_eq!(
        (insertion.change.as_str(), insertion.ci.as_str()),
        ("+11.4%", "[+9.80%, +13.1%]")
    );
}

#[test]
fn no_time_at_or_below_zero_is_shown() {
    let mut b = bench("g", "a", 0.05, 0.2);
    b.floor_ns = Some(0.012_62);
    assert_eq!(Time::of(&b, -0.0144).show(), "< 12.62 ps");
    assert_eq!(Time::of(&b, 0.0).show(), "< 12.62 ps");
    assert_eq!(Time::of(&b, 0.05).show(), "50.00 ps");
    assert_eq!(Time::saved(-3.0).show(), "< floor");
    assert_eq!(Time::saved(3.0).show(), "3.000 ns");
    // A CI bound at or below zero leaves the interval one-sided.
    b.mean_ci.as_mut().unwrap().lower_ns = -0.001;
    let Figures::Measured(m) = figures(&b, false) else {
        panic!()
    };
    assert!(m.ci_in(&fmt_ns).starts_with("≤ "), "{}", m.ci_in(&fmt_ns));
    // Below the floor: its bound, and at least its rate.
    b.below_floor = true;
    assert_eq!(
        figures(&b, true),
        Figures::BelowFloor {
            floor: Time::UnderFloor(Some(0.012_62)),
            stddev_ns: b.summary.as_ref().unwrap().stddev_ns,
            n: b.summary.as_ref().unwrap().n,
        }
    );
}

#[test]
fn a_smoke_run_is_not_measured() {
    let r = smoke_suite();
    let report = Report::of(&r);
    assert!(!report.measured);
    assert_eq!(report.benches(), 10);
    assert!(report.against.is_none());
}

#[test]
fn only_unchanged_or_uncertain_entries_that_could_not_catch_the_gate_are_marked() {
    let mut r = bench_suite_against();
    let a = r.against.as_mut().unwrap();
    // hash/64: ±8% around its change, above the ±5% gate.
    with_min_detectable(a, "hash/64", 8.0);
    // A regression as wide is what it is: not marked.
    a.entries[2].min_detectable_pct = Some(20.0);
    let report = Report::of(&r);
    let v = report.against.as_ref().unwrap();
    let marked: Vec<(&str, bool)> = v
        .entries
        .iter()
        .map(|e| (e.entry.full_name.as_str(), e.mde_above_gate))
        .collect();
    assert_eq!(
        marked,
        [
            ("sort/std_sort", false),
            ("sort/radix", false),
            ("sort/insertion", false),
            ("hash/64", true),
        ]
    );
    assert_eq!(v.entries[3].said_marked(), "uncertain ‡");
    assert_eq!(v.entries[0].said_marked(), "unchanged");
    let note = v.footnote.as_deref().unwrap();
    assert!(
        note.starts_with("‡ this comparison could not have told a change smaller than ±8% "),
        "{note}"
    );
    // The row of the run's own table carries the same mark.
    let hash = report
        .groups
        .iter()
        .find(|s| s.group.name == "hash")
        .unwrap();
    assert!(hash.rows[0].against.as_ref().unwrap().mde_above_gate);
    // An `unchanged` one is marked too, and the one footnote gives the range.
    r.against.as_mut().unwrap().entries[0].min_detectable_pct = Some(6.0);
    let report = Report::of(&r);
    let v = report.against.as_ref().unwrap();
    assert!(v.entries[0].mde_above_gate);
    assert_eq!(v.entries[0].said_marked(), "unchanged ‡");
    let note = v.footnote.as_deref().unwrap();
    assert!(
        note.starts_with(
            "‡ these 2 comparisons could not have told a change smaller than ±6% to ±8% "
        ),
        "{note}"
    );
    // Without a figure, or at the gate itself, nothing is marked.
    let a = r.against.as_mut().unwrap();
    a.entries[3].min_detectable_pct = Some(5.0);
    a.entries[0].min_detectable_pct = None;
    let report = Report::of(&r);
    let v = report.against.as_ref().unwrap();
    assert!(v.entries.iter().all(|e| !e.mde_above_gate));
    assert!(v.footnote.is_none());
}
