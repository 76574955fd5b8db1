#[divan::bench]
async fn later() -> u8 {
    1
}

fn main() {}
