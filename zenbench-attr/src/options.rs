//! The attribute's options: `#[zenbench::bench(group = "sort", baseline, ...)]`.
//!
//! The attribute itself handles the keys that shape what it generates
//! (`args`, `group`, `baseline`, `name`, `ignore`, `bytes`, `elements`):
//! [`BenchAttr`] has one field for each. Every other key is a group option
//! (`max_time`, `min_rounds`, …), which the runtime declares once, with its
//! type and rule: the attribute passes it on as a call of the runtime's
//! `const` setter of that name, evaluated in the benchmark's `static`. So an
//! unknown key is the compiler's "no method named …" (with its own
//! suggestion), a value of the wrong type is a type error, and a literal
//! that breaks the rule is a compile error at the call, all pointing at the
//! option as written. Parsing here checks what needs no types: duplicate
//! keys, the kinds of the structural keys' values, and typos of them.

use crate::values::{
    need, parse_args, parse_flag, parse_str, parse_text, parse_u64, peel, Text, Value,
};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Error, Expr, ExprLit, Ident, Lit, LitStr, Result, Token};

/// The keys the attribute handles itself, in the order the docs list them.
pub(crate) const STRUCTURAL_KEYS: &[&str] = &[
    "args",
    "group",
    "baseline",
    "name",
    "ignore",
    "bytes",
    "elements",
    "threads",
    "scaling",
    "contended",
    "complexity",
    "types",
    "consts",
];

/// The group options that only a complexity bench takes (the runtime's
/// option table declares them, with their types and rules).
pub(crate) const COMPLEXITY_KEYS: &[&str] = &[
    "floor",
    "ceiling",
    "max_seconds_per_call",
    "outer_trials",
    "cache",
    "batch_time",
    "warmup_fraction",
    "slope_tolerance",
];

/// The parsed attribute. Field names are the attribute keys.
#[derive(Default)]
pub(crate) struct BenchAttr {
    /// `args = [e1, e2, ...]`: never empty.
    pub args: Option<Args>,
    /// `group = "name"` (or a `&'static str` constant expression).
    pub group: Option<Text>,
    /// `baseline` / `baseline = true`.
    pub baseline: bool,
    /// `name = "display name"` (or a `&'static str` constant expression).
    pub name: Option<Text>,
    /// `ignore` / `ignore = true`.
    pub ignore: bool,
    /// `bytes = EXPR` or `elements = EXPR` (at most one of them).
    pub throughput: Option<ThroughputOpt>,
    /// `threads = [1, 2, 4]` (or one count, or a constant list): the key
    /// and the counts.
    pub threads: Option<(Ident, Threads)>,
    /// `scaling`: the key, when set.
    pub scaling: Option<Ident>,
    /// `contended = setup_fn`: the key and the setup fn's path.
    pub contended: Option<(Ident, Expr)>,
    /// `complexity = "n log n"`: the key and the declared model.
    pub complexity: Option<(Ident, LitStr)>,
    /// `types = [u8, String]`: one row per type, for a generic fn.
    pub types: Option<(Ident, Vec<syn::Type>)>,
    /// `consts = [1, 8, 64]`: one row per value, for a fn with a const
    /// generic parameter.
    pub consts: Option<(Ident, Consts)>,
    /// Group options, in the order written: key and value (`None`: bare key).
    pub overrides: Vec<(Ident, Option<Expr>)>,
    /// `crate = path` (hidden): the path generated code names zenbench by,
    /// for a crate that re-exports it (a migration crate's macros);
    /// `::zenbench` without it.
    pub krate: Option<syn::Path>,
    /// Where `cache = ...` stands in `overrides`: its value names the
    /// runtime's `CacheMode`, so it is built once `crate` is known.
    cache_at: Option<usize>,
}

/// `args = ...`: the key (for error spans) and the args.
pub(crate) struct Args {
    pub key: Ident,
    pub list: ArgList,
}

/// The args of a bench: written out, or computed at run time.
pub(crate) enum ArgList {
    /// `args = [e1, e2, ...]`: never empty; each expression is evaluated
    /// with the parameter's type, each time the fn is called.
    Listed(Vec<Expr>),
    /// `args = EXPR` (not an array): any expression whose value iterates
    /// over the args (a `const` slice, a `Vec`, a range), evaluated once.
    Computed(Box<Expr>),
}

/// `consts = ...`.
pub(crate) enum Consts {
    /// `consts = [1, 8, 64]`: never empty.
    Listed(Vec<Expr>),
    /// `consts = SIZES`: a constant slice or array of at most
    /// [`MAX_COMPUTED_CONSTS`] values.
    Computed(Box<Expr>),
}

/// The most values a `consts = SIZES` list may hold: each possible
/// instance is compiled, and those past the list's end are not registered.
pub(crate) const MAX_COMPUTED_CONSTS: usize = 20;

/// `threads = ...`.
pub(crate) enum Threads {
    /// `threads = [1, 2, 4]` or `threads = 4`.
    Counts(Vec<Expr>),
    /// `threads = THREADS`: a constant `usize` or `&[usize]`.
    Computed(Box<Expr>),
}

/// Which throughput unit `bytes` / `elements` declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ThroughputKind {
    Bytes,
    Elements,
}

/// `bytes = EXPR` / `elements = EXPR`.
pub(crate) struct ThroughputOpt {
    pub kind: ThroughputKind,
    pub value: Value<u64>,
}

impl Parse for BenchAttr {
    fn parse(input: ParseStream) -> Result<Self> {
        let mut attr = BenchAttr::default();
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            let key = input.call(Ident::parse_any).map_err(|e| {
                Error::new(
                    e.span(),
                    "expected an option name, like `group = \"...\"` or `baseline`",
                )
            })?;
            let name = key.unraw().to_string();
            if seen.contains(&name) {
                return Err(Error::new(key.span(), format!("duplicate option `{name}`")));
            }
            seen.push(name.clone());
            // `types = [u8, Vec<u8>]` holds types, not expressions.
            if name == "types" {
                input
                    .parse::<Token![=]>()
                    .map_err(|e| Error::new(e.span(), "expected `types = [T1, T2, ...]`"))?;
                let content;
                syn::bracketed!(content in input);
                let list = syn::punctuated::Punctuated::<syn::Type, Token![,]>::parse_terminated(
                    &content,
                )?;
                if list.is_empty() {
                    return Err(Error::new(
                        key.span(),
                        "`types` is empty; give at least one type, like `types = [u8, String]`",
                    ));
                }
                attr.types = Some((key.clone(), list.into_iter().collect()));
                if !input.is_empty() {
                    input.parse::<Token![,]>()?;
                }
                continue;
            }
            let value = if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                Some(input.parse::<Expr>()?)
            } else {
                None
            };
            if !input.is_empty() && !input.peek(Token![,]) {
                return Err(input.error(if value.is_some() {
                    "expected `,` between options"
                } else {
                    "expected `=` or `,` after the option name"
                }));
            }
            attr.set(&key, &name, value)?;
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        if let Some(i) = attr.cache_at {
            let krate = attr.krate();
            if let (_, Some(Expr::Path(variant))) = &mut attr.overrides[i] {
                let ident = variant.path.segments[0].ident.clone();
                *variant = syn::parse2(quote!(#krate::__private::CacheMode::#ident))?;
            }
        }
        attr.check_threads()?;
        attr.check_complexity()?;
        if let (Some((key, _)), Some(_)) = (&attr.consts, &attr.types) {
            return Err(Error::new(
                key.span(),
                "`types` and `consts` cannot both be given: a bench takes one generic parameter",
            ));
        }
        Ok(attr)
    }
}

impl BenchAttr {
    fn set(&mut self, key: &Ident, name: &str, value: Option<Expr>) -> Result<()> {
        match name {
            "args" => {
                let value = need(key, value, "args = [1, 2, 3]")?;
                let list = match peel(&value) {
                    Expr::Array(_) | Expr::Lit(_) => ArgList::Listed(parse_args(key, value)?),
                    _ => ArgList::Computed(Box::new(value)),
                };
                self.args = Some(Args {
                    key: key.clone(),
                    list,
                });
            }
            "crate" => {
                let value = need(key, value, "crate = ::zenbench")?;
                match peel(&value) {
                    Expr::Path(p) if p.qself.is_none() => self.krate = Some(p.path.clone()),
                    _ => {
                        return Err(Error::new_spanned(
                            &value,
                            "expected a path to zenbench, like `crate = ::zenbench`",
                        ))
                    }
                }
            }
            "group" => self.group = Some(parse_text(key, value, "group = \"sort\"")?),
            "name" => self.name = Some(parse_text(key, value, "name = \"sort (std)\"")?),
            "baseline" => self.baseline = parse_flag(value)?,
            "ignore" => self.ignore = parse_flag(value)?,
            "bytes" | "elements" => {
                let kind = if name == "bytes" {
                    ThroughputKind::Bytes
                } else {
                    ThroughputKind::Elements
                };
                if self.throughput.is_some() {
                    return Err(Error::new(
                        key.span(),
                        "`bytes` and `elements` cannot both be given; pick the unit one iteration processes",
                    ));
                }
                let example = format!("{name} = 4096");
                let what = format!("the {name} one iteration processes");
                let value = parse_u64(need(key, value, &example)?, &what)?;
                self.throughput = Some(ThroughputOpt { kind, value });
            }
            "threads" => {
                let value = need(key, value, "threads = [1, 2, 4]")?;
                let threads = match peel(&value) {
                    Expr::Array(a) => Threads::Counts(a.elems.iter().cloned().collect()),
                    Expr::Lit(_) => Threads::Counts(vec![value.clone()]),
                    _ => Threads::Computed(Box::new(value.clone())),
                };
                if matches!(&threads, Threads::Counts(c) if c.is_empty()) {
                    return Err(Error::new_spanned(
                        &value,
                        "`threads` is empty; give at least one count, like `threads = [1, 2, 4]`",
                    ));
                }
                self.threads = Some((key.clone(), threads));
            }
            "scaling" => {
                if parse_flag(value)? {
                    self.scaling = Some(key.clone());
                }
            }
            "contended" => {
                let value = need(key, value, "contended = new_state")?;
                self.contended = Some((key.clone(), value));
            }
            "consts" => {
                let value = need(key, value, "consts = [1, 8, 64]")?;
                let consts = match peel(&value) {
                    Expr::Array(_) | Expr::Lit(_) => Consts::Listed(parse_args(key, value)?),
                    _ => Consts::Computed(Box::new(value)),
                };
                self.consts = Some((key.clone(), consts));
            }
            "complexity" => {
                let model = parse_str(key, value, "complexity = \"n log n\"")?;
                check_model(&model)?;
                self.complexity = Some((key.clone(), model));
            }
            "cache" => {
                let example = "cache = \"warm\" or cache = \"cold\"";
                let mode = parse_str(key, value, example)?;
                let variant = match mode.value().as_str() {
                    "warm" => quote_spanned!(mode.span()=> Warm),
                    "cold" => quote_spanned!(mode.span()=> Cold),
                    _ => {
                        return Err(Error::new(
                            mode.span(),
                            format!("`cache` is \"warm\" or \"cold\", not {:?}", mode.value()),
                        ))
                    }
                };
                // Completed with the crate's path once every option is read.
                let path: Expr = syn::parse2(variant)?;
                self.cache_at = Some(self.overrides.len());
                self.overrides.push((key.clone(), Some(path)));
            }
            // A typo of a key the attribute handles: say so here, since the
            // compiler would only suggest group options.
            _ => match crate::suggest::nearest(name, STRUCTURAL_KEYS) {
                Some(best) if name.starts_with(|c: char| c.is_ascii_lowercase()) => {
                    return Err(Error::new(
                        key.span(),
                        format!("unknown option `{name}`; did you mean `{best}`?"),
                    ))
                }
                _ => self.overrides.push((key.clone(), value)),
            },
        }
        Ok(())
    }

    /// `threads` and `scaling` exclude each other; `contended` needs one.
    fn check_threads(&self) -> Result<()> {
        if let (Some((_, _)), Some(key)) = (&self.threads, &self.scaling) {
            return Err(Error::new(
                key.span(),
                "`threads` and `scaling` cannot both be given: `scaling` picks the counts itself",
            ));
        }
        if let (Some((key, _)), None, None) = (&self.contended, &self.threads, &self.scaling) {
            return Err(Error::new(
                key.span(),
                "`contended` shares state between threads: add `threads = [...]` or `scaling`",
            ));
        }
        Ok(())
    }

    /// `complexity` makes its own rows (one per rung): not with `args`,
    /// `threads`, `scaling` or `contended`; the ladder's options need it.
    fn check_complexity(&self) -> Result<()> {
        match &self.complexity {
            Some((key, _)) => {
                let clash = [
                    self.args.as_ref().map(|_| "args"),
                    self.types.as_ref().map(|_| "types"),
                    self.consts.as_ref().map(|_| "consts"),
                    self.threads.as_ref().map(|_| "threads"),
                    self.scaling.as_ref().map(|_| "scaling"),
                    self.contended.as_ref().map(|_| "contended"),
                ];
                if let Some(other) = clash.into_iter().flatten().next() {
                    return Err(Error::new(
                        key.span(),
                        format!("`complexity` and `{other}` cannot both be given: the ladder picks the input sizes itself"),
                    ));
                }
            }
            None => {
                if let Some((key, _)) = self
                    .overrides
                    .iter()
                    .find(|(k, _)| COMPLEXITY_KEYS.contains(&k.unraw().to_string().as_str()))
                {
                    return Err(Error::new(
                        key.span(),
                        format!("`{}` is a complexity option: add `complexity = \"...\"` (the declared model, like \"n log n\")", key.unraw()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The path generated code names zenbench by: `crate = ...`, or `::zenbench`.
    pub fn krate(&self) -> TokenStream {
        match &self.krate {
            Some(path) => path.to_token_stream(),
            None => quote!(::zenbench),
        }
    }

    /// The group options as a `BenchOptions` built by the runtime's setters:
    /// `{ let o = NONE; let o = o.max_time(2 as _); ...; o.checked() }`.
    /// Each call is spanned at its key, so an error points at the option.
    pub fn options_tokens(&self) -> TokenStream {
        let krate = self.krate();
        let none = quote!(#krate::__private::BenchOptions::NONE);
        if self.overrides.is_empty() {
            return none;
        }
        // One identifier for the local, whatever the keys' hygiene (a key
        // written inside a `macro_rules!` must still name the same local),
        // located at each key, so an error points at the option.
        let local = |at: Span| Ident::new("__zenbench_options", Span::mixed_site().located_at(at));
        let calls = self.overrides.iter().map(|(key, value)| {
            let value = override_value(key, value.as_ref());
            let here = local(key.span());
            quote_spanned!(key.span()=> let #here = #here.#key(#value);)
        });
        let last = self
            .overrides
            .last()
            .map_or(Span::call_site(), |(k, _)| k.span());
        let (first, end) = (local(Span::call_site()), local(last));
        let checked = quote_spanned!(last=> #end.checked());
        quote!({
            let #first = #none;
            #(#calls)*
            #checked
        })
    }
}

/// An option's value as the setter takes it: a bare key is `true`; an
/// unsuffixed integer literal is cast to the setter's type (`2 as _`), so
/// `max_time = 2` means 2.0 s; anything else is passed as written and typed
/// by the compiler.
fn override_value(key: &Ident, value: Option<&Expr>) -> TokenStream {
    let Some(expr) = value else {
        return quote_spanned!(key.span()=> true);
    };
    match peel(expr) {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) if int.suffix().is_empty() => {
            let span = int.span();
            quote_spanned!(span=> #int as _)
        }
        _ => {
            let span = expr.span();
            let expr = expr.to_token_stream();
            quote_spanned!(span=> #expr)
        }
    }
}

/// The models a complexity bench may declare: `1`, `log n`, `n`, `n log n`,
/// `n^2`, `n^3`, `2^n`, `n^K` (K a number). Written loosely (`O(n log n)`,
/// `n*log(n)`): the runtime reads it; here only its form is checked.
fn check_model(model: &LitStr) -> Result<()> {
    let text = model.value();
    let ok = !text.trim().is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " ^*()._-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            model.span(),
            "expected a complexity model: \"1\", \"log n\", \"n\", \"n log n\", \"n^2\", \"n^3\", \"2^n\" or \"n^K\"",
        ))
    }
}

/// The `Throughput` constructor for `kind`, spanned at `span`.
pub(crate) fn throughput_variant(
    krate: &TokenStream,
    kind: ThroughputKind,
    span: Span,
) -> TokenStream {
    match kind {
        ThroughputKind::Bytes => quote_spanned!(span=> #krate::__private::Throughput::Bytes),
        ThroughputKind::Elements => {
            quote_spanned!(span=> #krate::__private::Throughput::Elements)
        }
    }
}

#[cfg(test)]
mod tests;
