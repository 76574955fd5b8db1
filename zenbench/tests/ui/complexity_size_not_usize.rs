use zenbench::Bencher;

#[zenbench::bench(complexity = "n")]
fn f(b: &mut Bencher, n: u32) {
    b.iter(|| n)
}

fn main() {}
