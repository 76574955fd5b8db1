// The suite, unchanged: see ../../divan_suite.rs.
include!("../../divan_suite.rs");
