// The suite, unchanged: see ../../setup_suite.rs.
include!("../../setup_suite.rs");
