//! Complexity validation: functions of known growth, each declared (most
//! rightly, some wrongly), run over their ladders at default settings;
//! prints each verdict next to the truth, β with its CI, and the wall time
//! of each ladder, then the share of right verdicts.
//!
//! Every bench here is `ignore`d, so a plain `cargo bench` passes over
//! them (they take a few minutes in all). Run them with
//! `cargo bench --bench complexity -- --include-ignored`
//! (add `--exact NAME` for one, `--outer-trials 3` for a steadier run).

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;
use zenbench::{Bencher, Mode};
use zenbench_benches::shuffled;

// O(1): one load from the middle, and a fixed amount of work.
#[zenbench::bench(complexity = "1", ignore, ceiling = 1 << 16)]
fn middle_element(b: &mut Bencher, n: usize) {
    let v = vec![7u64; n];
    b.iter(|| black_box(&v)[n / 2].wrapping_mul(0x9e37_79b9))
}

// O(log n): binary searches in a sorted table that stays in the L2 cache.
#[zenbench::bench(complexity = "log n", ignore, floor = 16, ceiling = 1 << 15)]
fn binary_search(b: &mut Bencher, n: usize) {
    let v: Vec<u32> = (0..n as u32).map(|x| 2 * x).collect();
    let mut key = 0u32;
    b.iter(|| {
        key = key.wrapping_mul(1_664_525).wrapping_add(1_013_904_223) % (2 * n as u32);
        black_box(&v).binary_search(&key).is_ok()
    })
}

// O(n), in cache: a sum over a vector of at most 128 KiB.
#[zenbench::bench(complexity = "n", ignore, ceiling = 1 << 14)]
fn sum_in_cache(b: &mut Bencher, n: usize) {
    let v = vec![3u64; n];
    b.iter(|| black_box(&v).iter().fold(0u64, |a, &x| a.wrapping_add(x)))
}

// O(n) in operations, but not in time: a scan of one word per cache line
// from L1 through L2 and L3 (up to 256 MiB), whose cost per element steps
// up as the working set leaves each level. The verdict must say the time
// grows faster than n, and the report must name the step.
#[zenbench::bench(complexity = "n", ignore, floor = 1 << 10, ceiling = 1 << 25)]
fn scan_across_caches(b: &mut Bencher, n: usize) {
    let v = vec![1u64; n];
    b.iter(|| black_box(&v).iter().step_by(8).fold(0u64, |a, &x| a ^ x))
}

// O(n) within the L2 cache: the same scan, up to 512 KiB.
#[zenbench::bench(complexity = "n", ignore, floor = 1 << 8, ceiling = 1 << 16)]
fn scan_in_l2(b: &mut Bencher, n: usize) {
    let v = vec![1u64; n];
    b.iter(|| black_box(&v).iter().step_by(8).fold(0u64, |a, &x| a ^ x))
}

// O(n): counting distinct keys of a sorted vector.
#[zenbench::bench(complexity = "n", ignore, ceiling = 1 << 20)]
fn dedup_sorted(b: &mut Bencher, n: usize) {
    let mut v: Vec<u32> = (0..n as u32).map(|x| x / 3).collect();
    v.sort_unstable();
    b.iter(|| black_box(&v).windows(2).filter(|w| w[0] != w[1]).count())
}

// O(n log n): the standard unstable sort of shuffled keys.
#[zenbench::bench(complexity = "n log n", ignore, floor = 64, ceiling = 1 << 20)]
fn sort_unstable(b: &mut Bencher, n: usize) {
    b.with_input(|| shuffled(n)).run(|mut v| {
        v.sort_unstable();
        v
    })
}

// O(n log n): the standard stable (merge) sort.
#[zenbench::bench(complexity = "n log n", ignore, floor = 64, ceiling = 1 << 20)]
fn sort_stable(b: &mut Bencher, n: usize) {
    b.with_input(|| shuffled(n)).run(|mut v| {
        v.sort();
        v
    })
}

// O(n log n): a B-tree built by n inserts.
#[zenbench::bench(complexity = "n log n", ignore, floor = 64, ceiling = 1 << 18)]
fn btree_build(b: &mut Bencher, n: usize) {
    b.with_input(|| shuffled(n))
        .run(|v| v.into_iter().map(|k| (k, ())).collect::<BTreeMap<_, _>>())
}

// O(n): a hash map built by n inserts (amortised).
#[zenbench::bench(complexity = "n", ignore, floor = 64, ceiling = 1 << 18)]
fn hash_build(b: &mut Bencher, n: usize) {
    b.with_input(|| shuffled(n))
        .run(|v| v.into_iter().map(|k| (k, ())).collect::<HashMap<_, _>>())
}

// O(n^2): insertion sort of a reversed vector (its worst case).
#[zenbench::bench(complexity = "n^2", ignore, floor = 16, ceiling = 1 << 16)]
fn insertion_sort(b: &mut Bencher, n: usize) {
    b.with_input(|| (0..n as u32).rev().collect::<Vec<_>>())
        .run(|mut v| {
            for i in 1..v.len() {
                let mut j = i;
                while j > 0 && v[j - 1] > v[j] {
                    v.swap(j - 1, j);
                    j -= 1;
                }
            }
            v
        })
}

/// Every ordered pair of `0..n`.
fn pairs(n: usize) -> u64 {
    let mut acc = 0u64;
    for i in 0..n as u64 {
        for j in 0..n as u64 {
            acc = acc.wrapping_add(black_box(i ^ j));
        }
    }
    acc
}

// O(n^2): every ordered pair.
#[zenbench::bench(complexity = "n^2", ignore, floor = 16, ceiling = 1 << 16)]
fn all_pairs(b: &mut Bencher, n: usize) {
    b.iter(|| pairs(n))
}

// O(n^3): naive multiplication of n×n matrices.
#[zenbench::bench(complexity = "n^3", ignore, floor = 8, ceiling = 1024)]
fn matmul(b: &mut Bencher, n: usize) {
    let a = vec![1.0f64; n * n];
    let c = vec![2.0f64; n * n];
    b.iter(|| {
        let mut out = vec![0.0f64; n * n];
        for i in 0..n {
            for k in 0..n {
                let aik = a[i * n + k];
                for j in 0..n {
                    out[i * n + j] += aik * c[k * n + j];
                }
            }
        }
        out
    })
}

/// The sum over every subset of `0..n` of its size.
fn subsets(n: usize) -> u64 {
    (0u64..1 << n)
        .map(|s| u64::from(black_box(s).count_ones()))
        .sum()
}

// O(2^n): every subset.
#[zenbench::bench(complexity = "2^n", ignore, ceiling = 40)]
fn subset_sums(b: &mut Bencher, n: usize) {
    b.iter(|| subsets(n))
}

// Declared one class too low: these must not hold.
#[zenbench::bench(complexity = "n log n", ignore, floor = 16, ceiling = 1 << 16)]
fn all_pairs_as_nlogn(b: &mut Bencher, n: usize) {
    b.iter(|| pairs(n))
}

#[zenbench::bench(complexity = "n^3", ignore, ceiling = 40)]
fn subset_sums_as_cubic(b: &mut Bencher, n: usize) {
    b.iter(|| subsets(n))
}

// Declared one class too high: the cost grows slower.
#[zenbench::bench(complexity = "n^2", ignore, ceiling = 1 << 14)]
fn sum_as_quadratic(b: &mut Bencher, n: usize) {
    let v = vec![3u64; n];
    b.iter(|| black_box(&v).iter().fold(0u64, |a, &x| a.wrapping_add(x)))
}

/// The verdict each bench should get, and what it is.
const TRUTH: &[(&str, &str, &str)] = &[
    ("middle_element", "holds", "O(1)"),
    ("binary_search", "holds", "O(log n), in L2"),
    ("sum_in_cache", "holds", "O(n), in L1/L2"),
    ("scan_in_l2", "holds", "O(n), within L2"),
    ("scan_across_caches", "grows_faster", "O(n) ops, L1 to L3"),
    ("dedup_sorted", "holds", "O(n)"),
    ("sort_unstable", "holds", "O(n log n)"),
    ("sort_stable", "holds", "O(n log n)"),
    ("btree_build", "holds", "O(n log n)"),
    ("hash_build", "holds", "O(n) amortised"),
    ("insertion_sort", "holds", "O(n^2)"),
    ("all_pairs", "holds", "O(n^2)"),
    ("matmul", "holds", "O(n^3)"),
    ("subset_sums", "holds", "O(2^n)"),
    ("all_pairs_as_nlogn", "grows_faster", "O(n^2) as n log n"),
    ("subset_sums_as_cubic", "grows_faster", "O(2^n) as n^3"),
    ("sum_as_quadratic", "grows_slower", "O(n) as n^2"),
];

fn main() {
    let mut opts = match zenbench::Options::from_env_and_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let suite = zenbench::Suite::from_registry();
    if opts.mode == Mode::Test {
        // `cargo test --benches`: each once at its floor, ignored or not.
        opts.selection.include_ignored = true;
    }
    let measuring =
        opts.mode == Mode::Bench && (opts.selection.include_ignored || opts.selection.ignored);
    if !measuring || opts.list || opts.help {
        if opts.mode == Mode::Bench && !opts.list && !opts.help {
            eprintln!(
                "complexity validation: {} ladders, a few minutes; run them with\n  cargo bench --bench complexity -- --include-ignored",
                TRUTH.len()
            );
        }
        std::process::exit(suite.main_with(&opts));
    }
    let started = std::time::Instant::now();
    let result = match suite.run(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    eprint!("{}", result.to_pretty(false));
    println!("\ncomplexity validation (truth vs zenbench):");
    println!(
        "{:<22} {:<20} {:<13} {:<13} {:>22} {:>8} {:>6}",
        "bench", "truth", "expected", "verdict", "β [95% CI]", "wall", "rungs"
    );
    let (mut right, mut total) = (0, 0);
    for c in &result.complexity {
        let Some(&(_, expected, what)) = TRUTH.iter().find(|t| t.0 == c.name) else {
            continue;
        };
        total += 1;
        // The cache-crossing scan is right only when the step is named too.
        let ok = c.verdict == expected && (c.name != "scan_across_caches" || c.step.is_some());
        right += usize::from(ok);
        let beta = if c.fallback {
            format!("— (C ×{:.2})", c.c_change.unwrap_or(f64::NAN))
        } else {
            format!("{:+.2} [{:+.2}, {:+.2}]", c.beta, c.beta_ci.0, c.beta_ci.1)
        };
        println!(
            "{:<22} {:<20} {:<13} {:<13} {:>22} {:>7.1}s {:>6}{}",
            c.name,
            what,
            expected,
            c.verdict,
            beta,
            c.wall_time_s,
            c.rungs.len(),
            if ok { "" } else { "  ✗" }
        );
        if let Some(step) = &c.step {
            println!(
                "{:<22} C(n) steps ×{:.1} from n = {} to {}",
                "", step.factor, step.from_n, step.to_n
            );
        }
    }
    println!(
        "{right}/{total} right ({:.0}%), {:.0} s in all",
        100.0 * right as f64 / total.max(1) as f64,
        started.elapsed().as_secs_f64()
    );
}
