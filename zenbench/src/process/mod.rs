//! Process: the orchestrator above the engine — the machine lock, the run
//! from options to exit code, passes, child processes, the worker
//! protocol, and complexity ladders.

pub(crate) mod aggregate;
mod children;
mod complexity;
mod job_summary;
pub(crate) mod machine_lock;
pub(crate) mod orchestrate;
mod post;
pub(crate) mod run;
pub(crate) mod worker;
