//! Process: the orchestrator above the engine — the machine lock, the run
//! from options to exit code, passes, child processes, the worker
//! protocol, and complexity ladders.

pub(crate) mod aggregate;
mod children;
mod complexity;
mod confirm;
mod instructions;
pub(crate) mod job_summary;
pub(crate) mod machine_lock;
pub(crate) mod orchestrate;
mod post;
mod profile;
pub(crate) mod run;
mod shown;
mod watchdog;
pub(crate) mod worker;

/// A count of `per_iter` instructions per iteration, for other modules' tests.
#[cfg(test)]
pub(crate) fn per_iteration_for_tests(per_iter: f64) -> crate::model::result::Instructions {
    let at = |k: f64| instructions::Counts {
        ir: per_iter * k,
        ..Default::default()
    };
    instructions::per_iteration(at(1.0), at(11.0), 1, 11)
}
