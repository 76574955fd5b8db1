//! The fns an `args` bench's registration calls: `__zenbench_arg(index)`
//! (the arg for the fn's parameter) and `__zenbench_arg_names()` (a row
//! name per arg).

use crate::expand::first_span;
use proc_macro2::{Literal, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::Ident;

/// `__zenbench_arg(index)` and `__zenbench_arg_names()` for args written
/// out: a `match` of the expressions, each checked against the parameter's
/// type on its own.
pub(crate) fn listed_arg_fns(
    krate: &TokenStream,
    name: &TokenStream,
    ty: &syn::Type,
    exprs: &[syn::Expr],
    index: &Ident,
) -> TokenStream {
    let n = exprs.len();
    let arms = exprs.iter().enumerate().map(|(i, e)| {
        let i = Literal::usize_unsuffixed(i);
        // `return` checks each arg against the parameter's type on its
        // own: a mismatch names the parameter's type.
        quote!(#i => return #e,)
    });
    // Spanned at the arg type: a type with neither Display nor Debug is
    // reported there.
    let ty_span = first_span(ty);
    let arg_name = quote_spanned! {ty_span=>
        (&&#krate::__private::ArgName(&__zenbench_arg(#index))).zenbench_arg_name()
    };
    quote! {
        fn __zenbench_arg(#index: usize) -> #ty {
            match #index {
                #(#arms)*
                _ => ::core::panic!(
                    "zenbench: bench `{}` has {} args; there is no arg {}",
                    #name, #n, #index
                ),
            }
        }
        fn __zenbench_arg_names() -> ::std::vec::Vec<::std::string::String> {
            #[allow(unused_imports)]
            use #krate::__private::{ArgNameDebug as _, ArgNameDisplay as _};
            (0..#n).map(|#index| #arg_name).collect()
        }
    }
}

/// `__zenbench_arg(index)` and `__zenbench_arg_names()` for args computed
/// at run time: the expression is evaluated once into a `static` list, and
/// each item is handed to the parameter by value (a clone), through a
/// reference, or as the reference itself (`IntoArg`). One fn does both, so
/// that the items' type is inferred from the parameter's type in both.
pub(crate) fn computed_arg_fns(
    krate: &TokenStream,
    ty: &syn::Type,
    expr: &syn::Expr,
    index: &Ident,
) -> TokenStream {
    let names = Ident::new("__zenbench_names", Span::mixed_site());
    let items = Ident::new("__zenbench_items", Span::mixed_site());
    let expr_span = first_span(expr);
    let list = quote_spanned!(expr_span=> __ZENBENCH_ARGS.items(|| #expr));
    let ty_span = first_span(ty);
    let into = quote_spanned! {ty_span=>
        #krate::__private::IntoArg::<#ty>::into_arg(&#items[#index])
    };
    let arg_name = quote_spanned! {ty_span=>
        (&&#krate::__private::ArgName(item)).zenbench_arg_name()
    };
    quote! {
        static __ZENBENCH_ARGS: #krate::__private::ComputedArgs = #krate::__private::ComputedArgs::new();
        fn __zenbench_arg_or_names(
            #index: usize,
            #names: ::core::option::Option<&mut ::std::vec::Vec<::std::string::String>>,
        ) -> ::core::option::Option<#ty> {
            #[allow(unused_imports)]
            use #krate::__private::{ArgNameDebug as _, ArgNameDisplay as _};
            let #items = #list;
            #krate::__private::ComputedArgs::typed::<#ty, _>(#items);
            match #names {
                ::core::option::Option::Some(out) => {
                    *out = #items.iter().map(|item| #arg_name).collect();
                    ::core::option::Option::None
                }
                ::core::option::Option::None => ::core::option::Option::Some(#into),
            }
        }
        fn __zenbench_arg(#index: usize) -> #ty {
            match __zenbench_arg_or_names(#index, ::core::option::Option::None) {
                ::core::option::Option::Some(arg) => arg,
                ::core::option::Option::None => ::core::unreachable!(),
            }
        }
        fn __zenbench_arg_names() -> ::std::vec::Vec<::std::string::String> {
            let mut names = ::std::vec::Vec::new();
            __zenbench_arg_or_names(0, ::core::option::Option::Some(&mut names));
            names
        }
    }
}
