//! criterion's plain types: ids, throughput, batch sizes, sampling modes,
//! plot settings, measurements and profilers.

use std::fmt;
use std::time::{Duration, Instant};

/// A benchmark's id in a group: a function name, a parameter, or both
/// (`function/parameter`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BenchmarkId {
    function: Option<String>,
    parameter: Option<String>,
}

impl BenchmarkId {
    /// `function/parameter`, the parameter by its `Display` form (`NaN`
    /// and `inf` included).
    pub fn new<S: Into<String>, P: fmt::Display>(function_name: S, parameter: P) -> BenchmarkId {
        BenchmarkId {
            function: Some(function_name.into()),
            parameter: Some(parameter.to_string()),
        }
    }

    /// An id that is the parameter alone (within a group named after the
    /// function).
    pub fn from_parameter<P: fmt::Display>(parameter: P) -> BenchmarkId {
        BenchmarkId {
            function: None,
            parameter: Some(parameter.to_string()),
        }
    }

    /// What the row measures: its function (`None` for an id that is a
    /// parameter alone) and its input.
    pub(crate) fn parts(&self) -> (Option<&str>, Option<&str>) {
        (self.function.as_deref(), self.parameter.as_deref())
    }

    /// The row name: `function/parameter`, `function` or `parameter`.
    pub(crate) fn row_name(&self) -> String {
        match (&self.function, &self.parameter) {
            (Some(f), Some(p)) => format!("{f}/{p}"),
            (Some(f), None) => f.clone(),
            (None, Some(p)) => p.clone(),
            (None, None) => String::new(),
        }
    }
}

impl fmt::Display for BenchmarkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.row_name())
    }
}

/// What a group's `bench_function` takes as an id: a [`BenchmarkId`] or
/// a string.
pub trait IntoBenchmarkId {
    /// The id.
    fn into_benchmark_id(self) -> BenchmarkId;
}

impl IntoBenchmarkId for BenchmarkId {
    fn into_benchmark_id(self) -> BenchmarkId {
        self
    }
}

impl<S: Into<String>> IntoBenchmarkId for S {
    fn into_benchmark_id(self) -> BenchmarkId {
        BenchmarkId {
            function: Some(self.into()),
            parameter: None,
        }
    }
}

/// Work done per iteration, for a rate beside the time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Throughput {
    /// Bytes per iteration (reported in binary multiples).
    Bytes(u64),
    /// Bytes per iteration (criterion reports decimal multiples; zenbench
    /// reports every byte rate one way).
    BytesDecimal(u64),
    /// Elements per iteration.
    Elements(u64),
    /// Bits per iteration: a byte rate of bits / 8.
    Bits(u64),
    /// Both: zenbench keeps the elements.
    ElementsAndBytes {
        /// Elements per iteration.
        elements: u64,
        /// Bytes per iteration.
        bytes: u64,
    },
}

impl Throughput {
    /// zenbench's throughput of the same work.
    pub(crate) fn to_zenbench(&self) -> zenbench::Throughput {
        match *self {
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) => zenbench::Throughput::Bytes(n),
            Throughput::Bits(n) => zenbench::Throughput::Bytes(n / 8),
            Throughput::Elements(n) | Throughput::ElementsAndBytes { elements: n, .. } => {
                zenbench::Throughput::Elements(n)
            }
        }
    }
}

/// How many inputs `iter_batched` prepares at once, as criterion sizes
/// the batches of a sample: each batch's inputs are made before, and its
/// outputs dropped after, its own timed region, so no more than a batch's
/// inputs are alive at once (each batch adds one clock reading).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BatchSize {
    /// Ten batches per sample.
    SmallInput,
    /// A thousand batches per sample.
    LargeInput,
    /// One input at a time.
    PerIteration,
    /// This many batches per sample.
    NumBatches(u64),
    /// This many iterations per batch.
    NumIterations(u64),
}

impl BatchSize {
    /// Iterations per batch in a sample of `iters`: criterion's sizes, at
    /// least one.
    pub(crate) fn per_batch(self, iters: u64) -> usize {
        let per = match self {
            BatchSize::SmallInput => iters.div_ceil(10),
            BatchSize::LargeInput => iters.div_ceil(1000),
            BatchSize::PerIteration => 1,
            BatchSize::NumBatches(batches) => iters.div_ceil(batches.max(1)),
            BatchSize::NumIterations(size) => size,
        };
        usize::try_from(per.max(1)).unwrap_or(usize::MAX)
    }
}

/// How a group's iteration counts grow from sample to sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum SamplingMode {
    /// zenbench's default.
    #[default]
    Auto,
    /// A ramp of counts and a fitted slope (zenbench's `linear_sampling`).
    Linear,
    /// The same count every sample (zenbench's default).
    Flat,
}

/// A plot's axis scale (no plots are drawn; kept for the builder).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AxisScale {
    /// Linear.
    Linear,
    /// Logarithmic.
    Logarithmic,
}

/// A group's plot settings (no effect).
#[derive(Clone, Debug, Default)]
pub struct PlotConfiguration {
    _scale: Option<AxisScale>,
}

impl PlotConfiguration {
    /// Sets the summary plots' scale (no effect).
    pub fn summary_scale(mut self, new_scale: AxisScale) -> PlotConfiguration {
        self._scale = Some(new_scale);
        self
    }
}

/// Which library draws plots (none does: see `--format html` for charts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlottingBackend {
    /// gnuplot.
    Gnuplot,
    /// plotters.
    Plotters,
    /// No plots.
    None,
}

/// Measurements: what a sample's value is. zenbench times wall-clock
/// time; a custom measurement's values are read as nanoseconds
/// (`to_f64`) in `iter_custom`.
pub mod measurement {
    use super::*;

    /// Formats a measurement's values (criterion's reports; unused here).
    pub trait ValueFormatter {
        /// `value` with its unit.
        fn format_value(&self, value: f64) -> String {
            format!("{value:.4}")
        }
        /// A rate with its unit.
        fn format_throughput(&self, throughput: &Throughput, value: f64) -> String {
            let _ = throughput;
            self.format_value(value)
        }
        /// Scales `values` to a readable unit and names it.
        fn scale_values(&self, typical_value: f64, values: &mut [f64]) -> &'static str;
        /// Scales rates to a readable unit and names it.
        fn scale_throughputs(
            &self,
            typical_value: f64,
            throughput: &Throughput,
            values: &mut [f64],
        ) -> &'static str;
        /// Scales `values` for machine-readable output and names the unit.
        fn scale_for_machines(&self, values: &mut [f64]) -> &'static str;
    }

    /// What a sample measures.
    pub trait Measurement {
        /// What `start` returns.
        type Intermediate;
        /// A measured value.
        type Value;
        /// Starts measuring.
        fn start(&self) -> Self::Intermediate;
        /// Ends measuring.
        fn end(&self, i: Self::Intermediate) -> Self::Value;
        /// The sum of two values.
        fn add(&self, v1: &Self::Value, v2: &Self::Value) -> Self::Value;
        /// The zero value.
        fn zero(&self) -> Self::Value;
        /// A value as a number (nanoseconds, for zenbench).
        fn to_f64(&self, value: &Self::Value) -> f64;
        /// Its formatter.
        fn formatter(&self) -> &dyn ValueFormatter;
    }

    /// Wall-clock time, the only measurement zenbench times with.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct WallTime;

    struct Nanos;

    impl ValueFormatter for Nanos {
        fn scale_values(&self, _typical: f64, _values: &mut [f64]) -> &'static str {
            "ns"
        }
        fn scale_throughputs(&self, _t: f64, _th: &Throughput, _v: &mut [f64]) -> &'static str {
            "ns"
        }
        fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
            "ns"
        }
    }

    impl Measurement for WallTime {
        type Intermediate = Instant;
        type Value = Duration;
        fn start(&self) -> Instant {
            Instant::now()
        }
        fn end(&self, i: Instant) -> Duration {
            i.elapsed()
        }
        fn add(&self, v1: &Duration, v2: &Duration) -> Duration {
            *v1 + *v2
        }
        fn zero(&self) -> Duration {
            Duration::ZERO
        }
        fn to_f64(&self, value: &Duration) -> f64 {
            value.as_nanos() as f64
        }
        fn formatter(&self) -> &dyn ValueFormatter {
            &Nanos
        }
    }
}

/// Profilers criterion starts around `--profile-time` runs (never started
/// here: zenbench has no profiling mode).
pub mod profiler {
    use std::path::Path;

    /// A profiler's hooks.
    pub trait Profiler {
        /// Called before a profiled benchmark.
        fn start_profiling(&mut self, benchmark_id: &str, benchmark_dir: &Path);
        /// Called after it.
        fn stop_profiling(&mut self, benchmark_id: &str, benchmark_dir: &Path);
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn batch_sizes_are_criterions() {
        let per = |size: BatchSize| size.per_batch(95);
        assert_eq!(per(BatchSize::SmallInput), 10);
        assert_eq!(per(BatchSize::LargeInput), 1);
        assert_eq!(BatchSize::LargeInput.per_batch(5000), 5);
        assert_eq!(per(BatchSize::PerIteration), 1);
        assert_eq!(per(BatchSize::NumBatches(3)), 32);
        assert_eq!(per(BatchSize::NumBatches(0)), 95);
        assert_eq!(per(BatchSize::NumIterations(7)), 7);
        assert_eq!(per(BatchSize::NumIterations(0)), 1);
    }

    use super::*;

    #[test]
    fn ids_name_rows_as_criterion_names_benchmarks() {
        assert_eq!(BenchmarkId::new("parse", 1024).row_name(), "parse/1024");
        assert_eq!(BenchmarkId::from_parameter("a/b").row_name(), "a/b");
        assert_eq!("plain".into_benchmark_id().row_name(), "plain");
        assert_eq!(String::from("s").into_benchmark_id().row_name(), "s");
        assert_eq!(BenchmarkId::new("x", f64::NAN).row_name(), "x/NaN");
        assert_eq!(
            BenchmarkId::new("x", f64::NEG_INFINITY).row_name(),
            "x/-inf"
        );
    }

    #[test]
    fn throughput_maps_onto_zenbench_units() {
        use zenbench::Throughput as Z;
        assert_eq!(Throughput::Bytes(64).to_zenbench(), Z::Bytes(64));
        assert_eq!(Throughput::BytesDecimal(1000).to_zenbench(), Z::Bytes(1000));
        assert_eq!(Throughput::Bits(64).to_zenbench(), Z::Bytes(8));
        assert_eq!(Throughput::Elements(3).to_zenbench(), Z::Elements(3));
        let both = Throughput::ElementsAndBytes {
            elements: 5,
            bytes: 40,
        };
        assert_eq!(both.to_zenbench(), Z::Elements(5));
    }
}
