use zenbench::Bencher;

const SIZES: [usize; 21] = [1; 21];

#[zenbench::bench(consts = SIZES)]
fn sized<const N: usize>(b: &mut Bencher) {
    b.iter(|| [0u8; N])
}

fn main() {}
