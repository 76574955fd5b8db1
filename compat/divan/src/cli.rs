//! divan's command line, translated into zenbench's.
//!
//! divan's flags that mean something here are turned into zenbench's
//! (`--sample-count N` is N rounds, `--threads`, `--max-time`, `--timer`,
//! the libtest flags); those that do not are accepted with a one-line note
//! (`--sample-size`, `--min-time`, `--skip-ext-time`, `--sort`, `--sortr`,
//! `--bytes-format`). divan's `DIVAN_*` variables are read for the flags
//! that are absent. Every other argument is zenbench's: its flags are passed
//! on as written, and an unknown flag is zenbench's one-line error.

use crate::divan::{Action, Ignored, Settings, Skip};
use zenbench::Throughput;

/// How a divan flag is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Switch,
    Value(&'static str),
    /// `--skip-ext-time`, `--skip-ext-time true|false`.
    OptionalBool,
}

/// divan's flags: name, form, and the `DIVAN_*` variable read when absent.
const FLAGS: &[(&str, Form, Option<&str>)] = &[
    ("test", Form::Switch, None),
    ("bench", Form::Switch, None),
    ("list", Form::Switch, None),
    ("exact", Form::Switch, None),
    ("ignored", Form::Switch, None),
    ("include-ignored", Form::Switch, None),
    ("skip", Form::Value("FILTER"), None),
    ("color", Form::Value("WHEN"), None),
    ("sort", Form::Value("ATTRIBUTE"), Some("DIVAN_SORT")),
    ("sortr", Form::Value("ATTRIBUTE"), Some("DIVAN_SORTR")),
    ("timer", Form::Value("os|tsc"), Some("DIVAN_TIMER")),
    ("sample-count", Form::Value("N"), Some("DIVAN_SAMPLE_COUNT")),
    ("sample-size", Form::Value("N"), Some("DIVAN_SAMPLE_SIZE")),
    ("threads", Form::Value("N"), Some("DIVAN_THREADS")),
    ("min-time", Form::Value("SECS"), Some("DIVAN_MIN_TIME")),
    ("max-time", Form::Value("SECS"), Some("DIVAN_MAX_TIME")),
    (
        "skip-ext-time",
        Form::OptionalBool,
        Some("DIVAN_SKIP_EXT_TIME"),
    ),
    ("items-count", Form::Value("N"), Some("DIVAN_ITEMS_COUNT")),
    ("bytes-count", Form::Value("N"), Some("DIVAN_BYTES_COUNT")),
    (
        "bytes-format",
        Form::Value("decimal|binary"),
        Some("DIVAN_BYTES_FORMAT"),
    ),
    ("chars-count", Form::Value("N"), Some("DIVAN_CHARS_COUNT")),
    ("cycles-count", Form::Value("N"), Some("DIVAN_CYCLES_COUNT")),
];

/// Where a value came from, as a message names it.
enum Source<'a> {
    Flag(&'a str),
    Env(&'a str),
}

impl Source<'_> {
    fn name(&self) -> String {
        match self {
            Source::Flag(flag) => format!("`--{flag}`"),
            Source::Env(var) => format!("`{var}`"),
        }
    }
}

fn shown(text: &str) -> String {
    zenbench::__private::hooks::one_line(text)
}

fn bad(from: &Source, value: &str, expected: &str) -> String {
    format!(
        "invalid value `{}` for {}: expected {expected}",
        shown(value),
        from.name()
    )
}

/// Reads `args` (without `argv[0]`) and the `DIVAN_*` variables through
/// `env` into `settings`, as divan's `config_with_args` does: what the
/// command line sets replaces what was set before. An error is one line.
pub(crate) fn read(
    settings: &mut Settings,
    args: &[String],
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(), String> {
    let mut given: Vec<&str> = Vec::new();
    let (mut test, mut bench, mut list) = (false, false, false);
    let mut threads: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            settings.filters.extend(args[i..].iter().cloned());
            break;
        }
        if !arg.starts_with('-') || arg.len() < 2 {
            settings.filters.push(arg.clone());
            continue;
        }
        if arg == "--help" || arg == "-h" {
            settings.notes.push(HELP_NOTE.to_owned());
        }
        let body = arg.strip_prefix("--").unwrap_or("");
        let (name, inline) = match body.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (body, None),
        };
        let Some(&(flag, form, _)) = FLAGS
            .iter()
            .find(|(n, _, _)| *n == name && !body.is_empty())
        else {
            pass_on(settings, arg, args, &mut i)?;
            continue;
        };
        given.push(flag);
        let value = match form {
            Form::Switch => match inline {
                Some(_) => return Err(format!("`--{flag}` takes no value (got `{}`)", shown(arg))),
                None => None,
            },
            Form::Value(meta) => Some(match inline {
                Some(v) if !v.is_empty() => v.to_owned(),
                Some(_) => return Err(format!("`--{flag}` needs a value ({meta})")),
                None => match args.get(i) {
                    Some(next) if !next.starts_with("--") => {
                        i += 1;
                        next.clone()
                    }
                    Some(next) => {
                        return Err(format!(
                            "`--{flag}` needs a value ({meta}), found flag `{}`",
                            shown(next)
                        ))
                    }
                    None => return Err(format!("`--{flag}` needs a value ({meta})")),
                },
            }),
            Form::OptionalBool => match inline {
                Some(v) => Some(v.to_owned()),
                None => match args.get(i).map(String::as_str) {
                    Some(v @ ("true" | "false")) => {
                        i += 1;
                        Some(v.to_owned())
                    }
                    _ => None,
                },
            },
        };
        match flag {
            "test" => test = true,
            "bench" => bench = true,
            "list" => list = true,
            "exact" => settings.exact = true,
            "ignored" => settings.ignored = Ignored::Only,
            "include-ignored" => settings.ignored = Ignored::Include,
            "skip" => settings.skips.extend(value.map(Skip::Regex)),
            "threads" => {
                let value = value.unwrap_or_default();
                threads.extend(thread_list(&Source::Flag(flag), &value)?);
            }
            _ => apply(settings, flag, value.as_deref(), &Source::Flag(flag))?,
        }
    }
    if given.contains(&"ignored") && given.contains(&"include-ignored") {
        return Err("`--ignored` and `--include-ignored` cannot be used together".into());
    }
    for &(flag, _, var) in FLAGS {
        let Some(var) = var else { continue };
        if given.contains(&flag) {
            continue;
        }
        let Some(value) = env(var).filter(|v| !v.is_empty()) else {
            continue;
        };
        if flag == "threads" {
            threads.extend(thread_list(&Source::Env(var), &value)?);
        } else {
            apply(settings, flag, Some(&value), &Source::Env(var))?;
        }
    }
    if !threads.is_empty() {
        // divan's order: ascending, each count once.
        threads.sort_unstable();
        threads.dedup();
        settings.threads = Some(threads);
    }
    settings.action = if list {
        Action::List
    } else if test || !bench {
        // `cargo test --benches` passes neither: run each bench once.
        Action::Test
    } else {
        Action::Bench
    };
    Ok(())
}

/// The note `--help` adds to zenbench's help.
const HELP_NOTE: &str = "zenbench-divan: divan's flags are accepted too: --sample-count N (N rounds), \
--threads N, --max-time SECS, --timer os|tsc, --items-count/--bytes-count/--chars-count/--cycles-count N; \
--sample-size, --min-time, --skip-ext-time, --sort, --sortr and --bytes-format have no effect";

/// An argument that is not one of divan's flags: zenbench's flag (with its
/// value), or a misspelling of divan's flag, or zenbench's unknown flag.
fn pass_on(
    settings: &mut Settings,
    arg: &str,
    args: &[String],
    i: &mut usize,
) -> Result<(), String> {
    match zenbench::__private::hooks::flag_takes_value(arg) {
        Some(takes_value) => {
            settings.passthrough.push(arg.to_owned());
            if takes_value && !arg.contains('=') {
                if let Some(next) = args.get(*i) {
                    settings.passthrough.push(next.clone());
                    *i += 1;
                }
            }
            Ok(())
        }
        None => {
            let typed = arg.trim_start_matches('-');
            let typed = typed.split_once('=').map_or(typed, |(n, _)| n);
            match nearest_flag(typed) {
                Some(near) => Err(format!(
                    "unknown flag `{}`; did you mean `--{near}`?",
                    shown(arg)
                )),
                // zenbench says it's unknown, with its own suggestion.
                None => {
                    settings.passthrough.push(arg.to_owned());
                    Ok(())
                }
            }
        }
    }
}

/// divan's flag nearest to `typed`, when it is close enough to be a typo.
fn nearest_flag(typed: &str) -> Option<&'static str> {
    let limit = (typed.chars().count() / 3).clamp(1, 3);
    FLAGS
        .iter()
        .map(|(name, _, _)| {
            (
                zenbench::__private::hooks::edit_distance(typed, name),
                *name,
            )
        })
        .filter(|&(d, _)| d <= limit && d > 0)
        .min_by_key(|&(d, _)| d)
        .map(|(_, name)| name)
}

/// Stores one value flag (or variable) into `settings`.
fn apply(
    settings: &mut Settings,
    flag: &str,
    value: Option<&str>,
    from: &Source,
) -> Result<(), String> {
    let text = value.unwrap_or_default();
    let note = |what: &str| format!("zenbench-divan: {} has no effect: {what}", from.name());
    match flag {
        "color" => match text {
            "auto" | "always" | "never" => settings.color = Some(text.to_owned()),
            _ => return Err(bad(from, text, "auto, always or never")),
        },
        "timer" => settings.timer = Some(text.to_owned()),
        "sort" | "sortr" => match text {
            "kind" | "name" | "location" => settings
                .notes
                .push(note("zenbench reports the benchmarks in source order")),
            _ => return Err(bad(from, text, "kind, name or location")),
        },
        "sample-count" => {
            settings.sample_count = Some(whole(from, text, 1)?.min(u32::MAX.into()) as u32)
        }
        "sample-size" => {
            whole(from, text, 1)?;
            settings
                .notes
                .push(note("zenbench sizes each sample itself"));
        }
        "min-time" => {
            secs(from, text, true)?;
            settings.notes.push(note(
                "zenbench measures until its estimates converge or `--max-time` is spent",
            ));
        }
        "max-time" => settings.max_time = Some(secs(from, text, false)?),
        "skip-ext-time" => {
            match value {
                None | Some("true" | "false") => {}
                Some(other) => return Err(bad(from, other, "true or false")),
            }
            settings
                .notes
                .push(note("zenbench's time budget is the group's wall time"));
        }
        "items-count" | "chars-count" | "cycles-count" => {
            settings.counter = Some(Throughput::Elements(whole(from, text, 0)?))
        }
        "bytes-count" => settings.counter = Some(Throughput::Bytes(whole(from, text, 0)?)),
        "bytes-format" => match text {
            "decimal" | "binary" => settings.notes.push(note("zenbench picks its own units")),
            _ => return Err(bad(from, text, "decimal or binary")),
        },
        other => unreachable!("divan flag table: no arm for `--{other}`"),
    }
    Ok(())
}

fn whole(from: &Source, text: &str, min: u64) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if n >= min => Ok(n),
        _ => Err(bad(from, text, &format!("a whole number >= {min}"))),
    }
}

/// Seconds: a finite number > 0 (>= 0 when `zero_ok`).
fn secs(from: &Source, text: &str, zero_ok: bool) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && (s > 0.0 || (zero_ok && s == 0.0)) => Ok(s),
        _ => Err(bad(
            from,
            text,
            if zero_ok {
                "seconds, a finite number >= 0"
            } else {
                "seconds, a finite number > 0"
            },
        )),
    }
}

/// `1,2,8`: thread counts (0 is every core).
fn thread_list(from: &Source, text: &str) -> Result<Vec<usize>, String> {
    text.split(',')
        .map(|c| c.trim().parse::<usize>().ok().filter(|&n| n <= 4096))
        .collect::<Option<Vec<usize>>>()
        .ok_or_else(|| {
            bad(
                from,
                text,
                "thread counts separated by commas, like 1,2,8 (0: all cores)",
            )
        })
}

#[cfg(test)]
mod tests;
