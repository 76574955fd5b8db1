use zenbench::Bencher;

fn state() -> u64 {
    0
}

#[zenbench::bench(contended = state)]
fn f(b: &mut Bencher, s: &u64) {
    b.iter(|| *s)
}

fn main() {}
