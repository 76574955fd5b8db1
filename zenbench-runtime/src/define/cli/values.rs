//! Values and where they came from; the parsers of the run options' values.

use super::Error;
use crate::model::options::{Aggregation, ColorChoice, Format, Measure, Repeat};
use crate::model::partition::Partition;
use crate::model::table::{self, OptionSpec, Rule};
use std::path::PathBuf;

/// Where a value came from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Source {
    /// `--name` on the command line.
    Flag(&'static str),
    /// `ZENBENCH_NAME` in the environment.
    Env(String),
}

impl Source {
    /// `` `--max-time` `` or `` `ZENBENCH_MAX_TIME` ``.
    pub(super) fn name(&self) -> String {
        match self {
            Source::Flag(name) => format!("`--{name}`"),
            Source::Env(var) => format!("`{var}`"),
        }
    }

    /// `` `--format csv` `` or `` `ZENBENCH_FORMAT=csv` ``.
    pub(super) fn with_value(&self, value: &str) -> String {
        match self {
            Source::Flag(name) => format!("`--{name} {}`", shown(value)),
            Source::Env(var) => format!("`{var}={}`", shown(value)),
        }
    }
}

/// A flag's value: switches are on/off, the rest carry text.
#[derive(Clone, Copy, Debug)]
pub(super) enum Value<'a> {
    Switch(bool),
    Text(&'a str),
}

impl<'a> Value<'a> {
    pub(super) fn on(self) -> bool {
        match self {
            Value::Switch(on) => on,
            Value::Text(_) => unreachable!("flag table: a value flag handled as a switch"),
        }
    }

    pub(super) fn text(self) -> &'a str {
        match self {
            Value::Text(text) => text,
            Value::Switch(_) => unreachable!("flag table: a switch handled as a value flag"),
        }
    }
}

/// A value as shown in a message: control characters escaped, so the message stays one line.
pub(super) fn shown(value: &str) -> String {
    crate::model::error::one_line(value)
}

pub(super) fn bad_value(src: &Source, value: &str, expected: &str) -> Error {
    Error::Usage(format!(
        "invalid value `{}` for {}: expected {expected}",
        shown(value),
        src.name()
    ))
}

/// The error of `--format html` (named by `what`) in a build without
/// zenbench's `html` feature: one line saying how to turn it on.
pub(crate) fn html_needs_feature(what: &str) -> Error {
    Error::Usage(format!(
        "{what} needs zenbench's `html` feature: add `features = [\"html\"]` to the \
         zenbench dependency in Cargo.toml"
    ))
}

pub(super) fn parse_format(src: &Source, value: &str) -> Result<Format, Error> {
    match value.trim().to_ascii_lowercase().as_str() {
        "pretty" => Ok(Format::Pretty),
        "json" => Ok(Format::Json),
        "terse" => Ok(Format::Terse),
        "md" => Ok(Format::Markdown),
        "csv" => Ok(Format::Csv),
        "llm" => Ok(Format::Llm),
        "bmf" => Ok(Format::Bmf),
        "html" if cfg!(feature = "html") => Ok(Format::Html),
        "html" => Err(html_needs_feature(&src.with_value(value))),
        _ => Err(bad_value(
            src,
            value,
            "pretty, json, md, csv, llm, bmf, html or terse (terse only with `--list`)",
        )),
    }
}

pub(super) fn parse_measure(src: &Source, value: &str) -> Result<Measure, Error> {
    match value.trim().to_ascii_lowercase().as_str() {
        "time" => Ok(Measure::Time),
        "instructions" => Ok(Measure::Instructions),
        _ => Err(bad_value(src, value, "time or instructions")),
    }
}

pub(super) fn parse_color(src: &Source, value: &str) -> Result<ColorChoice, Error> {
    match value.trim().to_ascii_lowercase().as_str() {
        "auto" => Ok(ColorChoice::Auto),
        "always" => Ok(ColorChoice::Always),
        "never" => Ok(ColorChoice::Never),
        _ => Err(bad_value(src, value, "auto, always or never")),
    }
}

pub(super) fn parse_path(src: &Source, value: &str) -> Result<PathBuf, Error> {
    if value.is_empty() {
        return Err(bad_value(src, value, "a file path"));
    }
    Ok(PathBuf::from(value))
}

/// A baseline name: checked here, before anything runs or is written.
pub(super) fn parse_baseline_name(src: &Source, value: &str) -> Result<String, Error> {
    crate::model::options::check_baseline_name(value)
        .map(|()| value.to_owned())
        .map_err(|why| bad_value(src, value, &format!("a baseline name ({why})")))
}

/// `count:K/N` or `hash:K/N`; the message names what is wrong.
pub(super) fn parse_partition(src: &Source, value: &str) -> Result<Partition, Error> {
    value.parse().map_err(|why| {
        Error::Usage(format!(
            "invalid value `{}` for {}: {why}",
            shown(value),
            src.name()
        ))
    })
}

/// A percentage in `lo..=hi` (`5`, `2.5`; a trailing `%` is allowed).
pub(super) fn parse_pct(src: &Source, value: &str, lo: f64, hi: f64) -> Result<f64, Error> {
    let text = value.trim();
    let text = text.strip_suffix('%').unwrap_or(text).trim_end();
    text.parse::<f64>()
        .ok()
        .filter(|p| p.is_finite() && (lo..=hi).contains(p))
        .ok_or_else(|| bad_value(src, value, &format!("a percentage from {lo} to {hi}")))
}

/// `N` of `--<how>-of-processes N` / `--<how>-of-passes N`: 1 or more.
pub(super) fn parse_repeat(src: &Source, flag: &str, value: &str) -> Result<Repeat, Error> {
    let how = match flag.split('-').next() {
        Some("best") => Aggregation::Best,
        Some("mean") => Aggregation::Mean,
        _ => Aggregation::Median,
    };
    let count = value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=10_000).contains(n))
        .ok_or_else(|| bad_value(src, value, "a whole number from 1 to 10000"))?;
    Ok(Repeat { how, count })
}

/// `--confirm`'s count of fresh processes: 0 to 100.
pub(super) fn parse_confirm(src: &Source, value: &str) -> Result<u32, Error> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= 100)
        .ok_or_else(|| bad_value(src, value, "a whole number from 0 (never) to 100"))
}

/// Seconds: a finite number > 0.
pub(super) fn parse_secs(src: &Source, value: &str) -> Result<f64, Error> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0)
        .ok_or_else(|| bad_value(src, value, "seconds, a finite number > 0"))
}

pub(super) fn parse_seed(src: &Source, value: &str) -> Result<u64, Error> {
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

/// `--threads 1,2,8`: a comma-separated list of thread counts (0: all cores).
pub(super) fn parse_threads(src: &Source, value: &str) -> Result<Vec<usize>, Error> {
    let mut counts = Vec::new();
    for t in value.split(',') {
        match t.trim().parse::<usize>() {
            Ok(n) if n <= 4096 => counts.push(n),
            _ => {
                counts.clear();
                break;
            }
        }
    }
    if counts.is_empty() {
        return Err(bad_value(
            src,
            value,
            "thread counts separated by commas, like 1,2,8 (0: all logical cores)",
        ));
    }
    Ok(counts)
}

/// A switch's environment variable: 1/true/yes/on or 0/false/no/off, any case.
pub(super) fn parse_bool(src: &Source, value: &str) -> Result<bool, Error> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(bad_value(src, value, "1/true/yes/on or 0/false/no/off")),
    }
}

/// A group option's value: parsed by its rule and checked by the same rule
/// the attribute applies at compile time.
pub(super) fn parse_group_value(
    spec: &OptionSpec,
    src: &Source,
    value: &str,
) -> Result<table::Value, Error> {
    let text = value.trim();
    let parsed = match spec.rule {
        Rule::Switch => parse_bool(src, value).ok().map(table::Value::Bool),
        Rule::Count { .. } => text
            .parse::<u64>()
            .ok()
            .filter(|&n| spec.rule.u64_ok(n))
            .map(table::Value::U64),
        Rule::Secs | Rule::FractionFromZero | Rule::FractionOpen | Rule::Positive => text
            .parse::<f64>()
            .ok()
            .filter(|&x| spec.rule.f64_ok(x))
            .map(table::Value::F64),
        Rule::Cache => match text.to_ascii_lowercase().as_str() {
            "warm" => Some(table::Value::Cache(table::CacheMode::Warm)),
            "cold" => Some(table::Value::Cache(table::CacheMode::Cold)),
            _ => None,
        },
    };
    parsed.ok_or_else(|| bad_value(src, value, spec.expected))
}
