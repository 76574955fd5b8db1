use super::*;
use crate::report::fixture::{bench_suite, bench_suite_against, smoke_suite, with_min_detectable};

/// Gives every measured bench `rounds` per-round samples around its mean
/// (a deterministic stream, a few slow outliers, a slow drift for `merge`),
/// as a real run keeps them.
fn with_samples(mut r: SuiteResult) -> SuiteResult {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    for g in &mut r.groups {
        let rounds = g.rounds as usize;
        for b in &mut g.benchmarks {
            let Some(s) = &b.summary else { continue };
            let (mean, sd) = (s.mean_ns, s.stddev_ns.max(s.mean_ns * 0.002));
            let drift = if b.name == "merge" { 0.04 } else { 0.0 };
            b.samples_ns = (0..rounds)
                .map(|k| {
                    // A sum of four uniforms: near enough to normal.
                    let z = (0..4).map(|_| uniform()).sum::<f64>() - 2.0;
                    let slow = if uniform() < 0.03 { 6.0 * sd } else { 0.0 };
                    mean + z * sd * 1.7 + slow + mean * drift * k as f64 / rounds as f64
                })
                .collect();
        }
    }
    r
}

pub(super) fn assert_self_contained(page: &str) {
    for bad in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "url(",
        "@import",
        "<script",
        "<link",
        "<img",
        "<iframe",
    ] {
        assert!(!page.contains(bad), "the page holds `{bad}`");
    }
    assert_eq!(
        page.matches("<svg").count(),
        page.matches("</svg>").count(),
        "an <svg> is not closed"
    );
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    assert!(!page.contains("chart not drawn"), "a chart failed");
}

#[test]
fn a_measured_run_renders_every_group_bench_and_chart() {
    let r = with_samples(bench_suite());
    let page = html(&r);
    assert_self_contained(&page);
    for g in &r.groups {
        assert!(
            page.contains(&format!("<code>{}</code></h2>", esc(&g.name))),
            "{}",
            g.name
        );
        for b in &g.benchmarks {
            assert!(
                page.contains(&format!("<code>{}</code>", esc(&b.name))),
                "{}",
                b.full_name
            );
        }
        for c in &g.comparisons {
            assert!(page.contains(&esc(&c.candidate)));
            assert!(page.contains(&fmt_pct(c.pct_change)), "{}", c.candidate);
        }
    }
    for c in &r.complexity {
        assert!(page.contains(&format!("<code>{}</code> O(n log n)", esc(&c.name))));
        assert!(page.contains("grows faster than O(n log n)"));
        assert!(page.contains("timed out"));
    }
    // sort, hash, par_work and tiny have distributions and timelines; sort
    // and tiny comparisons; par_work a scaling sweep; sort_n its ladder.
    assert_eq!(page.matches("<figcaption>Per-round times").count(), 4);
    assert_eq!(page.matches("<figcaption>Round by round").count(), 4);
    assert_eq!(
        page.matches("<figcaption>Change against the baseline")
            .count(),
        2
    );
    assert_eq!(page.matches("<figcaption>Thread scaling").count(), 1);
    assert_eq!(
        page.matches("<figcaption>Time per call against n").count(),
        1
    );
    assert!(page.contains("AMD EPYC 7763") && page.contains("git <code>abc1234</code>"));
    assert!(page.contains("2024-06-01T12:00:00Z") && page.contains("timer tsc"));
    assert!(page.contains("failed: index out of bounds"));
}

#[test]
fn without_samples_the_summary_is_drawn() {
    let mut r = bench_suite();
    for b in r.groups.iter_mut().flat_map(|g| &mut g.benchmarks) {
        b.samples_ns.clear();
    }
    let page = html(&r);
    assert_self_contained(&page);
    assert!(page.contains("No per-round samples"));
    assert!(!page.contains("Round by round"));
}

#[test]
fn a_comparison_with_a_baseline_renders_each_entry() {
    let r = bench_suite_against();
    let page = html(&r);
    assert_self_contained(&page);
    let a = r.against.as_ref().unwrap();
    assert!(page.contains("Against baseline <code>main</code>"));
    for e in &a.entries {
        assert!(page.contains(&format!("<code>{}</code>", esc(&e.full_name))));
    }
    assert!(page.contains("<td class=\"regression\">regression</td>"));
    assert!(page.contains("<td class=\"improved\">improved</td>"));
    assert!(page.contains("Only in the baseline: <code>sort/bubble</code>"));
    assert!(page.contains("<figcaption>Old and new means"));
    assert!(page.contains("child process 2 failed (signal 9): killed: out of memory"));
    assert!(page.contains("<span class=\"fail\">FAIL</span>"));
}

#[test]
fn an_against_verdict_that_could_not_catch_the_gate_has_a_mark_and_one_footnote() {
    let mut r = bench_suite_against();
    with_min_detectable(r.against.as_mut().unwrap(), "hash/64", 8.0);
    let page = html(&r);
    assert_self_contained(&page);
    assert_eq!(
        page.matches("<td class=\"uncertain\">uncertain ‡</td>")
            .count(),
        1
    );
    assert!(page.contains("<td class=\"unchanged\">unchanged</td>"));
    let notes: Vec<&str> = page.lines().filter(|l| l.contains('‡')).collect();
    assert_eq!(notes.len(), 2, "{page}");
    assert!(notes[0].contains("<code>hash/64</code>"), "{page}");
    assert!(
        notes[1].starts_with(
            "<p class=\"note\">‡ this comparison could not have told a change smaller than ±8% from noise"
        ),
        "{page}"
    );
    assert!(!html(&bench_suite_against()).contains('‡'));
}

#[test]
fn a_smoke_run_renders_without_charts() {
    let r = smoke_suite();
    let page = html(&r);
    assert_self_contained(&page);
    assert!(page.contains("<strong>Smoke test</strong>"));
    assert!(!page.contains("<svg"));
    for b in r.groups.iter().flat_map(|g| &g.benchmarks) {
        assert!(page.contains(&format!("<code>{}</code>", esc(&b.name))));
    }
    assert!(page.contains("<td class=\"fail\">failed: index out of bounds"));
}

#[test]
fn names_are_escaped_everywhere() {
    let raw = "a<b&\"c\"";
    let mut r = with_samples(bench_suite_against());
    let g = &mut r.groups[0];
    g.benchmarks[1].name = raw.to_owned();
    g.comparisons[0].candidate = raw.to_owned();
    g.name = format!("{raw}'group");
    r.complexity[0].name = raw.to_owned();
    let a = r.against.as_mut().unwrap();
    a.entries[0].full_name = raw.to_owned();
    a.baseline = raw.to_owned();
    r.testbed.cpu_model = raw.to_owned();
    let page = html(&r);
    assert_self_contained(&page);
    assert!(!page.contains(raw), "a raw name in the page");
    assert!(!page.contains("<b&"));
    assert!(page.contains("a&lt;b&amp;&quot;c&quot;"));
    assert!(page.contains("a&lt;b&amp;&quot;c&quot;&#39;group"));
    assert_eq!(esc("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;");
}

#[test]
fn long_runs_stay_small() {
    let mut r = bench_suite();
    for g in &mut r.groups {
        g.rounds = 20_000;
    }
    let page = html(&with_samples(r));
    assert_self_contained(&page);
    assert!(page.len() < 600 * 1024, "{} bytes", page.len());
}

/// Writes a sample page (`bench_suite` with samples, against `main`) to
/// `/tmp/zb-report.html` for `scripts/render-html.sh`:
/// `cargo test -p zenbench --features html --lib write_sample -- --ignored`.
#[test]
#[ignore = "writes /tmp/zb-report.html for a look at the page"]
fn write_sample() {
    let page = html(&with_samples(bench_suite_against()));
    std::fs::write("/tmp/zb-report.html", &page).unwrap();
    eprintln!("wrote /tmp/zb-report.html, {} KB", page.len() / 1024);
}

/// Found by the `result_file` fuzz target: a scaling point at 0 threads
/// (read from a file) made the throughput axis infinite, and drawing it
/// never ended. Such points, and infinite values, are left out.
#[test]
fn a_scaling_table_with_impossible_points_renders() {
    let mut r = bench_suite();
    let g = r
        .groups
        .iter_mut()
        .find(|g| g.scaling.is_some())
        .expect("a scaling group");
    let points = g.scaling.as_mut().unwrap();
    points[0].threads = 0;
    points[1].efficiency = f64::INFINITY;
    points[1].throughput_upper_per_s = f64::INFINITY;
    let mut far = points[2].clone();
    far.threads = usize::MAX;
    points.push(far);
    let page = html(&r);
    assert_self_contained(&page);
    // Nothing drawable left: no chart, and still a page.
    for p in r
        .groups
        .iter_mut()
        .flat_map(|g| g.scaling.iter_mut().flatten())
    {
        p.threads = 0;
    }
    assert_self_contained(&html(&r));
}
