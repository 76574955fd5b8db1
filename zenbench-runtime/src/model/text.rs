//! Text helpers every layer shares.

/// `parts` with `sep` between them, as `[..].join(sep)` gives, through a
/// plain loop instead of the standard library's generic join machinery.
pub(crate) fn joined<T: AsRef<str>>(parts: &[T], sep: &str) -> String {
    let mut out = String::new();
    let mut first = true;
    for part in parts {
        if !first {
            out.push_str(sep);
        }
        first = false;
        out.push_str(part.as_ref());
    }
    out
}
