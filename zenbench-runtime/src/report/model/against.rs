//! The report model's comparison with a saved baseline: each entry's
//! old and new mean, change, CI and verdict, the counts and the outcome,
//! and the footnote of the entries whose verdict could not have caught a
//! regression of the gate's size.

use super::Time;
use crate::model::result::{Against, AgainstEntry, ChangeVerdict};
use crate::report::format::{fmt_pct, fmt_pct_ci};
use crate::report::words;

/// The comparison with a saved baseline.
pub(crate) struct AgainstView<'a> {
    pub(crate) against: &'a Against,
    /// The baseline's commit, shortened.
    pub(crate) git: Option<String>,
    /// `99% CI`.
    pub(crate) level: String,
    /// The rule it is held to, in words.
    pub(crate) rule: String,
    pub(crate) entries: Vec<EntryRow<'a>>,
    /// Regressions, improved, unchanged, uncertain.
    pub(crate) counts: [usize; 4],
    pub(crate) outcome: Outcome,
    /// The footnote of the entries marked [`MDE_MARK`], marker first, when
    /// there are any: shown once, under the table.
    pub(crate) footnote: Option<String>,
}

/// The marker of an entry whose `unchanged` or `uncertain` could not have
/// told a change of the gate's size from noise (`†` marks the complexity
/// ladder's warm-up rungs).
pub(crate) const MDE_MARK: &str = "‡";

/// An entry of the comparison with a saved baseline.
pub(crate) struct EntryRow<'a> {
    pub(crate) entry: &'a AgainstEntry,
    pub(crate) old: String,
    pub(crate) new: String,
    pub(crate) change: String,
    pub(crate) ci: String,
    /// The verdict's word.
    pub(crate) word: &'static str,
    /// The verdict with why it is uncertain, when within the floor.
    pub(crate) said: String,
    /// The verdict is `unchanged` or `uncertain`, yet the comparison could
    /// not have told a change of the gate's size from noise: its
    /// `min_detectable_pct` is above `max_regression_pct`.
    pub(crate) mde_above_gate: bool,
}

impl EntryRow<'_> {
    /// [`said`](Self::said), then [`MDE_MARK`] when the entry has it.
    pub(crate) fn said_marked(&self) -> String {
        match self.mde_above_gate {
            true => format!("{} {MDE_MARK}", self.said),
            false => self.said.clone(),
        }
    }
}

/// What the comparison with a saved baseline decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Fail,
    NotEnforced,
    Pass,
}

impl Outcome {
    pub(crate) fn words(self) -> &'static str {
        match self {
            Outcome::Fail => "FAIL",
            Outcome::NotEnforced => "not enforced across machines",
            Outcome::Pass => "pass",
        }
    }
}

impl AgainstView<'_> {
    /// `1 regression, 0 improved, 1 unchanged, 0 uncertain`, the
    /// regressions through `loud` when there are any.
    pub(crate) fn counts_words(&self, loud: &dyn Fn(&str) -> String) -> String {
        let [reg, imp, unch, unc] = self.counts;
        let mut regressions = words::count(reg, "regression");
        if reg > 0 {
            regressions = loud(&regressions);
        }
        format!("{regressions}, {imp} improved, {unch} unchanged, {unc} uncertain")
    }

    /// The warning of a baseline from another machine, when it is one.
    pub(crate) fn warning(&self, code: &dyn Fn(&str) -> String) -> Option<String> {
        let a = self.against;
        a.cross_testbed
            .then(|| words::other_machine(&a.testbed_differences, a.enforced, code))
    }
}

impl<'a> AgainstView<'a> {
    /// The comparison with saved baseline `a`, as reports show it.
    pub(crate) fn of(a: &'a Against) -> AgainstView<'a> {
        let mut entries = Vec::with_capacity(a.entries.len());
        let mut wide = Vec::new();
        for e in &a.entries {
            let row = entry_row(e, a.max_regression_pct);
            if row.mde_above_gate {
                wide.extend(e.min_detectable_pct);
            }
            entries.push(row);
        }
        let footnote = (!wide.is_empty()).then(|| {
            let why = words::mde_above_gate(&wide, a.max_regression_pct);
            format!("{MDE_MARK} {why}")
        });
        let counts = [
            a.count(ChangeVerdict::Regression),
            a.count(ChangeVerdict::Improved),
            a.count(ChangeVerdict::Unchanged),
            a.count(ChangeVerdict::Uncertain),
        ];
        let outcome = if a.fails() {
            Outcome::Fail
        } else if counts[0] > 0 {
            Outcome::NotEnforced
        } else {
            Outcome::Pass
        };
        AgainstView {
            against: a,
            git: a.old_git_hash.as_deref().map(super::short_hash),
            level: words::ci_level(a.level),
            rule: words::against_rule(a.level, a.max_regression_pct, a.noise_pct),
            entries,
            counts,
            outcome,
            footnote,
        }
    }
}

/// The row of entry `e` of a comparison whose gate is `gate_pct`
/// (`max_regression_pct`).
pub(super) fn entry_row(e: &AgainstEntry, gate_pct: f64) -> EntryRow<'_> {
    let counted = e.metric == "instructions";
    let value = |x: f64| match counted {
        true => format!("{} instr", crate::report::instructions::fmt_count_f(x)),
        false => Time::saved(x).show(),
    };
    let word = words::change(e.verdict);
    EntryRow {
        entry: e,
        old: value(e.old_mean_ns),
        new: value(e.new_mean_ns),
        change: fmt_pct(e.pct_change),
        ci: match counted {
            true => "exact".to_owned(),
            false => fmt_pct_ci(e.ci_lower_pct, e.ci_upper_pct),
        },
        word,
        said: words::verdict_said(word, e.below_floor),
        mde_above_gate: matches!(
            e.verdict,
            ChangeVerdict::Unchanged | ChangeVerdict::Uncertain
        ) && e.min_detectable_pct.is_some_and(|m| m > gate_pct),
    }
}
