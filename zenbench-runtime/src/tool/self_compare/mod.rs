//! `zenbench self-compare --ref REF`: the bench targets built at REF and
//! in the working tree, run as two workers, each benchmark measured in
//! rounds that alternate the two builds' samples in shuffled order — so the
//! comparison is paired exactly like two benchmarks of one group.
//!
//! The outcome is a whole result, reported as a run's is (see the book's
//! "Rounds, passes and processes"): each benchmark both builds have is a
//! group of its own, named by its full name, with the rows `old` (the
//! baseline) and `new` measured with the group options given; the
//! comparison old → new is the result's `against` block, and its
//! `self_compare` block says what was compared.

mod args;
mod builds;
mod cpus;

use crate::define::registry::Suite;
use crate::engine::Executor;
use crate::engine::{EngineCtx, GroupRunner};
use crate::measure::testbed;
use crate::model::options::{Mode, Options};
use crate::model::result::{
    fnv1a, Against, AgainstEntry, ChangeVerdict, GroupResult, Repetition, RunMode, SelfCompare,
    SuiteResult, TimerInfo, TimerKind, SCHEMA_VERSION,
};
use crate::model::table::BenchOptions;
use crate::process::worker::{Lane, Pair, WorkerClient, WorkerLane, WorkerStderr};
use crate::report;
use crate::store::{check_writable, write_atomically};
use crate::Error;
use builds::{Builds, Built};
use std::time::Instant;

pub(super) const USAGE: &str = "\
Usage: zenbench self-compare [--ref REF] [OPTIONS] [FILTER]...

Builds the bench targets at REF (in a git worktree of their own, with its own
target directory, both kept for the next run) and in the working tree, starts
one of each as a worker, and measures every benchmark both have in rounds that
alternate the two builds in shuffled order: a paired comparison, as inside one
group. Reports old → new with the 95% CI of the change; exits 1 on a regression.

Options:
  --ref REF                the old revision [default: the merge base with the upstream branch]
  --bench TARGET           only this bench target [default: every bench target of both]
  --max-regression PCT     a slowdown whose whole 95% CI is above PCT% fails [default 5]
  --max-time SECS          measuring time per benchmark [default 10]
  --min-rounds N           at least N rounds per benchmark (>= 2) [default 30]
  --max-rounds N           at most N rounds per benchmark (>= min-rounds) [default 1000000]
  --noise-threshold F      changes within +-F are `same` in a pair's own comparison; a pair
                           whose CI lies within them stops measuring [default 0.01]
  --target-precision F     stop once the relative CI width is this, in (0, 1) [default 0.005]
  --duet                   take the two builds' samples of a round at the same time, on two
                           CPUs, each build half of every round on each (pinned with taskset),
                           over 5 sets of fresh worker processes
  --format FORMAT          pretty (default), json (the whole result, its `against` block the
                           comparison), md (for a pull-request comment), llm, bmf, or html
                           (with zenbench's `html` feature)
  --json                   the same as --format json
  --output FILE            write the report to FILE, atomically, instead of stdout
  FILTER...                regexes on `group/bench` names; any match selects

With GITHUB_STEP_SUMMARY set (GitHub Actions), the Markdown report is also
appended to that file.
";

/// `zenbench self-compare ARGS`: the report to print on stdout (nothing
/// when it went to `--output`) and the exit code.
pub(super) fn self_compare(args: &[&str]) -> Result<(String, i32), Error> {
    let args = args::parse(args)?;
    // A path that cannot be written is refused before anything is built,
    // not after the measuring.
    if let Some(path) = &args.output {
        check_writable(path).map_err(|e| Error::io(path, e))?;
    }
    let Builds {
        old,
        new,
        reference,
        sha,
        dirty,
        head,
        build_s,
    } = builds::build_both(args.reference.as_deref(), args.bench.as_deref())?;
    let short = &sha[..sha.len().min(12)];

    // One measurement at a time on this machine, as for `cargo bench`.
    let _lock = crate::process::machine_lock::MachineLock::acquire(
        &crate::process::machine_lock::MachineLock::default_path(),
        |msg| eprintln!("{msg}"),
    )
    .ok();
    let started = Instant::now();
    let (secs, millis) = testbed::unix_now();
    let seed = fastrand::u64(..);
    let mut groups = Vec::new();
    // The new build's clock, which timed its samples (each worker times
    // with its own, less its own loop overhead), and compiler.
    let mut clock: Option<(TimerInfo, f64)> = None;
    let mut rustc = None;
    let mut entries = Vec::new();
    let (mut only_old, mut only_new, mut notes) = (Vec::new(), Vec::new(), Vec::new());
    if dirty {
        notes.push("the working tree has uncommitted changes: it is compared as it is".to_owned());
    }
    let placement = args.duet.then(cpus::placement);
    match &placement {
        Some(cpus::Placement::Pinned([a, b])) => notes.push(format!(
            "duet: both builds ran at once, each half of every round on CPU {a} and half on \
             CPU {b}, so a speed difference between the two CPUs cancels; over {DUET_SETS} sets \
             of fresh worker processes, whose spread widens the interval"
        )),
        Some(cpus::Placement::Unpinned(why)) => notes.push(format!(
            "duet: the workers could not be pinned to CPUs ({why}): its interval assumes the \
             two CPUs the system ran them on were equally fast"
        )),
        None => {}
    }
    let selected =
        |name: &str| args.filters.is_empty() || args.filters.iter().any(|f| f.is_match(name));
    for n in &new {
        let Some(o) = old.iter().find(|o| o.name == n.name) else {
            notes.push(format!(
                "bench target `{}` is new: nothing to compare it with",
                n.name
            ));
            continue;
        };
        // Alternating: one worker per build. Duet: one per build and CPU,
        // `[old on a, new on b, old on b, new on a]`, or one per build
        // where they cannot be pinned.
        let mut spots: Vec<(&Built, Option<usize>)> = vec![(o, None), (n, None)];
        if let Some(cpus::Placement::Pinned([a, b])) = &placement {
            spots = vec![(o, Some(*a)), (n, Some(*b)), (o, Some(*b)), (n, Some(*a))];
        }
        let mut workers = Vec::new();
        for &(built, cpu) in &spots {
            workers.push(start_worker(built, cpu)?);
        }
        // A duet's other sets of workers, started once for every benchmark
        // of the target (after the first set is known to start).
        let mut more_sets: Vec<Vec<WorkerClient>> = Vec::new();
        if args.duet {
            for _ in 1..DUET_SETS {
                let mut set = Vec::new();
                for &(built, cpu) in &spots {
                    set.push(start_worker(built, cpu)?);
                }
                more_sets.push(set);
            }
        }
        let (wo, wn) = (&workers[0], &workers[1]);
        clock.get_or_insert_with(|| (wn.hello.timer.clone(), wn.hello.loop_overhead_ns));
        if rustc.is_none() {
            rustc = testbed::rustc_of(&n.exe);
        }
        let names: Vec<String> = wn
            .hello
            .benchmarks
            .iter()
            .map(|b| b.full_name.clone())
            .filter(|f| selected(f))
            .collect();
        only_old.extend(
            wo.hello
                .benchmarks
                .iter()
                .map(|b| b.full_name.clone())
                .filter(|f| selected(f) && !names.contains(f)),
        );
        for name in names {
            if workers[0].id_of(&name).is_none() {
                only_new.push(name);
                continue;
            }
            eprintln!("self-compare: {name}");
            let pair = PairRun {
                name: &name,
                config: args.config,
                seed: seed ^ fnv1a(&name),
            };
            let g = match args.duet {
                true => pair.duet_over_sets(&mut workers, &mut more_sets, &name)?,
                false => pair.run(executor(&mut workers, &name, false))?,
            };
            match entry(&name, &g, args.max_regression) {
                Some(e) => entries.push(e),
                None => notes.push(format!("{name} failed in one of the builds")),
            }
            groups.push(g);
        }
    }
    let against = Against {
        // The merge base is a commit already: said once.
        baseline: if sha.starts_with(&reference) {
            short.to_owned()
        } else {
            format!("{short} ({reference})")
        },
        cross_testbed: false,
        testbed_differences: Vec::new(),
        enforced: true,
        max_regression_pct: args.max_regression,
        level: 0.95,
        noise_pct: 0.0,
        old_timestamp: String::new(),
        old_git_hash: Some(sha.clone()),
        notes,
        entries,
        only_old,
        only_new,
        confirmation: None,
    };
    let code = if against.fails() { 1 } else { 0 };
    let mut machine = testbed::testbed();
    machine.rustc = rustc.or(machine.rustc);
    let (timer, loop_overhead_ns) = clock.unwrap_or((
        TimerInfo {
            kind: TimerKind::Os,
            resolution_ns: f64::NAN,
        },
        f64::NAN,
    ));
    let result = SuiteResult {
        schema_version: SCHEMA_VERSION,
        run_id: testbed::run_id(secs),
        timestamp: testbed::rfc3339(secs, millis),
        git_hash: head,
        git_dirty: Some(dirty),
        zenbench_version: env!("CARGO_PKG_VERSION").to_owned(),
        mode: RunMode::Bench,
        seed,
        testbed: machine,
        timer,
        loop_overhead_ns,
        groups,
        repetition: Repetition::single(),
        complexity: Vec::new(),
        wall_time_s: started.elapsed().as_secs_f64(),
        calibration: None,
        startup: None,
        against: Some(against),
        partition: None,
        merged: None,
        self_compare: Some(SelfCompare {
            reference,
            duet: args.duet,
            duet_cpus: match placement {
                Some(cpus::Placement::Pinned(two)) => two.to_vec(),
                _ => Vec::new(),
            },
            build_s,
        }),
    };
    Ok((report_out(&result, &args)?, code))
}

/// Renders `result` as `args` ask, writes it to `--output` (then prints
/// nothing), and appends its Markdown to the GitHub job summary when there
/// is one.
fn report_out(result: &SuiteResult, args: &args::Args) -> Result<String, Error> {
    let text = report::render(result, args.format, &report::Style::default())
        // Refused when the arguments were read already.
        .ok_or_else(super::tool_html_needs_feature)?;
    if let Some(path) = &args.output {
        write_atomically(path, text.as_bytes()).map_err(|e| Error::io(path, e))?;
    }
    let markdown = (args.format == crate::model::options::Format::Markdown).then_some(&*text);
    crate::process::job_summary::add_to_step_summary(result, markdown);
    Ok(match args.output {
        Some(_) => String::new(),
        None => text,
    })
}

/// The sets of fresh worker processes a duet pair is measured over. Each
/// process sits at an offset of its own (where its code and data landed),
/// which lasts as long as it does: one set's interval cannot see it, the
/// spread of several sets' changes does.
const DUET_SETS: u32 = 5;

/// One benchmark measured in both builds' workers.
struct PairRun<'a> {
    /// Its full name: the group's name.
    name: &'a str,
    /// The group options given on the command line.
    config: BenchOptions,
    seed: u64,
}

impl PairRun<'_> {
    /// The benchmark measured as a duet over sets of worker processes,
    /// `first` and the `more` (each started fresh for the bench target),
    /// each with its share of the budget and rounds. The rows and the comparison are
    /// the sets' rounds together; the change is the mean of the sets'
    /// changes, and its interval the wider of the pooled rounds' and the
    /// t-interval of the sets' spread.
    fn duet_over_sets(
        &self,
        first: &mut [WorkerClient],
        more: &mut [Vec<WorkerClient>],
        name: &str,
    ) -> Result<GroupResult, Error> {
        let sets = 1 + more.len() as u32;
        let c = self.config;
        // The options as the pair resolves them (defaults for the rest).
        let whole = BenchOptions::resolve(
            &[c],
            crate::model::table::ConfigExtra {
                sample_target_ns: 0.0,
                firewall_bytes: None,
            },
        );
        let rounds = (whole.max_rounds / sets as u64).max(whole.min_rounds);
        let share = PairRun {
            config: BenchOptions {
                max_time: Some(whole.max_time_s / sets as f64),
                max_rounds: Some(rounds),
                ..c
            },
            ..*self
        };
        let mut measured = vec![share.run(executor(first, name, true))?];
        for (set, workers) in (1u64..).zip(more.iter_mut()) {
            let again = PairRun {
                seed: self.seed ^ set.wrapping_mul(0x9e37_79b9_7f4a_7c15),
                ..share
            };
            measured.push(again.run(executor(workers, name, true))?);
        }
        let refs: Vec<&GroupResult> = measured.iter().collect();
        let mut g = crate::process::aggregate::aggregate_group(
            &refs,
            crate::model::options::Aggregation::Mean,
            self.seed,
        );
        g.config.max_time_s = whole.max_time_s;
        g.config.max_rounds = whole.max_rounds;
        let changes: Vec<f64> = measured
            .iter()
            .filter_map(|m| m.comparisons.first().map(|x| x.pct_change))
            .collect();
        let band = g.config.noise_threshold * 100.0;
        if let Some(c) = g.comparisons.first_mut() {
            across_sets(c, &changes, band);
        }
        Ok(g)
    }

    /// Measures the benchmark as one group of two rows, `old` the
    /// baseline, interleaved, its samples taken by `executor`.
    fn run(&self, executor: Box<dyn Executor + '_>) -> Result<GroupResult, Error> {
        let mut suite = Suite::new();
        suite.group(self.name, |g| {
            // Never called: a worker runs the real routine.
            g.bench("old", |_| unreachable!("a worker runs it"))
                .baseline();
            g.bench("new", |_| unreachable!("a worker runs it"));
        });
        let opts = Options {
            mode: Mode::Bench,
            config: self.config,
            ..Options::default()
        };
        let plan = crate::plan::plan(suite.defs.clone(), &opts, &|_| true)?;
        let group = &plan.groups[0];
        let mut tick = |_: &crate::engine::Tick<'_>| {};
        let mut ctx = EngineCtx {
            smoke: false,
            seed: self.seed,
            on_tick: &mut tick,
            gate: None,
        };
        Ok(GroupRunner::with_executor(group, executor, self.seed).run(&mut ctx))
    }
}

/// Starts `built` as a worker, pinned to `cpu` when given.
fn start_worker(built: &Built, cpu: Option<usize>) -> Result<WorkerClient, Error> {
    let (program, args) = match cpu {
        Some(cpu) => cpus::pinned(&built.exe, cpu),
        None => (built.exe.clone(), Vec::new()),
    };
    WorkerClient::start(
        &program,
        &args,
        &built.dir,
        WorkerStderr::Inherit,
        std::time::Duration::from_secs(86_400),
    )
    .map_err(|(how, _)| {
        Error::Config(format!(
            "the worker `{}` failed: {how}",
            built.exe.display()
        ))
    })
}

/// The executor of the benchmark `name` over `workers` (old and new in
/// turn, as started): alternating over the first two, or a duet over all.
fn executor<'w>(workers: &'w mut [WorkerClient], name: &str, duet: bool) -> Box<dyn Executor + 'w> {
    let mut lanes: Vec<Box<dyn Lane + 'w>> = Vec::new();
    for worker in workers.iter_mut() {
        // Every worker of a build has the same benchmarks.
        let id = worker.id_of(name).unwrap_or(usize::MAX);
        lanes.push(Box::new(WorkerLane { worker, id }));
    }
    Box::new(Pair::new(lanes, duet))
}

/// Widens `c`, the comparison of a duet's pooled rounds, by the spread of
/// the `changes` its sets of worker processes read (percent): the change is
/// their mean, and the interval the wider of the pooled one and mean ±
/// t₀.₉₇₅,ₖ₋₁·s/√k over the k sets; its verdict is read anew against the
/// noise band ±`band_pct`.
fn across_sets(c: &mut crate::model::result::Comparison, changes: &[f64], band_pct: f64) {
    let k = changes.len();
    if k < 2 || changes.iter().any(|x| !x.is_finite()) || !c.ci_lower_pct.is_finite() {
        return;
    }
    let n = k as f64;
    let mean = changes.iter().sum::<f64>() / n;
    let var = changes.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let sets_half = zenbench_stats::student_t_quantile(0.975, n - 1.0) * (var / n).sqrt();
    let pooled_half = (c.ci_upper_pct - c.ci_lower_pct) / 2.0;
    let half = sets_half.max(pooled_half);
    c.pct_change = mean;
    c.ci_lower_pct = mean - half;
    c.ci_upper_pct = mean + half;
    c.significant = c.ci_lower_pct > 0.0 || c.ci_upper_pct < 0.0;
    use crate::model::result::Verdict;
    use zenbench_stats::{ci_side, CiSide};
    c.verdict = match ci_side(c.ci_lower_pct, c.ci_upper_pct, band_pct) {
        _ if c.below_floor => Verdict::Uncertain,
        CiSide::Above => Verdict::Slower,
        CiSide::Below => Verdict::Faster,
        CiSide::Within => Verdict::Same,
        CiSide::Straddles => Verdict::Uncertain,
    };
    c.min_detectable_pct = crate::model::result::min_detectable_pct(mean, mean - half, mean + half)
        .map(|m| m.max(c.min_detectable_pct.unwrap_or(0.0)));
}

/// The entry of one pair: the paired change and its verdict against `t`.
fn entry(name: &str, g: &GroupResult, t: f64) -> Option<AgainstEntry> {
    let old = g.benchmarks.first()?;
    let new = g.benchmarks.get(1)?;
    if old.failed || new.failed {
        return None;
    }
    let c = g.comparisons.first()?;
    use zenbench_stats::{ci_side, CiSide};
    let verdict = match ci_side(c.ci_lower_pct, c.ci_upper_pct, t) {
        _ if c.below_floor => ChangeVerdict::Uncertain,
        CiSide::Above => ChangeVerdict::Regression,
        CiSide::Below => ChangeVerdict::Improved,
        CiSide::Within => ChangeVerdict::Unchanged,
        CiSide::Straddles => ChangeVerdict::Uncertain,
    };
    Some(AgainstEntry {
        full_name: name.to_owned(),
        old_mean_ns: old.summary.as_ref()?.mean_ns,
        new_mean_ns: new.summary.as_ref()?.mean_ns,
        pct_change: c.pct_change,
        ci_lower_pct: c.ci_lower_pct,
        ci_upper_pct: c.ci_upper_pct,
        verdict,
        below_floor: c.below_floor,
        run_noise_pct: 0.0,
        metric: "time".to_owned(),
        min_detectable_pct: c.min_detectable_pct,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::bench_suite;

    #[test]
    fn a_duets_interval_is_never_narrower_than_its_sets_spread() {
        let mut c = bench_suite().groups[0].comparisons[0].clone();
        // Pooled rounds: -0.01% ± 0.02%; five sets of fresh workers.
        (c.pct_change, c.ci_lower_pct, c.ci_upper_pct) = (-0.01, -0.03, 0.01);
        let sets = [0.4, -0.2, 0.1, 0.3, -0.1];
        across_sets(&mut c, &sets, 1.0);
        // Mean 0.1, s = √0.065 ≈ 0.255, t₀.₉₇₅,₄ = 2.776: half ≈ 0.3165.
        assert!((c.pct_change - 0.1).abs() < 1e-12);
        let half = 2.776_445 * (0.065_f64 / 5.0).sqrt();
        assert!((c.ci_upper_pct - (0.1 + half)).abs() < 1e-4, "{c:?}");
        assert!((c.ci_lower_pct - (0.1 - half)).abs() < 1e-4, "{c:?}");
        assert!(!c.significant);
        // Within ±1%: the pair's own verdict is read on the widened CI.
        assert_eq!(c.verdict, crate::model::result::Verdict::Same);
        assert!(c.min_detectable_pct.unwrap() >= half);
        // Sets that agree leave a wider pooled interval as it was.
        let mut wide = bench_suite().groups[0].comparisons[0].clone();
        (wide.pct_change, wide.ci_lower_pct, wide.ci_upper_pct) = (1.0, 0.0, 2.0);
        across_sets(&mut wide, &[1.0, 1.01, 0.99, 1.0, 1.0], 1.0);
        assert_eq!(wide.verdict, crate::model::result::Verdict::Uncertain);
        assert!((wide.ci_upper_pct - wide.ci_lower_pct - 2.0).abs() < 1e-9);
        assert!((wide.pct_change - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_verdict_reads_the_paired_ci_against_the_threshold() {
        // The fixture's `sort`: radix against std_sort, -50.4% [-51.2%, -49.6%].
        let g = &bench_suite().groups[0];
        let at = |t: f64| entry("sort", g, t).unwrap().verdict;
        assert_eq!(at(5.0), ChangeVerdict::Improved);
        assert_eq!(at(60.0), ChangeVerdict::Unchanged);
        assert_eq!(at(50.0), ChangeVerdict::Uncertain);
        let e = entry("sort", g, 5.0).unwrap();
        assert_eq!((e.old_mean_ns, e.new_mean_ns), (1234.0, 612.3));
    }
}

#[cfg(test)]
mod duet_tests;
