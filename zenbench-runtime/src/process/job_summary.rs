//! The GitHub Actions job summary: after a measured run, the Markdown
//! report is appended to the file `GITHUB_STEP_SUMMARY` names, which
//! GitHub shows on the run's summary page.

use crate::model::result::SuiteResult;
use crate::store::append_synced;
use std::path::{Path, PathBuf};

/// The variable GitHub Actions sets to the job summary's file.
const STEP_SUMMARY_ENV: &str = "GITHUB_STEP_SUMMARY";

/// The job summary's file, when `GITHUB_STEP_SUMMARY` names one.
fn step_summary_path() -> Option<PathBuf> {
    std::env::var_os(STEP_SUMMARY_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// When `GITHUB_STEP_SUMMARY` names a file, appends the Markdown report of
/// `result` to it (`markdown`, when the caller has it already) and says so
/// once on stderr; a file that cannot be written is a warning, never an
/// error. For a measured run and for `zenbench self-compare`.
pub(crate) fn add_to_step_summary(result: &SuiteResult, markdown: Option<&str>) {
    let Some(path) = step_summary_path() else {
        return;
    };
    let rendered;
    let markdown = match markdown {
        Some(m) => m,
        None => {
            rendered = crate::report::md(result);
            &rendered
        }
    };
    match append_job_summary(&path, markdown) {
        Ok(()) => eprintln!("zenbench: appended the Markdown report to ${STEP_SUMMARY_ENV}"),
        Err(e) => eprintln!(
            "zenbench: could not append the Markdown report to ${STEP_SUMMARY_ENV} ({}): {e}",
            path.display()
        ),
    }
}

/// Appends `markdown` to the summary file at `path`, creating it when
/// absent and never replacing what earlier steps wrote there. A blank line
/// separates it from earlier contents, so it starts a block of its own.
fn append_job_summary(path: &Path, markdown: &str) -> std::io::Result<()> {
    let earlier = std::fs::metadata(path)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    let mut text = String::with_capacity(markdown.len() + 1);
    if earlier {
        text.push('\n');
    }
    text.push_str(markdown);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    append_synced(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn appending_twice_keeps_the_earlier_contents() {
        let dir = std::env::temp_dir().join(format!("zb-summary-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("summary.md");
        let _ = fs::remove_file(&p);
        append_job_summary(&p, "## first\n").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "## first\n");
        append_job_summary(&p, "## second\n").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "## first\n\n## second\n");
        // Another step's text that does not end its line is ended first.
        fs::write(&p, "other step").unwrap();
        append_job_summary(&p, "## third").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "other step\n\n## third\n");
        fs::remove_dir_all(&dir).unwrap();
    }
}
