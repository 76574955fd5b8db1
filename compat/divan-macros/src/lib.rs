//! The `#[divan::bench]` and `#[divan::bench_group]` attributes of
//! zenbench-divan. Use them through that crate (as `divan`): everything
//! they generate goes through `divan::__private`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod bench;
mod group;
mod options;
// The attribute crate's "did you mean", shared (both are proc-macro
// crates, which cannot export functions to each other).
#[path = "../../../zenbench-attr/src/suggest.rs"]
mod suggest;

use proc_macro::TokenStream;

/// Registers a fn as a benchmark, with divan's options; see the crate
/// `divan` (package `zenbench-divan`) for what each one means here.
#[proc_macro_attribute]
pub fn bench(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    match bench::bench(attr.into(), item.clone()) {
        Ok(tokens) => tokens.into(),
        Err(err) => {
            // Keep the item, so that its other uses add no errors of their own.
            let err = err.to_compile_error();
            quote::quote!(#err #item).into()
        }
    }
}

/// Makes an inline module's benches one comparison group, with divan's
/// options handed on to each of them.
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
