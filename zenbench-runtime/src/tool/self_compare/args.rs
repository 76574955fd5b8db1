//! self-compare's command line. Its own flags are read here; the flags it
//! shares with a run (`--max-regression`, the group options, `--format`,
//! `--output`) are read by the run's parser, so they take the same values
//! and refuse bad ones with the same words.

use super::super::usage;
use crate::define::cli::regex::Regex;
use crate::model::options::{Format, Options};
use crate::model::table::BenchOptions;
use crate::Error;
use std::path::PathBuf;

/// What self-compare was asked to do.
pub(super) struct Args {
    pub(super) reference: Option<String>,
    pub(super) bench: Option<String>,
    pub(super) duet: bool,
    pub(super) filters: Vec<Regex>,
    /// `--max-regression`, percent.
    pub(super) max_regression: f64,
    /// The group options given (`--max-time`, `--noise-threshold`, …),
    /// for every pair.
    pub(super) config: BenchOptions,
    pub(super) format: Format,
    pub(super) output: Option<PathBuf>,
}

/// The flags a run has too, read by its parser. Of the group options, those
/// that mean something for a pair of workers: the cache firewall, cold
/// starts and linear sampling are a bench process's own.
const RUN_FLAGS: &[&str] = &[
    "--max-regression",
    "--max-time",
    "--min-rounds",
    "--max-rounds",
    "--noise-threshold",
    "--target-precision",
    "--format",
    "--output",
];

/// The formats of a self-compare report (`html` with the `html` feature).
const FORMATS: &[&str] = &["pretty", "json", "md", "llm", "bmf", "html"];

pub(super) fn parse(args: &[&str]) -> Result<Args, Error> {
    let mut reference = None;
    let mut bench = None;
    let mut duet = false;
    let mut filters = Vec::new();
    // `--flag=value` for the run's parser, in the order given: a repeated
    // flag's last value wins there, as here.
    let mut shared: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(&arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (arg, None),
        };
        let mut value = || -> Result<String, Error> {
            inline
                .or_else(|| it.next().copied())
                .map(str::to_owned)
                .ok_or_else(|| usage(&format!("`{flag}` needs a value")))
        };
        match flag {
            "--ref" => reference = Some(value()?),
            "--bench" => bench = Some(value()?),
            "--duet" => duet = true,
            "--json" => shared.push("--format=json".to_owned()),
            "--format" => {
                let v = value()?;
                if !FORMATS.contains(&v.trim().to_ascii_lowercase().as_str()) {
                    return Err(usage(&format!(
                        "invalid value `{}` for `--format`: expected pretty, json, md, llm, bmf \
                         or html",
                        crate::model::error::one_line(&v)
                    )));
                }
                // The tool is installed, not a dependency: its own advice.
                if !cfg!(feature = "html") && v.trim().eq_ignore_ascii_case("html") {
                    return Err(super::super::tool_html_needs_feature());
                }
                shared.push(format!("--format={v}"));
            }
            f if RUN_FLAGS.contains(&f) => shared.push(format!("{f}={}", value()?)),
            f if f.starts_with("--") => {
                return Err(usage(&format!(
                    "unknown option `{}` for self-compare; run `zenbench self-compare --help`",
                    crate::model::error::one_line(f)
                )))
            }
            filter => filters.push(
                Regex::new(filter)
                    .map_err(|e| usage(&format!("invalid filter `{filter}`: {e}")))?,
            ),
        }
    }
    // Flags only: a run's `ZENBENCH_*` variables are not self-compare's.
    let opts = Options::parse(&shared, &|_| None)?;
    Ok(Args {
        reference,
        bench,
        duet,
        filters,
        max_regression: opts.baselines.max_regression.unwrap_or(5.0),
        config: opts.config,
        format: opts.output.format,
        output: opts.output.file,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_arguments_are_one_line_usage_errors() {
        for (args, want) in [
            (
                &["--max-time", "0"][..],
                "invalid value `0` for `--max-time`: expected seconds, a finite number > 0",
            ),
            (
                &["--frobnicate"],
                "unknown option `--frobnicate` for self-compare",
            ),
            (&["("], "invalid filter `(`"),
            (&["--ref"], "`--ref` needs a value"),
            (&["--noise-threshold"], "`--noise-threshold` needs a value"),
            (
                &["--format", "csv"],
                "invalid value `csv` for `--format`: expected pretty, json, md, llm, bmf or html",
            ),
            (
                &["--max-regression=-1"],
                "invalid value `-1` for `--max-regression`: expected a percentage from 0 to 1000",
            ),
        ] {
            let e = parse(args).err().unwrap();
            assert_eq!(e.exit_code(), 2, "{args:?}");
            let e = e.to_string();
            assert!(e.starts_with(want), "{args:?}: {e}");
            assert_eq!(e.lines().count(), 1);
        }
    }

    #[test]
    fn the_group_options_are_refused_as_a_run_refuses_them() {
        // The run's parser and self-compare's say the same of each value.
        for args in [
            &["--noise-threshold", "1.5"][..],
            &["--noise-threshold=-0.1"],
            &["--noise-threshold", "x"],
            &["--min-rounds", "1"],
            &["--max-rounds", "0"],
            &["--target-precision", "0"],
            &["--min-rounds", "10", "--max-rounds", "5"],
            &["--output="],
        ] {
            let ours = parse(args).err().unwrap().to_string();
            let run = Options::parse(args.iter().copied(), &|_| None)
                .err()
                .unwrap()
                .to_string();
            assert_eq!(ours, run, "{args:?}");
        }
        let e = parse(&["--noise-threshold", "1.5"]).err().unwrap();
        assert_eq!(
            e.to_string(),
            "invalid value `1.5` for `--noise-threshold`: expected a number in [0, 1); a \
             fraction: 0.01 means 1%"
        );
    }

    #[test]
    fn html_is_refused_with_the_tools_own_advice_without_the_feature() {
        let parsed = parse(&["--format", "html"]);
        #[cfg(feature = "html")]
        assert_eq!(parsed.unwrap().format, Format::Html);
        #[cfg(not(feature = "html"))]
        {
            let e = parsed.err().unwrap();
            assert_eq!(e.exit_code(), 2);
            assert!(
                e.to_string()
                    .contains("`cargo install zenbench --features cli,html`"),
                "{e}"
            );
        }
    }

    #[test]
    fn values_reach_the_arguments() {
        let a = parse(&[
            "--ref=main",
            "--format",
            "md",
            "sort/",
            "--max-regression",
            "2",
            "--noise-threshold=0.03",
            "--min-rounds",
            "10",
            "--max-rounds",
            "50",
            "--target-precision",
            "0.01",
            "--max-time",
            "0.5",
            "--output",
            "report.md",
            "--duet",
        ])
        .unwrap();
        assert_eq!(a.reference.as_deref(), Some("main"));
        assert_eq!(a.format, Format::Markdown);
        assert_eq!(a.max_regression, 2.0);
        assert_eq!(a.filters.len(), 1);
        assert_eq!(a.config.noise_threshold, Some(0.03));
        assert_eq!(a.config.min_rounds, Some(10));
        assert_eq!(a.config.max_rounds, Some(50));
        assert_eq!(a.config.target_precision, Some(0.01));
        assert_eq!(a.config.max_time, Some(0.5));
        assert_eq!(a.output, Some(PathBuf::from("report.md")));
        assert!(a.duet);
        // Defaults: pretty on stdout, 5%, no option set.
        let d = parse(&[]).unwrap();
        assert_eq!((d.format, d.max_regression), (Format::Pretty, 5.0));
        assert_eq!(d.config, BenchOptions::NONE);
        // `--json` is `--format json`; the last of them wins.
        assert_eq!(parse(&["--json"]).unwrap().format, Format::Json);
        assert_eq!(
            parse(&["--json", "--format", "llm"]).unwrap().format,
            Format::Llm
        );
        assert_eq!(
            parse(&["--format=bmf", "--json"]).unwrap().format,
            Format::Json
        );
    }
}
