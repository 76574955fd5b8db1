//! Why a run has nothing to run, in one line: a bench target that
//! registered no benchmark, or options that select none of its benchmarks.
//! Said on stderr before an otherwise empty report; the exit code stays 0,
//! as libtest's for a filter that matches no test.

use super::registry::BenchDef;
use crate::model::error::one_line;
use crate::model::options::Selection;
use crate::model::text::joined;

/// The crate name `use NAME as _;` names when the package is unknown.
const SOME_LIB: &str = "your_lib";

/// The line for a run of `defs` under `selection` that selected nothing.
/// `from_registry`: `defs` are the binary's `#[zenbench::bench]`s (not a
/// suite built at run time), so none at all most likely means the linker
/// dropped them. `package` is the bench target's package (`CARGO_PKG_NAME`,
/// set by cargo when it runs the target), whose library is the likely home.
pub(crate) fn nothing_selected(
    defs: &[BenchDef],
    from_registry: bool,
    selection: &Selection,
    package: Option<&str>,
) -> String {
    if defs.is_empty() {
        if !from_registry {
            return "zenbench: this suite has no benchmarks".to_owned();
        }
        let lib = match package.map(str::trim) {
            Some(p) if !p.is_empty() => p.replace('-', "_"),
            _ => SOME_LIB.to_owned(),
        };
        return format!(
            "zenbench: this bench target registered no benchmarks: if they are defined in a \
             library it does not use, the linker dropped them (add `use {lib} as _;` to the \
             target); else a cargo feature or `cfg` compiled them out"
        );
    }
    let mut what = Vec::new();
    match selection.filters.len() {
        0 => {}
        1 => what.push(format!("the filter {}", quoted(&selection.filters))),
        _ => what.push(format!("the filters {}", quoted(&selection.filters))),
    }
    if !selection.skip.is_empty() {
        what.push(format!("--skip {}", quoted(&selection.skip)));
    }
    for (set, flag) in [
        (selection.exact, "--exact"),
        (selection.ignored, "--ignored"),
        (selection.complexity_only, "--complexity-only"),
    ] {
        if set {
            what.push(flag.to_owned());
        }
    }
    let n = defs.len();
    let here = format!(
        "{n} {} in this target",
        if n == 1 { "benchmark" } else { "benchmarks" }
    );
    if !what.is_empty() {
        format!(
            "zenbench: no benchmark matched {} ({here})",
            joined(&what, " and ")
        )
    } else if all_ignored(defs) {
        format!(
            "zenbench: every benchmark is marked `ignore` ({here}); --include-ignored runs them"
        )
    } else {
        format!("zenbench: no benchmark was selected ({here})")
    }
}

/// Each of `v` as a code span, comma separated.
fn quoted(v: &[String]) -> String {
    let mut out = String::new();
    for (i, s) in v.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(&one_line(s));
        out.push('`');
    }
    out
}

fn all_ignored(defs: &[BenchDef]) -> bool {
    for d in defs {
        if !d.ignore {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::define::registry::Suite;

    fn defs(names: &[&str]) -> Vec<BenchDef> {
        let mut s = Suite::new();
        for n in names {
            s.bench(n, |b| b.iter(|| 1));
        }
        s.defs
    }

    fn opts(edit: impl FnOnce(&mut Selection)) -> Selection {
        let mut o = Selection::default();
        edit(&mut o);
        o
    }

    #[test]
    fn no_benchmark_at_all_names_the_likely_cause_and_its_fix() {
        let line = nothing_selected(&[], true, &Selection::default(), Some("my-benches"));
        assert_eq!(
            line,
            "zenbench: this bench target registered no benchmarks: if they are defined in a \
             library it does not use, the linker dropped them (add `use my_benches as _;` to \
             the target); else a cargo feature or `cfg` compiled them out"
        );
        for unknown in [None, Some(""), Some("  ")] {
            let line = nothing_selected(&[], true, &Selection::default(), unknown);
            assert!(line.contains("add `use your_lib as _;`"), "{line}");
        }
        // A suite built at run time has no linker to blame.
        let built = nothing_selected(&[], false, &Selection::default(), Some("x"));
        assert_eq!(built, "zenbench: this suite has no benchmarks");
    }

    #[test]
    fn options_that_select_nothing_are_named() {
        let d = defs(&["parse", "sort"]);
        let line = |o: Selection| nothing_selected(&d, true, &o, None);
        assert_eq!(
            line(opts(|o| o.filters = vec!["pasre".into()])),
            "zenbench: no benchmark matched the filter `pasre` (2 benchmarks in this target)"
        );
        assert_eq!(
            line(opts(|o| {
                o.filters = vec!["a".into(), "b\nc".into()];
                o.skip = vec!["".into()];
                o.exact = true;
            })),
            "zenbench: no benchmark matched the filters `a`, `b\\nc` and --skip `` and --exact \
             (2 benchmarks in this target)"
        );
        assert_eq!(
            line(opts(|o| o.ignored = true)),
            "zenbench: no benchmark matched --ignored (2 benchmarks in this target)"
        );
        assert_eq!(
            line(opts(|o| o.complexity_only = true)),
            "zenbench: no benchmark matched --complexity-only (2 benchmarks in this target)"
        );
        let mut ignored = defs(&["slow"]);
        ignored[0].ignore = true;
        assert_eq!(
            nothing_selected(&ignored, true, &Selection::default(), None),
            "zenbench: every benchmark is marked `ignore` (1 benchmark in this target); \
             --include-ignored runs them"
        );
    }
}
