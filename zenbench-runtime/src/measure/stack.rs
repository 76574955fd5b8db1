//! Stack-alignment jitter: run each sample at a random stack depth.
//!
//! Where a routine's locals land relative to cache-line and page boundaries
//! depends on the stack depth it is called at; one lucky (or unlucky) offset
//! can make one of two identical functions look faster for a whole run. The
//! engine calls every sample through [`at_offset`] with a fresh random
//! offset in `0..MAX_OFFSET`, so that effect averages out instead of
//! deciding a comparison. Safe code only: the offset is built from nested
//! calls with fixed-size, black-boxed frames.

use std::hint::black_box;

/// Offsets are drawn from `0..MAX_OFFSET` bytes.
pub(crate) const MAX_OFFSET: usize = 4096;
/// Size of one coarse trampoline frame's padding.
const COARSE: usize = 256;
/// Granularity of the fine padding (the x86-64 and AArch64 stack alignment).
const FINE: usize = 16;

/// Calls `f` with roughly `offset` extra bytes of stack below the caller
/// (multiples of 16 bytes; the exact frame overhead is the compiler's).
pub(crate) fn at_offset<R>(offset: usize, f: &mut dyn FnMut() -> R) -> R {
    let offset = offset % MAX_OFFSET;
    coarse(offset / COARSE, (offset % COARSE) / FINE, f)
}

#[inline(never)]
fn coarse<R>(levels: usize, fine_steps: usize, f: &mut dyn FnMut() -> R) -> R {
    let pad = [0u8; COARSE];
    black_box(&pad);
    let r = if levels == 0 {
        fine(fine_steps, f)
    } else {
        coarse(levels - 1, fine_steps, f)
    };
    // Using `pad` after the call keeps this frame (and its padding) alive:
    // no tail call, no frame merging.
    black_box(&pad);
    r
}

fn fine<R>(steps: usize, f: &mut dyn FnMut() -> R) -> R {
    match steps {
        0 => padded::<0, R>(f),
        1 => padded::<16, R>(f),
        2 => padded::<32, R>(f),
        3 => padded::<48, R>(f),
        4 => padded::<64, R>(f),
        5 => padded::<80, R>(f),
        6 => padded::<96, R>(f),
        7 => padded::<112, R>(f),
        8 => padded::<128, R>(f),
        9 => padded::<144, R>(f),
        10 => padded::<160, R>(f),
        11 => padded::<176, R>(f),
        12 => padded::<192, R>(f),
        13 => padded::<208, R>(f),
        14 => padded::<224, R>(f),
        _ => padded::<240, R>(f),
    }
}

#[inline(never)]
fn padded<const N: usize, R>(f: &mut dyn FnMut() -> R) -> R {
    let pad = [0u8; N];
    black_box(&pad);
    let r = f();
    black_box(&pad);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local_address() -> usize {
        let x = 0u8;
        black_box(&x) as *const u8 as usize
    }

    #[test]
    fn deeper_offsets_move_the_callee_stack_down() {
        let addr = |off| at_offset(off, &mut local_address);
        let base = addr(0);
        let far = addr(MAX_OFFSET - FINE);
        // The stack grows down on every platform we support.
        assert!(base > far, "{base:#x} vs {far:#x}");
        let spread = base - far;
        assert!(
            spread >= MAX_OFFSET * 3 / 4,
            "offsets span only {spread} bytes"
        );
        // Fine steps give distinct addresses too.
        let fine: std::collections::BTreeSet<usize> = (0..16).map(|s| addr(s * FINE)).collect();
        assert!(
            fine.len() >= 8,
            "fine padding barely moves the stack: {fine:?}"
        );
    }

    #[test]
    fn result_is_passed_through() {
        let mut calls = 0;
        let r = at_offset(1234, &mut || {
            calls += 1;
            41 + 1
        });
        assert_eq!((r, calls), (42, 1));
    }
}
