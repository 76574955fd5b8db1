//! `zenbench history analyze`: the change points of every benchmark's
//! history; `zenbench history report`: the same as a dashboard (an HTML
//! page of charts, or Markdown).

use super::usage;
use crate::define::cli::regex::Regex;
use crate::model::history::{distinct_runs, Finding, HistoryRecord};
use crate::report::{count, finding_words, history_md, Dashboard, HistoryFile};
use crate::store::{analyze as find, check_writable, read_history, write_atomically, State};
use crate::Error;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use zenbench_stats::ChangePointConfig;

pub(super) const USAGE: &str = "\
Usage: zenbench history analyze [OPTIONS]
       zenbench history report [OPTIONS] [--output FILE] [--format html|md] [FILTER]...

`analyze` finds persistent shifts in each benchmark's mean over the runs
recorded in .zenbench/history/ (every measured `cargo bench` appends one line
per benchmark). A shift is a split of the series where a Welch t-test between
the runs before and after (up to --window of each) is significant, the means
differ by at least --min-change, and the new level holds for --persistence
runs; the search repeats on both sides (binary segmentation). A change of
machine splits the series too and is reported as such, never as a shift.

`report` shows the same as a dashboard: the latest shifts on top, then per
benchmark its runs over time (mean and 95% CI), its shifts and its changes
of machine. `--format html` (the default in a build with the `html`
feature) is one self-contained page of charts; `md` is the table and one
line per benchmark. A history without runs, or filters that match no
benchmark in it, exit 2.

Options:
  --file FILE         read this history file [default: every file in .zenbench/history/]
  --window N          runs on each side of a split [default 30]
  --min-change PCT    smallest shift reported [default 1]
  --persistence N     runs the new level must hold [default 3]
  --alpha P           significance of a split [default 0.0005]

Options of `report`:
  --output FILE       write the report to FILE, atomically [default: stdout]
  --format FORMAT     html or md [default: html with the `html` feature, else md]
  FILTER...           regexes on `group/bench` names; any match selects
";

/// The dashboard's formats.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ReportFormat {
    Html,
    Md,
}

/// The arguments of `history analyze` and `history report`.
struct Args {
    files: Vec<PathBuf>,
    cfg: ChangePointConfig,
    output: Option<PathBuf>,
    format: Option<ReportFormat>,
    /// Each FILTER as given, and compiled.
    filters: Vec<(String, Regex)>,
}

/// Parses the arguments of `history COMMAND` (`analyze` or `report`; only
/// `report` takes an output, a format and filters).
fn parse(command: &str, args: &[&str]) -> Result<Args, Error> {
    let report = command == "report";
    let mut out = Args {
        files: Vec::new(),
        cfg: crate::store::analyze_config(),
        output: None,
        format: None,
        filters: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(&arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (arg, None),
        };
        let mut value = || -> Result<&str, Error> {
            inline
                .or_else(|| it.next().copied())
                .ok_or_else(|| usage(&format!("`{flag}` needs a value")))
        };
        let bad = |v: &str, what: &str| {
            usage(&format!(
                "invalid value `{}` for `{flag}`: expected {what}",
                crate::model::error::one_line(v)
            ))
        };
        match flag {
            "--file" => out.files.push(PathBuf::from(value()?)),
            "--window" | "--persistence" => {
                let v = value()?;
                let n = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n >= 2)
                    .ok_or_else(|| bad(v, "a whole number >= 2"))?;
                if flag == "--window" {
                    out.cfg.window = n;
                } else {
                    out.cfg.persistence = n;
                }
            }
            "--min-change" => {
                let v = value()?;
                out.cfg.min_change = v
                    .trim_end_matches('%')
                    .parse::<f64>()
                    .ok()
                    .filter(|p| p.is_finite() && *p >= 0.0)
                    .ok_or_else(|| bad(v, "a percentage"))?
                    / 100.0;
            }
            "--alpha" => {
                let v = value()?;
                out.cfg.alpha = v
                    .parse::<f64>()
                    .ok()
                    .filter(|p| *p > 0.0 && *p < 1.0)
                    .ok_or_else(|| bad(v, "a probability between 0 and 1"))?;
            }
            "--output" if report => {
                let v = value()?;
                if v.is_empty() {
                    return Err(bad(v, "a file path"));
                }
                out.output = Some(PathBuf::from(v));
            }
            "--format" if report => {
                let v = value()?;
                out.format = Some(match v.trim().to_ascii_lowercase().as_str() {
                    "md" => ReportFormat::Md,
                    "html" => ReportFormat::Html,
                    _ => return Err(bad(v, "html or md")),
                });
            }
            filter if report && !filter.starts_with("--") => {
                let regex = Regex::new(filter).map_err(|e| {
                    usage(&format!(
                        "invalid filter `{}`: {e}",
                        crate::model::error::one_line(filter)
                    ))
                })?;
                out.filters.push((filter.to_owned(), regex));
            }
            other => {
                return Err(usage(&format!(
                    "unknown option `{}` for history {command}; run `zenbench history --help`",
                    crate::model::error::one_line(other)
                )))
            }
        }
    }
    Ok(out)
}

/// The history files to read: those given, else every `.jsonl` file of
/// the state's history folder, sorted.
fn history_files(state: &State, given: Vec<PathBuf>) -> Result<Vec<PathBuf>, Error> {
    if !given.is_empty() {
        return Ok(given);
    }
    let dir = state.history_dir();
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::Data {
            path: dir.clone(),
            message: format!("cannot be read ({e}): no history yet? `cargo bench` records one"),
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    found.sort();
    Ok(found)
}

pub(super) fn analyze(state: &State, args: &[&str]) -> Result<String, Error> {
    let Args { files, cfg, .. } = parse("analyze", args)?;
    let files = history_files(state, files)?;
    let mut out = String::new();
    for path in &files {
        let (records, skipped) = read_history(path)?;
        let runs = distinct_runs(&records);
        let trends = find(records, &cfg);
        out.push_str(&format!(
            "{}: {} {}, {runs} {}{}\n",
            path.display(),
            trends.len(),
            if trends.len() == 1 {
                "benchmark"
            } else {
                "benchmarks"
            },
            if runs == 1 { "run" } else { "runs" },
            match skipped {
                0 => String::new(),
                1 => ", 1 unreadable line skipped".to_owned(),
                n => format!(", {n} unreadable lines skipped"),
            }
        ));
        let mut shifts = 0;
        for t in &trends {
            for f in &t.findings {
                shifts += usize::from(matches!(f, Finding::Shift { .. }));
                let words = finding_words(t, f, &str::to_owned, &|s| format!("`{s}`"));
                out.push_str(&format!("  {}: {words}\n", t.full_name));
            }
        }
        out.push_str(&format!(
            "{shifts} {} found\n",
            if shifts == 1 { "shift" } else { "shifts" }
        ));
    }
    Ok(out)
}

/// What renders the dashboard as a page.
type Render = fn(&Dashboard) -> String;

/// The HTML renderer; refused in a build without the `html` feature.
#[cfg(feature = "html")]
fn html_renderer() -> Result<Render, Error> {
    Ok(crate::report::history_html)
}

/// The HTML renderer; refused in a build without the `html` feature.
#[cfg(not(feature = "html"))]
fn html_renderer() -> Result<Render, Error> {
    Err(super::tool_html_needs_feature())
}

/// How a report names a history file: relative to the current folder when
/// it lies under it (a page published from CI then shows
/// `.zenbench/history/…`, not the runner's folders), else as it is.
fn shown_path(path: &Path) -> String {
    let here = std::env::current_dir().ok();
    match here.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(inside) => inside.display().to_string(),
        None => path.display().to_string(),
    }
}

/// The bench target a history file is of: its name without `.jsonl`.
fn target_of(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// `zenbench history report`: the dashboard, for stdout (empty when it
/// went to `--output`).
pub(super) fn report(state: &State, args: &[&str]) -> Result<String, Error> {
    let args = parse("report", args)?;
    let render = match args.format {
        Some(ReportFormat::Md) => history_md,
        Some(ReportFormat::Html) => html_renderer()?,
        None => html_renderer().unwrap_or(history_md),
    };
    // An `--output` that cannot be written is refused before the reading.
    if let Some(path) = &args.output {
        check_writable(path).map_err(|e| Error::io(path, e))?;
    }
    let paths = history_files(state, args.files)?;
    let selected =
        |name: &str| args.filters.is_empty() || args.filters.iter().any(|f| f.1.is_match(name));
    let mut files = Vec::with_capacity(paths.len());
    let (mut benches, mut kept) = (HashSet::new(), 0);
    for path in &paths {
        let (records, skipped) = read_history(path)?;
        for r in &records {
            if !benches.contains(r.full_name.as_str()) {
                benches.insert(r.full_name.clone());
            }
        }
        let records: Vec<HistoryRecord> = records
            .into_iter()
            .filter(|r| selected(&r.full_name))
            .collect();
        kept += records.len();
        files.push(HistoryFile {
            target: target_of(path),
            path: shown_path(path),
            trends: find(records, &args.cfg),
            skipped,
        });
    }
    if benches.is_empty() {
        let path = match paths.as_slice() {
            [one] => one.clone(),
            _ => state.history_dir(),
        };
        return Err(Error::Data {
            path,
            message: "holds no run: no history yet? `cargo bench` records one".to_owned(),
        });
    }
    if kept == 0 {
        let filters: Vec<String> = args
            .filters
            .iter()
            .map(|f| format!("`{}`", crate::model::error::one_line(&f.0)))
            .collect();
        return Err(usage(&format!(
            "no benchmark in the history matched {} {} ({} in it)",
            if filters.len() == 1 {
                "the filter"
            } else {
                "the filters"
            },
            filters.join(", "),
            count(benches.len(), "benchmark"),
        )));
    }
    let dashboard = Dashboard::of(&files, args.cfg);
    let text = render(&dashboard);
    match args.output {
        Some(path) => {
            write_atomically(&path, text.as_bytes()).map_err(|e| Error::io(&path, e))?;
            eprintln!(
                "zenbench: wrote the history report ({}, {}) to {}",
                count(dashboard.benches.len(), "benchmark"),
                count(
                    dashboard.benches.iter().map(|b| b.counts().0).sum(),
                    "shift"
                ),
                path.display()
            );
            Ok(String::new())
        }
        None => Ok(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::history::fixture::{jsonl, name, synthetic};

    /// A state folder of its own under the temporary folder, removed at
    /// the end.
    struct Home(PathBuf);

    impl Home {
        fn new(tag: &str) -> Home {
            let dir = std::env::temp_dir()
                .join(format!("zb-history-report-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Home(dir)
        }

        fn state(&self) -> State {
            State::at(&self.0)
        }

        /// Writes the synthetic history of `benches` × `runs` as the
        /// target `examples`.
        fn history(&self, benches: usize, runs: usize) -> PathBuf {
            let dir = self.state().history_dir();
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("examples.jsonl");
            std::fs::write(&path, jsonl(&synthetic(benches, runs, 11))).unwrap();
            path
        }
    }

    impl Drop for Home {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn bad_arguments_are_one_line_usage_errors() {
        let home = Home::new("args");
        home.history(3, 10);
        let cases: &[(&[&str], &str)] = &[
            (&["--frob"], "unknown option `--frob` for history report"),
            (&["--format", "pdf"], "invalid value `pdf` for `--format`: expected html or md"),
            (&["--format"], "`--format` needs a value"),
            (&["--output"], "`--output` needs a value"),
            (&["--output="], "invalid value `` for `--output`: expected a file path"),
            (&["--window", "1"], "invalid value `1` for `--window`"),
            (&["("], "invalid filter `(`"),
            (&["nothing-here"], "no benchmark in the history matched the filter `nothing-here` (3 benchmarks in it)"),
            (&["x", "y"], "matched the filters `x`, `y` (3 benchmarks"),
        ];
        for (args, want) in cases {
            let e = report(&home.state(), args).err().unwrap();
            assert_eq!(e.exit_code(), 2, "{args:?}");
            let text = e.to_string();
            assert!(text.contains(want), "{args:?}: {text}");
            assert_eq!(text.lines().count(), 1, "{text}");
        }
        // `analyze` takes no filter, output or format.
        for args in [&["g0"][..], &["--output", "x"], &["--format", "md"]] {
            let e = analyze(&home.state(), args).err().unwrap().to_string();
            assert!(e.contains("for history analyze"), "{e}");
        }
    }

    #[test]
    fn a_history_under_the_current_folder_is_named_relative_to_it() {
        let here = std::env::current_dir().unwrap();
        let inside = here.join(".zenbench").join("history").join("benches.jsonl");
        let want = Path::new(".zenbench").join("history").join("benches.jsonl");
        assert_eq!(shown_path(&inside), want.display().to_string());
        // Elsewhere (not under this crate's folder): as it is.
        let outside = std::env::temp_dir()
            .join("zb-elsewhere")
            .join("benches.jsonl");
        assert!(!outside.starts_with(&here));
        assert_eq!(shown_path(&outside), outside.display().to_string());
    }

    #[test]
    fn no_history_is_a_data_error() {
        let home = Home::new("empty");
        let e = report(&home.state(), &["--format", "md"]).err().unwrap();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("no history yet?"), "{e}");
        std::fs::create_dir_all(home.state().history_dir()).unwrap();
        let e = report(&home.state(), &["--format", "md"]).err().unwrap();
        assert!(
            e.to_string().contains("holds no run: no history yet?"),
            "{e}"
        );
        let empty = home.0.join("empty.jsonl");
        std::fs::write(&empty, "").unwrap();
        let e = report(&home.state(), &["--file", empty.to_str().unwrap()])
            .err()
            .unwrap();
        assert!(e.to_string().contains("empty.jsonl`: holds no run"), "{e}");
    }

    #[test]
    fn filters_select_benchmarks_and_the_output_file_gets_the_report() {
        let home = Home::new("filters");
        home.history(12, 40);
        let md = report(&home.state(), &["--format", "md", "^g1/", "b3$"]).unwrap();
        let named: Vec<&str> = md.lines().filter(|l| l.starts_with("- `")).collect();
        assert_eq!(named.len(), 3, "{md}");
        for k in [3, 10, 11] {
            assert!(md.contains(&format!("- `{}`: last", name(k))), "{md}");
        }
        let out = home.0.join("report.md");
        let printed = report(
            &home.state(),
            &["--format=md", "--output", out.to_str().unwrap()],
        )
        .unwrap();
        assert_eq!(printed, "");
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(written.starts_with("## zenbench history\n\n12 benchmarks · 40 runs"));
        assert_eq!(written.lines().filter(|l| l.starts_with("- `")).count(), 12);
    }

    #[test]
    fn the_default_format_is_html_with_the_feature() {
        let home = Home::new("default");
        home.history(2, 20);
        let got = report(&home.state(), &[]);
        if cfg!(feature = "html") {
            assert!(got.unwrap().starts_with("<!DOCTYPE html>"));
        } else {
            assert!(got.unwrap().starts_with("## zenbench history"));
            let e = report(&home.state(), &["--format", "html"]).err().unwrap();
            assert!(
                e.to_string()
                    .ends_with("`cargo install zenbench --features cli,html`"),
                "{e}"
            );
        }
    }

    /// The scale check the book quotes: the page of 200 benchmarks × 1,000
    /// runs, its size and the time to read, analyse and render it.
    /// `cargo test -p zenbench-runtime --release --features cli,html --lib
    /// history_report_at_scale -- --ignored --nocapture`; the page is kept
    /// when `ZENBENCH_SCALE_PAGE` names a file.
    #[test]
    #[ignore = "a scale check, seconds in a debug build"]
    fn history_report_at_scale() {
        let home = Home::new("scale");
        let file = home.history(200, 1000);
        let bytes = std::fs::metadata(&file).unwrap().len();
        for format in ["html", "md"] {
            if format == "html" && !cfg!(feature = "html") {
                continue;
            }
            let start = std::time::Instant::now();
            let page = report(&home.state(), &["--format", format]).unwrap();
            let took = start.elapsed();
            println!(
                "200 benchmarks × 1000 runs ({:.1} MB of history): {format} {:.2} MB in {:.2} s",
                bytes as f64 / 1e6,
                page.len() as f64 / 1e6,
                took.as_secs_f64()
            );
            if let Some(keep) = std::env::var_os("ZENBENCH_SCALE_PAGE").filter(|_| format == "html")
            {
                std::fs::write(keep, &page).unwrap();
            }
        }
    }
}
