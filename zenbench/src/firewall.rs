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
        CacheFirewall::with_bytes(detect_l2_bytes().unwrap_or(DEFAULT_L2_BYTES))
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

/// Size of CPU 0's level-2 data or unified cache, from Linux sysfs.
pub(crate) fn detect_l2_bytes() -> Option<usize> {
    let dir = std::path::Path::new("/sys/devices/system/cpu/cpu0/cache");
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        let read = |f: &str| {
            std::fs::read_to_string(path.join(f))
                .ok()
                .map(|s| s.trim().to_string())
        };
        if read("level").as_deref() == Some("2") && read("type").as_deref() != Some("Instruction") {
            return read("size").as_deref().and_then(parse_size);
        }
    }
    None
}

/// Parses sysfs cache sizes: `512K`, `2M`, `1048576`.
pub(crate) fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim();
    let (digits, mult) = match s.chars().last()? {
        'K' | 'k' => (&s[..s.len() - 1], 1 << 10),
        'M' | 'm' => (&s[..s.len() - 1], 1 << 20),
        'G' | 'g' => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    digits
        .parse::<usize>()
        .ok()
        .map(|n| n * mult)
        .filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sysfs_sizes_parse() {
        assert_eq!(parse_size("512K"), Some(512 * 1024));
        assert_eq!(parse_size("2M\n"), Some(2 << 20));
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("0K"), None);
        assert_eq!(parse_size("lots"), None);
    }

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
        if let Some(l2) = detect_l2_bytes() {
            assert!(
                (16 << 10..=1 << 30).contains(&l2),
                "implausible L2 size {l2}"
            );
        }
    }
}
