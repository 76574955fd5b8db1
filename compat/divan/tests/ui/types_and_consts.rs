#[divan::bench(types = [u8, u16], consts = [1, 2])]
fn fill<T: Default + Copy, const N: usize>() -> [T; N] {
    [T::default(); N]
}

fn main() {}
