//! Planning: filter the definitions, build comparison groups, pick baselines
//! and resolve each group's configuration (defaults < attribute < CLI/env).

use crate::define::entry::BenchOptions;
use crate::define::registry::{BenchDef, ThreadSpec};
use crate::model::options::{Options, Selection};
use crate::model::order::stable_order;
use crate::model::result::GroupConfig;
use crate::model::table::ConfigExtra;
use crate::Error;

mod complexity;
mod partition;
pub(crate) use complexity::{resolve_options as complexity_options, ComplexityPlan};
pub(crate) use partition::Dealer;

/// The time one sample aims at: long enough to read on any clock, short
/// enough for many rounds in a second.
pub(crate) const SAMPLE_TARGET_NS: f64 = 1e6;

/// One comparison group, ready for the engine.
#[derive(Debug, Clone)]
pub(crate) struct GroupPlan {
    pub name: String,
    /// Benches in source order.
    pub benches: Vec<BenchDef>,
    /// Index of the group's baseline in `benches`.
    pub baseline: usize,
    /// Paired comparisons: (baseline index, candidate index).
    pub comparisons: Vec<(usize, usize)>,
    /// Benches with the same class share the iteration count of a round
    /// (compared benches must: their per-round differences are paired).
    pub classes: Vec<usize>,
    pub config: GroupConfig,
    /// Each row's own limits, when every bench keeps its own budget (see
    /// [`GroupPlan::budget_per_row`]); `None`: the group's config for all.
    pub row_limits: Option<Vec<RowLimit>>,
}

/// A row's own limits: it leaves the rounds once it has spent its time or
/// taken its samples, and is not resolved before its minimum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RowLimit {
    pub max_time_s: f64,
    pub min_rounds: u64,
    pub max_rounds: u64,
}

impl GroupPlan {
    /// Gives every row its own limits, resolved from its options as a
    /// group's are (default < attribute < environment < command line), as
    /// divan budgets each benchmark. The group's `config` stays what the
    /// report shows; [`GroupPlan::limits`] are the rows' together.
    pub(crate) fn budget_per_row(&mut self, opts: &Options) {
        let mut limits = Vec::with_capacity(self.benches.len());
        for b in &self.benches {
            let c = resolve_config(std::slice::from_ref(b), opts);
            limits.push(RowLimit {
                max_time_s: c.max_time_s,
                min_rounds: c.min_rounds,
                max_rounds: c.max_rounds,
            });
        }
        self.row_limits = Some(limits).filter(|l| !l.is_empty());
    }

    /// The group's own time budget and round bounds: its config's, or with
    /// rows of their own limits, the rows' summed time and their most and
    /// fewest rounds.
    pub(crate) fn limits(&self) -> RowLimit {
        let c = &self.config;
        let Some(rows) = &self.row_limits else {
            return RowLimit {
                max_time_s: c.max_time_s,
                min_rounds: c.min_rounds,
                max_rounds: c.max_rounds,
            };
        };
        let (mut time, mut most, mut fewest) = (0.0, 1, u64::MAX);
        for r in rows {
            time += r.max_time_s;
            most = most.max(r.max_rounds);
            fewest = fewest.min(r.min_rounds);
        }
        RowLimit {
            max_time_s: time,
            min_rounds: fewest.min(most),
            max_rounds: most,
        }
    }
}

/// Which benches to run and how they are grouped.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub groups: Vec<GroupPlan>,
    /// The complexity benches of a measured run (a smoke run has them
    /// among `groups`, at their floor).
    pub complexity: Vec<ComplexityPlan>,
}

/// Whether `def` is selected by the ignore flags.
pub(crate) fn ignore_selects(def: &BenchDef, selection: &Selection) -> bool {
    if selection.include_ignored {
        true
    } else if selection.ignored {
        def.ignore
    } else {
        !def.ignore
    }
}

/// Checks names are unique: two rows with one full name cannot be told apart.
pub(crate) fn check_unique_names(defs: &[BenchDef]) -> Result<(), Error> {
    let by_name = stable_order(defs.len(), &|a, b| {
        defs[a].full_name.cmp(&defs[b].full_name)
    });
    // The first row whose name an earlier row has, and that earlier row.
    let mut first: Option<(usize, usize)> = None;
    for w in by_name.windows(2) {
        if defs[w[0]].full_name == defs[w[1]].full_name && first.is_none_or(|f| w[1] < f.1) {
            first = Some((w[0], w[1]));
        }
    }
    let Some((prev, d)) = first else {
        return Ok(());
    };
    let (prev, d) = (&defs[prev], &defs[d]);
    Err(Error::Config(format!(
        "two benchmarks are named `{}` ({} and {}); give one a `name = \"...\"` or a `group`",
        d.full_name,
        location(prev),
        location(d)
    )))
}

fn location(d: &BenchDef) -> String {
    if d.file.is_empty() {
        "registered at run time".to_string()
    } else {
        format!("{}:{}:{}", d.file, d.line, d.column)
    }
}

/// Builds the plan from definitions in source order; `selected` is the
/// name filter (positional filters, `--skip`, `--exact`).
pub(crate) fn plan(
    defs: Vec<BenchDef>,
    opts: &Options,
    selected: &dyn Fn(&str) -> bool,
) -> Result<Plan, Error> {
    plan_dealt(
        defs,
        opts,
        selected,
        &mut Dealer::new(opts.selection.partition),
    )
}

/// [`plan`], `dealer` taking this run's part of the groups (`--partition`),
/// dealt after the filters and before the ignore flags (as `--list` deals).
pub(crate) fn plan_dealt(
    defs: Vec<BenchDef>,
    opts: &Options,
    selected: &dyn Fn(&str) -> bool,
    dealer: &mut Dealer,
) -> Result<Plan, Error> {
    let defs = expand_threads(defs, opts.engine.threads.as_deref());
    check_unique_names(&defs)?;
    let mut chosen = Vec::with_capacity(defs.len());
    for d in defs {
        let named =
            selected(&d.full_name) && (!opts.selection.complexity_only || d.complexity.is_some());
        if named && dealer.takes(&d.group) && ignore_selects(&d, &opts.selection) {
            chosen.push(d);
        }
    }
    let (defs, complexity) = complexity::split(chosen, opts)?;
    let mut groups: Vec<(String, Vec<BenchDef>)> = Vec::new();
    'defs: for d in defs {
        for (name, members) in &mut groups {
            if *name == d.group {
                members.push(d);
                continue 'defs;
            }
        }
        groups.push((d.group.clone(), vec![d]));
    }
    let mut plans = Vec::with_capacity(groups.len());
    for (name, benches) in groups {
        plans.push(group_plan(name, benches, opts)?);
    }
    Ok(Plan {
        groups: plans,
        complexity,
    })
}

/// One row per thread count for every bench with `threads` or `scaling`
/// (`--threads` overrides the counts): `t=N` in the fn's own group,
/// `fn/t=N` in a named group, after the arg when there is one.
fn expand_threads(defs: Vec<BenchDef>, threads: Option<&[usize]>) -> Vec<BenchDef> {
    let mut threaded = false;
    for d in &defs {
        threaded |= d.thread_spec.is_some();
    }
    if !threaded {
        return defs;
    }
    let logical = std::thread::available_parallelism().map_or(1, |n| n.get());
    let physical = crate::measure::testbed::physical_core_count().unwrap_or(logical);
    let mut out = Vec::with_capacity(defs.len());
    for d in defs {
        let Some(spec) = d.thread_spec.clone() else {
            out.push(d);
            continue;
        };
        let mut counts: Vec<usize> = match (threads, spec) {
            (Some(list), _) => list.to_vec(),
            (None, ThreadSpec::Counts(list)) => list,
            (None, ThreadSpec::Scaling) => scaling_counts(physical, logical),
        };
        for c in &mut counts {
            if *c == 0 {
                *c = logical;
            }
        }
        // A count given twice (`[0, 1, 2]` on two cores) is one row, at its
        // first place.
        let mut seen = Vec::with_capacity(counts.len());
        counts.retain(|c| {
            let first = !seen.contains(c);
            seen.push(*c);
            first
        });
        for n in counts {
            let mut row = d.clone();
            row.threads = Some(n);
            row.thread_spec = None;
            let t = format!("t={n}");
            row.name = if d.explicit_group || d.arg.is_some() {
                format!("{}/{t}", d.name)
            } else {
                t
            };
            row.full_name = format!("{}/{}", d.group, row.name);
            out.push(row);
        }
    }
    out
}

fn group_plan(name: String, benches: Vec<BenchDef>, opts: &Options) -> Result<GroupPlan, Error> {
    let mut explicit = false;
    // The baseline source: the fn marked `baseline`, else the first in source order.
    let mut marked: Vec<&str> = Vec::new();
    for b in &benches {
        explicit |= b.explicit_group;
        if b.baseline && marked.last() != Some(&b.source_name.as_str()) {
            marked.push(&b.source_name);
        }
    }
    if marked.len() > 1 {
        let mut list = String::new();
        for (k, m) in marked.iter().enumerate() {
            let sep = if k == 0 { "" } else { ", " };
            list += &format!("{sep}`{m}`");
        }
        return Err(Error::Config(format!(
            "group `{name}` has more than one baseline: {list}"
        )));
    }
    let baseline_source = match marked.first() {
        Some(s) => s.to_string(),
        None => benches[0].source_name.clone(),
    };
    let mut baseline = 0;
    for (i, b) in benches.iter().enumerate() {
        if b.source_name == baseline_source {
            baseline = i;
            break;
        }
    }

    let mut comparisons = Vec::new();
    let mut classes = Vec::with_capacity(benches.len());
    let mut class_of_arg: Vec<(Option<String>, Option<usize>)> = Vec::new();
    let mut class_of = |key: (Option<String>, Option<usize>)| {
        for (c, k) in class_of_arg.iter().enumerate() {
            if *k == key {
                return c;
            }
        }
        class_of_arg.push(key);
        class_of_arg.len() - 1
    };
    for (i, b) in benches.iter().enumerate() {
        if explicit {
            // Compared benches share their iteration count: one class per
            // arg value and thread count.
            classes.push(class_of((b.arg.clone(), b.threads)));
            if b.source_name != baseline_source {
                for (base, x) in benches.iter().enumerate() {
                    if x.source_name == baseline_source && x.arg == b.arg && x.threads == b.threads
                    {
                        comparisons.push((base, i));
                        break;
                    }
                }
            }
        } else if b.threads.is_some() {
            // The rows of one thread bench: each count against the fewest
            // threads of the same arg, at the same iterations per thread.
            classes.push(class_of((b.arg.clone(), None)));
            let mut fewest: Option<usize> = None;
            for (j, x) in benches.iter().enumerate() {
                if x.arg == b.arg && fewest.is_none_or(|f| x.threads < benches[f].threads) {
                    fewest = Some(j);
                }
            }
            if let Some(base) = fewest.filter(|&j| j != i) {
                comparisons.push((base, i));
            }
        } else {
            // Rows of one `args` fn measure different inputs: nothing to pair.
            classes.push(i);
        }
    }
    let config = resolve_config(&benches, opts);
    Ok(GroupPlan {
        name,
        benches,
        baseline,
        comparisons,
        classes,
        config,
        row_limits: None,
    })
}

/// default < attribute (the first bench of the group that sets a field) <
/// environment < command line (`opts.config` holds those two, flag first).
pub(crate) fn resolve_config(benches: &[BenchDef], opts: &Options) -> GroupConfig {
    let mut attribute = BenchOptions::NONE;
    for b in benches {
        attribute = attribute.or(b.options);
    }
    let extra = ConfigExtra {
        sample_target_ns: SAMPLE_TARGET_NS,
        firewall_bytes: None,
    };
    let mut config = BenchOptions::resolve(&[opts.config, attribute], extra);
    // Each layer is checked on its own; between layers (`--max-rounds 5`
    // over an attribute's `min_rounds = 10`) the cap wins.
    config.min_rounds = config.min_rounds.min(config.max_rounds);
    config
}

/// The thread counts of a scaling sweep on a machine with `physical` cores
/// and `logical` hardware threads: 1, 2, 4, … up to the physical count, plus
/// the physical and the logical counts where they are not powers of two.
fn scaling_counts(physical: usize, logical: usize) -> Vec<usize> {
    let physical = physical.max(1);
    let logical = logical.max(physical);
    let mut counts = Vec::new();
    let mut n = 1;
    while n <= physical {
        counts.push(n);
        n *= 2;
    }
    for extra in [physical, logical] {
        if !counts.contains(&extra) {
            counts.push(extra);
        }
    }
    counts
}

#[cfg(test)]
mod tests;
