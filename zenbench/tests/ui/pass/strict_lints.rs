//! Every bench form compiles without a warning in a crate that forbids unsafe
//! code and denies warnings and missing docs.
#![forbid(unsafe_code)]
#![deny(warnings, missing_docs, unused, nonstandard_style, rust_2018_idioms)]
// Allow-by-default lints that generated code could trip.
#![deny(
    unused_qualifications,
    unused_results,
    unused_lifetimes,
    single_use_lifetimes,
    trivial_casts,
    trivial_numeric_casts,
    unreachable_pub,
    let_underscore_drop,
    missing_debug_implementations,
    elided_lifetimes_in_paths,
    keyword_idents
)]

use zenbench::Bencher;

/// A Debug-only arg type.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// One.
    Square,
    /// Two.
    Circle,
}

/// Plain form.
#[zenbench::bench]
pub fn plain() -> u64 {
    (1..=10u64).sum()
}

/// Bencher form.
#[zenbench::bench(group = "g", baseline, name = "bencher form")]
pub fn with_bencher(b: &mut Bencher) {
    b.iter(|| 1 + 1)
}

/// Args form, every option.
#[zenbench::bench(
    args = [Shape::Square, Shape::Circle],
    group = "g",
    ignore,
    elements = 3,
    max_time = 1,
    min_rounds = 2,
    max_rounds = 20,
    noise_threshold = 0.01,
    target_precision = 0.02,
    cache_firewall = false,
    cold_start,
    linear_sampling,
)]
pub fn shapes(b: &mut Bencher, shape: Shape) {
    b.iter(|| shape)
}

/// Args with a throughput read from an unused-looking `mut` binding.
#[zenbench::bench(args = [1, 2], bytes = n)]
pub fn sized(b: &mut Bencher, mut n: u32) {
    n *= 2;
    b.iter(|| n)
}

const WORDS: u64 = 512;

/// A `u64` throughput expression: the generated `as u64` is a no-op here.
#[zenbench::bench(elements = WORDS, max_time = SECS)]
pub fn words() {}

/// An `f64` const override.
pub const SECS: f64 = 0.25;

fn main() {
    assert_eq!(zenbench::__private::ZENBENCH_ENTRIES.len(), 5);
}
