//! Validation: an A/A pair (the same work twice) and an A/B pair whose
//! candidate does exactly 2% more work, measured by zenbench; prints what
//! zenbench reports next to the truth.
//!
//! `cargo bench --bench validation`

use zenbench::result::Verdict;
use zenbench::{Mode, Suite};
use zenbench_benches::chain;

const BASE: u64 = 5_000;

fn main() {
    let mut opts = match zenbench::Options::from_env_and_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let mut suite = Suite::new();
    suite.group("validate_aa", |g| {
        g.bench("a", |b| b.iter(|| chain(BASE)));
        g.bench("a_again", |b| b.iter(|| chain(BASE)));
    });
    suite.group("validate_2pct", |g| {
        g.bench("base", |b| b.iter(|| chain(BASE)));
        g.bench("plus_2pct", |b| b.iter(|| chain(BASE + BASE / 50)));
    });
    if opts.mode == Mode::Test || opts.list || opts.help {
        std::process::exit(suite.main_with(&opts));
    }
    opts.output.format = zenbench::Format::Pretty;
    let result = match suite.run(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    eprint!("{}", result.to_pretty(false));
    println!("\nvalidation (truth vs zenbench):");
    println!(
        "{:<16} {:>8} {:>10} {:>22} {:>10} {:>9} {:>7}",
        "pair", "true", "reported", "95% CI", "error", "verdict", "wall"
    );
    let mut ok = true;
    for (group, truth) in [("validate_aa", 0.0), ("validate_2pct", 2.0)] {
        let Some(g) = result.groups.iter().find(|g| g.name == group) else {
            continue;
        };
        let Some(c) = g.comparisons.first() else {
            continue;
        };
        let verdict = format!("{:?}", c.verdict).to_lowercase();
        println!(
            "{:<16} {:>7.2}% {:>+9.3}% {:>22} {:>+9.3}% {:>9} {:>6.1}s",
            group,
            truth,
            c.pct_change,
            format!("[{:+.3}%, {:+.3}%]", c.ci_lower_pct, c.ci_upper_pct),
            c.pct_change - truth,
            verdict,
            g.wall_time_s
        );
        let expected = if truth == 0.0 {
            !matches!(c.verdict, Verdict::Faster | Verdict::Slower)
        } else {
            c.verdict == Verdict::Slower
        };
        ok &= expected;
    }
    println!(
        "{}",
        if ok {
            "verdicts as expected"
        } else {
            "UNEXPECTED VERDICT"
        }
    );
}
