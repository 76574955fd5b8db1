#[zenbench::bench(noise_threshold = 1.5)]
fn f() {}

fn main() {}
