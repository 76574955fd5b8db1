//! Command-line and environment parsing into [`Options`].
//!
//! [`parse`] reads the arguments and the `ZENBENCH_*` variables, [`help_text`]
//! documents them, [`compile_filters`] turns the selection into a [`Filter`].
//! Errors are [`Error`]s: one line each; the caller exits with code 2.
//!
//! Rules (also in [`help_text`]):
//! - `--flag value` and `--flag=value`; a separate value may not start with
//!   `--` (and may not be `-q`/`-h`): write `--skip=--foo` for that.
//! - Positional arguments are filters; `--` ends the flags.
//! - A repeated flag: the last one wins; `--skip` and filters accumulate.
//! - `--test` wins over `--bench` in either order (libtest).
//! - `--help` anywhere before `--` wins over every other argument and over
//!   the environment, so help is reachable even from a broken setup.
//! - `ZENBENCH_<FLAG>` is read only when the flag is absent from the command
//!   line; an empty variable counts as unset. `--list`, `--help`, `--bench`,
//!   `--test`, the libtest no-ops and filters are command-line only.
//! - Flags that are planned but not implemented in this version (and their
//!   variables) are errors saying so, not "unknown flag".

// How it is built: one table, `FLAGS` (`flags.rs`), lists every flag: its
// value placeholder, whether `ZENBENCH_<FLAG>` is read for it, whether this
// version implements it, and its help line. Its group-option rows come from
// the option table (`model/table.rs`), which also gives their parsing rule,
// so a group option is one row there and nothing here. Parsing, the
// environment fallback, the "did you mean" suggestions and the help are all
// driven by `FLAGS`; `apply` is the one `match` that stores a run option into
// `Options`.

mod filter;
mod flags;
pub(crate) use flags::edit_distance;
mod help;
pub(crate) mod regex;
mod values;

use std::cell::Cell;

use crate::model::options::{Format, Mode, Options};
use crate::model::table;
use crate::Error;
use flags::{flag_by_name, short_flag, unknown_flag, Flag, Support, Target, FLAGS};
use values::{
    bad_value, parse_baseline_name, parse_bool, parse_color, parse_confirm, parse_format,
    parse_group_value, parse_measure, parse_partition, parse_path, parse_pct, parse_repeat,
    parse_secs, parse_seed, parse_threads, shown, Source, Value,
};

use filter::compile;
pub(crate) use filter::compile_filters;
#[cfg(test)]
use filter::Filter;
pub(crate) use help::help_text;
pub(crate) use values::html_needs_feature;

/// Every flag's long name, for the tests that check the book.
#[cfg(test)]
pub(crate) fn all_flag_names() -> Vec<&'static str> {
    FLAGS.iter().map(|f| f.name).collect()
}

/// Whether zenbench's flag `spelled` (`--format`, `-q`) takes a value;
/// `None` when zenbench has no such flag. A migration crate uses it to tell
/// a zenbench flag's value from a filter while it translates its tool's
/// command line.
pub(crate) fn flag_takes_value(spelled: &str) -> Option<bool> {
    let flag = match spelled.strip_prefix("--") {
        Some(name) => flag_by_name(name.split_once('=').map_or(name, |(n, _)| n)),
        None => short_flag(spelled.strip_prefix('-')?),
    }?;
    Some(flag.value.is_some())
}

// ---------------------------------------------------------------------------
// Storing values: the one match over flag names

/// Stores one flag's value into `opts`: a group option through its table
/// row, a run option through the match (every [`Support::Yes`] run row has
/// an arm).
fn apply(opts: &mut Options, flag: &Flag, value: Value<'_>, src: &Source) -> Result<(), Error> {
    if let Target::Group(spec) = flag.target {
        let typed = match value {
            Value::Switch(on) => table::Value::Bool(on),
            Value::Text(text) => parse_group_value(spec, src, text)?,
        };
        opts.config = (spec.set)(opts.config, typed);
        return Ok(());
    }
    match flag.name {
        "skip" => opts.selection.skip.push(value.text().to_owned()),
        "exact" => opts.selection.exact = value.on(),
        "ignored" => opts.selection.ignored = value.on(),
        "include-ignored" => opts.selection.include_ignored = value.on(),
        "partition" => opts.selection.partition = Some(parse_partition(src, value.text())?),
        // `--test` wins over `--bench` in either order (libtest): see `finish`.
        "bench" if value.on() => opts.mode = Mode::Bench,
        "test" if value.on() => opts.mode = Mode::Test,
        "bench" | "test" => {}
        "list" => opts.list = value.on(),
        "profile-time" => opts.profile_time = Some(parse_secs(src, value.text())?),
        "help" => opts.help = value.on(),
        "format" => opts.output.format = parse_format(src, value.text())?,
        "output" => opts.output.file = Some(parse_path(src, value.text())?),
        "color" => opts.output.color = parse_color(src, value.text())?,
        "quiet" => opts.output.quiet = value.on(),
        "seed" => opts.engine.seed = Some(parse_seed(src, value.text())?),
        "threads" => opts.engine.threads = Some(parse_threads(src, value.text())?),
        "no-gate" => opts.engine.no_gate = value.on(),
        "save-baseline" => opts.baselines.save = Some(parse_baseline_name(src, value.text())?),
        "baseline" => opts.baselines.compare = Some(parse_baseline_name(src, value.text())?),
        "max-regression" => {
            opts.baselines.max_regression = Some(parse_pct(src, value.text(), 0.0, 1000.0)?)
        }
        "baseline-noise" => opts.baselines.noise = Some(parse_pct(src, value.text(), 0.0, 100.0)?),
        "confirm" => opts.baselines.confirm = Some(parse_confirm(src, value.text())?),
        "update-on-pass" => opts.baselines.update_on_pass = value.on(),
        "cross-testbed" => opts.baselines.cross_testbed = value.on(),
        "no-history" => opts.baselines.no_history = value.on(),
        "complexity-only" => opts.selection.complexity_only = value.on(),
        "compact" => opts.output.compact = value.on(),
        "measure" => opts.measure = parse_measure(src, value.text())?,
        "auto-fit" => opts.output.auto_fit = value.on(),
        "fail-on-complexity" => opts.complexity.enforce = value.on(),
        "best-of-processes" | "mean-of-processes" | "median-of-processes" => {
            opts.repetition.processes = Some(parse_repeat(src, flag.name, value.text())?)
        }
        "best-of-passes" | "mean-of-passes" | "median-of-passes" => {
            opts.repetition.passes = Some(parse_repeat(src, flag.name, value.text())?)
        }
        "process-timeout" => opts.repetition.process_timeout = Some(parse_secs(src, value.text())?),
        "bench-timeout" => opts.engine.bench_timeout = Some(parse_secs(src, value.text())?),
        "timer" => {
            opts.engine.timer = value
                .text()
                .trim()
                .to_ascii_lowercase()
                .parse()
                .map_err(|_| bad_value(src, value.text(), "auto, os or tsc"))?
        }
        other => unreachable!("flag table: no arm for supported flag `--{other}`"),
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Parsing

/// Options being built, with where each given flag came from.
#[derive(Default)]
struct Parsed {
    opts: Options,
    sources: Vec<(&'static str, Source)>,
}

impl Parsed {
    fn source(&self, name: &str) -> Option<&Source> {
        for (n, s) in &self.sources {
            if *n == name {
                return Some(s);
            }
        }
        None
    }

    /// Where flag `name` came from; the flag itself when it was not given.
    fn source_or_flag(&self, name: &'static str) -> Source {
        match self.source(name) {
            Some(s) => s.clone(),
            None => Source::Flag(name),
        }
    }

    fn mark(&mut self, name: &'static str, src: Source) {
        self.sources.retain(|(n, _)| *n != name);
        self.sources.push((name, src));
    }
}

/// Parses command-line arguments (without `argv[0]`) and `ZENBENCH_*`
/// variables, read through `env`, into [`Options`].
///
/// A flag on the command line wins over its variable. `-h`/`--help` before
/// `--` wins over everything else: the result is `Options { help: true, ..}`
/// with defaults, even if other arguments or variables are invalid.
pub(crate) fn parse<I, S>(args: I, env: &dyn Fn(&str) -> Option<String>) -> Result<Options, Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let args: Vec<String> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    if asks_for_help(&args) {
        return Ok(Options {
            help: true,
            ..Options::default()
        });
    }
    let mut parsed = Parsed::default();
    parse_args(&args, &mut parsed)?;
    read_env(env, &mut parsed)?;
    finish(parsed)
}

/// [`parse`] over `std::env::args()` (without `argv[0]`) and `std::env::var`.
///
/// Also an error: an argument, or a variable that is read, that is not UTF-8.
pub(crate) fn parse_env_and_args() -> Result<Options, Error> {
    parse_env_and(command_line()?)
}

/// This process's arguments (without `argv[0]`); an error names one that
/// is not UTF-8.
pub(crate) fn command_line() -> Result<Vec<String>, Error> {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        let arg = arg.into_string().map_err(|arg| {
            Error::Usage(format!(
                "argument `{}` is not valid UTF-8",
                shown(&arg.to_string_lossy())
            ))
        })?;
        args.push(arg);
    }
    Ok(args)
}

/// [`parse`] over `args` and `std::env::var`; a variable that is read and
/// is not UTF-8 is an error.
pub(crate) fn parse_env_and(args: Vec<String>) -> Result<Options, Error> {
    let not_unicode: Cell<Option<String>> = Cell::new(None);
    let lookup = |name: &str| match std::env::var(name) {
        Ok(value) => Some(value),
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => {
            not_unicode.set(Some(name.to_owned()));
            None
        }
    };
    let opts = parse(args, &lookup)?;
    match not_unicode.take() {
        Some(var) => Err(Error::Usage(format!("`{var}` is not valid UTF-8"))),
        None => Ok(opts),
    }
}

fn is_help(arg: &str) -> bool {
    arg == "--help" || arg == "-h"
}

fn asks_for_help(args: &[String]) -> bool {
    for a in args {
        if a == "--" {
            break;
        }
        if is_help(a) {
            return true;
        }
    }
    false
}

/// Whether `arg` would be read as a flag rather than as the previous flag's value.
fn looks_like_flag(arg: &str) -> bool {
    arg.starts_with("--")
        || arg
            .strip_prefix('-')
            .is_some_and(|s| short_flag(s).is_some())
}

fn parse_args(args: &[String], parsed: &mut Parsed) -> Result<(), Error> {
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            parsed.opts.selection.filters.extend_from_slice(&args[i..]);
            break;
        }
        if arg.len() < 2 || !arg.starts_with('-') {
            parsed.opts.selection.filters.push(arg.clone());
            continue;
        }
        let double = arg.starts_with("--");
        let body = if double { &arg[2..] } else { &arg[1..] };
        let (name, inline) = match body.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (body, None),
        };
        let found = if double {
            flag_by_name(name)
        } else {
            short_flag(name)
        };
        let spelled = if double {
            format!("--{name}")
        } else {
            format!("-{name}")
        };
        let Some(flag) = found else {
            return Err(unknown_flag(&spelled));
        };
        let value = match (flag.value, inline) {
            (None, None) => Value::Switch(true),
            (None, Some(_)) => {
                return Err(Error::Usage(format!(
                    "`{spelled}` takes no value (got `{}`)",
                    shown(arg)
                )))
            }
            (Some(_), Some(text)) if !text.is_empty() => Value::Text(text),
            (Some(meta), _) => match args.get(i) {
                Some(next) if inline.is_none() && !looks_like_flag(next) => {
                    i += 1;
                    Value::Text(next)
                }
                Some(next) if inline.is_none() => {
                    return Err(Error::Usage(format!(
                        "`{spelled}` needs a value ({meta}), found flag `{next}`; \
                         write `{spelled}={next}` if that is the value",
                        next = shown(next)
                    )))
                }
                _ => return Err(Error::Usage(format!("`{spelled}` needs a value ({meta})"))),
            },
        };
        if flag.support == Support::Yes {
            let src = Source::Flag(flag.name);
            apply(&mut parsed.opts, flag, value, &src)?;
            parsed.mark(flag.name, src);
        }
    }
    Ok(())
}

/// Flags that set one option: at most one of each set may be given, and a
/// variable of a set whose flag is on the command line is not read.
const EXCLUSIVE: &[&[&str]] = &[
    &[
        "best-of-processes",
        "mean-of-processes",
        "median-of-processes",
    ],
    &["best-of-passes", "mean-of-passes", "median-of-passes"],
];

fn exclusive_set(name: &str) -> &'static [&'static str] {
    for set in EXCLUSIVE {
        if set.contains(&name) {
            return set;
        }
    }
    &[]
}

/// Fills every option that the command line did not give from `ZENBENCH_<FLAG>`.
fn read_env(env: &dyn Fn(&str) -> Option<String>, parsed: &mut Parsed) -> Result<(), Error> {
    'flags: for flag in FLAGS.iter() {
        if !flag.env || parsed.source(flag.name).is_some() {
            continue;
        }
        for n in exclusive_set(flag.name) {
            if let Some(Source::Flag(_)) = parsed.source(n) {
                continue 'flags;
            }
        }
        let var = flag.env_var();
        let raw = match env(&var) {
            Some(raw) if !raw.is_empty() => raw,
            _ => continue,
        };
        let src = Source::Env(var);
        let value = match flag.value {
            None => Value::Switch(parse_bool(&src, &raw)?),
            Some(_) => Value::Text(&raw),
        };
        match flag.support {
            Support::NoOp => continue,
            Support::Yes => {}
        }
        apply(&mut parsed.opts, flag, value, &src)?;
        parsed.mark(flag.name, src);
    }
    Ok(())
}

/// Checks between options, once every source is in.
fn finish(mut parsed: Parsed) -> Result<Options, Error> {
    if parsed.source("test").is_some() {
        parsed.opts.mode = Mode::Test;
    }

    if let (Some(floor), Some(ceiling)) = (parsed.opts.config.floor, parsed.opts.config.ceiling) {
        if ceiling < floor {
            return Err(Error::Usage(format!(
                "{} ({ceiling}) is below {} ({floor})",
                parsed.source_or_flag("param-ceiling").name(),
                parsed.source_or_flag("param-floor").name()
            )));
        }
    }
    if parsed.opts.selection.ignored && parsed.opts.selection.include_ignored {
        let ignored = parsed.source("ignored").cloned();
        let include = parsed.source("include-ignored").cloned();
        match (ignored, include) {
            // The command line wins over a conflicting variable.
            (Some(Source::Flag(_)), Some(Source::Env(_))) => {
                parsed.opts.selection.include_ignored = false
            }
            (Some(Source::Env(_)), Some(Source::Flag(_))) => parsed.opts.selection.ignored = false,
            (Some(a), Some(b)) => {
                return Err(Error::Usage(format!(
                    "{} and {} cannot be used together",
                    a.name(),
                    b.name()
                )))
            }
            _ => unreachable!("a switch that is on has a source"),
        }
    }

    if parsed.opts.output.format == Format::Terse && !parsed.opts.list {
        let src = parsed.source_or_flag("format");
        return Err(Error::Usage(format!(
            "{} is only valid with `--list`",
            src.with_value("terse")
        )));
    }

    if let (Some(min), Some(max)) = (parsed.opts.config.min_rounds, parsed.opts.config.max_rounds) {
        if max < min {
            let min_src = parsed.source_or_flag("min-rounds");
            let max_src = parsed.source_or_flag("max-rounds");
            return Err(bad_value(
                &max_src,
                &max.to_string(),
                &format!("a whole number >= {} ({min})", min_src.name()),
            ));
        }
    }

    for set in EXCLUSIVE {
        let mut given: Vec<&Source> = Vec::new();
        for n in *set {
            if let Some(src) = parsed.source(n) {
                given.push(src);
            }
        }
        if let [a, b, ..] = given.as_slice() {
            return Err(Error::Usage(format!(
                "{} and {} cannot be used together",
                a.name(),
                b.name()
            )));
        }
    }

    if parsed.opts.baselines.update_on_pass && parsed.opts.baselines.compare.is_none() {
        let src = parsed.source_or_flag("update-on-pass");
        return Err(Error::Usage(format!(
            "{} needs `--baseline NAME`: it replaces that baseline when nothing regressed",
            src.name()
        )));
    }

    let skip_src = parsed.source_or_flag("skip");
    compile(&parsed.opts.selection, &skip_src)?;
    Ok(parsed.opts)
}

#[cfg(test)]
mod tests;

impl Options {
    /// Parses command-line arguments (without the program name) and
    /// `ZENBENCH_*` variables, read through `env`, the way
    /// [`main`](crate::main) does. A flag wins over its variable; `--help`
    /// before `--` wins over everything. `--help` lists every flag.
    ///
    /// ```
    /// use zenbench::{Format, Mode, Options};
    ///
    /// let env = |name: &str| (name == "ZENBENCH_MAX_TIME").then(|| "2.5".to_string());
    /// let opts = Options::parse(["--bench", "--format=json", "sort/", "--seed", "0x2a"], &env).unwrap();
    /// assert_eq!(opts.mode, Mode::Bench);
    /// assert_eq!(opts.output.format, Format::Json);
    /// assert_eq!(opts.selection.filters, ["sort/"]);
    /// assert_eq!(opts.engine.seed, Some(42));
    /// assert_eq!(opts.config.max_time, Some(2.5));
    ///
    /// let err = Options::parse(["--min-rounds", "1"], &|_| None).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid value `1` for `--min-rounds`: expected a whole number >= 2"
    /// );
    /// let err = Options::parse(["--max-tme", "3"], &|_| None).unwrap_err();
    /// assert_eq!(err.to_string(), "unknown flag `--max-tme`; did you mean `--max-time`?");
    /// ```
    pub fn parse<I, S>(args: I, env: &dyn Fn(&str) -> Option<String>) -> Result<Options, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        parse(args, env)
    }

    /// [`Options::parse`] over this process's arguments and environment.
    /// An argument, or a variable that is read, that is not UTF-8 is an error.
    pub fn from_env_and_args() -> Result<Options, Error> {
        parse_env_and_args()
    }
}
