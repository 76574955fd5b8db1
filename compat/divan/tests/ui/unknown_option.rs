#[divan::bench(smaple_count = 10)]
fn add() -> i32 {
    divan::black_box(1) + 2
}

fn main() {}
