#[zenbench::bench(group = "a", ignore, group = "b")]
fn f() {}

fn main() {}
