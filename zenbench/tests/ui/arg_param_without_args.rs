use zenbench::Bencher;

#[zenbench::bench]
fn f(b: &mut Bencher, n: usize) {
    b.iter(|| n)
}

fn main() {}
