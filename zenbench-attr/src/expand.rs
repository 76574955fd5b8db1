//! Code generation: one `BenchEntry` submitted to the runtime's registry
//! (`inventory::submit!`), plus the small fns it points to, all inside an
//! anonymous `const _: () = { ... };`.

use crate::args::{computed_arg_fns, listed_arg_fns};
use crate::item::{BenchFn, Shape};
use crate::options::{
    throughput_variant, ArgList, BenchAttr, Consts, Threads, ThroughputOpt, MAX_COMPUTED_CONSTS,
};
use crate::values::Value;
use proc_macro2::{Literal, Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::{Ident, Result};

/// Parses the attribute and the item, and returns the item unchanged followed
/// by its registration.
pub(crate) fn bench(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    let attr: BenchAttr = syn::parse2(attr)?;
    let bench_fn = BenchFn::parse(item.clone(), &attr)?;
    let registrations: Vec<TokenStream> = variants(&attr, &bench_fn)
        .iter()
        .map(|v| registration(&attr, &bench_fn, v))
        .collect();
    Ok(quote!(#item #(#registrations)*))
}

/// One instance of a generic bench fn: what fills its parameter.
struct Variant {
    /// `::<u8>` / `::<{ 8 }>`; empty for a plain fn.
    turbofish: TokenStream,
    /// `type T = u8;` / `const N: usize = 8;`, for `bytes`/`elements`
    /// expressions that name the parameter.
    bind: TokenStream,
    /// The row's name: the type as written, or the const's value.
    label: Option<TokenStream>,
    index: u32,
    /// `consts = SIZES`: whether this instance is past the list's end (a
    /// `const` expression); `false` otherwise.
    absent: TokenStream,
}

/// The instances `types` / `consts` ask for; one plain one without them.
fn variants(attr: &BenchAttr, f: &BenchFn) -> Vec<Variant> {
    let plain = || Variant {
        turbofish: TokenStream::new(),
        bind: TokenStream::new(),
        label: None,
        index: 0,
        absent: quote!(false),
    };
    let Some((param, const_ty)) = &f.generic else {
        return vec![plain()];
    };
    if let Some((_, types)) = &attr.types {
        return types
            .iter()
            .enumerate()
            .map(|(i, ty)| {
                let shown = type_label(&ty.to_token_stream().to_string());
                Variant {
                    turbofish: quote!(::<#ty>),
                    bind: quote!(#[allow(dead_code)] type #param = #ty;),
                    label: Some(quote!(::std::string::String::from(#shown))),
                    index: i as u32,
                    absent: quote!(false),
                }
            })
            .collect();
    }
    if let (Some((_, Consts::Computed(list))), Some(ty)) = (&attr.consts, const_ty) {
        return computed_consts(param, ty, list);
    }
    if let (Some((_, Consts::Listed(values))), Some(ty)) = (&attr.consts, const_ty) {
        return values
            .iter()
            .enumerate()
            .map(|(i, value)| Variant {
                turbofish: quote!(::<{ #value }>),
                bind: quote!(#[allow(dead_code)] const #param: #ty = #value;),
                label: Some(quote!(::std::string::ToString::to_string(&{
                    const __ZENBENCH_VALUE: #ty = #value;
                    __ZENBENCH_VALUE
                }))),
                index: i as u32,
                absent: quote!(false),
            })
            .collect();
    }
    vec![plain()]
}

/// The instances of `consts = SIZES`: one per place the list may have,
/// each the list's value at that place (its first past the end, so that
/// every instance compiles), marked absent past the end. The first checks
/// the list's length.
fn computed_consts(param: &Ident, ty: &syn::Type, list: &syn::Expr) -> Vec<Variant> {
    let consts = quote!(const __ZENBENCH_CONSTS: &[#ty] = &#list;);
    let max = MAX_COMPUTED_CONSTS;
    (0..max)
        .map(|i| {
            let value = quote!({
                #consts
                __ZENBENCH_CONSTS[if #i < __ZENBENCH_CONSTS.len() { #i } else { 0 }]
            });
            let check = (i == 0).then(|| {
                quote! {
                    ::core::assert!(
                        !__ZENBENCH_CONSTS.is_empty() && __ZENBENCH_CONSTS.len() <= #max,
                        "zenbench: a `consts` list given by name holds 1 to 20 values; write longer ones out"
                    );
                }
            });
            Variant {
                turbofish: quote!(::<#value>),
                bind: quote!(#[allow(dead_code)] const #param: #ty = #value;),
                label: Some(quote!(::std::string::ToString::to_string(&{
                    const __ZENBENCH_VALUE: #ty = #value;
                    __ZENBENCH_VALUE
                }))),
                index: i as u32,
                absent: quote!({
                    #consts
                    #check
                    #i >= __ZENBENCH_CONSTS.len()
                }),
            }
        })
        .collect()
}

/// A type as a row name: the tokens as `quote` prints them (`Vec < u8 >`),
/// with a space kept only between two words (`&'static str`) and after a
/// comma (`HashMap<u8, String>`).
fn type_label(printed: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::new();
    for token in printed.split(' ').filter(|t| !t.is_empty()) {
        let joins_words = out.ends_with(word) && token.starts_with(word);
        if joins_words || out.ends_with(',') {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
}

/// The `const _: () = { ... };` block that registers `f` (one instance).
fn registration(attr: &BenchAttr, f: &BenchFn, variant: &Variant) -> TokenStream {
    let ident = &f.ident;
    let turbofish = &variant.turbofish;
    let span = ident.span();
    let krate = attr.krate();
    let name = match &attr.name {
        Some(text) => text.to_token_stream(),
        None => {
            let name = ident.unraw().to_string();
            quote!(#name)
        }
    };
    // Locals of the generated fns are hygienic, so a user expression such as
    // `bytes = EXPR` cannot see them, and they cannot shadow its names.
    let bencher = Ident::new("__zenbench_bencher", Span::mixed_site());
    let index = Ident::new("__zenbench_index", Span::mixed_site());

    let arg_fns = match (&f.shape, &attr.args) {
        (Shape::BencherArg { ty, .. }, Some(args)) => match &args.list {
            ArgList::Listed(exprs) => listed_arg_fns(&krate, &name, ty, exprs, &index),
            ArgList::Computed(expr) => computed_arg_fns(&krate, ty, expr, &index),
        },
        _ => TokenStream::new(),
    };

    // What a thread bench's fn takes after the Bencher and the arg.
    let state = Ident::new("__zenbench_state", Span::mixed_site());
    let mut extra = Vec::new();
    let mut bind = TokenStream::new();
    if let Some(ty) = &f.thread.state {
        bind.extend(quote! {
            let #state = #bencher.__shared();
            let #state: &#ty = #krate::__private::state(&#state);
        });
        extra.push(quote!(#state));
    }
    if f.thread.tid {
        extra.push(quote!(#bencher.thread_index()));
    }
    let run_body = match &f.shape {
        Shape::Plain => quote!(#bencher.iter(|| #ident #turbofish())),
        Shape::Bencher => quote!(#bind #ident #turbofish(#bencher #(, #extra)*)),
        // A complexity bench's index is its input size n.
        Shape::BencherArg { .. } if attr.complexity.is_some() => {
            quote!(#ident #turbofish(#bencher, #index))
        }
        Shape::BencherArg { .. } => {
            quote!(#bind #ident #turbofish(#bencher, __zenbench_arg(#index) #(, #extra)*))
        }
    };
    let setup_fn = match (&attr.contended, &f.thread.state) {
        (Some((_, path)), Some(ty)) => {
            let path_span = first_span(path);
            let call = quote_spanned!(path_span=> (#path)());
            quote! {
                fn __zenbench_setup() -> #krate::__private::Shared {
                    let state: #ty = #call;
                    ::std::sync::Arc::new(state)
                }
            }
        }
        _ => TokenStream::new(),
    };
    let contended = option(attr.contended.as_ref().map(|_| quote!(__zenbench_setup)));
    let threads = option(attr.threads.as_ref().map(|(_, threads)| match threads {
        Threads::Counts(counts) => quote!(&[#(#counts),*]),
        Threads::Computed(expr) => quote!(#krate::__private::ThreadCounts(#expr).counts()),
    }));
    let scaling = attr.scaling.is_some();
    let complexity = option(attr.complexity.as_ref().map(|(_, model)| quote!(#model)));
    let variant_label = option(variant.label.as_ref().map(|_| quote!(__zenbench_variant)));
    let variant_fn = variant.label.as_ref().map(|label| {
        quote! {
            fn __zenbench_variant() -> ::std::string::String {
                #label
            }
        }
    });
    let variant_index = Literal::u32_unsuffixed(variant.index);
    let absent = &variant.absent;
    let run_fn = quote! {
        #[allow(unused_variables)]
        fn __zenbench_run(#bencher: &mut #krate::__private::Bencher, #index: usize) {
            #run_body;
        }
    };

    let throughput_fn = attr.throughput.as_ref().map(|t| {
        throughput_fn(
            &krate,
            t,
            &f.shape,
            &index,
            attr.complexity.is_some(),
            &variant.bind,
        )
    });

    let (arg_names, throughput) = (
        option(attr.args.as_ref().map(|_| quote!(__zenbench_arg_names))),
        option(
            throughput_fn
                .as_ref()
                .map(|_| quote!(__zenbench_throughput)),
        ),
    );
    let group = option(attr.group.as_ref().map(ToTokens::to_token_stream));
    let (baseline, ignore) = (attr.baseline, attr.ignore);
    let options = attr.options_tokens();
    // Spanned at the fn name, so `line!()` is the line of the fn, not of the attribute.
    let file = quote_spanned!(span=> ::core::file!());
    let line = quote_spanned!(span=> ::core::line!());
    let column = quote_spanned!(span=> ::core::column!());

    quote! {
        #[allow(clippy::needless_update)]
        const _: () = {
            #arg_fns
            #run_fn
            #throughput_fn
            #setup_fn
            #variant_fn

            // Every field may be set; `..DEFAULT` stays for fields added later
            // (the `allow` is on the `const` above).
            #krate::__private::inventory::submit! {
            #krate::__private::BenchEntry {
                name: #name,
                module_path: ::core::module_path!(),
                file: #file,
                line: #line,
                column: #column,
                group: #group,
                baseline: #baseline,
                ignore: #ignore,
                options: #options,
                arg_names: #arg_names,
                run: __zenbench_run,
                throughput: #throughput,
                threads: #threads,
                scaling: #scaling,
                contended: #contended,
                complexity: #complexity,
                variant: #variant_label,
                variant_index: #variant_index,
                absent: #absent,
                ..#krate::__private::BenchEntry::DEFAULT
            }
            }
        };
    }
}

/// `fn __zenbench_throughput(index) -> Throughput`; in an args bench the arg
/// is first bound to the fn's own parameter pattern, so `EXPR` can use it.
fn throughput_fn(
    krate: &TokenStream,
    t: &ThroughputOpt,
    shape: &Shape,
    index: &Ident,
    sized: bool,
    generic: &TokenStream,
) -> TokenStream {
    let count = Ident::new("__zenbench_count", Span::mixed_site());
    let (variant, value) = match &t.value {
        Value::Lit(_, written) => (
            throughput_variant(krate, t.kind, first_span(written)),
            t.value.to_token_stream(),
        ),
        Value::Expr(e) => (
            throughput_variant(krate, t.kind, first_span(e)),
            quote!(#count as u64),
        ),
    };
    let bind_count = match &t.value {
        Value::Expr(e) => quote!(let #count = #e;),
        Value::Lit(..) => TokenStream::new(),
    };
    let bind_arg = match shape {
        Shape::BencherArg { pat, ty } if sized => quote!(let #pat: #ty = #index;),
        Shape::BencherArg { pat, ty } => quote!(let #pat: #ty = __zenbench_arg(#index);),
        Shape::Plain | Shape::Bencher => TokenStream::new(),
    };
    quote! {
        #[allow(unused_variables, unused_mut)]
        fn __zenbench_throughput(#index: usize) -> #krate::__private::Throughput {
            #generic
            #bind_arg
            #bind_count
            #variant(#value)
        }
    }
}

/// `Some(x)` or `None`, fully qualified.
fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// The span of the first token, for errors about a whole type or expression.
pub(crate) fn first_span(tokens: &impl ToTokens) -> Span {
    tokens
        .to_token_stream()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(attr: TokenStream, item: TokenStream) -> String {
        bench(attr, item).unwrap().to_string()
    }

    #[test]
    fn item_is_kept_as_written() {
        let out = expand(
            quote!(),
            quote!(
                #[inline(never)]
                pub fn f() -> u64 {
                    41 + 1
                }
            ),
        );
        assert!(
            out.starts_with("# [inline (never)] pub fn f () -> u64 { 41 + 1 }"),
            "{out}"
        );
    }

    #[test]
    fn plain_form_iterates_the_fn() {
        let out = expand(
            quote!(),
            quote!(
                fn f() -> u64 {
                    1
                }
            ),
        );
        assert!(out.contains("fn __zenbench_run (__zenbench_bencher : & mut :: zenbench :: __private :: Bencher , __zenbench_index : usize) { __zenbench_bencher . iter (|| f ()) ; }"), "{out}");
        assert!(out.contains("name : \"f\""), "{out}");
        assert!(
            out.contains("arg_names : :: core :: option :: Option :: None"),
            "{out}"
        );
        assert!(
            out.contains(".. :: zenbench :: __private :: BenchEntry :: DEFAULT"),
            "{out}"
        );
    }

    #[test]
    fn raw_idents_are_named_without_r_hash() {
        let out = expand(
            quote!(),
            quote!(
                fn r#match() {}
            ),
        );
        assert!(out.contains("name : \"match\""), "{out}");
        assert!(out.contains("|| r#match ()"), "{out}");
    }

    #[test]
    fn args_form_indexes_a_match() {
        let out = expand(
            quote!(args = [64, 4096], bytes = len * 2),
            quote!(
                fn hash(b: &mut Bencher, len: usize) {}
            ),
        );
        assert!(out.contains("fn __zenbench_arg (__zenbench_index : usize) -> usize { match __zenbench_index { 0 => return 64 , 1 => return 4096 ,"), "{out}");
        assert!(
            out.contains("hash (__zenbench_bencher , __zenbench_arg (__zenbench_index))"),
            "{out}"
        );
        assert!(out.contains("let len : usize = __zenbench_arg (__zenbench_index) ; let __zenbench_count = len * 2 ; :: zenbench :: __private :: Throughput :: Bytes (__zenbench_count as u64)"), "{out}");
        assert!(
            out.contains("arg_names : :: core :: option :: Option :: Some (__zenbench_arg_names)"),
            "{out}"
        );
        assert!(
            out.contains(
                "throughput : :: core :: option :: Option :: Some (__zenbench_throughput)"
            ),
            "{out}"
        );
    }

    #[test]
    fn complexity_form_passes_n_and_the_model() {
        let out = expand(
            quote!(
                complexity = "n log n",
                ceiling = 1 << 20,
                cache = "cold",
                elements = n
            ),
            quote!(
                fn sort_n(b: &mut Bencher, n: usize) {}
            ),
        );
        assert!(
            out.contains("{ sort_n (__zenbench_bencher , __zenbench_index) ; }"),
            "{out}"
        );
        assert!(
            out.contains("complexity : :: core :: option :: Option :: Some (\"n log n\")"),
            "{out}"
        );
        assert!(out.contains("let n : usize = __zenbench_index ;"), "{out}");
        assert!(
            out.contains(". cache (:: zenbench :: __private :: CacheMode :: Cold)"),
            "{out}"
        );
        assert!(out.contains(". ceiling (1 << 20)"), "{out}");
    }

    #[test]
    fn types_and_consts_make_one_entry_each() {
        let out = expand(
            quote!(types = [u8, Vec<u8>, &'static str], bytes = std::mem::size_of::<T>()),
            quote!(
                fn f<T: Default>(b: &mut Bencher) {}
            ),
        );
        assert_eq!(out.matches("inventory :: submit !").count(), 3, "{out}");
        assert!(out.contains("f :: < u8 > (__zenbench_bencher)"), "{out}");
        assert!(
            out.contains("f :: < Vec < u8 > > (__zenbench_bencher)"),
            "{out}"
        );
        assert!(out.contains("String :: from (\"Vec<u8>\")"), "{out}");
        assert!(out.contains("String :: from (\"&'static str\")"), "{out}");
        assert!(out.contains("type T = u8 ;"), "{out}");
        assert!(out.contains("variant_index : 2"), "{out}");
        let out = expand(
            quote!(consts = [1, 8]),
            quote!(
                fn g<const N: usize>(b: &mut Bencher) {}
            ),
        );
        assert!(out.contains("g :: < { 8 } > (__zenbench_bencher)"), "{out}");
        assert!(
            out.contains("const __ZENBENCH_VALUE : usize = 8 ;"),
            "{out}"
        );
        assert_eq!(type_label("HashMap < u8 , String >"), "HashMap<u8, String>");
        assert_eq!(type_label("fnv :: FnvHasher"), "fnv::FnvHasher");
    }

    #[test]
    fn literal_throughput_is_a_u64_literal() {
        let out = expand(
            quote!(elements = 1000),
            quote!(
                fn f() {}
            ),
        );
        assert!(
            out.contains(":: zenbench :: __private :: Throughput :: Elements (1000u64)"),
            "{out}"
        );
    }

    #[test]
    fn crate_option_replaces_every_zenbench_path() {
        let out = expand(
            quote!(
                crate = ::divan::__private::zenbench,
                args = LENS,
                threads = THREADS,
                bytes = n,
                group = GROUP,
                name = NAME
            ),
            quote!(
                fn f(b: &mut Bencher, n: usize) {}
            ),
        );
        let without = out.replace(":: divan :: __private :: zenbench ::", "");
        assert!(!without.contains(":: zenbench"), "{out}");
        assert!(
            out.contains(":: divan :: __private :: zenbench :: __private :: inventory :: submit !"),
            "{out}"
        );
        assert!(out.contains("name : NAME"), "{out}");
        assert!(
            out.contains("group : :: core :: option :: Option :: Some (GROUP)"),
            "{out}"
        );
        assert!(out.contains("ThreadCounts (THREADS) . counts ()"), "{out}");
    }

    #[test]
    fn computed_args_are_collected_once_and_handed_on() {
        let out = expand(
            quote!(args = LENS),
            quote!(
                fn f(b: &mut Bencher, s: &str) {}
            ),
        );
        assert!(
            out.contains("static __ZENBENCH_ARGS : :: zenbench :: __private :: ComputedArgs"),
            "{out}"
        );
        assert!(out.contains("__ZENBENCH_ARGS . items (|| LENS)"), "{out}");
        assert!(
            out.contains("IntoArg :: < & 'static str > :: into_arg"),
            "{out}"
        );
        assert!(
            out.contains("f (__zenbench_bencher , __zenbench_arg (__zenbench_index))"),
            "{out}"
        );
    }

    #[test]
    fn group_name_and_flags() {
        let out = expand(
            quote!(group = "sort", baseline, ignore, name = "std sort"),
            quote!(
                fn f(b: &mut Bencher) {}
            ),
        );
        assert!(out.contains("name : \"std sort\""), "{out}");
        assert!(
            out.contains("group : :: core :: option :: Option :: Some (\"sort\")"),
            "{out}"
        );
        assert!(out.contains("baseline : true , ignore : true"), "{out}");
        assert!(out.contains("{ f (__zenbench_bencher) ; }"), "{out}");
    }
}
