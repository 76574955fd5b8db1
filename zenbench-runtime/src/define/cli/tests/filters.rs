//! Command-line parser tests: filters.

use super::*;

// --- filters ------------------------------------------------------------

fn filter(args: &[&str]) -> Filter {
    compile_filters(&ok(args).selection).unwrap()
}

#[test]
fn no_filter_selects_everything() {
    let f = filter(&[]);
    assert!(f.matches("sort/std_sort"));
    assert!(f.matches(""));
    assert!(Filter::default().matches("anything"));
}

#[test]
fn filters_are_regexes_and_any_match_selects() {
    let f = filter(&["^sort/", "64$"]);
    assert!(f.matches("sort/radix"));
    assert!(f.matches("hash/64"));
    assert!(!f.matches("hash/4096"));
    assert!(!f.matches("resort/x"));
    // Unanchored: a regex matches anywhere in the name.
    let f = filter(&["rad"]);
    assert!(f.matches("sort/radix"));
    assert!(!f.matches("sort/std"));
}

#[test]
fn skip_removes_matches() {
    let f = filter(&["sort", "--skip", "radix", "--skip=std_sort$"]);
    assert!(!f.matches("sort/radix"));
    assert!(!f.matches("sort/std_sort"));
    assert!(f.matches("sort/std_sort_by"));
    assert!(!f.matches("hash/64"));
    // Skip alone: everything but the skipped.
    let f = filter(&["--skip", "^hash/"]);
    assert!(f.matches("sort/radix"));
    assert!(!f.matches("hash/64"));
}

#[test]
fn exact_matches_whole_names_literally_for_filters_and_skip() {
    let f = filter(&["--exact", "sort/radix", "hash/(64)"]);
    assert!(f.matches("sort/radix"));
    assert!(!f.matches("sort/radix2"));
    assert!(!f.matches("xsort/radix"));
    assert!(f.matches("hash/(64)"));
    assert!(!f.matches("hash/64"));
    let f = filter(&["--exact", "--skip", "sort/radix"]);
    assert!(!f.matches("sort/radix"));
    assert!(f.matches("sort/radix2"));
    assert!(f.matches("sort/std"));
}

#[test]
fn invalid_regexes_are_errors_naming_the_regex() {
    assert_eq!(
        err(&["sort", "("]),
        "invalid regex `(` as a FILTER: found open group without closing ')'"
    );
    assert_eq!(
        err(&["--skip", "a[", "x"]),
        "invalid regex `a[` for `--skip`: found unclosed character class"
    );
    // With --exact nothing is a regex.
    assert_eq!(ok(&["--exact", "(", "--skip=["]).selection.filters, ["("]);
    // Options built by hand are checked by compile_filters.
    let opts = set(|o| o.selection.filters = vec!["(".into()]);
    assert_eq!(
        compile_filters(&opts.selection).unwrap_err().to_string(),
        "invalid regex `(` as a FILTER: found open group without closing ')'"
    );
    let opts = set(|o| o.selection.skip = vec!["*".into()]);
    assert!(compile_filters(&opts.selection)
        .unwrap_err()
        .to_string()
        .starts_with("invalid regex `*` for `--skip`: "));
}
