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

use crate::values::{need, parse_args, parse_flag, parse_str, parse_u64, peel, Value};
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
    /// `group = "name"`.
    pub group: Option<LitStr>,
    /// `baseline` / `baseline = true`.
    pub baseline: bool,
    /// `name = "display name"`.
    pub name: Option<LitStr>,
    /// `ignore` / `ignore = true`.
    pub ignore: bool,
    /// `bytes = EXPR` or `elements = EXPR` (at most one of them).
    pub throughput: Option<ThroughputOpt>,
    /// `threads = [1, 2, 4]` (or one count): the key and the counts.
    pub threads: Option<(Ident, Vec<Expr>)>,
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
    pub consts: Option<(Ident, Vec<Expr>)>,
    /// Group options, in the order written: key and value (`None`: bare key).
    pub overrides: Vec<(Ident, Option<Expr>)>,
}

/// `args = [...]`: the key (for error spans) and the elements.
pub(crate) struct Args {
    pub key: Ident,
    pub exprs: Vec<Expr>,
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
                let exprs = parse_args(key, need(key, value, "args = [1, 2, 3]")?)?;
                self.args = Some(Args {
                    key: key.clone(),
                    exprs,
                });
            }
            "group" => self.group = Some(parse_str(key, value, "group = \"sort\"")?),
            "name" => self.name = Some(parse_str(key, value, "name = \"sort (std)\"")?),
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
                let counts = match peel(&value) {
                    Expr::Array(a) => a.elems.iter().cloned().collect(),
                    _ => vec![value.clone()],
                };
                if counts.is_empty() {
                    return Err(Error::new_spanned(
                        &value,
                        "`threads` is empty; give at least one count, like `threads = [1, 2, 4]`",
                    ));
                }
                self.threads = Some((key.clone(), counts));
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
                let exprs = parse_args(key, need(key, value, "consts = [1, 8, 64]")?)?;
                self.consts = Some((key.clone(), exprs));
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
                let path: Expr = syn::parse2(quote!(::zenbench::__private::CacheMode::#variant))?;
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

    /// The group options as a `BenchOptions` built by the runtime's setters:
    /// `{ let o = NONE; let o = o.max_time(2 as _); ...; o.checked() }`.
    /// Each call is spanned at its key, so an error points at the option.
    pub fn options_tokens(&self) -> TokenStream {
        let none = quote!(::zenbench::__private::BenchOptions::NONE);
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
pub(crate) fn throughput_variant(kind: ThroughputKind, span: Span) -> TokenStream {
    match kind {
        ThroughputKind::Bytes => quote_spanned!(span=> ::zenbench::__private::Throughput::Bytes),
        ThroughputKind::Elements => {
            quote_spanned!(span=> ::zenbench::__private::Throughput::Elements)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(tokens: TokenStream) -> Result<BenchAttr> {
        syn::parse2::<BenchAttr>(tokens)
    }

    fn err(tokens: TokenStream) -> String {
        match parse(tokens) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.to_string(),
        }
    }

    /// `(key, value as emitted)` of every group option, in order.
    fn overrides(a: &BenchAttr) -> Vec<(String, String)> {
        a.overrides
            .iter()
            .map(|(k, v)| (k.to_string(), override_value(k, v.as_ref()).to_string()))
            .collect()
    }

    #[test]
    fn empty_attribute_is_all_defaults() {
        let a = parse(quote!()).unwrap();
        assert!(a.args.is_none() && a.group.is_none() && a.name.is_none());
        assert!(!a.baseline && !a.ignore);
        assert!(a.throughput.is_none() && a.overrides.is_empty());
        assert_eq!(
            a.options_tokens().to_string(),
            ":: zenbench :: __private :: BenchOptions :: NONE"
        );
    }

    #[test]
    fn flags_take_explicit_bools() {
        let a = parse(quote!(baseline = false, ignore = true, cold_start = false)).unwrap();
        assert!(!a.baseline);
        assert!(a.ignore);
        assert_eq!(overrides(&a), [("cold_start".into(), "false".into())]);
        let a = parse(quote!(cache_firewall, linear_sampling = true)).unwrap();
        assert_eq!(
            overrides(&a),
            [
                ("cache_firewall".to_string(), "true".to_string()),
                ("linear_sampling".into(), "true".into())
            ]
        );
    }

    #[test]
    fn numeric_overrides_keep_their_order_and_integers_take_the_setter_type() {
        let a = parse(quote!(
            max_time = 2,
            min_rounds = 10,
            max_rounds = 500,
            noise_threshold = 0.02,
            target_precision = 0.005
        ))
        .unwrap();
        assert_eq!(
            overrides(&a),
            [
                ("max_time".to_string(), "2 as _".to_string()),
                ("min_rounds".into(), "10 as _".into()),
                ("max_rounds".into(), "500 as _".into()),
                ("noise_threshold".into(), "0.02".into()),
                ("target_precision".into(), "0.005".into()),
            ]
        );
    }

    #[test]
    fn non_literal_and_suffixed_values_are_left_to_the_compiler() {
        let a = parse(quote!(
            max_time = SECS,
            min_rounds = 5u64,
            max_rounds = -3,
            bytes = len * 8
        ))
        .unwrap();
        assert_eq!(
            overrides(&a),
            [
                ("max_time".to_string(), "SECS".to_string()),
                ("min_rounds".into(), "5u64".into()),
                ("max_rounds".into(), "- 3".into()),
            ]
        );
        let t = a.throughput.unwrap();
        assert_eq!(t.kind, ThroughputKind::Bytes);
        assert!(matches!(t.value, Value::Expr(_)));
    }

    #[test]
    fn options_tokens_call_the_runtime_setters_then_check() {
        let a = parse(quote!(max_time = 3, cold_start)).unwrap();
        let s = a.options_tokens().to_string();
        assert!(
            s.starts_with(
                "{ let __zenbench_options = :: zenbench :: __private :: BenchOptions :: NONE ;"
            ),
            "{s}"
        );
        assert!(
            s.contains("let __zenbench_options = __zenbench_options . max_time (3 as _) ;"),
            "{s}"
        );
        assert!(
            s.contains("let __zenbench_options = __zenbench_options . cold_start (true) ;"),
            "{s}"
        );
        assert!(s.ends_with("__zenbench_options . checked () }"), "{s}");
        assert!(!s.contains("min_rounds"), "{s}");
    }

    #[test]
    fn typos_of_the_attributes_own_keys_suggest_the_nearest() {
        assert_eq!(
            err(quote!(grup = "x")),
            "unknown option `grup`; did you mean `group`?"
        );
        assert_eq!(
            err(quote!(byte = 4)),
            "unknown option `byte`; did you mean `bytes`?"
        );
        // Other keys are the runtime's group options: the compiler checks
        // them (`no method named ...`), with its own suggestion.
        let a = parse(quote!(max_tme = 4, complexity = "n")).unwrap();
        assert_eq!(a.overrides.len(), 1);
        assert_eq!(a.complexity.as_ref().unwrap().1.value(), "n");
    }

    #[test]
    fn an_unknown_key_is_passed_on_before_its_value_is_looked_at() {
        // The compiler types it: its value does not matter here.
        let a = parse(quote!(complexity = "n", ceiling = new_map)).unwrap();
        assert_eq!(overrides(&a), [("ceiling".into(), "new_map".into())]);
    }

    #[test]
    fn complexity_checks_its_model_its_company_and_its_options() {
        let a = parse(quote!(
            complexity = "O(n log n)",
            cache = "cold",
            floor = 16
        ))
        .unwrap();
        assert_eq!(
            overrides(&a),
            [
                (
                    "cache".into(),
                    ":: zenbench :: __private :: CacheMode :: Cold".into()
                ),
                ("floor".into(), "16 as _".into())
            ]
        );
        assert_eq!(
            err(quote!(complexity = 2)),
            "expected a string literal, like `complexity = \"n log n\"`"
        );
        assert!(err(quote!(complexity = "n!")).starts_with("expected a complexity model"));
        assert_eq!(
            err(quote!(complexity = "n", cache = "tepid")),
            "`cache` is \"warm\" or \"cold\", not \"tepid\""
        );
        assert_eq!(
            err(quote!(complexity = "n", args = [1, 2])),
            "`complexity` and `args` cannot both be given: the ladder picks the input sizes itself"
        );
        assert_eq!(
            err(quote!(threads = [1, 2], complexity = "n")),
            "`complexity` and `threads` cannot both be given: the ladder picks the input sizes itself"
        );
        assert_eq!(
            err(quote!(ceiling = 64)),
            "`ceiling` is a complexity option: add `complexity = \"...\"` (the declared model, like \"n log n\")"
        );
    }

    #[test]
    fn raw_keys_stay_raw_for_the_compiler() {
        let a = parse(quote!(r#loop = "x")).unwrap();
        let s = a.options_tokens().to_string();
        assert!(s.contains(". r#loop (\"x\")"), "{s}");
    }

    #[test]
    fn values_from_macro_rules_are_peeled() {
        // `$x:expr` arrives as an invisible group around the expression.
        let group = proc_macro2::Group::new(proc_macro2::Delimiter::None, quote!(3));
        let a = parse(quote!(max_time = #group)).unwrap();
        assert_eq!(overrides(&a), [("max_time".into(), "3 as _".into())]);
    }

    #[test]
    fn negative_zero_is_zero() {
        let a = parse(quote!(bytes = -0)).unwrap();
        assert_eq!(a.throughput.unwrap().value.literal(), Some(0));
    }

    #[test]
    fn group_baseline_name_ignore() {
        let a = parse(quote!(group = "sort", baseline, name = "std sort", ignore)).unwrap();
        assert_eq!(a.group.unwrap().value(), "sort");
        assert_eq!(a.name.unwrap().value(), "std sort");
        assert!(a.baseline);
        assert!(a.ignore);
    }

    #[test]
    fn trailing_comma_is_fine() {
        let a = parse(quote!(baseline,)).unwrap();
        assert!(a.baseline);
    }

    #[test]
    fn args_keep_every_expression() {
        let a = parse(quote!(args = [64, 4096, N * 2, "x".len()])).unwrap();
        let args = a.args.unwrap();
        assert_eq!(args.key, "args");
        let shown: Vec<String> = args
            .exprs
            .iter()
            .map(|e| e.to_token_stream().to_string())
            .collect();
        assert_eq!(shown, ["64", "4096", "N * 2", "\"x\" . len ()"]);
    }

    #[test]
    fn large_integers_stay_exact() {
        let a = parse(quote!(elements = 18446744073709551615)).unwrap();
        let t = a.throughput.unwrap();
        assert_eq!(t.kind, ThroughputKind::Elements);
        assert_eq!(t.value.literal(), Some(u64::MAX));
    }

    #[test]
    fn duplicate_option() {
        assert_eq!(
            err(quote!(group = "a", group = "b")),
            "duplicate option `group`"
        );
        assert_eq!(
            err(quote!(baseline, baseline)),
            "duplicate option `baseline`"
        );
    }

    #[test]
    fn bytes_and_elements_are_exclusive() {
        let e = err(quote!(bytes = 1, elements = 2));
        assert!(
            e.starts_with("`bytes` and `elements` cannot both be given"),
            "{e}"
        );
    }

    #[test]
    fn wrong_value_kinds() {
        assert_eq!(
            err(quote!(group = 3)),
            "expected a string literal, like `group = \"sort\"`"
        );
        assert_eq!(
            err(quote!(args = 5)),
            "expected `args` to be an array of args, like `args = [64, 4096]`"
        );
        assert_eq!(
            err(quote!(baseline = "x")),
            "expected `true` or `false` (or the bare flag, meaning `true`)"
        );
        assert_eq!(
            err(quote!(bytes = "4k")),
            "expected the bytes one iteration processes, not this literal"
        );
    }

    #[test]
    fn values_are_required_where_needed() {
        assert_eq!(
            err(quote!(group)),
            "`group` needs a value, like `group = \"sort\"`"
        );
        assert_eq!(
            err(quote!(args)),
            "`args` needs a value, like `args = [1, 2, 3]`"
        );
    }

    #[test]
    fn empty_args_and_names() {
        assert!(err(quote!(args = [])).starts_with("`args` is empty"));
        assert_eq!(err(quote!(name = "")), "`name` cannot be empty");
        assert_eq!(err(quote!(group = " ")), "`group` cannot be empty");
    }

    #[test]
    fn separators() {
        assert_eq!(
            err(quote!(group = "x" baseline)),
            "expected `,` between options"
        );
        assert_eq!(
            err(quote!(group "x")),
            "expected `=` or `,` after the option name"
        );
        assert_eq!(
            err(quote!(baseline ignore)),
            "expected `=` or `,` after the option name"
        );
        assert_eq!(
            err(quote!("group" = 1)),
            "expected an option name, like `group = \"...\"` or `baseline`"
        );
    }
}
