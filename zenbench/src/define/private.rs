//! Paths used by code that `#[zenbench::bench]` generates. Not a public API.

pub use crate::define::computed::{ComputedArgs, IntoArg, ThreadCounts};
pub use crate::define::entry::{BenchEntry, BenchOptions, Throughput, ZENBENCH_ENTRIES};
pub use crate::define::registry::Shared;
pub use crate::define::table::CacheMode;
pub use crate::measure::bencher::Bencher;
pub use crate::process::machine_lock::MachineLock;
pub use linkme;
/// Benches whose bodies exist only while a fn of the user's runs.
pub mod replay {
    pub use crate::engine::quietly;
    pub use crate::engine::replay::{in_pass, main, point, ReplayBench};
}
pub use std::hint::black_box;

/// Names an `args` value: its `Display` form when it has one, else `Debug`.
///
/// Generated code calls `(&&ArgName(&value)).zenbench_arg_name()`; method
/// resolution picks the `Display` impl first (autoref specialisation).
pub struct ArgName<'a, T: ?Sized>(pub &'a T);

/// Picked when the arg type implements `Display`.
pub trait ArgNameDisplay {
    fn zenbench_arg_name(&self) -> String;
}
/// Picked when the arg type implements only `Debug`.
pub trait ArgNameDebug {
    fn zenbench_arg_name(&self) -> String;
}
impl<T: ?Sized + std::fmt::Display> ArgNameDisplay for &ArgName<'_, T> {
    fn zenbench_arg_name(&self) -> String {
        self.0.to_string()
    }
}
impl<T: ?Sized + std::fmt::Debug> ArgNameDebug for ArgName<'_, T> {
    fn zenbench_arg_name(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// A contended bench's state for this sample, as its fn's `&S`.
///
/// # Panics
///
/// When there is none or it is of another type: the attribute builds it
/// with the fn's own `S`, so neither happens in generated code.
pub fn state<S: 'static>(shared: &Option<Shared>) -> &S {
    shared
        .as_ref()
        .and_then(|s| s.downcast_ref::<S>())
        .expect("zenbench: a contended bench's state is missing")
}

/// This process's command line without `argv[0]`, for a migration crate to
/// translate; one that is not UTF-8 is a one-line error and exit code 2.
pub fn command_line() -> Vec<String> {
    match crate::define::cli::command_line() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(e.exit_code())
        }
    }
}

/// Whether zenbench's flag `spelled` (`--format`, `--format=json`, `-q`)
/// takes a value; `None` when zenbench has no such flag.
pub fn flag_takes_value(spelled: &str) -> Option<bool> {
    crate::define::cli::flag_takes_value(spelled)
}

/// The edit distance of `a` and `b` (insertions, deletions, substitutions
/// and swaps of neighbours cost 1), for a migration crate's "did you mean".
pub fn edit_distance(a: &str, b: &str) -> usize {
    crate::define::cli::edit_distance(a, b)
}

/// `text` with its control characters escaped, for a one-line message.
pub fn one_line(text: &str) -> String {
    crate::error::one_line(text)
}

/// Runs `suite` with `args` as zenbench's own command line (a migration
/// crate's translation of its tool's flags) and exits; `notes` are printed
/// on stderr first unless `--quiet`. A worker process serves instead.
pub fn main_with_args(suite: &crate::Suite, args: Vec<String>, notes: &[String]) -> ! {
    suite.main_with_args(args, notes)
}

/// Drives `future` to completion on this thread's `iter_async` executor
/// (zenbench's own, or tokio's with `async-tokio`): a migration crate's
/// plain executor.
#[cfg(feature = "async")]
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    use crate::measure::async_runtime::BlockOn;
    crate::measure::async_runtime::with_runtime(|rt| BlockOn::block_on(rt, future))
}

/// Whether this process is a worker driven by a zenbench parent (which
/// tells the user what there is to tell: a worker stays quiet).
pub fn in_worker() -> bool {
    crate::process::worker::is_worker()
}
