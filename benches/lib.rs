//! Workloads of the example and validation benchmarks.

/// Least-significant-digit radix sort of `u32`s, one byte per pass.
///
/// ```
/// let mut v = vec![5u32, 1, 4_000_000_000, 3];
/// zenbench_benches::radix_sort(&mut v);
/// assert_eq!(v, [1, 3, 5, 4_000_000_000]);
/// ```
pub fn radix_sort(v: &mut [u32]) {
    let mut buf = vec![0u32; v.len()];
    for shift in [0u32, 8, 16, 24] {
        let mut counts = [0usize; 257];
        for &x in v.iter() {
            counts[((x >> shift) & 0xff) as usize + 1] += 1;
        }
        for i in 1..257 {
            counts[i] += counts[i - 1];
        }
        for &x in v.iter() {
            let slot = &mut counts[((x >> shift) & 0xff) as usize];
            buf[*slot] = x;
            *slot += 1;
        }
        v.copy_from_slice(&buf);
    }
}

/// `n` pseudo-random `u32`s from a fixed seed (xorshift32).
///
/// ```
/// assert_eq!(zenbench_benches::shuffled(3), zenbench_benches::shuffled(3));
/// ```
pub fn shuffled(n: usize) -> Vec<u32> {
    let mut x = 0x1234_5678u32;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        })
        .collect()
}

/// 64-bit FNV-1a of `data`.
///
/// ```
/// assert_eq!(zenbench_benches::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
/// ```
pub fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A multiply-rotate hash taking 8 bytes at a time.
///
/// ```
/// assert_ne!(zenbench_benches::word_hash(b"abcdefgh"), zenbench_benches::word_hash(b"abcdefgi"));
/// ```
pub fn word_hash(data: &[u8]) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64;
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h ^ w).rotate_left(23).wrapping_mul(0x2545_f491_4f6c_dd1d);
    }
    for &b in chunks.remainder() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A parsed `key = value` configuration.
#[derive(Debug, Default, PartialEq)]
pub struct Config {
    pub entries: Vec<(String, String)>,
}

/// Parses `key = value` lines, skipping blanks and `#` comments.
///
/// ```
/// let c = zenbench_benches::parse_config("a = 1\n# x\nb=two\n");
/// assert_eq!(c.entries, [("a".into(), "1".into()), ("b".into(), "two".into())]);
/// ```
pub fn parse_config(text: &str) -> Config {
    let entries = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Config { entries }
}

/// A dependent chain of `n` multiply-rotate steps: cost linear in `n`, and
/// nothing for the optimiser to shorten.
#[inline(never)]
pub fn chain(n: u64) -> u64 {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..n {
        x = std::hint::black_box(x.rotate_left(5) ^ i).wrapping_mul(0x2545_f491_4f6c_dd1d);
    }
    x
}
