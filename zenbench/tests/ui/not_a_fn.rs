#[zenbench::bench]
struct Config {
    size: usize,
}

fn main() {
    let _ = Config { size: 1 }.size;
}
