//! `--format llm`: one line of space-separated `key=value` pairs per
//! benchmark, each line enough to judge its bench alone, for a language
//! model or `grep`; a pure function of the result.
//!
//! The first line describes the run (`zenbench=VERSION mode=… cpu=… timer=…
//! seed=…`); then one `bench=GROUP/NAME …` line per benchmark, in report
//! order; then one `complexity=NAME …` line per complexity verdict. A value
//! holding a space, a quote or a line break is quoted (`"…"`, with `\"`,
//! `\\` and `\n` escapes). Times carry their unit (`612.3ns`, `1.234µs`),
//! changes their sign (`-50.4%`); a pair left out has no value to give.

use super::fields::{plain, stop_name, timer_name};
use super::format::{fmt_bytes, fmt_count, fmt_ns, fmt_pct};
use super::model::{Figures, Report, Row, Section};
use super::words::pct_plain;
use crate::model::result::{ComplexityResult, RunMode, SuiteResult};
use crate::model::text::joined;
use std::fmt::Write as _;

/// The `llm` report: a run line, one line per benchmark, one per
/// complexity verdict. Ends with a newline.
pub fn llm(result: &SuiteResult) -> String {
    let report = Report::of(result);
    let mut text = run_line(&report);
    text.push('\n');
    for s in &report.groups {
        for row in &s.rows {
            text.push_str(&bench_line(&report, s, row));
            text.push('\n');
        }
    }
    for c in &result.complexity {
        text.push_str(&complexity_line(c));
        text.push('\n');
    }
    text
}

/// `key=value` pairs of one line, space separated.
#[derive(Default)]
struct Pairs(String);

impl Pairs {
    fn add(&mut self, key: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        self.0.push_str(key);
        self.0.push('=');
        push_quoted(&mut self.0, value);
    }

    fn line(self) -> String {
        self.0
    }
}

/// `value` as is, or quoted when it is empty or holds a space, a quote, a
/// backslash or a line break.
#[cfg(test)]
fn quoted(value: &str) -> String {
    let mut out = String::new();
    push_quoted(&mut out, value);
    out
}

fn push_quoted(out: &mut String, value: &str) {
    if !value.is_empty() && !value.contains(|c: char| c.is_whitespace() || c == '"' || c == '\\') {
        out.push_str(value);
        return;
    }
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A time without the space before its unit: `612.3ns`.
fn ns(x: f64) -> String {
    fmt_ns(x).replace(' ', "")
}

/// A value as one word: `< 12.62 ps` is `<12.62ps`.
fn tight(text: String) -> String {
    text.replace(' ', "")
}

fn run_line(report: &Report) -> String {
    let r = report.result;
    let mut p = Pairs::default();
    p.add("zenbench", &r.zenbench_version);
    p.add(
        "mode",
        match r.mode {
            RunMode::Bench => "bench",
            RunMode::Test => "test",
        },
    );
    p.add("run_id", &r.run_id);
    if !r.timestamp.is_empty() {
        p.add("timestamp", &r.timestamp);
    }
    if let Some(git) = &r.git_hash {
        p.add("git", git);
    }
    if let Some(dirty) = r.git_dirty {
        p.add("git_dirty", &dirty.to_string());
    }
    let t = &r.testbed;
    if !t.cpu_model.is_empty() {
        p.add("cpu", &t.cpu_model);
    }
    p.add("arch", &t.arch);
    p.add("os", &t.os);
    p.add("physical_cores", &t.physical_cores.to_string());
    p.add("logical_cores", &t.logical_cores.to_string());
    if let Some(rustc) = &t.rustc {
        p.add("rustc", rustc);
    }
    if !t.id.is_empty() {
        p.add("testbed_id", &t.id);
    }
    p.add("timer", timer_name(r.timer.kind));
    p.add("timer_resolution", &ns(r.timer.resolution_ns));
    p.add("loop_overhead", &ns(r.loop_overhead_ns));
    p.add("seed", &r.seed.to_string());
    let rep = &r.repetition;
    p.add("processes", &rep.processes.to_string());
    p.add("passes", &rep.passes.to_string());
    if let Some(how) = &rep.aggregation {
        p.add("aggregation", how);
    }
    p.add("benches", &report.benches().to_string());
    p.add("failed", &report.failed.len().to_string());
    if !rep.failures.is_empty() {
        let mut list = String::new();
        for f in &rep.failures {
            if !list.is_empty() {
                list.push_str("; ");
            }
            let _ = write!(list, "{}: {}", f.index, f.status);
        }
        p.add("failed_processes", &list);
    }
    if let Some(a) = &r.against {
        p.add("against", &a.baseline);
        p.add("against_max_regression", &fmt_pct(a.max_regression_pct));
        p.add("against_level", &format!("{:.0}%", a.level * 100.0));
        p.add("against_cross_testbed", &a.cross_testbed.to_string());
        p.add("against_enforced", &a.enforced.to_string());
        p.add("against_result", if a.fails() { "fail" } else { "pass" });
        if !a.only_old.is_empty() {
            p.add("only_in_baseline", &joined(&a.only_old, ","));
        }
        if !a.only_new.is_empty() {
            p.add("not_in_baseline", &joined(&a.only_new, ","));
        }
    }
    p.line()
}

fn bench_line(report: &Report, s: &Section, row: &Row) -> String {
    let (g, b) = (s.group, row.bench);
    let mut p = Pairs::default();
    p.add("bench", &b.full_name);
    p.add("group", &g.name);
    p.add("threads", &b.threads.to_string());
    if let Some(arg) = &b.arg {
        p.add("arg", arg);
    }
    if b.failed {
        p.add("failed", "true");
        p.add("error", b.error.as_deref().unwrap_or("panicked").trim());
        return p.line();
    }
    if !report.measured {
        // A smoke run timed one call: nothing to judge but that it ran.
        p.add("result", "ok");
        return p.line();
    }
    if let Some(i) = &b.instructions {
        p.add("instructions_per_iter", &format!("{:.1}", i.per_iter));
        p.add("l1_misses_per_iter", &format!("{:.2}", i.l1_misses));
        p.add("ll_misses_per_iter", &format!("{:.2}", i.ll_misses));
        p.add("est_cycles_per_iter", &format!("{:.1}", i.est_cycles));
        p.add("metric", "instructions (callgrind, exact)");
        if let (Some(pct), Some(v)) = (i.vs_baseline_pct, &i.verdict) {
            p.add("vs", &g.baseline);
            p.add("change", &format!("{pct:+.2}%"));
            p.add("verdict", v);
        }
        return p.line();
    }
    match &row.figures {
        // Below the floor: its bound and the flag; no time or extremes.
        Figures::BelowFloor {
            floor,
            stddev_ns,
            n,
        } => {
            p.add("mean", &tight(floor.show()));
            p.add("below_floor", "true");
            p.add("stddev", &ns(*stddev_ns));
            p.add("samples", &n.to_string());
        }
        Figures::Measured(m) => {
            p.add("mean", &ns(m.mean_ns));
            if let Some(ci) = &b.mean_ci {
                p.add(&format!("ci{:.0}", ci.level * 100.0), &tight(m.ci_in(&ns)));
            }
            p.add("median", &tight(m.median.show()));
            p.add("min", &tight(m.min.show()));
            p.add("max", &tight(m.max.show()));
            p.add("stddev", &ns(m.stddev_ns));
            p.add("samples", &m.n.to_string());
        }
        Figures::NoData | Figures::Failed(_) => p.add("mean", "none"),
    }
    p.add("rounds", &g.rounds.to_string());
    p.add("iters_per_sample", &b.iterations_per_sample.to_string());
    p.add("stop", stop_name(g.stop_reason));
    if let Some(rate) = &row.rate {
        p.add("throughput", &tight(rate.show()));
    }
    if let Some(a) = &b.alloc {
        p.add("allocs_per_iter", &fmt_count(a.allocs));
        p.add("alloc_bytes_per_iter", &tight(fmt_bytes(a.bytes)));
    }
    if let Some(change) = &row.change {
        let c = change.comparison;
        p.add("vs", &c.baseline);
        // No percentage where it has no size (the caveats say why).
        if change.no_size.is_none() {
            p.add("change", &change.pct());
            let ci = tight(change.ci());
            if !ci.is_empty() {
                p.add("change_ci95", &ci);
            }
        }
        p.add("verdict", change.word());
        if let Some(threshold) = plain(g.config.noise_threshold * 100.0) {
            p.add("noise_threshold", &format!("±{threshold}%"));
        }
        if let Some(d) = c.cohens_d.filter(|d| d.is_finite()) {
            p.add("cohens_d", &format!("{d:.2}"));
        }
        if let Some(d) = c.drift_r.filter(|d| d.is_finite()) {
            p.add("drift_r", &format!("{d:.2}"));
        }
        p.add("paired_rounds", &c.n.to_string());
    } else if s.compared && b.name == g.baseline {
        p.add("role", "baseline");
    }
    if !row.caveats.is_empty() {
        let mut names = String::new();
        for c in &row.caveats {
            if !names.is_empty() {
                names.push(',');
            }
            names.push_str(c.name());
        }
        p.add("caveats", &names);
    }
    if let (Some(x), Some(a)) = (&row.against, &report.against) {
        let e = x.entry;
        p.add("against_old_mean", &tight(x.old.clone()));
        p.add("against_change", &x.change);
        let ci = tight(x.ci.clone());
        if !ci.is_empty() {
            p.add(&format!("against_ci{:.0}", a.against.level * 100.0), &ci);
        }
        p.add("against_verdict", x.word);
        if let Some(m) = e.min_detectable_pct.filter(|m| m.is_finite()) {
            p.add("against_min_detectable", &format!("±{}", pct_plain(m)));
        }
        // The footnote of the other reports, as a name.
        if x.mde_above_gate {
            p.add("against_caveats", "min_detectable_above_gate");
        }
        if let Some(noise) = plain(e.run_noise_pct) {
            p.add("against_run_noise", &format!("{noise}%"));
        }
        if e.below_floor {
            p.add("against_below_floor", "true");
        }
    }
    p.line()
}

fn complexity_line(c: &ComplexityResult) -> String {
    let mut p = Pairs::default();
    p.add("complexity", &c.name);
    p.add("declared", &c.declared);
    p.add("beta", &format!("{:.2}", c.beta));
    p.add(
        "beta_ci95",
        &format!("[{:.2},{:.2}]", c.beta_ci.0, c.beta_ci.1),
    );
    p.add("verdict", &c.verdict);
    p.add("tolerance", &format!("±{}", c.options.slope_tolerance));
    if c.fallback {
        p.add(
            "range_check",
            &format!("c_change={:.2}", c.c_change.unwrap_or(f64::NAN)),
        );
    }
    p.add("rungs", &c.rungs.len().to_string());
    let mut fitted = 0;
    for r in &c.rungs {
        fitted += usize::from(r.fitted() && !r.trimmed);
    }
    p.add("fitted_rungs", &fitted.to_string());
    let mut failed = String::new();
    for r in &c.rungs {
        if r.status != "ok" {
            if !failed.is_empty() {
                failed.push(',');
            }
            let _ = write!(failed, "n={}:{}", r.n, r.status);
        }
    }
    if !failed.is_empty() {
        p.add("unfinished", &failed);
    }
    p.add("stopped", &c.stopped);
    p.add("cache", &c.cache);
    if let Some(best) = &c.best_fit {
        p.add("best_fit", best);
        p.add("best_fit_decisive", &c.best_fit_decisive.to_string());
    }
    p.add("spawn_floor", &ns(c.spawn_floor_ns));
    p.line()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fields::assert_golden;
    use crate::report::fixture::{bench_suite_against, smoke_suite, with_min_detectable};

    /// The pairs of one line, unquoted.
    fn pairs(line: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut chars = line.chars().peekable();
        while chars.peek().is_some() {
            let key: String = chars.by_ref().take_while(|&c| c != '=').collect();
            let mut value = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => value.push(match chars.next() {
                            Some('n') => '\n',
                            Some(c) => c,
                            None => break,
                        }),
                        c => value.push(c),
                    }
                }
                assert!(matches!(chars.next(), None | Some(' ')), "{line}");
            } else {
                value = chars.by_ref().take_while(|&c| c != ' ').collect();
            }
            out.push((key, value));
        }
        out
    }

    #[test]
    fn matches_the_golden_file() {
        assert_golden(
            "bench_suite.llm.txt",
            include_str!("golden/bench_suite.llm.txt"),
            &llm(&bench_suite_against()),
        );
    }

    #[test]
    fn one_line_per_benchmark_after_the_run_line() {
        let r = bench_suite_against();
        let text = llm(&r);
        let lines: Vec<&str> = text.lines().collect();
        let benches: Vec<&str> = r
            .groups
            .iter()
            .flat_map(|g| &g.benchmarks)
            .map(|b| b.full_name.as_str())
            .collect();
        assert!(lines[0].starts_with("zenbench=0.1.0 mode=bench "));
        assert_eq!(lines.len(), 1 + benches.len() + r.complexity.len());
        for (line, name) in lines[1..].iter().zip(&benches) {
            let p = pairs(line);
            assert_eq!(p[0], ("bench".to_string(), name.to_string()), "{line}");
            let keys: Vec<&str> = p.iter().map(|(k, _)| k.as_str()).collect();
            let mut unique = keys.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), keys.len(), "a key repeats: {line}");
        }
        let radix = pairs(lines[2]);
        let get = |p: &[(String, String)], k: &str| {
            p.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone())
        };
        assert_eq!(get(&radix, "mean").as_deref(), Some("612.3ns"));
        assert_eq!(get(&radix, "verdict").as_deref(), Some("faster"));
        assert_eq!(
            get(&radix, "change_ci95").as_deref(),
            Some("[-51.2%,-49.6%]")
        );
        assert_eq!(get(&radix, "noise_threshold").as_deref(), Some("±1%"));
        assert_eq!(get(&radix, "against_verdict").as_deref(), Some("improved"));
        let quick = pairs(lines[7]);
        assert_eq!(get(&quick, "failed").as_deref(), Some("true"));
        assert_eq!(
            get(&quick, "error").as_deref(),
            Some("index out of bounds: the len is 3 but the index is 7")
        );
        let run = pairs(lines[0]);
        assert_eq!(get(&run, "cpu").as_deref(), Some("AMD EPYC 7763"));
        assert_eq!(get(&run, "against_result").as_deref(), Some("fail"));
    }

    #[test]
    fn a_verdict_that_could_not_catch_the_gate_is_named_on_its_line() {
        let mut r = bench_suite_against();
        with_min_detectable(r.against.as_mut().unwrap(), "hash/64", 8.0);
        let text = llm(&r);
        let caveat = |name: &str| {
            let line = text
                .lines()
                .find(|l| l.starts_with(&format!("bench={name} ")))
                .unwrap();
            let p = pairs(line);
            let get = |k: &str| p.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
            (get("against_min_detectable"), get("against_caveats"))
        };
        assert_eq!(
            caveat("hash/64"),
            (
                Some("±8%".to_owned()),
                Some("min_detectable_above_gate".to_owned())
            )
        );
        assert_eq!(caveat("sort/std_sort"), (Some("±0.93%".to_owned()), None));
        assert_eq!(text.matches("min_detectable_above_gate").count(), 1);
    }

    #[test]
    fn values_are_quoted_when_they_must_be() {
        assert_eq!(quoted("plain"), "plain");
        assert_eq!(quoted(""), "\"\"");
        assert_eq!(quoted("a b"), "\"a b\"");
        assert_eq!(quoted("say \"hi\"\nnow"), "\"say \\\"hi\\\"\\nnow\"");
        assert_eq!(
            pairs("a=1 b=\"x \\\"y\\\"\" c=2"),
            [
                ("a".to_string(), "1".to_string()),
                ("b".to_string(), "x \"y\"".to_string()),
                ("c".to_string(), "2".to_string())
            ]
        );
    }

    #[test]
    fn a_smoke_run_renders() {
        let text = llm(&smoke_suite());
        assert_eq!(text.lines().count(), 1 + 10);
        assert!(text.contains("\nbench=sort/radix group=sort threads=1 result=ok\n"));
        assert!(text.contains("bench=sort/quick group=sort threads=1 failed=true error="));
    }
}
