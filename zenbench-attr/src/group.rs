//! `#[zenbench::bench_group(...)]` on an inline module: its benches (in
//! plain nested modules too) become one comparison group named after the
//! module (or `name = "..."`), and inherit the group's options, each bench's
//! own options winning. A nested `bench_group` is a group of its own that
//! inherits the outer options it does not set: the innermost wins.

use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::{Attribute, Error, Item, ItemMod, LitStr, Meta, Result};

/// One `key` or `key = value` of an attribute, as written.
#[derive(Clone)]
struct Pair {
    key: String,
    tokens: TokenStream,
}

/// Splits attribute arguments at their top-level commas.
fn pairs(tokens: TokenStream) -> Result<Vec<Pair>> {
    let mut out = Vec::new();
    let mut current = TokenStream::new();
    let mut flush = |current: &mut TokenStream| -> Result<()> {
        if current.is_empty() {
            return Ok(());
        }
        let key = match current.clone().into_iter().next() {
            Some(TokenTree::Ident(i)) => i.unraw().to_string(),
            _ => {
                return Err(Error::new_spanned(
                    current.clone(),
                    "expected an option name, like `name = \"sort\"` or `max_time = 2`",
                ))
            }
        };
        out.push(Pair {
            key,
            tokens: std::mem::take(current),
        });
        Ok(())
    };
    for t in tokens {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' => flush(&mut current)?,
            _ => current.extend([t]),
        }
    }
    flush(&mut current)?;
    Ok(out)
}

/// Whether `attr` is a bench attribute (`#[zenbench::bench]`, `#[bench]`,
/// or `#[KRATE::bench]` with the group's `crate = KRATE`).
fn is_bench(attr: &Attribute, krate: &[String]) -> bool {
    let segs: Vec<String> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let through_krate = !krate.is_empty()
        && segs.len() == krate.len() + 1
        && segs.starts_with(krate)
        && segs.last().is_some_and(|b| b == "bench");
    matches!(segs.as_slice(), [b] if b == "bench")
        || matches!(segs.as_slice(), [z, b] if z == "zenbench" && b == "bench")
        || through_krate
}

/// The segments of a `crate = path` pair (none without one).
fn crate_segments(pairs: &[Pair]) -> Result<Vec<String>> {
    let Some(pair) = pairs.iter().find(|p| p.key == "crate") else {
        return Ok(Vec::new());
    };
    let value: syn::MetaNameValue = syn::parse2(pair.tokens.clone())?;
    match value.value {
        syn::Expr::Path(p) => Ok(p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect()),
        other => Err(Error::new_spanned(
            other,
            "expected a path to zenbench, like `crate = ::zenbench`",
        )),
    }
}

/// Whether `attr` is a `bench_group` attribute.
fn is_group(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "bench_group")
}

/// The attribute's arguments (none for a bare `#[bench]`).
fn args_of(attr: &Attribute) -> TokenStream {
    match &attr.meta {
        Meta::List(l) => l.tokens.clone(),
        _ => TokenStream::new(),
    }
}

/// `attr` with `extra` appended to its arguments.
fn with_args(attr: &mut Attribute, args: Vec<Pair>) {
    let path = attr.path().clone();
    let list: Vec<TokenStream> = args.into_iter().map(|p| p.tokens).collect();
    *attr = syn::parse_quote!(#[#path(#(#list),*)]);
}

/// The inherited pairs `own` does not set.
fn missing(own: &[Pair], inherited: &[Pair]) -> Vec<Pair> {
    inherited
        .iter()
        .filter(|p| !own.iter().any(|o| o.key == p.key))
        .cloned()
        .collect()
}

fn rewrite(items: &mut [Item], group: &str, inherited: &[Pair], krate: &[String]) -> Result<()> {
    for item in items {
        match item {
            Item::Fn(f) => {
                for attr in f.attrs.iter_mut().filter(|a| is_bench(a, krate)) {
                    let mut own = pairs(args_of(attr))?;
                    let mut add = missing(&own, inherited);
                    if !own.iter().any(|p| p.key == "group") {
                        let lit = LitStr::new(group, proc_macro2::Span::call_site());
                        add.push(Pair {
                            key: "group".into(),
                            tokens: quote!(group = #lit),
                        });
                    }
                    own.extend(add);
                    with_args(attr, own);
                }
            }
            Item::Mod(m) => {
                if let Some(attr) = m.attrs.iter_mut().find(|a| is_group(a)) {
                    // A group of its own: it inherits what it does not set.
                    let mut own = pairs(args_of(attr))?;
                    own.extend(missing(&own, inherited));
                    with_args(attr, own);
                } else if let Some((_, content)) = &mut m.content {
                    rewrite(content, group, inherited, krate)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Expands `#[bench_group(args)] mod m { ... }`.
pub(crate) fn bench_group(args: TokenStream, item: TokenStream) -> Result<TokenStream> {
    let mut module: ItemMod = syn::parse2(item).map_err(|e| {
        Error::new(
            e.span(),
            "`#[zenbench::bench_group]` applies to a module, like `mod sort { ... }`",
        )
    })?;
    let mut inherited = pairs(args)?;
    let mut name = module.ident.unraw().to_string();
    if let Some(i) = inherited.iter().position(|p| p.key == "name") {
        let p = inherited.remove(i);
        let value: syn::MetaNameValue = syn::parse2(p.tokens.clone())?;
        match value.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => name = s.value(),
            other => {
                return Err(Error::new_spanned(
                    other,
                    "expected a string literal, like `name = \"sort\"`",
                ))
            }
        }
    }
    for p in &inherited {
        if ["args", "baseline", "types", "consts", "complexity", "group"].contains(&p.key.as_str())
        {
            return Err(Error::new_spanned(
                &p.tokens,
                format!("`{}` belongs on a bench, not on a bench group", p.key),
            ));
        }
    }
    let Some((_, content)) = &mut module.content else {
        return Err(Error::new_spanned(
            &module,
            "`#[zenbench::bench_group]` needs the module's items inline: `mod sort { ... }`",
        ));
    };
    let krate = crate_segments(&inherited)?;
    rewrite(content, &name, &inherited, &krate)?;
    Ok(module.to_token_stream())
}
