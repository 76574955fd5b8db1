//! TEMPORARY STUB (replaced by the report branch).
use crate::result::SuiteResult;
pub struct Style {
    pub color: bool,
    pub width: Option<usize>,
}
pub fn json(r: &SuiteResult) -> String {
    serde_json::to_string_pretty(r).unwrap()
}
pub fn pretty(r: &SuiteResult, _: &Style) -> String {
    let mut s = String::new();
    for g in &r.groups {
        s += &format!("{} ({} rounds)\n", g.name, g.rounds);
        for b in &g.benchmarks {
            s += &format!("  {} {:?}\n", b.name, b.summary.as_ref().map(|x| x.mean_ns));
        }
        for c in &g.comparisons {
            s += &format!(
                "  {} vs {}: {:+.2}% [{:+.2}, {:+.2}] {:?}\n",
                c.candidate, c.baseline, c.pct_change, c.ci_lower_pct, c.ci_upper_pct, c.verdict
            );
        }
    }
    s
}
pub fn list(n: &[(String, bool)], _t: bool) -> String {
    n.iter().map(|(n, _)| format!("{n}: benchmark\n")).collect()
}
pub fn use_color(_: crate::options::ColorChoice, t: bool, nc: bool) -> bool {
    t && !nc
}
pub mod progress {
    pub struct Progress;
    impl Progress {
        pub fn new(_: bool, _: Box<dyn std::io::Write + Send>) -> Self {
            Progress
        }
        pub fn update(&mut self, _: &str, _: u64, _: f64, _: f64) {}
        pub fn finish(&mut self) {}
    }
}
