use zenbench::Bencher;

#[zenbench::bench(complexity = "n log n", args = [1, 2])]
fn f(b: &mut Bencher, n: usize) {
    b.iter(|| n)
}

fn main() {}
