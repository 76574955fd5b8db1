//! `--partition count:K/N` / `hash:K/N`: which part of a suite's groups one
//! run measures, so that N machines share a suite and their results are
//! merged again (`zenbench merge`; the book's CI chapter).
//!
//! The unit is a comparison group, never a row: a group's rows are paired
//! with each other, so they run together. `count` deals the groups
//! round-robin in the order they are first met; `hash` gives each group
//! the part its name's hash (FNV-1a, then mixed) falls in, whatever else
//! the suite holds: the same part on every machine, build and version.

use crate::model::result::fnv1a;

/// How `--partition` assigns a group to a part.
///
/// ```
/// use zenbench::{Partition, PartitionHow};
///
/// let p: Partition = "hash:2/3".parse().unwrap();
/// assert_eq!(p.how, PartitionHow::Hash);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PartitionHow {
    /// `count:K/N`: the groups are dealt round-robin in their order (the
    /// first to part 1, the second to part 2, …): even parts, stable while
    /// the suite and the filters are.
    Count,
    /// `hash:K/N`: a group goes to the part its name's hash falls in:
    /// stable whatever is added to or removed from the suite.
    Hash,
}

crate::model::json::json_unit_enums! {
    PartitionHow { Count = "count", Hash = "hash" }
}

impl PartitionHow {
    /// `count` or `hash`.
    ///
    /// ```
    /// assert_eq!(zenbench::PartitionHow::Count.name(), "count");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            PartitionHow::Count => "count",
            PartitionHow::Hash => "hash",
        }
    }
}

/// One part of a partitioned suite (`--partition count:K/N`,
/// `hash:K/N`): part `index` (from 1) of `total`. A result of a
/// partitioned run records it.
///
/// ```
/// use zenbench::{Partition, PartitionHow};
///
/// let p: Partition = "count:1/3".parse().unwrap();
/// assert_eq!((p.how, p.index, p.total), (PartitionHow::Count, 1, 3));
/// assert_eq!(p.to_string(), "count:1/3");
/// // The first, fourth, seventh … group met are part 1's.
/// assert!(p.takes(0, "sort") && !p.takes(1, "hash") && p.takes(3, "parse"));
/// assert_eq!(
///     "count:4/3".parse::<Partition>().unwrap_err(),
///     "part 4 of 3: K is at most N"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Partition {
    /// How groups are assigned to parts.
    pub how: PartitionHow,
    /// This part, from 1 to `total`.
    pub index: u32,
    /// The number of parts, at least 1.
    pub total: u32,
}

crate::model::json::json_structs! {
    Partition { how, index, total }
}

/// What `--partition` takes, in words: the end of every message about a
/// bad value.
const FORM: &str = "expected count:K/N or hash:K/N, 1 <= K <= N (like hash:1/3)";

impl Partition {
    /// Part `index` (from 1) of `total`; the error says what is wrong.
    ///
    /// ```
    /// use zenbench::{Partition, PartitionHow};
    ///
    /// assert!(Partition::new(PartitionHow::Hash, 1, 1).is_ok());
    /// assert_eq!(
    ///     Partition::new(PartitionHow::Hash, 0, 2).unwrap_err(),
    ///     "part 0: K counts from 1"
    /// );
    /// ```
    pub fn new(how: PartitionHow, index: u32, total: u32) -> Result<Partition, String> {
        if total == 0 {
            return Err("N is 0: there is at least one part".to_owned());
        }
        if index == 0 {
            return Err("part 0: K counts from 1".to_owned());
        }
        if index > total {
            return Err(format!("part {index} of {total}: K is at most N"));
        }
        Ok(Partition { how, index, total })
    }

    /// The part (from 1) of the group `name`, the `position`-th (from 0)
    /// distinct group met in the selection's order.
    ///
    /// ```
    /// let p: zenbench::Partition = "hash:1/4".parse().unwrap();
    /// // A hash part depends on the name alone.
    /// assert_eq!(p.part_of(0, "sort"), p.part_of(9, "sort"));
    /// ```
    pub fn part_of(&self, position: usize, name: &str) -> u32 {
        let total = u64::from(self.total);
        let zero_based = match self.how {
            PartitionHow::Count => (position as u64) % total,
            // The hash scaled to 0..N: its high bits pick the part.
            PartitionHow::Hash => {
                ((u128::from(spread(fnv1a(name))) * u128::from(total)) >> 64) as u64
            }
        };
        // Below `total`, a u32.
        zero_based as u32 + 1
    }

    /// Whether this part runs the group `name`, the `position`-th (from 0)
    /// distinct group met.
    pub fn takes(&self, position: usize, name: &str) -> bool {
        self.part_of(position, name) == self.index
    }
}

/// MurmurHash3's 64-bit finaliser: every bit of `h` moves every bit of
/// the result. FNV-1a alone spreads names that differ in their last
/// letters (`bench_1`, `bench_2`) badly over both ends of the hash: its
/// low bits depend only on the bytes' low bits, and its last multiply
/// carries little into the high bits. Parts are the high bits of this.
fn spread(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

impl std::str::FromStr for Partition {
    type Err = String;

    /// `count:K/N` or `hash:K/N` (any case, spaces around the parts
    /// allowed); the error says what is wrong, one line.
    fn from_str(text: &str) -> Result<Partition, String> {
        let Some((how, part)) = text.split_once(':') else {
            return Err(FORM.to_owned());
        };
        let how = match how.trim().to_ascii_lowercase().as_str() {
            "count" => PartitionHow::Count,
            "hash" => PartitionHow::Hash,
            other => {
                return Err(format!(
                    "unknown kind `{}`: {FORM}",
                    crate::model::error::one_line(other)
                ))
            }
        };
        let number = |s: &str| -> Option<u32> {
            let s = s.trim();
            // `+1` parses as a u32; a part is plain digits.
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        };
        let (index, total) = match part.split_once('/') {
            Some((k, n)) => (number(k), number(n)),
            None => (None, None),
        };
        match (index, total) {
            (Some(index), Some(total)) => Partition::new(how, index, total),
            _ => Err(format!("K and N are whole numbers: {FORM}")),
        }
    }
}

impl std::fmt::Display for Partition {
    /// `hash:2/3`: the flag's value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}/{}", self.how.name(), self.index, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Partition {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn the_parser_reads_both_kinds_and_names_every_problem() {
        assert_eq!(
            p("count:2/5"),
            Partition {
                how: PartitionHow::Count,
                index: 2,
                total: 5
            }
        );
        assert_eq!(p(" HASH : 1 / 1 ").how, PartitionHow::Hash);
        assert_eq!(p("hash:3/3").to_string(), "hash:3/3");
        let err = |text: &str| text.parse::<Partition>().unwrap_err();
        assert_eq!(err("count:0/3"), "part 0: K counts from 1");
        assert_eq!(err("count:4/3"), "part 4 of 3: K is at most N");
        assert_eq!(err("hash:1/0"), "N is 0: there is at least one part");
        assert_eq!(err("hash:0/0"), "N is 0: there is at least one part");
        assert!(err("foo:1/2").starts_with("unknown kind `foo`: expected count:K/N"));
        for bad in [
            "",
            "count",
            "count:",
            "count:1",
            "count:1/",
            "count:/3",
            "count:a/3",
            "count:1/b",
            "count:-1/3",
            "count:+1/3",
            "count:1.0/3",
            "count:1/3/4",
            "count:1/99999999999",
        ] {
            let e = err(bad);
            assert!(e.contains("count:K/N or hash:K/N"), "{bad:?}: {e}");
            assert!(!e.contains('\n'));
        }
        assert!(err("1/3").starts_with("expected count:K/N"));
    }

    /// Every position and name is in exactly one part, and `takes` is
    /// that part.
    #[test]
    fn every_group_is_in_exactly_one_part() {
        let names: Vec<String> = (0..60).map(|i| format!("group_{i}")).collect();
        for how in [PartitionHow::Count, PartitionHow::Hash] {
            for total in 1..=7 {
                for (pos, name) in names.iter().enumerate() {
                    let mut owners = 0;
                    for index in 1..=total {
                        let part = Partition::new(how, index, total).unwrap();
                        owners += u32::from(part.takes(pos, name));
                        assert!((1..=total).contains(&part.part_of(pos, name)));
                    }
                    assert_eq!(owners, 1, "{how:?} {total} {name}");
                }
            }
        }
    }

    #[test]
    fn count_deals_round_robin_and_hash_depends_on_the_name_only() {
        let count = p("count:1/3");
        let parts: Vec<u32> = (0..7).map(|i| count.part_of(i, "any")).collect();
        assert_eq!(parts, [1, 2, 3, 1, 2, 3, 1]);
        let hash = p("hash:1/3");
        for name in ["sort", "hash", "a/b", ""] {
            let first = hash.part_of(0, name);
            assert!((0..50).all(|i| hash.part_of(i, name) == first));
        }
        // Pinned: a change of hash moves every group of every CI matrix.
        let four = p("hash:1/4");
        let pinned: Vec<u32> = ["aa", "pair", "sort", "hash", "plain", "slow_ignored"]
            .iter()
            .map(|n| four.part_of(0, n))
            .collect();
        assert_eq!(pinned, PINNED);
    }

    /// The `hash:K/4` parts of the pinned names: a CI matrix relies on a
    /// group staying in its part from one zenbench to the next.
    const PINNED: [u32; 6] = [3, 3, 3, 3, 2, 2];

    #[test]
    fn hash_parts_are_roughly_even() {
        for total in [2u32, 3, 5] {
            let part = Partition::new(PartitionHow::Hash, 1, total).unwrap();
            let mut counts = vec![0u32; total as usize];
            for i in 0..3000 {
                counts[part.part_of(0, &format!("bench_{i}")) as usize - 1] += 1;
            }
            let even = 3000 / total;
            for c in &counts {
                assert!(c.abs_diff(even) < even / 5, "{total}: {counts:?}");
            }
        }
    }

    #[test]
    fn a_result_records_its_partition_as_how_index_total() {
        let mut r = crate::report::fixture::bench_suite();
        let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert!(v.get("partition").is_none(), "absent when not partitioned");
        r.partition = Some(p("hash:2/3"));
        let text = r.to_json();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v["partition"],
            serde_json::json!({"how": "hash", "index": 2, "total": 3})
        );
        let back = crate::model::result::SuiteResult::from_json(&text).unwrap();
        assert_eq!(back.partition, r.partition);
    }
}
