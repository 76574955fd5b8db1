//! The `#[zenbench::bench]` attribute. Use it through the `zenbench` crate:
//! everything it generates goes through `::zenbench::__private`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod args;
mod expand;
#[cfg(test)]
mod fuzzing;
mod group;
mod item;
mod options;
mod suggest;
mod values;

use proc_macro::TokenStream;

/// Registers a fn as a benchmark.
///
/// The fn is kept as written (it can still be called); the attribute adds a
/// registration that `zenbench::main()` finds at run time.
///
/// # Forms
///
/// ```ignore
/// use zenbench::Bencher;
///
/// // The body is the timed routine; its return value is black-boxed.
/// #[zenbench::bench]
/// fn parse_small() -> Config { parse(INPUT) }
///
/// // Full control through the Bencher; code outside the routine is not timed.
/// #[zenbench::bench]
/// fn parse_big(b: &mut Bencher) { let input = big(); b.iter(|| parse(&input)) }
///
/// // One row per arg. The args are evaluated at run time (they need not be
/// // const) with the type of the second parameter, and named by their
/// // `Display` form, or `Debug` when there is no `Display`.
/// #[zenbench::bench(args = [64, 4096, 65536], bytes = len)]
/// fn hash(b: &mut Bencher, len: usize) { let d = vec![7u8; len]; b.iter(|| fxhash(&d)) }
///
/// // Benches sharing a group are compared against the group's baseline.
/// #[zenbench::bench(group = "sort", baseline)]
/// fn std_sort(b: &mut Bencher) { b.with_input(data).run(|mut v| { v.sort(); v }) }
/// ```
///
/// # Options
///
/// | option | meaning |
/// |---|---|
/// | `args = [e1, e2, ...]` | one row per arg; needs `fn f(b: &mut Bencher, arg: T)` |
/// | `args = EXPR` | the same, from any iterable expression (a `const` slice, a `Vec`), evaluated once at run time |
/// | `group = "name"` | benches sharing a group are compared |
/// | `baseline` | this bench is its group's baseline |
/// | `name = "..."` | display name (default: the fn name); `group` and `name` may be `&'static str` constants |
/// | `ignore` | skipped unless `--ignored` / `--include-ignored` |
/// | `bytes = EXPR` / `elements = EXPR` | throughput of one iteration (`EXPR as u64`); may use the arg parameter |
/// | `max_time = SECS` | time budget, seconds |
/// | `min_rounds = N`, `max_rounds = N` | bounds on the number of rounds |
/// | `noise_threshold = F` | changes within ± F count as noise, F in \[0, 1) |
/// | `target_precision = F` | stop once the CI half-width is below F of the mean, F in (0, 1) |
/// | `cache_firewall`, `cold_start`, `linear_sampling` | engine switches; bare means `= true` |
/// | `threads = [1, 2, 4]`, `scaling`, `contended = setup` | thread rows (also `threads = THREADS`, a constant count, list or range), a sweep over the cores, state shared by the threads |
/// | `types = [u8, String]`, `consts = [1, 8]` | one row per type or value of a generic fn, compared with the first; `consts = SIZES` names a constant list of 1 to 20 values |
/// | `complexity = "n log n"` | a Big-O verdict over a ladder of n; needs `fn f(b: &mut Bencher, n: usize)`; ladder options `floor`, `ceiling`, `max_seconds_per_call`, `outer_trials`, `cache = "warm"\|"cold"`, `batch_time`, `warmup_fraction`, `slope_tolerance` |
///
/// A migration crate whose macros expand to this attribute names zenbench
/// through its own re-export with the hidden `crate = path` option.
///
/// Flags (`baseline`, `ignore` and the engine switches) also take
/// `= true` / `= false`. Literal numbers are range-checked at compile time;
/// other expressions are type-checked by the compiler (`f64` for times and
/// fractions, `u64` for rounds).
///
/// # Errors
///
/// Misuse is a compile error pointing at the offending token: an unknown
/// option (with the nearest known one suggested), a duplicate option, a value
/// of the wrong kind or out of range, `bytes` together with `elements`, an
/// empty `args`, and a fn that is not one of the forms above (generic,
/// `async`, `unsafe`, taking `self`, wrong parameters, not a fn at all).
/// `const fn` is accepted.
#[proc_macro_attribute]
pub fn bench(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    match expand::bench(attr.into(), item.clone()) {
        Ok(tokens) => tokens.into(),
        Err(err) => {
            // Keep the item, so that its other uses do not add errors of their own.
            let err = err.to_compile_error();
            quote::quote!(#err #item).into()
        }
    }
}

/// Makes an inline module's benches one comparison group.
///
/// The group is named after the module, or `name = "..."`; every other
/// option (`max_time = 2`, `ignore`, `threads = [1, 2]`, …) is inherited by
/// each `#[zenbench::bench]` in the module (in plain nested modules too)
/// that does not set it itself. A nested `bench_group` is a group of its
/// own and inherits the outer options it does not set.
///
/// ```ignore
/// #[zenbench::bench_group(max_time = 2)]
/// mod sort {
///     use zenbench::Bencher;
///     #[zenbench::bench(baseline)]
///     fn std_sort(b: &mut Bencher) { /* ... */ }
///     #[zenbench::bench]
///     fn unstable(b: &mut Bencher) { /* ... */ }
/// }
/// ```
#[proc_macro_attribute]
pub fn bench_group(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    match group::bench_group(attr.into(), item.clone()) {
        Ok(tokens) => tokens.into(),
        Err(err) => {
            let err = err.to_compile_error();
            quote::quote!(#err #item).into()
        }
    }
}
