//! Throughput: what one iteration processes, for bytes/s or elements/s.

/// Throughput of one iteration, used to print bytes/s or elements/s.
///
/// ```
/// let t = zenbench::Throughput::Bytes(4096);
/// assert_eq!(t.count(), 4096);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Throughput {
    /// Bytes processed per iteration.
    Bytes(u64),
    /// Elements (items, records, …) processed per iteration.
    Elements(u64),
}

impl Throughput {
    /// The number of bytes or elements per iteration.
    pub fn count(self) -> u64 {
        match self {
            Throughput::Bytes(n) | Throughput::Elements(n) => n,
        }
    }
}
