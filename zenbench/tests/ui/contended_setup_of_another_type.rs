use zenbench::Bencher;

fn state() -> u32 {
    0
}

#[zenbench::bench(threads = [1, 2], contended = state)]
fn f(b: &mut Bencher, s: &u64) {
    b.iter(|| *s)
}

fn main() {}
