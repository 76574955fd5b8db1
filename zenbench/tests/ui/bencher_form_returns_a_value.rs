use zenbench::Bencher;

#[zenbench::bench]
fn f(b: &mut Bencher) -> u64 {
    b.iter(|| 1);
    1
}

fn main() {}
