//! What the machine- and PR-readable formats (`md`, `csv`, `llm`, `bmf`)
//! share: the JSON names of the result's enums, plain numbers, and the
//! look-ups that put a bench beside its comparisons.

use crate::model::result::{
    AgainstEntry, BenchResult, ChangeVerdict, Comparison, GroupResult, StopReason, SuiteResult,
    TimerKind, Verdict,
};

/// The JSON name of a verdict: `faster`, `slower`, `same`, `uncertain`.
pub(super) fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Faster => "faster",
        Verdict::Slower => "slower",
        Verdict::Same => "same",
        Verdict::Uncertain => "uncertain",
    }
}

/// The JSON name of a baseline verdict: `regression`, `improved`,
/// `unchanged`, `uncertain`.
pub(super) fn change_name(v: ChangeVerdict) -> &'static str {
    match v {
        ChangeVerdict::Regression => "regression",
        ChangeVerdict::Improved => "improved",
        ChangeVerdict::Unchanged => "unchanged",
        ChangeVerdict::Uncertain => "uncertain",
    }
}

/// The JSON name of a stop reason: `converged`, `max_time`, ….
pub(super) fn stop_name(s: StopReason) -> &'static str {
    match s {
        StopReason::Converged => "converged",
        StopReason::MaxTime => "max_time",
        StopReason::MaxRounds => "max_rounds",
        StopReason::Floor => "floor",
        StopReason::Smoke => "smoke",
        StopReason::Failed => "failed",
    }
}

/// The JSON name of a timer: `tsc` or `os`.
pub(super) fn timer_name(k: TimerKind) -> &'static str {
    match k {
        TimerKind::Tsc => "tsc",
        TimerKind::Os => "os",
    }
}

/// `x` in plain decimal (Rust's shortest round-trip form, never an
/// exponent), or `None` when it is not finite.
pub(super) fn plain(x: f64) -> Option<String> {
    x.is_finite().then(|| format!("{x}"))
}

/// The comparison of `b` with its group's baseline, when `b` is a candidate
/// and the comparison has a CI: one withheld for too few rounds (`no_ci`)
/// shows no change, CI or verdict, only the row's footnote.
pub(super) fn comparison_of<'a>(g: &'a GroupResult, b: &BenchResult) -> Option<&'a Comparison> {
    g.comparisons
        .iter()
        .find(|c| c.candidate == b.name)
        .filter(|c| c.no_ci.is_none())
}

/// The entry of `b` in the comparison with a saved baseline, when any. In
/// a self-compare result the entry of benchmark `G` (the group `G`, rows
/// `old` and `new`) is its `new` row's.
pub(super) fn against_of<'a>(r: &'a SuiteResult, b: &BenchResult) -> Option<&'a AgainstEntry> {
    let name = match r.self_compare {
        Some(_) => b.full_name.strip_suffix("/new")?,
        None => b.full_name.as_str(),
    };
    r.against
        .as_ref()?
        .entries
        .iter()
        .find(|e| e.full_name == name)
}

/// Throughput at the two ends of the mean's CI, per second, lower first:
/// the rate is inversely proportional to the time, so the CI's upper time
/// bound gives the lower rate. `None` when either end is not a positive,
/// finite rate.
pub(super) fn throughput_bounds(b: &BenchResult) -> Option<(f64, f64)> {
    let t = b.throughput.as_ref()?;
    let mean = b.summary.as_ref()?.mean_ns;
    let ci = b.mean_ci.as_ref()?;
    let lower = t.per_second * mean / ci.upper_ns;
    let upper = t.per_second * mean / ci.lower_ns;
    let ok = |x: f64| x.is_finite() && x > 0.0;
    (ok(lower) && ok(upper) && lower <= upper).then_some((lower, upper))
}

/// Compares a rendered report with its golden file
/// `zenbench-runtime/src/report/golden/<name>` (`golden`: that file's text, from
/// `include_str!`). With `ZENBENCH_BLESS=1` in the environment it rewrites
/// the file with `got` instead, for a deliberate change of a format:
/// `ZENBENCH_BLESS=1 cargo test -p zenbench --lib report`, then review the
/// diff.
#[cfg(test)]
pub(super) fn assert_golden(name: &str, golden: &str, got: &str) {
    if std::env::var_os("ZENBENCH_BLESS").is_some_and(|v| v == "1") {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/report/golden")
            .join(name);
        std::fs::write(&path, got).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    if golden != got {
        let line = golden
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(golden.lines().count().min(got.lines().count()));
        panic!(
            "{name} differs from its golden file from line {}; rerun with ZENBENCH_BLESS=1 \
             to accept the new text\n--- got ---\n{got}",
            line + 1
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::bench_suite;

    #[test]
    fn plain_numbers_never_use_exponents() {
        assert_eq!(plain(1e21).as_deref(), Some("1000000000000000000000"));
        assert_eq!(plain(1e-7).as_deref(), Some("0.0000001"));
        assert_eq!(plain(612.3).as_deref(), Some("612.3"));
        assert_eq!(plain(3.0).as_deref(), Some("3"));
        assert_eq!(plain(f64::NAN), None);
        assert_eq!(plain(f64::NEG_INFINITY), None);
    }

    #[test]
    fn names_match_the_json() {
        let r = bench_suite();
        let json: serde_json::Value = serde_json::from_str(&crate::report::json(&r)).unwrap();
        let g = &r.groups[0];
        for (i, c) in g.comparisons.iter().enumerate() {
            assert_eq!(
                json["groups"][0]["comparisons"][i]["verdict"],
                verdict_name(c.verdict)
            );
        }
        for (i, g) in r.groups.iter().enumerate() {
            assert_eq!(json["groups"][i]["stop_reason"], stop_name(g.stop_reason));
        }
        assert_eq!(json["timer"]["kind"], timer_name(r.timer.kind));
    }

    #[test]
    fn throughput_bounds_bracket_the_rate() {
        let r = bench_suite();
        let b = &r.groups[1].benchmarks[0];
        let (lo, hi) = throughput_bounds(b).unwrap();
        let rate = b.throughput.as_ref().unwrap().per_second;
        assert!(lo < rate && rate < hi, "{lo} {rate} {hi}");
        assert_eq!(throughput_bounds(&r.groups[0].benchmarks[0]), None);
    }
}
