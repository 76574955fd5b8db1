//! `--format csv`: one row per benchmark under a fixed header
//! ([`CSV_HEADER`]), a pure function of the result.
//!
//! The columns are the JSON result's (the book's JSON reference names each
//! field): the bench, its summary and mean CI, throughput, allocations, its
//! comparison with the group's baseline, and its entry in the comparison
//! with a saved baseline. Fields follow RFC 4180: a field holding a comma,
//! a double quote or a line break is quoted, its quotes doubled; lines end
//! in CRLF. A missing value (no comparison, a failed bench, a number that is
//! not finite) is an empty field; numbers are plain decimals, never an
//! exponent; booleans are `true` / `false`.

use super::fields::{plain, stop_name};
use super::model::{Figures, Report, Row, Section};
use crate::model::result::SuiteResult;

/// The header row, in order. Times are nanoseconds per iteration,
/// percentages are already ×100, `noise_threshold` is a fraction.
pub const CSV_HEADER: &[&str] = &[
    "group",
    "name",
    "full_name",
    "threads",
    "arg",
    "failed",
    "error",
    "rounds",
    "samples",
    "iterations_per_sample",
    "mean_ns",
    "mean_ci_lower_ns",
    "mean_ci_upper_ns",
    "mean_ci_level",
    "median_ns",
    "min_ns",
    "max_ns",
    "mad_ns",
    "stddev_ns",
    "throughput_kind",
    "throughput_per_iteration",
    "throughput_per_s",
    "allocs_per_iter",
    "alloc_bytes_per_iter",
    "stop_reason",
    "noise_threshold",
    "baseline",
    "pct_change",
    "ci_lower_pct",
    "ci_upper_pct",
    "verdict",
    "below_floor",
    "cohens_d",
    "wilcoxon_p",
    "drift_r",
    "against_baseline",
    "against_old_mean_ns",
    "against_pct_change",
    "against_ci_lower_pct",
    "against_ci_upper_pct",
    "against_run_noise_pct",
    "against_verdict",
    "instructions_per_iter",
    "l1_misses_per_iter",
    "ll_misses_per_iter",
    "est_cycles_per_iter",
    "floor_ns",
    "mean_below_floor",
];

/// The CSV report: [`CSV_HEADER`], then one row per benchmark in report
/// order. Every line, the last included, ends in CRLF.
pub fn csv(result: &SuiteResult) -> String {
    let report = Report::of(result);
    let mut out = Line::new(String::new());
    for h in CSV_HEADER {
        out.text(h);
    }
    out.end();
    for s in &report.groups {
        for r in &s.rows {
            row(&mut out, &report, s, r);
        }
    }
    out.out
}

/// One RFC 4180 field: quoted when it holds a comma, a quote or a line
/// break, its quotes doubled.
#[cfg(test)]
fn field(text: &str) -> String {
    let mut out = String::new();
    push_field(&mut out, text);
    out
}

fn push_field(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// The CSV text being written: fields are appended to the current line,
/// comma separated, and [`Line::end`] closes it.
struct Line {
    out: String,
    fields: usize,
}

impl Line {
    fn new(out: String) -> Line {
        Line { out, fields: 0 }
    }

    fn text(&mut self, text: &str) {
        if self.fields > 0 {
            self.out.push(',');
        }
        self.fields += 1;
        push_field(&mut self.out, text);
    }

    fn string(&mut self, text: String) {
        self.text(&text);
    }

    fn num(&mut self, x: Option<f64>) {
        self.string(x.and_then(plain).unwrap_or_default());
    }

    fn end(&mut self) {
        debug_assert_eq!(self.fields, CSV_HEADER.len());
        self.out.push_str("\r\n");
        self.fields = 0;
    }
}

fn row(out: &mut Line, report: &Report, section: &Section, row: &Row) {
    let (g, b) = (section.group, row.bench);
    out.text(&g.name);
    out.text(&b.name);
    out.text(&b.full_name);
    out.string(b.threads.to_string());
    out.text(b.arg.as_deref().unwrap_or_default());
    out.text(if b.failed { "true" } else { "false" });
    out.text(match &b.error {
        Some(e) if b.failed => e,
        _ => "",
    });
    out.string(g.rounds.to_string());
    match &b.summary {
        Some(s) => out.string(s.n.to_string()),
        None => out.text(""),
    }
    out.string(b.iterations_per_sample.to_string());
    let s = b.summary.as_ref();
    out.num(s.map(|s| s.mean_ns));
    match &b.mean_ci {
        Some(ci) => {
            out.num(Some(ci.lower_ns));
            out.num(Some(ci.upper_ns));
            out.num(Some(ci.level));
        }
        None => none(out, 3),
    }
    match s {
        Some(s) => {
            for x in [s.median_ns, s.min_ns, s.max_ns, s.mad_ns, s.stddev_ns] {
                out.num(Some(x));
            }
        }
        None => none(out, 5),
    }
    match &b.throughput {
        Some(t) => {
            out.text(&t.kind);
            out.string(t.per_iteration.to_string());
            out.num(Some(t.per_second));
        }
        None => none(out, 3),
    }
    match &b.alloc {
        Some(a) => {
            out.num(Some(a.allocs));
            out.num(Some(a.bytes));
        }
        None => none(out, 2),
    }
    out.text(stop_name(g.stop_reason));
    out.num(Some(g.config.noise_threshold));
    out.text(&g.baseline);
    match &row.change {
        Some(change) => {
            let c = change.comparison;
            out.num(Some(c.pct_change));
            out.num(Some(c.ci_lower_pct));
            out.num(Some(c.ci_upper_pct));
            out.text(change.word());
            out.text(if c.below_floor { "true" } else { "false" });
            out.num(c.cohens_d);
            out.num(c.wilcoxon_p);
            out.num(c.drift_r);
        }
        None => none(out, 8),
    }
    match &row.against {
        Some(a) => {
            let e = a.entry;
            out.text(report.against.as_ref().map_or("", |v| &v.against.baseline));
            for x in [
                e.old_mean_ns,
                e.pct_change,
                e.ci_lower_pct,
                e.ci_upper_pct,
                e.run_noise_pct,
            ] {
                out.num(Some(x));
            }
            out.text(a.word);
        }
        None => none(out, 7),
    }
    match &b.instructions {
        Some(i) => {
            for x in [i.per_iter, i.l1_misses, i.ll_misses, i.est_cycles] {
                out.num(Some(x));
            }
        }
        None => none(out, 4),
    }
    out.num(b.floor_ns);
    out.text(match row.figures {
        Figures::BelowFloor { .. } => "true",
        Figures::Measured(_) => "false",
        Figures::NoData | Figures::Failed(_) => "",
    });
    out.end();
}

/// `n` empty fields.
fn none(out: &mut Line, n: usize) {
    for _ in 0..n {
        out.text("");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fields::assert_golden;
    use crate::report::fixture::{bench_suite, bench_suite_against, smoke_suite};

    /// An RFC 4180 reader, enough for the tests: records of fields.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') if field.is_empty() => quoted = true,
                (false, ',') => record.push(std::mem::take(&mut field)),
                (false, '\r') if chars.peek() == Some(&'\n') => {}
                (false, '\n') => {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                (false, c) => field.push(c),
            }
        }
        assert!(
            !quoted && field.is_empty() && record.is_empty(),
            "ends mid-record"
        );
        records
    }

    #[test]
    fn matches_the_golden_file() {
        assert_golden(
            "bench_suite.csv",
            include_str!("golden/bench_suite.csv"),
            &csv(&bench_suite_against()),
        );
    }

    #[test]
    fn header_is_the_documented_one_and_rows_are_full() {
        let text = csv(&bench_suite_against());
        let records = parse(&text);
        let header: Vec<&str> = records[0].iter().map(String::as_str).collect();
        assert_eq!(header, CSV_HEADER);
        assert_eq!(
            text.lines().next().unwrap().trim_end(),
            CSV_HEADER.join(",")
        );
        let benches: usize = bench_suite()
            .groups
            .iter()
            .map(|g| g.benchmarks.len())
            .sum();
        assert_eq!(records.len(), 1 + benches);
        for r in &records {
            assert_eq!(r.len(), CSV_HEADER.len(), "{r:?}");
        }
        let col = |name: &str| CSV_HEADER.iter().position(|h| *h == name).unwrap();
        let radix = &records[2];
        assert_eq!(radix[col("full_name")], "sort/radix");
        assert_eq!(radix[col("mean_ns")], "612.3");
        assert_eq!(radix[col("verdict")], "faster");
        assert_eq!(radix[col("pct_change")], "-50.4");
        assert_eq!(radix[col("against_verdict")], "improved");
        assert_eq!(radix[col("against_baseline")], "main");
        let quick = &records[7];
        assert_eq!(quick[col("failed")], "true");
        assert_eq!(quick[col("mean_ns")], "");
        assert_eq!(
            quick[col("error")],
            "index out of bounds: the len is 3 but the index is 7"
        );
        // No NaN, no exponent anywhere.
        assert!(!text.contains("NaN") && !text.contains("inf") && !text.contains("e-"));
    }

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        let mut r = bench_suite();
        let b = &mut r.groups[0].benchmarks[6];
        b.error = Some("boom, \"bang\"\nsecond line".to_string());
        b.name = "quick,sort".to_string();
        r.groups[0].benchmarks[0].summary.as_mut().unwrap().mad_ns = f64::NAN;
        let records = parse(&csv(&r));
        let col = |name: &str| CSV_HEADER.iter().position(|h| *h == name).unwrap();
        assert_eq!(records[7][col("name")], "quick,sort");
        assert_eq!(records[7][col("error")], "boom, \"bang\"\nsecond line");
        assert_eq!(records[1][col("mad_ns")], "");
        for rec in &records {
            assert_eq!(rec.len(), CSV_HEADER.len());
        }
    }

    #[test]
    fn a_smoke_run_renders() {
        let records = parse(&csv(&smoke_suite()));
        assert_eq!(records.len(), 1 + 10);
        assert!(records.iter().all(|r| r.len() == CSV_HEADER.len()));
    }
}
