#[zenbench::bench(bytes = len)]
fn f() -> u64 {
    1
}

fn main() {}
