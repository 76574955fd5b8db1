#[zenbench::bench(group)]
fn f() {}

fn main() {}
