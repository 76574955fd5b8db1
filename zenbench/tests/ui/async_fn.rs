#[zenbench::bench]
async fn f() -> u64 {
    1
}

fn main() {}
