use divan::Bencher;

#[divan::bench]
fn fill(bencher: Bencher, len: usize) {
    bencher.bench(|| vec![0u8; len]);
}

fn main() {}
