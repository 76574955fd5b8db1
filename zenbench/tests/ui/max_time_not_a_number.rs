#[zenbench::bench(max_time = "2s")]
fn f() {}

fn main() {}
