//! The hand-written rows of the bad-input table: corrupt and future
//! result files, baseline names, homes, outputs, processes, filters.

use super::*;
use std::sync::OnceLock;

/// A smoke run's JSON result (`mode: test`), the basis of the seeded files.
pub(super) fn smoke_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let out = command(SUITE, &["--format", "json", "--exact", "plain"], &[])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("\"mode\": \"test\""), "{text}");
        assert!(text.contains("\"schema_version\": 1,"), "{text}");
        text
    })
}

/// One line of a history file: one benchmark of one run.
const HISTORY_LINE: &str = "{\"timestamp\":\"2026-11-01T00:00:00.000Z\",\"run_id\":\"r0\",\
    \"testbed_id\":\"t\",\"cpu_model\":\"cpu\",\"full_name\":\"g/b\",\"mean_ns\":100.0,\
    \"variance_ns2\":1.0,\"n\":100}\n";

/// The smoke result relabelled as a measured one: a baseline that loads.
pub(super) fn bench_json() -> String {
    smoke_json().replacen("\"mode\": \"test\"", "\"mode\": \"bench\"", 1)
}

/// Unusable baseline files: (name, bytes, fragment of the error).
pub(super) fn bad_baselines() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let good = bench_json();
    vec![
        (
            "corrupt",
            good.replacen('{', "#", 1).into_bytes(),
            "is not valid JSON",
        ),
        (
            "truncated",
            good.as_bytes()[..good.len() / 3].to_vec(),
            "is not valid JSON",
        ),
        ("empty", Vec::new(), "is empty"),
        ("blank", b" \n\t\n".to_vec(), "is empty"),
        (
            "bytes",
            b"\xff\xfe\x00{\"schema_version\": 1}".to_vec(),
            "is not valid JSON",
        ),
        (
            "array",
            b"[1, 2, 3]\n".to_vec(),
            "is not a zenbench result (it has no `schema_version`)",
        ),
        (
            "shape",
            b"{\"schema_version\": 1, \"mode\": \"bench\"}".to_vec(),
            "is not a valid zenbench result",
        ),
        (
            "future",
            good.replacen("\"schema_version\": 1,", "\"schema_version\": 999,", 1)
                .into_bytes(),
            "has schema version 999",
        ),
        (
            "smoke",
            smoke_json().as_bytes().to_vec(),
            "was saved by a smoke test",
        ),
    ]
}

// A table, one row a line (rustfmt would break each row over many lines).
#[rustfmt::skip]
pub(super) fn hand_rows() -> Vec<Row> {
    let s = SUITE;
    let n65 = "n".repeat(65);
    let n64 = "n".repeat(64);
    let mut rows = vec![
        // Values out of range, or malformed in ways `x%y!` is not.
        row("zero seconds", s, &["--max-time", "0"]).error("expected seconds, a finite number > 0"),
        row("negative seconds", s, &["--max-time", "-1"]).error("invalid value `-1` for `--max-time`"),
        row("infinite seconds", s, &["--max-time", "inf"]).error("invalid value `inf`"),
        row("NaN seconds", s, &["--max-time=NaN"]).error("invalid value `NaN`"),
        row("seconds that overflow", s, &["--max-time", "1e400"]).error("invalid value `1e400`"),
        row("too few rounds", s, &["--min-rounds", "1"]).error("expected a whole number >= 2"),
        row("zero max rounds", s, &["--max-rounds", "0"]).error("expected a whole number >= 1"),
        row("rounds past u64", s, &["--min-rounds", "18446744073709551616"]).error("invalid value `18446744073709551616` for `--min-rounds`"),
        row("fractional rounds", s, &["--min-rounds", "2.5"]).error("invalid value `2.5`"),
        row("noise threshold 1", s, &["--noise-threshold", "1"]).error("in [0, 1)"),
        row("target precision 0", s, &["--target-precision", "0"]).error("in (0, 1)"),
        row("regression over 1000%", s, &["--max-regression", "1001"]).error("a percentage from 0 to 1000"),
        row("negative regression", s, &["--max-regression", "-5%"]).error("invalid value `-5%`"),
        row("noise over 100%", s, &["--baseline-noise", "101"]).error("a percentage from 0 to 100"),
        row("seed 0x", s, &["--seed", "0x"]).error("an unsigned 64-bit integer"),
        row("seed past u64", s, &["--seed", "18446744073709551616"]).error("invalid value `18446744073709551616` for `--seed`"),
        row("negative seed", s, &["--seed", "-1"]).error("invalid value `-1` for `--seed`"),
        row("empty thread count", s, &["--threads", "1,,2"]).error("thread counts separated by commas"),
        row("too many threads", s, &["--threads", "5000"]).error("invalid value `5000` for `--threads`"),
        row("N = 0 processes", s, &["--best-of-processes", "0"]).error("expected a whole number from 1 to 10000"),
        row("N = 0 passes", s, &["--median-of-passes", "0"]).error("from 1 to 10000"),
        row("N past 10000", s, &["--mean-of-passes", "10001"]).error("from 1 to 10000"),
        row("zero process timeout", s, &["--process-timeout", "0"]).error("seconds, a finite number > 0"),
        row("zero bench timeout", s, &["--bench-timeout", "0"]).error("invalid value `0` for `--bench-timeout`: expected seconds, a finite number > 0"),
        row("negative bench timeout", s, &["--bench-timeout=-2"]).error("invalid value `-2` for `--bench-timeout`"),
        row("bench timeout not a number", s, &["--bench-timeout", "soon"]).error("invalid value `soon` for `--bench-timeout`: expected seconds"),
        row("infinite bench timeout", s, &["--bench-timeout", "inf"]).error("invalid value `inf` for `--bench-timeout`"),
        row("zero ZENBENCH_BENCH_TIMEOUT", s, &[]).env("ZENBENCH_BENCH_TIMEOUT", "0").error("invalid value `0` for `ZENBENCH_BENCH_TIMEOUT`: expected seconds"),
        // Past what a Duration holds, and valid: it never fires.
        row("a bench timeout of 1e300 s", s, &["--bench-timeout", "1e300", "--exact", "plain"]).ok("1 passed; 0 failed"),
        row("unknown colour", s, &["--color", "sometimes"]).error("expected auto, always or never"),
        row("unknown timer", s, &["--timer", "rdtsc"]).error("expected auto, os or tsc"),
        row("unknown measure", s, &["--measure", "cycles"]).error("expected time or instructions"),
        row("unknown cache mode", s, &["--cache-mode", "hot"]).error("expected warm or cold"),
        row("zero outer trials", s, &["--outer-trials", "0"]).error("a whole number >= 1"),
        row("zero slope tolerance", s, &["--slope-tolerance", "0"]).error("a finite number > 0"),
        row("unknown format", s, &["--format", "yaml"]).error("expected pretty, json, md, csv, llm, bmf, html or terse"),
        row("blank variable", s, &[]).env("ZENBENCH_MAX_TIME", " ").error("invalid value ` ` for `ZENBENCH_MAX_TIME`"),
        row("ZENBENCH_MAX_TIME=abc", s, &[]).env("ZENBENCH_MAX_TIME", "abc").error("invalid value `abc` for `ZENBENCH_MAX_TIME`: expected seconds"),
        row("empty variable counts as unset", s, &["--list"]).env("ZENBENCH_MAX_TIME", "").ok("10 benchmarks"),
        row("non-UTF-8 variable", s, &[]).env("ZENBENCH_MAX_TIME", OsString::from_vec(b"1\xff".to_vec())).error("`ZENBENCH_MAX_TIME` is not valid UTF-8"),
        row("non-UTF-8 argument", s, &[]).arg_bytes(b"plain\xff").error("is not valid UTF-8"),
        // Unknown flags.
        row("unknown flag near a known one", s, &["--max-tim", "1"]).error("unknown flag `--max-tim`; did you mean `--max-time`?"),
        row("a format as a flag", s, &["--json"]).error("did you mean `--format json`?"),
        row("unknown flag", s, &["--frobnicate"]).error("unknown flag `--frobnicate`; run with `--help`"),
        row("unknown short flag", s, &["-x"]).error("unknown flag `-x`"),
        row("a control character in a flag", s, &["--max-t\nime", "1"]).error("unknown flag `--max-t\\nime`"),
        // Broken regexes.
        row("broken --skip regex", s, &["--skip", "("]).error("invalid regex `(` for `--skip`"),
        row("broken FILTER regex", s, &["("]).error("invalid regex `(` as a FILTER"),
        row("broken ZENBENCH_SKIP regex", s, &[]).env("ZENBENCH_SKIP", "(").error("invalid regex `(` for `ZENBENCH_SKIP`"),
        row("a newline in a broken regex", s, &["(\n"]).error("invalid regex `(\\n`"),
        // Conflicts.
        row("--ignored --include-ignored", s, &["--ignored", "--include-ignored"]).error("`--ignored` and `--include-ignored` cannot be used together"),
        row("the flag wins over a conflicting variable", s, &["--include-ignored", "--list"]).env("ZENBENCH_IGNORED", "1").ok("10 benchmarks"),
        row("two --*-of-processes", s, &["--best-of-processes", "2", "--mean-of-processes", "2"]).error("`--best-of-processes` and `--mean-of-processes` cannot be used together"),
        row("two --*-of-passes", s, &["--best-of-passes", "2", "--median-of-passes", "2"]).error("cannot be used together"),
        row("two *_OF_PROCESSES variables", s, &[]).env("ZENBENCH_BEST_OF_PROCESSES", "2").env("ZENBENCH_MEAN_OF_PROCESSES", "2").error("`ZENBENCH_BEST_OF_PROCESSES` and `ZENBENCH_MEAN_OF_PROCESSES` cannot be used together"),
        row("a --*-of-processes flag hides its siblings' variables", s, &["--mean-of-processes", "2", "--list"]).env("ZENBENCH_BEST_OF_PROCESSES", "2").ok("10 benchmarks"),
        row("--update-on-pass without --baseline", s, &["--update-on-pass"]).error("`--update-on-pass` needs `--baseline NAME`"),
        row("ZENBENCH_UPDATE_ON_PASS without --baseline", s, &[]).env("ZENBENCH_UPDATE_ON_PASS", "1").error("`ZENBENCH_UPDATE_ON_PASS` needs `--baseline NAME`"),
        row("--format terse without --list", s, &["--format", "terse"]).error("`--format terse` is only valid with `--list`"),
        // `--min-rounds 10 --max-rounds 5` is an error, not a clamp.
        row("--max-rounds below --min-rounds", s, &["--min-rounds", "10", "--max-rounds", "5"]).error("invalid value `5` for `--max-rounds`: expected a whole number >= `--min-rounds` (10)"),
        row("--max-rounds below ZENBENCH_MIN_ROUNDS", s, &["--max-rounds", "5"]).env("ZENBENCH_MIN_ROUNDS", "10").error(">= `ZENBENCH_MIN_ROUNDS` (10)"),
        // Only the cap given, below the default floor of 30: valid, the run
        // stops at 5 rounds (a measured run says "max rounds (5)").
        row("--max-rounds below the default --min-rounds", s, &["--max-rounds", "5"]).ok("9 passed; 0 failed"),
        row("--param-ceiling below --param-floor", s, &["--param-floor", "100", "--param-ceiling", "10"]).error("`--param-ceiling` (10) is below `--param-floor` (100)"),
        // Baseline names.
        row("a name with `/`", s, &["--baseline", "a/b"]).error("invalid value `a/b` for `--baseline`: expected a baseline name (letters, digits, `.`, `_` and `-` only)"),
        row("a name with `..`", s, &["--save-baseline", "../escape"]).error("a baseline name (letters, digits"),
        row("the name `..`", s, &["--baseline", ".."]).error("a baseline name (not `.` or `..`)"),
        row("the name `.`", s, &["--save-baseline", "."]).error("a baseline name (not `.` or `..`)"),
        row("a control character in a name", s, &["--baseline", "a\u{1}b"]).error("invalid value `a\\u{1}b` for `--baseline`"),
        row("a newline in a name", s, &["--save-baseline", "a\nb"]).error("invalid value `a\\nb`"),
        row("a name over 64 characters", s, &["--save-baseline", &n65]).error("a baseline name (1 to 64 characters)"),
        row("a name of 64 characters", s, &["--save-baseline", &n64, "--list"]).ok("10 benchmarks"),
        row("an empty name", s, &["--baseline", ""]).error("invalid value `` for `--baseline`: expected a baseline name (1 to 64 characters)"),
        row("a non-ASCII name", s, &["--save-baseline", "é"]).error("invalid value `é`"),
        row("a bad name in a variable", s, &[]).env("ZENBENCH_BASELINE", "../x").error("invalid value `../x` for `ZENBENCH_BASELINE`"),
        // ZENBENCH_HOME.
        row("ZENBENCH_HOME is a file: --baseline", s, &["--bench", "--baseline", "x"]).home(Home::File).error("home/baselines/x.json`: cannot be read: Not a directory"),
        row("ZENBENCH_HOME is a file: --save-baseline, refused before measuring", s, &["--bench", "--save-baseline", "x"]).home(Home::File).error("cannot be read: Not a directory"),
        row("ZENBENCH_HOME does not exist: --baseline, nothing created", s, &["--bench", "--baseline", "x"]).error("no baseline named `x` (none is saved yet)"),
        row("ZENBENCH_HOME empty: the workspace's .zenbench/", s, &["--bench", "--baseline", "x"]).env("ZENBENCH_HOME", "").error("work/.zenbench/baselines/x.json`: no baseline named `x`"),
        row("a newline in ZENBENCH_HOME", s, &["--bench", "--baseline", "x"]).env("ZENBENCH_HOME", "{root}/h\nome").error("no baseline named `x`"),
        // --output.
        row("--output in a folder that does not exist", s, &["--format", "json", "--output", "{root}/missing/out.json"]).error("missing/out.json`: the folder `"),
        row("--output is a folder", s, &["--format", "json", "--output", "{root}/work"]).error("work`: it is a folder"),
        row("--output empty", s, &["--output", ""]).error("invalid value `` for `--output`: expected a file path"),
        row("a newline in --output's folder", s, &["--format", "json", "--output", "{root}/mis\nsing/out.json"]).error("sing` does not exist"),
        // Filters that match nothing: a success that ran nothing, as libtest's.
        row("a filter that matches nothing", s, &["no-such-bench"]).ok("running 0 tests"),
        row("a filter that matches nothing: --list", s, &["--list", "no-such-bench"]).ok("0 benchmarks"),
        row("--exact takes a broken regex literally", s, &["--exact", "("]).ok("0 passed; 0 failed"),
        row("--skip everything", s, &["--skip", ""]).ok("running 0 tests"),
        // A bench program without benchmarks.
        row("no benchmark: smoke", EMPTY, &[]).ok("running 0 tests"),
        row("no benchmark: --list", EMPTY, &["--list"]).ok("0 benchmarks"),
        row("no benchmark: --bench", EMPTY, &["--bench"]).ok("0 groups, 0 benchmarks, 0 failed"),
        row("no benchmark: a bad flag still fails", EMPTY, &["--max-time", MALFORMED]).error("invalid value `x%y!` for `--max-time`"),
        // ... and says why, with the likely fix, in one line: the crate named
        // after the package cargo runs it for, else a stand-in.
        row("no benchmark: the likely cause and its fix", EMPTY, &[]).env("CARGO_PKG_NAME", "my-benches").ok("zenbench: this bench target registered no benchmarks: if they are defined in a library it does not use, the linker dropped them (add `use my_benches as _;` to the target); else a cargo feature or `cfg` compiled them out"),
        row("no benchmark: --bench says why too", EMPTY, &["--bench"]).env("CARGO_PKG_NAME", "my-benches").ok("(add `use my_benches as _;` to the target)"),
        row("no benchmark: --list says why too", EMPTY, &["--list"]).env("CARGO_PKG_NAME", "").ok("(add `use your_lib as _;` to the target)"),
        // Filters that match nothing are named.
        row("a filter that matches nothing is named", s, &["no-such-bench"]).ok("zenbench: no benchmark matched the filter `no-such-bench` (10 benchmarks in this target)"),
        row("filters that match nothing are named: --bench", s, &["--bench", "nope", "--skip", "x", "never"]).ok("no benchmark matched the filters `nope`, `never` and --skip `x` (10 benchmarks"),
        row("a filter that matches nothing is named: --list", s, &["--list", "--exact", "pair"]).ok("no benchmark matched the filter `pair` and --exact (10 benchmarks"),
        row("--skip everything is named", s, &["--skip", ""]).ok("no benchmark matched --skip `` (10 benchmarks"),
        // (`--save-baseline` with nothing matched stays exit 2: `measured_rows`.)
        // The `zenbench` tool.
        row("tool: no command", TOOL, &[]).error("no command; run `zenbench --help`"),
        row("tool: unknown command", TOOL, &["frobnicate"]).error("unknown command `frobnicate`"),
        row("tool: compare one file", TOOL, &["compare", "one.json"]).error("usage: zenbench compare OLD.json NEW.json"),
        row("tool: compare a missing file", TOOL, &["compare", "{root}/no.json", "{root}/no2.json"]).error("no.json`: cannot be read: No such file or directory"),
        row("tool: compare a non-JSON file", TOOL, &["compare", "{root}/text.json", "{root}/text.json"]).seed("text.json", "hello\n").error("text.json`: is not valid JSON"),
        row("tool: compare a JSON array", TOOL, &["compare", "{root}/a.json", "{root}/a.json"]).seed("a.json", "[1]").error("is not a zenbench result"),
        row("tool: compare with a bad percentage", TOOL, &["compare", "a", "b", "--max-regression", "x"]).error("invalid value `x` for `--max-regression`"),
        row("tool: compare with an unknown option", TOOL, &["compare", "a", "b", "--frob"]).error("unknown option `--frob` for compare"),
        row("tool: baseline without a verb", TOOL, &["baseline"]).error("usage: zenbench baseline list | show NAME | delete NAME"),
        row("tool: baseline show a missing name", TOOL, &["baseline", "show", "missing"]).error("no baseline named `missing`"),
        row("tool: baseline show ../x", TOOL, &["baseline", "show", "../x"]).error("invalid baseline name `../x`"),
        row("tool: baseline show with an unknown option", TOOL, &["baseline", "show", "x", "--yaml"]).error("usage: zenbench baseline show NAME [--json]"),
        row("tool: baseline delete ../x", TOOL, &["baseline", "delete", "../x"]).seed_home("x.json", bench_json()).error("invalid baseline name `../x`"),
        row("tool: baseline delete ..", TOOL, &["baseline", "delete", ".."]).error("invalid baseline name `..`: expected not `.` or `..`"),
        row("tool: history without a verb", TOOL, &["history", "frob"]).error("usage: zenbench history analyze"),
        row("tool: history analyze without a history", TOOL, &["history", "analyze"]).error("no history yet?"),
        row("tool: history report without a history", TOOL, &["history", "report"]).error("no history yet?"),
        row("tool: history report of an empty history", TOOL, &["history", "report", "--format", "md"]).seed_home("history/x.jsonl", "").error("history/x.jsonl`: holds no run: no history yet?"),
        row("tool: history report with a filter matching nothing", TOOL, &["history", "report", "--format", "md", "nothing"]).seed_home("history/x.jsonl", HISTORY_LINE).error("no benchmark in the history matched the filter `nothing` (1 benchmark in it)"),
        row("tool: history report --format pdf", TOOL, &["history", "report", "--format", "pdf"]).error("invalid value `pdf` for `--format`: expected html or md"),
        row("tool: history report with an unknown option", TOOL, &["history", "report", "--frob"]).error("unknown option `--frob` for history report"),
        row("tool: history report with a bad filter", TOOL, &["history", "report", "("]).error("invalid filter `(`"),
        row("tool: history report --output in a missing folder", TOOL, &["history", "report", "--format", "md", "--output", "{root}/no/report.md"]).seed_home("history/x.jsonl", HISTORY_LINE).error("no/report.md"),
        row("tool: baseline list, no home", TOOL, &["baseline", "list"]).ok("no baselines in "),
        row("tool: baseline show, home is a file", TOOL, &["baseline", "show", "x"]).home(Home::File).error("cannot be read: Not a directory"),
        row("tool: baseline delete, home is a file", TOOL, &["baseline", "delete", "x"]).home(Home::File).error("cannot write `"),
        row("tool: baseline list, home is a file", TOOL, &["baseline", "list"]).home(Home::File).error("Not a directory"),
        row("tool: baseline delete a missing name, no home", TOOL, &["baseline", "delete", "x"]).error("no baseline named `x`"),
        row("tool: a non-UTF-8 argument", TOOL, &[]).arg_bytes(b"baseline\xff").error("an argument is not valid UTF-8"),
        row("tool: a newline in a command", TOOL, &["a\nb"]).error("unknown command `a\\nb`"),
        row("tool: a newline in a baseline name", TOOL, &["baseline", "delete", "a\nb"]).error("invalid baseline name `a\\nb`"),
        row("tool: a newline in a compared path", TOOL, &["compare", "x\ny", "z"]).error("cannot be read"),
    ];

    // Unusable baseline files: refused before measuring, left as they are.
    for (name, bytes, why) in bad_baselines() {
        let file = format!("baselines/{name}.json");
        let mut cases = vec![
            vec!["--bench", "--baseline", name],
            vec!["--bench", "--baseline", name, "--update-on-pass"],
        ];
        // Saving over a smoke result measures (it is a readable result, so
        // it may be replaced): not a bad input.
        if name != "smoke" {
            cases.push(vec!["--bench", "--save-baseline", name]);
        }
        for args in cases {
            rows.push(
                row(format!("baseline file `{name}`"), s, &args)
                    .seed_home(&file, bytes.clone())
                    .error(format!("{name}.json`: {why}")),
            );
        }
        rows.push(
            row(
                format!("tool: baseline show of `{name}`"),
                TOOL,
                &["baseline", "show", name],
            )
            .seed_home(&file, bytes.clone())
            .error(format!(
                "{name}.json`: {}",
                if name == "shape" {
                    "is not a valid zenbench result"
                } else {
                    why
                }
            )),
        );
    }
    rows
}
