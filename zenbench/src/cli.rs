//! TEMPORARY STUB (replaced by the cli branch).
use crate::options::*;
#[derive(Debug)]
pub struct CliError(pub String);
impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
pub struct Filter(Vec<String>);
impl Filter {
    pub fn matches(&self, n: &str) -> bool {
        self.0.is_empty() || self.0.iter().any(|f| n.contains(f.as_str()))
    }
}
pub fn compile_filters(o: &Options) -> Result<Filter, CliError> {
    Ok(Filter(o.filters.clone()))
}
pub fn help_text() -> String {
    String::new()
}
pub fn parse_env_and_args() -> Result<Options, CliError> {
    let mut o = Options::default();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--bench" => o.mode = Mode::Bench,
            "--format" => {
                o.format = if it.next().unwrap() == "json" {
                    Format::Json
                } else {
                    Format::Pretty
                }
            }
            "--max-time" => o.max_time = it.next().unwrap().parse().ok(),
            "--list" => o.list = true,
            x if x.starts_with('-') => return Err(CliError(format!("unknown flag {x}"))),
            x => o.filters.push(x.to_string()),
        }
    }
    Ok(o)
}
