use zenbench::Bencher;

#[zenbench::bench(args = [])]
fn f(b: &mut Bencher, n: usize) {
    b.iter(|| n)
}

fn main() {}
