//! The chain under zenbench: `zenbench self-compare --bench zb` runs this
//! target of two builds side by side.

#[zenbench::bench]
fn chain() -> u64 {
    chain::this_build()
}

fn main() {
    zenbench::main()
}
