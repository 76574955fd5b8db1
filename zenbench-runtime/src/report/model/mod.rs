//! The report model: what a report says of a run, built once from a
//! [`SuiteResult`] by [`Report::of`]. Every format (pretty, compact, md,
//! csv, llm, bmf, html) renders it: which row is its group's baseline, what
//! a row shows below the timer's floor, its change and verdict, its caveats,
//! its entry against a saved baseline and the run's context are decided
//! here and worded in [`words`](super::words), so no format decides or
//! words one again. Layout, markup and colour stay each format's own.

use super::caveat::Caveat;
use super::fields::{against_of, comparison_of};
use super::floor;
use super::format::{fmt_bytes, fmt_count, fmt_ns, fmt_pct, fmt_pct_ci, fmt_throughput};
use super::words;

mod against;
use crate::model::result::{BenchResult, Comparison, GroupResult, RunMode, SuiteResult, Verdict};
use against::entry_row;
pub(super) use against::{AgainstView, EntryRow, Outcome};

/// What a report says of a run.
pub(super) struct Report<'a> {
    /// The result, for the figures a format lists as they are (CSV, BMF,
    /// the charts).
    pub(super) result: &'a SuiteResult,
    /// A measured run (not a smoke test).
    pub(super) measured: bool,
    /// The run's context.
    pub(super) info: Info,
    /// One section per group, in order.
    pub(super) groups: Vec<Section<'a>>,
    /// The comparison with a saved baseline.
    pub(super) against: Option<AgainstView<'a>>,
    /// Failed benches, by full name, with the first line of their error.
    pub(super) failed: Vec<(&'a str, String)>,
    /// Complexity benches with a crashed rung.
    pub(super) crashed_complexity: usize,
}

/// The run's context: version, git, machine, timer, repetition.
pub(super) struct Info {
    pub(super) version: String,
    /// The commit, shortened to 12 characters.
    pub(super) git: Option<String>,
    pub(super) dirty: bool,
    pub(super) cpu: Option<String>,
    /// `x86_64 linux, 1 core / 2 threads`.
    pub(super) machine: String,
    /// `L1d 32.0 KiB`, `L2 …`, `L3 …`, those known.
    pub(super) caches: Vec<String>,
    /// The timer's name: `tsc`, `os`.
    pub(super) timer: &'static str,
    /// The timer's resolution: `300.0 ps`.
    pub(super) resolution: String,
    /// `400.0 ps`.
    pub(super) loop_overhead: String,
    /// `best of 3 processes`, when more than one process or pass.
    pub(super) repetition: Option<String>,
    /// Child processes that gave no result: index, status, first line of
    /// the message.
    pub(super) children: Vec<(u32, String, Option<String>)>,
}

impl Info {
    /// The run's first line as parts: version, git (through `code`), CPU,
    /// machine (through `text`).
    pub(super) fn run(
        &self,
        code: &dyn Fn(&str) -> String,
        text: &dyn Fn(&str) -> String,
    ) -> Vec<String> {
        let mut parts = vec![text(&format!("zenbench {}", self.version))];
        if let Some(git) = &self.git {
            let dirty = if self.dirty { " (dirty)" } else { "" };
            parts.push(format!("git {}{dirty}", code(git)));
        }
        parts.extend(self.cpu.as_deref().map(&text));
        parts.push(text(&self.machine));
        parts
    }

    /// `timer tsc (resolution 300.0 ps)` and `loop overhead 400.0 ps`.
    pub(super) fn timer(&self) -> [String; 2] {
        [
            format!("timer {} (resolution {})", self.timer, self.resolution),
            format!("loop overhead {}", self.loop_overhead),
        ]
    }

    /// Each failed child process in words, its message through `code`.
    pub(super) fn children(&self, code: &dyn Fn(&str) -> String) -> Vec<String> {
        let mut out = Vec::with_capacity(self.children.len());
        for (i, status, m) in &self.children {
            out.push(words::child_failed(*i, status, m.as_deref(), &code));
        }
        out
    }
}

/// A group: its line of figures, its caveats and a row per bench.
pub(super) struct Section<'a> {
    pub(super) group: &'a GroupResult,
    /// Its benches are compared with its baseline.
    pub(super) compared: bool,
    /// A bench declares a throughput.
    pub(super) rates: bool,
    /// Instructions were counted instead of time measured.
    pub(super) counted: bool,
    /// Why it stopped, in words.
    pub(super) stop: String,
    /// Rounds, iterations per sample, stop, wall time, firewall, gate.
    pub(super) stats: Vec<String>,
    /// The group's own caveats.
    pub(super) caveats: Vec<Caveat>,
    pub(super) rows: Vec<Row<'a>>,
    /// The baseline's mean, shown: compared rows can read in its unit.
    pub(super) baseline_ns: Option<f64>,
}

/// A bench's row.
pub(super) struct Row<'a> {
    pub(super) bench: &'a BenchResult,
    /// The group's baseline, in a compared group.
    pub(super) baseline: bool,
    pub(super) figures: Figures,
    pub(super) rate: Option<Rate>,
    pub(super) alloc: Option<Alloc>,
    pub(super) change: Option<Change<'a>>,
    /// Every caveat of the row: the group's, the bench's, the change's.
    pub(super) caveats: Vec<Caveat>,
    /// The row's own: the bench's and the change's.
    pub(super) own_caveats: Vec<Caveat>,
    /// Its entry against a saved baseline.
    pub(super) against: Option<EntryRow<'a>>,
}

impl Row<'_> {
    /// The bench's name, marked when it is the baseline.
    pub(super) fn name(&self, name: String) -> String {
        if self.baseline {
            format!("{name} (baseline)")
        } else {
            name
        }
    }
}

/// What a row shows of its time.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Figures {
    /// The bench failed: the first line of its error.
    Failed(String),
    /// Nothing was measured.
    NoData,
    /// Below the timer's floor: no time, spread or extremes but its bound.
    BelowFloor {
        floor: Time,
        stddev_ns: f64,
        n: usize,
    },
    Measured(Measured),
}

/// The figures of a row with a time.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Measured {
    pub(super) mean_ns: f64,
    /// The mean's CI: half its width, and each bound that is a time.
    pub(super) ci: Option<(f64, Option<f64>, Option<f64>)>,
    pub(super) median: Time,
    pub(super) min: Time,
    pub(super) max: Time,
    pub(super) mad_ns: f64,
    pub(super) stddev_ns: f64,
    pub(super) n: usize,
}

impl Measured {
    /// `mean ± half the CI's width`, or the mean alone without a CI.
    pub(super) fn mean_pm(&self) -> String {
        match self.ci {
            Some((half, ..)) => format!("{} ± {}", fmt_ns(self.mean_ns), fmt_ns(half)),
            None => fmt_ns(self.mean_ns),
        }
    }

    /// The CI's bounds written by `write` (`[a, b]`, one-sided, or empty).
    pub(super) fn ci_in(&self, write: &dyn Fn(f64) -> String) -> String {
        let (lo, hi) = self.ci.map_or((None, None), |(_, lo, hi)| (lo, hi));
        super::format::fmt_interval(lo.map(&write), hi.map(&write))
    }
}

/// A time a report may show: a number, or under the timer's floor (its
/// bound, when known). No report shows a time that is not above zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Time {
    Ns(f64),
    UnderFloor(Option<f64>),
}

impl Time {
    /// `ns` of row `b`: under its floor when not above zero (the
    /// loop-overhead compensation overshot).
    fn of(b: &BenchResult, ns: f64) -> Time {
        if ns.is_finite() && ns <= 0.0 {
            Time::UnderFloor(floor::floor_ns(b))
        } else {
            Time::Ns(ns)
        }
    }

    /// A mean from a saved baseline, which gives no floor.
    pub(super) fn saved(ns: f64) -> Time {
        if ns.is_finite() && ns <= 0.0 {
            Time::UnderFloor(None)
        } else {
            Time::Ns(ns)
        }
    }

    /// The time in words (`612.3 ns`, `< 12.62 ps`, `< floor`).
    pub(super) fn show(self) -> String {
        self.show_in(&fmt_ns)
    }

    /// The time, a number written by `write`.
    pub(super) fn show_in(self, write: &dyn Fn(f64) -> String) -> String {
        match self {
            Time::Ns(ns) => write(ns),
            Time::UnderFloor(Some(f)) => format!("< {}", fmt_ns(f)),
            Time::UnderFloor(None) => "< floor".to_owned(),
        }
    }
}

/// A throughput: at the mean, or at least this much below the floor.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Rate {
    pub(super) kind: String,
    pub(super) per_second: f64,
    pub(super) at_least: bool,
}

impl Rate {
    /// The rate in its own unit: `4.33 GiB/s`, `> 79.2 Giter/s`.
    pub(super) fn show(&self) -> String {
        self.show_in(&|x| fmt_throughput(&self.kind, x))
    }

    /// The rate, a number written by `write`.
    pub(super) fn show_in(&self, write: &dyn Fn(f64) -> String) -> String {
        let x = write(self.per_second);
        if self.at_least {
            format!("> {x}")
        } else {
            x
        }
    }
}

/// Allocations per iteration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Alloc {
    pub(super) allocs: f64,
    pub(super) bytes: f64,
}

impl Alloc {
    /// `1 alloc, 64 B`.
    pub(super) fn words(&self) -> String {
        let word = if self.allocs == 1.0 {
            "alloc"
        } else {
            "allocs"
        };
        format!(
            "{} {word}, {}",
            fmt_count(self.allocs),
            fmt_bytes(self.bytes)
        )
    }
}

/// A row's change against its group's baseline.
pub(super) struct Change<'a> {
    pub(super) comparison: &'a Comparison,
    /// What is said instead of a percentage that has no size.
    pub(super) no_size: Option<&'static str>,
}

impl Change<'_> {
    pub(super) fn verdict(&self) -> Verdict {
        self.comparison.verdict
    }

    /// The verdict's word: `faster`.
    pub(super) fn word(&self) -> &'static str {
        words::verdict(self.comparison.verdict)
    }

    /// The verdict with why it is uncertain, when within the floor.
    pub(super) fn said(&self) -> String {
        words::verdict_said(self.word(), self.comparison.below_floor)
    }

    /// The change: `-50.4%`, or what stands for it.
    pub(super) fn pct(&self) -> String {
        self.no_size
            .map_or_else(|| fmt_pct(self.comparison.pct_change), str::to_owned)
    }

    /// Its CI (`[-51.2%, -49.6%]`), empty when the change has no size.
    pub(super) fn ci(&self) -> String {
        let c = self.comparison;
        match self.no_size {
            Some(_) => String::new(),
            None => fmt_pct_ci(c.ci_lower_pct, c.ci_upper_pct),
        }
    }
}

impl<'a> Report<'a> {
    /// The report of `r`.
    pub(super) fn of(r: &'a SuiteResult) -> Report<'a> {
        let mut failed = Vec::new();
        let mut groups = Vec::with_capacity(r.groups.len());
        for g in &r.groups {
            for b in &g.benchmarks {
                if b.failed {
                    let msg = b.error.as_deref().unwrap_or("panicked");
                    failed.push((b.full_name.as_str(), words::first_line(msg)));
                }
            }
            groups.push(section(r, g));
        }
        let mut crashed_complexity = 0;
        for c in &r.complexity {
            crashed_complexity += usize::from(c.crashed());
        }
        Report {
            result: r,
            measured: r.mode == RunMode::Bench,
            info: info(r),
            groups,
            against: r.against.as_ref().map(AgainstView::of),
            failed,
            crashed_complexity,
        }
    }

    /// How many benches, over every group.
    pub(super) fn benches(&self) -> usize {
        let mut n = 0;
        for s in &self.groups {
            n += s.rows.len();
        }
        n
    }
}

fn info(r: &SuiteResult) -> Info {
    let t = &r.testbed;
    let rep = &r.repetition;
    let repetition = (rep.processes > 1 || rep.passes > 1).then(|| {
        let how = rep.aggregation.as_deref().unwrap_or("all");
        let processes = words::count(rep.processes as usize, "process");
        match (rep.processes, rep.passes) {
            (1, passes) => format!("{how} of {passes} passes"),
            (_, 1) => format!("{how} of {processes}"),
            (_, passes) => format!(
                "{how} of {processes} × {} of {passes} passes",
                rep.pass_aggregation.as_deref().unwrap_or("all")
            ),
        }
    });
    let mut caches = Vec::new();
    for (name, bytes) in [("L1d", t.l1d_bytes), ("L2", t.l2_bytes), ("L3", t.l3_bytes)] {
        if let Some(bytes) = bytes {
            caches.push(format!("{name} {}", fmt_bytes(bytes as f64)));
        }
    }
    let mut children = Vec::with_capacity(rep.failures.len());
    for f in &rep.failures {
        let message = f.message.as_deref().map(words::first_line);
        children.push((f.index, f.status.clone(), message));
    }
    Info {
        version: r.zenbench_version.clone(),
        git: r.git_hash.as_deref().map(short_hash),
        dirty: r.git_dirty == Some(true),
        cpu: (!t.cpu_model.is_empty()).then(|| t.cpu_model.clone()),
        machine: format!(
            "{} {}, {} / {}",
            t.arch,
            t.os,
            words::count(t.physical_cores, "core"),
            words::count(t.logical_cores, "thread"),
        ),
        caches,
        timer: super::fields::timer_name(r.timer.kind),
        resolution: fmt_ns(r.timer.resolution_ns),
        loop_overhead: fmt_ns(r.loop_overhead_ns),
        repetition,
        children,
    }
}

/// A commit hash shortened to its first 12 characters.
fn short_hash(hash: &str) -> String {
    match hash.char_indices().nth(12) {
        Some((end, _)) => hash[..end].to_owned(),
        None => hash.to_owned(),
    }
}

fn section<'a>(r: &'a SuiteResult, g: &'a GroupResult) -> Section<'a> {
    let compared = !g.comparisons.is_empty();
    let group_caveats = Caveat::for_group(g);
    let mut rows = Vec::with_capacity(g.benchmarks.len());
    let (mut rates, mut counted) = (false, false);
    for b in &g.benchmarks {
        rows.push(row(r, g, b, compared, &group_caveats));
        rates |= b.throughput.is_some();
        counted |= b.instructions.is_some();
    }
    let mut baseline_ns = None;
    for x in &g.benchmarks {
        if compared && x.name == g.baseline && !floor::below_floor(x) {
            baseline_ns = x.summary.as_ref().map(|s| s.mean_ns);
            break;
        }
    }
    Section {
        group: g,
        compared,
        rates,
        counted,
        stop: words::stop(g),
        stats: words::group_stats(g),
        caveats: group_caveats,
        rows,
        baseline_ns,
    }
}

fn row<'a>(
    r: &'a SuiteResult,
    g: &'a GroupResult,
    b: &'a BenchResult,
    compared: bool,
    group_caveats: &[Caveat],
) -> Row<'a> {
    let below = floor::below_floor(b);
    let change = comparison_of(g, b).map(|c| Change {
        comparison: c,
        no_size: floor::change_words(g, c),
    });
    let mut own_caveats = Caveat::for_bench(b);
    if let Some(c) = &change {
        own_caveats.extend(Caveat::for_change(g, c.comparison));
    }
    let mut caveats = if b.failed {
        Vec::new()
    } else {
        group_caveats.to_vec()
    };
    caveats.extend(&own_caveats);
    let rate = match &b.throughput {
        Some(t) if !b.failed => {
            let (per_second, at_least) = match below {
                true => (floor::floor_rate(b), true),
                false => (Some(t.per_second), false),
            };
            per_second.map(|per_second| Rate {
                kind: t.kind.clone(),
                per_second,
                at_least,
            })
        }
        _ => None,
    };
    Row {
        bench: b,
        baseline: compared && b.name == g.baseline,
        figures: figures(b, below),
        rate,
        alloc: b.alloc.as_ref().map(|a| Alloc {
            allocs: a.allocs,
            bytes: a.bytes,
        }),
        change,
        caveats,
        own_caveats,
        against: against_of(r, b)
            .zip(r.against.as_ref())
            .map(|(e, a)| entry_row(e, a.max_regression_pct)),
    }
}

fn figures(b: &BenchResult, below: bool) -> Figures {
    if b.failed {
        return Figures::Failed(words::first_line(b.error.as_deref().unwrap_or("panicked")));
    }
    let Some(s) = &b.summary else {
        return Figures::NoData;
    };
    if below {
        return Figures::BelowFloor {
            floor: Time::UnderFloor(floor::floor_ns(b)),
            stddev_ns: s.stddev_ns,
            n: s.n,
        };
    }
    let bound = |x: f64| (x.is_finite() && x > 0.0).then_some(x);
    Figures::Measured(Measured {
        mean_ns: s.mean_ns,
        ci: b.mean_ci.as_ref().map(|ci| {
            let half = (ci.upper_ns - ci.lower_ns) / 2.0;
            (half, bound(ci.lower_ns), bound(ci.upper_ns))
        }),
        median: Time::of(b, s.median_ns),
        min: Time::of(b, s.min_ns),
        max: Time::of(b, s.max_ns),
        mad_ns: s.mad_ns,
        stddev_ns: s.stddev_ns,
        n: s.n,
    })
}

#[cfg(test)]
mod tests;
