//! The orchestrator: everything around one measurement of a plan — the
//! machine lock, then the engine, then post-processing. Later passes, child
//! processes and self-compare are added here, above the engine.

use super::aggregate::aggregate_results;
use super::children::measure_in_children;
use super::complexity::{measure_all, WorkerRungs};
use super::instructions::measure_instructions;
use super::machine_lock::MachineLock;
use super::shown::Shown;
use super::watchdog::Watchdog;
use crate::define::registry::Suite;
use crate::engine::{run_plan, RunSettings, SampleSource};
use crate::model::options::{Aggregation, Measure, Mode, Options, Repeat};
use crate::model::result::SuiteResult;
use crate::plan::{Dealer, Plan};
use crate::Error;

/// `ZENBENCH_SUBPROCESS=1`: this process is a child whose parent holds the
/// machine lock.
const SUBPROCESS_ENV: &str = "ZENBENCH_SUBPROCESS";

/// Who this process is in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Runs on its own: takes the machine lock for a measurement.
    Parent,
    /// A child of a zenbench parent, which holds the lock: taking it here
    /// would wait on the parent forever.
    Child,
}

impl Role {
    /// The role `ZENBENCH_SUBPROCESS` gives this process.
    pub(crate) fn from_env() -> Role {
        Role::from_var(std::env::var(SUBPROCESS_ENV).ok().as_deref())
    }

    fn from_var(value: Option<&str>) -> Role {
        match value.map(str::trim) {
            Some("1") | Some("true") => Role::Child,
            _ => Role::Parent,
        }
    }
}

/// Measures `plan`: as a parent under the machine lock (one measurement at
/// a time on this machine), as a child without it.
pub(crate) fn measure(plan: &Plan, opts: &Options, role: Role) -> Result<SuiteResult, Error> {
    let counting = opts.mode == Mode::Bench && opts.measure == Measure::Instructions;
    if counting {
        // Refused before waiting for the machine.
        super::instructions::check(plan)?;
    }
    let needs_lock = role == Role::Parent && opts.mode == Mode::Bench;
    let _lock = if needs_lock {
        let quiet = opts.output.quiet;
        // A lock that cannot be taken (no writable folder) is no reason not
        // to measure: the run goes ahead unlocked.
        MachineLock::acquire(&MachineLock::default_path(), |msg| {
            if !quiet {
                eprintln!("{msg}");
            }
        })
        .ok()
    } else {
        None
    };
    let measuring = opts.mode == Mode::Bench;
    if counting {
        // Counted under Valgrind, one worker per count: no time, no rounds,
        // no processes or passes (a count does not need them).
        return measure_instructions(plan, opts);
    }
    let mut result = measure_groups(plan, opts, role)?;
    // Complexity ladders run once, in the parent: their rungs are processes
    // of their own already.
    if measuring && role == Role::Parent && !plan.complexity.is_empty() {
        let mut rungs = WorkerRungs::of_this_binary(opts.engine.timer).map_err(Error::Failed)?;
        result.complexity = measure_all(&plan.complexity, opts, &mut rungs);
        for c in &result.complexity {
            result.wall_time_s += c.wall_time_s;
        }
    }
    Ok(result)
}

/// A run that saves a baseline and does not say how many processes to
/// measure in measures in this many, and saves their mean: a baseline is
/// what every later run is held to, and one process cannot show how far
/// its own offset (code placement, the machine's state) sits from the
/// next one's. The spread of the three is saved with it, and comparisons
/// allow for it (see the book's "zenbench in CI").
pub(crate) const SAVE_PROCESSES: u32 = 3;

/// The processes `opts` measure in: as given, or [`SAVE_PROCESSES`] for a
/// run that saves a baseline.
fn processes(opts: &Options, role: Role) -> Option<Repeat> {
    let saving = opts.baselines.save.is_some() && opts.mode == Mode::Bench;
    match opts.repetition.processes {
        None if saving && role == Role::Parent => {
            if !opts.output.quiet {
                eprintln!(
                    "saving a baseline: measured in {SAVE_PROCESSES} fresh processes, their mean \
                     and spread saved (--mean-of-processes N to choose)"
                );
            }
            Some(Repeat {
                how: Aggregation::Mean,
                count: SAVE_PROCESSES,
            })
        }
        given => given,
    }
}

/// The groups of `plan`: in child processes, or in passes here.
fn measure_groups(plan: &Plan, opts: &Options, role: Role) -> Result<SuiteResult, Error> {
    let measuring = opts.mode == Mode::Bench;
    match processes(opts, role) {
        // A child ignores the process flags: the recursion guard.
        Some(repeat) if measuring && role == Role::Parent && repeat.count >= 1 => {
            let (result, failures) = measure_in_children(plan, repeat, opts)?;
            if let Some(r) = result {
                return Ok(r);
            }
            let mut why = String::from("no child process gave a result: ");
            for (i, f) in failures.iter().enumerate() {
                if i > 0 {
                    why.push_str(", ");
                }
                why.push_str(&format!("#{} {}", f.index, f.status));
            }
            Err(Error::Failed(why))
        }
        _ => measure_passes(plan, opts),
    }
}

/// Measures benches handed over one at a time: `next` gives each as a
/// suite of its own (`None` ends), measured before the next is asked for,
/// under one machine lock; the groups come back as one run's. What would
/// measure elsewhere than this process (children, a watchdog's worker,
/// Valgrind) is refused: the benches exist only here, and only now.
pub(crate) fn measure_each(
    opts: &Options,
    role: Role,
    next: &mut dyn FnMut() -> Option<Suite>,
) -> Result<SuiteResult, Error> {
    let refused = if opts.repetition.processes.is_some() {
        Some("`--<how>-of-processes`")
    } else if opts.engine.bench_timeout.is_some() {
        Some("`--bench-timeout`")
    } else if opts.mode == Mode::Bench && opts.measure == Measure::Instructions {
        Some("`--measure instructions`")
    } else {
        None
    };
    if let Some(flag) = refused {
        return Err(Error::Usage(format!(
            "{flag} runs benchmarks in other processes, which a suite whose setup runs once \
             cannot do (drop ZENBENCH_SETUP_ONCE or the flag)"
        )));
    }
    let _lock = (role == Role::Parent && opts.mode == Mode::Bench).then(|| {
        let quiet = opts.output.quiet;
        MachineLock::acquire(&MachineLock::default_path(), |msg| {
            if !quiet {
                eprintln!("{msg}");
            }
        })
        .ok()
    });
    let started = std::time::Instant::now();
    let mut result: Option<SuiteResult> = None;
    // The suites come one bench at a time: one deal over them all.
    let mut dealer = Dealer::new(opts.selection.partition);
    while let Some(suite) = next() {
        let plan = suite.selected_dealt(opts, &mut dealer)?;
        if plan.groups.is_empty() {
            continue;
        }
        let one = measure_passes(&plan, opts)?;
        match &mut result {
            Some(r) => r.groups.extend(one.groups),
            None => result = Some(one),
        }
        // The suite and plan go here: the bench's fn carries on.
    }
    let mut result = match result {
        Some(r) => r,
        None => {
            if let (Some(name), Mode::Bench) = (&opts.baselines.save, opts.mode) {
                return Err(super::run::nothing_to_save(name, opts));
            }
            measure_passes(&Suite::new().selected(opts)?, opts)?
        }
    };
    result.wall_time_s = started.elapsed().as_secs_f64();
    result.partition = opts.selection.partition;
    Ok(result)
}

/// The plan measured once, or `--<how>-of-passes N` times and combined;
/// with `--bench-timeout`, every sample in a worker behind the watchdog.
fn measure_passes(plan: &Plan, opts: &Options) -> Result<SuiteResult, Error> {
    let mut watchdog = match opts.engine.bench_timeout {
        Some(secs) if !plan.groups.is_empty() => Some(Watchdog::start(plan, opts, secs)?),
        _ => None,
    };
    let mut once = || {
        let source = watchdog.as_mut().map(|w| w as &mut dyn SampleSource);
        run_plan(
            plan,
            &RunSettings::of(opts),
            source,
            &mut Shown::for_run(opts),
        )
    };
    let mut result = match opts.repetition.passes {
        Some(repeat) if opts.mode == Mode::Bench && repeat.count > 1 => {
            let mut runs = Vec::new();
            for _ in 0..repeat.count {
                runs.push(once()?);
            }
            let mut r = aggregate_results(&runs, repeat.how).expect("at least two passes");
            r.repetition.passes = repeat.count;
            r
        }
        _ => once()?,
    };
    if let Some(w) = watchdog {
        // The worker's clock timed the samples, less its loop overhead.
        result.timer = w.timer.clone();
        result.loop_overhead_ns = w.loop_overhead_ns;
        w.finish();
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::define::registry::Suite;

    #[test]
    fn subprocess_variable_makes_a_child() {
        assert_eq!(Role::from_var(None), Role::Parent);
        assert_eq!(Role::from_var(Some("")), Role::Parent);
        assert_eq!(Role::from_var(Some("0")), Role::Parent);
        assert_eq!(Role::from_var(Some("1")), Role::Child);
        assert_eq!(Role::from_var(Some(" true ")), Role::Child);
    }

    /// The keys of a JSON value, recursively, with array elements merged:
    /// the shape of a result without its numbers.
    fn shape(v: &serde_json::Value, path: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, child) in map {
                    let p = format!("{path}.{k}");
                    out.push(p.clone());
                    shape(child, &p, out);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    shape(item, &format!("{path}[]"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn a_child_run_and_a_parent_run_give_the_same_result_shape() {
        let mut suite = Suite::new();
        suite.group("g", |g| {
            g.bench("a", |b| b.iter(|| std::hint::black_box(3u64).pow(3)));
            g.bench("b", |b| b.iter(|| std::hint::black_box(3u64).pow(4)));
        });
        suite.bench("lone", |b| b.iter(|| 1));
        let mut opts = Options {
            mode: Mode::Bench,
            ..Options::default()
        };
        opts.engine.seed = Some(5);
        opts.output.quiet = true;
        opts.engine.no_gate = true;
        opts.config = opts.config.max_rounds(6).min_rounds(6);
        let plan = crate::plan::plan(suite.defs.clone(), &opts, &|_| true).unwrap();
        let parent = measure(&plan, &opts, Role::Parent).unwrap();
        let child = measure(&plan, &opts, Role::Child).unwrap();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        shape(
            &serde_json::from_str(&parent.to_json_with_samples()).unwrap(),
            "",
            &mut a,
        );
        shape(
            &serde_json::from_str(&child.to_json_with_samples()).unwrap(),
            "",
            &mut b,
        );
        a.sort();
        a.dedup();
        b.sort();
        b.dedup();
        assert_eq!(a, b);
        assert!(
            a.contains(&".groups[].comparisons[].verdict".to_string()),
            "{a:?}"
        );
        let names = |r: &SuiteResult| {
            r.groups
                .iter()
                .flat_map(|g| g.benchmarks.iter().map(|b| b.full_name.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&parent), names(&child));
        assert_eq!(parent.groups[0].rounds, child.groups[0].rounds);
    }
}
