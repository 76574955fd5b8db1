//! End-to-end: `zenbench history report`, the history dashboard, through
//! the tool's binary — over the history measured runs append, and over a
//! synthetic history with a known step and a change of machine.

use std::fs;
use zenbench_tests::{measuring, Home, Run};

const FIXTURE: &str = env!("CARGO_BIN_EXE_fixture_baseline");
const TOOL: &str = env!("CARGO_BIN_EXE_zenbench_tool");

fn tool(home: &Home, args: &[&str]) -> Run {
    home.run(TOOL, args, &[])
}

/// A history line: run `i` of `bench` on machine `cpu`.
fn record(i: usize, bench: &str, cpu: &str, mean: f64) -> String {
    format!(
        "{{\"timestamp\":\"2026-11-{:02}T{:02}:00:00.000Z\",\"run_id\":\"r{i}\",\
         \"git_hash\":\"c{i:03}{:036}\",\"git_dirty\":false,\"testbed_id\":\"{cpu}\",\
         \"cpu_model\":\"{cpu}\",\"full_name\":\"{bench}\",\"mean_ns\":{mean},\
         \"variance_ns2\":1.0,\"n\":100,\"zenbench_version\":\"0.1.0\"}}\n",
        1 + i / 4,
        6 * (i % 4),
        0
    )
}

/// 90 runs of `g/step` (+15% from run 40) and `g/flat`, 1% noise (a fixed
/// pattern); both move to another machine at run 70.
fn synthetic() -> String {
    let noise = |i: usize| 1.0 + 0.01 * (((i * 7919) % 13) as f64 / 6.0 - 1.0);
    let mut text = String::new();
    for i in 0..90 {
        let cpu = if i < 70 { "cpu-a" } else { "cpu-b" };
        let step = if i < 40 { 100.0 } else { 115.0 };
        text.push_str(&record(i, "g/step", cpu, step * noise(i)));
        text.push_str(&record(i, "g/flat", cpu, 50.0 * noise(i + 3)));
    }
    text
}

#[test]
fn measured_runs_and_a_synthetic_step_make_the_dashboard() {
    let home = Home::new("history-report", "runs");
    {
        let _m = measuring();
        for _ in 0..2 {
            let r = home.run(
                FIXTURE,
                &["--bench", "--max-time", "0.3"],
                &[("ZENBENCH_NO_HISTORY", "0")],
            );
            assert_eq!(r.code, 0, "{}", r.stderr);
        }
    }
    let r = tool(&home, &["history", "report", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("## zenbench history\n\n3 benchmarks · 2 runs"),
        "{}",
        r.stdout
    );
    for bench in ["pair/steady", "pair/target", "alone"] {
        assert!(
            r.stdout.contains(&format!("- `{bench}`: last ")),
            "{bench}: {}",
            r.stdout
        );
    }

    // The synthetic step: the shift's row on top, each benchmark's line.
    let step = home.path("step.jsonl");
    fs::write(&step, synthetic()).unwrap();
    let r = tool(
        &home,
        &["history", "report", "--format=md", "--file", &step],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = &r.stdout;
    let row = md
        .lines()
        .find(|l| l.starts_with("| `g/step` |"))
        .unwrap_or_else(|| panic!("no shift row:\n{md}"));
    assert!(
        row.contains("| ▲ +1") && row.contains("% slower |"),
        "{row}"
    );
    // Between run 39 and run 40, within a run of the step.
    let named = ["c038", "c039", "c040", "c041"]
        .iter()
        .filter(|c| row.contains(&format!("`{c}00000000`")))
        .count();
    assert_eq!(named, 2, "{row}");
    assert!(!md.contains("| `g/flat` |"), "no shift of g/flat:\n{md}");
    let flat = md.lines().find(|l| l.starts_with("- `g/flat`: ")).unwrap();
    assert!(
        flat.contains("no shift · 1 machine change; machine changed between ")
            && flat.contains("(`cpu-a` → `cpu-b`)"),
        "{flat}"
    );

    // Filters select; --output gets the report, stdout nothing.
    let out = home.path("report.md");
    let r = tool(
        &home,
        &[
            "history", "report", "--format", "md", "--file", &step, "--output", &out, "flat$",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains("wrote the history report (1 benchmark, 0 shifts)"),
        "{}",
        r.stderr
    );
    let written = fs::read_to_string(&out).unwrap();
    assert!(written.contains("- `g/flat`: ") && !written.contains("g/step"));

    // HTML, where the tool has the feature; else one line saying how.
    let r = tool(
        &home,
        &["history", "report", "--format", "html", "--file", &step],
    );
    if r.code == 0 {
        let page = &r.stdout;
        assert!(page.starts_with("<!DOCTYPE html>") && !page.contains("<script"));
        assert_eq!(page.matches("<g class=\"mark shift slower\">").count(), 1);
        assert_eq!(page.matches("<g class=\"mark testbed\">").count(), 2);
    } else {
        assert_eq!(r.code, 2);
        assert_eq!(r.stdout, "");
        // The tool's words (`zenbench self-compare` says the same): how to
        // install it with the feature.
        assert!(
            r.stderr.starts_with(
                "error: `--format html` needs the zenbench tool built with its `html` feature: \
                 `cargo install zenbench --features cli,html`"
            ),
            "{}",
            r.stderr
        );
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        // Then the default is Markdown.
        let r = tool(&home, &["history", "report", "--file", &step]);
        assert!(r.stdout.starts_with("## zenbench history"), "{}", r.stdout);
    }
}

#[test]
fn a_missing_history_and_bad_arguments_are_one_line_and_exit_2() {
    let home = Home::new("history-report", "errors");
    let out = home.path("report.html");
    let step = home.path("step.jsonl");
    let unwritable = home.path("missing/report.md");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["history", "report"], "no history yet?"),
        (
            vec!["history", "report", "--output", &out],
            "no history yet?",
        ),
        (
            vec!["history", "report", "--format", "pdf"],
            "invalid value `pdf` for `--format`: expected html or md",
        ),
        (
            vec!["history", "report", "--frob"],
            "unknown option `--frob` for history report",
        ),
        (vec!["history", "report", "("], "invalid filter `(`"),
        (
            vec!["history", "report", "--file", &step, "nothing"],
            "no benchmark in the history matched the filter `nothing` (2 benchmarks in it)",
        ),
        (
            vec![
                "history",
                "report",
                "--file",
                &step,
                "--output",
                &unwritable,
            ],
            "missing/report.md",
        ),
        (
            vec!["history", "frob"],
            "usage: zenbench history analyze [OPTIONS] | report",
        ),
    ];
    for (args, want) in cases {
        if args.contains(&step.as_str()) && !std::path::Path::new(&step).exists() {
            fs::write(&step, synthetic()).unwrap();
        }
        let r = tool(&home, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(want), "{args:?}: {}", r.stderr);
    }
    assert!(!std::path::Path::new(&out).exists());
    assert!(!home.dir.join("missing").exists());
    let r = tool(&home, &["history", "--help"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("zenbench history report [OPTIONS]"),
        "{}",
        r.stdout
    );
}
