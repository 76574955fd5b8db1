//! The group options, declared once.
//!
//! Each row of [`group_options!`] names an option (its attribute key; the
//! flag is the key with `-`, the variable `ZENBENCH_` and the key in upper
//! case), its type, default, rule, value placeholder and help line. From the
//! rows come:
//! - [`BenchOptions`], one `Option` field per key, with a `const fn` setter
//!   per key that checks the rule. The attribute builds its options with
//!   these setters inside the benchmark's `static`, so a literal that breaks
//!   the rule is a compile error at the offending value, and an unknown key
//!   is the compiler's "no method named …" with its own suggestion;
//! - [`GroupConfig`], the resolved values (plus the engine's own fields);
//! - [`GROUP_OPTIONS`], the rows the command line, the environment and
//!   `--help` are driven by, each parsing and checking with the same rule.
//!
//! The book's option reference lists the same rows; a test checks it.

/// What values an option takes; the one check both the attribute (at
/// compile time) and the command line (at run time) apply.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Rule {
    /// `true` / `false`; a bare attribute key or flag means `true`.
    Switch,
    /// Seconds: a finite number > 0.
    Secs,
    /// A whole number of at least `min`.
    Count { min: u64 },
    /// A fraction in `[0, 1)`.
    FractionFromZero,
    /// A fraction in `(0, 1)`.
    FractionOpen,
    /// A finite number > 0 (not a time).
    Positive,
    /// `warm` or `cold`.
    Cache,
}

impl Rule {
    /// Whether `v` satisfies a numeric rule of floats.
    pub(crate) const fn f64_ok(self, v: f64) -> bool {
        match self {
            Rule::Secs => v.is_finite() && v > 0.0,
            Rule::FractionFromZero => v >= 0.0 && v < 1.0,
            Rule::FractionOpen => v > 0.0 && v < 1.0,
            Rule::Positive => v.is_finite() && v > 0.0,
            Rule::Switch | Rule::Count { .. } | Rule::Cache => false,
        }
    }

    /// Whether `v` satisfies a numeric rule of whole numbers.
    pub(crate) const fn u64_ok(self, v: u64) -> bool {
        match self {
            Rule::Count { min } => v >= min,
            _ => false,
        }
    }
}

/// The rule of a row, as a [`Rule`] value.
macro_rules! rule {
    (switch) => {
        Rule::Switch
    };
    (secs) => {
        Rule::Secs
    };
    (count($min:literal)) => {
        Rule::Count { min: $min }
    };
    (fraction_from_zero) => {
        Rule::FractionFromZero
    };
    (fraction_open) => {
        Rule::FractionOpen
    };
    (positive) => {
        Rule::Positive
    };
    (cache) => {
        Rule::Cache
    };
}

/// What a rule expects, in words: the end of every message about a bad value.
macro_rules! expected {
    (switch) => {
        "true or false"
    };
    (secs) => {
        "seconds, a finite number > 0"
    };
    (count($min:literal)) => {
        concat!("a whole number >= ", $min)
    };
    (fraction_from_zero) => {
        "a number in [0, 1); a fraction: 0.01 means 1%"
    };
    (fraction_open) => {
        "a number in (0, 1); a fraction: 0.01 means 1%"
    };
    (positive) => {
        "a finite number > 0"
    };
    (cache) => {
        "warm or cold"
    };
}

/// Whether a value of type `$ty` satisfies `$rule` (in a `const` context).
macro_rules! satisfies {
    (f64, $rule:expr, $v:expr) => {
        $rule.f64_ok($v)
    };
    (u64, $rule:expr, $v:expr) => {
        $rule.u64_ok($v)
    };
    (bool, $rule:expr, $v:expr) => {{
        let _ = ($rule, $v);
        true
    }};
    (CacheMode, $rule:expr, $v:expr) => {{
        let _ = ($rule, $v);
        true
    }};
}

/// Refuses a value: in a `const` (the attribute's `static`), a compile
/// error with `why` at the option; at run time, a panic.
const fn reject(why: &'static str) -> ! {
    panic!("{}", why)
}

/// A value parsed from the command line or the environment, typed by its rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Value {
    Bool(bool),
    F64(f64),
    U64(u64),
    Cache(CacheMode),
}

/// How a complexity bench's rungs run: `cache = "warm"` (the default: many
/// calls per batch, caches and predictors warm) or `cache = "cold"` (one
/// call per fresh process, the L2 cache evicted first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CacheMode {
    /// Many calls per batch in one worker: the steady-state cost of a call.
    #[default]
    Warm,
    /// One call per fresh worker, after an L2 eviction: the cold cost.
    Cold,
}

crate::model::json::json_unit_enums! {
    CacheMode { Warm = "warm", Cold = "cold" }
}

impl CacheMode {
    /// `warm` or `cold`.
    pub fn name(self) -> &'static str {
        match self {
            CacheMode::Warm => "warm",
            CacheMode::Cold => "cold",
        }
    }
}

/// Moves a typed [`Value`] into a field of type `$ty`.
macro_rules! from_value {
    (f64, $v:expr) => {
        match $v {
            Value::F64(x) => x,
            other => unreachable!("option table: {other:?} for an f64 option"),
        }
    };
    (u64, $v:expr) => {
        match $v {
            Value::U64(x) => x,
            other => unreachable!("option table: {other:?} for a u64 option"),
        }
    };
    (bool, $v:expr) => {
        match $v {
            Value::Bool(x) => x,
            other => unreachable!("option table: {other:?} for a switch"),
        }
    };
    (CacheMode, $v:expr) => {
        match $v {
            Value::Cache(x) => x,
            other => unreachable!("option table: {other:?} for the cache mode"),
        }
    };
}

/// Which resolved configuration an option belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// [`GroupConfig`]: how a group of benches is measured.
    Group,
    /// [`ComplexityOptions`]: how a complexity bench's ladder runs.
    Complexity,
}

/// One row of the table, as the command line and `--help` read it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OptionSpec {
    /// The attribute key, `snake_case`.
    pub key: &'static str,
    /// The value placeholder in `--help` (`SECS`); `None` for a switch.
    pub value_name: Option<&'static str>,
    pub rule: Rule,
    /// What the rule expects, in words.
    pub expected: &'static str,
    /// The default, as `--help` shows it.
    pub default: &'static str,
    pub help: &'static str,
    /// The flag without `--` when it is not the key's (`param-ceiling`).
    pub flag_name: Option<&'static str>,
    pub part: Part,
    /// Sets the field through its setter, which checks the rule (and
    /// panics on a value that breaks it).
    pub set: fn(BenchOptions, Value) -> BenchOptions,
}

impl OptionSpec {
    /// `--max-time`.
    pub(crate) fn flag(&self) -> String {
        match self.flag_name {
            Some(name) => format!("--{name}"),
            None => format!("--{}", self.key.replace('_', "-")),
        }
    }

    /// `ZENBENCH_MAX_TIME`: the flag's name in upper case.
    #[cfg(test)]
    pub(crate) fn env_var(&self) -> String {
        format!(
            "ZENBENCH_{}",
            self.flag()[2..].to_ascii_uppercase().replace('-', "_")
        )
    }
}

/// The setter and the `--help` row of one option (shared by both parts).
macro_rules! option_row {
    (setter $key:ident : $ty:ident, $rule:ident $(($arg:literal))?, $($doc:literal)*) => {
        $(#[doc = $doc])*
        ///
        #[doc = concat!("Panics unless the value is ", expected!($rule $(($arg))?), ".")]
        pub const fn $key(mut self, value: $ty) -> BenchOptions {
            if !satisfies!($ty, rule!($rule $(($arg))?), value) {
                reject(concat!(
                    "invalid `", stringify!($key), "`: expected ",
                    expected!($rule $(($arg))?)
                ));
            }
            self.$key = Some(value);
            self
        }
    };
    (spec $part:ident $key:ident : $ty:ident = $default:expr, $rule:ident $(($arg:literal))?,
     $value_name:expr, $help:literal $(, flag $flag:literal)? $(, shown $shown:literal)?) => {
        OptionSpec {
            key: stringify!($key),
            value_name: $value_name,
            rule: rule!($rule $(($arg))?),
            expected: expected!($rule $(($arg))?),
            default: match [$(Some($shown),)? None][0] {
                Some(shown) => shown,
                None => stringify!($default),
            },
            help: $help,
            flag_name: [$(Some($flag),)? None][0],
            part: Part::$part,
            set: |o, v| o.$key(from_value!($ty, v)),
        }
    };
}

macro_rules! group_options {
    (
        extra {
            $(
                $(#[$extra_attr:meta])*
                $extra:ident : $extra_ty:ty $(= $extra_kind:ident)?,
            )*
        }
        group {
            $(
                $(#[doc = $doc:literal])*
                $key:ident as $resolved:ident : $ty:ident = $default:expr,
                $rule:ident $(($arg:literal))?, $value_name:expr, $help:literal;
            )*
        }
        complexity {
            $(
                $(#[doc = $cdoc:literal])*
                $ckey:ident : $cty:ident = $cdefault:expr,
                $crule:ident $(($carg:literal))?, $cvalue_name:expr, $chelp:literal
                $(, flag $cflag:literal)? $(, shown $cshown:literal)?;
            )*
        }
    ) => {
        /// Per-benchmark overrides of the group configuration (and of a
        /// complexity bench's ladder); `None` means "not set here". Field
        /// names are the attribute keys; times are in seconds and fractions
        /// are fractions (`0.01` is 1%).
        ///
        /// Build one from [`BenchOptions::NONE`] with the setters, which
        /// check each value (and panic on a bad one, at compile time in a
        /// `const`):
        ///
        /// ```
        /// let opts = zenbench::BenchOptions::NONE.max_time(2.5).min_rounds(10);
        /// assert_eq!(opts.max_time, Some(2.5));
        /// assert_eq!(opts.max_rounds, None);
        /// ```
        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        pub struct BenchOptions {
            $( $(#[doc = $doc])* pub $key: Option<$ty>, )*
            $( $(#[doc = $cdoc])* pub $ckey: Option<$cty>, )*
        }

        impl BenchOptions {
            /// No override set; usable in `static` initialisers.
            pub const NONE: BenchOptions = BenchOptions {
                $( $key: None, )*
                $( $ckey: None, )*
            };

            $( option_row!(setter $key : $ty, $rule $(($arg))?, $($doc)*); )*
            $( option_row!(setter $ckey : $cty, $crule $(($carg))?, $($cdoc)*); )*

            /// Every field `self` leaves unset, taken from `fallback`.
            pub fn or(self, fallback: BenchOptions) -> BenchOptions {
                BenchOptions {
                    $( $key: self.$key.or(fallback.$key), )*
                    $( $ckey: self.$ckey.or(fallback.$ckey), )*
                }
            }

            /// The values, each from the first of `layers` that sets it,
            /// else the default; `extra` fills the engine's own fields.
            pub(crate) fn resolve(layers: &[BenchOptions], extra: ConfigExtra) -> GroupConfig {
                let ConfigExtra { $( $extra, )* } = extra;
                let set = BenchOptions::merged(layers);
                GroupConfig {
                    $( $resolved: set.$key.unwrap_or($default), )*
                    $( $extra, )*
                }
            }

            /// A complexity bench's ladder settings, each from the first of
            /// `layers` that sets it, else the default.
            pub(crate) fn resolve_complexity(layers: &[BenchOptions]) -> ComplexityOptions {
                let set = BenchOptions::merged(layers);
                ComplexityOptions {
                    $( $ckey: set.$ckey.unwrap_or($cdefault), )*
                }
            }

            /// Every field from the first of `layers` that sets it.
            fn merged(layers: &[BenchOptions]) -> BenchOptions {
                let mut set = BenchOptions::NONE;
                for l in layers {
                    set = set.or(*l);
                }
                set
            }
        }

        /// The resolved configuration a group ran with.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct GroupConfig {
            $( $(#[doc = $doc])* pub $resolved: $ty, )*
            $( $(#[$extra_attr])* pub $extra: $extra_ty, )*
        }

        // Every resolved option may be missing from an older result (`default`).
        $crate::model::json::json_structs! {
            GroupConfig {
                $( $resolved: default, )*
                $( $extra $(: $extra_kind)?, )*
            }
        }

        /// The resolved settings a complexity bench's ladder ran with.
        #[derive(Clone, Copy, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct ComplexityOptions {
            $( $(#[doc = $cdoc])* pub $ckey: $cty, )*
        }

        $crate::model::json::json_structs! {
            ComplexityOptions { $( $ckey: default, )* }
        }

        /// The fields of [`GroupConfig`] that are not options.
        pub(crate) struct ConfigExtra {
            $( pub $extra: $extra_ty, )*
        }

        /// Every option, in `--help` order: the group options, then the
        /// complexity options.
        pub(crate) const GROUP_OPTIONS: &[OptionSpec] = &[
            $( option_row!(spec Group $key : $ty = $default, $rule $(($arg))?, $value_name, $help), )*
            $( option_row!(spec Complexity $ckey : $cty = $cdefault, $crule $(($carg))?,
                $cvalue_name, $chelp $(, flag $cflag)? $(, shown $cshown)?), )*
        ];
    };
}

group_options! {
    extra {
        /// The time one sample aims at, nanoseconds.
        sample_target_ns: f64,
        /// Bytes the firewall swept before each sample (the L2 size), when used.
        firewall_bytes: Option<u64> = default,
    }
    group {
        /// Time budget of a group, seconds: no new round starts once it is
        /// spent. Time the resource gate holds rounds back is not counted.
        max_time as max_time_s: f64 = 10.0, secs, Some("SECS"),
            "measuring time budget per group, seconds (> 0)";
        /// Rounds always run before convergence is first checked.
        min_rounds as min_rounds: u64 = 30, count(2), Some("N"),
            "at least N rounds (>= 2)";
        /// Hard cap on measured rounds.
        max_rounds as max_rounds: u64 = 1_000_000, count(1), Some("N"),
            "at most N rounds (>= 1, >= min-rounds)";
        /// Changes within ± this fraction of the baseline are `same`.
        noise_threshold as noise_threshold: f64 = 0.01, fraction_from_zero, Some("F"),
            "changes within +-F are `same`, in [0, 1)";
        /// Stop once a CI half-width is below this fraction (see the book's
        /// "How zenbench decides").
        target_precision as target_precision: f64 = 0.005, fraction_open, Some("F"),
            "stop once the relative CI width is this, in (0, 1)";
        /// Evict the L2 cache before every sample.
        cache_firewall as cache_firewall: bool = false, switch, None,
            "evict the L2 cache before every sample";
        /// Also time single iterations right after an L2 eviction.
        cold_start as cold_start: bool = false, switch, None,
            "also time single cold iterations (L2 evicted first)";
        /// Ramp iteration counts and fit time against count (a slope per bench).
        linear_sampling as linear_sampling: bool = false, switch, None,
            "ramp iteration counts and fit a slope";
    }
    complexity {
        /// The smallest n of a complexity ladder (its first rung).
        floor: u64 = 1, count(1), Some("N"),
            "complexity: the first n of the ladder", flag "param-floor";
        /// The largest n a complexity ladder may reach.
        ceiling: u64 = 1 << 30, count(1), Some("N"),
            "complexity: the largest n", flag "param-ceiling", shown "1073741824";
        /// The wall-time cap of one call, seconds: the ladder stops at the
        /// first rung past it, and a worker still running is killed.
        max_seconds_per_call: f64 = 1.0, secs, Some("SECS"),
            "complexity: the cap on one call";
        /// Fresh worker processes per rung; the verdict reads their median.
        outer_trials: u64 = 1, count(1), Some("N"),
            "complexity: trials (fresh processes) per rung";
        /// `warm`: batches of calls per worker; `cold`: one call per worker,
        /// the L2 cache evicted first.
        cache: CacheMode = CacheMode::Warm, cache, Some("MODE"),
            "complexity: warm (batches of calls) | cold (one call)",
            flag "cache-mode", shown "warm";
        /// The time a warm batch aims at, seconds (bounded by the cap).
        batch_time: f64 = 0.5, secs, Some("SECS"),
            "complexity: the time one warm batch aims at";
        /// The leading fraction of rungs left out of the fit as warm-up.
        warmup_fraction: f64 = 0.2, fraction_from_zero, Some("F"),
            "complexity: leading fraction of rungs trimmed";
        /// The band of exponents, ± this, within which the model holds.
        slope_tolerance: f64 = 0.15, positive, Some("X"),
            "complexity: the model holds while beta is in +-X";
    }
}

impl BenchOptions {
    /// Checks between options, once all are set: `max_rounds` is not below
    /// `min_rounds`. In a `const` (the attribute), a violation is a compile error.
    pub const fn checked(self) -> BenchOptions {
        if let (Some(min), Some(max)) = (self.min_rounds, self.max_rounds) {
            if max < min {
                reject("`max_rounds` is less than `min_rounds`");
            }
        }
        if let (Some(floor), Some(ceiling)) = (self.floor, self.ceiling) {
            if ceiling < floor {
                reject("`ceiling` is less than `floor`");
            }
        }
        self
    }
}

impl GroupConfig {
    /// The configuration `options` resolve to (defaults for the rest), with
    /// a 1 ms sample target and no firewall: for tests that need a config.
    #[cfg(test)]
    pub(crate) fn from_options(options: BenchOptions) -> GroupConfig {
        let extra = ConfigExtra {
            sample_target_ns: 1e6,
            firewall_bytes: None,
        };
        BenchOptions::resolve(&[options], extra)
    }
}

impl Default for ComplexityOptions {
    /// Every ladder setting at its default.
    fn default() -> Self {
        BenchOptions::resolve_complexity(&[])
    }
}
