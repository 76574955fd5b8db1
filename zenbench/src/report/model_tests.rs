use super::*;
use crate::report::fixture::{bench_suite, bench_suite_against, smoke_suite};
