//! End-to-end: the bad-input table. Each row runs a fixture (or the
//! `zenbench` tool) with one bad argument, variable or file and checks:
//! - the exit code;
//! - for an error (exit 2): stdout is empty and stderr is exactly ONE line,
//!   `error: ...`, containing the row's fragment;
//! - for an input that is legitimately valid (exit 0): no `error: ` line,
//!   and the fragment is in stdout or stderr;
//! - that nothing was written where it should not be: every row runs in a
//!   folder of its own (the current folder and `ZENBENCH_HOME` are inside
//!   it), and afterwards that folder holds exactly what it held before (every
//!   file byte for byte), plus the entries the row names as its writes.
//!
//! Rows are generated from the flag table (`--help`) and the variable list
//! of `--help`, so a new option gets its rows for free, and written by hand
//! for the values, conflicts, names, files and commands a generated row
//! cannot know. The book's "Reliability" page lists them.
//!
//! A row marked `bug` documents a behaviour that is not acceptable yet
//! (a panic, a multi-line error, a silent success, a stray write): it states
//! the correct behaviour, and the test checks that the row still FAILS it,
//! printing what happened. When a fix makes the row pass, the test fails and
//! asks for the mark to be removed, so the table never goes stale.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use zenbench_tests::command;

#[path = "bad_input/hand.rs"]
mod hand;
use hand::{bench_json, hand_rows};

const SUITE: &str = env!("CARGO_BIN_EXE_fixture_suite");
const FAST: &str = env!("CARGO_BIN_EXE_fixture_fast");
const EMPTY: &str = env!("CARGO_BIN_EXE_fixture_empty");
const TOOL: &str = env!("CARGO_BIN_EXE_zenbench_tool");

/// Replaced, in a row's arguments and variables, by the row's own folder.
const ROOT: &str = "{root}";

/// A value that no flag taking a value accepts.
const MALFORMED: &str = "x%y!";

/// Flags whose value may be any text, so a malformed value is no error:
/// they get no "malformed value" rows (their "missing value" rows stay).
const ANY_TEXT: &[(&str, &str)] = &[
    // A regex; `x%y!` is a valid one. A broken regex has rows of its own.
    ("skip", "any regex"),
    // Any path; a path that cannot be written has rows of its own.
    ("output", "any file path"),
    // A libtest flag accepted for compatibility and ignored, value and all
    // (`--help`: "no effect").
    ("test-threads", "ignored (libtest compatibility)"),
];

/// What `ZENBENCH_HOME` (`{root}/home`) is before the row runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Home {
    /// Absent: nothing may create it unless the row says so.
    Absent,
    /// A folder (with the row's seeded files).
    Dir,
    /// A plain file.
    File,
}

struct Row {
    what: String,
    exe: &'static str,
    args: Vec<OsString>,
    env: Vec<(String, OsString)>,
    code: i32,
    fragment: String,
    home: Home,
    /// Files created under the row's folder before it runs: (relative path, bytes).
    seed: Vec<(String, Vec<u8>)>,
    /// Entries the row may create, relative to its folder (folders end in `/`).
    writes: Vec<&'static str>,
    /// The behaviour observed, when it is not acceptable (see the file's doc).
    bug: Option<&'static str>,
}

fn row(what: impl Into<String>, exe: &'static str, args: &[&str]) -> Row {
    Row {
        what: what.into(),
        exe,
        args: args.iter().map(OsString::from).collect(),
        env: Vec::new(),
        code: 2,
        fragment: String::new(),
        home: Home::Absent,
        seed: Vec::new(),
        writes: Vec::new(),
        bug: None,
    }
}

impl Row {
    /// Exit code 2 with this fragment in the one error line.
    fn error(mut self, fragment: impl Into<String>) -> Row {
        self.code = 2;
        self.fragment = fragment.into();
        self
    }

    /// Exit code 0 (a valid input) with this fragment in the output.
    fn ok(mut self, fragment: impl Into<String>) -> Row {
        self.code = 0;
        self.fragment = fragment.into();
        self
    }

    fn env(mut self, key: &str, value: impl Into<OsString>) -> Row {
        self.env.push((key.to_owned(), value.into()));
        self
    }

    fn arg_bytes(mut self, bytes: &[u8]) -> Row {
        self.args.push(OsString::from_vec(bytes.to_vec()));
        self
    }

    fn home(mut self, home: Home) -> Row {
        self.home = home;
        self
    }

    /// A file under `{root}/home/` (the home becomes a folder).
    fn seed_home(mut self, rel: &str, bytes: impl Into<Vec<u8>>) -> Row {
        self.home = Home::Dir;
        self.seed.push((format!("home/{rel}"), bytes.into()));
        self
    }

    fn seed(mut self, rel: &str, bytes: impl Into<Vec<u8>>) -> Row {
        self.seed.push((rel.to_owned(), bytes.into()));
        self
    }

    fn writes(mut self, entries: &[&'static str]) -> Row {
        self.writes = entries.to_vec();
        self
    }

    #[expect(dead_code, reason = "no row is a known bug just now")]
    fn bug(mut self, observed: &'static str) -> Row {
        self.bug = Some(observed);
        self
    }
}

/// Every entry under `dir`, relative (folders end in `/`), with file bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().display().to_string();
            if p.is_dir() {
                out.insert(format!("{rel}/"), None);
                walk(&p, base, out);
            } else {
                out.insert(rel, Some(fs::read(&p).unwrap_or_default()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn substitute(text: &OsString, root: &Path) -> OsString {
    match text.to_str() {
        Some(t) if t.contains(ROOT) => t.replace(ROOT, root.to_str().unwrap()).into(),
        _ => text.clone(),
    }
}

/// The row's folder: `work/` (the current folder) and the home as the row
/// wants it.
fn prepare(row: &Row, root: &Path) {
    let _ = fs::remove_dir_all(root);
    fs::create_dir_all(root.join("work")).unwrap();
    match row.home {
        Home::Absent => {}
        Home::Dir => fs::create_dir_all(root.join("home")).unwrap(),
        Home::File => fs::write(root.join("home"), b"not a folder\n").unwrap(),
    }
    for (rel, bytes) in &row.seed {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// Notes a run may print before an error that it did not cause.
fn is_note(line: &str) -> bool {
    line.starts_with("zenbench: waiting for another measurement")
}

/// At most the first 600 characters of `text` (a backtrace is long).
fn clip(text: &str) -> String {
    match text.char_indices().nth(600) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Runs one row; `Err` says how it differs from the row's expectation.
fn check(row: &Row, root: &Path) -> Result<(), String> {
    prepare(row, root);
    let before = snapshot(root);
    let args: Vec<OsString> = row.args.iter().map(|a| substitute(a, root)).collect();
    let mut cmd = command(row.exe, &[], &[]);
    cmd.args(&args).current_dir(root.join("work"));
    cmd.env("ZENBENCH_HOME", root.join("home"));
    for (k, v) in &row.env {
        cmd.env(k, substitute(v, root));
    }
    let out = cmd.output().map_err(|e| format!("does not start: {e}"))?;
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = || {
        format!(
            "exit {code}\n--- stderr:\n{}\n--- stdout:\n{}",
            clip(&stderr),
            clip(&stdout)
        )
    };
    if code != row.code {
        return Err(format!("expected exit {}, got {}", row.code, shown()));
    }
    if code == 0 {
        if let Some(line) = stderr.lines().find(|l| l.starts_with("error: ")) {
            return Err(format!("an error line on a success: {line}\n{}", shown()));
        }
        if !stdout.contains(&row.fragment) && !stderr.contains(&row.fragment) {
            return Err(format!("no `{}` in the output: {}", row.fragment, shown()));
        }
    } else {
        let lines: Vec<&str> = stderr.lines().filter(|l| !is_note(l)).collect();
        match lines.as_slice() {
            [line] if line.starts_with("error: ") => {
                if !line.contains(&row.fragment) {
                    return Err(format!("no `{}` in the error: {}", row.fragment, shown()));
                }
            }
            _ => return Err(format!("not exactly one `error: ` line: {}", shown())),
        }
        if !stdout.is_empty() {
            return Err(format!("an error run printed to stdout: {}", shown()));
        }
    }
    let after = snapshot(root);
    let mut expected = before.clone();
    for w in &row.writes {
        let new = after.get(*w).cloned();
        match new {
            Some(entry) => expected.insert((*w).to_owned(), entry),
            None => return Err(format!("`{w}` was not written")),
        };
    }
    if after != expected {
        let changed: Vec<&String> = after
            .keys()
            .chain(before.keys())
            .filter(|k| after.get(*k) != expected.get(*k))
            .collect();
        return Err(format!("wrote where it should not: {changed:?}"));
    }
    Ok(())
}

/// Runs every row, each in a folder of its own; panics listing every row
/// that differs from its expectation (and every `bug` row that no longer
/// does). Returns how many rows ran.
fn run_table(tag: &str, rows: &[Row]) -> usize {
    let base = std::env::temp_dir().join(format!("zb-bad-{tag}-{}", std::process::id()));
    let mut failures = Vec::new();
    let mut bugs = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let root = base.join(i.to_string());
        let result = check(r, &root);
        let _ = fs::remove_dir_all(&root);
        let label = format!("row {i} `{}` ({:?})", r.what, r.args);
        match (result, r.bug) {
            (Ok(()), None) => {}
            (Err(why), None) => failures.push(format!("{label}: {why}")),
            (Ok(()), Some(observed)) => failures.push(format!(
                "{label} is marked as a bug ({observed}) but now behaves as it should: \
                 remove its `bug` mark (and the book's known-bug entry)"
            )),
            (Err(why), Some(observed)) => {
                bugs.push(format!("{label}: known bug, {observed}: {why}"))
            }
        }
    }
    let _ = fs::remove_dir_all(&base);
    for b in &bugs {
        eprintln!("{b}\n");
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n\n")
    );
    rows.len()
}

// ---------------------------------------------------------------------------
// Rows from `--help`

/// One flag line of `--help`: `      --max-time SECS   help [default 10.0]`.
#[derive(Debug)]
struct HelpFlag {
    name: String,
    value: Option<String>,
}

fn help_text() -> String {
    let out = command(SUITE, &["--help"], &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

fn help_flags(help: &str) -> Vec<HelpFlag> {
    let mut flags = Vec::new();
    for line in help.lines() {
        // `      --max-time SECS ...` or `  -q, --quiet ...`; the notes
        // (`  --flag VALUE and ...`) are indented by 2 and are prose.
        let spec = match line.strip_prefix("      --") {
            Some(rest) => rest,
            None if line.starts_with("  -") && line.get(4..8) == Some(", --") => &line[8..],
            None => continue,
        };
        let mut words = spec.split_whitespace();
        let name = words.next().unwrap_or_default();
        let value = words
            .next()
            .filter(|w| w.chars().all(|c| c.is_ascii_uppercase()))
            .map(str::to_owned);
        flags.push(HelpFlag {
            name: name.to_owned(),
            value,
        });
    }
    flags
}

fn help_vars(help: &str) -> Vec<String> {
    let block = help
        .split("\nEnvironment:\n")
        .nth(1)
        .expect("an Environment section")
        .split("\n\n")
        .next()
        .unwrap();
    block
        .split_whitespace()
        .filter(|w| w.starts_with("ZENBENCH_") && w.len() > "ZENBENCH_".len())
        .filter(|w| w.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .map(str::to_owned)
        .collect()
}

fn generated_rows() -> Vec<Row> {
    let help = help_text();
    let flags = help_flags(&help);
    // The parse of `--help` itself: a broken parse must not pass as "no rows".
    assert!(
        flags.len() >= 50,
        "{} flags in --help: {flags:?}",
        flags.len()
    );
    let find = |n: &str| flags.iter().find(|f| f.name == n);
    assert_eq!(find("max-time").unwrap().value.as_deref(), Some("SECS"));
    assert_eq!(
        find("max-seconds-per-call").unwrap().value.as_deref(),
        Some("SECS")
    );
    assert!(find("help").unwrap().value.is_none());
    assert!(find("quiet").unwrap().value.is_none());
    for (name, _) in ANY_TEXT {
        assert!(find(name).is_some(), "allow-listed `--{name}` is gone");
    }

    let mut rows = Vec::new();
    for f in &flags {
        let flag = format!("--{}", f.name);
        let Some(meta) = &f.value else {
            // A switch takes no value.
            rows.push(
                row(
                    format!("{flag}: a switch with a value"),
                    SUITE,
                    &[&format!("{flag}=1")],
                )
                .error(format!("`{flag}` takes no value (got `{flag}=1`)")),
            );
            continue;
        };
        let needs = format!("`{flag}` needs a value ({meta})");
        rows.push(row(format!("{flag}: missing value"), SUITE, &[&flag]).error(needs.clone()));
        rows.push(
            row(
                format!("{flag}: empty value"),
                SUITE,
                &[&format!("{flag}=")],
            )
            .error(needs.clone()),
        );
        rows.push(
            row(
                format!("{flag}: a flag for its value"),
                SUITE,
                &[&flag, "--list"],
            )
            .error(format!("{needs}, found flag `--list`")),
        );
        if !ANY_TEXT.iter().any(|(n, _)| *n == f.name) {
            rows.push(
                row(
                    format!("{flag}: malformed value"),
                    SUITE,
                    &[&flag, MALFORMED],
                )
                .error(format!("invalid value `{MALFORMED}` for `{flag}`")),
            );
        }
    }

    let vars = help_vars(&help);
    assert!(
        vars.len() >= 40,
        "{} variables in --help: {vars:?}",
        vars.len()
    );
    for var in &vars {
        let name = var["ZENBENCH_".len()..]
            .to_ascii_lowercase()
            .replace('_', "-");
        let flag = find(&name).unwrap_or_else(|| panic!("{var}: no flag `--{name}` in --help"));
        let bad = match flag.value {
            None => "maybe",
            Some(_) if ANY_TEXT.iter().any(|(n, _)| *n == name) => continue,
            Some(_) => MALFORMED,
        };
        rows.push(
            row(format!("{var}: malformed"), SUITE, &[])
                .env(var, bad)
                .error(format!("invalid value `{bad}` for `{var}`")),
        );
    }
    rows
}

#[test]
fn every_flag_and_variable_of_help_rejects_a_missing_or_malformed_value() {
    let n = run_table("gen", &generated_rows());
    eprintln!("{n} generated rows");
}

// ---------------------------------------------------------------------------
// Rows by hand

#[test]
fn the_hand_written_rows_fail_cleanly_or_are_valid() {
    let rows = hand_rows();
    let n = run_table("hand", &rows);
    assert!(n >= 40, "{n} rows");
    eprintln!("{n} hand-written rows");
}

/// The rows that measure (briefly): a state folder that does not exist yet,
/// and a save whose filter matched nothing.
#[test]
#[rustfmt::skip]
fn measured_rows() {
    let rows = vec![
        row(
            "ZENBENCH_HOME two folders deep that does not exist: created by a save",
            FAST,
            &[
                "--bench",
                "--max-time",
                "0.05",
                "--exact",
                "tiny",
                "--save-baseline",
                "made",
            ],
        )
        .env("ZENBENCH_HOME", "{root}/new/deeper")
        .writes(&[
            "new/",
            "new/deeper/",
            "new/deeper/.lock",
            "new/deeper/baselines/",
            "new/deeper/baselines/made.json",
        ])
        .ok("saved baseline `made`"),
        row(
            "a filter that matches nothing leaves the baseline it would replace",
            SUITE,
            &[
                "--bench",
                "--max-time",
                "0.05",
                "no-such-bench",
                "--save-baseline",
                "main",
            ],
        )
        .seed_home("baselines/main.json", bench_json())
        .error("nothing was measured (no benchmark matched): baseline `main` is left as it was"),
        row(
            "a process timeout of 1e300 s: past what a Duration holds, and valid",
            FAST,
            &[
                "--bench",
                "--max-time",
                "0.05",
                "--exact",
                "tiny",
                "--best-of-processes",
                "1",
                "--process-timeout",
                "1e300",
            ],
        )
        .ok("1 group, 1 benchmark, 0 failed"),
        row(
            "--output in a folder that does not exist: found before measuring",
            FAST,
            &[
                "--bench",
                "--max-time",
                "0.05",
                "--exact",
                "tiny",
                "--format",
                "json",
                "--output",
                "{root}/missing/out.json",
            ],
        )
        .error("missing/out.json`: the folder `"),
    ];
    run_table("measured", &rows);
}
