use zenbench::Bencher;

#[zenbench::bench(threads = [1, 2, 4])]
fn f(b: &mut Bencher) {
    b.iter(|| 1)
}

fn main() {}
