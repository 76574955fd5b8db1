//! `Serialize` and `Deserialize` for the result types.
//!
//! Written out by two small macros instead of `#[derive]`d: serde's derive
//! macro (serde_derive, compiled on syn before anything that uses it) was
//! the largest cost zenbench added to a user's clean build after zenbench
//! itself. They do what the derives with the attributes they replace did,
//! with the same JSON and the same error messages:
//!
//! - fields in declaration order, named as in Rust; unknown fields are
//!   ignored on input, a field given twice is an error;
//! - a missing field is an error, except an `Option` (`None`) and a field
//!   marked `default` (its `Default`; serde's `#[serde(default)]`);
//! - `default_skip_none` / `default_skip_empty` fields are also left out of
//!   the output when `None` / empty (`skip_serializing_if`);
//! - structs read from maps only (JSON's objects), not from sequences;
//! - unit enums are their names as listed (`rename_all`).
//!
//! - a plain `f64` marked `nan` reads `null` (how JSON writes NaN and
//!   ±infinity) back as NaN, and `nan_vec` does so for each element of a
//!   `Vec<f64>` (which is also `default_skip_empty`): a result always reads
//!   back, whatever it measured.
//!
//! A field added to a struct must be added to its list: the struct's
//! `Deserialize` builds it from the list, so it does not compile until then.
//! The lists must keep the declaration order, which the JSON follows. The
//! result types' lists are at the end of this file; `GroupConfig`'s comes
//! from the option table, the worker types' sit beside them.

use super::*;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, Unexpected, VariantAccess, Visitor,
};
use serde::Deserialize;
use std::fmt;

/// Structs: `Name { field, field: default, field: default_skip_none, ... }`.
macro_rules! serde_structs {
    ($($ty:ident { $($field:ident $(: $kind:ident)?),* $(,)? })*) => {$(
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct;
                let len = 0 $(+ usize::from($crate::model::result::serde_impls::present!(self.$field $(, $kind)?)))*;
                let mut s = serializer.serialize_struct(stringify!($ty), len)?;
                $(
                    if $crate::model::result::serde_impls::present!(self.$field $(, $kind)?) {
                        s.serialize_field(stringify!($field), &self.$field)?;
                    } else {
                        s.skip_field(stringify!($field))?;
                    }
                )*
                s.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::serde::de::{IgnoredAny, MapAccess, Visitor};
                use std::fmt;
                const FIELDS: &[&str] = &[$(stringify!($field)),*];
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;

                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str(concat!("struct ", stringify!($ty)))
                    }

                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $(let mut $field = None;)*
                        while let Some(key) = map.next_key::<String>()? {
                            $(if key == stringify!($field) {
                                $crate::model::result::serde_impls::put!(map, $field, stringify!($field) $(, $kind)?);
                                continue;
                            })*
                            map.next_value::<IgnoredAny>()?;
                        }
                        Ok($ty {$($field: match $field {
                            Some(value) => value,
                            None => $crate::model::result::serde_impls::absent!(A, stringify!($field) $(, $kind)?),
                        },)*})
                    }
                }
                deserializer.deserialize_struct(stringify!($ty), FIELDS, V)
            }
        }
    )*};
}

pub(crate) use serde_structs;

/// Whether a field is written.
macro_rules! present {
    ($v:expr) => {
        true
    };
    ($v:expr, default) => {
        true
    };
    ($v:expr, nan) => {
        true
    };
    ($v:expr, nan_vec) => {
        !$v.is_empty()
    };
    ($v:expr, default_skip_none) => {
        $v.is_some()
    };
    ($v:expr, default_skip_empty) => {
        !$v.is_empty()
    };
}

/// A missing field's value, in `visit_map` of the map access `A`.
macro_rules! absent {
    ($access:ident, $name:expr) => {
        $crate::model::result::serde_impls::missing::<_, $access::Error>($name)?
    };
    ($access:ident, $name:expr, nan) => {
        $crate::model::result::serde_impls::missing::<_, $access::Error>($name)?
    };
    ($access:ident, $name:expr, $default:ident) => {
        Default::default()
    };
}
pub(crate) use {absent, present};

/// Reads a field's value from a map into its slot, once.
macro_rules! put {
    ($map:ident, $slot:ident, $name:expr, nan) => {
        $crate::model::result::serde_impls::set_nan(&mut $map, &mut $slot, $name)?
    };
    ($map:ident, $slot:ident, $name:expr, nan_vec) => {
        $crate::model::result::serde_impls::set_nan_vec(&mut $map, &mut $slot, $name)?
    };
    ($map:ident, $slot:ident, $name:expr $(, $kind:ident)?) => {
        $crate::model::result::serde_impls::set(&mut $map, &mut $slot, $name)?
    };
}
pub(crate) use put;

/// Unit enums: `Name { Variant = "name", ... }`, every variant in
/// declaration order.
macro_rules! serde_unit_enums {
    ($($ty:ident { $($variant:ident = $name:literal),* $(,)? })*) => {$(
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let name = match self {
                    $($ty::$variant => $name,)*
                };
                serializer.serialize_unit_variant(stringify!($ty), *self as u32, name)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const ALL: &[$ty] = &[$($ty::$variant),*];
                // Indices are declaration order, as serialised above.
                const _: () = {
                    let mut i = 0;
                    while i < ALL.len() {
                        assert!(ALL[i] as usize == i, "variants out of declaration order");
                        i += 1;
                    }
                };
                const NAMES: &[&str] = &[$($name),*];
                let unit = $crate::model::result::serde_impls::UnitVariant(stringify!($ty), NAMES);
                let i = deserializer.deserialize_enum(stringify!($ty), NAMES, unit)?;
                Ok(ALL[i])
            }
        }
    )*};
}
pub(crate) use serde_unit_enums;

serde_structs! {
    SuiteResult {
        schema_version, run_id, timestamp, git_hash, git_dirty: default, zenbench_version, mode,
        seed, testbed, timer, loop_overhead_ns: nan, groups, repetition, complexity,
        wall_time_s: nan, calibration: default, startup: default_skip_none, against: default,
    }
    Startup {
        timer_s: nan, loop_overhead_s: nan, calibration_s: nan, alloc_overhead_s: nan,
        gate_s: nan,
    }
    Calibration {
        int_gops: nan, mem_bandwidth_gbs: nan, mem_latency_ns: nan, duration_ms: nan,
    }
    Testbed {
        cpu_model, arch, os, logical_cores, physical_cores,
        l1d_bytes: default, l2_bytes: default, l3_bytes: default, rustc: default, id: default,
    }
    TimerInfo { kind, resolution_ns: nan }
    GroupResult {
        name, rounds, iterations_per_sample, baseline, benchmarks, comparisons, scaling, config,
        stop_reason, wall_time_s: nan,
        gate: default_skip_none, phases: default_skip_none,
    }
    Phases {
        estimate_s: nan, warmup_s: nan, measure_s: nan, checks_s: nan, analysis_s: nan,
    }
    GateReport {
        rounds_delayed, waits, waited_s: nan, last_reason, rounds_under_load: default,
        sustained_load: default_skip_none,
    }
    SummaryNs {
        n, min_ns: nan, max_ns: nan, mean_ns: nan, median_ns: nan, mad_ns: nan, stddev_ns: nan,
    }
    CiNs { lower_ns: nan, upper_ns: nan, level: nan }
    ThroughputResult { kind, per_iteration, per_second: nan }
    AllocResult { allocs: nan, deallocs: nan, reallocs: nan, bytes: nan }
    ProcessSpread { min_ns: nan, max_ns: nan, cv: nan }
    BenchResult {
        name, full_name, threads, arg, iterations_per_sample, summary, mean_ci,
        no_ci: default_skip_none, cold_start_ns, cold: default_skip_none,
        slope_ns, throughput, failed, error, alloc, process_spread,
        resolved_by: default_skip_none, floor_ns: default_skip_none, below_floor: default,
        samples_ns: nan_vec, instructions: default_skip_none,
    }
    Comparison {
        baseline, candidate, pct_change: nan, ci_lower_pct: nan, ci_upper_pct: nan, significant,
        verdict, cohens_d, wilcoxon_p, drift_r, n, outliers_removed, below_floor: default,
        no_ci: default_skip_none,
    }
    ScalingPoint {
        threads, throughput_per_s: nan, throughput_lower_per_s: nan, throughput_upper_per_s: nan,
        scaling: nan, efficiency: nan, sweet_spot: default, drop: default, smt: default,
    }
    Repetition {
        processes, passes, aggregation, pass_aggregation: default_skip_none,
        failures: default_skip_empty,
    }
    ProcessFailure { index, status, message: default_skip_none }
    ComplexityRung {
        n, per_call_ns: nan, min_ns: nan, max_ns: nan, trials: default, trials_ns: default,
        repeats, total_ns: nan,
        ratio: nan, trimmed, below_floor, probe: default, status, message: default_skip_none,
    }
    ModelFit { model, spread: nan }
    Instructions {
        per_iter: nan, l1_misses: nan, ll_misses: nan, est_cycles: nan, iters,
        vs_baseline_pct: default_skip_none, verdict: default_skip_none,
    }
    CostStep { from_n, to_n, factor: nan }
    ComplexityResult {
        name, declared, cache: default, rungs, beta: nan, beta_ci, c_min: nan, c_max: nan,
        fallback: default, verdict, spawn_floor_ns: nan, best_fit: default,
        best_fit_decisive: default, fits: default, step: default_skip_none, stopped: default,
        options: default,
        enforced: default, wall_time_s: nan,
    }
    AgainstEntry {
        full_name, old_mean_ns: nan, new_mean_ns: nan, pct_change: nan, ci_lower_pct: nan,
        ci_upper_pct: nan, verdict, below_floor: default, run_noise_pct: nan, metric: default,
    }
    Against {
        baseline, cross_testbed, testbed_differences: default, enforced, max_regression_pct: nan,
        level: nan, noise_pct: nan, old_timestamp: default, old_git_hash: default,
        notes: default_skip_empty, entries,
        only_old, only_new,
    }
}

serde_unit_enums! {
    RunMode { Bench = "bench", Test = "test" }
    TimerKind { Tsc = "tsc", Os = "os" }
    StopReason {
        Converged = "converged", MaxTime = "max_time", MaxRounds = "max_rounds",
        Floor = "floor", Smoke = "smoke", Failed = "failed",
    }
    Resolution { Comparison = "comparison", Precision = "precision", Floor = "floor" }
    NoCi { TooFewRounds = "too_few_rounds" }
    Verdict { Faster = "faster", Slower = "slower", Same = "same", Uncertain = "uncertain" }
    ChangeVerdict {
        Regression = "regression", Improved = "improved", Unchanged = "unchanged",
        Uncertain = "uncertain",
    }
}

/// Stores a map value, once.
pub(crate) fn set<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    set_as(map, slot, name, |v: T| v)
}

/// Stores an `f64` map value that may be `null` (NaN), once.
pub(crate) fn set_nan<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<f64>,
    name: &'static str,
) -> Result<(), A::Error> {
    set_as(map, slot, name, nan_for_null)
}

/// Stores a `Vec<f64>` map value whose elements may be `null`, once.
pub(crate) fn set_nan_vec<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<Vec<f64>>,
    name: &'static str,
) -> Result<(), A::Error> {
    set_as(map, slot, name, |v: Vec<Option<f64>>| {
        v.into_iter().map(nan_for_null).collect()
    })
}

/// Reads a map value as `R`, converts it, and stores it, once.
fn set_as<'de, A: MapAccess<'de>, R: Deserialize<'de>, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    convert: impl FnOnce(R) -> T,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(convert(map.next_value::<R>()?));
    Ok(())
}

/// JSON's `null` for a number (how NaN and infinities are written) as NaN.
fn nan_for_null(v: Option<f64>) -> f64 {
    v.unwrap_or(f64::NAN)
}

/// A field that is not there: `None` for an `Option`, otherwise an error.
pub(crate) fn missing<'de, T: Deserialize<'de>, E: de::Error>(name: &'static str) -> Result<T, E> {
    // Only `Option` (and `()`) accept nothing: `deserialize_option` says none.
    T::deserialize(de::value::UnitDeserializer::<E>::new()).map_err(|_| E::missing_field(name))
}

/// Reads a unit variant of the enum named `.0` with variant names `.1`, as
/// its index.
pub(crate) struct UnitVariant(pub &'static str, pub &'static [&'static str]);

impl<'de> Visitor<'de> for UnitVariant {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "enum {}", self.0)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (i, variant) = data.variant_seed(VariantName(self.1))?;
        variant.unit_variant()?;
        Ok(i)
    }
}

/// A variant's identifier, by name or index.
struct VariantName(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for VariantName {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for VariantName {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        match usize::try_from(v) {
            Ok(i) if i < self.0.len() => Ok(i),
            _ => Err(E::invalid_value(
                Unexpected::Unsigned(v),
                &format!("variant index 0 <= i < {}", self.0.len()).as_str(),
            )),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|name| *name == v)
            .ok_or_else(|| E::unknown_variant(v, self.0))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        self.visit_str(&String::from_utf8_lossy(v))
    }
}
