//! criterion side of the side-by-side benchmark: benches `pair/a` and
//! `pair/b` of the pair that `sidebyside` describes in `SBS_*` variables.
//!
//! `main` is what `criterion_main!` expands to (run the group, then
//! `final_summary`), with the data setup timed in front of it. The driver
//! passes `--bench` and the time budget flags, points `CRITERION_HOME` at a
//! fresh directory, and reads `pair/{a,b}/new/estimates.json` from it.

use criterion::Criterion;
use sidebyside::{compute_iter, walk, Prepared, Side, Spec, Workload};
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let spec = Spec::from_env().unwrap_or_else(|e| {
        eprintln!("sbs-criterion: {e}");
        std::process::exit(2)
    });
    let p = Prepared::new(spec);
    // The driver subtracts the data setup from the wall time it reports.
    eprintln!("sbs-setup-s: {}", t.elapsed().as_secs_f64());

    let mut c = Criterion::default().configure_from_args();
    {
        let mut group = c.benchmark_group("pair");
        for (name, side) in [("a", Side::A), ("b", Side::B)] {
            let n = p.spec.n(side);
            match p.spec.workload {
                Workload::Compute => {
                    group.bench_function(name, |b| b.iter(|| compute_iter(n)));
                }
                Workload::Memory => {
                    let cycle = p.cycle().clone();
                    let mut cursor = p.start(side);
                    group.bench_function(name, |b| {
                        b.iter(|| {
                            cursor = walk(&cycle, cursor, std::hint::black_box(n));
                            cursor
                        })
                    });
                }
                Workload::Empty => {
                    group.bench_function(name, |b| b.iter(|| ()));
                }
            }
        }
        group.finish();
    }
    c.final_summary();
}
