//! A live one-line progress indicator on a terminal.
//!
//! Each update rewrites the line in place (`\r`, the text, `\x1b[K` to clear
//! what a longer previous line left). Updates are rate-limited to about
//! 10 Hz so that printing never competes with measuring; a new group is
//! shown at once. The clock is an argument of [`Progress::update_at`], so
//! the rate limit is testable; [`Progress::update`] reads `Instant::now()`.

use std::io::Write;
use std::time::{Duration, Instant};

/// Least time between two redraws of the same group's line.
pub const MIN_REDRAW: Duration = Duration::from_millis(100);

const BAR_CELLS: usize = 20;

/// Where a group stands in the run: its place among the groups, and the
/// budgets of the groups after it (an upper bound of what they take).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Place {
    /// 1-based.
    pub index: usize,
    pub count: usize,
    /// Seconds the later groups may take at most.
    pub later_s: f64,
}

/// A one-line progress indicator; does nothing when disabled.
///
/// The caller decides whether it is enabled (stderr is a terminal, the
/// format is pretty, not `-q`). Write errors are ignored: progress is
/// best-effort and must never fail a run.
pub struct Progress {
    enabled: bool,
    out: Box<dyn Write + Send>,
    last: Option<(Instant, String)>,
    shown: bool,
    place: Place,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("enabled", &self.enabled)
            .field("shown", &self.shown)
            .finish_non_exhaustive()
    }
}

impl Progress {
    /// A progress line written to `out`, or a no-op when `enabled` is false.
    pub fn new(enabled: bool, out: Box<dyn Write + Send>) -> Progress {
        Progress {
            enabled,
            out,
            last: None,
            shown: false,
            place: Place::default(),
        }
    }

    /// Whether updates are drawn at all.
    #[cfg(test)]
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Shows `group`'s progress now (rate-limited, see [`MIN_REDRAW`]).
    pub fn update(&mut self, group: &str, round: u64, elapsed_s: f64, budget_s: f64, place: Place) {
        self.place = place;
        self.update_at(Instant::now(), group, round, elapsed_s, budget_s);
    }

    /// Shows `group`'s progress as of `now`: redraws when nothing was drawn
    /// yet, when the group changed, or when [`MIN_REDRAW`] has passed since
    /// the last redraw; otherwise does nothing. Returns whether it drew.
    pub fn update_at(
        &mut self,
        now: Instant,
        group: &str,
        round: u64,
        elapsed_s: f64,
        budget_s: f64,
    ) -> bool {
        if !self.enabled {
            return false;
        }
        if let Some((at, last_group)) = &self.last {
            if last_group == group && now.saturating_duration_since(*at) < MIN_REDRAW {
                return false;
            }
        }
        let line = format!(
            "\r{}\x1b[K",
            line_text(group, round, elapsed_s, budget_s, self.place)
        );
        let _ = self.out.write_all(line.as_bytes());
        let _ = self.out.flush();
        self.last = Some((now, group.to_string()));
        self.shown = true;
        true
    }

    /// Clears the line, if one is shown, so the report starts on a clean
    /// line. The next update draws at once.
    pub fn finish(&mut self) {
        if self.enabled && self.shown {
            let _ = self.out.write_all(b"\r\x1b[K");
            let _ = self.out.flush();
        }
        self.shown = false;
        self.last = None;
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// `sort (2/5): round 12, 0.6 s of 5.0 s [##------------------] ≤ 24 s left`;
/// without a finite, positive budget the bar, the budget and the time left
/// are left out, and the place without a count of two or more. The time
/// left is an upper bound: this group's budget left and the later groups'
/// budgets (groups often stop early, once converged). Control characters
/// in the group name are replaced so the line stays one line.
fn line_text(group: &str, round: u64, elapsed_s: f64, budget_s: f64, place: Place) -> String {
    let group: String = group
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    let group = if place.count >= 2 {
        format!("{group} ({}/{})", place.index, place.count)
    } else {
        group
    };
    if budget_s.is_finite() && budget_s > 0.0 && elapsed_s.is_finite() {
        let frac = (elapsed_s / budget_s).clamp(0.0, 1.0);
        let filled = (frac * BAR_CELLS as f64).round() as usize;
        let left = (budget_s - elapsed_s).max(0.0) + place.later_s.max(0.0);
        format!(
            "{group}: round {round}, {elapsed_s:.1} s of {budget_s:.1} s [{}{}] ≤ {left:.0} s left",
            "#".repeat(filled),
            "-".repeat(BAR_CELLS - filled)
        )
    } else {
        format!("{group}: round {round}, {:.1} s", elapsed_s.max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);

    impl Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Capture {
        fn take(&self) -> String {
            String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
        }
    }

    fn progress(enabled: bool) -> (Progress, Capture) {
        let cap = Capture::default();
        (Progress::new(enabled, Box::new(cap.clone())), cap)
    }

    #[test]
    fn draws_and_rewrites_in_place() {
        let (mut p, cap) = progress(true);
        let t0 = Instant::now();
        assert!(p.update_at(t0, "sort", 12, 1.0, 4.0));
        assert_eq!(
            cap.take(),
            "\rsort: round 12, 1.0 s of 4.0 s [#####---------------] ≤ 3 s left\x1b[K"
        );
    }

    #[test]
    fn rate_limited_to_ten_hertz() {
        let (mut p, cap) = progress(true);
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let drawn: Vec<bool> = [0, 30, 60, 99, 100, 150, 199, 250]
            .iter()
            .map(|&t| p.update_at(ms(t), "sort", t, 0.0, 1.0))
            .collect();
        assert_eq!(drawn, [true, false, false, false, true, false, false, true]);
        assert_eq!(cap.take().matches('\r').count(), 3);
    }

    #[test]
    fn new_group_draws_at_once() {
        let (mut p, _cap) = progress(true);
        let t0 = Instant::now();
        assert!(p.update_at(t0, "sort", 1, 0.0, 1.0));
        assert!(p.update_at(t0, "hash", 1, 0.0, 1.0));
        assert!(!p.update_at(t0, "hash", 2, 0.0, 1.0));
    }

    #[test]
    fn finish_clears_once() {
        let (mut p, cap) = progress(true);
        p.finish();
        assert_eq!(cap.take(), "", "nothing shown, nothing to clear");
        let t0 = Instant::now();
        p.update_at(t0, "sort", 1, 0.5, 1.0);
        cap.take();
        p.finish();
        assert_eq!(cap.take(), "\r\x1b[K");
        p.finish();
        assert_eq!(cap.take(), "");
        // After finish the next update draws even within the interval.
        assert!(p.update_at(t0, "sort", 2, 0.5, 1.0));
        drop(p);
        assert!(cap.take().ends_with("\r\x1b[K"), "drop clears the line");
    }

    #[test]
    fn disabled_writes_nothing() {
        let (mut p, cap) = progress(false);
        assert!(!p.is_enabled());
        assert!(!p.update_at(Instant::now(), "sort", 1, 0.5, 1.0));
        p.update("sort", 2, 0.6, 1.0, Place::default());
        p.finish();
        drop(p);
        assert_eq!(cap.take(), "");
    }

    #[test]
    fn odd_inputs_stay_one_line() {
        let none = Place::default();
        assert_eq!(line_text("a\nb", 3, 0.3, 0.0, none), "a?b: round 3, 0.3 s");
        assert_eq!(
            line_text("g", 1, 9.0, 2.0, none),
            "g: round 1, 9.0 s of 2.0 s [####################] ≤ 0 s left"
        );
        assert_eq!(line_text("g", 1, f64::NAN, 2.0, none), "g: round 1, 0.0 s");
    }

    #[test]
    fn the_place_and_an_upper_bound_of_the_time_left_are_shown() {
        let place = Place {
            index: 2,
            count: 5,
            later_s: 30.0,
        };
        assert_eq!(
            line_text("sort", 12, 1.0, 4.0, place),
            "sort (2/5): round 12, 1.0 s of 4.0 s [#####---------------] ≤ 33 s left"
        );
    }
}

/// The examples that were this module's doc examples (the module is private).
#[cfg(test)]
mod doc_examples {
    #[test]
    fn example_progress() {
        use crate::report::Progress;
        let mut p = Progress::new(false, Box::new(std::io::stderr()));
        p.update("sort", 12, 0.6, 5.0, crate::report::Place::default());
        p.finish();
    }
}
