use zenbench::Bencher;

#[zenbench::bench(complexity = "n", cache = "lukewarm")]
fn f(b: &mut Bencher, n: usize) {
    b.iter(|| n)
}

fn main() {}
