//! The history dashboard (`zenbench history report`): what it says about
//! every benchmark's series of runs — the last mean, each shift with its
//! size and the commits on either side, each change of machine, and the
//! latest shifts of the whole suite, newest first — built once from the
//! analysed history ([`Dashboard::of`]) and worded once here; `md` renders
//! it as Markdown, `html::history` as a page of charts.

pub(crate) mod md;

use super::format::{fmt_ns, fmt_pct};
use super::words::count;
use crate::model::history::{distinct_runs, Finding, HistoryRecord, Trend};
use zenbench_stats::ChangePointConfig;

/// Markup for a piece of text: a code span, an escaped `<code>`, or none.
pub(crate) type Markup<'a> = &'a dyn Fn(&str) -> String;

/// One history file (one bench target), analysed.
#[derive(Clone, Debug)]
pub(crate) struct HistoryFile {
    /// The bench target: the file's name without `.jsonl`.
    pub target: String,
    /// Where it was read, as the report names it.
    pub path: String,
    /// Its benchmarks, in order of first appearance, with their findings.
    pub trends: Vec<Trend>,
    /// Lines that could not be read.
    pub skipped: usize,
}

/// One benchmark on the dashboard.
pub(crate) struct BenchView<'a> {
    /// Its history file (index into [`Dashboard::files`]).
    pub file: usize,
    /// Its runs and findings.
    pub trend: &'a Trend,
}

/// A row of the latest-shifts table: one benchmark's latest shift.
pub(crate) struct ShiftRow {
    /// The benchmark (index into [`Dashboard::benches`]).
    pub bench: usize,
    /// Its first run after the shift.
    pub at: usize,
    /// after / before − 1, percent.
    pub pct_change: f64,
    /// The means of the windows before and after, ns.
    pub before_ns: f64,
    pub after_ns: f64,
}

/// What the dashboard shows.
pub(crate) struct Dashboard<'a> {
    /// The history files, analysed.
    pub files: &'a [HistoryFile],
    /// Every benchmark, file by file.
    pub benches: Vec<BenchView<'a>>,
    /// Each benchmark's latest shift, newest first.
    pub shifts: Vec<ShiftRow>,
    /// The change-point settings the shifts were found with.
    pub cfg: ChangePointConfig,
}

impl<'a> Dashboard<'a> {
    /// The dashboard of `files`, whose shifts were found with `cfg`.
    pub(crate) fn of(files: &'a [HistoryFile], cfg: ChangePointConfig) -> Dashboard<'a> {
        let mut benches = Vec::new();
        for (file, f) in files.iter().enumerate() {
            for trend in &f.trends {
                benches.push(BenchView { file, trend });
            }
        }
        let mut shifts: Vec<ShiftRow> = benches
            .iter()
            .enumerate()
            .filter_map(|(bench, b)| {
                b.trend.findings.iter().rev().find_map(|f| match *f {
                    Finding::Shift {
                        at,
                        before_ns,
                        after_ns,
                        pct_change,
                        ..
                    } => Some(ShiftRow {
                        bench,
                        at,
                        pct_change,
                        before_ns,
                        after_ns,
                    }),
                    Finding::Testbed { .. } => None,
                })
            })
            .collect();
        // Newest first (RFC 3339 times of one writer sort as text); a
        // stable sort keeps the page's order among equals.
        shifts.sort_by(|a, b| {
            let when = |s: &ShiftRow| benches[s.bench].trend.records[s.at].timestamp.as_str();
            when(b).cmp(when(a))
        });
        Dashboard {
            files,
            benches,
            shifts,
            cfg,
        }
    }

    /// Distinct runs over every file.
    pub(crate) fn runs(&self) -> usize {
        distinct_runs(
            self.files
                .iter()
                .flat_map(|f| &f.trends)
                .flat_map(|t| &t.records),
        )
    }

    /// The first line under the title: benchmarks, runs, the dates they
    /// span, unreadable lines.
    pub(crate) fn summary(&self) -> String {
        let mut parts = vec![
            count(self.benches.len(), "benchmark"),
            count(self.runs(), "run"),
        ];
        let dates = self
            .files
            .iter()
            .flat_map(|f| &f.trends)
            .flat_map(|t| &t.records)
            .map(date);
        let (first, last) =
            dates.fold((None, None), |(lo, hi): (Option<&str>, Option<&str>), d| {
                (
                    Some(lo.map_or(d, |l| l.min(d))),
                    Some(hi.map_or(d, |h| h.max(d))),
                )
            });
        match (first, last) {
            (Some(a), Some(b)) if a != b => parts.push(format!("{a} … {b}")),
            (Some(a), _) => parts.push(a.to_owned()),
            _ => {}
        }
        let skipped: usize = self.files.iter().map(|f| f.skipped).sum();
        if skipped > 0 {
            parts.push(format!("{} skipped", count(skipped, "unreadable line")));
        }
        parts.join(" · ")
    }

    /// The settings the shifts were found with, in words.
    pub(crate) fn settings(&self) -> String {
        let c = &self.cfg;
        format!(
            "a shift: a Welch t-test between up to {} runs on either side with p < {}, \
             a change of at least {}, a new level holding {}",
            c.window,
            c.alpha,
            fmt_pct(c.min_change * 100.0).trim_start_matches('+'),
            count(c.persistence, "run"),
        )
    }

    /// Whether the benchmarks come from more than one bench target, so a
    /// benchmark is named with its target.
    pub(crate) fn several_targets(&self) -> bool {
        self.files.iter().filter(|f| !f.trends.is_empty()).count() > 1
    }

    /// The target of a benchmark.
    pub(crate) fn target(&self, b: &BenchView) -> &str {
        &self.files[b.file].target
    }
}

impl ShiftRow {
    /// `slower` or `faster`: a longer time is slower.
    pub(crate) fn word(&self) -> &'static str {
        direction(self.pct_change)
    }

    /// The change in words: `+14.3% slower`.
    pub(crate) fn change(&self) -> String {
        format!("{} {}", fmt_pct(self.pct_change), self.word())
    }

    /// The two windows' means: `104.8 µs → 119.7 µs`.
    pub(crate) fn means(&self) -> String {
        format!("{} → {}", fmt_ns(self.before_ns), fmt_ns(self.after_ns))
    }

    /// When: the date of the first run after it, and how many runs ago.
    pub(crate) fn when(&self, t: &Trend) -> String {
        let ago = t.records.len() - self.at;
        format!("{}, {} ago", date(&t.records[self.at]), count(ago, "run"))
    }

    /// The commits on either side: `5a03a612f553 → 5e93cc5789d3`.
    pub(crate) fn commits(&self, t: &Trend, code: Markup) -> String {
        format!(
            "{} → {}",
            code(&commit(&t.records[self.at - 1])),
            code(&commit(&t.records[self.at]))
        )
    }
}

impl BenchView<'_> {
    /// The last finite mean.
    pub(crate) fn last(&self) -> Option<f64> {
        self.trend
            .records
            .iter()
            .rev()
            .map(|r| r.mean_ns)
            .find(|m| m.is_finite())
    }

    /// How many shifts and changes of machine it has.
    pub(crate) fn counts(&self) -> (usize, usize) {
        let shifts = self
            .trend
            .findings
            .iter()
            .filter(|f| matches!(f, Finding::Shift { .. }))
            .count();
        (shifts, self.trend.findings.len() - shifts)
    }

    /// Its summary in one line: `last 119.7 µs · 80 runs · 1 shift`.
    pub(crate) fn summary(&self) -> String {
        let mut parts = vec![match self.last() {
            Some(m) => format!("last {}", fmt_ns(m)),
            None => "no finite mean".to_owned(),
        }];
        parts.push(count(self.trend.records.len(), "run"));
        let (shifts, machines) = self.counts();
        parts.push(if shifts == 0 {
            "no shift".to_owned()
        } else {
            count(shifts, "shift")
        });
        if machines > 0 {
            parts.push(count(machines, "machine change"));
        }
        parts.join(" · ")
    }
}

/// `slower` for a longer time, else `faster`.
pub(crate) fn direction(pct_change: f64) -> &'static str {
    if pct_change > 0.0 {
        "slower"
    } else {
        "faster"
    }
}

/// A record's commit: 12 digits, `+` when the tree was dirty, `?` when
/// unknown.
pub(crate) fn commit(r: &HistoryRecord) -> String {
    match &r.git_hash {
        Some(g) => {
            let mut g = crate::model::error::one_line(&g.chars().take(12).collect::<String>());
            if r.git_dirty == Some(true) {
                g.push('+');
            }
            g
        }
        None => "?".to_owned(),
    }
}

/// A record's date, `2026-11-19` (its timestamp's first ten characters).
pub(crate) fn date(r: &HistoryRecord) -> &str {
    r.timestamp.get(..10).unwrap_or(&r.timestamp)
}

/// Where record `i` of `t` ran: its commit, marked by `code`, and its
/// date: `5a03a612f553 (2026-11-19)`.
pub(crate) fn place(t: &Trend, i: usize, code: Markup) -> String {
    let r = &t.records[i];
    format!("{} ({})", code(&commit(r)), date(r))
}

/// A finding in words (commits marked by `code`, CPU names by `name`):
/// `+14.3% (104.8 µs → 119.7 µs) between A and B, p = 5.3e-34`, or
/// `machine changed between A and B (`X` → `Y`): not compared across`.
pub(crate) fn finding_words(t: &Trend, f: &Finding, code: Markup, name: Markup) -> String {
    match f {
        Finding::Shift {
            at,
            before_ns,
            after_ns,
            pct_change,
            p,
        } => format!(
            "{} ({} → {}) between {} and {}, p = {p:.1e}",
            fmt_pct(*pct_change),
            fmt_ns(*before_ns),
            fmt_ns(*after_ns),
            place(t, at - 1, code),
            place(t, *at, code),
        ),
        Finding::Testbed { at, from, to } => {
            let what = if from == to {
                format!(
                    "same CPU {}, another OS, arch, core count or cache size",
                    name(from)
                )
            } else {
                format!("{} → {}", name(from), name(to))
            };
            format!(
                "machine changed between {} and {} ({what}): not compared across",
                place(t, at - 1, code),
                place(t, *at, code),
            )
        }
    }
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
pub(crate) mod tests;
