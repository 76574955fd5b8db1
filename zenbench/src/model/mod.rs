//! Model: what every other layer shares and nothing above it defines —
//! the error type, the option table and the options it fills, throughput,
//! and the result types with their JSON. It imports no other
//! layer of the crate (the layer test, `tests/layers.rs`, checks).

pub(crate) mod error;
pub(crate) mod json;
pub(crate) mod options;
pub mod result;
pub(crate) mod table;
pub(crate) mod throughput;
