//! The clock that times samples.
//!
//! A [`Timer`] is one small `Copy` value handed to every Bencher. It reads
//! either a hardware counter (x86_64: the invariant TSC; aarch64: the generic
//! timer's virtual count `cntvct_el0`) or the OS monotonic clock (`Instant`).
//! [`Timer::best`] takes the counter when the CPU vouches for it and falls
//! back to the OS clock otherwise, remembering why
//! ([`Timer::fallback_reason`]).
//!
//! Every read is fenced twice over:
//! - *in the CPU*: the counter read waits for the instructions before it and
//!   holds back those after it (`lfence`/`rdtscp` on x86_64, `isb` on
//!   aarch64), so out-of-order execution cannot move work across it;
//! - *in the compiler*: [`Timer::start`] ends and [`Timer::elapsed_ns`]
//!   begins with an empty `asm!` block the compiler must assume reads and
//!   writes any memory, so optimisation cannot hoist the routine's memory
//!   work above the start read or sink it below the stop read. Together with
//!   the `black_box` around each result in the Bencher loops this keeps the
//!   routine's work between the two reads.
//!
//! Submodules: `calibrate` (TSC frequency against `Instant`, pure agreement
//! rule), `overhead` (the empty timed loop's cost per iteration) and one
//! counter module per architecture.

use crate::model::error::Error;
use crate::model::result::{TimerInfo, TimerKind};
use std::time::{Duration, Instant};

mod calibrate;
mod overhead;

#[cfg(target_arch = "x86_64")]
#[path = "timer/tsc_x86_64.rs"]
mod counter;

#[cfg(target_arch = "aarch64")]
#[path = "timer/cntvct_aarch64.rs"]
mod counter;

/// No hardware counter on this architecture: only the OS clock.
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
mod counter {
    use super::Unavailable;

    pub(super) fn probe() -> Result<f64, Unavailable> {
        Err(Unavailable::Architecture)
    }

    // Never called: no `Clock::Counter` is built without a successful probe.
    #[inline(always)]
    pub(super) fn read_start() -> u64 {
        0
    }

    #[inline(always)]
    pub(super) fn read_stop() -> u64 {
        0
    }
}

pub use overhead::{measure_loop_overhead, LoopOverhead};

/// A started measurement: the first of the two clock reads of a sample.
#[derive(Clone, Copy, Debug)]
pub struct Start(StartRead);

#[derive(Clone, Copy, Debug)]
enum StartRead {
    Os(Instant),
    Ticks(u64),
}

/// Which clock a [`Timer`] reads.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Clock {
    /// `Instant::now()`.
    Os,
    /// The architecture's counter (`counter::read_*`), `ns_per_tick` apart.
    Counter { ns_per_tick: f64 },
}

/// Which timer the user asked for (`--timer os|tsc`; `Auto` by default).
///
/// ```ignore
/// let timer = Timer::from_choice("tsc".parse()?)?; // Err: why no TSC here
/// ```
pub use crate::model::options::TimerChoice;

/// Why the hardware counter is not used. Each has a one-line message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unavailable {
    /// No supported counter on this target architecture.
    #[allow(dead_code, reason = "built only on architectures without a counter")]
    Architecture,
    /// CPUID's highest extended leaf is below 0x8000_0007.
    #[allow(dead_code, reason = "built only on x86_64")]
    NoInvariantTscLeaf,
    /// CPUID 0x8000_0007 EDX bit 8 is clear.
    #[allow(dead_code, reason = "built only on x86_64")]
    NotInvariant,
    /// CPUID 0x8000_0001 EDX bit 27 is clear.
    #[allow(dead_code, reason = "built only on x86_64")]
    NoRdtscp,
    /// Two consecutive calibration windows never agreed.
    #[allow(dead_code, reason = "built only on x86_64")]
    CalibrationDiverged,
    /// `cntfrq_el0` reads zero (firmware did not program it).
    #[allow(dead_code, reason = "built only on aarch64")]
    NoFrequency,
}

impl Unavailable {
    /// One line, suitable for "using the OS clock: {message}".
    pub(crate) fn message(self) -> &'static str {
        match self {
            Unavailable::Architecture => "no cycle counter is supported on this CPU architecture",
            Unavailable::NoInvariantTscLeaf => {
                "CPUID has no leaf 0x80000007, so the TSC cannot be checked for invariance"
            }
            Unavailable::NotInvariant => {
                "the CPU does not report an invariant TSC (CPUID 0x80000007 EDX bit 8)"
            }
            Unavailable::NoRdtscp => "the CPU does not support RDTSCP (CPUID 0x80000001 EDX bit 27)",
            Unavailable::CalibrationDiverged => {
                "TSC frequency calibration against the OS clock never agreed within 0.1% in 10 attempts"
            }
            Unavailable::NoFrequency => "cntfrq_el0 reads 0: the counter frequency is unknown",
        }
    }
}

/// The sample clock.
///
/// ```ignore
/// let timer = Timer::best();
/// if let Some(why) = timer.fallback_reason() {
///     eprintln!("zenbench: using the OS clock: {why}");
/// }
/// let start = timer.start();
/// std::hint::black_box((1..=20u64).product::<u64>());
/// let ns = timer.elapsed_ns(start);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Timer {
    clock: Clock,
    resolution_ns: f64,
    /// Set when [`Timer::best`] wanted the counter but fell back to the OS.
    fallback: Option<Unavailable>,
}

impl Timer {
    /// The OS monotonic clock, with its resolution measured.
    pub fn os() -> Timer {
        Timer::measured(Clock::Os, None)
    }

    /// The hardware counter: the invariant TSC on x86_64 (frequency
    /// calibrated against the OS clock), `cntvct_el0` on aarch64 (frequency
    /// from `cntfrq_el0`). `Err` carries the one-line reason it is unusable.
    pub fn tsc() -> Result<Timer, String> {
        Timer::counter().map_err(|why| why.message().to_string())
    }

    /// The hardware counter when usable, else the OS clock with the reason
    /// kept in [`Timer::fallback_reason`].
    pub fn best() -> Timer {
        Timer::best_of(Timer::counter())
    }

    /// The timer for a `--timer` choice; `Tsc` without a usable counter is an error (why).
    pub fn from_choice(choice: TimerChoice) -> Result<Timer, String> {
        match choice {
            TimerChoice::Os => Ok(Timer::os()),
            TimerChoice::Tsc => Timer::tsc(),
            TimerChoice::Auto => Ok(Timer::best()),
        }
    }

    /// [`Timer::from_choice`] for a run: an unusable counter is a usage error.
    pub(crate) fn for_run(choice: TimerChoice) -> Result<Timer, Error> {
        Timer::from_choice(choice).map_err(|e| Error::Usage(format!("--timer tsc: {e}")))
    }

    /// Why [`Timer::best`] fell back to the OS clock (`None` when it did not,
    /// or when the OS clock was asked for). The caller prints it once.
    pub fn fallback_reason(&self) -> Option<&str> {
        self.fallback.map(Unavailable::message)
    }

    /// Counter frequency in Hz (`None` for the OS clock).
    #[allow(dead_code, reason = "for diagnostics and the report")]
    pub fn frequency_hz(&self) -> Option<f64> {
        match self.clock {
            Clock::Os => None,
            Clock::Counter { ns_per_tick } => Some(1e9 / ns_per_tick),
        }
    }

    /// Smallest observable non-zero step, nanoseconds: the median of many
    /// back-to-back `start` / `elapsed_ns` pairs, so it includes the cost of
    /// the fenced reads themselves, not just the counter's tick. It can be
    /// far above one tick: some CPUs advance the TSC in steps (an AMD EPYC
    /// VM steps by 26 ticks, ~10 ns, at 2.6 GHz).
    pub fn resolution_ns(&self) -> f64 {
        self.resolution_ns
    }

    /// Describes the timer for the result. The aarch64 counter reports as
    /// `Tsc` (the JSON contract has one kind for "hardware counter").
    pub fn info(&self) -> TimerInfo {
        TimerInfo {
            kind: match self.clock {
                Clock::Os => TimerKind::Os,
                Clock::Counter { .. } => TimerKind::Tsc,
            },
            resolution_ns: self.resolution_ns,
        }
    }

    /// Starts timing: reads the clock, then a compiler barrier, so the work
    /// after this call cannot be moved before the read.
    #[inline(always)]
    pub fn start(&self) -> Start {
        let read = match self.clock {
            Clock::Counter { .. } => StartRead::Ticks(counter::read_start()),
            Clock::Os => StartRead::Os(Instant::now()),
        };
        compiler_barrier();
        Start(read)
    }

    /// Nanoseconds since `start`: a compiler barrier, then the clock read,
    /// so the work before this call cannot be moved after the read. The read
    /// comes before any arithmetic. A counter that appears to run backwards
    /// (thread moved to a core whose TSC lags) gives 0, never a huge value.
    #[inline(always)]
    pub fn elapsed_ns(&self, start: Start) -> f64 {
        compiler_barrier();
        match self.clock {
            Clock::Counter { ns_per_tick } => {
                let now = counter::read_stop();
                match start.0 {
                    StartRead::Ticks(then) => now.saturating_sub(then) as f64 * ns_per_tick,
                    StartRead::Os(_) => mismatched_start(),
                }
            }
            Clock::Os => {
                let now = Instant::now();
                match start.0 {
                    StartRead::Os(then) => now.saturating_duration_since(then).as_nanos() as f64,
                    StartRead::Ticks(_) => mismatched_start(),
                }
            }
        }
    }

    /// The counter, calibrated and with its resolution measured.
    fn counter() -> Result<Timer, Unavailable> {
        let ns_per_tick = counter::probe()?;
        Ok(Timer::measured(Clock::Counter { ns_per_tick }, None))
    }

    /// This timer and `overhead` as one line that a worker of this same
    /// binary on this same machine rebuilds with [`Timer::from_handoff`],
    /// skipping the counter's calibration and the overhead's measurement
    /// (tens of milliseconds per process): `os` or `counter:NS_PER_TICK`,
    /// then `;` and the five overhead figures.
    pub(crate) fn handoff(&self, overhead: &LoopOverhead) -> String {
        let clock = match self.clock {
            Clock::Os => "os".to_owned(),
            Clock::Counter { ns_per_tick } => format!("counter:{ns_per_tick:e}"),
        };
        format!(
            "{clock};{:e},{:e},{:e},{:e},{:e}",
            overhead.iter_ns,
            overhead.with_input_ns,
            overhead.deferred_ns,
            overhead.uncertainty_ns,
            overhead.async_ns
        )
    }

    /// The timer and overhead of a [`Timer::handoff`] line; `None` when it
    /// does not parse. The line comes from this binary's parent on this
    /// machine, whose counter the parent checked and calibrated.
    pub(crate) fn from_handoff(line: &str) -> Option<(Timer, LoopOverhead)> {
        let (clock, overhead) = line.trim().split_once(';')?;
        let clock = match clock {
            "os" => Clock::Os,
            _ => {
                let ns_per_tick: f64 = clock.strip_prefix("counter:")?.parse().ok()?;
                (ns_per_tick.is_finite() && ns_per_tick > 0.0).then_some(())?;
                Clock::Counter { ns_per_tick }
            }
        };
        let v: Vec<f64> = overhead
            .split(',')
            .map(|x| x.parse::<f64>().ok().filter(|x| x.is_finite()))
            .collect::<Option<_>>()?;
        let [iter_ns, with_input_ns, deferred_ns, uncertainty_ns, async_ns] = v[..] else {
            return None;
        };
        let overhead = LoopOverhead {
            iter_ns,
            with_input_ns,
            deferred_ns,
            async_ns,
            uncertainty_ns,
        };
        Some((Timer::measured(clock, None), overhead))
    }

    /// `best` over an already-probed counter: the fallback path is testable
    /// by injecting an `Err`.
    fn best_of(counter: Result<Timer, Unavailable>) -> Timer {
        counter.unwrap_or_else(|why| Timer::measured(Clock::Os, Some(why)))
    }

    fn measured(clock: Clock, fallback: Option<Unavailable>) -> Timer {
        let mut t = Timer {
            clock,
            resolution_ns: f64::NAN,
            fallback,
        };
        t.resolution_ns = measure_resolution_ns(&t);
        t
    }
}

#[cold]
#[inline(never)]
fn mismatched_start() -> ! {
    panic!("zenbench: a timer Start was passed to a different kind of timer")
}

/// Keeps the compiler from moving memory accesses across this point.
///
/// An empty `asm!` without `nomem`: the compiler must assume it reads and
/// writes any memory, so loads and stores of the timed routine stay on their
/// side of the clock reads. It emits no instruction. Without inline-asm
/// support a `SeqCst` compiler fence does the same job.
#[inline(always)]
fn compiler_barrier() {
    #[cfg(any(
        target_arch = "x86",
        target_arch = "x86_64",
        target_arch = "arm",
        target_arch = "aarch64",
        target_arch = "riscv32",
        target_arch = "riscv64",
        target_arch = "loongarch64"
    ))]
    // SAFETY: the template is empty, so nothing executes: no register,
    // flag or stack slot is touched (`nostack`, `preserves_flags` are true).
    // Its only effect is the one wanted: the compiler treats it as an
    // arbitrary memory access and keeps memory operations on their side.
    unsafe {
        core::arch::asm!("", options(nostack, preserves_flags));
    }
    #[cfg(not(any(
        target_arch = "x86",
        target_arch = "x86_64",
        target_arch = "arm",
        target_arch = "aarch64",
        target_arch = "riscv32",
        target_arch = "riscv64",
        target_arch = "loongarch64"
    )))]
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

/// Median of many back-to-back non-zero `start` → `elapsed_ns` steps.
///
/// Up to 1001 trials; stops early (after at least 64) once 20 ms are spent,
/// so a coarse OS clock does not stall start-up.
fn measure_resolution_ns(timer: &Timer) -> f64 {
    const TRIALS: usize = 1001;
    const MIN_TRIALS: usize = 64;
    const BUDGET: Duration = Duration::from_millis(20);
    let began = Instant::now();
    let mut steps = Vec::with_capacity(TRIALS);
    for trial in 0..TRIALS {
        if trial >= MIN_TRIALS && began.elapsed() > BUDGET {
            break;
        }
        let s = timer.start();
        let mut d = timer.elapsed_ns(s);
        let mut spins = 0;
        while d <= 0.0 && spins < 1_000_000 {
            d = timer.elapsed_ns(s);
            spins += 1;
        }
        if d > 0.0 {
            steps.push(d);
        }
    }
    if steps.is_empty() {
        return 1000.0;
    }
    let order = crate::model::order::order_by_f64(&steps);
    steps[order[steps.len() / 2]].max(f64::MIN_POSITIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handoff_rebuilds_the_clock_and_the_overhead() {
        let overhead = LoopOverhead {
            iter_ns: 0.25,
            with_input_ns: 1.5e-1,
            deferred_ns: 3.0,
            async_ns: 4.5,
            uncertainty_ns: 0.01,
        };
        let counter = Timer {
            clock: Clock::Counter {
                ns_per_tick: 1.0 / 2.9,
            },
            resolution_ns: 10.0,
            fallback: None,
        };
        let line = counter.handoff(&overhead);
        let (t, o) = Timer::from_handoff(&line).unwrap();
        assert_eq!(t.clock, counter.clock, "{line}");
        assert_eq!(o, overhead);
        let (t, _) = Timer::from_handoff(&Timer::os().handoff(&overhead)).unwrap();
        assert_eq!(t.clock, Clock::Os);
        for bad in [
            "",
            "os",
            "os;1,2,3,4",
            "counter:-1;1,2,3,4,5",
            "sundial;1,2,3,4,5",
            "os;1,2,x,4,5",
        ] {
            assert!(Timer::from_handoff(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn resolution_is_positive_and_finite() {
        let t = Timer::os();
        assert!(t.resolution_ns() > 0.0 && t.resolution_ns().is_finite());
        assert_eq!(t.info().kind, TimerKind::Os);
    }

    #[test]
    fn elapsed_is_monotonic() {
        let t = Timer::os();
        let s = t.start();
        let a = t.elapsed_ns(s);
        let b = t.elapsed_ns(s);
        assert!(b >= a && a >= 0.0);
    }

    #[test]
    fn os_choice_is_os_without_reason() {
        let t = Timer::from_choice(TimerChoice::Os).unwrap();
        assert_eq!(t.info().kind, TimerKind::Os);
        assert_eq!(t.fallback_reason(), None);
        assert_eq!(t.frequency_hz(), None);
    }

    #[test]
    fn unavailable_counter_falls_back_with_reason() {
        for why in [
            Unavailable::Architecture,
            Unavailable::NoInvariantTscLeaf,
            Unavailable::NotInvariant,
            Unavailable::NoRdtscp,
            Unavailable::CalibrationDiverged,
            Unavailable::NoFrequency,
        ] {
            let t = Timer::best_of(Err(why));
            assert_eq!(t.info().kind, TimerKind::Os);
            assert_eq!(t.fallback_reason(), Some(why.message()));
            let msg = why.message();
            assert!(!msg.is_empty() && !msg.contains('\n'), "one line: {msg}");
            assert!(t.resolution_ns() > 0.0);
        }
    }

    #[test]
    fn available_counter_is_taken_as_is() {
        let fake = Timer::measured(Clock::Os, None);
        let t = Timer::best_of(Ok(fake));
        assert_eq!(t.fallback_reason(), None);
    }

    #[test]
    fn the_real_probe_is_consistent() {
        // No timing asserts: whichever way the probe goes here, the three
        // entry points must agree with it.
        let best = Timer::best();
        match Timer::tsc() {
            Ok(t) => {
                assert_eq!(t.info().kind, TimerKind::Tsc);
                let hz = t.frequency_hz().unwrap();
                assert!(hz.is_finite() && hz > 0.0);
                assert!(t.resolution_ns() > 0.0 && t.resolution_ns().is_finite());
                let s = t.start();
                assert!(t.elapsed_ns(s) >= 0.0);
                assert_eq!(best.fallback_reason(), None);
                assert!(Timer::from_choice(TimerChoice::Tsc).is_ok());
            }
            Err(why) => {
                assert!(!why.is_empty() && !why.contains('\n'), "one line: {why}");
            }
        }
        let auto = Timer::from_choice(TimerChoice::Auto).unwrap();
        assert!(auto.resolution_ns() > 0.0);
    }

    #[test]
    #[should_panic(expected = "different kind of timer")]
    fn mixing_starts_of_different_timers_panics() {
        // Reads only the OS clock, so it runs on any CPU.
        Timer::os().elapsed_ns(Start(StartRead::Ticks(0)));
    }

    #[test]
    fn choice_parses() {
        assert_eq!("os".parse::<TimerChoice>(), Ok(TimerChoice::Os));
        assert_eq!("tsc".parse::<TimerChoice>(), Ok(TimerChoice::Tsc));
        assert_eq!("auto".parse::<TimerChoice>(), Ok(TimerChoice::Auto));
        assert!("rdtsc"
            .parse::<TimerChoice>()
            .unwrap_err()
            .contains("rdtsc"));
        assert_eq!(TimerChoice::default(), TimerChoice::Auto);
    }

    /// Prints this machine's figures; run in release:
    /// `cargo test -p zenbench --lib --release -- timer::tests::report_figures --ignored --nocapture`
    #[test]
    #[ignore = "prints figures, asserts nothing"]
    fn report_figures() {
        #[cfg(target_arch = "x86_64")]
        match counter::check_cpu() {
            Ok(()) => {
                for run in 0..3 {
                    let began = Instant::now();
                    let cal = calibrate::calibrate(counter::read_start);
                    println!(
                        "calibration run {run}: {} attempts in {:.1} ms, estimates (GHz) {:?} -> {:?}",
                        cal.estimates.len(),
                        began.elapsed().as_secs_f64() * 1e3,
                        cal.estimates,
                        cal.ticks_per_ns
                    );
                }
            }
            Err(why) => println!("TSC unusable: {}", why.message()),
        }
        let began = Instant::now();
        let best = Timer::best();
        println!(
            "Timer::best() in {:.1} ms: {:?}, resolution {:.2} ns, frequency {:?} Hz, fallback {:?}",
            began.elapsed().as_secs_f64() * 1e3,
            best.info().kind,
            best.resolution_ns(),
            best.frequency_hz(),
            best.fallback_reason()
        );
        let os = Timer::os();
        println!("Timer::os(): resolution {:.2} ns", os.resolution_ns());
        for (name, t) in [("best", best), ("os", os)] {
            let mut d: Vec<f64> = (0..10_001)
                .map(|_| {
                    let s = t.start();
                    t.elapsed_ns(s)
                })
                .collect();
            d.sort_by(f64::total_cmp);
            let q = |p: f64| d[((d.len() - 1) as f64 * p) as usize];
            println!(
                "back-to-back start/elapsed ({name}): min {:.2}, p10 {:.2}, median {:.2}, p90 {:.2}, p99 {:.2} ns, zeros {}",
                q(0.0),
                q(0.1),
                q(0.5),
                q(0.9),
                q(0.99),
                d.iter().filter(|&&x| x == 0.0).count()
            );
        }
        for (name, t) in [("best", best), ("os", os)] {
            let began = Instant::now();
            let o = measure_loop_overhead(t);
            println!(
                "loop overhead ({name}, {:.1} ms): iter {:.3} ns, with_input {:.3} ns, deferred {:.3} ns",
                began.elapsed().as_secs_f64() * 1e3,
                o.iter_ns,
                o.with_input_ns,
                o.deferred_ns
            );
        }
    }
}
