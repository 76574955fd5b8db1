use zenbench::Bencher;

fn state() -> u64 {
    0
}

#[zenbench::bench(threads = [1, 2], contended = state)]
fn f(b: &mut Bencher, s: u64, tid: usize) {
    b.iter(|| s + tid as u64)
}

fn main() {}
