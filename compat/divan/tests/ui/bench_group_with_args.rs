#[divan::bench_group(args = [1, 2])]
mod lens {
    #[divan::bench]
    fn one() -> u8 {
        1
    }
}

fn main() {}
