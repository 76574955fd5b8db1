//! Cache firewall: between samples, touch a buffer the size of the L2 cache
//! so each sample starts with the benchmark's data evicted.
//!
//! Without it, every sample after the first finds its inputs hot in cache,
//! which is right for a routine called in a tight loop and wrong for one
//! called now and then. The firewall is off by default (`cache_firewall`
//! option, `--cache-firewall`).

use std::hint::black_box;

/// Used when the L2 size cannot be read from the system.
pub(crate) const DEFAULT_L2_BYTES: usize = 2 << 20;
const LINE: usize = 64;

/// A buffer that evicts the L2 when swept.
pub(crate) struct CacheFirewall {
    buf: Vec<u64>,
    bytes: usize,
}

impl CacheFirewall {
    /// A firewall sized to this machine's L2 (or [`DEFAULT_L2_BYTES`]).
    pub(crate) fn for_this_machine() -> CacheFirewall {
        let l2 = crate::measure::testbed::cache_bytes(2).map(|b| b as usize);
        CacheFirewall::with_bytes(l2.unwrap_or(DEFAULT_L2_BYTES))
    }

    /// A firewall sweeping `bytes` bytes (at least one cache line).
    pub(crate) fn with_bytes(bytes: usize) -> CacheFirewall {
        let bytes = bytes.max(LINE);
        CacheFirewall {
            buf: vec![0u64; bytes / 8],
            bytes,
        }
    }

    /// Bytes swept per flush.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// Writes then reads one word in every cache line of the buffer, so its
    /// lines displace whatever the L2 held (modified lines, not just shared).
    pub(crate) fn flush(&mut self) {
        let step = LINE / 8;
        for w in self.buf.iter_mut().step_by(step) {
            *w = w.wrapping_add(1);
        }
        let mut sum = 0u64;
        for w in self.buf.iter().step_by(step) {
            sum = sum.wrapping_add(*w);
        }
        black_box(sum);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flush_touches_every_cache_line_each_time() {
        let mut fw = CacheFirewall::with_bytes(64 * 100);
        fw.flush();
        fw.flush();
        let touched: Vec<u64> = fw.buf.iter().step_by(8).copied().collect();
        assert_eq!(touched.len(), 100);
        assert!(
            touched.iter().all(|&w| w == 2),
            "every line written on every flush"
        );
        assert!(
            fw.buf
                .iter()
                .enumerate()
                .all(|(i, &w)| i % 8 == 0 || w == 0),
            "one word per line"
        );
    }

    #[test]
    fn machine_firewall_is_at_least_a_line() {
        let fw = CacheFirewall::for_this_machine();
        assert!(fw.bytes() >= 64);
        if let Some(l2) = crate::measure::testbed::cache_bytes(2) {
            assert!(
                (16 << 10..=1 << 30).contains(&l2),
                "implausible L2 size {l2}"
            );
        }
    }
}
