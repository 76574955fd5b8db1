#[divan::bench_group]
fn not_a_module() {}

fn main() {}
