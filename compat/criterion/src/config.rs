//! `Criterion` and `BenchmarkGroup`: criterion's builders, whose settings
//! become zenbench options of the benches registered after them.

use crate::bencher::Bencher;
use crate::measurement::{Measurement, WallTime};
use crate::profiler::Profiler;
use crate::runtime;
use crate::types::{
    BenchmarkId, IntoBenchmarkId, PlotConfiguration, PlottingBackend, SamplingMode, Throughput,
};
use std::time::Duration;
use zenbench::BenchOptions;

/// The settings that mean something to zenbench, as set so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct Settings {
    sample_size: Option<usize>,
    measurement_time: Option<Duration>,
    noise_threshold: Option<f64>,
    sampling_mode: Option<SamplingMode>,
    pub(crate) throughput: Option<Throughput>,
}

impl Settings {
    /// `over`'s settings where it has them, else these.
    fn under(&self, over: &Settings) -> Settings {
        Settings {
            sample_size: over.sample_size.or(self.sample_size),
            measurement_time: over.measurement_time.or(self.measurement_time),
            noise_threshold: over.noise_threshold.or(self.noise_threshold),
            sampling_mode: over.sampling_mode.or(self.sampling_mode),
            throughput: over.throughput.clone().or(self.throughput.clone()),
        }
    }

    /// The zenbench options they map onto: `sample_size` n is at most n
    /// rounds (zenbench stops sooner once the comparison has converged; its
    /// least round count is capped by it),
    /// `measurement_time` the group's time budget, `noise_threshold` the
    /// same, `SamplingMode::Linear` linear sampling.
    pub(crate) fn options(&self) -> BenchOptions {
        let mut o = BenchOptions::NONE;
        if let Some(n) = self.sample_size {
            o = o.max_rounds(n as u64);
        }
        if let Some(t) = self.measurement_time.filter(|t| !t.is_zero()) {
            o = o.max_time(t.as_secs_f64());
        }
        if let Some(f) = self.noise_threshold.filter(|f| (0.0..1.0).contains(f)) {
            o = o.noise_threshold(f);
        }
        match self.sampling_mode {
            Some(SamplingMode::Linear) => o = o.linear_sampling(true),
            Some(SamplingMode::Flat) => o = o.linear_sampling(false),
            Some(SamplingMode::Auto) | None => {}
        }
        o
    }
}

/// criterion's entry point: its settings apply to every benchmark
/// registered through it, and [`Criterion::benchmark_group`] starts a group
/// whose benchmarks zenbench runs interleaved as one comparison.
pub struct Criterion<M: Measurement = WallTime> {
    settings: Settings,
    measurement: M,
    filter: Option<String>,
}

impl Default for Criterion<WallTime> {
    fn default() -> Criterion<WallTime> {
        Criterion {
            settings: Settings::default(),
            measurement: WallTime,
            filter: None,
        }
    }
}

impl<M: Measurement> Criterion<M> {
    /// Times with `m` (zenbench times wall-clock time; `iter_custom`
    /// values are read through `m.to_f64` as nanoseconds).
    pub fn with_measurement<M2: Measurement>(self, m: M2) -> Criterion<M2> {
        Criterion {
            settings: self.settings,
            measurement: m,
            filter: self.filter,
        }
    }

    /// No effect: zenbench has no profiling mode.
    pub fn with_profiler<P: Profiler + 'static>(self, p: P) -> Criterion<M> {
        drop(p);
        self
    }

    /// No effect: zenbench draws no plots (`--format html` has charts).
    pub fn plotting_backend(self, backend: PlottingBackend) -> Criterion<M> {
        let _ = backend;
        self
    }

    /// At most `n` rounds (criterion: exactly `n` samples).
    pub fn sample_size(mut self, n: usize) -> Criterion<M> {
        assert!(
            n >= 10,
            "sample size must be at least 10 (criterion's rule)"
        );
        self.settings.sample_size = Some(n);
        self
    }

    /// No effect: zenbench warms up until its iteration counts settle.
    pub fn warm_up_time(self, dur: Duration) -> Criterion<M> {
        assert!(!dur.is_zero(), "warm-up time must be above zero");
        self
    }

    /// The time budget of each group.
    pub fn measurement_time(mut self, dur: Duration) -> Criterion<M> {
        assert!(!dur.is_zero(), "measurement time must be above zero");
        self.settings.measurement_time = Some(dur);
        self
    }

    /// No effect: zenbench's bootstrap size is its own.
    pub fn nresamples(self, n: usize) -> Criterion<M> {
        assert!(n > 0, "resample count must be above zero");
        self
    }

    /// Changes within ± this fraction are `same`.
    pub fn noise_threshold(mut self, threshold: f64) -> Criterion<M> {
        assert!(threshold >= 0.0, "noise threshold must be at least zero");
        self.settings.noise_threshold = Some(threshold);
        self
    }

    /// No effect: zenbench's intervals are 95% for means and 99% for the
    /// baseline gate.
    pub fn confidence_level(self, cl: f64) -> Criterion<M> {
        assert!(cl > 0.0 && cl < 1.0, "confidence level must be in (0, 1)");
        self
    }

    /// No effect, as [`Criterion::confidence_level`].
    pub fn significance_level(self, sl: f64) -> Criterion<M> {
        assert!(sl > 0.0 && sl < 1.0, "significance level must be in (0, 1)");
        self
    }

    /// No effect: no plots.
    pub fn with_plots(self) -> Criterion<M> {
        self
    }

    /// No effect: no plots.
    pub fn without_plots(self) -> Criterion<M> {
        self
    }

    /// No effect in code: use `--save-baseline NAME` on the command line.
    pub fn save_baseline(self, baseline: String) -> Criterion<M> {
        let _ = baseline;
        self
    }

    /// No effect in code: use `--baseline NAME` on the command line.
    pub fn retain_baseline(self, baseline: String, strict: bool) -> Criterion<M> {
        let _ = (baseline, strict);
        self
    }

    /// Registers only benchmarks whose full name contains `filter` (the
    /// command line's filters apply as well).
    pub fn with_filter<S: Into<String>>(mut self, filter: S) -> Criterion<M> {
        self.filter = Some(filter.into());
        self
    }

    /// No effect in code: use `--color` on the command line.
    pub fn with_output_color(self, enabled: bool) -> Criterion<M> {
        let _ = enabled;
        self
    }

    /// Returns itself: zenbench reads the command line once, for all groups.
    pub fn configure_from_args(self) -> Criterion<M> {
        self
    }

    /// No effect: zenbench has no profiling mode.
    pub fn profile_time(self, profile_time: Option<Duration>) -> Criterion<M> {
        let _ = profile_time;
        self
    }

    /// After a hand-written `main` has called its `criterion_group!` fns
    /// (criterion's documented custom `main`), runs them as
    /// `criterion_main!` does, and exits with zenbench's exit code; the
    /// report is printed when every group has run. Anywhere else it does
    /// nothing.
    pub fn final_summary(&self) {
        crate::runtime::final_summary();
    }

    /// Starts a group: its benchmarks run interleaved, as one comparison
    /// against the first of them.
    pub fn benchmark_group<S: Into<String>>(&mut self, group_name: S) -> BenchmarkGroup<'_, M> {
        let name = group_name.into();
        assert!(!name.is_empty(), "group name must not be empty");
        BenchmarkGroup {
            criterion: self,
            name,
            settings: Settings::default(),
        }
    }

    /// A benchmark of its own.
    pub fn bench_function<F>(&mut self, id: &str, mut f: F) -> &mut Criterion<M>
    where
        F: FnMut(&mut Bencher<'_, M>),
    {
        let settings = self.settings.clone();
        self.register(None, id.into_benchmark_id(), &settings, &mut |b| f(b));
        self
    }

    /// A benchmark of its own, given `input`.
    pub fn bench_with_input<F, I>(
        &mut self,
        id: BenchmarkId,
        input: &I,
        mut f: F,
    ) -> &mut Criterion<M>
    where
        F: FnMut(&mut Bencher<'_, M>, &I),
        I: ?Sized,
    {
        let settings = self.settings.clone();
        self.register(None, id, &settings, &mut |b| f(b, input));
        self
    }

    fn register(
        &mut self,
        group: Option<&str>,
        id: BenchmarkId,
        settings: &Settings,
        f: &mut dyn FnMut(&mut Bencher<'_, M>),
    ) {
        let full = runtime::full_name(group, &id);
        if self.filter.as_deref().is_some_and(|w| !full.contains(w)) {
            return;
        }
        let measurement = &self.measurement;
        runtime::register(group, &id, settings, &mut |zb| {
            f(&mut Bencher::new(zb, measurement))
        });
    }
}

/// A criterion group: zenbench runs its benchmarks interleaved, every one
/// once per round in a fresh order, and compares each with the first.
/// Settings apply to the benchmarks registered after them.
pub struct BenchmarkGroup<'a, M: Measurement = WallTime> {
    criterion: &'a mut Criterion<M>,
    name: String,
    settings: Settings,
}

impl<M: Measurement> BenchmarkGroup<'_, M> {
    /// At most `n` rounds (criterion: exactly `n` samples).
    pub fn sample_size(&mut self, n: usize) -> &mut Self {
        assert!(
            n >= 10,
            "sample size must be at least 10 (criterion's rule)"
        );
        self.settings.sample_size = Some(n);
        self
    }

    /// No effect: zenbench warms up until its iteration counts settle.
    pub fn warm_up_time(&mut self, dur: Duration) -> &mut Self {
        assert!(!dur.is_zero(), "warm-up time must be above zero");
        self
    }

    /// The group's time budget.
    pub fn measurement_time(&mut self, dur: Duration) -> &mut Self {
        assert!(!dur.is_zero(), "measurement time must be above zero");
        self.settings.measurement_time = Some(dur);
        self
    }

    /// No effect: zenbench's bootstrap size is its own.
    pub fn nresamples(&mut self, n: usize) -> &mut Self {
        assert!(n > 0, "resample count must be above zero");
        self
    }

    /// Changes within ± this fraction are `same`.
    pub fn noise_threshold(&mut self, threshold: f64) -> &mut Self {
        assert!(threshold >= 0.0, "noise threshold must be at least zero");
        self.settings.noise_threshold = Some(threshold);
        self
    }

    /// No effect (see [`Criterion::confidence_level`]).
    pub fn confidence_level(&mut self, cl: f64) -> &mut Self {
        assert!(cl > 0.0 && cl < 1.0, "confidence level must be in (0, 1)");
        self
    }

    /// No effect (see [`Criterion::confidence_level`]).
    pub fn significance_level(&mut self, sl: f64) -> &mut Self {
        assert!(sl > 0.0 && sl < 1.0, "significance level must be in (0, 1)");
        self
    }

    /// No effect: no plots.
    pub fn plot_config(&mut self, new_config: PlotConfiguration) -> &mut Self {
        let _ = new_config;
        self
    }

    /// Work per iteration of the benchmarks registered after this.
    pub fn throughput(&mut self, throughput: Throughput) -> &mut Self {
        self.settings.throughput = Some(throughput);
        self
    }

    /// `Linear` turns on zenbench's linear sampling; `Flat` and `Auto` are
    /// its default.
    pub fn sampling_mode(&mut self, new_mode: SamplingMode) -> &mut Self {
        self.settings.sampling_mode = Some(new_mode);
        self
    }

    /// Adds a benchmark to the group.
    pub fn bench_function<ID: IntoBenchmarkId, F>(&mut self, id: ID, mut f: F) -> &mut Self
    where
        F: FnMut(&mut Bencher<'_, M>),
    {
        let id = id.into_benchmark_id();
        let settings = self.criterion.settings.under(&self.settings);
        let group = self.name.clone();
        self.criterion
            .register(Some(&group), id, &settings, &mut |b| f(b));
        self
    }

    /// Adds a benchmark given `input` to the group.
    pub fn bench_with_input<ID: IntoBenchmarkId, F, I>(
        &mut self,
        id: ID,
        input: &I,
        mut f: F,
    ) -> &mut Self
    where
        F: FnMut(&mut Bencher<'_, M>, &I),
        I: ?Sized,
    {
        let id = id.into_benchmark_id();
        let settings = self.criterion.settings.under(&self.settings);
        let group = self.name.clone();
        self.criterion
            .register(Some(&group), id, &settings, &mut |b| f(b, input));
        self
    }

    /// Ends the group (a group that is simply dropped ends the same way).
    pub fn finish(self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_map_onto_zenbench_options() {
        let s = Settings {
            sample_size: Some(10),
            measurement_time: Some(Duration::from_millis(1500)),
            noise_threshold: Some(0.02),
            sampling_mode: Some(SamplingMode::Linear),
            throughput: None,
        };
        let o = s.options();
        assert_eq!((o.max_rounds, o.min_rounds), (Some(10), None));
        assert_eq!(o.max_time, Some(1.5));
        assert_eq!(o.noise_threshold, Some(0.02));
        assert_eq!(o.linear_sampling, Some(true));
        let big = Settings {
            sample_size: Some(500),
            ..Settings::default()
        };
        let o = big.options();
        assert_eq!((o.max_rounds, o.min_rounds), (Some(500), None));
        let none = Settings::default().options();
        assert_eq!(none.max_rounds, None);
        assert_eq!(none.linear_sampling, None);
    }

    #[test]
    fn a_group_setting_wins_over_the_criterion_one() {
        let top = Settings {
            sample_size: Some(50),
            noise_threshold: Some(0.05),
            ..Settings::default()
        };
        let group = Settings {
            sample_size: Some(20),
            throughput: Some(Throughput::Bytes(8)),
            ..Settings::default()
        };
        let s = top.under(&group);
        assert_eq!(s.sample_size, Some(20));
        assert_eq!(s.noise_threshold, Some(0.05));
        assert_eq!(s.throughput, Some(Throughput::Bytes(8)));
    }
}
