//! Which benchmarks a run selects: FILTERs, `--skip` and `--exact`.

use super::regex::Regex;
use super::values::{shown, Source};
use super::Error;
use crate::model::options::Selection;

/// One FILTER or `--skip` pattern.
#[derive(Clone, Debug)]
enum Pattern {
    /// `--exact`: the whole name, literally.
    Exact(String),
    /// A regex searched anywhere in the name.
    Regex(Regex),
}

impl Pattern {
    fn matches(&self, name: &str) -> bool {
        match self {
            Pattern::Exact(exact) => exact == name,
            Pattern::Regex(regex) => regex.is_match(name),
        }
    }
}

/// Which benchmarks a run selects, from FILTERs, `--skip` and `--exact`.
///
/// A name is selected when there is no FILTER or any FILTER matches, and no
/// `--skip` pattern matches. Patterns are regexes searched anywhere in the
/// name; with `--exact`, both FILTERs and `--skip` patterns must equal the
/// whole name. `Filter::default()` selects everything.
#[derive(Clone, Debug, Default)]
pub(crate) struct Filter {
    include: Vec<Pattern>,
    skip: Vec<Pattern>,
}

impl Filter {
    /// Whether the benchmark named `full_name` (`group/bench`) is selected.
    pub(crate) fn matches(&self, full_name: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|p| p.matches(full_name)))
            && !self.skip.iter().any(|p| p.matches(full_name))
    }
}

/// Compiles the selection's filters and `--skip` patterns (see [`Filter`]).
///
/// An error names the invalid regex. [`parse`] has already checked the
/// patterns, so this fails only for `Options` built by hand.
pub(crate) fn compile_filters(selection: &Selection) -> Result<Filter, Error> {
    compile(selection, &Source::Flag("skip"))
}

pub(super) fn compile(selection: &Selection, skip_src: &Source) -> Result<Filter, Error> {
    let pattern = |text: &String, what: &str| -> Result<Pattern, Error> {
        if selection.exact {
            return Ok(Pattern::Exact(text.clone()));
        }
        Regex::new(text).map(Pattern::Regex).map_err(|err| {
            Error::Usage(format!(
                "invalid regex `{}` {what}: {}",
                shown(text),
                shown(&err.to_string())
            ))
        })
    };
    let skip_what = format!("for {}", skip_src.name());
    let mut include = Vec::with_capacity(selection.filters.len());
    for f in &selection.filters {
        include.push(pattern(f, "as a FILTER")?);
    }
    let mut skip = Vec::with_capacity(selection.skip.len());
    for s in &selection.skip {
        skip.push(pattern(s, &skip_what)?);
    }
    Ok(Filter { include, skip })
}
