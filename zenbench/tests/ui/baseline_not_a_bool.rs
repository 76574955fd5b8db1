#[zenbench::bench(group = "g", baseline = "x")]
fn f() {}

fn main() {}
