//! How a criterion suite runs on zenbench. criterion runs each benchmark
//! the moment `bench_function` is called, with a closure that may borrow
//! the caller's locals; zenbench needs every benchmark of a group at once
//! to interleave them. So `criterion_main!` calls the group fns once to
//! find the benchmarks (no closure runs), then zenbench's replay serves
//! each benchmark from a thread of its own: the thread calls the one target
//! that registers it, once, and stays inside its `bench_function` while the
//! engine asks for its samples. A target's setup runs once to find its
//! benchmarks and once per benchmark it registers.

use crate::args::translate;
use crate::config::Settings;
use crate::types::BenchmarkId;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use zenbench::__private::hooks::replay::{self, ReplayBench};

/// What `bench_function` does on this thread.
enum Mode {
    /// Outside `criterion_main!`.
    Idle,
    /// Setup once (`--setup-once`): each benchmark measured where it is
    /// registered, a group of its own; the names seen so far.
    Once {
        seen: std::collections::HashSet<String>,
    },
    /// Finding the benchmarks: recorded, not run.
    Finding {
        found: Vec<ReplayBench>,
        index: HashMap<String, usize>,
        duplicate: Option<String>,
    },
}

/// Once found: each benchmark's place in the first pass, for the threads
/// that serve them.
static INDEX: OnceLock<HashMap<String, usize>> = OnceLock::new();

thread_local! {
    static MODE: RefCell<Mode> = const { RefCell::new(Mode::Idle) };
    /// While finding: which group fn runs, and which of its targets.
    static AT: RefCell<(usize, usize)> = const { RefCell::new((0, 0)) };
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
    MODE.with(|m| matches!(*m.borrow(), Mode::Idle)) && !replay::in_pass()
}

/// Called by a `criterion_group!` fn before each of its targets, with the
/// count of targets before it: whether to run this one. A thread serving
/// a benchmark runs only the target that registers it; finding runs all.
pub fn runs_target(seen: &mut usize) -> bool {
    let target = *seen;
    *seen += 1;
    AT.with(|at| at.borrow_mut().1 = target);
    replay::part().is_none_or(|part| part == target)
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
        Mode::Idle if replay::in_pass() => match INDEX.get() {
            Some(index) => index.get(&full).map_or(At::Skip, |&i| At::Point(i)),
            None => At::Outside,
        },
        Mode::Idle => At::Outside,
        Mode::Once { seen } => {
            if !seen.insert(full.clone()) {
                duplicate_exit(&full)
            }
            At::Here
        }
        Mode::Finding {
            found,
            index,
            duplicate,
        } => {
            if index.contains_key(&full) {
                duplicate.get_or_insert(full.clone());
            } else {
                index.insert(full.clone(), found.len());
                let (call, part) = AT.with(|at| *at.borrow());
                found.push(ReplayBench {
                    group: group.map(str::to_string),
                    name,
                    source,
                    arg,
                    baseline: false,
                    options: settings.options(),
                    throughput: settings.throughput.as_ref().map(|t| t.to_zenbench()),
                    call,
                    part,
                });
            }
            At::Skip
        }
    });
    match at {
        At::Outside => {
            eprintln!(
                "error: benchmark `{full}` was registered outside a group fn: \
                 zenbench-criterion runs `criterion_group!` fns, from `criterion_main!` \
                 or from a `main` that calls them and then `final_summary()`"
            );
            std::process::exit(2)
        }
        At::Here => {
            let bench = ReplayBench {
                group: None,
                name: full.clone(),
                source: full,
                arg: None,
                baseline: false,
                options: settings.options(),
                throughput: settings.throughput.as_ref().map(|t| t.to_zenbench()),
                call: 0,
                part: 0,
            };
            replay::measure_here(bench, body)
        }
        At::Point(i) => replay::point(i, body),
        At::Skip => {}
    }
}

/// What `register` does with a benchmark.
enum At {
    /// Registered outside any group fn: an error.
    Outside,
    /// Found, or another thread's: nothing runs here.
    Skip,
    /// The replayed bench with this index.
    Point(usize),
    /// Setup once: measured now.
    Here,
}

/// `ZENBENCH_SETUP_ONCE=1`, or the flag `--setup-once`: every group fn
/// runs once, as under criterion, its benchmarks measured one after
/// another where it registers them, none compared.
const SETUP_ONCE_ENV: &str = "ZENBENCH_SETUP_ONCE";
const SETUP_ONCE_FLAG: &str = "--setup-once";

fn duplicate_exit(name: &str) -> ! {
    eprintln!("error: benchmark `{name}` is registered twice (ids must be unique within a group)");
    std::process::exit(2)
}

/// `criterion_main!`'s body: finds the benchmarks of `groups`, then runs
/// them with the command line translated to zenbench's, and exits.
pub fn main(groups: &[fn()]) -> ! {
    let mut line = zenbench::__private::hooks::command_line();
    let mut once = std::env::var(SETUP_ONCE_ENV).is_ok_and(|v| v.trim() == "1");
    if let Some(at) = line.iter().position(|a| a == SETUP_ONCE_FLAG) {
        line.remove(at);
        once = true;
    }
    let (args, mut notes) = match translate(line) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2)
        }
    };
    if once && replay::measures(&args) {
        notes.push(
            "zenbench-criterion: setup once: each benchmark is measured where its fn \
             registers it, as a group of its own, one after another; none are compared"
                .to_string(),
        );
        MODE.with(|m| {
            *m.borrow_mut() = Mode::Once {
                seen: Default::default(),
            }
        });
        replay::main_once(groups, args, notes)
    }
    MODE.with(|m| {
        *m.borrow_mut() = Mode::Finding {
            found: Vec::new(),
            index: HashMap::new(),
            duplicate: None,
        }
    });
    for (call, group) in groups.iter().enumerate() {
        AT.with(|at| *at.borrow_mut() = (call, 0));
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
        duplicate_exit(&name)
    }
    let _ = INDEX.set(index);
    replay::main(found, groups, args, notes)
}
