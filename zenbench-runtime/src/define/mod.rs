//! Define: what the user declared (attribute entries, the `Suite` API) and
//! what the command line and environment say (options), before planning.

pub(crate) mod cli;
pub(crate) mod computed;
pub(crate) mod entry;
pub(crate) mod nothing;
pub(crate) mod registry;

#[cfg(test)]
mod agreement_tests;
#[cfg(test)]
mod generic_tests;
