//! The attribute's option parsing.

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
    assert_eq!(a.group.unwrap().literal().as_deref(), Some("sort"));
    assert_eq!(a.name.unwrap().literal().as_deref(), Some("std sort"));
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
    let ArgList::Listed(exprs) = args.list else {
        panic!("an array is a listed arg list")
    };
    let shown: Vec<String> = exprs
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

#[test]
fn args_that_are_not_an_array_are_computed_at_run_time() {
    for (tokens, shown) in [
        (quote!(args = LENS), "LENS"),
        (quote!(args = 1..=4), "1 ..= 4"),
        (quote!(args = lens()), "lens ()"),
        (quote!(args = { [1, 2] }), "{ [1 , 2] }"),
    ] {
        match parse(tokens).unwrap().args.unwrap().list {
            ArgList::Computed(e) => assert_eq!(e.to_token_stream().to_string(), shown),
            ArgList::Listed(_) => panic!("{shown} is computed"),
        }
    }
}

#[test]
fn names_and_groups_may_be_constant_expressions() {
    let a = parse(quote!(name = NAME, group = concat!("a", "b"))).unwrap();
    assert!(a.name.as_ref().unwrap().literal().is_none());
    assert_eq!(a.name.unwrap().to_token_stream().to_string(), "NAME");
    assert_eq!(
        a.group.unwrap().to_token_stream().to_string(),
        "concat ! (\"a\" , \"b\")"
    );
    assert_eq!(
        err(quote!(name = 4)),
        "expected a string literal, like `name = \"sort (std)\"`"
    );
}

#[test]
fn threads_that_are_not_written_out_are_computed() {
    let a = parse(quote!(threads = THREADS)).unwrap();
    assert!(matches!(a.threads, Some((_, Threads::Computed(_)))));
    let a = parse(quote!(threads = 4)).unwrap();
    assert!(matches!(a.threads, Some((_, Threads::Counts(c))) if c.len() == 1));
}

#[test]
fn crate_names_the_path_every_generated_path_starts_with() {
    let a = parse(quote!(
        complexity = "n",
        cache = "warm",
        crate = ::divan::__private::zenbench,
        max_time = 2
    ))
    .unwrap();
    assert_eq!(a.krate().to_string(), ":: divan :: __private :: zenbench");
    let s = a.options_tokens().to_string();
    assert!(
        s.contains(":: divan :: __private :: zenbench :: __private :: BenchOptions :: NONE"),
        "{s}"
    );
    assert!(
        s.contains(". cache (:: divan :: __private :: zenbench :: __private :: CacheMode :: Warm)"),
        "{s}"
    );
    let without = s.replace(":: divan :: __private :: zenbench ::", "");
    assert!(!without.contains(":: zenbench"), "{s}");
    assert_eq!(
        err(quote!(crate = "zenbench")),
        "expected a path to zenbench, like `crate = ::zenbench`"
    );
    assert_eq!(parse(quote!()).unwrap().krate().to_string(), ":: zenbench");
}
