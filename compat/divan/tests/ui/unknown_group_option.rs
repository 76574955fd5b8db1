#[divan::bench_group(thread = 2)]
mod math {
    #[divan::bench]
    fn add() -> i32 {
        divan::black_box(1) + 2
    }
}

fn main() {}
