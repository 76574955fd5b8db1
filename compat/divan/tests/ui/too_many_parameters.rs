use divan::Bencher;

#[divan::bench(args = [1])]
fn fill(bencher: Bencher, len: usize, extra: usize) {
    bencher.bench(|| vec![0u8; len + extra]);
}

fn main() {}
