//! What a run shows while it measures: the engine's notes on stderr and
//! the live progress line, decided here from the options (the engine
//! itself never prints).

use crate::engine::{Observer, Place, Tick};
use crate::model::options::{Format, Mode, Options};
use crate::report;
use std::io::IsTerminal;

/// The engine's [`Observer`] for a run in the foreground.
pub(crate) struct Shown {
    progress: report::Progress,
    quiet: bool,
}

impl Shown {
    /// Notes unless `--quiet`; a progress line when a measured run's
    /// pretty report goes to a terminal.
    pub(crate) fn for_run(opts: &Options) -> Shown {
        let show_progress = opts.mode == Mode::Bench
            && !opts.output.quiet
            && opts.output.format == Format::Pretty
            && opts.output.file.is_none()
            && std::io::stderr().is_terminal();
        Shown {
            progress: report::Progress::new(show_progress, Box::new(std::io::stderr())),
            quiet: opts.output.quiet,
        }
    }
}

impl Observer for Shown {
    fn note(&mut self, line: &str) {
        if !self.quiet {
            eprintln!("zenbench: {line}");
        }
    }

    fn tick(&mut self, t: &Tick<'_>, place: Place) {
        let place = report::Place {
            index: place.index,
            count: place.count,
            later_s: place.later_s,
        };
        self.progress
            .update(t.group, t.round, t.elapsed_s, t.budget_s, place);
    }

    fn finish(&mut self) {
        self.progress.finish();
    }
}
