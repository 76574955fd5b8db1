//! Model: what every other layer shares and nothing above it defines —
//! the error type, the option table and the options it fills, throughput,
//! the result types with their JSON, and `order`, the crate's one sort. It imports no other
//! layer of the crate (the layer test, `tests/layers.rs`, checks).

pub(crate) mod error;
pub(crate) mod history;
pub(crate) mod json;
pub(crate) mod options;
pub(crate) mod order;
pub(crate) mod partition;
pub mod result;
pub(crate) mod table;
pub(crate) mod text;
pub(crate) mod throughput;
