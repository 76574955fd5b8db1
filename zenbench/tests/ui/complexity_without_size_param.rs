use zenbench::Bencher;

#[zenbench::bench(complexity = "n log n")]
fn f(b: &mut Bencher) {
    b.iter(|| 1)
}

fn main() {}
