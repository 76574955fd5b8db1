#[zenbench::bench_group(args = [1, 2])]
mod g {
    #[zenbench::bench]
    fn f() -> u8 {
        1
    }
}

fn main() {}
