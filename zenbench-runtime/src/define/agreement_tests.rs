//! One definition per option: the attribute, the command line, the
//! environment, `--help` and the book's option reference agree on every
//! group option, because they all come from the option table.

use super::cli::{help_text, parse};
use crate::define::entry::BenchEntry;
use crate::model::table::{BenchOptions, Rule, Value, GROUP_OPTIONS};

// Every group option set through the attribute, to the sample values below.
#[zenbench::bench(
    max_time = 2.5,
    min_rounds = 5,
    max_rounds = 5,
    noise_threshold = 0.25,
    target_precision = 0.25,
    cache_firewall,
    cold_start,
    linear_sampling
)]
fn every_group_option() -> u64 {
    1
}

// Every complexity option, to the same sample values.
#[zenbench::bench(
    complexity = "n",
    floor = 5,
    ceiling = 5,
    max_seconds_per_call = 2.5,
    outer_trials = 5,
    cache = "cold",
    batch_time = 2.5,
    warmup_fraction = 0.25,
    slope_tolerance = 2.5
)]
fn every_complexity_option(b: &mut crate::Bencher, n: usize) {
    b.iter(|| n)
}

/// A value the rule accepts, as text and typed.
fn good(rule: Rule) -> (Option<&'static str>, Value) {
    match rule {
        Rule::Switch => (None, Value::Bool(true)),
        Rule::Secs => (Some("2.5"), Value::F64(2.5)),
        Rule::Count { min } => {
            assert!(min <= 5, "the attribute above sets counts to 5");
            (Some("5"), Value::U64(5))
        }
        Rule::FractionFromZero | Rule::FractionOpen => (Some("0.25"), Value::F64(0.25)),
        Rule::Positive => (Some("2.5"), Value::F64(2.5)),
        Rule::Cache => (Some("cold"), Value::Cache(crate::CacheMode::Cold)),
    }
}

/// A value the rule refuses, as text and typed.
fn bad(rule: Rule) -> (&'static str, Option<Value>) {
    match rule {
        Rule::Switch => ("maybe", None),
        Rule::Secs => ("0", Some(Value::F64(0.0))),
        Rule::Count { min } => {
            let text: &'static str = Box::leak((min - 1).to_string().into_boxed_str());
            (text, Some(Value::U64(min - 1)))
        }
        Rule::FractionFromZero => ("1", Some(Value::F64(1.0))),
        Rule::FractionOpen | Rule::Positive => ("0", Some(Value::F64(0.0))),
        // Not a value of the type: nothing for the setter to refuse.
        Rule::Cache => ("lukewarm", None),
    }
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn entry(name: &str) -> &'static BenchEntry {
    crate::__private::ZENBENCH_ENTRIES
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entry {name}"))
}

#[test]
fn attribute_flag_and_variable_set_the_same_field_to_the_same_value() {
    let mut all = BenchOptions::NONE;
    for spec in GROUP_OPTIONS {
        let (text, typed) = good(spec.rule);
        let expected = (spec.set)(BenchOptions::NONE, typed);
        assert_ne!(expected, BenchOptions::NONE, "{}", spec.key);
        all = (spec.set)(all, typed);

        let flag = spec.flag();
        let mut args = vec![flag.clone()];
        args.extend(text.map(str::to_owned));
        let by_flag = parse(&args, &no_env).unwrap().config;
        assert_eq!(by_flag, expected, "{flag}");

        let var = spec.env_var();
        let value = text.unwrap_or("1").to_owned();
        let lookup = |name: &str| (name == var).then(|| value.clone());
        let by_env = parse(Vec::<String>::new(), &lookup).unwrap().config;
        assert_eq!(by_env, expected, "{var}");
    }
    // The attributes above set every option of the table, to the same values.
    let attribute = entry("every_group_option")
        .options
        .or(entry("every_complexity_option").options);
    assert_eq!(attribute, all);
}

#[test]
fn a_value_the_rule_refuses_is_refused_everywhere_with_the_same_words() {
    for spec in GROUP_OPTIONS {
        let (text, typed) = bad(spec.rule);
        let flag = spec.flag();
        let var = spec.env_var();
        if spec.value_name.is_some() {
            let err = parse([flag.as_str(), text], &no_env)
                .unwrap_err()
                .to_string();
            assert_eq!(
                err,
                format!(
                    "invalid value `{text}` for `{flag}`: expected {}",
                    spec.expected
                )
            );
        }
        let lookup = |name: &str| (name == var).then(|| text.to_owned());
        let err = parse(Vec::<String>::new(), &lookup)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!("invalid value `{text}` for `{var}`")),
            "{err}"
        );
        // The setter the attribute calls (at compile time) refuses it too.
        if let Some(typed) = typed {
            let set = spec.set;
            let panic = std::panic::catch_unwind(move || set(BenchOptions::NONE, typed))
                .expect_err(spec.key);
            let msg = panic.downcast_ref::<&str>().map(|s| s.to_string());
            let msg = msg
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap();
            assert_eq!(
                msg,
                format!("invalid `{}`: expected {}", spec.key, spec.expected)
            );
        }
    }
}

#[test]
fn help_lists_every_option_with_its_variable_and_default() {
    let help = help_text();
    for spec in GROUP_OPTIONS {
        let left = match spec.value_name {
            Some(v) => format!("{} {v}", spec.flag()),
            None => spec.flag(),
        };
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&left))
            .unwrap_or_else(|| panic!("no help line for {left}"));
        assert!(line.contains(spec.help), "{line}");
        if spec.value_name.is_some() {
            assert!(line.contains(&spec.default.replace('_', "")), "{line}");
        }
        assert!(help.contains(&spec.env_var()), "{}", spec.env_var());
    }
}

/// The book's table of group options, as the option table gives it.
fn book_table() -> String {
    let mut out = String::from(
        "| attribute | flag | variable | default | values | what it does |\n\
         |---|---|---|---|---|---|\n",
    );
    for spec in GROUP_OPTIONS {
        let flag = match spec.value_name {
            Some(v) => format!("`{} {v}`", spec.flag()),
            None => format!("`{}`", spec.flag()),
        };
        out.push_str(&format!(
            "| `{}` | {flag} | `{}` | `{}` | {} | {} |\n",
            spec.key,
            spec.env_var(),
            spec.default.replace('_', ""),
            spec.expected,
            spec.help.replace('|', "\\|"),
        ));
    }
    out
}

#[test]
fn the_books_option_reference_is_the_table() {
    let page = include_str!("../../../book/src/reference/options.md");
    let table = book_table();
    assert!(
        page.contains(&table),
        "book/src/reference/options.md is out of date; its group-option table should read:\n\n{table}"
    );
    for flag in super::cli::all_flag_names() {
        assert!(
            page.contains(&format!("`--{flag}")),
            "the page does not mention --{flag}"
        );
    }
}
