//! `--measure instructions`: each benchmark's instructions per iteration,
//! counted by Valgrind's callgrind over the timed region only.
//!
//! Each benchmark runs twice, each time in a fresh worker of this binary
//! under `valgrind --tool=callgrind --collect-atstart=no
//! --toggle-collect=*zenbench_timed_region*`: once for `K1` iterations and
//! once for `K2`. Only the timed region of a sample is collected (the
//! Bencher's one non-inlined call around its loop), so setup, `with_input`
//! inputs, deferred drops, the harness and the process start-up are left
//! out; the difference of the two counts over `K2 − K1` leaves out what a
//! sample costs once (the first iteration's cold misses included). The
//! worker gets this process's clock, so it does not calibrate under the
//! simulator either.

use crate::engine::{run_plan, RunSettings, SampleRequest, Silent};
use crate::model::options::{Mode, Options};
use crate::model::result::{Instructions, RunMode, SuiteResult};
use crate::plan::Plan;
use crate::process::children::last_line;
use crate::process::worker::{ThisBinary, WorkerStderr};
use crate::Error;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Iterations of the first of a bench's two counts.
const K1: u64 = 1;
/// The second count aims at this much native time, ns…
const NATIVE_TARGET_NS: f64 = 5e6;
/// …within these extra iterations.
const EXTRA: (u64, u64) = (4, 1000);
/// A worker under Valgrind may take this long.
const LIMIT: Duration = Duration::from_secs(600);

/// What callgrind counted over a run's collected regions.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub(crate) struct Counts {
    pub ir: f64,
    pub l1_misses: f64,
    pub ll_misses: f64,
}

/// The `events:` and `summary:` (else `totals:`) lines of a callgrind
/// output file, as [`Counts`]: `Ir`, and the I1/D1 and IL/DL misses when
/// the cache simulation ran.
pub(crate) fn parse_callgrind(text: &str) -> Result<Counts, String> {
    let (mut events, mut summary, mut totals) = (None, None, None);
    for l in text.lines() {
        if let (None, Some(rest)) = (events, l.strip_prefix("events:")) {
            events = Some(rest);
        } else if let (None, Some(rest)) = (summary, l.strip_prefix("summary:")) {
            summary = Some(rest);
        } else if let (None, Some(rest)) = (totals, l.strip_prefix("totals:")) {
            totals = Some(rest);
        }
    }
    let Some(events) = events else {
        return Err("no `events:` line".to_owned());
    };
    let Some(counts) = summary.or(totals) else {
        return Err("no `summary:` line".to_owned());
    };
    let events: Vec<&str> = events.split_whitespace().collect();
    let mut values = Vec::new();
    for v in counts.split_whitespace() {
        match v.parse::<f64>() {
            Ok(x) => values.push(x),
            Err(_) => return Err(format!("`{v}` is not a count")),
        }
    }
    let get = |name: &str| {
        for (i, e) in events.iter().enumerate() {
            if *e == name {
                return values.get(i).copied().unwrap_or(0.0);
            }
        }
        0.0
    };
    if !events.contains(&"Ir") {
        return Err("no `Ir` event".to_owned());
    }
    Ok(Counts {
        ir: get("Ir"),
        l1_misses: get("I1mr") + get("D1mr") + get("D1mw"),
        ll_misses: get("ILmr") + get("DLmr") + get("DLmw"),
    })
}

/// Per iteration, from the counts of `k1` and `k2` iterations.
pub(crate) fn per_iteration(a: Counts, b: Counts, k1: u64, k2: u64) -> Instructions {
    let d = (k2 - k1) as f64;
    let per = |x: f64, y: f64| ((y - x) / d).max(0.0);
    let per_iter = per(a.ir, b.ir);
    let l1_misses = per(a.l1_misses, b.l1_misses);
    let ll_misses = per(a.ll_misses, b.ll_misses);
    Instructions {
        per_iter,
        l1_misses,
        ll_misses,
        est_cycles: per_iter + 10.0 * l1_misses + 100.0 * ll_misses,
        iters: (k1, k2),
        vs_baseline_pct: None,
        verdict: None,
    }
}

/// Refuses what cannot be counted: another OS than Linux, no Valgrind.
fn check_valgrind() -> Result<(), Error> {
    if !cfg!(target_os = "linux") {
        return Err(Error::Config(
            "`--measure instructions` needs Valgrind, which zenbench drives on Linux only".into(),
        ));
    }
    let found = match std::process::Command::new("valgrind")
        .arg("--version")
        .output()
    {
        Ok(o) => o.status.success(),
        Err(_) => false,
    };
    if found {
        Ok(())
    } else {
        Err(Error::Config(
            "`--measure instructions` needs Valgrind, and `valgrind` is not on PATH: install it (Debian/Ubuntu: `apt-get install valgrind`)".into(),
        ))
    }
}

/// Where the workers come from, and where callgrind writes.
struct Counter {
    binary: ThisBinary,
    scratch: PathBuf,
}

impl Counter {
    /// One count of `full_name` over `iters` iterations.
    fn count(&self, full_name: &str, iters: u64, tag: &str) -> Result<Counts, String> {
        let out = self.scratch.join(format!("{tag}.callgrind"));
        let err = self.scratch.join(format!("{tag}.stderr"));
        let mut args: Vec<OsString> = vec![
            "--tool=callgrind".into(),
            "--collect-atstart=no".into(),
            "--toggle-collect=*zenbench_timed_region*".into(),
            "--cache-sim=yes".into(),
        ];
        let mut file = OsString::from("--callgrind-out-file=");
        file.push(&out);
        args.push(file);
        let started = self.binary.start(
            Some((Path::new("valgrind"), &args)),
            WorkerStderr::File(&err),
            LIMIT,
        );
        let mut worker = match started {
            Ok(w) => w,
            Err((how, _)) => {
                return Err(match last_line(&err) {
                    Some(line) => format!("valgrind did not start the worker ({how}): {line}"),
                    None => format!("valgrind did not start the worker ({how})"),
                })
            }
        };
        let Some(id) = worker.id_of(full_name) else {
            return Err(format!("the worker has no benchmark `{full_name}`"));
        };
        let req = SampleRequest {
            bench: id,
            iters,
            stack_offset: 0,
            flush_cache: false,
            n: None,
        };
        worker.sample_id(id, &req)?;
        if let Err(how) = worker.finish() {
            return Err(format!("the worker under valgrind ended badly: {how}"));
        }
        match std::fs::read_to_string(&out) {
            Ok(text) => parse_callgrind(&text),
            Err(e) => Err(format!(
                "cannot read callgrind's output `{}`: {e}",
                out.display()
            )),
        }
    }
}

/// What makes a plan uncountable, before anything runs: no Valgrind, or a
/// thread row.
pub(crate) fn check(plan: &Plan) -> Result<(), Error> {
    check_valgrind()?;
    let rows = plan.groups.iter().flat_map(|g| &g.benches);
    for b in rows {
        let threads = b.threads.unwrap_or(1);
        if threads > 1 {
            return Err(Error::Config(format!(
                "`--measure instructions`: `{}` runs on {threads} threads, and Valgrind runs every thread on one core, one at a time: its count would not be its parallel cost; leave thread rows out (`--threads 1` or `--skip`) or measure time",
                b.full_name,
            )));
        }
    }
    Ok(())
}

/// The plan's benchmarks counted, one pair of Valgrind workers each, into a
/// result shaped like a measured run's (groups and rows, no times).
pub(crate) fn measure_instructions(plan: &Plan, opts: &Options) -> Result<SuiteResult, Error> {
    check(plan)?;
    if !plan.complexity.is_empty() && !opts.output.quiet {
        eprintln!(
            "instructions: {} complexity bench(es) left out: a ladder is a question about time",
            plan.complexity.len()
        );
    }
    let started = std::time::Instant::now();
    // The result's shape, and each bench's time per call, from one call
    // of each here.
    let mut smoke = opts.clone();
    smoke.mode = Mode::Test;
    smoke.output.quiet = true;
    let mut result = run_plan(plan, &RunSettings::of(&smoke), None, &mut Silent)?;
    result.mode = RunMode::Bench;
    let scratch = std::env::temp_dir().join(format!("zenbench-callgrind-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| Error::io(&scratch, e))?;
    let counter = Counter {
        binary: ThisBinary::new(opts.engine.timer).map_err(Error::Config)?,
        scratch: scratch.clone(),
    };
    for (gi, g) in result.groups.iter_mut().enumerate() {
        let group_started = std::time::Instant::now();
        for (bi, b) in g.benchmarks.iter_mut().enumerate() {
            if b.failed {
                continue;
            }
            if !opts.output.quiet {
                eprintln!("instructions: {} …", b.full_name);
            }
            let native_ns = b.summary.as_ref().map_or(f64::NAN, |s| s.mean_ns);
            let extra = if native_ns.is_finite() && native_ns > 0.0 {
                ((NATIVE_TARGET_NS / native_ns).round() as u64).clamp(EXTRA.0, EXTRA.1)
            } else {
                EXTRA.0
            };
            let k2 = K1 + extra;
            let counted = match counter.count(&b.full_name, K1, &format!("{gi}-{bi}-a")) {
                Ok(a) => match counter.count(&b.full_name, k2, &format!("{gi}-{bi}-b")) {
                    Ok(c) => Ok((a, c)),
                    Err(why) => Err(why),
                },
                Err(why) => Err(why),
            };
            b.summary = None;
            b.mean_ci = None;
            b.samples_ns.clear();
            b.iterations_per_sample = k2;
            match counted {
                Ok((a, c)) => b.instructions = Some(per_iteration(a, c, K1, k2)),
                Err(why) => {
                    b.failed = true;
                    b.error = Some(why);
                }
            }
        }
        g.wall_time_s = group_started.elapsed().as_secs_f64();
        g.rounds = 2;
    }
    let _ = std::fs::remove_dir_all(&scratch);
    // Compared rows against their group's baseline, exactly.
    for (g, gp) in result.groups.iter_mut().zip(&plan.groups) {
        let threshold = gp.config.noise_threshold * 100.0;
        for &(base, cand) in &gp.comparisons {
            let Some(base_ir) = g.benchmarks[base].instructions.as_ref().map(|i| i.per_iter) else {
                continue;
            };
            if let Some(i) = g.benchmarks[cand].instructions.as_mut() {
                let pct = (i.per_iter / base_ir - 1.0) * 100.0;
                if pct.is_finite() {
                    i.vs_baseline_pct = Some(pct);
                    i.verdict = Some(
                        if pct > threshold {
                            "slower"
                        } else if pct < -threshold {
                            "faster"
                        } else {
                            "same"
                        }
                        .to_owned(),
                    );
                }
            }
        }
    }
    result.wall_time_s = started.elapsed().as_secs_f64();
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\n\
        events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n\
        fl=(1) x.rs\nfn=(1) f\n16 3 1 1 0 0 0 0 0 0\n\
        summary: 34875324 4103548 4103228 7 2 1 7 1 0\n\
        totals: 34875324 4103548 4103228 7 2 1 7 1 0\n";

    #[test]
    fn callgrind_totals_are_read_by_their_event_names() {
        let c = parse_callgrind(SAMPLE).unwrap();
        assert_eq!(c.ir, 34_875_324.0);
        assert_eq!(c.l1_misses, 10.0);
        assert_eq!(c.ll_misses, 8.0);
        // Without the cache simulation there is only Ir.
        let c = parse_callgrind("events: Ir\nsummary: 120\n").unwrap();
        assert_eq!((c.ir, c.l1_misses, c.ll_misses), (120.0, 0.0, 0.0));
        assert!(parse_callgrind("events: Ir\n").is_err());
        assert!(parse_callgrind("summary: 1\n").is_err());
        assert!(parse_callgrind("events: Dr\nsummary: 1\n").is_err());
        assert!(parse_callgrind("events: Ir\nsummary: x\n").is_err());
    }

    #[test]
    fn a_count_per_iteration_leaves_out_what_a_sample_costs_once() {
        // 500 once (the region's call, the first iteration's misses) + 2412 each.
        let at = |k: f64| Counts {
            ir: 500.0 + 2412.0 * k,
            l1_misses: 7.0 + 0.5 * k,
            ll_misses: 7.0,
        };
        let i = per_iteration(at(1.0), at(101.0), 1, 101);
        assert_eq!(i.per_iter, 2412.0);
        assert_eq!(i.l1_misses, 0.5);
        assert_eq!(i.ll_misses, 0.0);
        assert_eq!(i.est_cycles, 2412.0 + 5.0);
        assert_eq!(i.iters, (1, 101));
    }
}
