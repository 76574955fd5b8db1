//! Planning: filter the definitions, build comparison groups, pick baselines
//! and resolve each group's configuration (defaults < attribute < CLI/env).

use crate::entry::BenchOptions;
use crate::options::Options;
use crate::registry::BenchDef;
use crate::result::GroupConfig;
use std::collections::HashMap;

/// Defaults of a group's configuration.
pub(crate) const DEFAULT_MAX_TIME_S: f64 = 10.0;
pub(crate) const DEFAULT_MIN_ROUNDS: u64 = 30;
pub(crate) const DEFAULT_MAX_ROUNDS: u64 = 1_000_000;
pub(crate) const DEFAULT_NOISE_THRESHOLD: f64 = 0.01;
pub(crate) const DEFAULT_TARGET_PRECISION: f64 = 0.005;
pub(crate) const DEFAULT_SAMPLE_TARGET_NS: f64 = 1e6;

/// A configuration problem found while planning (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlanError(pub String);

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
}

/// Which benches to run and how they are grouped.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub groups: Vec<GroupPlan>,
}

/// Whether `def` is selected by the ignore flags.
pub(crate) fn ignore_selects(def: &BenchDef, opts: &Options) -> bool {
    if opts.include_ignored {
        true
    } else if opts.ignored {
        def.ignore
    } else {
        !def.ignore
    }
}

/// Checks names are unique: two rows with one full name cannot be told apart.
pub(crate) fn check_unique_names(defs: &[BenchDef]) -> Result<(), PlanError> {
    let mut seen: HashMap<&str, &BenchDef> = HashMap::new();
    for d in defs {
        if let Some(prev) = seen.insert(&d.full_name, d) {
            return Err(PlanError(format!(
                "two benchmarks are named `{}` ({} and {}); give one a `name = \"...\"` or a `group`",
                d.full_name,
                location(prev),
                location(d)
            )));
        }
    }
    Ok(())
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
) -> Result<Plan, PlanError> {
    check_unique_names(&defs)?;
    let mut groups: Vec<(String, Vec<BenchDef>)> = Vec::new();
    for d in defs {
        if !ignore_selects(&d, opts) || !selected(&d.full_name) {
            continue;
        }
        match groups.iter_mut().find(|(name, _)| *name == d.group) {
            Some((_, members)) => members.push(d),
            None => groups.push((d.group.clone(), vec![d])),
        }
    }
    let groups = groups
        .into_iter()
        .map(|(name, benches)| group_plan(name, benches, opts))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Plan { groups })
}

fn group_plan(
    name: String,
    benches: Vec<BenchDef>,
    opts: &Options,
) -> Result<GroupPlan, PlanError> {
    let explicit = benches.iter().any(|b| b.explicit_group);
    // The baseline source: the fn marked `baseline`, else the first in source order.
    let mut marked: Vec<&str> = benches
        .iter()
        .filter(|b| b.baseline)
        .map(|b| b.source_name.as_str())
        .collect();
    marked.dedup();
    if marked.len() > 1 {
        return Err(PlanError(format!(
            "group `{name}` has more than one baseline: {}",
            marked
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let baseline_source = marked
        .first()
        .map(|s| s.to_string())
        .unwrap_or_else(|| benches[0].source_name.clone());
    let baseline = benches
        .iter()
        .position(|b| b.source_name == baseline_source)
        .unwrap_or(0);

    let mut comparisons = Vec::new();
    let mut classes = Vec::with_capacity(benches.len());
    let mut class_of_arg: Vec<Option<String>> = Vec::new();
    for (i, b) in benches.iter().enumerate() {
        if explicit {
            // Compared benches share their iteration count: one class per arg value.
            let c = match class_of_arg.iter().position(|a| *a == b.arg) {
                Some(c) => c,
                None => {
                    class_of_arg.push(b.arg.clone());
                    class_of_arg.len() - 1
                }
            };
            classes.push(c);
            if b.source_name != baseline_source {
                if let Some(base) = benches
                    .iter()
                    .position(|x| x.source_name == baseline_source && x.arg == b.arg)
                {
                    comparisons.push((base, i));
                }
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
    })
}

/// defaults < attribute (the first bench of the group that sets a field) < CLI/env.
pub(crate) fn resolve_config(benches: &[BenchDef], opts: &Options) -> GroupConfig {
    fn first<T: Copy>(benches: &[BenchDef], f: impl Fn(&BenchOptions) -> Option<T>) -> Option<T> {
        benches.iter().find_map(|b| f(&b.options))
    }
    let min_rounds = opts
        .min_rounds
        .or(first(benches, |o| o.min_rounds))
        .unwrap_or(DEFAULT_MIN_ROUNDS)
        .max(2);
    let max_rounds = opts
        .max_rounds
        .or(first(benches, |o| o.max_rounds))
        .unwrap_or(DEFAULT_MAX_ROUNDS)
        .max(1);
    GroupConfig {
        max_time_s: opts
            .max_time
            .or(first(benches, |o| o.max_time))
            .unwrap_or(DEFAULT_MAX_TIME_S),
        min_rounds: min_rounds.min(max_rounds),
        max_rounds,
        noise_threshold: opts
            .noise_threshold
            .or(first(benches, |o| o.noise_threshold))
            .unwrap_or(DEFAULT_NOISE_THRESHOLD),
        target_precision: opts
            .target_precision
            .or(first(benches, |o| o.target_precision))
            .unwrap_or(DEFAULT_TARGET_PRECISION),
        sample_target_ns: DEFAULT_SAMPLE_TARGET_NS,
        cache_firewall: opts.cache_firewall
            || first(benches, |o| o.cache_firewall).unwrap_or(false),
        firewall_bytes: None,
        cold_start: first(benches, |o| o.cold_start).unwrap_or(false),
        linear_sampling: first(benches, |o| o.linear_sampling).unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bencher::Bencher;
    use crate::registry::Routine;
    use std::sync::Arc;

    fn def(group: &str, source: &str, arg: Option<&str>, explicit: bool) -> BenchDef {
        let name = match (explicit, arg) {
            (true, Some(a)) => format!("{source}/{a}"),
            (false, Some(a)) => a.to_string(),
            _ => source.to_string(),
        };
        let full_name = if explicit || arg.is_some() {
            format!("{group}/{name}")
        } else {
            name.clone()
        };
        BenchDef {
            name,
            group: group.to_string(),
            full_name,
            explicit_group: explicit,
            source_name: source.to_string(),
            file: "f.rs".into(),
            line: 1,
            column: 1,
            order: 0,
            baseline: false,
            ignore: false,
            arg: arg.map(str::to_string),
            options: BenchOptions::NONE,
            throughput: None,
            routine: Routine::Dynamic(Arc::new(|b: &mut Bencher| b.iter(|| 1))),
        }
    }

    fn all(_: &str) -> bool {
        true
    }

    #[test]
    fn groups_keep_source_order_and_first_is_default_baseline() {
        let defs = vec![
            def("sort", "std", None, true),
            def("x", "x", None, false),
            def("sort", "radix", None, true),
        ];
        let p = plan(defs, &Options::default(), &all).unwrap();
        assert_eq!(
            p.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
            ["sort", "x"]
        );
        let sort = &p.groups[0];
        assert_eq!(sort.baseline, 0);
        assert_eq!(sort.comparisons, [(0, 1)]);
        assert_eq!(sort.classes, [0, 0]);
        assert!(p.groups[1].comparisons.is_empty());
    }

    #[test]
    fn marked_baseline_wins_and_two_baselines_are_an_error() {
        let mut defs = vec![
            def("g", "a", None, true),
            def("g", "b", None, true),
            def("g", "c", None, true),
        ];
        defs[1].baseline = true;
        let p = plan(defs.clone(), &Options::default(), &all).unwrap();
        assert_eq!(p.groups[0].baseline, 1);
        assert_eq!(p.groups[0].comparisons, [(1, 0), (1, 2)]);
        defs[2].baseline = true;
        let err = plan(defs, &Options::default(), &all).unwrap_err();
        assert!(err.0.contains("more than one baseline"), "{}", err.0);
    }

    #[test]
    fn args_group_has_no_comparisons_and_separate_iteration_classes() {
        let defs = vec![
            def("hash", "hash", Some("64"), false),
            def("hash", "hash", Some("4096"), false),
        ];
        let g = &plan(defs, &Options::default(), &all).unwrap().groups[0];
        assert!(g.comparisons.is_empty());
        assert_eq!(g.classes, [0, 1]);
    }

    #[test]
    fn explicit_group_with_args_pairs_rows_of_the_same_arg() {
        let defs = vec![
            def("sort", "std", Some("10"), true),
            def("sort", "std", Some("99"), true),
            def("sort", "radix", Some("10"), true),
            def("sort", "radix", Some("99"), true),
            def("sort", "radix", Some("7"), true),
        ];
        let g = &plan(defs, &Options::default(), &all).unwrap().groups[0];
        assert_eq!(g.comparisons, [(0, 2), (1, 3)]);
        assert_eq!(g.classes, [0, 1, 0, 1, 2]);
    }

    #[test]
    fn filters_and_ignore_flags_select_rows() {
        let mut defs = vec![
            def("a", "a", None, false),
            def("b", "b", None, false),
            def("c", "c", None, false),
        ];
        defs[2].ignore = true;
        let only_b = |n: &str| n == "b";
        let p = plan(defs.clone(), &Options::default(), &only_b).unwrap();
        assert_eq!(p.groups.len(), 1);
        assert_eq!(p.groups[0].name, "b");
        let names = |o: &Options| {
            plan(defs.clone(), o, &all)
                .unwrap()
                .groups
                .iter()
                .map(|g| g.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&Options::default()), ["a", "b"]);
        assert_eq!(
            names(&Options {
                ignored: true,
                ..Options::default()
            }),
            ["c"]
        );
        assert_eq!(
            names(&Options {
                include_ignored: true,
                ..Options::default()
            }),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn duplicate_full_names_are_a_config_error() {
        let defs = vec![def("p", "p", None, false), def("p", "p", None, false)];
        let err = plan(defs, &Options::default(), &all).unwrap_err();
        assert!(err.0.contains("two benchmarks are named `p`"), "{}", err.0);
    }

    #[test]
    fn config_precedence_is_default_then_attribute_then_cli() {
        let mut defs = vec![def("g", "a", None, true), def("g", "b", None, true)];
        let g = &plan(defs.clone(), &Options::default(), &all)
            .unwrap()
            .groups[0];
        assert_eq!(g.config.max_time_s, DEFAULT_MAX_TIME_S);
        assert_eq!(g.config.min_rounds, DEFAULT_MIN_ROUNDS);
        defs[1].options.max_time = Some(2.5);
        defs[1].options.noise_threshold = Some(0.02);
        let g = &plan(defs.clone(), &Options::default(), &all)
            .unwrap()
            .groups[0];
        assert_eq!((g.config.max_time_s, g.config.noise_threshold), (2.5, 0.02));
        let cli = Options {
            max_time: Some(0.5),
            ..Options::default()
        };
        let g = &plan(defs, &cli, &all).unwrap().groups[0];
        assert_eq!((g.config.max_time_s, g.config.noise_threshold), (0.5, 0.02));
    }
}
