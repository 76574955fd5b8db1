use zenbench::Bencher;

#[zenbench::bench(args = [1, 2])]
fn f(b: &mut Bencher) {
    b.iter(|| 1)
}

fn main() {}
