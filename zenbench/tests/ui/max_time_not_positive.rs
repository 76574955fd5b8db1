#[zenbench::bench(max_time = -2.5)]
fn f() {}

fn main() {}
