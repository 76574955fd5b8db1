#[zenbench::bench(grup = "sort")]
fn f() {}

fn main() {}
