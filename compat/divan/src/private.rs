//! Paths used by code that `#[divan::bench]` and `#[divan::bench_group]`
//! generate. Not a public API.

pub use zenbench;

use std::time::Duration;

/// divan's Bencher over zenbench's, with the command line's counter
/// (`--bytes-count`, …) as its throughput until the bench sets its own.
pub fn bencher(inner: &mut zenbench::Bencher) -> crate::Bencher<'_, '_> {
    if let Some(t) = crate::divan::global_counter() {
        inner.throughput(t);
    }
    crate::Bencher::new(inner)
}

/// zenbench's throughput for a counter.
pub fn throughput<C: crate::counter::IntoCounter>(counter: C) -> zenbench::Throughput {
    crate::counter::throughput_of(counter)
}

/// A counter already turned into zenbench's throughput: a bench group's
/// counters, evaluated beside the group's module, handed to its benches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fixed(pub zenbench::Throughput);

/// A module path without its crate: `my_bench::parse::small` is
/// `parse::small`, `my_bench` is empty.
pub const fn strip_crate(path: &'static str) -> &'static str {
    let bytes = path.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b':' && bytes[i + 1] == b':' {
            return utf8(bytes.split_at(i + 2).1);
        }
        i += 1;
    }
    ""
}

/// The length of the non-empty `parts` joined by `::`.
pub const fn path_len(parts: &[&str]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < parts.len() {
        if !parts[i].is_empty() {
            if len > 0 {
                len += 2;
            }
            len += parts[i].len();
        }
        i += 1;
    }
    len
}

/// The non-empty `parts` joined by `::`, `N` (= [`path_len`]) bytes.
pub const fn path_bytes<const N: usize>(parts: &[&str]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut at = 0;
    let mut i = 0;
    while i < parts.len() {
        let part = parts[i].as_bytes();
        if !part.is_empty() {
            if at > 0 {
                out[at] = b':';
                out[at + 1] = b':';
                at += 2;
            }
            let mut j = 0;
            while j < part.len() {
                out[at] = part[j];
                at += 1;
                j += 1;
            }
        }
        i += 1;
    }
    out
}

/// `bytes` as a `str`; they are a join of `str`s, so always UTF-8.
pub const fn utf8(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => panic!("divan: a bench name is not UTF-8"),
    }
}

/// divan's times, a `Duration` or a number of seconds, as zenbench's
/// seconds, in `const` code.
pub struct Secs<T>(pub T);

impl Secs<Duration> {
    /// The seconds.
    pub const fn secs(self) -> f64 {
        self.0.as_secs_f64()
    }
}

impl Secs<f64> {
    /// The seconds.
    pub const fn secs(self) -> f64 {
        self.0
    }
}

impl Secs<u64> {
    /// The seconds.
    pub const fn secs(self) -> f64 {
        self.0 as f64
    }
}

impl Secs<u32> {
    /// The seconds.
    pub const fn secs(self) -> f64 {
        self.0 as f64
    }
}

/// `sample_count` as zenbench's round bounds: at least two rounds.
pub const fn rounds(sample_count: u64) -> u64 {
    if sample_count < 2 {
        2
    } else {
        sample_count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_joined_in_const_code() {
        const PARTS: [&str; 2] = [strip_crate("my_bench::parse::inner"), "small"];
        const LEN: usize = path_len(&PARTS);
        const BYTES: [u8; LEN] = path_bytes(&PARTS);
        const NAME: &str = utf8(&BYTES);
        assert_eq!(NAME, "parse::inner::small");
        assert_eq!(strip_crate("my_bench"), "");
        assert_eq!(path_len(&["", "try"]), 3);
        assert_eq!(path_bytes::<3>(&["", "try"]), *b"try");
        assert_eq!(path_len(&["a", "", "b"]), 4);
    }

    #[test]
    fn times_and_rounds() {
        const D: f64 = Secs(Duration::from_millis(1500)).secs();
        assert_eq!(D, 1.5);
        assert_eq!(Secs(3u64).secs(), 3.0);
        assert_eq!(Secs(0.25f64).secs(), 0.25);
        assert_eq!((rounds(0), rounds(1), rounds(7)), (2, 2, 7));
    }
}
