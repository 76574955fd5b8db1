//! The runtime's layers import one way only. Each folder of `src/` is a
//! layer; a layer's code may name (`crate::…`) only the layers this matrix
//! allows it, so nothing reaches up and no two stages import each other.
//! Test code (`#[cfg(test)]` modules and files) may use anything.
//!
//! | layer | holds | may import |
//! |---|---|---|
//! | model | result types, the option table and values, `Throughput`, the error type, serde helpers | — |
//! | measure | timer, `Bencher`, stack, firewall, alloc, calibration, gate, testbed | model |
//! | define | registry, command line, `Suite` builders | model, measure |
//! | plan | filtering and expansion | model, measure, define |
//! | engine | rounds, schedule, samples, convergence, executors, replay | model, measure, define, plan |
//! | report | renderers of a result | model |
//! | store | baselines, history, atomic files | model |
//! | process | orchestration, workers, children, watchdog, ladders, instructions | all of the above |
//! | entry | `lib.rs`, `__private` (`private/`), `tool/`, the fuzz entry points | everything |

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each layer and the layers it may import (besides itself).
const MATRIX: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("measure", &["model"]),
    ("define", &["model", "measure"]),
    ("plan", &["model", "measure", "define"]),
    ("engine", &["model", "measure", "define", "plan"]),
    ("report", &["model"]),
    ("store", &["model"]),
    (
        "process",
        &[
            "model", "measure", "define", "plan", "engine", "report", "store",
        ],
    ),
];

/// Top-level items of `src/` that are the entry layer.
const ENTRY: &[&str] = &["lib", "private", "__private", "tool", "fuzzing", "bin"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The layer of a file: its first folder (or file stem) under `src/`.
fn layer_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The layer a root re-export (`crate::Error`) comes from, read from
/// `lib.rs`'s `pub use` lines.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let joined = lib.replace('\n', " ");
    for stmt in joined.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module = rest.split("::").next().unwrap_or("").trim().to_owned();
        let names = match (rest.find('{'), rest.rfind('}')) {
            (Some(a), Some(b)) => rest[a + 1..b].to_owned(),
            _ => rest.rsplit("::").next().unwrap_or("").to_owned(),
        };
        for name in names.split(',') {
            let name = name.split(" as ").last().unwrap().trim();
            if !name.is_empty() {
                map.insert(name.to_owned(), module.clone());
            }
        }
    }
    map
}

/// The text of `file` without its `#[cfg(test)]` items and its comments,
/// as (line number, line) pairs; and the names of the modules it declares
/// under `#[cfg(test)]` (whole files of test code).
fn code_lines(text: &str) -> (Vec<(usize, String)>, BTreeSet<String>) {
    let mut out = Vec::new();
    let mut test_mods = BTreeSet::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let t = line.trim();
        if t == "#[cfg(test)]" {
            // Skip the item that follows: a `mod x;` (noted), or a block.
            let mut depth = 0i32;
            let mut opened = false;
            for (_, next) in lines.by_ref() {
                let n = next.trim();
                // `mod x;` at any visibility (a fixture other tests use).
                let declared = ["pub(crate) ", "pub(super) ", "pub "]
                    .iter()
                    .find_map(|v| n.strip_prefix(v))
                    .unwrap_or(n);
                if !opened && declared.starts_with("mod ") && n.ends_with(';') {
                    let name = declared.trim_start_matches("mod ").trim_end_matches(';');
                    test_mods.insert(name.trim().to_owned());
                    break;
                }
                if n.starts_with("#[") && !opened {
                    continue;
                }
                depth += next.matches('{').count() as i32 - next.matches('}').count() as i32;
                opened |= next.contains('{');
                if (opened && depth <= 0) || (!opened && n.ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        if t.starts_with("//") {
            continue;
        }
        let code = match line.find("//") {
            // A `//` inside a string would cut it short; good enough for
            // import paths, which come before any comment on their line.
            Some(at) => &line[..at],
            None => line,
        };
        out.push((i + 1, code.to_owned()));
    }
    (out, test_mods)
}

/// Every `.rs` file under `dir` that is not test code.
fn files(dir: &Path, rel: &Path, skip: &BTreeSet<PathBuf>, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let r = rel.join(&name);
        if skip.contains(&r) {
            continue;
        }
        if e.path().is_dir() {
            files(&e.path(), &r, skip, out);
        } else if name.ends_with(".rs") {
            out.push(r);
        }
    }
}

/// The modules named by `crate::` paths on a line: `crate::engine::x`
/// gives `engine`, `crate::Error` the layer it is re-exported from.
fn named_layers(line: &str, reexports: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `zenbench_crate::`, not ours
        }
        let segment: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let module = reexports.get(&segment).cloned().unwrap_or(segment);
        found.push((module, format!("crate::{path}")));
    }
    found
}

#[test]
fn no_layer_imports_from_a_layer_it_may_not() {
    let root = src();
    let reexports = root_reexports(&fs::read_to_string(root.join("lib.rs")).unwrap());
    let allowed: BTreeMap<&str, &[&str]> = MATRIX.iter().copied().collect();
    // First pass: which files are test modules (declared under cfg(test)).
    let mut all = Vec::new();
    files(&root, Path::new(""), &BTreeSet::new(), &mut all);
    let mut test_files = BTreeSet::new();
    for rel in &all {
        let (_, mods) = code_lines(&fs::read_to_string(root.join(rel)).unwrap());
        let dir = match rel.file_name().and_then(|f| f.to_str()) {
            Some("mod.rs") | Some("lib.rs") => rel.parent().unwrap().to_path_buf(),
            _ => rel.with_extension(""),
        };
        for m in mods {
            test_files.insert(dir.join(format!("{m}.rs")));
            test_files.insert(dir.join(&m));
        }
    }
    let mut code_files = Vec::new();
    files(&root, Path::new(""), &test_files, &mut code_files);
    let mut layers_seen = BTreeSet::new();
    let mut offences = Vec::new();
    for rel in &code_files {
        let layer = layer_of(rel);
        if ENTRY.contains(&layer.as_str()) {
            continue;
        }
        let Some(may) = allowed.get(layer.as_str()) else {
            offences.push(format!(
                "src/{}: `{layer}` is in no layer of the matrix",
                rel.display()
            ));
            continue;
        };
        layers_seen.insert(layer.clone());
        let (lines, _) = code_lines(&fs::read_to_string(root.join(rel)).unwrap());
        for (n, line) in lines {
            for (module, path) in named_layers(&line, &reexports) {
                if module == layer || may.contains(&module.as_str()) {
                    continue;
                }
                offences.push(format!(
                    "src/{}:{n}: {layer} may not import {module} (`{path}`): {}",
                    rel.display(),
                    line.trim()
                ));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "imports against the layer matrix (tests/layers.rs):\n{}",
        offences.join("\n")
    );
    let expected: BTreeSet<String> = MATRIX.iter().map(|(l, _)| l.to_string()).collect();
    assert_eq!(layers_seen, expected, "every layer of the matrix has code");
}

#[test]
fn the_checker_sees_an_upward_import_and_ignores_test_code() {
    let reexports = root_reexports(
        "pub use model::error::Error;\npub use define::registry::{Group, Suite as S};",
    );
    assert_eq!(reexports["Error"], "model");
    assert_eq!(reexports["S"], "define");
    let text = "use crate::engine::StartLine;\n\
                // crate::process in a comment\n\
                fn f() -> crate::Error { todo!() }\n\
                #[cfg(test)]\nmod tests {\n    use crate::process::x;\n}\n\
                #[cfg(test)]\nmod fixture;\n\
                #[cfg(test)]\npub(crate) mod shared;\n";
    let (lines, test_mods) = code_lines(text);
    let named: Vec<String> = lines
        .iter()
        .flat_map(|(_, l)| named_layers(l, &reexports))
        .map(|(m, _)| m)
        .collect();
    assert_eq!(named, ["engine", "model"]);
    assert_eq!(
        test_mods,
        BTreeSet::from(["fixture".to_owned(), "shared".to_owned()])
    );
    assert!(named_layers("zenbench_crate::engine", &reexports).is_empty());
}
