#[divan::bench(ignore = std::env::var("SLOW").is_err())]
fn expensive() -> u64 {
    1
}

fn main() {}
