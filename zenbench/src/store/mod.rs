//! Store: files zenbench writes. Every write goes through
//! [`write_atomically`], so a reader never sees a half-written file and a
//! killed process never leaves one behind.

mod atomic;

pub(crate) use atomic::write_atomically;
