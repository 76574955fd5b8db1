//! Reports: pure functions of a [`SuiteResult`](crate::SuiteResult).
