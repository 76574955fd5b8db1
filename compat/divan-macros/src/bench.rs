//! `#[divan::bench(...)]`: the fn stays as written; beside it comes a
//! wrapper fn registered with `#[zenbench::bench(...)]` (named through
//! divan's `__private`, with zenbench's hidden `crate` option), which wraps
//! zenbench's `Bencher` in divan's and calls the fn.
//!
//! Names follow divan's paths: a bench outside a `bench_group` is named by
//! its module path from the crate root and its name (`parse::small`); one
//! in a group is a row of that group named by the path from the group's
//! module (`lock::block`). The names are built by `const` code from
//! `module_path!()`, so the macro needs to know nothing of the modules
//! around it.

use crate::options::{DivanAttr, Pairs, Target};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Error, Expr, ExprLit, FnArg, GenericParam, Ident, ItemFn, Lit, Result, Type};

/// Expands `#[divan::bench(attr)] item`.
pub(crate) fn bench(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    let Pairs(pairs) = syn::parse2(attr)?;
    let opts = DivanAttr::from_pairs(&pairs, Target::Bench)?;
    let f: ItemFn = syn::parse2(item.clone()).map_err(|e| {
        Error::new(
            e.span(),
            "`#[divan::bench]` applies to fn items, like `fn parse() -> Config { ... }`",
        )
    })?;
    check_qualifiers(&f)?;
    let generic = generic_param(&f, &opts)?;
    let shape = shape(&f, &opts)?;
    let wrapper = wrapper(&f, &opts, generic.as_ref(), &shape)?;
    Ok(quote!(#item #wrapper))
}

/// What the fn takes.
enum Shape {
    /// `fn f() -> T`.
    Plain,
    /// `fn f(bencher: Bencher)`.
    Bencher,
    /// `fn f(arg: T)` with `args`.
    Arg(Box<Type>),
    /// `fn f(bencher: Bencher, arg: T)` with `args`.
    BencherArg(Box<Type>),
}

fn check_qualifiers(f: &ItemFn) -> Result<()> {
    let sig = &f.sig;
    if let Some(a) = &sig.asyncness {
        return Err(Error::new(
            a.span,
            "`#[divan::bench]` does not support `async fn`; time async code from a sync fn",
        ));
    }
    if let syn::Safety::Unsafe(u) = &sig.safety {
        return Err(Error::new(
            u.span,
            "`#[divan::bench]` does not support `unsafe fn`; call the unsafe code from a safe fn",
        ));
    }
    if let Some(v) = &sig.variadic {
        return Err(Error::new_spanned(v, "a bench fn cannot be variadic"));
    }
    Ok(())
}

/// The one type or const parameter `types` / `consts` fills, and the
/// checks divan makes on them.
fn generic_param(f: &ItemFn, opts: &DivanAttr) -> Result<Option<Ident>> {
    let params = &f.sig.generics.params;
    let types: Vec<&Ident> = params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Type(t) => Some(&t.ident),
            _ => None,
        })
        .collect();
    let consts: Vec<&Ident> = params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Const(c) => Some(&c.ident),
            _ => None,
        })
        .collect();
    match (&opts.types, &opts.consts) {
        (Some(_), Some((key, _))) => Err(Error::new(
            key.span(),
            "`types` and `consts` together are not supported by zenbench-divan: give each combination a bench of its own",
        )),
        (Some((key, _)), None) => match (types.as_slice(), consts.as_slice()) {
            ([t], []) => Ok(Some((*t).clone())),
            ([], _) => Err(Error::new(
                key.span(),
                "`types` needs a generic type parameter to fill, like `fn f<T: Default>() -> T`",
            )),
            _ => Err(Error::new_spanned(
                &f.sig.generics,
                "`types` fills one type parameter: the fn may have no other type or const parameter",
            )),
        },
        (None, Some((key, _))) => match (types.as_slice(), consts.as_slice()) {
            ([], [c]) => Ok(Some((*c).clone())),
            (_, []) => Err(Error::new(
                key.span(),
                "`consts` needs a const parameter to fill, like `fn f<const N: usize>()`",
            )),
            _ => Err(Error::new_spanned(
                &f.sig.generics,
                "`consts` fills one const parameter: the fn may have no other type or const parameter",
            )),
        },
        (None, None) if types.is_empty() && consts.is_empty() => Ok(None),
        (None, None) => Err(Error::new_spanned(
            &f.sig.generics,
            "a generic bench needs `types = [...]` or `consts = [...]` to say what to fill in",
        )),
    }
}

fn shape(f: &ItemFn, opts: &DivanAttr) -> Result<Shape> {
    let mut params = Vec::new();
    for input in &f.sig.inputs {
        match input {
            FnArg::Receiver(r) => {
                return Err(Error::new_spanned(
                    r,
                    "a bench fn cannot take `self`; make it a free fn",
                ))
            }
            FnArg::Typed(t) => params.push(t),
        }
    }
    let lifetimes: Vec<String> = f
        .sig
        .generics
        .lifetimes()
        .map(|l| l.lifetime.ident.to_string())
        .collect();
    let arg_type = |ty: &Type| -> Result<Box<Type>> {
        if let Type::ImplTrait(i) = ty {
            return Err(Error::new_spanned(
                i,
                "the arg parameter cannot be `impl Trait`; name the args' type",
            ));
        }
        // The wrapper has no lifetime parameters: the fn's own become `'_`.
        let tokens = elide_lifetimes(ty.to_token_stream(), &lifetimes);
        Ok(Box::new(syn::parse2(tokens)?))
    };
    match (params.as_slice(), &opts.args) {
        ([], None) => Ok(Shape::Plain),
        ([], Some((key, _))) => Err(Error::new(
            key.span(),
            "`args` needs a parameter to receive each arg, like `fn f(len: usize)`",
        )),
        ([_], None) => Ok(Shape::Bencher),
        ([arg], Some(_)) => Ok(Shape::Arg(arg_type(&arg.ty)?)),
        ([_, arg], Some(_)) => Ok(Shape::BencherArg(arg_type(&arg.ty)?)),
        ([_, arg], None) => Err(Error::new_spanned(
            arg,
            "this parameter receives an arg: add `args = [...]` to the attribute",
        )),
        ([_, _, extra, ..], _) => Err(Error::new_spanned(
            extra,
            "too many parameters: a bench takes a `Bencher`, an arg, both, or neither",
        )),
    }
}

/// `ty` with each of `lifetimes` (the fn's lifetime parameters) made `'_`.
fn elide_lifetimes(ty: TokenStream, lifetimes: &[String]) -> TokenStream {
    let mut out = Vec::new();
    let mut tokens = ty.into_iter().peekable();
    while let Some(t) = tokens.next() {
        match t {
            TokenTree::Punct(p) if p.as_char() == '\'' => {
                let named = matches!(tokens.peek(), Some(TokenTree::Ident(i)) if lifetimes.contains(&i.to_string()));
                out.push(TokenTree::Punct(p));
                if named {
                    let ident = match tokens.next() {
                        Some(TokenTree::Ident(i)) => i,
                        _ => unreachable!("peeked an ident"),
                    };
                    out.push(TokenTree::Ident(Ident::new("_", ident.span())));
                }
            }
            TokenTree::Group(g) => {
                let mut inner =
                    proc_macro2::Group::new(g.delimiter(), elide_lifetimes(g.stream(), lifetimes));
                inner.set_span(g.span());
                out.push(TokenTree::Group(inner));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// The wrapper fn, with its zenbench attribute.
fn wrapper(
    f: &ItemFn,
    opts: &DivanAttr,
    generic: Option<&Ident>,
    shape: &Shape,
) -> Result<TokenStream> {
    let krate = opts.krate();
    let private = quote!(#krate::__private);
    let zb = quote!(#private::zenbench);
    let ident = &f.sig.ident;
    let wrapper = format_ident!("__divan_bench_{}", ident.unraw(), span = ident.span());

    let name = name(opts, ident, &private);
    let mut options = vec![quote!(crate = #zb), quote!(name = #name)];
    if let Some(group) = &opts.group {
        options.push(quote!(group = #group));
    }
    if let Some((_, args)) = &opts.args {
        // A block: zenbench collects it at run time, as divan does, so a
        // `&T` parameter may borrow args of type `T`.
        options.push(quote!(args = { #args }));
    }
    if let Some((key, types)) = &opts.types {
        options.push(quote!(#key = [#(#types),*]));
    }
    if let Some((key, consts)) = &opts.consts {
        options.push(quote!(#key = #consts));
    }
    if let Some(threads) = threads(opts)? {
        options.push(threads);
    }
    if ignored(f, opts)? {
        options.push(quote!(ignore));
    }
    if let Some((key, value)) = &opts.max_time {
        let secs = secs(value, &private);
        options.push(quote_spanned!(key.span()=> max_time = #secs));
    }
    options.extend(rounds(opts, &private)?);

    let checks = no_op_checks(opts, &private);
    // The first counter written wins: each `counter` call replaces the last.
    let counters = opts.counter_exprs().into_iter().rev();
    let bencher = Ident::new("__divan_bencher", Span::mixed_site());
    let arg = Ident::new("__divan_arg", Span::mixed_site());
    let turbofish = generic.map(|g| quote!(::<#g>));
    let path = quote!(#ident #turbofish);
    let (arg_param, call) = match shape {
        Shape::Plain => (None, quote!(#bencher.bench_local(#path))),
        Shape::Bencher => (None, quote!(#path(#bencher))),
        Shape::Arg(ty) => (
            Some(quote!(, #arg: #ty)),
            quote!(#bencher.bench_local(|| #path(#arg))),
        ),
        Shape::BencherArg(ty) => (Some(quote!(, #arg: #ty)), quote!(#path(#bencher, #arg))),
    };
    let (params, where_clause) = match generic {
        Some(_) => {
            let params = &f.sig.generics.params;
            (Some(quote!(<#params>)), f.sig.generics.where_clause.clone())
        }
        None => (None, None),
    };
    let cfgs = f.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    let zb_bencher = Ident::new("__divan_zenbench", Span::mixed_site());
    Ok(quote! {
        #(#cfgs)*
        #[doc(hidden)]
        #[allow(non_snake_case)]
        #[#zb::bench(#(#options),*)]
        fn #wrapper #params(#zb_bencher: &mut #zb::Bencher #arg_param) #where_clause {
            #checks
            let #bencher = #private::bencher(#zb_bencher) #(.counter(#counters))*;
            #call;
        }
    })
}

/// The bench's name within its group (`lock::block`), or its whole name
/// (`parse::small`) outside one, as a `const` expression.
fn name(opts: &DivanAttr, ident: &Ident, private: &TokenStream) -> TokenStream {
    let shown = match &opts.name {
        Some(e) => e.to_token_stream(),
        None => {
            let name = ident.unraw().to_string();
            quote!(#name)
        }
    };
    let head = match (&opts.group, &opts.row_prefix) {
        (Some(_), Some(prefix)) => prefix.to_token_stream(),
        (Some(_), None) => quote!(""),
        (None, _) => quote!(#private::strip_crate(::core::module_path!())),
    };
    quote!({
        const PARTS: [&str; 2] = [#head, #shown];
        const LEN: usize = #private::path_len(&PARTS);
        const BYTES: [u8; LEN] = #private::path_bytes(&PARTS);
        #private::utf8(&BYTES)
    })
}

/// `threads` as zenbench takes it: `threads` and `threads = true` are
/// every core (`[0]`); `false` and `1` are no thread rows; a literal range
/// is written out; any other value is zenbench's constant count or list.
fn threads(opts: &DivanAttr) -> Result<Option<TokenStream>> {
    let Some((key, value)) = &opts.threads else {
        return Ok(None);
    };
    let Some(value) = value else {
        return Ok(Some(quote!(#key = [0])));
    };
    let counts = match peel(value) {
        Expr::Lit(ExprLit {
            lit: Lit::Bool(b), ..
        }) => {
            if b.value {
                quote!([0])
            } else {
                return Ok(None);
            }
        }
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) => {
            if i.base10_parse::<u64>()? == 1 {
                return Ok(None);
            }
            quote!([#i])
        }
        Expr::Range(r) => match literal_range(r)? {
            Some(counts) => quote!([#(#counts),*]),
            None => value.to_token_stream(),
        },
        _ => value.to_token_stream(),
    };
    Ok(Some(quote!(#key = #counts)))
}

/// The counts of `a..b` / `a..=b` with literal ends.
fn literal_range(r: &syn::ExprRange) -> Result<Option<Vec<proc_macro2::Literal>>> {
    let end_of = |e: &Option<Box<Expr>>| -> Result<Option<u64>> {
        match e.as_deref().map(peel) {
            Some(Expr::Lit(ExprLit {
                lit: Lit::Int(i), ..
            })) => Ok(Some(i.base10_parse()?)),
            _ => Ok(None),
        }
    };
    let (Some(start), Some(end)) = (end_of(&r.start)?, end_of(&r.end)?) else {
        return Ok(None);
    };
    let end = match r.limits {
        syn::RangeLimits::Closed(_) => end + 1,
        syn::RangeLimits::HalfOpen(_) => end,
    };
    if end <= start || end - start > 1024 {
        return Err(Error::new_spanned(
            r,
            "expected a range of 1 to 1024 thread counts, like `threads = 1..=8`",
        ));
    }
    Ok(Some(
        (start..end)
            .map(proc_macro2::Literal::u64_unsuffixed)
            .collect(),
    ))
}

/// Whether the bench is ignored: `ignore`, `ignore = true` or `#[ignore]`;
/// `ignore = false` wins over `#[ignore]`.
fn ignored(f: &ItemFn, opts: &DivanAttr) -> Result<bool> {
    let marked = f.attrs.iter().any(|a| a.path().is_ident("ignore"));
    match &opts.ignore {
        None => Ok(marked),
        Some((_, None)) => Ok(true),
        Some((_, Some(value))) => match peel(value) {
            Expr::Lit(ExprLit {
                lit: Lit::Bool(b), ..
            }) => Ok(b.value),
            _ => Err(Error::new_spanned(
                value,
                "zenbench-divan takes `ignore` as `true` or `false`: a condition evaluated at run time is not supported",
            )),
        },
    }
}

/// Seconds as zenbench's `max_time` takes them: a literal as written; a
/// `Duration` or a number through `Secs`, in `const` code.
fn secs(value: &Expr, private: &TokenStream) -> TokenStream {
    match peel(value) {
        Expr::Lit(ExprLit {
            lit: Lit::Int(_) | Lit::Float(_),
            ..
        }) => value.to_token_stream(),
        _ => quote_spanned!(value.span()=> #private::Secs(#value).secs()),
    }
}

/// `sample_count = N`: N rounds (`min_rounds` and `max_rounds`); a literal
/// 1 is one round.
fn rounds(opts: &DivanAttr, private: &TokenStream) -> Result<Vec<TokenStream>> {
    let Some((key, value)) = &opts.sample_count else {
        return Ok(Vec::new());
    };
    let span = key.span();
    if let Expr::Lit(ExprLit {
        lit: Lit::Int(i), ..
    }) = peel(value)
    {
        return match i.base10_parse::<u64>()? {
            0 => Err(Error::new_spanned(
                value,
                "`sample_count` is at least 1, like `sample_count = 100`",
            )),
            1 => Ok(vec![quote_spanned!(span=> max_rounds = 1)]),
            _ => Ok(vec![
                quote_spanned!(span=> min_rounds = #i),
                quote_spanned!(span=> max_rounds = #i),
            ]),
        };
    }
    let rounds = quote_spanned!(value.span()=> #private::rounds((#value) as u64));
    Ok(vec![
        quote_spanned!(span=> min_rounds = #rounds),
        quote_spanned!(span=> max_rounds = #rounds),
    ])
}

/// Options with no meaning under zenbench (`sample_size`, `min_time`,
/// `skip_ext_time`) are still type-checked, in a closure never called.
fn no_op_checks(opts: &DivanAttr, private: &TokenStream) -> TokenStream {
    let mut checks = Vec::new();
    if let Some((_, e)) = &opts.sample_size {
        checks.push(quote_spanned!(e.span()=> let _: u32 = #e;));
    }
    if let Some((_, e)) = &opts.min_time {
        let secs = secs(e, private);
        checks.push(quote!(let _: f64 = (#secs) as f64;));
    }
    if let Some((_, Some(e))) = &opts.skip_ext_time {
        checks.push(quote_spanned!(e.span()=> let _: bool = #e;));
    }
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote!(let _ = || { #(#checks)* };)
}

/// Strips the invisible groups and parentheses macros wrap around values.
pub(crate) fn peel(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(g) => peel(&g.expr),
        Expr::Paren(p) => peel(&p.expr),
        e => e,
    }
}
