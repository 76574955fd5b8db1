use zenbench::Bencher;

#[zenbench::bench(ceiling = 1024)]
fn f(b: &mut Bencher) {
    b.iter(|| 1)
}

fn main() {}
