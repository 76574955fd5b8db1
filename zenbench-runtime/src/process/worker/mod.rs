//! The worker protocol, version 1: a bench binary driven sample by sample
//! by another process (self-compare's two builds, complexity's rungs).
//!
//! Started with `ZENBENCH_WORKER=1` (checked before any flag is parsed),
//! the binary plans every benchmark it has (its thread rows as `--threads`
//! among its arguments says, if given), calibrates its clock and its
//! loop overhead, and speaks JSON lines: one object per line on stdout, one
//! request per line on stdin.
//!
//! 1. It sends `{"hello": {"protocol": 1, "zenbench_version", "timer":
//!    {"kind", "resolution_ns"}, "loop_overhead_ns", "benchmarks": [{"id",
//!    "full_name", "group", "name", "threads", "complexity"}]}}`, where
//!    `complexity` (the declared model) is present for complexity benches
//!    only.
//! 2. To `{"sample": {"bench": ID, "iters": K, "stack_offset": S,
//!    "flush_cache": false, "n": N}}` it runs one sample of benchmark ID, K
//!    iterations at stack offset S (a complexity bench at input size N,
//!    which it needs; no other bench takes one), and answers `{"sample": {"sample":
//!    {"iters", "elapsed_ns", "method", "allocs"}, "throughput"}}` with its
//!    own loop overhead already subtracted from `elapsed_ns`, or
//!    `{"error": "..."}` when the benchmark panicked, the ID is unknown, or
//!    the line is not a request (the worker goes on).
//! 3. To `{"bye": true}`, or at the end of its stdin, it exits with code 0.
//!
//! Everything a sample needs (iteration counts, offsets, which benchmark
//! when) comes from the driver, so a worker holds no schedule and no
//! statistics: the driver's engine treats it as one more executor.

use crate::define::registry::Suite;
use crate::engine::{Executor, InProcess, SampleReply, SampleRequest};
use crate::measure::alloc::AllocCounts;
use crate::measure::bencher::{Method, Sample};
use crate::measure::timer::{measure_loop_overhead, LoopOverhead, Timer, TimerChoice};
use crate::model::json::{json_structs, to_compact};
use crate::model::options::{Mode, Options};
use crate::model::result::value;
use crate::model::result::TimerInfo;
use crate::model::throughput::Throughput;
use crate::plan::{plan, Plan};
use std::io::{BufRead, Write};

/// The variable that makes a bench binary a worker.
pub(crate) const WORKER_ENV: &str = "ZENBENCH_WORKER";
/// The parent's clock and loop overhead ([`Timer::handoff`]), for a worker
/// of the same binary.
pub(crate) const CLOCK_ENV: &str = "ZENBENCH_WORKER_CLOCK";
/// The protocol this build speaks.
pub(crate) const PROTOCOL: u32 = 1;

/// The first line a worker sends.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Hello {
    pub protocol: u32,
    pub zenbench_version: String,
    pub timer: TimerInfo,
    pub loop_overhead_ns: f64,
    pub benchmarks: Vec<WorkerBench>,
}

/// A benchmark a worker can run.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WorkerBench {
    /// What `sample` requests name it by.
    pub id: usize,
    pub full_name: String,
    pub group: String,
    pub name: String,
    pub threads: usize,
    /// A complexity bench's declared model: its samples need an `n`.
    pub complexity: Option<String>,
}

/// A line to a worker: exactly one field set.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Request {
    pub sample: Option<SampleRequest>,
    pub bye: Option<bool>,
}

/// A line from a worker.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Reply {
    pub hello: Option<Hello>,
    pub sample: Option<SampleReply>,
    pub error: Option<String>,
}

json_structs! {
    Hello { protocol, zenbench_version, timer, loop_overhead_ns: nan, benchmarks }
    WorkerBench { id, full_name, group, name, threads, complexity: default_skip_none }
    Request { sample: default_skip_none, bye: default_skip_none }
    Reply {
        hello: default_skip_none, sample: default_skip_none, error: default_skip_none,
    }
}

// Requests and replies are read field by field (`result::value`), not
// deserialised: see that module for why.

/// A request line.
fn parse_request(line: &[u8]) -> Result<Request, String> {
    let v = value::parse(line)?;
    if v.get("bye").is_some() {
        return Ok(Request {
            sample: None,
            bye: Some(true),
        });
    }
    let Some(s) = v.get("sample") else {
        return Ok(Request::default());
    };
    Ok(Request {
        sample: Some(SampleRequest {
            bench: value::u64_at(s, "bench")? as usize,
            iters: value::u64_at(s, "iters")?,
            stack_offset: value::u64_at(s, "stack_offset")? as usize,
            flush_cache: value::opt_bool_at(s, "flush_cache").unwrap_or(false),
            n: match s.get("n") {
                Some(n) if !n.is_null() => Some(value::u64_at(s, "n")?),
                _ => None,
            },
        }),
        bye: None,
    })
}

/// A reply line.
fn parse_reply(line: &[u8]) -> Result<Reply, String> {
    let v = value::parse(line)?;
    let mut reply = Reply {
        error: value::opt_str_at(&v, "error"),
        ..Reply::default()
    };
    if let Some(h) = v.get("hello") {
        let timer = h.get("timer").ok_or("`timer` is missing")?;
        let list = h.get("benchmarks").and_then(value::Value::as_array);
        let mut benchmarks = Vec::new();
        for b in list.ok_or("`benchmarks` must be a list")? {
            benchmarks.push(WorkerBench {
                id: value::u64_at(b, "id")? as usize,
                full_name: value::str_at(b, "full_name")?,
                group: value::str_at(b, "group")?,
                name: value::str_at(b, "name")?,
                threads: value::u64_at(b, "threads")? as usize,
                complexity: value::opt_str_at(b, "complexity"),
            });
        }
        reply.hello = Some(Hello {
            protocol: value::u64_at(h, "protocol")? as u32,
            zenbench_version: value::str_at(h, "zenbench_version")?,
            timer: TimerInfo {
                kind: if value::str_at(timer, "kind")? == "tsc" {
                    crate::model::result::TimerKind::Tsc
                } else {
                    crate::model::result::TimerKind::Os
                },
                resolution_ns: value::f64_at(timer, "resolution_ns")?,
            },
            loop_overhead_ns: value::f64_at(h, "loop_overhead_ns")?,
            benchmarks,
        });
    }
    if let Some(r) = v.get("sample") {
        let s = r.get("sample").ok_or("`sample` is missing")?;
        let method = match value::str_at(s, "method")?.as_str() {
            "iter" => Method::Iter,
            "deferred_drop" => Method::DeferredDrop,
            "with_input" => Method::WithInput,
            "custom" => Method::Custom,
            "async" => Method::Async,
            other => return Err(format!("unknown method `{other}`")),
        };
        let allocs = match s.get("allocs") {
            Some(a) if a.is_object() => Some(AllocCounts {
                allocs: value::u64_at(a, "allocs")?,
                deallocs: value::u64_at(a, "deallocs")?,
                reallocs: value::u64_at(a, "reallocs")?,
                bytes: value::u64_at(a, "bytes")?,
            }),
            _ => None,
        };
        let throughput = match r.get("throughput") {
            Some(t) if t.is_object() => {
                let n = value::u64_at(t, "count")?;
                Some(match value::str_at(t, "unit")?.as_str() {
                    "bytes" => Throughput::Bytes(n),
                    _ => Throughput::Elements(n),
                })
            }
            _ => None,
        };
        reply.sample = Some(SampleReply {
            sample: Sample {
                iters: value::u64_at(s, "iters")?,
                elapsed_ns: value::f64_at(s, "elapsed_ns")?,
                method,
                allocs,
            },
            throughput,
        });
    }
    Ok(reply)
}

/// Whether this process was started as a worker.
pub(crate) fn is_worker() -> bool {
    std::env::var(WORKER_ENV).is_ok_and(|v| v.trim() == "1")
}

/// Serves the protocol on stdin/stdout until `bye` or the end of stdin;
/// returns the exit code. `args` stand for the command line when given (a
/// migration crate's translation of its tool's flags).
pub(crate) fn serve(suite: &Suite, args: Option<&[String]>) -> i32 {
    // The driver's rows must be this worker's rows: its arguments (a parent
    // passes its own) shape thread rows (`--threads`) and the options a
    // sample reads (`--cache-firewall`, `--cache-mode`) the same way. What
    // does not parse is the driver's business; the defaults stand.
    let given = match args {
        Some(args) => crate::define::cli::parse_env_and(args.to_vec()),
        None => crate::define::cli::parse_env_and_args(),
    }
    .unwrap_or_default();
    let mut opts = Options {
        mode: Mode::Bench,
        config: given.config,
        ..Options::default()
    };
    opts.selection.include_ignored = true;
    opts.engine.threads = given.engine.threads;
    let plan = match plan(suite.defs.clone(), &opts, &|_| true) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return e.exit_code();
        }
    };
    // A complexity rung's parent hands its own clock and overhead on: the
    // same binary on the same machine, so each rung's worker starts in a
    // few milliseconds instead of calibrating again.
    let handed = std::env::var(CLOCK_ENV)
        .ok()
        .and_then(|line| Timer::from_handoff(&line));
    let (timer, overhead) = match handed {
        Some(pair) => pair,
        None => {
            let timer = match Timer::from_choice(TimerChoice::Auto) {
                Ok(t) => t,
                Err(_) => Timer::os(),
            };
            (timer, measure_loop_overhead(timer))
        }
    };
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    let mut worker = Worker::new(&plan, timer, overhead);
    let send = |reply: &Reply, out: &mut dyn Write| -> bool {
        // A closed stdout ends the worker.
        let line = to_compact(reply);
        writeln!(out, "{line}").and_then(|()| out.flush()).is_ok()
    };
    let hello = Reply {
        hello: Some(worker.hello()),
        ..Reply::default()
    };
    if !send(&hello, &mut out) {
        return 0;
    }
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let reply = match parse_request(line.as_bytes()) {
            Ok(Request { bye: Some(_), .. }) => break,
            Ok(Request {
                sample: Some(req), ..
            }) => match worker.sample(&req) {
                Ok(s) => Reply {
                    sample: Some(s),
                    ..Reply::default()
                },
                Err(e) => Reply {
                    error: Some(e),
                    ..Reply::default()
                },
            },
            Ok(_) => Reply {
                error: Some("a request names `sample` or `bye`".to_owned()),
                ..Reply::default()
            },
            Err(e) => Reply {
                error: Some(format!("not a request: {e}")),
                ..Reply::default()
            },
        };
        if !send(&reply, &mut out) {
            break;
        }
    }
    0
}

/// What a worker benchmark id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Id {
    /// Bench `b` of group `g`.
    Row(usize, usize),
    /// Complexity bench `c`.
    Ladder(usize),
}

/// The benchmarks of a plan, each run by its group's in-process executor;
/// a complexity bench by an executor of its rung.
struct Worker<'p> {
    plan: &'p Plan,
    ids: Vec<Id>,
    executors: Vec<Option<InProcess<'p>>>,
    timer: Timer,
    overhead: LoopOverhead,
}

impl<'p> Worker<'p> {
    fn new(plan: &'p Plan, timer: Timer, overhead: LoopOverhead) -> Self {
        let mut ids = Vec::new();
        let mut executors = Vec::new();
        for (g, group) in plan.groups.iter().enumerate() {
            for b in 0..group.benches.len() {
                ids.push(Id::Row(g, b));
            }
            executors.push(None);
        }
        for c in 0..plan.complexity.len() {
            ids.push(Id::Ladder(c));
        }
        Worker {
            plan,
            ids,
            executors,
            timer,
            overhead,
        }
    }

    fn hello(&self) -> Hello {
        let mut benchmarks = Vec::new();
        for (id, &which) in self.ids.iter().enumerate() {
            benchmarks.push(match which {
                Id::Row(g, b) => {
                    let group = &self.plan.groups[g];
                    let def = &group.benches[b];
                    WorkerBench {
                        id,
                        full_name: def.full_name.clone(),
                        group: group.name.clone(),
                        name: def.name.clone(),
                        threads: def.threads.unwrap_or(1),
                        complexity: None,
                    }
                }
                Id::Ladder(c) => {
                    let ladder = &self.plan.complexity[c];
                    WorkerBench {
                        id,
                        full_name: ladder.def.full_name.clone(),
                        group: ladder.def.group.clone(),
                        name: ladder.def.name.clone(),
                        threads: 1,
                        complexity: Some(ladder.declared.clone()),
                    }
                }
            });
        }
        Hello {
            protocol: PROTOCOL,
            zenbench_version: env!("CARGO_PKG_VERSION").to_owned(),
            timer: self.timer.info(),
            loop_overhead_ns: self.overhead.iter_ns,
            benchmarks,
        }
    }

    /// One sample of benchmark `req.bench` (an id), overhead subtracted.
    fn sample(&mut self, req: &SampleRequest) -> Result<SampleReply, String> {
        let Some(&which) = self.ids.get(req.bench) else {
            return Err(format!("no benchmark with id {}", req.bench));
        };
        if req.iters == 0 {
            return Err("a sample needs at least one iteration".to_owned());
        }
        let timer = self.timer;
        let mut reply = match (which, req.n) {
            (Id::Row(g, b), None) => {
                let group = &self.plan.groups[g];
                let slot = &mut self.executors[g];
                if slot.is_none() {
                    *slot = Some(InProcess::new(group, timer));
                }
                let executor = slot.as_mut().expect("made just now");
                executor.sample(&SampleRequest { bench: b, ..*req })?
            }
            (Id::Row(..), Some(_)) => {
                return Err(format!(
                    "benchmark {} is not a complexity bench: it takes no `n`",
                    req.bench
                ))
            }
            (Id::Ladder(c), Some(n)) => {
                let n = usize::try_from(n).map_err(|_| format!("n = {n} is too large here"))?;
                // A rung is one bench at one size: its executor is made
                // for the sample (a worker serves one rung).
                let group = self.plan.complexity[c].rung(n);
                InProcess::new(&group, timer).sample(&SampleRequest {
                    bench: 0,
                    n: None,
                    ..*req
                })?
            }
            (Id::Ladder(_), None) => {
                return Err(format!(
                    "benchmark {} is a complexity bench: a sample needs its `n`",
                    req.bench
                ))
            }
        };
        let per_iter = self.overhead.for_method(reply.sample.method);
        reply.sample.elapsed_ns -= per_iter * reply.sample.iters as f64;
        Ok(reply)
    }
}

mod client;
#[cfg(feature = "cli")]
mod pair;
pub(crate) use client::{deadline_after, ThisBinary, WorkerClient, WorkerStderr};
#[cfg(feature = "cli")]
pub(crate) use pair::{Lane, Pair, WorkerLane};

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_end_by_a_signal_is_named_by_number_and_name() {
        use std::os::unix::process::ExitStatusExt;
        use std::process::ExitStatus;
        let status = |raw| client::describe_status(ExitStatus::from_raw(raw));
        assert_eq!(status(6), "killed by signal 6, SIGABRT");
        assert_eq!(status(9), "killed by signal 9, SIGKILL");
        assert_eq!(status(11), "killed by signal 11, SIGSEGV");
        // Exit code 3: the code sits in the second byte of a wait status.
        assert_eq!(status(3 << 8), "exit code 3");
        #[cfg(target_os = "linux")]
        assert_eq!(status(25), "killed by signal 25, SIGXFSZ");
        assert_eq!(status(60), "killed by signal 60");
    }

    #[test]
    fn a_deadline_past_what_an_instant_holds_is_far_ahead() {
        let now = std::time::Instant::now();
        let far = deadline_after(std::time::Duration::MAX);
        assert!(far > now + std::time::Duration::from_secs(86_400 * 365));
        let near = deadline_after(std::time::Duration::from_secs(1));
        assert!(near > now && near < far);
    }

    #[test]
    fn the_reply_parser_reads_every_method_name() {
        for method in [
            Method::Iter,
            Method::DeferredDrop,
            Method::WithInput,
            Method::Custom,
            Method::Async,
        ] {
            let sample = SampleReply {
                sample: Sample {
                    iters: 10,
                    elapsed_ns: 25.0,
                    method,
                    allocs: None,
                },
                throughput: None,
            };
            let line = format!(r#"{{"sample":{}}}"#, to_compact(&sample));
            let reply = parse_reply(line.as_bytes()).unwrap();
            assert_eq!(reply.sample, Some(sample), "{line}");
        }
        let bad = br#"{"sample":{"sample":{"iters":1,"elapsed_ns":1.0,"method":"spin"}}}"#;
        assert!(parse_reply(bad).unwrap_err().contains("unknown method"));
    }
}
