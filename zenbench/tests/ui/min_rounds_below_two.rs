// A paired CI needs two rounds: the attribute, `--min-rounds` and
// `ZENBENCH_MIN_ROUNDS` all refuse fewer.
#[zenbench::bench(min_rounds = 1)]
fn f() -> u64 {
    1
}

fn main() {}
