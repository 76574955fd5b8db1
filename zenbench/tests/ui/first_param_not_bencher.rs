#[zenbench::bench]
fn f(n: usize) -> usize {
    n * 2
}

fn main() {}
