//! aarch64: the generic timer's virtual count, `cntvct_el0`.
//!
//! Its frequency is architectural: `cntfrq_el0`, set by firmware (fixed at
//! 1 GHz from Armv8.6). Both registers are readable at EL0 on Linux, macOS
//! and Windows, which use the same counter for their own monotonic clocks.
//!
//! An `isb` before a read makes it wait for every earlier instruction (the
//! counter can otherwise be read early, out of order); an `isb` after the
//! start read keeps the routine from beginning before it. The `asm!` blocks
//! leave out `nomem`, so they are compiler barriers as well.

use super::Unavailable;
use core::arch::asm;

/// Nanoseconds per tick from `cntfrq_el0`.
pub(super) fn probe() -> Result<f64, Unavailable> {
    let hz: u64;
    // SAFETY: `mrs` of CNTFRQ_EL0 is permitted at EL0 on the supported
    // OSes (see the module note); it writes only the output register.
    unsafe {
        asm!("mrs {hz}, cntfrq_el0", hz = out(reg) hz, options(nostack, preserves_flags));
    }
    // The register holds a 32-bit frequency; upper bits are reserved.
    let hz = hz & 0xFFFF_FFFF;
    if hz == 0 {
        return Err(Unavailable::NoFrequency);
    }
    Ok(1e9 / hz as f64)
}

/// `isb; mrs cntvct_el0; isb`.
#[inline(always)]
pub(super) fn read_start() -> u64 {
    let t: u64;
    // SAFETY: `isb` has no operands; `mrs` of CNTVCT_EL0 is permitted at
    // EL0 on the supported OSes and writes only the output register.
    unsafe {
        asm!("isb", "mrs {t}, cntvct_el0", "isb", t = out(reg) t, options(nostack, preserves_flags));
    }
    t
}

/// `isb; mrs cntvct_el0`.
#[inline(always)]
pub(super) fn read_stop() -> u64 {
    let t: u64;
    // SAFETY: as in `read_start`.
    unsafe {
        asm!("isb", "mrs {t}, cntvct_el0", t = out(reg) t, options(nostack, preserves_flags));
    }
    t
}
