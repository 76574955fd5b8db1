//! What the migration crates (`zenbench-criterion`, `zenbench-divan`) call:
//! the command line to translate, the run with the translated one, the
//! replay of criterion's group fns, and small shared helpers. Not a public
//! API.

/// Benches whose bodies exist only while a fn of the user's runs.
pub mod replay {
    pub use crate::engine::quietly;
    pub use crate::engine::replay::{
        in_pass, main, main_once, measure_here, measures, part, point, ReplayBench,
    };
}

/// Gives each bench of `suite` its own time budget and round bounds, even
/// in a group: divan budgets every benchmark on its own, so a slow row
/// must not starve its siblings.
pub fn budget_per_bench(suite: &mut crate::Suite) {
    suite.budget_per_bench = true;
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
    crate::model::error::one_line(text)
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
