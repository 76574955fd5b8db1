//! Validates zenbench's paired analysis by simulation and prints the table quoted in
//! the book ("How zenbench decides").
//!
//! `cargo run --release -p zenbench-stats --example validate [comparisons]`
//!
//! For each noise model (see `tests/sim/mod.rs`), 100 interleaved rounds at 2%
//! per-sample CV, analysed with `PairedConfig::default()` (±1% noise threshold, 95%
//! level, 10 000 bootstrap resamples, severe-fence filter):
//!
//! - A/A verdict F/S: rate of Faster/Slower when both arms run the same code (false
//!   positives of the verdict).
//! - A/A Same: rate of verdict Same in those runs (the CI fits inside ±1%).
//! - A/A signif.: rate of CIs excluding 0 when both arms are equal (should be ≈ 5%).
//! - coverage: rate of CIs containing the true +1% change.
//! - power: rate of CIs entirely above 0 under a true +1% change ("detected").
//! - Slower: rate of verdict Slower under that +1% change (needs the CI above +1%).
//! - CI width: mean width of the 95% CI, percentage points.
//! - separate A/A: for contrast, the rate at which Welch's t-test (p < 0.05) calls a
//!   difference between two *separate consecutive* runs of the same code.

#[path = "../tests/sim/mod.rs"]
mod sim;

use sim::{run_cell, separate_runs_welch_rate, Model, Tally, ROUNDS};
use zenbench_stats::{Estimator, PairedConfig};

/// Runs a cell on every available core.
fn parallel_cell(model: Model, effect: f64, comparisons: usize, cfg: &PairedConfig) -> Tally {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = comparisons.div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let range = (t * chunk).min(comparisons)..((t + 1) * chunk).min(comparisons);
                s.spawn(move || run_cell(model, effect, ROUNDS, range, cfg))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("simulation thread"))
            .fold(Tally::default(), Tally::merge)
    })
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn main() {
    let comparisons: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("comparisons per cell"))
        .unwrap_or(2000);
    for (title, estimator) in [
        (
            "filtered mean of differences (PairedConfig::default())",
            Estimator::FilteredMean,
        ),
        (
            "adaptively trimmed mean of log ratios (the engine's estimator)",
            Estimator::AdaptiveLogRatio,
        ),
    ] {
        let cfg = PairedConfig {
            estimator,
            ..PairedConfig::default()
        };
        table(title, comparisons, &cfg);
    }
}

fn table(title: &str, comparisons: usize, cfg: &PairedConfig) {
    println!(
        "{title}: {comparisons} comparisons per cell; {ROUNDS} rounds, 2% CV per sample, true change +1% \
         for coverage/power; noise threshold ±{}%, {}% CI, {} resamples",
        cfg.noise_threshold * 100.0,
        cfg.level * 100.0,
        cfg.resamples
    );
    println!();
    println!(
        "| model | A/A verdict F/S | A/A Same | A/A signif. | coverage (+1%) | power (signif., +1%) | verdict Slower (+1%) | mean CI width | separate runs A/A (Welch) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for model in Model::ALL {
        let aa = parallel_cell(model, 0.0, comparisons, cfg);
        let eff = parallel_cell(model, 0.01, comparisons, cfg);
        let separate = separate_runs_welch_rate(model, 0.0, ROUNDS, comparisons);
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.2} pp | {} |",
            model.name(),
            pct(aa.decided_rate()),
            pct(aa.rate(aa.same)),
            pct(aa.significant_rate()),
            pct(eff.coverage()),
            pct(eff.rate(eff.significant_up)),
            pct(eff.rate(eff.slower)),
            eff.mean_width(),
            pct(separate),
        );
    }
    println!();
}
