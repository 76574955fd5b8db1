// The suite, unchanged: see ../../overhead_suite.rs.
include!("../../overhead_suite.rs");
