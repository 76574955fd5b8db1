//! `#[divan::bench_group(...)]` on an inline module: its benches (in plain
//! modules inside it too) become the rows of one zenbench comparison group.
//!
//! The group is named by the module's path from the crate root, with the
//! module's own name replaced by `name = ...` when given (`sort`,
//! `collections::sort`); a `const` beside the module holds it. Each bench
//! attribute inside gets the hidden `__group` (that `const`) and
//! `__row_prefix` (the path from the group's module), and every option of
//! the group it does not set itself. A nested `bench_group` is a group of
//! its own, and inherits the options it does not set.
//!
//! As in divan, the group's options are evaluated where the group is
//! written, not inside its module (which need not import what they name):
//! an option that is not a literal becomes a typed `const` beside the
//! module (a `fn` for the counters), and the benches are handed its path.

use crate::options::{
    DivanAttr, Pair, PairValue, Pairs, Target, COUNTER_KEYS, GROUP_KEY, INHERITED, ROW_PREFIX_KEY,
};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::ext::IdentExt;
use syn::{Attribute, Error, Expr, Item, ItemMod, LitStr, Meta, Result};

/// Expands `#[divan::bench_group(attr)] mod m { ... }`.
pub(crate) fn bench_group(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    let Pairs(mut own) = syn::parse2(attr)?;
    let mut module: ItemMod = syn::parse2(item).map_err(|e| {
        Error::new(
            e.span(),
            "`#[divan::bench_group]` applies to a module, like `mod sort { ... }`",
        )
    })?;
    // `#[ignore]` on the module ignores its benches (and is removed: rustc
    // would call it unused there).
    let marked = module.attrs.iter().any(|a| a.path().is_ident("ignore"));
    module.attrs.retain(|a| !a.path().is_ident("ignore"));
    if marked && !own.iter().any(|p| p.name() == "ignore") {
        own.push(Pair {
            key: syn::Ident::new("ignore", Span::call_site()),
            value: PairValue::Bare,
        });
    }
    let opts = DivanAttr::from_pairs(&own, Target::Group)?;
    let private = {
        let krate = opts.krate();
        quote!(#krate::__private)
    };
    let shown = match &opts.name {
        Some(e) => e.to_token_stream(),
        None => {
            let name = module.ident.unraw().to_string();
            quote!(#name)
        }
    };
    let (handed_on, items) = hand_on(&own, &opts, &module.ident, &private)?;
    let name_const = format_ident!("__DIVAN_GROUP_{}", module.ident.unraw());
    let Some((_, content)) = &mut module.content else {
        return Err(Error::new_spanned(
            &module,
            "`#[divan::bench_group]` needs the module's items inline: `mod sort { ... }`",
        ));
    };
    let context = Context {
        name_const: &name_const,
        handed_on: &handed_on,
        private: &private,
    };
    rewrite(content, &context, 0, "")?;
    Ok(quote! {
        #(#items)*
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #name_const: &str = {
            const PARTS: [&str; 2] = [#private::strip_crate(::core::module_path!()), #shown];
            const LEN: usize = #private::path_len(&PARTS);
            const BYTES: [u8; LEN] = #private::path_bytes(&PARTS);
            #private::utf8(&BYTES)
        };
        #module
    })
}

/// What every bench attribute in the group is given.
struct Context<'a> {
    /// The `const` beside the module holding the group's name.
    name_const: &'a syn::Ident,
    /// The group's options, for the benches that do not set them.
    handed_on: &'a [Handed],
    /// `divan::__private`.
    private: &'a TokenStream,
}

/// One of the group's options as a bench in it is given it.
enum Handed {
    /// A literal (or bare) option, the same anywhere.
    AsWritten(Pair),
    /// `key = <path to item>`: an item beside the group's module holds the
    /// value; `wrap` turns the path into the value (`Fixed(path())` for the
    /// counters).
    Beside {
        key: syn::Ident,
        item: syn::Ident,
        wrap: fn(TokenStream, &TokenStream) -> TokenStream,
    },
}

impl Handed {
    fn name(&self) -> String {
        match self {
            Handed::AsWritten(p) => p.name(),
            Handed::Beside { key, .. } => key.to_string(),
        }
    }

    /// The option as a bench `depth` plain modules below the group's
    /// module writes it.
    fn at(&self, depth: usize, private: &TokenStream) -> Result<Pair> {
        match self {
            Handed::AsWritten(p) => Ok(p.clone()),
            Handed::Beside { key, item, wrap } => {
                let supers = (0..=depth).map(|_| quote!(super::));
                let path = quote!(#(#supers)* #item);
                pair(&key.to_string(), wrap(path, private))
            }
        }
    }
}

/// Whether `value` means the same wherever it is written: a literal, a
/// list or range of literals.
fn scope_free(value: &Expr) -> bool {
    match crate::bench::peel(value) {
        Expr::Lit(_) => true,
        Expr::Array(a) => a.elems.iter().all(scope_free),
        Expr::Range(r) => r.start.iter().chain(r.end.iter()).all(|e| scope_free(e)),
        Expr::Unary(u) => scope_free(&u.expr),
        _ => false,
    }
}

/// The options the group hands on, and the items beside its module that
/// hold those that are not literals.
fn hand_on(
    own: &[Pair],
    opts: &DivanAttr,
    module: &syn::Ident,
    private: &TokenStream,
) -> Result<(Vec<Handed>, Vec<TokenStream>)> {
    let zb = quote!(#private::zenbench);
    let mut handed = Vec::new();
    let mut items = Vec::new();
    let module = module.unraw();
    for p in own {
        let name = p.name();
        if !INHERITED.contains(&name.as_str()) {
            continue;
        }
        let PairValue::Expr(value) = &p.value else {
            handed.push(Handed::AsWritten(p.clone()));
            continue;
        };
        if name == "crate" || name == "ignore" || scope_free(value) {
            handed.push(Handed::AsWritten(p.clone()));
            continue;
        }
        let item = format_ident!("__DIVAN_{}_{}", name.to_uppercase(), module);
        let (ty, init) = match name.as_str() {
            "threads" => {
                let value = match crate::bench::peel(value) {
                    Expr::Array(_) => quote!(&#value),
                    _ => quote!(#value),
                };
                (
                    quote!(&[usize]),
                    quote!(#zb::__private::ThreadCounts(#value).counts()),
                )
            }
            "sample_count" | "sample_size" => (quote!(u32), quote!(#value)),
            "min_time" | "max_time" => (quote!(f64), quote!(#private::Secs(#value).secs())),
            _ => (quote!(bool), quote!(#value)),
        };
        items.push(quote! {
            #[doc(hidden)]
            #[allow(non_upper_case_globals)]
            const #item: #ty = #init;
        });
        handed.push(Handed::Beside {
            key: p.key.clone(),
            item,
            wrap: |path, _| path,
        });
    }
    let counters = opts.counter_exprs();
    if !counters.is_empty() {
        let item = format_ident!("__divan_counter_{}", module);
        items.push(quote! {
            #[doc(hidden)]
            #[allow(non_snake_case)]
            fn #item() -> #zb::Throughput {
                // The first counter wins, as in a bench's own list.
                [#(#private::throughput(#counters)),*][0]
            }
        });
        handed.push(Handed::Beside {
            key: syn::Ident::new("counter", Span::call_site()),
            item,
            wrap: |path, private| quote!(#private::Fixed(#path())),
        });
    }
    Ok((handed, items))
}

/// Whether `attr` is divan's bench attribute (`#[divan::bench]`, `#[bench]`
/// when imported, `#[sofa::bench]` through a renamed crate).
fn is_bench(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "bench")
}

fn is_group(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "bench_group")
}

/// The options of a bench or group attribute inside the group.
fn pairs_of(attr: &Attribute) -> Result<Vec<Pair>> {
    match &attr.meta {
        Meta::Path(_) => Ok(Vec::new()),
        Meta::List(l) => Ok(syn::parse2::<Pairs>(l.tokens.clone())?.0),
        Meta::NameValue(nv) => Err(Error::new_spanned(
            nv,
            "expected options in parentheses, like `#[divan::bench(args = [1, 2])]`",
        )),
    }
}

/// `attr` with `pairs` as its options.
fn set_pairs(attr: &mut Attribute, pairs: &[Pair]) {
    let path = attr.path().clone();
    *attr = syn::parse_quote!(#[#path(#(#pairs),*)]);
}

/// The group's options `own` does not set, as written `depth` plain
/// modules below the group's module; a bench with a counter of its own
/// takes none of the group's.
fn missing(own: &[Pair], cx: &Context, depth: usize) -> Result<Vec<Pair>> {
    let own_counter = own
        .iter()
        .any(|p| COUNTER_KEYS.contains(&p.name().as_str()));
    cx.handed_on
        .iter()
        .filter(|h| {
            let name = h.name();
            let counter = COUNTER_KEYS.contains(&name.as_str());
            !own.iter().any(|o| o.name() == name) && (!own_counter || !counter)
        })
        .map(|h| h.at(depth, cx.private))
        .collect()
}

/// Rewrites the bench attributes of `items`, `depth` plain modules below
/// the group's module, at module path `prefix` from it.
fn rewrite(items: &mut [Item], cx: &Context, depth: usize, prefix: &str) -> Result<()> {
    for item in items {
        match item {
            Item::Fn(f) => {
                for attr in f.attrs.iter_mut().filter(|a| is_bench(a)) {
                    let mut pairs = pairs_of(attr)?;
                    if let Some(p) = pairs
                        .iter()
                        .find(|p| [GROUP_KEY, ROW_PREFIX_KEY].contains(&p.name().as_str()))
                    {
                        return Err(Error::new(
                            p.key.span(),
                            format!("`{}` is set by the bench group", p.name()),
                        ));
                    }
                    pairs.extend(missing(&pairs, cx, depth)?);
                    let supers = (0..=depth).map(|_| quote!(super::));
                    let name_const = cx.name_const;
                    pairs.push(pair(GROUP_KEY, quote!(#(#supers)* #name_const))?);
                    if !prefix.is_empty() {
                        let lit = LitStr::new(prefix, Span::call_site());
                        pairs.push(pair(ROW_PREFIX_KEY, quote!(#lit))?);
                    }
                    set_pairs(attr, &pairs);
                }
            }
            Item::Mod(m) => {
                if let Some(attr) = m.attrs.iter_mut().find(|a| is_group(a)) {
                    let mut pairs = pairs_of(attr)?;
                    pairs.extend(missing(&pairs, cx, depth)?);
                    set_pairs(attr, &pairs);
                } else if let Some((_, content)) = &mut m.content {
                    let name = m.ident.unraw().to_string();
                    let inner = if prefix.is_empty() {
                        name
                    } else {
                        format!("{prefix}::{name}")
                    };
                    rewrite(content, cx, depth + 1, &inner)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `key = value`.
fn pair(key: &str, value: TokenStream) -> Result<Pair> {
    Ok(Pair {
        key: syn::Ident::new(key, Span::call_site()),
        value: PairValue::Expr(syn::parse2(value)?),
    })
}
