//! divan's attribute options: `#[divan::bench(args = LENS, max_time = 1)]`.
//!
//! The options are read in two steps: [`Pair`]s (a key and its value as
//! written, which a `bench_group` hands on to its benches), then
//! [`DivanAttr`], one field per key, which the expansion maps onto
//! zenbench's options.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Error, Expr, Ident, LitStr, Result, Token, Type};

/// Which attribute the options belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Bench,
    Group,
}

impl Target {
    pub fn attr(self) -> &'static str {
        match self {
            Target::Bench => "#[divan::bench]",
            Target::Group => "#[divan::bench_group]",
        }
    }
}

/// Every key divan's attributes take, in the order its docs list them.
pub(crate) const KEYS: &[&str] = &[
    "name",
    "crate",
    "args",
    "consts",
    "types",
    "sample_count",
    "sample_size",
    "threads",
    "counters",
    "counter",
    "bytes_count",
    "chars_count",
    "items_count",
    "cycles_count",
    "min_time",
    "max_time",
    "skip_ext_time",
    "ignore",
];

/// The keys a `bench_group` hands on to the benches in it that do not set
/// them (`name` is the group's own; `args`, `types`, `consts` are refused).
pub(crate) const INHERITED: &[&str] = &[
    "crate",
    "sample_count",
    "sample_size",
    "threads",
    "min_time",
    "max_time",
    "skip_ext_time",
    "ignore",
];

/// The counter keys: a bench that sets one inherits none of its group's.
pub(crate) const COUNTER_KEYS: &[&str] = &[
    "counters",
    "counter",
    "bytes_count",
    "chars_count",
    "items_count",
    "cycles_count",
];

/// Keys only a `bench_group` writes into the benches it holds.
pub(crate) const GROUP_KEY: &str = "__group";
pub(crate) const ROW_PREFIX_KEY: &str = "__row_prefix";

/// The value of one option, as written.
#[derive(Clone)]
pub(crate) enum PairValue {
    /// A bare key (`threads`, `ignore`).
    Bare,
    Expr(Expr),
    /// `types = [u8, String]`.
    Types(Vec<Type>),
}

/// One option as written: `key`, `key = expr` or `types = [T, ...]`.
#[derive(Clone)]
pub(crate) struct Pair {
    pub key: Ident,
    pub value: PairValue,
}

impl Pair {
    /// The key without `r#`.
    pub fn name(&self) -> String {
        self.key.unraw().to_string()
    }
}

impl ToTokens for Pair {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let key = &self.key;
        tokens.extend(match &self.value {
            PairValue::Bare => quote!(#key),
            PairValue::Expr(e) => quote!(#key = #e),
            PairValue::Types(types) => quote!(#key = [#(#types),*]),
        });
    }
}

/// An attribute's option list.
pub(crate) struct Pairs(pub Vec<Pair>);

impl Parse for Pairs {
    fn parse(input: ParseStream) -> Result<Self> {
        let mut pairs = Vec::new();
        while !input.is_empty() {
            let key = input.call(Ident::parse_any).map_err(|e| {
                Error::new(
                    e.span(),
                    "expected an option name, like `args = [1, 2, 3]` or `ignore`",
                )
            })?;
            let value = if key == "types" && input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                let content;
                syn::bracketed!(content in input);
                let list =
                    syn::punctuated::Punctuated::<Type, Token![,]>::parse_terminated(&content)?;
                PairValue::Types(list.into_iter().collect())
            } else if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                PairValue::Expr(input.parse()?)
            } else {
                PairValue::Bare
            };
            pairs.push(Pair { key, value });
            if input.is_empty() {
                break;
            }
            input
                .parse::<Token![,]>()
                .map_err(|e| Error::new(e.span(), "expected `,` between options"))?;
        }
        Ok(Pairs(pairs))
    }
}

/// The parsed options; field names are divan's keys.
#[derive(Default)]
pub(crate) struct DivanAttr {
    /// `crate = path`: the `divan` crate generated code names.
    pub krate: Option<syn::Path>,
    /// `name = "..."` or any `&'static str` constant expression.
    pub name: Option<Expr>,
    pub args: Option<(Ident, Expr)>,
    pub consts: Option<(Ident, Expr)>,
    pub types: Option<(Ident, Vec<Type>)>,
    /// `threads`, `threads = true`, `= 4`, `= [1, 2]`, `= 0..=8`, `= THREADS`.
    pub threads: Option<(Ident, Option<Expr>)>,
    /// Every counter, in the order written.
    pub counters: Vec<Counter>,
    pub sample_count: Option<(Ident, Expr)>,
    pub sample_size: Option<(Ident, Expr)>,
    pub min_time: Option<(Ident, Expr)>,
    pub max_time: Option<(Ident, Expr)>,
    pub skip_ext_time: Option<(Ident, Option<Expr>)>,
    pub ignore: Option<(Ident, Option<Expr>)>,
    /// `__group = path`: the `&'static str` constant naming the group.
    pub group: Option<Expr>,
    /// `__row_prefix = "a::b"`: the module path from the group's module
    /// to this bench's.
    pub row_prefix: Option<LitStr>,
}

impl DivanAttr {
    /// Reads `pairs` for `target`; a misspelled, repeated or misplaced key
    /// is an error at the key.
    pub fn from_pairs(pairs: &[Pair], target: Target) -> Result<DivanAttr> {
        let mut attr = DivanAttr::default();
        let mut seen: Vec<String> = Vec::new();
        for pair in pairs {
            let name = pair.name();
            let key = &pair.key;
            if seen.contains(&name) {
                return Err(Error::new(key.span(), format!("duplicate option `{name}`")));
            }
            seen.push(name.clone());
            if target == Target::Group && ["args", "consts", "types"].contains(&name.as_str()) {
                return Err(Error::new(
                    key.span(),
                    format!("`{name}` belongs on a `#[divan::bench]`, not on a bench group"),
                ));
            }
            let expr = || expr_of(pair);
            match name.as_str() {
                "crate" => match &expr()? {
                    Expr::Path(p) if p.qself.is_none() => attr.krate = Some(p.path.clone()),
                    other => {
                        return Err(Error::new_spanned(
                            other,
                            "expected a path to divan, like `crate = ::divan`",
                        ))
                    }
                },
                "name" => attr.name = Some(expr()?),
                "args" => attr.args = Some((key.clone(), expr()?)),
                "consts" => attr.consts = Some((key.clone(), expr()?)),
                "types" => match &pair.value {
                    PairValue::Types(t) => attr.types = Some((key.clone(), t.clone())),
                    _ => {
                        return Err(Error::new(
                            key.span(),
                            "expected a list of types, like `types = [u8, String]`",
                        ))
                    }
                },
                "threads" => attr.threads = Some((key.clone(), optional(pair))),
                "counters" => {
                    match &expr()? {
                        Expr::Array(a) => attr
                            .counters
                            .extend(a.elems.iter().cloned().map(|e| Counter::Any(Box::new(e)))),
                        other => return Err(Error::new_spanned(
                            other,
                            "expected a list of counters, like `counters = [BytesCount::new(64)]`",
                        )),
                    }
                }
                "counter" => attr.counters.push(Counter::Any(Box::new(expr()?))),
                "bytes_count" | "chars_count" | "items_count" | "cycles_count" => {
                    let ty = match name.as_str() {
                        "bytes_count" => "BytesCount",
                        "chars_count" => "CharsCount",
                        "items_count" => "ItemsCount",
                        _ => "CyclesCount",
                    };
                    attr.counters.push(Counter::Typed(ty, Box::new(expr()?)));
                }
                "sample_count" => attr.sample_count = Some((key.clone(), expr()?)),
                "sample_size" => attr.sample_size = Some((key.clone(), expr()?)),
                "min_time" => attr.min_time = Some((key.clone(), expr()?)),
                "max_time" => attr.max_time = Some((key.clone(), expr()?)),
                "skip_ext_time" => attr.skip_ext_time = Some((key.clone(), optional(pair))),
                "ignore" => attr.ignore = Some((key.clone(), optional(pair))),
                GROUP_KEY => attr.group = Some(expr()?),
                ROW_PREFIX_KEY => match &expr()? {
                    Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => attr.row_prefix = Some(s.clone()),
                    other => return Err(Error::new_spanned(other, "expected a string literal")),
                },
                _ => return Err(unknown(key, &name, target)),
            }
        }
        Ok(attr)
    }

    /// The path of the `divan` crate: `crate = ...`, or `::divan`.
    pub fn krate(&self) -> TokenStream {
        match &self.krate {
            Some(path) => path.to_token_stream(),
            None => quote!(::divan),
        }
    }

    /// The counters as `IntoCounter` expressions, in the order written.
    pub fn counter_exprs(&self) -> Vec<TokenStream> {
        let krate = self.krate();
        self.counters
            .iter()
            .map(|c| match c {
                Counter::Any(e) => e.to_token_stream(),
                Counter::Typed(ty, e) => {
                    let ty = Ident::new(ty, Span::call_site());
                    quote!(<#krate::counter::#ty as ::core::convert::From<_>>::from(#e))
                }
            })
            .collect()
    }
}

/// A counter option: `counter = EXPR` / an element of `counters = [...]`,
/// or `bytes_count = N` and its kin (the counter type's name and `N`).
pub(crate) enum Counter {
    Any(Box<Expr>),
    Typed(&'static str, Box<Expr>),
}

/// The value of a key that needs one.
fn expr_of(pair: &Pair) -> Result<Expr> {
    match &pair.value {
        PairValue::Expr(e) => Ok(e.clone()),
        _ => Err(Error::new(
            pair.key.span(),
            format!(
                "`{}` needs a value, like `{} = ...`",
                pair.name(),
                pair.name()
            ),
        )),
    }
}

/// The value of a key that may be bare.
fn optional(pair: &Pair) -> Option<Expr> {
    match &pair.value {
        PairValue::Expr(e) => Some(e.clone()),
        _ => None,
    }
}

/// An unknown key, with the nearest known one when it looks like a typo.
fn unknown(key: &Ident, name: &str, target: Target) -> Error {
    let known: Vec<&str> = match target {
        Target::Bench => KEYS.to_vec(),
        Target::Group => KEYS
            .iter()
            .copied()
            .filter(|k| !["args", "consts", "types"].contains(k))
            .collect(),
    };
    let msg = match crate::suggest::nearest(name, &known) {
        Some(best) => format!(
            "unknown `{}` option `{name}`; did you mean `{best}`?",
            target.attr()
        ),
        None => format!(
            "unknown `{}` option `{name}`; the options are {}",
            target.attr(),
            known.join(", ")
        ),
    };
    Error::new(key.span(), msg)
}

#[cfg(test)]
mod tests {
    use crate::suggest::nearest;

    #[test]
    fn a_misspelled_option_is_told_the_nearest_known_one() {
        let keys = super::KEYS;
        assert_eq!(nearest("smaple_count", keys), Some("sample_count"));
        assert_eq!(nearest("arg", keys), Some("args"));
        assert_eq!(nearest("thread", keys), Some("threads"));
        assert_eq!(nearest("warmup", keys), None);
    }
}
