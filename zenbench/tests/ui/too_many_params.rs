use zenbench::Bencher;

#[zenbench::bench(args = [1])]
fn f(b: &mut Bencher, n: usize, m: usize) {
    b.iter(|| n + m)
}

fn main() {}
