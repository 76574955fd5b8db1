#[zenbench::bench_group]
fn f() {}

fn main() {}
