//! The attribute's options: `#[zenbench::bench(group = "sort", baseline, ...)]`.
//!
//! [`BenchAttr`] has one field per option key. Parsing checks everything that
//! can be checked without types: unknown and duplicate keys, the kind of each
//! value, and the range of literal numbers. Errors carry the span of the
//! offending token.

use crate::values::{check, need, parse_args, parse_f64, parse_flag, parse_str, parse_u64, Value};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Error, Expr, Ident, LitStr, Result, Token};

/// Every key `#[zenbench::bench(...)]` accepts, in the order the docs list them.
pub(crate) const KNOWN_OPTIONS: &[&str] = &[
    "args",
    "group",
    "baseline",
    "name",
    "ignore",
    "bytes",
    "elements",
    "max_time",
    "min_rounds",
    "max_rounds",
    "noise_threshold",
    "target_precision",
    "cache_firewall",
    "cold_start",
    "linear_sampling",
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
    /// `max_time = SECS`.
    pub max_time: Option<Value<f64>>,
    /// `min_rounds = N`.
    pub min_rounds: Option<Value<u64>>,
    /// `max_rounds = N`.
    pub max_rounds: Option<Value<u64>>,
    /// `noise_threshold = F`, in `[0, 1)`.
    pub noise_threshold: Option<Value<f64>>,
    /// `target_precision = F`, in `(0, 1)`.
    pub target_precision: Option<Value<f64>>,
    /// `cache_firewall` / `cache_firewall = BOOL`.
    pub cache_firewall: Option<bool>,
    /// `cold_start` / `cold_start = BOOL`.
    pub cold_start: Option<bool>,
    /// `linear_sampling` / `linear_sampling = BOOL`.
    pub linear_sampling: Option<bool>,
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
            if !KNOWN_OPTIONS.contains(&name.as_str()) {
                return Err(unknown_option(&key, &name));
            }
            if seen.contains(&name) {
                return Err(Error::new(key.span(), format!("duplicate option `{name}`")));
            }
            seen.push(name.clone());
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
        attr.check_cross()?;
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
            "max_time" => {
                let v = parse_f64(need(key, value, "max_time = 2.5")?, "a number of seconds")?;
                check(
                    &v,
                    |x| x > 0.0 && x.is_finite(),
                    "`max_time` must be a positive number of seconds",
                )?;
                self.max_time = Some(v);
            }
            "min_rounds" => {
                let v = parse_u64(need(key, value, "min_rounds = 10")?, "a number of rounds")?;
                check(&v, |n| n >= 1, "`min_rounds` must be at least 1")?;
                self.min_rounds = Some(v);
            }
            "max_rounds" => {
                let v = parse_u64(need(key, value, "max_rounds = 1000")?, "a number of rounds")?;
                check(&v, |n| n >= 1, "`max_rounds` must be at least 1")?;
                self.max_rounds = Some(v);
            }
            "noise_threshold" => {
                let v = parse_f64(need(key, value, "noise_threshold = 0.01")?, "a fraction")?;
                check(
                    &v,
                    |x| (0.0..1.0).contains(&x),
                    "`noise_threshold` must be a fraction in [0, 1), like 0.01 for 1%",
                )?;
                self.noise_threshold = Some(v);
            }
            "target_precision" => {
                let v = parse_f64(need(key, value, "target_precision = 0.005")?, "a fraction")?;
                check(
                    &v,
                    |x| x > 0.0 && x < 1.0,
                    "`target_precision` must be a fraction in (0, 1), like 0.005 for 0.5%",
                )?;
                self.target_precision = Some(v);
            }
            "cache_firewall" => self.cache_firewall = Some(parse_flag(value)?),
            "cold_start" => self.cold_start = Some(parse_flag(value)?),
            "linear_sampling" => self.linear_sampling = Some(parse_flag(value)?),
            _ => unreachable!("KNOWN_OPTIONS and BenchAttr::set disagree on `{name}`"),
        }
        Ok(())
    }

    /// Checks between options, once all are parsed.
    fn check_cross(&self) -> Result<()> {
        if let (Some(min), Some(max)) = (&self.min_rounds, &self.max_rounds) {
            if let (Some(lo), Some(hi)) = (min.literal(), max.literal()) {
                if hi < lo {
                    return Err(max.error(format!(
                        "`max_rounds` ({hi}) is less than `min_rounds` ({lo})"
                    )));
                }
            }
        }
        Ok(())
    }

    /// `BenchOptions { field: Some(v), ..., ..NONE }` for the options set here.
    pub fn options_tokens(&self) -> TokenStream {
        let mut fields = Vec::new();
        let mut push = |name: &str, value: TokenStream| {
            let ident = Ident::new(name, Span::call_site());
            fields.push(quote!(#ident: ::core::option::Option::Some(#value)));
        };
        if let Some(v) = &self.max_time {
            push("max_time", v.to_token_stream());
        }
        if let Some(v) = &self.min_rounds {
            push("min_rounds", v.to_token_stream());
        }
        if let Some(v) = &self.max_rounds {
            push("max_rounds", v.to_token_stream());
        }
        if let Some(v) = &self.noise_threshold {
            push("noise_threshold", v.to_token_stream());
        }
        if let Some(v) = &self.target_precision {
            push("target_precision", v.to_token_stream());
        }
        for (name, flag) in [
            ("cache_firewall", self.cache_firewall),
            ("cold_start", self.cold_start),
            ("linear_sampling", self.linear_sampling),
        ] {
            if let Some(b) = flag {
                push(name, quote!(#b));
            }
        }
        if fields.is_empty() {
            return quote!(::zenbench::__private::BenchOptions::NONE);
        }
        quote!(::zenbench::__private::BenchOptions {
            #(#fields,)*
            ..::zenbench::__private::BenchOptions::NONE
        })
    }
}

/// "unknown option `grup`; did you mean `group`?"
fn unknown_option(key: &Ident, name: &str) -> Error {
    let msg = match crate::suggest::nearest(name, KNOWN_OPTIONS) {
        Some(best) => format!("unknown option `{name}`; did you mean `{best}`?"),
        None => format!(
            "unknown option `{name}`; expected one of: {}",
            KNOWN_OPTIONS.join(", ")
        ),
    };
    Error::new(key.span(), msg)
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

    #[test]
    fn empty_attribute_is_all_defaults() {
        let a = parse(quote!()).unwrap();
        assert!(a.args.is_none() && a.group.is_none() && a.name.is_none());
        assert!(!a.baseline && !a.ignore);
        assert!(a.throughput.is_none() && a.max_time.is_none());
        assert!(a.cache_firewall.is_none() && a.cold_start.is_none());
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
    fn flags_take_explicit_bools() {
        let a = parse(quote!(baseline = false, ignore = true, cold_start = false)).unwrap();
        assert!(!a.baseline);
        assert!(a.ignore);
        assert_eq!(a.cold_start, Some(false));
        let a = parse(quote!(cache_firewall, linear_sampling = true)).unwrap();
        assert_eq!(a.cache_firewall, Some(true));
        assert_eq!(a.linear_sampling, Some(true));
        assert_eq!(a.cold_start, None);
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
    fn numeric_overrides() {
        let a = parse(quote!(
            max_time = 2,
            min_rounds = 10,
            max_rounds = 500,
            noise_threshold = 0.02,
            target_precision = 0.005
        ))
        .unwrap();
        assert_eq!(a.max_time.unwrap().literal(), Some(2.0));
        assert_eq!(a.min_rounds.unwrap().literal(), Some(10));
        assert_eq!(a.max_rounds.unwrap().literal(), Some(500));
        assert_eq!(a.noise_threshold.unwrap().literal(), Some(0.02));
        assert_eq!(a.target_precision.unwrap().literal(), Some(0.005));
    }

    #[test]
    fn non_literal_values_are_left_to_the_compiler() {
        let a = parse(quote!(
            max_time = SECS,
            min_rounds = ROUNDS,
            bytes = len * 8
        ))
        .unwrap();
        assert!(matches!(a.max_time, Some(Value::Expr(_))));
        assert!(matches!(a.min_rounds, Some(Value::Expr(_))));
        let t = a.throughput.unwrap();
        assert_eq!(t.kind, ThroughputKind::Bytes);
        assert!(matches!(t.value, Value::Expr(_)));
    }

    #[test]
    fn large_integers_stay_exact() {
        let a = parse(quote!(elements = 18446744073709551615)).unwrap();
        let t = a.throughput.unwrap();
        assert_eq!(t.kind, ThroughputKind::Elements);
        assert_eq!(t.value.literal(), Some(u64::MAX));
    }

    #[test]
    fn options_tokens_fill_only_what_is_set() {
        let a = parse(quote!(max_time = 3, cold_start)).unwrap();
        let s = a.options_tokens().to_string();
        assert!(
            s.contains("max_time : :: core :: option :: Option :: Some (3f64)"),
            "{s}"
        );
        assert!(
            s.contains("cold_start : :: core :: option :: Option :: Some (true)"),
            "{s}"
        );
        assert!(!s.contains("min_rounds"), "{s}");
        assert!(
            s.ends_with(".. :: zenbench :: __private :: BenchOptions :: NONE }"),
            "{s}"
        );
        let none = parse(quote!(group = "g")).unwrap().options_tokens();
        assert_eq!(
            none.to_string(),
            ":: zenbench :: __private :: BenchOptions :: NONE"
        );
    }

    #[test]
    fn unknown_option_suggests_the_nearest() {
        assert_eq!(
            err(quote!(grup = "x")),
            "unknown option `grup`; did you mean `group`?"
        );
        assert_eq!(
            err(quote!(byte = 4)),
            "unknown option `byte`; did you mean `bytes`?"
        );
        assert_eq!(
            err(quote!(max_tme = 4)),
            "unknown option `max_tme`; did you mean `max_time`?"
        );
        let far = err(quote!(threads = [1, 2]));
        assert!(
            far.starts_with("unknown option `threads`; expected one of: args, group"),
            "{far}"
        );
    }

    #[test]
    fn unknown_option_is_reported_before_its_value_is_parsed() {
        // `contended = new_map` is a future option: its value must not matter.
        let e = err(quote!(contended = <>));
        assert!(e.starts_with("unknown option `contended`"), "{e}");
    }

    #[test]
    fn keywords_as_keys_are_unknown_options() {
        let e = err(quote!(type = "x"));
        assert!(e.starts_with("unknown option `type`"), "{e}");
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
            err(quote!(max_time = "2s")),
            "expected a number of seconds, not this literal"
        );
        assert_eq!(
            err(quote!(min_rounds = 2.5)),
            "expected a number of rounds (a whole number), not a float"
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
        assert_eq!(
            err(quote!(max_time)),
            "`max_time` needs a value, like `max_time = 2.5`"
        );
    }

    #[test]
    fn empty_args_and_names() {
        assert!(err(quote!(args = [])).starts_with("`args` is empty"));
        assert_eq!(err(quote!(name = "")), "`name` cannot be empty");
        assert_eq!(err(quote!(group = " ")), "`group` cannot be empty");
    }

    #[test]
    fn literal_ranges() {
        assert_eq!(
            err(quote!(max_time = 0)),
            "`max_time` must be a positive number of seconds; got 0"
        );
        assert_eq!(
            err(quote!(max_time = -1.5)),
            "`max_time` must be a positive number of seconds; got -1.5"
        );
        assert_eq!(
            err(quote!(min_rounds = 0)),
            "`min_rounds` must be at least 1; got 0"
        );
        assert_eq!(
            err(quote!(max_rounds = -3)),
            "expected a number of rounds, not a negative number"
        );
        assert!(err(quote!(noise_threshold = 1.0))
            .starts_with("`noise_threshold` must be a fraction in [0, 1)"));
        assert!(
            err(quote!(noise_threshold = -0.1)).starts_with("`noise_threshold` must be a fraction")
        );
        assert!(parse(quote!(noise_threshold = 0)).is_ok());
        assert!(err(quote!(target_precision = 0))
            .starts_with("`target_precision` must be a fraction in (0, 1)"));
        assert_eq!(
            err(quote!(bytes = -1)),
            "expected the bytes one iteration processes, not a negative number"
        );
    }

    #[test]
    fn negative_zero_is_zero() {
        let a = parse(quote!(bytes = -0, noise_threshold = -0.0)).unwrap();
        assert_eq!(a.throughput.unwrap().value.literal(), Some(0));
        assert_eq!(a.noise_threshold.unwrap().literal(), Some(0.0));
    }

    #[test]
    fn values_from_macro_rules_are_peeled() {
        // `$x:expr` arrives as an invisible group around the expression.
        let group = proc_macro2::Group::new(proc_macro2::Delimiter::None, quote!(-3));
        let e = err(quote!(max_time = #group));
        assert_eq!(e, "`max_time` must be a positive number of seconds; got -3");
    }

    #[test]
    fn min_rounds_above_max_rounds() {
        assert_eq!(
            err(quote!(min_rounds = 10, max_rounds = 5)),
            "`max_rounds` (5) is less than `min_rounds` (10)"
        );
        assert_eq!(
            err(quote!(max_rounds = 5, min_rounds = 10)),
            "`max_rounds` (5) is less than `min_rounds` (10)"
        );
        assert!(parse(quote!(min_rounds = 5, max_rounds = 5)).is_ok());
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
