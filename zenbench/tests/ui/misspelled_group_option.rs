#[zenbench::bench(max_tme = 2)]
fn f() -> u64 {
    1
}

fn main() {}
