//! criterion's public surface, as suites use it, compiles against
//! zenbench-criterion: every builder method, the types and traits suites
//! name in signatures, a custom measurement and profiler. (Running
//! benchmarks is the end-to-end tests' business: they need
//! `criterion_main!`.)

extern crate zenbench_criterion as criterion;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::profiler::Profiler;
use criterion::{
    AxisScale, BatchSize, Bencher, BenchmarkGroup, BenchmarkId, Criterion, PlotConfiguration,
    PlottingBackend, SamplingMode, Throughput,
};
use std::path::Path;
use std::time::Duration;

/// A helper that takes a group, as suites with many similar groups write.
#[allow(dead_code)]
fn add_sizes(group: &mut BenchmarkGroup<'_, WallTime>, sizes: &[usize]) {
    for &n in sizes {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            b.iter(|| (0..n).sum::<usize>())
        });
    }
}

#[allow(dead_code)]
fn every_bencher_method(b: &mut Bencher<'_, WallTime>) {
    b.iter(|| 1);
    b.iter_with_large_drop(|| vec![1u8; 8]);
    b.iter_batched(|| vec![3, 1, 2], |mut v| v.sort(), BatchSize::NumBatches(4));
    b.iter_batched_ref(|| vec![3, 1, 2], |v| v.sort(), BatchSize::NumIterations(4));
    b.iter_with_setup(|| 5u32, |x| x + 1);
    b.iter_custom(Duration::from_nanos);
}

/// A measurement of the suite's own, in the shape criterion asks for.
struct Ticks;

impl ValueFormatter for Ticks {
    fn scale_values(&self, _: f64, _: &mut [f64]) -> &'static str {
        "ticks"
    }
    fn scale_throughputs(&self, _: f64, _: &Throughput, _: &mut [f64]) -> &'static str {
        "ticks"
    }
    fn scale_for_machines(&self, _: &mut [f64]) -> &'static str {
        "ticks"
    }
}

impl Measurement for Ticks {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        0
    }
    fn end(&self, i: u64) -> u64 {
        i + 1
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self
    }
}

struct NoProfiler;

impl Profiler for NoProfiler {
    fn start_profiling(&mut self, _: &str, _: &Path) {}
    fn stop_profiling(&mut self, _: &str, _: &Path) {}
}

#[allow(dead_code)]
fn with_custom_measurement(c: &mut Criterion<Ticks>) {
    let mut group = c.benchmark_group("ticks");
    group.bench_function("one", |b: &mut Bencher<'_, Ticks>| {
        b.iter_custom(|iters| iters)
    });
    group.finish();
}

#[test]
fn every_builder_method_chains_as_in_criterion() {
    let c: Criterion<WallTime> = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .nresamples(1000)
        .noise_threshold(0.03)
        .confidence_level(0.9)
        .significance_level(0.1)
        .with_plots()
        .without_plots()
        .plotting_backend(PlottingBackend::Plotters)
        .save_baseline("x".into())
        .retain_baseline("y".into(), true)
        .with_filter("parse")
        .with_output_color(false)
        .profile_time(None)
        .with_profiler(NoProfiler)
        .configure_from_args();
    c.final_summary();
    let _ticks: Criterion<Ticks> = c.with_measurement(Ticks);
    let _ = PlotConfiguration::default().summary_scale(AxisScale::Logarithmic);
    let _ = SamplingMode::Flat;
    assert_eq!(BenchmarkId::new("f", 2.5).to_string(), "f/2.5");
}

#[test]
#[should_panic(expected = "sample size must be at least 10")]
fn criterion_rules_on_values_are_kept() {
    let _ = Criterion::default().sample_size(5);
}
