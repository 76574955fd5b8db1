//! `--partition`: which of the selected groups this run takes. Groups are
//! dealt in the order they are first met (for `count:K/N`), whatever the
//! ignore flags then keep, so that `--list` (which shows ignored benches)
//! and the run agree on every group's part.

use crate::model::partition::Partition;
use std::collections::HashMap;

/// Deals groups to parts as they are met: each new group name takes the
/// next position.
#[derive(Debug, Default)]
pub(crate) struct Dealer {
    partition: Option<Partition>,
    /// Each group met, and whether this part takes it.
    met: HashMap<String, bool>,
}

impl Dealer {
    /// A dealer of `partition`'s share; `None` takes every group.
    pub(crate) fn new(partition: Option<Partition>) -> Dealer {
        Dealer {
            partition,
            met: HashMap::new(),
        }
    }

    /// Whether this part takes the group `name` (a group met before keeps
    /// its answer).
    pub(crate) fn takes(&mut self, name: &str) -> bool {
        let Some(partition) = self.partition else {
            return true;
        };
        if let Some(&taken) = self.met.get(name) {
            return taken;
        }
        let taken = partition.takes(self.met.len(), name);
        self.met.insert(name.to_owned(), taken);
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_keeps_its_part_and_positions_count_distinct_groups() {
        let mut d = Dealer::new(Some("count:2/2".parse().unwrap()));
        let taken: Vec<bool> = ["a", "a", "b", "a", "c", "b", "d"]
            .iter()
            .map(|g| d.takes(g))
            .collect();
        // a: position 0 (part 1), b: 1 (part 2), c: 2 (part 1), d: 3 (part 2).
        assert_eq!(taken, [false, false, true, false, false, true, true]);
        let mut all = Dealer::new(None);
        assert!(["a", "b"].iter().all(|g| all.takes(g)));
    }
}
