const SIZES: &[usize] = &[1, 8];

#[divan::bench(consts = SIZES)]
fn zeroes<const N: usize>() -> [u8; N] {
    [0; N]
}

fn main() {}
