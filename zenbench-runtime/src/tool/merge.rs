//! `zenbench merge`: the results of a partitioned run's parts (each a
//! `--partition K/N` run on a machine of its own) joined into one result,
//! as one run of the whole suite would have written it.

use super::usage;
use crate::model::order::stable_order;
use crate::model::result::{Merged, Partition, RunMode, SuiteResult};
use crate::store::{read_result, write_atomically};
use crate::Error;
use std::path::{Path, PathBuf};

pub(super) const USAGE: &str = "\
Usage: zenbench merge PART.json... [--output FILE] [--force]

Joins the results of the parts of one partitioned run (each part a
`cargo bench -- --partition hash:K/N --format json --output part-K.json`,
or a baseline saved by it) into one result, as one run of the whole suite
would have written it: the groups and complexity verdicts of every file,
sorted by name, with the per-round samples the files hold; the run's identity
(commit, machine, timer, run id, seed) is the first file's. The result has no
`partition` and no `against` block, and a `merged` block says how many files
it joined.

Refused (exit code 2): a group or complexity bench in two files, a smoke
test with a measured run, files of different commits (`git_hash`) or
machines (CPU, arch, OS, core counts), and a file that is not a result.

Options:
  --output FILE   write the merged result to FILE, atomically [default: stdout]
  --force         merge files of different commits or machines too: the first
                  file's stand, and `merged.forced` lists the differences
";

/// `zenbench merge FILES… [--output FILE] [--force]`: what to print on
/// stdout (the merged JSON, or nothing when it went to `--output`).
pub(super) fn merge(args: &[&str]) -> Result<String, Error> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut output: Option<PathBuf> = None;
    let mut force = false;
    let mut it = args.iter();
    while let Some(&arg) = it.next() {
        match arg.split_once('=') {
            Some(("--output", path)) => output = Some(output_path(path)?),
            _ if arg == "--output" => {
                let path = it
                    .next()
                    .ok_or_else(|| usage("`--output` needs a value (FILE)"))?;
                output = Some(output_path(path)?);
            }
            _ if arg == "--force" => force = true,
            _ if arg.starts_with("--") => {
                return Err(usage(&format!(
                    "unknown option `{}` for merge; run `zenbench merge --help`",
                    crate::model::error::one_line(arg)
                )))
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    if files.is_empty() {
        return Err(usage(
            "usage: zenbench merge PART.json... [--output FILE] [--force]",
        ));
    }
    let mut parts = Vec::with_capacity(files.len());
    for path in files {
        let result: SuiteResult = read_result(&path)?;
        parts.push((path, result));
    }
    let (merged, warnings) = merge_results(parts, force)?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    let text = merged.to_json_with_samples();
    match output {
        Some(path) => {
            write_atomically(&path, text.as_bytes()).map_err(|e| Error::io(&path, e))?;
            let files = merged.merged.as_ref().map_or(0, |m| m.files);
            eprintln!(
                "zenbench: merged {files} files ({} groups) into {}",
                merged.groups.len(),
                path.display()
            );
            Ok(String::new())
        }
        None => Ok(text),
    }
}

fn output_path(path: &str) -> Result<PathBuf, Error> {
    if path.is_empty() {
        return Err(usage(
            "invalid value `` for `--output`: expected a file path",
        ));
    }
    Ok(PathBuf::from(path))
}

/// A commit as a message names it: its first 12 digits.
fn commit(hash: Option<&str>) -> String {
    match hash {
        Some(h) => {
            let short: String = h.chars().take(12).collect();
            format!("commit {}", crate::model::error::one_line(&short))
        }
        None => "no commit".to_owned(),
    }
}

/// What `parts` (each with the file it came from) make as one result, and
/// the warnings to print. Without `force`, files of another commit or
/// machine than the first are refused; with it, they are recorded in
/// `merged.forced`.
pub(super) fn merge_results(
    parts: Vec<(PathBuf, SuiteResult)>,
    force: bool,
) -> Result<(SuiteResult, Vec<String>), Error> {
    let Some((first_path, first)) = parts.first() else {
        return Err(usage("no result to merge"));
    };
    let data = |path: &Path, message: String| Error::Data {
        path: path.to_owned(),
        message,
    };
    let shown = |path: &Path| crate::model::error::one_line(&path.display().to_string());
    let mut forced = Vec::new();
    for (path, r) in &parts[1..] {
        if r.mode != first.mode {
            let what = |m: RunMode| match m {
                RunMode::Test => "a smoke test",
                _ => "a measured run",
            };
            return Err(data(
                path,
                format!(
                    "is {} and `{}` {}: a merge joins the parts of one run",
                    what(r.mode),
                    shown(first_path),
                    what(first.mode)
                ),
            ));
        }
        let mut differences = Vec::new();
        if r.git_hash != first.git_hash {
            differences.push(format!(
                "{} (`{}`: {})",
                commit(r.git_hash.as_deref()),
                shown(first_path),
                commit(first.git_hash.as_deref())
            ));
        }
        let machine = first.testbed.differences(&r.testbed);
        if !machine.is_empty() {
            differences.push(format!("another machine ({})", machine.join(", ")));
        }
        if differences.is_empty() {
            continue;
        }
        let line = differences.join("; ");
        if !force {
            return Err(data(
                path,
                format!("is of {line}: not a part of the same run (--force merges it anyway)"),
            ));
        }
        forced.push(format!("`{}`: {line}", shown(path)));
    }

    let (paths, results): (Vec<PathBuf>, Vec<SuiteResult>) = parts.into_iter().unzip();
    let twice = |what: &str, name: &str, a: usize, b: usize| {
        data(
            &paths[b],
            format!(
                "holds {what} `{}`, which `{}` holds too: each group is measured by one part",
                crate::model::error::one_line(name),
                shown(&paths[a])
            ),
        )
    };
    let mut warnings = Vec::new();
    if let Some(line) = missing_parts(&results) {
        warnings.push(line);
    }
    if results.iter().any(|r| r.against.is_some()) {
        warnings.push(
            "the parts' comparisons with a baseline (`against`) are left out: compare the \
             merged result with `zenbench compare`"
                .to_owned(),
        );
    }

    // Every group and complexity verdict, with the index of its file, in
    // name order; a name met twice is refused.
    let mut groups = Vec::new();
    let mut complexity = Vec::new();
    let mut failures = Vec::new();
    let mut wall_time_s = 0.0;
    let files = results.len();
    let mut results = results.into_iter().enumerate();
    let (_, mut merged) = results.next().expect("at least one part");
    let mut take = |i: usize, r: &mut SuiteResult| {
        groups.extend(r.groups.drain(..).map(|g| (i, g)));
        complexity.extend(r.complexity.drain(..).map(|c| (i, c)));
        failures.append(&mut r.repetition.failures);
        if r.wall_time_s.is_finite() {
            wall_time_s += r.wall_time_s;
        }
    };
    take(0, &mut merged);
    for (i, mut r) in results {
        take(i, &mut r);
    }
    let group_names: Vec<&str> = groups.iter().map(|(_, g)| g.name.as_str()).collect();
    let order = in_name_order(&group_names, &|a, b| {
        twice("group", group_names[b], groups[a].0, groups[b].0)
    })?;
    let cx_names: Vec<&str> = complexity.iter().map(|(_, c)| c.name.as_str()).collect();
    let cx_order = in_name_order(&cx_names, &|a, b| {
        twice(
            "complexity bench",
            cx_names[b],
            complexity[a].0,
            complexity[b].0,
        )
    })?;
    let mut groups: Vec<Option<_>> = groups.into_iter().map(|(_, g)| Some(g)).collect();
    let mut complexity: Vec<Option<_>> = complexity.into_iter().map(|(_, c)| Some(c)).collect();
    merged.groups = order.iter().filter_map(|&k| groups[k].take()).collect();
    merged.complexity = cx_order
        .iter()
        .filter_map(|&k| complexity[k].take())
        .collect();
    merged.repetition.failures = failures;
    merged.wall_time_s = wall_time_s;
    merged.partition = None;
    merged.against = None;
    merged.merged = Some(Merged {
        files: u32::try_from(files).unwrap_or(u32::MAX),
        forced,
    });
    Ok((merged, warnings))
}

/// The indices of `names` in name order; the error of the first name met
/// twice (`refuse(earlier, later)`, by index).
fn in_name_order(
    names: &[&str],
    refuse: &dyn Fn(usize, usize) -> Error,
) -> Result<Vec<usize>, Error> {
    let order = stable_order(names.len(), &|a, b| names[a].cmp(names[b]));
    for pair in order.windows(2) {
        if names[pair[0]] == names[pair[1]] {
            return Err(refuse(pair[0], pair[1]));
        }
    }
    Ok(order)
}

/// A warning when the files are parts of one partition with some part
/// missing or given twice, or of different partitions; `None` when they are
/// all its parts, or not all parts of a partition.
fn missing_parts(results: &[SuiteResult]) -> Option<String> {
    let mut parts = Vec::with_capacity(results.len());
    for r in results {
        parts.push(r.partition?);
    }
    let first = parts[0];
    if parts
        .iter()
        .any(|p| p.how != first.how || p.total != first.total)
    {
        let named: Vec<String> = parts.iter().map(Partition::to_string).collect();
        return Some(format!(
            "the files are parts of different partitions ({})",
            named.join(", ")
        ));
    }
    let mut missing = Vec::new();
    let mut twice = Vec::new();
    for index in 1..=first.total {
        match parts.iter().filter(|p| p.index == index).count() {
            0 => missing.push(index.to_string()),
            1 => {}
            _ => twice.push(index.to_string()),
        }
    }
    let kind = format!("{}:K/{}", first.how.name(), first.total);
    match (missing.is_empty(), twice.is_empty()) {
        (true, true) => None,
        (false, _) => Some(format!(
            "part {} of {kind} is missing: the merged result lacks its groups",
            missing.join(", ")
        )),
        (true, false) => Some(format!(
            "part {} of {kind} is given twice",
            twice.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{bench_suite, smoke_suite};

    /// `bench_suite` cut in two by group: the even groups and the odd
    /// ones, as parts 1 and 2 of `count:K/2`.
    fn halves() -> Vec<(PathBuf, SuiteResult)> {
        let whole = bench_suite();
        let mut parts = Vec::new();
        for k in 0..2 {
            let mut r = whole.clone();
            r.groups = whole.groups.iter().skip(k).step_by(2).cloned().collect();
            r.complexity = if k == 0 {
                whole.complexity.clone()
            } else {
                Vec::new()
            };
            r.partition = Some(format!("count:{}/2", k + 1).parse().unwrap());
            parts.push((PathBuf::from(format!("part-{}.json", k + 1)), r));
        }
        parts
    }

    fn names(r: &SuiteResult) -> Vec<&str> {
        r.groups.iter().map(|g| g.name.as_str()).collect()
    }

    #[test]
    fn the_parts_make_the_whole_in_name_order() {
        let whole = bench_suite();
        let mut parts = halves();
        parts.reverse();
        let (merged, warnings) = merge_results(parts, false).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let mut want: Vec<&str> = names(&whole);
        want.sort_unstable();
        assert_eq!(names(&merged), want);
        // Copied whole, samples too (compared as JSON: NaN is not NaN).
        use crate::model::json::to_pretty as json;
        for g in &merged.groups {
            let same = whole.groups.iter().find(|w| w.name == g.name).unwrap();
            assert_eq!(json(g), json(same));
        }
        assert_eq!(json(&merged.complexity), json(&whole.complexity));
        assert_eq!(merged.partition, None);
        let m = merged.merged.as_ref().unwrap();
        assert_eq!((m.files, m.forced.len()), (2, 0));
        // It reads back as a result, and its JSON says it was merged.
        let back = SuiteResult::from_json(&merged.to_json_with_samples()).unwrap();
        assert_eq!(back.merged, merged.merged);
        assert_eq!(back.groups.len(), whole.groups.len());
    }

    #[test]
    fn a_missing_part_and_a_part_with_a_comparison_are_warned_about() {
        let mut parts = halves();
        parts.pop();
        let (_, warnings) = merge_results(parts, false).unwrap();
        assert_eq!(
            warnings,
            ["part 2 of count:K/2 is missing: the merged result lacks its groups"]
        );
        let mut parts = halves();
        parts[1].1.partition = Some("hash:2/2".parse().unwrap());
        parts[0].1.against = crate::report::fixture::bench_suite_against().against;
        let (merged, warnings) = merge_results(parts, false).unwrap();
        assert!(merged.against.is_none());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("different partitions (count:1/2, hash:2/2)"));
        assert!(warnings[1].contains("`against`"));
    }

    #[test]
    fn a_group_in_two_files_is_refused_naming_both() {
        let mut parts = halves();
        let dup = parts[0].1.groups[0].clone();
        parts[1].1.groups.push(dup.clone());
        let err = merge_results(parts, true).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "`part-2.json`: holds group `{}`, which `part-1.json` holds too: each group is \
                 measured by one part",
                dup.name
            )
        );
        assert_eq!(err.exit_code(), 2);
        let mut parts = halves();
        parts[1].1.complexity = parts[0].1.complexity.clone();
        let err = merge_results(parts, false).unwrap_err().to_string();
        assert!(err.contains("holds complexity bench"), "{err}");
    }

    #[test]
    fn another_commit_or_machine_is_refused_unless_forced() {
        let mut parts = halves();
        parts[0].1.git_hash = Some("a".repeat(40));
        parts[1].1.git_hash = Some("b".repeat(40));
        let err = merge_results(parts.clone(), false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`part-2.json`: is of commit bbbbbbbbbbbb (`part-1.json`: commit aaaaaaaaaaaa): \
             not a part of the same run (--force merges it anyway)"
        );
        assert_eq!(err.exit_code(), 2);
        parts[1].1.testbed.cpu_model = "Other CPU".into();
        let (merged, _) = merge_results(parts.clone(), true).unwrap();
        assert_eq!(merged.git_hash, parts[0].1.git_hash, "the first's identity");
        assert_eq!(merged.testbed, parts[0].1.testbed);
        let forced = &merged.merged.as_ref().unwrap().forced;
        assert_eq!(forced.len(), 1);
        assert!(forced[0].starts_with("`part-2.json`: commit bbbbbbbbbbbb"));
        assert!(forced[0].contains("another machine (CPU"), "{forced:?}");
        let v: serde_json::Value = serde_json::from_str(&merged.to_json()).unwrap();
        assert_eq!(v["merged"]["files"], 2);
        assert!(v["merged"]["forced"][0]
            .as_str()
            .unwrap()
            .contains("another machine"));
    }

    #[test]
    fn a_smoke_test_is_not_merged_with_a_measured_run_even_forced() {
        let mut parts = halves();
        parts[1].1.mode = smoke_suite().mode;
        let err = merge_results(parts, true).unwrap_err().to_string();
        assert_eq!(
            err,
            "`part-2.json`: is a smoke test and `part-1.json` a measured run: a merge joins \
             the parts of one run"
        );
    }

    #[test]
    fn the_arguments_are_checked_before_any_file_is_read() {
        let err = merge(&[]).unwrap_err().to_string();
        assert!(err.starts_with("usage: zenbench merge"), "{err}");
        let err = merge(&["a.json", "--outpt", "x"]).unwrap_err().to_string();
        assert!(err.contains("unknown option `--outpt`"), "{err}");
        let err = merge(&["a.json", "--output"]).unwrap_err().to_string();
        assert!(err.contains("`--output` needs a value"), "{err}");
    }
}
