//! Reports: pure functions of a [`SuiteResult`](crate::SuiteResult).
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
#[cfg(feature = "html")]
mod html;
mod instructions;
mod json;
mod llm;
mod md;
mod pretty;
mod progress;
mod scaling;
mod table;

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod floor_tests;
#[cfg(test)]
mod pretty_tests;

pub(crate) use bmf::bmf;
pub(crate) use csv::csv;
#[cfg(feature = "html")]
pub(crate) use html::html;
pub(crate) use json::{json, json_with_samples};
pub(crate) use llm::llm;
pub(crate) use md::md;

/// The comparison with a baseline alone, as the pretty report prints it
/// (for `zenbench compare`).
#[cfg(feature = "cli")]
pub(crate) fn against_report(a: &crate::result::Against, style: &Style) -> String {
    against::against_lines(a, style).join("\n")
}
#[cfg(any(test, feature = "cli"))]
pub(crate) use format::{fmt_ns, fmt_pct};
pub(crate) use pretty::{pretty, Style};
pub(crate) use progress::{Place, Progress};
#[cfg(test)]
pub(crate) use {
    caveat::Caveat,
    format::{fmt_bytes, fmt_count, fmt_secs, fmt_throughput, superscript},
};

use crate::model::options::ColorChoice;

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
