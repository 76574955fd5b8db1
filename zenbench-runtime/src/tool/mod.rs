//! The `zenbench` tool (`cargo install zenbench --features cli`): saved
//! baselines, comparing two result files, merging a partitioned run's
//! parts, and the history's change points and dashboard.
//! A thin front over the store; exit codes are the bench binary's: 0
//! success, 1 a regression, 2 a usage or data error.

mod history;
mod merge;
mod self_compare;

use crate::model::error::{EXIT_FAILED, EXIT_OK};
use crate::model::result::SuiteResult;
use crate::report::{self, Style};
use crate::store::{self, CompareConfig, RunView, State};
use crate::Error;
use std::io::Write;

const USAGE: &str = "\
zenbench: saved baselines, comparisons and history of zenbench runs

Usage:
  zenbench baseline list                 the saved baselines
  zenbench baseline show NAME [--json]   one baseline's report (or its JSON)
  zenbench baseline delete NAME          delete a saved baseline
  zenbench compare OLD.json NEW.json     NEW against OLD, as --baseline would
  zenbench merge PART.json...            one result of a partitioned run's parts
  zenbench history analyze               persistent shifts in the history
  zenbench history report                the history as a page of charts (or Markdown)
  zenbench self-compare [--ref REF]      this tree against REF, both builds interleaved
  zenbench COMMAND --help                a command's options

State lives in .zenbench/ at the workspace root (the nearest folder up that
holds a Cargo.lock), or in $ZENBENCH_HOME.

Exit codes:
  0  success
  1  a regression (compare, self-compare)
  2  usage or data error (bad arguments, a missing, unreadable or corrupt file)
";

const COMPARE_USAGE: &str = "\
Usage: zenbench compare OLD.json NEW.json [OPTIONS]

Compares two results (saved baselines, or `--format json` reports) the way
`cargo bench -- --baseline NAME` does; exits 1 on a regression.

Options:
  --max-regression PCT   a slowdown whose whole 99% CI is above PCT% fails [default 5]
  --baseline-noise PCT   run-to-run noise assumed between the two runs [default 1]
  --cross-testbed        let a regression between two machines fail
  --json                 print the comparison as JSON (the result's `against` block)
";

const BASELINE_USAGE: &str = "\
Usage: zenbench baseline list
       zenbench baseline show NAME [--json]
       zenbench baseline delete NAME

Baselines are saved by `cargo bench -- --save-baseline NAME` in
.zenbench/baselines/NAME.json.
";

/// Runs the tool on the process's arguments and exits.
pub fn main() -> ! {
    let args: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect();
    let args = match args {
        Ok(args) => args,
        Err(bad) => {
            eprintln!(
                "error: an argument is not valid UTF-8: {}",
                crate::model::error::one_line(&bad.to_string_lossy())
            );
            std::process::exit(Error::Usage(String::new()).exit_code())
        }
    };
    let mut out = std::io::stdout().lock();
    let code = run(&args, &mut out);
    let _ = out.flush();
    std::process::exit(code)
}

/// Runs the tool on `args` (without the program name), writing its report
/// to `out` and errors to stderr; returns the exit code.
pub fn run(args: &[String], out: &mut dyn Write) -> i32 {
    match dispatch(args, out) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

fn usage(text: &str) -> Error {
    Error::Usage(text.to_owned())
}

/// `--format html` of a tool built without the `html` feature: the tool is
/// installed, so the advice is how to install it with the feature.
fn tool_html_needs_feature() -> Error {
    usage(
        "`--format html` needs the zenbench tool built with its `html` feature: \
         `cargo install zenbench --features cli,html`",
    )
}

fn dispatch(args: &[String], out: &mut dyn Write) -> Result<i32, Error> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let help = words.iter().any(|w| *w == "--help" || *w == "-h");
    let text = match words.as_slice() {
        [] => return Err(usage("no command; run `zenbench --help` for the commands")),
        ["--help" | "-h" | "help", ..] => USAGE.to_owned(),
        ["baseline", ..] if help => BASELINE_USAGE.to_owned(),
        ["compare", ..] if help => COMPARE_USAGE.to_owned(),
        ["history", ..] if help => history::USAGE.to_owned(),
        ["merge", ..] if help => merge::USAGE.to_owned(),
        ["self-compare", ..] if help => self_compare::USAGE.to_owned(),
        ["self-compare", rest @ ..] => {
            let (text, code) = self_compare::self_compare(rest)?;
            write_out(out, &text)?;
            return Ok(code);
        }
        ["baseline", "list"] => baseline_list(&State::locate())?,
        ["baseline", "show", name, rest @ ..] => baseline_show(&State::locate(), name, rest)?,
        ["baseline", "delete", name] => {
            check_name(name)?;
            let path = store::delete_baseline(&State::locate(), name)?;
            format!("deleted baseline `{name}` ({})\n", path.display())
        }
        ["baseline", ..] => {
            return Err(usage(
                "usage: zenbench baseline list | show NAME | delete NAME",
            ))
        }
        ["compare", rest @ ..] => {
            let (text, code) = compare(rest)?;
            write_out(out, &text)?;
            return Ok(code);
        }
        ["merge", rest @ ..] => merge::merge(rest)?,
        ["history", "analyze", rest @ ..] => history::analyze(&State::locate(), rest)?,
        ["history", "report", rest @ ..] => history::report(&State::locate(), rest)?,
        ["history", ..] => {
            return Err(usage(
                "usage: zenbench history analyze [OPTIONS] | report [OPTIONS] [FILTER...]",
            ))
        }
        [other, ..] => {
            return Err(usage(&format!(
                "unknown command `{}`; the commands are baseline, compare, history, merge and \
             self-compare",
                crate::model::error::one_line(other)
            )))
        }
    };
    write_out(out, &text)?;
    Ok(EXIT_OK)
}

fn write_out(out: &mut dyn Write, text: &str) -> Result<(), Error> {
    out.write_all(text.as_bytes())
        .map_err(|e| Error::io("<stdout>", e))
}

fn check_name(name: &str) -> Result<(), Error> {
    crate::model::options::check_baseline_name(name).map_err(|why| {
        Error::Usage(format!(
            "invalid baseline name `{}`: expected {why}",
            crate::model::error::one_line(name)
        ))
    })
}

fn baseline_list(state: &State) -> Result<String, Error> {
    // A state folder that is not a folder hides every baseline: say so.
    for dir in [state.root().to_path_buf(), state.baselines_dir()] {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Config(format!(
                "`{}` is not a folder, so no baseline can be kept there (check ZENBENCH_HOME): Not a directory",
                crate::model::error::one_line(&dir.display().to_string())
            )));
        }
    }
    let names = store::saved_names(state);
    if names.is_empty() {
        return Ok(format!(
            "no baselines in {}\n",
            state.baselines_dir().display()
        ));
    }
    let mut out = String::new();
    for name in names {
        let path = store::baseline_path(state, &name);
        let line = match store::read_result::<RunView>(&path) {
            Ok(r) => list_line(&name, &r),
            Err(e) => format!("{name}  unreadable: {e}"),
        };
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// A saved baseline's line in `zenbench baseline list`.
pub(crate) fn list_line(name: &str, r: &RunView) -> String {
    let benches = r.benchmarks().count();
    let git = r.git_hash.as_deref().map_or(String::new(), |g| {
        format!(" · git {}", &g[..g.len().min(12)])
    });
    format!(
        "{name}  {} · {benches} benchmarks{git} · {}",
        r.timestamp, r.testbed.cpu_model
    )
}

fn baseline_show(state: &State, name: &str, rest: &[&str]) -> Result<String, Error> {
    check_name(name)?;
    let json = match rest {
        [] => false,
        ["--json"] => true,
        _ => return Err(usage("usage: zenbench baseline show NAME [--json]")),
    };
    let result: SuiteResult = store::load_baseline(state, name)?;
    Ok(if json {
        result.to_json()
    } else {
        let path = store::baseline_path(state, name);
        format!(
            "baseline `{name}` ({})\n{}",
            path.display(),
            report::pretty(&result, &Style::default())
        )
    })
}

/// `zenbench compare OLD NEW [OPTIONS]`: the report and the exit code.
fn compare(args: &[&str]) -> Result<(String, i32), Error> {
    let mut files = Vec::new();
    let mut cfg = CompareConfig::default();
    let mut json = false;
    let mut it = args.iter();
    while let Some(&arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (arg, None),
        };
        let mut value = |what: &str| -> Result<f64, Error> {
            let text = match inline {
                Some(v) => v,
                None => it
                    .next()
                    .copied()
                    .ok_or_else(|| usage(&format!("`{flag}` needs a value ({what})")))?,
            };
            let t = text.trim().trim_end_matches('%');
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    usage(&format!(
                        "invalid value `{text}` for `{flag}`: expected {what}"
                    ))
                })
        };
        match flag {
            "--max-regression" => cfg.max_regression_pct = value("a percentage")?,
            "--baseline-noise" => cfg.noise_pct = value("a percentage")?,
            "--cross-testbed" => cfg.cross_testbed = true,
            "--json" => json = true,
            f if f.starts_with("--") => {
                return Err(usage(&format!(
                    "unknown option `{f}` for compare; run `zenbench compare --help`"
                )))
            }
            file => files.push(file),
        }
    }
    let [old_path, new_path] = files.as_slice() else {
        return Err(usage("usage: zenbench compare OLD.json NEW.json [OPTIONS]"));
    };
    let old: RunView = store::read_result(old_path.as_ref())?;
    let new: RunView = store::read_result(new_path.as_ref())?;
    let against = store::compare(&old, &new, old_path, &cfg, &[]);
    let code = if against.fails() {
        EXIT_FAILED
    } else {
        EXIT_OK
    };
    let text = if json {
        let mut t = crate::model::json::to_pretty(&against);
        t.push('\n');
        t
    } else {
        let mut t = report::against_report(&against, &Style::default());
        t.push('\n');
        t
    };
    Ok((text, code))
}
