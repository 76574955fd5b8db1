//! Tests of the pretty report against the fixture results.

use super::fixture::*;
use super::{pretty, Style};
use crate::model::result::{RunMode, StopReason, SuiteResult};

const PLAIN: Style = Style {
    color: false,
    width: None,
    auto_fit: false,
    compact: false,
};
const COLOR: Style = Style {
    color: true,
    width: None,
    auto_fit: false,
    compact: false,
};

/// The pretty report without colour, width limit, fits or compaction.
fn plain(r: &SuiteResult) -> String {
    pretty(r, &PLAIN)
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The line of the row for `name` (`├─ name` or `└─ name`).
fn row<'a>(text: &'a str, name: &str) -> &'a str {
    text.lines()
        .find(|l| {
            let plain = strip_ansi(l);
            ["├─ ", "└─ "].iter().any(|g| {
                plain
                    .strip_prefix(g)
                    .and_then(|rest| rest.strip_prefix(name))
                    .is_some_and(|rest| rest.starts_with(' ') || rest.is_empty())
            })
        })
        .unwrap_or_else(|| panic!("no row {name:?} in\n{text}"))
}

/// Char column of the first `pat` in `line`.
fn col(line: &str, pat: char) -> usize {
    line.chars()
        .position(|c| c == pat)
        .unwrap_or_else(|| panic!("no {pat:?} in {line:?}"))
}

fn superscript_value(token: &str) -> Option<usize> {
    const DIGITS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    if token.is_empty() {
        return None;
    }
    let mut n = 0;
    for c in token.chars() {
        n = n * 10 + DIGITS.chars().position(|d| d == c)?;
    }
    Some(n)
}

fn is_explanation(line: &str) -> Option<usize> {
    let rest = line.strip_prefix("  ")?;
    superscript_value(rest.split(' ').next()?)
}

#[test]
fn rows_show_numbers_and_verdicts() {
    let text = pretty(&bench_suite(), &PLAIN);
    let insertion = row(&text, "insertion");
    assert!(insertion.contains("2.451 µs"), "{insertion}");
    assert!(
        insertion.contains("+98.7% [+95.1%, +102.4%] slower"),
        "{insertion}"
    );
    for (name, verdict) in [
        ("radix", "faster"),
        ("shell", "same"),
        ("merge", "uncertain"),
        ("tim", "slower"),
    ] {
        let r = row(&text, name);
        assert!(r.contains(&format!(" {verdict}")), "{name}: {r}");
    }
    assert!(row(&text, "radix").contains("[-51.2%, -49.6%]"));
    assert!(row(&text, "std_sort").contains("std_sort (baseline)"));
    assert!(
        !row(&text, "std_sort").contains('['),
        "the baseline has no CI"
    );
    assert!(row(&text, "quick")
        .contains("FAILED: index out of bounds: the len is 3 but the index is 7"));
    // Natural order: the input order, glyphs close each tree.
    let names: Vec<usize> = ["std_sort", "radix", "insertion", "shell", "merge", "tim"]
        .iter()
        .map(|n| text.find(row(&text, n)).unwrap())
        .collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]));
    assert!(row(&text, "quick").starts_with("└─"));
    assert!(row(&text, "65536").starts_with("└─"));
    // Throughput, allocations and scaling.
    assert!(row(&text, "4096").contains("4.33 GiB/s"));
    assert!(row(&text, "4096").contains("1 alloc, 4.00 KiB"));
    assert!(row(&text, "t=2").contains("24.1 Melem/s"));
    // The scaling table: threads, throughput in one unit, CI, scaling,
    // efficiency, and the sweet spot's mark.
    let two = text
        .lines()
        .find(|l| l.trim_start().starts_with("2 ") && l.contains("Melem/s"))
        .expect("a scaling row for 2 threads");
    for part in [
        "24.1 Melem/s",
        "[23.9, 24.3]",
        "1.96×",
        "98%",
        "◆ sweet spot",
    ] {
        assert!(two.contains(part), "{two}");
    }
    // Group headers and the closing summary.
    assert!(text.contains("sort  120 rounds · 1000 iters/sample · converged · 2.41 s"));
    assert!(text.contains("hash  200 rounds · 4096 iters/sample · time limit (5.00 s)"));
    assert!(
        text.contains("grows faster than O(n log n)  β +1.02 [+0.97, +1.07] (holds within ±0.15)")
    );
    assert!(text.contains("per-spawn floor: 1.200 ms"), "{text}");
    assert_eq!(
        text.lines().last(),
        Some("4 groups, 15 benchmarks, 1 complexity bench, 1 failed, 9.93 s")
    );
    assert!(text.starts_with("zenbench 0.1.0 · git abc1234 · AMD EPYC 7763"));
}

#[test]
fn args_group_has_no_comparison_or_baseline() {
    let text = pretty(&bench_suite(), &PLAIN);
    let hash: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("hash "))
        .take(5)
        .collect();
    assert!(hash[1].contains("throughput") && !hash[1].contains("change"));
    assert!(hash
        .iter()
        .all(|l| !l.contains("baseline") && !l.contains('[')));
}

#[test]
fn ansi_codes_iff_color() {
    for suite in [bench_suite(), smoke_suite()] {
        let plain = pretty(&suite, &PLAIN);
        let colored = pretty(&suite, &COLOR);
        assert!(!plain.contains('\x1b'));
        assert!(colored.contains("\x1b["));
        // Colour only wraps text: it adds no characters and moves no column.
        assert_eq!(strip_ansi(&colored), plain);
    }
    let text = pretty(&bench_suite(), &COLOR);
    assert!(row(&text, "radix").contains("\x1b[32mfaster\x1b[0m"));
    assert!(row(&text, "radix").contains("\x1b[32m-50.4%\x1b[0m"));
    assert!(row(&text, "insertion").contains("\x1b[31mslower\x1b[0m"));
    assert!(row(&text, "merge").contains("\x1b[2muncertain\x1b[0m"));
    assert!(!row(&text, "shell").contains('\x1b'), "same is plain");
    assert!(row(&text, "quick").contains("\x1b[1;31mFAILED: index"));
    assert!(text.contains("\x1b[1msort\x1b[0m"));
    let smoke = pretty(&smoke_suite(), &COLOR);
    assert!(smoke.contains("test sort/quick ... \x1b[31mFAILED\x1b[0m"));
    assert!(smoke.contains("test sort/radix ... \x1b[32mok\x1b[0m"));
}

#[test]
fn footnotes_are_consecutive_and_each_explained_once() {
    let text = pretty(&bench_suite(), &PLAIN);
    let mut used: Vec<usize> = Vec::new();
    let mut explained: Vec<(usize, usize)> = Vec::new(); // (number, line)
    let mut first_use_line = std::collections::HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(n) = is_explanation(line) {
            explained.push((n, i));
            continue;
        }
        for tok in line.split_whitespace() {
            if let Some(n) = superscript_value(tok) {
                if !used.contains(&n) {
                    used.push(n);
                    first_use_line.insert(n, i);
                }
            }
        }
    }
    let k = used.len();
    assert_eq!(k, 8, "eight kinds of caveat in the fixture:\n{text}");
    assert_eq!(
        used,
        (1..=k).collect::<Vec<_>>(),
        "numbered in reading order"
    );
    let numbers: Vec<usize> = explained.iter().map(|&(n, _)| n).collect();
    assert_eq!(numbers, (1..=k).collect::<Vec<_>>(), "each explained once");
    for (n, line) in explained {
        assert!(line > first_use_line[&n], "¹ explained after first use");
    }
    // The right caveats on the right rows.
    let explanation = |n: usize| -> String {
        text.lines()
            .find(|l| is_explanation(l) == Some(n))
            .unwrap()
            .to_string()
    };
    let marks = |line: &str| -> Vec<String> {
        line.split_whitespace()
            .filter_map(superscript_value)
            .map(explanation)
            .collect()
    };
    let merge = marks(row(&text, "merge"));
    assert!(merge[0].contains("95% CI includes zero") && merge[1].contains("drift"));
    let tim = marks(row(&text, "tim"));
    assert!(tim.iter().any(|e| e.contains("noisy")));
    assert!(tim.iter().any(|e| e.contains("real but tiny")));
    assert!(marks(row(&text, "noop"))[0].contains("optimised away"));
    assert!(marks(row(&text, "add"))[0].contains("under 1 ns per iteration"));
    let tiny_header = text.lines().find(|l| l.starts_with("tiny ")).unwrap();
    assert!(marks(tiny_header)[0].contains("few rounds"));
    // The thread rows moved between the fixture's processes far beyond
    // their CIs.
    assert!(marks(row(&text, "t=1"))[0].contains("process-level variance"));
    // Clean rows carry no marker.
    for name in ["std_sort", "radix", "insertion", "shell", "64"] {
        assert!(marks(row(&text, name)).is_empty(), "{name}");
    }
}

#[test]
fn a_caveat_seen_again_reuses_its_number() {
    let mut suite = bench_suite();
    let mut again = tiny_group();
    again.name = "tiny2".to_string();
    suite.groups.push(again);
    let text = pretty(&suite, &PLAIN);
    let explanations = text.lines().filter(|l| is_explanation(l).is_some()).count();
    assert_eq!(explanations, 8, "no caveat is explained twice");
    assert!(
        text.contains("tiny2  8 rounds")
            && text
                .lines()
                .any(|l| l.starts_with("tiny2 ") && l.ends_with('⁶'))
    );
}

#[test]
fn columns_are_aligned() {
    let text = pretty(&bench_suite(), &PLAIN);
    let compared = ["radix", "insertion", "shell", "merge", "tim"];
    let ci: Vec<usize> = compared.iter().map(|n| col(row(&text, n), '[')).collect();
    assert!(ci.iter().all(|&c| c == ci[0]), "CI columns {ci:?}\n{text}");
    let sort_rows = ["std_sort", "radix", "insertion", "shell", "merge", "tim"];
    let pm: Vec<usize> = sort_rows.iter().map(|n| col(row(&text, n), '±')).collect();
    assert!(pm.iter().all(|&c| c == pm[0]), "± columns {pm:?}");
    // The failure message starts where the numbers start.
    let mean_start = row(&text, "std_sort").chars().count()
        - row(&text, "std_sort")
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .chars()
            .count();
    assert_eq!(col(row(&text, "quick"), 'F'), mean_start);
    // Throughput ends at the same column.
    let ends: Vec<usize> = ["64", "4096", "65536"]
        .iter()
        .map(|n| {
            let r = row(&text, n);
            r[..r.find("/s").unwrap()].chars().count()
        })
        .collect();
    assert!(ends.iter().all(|&e| e == ends[0]), "{ends:?}");
    assert!(
        text.lines().all(|l| !l.ends_with(' ')),
        "no trailing spaces"
    );
}

#[test]
fn width_limit_is_kept() {
    for width in [80, 100, 120] {
        let style = Style {
            color: false,
            width: Some(width),
            auto_fit: false,
            compact: false,
        };
        let text = pretty(&bench_suite(), &style);
        for line in text.lines() {
            assert!(line.chars().count() <= width, "{width}: {line:?}");
        }
        // The comparison survives every width.
        assert!(row(&text, "insertion").contains("+98.7% [+95.1%, +102.4%] slower"));
        assert!(row(&text, "insertion").contains("2.451 µs"));
    }
    let narrow = pretty(
        &bench_suite(),
        &Style {
            color: false,
            width: Some(80),
            auto_fit: false,
            compact: false,
        },
    );
    let label_after = |text: &str, group: &str| -> String {
        let mut lines = text.lines().skip_while(|l| !l.starts_with(group));
        lines.nth(1).unwrap().to_string()
    };
    assert!(
        !label_after(&narrow, "sort ").contains("median"),
        "median goes first"
    );
    assert!(
        label_after(&narrow, "par_work ").contains("median"),
        "per group"
    );
    // Too narrow for the essentials: best effort, nothing essential is cut.
    let tiny = pretty(
        &bench_suite(),
        &Style {
            color: false,
            width: Some(40),
            auto_fit: false,
            compact: false,
        },
    );
    assert!(!row(&tiny, "merge").contains('±'));
    assert!(!row(&tiny, "4096").contains("GiB/s") && row(&tiny, "4096").contains('±'));
    assert!(row(&tiny, "merge").contains("1.256 µs   +1.80% [-0.60%, +4.20%]  uncertain ¹ ²"));
    assert!(row(&tiny, "quick").chars().count() <= 40);
    let wide = pretty(
        &bench_suite(),
        &Style {
            color: false,
            width: Some(200),
            auto_fit: false,
            compact: false,
        },
    );
    assert_eq!(wide, pretty(&bench_suite(), &PLAIN));
}

#[test]
fn smoke_run_prints_libtest_lines() {
    let text = pretty(&smoke_suite(), &PLAIN);
    let expected = "\nrunning 10 tests\n\
        test sort/std_sort ... ok\n\
        test sort/radix ... ok\n\
        test sort/insertion ... ok\n\
        test sort/shell ... ok\n\
        test sort/merge ... ok\n\
        test sort/tim ... ok\n\
        test sort/quick ... FAILED\n\
        test hash/64 ... ok\n\
        test hash/4096 ... ok\n\
        test hash/65536 ... ok\n\
        \n\
        failures:\n\
        \n\
        ---- sort/quick stdout ----\n\
        index out of bounds: the len is 3 but the index is 7\n\
        \n\
        failures:\n    sort/quick\n\
        \n\
        test result: FAILED. 9 passed; 1 failed; finished in 0.12s\n\n";
    assert_eq!(text, expected);

    let mut ok = smoke_suite();
    ok.groups[0].benchmarks.retain(|b| !b.failed);
    let text = pretty(&ok, &PLAIN);
    assert!(text.contains("test result: ok. 9 passed; 0 failed"));
    assert!(!text.contains("failures:"));
}

#[test]
fn odd_results_do_not_panic() {
    // No groups at all.
    let mut empty = bench_suite();
    empty.groups.clear();
    empty.complexity.clear();
    let text = pretty(&empty, &PLAIN);
    assert!(text.ends_with("0 groups, 0 benchmarks, 0 failed, 9.93 s\n"));

    // Non-finite numbers, missing summaries, multi-line errors, a group
    // that entirely failed.
    let mut odd = bench_suite();
    {
        let g = &mut odd.groups[0];
        g.benchmarks[1].summary.as_mut().unwrap().mean_ns = f64::NAN;
        g.benchmarks[2].summary = None;
        g.comparisons[1].pct_change = f64::INFINITY;
        g.benchmarks[6].error = Some("first line\nsecond line".to_string());
    }
    let mut dead = sort_group();
    dead.name = "dead".to_string();
    dead.benchmarks.retain(|b| b.failed);
    dead.comparisons.clear();
    dead.stop_reason = StopReason::Failed;
    odd.groups.push(dead);
    let text = pretty(&odd, &PLAIN);
    assert!(row(&text, "radix").contains("NaN"));
    assert!(row(&text, "insertion").contains("no data"));
    assert!(row(&text, "insertion").contains("+inf%"));
    assert!(row(&text, "quick").ends_with("FAILED: first line …"));
    assert!(text.contains("dead  120 rounds · 1000 iters/sample · all failed"));
}

#[test]
fn smoke_and_bench_differ_only_by_mode() {
    let mut s: SuiteResult = bench_suite();
    s.mode = RunMode::Test;
    let text = pretty(&s, &PLAIN);
    assert!(text.contains("running 15 tests"));
    assert!(!text.contains('±'));
}

/// Prints the report for eyeballing: `cargo test -p zenbench --lib
/// report::pretty_tests::show -- --nocapture --ignored`.
#[test]
#[ignore]
fn show() {
    print!("{}", pretty(&bench_suite(), &PLAIN));
    print!("{}", pretty(&bench_suite(), &COLOR));
    print!("{}", pretty(&smoke_suite(), &PLAIN));
}

#[test]
fn group_header_names_the_firewall_and_the_gate_waits() {
    let mut r = bench_suite();
    r.groups[0].config.cache_firewall = true;
    r.groups[0].gate = Some(crate::model::result::GateReport {
        rounds_delayed: 3,
        waits: 7,
        waited_s: 1.5,
        last_reason: Some("foreign CPU load 80%".to_string()),
        rounds_under_load: 0,
        sustained_load: None,
    });
    let out = plain(&r);
    let header = out
        .lines()
        .find(|l| l.starts_with(&r.groups[0].name))
        .unwrap();
    assert!(header.contains("cache firewall"), "{header}");
    assert!(
        header.contains("gate held 3 rounds (1.50 s waiting: foreign CPU load 80%)"),
        "{header}"
    );
    let other = out
        .lines()
        .find(|l| l.starts_with(&r.groups[1].name))
        .unwrap();
    assert!(
        !other.contains("gate") && !other.contains("firewall"),
        "{other}"
    );
}

#[test]
fn group_header_names_a_sustained_load_measured_through() {
    let mut r = bench_suite();
    let load = "process spin (pid 7) uses 100% of a core > 50%";
    // Held once, then measured through: both are said.
    r.groups[0].gate = Some(crate::model::result::GateReport {
        rounds_delayed: 1,
        waits: 60,
        waited_s: 3.0,
        last_reason: Some(load.to_string()),
        rounds_under_load: 41,
        sustained_load: Some(load.to_string()),
    });
    // Under the load from its first round: nothing was held.
    r.groups[1].gate = Some(crate::model::result::GateReport {
        rounds_delayed: 0,
        waits: 0,
        waited_s: 0.0,
        last_reason: None,
        rounds_under_load: 1,
        sustained_load: Some(load.to_string()),
    });
    let out = plain(&r);
    let header = |g: usize| {
        out.lines()
            .find(|l| l.starts_with(&r.groups[g].name))
            .unwrap()
            .to_string()
    };
    let first = header(0);
    assert!(
        first.contains(&format!(
            "gate held 1 round (3.00 s waiting: {load}) · 41 rounds measured through a \
             sustained load: {load}"
        )),
        "{first}"
    );
    let second = header(1);
    assert!(!second.contains("gate held"), "{second}");
    assert!(
        second.contains(&format!(
            "1 round measured through a sustained load: {load}"
        )),
        "{second}"
    );
}

#[test]
fn cold_and_slope_figures_get_a_line_under_their_group() {
    let mut r = bench_suite();
    let b = &mut r.groups[0].benchmarks[0];
    b.cold = Some(summary(2500.0, 0.1));
    b.slope_ns = Some(3.0);
    let name = b.name.clone();
    let cold = b.cold.as_ref().unwrap();
    let expected = format!(
        "cold {} median ({} samples)",
        super::fmt_ns(cold.median_ns),
        cold.n
    );
    let out = plain(&r);
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{name}: cold")))
        .expect(&out);
    assert!(
        line.contains(&expected) && line.contains("slope 3.000 ns/iter"),
        "{line}"
    );
}

#[test]
fn compact_is_one_line_per_benchmark() {
    let r = bench_suite();
    let style = Style {
        compact: true,
        width: Some(100),
        ..PLAIN
    };
    let text = pretty(&r, &style);
    for g in &r.groups {
        for b in &g.benchmarks {
            let lines = text
                .lines()
                .filter(|l| l.split_whitespace().next() == Some(b.full_name.as_str()))
                .count();
            assert_eq!(lines, 1, "{}:\n{text}", b.full_name);
        }
    }
    let radix = text.lines().find(|l| l.starts_with("sort/radix ")).unwrap();
    assert!(
        radix.contains("-50.4%") && radix.contains("faster"),
        "{radix}"
    );
    assert!(text
        .lines()
        .any(|l| l.starts_with("sort/quick ") && l.contains("FAILED")));
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    // The tree's headers are gone; the closing summary stays.
    assert!(!text.contains("├─ radix"));
    assert!(text.ends_with("9.93 s\n"), "{text}");
}

#[test]
fn an_against_verdict_that_could_not_catch_the_gate_has_a_mark_and_one_footnote() {
    let mut r = bench_suite_against();
    with_min_detectable(r.against.as_mut().unwrap(), "hash/64", 8.0);
    let text = plain(&r);
    let against = &text[text.find("against baseline `main`").unwrap()..];
    // The against table's hash/64, not the group's own row.
    let marked: Vec<&str> = against.lines().filter(|l| l.contains('‡')).collect();
    assert_eq!(marked.len(), 2, "{against}");
    assert!(marked[0].starts_with("└─ hash/64 "), "{against}");
    assert!(marked[0].ends_with("uncertain ‡"), "{against}");
    assert!(
        marked[1].starts_with(
            "‡ this comparison could not have told a change smaller than ±8% from noise"
        ),
        "{against}"
    );
    assert!(
        row(against, "sort/std_sort").ends_with("unchanged"),
        "{against}"
    );
    assert_eq!(text.matches('‡').count(), 2, "{text}");
    // Without the figures, no mark and no footnote.
    assert!(!plain(&bench_suite_against()).contains('‡'));
}
