//! The bench registration passes `#![forbid(unsafe_code)]`; unsafe code the
//! user writes by hand is still caught.
#![forbid(unsafe_code)]

#[zenbench::bench]
fn f() -> u64 {
    1
}

#[unsafe(link_section = ".data.by_hand")]
#[used]
static BY_HAND: u8 = 0;

fn main() {}
