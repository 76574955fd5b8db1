use zenbench::Bencher;

#[zenbench::bench(types = [u8, u16])]
fn f(b: &mut Bencher) {
    b.iter(|| 1)
}

fn main() {}
