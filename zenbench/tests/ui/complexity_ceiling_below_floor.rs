use zenbench::Bencher;

#[zenbench::bench(complexity = "n", floor = 64, ceiling = 32)]
fn f(b: &mut Bencher, n: usize) {
    b.iter(|| n)
}

fn main() {}
