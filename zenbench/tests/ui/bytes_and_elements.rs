#[zenbench::bench(bytes = 64, elements = 8)]
fn f() {}

fn main() {}
