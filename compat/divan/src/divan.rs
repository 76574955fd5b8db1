//! `Divan`: divan's runner and its builder, over zenbench's run.
//!
//! The builder's settings become zenbench's command line (`--bench`,
//! `--min-rounds N --max-rounds N` for a sample count, `--threads`, …),
//! followed by the zenbench flags the command line gave as written, so
//! those win; the run is zenbench's, with every `#[divan::bench]` of the
//! binary.

use crate::counter::{
    self, BytesCount, BytesFormat, CharsCount, CyclesCount, IntoCounter, ItemsCount,
};
use std::sync::OnceLock;
use std::time::Duration;
use zenbench::Throughput;

/// What a run does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Action {
    /// Measure (`cargo bench`).
    #[default]
    Bench,
    /// Run each bench once (`cargo test --benches`).
    Test,
    /// List the benches.
    List,
}

/// Which benches `#[ignore]` leaves out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Ignored {
    #[default]
    Skip,
    Include,
    Only,
}

/// A skip filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Skip {
    /// A regular expression.
    Regex(String),
    /// A whole name.
    Exact(String),
}

/// Everything the builder and the command line set.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Settings {
    pub action: Action,
    pub filters: Vec<String>,
    pub skips: Vec<Skip>,
    pub exact: bool,
    pub ignored: Ignored,
    pub color: Option<String>,
    pub timer: Option<String>,
    pub sample_count: Option<u32>,
    pub threads: Option<Vec<usize>>,
    pub max_time: Option<f64>,
    /// The throughput of every bench that sets none (`--bytes-count`, …).
    pub counter: Option<Throughput>,
    /// zenbench's own flags from the command line, as written.
    pub passthrough: Vec<String>,
    /// One line each about flags accepted with no effect.
    pub notes: Vec<String>,
}

impl Settings {
    /// zenbench's command line for `action`.
    pub(crate) fn zenbench_args(&self, action: Action) -> Vec<String> {
        let mut args: Vec<String> = Vec::new();
        let mut flag = |name: &str, value: Option<String>| {
            args.push(format!("--{name}"));
            args.extend(value);
        };
        match action {
            Action::Bench => flag("bench", None),
            Action::Test => flag("test", None),
            Action::List => flag("list", None),
        }
        if self.exact {
            flag("exact", None);
        }
        for skip in &self.skips {
            let pattern = match skip {
                Skip::Regex(r) => r.clone(),
                Skip::Exact(name) if self.exact => name.clone(),
                Skip::Exact(name) => format!("^{}$", escape(name)),
            };
            flag("skip", Some(pattern));
        }
        match self.ignored {
            Ignored::Skip => {}
            Ignored::Include => flag("include-ignored", None),
            Ignored::Only => flag("ignored", None),
        }
        if let Some(color) = &self.color {
            flag("color", Some(color.clone()));
        }
        if let Some(timer) = &self.timer {
            flag("timer", Some(timer.clone()));
        }
        match self.sample_count {
            None => {}
            Some(0 | 1) => flag("max-rounds", Some("1".into())),
            Some(n) => {
                flag("min-rounds", Some(n.to_string()));
                flag("max-rounds", Some(n.to_string()));
            }
        }
        if let Some(threads) = &self.threads {
            let list: Vec<String> = threads.iter().map(usize::to_string).collect();
            flag("threads", Some(list.join(",")));
        }
        if let Some(secs) = self.max_time {
            flag("max-time", Some(secs.to_string()));
        }
        args.extend(self.passthrough.iter().cloned());
        if !self.filters.is_empty() {
            args.push("--".into());
            args.extend(self.filters.iter().cloned());
        }
        args
    }
}

/// `name` as a regular expression matching only itself.
fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The throughput the command line (or the builder) gives every bench.
static GLOBAL_COUNTER: OnceLock<Throughput> = OnceLock::new();

pub(crate) fn global_counter() -> Option<Throughput> {
    GLOBAL_COUNTER.get().copied()
}

/// A pattern for [`Divan::skip_regex`]: a `&str` or `String`.
pub trait IntoRegex {
    /// The pattern's text.
    fn into_pattern(self) -> String;
}

impl IntoRegex for &str {
    fn into_pattern(self) -> String {
        self.to_owned()
    }
}

impl IntoRegex for String {
    fn into_pattern(self) -> String {
        self
    }
}

impl IntoRegex for &String {
    fn into_pattern(self) -> String {
        self.clone()
    }
}

/// divan's runner: reads the command line, then runs every
/// `#[divan::bench]` of this binary under zenbench.
///
/// [`divan::main()`](crate::main) is `Divan::from_args().main()`. A custom
/// main sets options in code; a setting made after
/// [`config_with_args`](Divan::config_with_args) (which
/// [`from_args`](Divan::from_args) calls) wins over the command line:
///
/// ```no_run
/// divan::Divan::from_args()
///     .sample_count(50)
///     .max_time(std::time::Duration::from_secs(2))
///     .main();
/// ```
///
/// [`main`](Divan::main) and its kin do not return: the process exits
/// with zenbench's exit code (0, 1 for a failed bench or a regression, 2 for
/// bad input).
#[derive(Debug, Default)]
pub struct Divan {
    settings: Settings,
}

impl Divan {
    /// The command line's settings (see [`config_with_args`](Divan::config_with_args)).
    pub fn from_args() -> Self {
        Self::default().config_with_args()
    }

    /// Reads divan's command line (and `DIVAN_*` variables), replacing what
    /// was set before. Bad input is a one-line error and exit code 2.
    #[must_use]
    pub fn config_with_args(mut self) -> Self {
        let args = zenbench::__private::hooks::command_line();
        let env = |name: &str| std::env::var(name).ok();
        if let Err(e) = crate::cli::read(&mut self.settings, &args, &env) {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
        self
    }

    /// Runs what the command line asks: measure with `--bench`, else run
    /// each bench once (a [`Divan::default`] measures).
    pub fn main(&self) {
        self.run(self.settings.action)
    }

    /// Measures every bench.
    pub fn run_benches(&self) {
        self.run(Action::Bench)
    }

    /// Runs each bench once, as `--test` does.
    pub fn test_benches(&self) {
        self.run(Action::Test)
    }

    /// Lists the benches, as `--list` does.
    pub fn list_benches(&self) {
        self.run(Action::List)
    }

    fn run(&self, action: Action) -> ! {
        if let Some(t) = self.settings.counter {
            let _ = GLOBAL_COUNTER.set(t);
        }
        let mut suite = zenbench::Suite::from_registry();
        // divan's `max_time` and `sample_count` are every benchmark's own.
        zenbench::__private::hooks::budget_per_bench(&mut suite);
        let args = self.settings.zenbench_args(action);
        zenbench::__private::hooks::main_with_args(&suite, args, &self.settings.notes)
    }

    /// The settings, for tests.
    #[cfg(test)]
    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Colours: `Some(true)` always, `Some(false)` never, `None` when the
    /// terminal supports them (`--color`).
    #[must_use]
    pub fn color(mut self, yes: impl Into<Option<bool>>) -> Self {
        self.settings.color = Some(
            match yes.into() {
                None => "auto",
                Some(true) => "always",
                Some(false) => "never",
            }
            .to_owned(),
        );
        self
    }

    /// Runs ignored benches too (`--include-ignored`).
    #[must_use]
    pub fn run_ignored(mut self) -> Self {
        self.settings.ignored = Ignored::Include;
        self
    }

    /// Runs only ignored benches (`--ignored`).
    #[must_use]
    pub fn run_only_ignored(mut self) -> Self {
        self.settings.ignored = Ignored::Only;
        self
    }

    /// Skips benches whose name matches `filter`, a regular expression
    /// (`--skip`).
    #[must_use]
    pub fn skip_regex(mut self, filter: impl IntoRegex) -> Self {
        self.settings.skips.push(Skip::Regex(filter.into_pattern()));
        self
    }

    /// Skips the bench named `filter` exactly.
    #[must_use]
    pub fn skip_exact(mut self, filter: impl Into<String>) -> Self {
        self.settings.skips.push(Skip::Exact(filter.into()));
        self
    }

    /// The number of samples: zenbench runs this many rounds
    /// (`--min-rounds N --max-rounds N`; 0 and 1 are one round), within
    /// its time budget.
    #[must_use]
    pub fn sample_count(mut self, count: u32) -> Self {
        self.settings.sample_count = Some(count);
        self
    }

    /// No effect: zenbench sizes each sample itself.
    #[must_use]
    pub fn sample_size(self, count: u32) -> Self {
        let _ = count;
        self
    }

    /// The thread counts of thread benches, for every bench with a
    /// `threads` option (`--threads`; 0 is every core).
    #[must_use]
    pub fn threads<T: IntoIterator<Item = usize>>(mut self, threads: T) -> Self {
        let mut threads: Vec<usize> = threads.into_iter().collect();
        threads.sort_unstable();
        threads.dedup();
        self.settings.threads = Some(threads);
        self
    }

    /// No effect: zenbench measures until its estimates converge or the
    /// time budget is spent.
    #[must_use]
    pub fn min_time(self, time: Duration) -> Self {
        let _ = time;
        self
    }

    /// The time budget: zenbench's `--max-time`, per group.
    #[must_use]
    pub fn max_time(mut self, time: Duration) -> Self {
        self.settings.max_time = Some(time.as_secs_f64());
        self
    }

    /// No effect: zenbench's budget is the group's wall time.
    #[must_use]
    pub fn skip_ext_time(self, skip: bool) -> Self {
        let _ = skip;
        self
    }

    /// The count every bench that sets none processes per iteration.
    #[must_use]
    pub fn counter<C: IntoCounter>(mut self, counter: C) -> Self {
        self.settings.counter = Some(counter::throughput_of(counter));
        self
    }

    /// [`Divan::counter`] with an [`ItemsCount`].
    #[must_use]
    pub fn items_count<C: Into<ItemsCount>>(self, count: C) -> Self {
        self.counter(count.into())
    }

    /// [`Divan::counter`] with a [`BytesCount`].
    #[must_use]
    pub fn bytes_count<C: Into<BytesCount>>(self, count: C) -> Self {
        self.counter(count.into())
    }

    /// No effect: zenbench picks its own units.
    #[must_use]
    pub fn bytes_format(self, format: BytesFormat) -> Self {
        let _ = format;
        self
    }

    /// [`Divan::counter`] with a [`CharsCount`].
    #[must_use]
    pub fn chars_count<C: Into<CharsCount>>(self, count: C) -> Self {
        self.counter(count.into())
    }

    /// [`Divan::counter`] with a [`CyclesCount`].
    #[must_use]
    pub fn cycles_count<C: Into<CyclesCount>>(self, count: C) -> Self {
        self.counter(count.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_settings_become_zenbench_flags() {
        let d = Divan::default()
            .sample_count(7)
            .threads([4, 1, 4])
            .max_time(Duration::from_millis(1500))
            .run_only_ignored()
            .skip_exact("parse::small")
            .skip_regex("^slow")
            .color(false)
            .bytes_count(64u32);
        assert_eq!(
            d.settings().zenbench_args(d.settings().action),
            [
                "--bench",
                "--skip",
                "^parse::small$",
                "--skip",
                "^slow",
                "--ignored",
                "--color",
                "never",
                "--min-rounds",
                "7",
                "--max-rounds",
                "7",
                "--threads",
                "1,4",
                "--max-time",
                "1.5"
            ]
        );
        assert_eq!(d.settings().counter, Some(Throughput::Bytes(64)));
        let one = Divan::default().sample_count(1);
        assert_eq!(
            one.settings().zenbench_args(Action::Test),
            ["--test", "--max-rounds", "1"]
        );
        assert_eq!(escape("a::b(1)"), "a::b\\(1\\)");
    }
}
