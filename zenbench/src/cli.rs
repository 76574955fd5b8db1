//! Command-line and environment parsing into [`Options`].
//!
//! [`parse`] reads the arguments and the `ZENBENCH_*` variables, [`help_text`]
//! documents them, [`compile_filters`] turns the selection into a [`Filter`].
//! Errors are [`CliError`]s: one line each; the caller exits with code 2.
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
//! - Flags that DESIGN §3 lists but this version does not implement (and
//!   their variables) are errors saying so, not "unknown flag".

// How it is built: one table, `FLAGS`, lists every flag DESIGN §3 knows: its
// value placeholder, whether `ZENBENCH_<FLAG>` is read for it, whether this
// version implements it, and its help line. Parsing, the environment fallback,
// the "did you mean" suggestions and the help are all driven by that table;
// `apply` is the one `match` that stores a value into `Options`. Adding a flag
// is one table row plus one match arm (implementing a `later()` row: drop
// `.later()` and add its arm).

use std::cell::Cell;
use std::fmt;
use std::path::PathBuf;

use regex_lite::Regex;

use crate::options::{ColorChoice, Format, Mode, Options};

/// A usage error: a bad flag, value or environment variable.
///
/// Its [`Display`](fmt::Display) is one line naming the problem, ready to be
/// printed after `error: `; the caller exits with code 2.
///
/// ```
/// let err = zenbench::cli::parse(["--max-tme", "3"], &|_| None).unwrap_err();
/// assert_eq!(err.to_string(), "unknown flag `--max-tme`; did you mean `--max-time`?");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliError {
    message: String,
}

impl CliError {
    fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
        }
    }

    /// The one-line message (the same text as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

// ---------------------------------------------------------------------------
// The flag table

/// How far this version implements a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Support {
    /// Parsed into [`Options`] by [`apply`].
    Yes,
    /// A libtest flag that is accepted (with its value) and has no effect.
    NoOp,
    /// In DESIGN §3 but not implemented yet: a clear error.
    Later,
}

/// Where a flag is listed in `--help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Select,
    Run,
    Output,
    Engine,
    Compat,
    Later,
}

/// One row of the flag table.
#[derive(Clone, Copy, Debug)]
struct Flag {
    /// Long name without the leading `--`.
    name: &'static str,
    short: Option<char>,
    /// Value placeholder (`SECS`); `None` for a switch.
    value: Option<&'static str>,
    /// Whether `ZENBENCH_<NAME>` is read when the flag is absent.
    env: bool,
    support: Support,
    section: Section,
    help: &'static str,
}

impl Flag {
    const fn switch(section: Section, name: &'static str, help: &'static str) -> Flag {
        Flag {
            name,
            short: None,
            value: None,
            env: false,
            support: Support::Yes,
            section,
            help,
        }
    }

    const fn value(
        section: Section,
        name: &'static str,
        value: &'static str,
        help: &'static str,
    ) -> Flag {
        let mut flag = Flag::switch(section, name, help);
        flag.value = Some(value);
        flag
    }

    const fn short(mut self, short: char) -> Flag {
        self.short = Some(short);
        self
    }

    /// Also read from `ZENBENCH_<NAME>`.
    const fn env(mut self) -> Flag {
        self.env = true;
        self
    }

    const fn noop(mut self) -> Flag {
        self.support = Support::NoOp;
        self
    }

    const fn later(mut self) -> Flag {
        self.support = Support::Later;
        self
    }

    fn long(&self) -> String {
        format!("--{}", self.name)
    }

    fn env_var(&self) -> String {
        format!(
            "ZENBENCH_{}",
            self.name.to_ascii_uppercase().replace('-', "_")
        )
    }
}

use Section as S;

/// Every flag DESIGN §3 knows, in `--help` order.
#[rustfmt::skip]
const FLAGS: &[Flag] = &[
    // Selection
    Flag::value(S::Select, "skip", "REGEX", "skip benchmarks whose name matches (repeatable)").env(),
    Flag::switch(S::Select, "exact", "FILTERs and --skip match whole names literally").env(),
    Flag::switch(S::Select, "ignored", "run only benchmarks marked `ignore`").env(),
    Flag::switch(S::Select, "include-ignored", "run ignored benchmarks too").env(),
    // What to do
    Flag::switch(S::Run, "bench", "measure (`cargo bench` passes this)"),
    Flag::switch(S::Run, "test", "run each benchmark once as a test (default; beats --bench)"),
    Flag::switch(S::Run, "list", "list the selected benchmarks, run nothing"),
    Flag::switch(S::Run, "help", "print this help").short('h'),
    // Output
    Flag::value(S::Output, "format", "FORMAT", "pretty (default, on stderr) | json | terse (with --list)").env(),
    Flag::value(S::Output, "output", "FILE", "write the report to FILE instead of stdout").env(),
    Flag::value(S::Output, "color", "WHEN", "auto (default) | always | never").env(),
    Flag::switch(S::Output, "quiet", "print less").short('q').env(),
    // Engine overrides
    Flag::value(S::Engine, "max-time", "SECS", "measuring time budget per group, seconds (> 0)").env(),
    Flag::value(S::Engine, "min-rounds", "N", "at least N rounds (>= 2)").env(),
    Flag::value(S::Engine, "max-rounds", "N", "at most N rounds (>= 1, >= min-rounds)").env(),
    Flag::value(S::Engine, "target-precision", "F", "stop once the relative CI width is this, in (0, 1)").env(),
    Flag::value(S::Engine, "noise-threshold", "F", "changes within +-F are `same`, in [0, 1)").env(),
    Flag::value(S::Engine, "seed", "N", "random seed: decimal or 0x hex").env(),
    Flag::value(S::Engine, "timer", "KIND", "auto (default: tsc when usable) | os | tsc").env(),
    Flag::switch(S::Engine, "no-gate", "never wait for a quieter machine (load, memory, heat)").env(),
    Flag::switch(S::Engine, "cache-firewall", "evict the L2 cache before every sample").env(),
    // Accepted for libtest compatibility
    Flag::switch(S::Compat, "nocapture", "no effect").noop(),
    Flag::switch(S::Compat, "show-output", "no effect").noop(),
    Flag::value(S::Compat, "test-threads", "N", "no effect (benchmarks run one at a time)").noop(),
    // DESIGN §3, not in this version
    Flag::value(S::Later, "save-baseline", "NAME", "save results as a baseline").env().later(),
    Flag::value(S::Later, "baseline", "NAME", "compare against a baseline").env().later(),
    Flag::value(S::Later, "max-regression", "PCT", "fail above this regression").env().later(),
    Flag::switch(S::Later, "update-on-pass", "update the baseline on success").env().later(),
    Flag::value(S::Later, "best-of-processes", "N", "best of N processes").env().later(),
    Flag::value(S::Later, "mean-of-processes", "N", "mean of N processes").env().later(),
    Flag::value(S::Later, "median-of-processes", "N", "median of N processes").env().later(),
    Flag::value(S::Later, "best-of-passes", "N", "best of N passes").env().later(),
];

/// `--format` values that DESIGN §3 names but this version does not write.
const LATER_FORMATS: &[&str] = &["csv", "md", "llm", "html", "bmf"];

fn flag_by_name(name: &str) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| f.name == name)
}

// ---------------------------------------------------------------------------
// Values and where they came from

/// Where a value came from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Source {
    /// `--name` on the command line.
    Flag(&'static str),
    /// `ZENBENCH_NAME` in the environment.
    Env(String),
}

impl Source {
    /// `` `--max-time` `` or `` `ZENBENCH_MAX_TIME` ``.
    fn name(&self) -> String {
        match self {
            Source::Flag(name) => format!("`--{name}`"),
            Source::Env(var) => format!("`{var}`"),
        }
    }

    /// `` `--format csv` `` or `` `ZENBENCH_FORMAT=csv` ``.
    fn with_value(&self, value: &str) -> String {
        match self {
            Source::Flag(name) => format!("`--{name} {}`", shown(value)),
            Source::Env(var) => format!("`{var}={}`", shown(value)),
        }
    }
}

/// A flag's value: switches are on/off, the rest carry text.
#[derive(Clone, Copy, Debug)]
enum Value<'a> {
    Switch(bool),
    Text(&'a str),
}

impl<'a> Value<'a> {
    fn on(self) -> bool {
        match self {
            Value::Switch(on) => on,
            Value::Text(_) => unreachable!("flag table: a value flag handled as a switch"),
        }
    }

    fn text(self) -> &'a str {
        match self {
            Value::Text(text) => text,
            Value::Switch(_) => unreachable!("flag table: a switch handled as a value flag"),
        }
    }
}

/// A value as shown in a message: control characters escaped, so the message stays one line.
fn shown(value: &str) -> String {
    value
        .chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

fn bad_value(src: &Source, value: &str, expected: &str) -> CliError {
    CliError::new(format!(
        "invalid value `{}` for {}: expected {expected}",
        shown(value),
        src.name()
    ))
}

fn not_supported(what: &str) -> CliError {
    CliError::new(format!(
        "{what} is not supported by this version of zenbench"
    ))
}

// ---------------------------------------------------------------------------
// Storing values: the one match over flag names

/// Stores one flag's value into `opts`. Every [`Support::Yes`] row has an arm.
fn apply(opts: &mut Options, flag: &Flag, value: Value<'_>, src: &Source) -> Result<(), CliError> {
    match flag.name {
        "skip" => opts.skip.push(value.text().to_owned()),
        "exact" => opts.exact = value.on(),
        "ignored" => opts.ignored = value.on(),
        "include-ignored" => opts.include_ignored = value.on(),
        // `--test` wins over `--bench` in either order (libtest): see `finish`.
        "bench" if value.on() => opts.mode = Mode::Bench,
        "test" if value.on() => opts.mode = Mode::Test,
        "bench" | "test" => {}
        "list" => opts.list = value.on(),
        "help" => opts.help = value.on(),
        "format" => opts.format = parse_format(src, value.text())?,
        "output" => opts.output = Some(parse_path(src, value.text())?),
        "color" => opts.color = parse_color(src, value.text())?,
        "quiet" => opts.quiet = value.on(),
        "max-time" => opts.max_time = Some(parse_secs(src, value.text())?),
        "min-rounds" => opts.min_rounds = Some(parse_count(src, value.text(), 2)?),
        "max-rounds" => opts.max_rounds = Some(parse_count(src, value.text(), 1)?),
        "target-precision" => {
            opts.target_precision = Some(parse_target_precision(src, value.text())?)
        }
        "noise-threshold" => opts.noise_threshold = Some(parse_noise_threshold(src, value.text())?),
        "seed" => opts.seed = Some(parse_seed(src, value.text())?),
        "cache-firewall" => opts.cache_firewall = value.on(),
        "no-gate" => opts.no_gate = value.on(),
        "timer" => {
            opts.timer = value
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
// Value parsers: each names the source, the value and what was expected

fn parse_format(src: &Source, value: &str) -> Result<Format, CliError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "pretty" => Ok(Format::Pretty),
        "json" => Ok(Format::Json),
        "terse" => Ok(Format::Terse),
        later if LATER_FORMATS.contains(&later) => Err(not_supported(&src.with_value(value))),
        _ => Err(bad_value(
            src,
            value,
            "pretty, json or terse (terse only with `--list`)",
        )),
    }
}

fn parse_color(src: &Source, value: &str) -> Result<ColorChoice, CliError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "auto" => Ok(ColorChoice::Auto),
        "always" => Ok(ColorChoice::Always),
        "never" => Ok(ColorChoice::Never),
        _ => Err(bad_value(src, value, "auto, always or never")),
    }
}

fn parse_path(src: &Source, value: &str) -> Result<PathBuf, CliError> {
    if value.is_empty() {
        return Err(bad_value(src, value, "a file path"));
    }
    Ok(PathBuf::from(value))
}

fn parse_secs(src: &Source, value: &str) -> Result<f64, CliError> {
    match value.trim().parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > 0.0 => Ok(secs),
        _ => Err(bad_value(src, value, "seconds, a finite number > 0")),
    }
}

fn parse_count(src: &Source, value: &str, min: u64) -> Result<u64, CliError> {
    match value.trim().parse::<u64>() {
        Ok(n) if n >= min => Ok(n),
        _ => Err(bad_value(src, value, &format!("a whole number >= {min}"))),
    }
}

const FRACTION_HINT: &str = "a fraction: 0.01 means 1%";

fn parse_noise_threshold(src: &Source, value: &str) -> Result<f64, CliError> {
    match value.trim().parse::<f64>() {
        Ok(f) if (0.0..1.0).contains(&f) => Ok(f),
        _ => Err(bad_value(
            src,
            value,
            &format!("a number in [0, 1); {FRACTION_HINT}"),
        )),
    }
}

fn parse_target_precision(src: &Source, value: &str) -> Result<f64, CliError> {
    match value.trim().parse::<f64>() {
        Ok(f) if f > 0.0 && f < 1.0 => Ok(f),
        _ => Err(bad_value(
            src,
            value,
            &format!("a number in (0, 1); {FRACTION_HINT}"),
        )),
    }
}

fn parse_seed(src: &Source, value: &str) -> Result<u64, CliError> {
    let text = value.trim();
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u64::from_str_radix(hex, 16).ok()
        }
        Some(_) => None,
        None if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
        None => None,
    };
    parsed.ok_or_else(|| bad_value(src, value, "an unsigned 64-bit integer, decimal or 0x hex"))
}

/// A switch's environment variable: 1/true/yes/on or 0/false/no/off, any case.
fn parse_bool(src: &Source, value: &str) -> Result<bool, CliError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(bad_value(src, value, "1/true/yes/on or 0/false/no/off")),
    }
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
        self.sources
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s)
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
///
/// ```
/// use zenbench::cli::parse;
/// use zenbench::{Format, Mode};
///
/// let env = |name: &str| (name == "ZENBENCH_MAX_TIME").then(|| "2.5".to_string());
/// let opts = parse(["--bench", "--format=json", "sort/", "--seed", "0x2a"], &env).unwrap();
/// assert_eq!(opts.mode, Mode::Bench);
/// assert_eq!(opts.format, Format::Json);
/// assert_eq!(opts.filters, ["sort/"]);
/// assert_eq!(opts.seed, Some(42));
/// assert_eq!(opts.max_time, Some(2.5));
///
/// let err = parse(["--min-rounds", "1"], &|_| None).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid value `1` for `--min-rounds`: expected a whole number >= 2"
/// );
/// ```
pub fn parse<I, S>(args: I, env: &dyn Fn(&str) -> Option<String>) -> Result<Options, CliError>
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
pub fn parse_env_and_args() -> Result<Options, CliError> {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        let arg = arg.into_string().map_err(|arg| {
            CliError::new(format!(
                "argument `{}` is not valid UTF-8",
                shown(&arg.to_string_lossy())
            ))
        })?;
        args.push(arg);
    }
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
        Some(var) => Err(CliError::new(format!("`{var}` is not valid UTF-8"))),
        None => Ok(opts),
    }
}

fn is_help(arg: &str) -> bool {
    arg == "--help" || arg == "-h"
}

fn asks_for_help(args: &[String]) -> bool {
    args.iter().take_while(|a| *a != "--").any(|a| is_help(a))
}

/// Whether `arg` would be read as a flag rather than as the previous flag's value.
fn looks_like_flag(arg: &str) -> bool {
    arg.starts_with("--")
        || FLAGS
            .iter()
            .any(|f| f.short.is_some_and(|c| arg == format!("-{c}")))
}

fn parse_args(args: &[String], parsed: &mut Parsed) -> Result<(), CliError> {
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            parsed.opts.filters.extend(args[i..].iter().cloned());
            break;
        }
        if arg.len() < 2 || !arg.starts_with('-') {
            parsed.opts.filters.push(arg.clone());
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
            let mut chars = name.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => FLAGS.iter().find(|f| f.short == Some(c)),
                _ => None,
            }
        };
        let spelled = if double {
            format!("--{name}")
        } else {
            format!("-{name}")
        };
        let Some(flag) = found else {
            return Err(unknown_flag(&spelled));
        };
        if flag.support == Support::Later {
            return Err(not_supported(&format!("`{spelled}`")));
        }
        let value = match (flag.value, inline) {
            (None, None) => Value::Switch(true),
            (None, Some(_)) => {
                return Err(CliError::new(format!(
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
                    return Err(CliError::new(format!(
                        "`{spelled}` needs a value ({meta}), found flag `{next}`; \
                         write `{spelled}={next}` if that is the value",
                        next = shown(next)
                    )))
                }
                _ => return Err(CliError::new(format!("`{spelled}` needs a value ({meta})"))),
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

/// Fills every option that the command line did not give from `ZENBENCH_<FLAG>`.
fn read_env(env: &dyn Fn(&str) -> Option<String>, parsed: &mut Parsed) -> Result<(), CliError> {
    for flag in FLAGS.iter().filter(|f| f.env) {
        if parsed.source(flag.name).is_some() {
            continue;
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
            // Switched off is what this version does anyway.
            Support::Later if matches!(value, Value::Switch(false)) => continue,
            Support::Later => return Err(not_supported(&src.name())),
            Support::NoOp => continue,
            Support::Yes => {}
        }
        apply(&mut parsed.opts, flag, value, &src)?;
        parsed.mark(flag.name, src);
    }
    Ok(())
}

/// Checks between options, once every source is in.
fn finish(mut parsed: Parsed) -> Result<Options, CliError> {
    if parsed.source("test").is_some() {
        parsed.opts.mode = Mode::Test;
    }

    if parsed.opts.ignored && parsed.opts.include_ignored {
        let ignored = parsed.source("ignored").cloned();
        let include = parsed.source("include-ignored").cloned();
        match (ignored, include) {
            // The command line wins over a conflicting variable.
            (Some(Source::Flag(_)), Some(Source::Env(_))) => parsed.opts.include_ignored = false,
            (Some(Source::Env(_)), Some(Source::Flag(_))) => parsed.opts.ignored = false,
            (Some(a), Some(b)) => {
                return Err(CliError::new(format!(
                    "{} and {} cannot be used together",
                    a.name(),
                    b.name()
                )))
            }
            _ => unreachable!("a switch that is on has a source"),
        }
    }

    if parsed.opts.format == Format::Terse && !parsed.opts.list {
        let src = parsed
            .source("format")
            .cloned()
            .unwrap_or(Source::Flag("format"));
        return Err(CliError::new(format!(
            "{} is only valid with `--list`",
            src.with_value("terse")
        )));
    }

    if let (Some(min), Some(max)) = (parsed.opts.min_rounds, parsed.opts.max_rounds) {
        if max < min {
            let min_src = parsed
                .source("min-rounds")
                .cloned()
                .unwrap_or(Source::Flag("min-rounds"));
            let max_src = parsed
                .source("max-rounds")
                .cloned()
                .unwrap_or(Source::Flag("max-rounds"));
            return Err(bad_value(
                &max_src,
                &max.to_string(),
                &format!("a whole number >= {} ({min})", min_src.name()),
            ));
        }
    }

    let skip_src = parsed
        .source("skip")
        .cloned()
        .unwrap_or(Source::Flag("skip"));
    compile(&parsed.opts, &skip_src)?;
    Ok(parsed.opts)
}

// ---------------------------------------------------------------------------
// Unknown flags

fn unknown_flag(spelled: &str) -> CliError {
    let hint = match suggest(spelled) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "run with `--help` to see the flags".to_owned(),
    };
    CliError::new(format!("unknown flag `{}`; {hint}", shown(spelled)))
}

/// The known flag nearest to `spelled`, when it is close enough to be a typo.
fn suggest(spelled: &str) -> Option<String> {
    let typed = spelled.trim_start_matches('-').to_ascii_lowercase();
    if typed.is_empty() {
        return None;
    }
    if ["pretty", "json", "terse"].contains(&typed.as_str()) {
        return Some(format!("--format {typed}"));
    }
    FLAGS
        .iter()
        .map(|f| (edit_distance(&typed, f.name), f))
        .filter(|(d, f)| {
            let longest = typed.chars().count().max(f.name.len());
            *d <= (longest / 3).clamp(1, 3)
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f.long())
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions
/// and swaps of adjacent characters each cost 1.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between a[..i] and b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

// ---------------------------------------------------------------------------
// Help

/// The `--help` text: every flag, the environment variables and the exit codes.
///
/// ```
/// let help = zenbench::cli::help_text();
/// assert!(help.contains("--max-time SECS"));
/// assert!(help.contains("ZENBENCH_MAX_TIME"));
/// ```
pub fn help_text() -> String {
    let mut out = String::new();
    out.push_str(
        "zenbench: interleaved, paired microbenchmarks\n\
         \n\
         Usage: cargo bench [--bench TARGET] -- [OPTIONS] [FILTER]...\n\
         \x20      cargo test --benches -- [OPTIONS] [FILTER]...   (each benchmark runs once)\n\
         \n\
         Arguments:\n\
         \x20 FILTER...   regexes matched against `group/bench` full names; any match selects,\n\
         \x20             no FILTER selects all. With --exact: whole names, literally.\n",
    );
    let sections = [
        (S::Select, "Selection"),
        (S::Run, "What to do"),
        (S::Output, "Output"),
        (
            S::Engine,
            "Engine overrides (default: the group's attribute, then zenbench's)",
        ),
        (S::Compat, "Accepted for libtest compatibility, no effect"),
        (
            S::Later,
            "Not supported by this version of zenbench (an error for now)",
        ),
    ];
    for (section, title) in sections {
        out.push_str(&format!("\n{title}:\n"));
        for flag in FLAGS.iter().filter(|f| f.section == section) {
            let short = flag.short.map_or("    ".to_owned(), |c| format!("-{c}, "));
            let value = flag.value.map_or(String::new(), |v| format!(" {v}"));
            let left = format!("{short}--{}{value}", flag.name);
            out.push_str(&format!("  {left:<30}{}\n", flag.help));
        }
        if section == S::Later {
            out.push_str(&format!(
                "  {:<30}{}\n",
                "    --format FORMAT",
                LATER_FORMATS.join(" | ")
            ));
        }
    }
    out.push_str(
        "\n\
         Notes:\n\
         \x20 --flag VALUE and --flag=VALUE are the same; a VALUE that looks like a flag needs `=`.\n\
         \x20 A repeated flag: the last one wins; --skip and FILTERs add up.\n\
         \x20 `--` ends the flags: every argument after it is a FILTER.\n\
         \x20 --test wins over --bench; --help wins over everything.\n\
         \x20 --ignored and --include-ignored exclude each other.\n\
         \x20 Fractions: 0.01 means 1%.\n\
         \n\
         Environment:\n\
         \x20 Every flag of the Selection, Output and Engine groups is also read from\n\
         \x20 ZENBENCH_<FLAG> (upper case, `-` as `_`) when it is not on the command line:\n",
    );
    let vars: Vec<String> = FLAGS
        .iter()
        .filter(|f| f.env && f.support == Support::Yes)
        .map(Flag::env_var)
        .collect();
    let mut line = String::from("   ");
    for var in vars {
        if line.len() + var.len() + 1 > 80 {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from("   ");
        }
        line.push(' ');
        line.push_str(&var);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out.push_str(
        "  Switches take 1/true/yes/on or 0/false/no/off; an empty variable counts as unset.\n\
         \x20 --list, --help, --bench, --test and FILTERs are command-line only. The variables\n\
         \x20 of the not-supported flags (ZENBENCH_SAVE_BASELINE, ...) are errors too.\n\
         \n\
         Exit codes:\n\
         \x20 0  success\n\
         \x20 1  a regression against a baseline, a failed (panicking) benchmark,\n\
         \x20    or a failed child process\n\
         \x20 2  usage, configuration or data error (bad flag or value, unreadable or\n\
         \x20    corrupt baseline, invalid name)\n",
    );
    out
}

// ---------------------------------------------------------------------------
// Filters

/// One FILTER or `--skip` pattern.
#[derive(Clone, Debug)]
enum Pattern {
    /// `--exact`: the whole name, literally.
    Exact(String),
    /// A regex searched anywhere in the name.
    Regex(Regex),
}

impl Pattern {
    fn matches(&self, name: &str) -> bool {
        match self {
            Pattern::Exact(exact) => exact == name,
            Pattern::Regex(regex) => regex.is_match(name),
        }
    }
}

/// Which benchmarks a run selects, from FILTERs, `--skip` and `--exact`.
///
/// A name is selected when there is no FILTER or any FILTER matches, and no
/// `--skip` pattern matches. Patterns are regexes searched anywhere in the
/// name; with `--exact`, both FILTERs and `--skip` patterns must equal the
/// whole name. `Filter::default()` selects everything.
///
/// ```
/// use zenbench::cli::{compile_filters, parse};
///
/// let opts = parse(["sort", "--skip", "radix$"], &|_| None).unwrap();
/// let filter = compile_filters(&opts).unwrap();
/// assert!(filter.matches("sort/std_sort"));
/// assert!(!filter.matches("sort/radix"));
/// assert!(!filter.matches("hash/64"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Filter {
    include: Vec<Pattern>,
    skip: Vec<Pattern>,
}

impl Filter {
    /// Whether the benchmark named `full_name` (`group/bench`) is selected.
    pub fn matches(&self, full_name: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|p| p.matches(full_name)))
            && !self.skip.iter().any(|p| p.matches(full_name))
    }
}

/// Compiles `opts.filters` and `opts.skip` (see [`Filter`]).
///
/// An error names the invalid regex. [`parse`] has already checked the
/// patterns, so this fails only for `Options` built by hand.
pub fn compile_filters(opts: &Options) -> Result<Filter, CliError> {
    compile(opts, &Source::Flag("skip"))
}

fn compile(opts: &Options, skip_src: &Source) -> Result<Filter, CliError> {
    let pattern = |text: &String, what: &str| -> Result<Pattern, CliError> {
        if opts.exact {
            return Ok(Pattern::Exact(text.clone()));
        }
        Regex::new(text).map(Pattern::Regex).map_err(|err| {
            CliError::new(format!(
                "invalid regex `{}` {what}: {}",
                shown(text),
                shown(&err.to_string())
            ))
        })
    };
    let skip_what = format!("for {}", skip_src.name());
    let include = opts
        .filters
        .iter()
        .map(|f| pattern(f, "as a FILTER"))
        .collect::<Result<_, _>>()?;
    let skip = opts
        .skip
        .iter()
        .map(|s| pattern(s, &skip_what))
        .collect::<Result<_, _>>()?;
    Ok(Filter { include, skip })
}

#[cfg(test)]
#[path = "cli_tests.rs"]
mod tests;
