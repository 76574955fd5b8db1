//! The gate itself: takes readings at most every [`READING_INTERVAL`] and
//! waits, boundedly, for a quiet machine.

use super::decide::{decide, Decision, GatePolicy, WaitReason};
use super::readings::{Readings, READING_INTERVAL};
use super::Probe;
use std::time::{Duration, Instant};

/// What one [`Gate::wait_for_quiet`] did.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct GateOutcome {
    /// Time spent waiting (zero when the machine was quiet at once).
    pub waited: Duration,
    /// Sleeps taken (zero when the machine was quiet at once).
    pub waits: u32,
    /// The last reason to wait, if there was one.
    pub last_reason: Option<WaitReason>,
    /// `false` when the wait ran out and the round goes ahead on a busy machine.
    pub quiet: bool,
}

/// Totals over several waits: a group's (for its result) or the whole run's.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct GateStats {
    /// Calls of [`Gate::check`] (including those inside waits).
    pub checks: u64,
    /// Readings actually taken from the system.
    pub readings: u64,
    /// Rounds held back at least once.
    pub rounds_delayed: u64,
    /// Rounds that went ahead on a busy machine because the wait ran out.
    pub rounds_not_quiet: u64,
    /// Sleeps taken over the run.
    pub waits: u64,
    /// Time spent waiting over the run.
    pub waited: Duration,
    /// The most recent reason to wait.
    pub last_reason: Option<WaitReason>,
}

impl GateStats {
    /// Adds one [`Gate::wait_for_quiet`] to the totals.
    pub(crate) fn record(&mut self, outcome: &GateOutcome) {
        if outcome.waits > 0 || !outcome.quiet {
            self.rounds_delayed += 1;
            self.waits += u64::from(outcome.waits);
            self.waited += outcome.waited;
            self.last_reason.clone_from(&outcome.last_reason);
        }
        if !outcome.quiet {
            self.rounds_not_quiet += 1;
        }
    }
}

/// Reads the machine and gates rounds. One per run.
pub(crate) struct Gate {
    policy: GatePolicy,
    /// `None` while the gate is disabled.
    pub(super) probe: Option<Probe>,
    last_reading: Option<Instant>,
    readings: Readings,
    stats: GateStats,
}

impl Gate {
    /// A gate for `policy`. When enabled, it takes a first reading (which
    /// starts the first CPU window; a disabled gate reads nothing).
    pub(crate) fn new(policy: GatePolicy) -> Gate {
        let mut gate = Gate {
            probe: policy.enabled.then(Probe::new),
            last_reading: None,
            readings: Readings::default(),
            stats: GateStats::default(),
            policy,
        };
        if gate.policy.enabled {
            gate.read();
        }
        gate
    }

    /// The policy in force.
    pub(crate) fn policy(&self) -> &GatePolicy {
        &self.policy
    }

    /// The latest readings.
    #[cfg(test)]
    pub(crate) fn readings(&self) -> &Readings {
        &self.readings
    }

    /// Totals so far.
    #[cfg(test)]
    pub(crate) fn stats(&self) -> &GateStats {
        &self.stats
    }

    /// Whether a round may start now. Takes a new reading when the last is
    /// older than [`READING_INTERVAL`], otherwise decides on the cached one.
    pub(crate) fn check(&mut self) -> Decision {
        if !self.policy.enabled {
            return Decision::Proceed;
        }
        self.stats.checks += 1;
        if self
            .last_reading
            .is_none_or(|t| t.elapsed() >= READING_INTERVAL)
        {
            self.read();
        }
        decide(&self.readings, &self.policy)
    }

    /// Waits, in sleeps of `policy.poll`, until [`check`](Gate::check)
    /// proceeds or `max_wait` (further bounded by what is left of
    /// `policy.max_total_wait`) has passed. Returns at once when the machine
    /// is quiet or the gate is disabled.
    pub(crate) fn wait_for_quiet(&mut self, max_wait: Duration) -> GateOutcome {
        let mut outcome = GateOutcome {
            quiet: true,
            ..GateOutcome::default()
        };
        if !self.policy.enabled {
            return outcome;
        }
        let budget = max_wait.min(self.policy.max_total_wait.saturating_sub(self.stats.waited));
        let start = Instant::now();
        loop {
            let reason = match self.check() {
                Decision::Proceed => break,
                Decision::Wait(reason) => reason,
            };
            outcome.last_reason = Some(reason);
            let elapsed = start.elapsed();
            // A non-zero budget always gets one sleep, however slowly we ran.
            if elapsed >= budget && (outcome.waits > 0 || budget.is_zero()) {
                outcome.quiet = false;
                break;
            }
            outcome.waits += 1;
            std::thread::sleep(self.policy.poll.min(budget.saturating_sub(elapsed)));
        }
        if outcome.waits > 0 || !outcome.quiet {
            outcome.waited = start.elapsed();
        }
        self.stats.record(&outcome);
        outcome
    }

    /// Refreshes what the decision reads, and nothing else.
    fn read(&mut self) {
        self.stats.readings += 1;
        self.last_reading = Some(Instant::now());
        if let Some(probe) = &mut self.probe {
            probe.read(&mut self.readings);
        }
    }
}
