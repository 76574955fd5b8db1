#[zenbench::bench(min_rounds = 100, max_rounds = 10)]
fn f() {}

fn main() {}
