#[zenbench::bench(group = 3)]
fn f() {}

fn main() {}
