//! Command-line parser tests: table.

use super::*;

// --- the table and the help --------------------------------------------

#[test]
fn table_names_are_unique_and_well_formed() {
    for (i, a) in FLAGS.iter().enumerate() {
        assert!(
            a.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            a.name
        );
        for b in &FLAGS[i + 1..] {
            assert_ne!(a.name, b.name);
            assert!(
                a.short.is_none() || a.short != b.short,
                "{} {}",
                a.name,
                b.name
            );
        }
    }
}

#[test]
fn every_supported_row_has_a_match_arm() {
    for flag in FLAGS.iter().filter(|f| f.support == Support::Yes) {
        let sample = match flag.value {
            None => Value::Switch(true),
            Some("SECS") => Value::Text("1"),
            Some("N") => Value::Text("3"),
            Some("F") => Value::Text("0.5"),
            Some("FORMAT") => Value::Text("json"),
            Some("WHEN") => Value::Text("never"),
            Some("KIND") => Value::Text("os"),
            Some("LIST") => Value::Text("1,2"),
            Some("NAME") => Value::Text("main"),
            Some("PCT") => Value::Text("2.5"),
            Some("MODE") => Value::Text("cold"),
            Some("WHAT") => Value::Text("instructions"),
            Some("X") => Value::Text("0.5"),
            Some("PART") => Value::Text("hash:1/2"),
            Some(_) => Value::Text("x"),
        };
        let mut opts = d();
        apply(&mut opts, flag, sample, &Source::Flag(flag.name)).unwrap();
        if flag.name != "test" {
            assert_ne!(opts, d(), "--{} changed nothing", flag.name);
        }
    }
}

#[test]
fn help_documents_every_flag_variable_and_exit_code() {
    let help = help_text();
    for flag in FLAGS.iter() {
        assert!(help.contains(&flag.long()), "{}", flag.name);
        if let Some(value) = flag.value {
            assert!(
                help.contains(&format!("--{} {value}", flag.name)),
                "{}",
                flag.name
            );
        }
        if let Some(c) = flag.short {
            assert!(help.contains(&format!("-{c}, --{}", flag.name)));
        }
        if flag.env && flag.support == Support::Yes {
            assert!(help.contains(&flag.env_var()), "{}", flag.env_var());
        }
    }
    assert!(help.contains("| bmf | html | terse"));
    for needle in [
        "Exit codes",
        "  0  success",
        "  1  a regression",
        "  2  usage",
        "FILTER",
        "`--`",
    ] {
        assert!(help.contains(needle), "{needle}");
    }
    for line in help.lines() {
        assert!(line.len() <= 100, "too long: {line}");
        assert_eq!(line, line.trim_end(), "trailing space: {line:?}");
    }
}

#[test]
fn edit_distance_counts_swaps_as_one() {
    assert_eq!(edit_distance("", ""), 0);
    assert_eq!(edit_distance("abc", ""), 3);
    assert_eq!(edit_distance("", "ab"), 2);
    assert_eq!(edit_distance("max-tme", "max-time"), 1);
    assert_eq!(edit_distance("bnech", "bench"), 1);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("ca", "abc"), 3);
}

#[test]
fn error_is_a_std_error_with_its_message() {
    let e = parse(["--nope"], &no_env).unwrap_err();
    let as_dyn: &dyn std::error::Error = &e;
    assert_eq!(as_dyn.to_string(), e.to_string());
    assert!(matches!(e, Error::Usage(_)));
    assert_eq!(e.exit_code(), 2);
}
