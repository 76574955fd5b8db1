//! The run: options → plan → engine → result → report → exit code.

use crate::cli;
use crate::engine::{EngineCtx, GroupRunner, Tick};
use crate::options::{Format, Mode, Options};
use crate::plan::{plan, Plan};
use crate::registry::Suite;
use crate::report;
use crate::result::{Repetition, RunMode, SuiteResult, SCHEMA_VERSION};
use crate::testbed;
use crate::timer::{measure_loop_overhead, LoopOverhead, Timer};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

/// Exit codes of DESIGN §3.
pub(crate) const EXIT_OK: i32 = 0;
pub(crate) const EXIT_FAILED: i32 = 1;
pub(crate) const EXIT_USAGE: i32 = 2;

/// A usage, configuration or data problem: one line, exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Runs every `#[zenbench::bench]` of this binary according to the command
/// line and `ZENBENCH_*` variables, prints the report, and exits with 0
/// (success), 1 (a benchmark failed) or 2 (usage or configuration error).
///
/// ```no_run
/// // benches/my_benches.rs, a `[[bench]]` target with `harness = false`:
/// #[zenbench::bench]
/// fn sum() -> u64 { (0..100u64).sum() }
///
/// zenbench::main();
/// ```
pub fn main() {
    Suite::from_registry().main()
}

impl Suite {
    /// Runs this suite according to the command line (like [`main`]) and exits.
    pub fn main(&self) -> ! {
        let code = match cli::parse_env_and_args() {
            Ok(opts) => self.main_with(&opts),
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_USAGE
            }
        };
        let _ = std::io::stdout().flush();
        std::process::exit(code)
    }

    /// Runs with parsed options, prints the report, and returns the exit code.
    pub fn main_with(&self, opts: &Options) -> i32 {
        match self.execute(opts) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_USAGE
            }
        }
    }

    fn execute(&self, opts: &Options) -> Result<i32, Error> {
        if opts.help {
            print!("{}", cli::help_text());
            return Ok(EXIT_OK);
        }
        if opts.list {
            let filter = cli::compile_filters(opts).map_err(|e| Error(e.to_string()))?;
            let names: Vec<(String, bool)> = self
                .defs
                .iter()
                .filter(|d| (!opts.ignored || d.ignore) && filter.matches(&d.full_name))
                .map(|d| (d.full_name.clone(), d.ignore))
                .collect();
            print!("{}", report::list(&names, opts.format == Format::Terse));
            return Ok(EXIT_OK);
        }
        let result = self.run(opts)?;
        let text = match opts.format {
            Format::Json => report::json(&result),
            Format::Pretty | Format::Terse => {
                let to_terminal = opts.output.is_none() && std::io::stderr().is_terminal();
                let no_color = report::no_color_env();
                let color = report::use_color(opts.color, to_terminal, no_color);
                report::pretty(&result, &report::Style { color, width: None })
            }
        };
        match (&opts.output, opts.format) {
            (Some(path), _) => write_atomically(path, text.as_bytes())?,
            (None, Format::Json) => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(text.as_bytes());
                let _ = out.flush();
            }
            (None, _) => eprint!("{text}"),
        }
        Ok(if result.any_failed() {
            EXIT_FAILED
        } else {
            EXIT_OK
        })
    }

    /// Plans and measures, returning the result without reporting it.
    ///
    /// ```
    /// let mut suite = zenbench::Suite::new();
    /// suite.bench("add", |b| b.iter(|| 1 + 1));
    /// let result = suite.run(&zenbench::Options::default()).unwrap(); // smoke mode
    /// assert_eq!(result.groups[0].benchmarks[0].name, "add");
    /// ```
    pub fn run(&self, opts: &Options) -> Result<SuiteResult, Error> {
        let filter = cli::compile_filters(opts).map_err(|e| Error(e.to_string()))?;
        let plan = plan(self.defs.clone(), opts, &|n| filter.matches(n)).map_err(|e| Error(e.0))?;
        run_plan(&plan, opts)
    }
}

/// Measures every group of the plan.
pub(crate) fn run_plan(plan: &Plan, opts: &Options) -> Result<SuiteResult, Error> {
    let started = Instant::now();
    let (secs, millis) = testbed::unix_now();
    let seed = opts.seed.unwrap_or_else(|| fastrand::u64(..));
    let smoke = opts.mode == Mode::Test;
    // A smoke test needs no calibrated clock; a measurement gets the best one.
    let timer = if smoke {
        Timer::os()
    } else {
        Timer::from_choice(opts.timer).map_err(|e| Error(format!("--timer tsc: {e}")))?
    };
    if let (Some(reason), false) = (timer.fallback_reason(), smoke || opts.quiet) {
        eprintln!("zenbench: timing with the OS clock: {reason}");
    }
    let overhead = if smoke {
        LoopOverhead::ZERO
    } else {
        measure_loop_overhead(timer)
    };
    // One measurement at a time on this machine: wait for any other run.
    let _machine = if smoke {
        None
    } else {
        let quiet = opts.quiet;
        crate::machine_lock::MachineLock::acquire(
            &crate::machine_lock::MachineLock::default_path(),
            |msg| {
                if !quiet {
                    eprintln!("{msg}");
                }
            },
        )
        .ok()
    };
    let calibration = (!smoke).then(crate::calibration::calibrate);
    let alloc_overhead_ns = if !smoke && crate::alloc::is_installed() {
        crate::alloc::measure_overhead_ns(20_000, 9)
    } else {
        0.0
    };
    let mut gate = (!smoke && !opts.no_gate)
        .then(|| crate::gate::Gate::new(crate::gate::GatePolicy::for_run(opts.no_gate)));
    let show_progress = !smoke
        && !opts.quiet
        && opts.format == Format::Pretty
        && opts.output.is_none()
        && std::io::stderr().is_terminal();
    let mut progress = report::Progress::new(show_progress, Box::new(std::io::stderr()));
    let mut on_tick = |t: &Tick<'_>| progress.update(t.group, t.round, t.elapsed_s, t.budget_s);
    let groups = plan
        .groups
        .iter()
        .map(|g| {
            let group_seed = seed ^ fnv1a(&g.name);
            let mut ctx = EngineCtx {
                smoke,
                seed: group_seed,
                on_tick: &mut on_tick,
                gate: gate.as_mut(),
            };
            GroupRunner::new(g, timer, group_seed)
                .with_overhead(overhead, alloc_overhead_ns)
                .run(&mut ctx)
        })
        .collect();
    progress.finish();
    Ok(SuiteResult {
        schema_version: SCHEMA_VERSION,
        run_id: format!("{secs:x}-{:016x}", fastrand::u64(..)),
        timestamp: testbed::rfc3339(secs, millis),
        git_hash: testbed::git_hash(),
        zenbench_version: env!("CARGO_PKG_VERSION").to_string(),
        mode: if smoke { RunMode::Test } else { RunMode::Bench },
        seed,
        testbed: testbed::testbed(),
        timer: timer.info(),
        loop_overhead_ns: overhead.iter_ns,
        groups,
        repetition: Repetition {
            processes: 1,
            passes: 1,
            aggregation: None,
        },
        complexity: Vec::new(),
        wall_time_s: started.elapsed().as_secs_f64(),
        calibration,
    })
}

/// FNV-1a: a stable per-group seed offset (std's hasher is not stable).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes `bytes` to `path` through a temporary file in the same directory and
/// a rename, so a reader never sees a half-written file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error(format!("`{}` is not a file path", path.display())))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error(format!("cannot write `{}`: {e}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("zb-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("out.json");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(entries.len(), 1, "no temp file left behind");
        let err = write_atomically(&dir.join("missing/x.json"), b"x").unwrap_err();
        assert!(err.0.contains("cannot write"), "{}", err.0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn fnv_is_stable() {
        // Reference: FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c.
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
