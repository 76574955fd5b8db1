use zenbench::Bencher;

#[zenbench::bench(args = [64, "big"])]
fn f(b: &mut Bencher, n: usize) {
    b.iter(|| n)
}

fn main() {}
