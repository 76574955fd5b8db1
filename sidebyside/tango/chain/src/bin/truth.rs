//! The harness-free truth: how much slower `work(n1)` is than `work(n0)`,
//! measured in one process with both lengths at hand, so no harness, no
//! second build and no second process is involved.
//!
//! ```text
//! truth N0 N1 [--calls C] [--pairs P] [--repeats R] [--seed S]
//! ```
//!
//! One repeat times P pairs of short blocks, each block C back-to-back calls
//! of `work(n0)` or of `work(n1)` (the pair's order is random), and takes
//! the median over the pairs of `t1 / t0`: neighbouring blocks share the
//! machine's state, so drift cancels within a pair, and the median ignores
//! the pairs an interrupt hit. The answer is the median over R repeats, in
//! percent; every repeat's figure is printed too, as its spread.
//!
//! Output, one line: `truth_pct=<median> repeats=<r1,r2,...>`.

use chain::work;
use std::hint::black_box;
use std::time::Instant;

fn block(n: u64, calls: u32) -> f64 {
    let start = Instant::now();
    for _ in 0..calls {
        black_box(work(black_box(n)));
    }
    start.elapsed().as_nanos() as f64
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: truth N0 N1 [--calls C] [--pairs P] [--repeats R] [--seed S]";
    let (mut calls, mut pairs, mut repeats, mut seed) = (50u32, 2000usize, 9usize, 1u64);
    let mut ns = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().and_then(|v| v.parse::<u64>().ok()).expect(usage);
        match a.as_str() {
            "--calls" => calls = value() as u32,
            "--pairs" => pairs = value() as usize,
            "--repeats" => repeats = value() as usize,
            "--seed" => seed = value(),
            n => ns.push(n.parse::<u64>().expect(usage)),
        }
    }
    let [n0, n1] = ns[..] else { panic!("{usage}") };
    // xorshift64: the order of each pair.
    let mut state = seed.max(1);
    let mut coin = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state & 1 == 1
    };
    // Warm up: both lengths, a few blocks each.
    for _ in 0..20 {
        block(n0, calls);
        block(n1, calls);
    }
    let mut per_repeat = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let mut ratios = Vec::with_capacity(pairs);
        for _ in 0..pairs {
            let (t0, t1) = if coin() {
                let t0 = block(n0, calls);
                (t0, block(n1, calls))
            } else {
                let t1 = block(n1, calls);
                (block(n0, calls), t1)
            };
            ratios.push(t1 / t0);
        }
        per_repeat.push((median(&mut ratios) - 1.0) * 100.0);
    }
    let listed: Vec<String> = per_repeat.iter().map(|p| format!("{p:.4}")).collect();
    let truth = median(&mut per_repeat.clone());
    println!("truth_pct={truth:.4} repeats={}", listed.join(","));
}
