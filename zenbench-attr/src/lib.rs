//! The `#[zenbench::bench]` attribute.

use proc_macro::TokenStream;

/// Registers a benchmark; see the `zenbench` crate docs.
#[proc_macro_attribute]
pub fn bench(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}
