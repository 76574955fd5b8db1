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
    let mut out = line(CSV_HEADER.iter().map(|h| h.to_string()));
    for s in &report.groups {
        for r in &s.rows {
            out.push_str(&line(row(&report, s, r)));
        }
    }
    out
}

/// One RFC 4180 field: quoted when it holds a comma, a quote or a line
/// break, its quotes doubled.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn line(fields: impl IntoIterator<Item = String>) -> String {
    let mut text = fields
        .into_iter()
        .map(|f| field(&f))
        .collect::<Vec<_>>()
        .join(",");
    text.push_str("\r\n");
    text
}

fn num(x: Option<f64>) -> String {
    x.and_then(plain).unwrap_or_default()
}

fn row(report: &Report, section: &Section, row: &Row) -> Vec<String> {
    let (g, b) = (section.group, row.bench);
    let s = b.summary.as_ref();
    let ci = b.mean_ci.as_ref();
    let t = b.throughput.as_ref();
    let al = b.alloc.as_ref();
    let c = row.change.as_ref().map(|c| c.comparison);
    let e = row.against.as_ref().map(|e| e.entry);
    let fields = vec![
        g.name.clone(),
        b.name.clone(),
        b.full_name.clone(),
        b.threads.to_string(),
        b.arg.clone().unwrap_or_default(),
        b.failed.to_string(),
        b.error.clone().filter(|_| b.failed).unwrap_or_default(),
        g.rounds.to_string(),
        s.map_or(String::new(), |s| s.n.to_string()),
        b.iterations_per_sample.to_string(),
        num(s.map(|s| s.mean_ns)),
        num(ci.map(|c| c.lower_ns)),
        num(ci.map(|c| c.upper_ns)),
        num(ci.map(|c| c.level)),
        num(s.map(|s| s.median_ns)),
        num(s.map(|s| s.min_ns)),
        num(s.map(|s| s.max_ns)),
        num(s.map(|s| s.mad_ns)),
        num(s.map(|s| s.stddev_ns)),
        t.map_or(String::new(), |t| t.kind.clone()),
        t.map_or(String::new(), |t| t.per_iteration.to_string()),
        num(t.map(|t| t.per_second)),
        num(al.map(|a| a.allocs)),
        num(al.map(|a| a.bytes)),
        stop_name(g.stop_reason).to_string(),
        num(Some(g.config.noise_threshold)),
        g.baseline.clone(),
        num(c.map(|c| c.pct_change)),
        num(c.map(|c| c.ci_lower_pct)),
        num(c.map(|c| c.ci_upper_pct)),
        row.change
            .as_ref()
            .map_or(String::new(), |c| c.word().to_string()),
        c.map_or(String::new(), |c| c.below_floor.to_string()),
        num(c.and_then(|c| c.cohens_d)),
        num(c.and_then(|c| c.wilcoxon_p)),
        num(c.and_then(|c| c.drift_r)),
        e.and(report.against.as_ref())
            .map_or(String::new(), |a| a.against.baseline.clone()),
        num(e.map(|e| e.old_mean_ns)),
        num(e.map(|e| e.pct_change)),
        num(e.map(|e| e.ci_lower_pct)),
        num(e.map(|e| e.ci_upper_pct)),
        num(e.map(|e| e.run_noise_pct)),
        row.against
            .as_ref()
            .map_or(String::new(), |e| e.word.to_string()),
        num(b.instructions.as_ref().map(|i| i.per_iter)),
        num(b.instructions.as_ref().map(|i| i.l1_misses)),
        num(b.instructions.as_ref().map(|i| i.ll_misses)),
        num(b.instructions.as_ref().map(|i| i.est_cycles)),
        num(b.floor_ns),
        match row.figures {
            Figures::BelowFloor { .. } => "true".to_owned(),
            Figures::Measured(_) => "false".to_owned(),
            Figures::NoData | Figures::Failed(_) => String::new(),
        },
    ];
    debug_assert_eq!(fields.len(), CSV_HEADER.len());
    fields
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
