use super::fixture::{self, name, synthetic, CPUS};
use super::md::history_md;
use super::*;
use crate::store::{analyze, analyze_config};

/// The synthetic history of `benches` × `runs`, analysed, as one file.
pub(crate) fn analysed(benches: usize, runs: usize) -> Vec<HistoryFile> {
    let records = synthetic(benches, runs, 7);
    vec![HistoryFile {
        target: "examples".into(),
        path: ".zenbench/history/examples.jsonl".into(),
        trends: analyze(records, &analyze_config()),
        skipped: 0,
    }]
}

#[test]
fn the_latest_shifts_are_the_stepped_benchmarks_and_every_machine_change_is_marked() {
    let files = analysed(20, 100);
    let d = Dashboard::of(&files, analyze_config());
    assert_eq!(d.benches.len(), 20);
    assert_eq!(d.runs(), 100);
    let stepped: Vec<&str> = d
        .shifts
        .iter()
        .map(|s| d.benches[s.bench].trend.full_name.as_str())
        .collect();
    let expected: Vec<String> = (0..20).filter(|k| k % 3 == 0).map(name).collect();
    let mut sorted = stepped.clone();
    sorted.sort_by_key(|n| n[n.find("/b").unwrap() + 2..].parse::<usize>().unwrap());
    assert_eq!(sorted, expected, "{stepped:?}");
    for s in &d.shifts {
        assert!(
            (49..=51).contains(&s.at),
            "{}: {}",
            s.at,
            d.benches[s.bench].trend.full_name
        );
        assert!((s.pct_change - 15.0).abs() < 2.0, "{}", s.pct_change);
        assert_eq!(s.word(), "slower");
    }
    for b in &d.benches {
        let machines: Vec<_> = b
            .trend
            .findings
            .iter()
            .filter_map(|f| match f {
                Finding::Testbed { at, from, to } => Some((*at, from.as_str(), to.as_str())),
                Finding::Shift { .. } => None,
            })
            .collect();
        assert_eq!(
            machines,
            [(fixture::machine_at(100), CPUS[0], CPUS[1])],
            "{}",
            b.trend.full_name
        );
    }
    assert!(
        d.summary()
            .starts_with("20 benchmarks · 100 runs · 2026-01-01 … 2026-01-25"),
        "{}",
        d.summary()
    );
}

#[test]
fn the_newest_shift_comes_first() {
    // Two benchmarks: `old` steps at run 20, `new` at run 60.
    let mut records = Vec::new();
    for i in 0..100 {
        for (bench, at) in [("g/old", 20), ("g/new", 60)] {
            let mut r = synthetic(1, 100, 1)[i].clone();
            r.full_name = bench.into();
            r.testbed_id = "t".into();
            let noise = 1.0 + 0.005 * ((i * 7919 % 13) as f64 / 6.0 - 1.0);
            r.mean_ns = if i < at { 100.0 } else { 120.0 } * noise;
            records.push(r);
        }
    }
    let files = vec![HistoryFile {
        target: "t".into(),
        path: "t.jsonl".into(),
        trends: analyze(records, &analyze_config()),
        skipped: 0,
    }];
    let d = Dashboard::of(&files, analyze_config());
    let order: Vec<&str> = d
        .shifts
        .iter()
        .map(|s| d.benches[s.bench].trend.full_name.as_str())
        .collect();
    assert_eq!(order, ["g/new", "g/old"]);
    let s = &d.shifts[0];
    let t = d.benches[s.bench].trend;
    assert_eq!(s.when(t), format!("{}, 40 runs ago", date(&t.records[60])));
    assert_eq!(
        s.commits(t, &|c| format!("[{c}]")),
        format!(
            "[{}] → [{}]",
            commit(&t.records[59]),
            commit(&t.records[60])
        )
    );
}

#[test]
fn markdown_has_the_shift_row_and_a_line_per_benchmark() {
    let files = analysed(20, 100);
    let d = Dashboard::of(&files, analyze_config());
    let md = history_md(&d);
    assert!(md.starts_with("## zenbench history\n\n20 benchmarks · 100 runs"));
    assert!(md.contains(
        "| benchmark | change | before → after | when | commits |\n|:---|---:|:---|:---|:---|\n"
    ));
    let row = md
        .lines()
        .find(|l| l.starts_with("| `g0/b0` |"))
        .unwrap_or_else(|| panic!("no row of g0/b0:\n{md}"));
    assert!(
        row.contains("| ▲ +1") && row.contains("% slower |"),
        "{row}"
    );
    assert!(row.contains(" runs ago |"), "{row}");
    // The commits on either side, as code spans.
    let at = d.shifts.iter().find(|s| s.bench == 0).unwrap().at;
    let commits = format!(
        "| `{}` → `{}` |",
        &fixture::commit_of(at - 1)[..12],
        &fixture::commit_of(at)[..12]
    );
    assert!(row.ends_with(&commits), "{row}");
    assert!(!md.lines().any(|l| l.starts_with("| `g0/b1` |")), "{md}");
    // One summary line per benchmark, with its last mean and findings.
    for k in 0..20 {
        let line = md
            .lines()
            .find(|l| l.starts_with(&format!("- `{}`: last ", name(k))))
            .unwrap_or_else(|| panic!("no line of {}:\n{md}", name(k)));
        assert!(line.contains(" · 100 runs · "), "{line}");
        assert!(
            line.contains("machine changed between `"),
            "a machine change: {line}"
        );
        assert_eq!(
            line.contains("% (") && line.contains(" → "),
            k % 3 == 0,
            "{line}"
        );
    }
    assert!(!md.contains("</"), "no HTML in the Markdown");
}

#[test]
fn several_targets_name_each_benchmarks_target() {
    let mut files = analysed(3, 100);
    let mut other = analysed(3, 100).remove(0);
    other.target = "validation".into();
    other.skipped = 2;
    files.push(other);
    let d = Dashboard::of(&files, analyze_config());
    assert!(d.several_targets());
    let md = history_md(&d);
    assert!(md.contains("| target | benchmark | change |"), "{md}");
    assert!(md.contains("| `validation` | `g0/b0` |"), "{md}");
    assert!(md.contains("#### `examples`\n\n- `g0/b0`"), "{md}");
    assert!(md.contains("2 unreadable lines skipped"), "{md}");
}

#[test]
fn no_shift_says_so() {
    let mut records = synthetic(2, 40, 3);
    records.retain(|r| r.full_name == "g0/b1" && r.cpu_model == CPUS[0]);
    let files = vec![HistoryFile {
        target: "t".into(),
        path: "t.jsonl".into(),
        trends: analyze(records, &analyze_config()),
        skipped: 0,
    }];
    let md = history_md(&Dashboard::of(&files, analyze_config()));
    assert!(
        md.contains("### Latest shifts\n\nNo shift found.\n"),
        "{md}"
    );
    assert!(md.contains("- `g0/b1`: last "), "{md}");
    assert!(md.contains(" · 32 runs · no shift\n"), "{md}");
}

#[test]
fn a_machine_change_with_the_same_cpu_names_what_else_may_differ() {
    let records = synthetic(1, 10, 1);
    let t = Trend {
        full_name: "g0/b0".into(),
        records,
        findings: Vec::new(),
    };
    let f = Finding::Testbed {
        at: 5,
        from: "cpu".into(),
        to: "cpu".into(),
    };
    let words = finding_words(&t, &f, &str::to_owned, &|s| format!("`{s}`"));
    assert!(
        words.contains("(same CPU `cpu`, another OS, arch, core count or cache size)"),
        "{words}"
    );
}
