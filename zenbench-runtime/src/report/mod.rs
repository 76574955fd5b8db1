//! Reports: pure functions of a [`SuiteResult`](crate::SuiteResult).
//!
//! What a report says is built once (`model`: rows, cells, verdicts,
//! caveats, the context, the comparison with a saved baseline) and worded
//! once (`words`); each format below renders that model.
//!
//! - [`pretty`]: the terminal tree (or libtest lines for a smoke run);
//! - [`json`]: the JSON result, without per-round samples;
//! - [`md`], [`csv`], [`llm`], [`bmf`]: Markdown for a pull request or a
//!   job summary, one CSV row per bench, one `key=value` line per bench,
//!   and the Bencher Metric Format;
//! - `html` (feature `html`): one self-contained page with inline SVG
//!   charts;
//! - [`list`]: `--list` output, libtest style;
//! - [`Progress`]: the live progress line while measuring;
//! - [`use_color`]: the colour policy (`--color`, `NO_COLOR`);
//! - the `fmt_*` helpers, shared by every human-readable format, and
//!   [`Caveat`], the footnoted reasons to read a number with care.
//!
//! Nothing here looks at the terminal or the environment except
//! [`no_color_env`], which the caller passes on to [`use_color`].

mod against;
mod bmf;
mod caveat;
mod compact;
mod complexity;
mod csv;
mod fields;
mod floor;
mod format;
// The history dashboard (`zenbench history report`).
#[cfg(any(test, fuzzing, feature = "cli"))]
pub(crate) mod history;
#[cfg(feature = "html")]
mod html;
mod instructions;
mod llm;
mod md;
mod model;
mod pretty;
mod progress;
mod scaling;
mod table;
mod words;

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod floor_tests;
#[cfg(test)]
mod pretty_tests;
#[cfg(test)]
mod self_compare_tests;

pub(crate) use crate::model::result::json;
pub(crate) use bmf::bmf;
pub(crate) use csv::csv;
#[cfg(all(feature = "html", any(test, fuzzing, feature = "cli")))]
pub(crate) use html::history_html;
#[cfg(feature = "html")]
pub(crate) use html::html;
pub(crate) use llm::llm;
pub(crate) use md::md;
#[cfg(feature = "cli")]
pub(crate) use {
    history::{finding_words, md::history_md, Dashboard, HistoryFile},
    words::count,
};

/// The comparison with a baseline alone, as the pretty report prints it
/// (for `zenbench compare`).
#[cfg(feature = "cli")]
pub(crate) fn against_report(a: &crate::model::result::Against, style: &Style) -> String {
    against::against_lines(&model::AgainstView::of(a), style).join("\n")
}
#[cfg(test)]
pub(crate) use format::{fmt_ns, fmt_pct};
pub(crate) use pretty::{pretty, Style};
pub(crate) use progress::{Place, Progress};
#[cfg(test)]
pub(crate) use {
    caveat::Caveat,
    format::{fmt_bytes, fmt_count, fmt_secs, fmt_throughput, superscript},
};

use crate::model::options::{ColorChoice, Format};
use crate::model::result::SuiteResult;

/// The report of `result` in `format` (`style` draws the pretty one;
/// `terse` is pretty); `None` for `html` in a build without the `html`
/// feature, which the caller refuses.
pub(crate) fn render(result: &SuiteResult, format: Format, style: &Style) -> Option<String> {
    Some(match format {
        Format::Json => json(result),
        Format::Markdown => md(result),
        Format::Csv => csv(result),
        Format::Llm => llm(result),
        Format::Bmf => bmf(result),
        #[cfg(feature = "html")]
        Format::Html => html(result),
        #[cfg(not(feature = "html"))]
        Format::Html => return None,
        Format::Pretty | Format::Terse => pretty(result, style),
    })
}

/// `--list` output. Each entry is a full name (`group/bench`) and whether the
/// bench is `ignore`d; the caller has already applied filters and
/// `--ignored` / `--include-ignored`, so every entry given is printed (the
/// flag does not change the output: libtest lists ignored tests the same
/// way).
///
/// Every line is `group/bench: benchmark`. Unless `terse`, a blank line and
/// a count (`3 benchmarks`) follow, as libtest prints; `terse` (nextest's
/// `--format terse`) prints the name lines only. Output ends with a newline
/// when not empty.
pub fn list(names: &[(String, bool)], terse: bool) -> String {
    let mut out = String::new();
    for (name, _ignored) in names {
        out.push_str(name);
        out.push_str(": benchmark\n");
    }
    if !terse {
        if !names.is_empty() {
            out.push('\n');
        }
        let n = names.len();
        out.push_str(&format!(
            "{n} {}\n",
            if n == 1 { "benchmark" } else { "benchmarks" }
        ));
    }
    out
}

/// Whether to colour output: `--color always` and `never` decide alone;
/// `auto` colours a terminal unless `NO_COLOR` is set to a non-empty value
/// (<https://no-color.org>). `no_color_env` is that condition, see
/// [`no_color_env`].
pub fn use_color(choice: ColorChoice, is_terminal: bool, no_color_env: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && !no_color_env,
    }
}

/// Whether the `NO_COLOR` environment variable is set to a non-empty value.
/// The one impure helper here, for the caller of [`use_color`].
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[(&str, bool)]) -> Vec<(String, bool)> {
        list.iter().map(|&(n, i)| (n.to_string(), i)).collect()
    }

    #[test]
    fn list_formats() {
        let n = names(&[
            ("sort/radix", false),
            ("sort/std_sort", false),
            ("hash/64", true),
        ]);
        assert_eq!(
            list(&n, false),
            "sort/radix: benchmark\nsort/std_sort: benchmark\nhash/64: benchmark\n\n3 benchmarks\n"
        );
        assert_eq!(
            list(&n, true),
            "sort/radix: benchmark\nsort/std_sort: benchmark\nhash/64: benchmark\n"
        );
        // Every terse line parses as nextest expects: `<name>: benchmark`.
        for line in list(&n, true).lines() {
            let (name, kind) = line.rsplit_once(": ").unwrap();
            assert_eq!(kind, "benchmark");
            assert!(name.contains('/'));
        }
    }

    #[test]
    fn list_counts() {
        assert_eq!(list(&[], false), "0 benchmarks\n");
        assert_eq!(list(&[], true), "");
        assert_eq!(
            list(&names(&[("a/b", false)]), false),
            "a/b: benchmark\n\n1 benchmark\n"
        );
    }

    #[test]
    fn color_policy_matrix() {
        use ColorChoice::*;
        // (choice, is_terminal, NO_COLOR set) -> colour
        let matrix = [
            (Auto, true, false, true),
            (Auto, true, true, false),
            (Auto, false, false, false),
            (Auto, false, true, false),
            (Always, true, false, true),
            (Always, true, true, true),
            (Always, false, false, true),
            (Always, false, true, true),
            (Never, true, false, false),
            (Never, true, true, false),
            (Never, false, false, false),
            (Never, false, true, false),
        ];
        for (choice, tty, no_color, want) in matrix {
            assert_eq!(
                use_color(choice, tty, no_color),
                want,
                "{choice:?} tty={tty} NO_COLOR={no_color}"
            );
        }
    }
}

/// The examples that were this module's doc examples (the module is private).
#[cfg(test)]
mod doc_examples {
    #[test]
    fn example_list() {
        use crate::report::list;
        let names = vec![
            ("sort/radix".to_string(), false),
            ("sort/std".to_string(), true),
        ];
        assert_eq!(
            list(&names, true),
            "sort/radix: benchmark\nsort/std: benchmark\n"
        );
        assert_eq!(
            list(&names, false),
            "sort/radix: benchmark\nsort/std: benchmark\n\n2 benchmarks\n"
        );
    }

    #[test]
    fn example_use_color() {
        use crate::{report::use_color, ColorChoice};
        assert!(use_color(ColorChoice::Auto, true, false));
        assert!(!use_color(ColorChoice::Auto, true, true));
        assert!(use_color(ColorChoice::Always, false, true));
    }
}

/// The reports of a result, one method per format (`--format json` is the
/// result's own serde form: [`SuiteResult::to_json`]).
impl SuiteResult {
    /// The terminal report, as `cargo bench` prints it (`color`: ANSI
    /// colours for the verdicts).
    ///
    /// ```
    /// let mut suite = zenbench::Suite::new();
    /// suite.bench("add", |b| b.iter(|| 1 + 1));
    /// let result = suite.run(&zenbench::Options::default()).unwrap();
    /// assert!(result.to_pretty(false).contains("add"));
    /// ```
    pub fn to_pretty(&self, color: bool) -> String {
        pretty(
            self,
            &Style {
                color,
                width: None,
                auto_fit: false,
                compact: false,
            },
        )
    }

    /// The Markdown of `--format md`: a table per group, the comparison
    /// with a baseline, failures, and the statistics in a collapsed
    /// `<details>` section; what a pull-request comment or a GitHub job
    /// summary shows.
    ///
    /// ```
    /// let mut suite = zenbench::Suite::new();
    /// suite.bench("add", |b| b.iter(|| 1 + 1));
    /// let md = suite.run(&zenbench::Options::default()).unwrap().to_markdown();
    /// assert!(md.contains("<details><summary>Statistics</summary>"));
    /// ```
    pub fn to_markdown(&self) -> String {
        md(self)
    }

    /// The CSV of `--format csv`: a fixed header (the book's reports
    /// chapter lists its columns), then one row per benchmark.
    ///
    /// ```
    /// let mut suite = zenbench::Suite::new();
    /// suite.bench("add", |b| b.iter(|| 1 + 1));
    /// let csv = suite.run(&zenbench::Options::default()).unwrap().to_csv();
    /// assert!(csv.starts_with("group,name,full_name,"));
    /// assert_eq!(csv.lines().count(), 2);
    /// ```
    pub fn to_csv(&self) -> String {
        csv(self)
    }

    /// The text of `--format llm`: a line describing the run, then one
    /// line of `key=value` pairs per benchmark, each enough to judge it
    /// alone.
    ///
    /// ```
    /// let mut suite = zenbench::Suite::new();
    /// suite.bench("add", |b| b.iter(|| 1 + 1));
    /// let text = suite.run(&zenbench::Options::default()).unwrap().to_llm();
    /// assert!(text.lines().nth(1).unwrap().starts_with("bench=add"));
    /// ```
    pub fn to_llm(&self) -> String {
        llm(self)
    }

    /// The Bencher Metric Format of `--format bmf`: per benchmark, its
    /// `latency` (and `throughput`) with the CI's bounds, for `bencher run
    /// --adapter json`. Failed and unmeasured benches are left out.
    ///
    /// ```
    /// let mut suite = zenbench::Suite::new();
    /// suite.bench("add", |b| b.iter(|| 1 + 1));
    /// // A smoke run measures nothing: no metrics.
    /// let bmf = suite.run(&zenbench::Options::default()).unwrap().to_bmf();
    /// assert_eq!(bmf, "{}\n");
    /// ```
    pub fn to_bmf(&self) -> String {
        bmf(self)
    }
}
