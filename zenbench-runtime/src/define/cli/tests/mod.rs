//! Unit tests of the command-line parser: shared helpers here, the cases
//! by topic in the submodules.

pub(super) use super::flags::edit_distance;
pub(super) use super::*;
use crate::model::options::ColorChoice;
use crate::model::table::BenchOptions;

pub(super) fn no_env(_: &str) -> Option<String> {
    None
}

pub(super) fn ok(args: &[&str]) -> Options {
    parse(args, &no_env).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

pub(super) fn err(args: &[&str]) -> String {
    match parse(args, &no_env) {
        Ok(opts) => panic!("{args:?} parsed: {opts:?}"),
        Err(e) => e.to_string(),
    }
}

pub(super) fn with_env(args: &[&str], vars: &[(&str, &str)]) -> Result<Options, Error> {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    parse(args, &lookup)
}

pub(super) fn env_ok(args: &[&str], vars: &[(&str, &str)]) -> Options {
    with_env(args, vars).unwrap_or_else(|e| panic!("{args:?} {vars:?}: {e}"))
}

pub(super) fn env_err(args: &[&str], vars: &[(&str, &str)]) -> String {
    with_env(args, vars).unwrap_err().to_string()
}

pub(super) fn d() -> Options {
    Options::default()
}

/// The defaults with one edit: `set(|o| o.output.quiet = true)`.
pub(super) fn set(edit: impl FnOnce(&mut Options)) -> Options {
    let mut opts = d();
    edit(&mut opts);
    opts
}

mod env;
mod filters;
mod flags;
mod regex;
mod runs;
mod table;
