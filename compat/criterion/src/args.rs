//! criterion's command line, translated into zenbench's: its flags that
//! mean something here become zenbench flags, the others are taken with a
//! one-line note, and everything else (filters, `--bench`, zenbench's own
//! flags) passes through to zenbench's parser.

/// What a criterion flag becomes.
enum Becomes {
    /// Translated by a function of its value.
    Value(fn(&str, &str) -> Result<Vec<String>, String>),
    /// Taken, its value too, with this note.
    NoteValue(&'static str),
    /// A switch taken with this note.
    NoteSwitch(&'static str),
}

/// criterion's flags that are not zenbench's.
const FLAGS: &[(&str, Becomes)] = &[
    ("--sample-size", Becomes::Value(sample_size)),
    ("--measurement-time", Becomes::Value(measurement_time)),
    ("--baseline-lenient", Becomes::Value(baseline_lenient)),
    ("--load-baseline", Becomes::Value(load_baseline)),
    (
        "--warm-up-time",
        Becomes::NoteValue("zenbench warms up until its iteration counts settle"),
    ),
    (
        "--nresamples",
        Becomes::NoteValue("zenbench's bootstrap size is its own"),
    ),
    (
        "--confidence-level",
        Becomes::NoteValue("zenbench's confidence levels are fixed (see the book)"),
    ),
    (
        "--significance-level",
        Becomes::NoteValue("zenbench's confidence levels are fixed (see the book)"),
    ),
    (
        "--plotting-backend",
        Becomes::NoteValue("zenbench draws no plots; `--format html` has charts"),
    ),
    (
        "--output-format",
        Becomes::NoteValue("choose a report with `--format` (pretty, json, md, csv, llm, bmf)"),
    ),
    ("--noplot", Becomes::NoteSwitch("zenbench draws no plots")),
    (
        "--discard-baseline",
        Becomes::NoteSwitch("zenbench saves a baseline only with `--save-baseline`"),
    ),
    (
        "--quick",
        Becomes::NoteSwitch("zenbench stops each group as soon as its comparisons converge"),
    ),
    (
        "--verbose",
        Becomes::NoteSwitch("the report already shows every figure"),
    ),
    (
        "-v",
        Becomes::NoteSwitch("the report already shows every figure"),
    ),
];

/// Translates `args` (without `argv[0]`): zenbench's arguments and the
/// notes to print; `Err` is a one-line usage error.
pub(crate) fn translate(args: Vec<String>) -> Result<(Vec<String>, Vec<String>), String> {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            out.push(arg);
            out.extend(args.by_ref());
            break;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let Some((_, becomes)) = FLAGS.iter().find(|(f, _)| *f == name) else {
            out.push(arg);
            continue;
        };
        match becomes {
            Becomes::NoteSwitch(why) => {
                if inline.is_some() {
                    return Err(format!("`{name}` takes no value"));
                }
                notes.push(note(&name, why));
            }
            Becomes::NoteValue(why) => {
                value_of(&name, inline, &mut args)?;
                notes.push(note(&name, why));
            }
            Becomes::Value(f) => {
                let value = value_of(&name, inline, &mut args)?;
                out.extend(f(&name, &value)?);
            }
        }
    }
    Ok((out, notes))
}

fn note(flag: &str, why: &str) -> String {
    format!("zenbench-criterion: `{flag}` has no effect here: {why}")
}

fn value_of(
    name: &str,
    inline: Option<String>,
    rest: &mut impl Iterator<Item = String>,
) -> Result<String, String> {
    match inline.or_else(|| rest.next()) {
        Some(v) => Ok(v),
        None => Err(format!("`{name}` needs a value")),
    }
}

/// `--sample-size N`: at most N rounds (the least round count is capped
/// by it).
fn sample_size(name: &str, value: &str) -> Result<Vec<String>, String> {
    let n: u64 = value
        .parse()
        .ok()
        .filter(|&n| n >= 10)
        .ok_or_else(|| format!("`{name}` takes a whole number >= 10, not `{value}`"))?;
    Ok(vec!["--max-rounds".into(), n.to_string()])
}

/// `--measurement-time SECS`: each group's time budget.
fn measurement_time(_: &str, value: &str) -> Result<Vec<String>, String> {
    Ok(vec!["--max-time".into(), value.into()])
}

/// `--baseline-lenient NAME`: compared as with `--baseline`.
fn baseline_lenient(_: &str, value: &str) -> Result<Vec<String>, String> {
    Ok(vec!["--baseline".into(), value.into()])
}

fn load_baseline(name: &str, _: &str) -> Result<Vec<String>, String> {
    Err(format!(
        "`{name}` is not supported: compare two saved runs with `zenbench compare OLD.json NEW.json`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<(Vec<String>, Vec<String>), String> {
        translate(args.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn meaningful_flags_become_zenbench_flags() {
        let (out, notes) = run(&[
            "--bench",
            "parse",
            "--sample-size",
            "50",
            "--measurement-time=3",
        ])
        .unwrap();
        assert_eq!(
            out,
            ["--bench", "parse", "--max-rounds", "50", "--max-time", "3"]
        );
        assert!(notes.is_empty());
        let (out, _) = run(&["--sample-size=10", "--baseline-lenient", "main"]).unwrap();
        assert_eq!(out, ["--max-rounds", "10", "--baseline", "main"]);
    }

    #[test]
    fn profile_time_is_zenbenchs_profiling_mode() {
        for args in [&["--profile-time", "5"][..], &["--profile-time=5"]] {
            let (out, notes) = run(args).unwrap();
            assert_eq!(out.join(" ").replace('=', " "), "--profile-time 5");
            assert!(notes.is_empty(), "{notes:?}");
        }
    }

    #[test]
    fn flags_without_a_meaning_are_taken_with_one_note_each() {
        let (out, notes) = run(&[
            "--noplot",
            "--warm-up-time",
            "2",
            "-v",
            "--save-baseline",
            "new",
        ])
        .unwrap();
        assert_eq!(out, ["--save-baseline", "new"]);
        assert_eq!(notes.len(), 3);
        assert!(notes[0].contains("`--noplot` has no effect"), "{notes:?}");
        assert!(notes[1].contains("`--warm-up-time`"), "{notes:?}");
    }

    #[test]
    fn bad_values_are_one_line_errors() {
        let e = run(&["--sample-size", "5"]).unwrap_err();
        assert_eq!(e, "`--sample-size` takes a whole number >= 10, not `5`");
        assert_eq!(
            run(&["--warm-up-time"]).unwrap_err(),
            "`--warm-up-time` needs a value"
        );
        assert_eq!(
            run(&["--noplot=yes"]).unwrap_err(),
            "`--noplot` takes no value"
        );
        assert!(run(&["--load-baseline", "x"])
            .unwrap_err()
            .contains("not supported"));
    }

    #[test]
    fn everything_after_a_double_dash_passes_through() {
        let (out, notes) = run(&["--", "--noplot", "x"]).unwrap();
        assert_eq!(out, ["--", "--noplot", "x"]);
        assert!(notes.is_empty());
    }
}
