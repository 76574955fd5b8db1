//! The book's code samples, compiled and run as doctests.
//!
//! Each chapter under `book/src/` is the documentation of one empty module
//! below, present only while rustdoc collects doctests, so
//! `cargo test -p zenbench-book` (and `cargo test --workspace`) builds every
//! ```` ```rust ```` block of the book and runs those not marked `no_run`.
//! Blocks in other languages (`sh`, `toml`, `text`, …) are not Rust and are
//! skipped.

/// Runs every `#[zenbench::bench]` of the calling program once, as
/// `cargo test --benches` does (a smoke run: nothing is measured), panics if
/// one of them failed, and returns their full names in report order.
///
/// A sample's hidden `fn main` calls it, so the benches it shows really run.
#[doc(hidden)]
pub fn smoke() -> Vec<String> {
    let result = zenbench::Suite::from_registry()
        .run(&zenbench::Options::default())
        .unwrap_or_else(|e| panic!("the sample's benches do not make a run: {e}"));
    let rows: Vec<_> = result.groups.iter().flat_map(|g| &g.benchmarks).collect();
    let failed: Vec<String> = rows
        .iter()
        .filter(|b| b.failed)
        .map(|b| format!("{}: {}", b.full_name, b.error.as_deref().unwrap_or("")))
        .collect();
    assert!(failed.is_empty(), "failed: {failed:?}");
    rows.iter().map(|b| b.full_name.clone()).collect()
}

/// One empty module per chapter, documented by the chapter's text.
macro_rules! chapters {
    ($($module:ident = $path:literal;)*) => {
        $(
            #[cfg(doctest)]
            #[doc = include_str!($path)]
            pub mod $module {}
        )*
    };
}

chapters! {
    introduction = "../src/introduction.md";
    quickstart = "../src/quickstart.md";
    decides = "../src/decides.md";
    sample = "../src/sample.md";
    threads = "../src/threads.md";
    repetition = "../src/repetition.md";
    complexity = "../src/complexity.md";
    ci = "../src/ci.md";
    reliability = "../src/reliability.md";
    instructions = "../src/instructions.md";
    reports = "../src/reports.md";
    migrating_criterion = "../src/migrating-criterion.md";
    migrating_divan = "../src/migrating-divan.md";
    faq = "../src/faq.md";
    reference_attribute = "../src/reference/attribute.md";
    reference_options = "../src/reference/options.md";
    reference_json = "../src/reference/json.md";
    internals = "../src/internals.md";
}
