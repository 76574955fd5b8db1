//! The run: options → plan → orchestrator → result → report → exit code.

use super::children::RESULT_PATH_ENV;
use super::job_summary::add_to_step_summary;
use super::orchestrate::{measure, Role};
use super::post::PostRun;
use crate::define::cli;
use crate::define::nothing::nothing_selected;
use crate::define::registry::Suite;
use crate::model::options::{Format, Mode, Options, Output, Selection};
use crate::model::partition::Partition;
use crate::model::result::{RunMode, SuiteResult};
use crate::plan::{plan_dealt, Dealer, Plan};
use crate::report;
use crate::store::{check_writable, write_atomically};
use crate::Error;
use std::io::{IsTerminal, Write};

/// Runs every `#[zenbench::bench]` of this binary according to the command
/// line and `ZENBENCH_*` variables, prints the report, and exits with 0
/// (success), 1 (a benchmark failed, or a regression against `--baseline`)
/// or 2 (a usage, configuration or data error).
///
/// ```no_run
/// // benches/my_benches.rs, a `[[bench]]` target with `harness = false`:
/// #[zenbench::bench]
/// fn sum() -> u64 { (0..100u64).sum() }
///
/// zenbench::main();
/// ```
pub fn main() {
    Suite::from_registry().main()
}

impl Suite {
    /// Runs this suite according to the command line (like [`main`]) and exits.
    pub fn main(&self) -> ! {
        self.serve_if_worker();
        let code = match cli::parse_env_and_args() {
            Ok(opts) => self.main_with(&opts),
            Err(e) => {
                eprintln!("error: {e}");
                e.exit_code()
            }
        };
        let _ = std::io::stdout().flush();
        std::process::exit(code)
    }

    /// Like [`Suite::main`] with `args` as the command line: a migration
    /// crate's translation of its tool's flags into zenbench's. `notes`
    /// (flags accepted with no meaning here) are printed once on stderr
    /// first, unless `--quiet`.
    pub(crate) fn main_with_args(&self, args: Vec<String>, notes: &[String]) -> ! {
        // A worker's rows come from the translated arguments too.
        self.serve_if_worker_with(Some(&args));
        let code = match cli::parse_env_and(args) {
            Ok(opts) => {
                if !opts.output.quiet {
                    for note in notes {
                        eprintln!("{note}");
                    }
                }
                self.main_with(&opts)
            }
            Err(e) => {
                eprintln!("error: {e}");
                e.exit_code()
            }
        };
        let _ = std::io::stdout().flush();
        std::process::exit(code)
    }

    /// In a worker process (`ZENBENCH_WORKER=1`, started by a zenbench
    /// parent: self-compare, complexity rungs), serves the worker protocol
    /// and exits; else returns.
    fn serve_if_worker(&self) {
        self.serve_if_worker_with(None)
    }

    /// [`Suite::serve_if_worker`], reading the worker's options from `args`
    /// (a migration crate's translation) instead of the command line.
    fn serve_if_worker_with(&self, args: Option<&[String]>) {
        if super::worker::is_worker() {
            // Driven by another process (see the book's worker protocol).
            let _ = std::io::stdout().flush();
            std::process::exit(super::worker::serve(self, args))
        }
    }

    /// Runs with parsed options, prints the report, and returns the exit
    /// code. In a worker process it serves the worker protocol and exits.
    pub fn main_with(&self, opts: &Options) -> i32 {
        self.serve_if_worker();
        match self.execute(opts) {
            Ok(None) => exit_code(Outcome::Printed),
            Ok(Some(result)) => exit_code(Outcome::Ran(&result)),
            Err(e) => {
                eprintln!("error: {e}");
                exit_code(Outcome::Error(&e))
            }
        }
    }

    /// Like [`Suite::main_with_args`] for benches that come one at a time:
    /// `next` hands each as a suite of its own, measured at once (a
    /// migrated suite whose setup must run only once, see the book's
    /// criterion chapter); `None` ends the run, reported as one.
    pub(crate) fn main_each(
        args: Vec<String>,
        notes: &[String],
        next: &mut dyn FnMut() -> Option<Suite>,
    ) -> ! {
        let code = match cli::parse_env_and(args) {
            Ok(opts) => {
                if !opts.output.quiet {
                    for note in notes {
                        eprintln!("{note}");
                    }
                }
                let run = Suite::new().execute_with(&opts, &mut |opts, role| {
                    super::orchestrate::measure_each(opts, role, next)
                });
                match run {
                    Ok(None) => exit_code(Outcome::Printed),
                    Ok(Some(result)) => exit_code(Outcome::Ran(&result)),
                    Err(e) => {
                        eprintln!("error: {e}");
                        exit_code(Outcome::Error(&e))
                    }
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                e.exit_code()
            }
        };
        let _ = std::io::stdout().flush();
        std::process::exit(code)
    }

    /// Help, a listing (`None`), or a run whose report is written.
    fn execute(&self, opts: &Options) -> Result<Option<SuiteResult>, Error> {
        self.execute_with(opts, &mut |opts, role| self.run_as(opts, role))
    }

    /// [`Suite::execute`] with `measure` taking the measurements.
    fn execute_with(
        &self,
        opts: &Options,
        measure: &mut dyn FnMut(&Options, Role) -> Result<SuiteResult, Error>,
    ) -> Result<Option<SuiteResult>, Error> {
        // Refused before anything runs, not after the measuring.
        #[cfg(not(feature = "html"))]
        if opts.output.format == Format::Html && !opts.help && !opts.list {
            return Err(cli::html_needs_feature("`--format html`"));
        }
        if opts.help {
            print!("{}", cli::help_text());
            return Ok(None);
        }
        if opts.list {
            let names = self.listed(&opts.selection, opts.selection.partition)?;
            print!(
                "{}",
                report::list(&names, opts.output.format == Format::Terse)
            );
            if names.is_empty() {
                let whole = self.listed(&opts.selection, None)?;
                eprintln!("{}", self.why_nothing(opts, whole.len()));
            }
            return Ok(None);
        }
        if let Some(secs) = opts.profile_time {
            super::profile::profile(self, opts, secs)?;
            return Ok(None);
        }
        let role = Role::from_env();
        // A path that cannot be written is refused before anything runs,
        // not after the measuring.
        for path in report_paths(&opts.output, role) {
            check_writable(&path).map_err(|e| Error::io(&path, e))?;
        }
        let post = PostRun::prepare(&opts.baselines, opts.mode, role)?;
        if let Some(note) = &post.note {
            eprintln!("{note}");
        }
        let mut result = measure(opts, role)?;
        if role != Role::Child && result.groups.is_empty() && result.complexity.is_empty() {
            let mut whole = opts.clone();
            whole.selection.partition = None;
            let unparted = match opts.selection.partition {
                Some(_) => self
                    .selected(&whole)
                    .map_or(0, |p| p.groups.len() + p.complexity.len()),
                None => 0,
            };
            eprintln!("{}", self.why_nothing(opts, unparted));
        }
        if role == Role::Child {
            // A child of `--<how>-of-processes`: its parent reports.
            if let Some(path) = std::env::var_os(RESULT_PATH_ENV) {
                let path = std::path::PathBuf::from(path);
                write_atomically(&path, result.to_json_with_samples().as_bytes())
                    .map_err(|e| Error::io(&path, e))?;
                return Ok(Some(result));
            }
        }
        post.compare(&mut result, &opts.baselines, &opts.selection);
        if role == Role::Parent && opts.mode == Mode::Bench {
            super::confirm::confirm(self, opts, &post, &mut result)?;
        }
        let to_terminal = opts.output.file.is_none() && std::io::stderr().is_terminal();
        let style = report::Style {
            color: report::use_color(opts.output.color, to_terminal, report::no_color_env()),
            width: report_width(&opts.output),
            auto_fit: opts.output.auto_fit,
            compact: opts.output.compact,
        };
        let Some(text) = report::render(&result, opts.output.format, &style) else {
            return Err(cli::html_needs_feature("`--format html`"));
        };
        match (&opts.output.file, opts.output.format) {
            (Some(path), _) => {
                write_atomically(path, text.as_bytes()).map_err(|e| Error::io(path, e))?
            }
            (None, Format::Pretty | Format::Terse) => eprint!("{text}"),
            (None, _) => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(text.as_bytes());
                let _ = out.flush();
            }
        }
        if role == Role::Parent && result.mode == RunMode::Bench {
            let markdown = (opts.output.format == Format::Markdown).then_some(text.as_str());
            add_to_step_summary(&result, markdown);
        }
        for line in post.finish(&result, &opts.baselines)? {
            eprintln!("{line}");
        }
        for c in result.complexity.iter().filter(|c| c.fails()) {
            eprintln!(
                "error: `{}` {} than its declared {} (--fail-on-complexity)",
                c.name,
                c.verdict.replace('_', " "),
                c.declared_o()
            );
        }
        Ok(Some(result))
    }

    /// Plans and measures, returning the result without reporting it.
    ///
    /// ```
    /// let mut suite = zenbench::Suite::new();
    /// suite.bench("add", |b| b.iter(|| 1 + 1));
    /// let result = suite.run(&zenbench::Options::default()).unwrap(); // smoke mode
    /// assert_eq!(result.groups[0].benchmarks[0].name, "add");
    /// ```
    ///
    /// In a worker process (`ZENBENCH_WORKER=1`) it serves the worker
    /// protocol and exits instead, so a program with a `main` of its own
    /// still answers a complexity ladder or a self-compare.
    pub fn run(&self, opts: &Options) -> Result<SuiteResult, Error> {
        self.serve_if_worker();
        self.run_as(opts, Role::from_env())
    }

    /// Why `opts` selected nothing of this suite, in one line; `unparted`:
    /// what the selection holds without `--partition` (groups or rows).
    fn why_nothing(&self, opts: &Options, unparted: usize) -> String {
        if let (Some(p), 1..) = (opts.selection.partition, unparted) {
            return format!(
                "zenbench: part {} of {} (`--partition {p}`) holds none of the selected \
                 benchmarks: nothing to run here",
                p.index, p.total
            );
        }
        let package = std::env::var("CARGO_PKG_NAME").ok();
        nothing_selected(
            &self.defs,
            self.from_registry,
            &opts.selection,
            package.as_deref(),
        )
    }

    /// What `--list` lists under `selection`, with `partition`'s share of
    /// the groups: each full name and whether it is ignored. The groups are
    /// dealt as a run deals them (after the filters, before the ignore
    /// flags), so a listing shows what the run with the same flags runs.
    fn listed(
        &self,
        selection: &Selection,
        partition: Option<Partition>,
    ) -> Result<Vec<(String, bool)>, Error> {
        let filter = cli::compile_filters(selection)?;
        let mut dealer = Dealer::new(partition);
        Ok(self
            .defs
            .iter()
            .filter(|d| filter.matches(&d.full_name))
            .filter(|d| !selection.complexity_only || d.complexity.is_some())
            .filter(|d| dealer.takes(&d.group))
            .filter(|d| !selection.ignored || d.ignore)
            .map(|d| (d.full_name.clone(), d.ignore))
            .collect())
    }

    /// The plan of what `opts` selects.
    pub(crate) fn selected(&self, opts: &Options) -> Result<Plan, Error> {
        self.selected_dealt(opts, &mut Dealer::new(opts.selection.partition))
    }

    /// [`Suite::selected`] with `dealer` dealing the groups of
    /// `--partition`: one dealer over several suites deals their groups as
    /// one run's.
    pub(crate) fn selected_dealt(
        &self,
        opts: &Options,
        dealer: &mut Dealer,
    ) -> Result<Plan, Error> {
        let filter = cli::compile_filters(&opts.selection)?;
        let mut plan = plan_dealt(self.defs.clone(), opts, &|n| filter.matches(n), dealer)?;
        if self.budget_per_bench {
            for g in &mut plan.groups {
                g.budget_per_row(opts);
            }
        }
        Ok(plan)
    }

    fn run_as(&self, opts: &Options, role: Role) -> Result<SuiteResult, Error> {
        let plan = self.selected(opts)?;
        let empty = plan.groups.is_empty() && plan.complexity.is_empty();
        if let (Some(name), true, Mode::Bench) = (&opts.baselines.save, empty, opts.mode) {
            // A typo in a filter, or a part with no group, must not wipe a
            // baseline: refused before anything runs.
            return Err(nothing_to_save(name, opts));
        }
        let mut result = measure(&plan, opts, role)?;
        result.partition = opts.selection.partition;
        Ok(result)
    }
}

/// The refusal of `--save-baseline NAME` when `opts` select nothing.
pub(crate) fn nothing_to_save(name: &str, opts: &Options) -> Error {
    let why = match opts.selection.partition {
        Some(p) => format!("part {} of {} holds no benchmark", p.index, p.total),
        None => "no benchmark matched".to_owned(),
    };
    Error::Config(format!(
        "nothing was measured ({why}): baseline `{name}` is left as it was"
    ))
}

/// What a run ended with, for [`exit_code`].
pub(crate) enum Outcome<'a> {
    /// Help or a listing was printed; nothing ran.
    Printed,
    /// Benchmarks ran; some may have failed.
    Ran(&'a crate::model::result::SuiteResult),
    /// The run could not be carried out.
    Error(&'a Error),
}

/// The exit code of a run: 0 success, 1 a failed benchmark or a
/// regression against a baseline that fails the run (later: a failed
/// child), 2 an [`Error`].
pub(crate) fn exit_code(outcome: Outcome<'_>) -> i32 {
    match outcome {
        Outcome::Printed => crate::model::error::EXIT_OK,
        Outcome::Ran(result) if result.any_failed() => crate::model::error::EXIT_FAILED,
        Outcome::Ran(result) if result.against.as_ref().is_some_and(|a| a.fails()) => {
            crate::model::error::EXIT_FAILED
        }
        Outcome::Ran(result) if result.complexity.iter().any(|c| c.fails()) => {
            crate::model::error::EXIT_FAILED
        }
        Outcome::Ran(_) => crate::model::error::EXIT_OK,
        Outcome::Error(e) => e.exit_code(),
    }
}

/// The files this run's report will be written to, known before it runs:
/// `--output`, and a child's `ZENBENCH_RESULT_PATH`.
fn report_paths(output: &Output, role: Role) -> Vec<std::path::PathBuf> {
    let result_path = std::env::var_os(RESULT_PATH_ENV).filter(|_| role == Role::Child);
    output
        .file
        .iter()
        .cloned()
        .chain(result_path.map(Into::into))
        .collect()
}

/// The pretty report's width: `$COLUMNS` when it is a number of at least
/// 40, else 100; none for a report written to a file (`--output`).
fn report_width(output: &Output) -> Option<usize> {
    if output.file.is_some() {
        return None;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    Some(columns.filter(|&c| c >= 40).unwrap_or(100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_run_exits_0_and_an_error_with_its_own_code() {
        let data = Error::Data {
            path: "b.json".into(),
            message: "not a zenbench result".into(),
        };
        assert_eq!(exit_code(Outcome::Error(&data)), 2);
        assert_eq!(exit_code(Outcome::Printed), 0);
        let failed = Error::Failed("every child crashed".into());
        assert_eq!(exit_code(Outcome::Error(&failed)), 1);
    }
}
