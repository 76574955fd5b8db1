//! Entry points of the fuzz targets (`fuzz/` in the repository; the book's
//! Reliability page says how to run them) and of the test that replays
//! their corpora. Each takes any bytes and must not panic; an error it
//! gets must be one line, as every error zenbench prints is. Built only
//! for fuzzing (`--cfg fuzzing`, which `cargo fuzz` sets) and in tests.

use crate::define::cli;
use crate::define::registry::Suite;
use crate::model::options::Options;
use crate::model::result::SuiteResult;
use crate::report::{self, Style};
use crate::store::{self, CompareConfig, RunView};
use std::path::Path;

/// Panics when `message` is not one line.
fn one_line(what: &str, message: &str) {
    assert!(
        !message.contains('\n') && !message.contains('\r'),
        "{what}: an error of more than one line: {message:?}"
    );
}

/// A result file (a baseline, a `--format json` report), read as a run
/// reads a baseline and as `zenbench baseline show` and `compare` read
/// it; then compared with itself and rendered in every format. The same
/// bytes are also read as a history file.
pub fn result_file(bytes: &[u8]) {
    let path = Path::new("fuzz.json");
    match store::parse_with_mode::<RunView>(path, bytes) {
        Ok((view, _)) => {
            let cfg = CompareConfig::default();
            let against = store::compare(&view, &view, "fuzz", &cfg, &[]);
            let _ = crate::model::json::to_compact(&against);
            let _ = against.fails();
            #[cfg(feature = "cli")]
            {
                let _ = report::against_report(&against, &Style::default());
                let _ = crate::tool::list_line("fuzz", &view);
            }
        }
        Err(e) => one_line("a result file", &e.to_string()),
    }
    match store::parse_with_mode::<SuiteResult>(path, bytes) {
        Ok((result, _)) => render(&result),
        Err(e) => one_line("a result file", &e.to_string()),
    }
    let (records, skipped) = store::parse_history(bytes);
    if let Some(first) = records.first() {
        let _ = store::run_noise_by_bench(&records, &first.testbed_id);
    }
    // The history dashboard of those records, in each format.
    let cfg = store::analyze_config();
    let files = [report::history::HistoryFile {
        target: "fuzz".into(),
        path: "fuzz.jsonl".into(),
        trends: store::analyze(records, &cfg),
        skipped,
    }];
    let dashboard = report::history::Dashboard::of(&files, cfg);
    let _ = report::history::md::history_md(&dashboard);
    #[cfg(feature = "html")]
    let _ = report::history_html(&dashboard);
}

/// Every report of `result`, and its JSON read back.
fn render(result: &SuiteResult) {
    for style in [
        Style::default(),
        Style {
            color: true,
            width: Some(40),
            auto_fit: true,
            compact: false,
        },
        Style {
            compact: true,
            width: Some(100),
            ..Style::default()
        },
    ] {
        let _ = report::pretty(result, &style);
    }
    let _ = report::md(result);
    let _ = report::csv(result);
    let _ = report::llm(result);
    let _ = report::bmf(result);
    #[cfg(feature = "html")]
    let _ = report::html(result);
    let text = result.to_json_with_samples();
    if let Err(e) = store::parse_with_mode::<SuiteResult>(Path::new("again.json"), text.as_bytes())
    {
        panic!("a result read back fails to read again: {e}\n{text}");
    }
}

/// A command line and environment: arguments separated by NUL bytes, then,
/// after two NULs, `NAME=VALUE` variables separated by NUL bytes. Parsed
/// as a bench program parses them, then planned over `suite` (the
/// registry's benchmarks when `None`).
pub fn command_line(bytes: &[u8], suite: Option<&Suite>) {
    let (args, env) = split_command_line(bytes);
    let lookup = |name: &str| {
        env.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let opts = match cli::parse(&args, &lookup) {
        Ok(opts) => opts,
        Err(e) => return one_line("a command line", &e.to_string()),
    };
    if opts.help {
        let _ = cli::help_text();
        return;
    }
    plan_with(&opts, suite);
}

/// The arguments and variables of [`command_line`]'s input.
pub fn split_command_line(bytes: &[u8]) -> (Vec<String>, Vec<(String, String)>) {
    let text = String::from_utf8_lossy(bytes);
    let (args, env) = text.split_once("\0\0").unwrap_or((&text, ""));
    let args = args
        .split('\0')
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    let env = env
        .split('\0')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    (args, env)
}

fn plan_with(opts: &Options, suite: Option<&Suite>) {
    let registry;
    let suite = match suite {
        Some(s) => s,
        None => {
            registry = Suite::from_registry();
            &registry
        }
    };
    let filter = match cli::compile_filters(&opts.selection) {
        Ok(f) => f,
        Err(e) => return one_line("a filter", &e.to_string()),
    };
    match crate::plan::plan(suite.defs.clone(), opts, &|n| filter.matches(n)) {
        Ok(plan) => {
            // What `--list` would print.
            let names: Vec<(String, bool)> = plan
                .groups
                .iter()
                .flat_map(|g| g.benches.iter().map(|b| (b.full_name.clone(), b.ignore)))
                .collect();
            let _ = report::list(&names, false);
        }
        Err(e) => one_line("a plan", &e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    //! The corpora of the fuzz targets, replayed through the same entry
    //! points: the fuzz smoke that CI runs on a stable toolchain.

    use std::path::PathBuf;

    /// Every file of `fuzz/corpus/TARGET/` and `fuzz/regressions/TARGET/`.
    fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
        let mut files = Vec::new();
        for dir in ["corpus", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_file() {
                    let bytes = std::fs::read(&path).unwrap();
                    files.push((path, bytes));
                }
            }
        }
        files.sort();
        files
    }

    #[test]
    fn the_result_file_corpus_replays_without_a_panic() {
        let files = corpus("result_file");
        assert!(files.len() >= 10, "{} files", files.len());
        for (path, bytes) in files {
            eprintln!("{}", path.display());
            super::result_file(&bytes);
        }
    }

    #[test]
    fn the_command_line_corpus_replays_without_a_panic() {
        let files = corpus("command_line");
        assert!(files.len() >= 10, "{} files", files.len());
        for (path, bytes) in files {
            eprintln!("{}", path.display());
            super::command_line(&bytes, None);
        }
    }

    #[test]
    fn a_command_line_is_split_at_nul_bytes_and_its_variables_after_two() {
        let (args, env) = super::split_command_line(b"--bench\0x\0\0ZENBENCH_SEED=3\0BAD");
        assert_eq!(args, ["--bench", "x"]);
        assert_eq!(env, [("ZENBENCH_SEED".to_owned(), "3".to_owned())]);
    }
}
