// The suite, unchanged: see ../../suite.rs.
include!("../../suite.rs");
