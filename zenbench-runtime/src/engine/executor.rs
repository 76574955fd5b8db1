//! The Executor seam: the engine asks for "one sample of bench `i`, `k`
//! iterations, at stack offset `s`" and gets plain data back. The request
//! and the reply are plain data with a JSON form, so an executor may run the bench in this
//! process ([`InProcess`], the only one so far), in a worker child process,
//! or in one of two builds.

use super::threads::Pool;
use crate::define::registry::{BenchDef, Routine};
use crate::measure::alloc::AllocCounts;
pub(crate) use crate::measure::bencher::SampleReply;
use crate::measure::bencher::{Bencher, Method, Sample, ThreadCtx};
use crate::measure::firewall::CacheFirewall;
use crate::measure::timer::Timer;
use crate::model::json::{
    json_structs, json_unit_enums, FromJson, Json, JsonError, JsonWriter, ToJson,
};
use crate::model::throughput::Throughput;
use crate::plan::GroupPlan;
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// One sample to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SampleRequest {
    /// Index of the bench in its group.
    pub bench: usize,
    /// Iterations to time.
    pub iters: u64,
    /// Stack-alignment jitter in bytes (see `measure::stack`).
    pub stack_offset: usize,
    /// Evict the L2 cache first (`cache_firewall`, cold iterations).
    pub flush_cache: bool,
    /// The input size of a complexity bench (a worker's rung); `None` for
    /// every other bench.
    pub n: Option<u64>,
}

/// How [`Throughput`] travels: its unit and its count.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ThroughputWire {
    unit: ThroughputUnit,
    count: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ThroughputUnit {
    Bytes,
    Elements,
}

// The worker protocol's messages are plain data: what a child process
// sends back is what the in-process executor returns.
json_structs! {
    SampleRequest { bench, iters, stack_offset, flush_cache, n: default_skip_none }
    SampleReply { sample, throughput: default }
    Sample { iters, elapsed_ns: nan, method, allocs: default }
    AllocCounts { allocs, deallocs, reallocs, bytes }
    ThroughputWire { unit, count }
}

json_unit_enums! {
    Method { Iter = "iter", DeferredDrop = "deferred_drop", WithInput = "with_input", Custom = "custom", Async = "async" }
    ThroughputUnit { Bytes = "bytes", Elements = "elements" }
}

impl ToJson for Throughput {
    fn write_json(&self, w: &mut JsonWriter) {
        let (unit, count) = match *self {
            Throughput::Bytes(n) => (ThroughputUnit::Bytes, n),
            Throughput::Elements(n) => (ThroughputUnit::Elements, n),
        };
        ThroughputWire { unit, count }.write_json(w);
    }
}

impl FromJson for Throughput {
    #[inline]
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let w = ThroughputWire::from_json(v)?;
        Ok(match w.unit {
            ThroughputUnit::Bytes => Throughput::Bytes(w.count),
            ThroughputUnit::Elements => Throughput::Elements(w.count),
        })
    }
}

/// Runs samples for the engine. `Err` is the bench's failure (a panic, a
/// body that never timed a routine), one line; the engine marks the bench
/// failed and goes on with the others.
pub(crate) trait Executor {
    /// Resolution of the clock that times the samples, nanoseconds.
    fn resolution_ns(&self) -> f64;
    /// Bytes the cache firewall sweeps, when there is one.
    fn firewall_bytes(&self) -> Option<u64>;
    /// Takes one sample.
    fn sample(&mut self, request: &SampleRequest) -> Result<SampleReply, String>;
}

/// Samples taken somewhere else than this process (a worker child
/// process), by benchmark name, with that process's loop overhead already
/// subtracted.
pub(crate) trait SampleSource {
    /// Resolution of the clock there, nanoseconds.
    fn resolution_ns(&self) -> f64;
    /// One sample of the benchmark named `full_name`.
    fn sample(&mut self, full_name: &str, request: &SampleRequest) -> Result<SampleReply, String>;
}

/// The executor of a group whose samples a [`SampleSource`] takes.
pub(crate) struct Remote<'s> {
    pub source: &'s mut dyn SampleSource,
    /// Full name of each bench of the group.
    pub names: Vec<String>,
}

impl Executor for Remote<'_> {
    fn resolution_ns(&self) -> f64 {
        self.source.resolution_ns()
    }

    fn firewall_bytes(&self) -> Option<u64> {
        None
    }

    fn sample(&mut self, request: &SampleRequest) -> Result<SampleReply, String> {
        self.source.sample(&self.names[request.bench], request)
    }
}

/// Runs the group's benches in this process: on this thread, or a thread
/// row on a pool of its thread count.
pub(crate) struct InProcess<'p> {
    benches: &'p [BenchDef],
    timer: Timer,
    /// Evicts the L2 before samples that ask for it.
    firewall: Option<CacheFirewall>,
    /// One pool per thread count, started at its first sample.
    pools: Vec<Pool>,
}

impl<'p> InProcess<'p> {
    pub(crate) fn new(plan: &'p GroupPlan, timer: Timer) -> Self {
        InProcess {
            benches: &plan.benches,
            timer,
            firewall: (plan.config.cache_firewall || plan.config.cold_start)
                .then(CacheFirewall::for_this_machine),
            pools: Vec::new(),
        }
    }

    fn pool(&mut self, threads: usize) -> &Pool {
        let i = match self.pools.iter().position(|p| p.threads() == threads) {
            Some(i) => i,
            None => {
                self.pools.push(Pool::new(threads));
                self.pools.len() - 1
            }
        };
        &self.pools[i]
    }
}

impl Executor for InProcess<'_> {
    fn resolution_ns(&self) -> f64 {
        self.timer.resolution_ns()
    }

    fn firewall_bytes(&self) -> Option<u64> {
        self.firewall.as_ref().map(|f| f.bytes() as u64)
    }

    fn sample(&mut self, request: &SampleRequest) -> Result<SampleReply, String> {
        if request.flush_cache {
            if let Some(fw) = self.firewall.as_mut() {
                fw.flush();
            }
        }
        let bench = &self.benches[request.bench];
        match bench.threads {
            Some(threads) => {
                let timer = self.timer;
                self.pool(threads)
                    .sample(bench, timer, request.iters, request.stack_offset)
            }
            None => call_with(
                &bench.routine,
                self.timer,
                request.iters,
                request.stack_offset,
                ThreadCtx::default(),
            ),
        }
    }
}

thread_local! {
    /// Set while this thread runs a benchmark body.
    static IN_BENCH: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once per process) a panic hook that stays silent for panics
/// inside benchmark bodies, which the engine reports as failed benchmarks,
/// and defers to the previous hook for every other panic.
pub(crate) fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_BENCH.with(|b| b.get()) {
                let mut loc = None;
                if let Some(l) = info.location() {
                    loc = Some(format!("{}:{}:{}", l.file(), l.line(), l.column()));
                }
                set_panic_location(loc);
            } else {
                previous(info);
            }
        }));
    });
}

/// Sets where the last panic in a benchmark body happened; returns the
/// place set before.
fn set_panic_location(loc: Option<String>) -> Option<String> {
    PANIC_LOCATION.with(|p| std::mem::replace(&mut *p.borrow_mut(), loc))
}

/// Marks whether this thread runs a benchmark body; returns the mark before.
fn set_in_bench(on: bool) -> bool {
    IN_BENCH.with(|b| b.replace(on))
}

/// Runs `f`, catching a panic: its message (with its location) instead of
/// the panic hook's report on stderr, which another caller would repeat.
pub fn quietly(f: &mut dyn FnMut()) -> Result<(), String> {
    install_panic_hook();
    set_panic_location(None);
    let was_in_bench = set_in_bench(true);
    let outcome = catch_unwind(AssertUnwindSafe(f));
    set_in_bench(was_in_bench);
    let Err(payload) = outcome else {
        return Ok(());
    };
    let msg = crate::engine::replay::panic_text(payload.as_ref());
    Err(match set_panic_location(None) {
        Some(loc) => format!("panicked at {loc}: {msg}"),
        None => format!("panicked: {msg}"),
    })
}

/// Runs one call of the benchmark body on this thread, turning a panic into
/// an error message. `ctx` says which thread of a thread row this is.
pub(crate) fn call_with(
    routine: &Routine,
    timer: Timer,
    iters: u64,
    stack_offset: usize,
    ctx: ThreadCtx,
) -> Result<SampleReply, String> {
    if let Routine::Replay { link, index } = routine {
        // Its body runs on the thread that replays the bench's fn.
        return link.sample(*index, timer, iters, stack_offset);
    }
    call_body(&mut |b| routine.call(b), timer, iters, stack_offset, ctx)
}

/// Runs `body` once with a Bencher of `iters` iterations, on this thread
/// at stack offset `stack_offset`, turning a panic into an error message.
pub(crate) fn call_body(
    body: &mut dyn FnMut(&mut Bencher),
    timer: Timer,
    iters: u64,
    stack_offset: usize,
    ctx: ThreadCtx,
) -> Result<SampleReply, String> {
    let mut b = Bencher::on_thread(timer, iters, ctx);
    quietly(&mut || crate::measure::stack::at_offset(stack_offset, &mut || body(&mut b)))?;
    match b.take_sample() {
        Some(sample) => Ok(SampleReply {
            sample,
            throughput: b.declared_throughput(),
        }),
        None => Err("the benchmark never handed a routine to its Bencher (call b.iter(..))".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::json::{parse, to_compact};

    fn read<T: FromJson>(text: &str) -> T {
        T::from_json(&parse(text.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn requests_and_replies_travel_as_json_unchanged() {
        let request = SampleRequest {
            bench: 2,
            iters: 1 << 40,
            stack_offset: 4095,
            flush_cache: true,
            n: None,
        };
        let text = to_compact(&request);
        assert_eq!(
            text,
            r#"{"bench":2,"iters":1099511627776,"stack_offset":4095,"flush_cache":true}"#
        );
        assert_eq!(read::<SampleRequest>(&text), request);
        let allocs = AllocCounts {
            allocs: 3,
            deallocs: 2,
            reallocs: 1,
            bytes: 96,
        };
        for (method, allocs, throughput) in [
            (Method::Iter, None, None),
            (
                Method::WithInput,
                Some(allocs),
                Some(Throughput::Bytes(4096)),
            ),
            (Method::Custom, None, Some(Throughput::Elements(7))),
        ] {
            let reply = SampleReply {
                sample: Sample {
                    iters: 1000,
                    elapsed_ns: 12_345.5,
                    method,
                    allocs,
                },
                throughput,
            };
            let text = to_compact(&reply);
            assert_eq!(read::<SampleReply>(&text), reply, "{text}");
        }
        let text = r#"{"sample":{"iters":1,"elapsed_ns":5.0,"method":"deferred_drop","allocs":null},"throughput":{"unit":"elements","count":9}}"#;
        let reply: SampleReply = read(text);
        assert_eq!(reply.sample.method, Method::DeferredDrop);
        assert_eq!(reply.throughput, Some(Throughput::Elements(9)));
    }
}
