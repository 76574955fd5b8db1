//! Aggregates the runs of each harness × condition × workload and prints the
//! table (and the JSON).

use crate::harness::{Harness, Measurement};
use crate::{Condition, PairKind};
use sidebyside::Workload;
use std::fmt::Write;

/// One harness's run of one pair.
pub struct Record {
    pub harness: Harness,
    pub condition: Condition,
    pub workload: Workload,
    pub pair: PairKind,
    pub rep: u32,
    /// The true B / A work ratio (1 for A/A).
    pub truth: f64,
    pub result: Result<Measurement, String>,
}

/// Error of a reported ratio against the true one, %.
fn err_pct(ratio: f64, truth: f64) -> f64 {
    (ratio / truth - 1.0).abs() * 100.0
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

fn worst(v: &[f64]) -> Option<f64> {
    v.iter().copied().max_by(f64::total_cmp)
}

/// The figures of one table row.
pub struct Row {
    pub harness: Harness,
    pub condition: Condition,
    pub workload: Workload,
    pub aa_err: Vec<f64>,
    pub ab_err: Vec<f64>,
    /// zenbench's A/A and A/B errors of the ratio of medians (diagnostic).
    pub aa_err_median_ratio: Vec<f64>,
    pub ab_err_median_ratio: Vec<f64>,
    /// Reported A/B change, % (truth: +2).
    pub ab_change: Vec<f64>,
    /// zenbench: (A/B runs called `slower`, A/B runs).
    pub ab_slower: Option<(usize, usize)>,
    /// zenbench: (A/A runs called `faster` or `slower`, A/A runs).
    pub aa_flagged: Option<(usize, usize)>,
    /// Reported time of A in the A/A runs, ns.
    pub a_ns: Vec<f64>,
    pub wall_s: Vec<f64>,
    pub failures: usize,
}

pub fn rows(records: &[Record]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for r in records {
        let i = match rows.iter().position(|row| {
            (row.harness, row.condition, row.workload) == (r.harness, r.condition, r.workload)
        }) {
            Some(i) => i,
            None => {
                rows.push(Row {
                    harness: r.harness,
                    condition: r.condition,
                    workload: r.workload,
                    aa_err: vec![],
                    ab_err: vec![],
                    aa_err_median_ratio: vec![],
                    ab_err_median_ratio: vec![],
                    ab_change: vec![],
                    ab_slower: (r.harness == Harness::Zenbench).then_some((0, 0)),
                    aa_flagged: (r.harness == Harness::Zenbench).then_some((0, 0)),
                    a_ns: vec![],
                    wall_s: vec![],
                    failures: 0,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[i];
        let m = match &r.result {
            Ok(m) => m,
            Err(_) => {
                row.failures += 1;
                continue;
            }
        };
        row.wall_s.push(m.wall_s);
        let verdict = m.verdict.as_deref();
        if let Some(q) = m.median_ratio {
            match r.pair {
                PairKind::AA => row.aa_err_median_ratio.push(err_pct(q, r.truth)),
                PairKind::AB => row.ab_err_median_ratio.push(err_pct(q, r.truth)),
            }
        }
        match r.pair {
            PairKind::AA => {
                row.aa_err.push(err_pct(m.ratio, r.truth));
                row.a_ns.push(m.a_ns);
                if let Some((hit, n)) = &mut row.aa_flagged {
                    *n += 1;
                    *hit += usize::from(matches!(verdict, Some("faster" | "slower")));
                }
            }
            PairKind::AB => {
                row.ab_err.push(err_pct(m.ratio, r.truth));
                row.ab_change.push((m.ratio - 1.0) * 100.0);
                if let Some((hit, n)) = &mut row.ab_slower {
                    *n += 1;
                    *hit += usize::from(verdict == Some("slower"));
                }
            }
        }
    }
    rows
}

/// `1234.5` → `"1.23 µs"`.
pub fn fmt_ns(ns: f64) -> String {
    let (v, unit) = if ns < 1.0 {
        (ns * 1e3, "ps")
    } else if ns < 1e3 {
        (ns, "ns")
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else if ns < 1e9 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    let digits = if v < 10.0 {
        2
    } else if v < 100.0 {
        1
    } else {
        0
    };
    format!("{v:.digits$} {unit}")
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "—".to_string(), f)
}

fn frac(v: Option<(usize, usize)>) -> String {
    match v {
        Some((_, 0)) | None => "n/a".into(),
        Some((hit, n)) => format!("{hit}/{n}"),
    }
}

/// The plain-text table.
pub fn table(rows: &[Row]) -> String {
    let mut s = String::new();
    let header = [
        ("harness", 9),
        ("condition", 9),
        ("workload", 8),
        ("A/A err% med", 12),
        ("worst", 6),
        ("A/B err% med", 12),
        ("worst", 6),
        ("A/B chg%", 8),
        ("A/B slower", 10),
        ("A/A flagged", 11),
        ("time of A", 9),
        ("wall/pair", 9),
    ];
    let line = |cells: &[String]| {
        let mut l = String::new();
        for (i, (c, (_, w))) in cells.iter().zip(header.iter()).enumerate() {
            if i < 3 {
                let _ = write!(l, "{c:<w$}  ");
            } else {
                let _ = write!(l, "{c:>w$}  ");
            }
        }
        l.trim_end().to_string() + "\n"
    };
    let head: Vec<String> = header.iter().map(|(h, _)| h.to_string()).collect();
    s += &line(&head);
    let width: usize = header.iter().map(|(_, w)| w + 2).sum();
    s += &"-".repeat(width - 2);
    s.push('\n');
    let mut last: Option<(Harness, Condition)> = None;
    let mut footnote = false;
    for r in rows {
        if last.is_some_and(|l| l.0 != r.harness) {
            s.push('\n');
        }
        last = Some((r.harness, r.condition));
        let pct = |v: f64| format!("{v:.2}");
        let is_empty = r.workload == Workload::Empty;
        // A ratio of times below this is the ratio of two rounding residues.
        let sub_resolution = median(r.a_ns.clone()).is_some_and(|ns| ns < SUB_RESOLUTION_NS);
        footnote |= sub_resolution;
        let mark = |cell: String| if sub_resolution { cell + "*" } else { cell };
        let cells = vec![
            r.harness.name().to_string(),
            r.condition.name().to_string(),
            r.workload.name().to_string(),
            mark(opt(median(r.aa_err.clone()), pct)),
            mark(opt(worst(&r.aa_err), pct)),
            if is_empty {
                "—".into()
            } else {
                opt(median(r.ab_err.clone()), pct)
            },
            if is_empty {
                "—".into()
            } else {
                opt(worst(&r.ab_err), pct)
            },
            if is_empty {
                "—".into()
            } else {
                opt(median(r.ab_change.clone()), |v| format!("{v:+.2}"))
            },
            if is_empty {
                "—".into()
            } else {
                frac(r.ab_slower)
            },
            frac(r.aa_flagged),
            opt(median(r.a_ns.clone()), fmt_ns),
            opt(median(r.wall_s.clone()), |v| format!("{v:.2} s")),
        ];
        s += &line(&cells);
        if r.failures > 0 {
            let _ = writeln!(
                s,
                "    ({} run(s) of this row failed; see above)",
                r.failures
            );
        }
    }
    if footnote {
        let _ = writeln!(
            s,
            "* reported time below {SUB_RESOLUTION_NS} ns (the harness subtracts its own loop overhead and \
             prints few digits): the ratio of two such figures says nothing"
        );
    }
    s
}

/// Reported times below this many ns are rounding residues, not measurements.
const SUB_RESOLUTION_NS: f64 = 0.1;

/// zenbench's ratio of per-bench medians: a diagnostic beside its headline.
pub fn median_ratio_table(rows: &[Row]) -> String {
    let rows: Vec<&Row> = rows
        .iter()
        .filter(|r| !r.aa_err_median_ratio.is_empty() || !r.ab_err_median_ratio.is_empty())
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "zenbench diagnostic, not its headline: the same runs' B/A of per-bench median sample times\n",
    );
    let _ = writeln!(
        s,
        "{:<9}  {:<8}  {:>12}  {:>6}  {:>12}  {:>6}",
        "condition", "workload", "A/A err% med", "worst", "A/B err% med", "worst"
    );
    let pct = |v: f64| format!("{v:.2}");
    for r in rows {
        let _ = writeln!(
            s,
            "{:<9}  {:<8}  {:>12}  {:>6}  {:>12}  {:>6}",
            r.condition.name(),
            r.workload.name(),
            opt(median(r.aa_err_median_ratio.clone()), pct),
            opt(worst(&r.aa_err_median_ratio), pct),
            opt(median(r.ab_err_median_ratio.clone()), pct),
            opt(worst(&r.ab_err_median_ratio), pct),
        );
    }
    s
}

/// Every record and row as JSON.
pub fn json(config: serde_json::Value, records: &[Record], rows: &[Row]) -> serde_json::Value {
    use serde_json::json;
    let records: Vec<_> = records
        .iter()
        .map(|r| {
            let base = json!({
                "harness": r.harness.name(),
                "condition": r.condition.name(),
                "workload": r.workload.name(),
                "pair": r.pair.name(),
                "rep": r.rep,
                "true_ratio": r.truth,
            });
            let mut base = base.as_object().cloned().unwrap_or_default();
            match &r.result {
                Ok(m) => {
                    base.insert("ratio".into(), json!(m.ratio));
                    base.insert("a_ns".into(), json!(m.a_ns));
                    base.insert("b_ns".into(), json!(m.b_ns));
                    base.insert("verdict".into(), json!(m.verdict));
                    base.insert("wall_s".into(), json!(m.wall_s));
                    base.insert("median_ratio".into(), json!(m.median_ratio));
                    base.insert("detail".into(), m.detail.clone());
                }
                Err(e) => {
                    base.insert("error".into(), json!(e));
                }
            }
            serde_json::Value::Object(base)
        })
        .collect();
    let rows: Vec<_> = rows
        .iter()
        .map(|r| {
            json!({
                "harness": r.harness.name(),
                "condition": r.condition.name(),
                "workload": r.workload.name(),
                "aa_err_pct_median": median(r.aa_err.clone()),
                "aa_err_pct_worst": worst(&r.aa_err),
                "ab_err_pct_median": median(r.ab_err.clone()),
                "ab_err_pct_worst": worst(&r.ab_err),
                "ab_change_pct_median": median(r.ab_change.clone()),
                "ab_slower": r.ab_slower.map(|(h, n)| [h, n]),
                "aa_flagged": r.aa_flagged.map(|(h, n)| [h, n]),
                "a_ns_median": median(r.a_ns.clone()),
                "wall_s_median": median(r.wall_s.clone()),
                "failures": r.failures,
            })
        })
        .collect();
    json!({ "config": config, "rows": rows, "records": records })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_errors() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
        assert!((err_pct(1.0404, 1.02) - 2.0).abs() < 1e-9);
        assert!((err_pct(0.99, 1.0) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn formats_times() {
        assert_eq!(fmt_ns(0.31), "310 ps");
        assert_eq!(fmt_ns(2712.0), "2.71 µs");
        assert_eq!(fmt_ns(215_000.0), "215 µs");
    }
}
