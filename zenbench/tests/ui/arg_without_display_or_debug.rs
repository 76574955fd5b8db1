use zenbench::Bencher;

#[derive(Clone, Copy)]
struct Opaque(u8);

#[zenbench::bench(args = [Opaque(1)])]
fn f(b: &mut Bencher, o: Opaque) {
    b.iter(|| o.0)
}

fn main() {}
