// The chain length of this build. run.py rewrites this one line (and nothing
// else) to make the builds it compares: N0, N0 * 1.01, N0 * 1.02.
pub const N: u64 = 2000;
