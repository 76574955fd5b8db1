//! divan side of the side-by-side benchmark: benches `a` and `b` of the pair
//! that `sidebyside` describes in `SBS_*` variables, measured by
//! `divan::main()` exactly as a user's `cargo bench` would (the driver passes
//! `--bench` and the time budget flags). The driver parses the table divan
//! prints.

use divan::Bencher;
use sidebyside::{compute_iter, walk, Prepared, Side, Spec, Workload};
use std::sync::OnceLock;
use std::time::Instant;

static PREPARED: OnceLock<Prepared> = OnceLock::new();

fn main() {
    let t = Instant::now();
    let spec = Spec::from_env().unwrap_or_else(|e| {
        eprintln!("sbs-divan: {e}");
        std::process::exit(2)
    });
    PREPARED.get_or_init(|| Prepared::new(spec));
    // The driver subtracts the data setup from the wall time it reports.
    eprintln!("sbs-setup-s: {}", t.elapsed().as_secs_f64());
    divan::main();
}

#[divan::bench]
fn a(bencher: Bencher) {
    pair_side(bencher, Side::A)
}

#[divan::bench]
fn b(bencher: Bencher) {
    pair_side(bencher, Side::B)
}

fn pair_side(bencher: Bencher, side: Side) {
    let p = PREPARED.get().expect("prepared in main");
    let n = p.spec.n(side);
    match p.spec.workload {
        Workload::Compute => bencher.bench_local(|| compute_iter(n)),
        Workload::Memory => {
            let cycle = p.cycle().clone();
            let mut cursor = p.start(side);
            bencher.bench_local(move || {
                cursor = walk(&cycle, cursor, std::hint::black_box(n));
                cursor
            })
        }
        Workload::Empty => bencher.bench_local(|| ()),
    }
}
