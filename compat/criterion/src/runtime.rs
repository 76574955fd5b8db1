//! How a criterion suite runs on zenbench. criterion runs each benchmark
//! the moment `bench_function` is called, with a closure that may borrow
//! the caller's locals; zenbench needs every benchmark of a group at once
//! to interleave them. So `criterion_main!` calls the group fns twice over:
//! once to find the benchmarks (no closure runs), then again and again, the
//! engine on a thread of its own asking for samples, each call serving the
//! samples asked for where it reaches their benchmark (zenbench's replay).

use crate::args::translate;
use crate::config::Settings;
use crate::types::BenchmarkId;
use std::cell::RefCell;
use std::collections::HashMap;
use zenbench::__private::hooks::replay::{self, ReplayBench};

/// What `bench_function` does on this thread.
enum Mode {
    /// Outside `criterion_main!`.
    Idle,
    /// Finding the benchmarks: recorded, not run.
    Finding {
        found: Vec<ReplayBench>,
        index: HashMap<String, usize>,
        duplicate: Option<String>,
    },
    /// Replaying: each benchmark by its place in the first pass.
    Serving { index: HashMap<String, usize> },
}

thread_local! {
    static MODE: RefCell<Mode> = const { RefCell::new(Mode::Idle) };
    /// Group fns a hand-written `main` called, in order, for its
    /// `final_summary()` to run.
    static DEFERRED: RefCell<Vec<fn()>> = const { RefCell::new(Vec::new()) };
}

/// Called first by every `criterion_group!` fn: outside `criterion_main!`
/// (a hand-written `main` calling group fns itself, as criterion's docs
/// show), the group is kept for `final_summary()` and `true` says not to
/// run it now.
pub fn defer(group: fn()) -> bool {
    if !idle() {
        return false;
    }
    DEFERRED.with(|d| {
        let mut d = d.borrow_mut();
        // A group called twice runs once: its ids would collide.
        if !d.iter().any(|&g| g as usize == group as usize) {
            d.push(group);
        }
    });
    true
}

/// `Criterion::final_summary()`: after a hand-written `main` called its
/// group fns, runs them as `criterion_main!` does, and exits; anywhere else
/// it does nothing.
pub(crate) fn final_summary() {
    let groups = DEFERRED.with(|d| std::mem::take(&mut *d.borrow_mut()));
    if idle() && !groups.is_empty() {
        main(&groups)
    }
}

/// Outside `criterion_main!` on this thread.
fn idle() -> bool {
    MODE.with(|m| matches!(*m.borrow(), Mode::Idle))
}

/// A benchmark's full name: `group/id`, or `id` outside a group.
pub(crate) fn full_name(group: Option<&str>, id: &BenchmarkId) -> String {
    match group {
        Some(g) => format!("{g}/{id}"),
        None => id.row_name(),
    }
}

/// Where a group fn registers benchmark `id` of `group` (`None`: a
/// benchmark of its own) with `settings`; `body` is its closure.
pub(crate) fn register(
    group: Option<&str>,
    id: &BenchmarkId,
    settings: &Settings,
    body: &mut dyn FnMut(&mut zenbench::Bencher),
) {
    let name = id.row_name();
    let full = full_name(group, id);
    // Rows of one function at other inputs are not compared; an id that
    // is a parameter alone is an input of the group's one function.
    let (function, arg) = id.parts();
    let source = function.or(group).unwrap_or(&name).to_string();
    let arg = arg.map(str::to_string);
    let at = MODE.with(|m| match &mut *m.borrow_mut() {
        Mode::Idle => Err(()),
        Mode::Finding {
            found,
            index,
            duplicate,
        } => {
            if index.contains_key(&full) {
                duplicate.get_or_insert(full.clone());
            } else {
                index.insert(full.clone(), found.len());
                found.push(ReplayBench {
                    group: group.map(str::to_string),
                    name,
                    source,
                    arg,
                    baseline: false,
                    options: settings.options(),
                    throughput: settings.throughput.as_ref().map(|t| t.to_zenbench()),
                });
            }
            Ok(None)
        }
        Mode::Serving { index } => Ok(index.get(&full).copied()),
    });
    match at {
        Err(()) => {
            eprintln!(
                "error: benchmark `{full}` was registered outside a group fn: \
                 zenbench-criterion runs `criterion_group!` fns, from `criterion_main!` \
                 or from a `main` that calls them and then `final_summary()`"
            );
            std::process::exit(2)
        }
        Ok(Some(i)) => replay::point(i, body),
        Ok(None) => {}
    }
}

/// `criterion_main!`'s body: finds the benchmarks of `groups`, then runs
/// them with the command line translated to zenbench's, and exits.
pub fn main(groups: &[fn()]) -> ! {
    let (args, notes) = match translate(zenbench::__private::hooks::command_line()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2)
        }
    };
    MODE.with(|m| {
        *m.borrow_mut() = Mode::Finding {
            found: Vec::new(),
            index: HashMap::new(),
            duplicate: None,
        }
    });
    for group in groups {
        // The benchmarks a group fn registered before it panicked still run.
        let listed = replay::quietly(&mut || group());
        // A worker's parent has told it already.
        if let (Err(why), false) = (listed, zenbench::__private::hooks::in_worker()) {
            eprintln!(
                "zenbench-criterion: listing the benchmarks, a group fn {why}; \
                 those it registered before that still run"
            );
        }
    }
    let found = MODE.with(|m| std::mem::replace(&mut *m.borrow_mut(), Mode::Idle));
    let Mode::Finding {
        found,
        index,
        duplicate,
    } = found
    else {
        unreachable!("set above")
    };
    if let Some(name) = duplicate {
        eprintln!(
            "error: benchmark `{name}` is registered twice (ids must be unique within a group)"
        );
        std::process::exit(2)
    }
    MODE.with(|m| *m.borrow_mut() = Mode::Serving { index });
    replay::main(found, groups, args, notes)
}
