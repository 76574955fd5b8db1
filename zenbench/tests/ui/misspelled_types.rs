use zenbench::Bencher;

#[zenbench::bench(typess = [u8])]
fn f<T: Default>(b: &mut Bencher) {
    b.iter(T::default)
}

fn main() {}
