#[divan::bench(sample_count = 10, sample_count = 20)]
fn add() -> i32 {
    1 + 2
}

fn main() {}
