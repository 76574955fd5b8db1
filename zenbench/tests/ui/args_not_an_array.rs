use zenbench::Bencher;

#[zenbench::bench(args = 5)]
fn f(b: &mut Bencher, n: usize) {
    b.iter(|| n)
}

fn main() {}
