use zenbench::Bencher;

#[zenbench::bench(threads = [1, 2], scaling)]
fn f(b: &mut Bencher) {
    b.iter(|| 1)
}

fn main() {}
