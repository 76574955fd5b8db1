//! Complexity benches in the plan: measured over a ladder of input sizes
//! (by the orchestrator, one worker per rung), or smoke-tested once at
//! their floor like any bench.

use super::{resolve_config, GroupPlan};
use crate::define::entry::BenchOptions;
use crate::define::registry::BenchDef;
use crate::model::options::{Mode, Options};
use crate::model::result::GroupConfig;
use crate::model::table::{CacheMode, ComplexityOptions};
use crate::Error;
use zenbench_stats::Model;

/// A complexity bench, ready for its ladder.
#[derive(Debug, Clone)]
pub(crate) struct ComplexityPlan {
    /// The bench (its routine at n = 1; [`ComplexityPlan::rung`] sets n).
    pub def: BenchDef,
    /// The declared model, parsed.
    pub model: Model,
    /// The declared model, as written.
    pub declared: String,
    /// The ladder's settings: default < attribute < environment < flag.
    pub options: ComplexityOptions,
    /// How each rung's samples are taken (the firewall in cold mode).
    pub config: GroupConfig,
}

impl ComplexityPlan {
    /// A group of one: the bench at input size `n`, for an executor.
    pub(crate) fn rung(&self, n: usize) -> GroupPlan {
        GroupPlan {
            name: self.def.group.clone(),
            benches: vec![self.def.at_size(n)],
            baseline: 0,
            comparisons: Vec::new(),
            classes: vec![0],
            config: self.config.clone(),
            row_limits: None,
        }
    }
}

/// The ladder settings of `def`: the command line and environment
/// (`opts.config`) over the attribute over the defaults; a `floor` above
/// the `ceiling` after layering is the caller's error.
pub(crate) fn resolve_options(def: &BenchDef, opts: &Options) -> Result<ComplexityOptions, Error> {
    let o = BenchOptions::resolve_complexity(&[opts.config, def.options]);
    if o.floor > o.ceiling {
        return Err(Error::Config(format!(
            "complexity bench `{}`: its floor ({}) is above its ceiling ({})",
            def.full_name, o.floor, o.ceiling
        )));
    }
    Ok(o)
}

/// Splits the selected rows into ordinary rows and complexity benches. A
/// smoke run (`Mode::Test`) keeps a complexity bench as an ordinary row at
/// its floor: it runs once, like every bench. `--complexity-only` keeps
/// only complexity benches. A model that does not parse is an error.
pub(crate) fn split(
    defs: Vec<BenchDef>,
    opts: &Options,
) -> Result<(Vec<BenchDef>, Vec<ComplexityPlan>), Error> {
    let mut ordinary = Vec::new();
    let mut ladders = Vec::new();
    for d in defs {
        let Some(declared) = d.complexity.clone() else {
            if !opts.selection.complexity_only {
                ordinary.push(d);
            }
            continue;
        };
        let model = Model::parse(&declared)
            .map_err(|why| Error::Config(format!("complexity bench `{}`: {why}", d.full_name)))?;
        let options = resolve_options(&d, opts)?;
        if opts.mode == Mode::Test {
            let floor = usize::try_from(options.floor).unwrap_or(usize::MAX);
            ordinary.push(d.at_size(floor));
            continue;
        }
        let mut config = resolve_config(std::slice::from_ref(&d), opts);
        config.cache_firewall = options.cache == CacheMode::Cold;
        ladders.push(ComplexityPlan {
            def: d,
            model,
            declared,
            options,
            config,
        });
    }
    Ok((ordinary, ladders))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::define::registry::{Routine, Suite};
    use crate::measure::bencher::Bencher;

    fn suite() -> Suite {
        let mut s = Suite::new();
        s.bench("plain", |b| b.iter(|| 1));
        s.complexity(
            "sort",
            "n log n",
            BenchOptions::NONE.floor(8).ceiling(64),
            |b: &mut Bencher, n| b.iter(|| n),
        );
        s
    }

    fn size(d: &BenchDef) -> usize {
        match &d.routine {
            Routine::Sized { n, .. } => *n,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_smoke_run_keeps_a_complexity_bench_as_a_row_at_its_floor() {
        let (rows, ladders) = split(suite().defs, &Options::default()).unwrap();
        assert!(ladders.is_empty());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].full_name, "sort");
        assert_eq!(size(&rows[1]), 8);
    }

    #[test]
    fn a_measured_run_plans_a_ladder_with_flags_over_the_attribute() {
        let mut opts = Options {
            mode: Mode::Bench,
            ..Options::default()
        };
        opts.config = opts.config.ceiling(32).cache(CacheMode::Cold);
        let (rows, ladders) = split(suite().defs, &opts).unwrap();
        assert_eq!(rows.len(), 1);
        let l = &ladders[0];
        assert_eq!((l.model, l.declared.as_str()), (Model::NLogN, "n log n"));
        assert_eq!((l.options.floor, l.options.ceiling), (8, 32));
        assert_eq!(l.options.outer_trials, 1);
        assert!(l.config.cache_firewall, "cold mode evicts the cache");
        assert_eq!(size(&l.rung(16).benches[0]), 16);

        opts.selection.complexity_only = true;
        let (rows, ladders) = split(suite().defs, &opts).unwrap();
        assert!(rows.is_empty());
        assert_eq!(ladders.len(), 1);
    }

    #[test]
    fn a_bad_model_or_a_floor_above_the_ceiling_is_an_error() {
        let mut s = Suite::new();
        s.complexity("f", "n!", BenchOptions::NONE, |b: &mut Bencher, n| {
            b.iter(|| n)
        });
        let err = split(s.defs, &Options::default()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("complexity bench `f`: unknown complexity model"),
            "{err}"
        );
        let mut opts = Options::default();
        opts.config = opts.config.floor(128);
        let err = split(suite().defs, &opts).unwrap_err();
        assert_eq!(
            err.to_string(),
            "complexity bench `sort`: its floor (128) is above its ceiling (64)"
        );
    }
}
