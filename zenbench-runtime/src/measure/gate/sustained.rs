//! Which conditions last. A condition seen for
//! [`GatePolicy::sustained_after`](super::GatePolicy), the machine busy all
//! the while, is a sustained load, and waiting for it to end is no use.
//!
//! A reading names only the busiest other process, so a sustained process
//! may be missing from a reading or two while another one peaks; it is
//! forgotten only once it has been missing for the sustain time, or when a
//! check finds the machine quiet. Whatever comes after that is new again.

use super::decide::Condition;
use std::time::{Duration, Instant};

/// The conditions being followed: when each was first and last seen.
#[derive(Clone, Debug, Default)]
pub(crate) struct Persistence {
    seen: Vec<Seen>,
}

#[derive(Clone, Copy, Debug)]
struct Seen {
    condition: Condition,
    first: Instant,
    last: Instant,
}

impl Persistence {
    /// Notes the conditions one check saw at `now`. None at all (a quiet
    /// machine) forgets every one; otherwise one missing for `after` is
    /// forgotten, and a new one starts its clock.
    pub(crate) fn observe(&mut self, seen: &[Condition], now: Instant, after: Duration) {
        if seen.is_empty() {
            self.seen.clear();
            return;
        }
        self.seen.retain(|s| {
            seen.contains(&s.condition) || now.saturating_duration_since(s.last) < after
        });
        for &condition in seen {
            match self.seen.iter_mut().find(|s| s.condition == condition) {
                Some(s) => s.last = now,
                None => self.seen.push(Seen {
                    condition,
                    first: now,
                    last: now,
                }),
            }
        }
    }

    /// Whether `c` has been followed for at least `after`, as of `now`.
    pub(crate) fn sustained(&self, c: Condition, now: Instant, after: Duration) -> bool {
        self.seen
            .iter()
            .any(|s| s.condition == c && now.saturating_duration_since(s.first) >= after)
    }
}
