#[divan::bench(types = [u8, u32])]
fn zero() -> u64 {
    0
}

fn main() {}
