//! Command-line and environment parsing into [`Options`](crate::Options).
