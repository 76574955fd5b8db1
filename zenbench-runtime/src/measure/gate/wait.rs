//! The gate itself: takes readings at most every [`READING_INTERVAL`] and
//! waits, boundedly, for a quiet machine.

use super::decide::{reasons, Condition, Decision, GatePolicy, WaitReason};
use super::readings::{Readings, READING_INTERVAL};
use super::sustained::Persistence;
use super::Probe;
use std::time::{Duration, Instant};

/// What the engine asks before each measured round: hold it back while the
/// machine is busy, boundedly, and say what was done.
pub(crate) trait RoundGate {
    fn before_round(&mut self) -> GateOutcome;
}

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
    /// The sustained load the round goes ahead under, if any: one that
    /// lasted [`GatePolicy::sustained_after`], so it is measured through.
    pub through: Option<WaitReason>,
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
    /// Rounds that went ahead under a sustained load, not waiting for it.
    pub rounds_under_load: u64,
    /// The most recent sustained load measured through.
    pub sustained_load: Option<WaitReason>,
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
        if outcome.through.is_some() {
            self.rounds_under_load += 1;
            self.sustained_load.clone_from(&outcome.through);
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
    /// How long each condition seen has lasted.
    persistence: Persistence,
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
            persistence: Persistence::default(),
            stats: GateStats::default(),
            policy,
        };
        if gate.policy.enabled {
            gate.read();
        }
        gate
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

    /// A gate for `policy` whose readings are `readings` until a test sets
    /// others: it reads nothing from the machine.
    #[cfg(test)]
    pub(crate) fn with_readings(policy: GatePolicy, readings: Readings) -> Gate {
        Gate {
            probe: None,
            last_reading: None,
            readings,
            persistence: Persistence::default(),
            stats: GateStats::default(),
            policy,
        }
    }

    /// Replaces the readings of a gate from [`Gate::with_readings`].
    #[cfg(test)]
    pub(crate) fn set_readings(&mut self, readings: Readings) {
        self.readings = readings;
    }

    /// Whether a round may start now. Takes a new reading when the last is
    /// older than [`READING_INTERVAL`], otherwise decides on the cached one.
    ///
    /// Of the [`reasons`] to wait, one whose condition has lasted
    /// [`GatePolicy::sustained_after`] no longer holds a round back: waiting
    /// would not end it, and the rounds' pairing cancels what it does to
    /// both arms. Such a round goes [`Decision::Through`] the load; any
    /// other reason still waits.
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
        let now = Instant::now();
        let all = reasons(&self.readings, &self.policy);
        let seen: Vec<Condition> = all.iter().map(WaitReason::condition).collect();
        let after = self.policy.sustained_after;
        self.persistence.observe(&seen, now, after);
        let (lasting, fresh): (Vec<WaitReason>, Vec<WaitReason>) = all
            .into_iter()
            .partition(|r| self.persistence.sustained(r.condition(), now, after));
        match (fresh.into_iter().next(), lasting.into_iter().next()) {
            (Some(reason), _) => Decision::Wait(reason),
            (None, Some(reason)) => Decision::Through(reason),
            (None, None) => Decision::Proceed,
        }
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
                Decision::Through(reason) => {
                    outcome.through = Some(reason);
                    break;
                }
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

impl RoundGate for Gate {
    /// [`Gate::wait_for_quiet`] for the policy's `max_wait_per_round`.
    fn before_round(&mut self) -> GateOutcome {
        self.wait_for_quiet(self.policy.max_wait_per_round)
    }
}
