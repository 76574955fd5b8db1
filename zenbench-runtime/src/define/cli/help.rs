//! The `--help` text, driven by the flag table.

use super::flags::{Section as S, Support, Target, FLAGS};
use std::fmt::Write as _;

/// The `--help` text: every flag, the environment variables and the exit codes.
pub(crate) fn help_text() -> String {
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
            S::Baseline,
            "Baselines and history (under .zenbench/ at the workspace root, or $ZENBENCH_HOME)",
        ),
        (
            S::Repeat,
            "Repetition (N >= 1; processes and passes compose: 3 processes of 2 passes are 6 runs)",
        ),
        (
            S::Engine,
            "Engine overrides (they win over the attribute; the attribute over the default)",
        ),
        (
            S::Complexity,
            "Complexity (benches with `complexity = \"...\"`; measured only with --bench)",
        ),
        (S::Compat, "Accepted for libtest compatibility, no effect"),
    ];
    for (section, title) in sections {
        let _ = write!(out, "\n{title}:\n");
        for flag in FLAGS.iter() {
            if flag.section != section {
                continue;
            }
            let mut left = String::new();
            match flag.short {
                Some(c) => {
                    let _ = write!(left, "-{c}, ");
                }
                None => left.push_str("    "),
            }
            left.push_str("--");
            left.push_str(flag.name);
            if let Some(v) = flag.value {
                left.push(' ');
                left.push_str(v);
            }
            let _ = write!(out, "  {left:<30}");
            if left.chars().count() >= 30 {
                out.push_str("  ");
            }
            out.push_str(flag.help);
            if let Target::Group(spec) = flag.target {
                if spec.value_name.is_some() {
                    let _ = write!(out, " [default {}]", spec.default.replace('_', ""));
                }
            }
            out.push('\n');
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
         When a group stops:\n\
         \x20 After --min-rounds, each row is resolved on its own and leaves the rounds: a\n\
         \x20 compared row when its comparison's CI settles the verdict (or sits on the\n\
         \x20 threshold), any other row when its mean's CI is within --target-precision of\n\
         \x20 the mean or within the timer's floor. --max-time and --max-rounds cap the\n\
         \x20 run; the JSON says why each group stopped and how each row was resolved.\n\
         \n\
         Environment:\n\
         \x20 Every flag of the Selection, Output and Engine groups is also read from\n\
         \x20 ZENBENCH_<FLAG> (upper case, `-` as `_`) when it is not on the command line:\n",
    );
    let mut line = String::from("   ");
    for flag in FLAGS.iter() {
        if !(flag.env && flag.support == Support::Yes) {
            continue;
        }
        let var = flag.env_var();
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
         \x20 --list, --help, --bench, --test and FILTERs are command-line only.\n\
         \n\
         Exit codes:\n\
         \x20 0  success\n\
         \x20 1  a regression against a baseline, a failed (panicking, crashed, timed-out)\n\
         \x20    benchmark, or a failed child process\n\
         \x20 2  usage, configuration or data error (bad flag or value, unreadable or\n\
         \x20    corrupt baseline, invalid name)\n",
    );
    out
}
