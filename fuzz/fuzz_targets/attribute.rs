//! The `#[zenbench::bench]` and `#[zenbench::bench_group]` attributes over
//! any arguments and item (`ARGS`, or `ARGS` NUL `ITEM`). A proc-macro
//! crate exports nothing but its macros, so its modules are compiled in
//! here; the entry point is zenbench-attr/src/fuzzing.rs.
#![no_main]
// The attribute's modules hold what only the macro entry points use.
#![allow(dead_code)]

#[path = "../../zenbench-attr/src/expand.rs"]
mod expand;
#[path = "../../zenbench-attr/src/fuzzing.rs"]
mod fuzzing;
#[path = "../../zenbench-attr/src/group.rs"]
mod group;
#[path = "../../zenbench-attr/src/item.rs"]
mod item;
#[path = "../../zenbench-attr/src/options.rs"]
mod options;
#[path = "../../zenbench-attr/src/suggest.rs"]
mod suggest;
#[path = "../../zenbench-attr/src/values.rs"]
mod values;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::attribute(data));
