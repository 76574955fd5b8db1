#[divan::bench(args = [1, 2])]
fn constant() -> u32 {
    7
}

fn main() {}
