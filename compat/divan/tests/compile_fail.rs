//! divan-style misuse is a compile error pointing at the offending token
//! (`tests/ui/*.rs`, expected output in the `.stderr` beside each), and the
//! accepted forms compile cleanly under strict lints (`tests/ui/pass`).
//!
//! Regenerate the expected output with `TRYBUILD=overwrite`, then read it.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
