use zenbench::Bencher;

#[zenbench::bench(consts = [1, 2])]
fn f<T: Default>(b: &mut Bencher) {
    b.iter(T::default)
}

fn main() {}
