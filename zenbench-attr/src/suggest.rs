//! "Did you mean ...?" for misspelled option names.

/// The candidate closest to `word` by edit distance, if it is close enough to
/// be a plausible typo: at most a third of the word's length, and at least 1.
pub(crate) fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance (insertions, deletions, substitutions), one row of
/// the dynamic-programming table at a time.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(levenshtein("", ""), 0);
        assert_eq!(levenshtein("group", "group"), 0);
        assert_eq!(levenshtein("grup", "group"), 1);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("abc", ""), 3);
    }

    #[test]
    fn nearest_picks_the_closest_plausible_candidate() {
        let known = ["group", "bytes", "max_rounds", "min_rounds", "max_time"];
        assert_eq!(nearest("grup", &known), Some("group"));
        assert_eq!(nearest("byte", &known), Some("bytes"));
        assert_eq!(nearest("mx_rounds", &known), Some("max_rounds"));
        assert_eq!(nearest("threads", &known), None);
        assert_eq!(nearest("x", &known), None);
    }
}
