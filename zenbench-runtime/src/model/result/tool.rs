//! What the tool's commands add to a result: `self-compare` and `merge`.

/// The result of `zenbench self-compare` (see the book's "Rounds, passes
/// and processes"): each of its groups is one benchmark both builds have,
/// named by its full name, with two rows measured in paired rounds: `old`
/// (the build at `reference`, the group's baseline) and `new` (the working
/// tree). The comparison of the two is the result's `against` block.
///
/// ```
/// let mut s = zenbench::result::SelfCompare::default();
/// s.reference = "origin/main".to_string();
/// assert!(!s.duet, "alternating unless --duet");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct SelfCompare {
    /// The old revision as it was named: `--ref`, or the merge base with
    /// the upstream branch.
    pub reference: String,
    /// The two builds' samples of a round were taken at the same time, one
    /// per core (`--duet`), rather than one after the other.
    pub duet: bool,
    /// With `--duet`: the two CPUs its workers were pinned to, each build
    /// taking half of every round on each; empty when they could not be
    /// pinned (the result's notes say why).
    pub duet_cpus: Vec<usize>,
    /// Seconds spent building the two revisions, before measuring.
    pub build_s: f64,
}

/// How `zenbench merge` joined the results of a partitioned run (see the
/// book's CI chapter).
///
/// ```
/// let mut m = zenbench::result::Merged::default();
/// m.files = 3;
/// assert!(m.forced.is_empty(), "nothing forced");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Merged {
    /// The result files merged.
    pub files: u32,
    /// What `--force` merged past, one line per difference (another
    /// commit, another machine): the merged result keeps the first file's
    /// identity. Empty without `--force`.
    pub forced: Vec<String>,
}
