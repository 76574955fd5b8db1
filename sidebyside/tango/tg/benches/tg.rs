//! The chain under tango-bench. `tg-new compare tg-old -t SECS` loads the
//! old build's executable and measures both builds' `chain` paired.

use tango_bench::{benchmark_fn, tango_benchmarks, tango_main, IntoBenchmarks};

fn chain_benchmarks() -> impl IntoBenchmarks {
    [benchmark_fn("chain", |b| b.iter(chain::this_build))]
}

tango_benchmarks!(chain_benchmarks());
tango_main!();
