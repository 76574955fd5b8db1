//! x86_64: the time-stamp counter.
//!
//! Used only when CPUID reports an *invariant* TSC (constant rate in every
//! P-, C- and T-state, CPUID 0x8000_0007 EDX bit 8) and RDTSCP; its
//! frequency is calibrated against `Instant` (see `calibrate`).
//!
//! Read sequences (Intel SDM vol. 2, RDTSC/RDTSCP; AMD APM vol. 3):
//! - start: `lfence; rdtsc; lfence`. The first LFENCE makes RDTSC wait until
//!   every earlier instruction has completed locally; the second keeps later
//!   instructions (the routine) from starting before the counter is read.
//! - stop: `rdtscp; lfence`. RDTSCP itself waits for every earlier
//!   instruction (the routine) to execute; the LFENCE keeps later
//!   instructions from starting before the read.
//!
//! On AMD, LFENCE is dispatch-serialising when the OS sets MSR C001_1029[1],
//! which Linux, Windows and the BSDs do as a Spectre v1 mitigation.
//! A process that disabled user-mode RDTSC (`prctl(PR_SET_TSC)`) is not
//! supported.

use super::calibrate::calibrate;
use super::Unavailable;
use core::arch::x86_64::{__cpuid, __rdtscp, _mm_lfence, _rdtsc};

/// Checks the CPU, then calibrates: nanoseconds per tick.
pub(super) fn probe() -> Result<f64, Unavailable> {
    check_cpu()?;
    calibrate(read_start)
        .ticks_per_ns
        .map(|f| 1.0 / f)
        .ok_or(Unavailable::CalibrationDiverged)
}

/// Invariant TSC and RDTSCP, per CPUID.
pub(super) fn check_cpu() -> Result<(), Unavailable> {
    let max_extended = cpuid(0x8000_0000).eax;
    if max_extended < 0x8000_0007 {
        return Err(Unavailable::NoInvariantTscLeaf);
    }
    if cpuid(0x8000_0007).edx & (1 << 8) == 0 {
        return Err(Unavailable::NotInvariant);
    }
    if cpuid(0x8000_0001).edx & (1 << 27) == 0 {
        return Err(Unavailable::NoRdtscp);
    }
    Ok(())
}

fn cpuid(leaf: u32) -> core::arch::x86_64::CpuidResult {
    // `__cpuid` is an `unsafe fn` up to Rust 1.8x and safe after: keep the
    // block for the MSRV (1.89) without a warning on newer compilers.
    #[allow(unused_unsafe)]
    // SAFETY: CPUID exists on every x86_64 CPU and only writes the four
    // result registers; leaves at or below the maximum (0x8000_0000 is
    // always valid, later ones are checked against it) are defined.
    unsafe {
        __cpuid(leaf)
    }
}

/// `lfence; rdtsc; lfence`.
#[inline(always)]
pub(super) fn read_start() -> u64 {
    // SAFETY: LFENCE needs SSE2, part of the x86_64 baseline; RDTSC exists
    // on every x86_64 CPU (user mode may read it: see the module note).
    // Neither touches memory nor has preconditions.
    unsafe {
        _mm_lfence();
        let t = _rdtsc();
        _mm_lfence();
        t
    }
}

/// `rdtscp; lfence`.
#[inline(always)]
pub(super) fn read_stop() -> u64 {
    let mut aux = 0u32;
    // SAFETY: RDTSCP's support was checked by `check_cpu` before any timer
    // that calls this was built; `aux` is a valid, writable local for the
    // processor id it stores. LFENCE needs only the SSE2 baseline.
    unsafe {
        let t = __rdtscp(&mut aux);
        _mm_lfence();
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_reads_do_not_go_backwards_on_one_thread() {
        // Only when the CPU vouches for the counter (an invariant TSC is
        // kept in step across cores by the OS); ordering, not timing.
        if check_cpu().is_ok() {
            let a = read_start();
            let b = read_stop();
            let c = read_start();
            assert!(a <= b && b <= c, "reads {a} {b} {c}");
        }
    }
}
