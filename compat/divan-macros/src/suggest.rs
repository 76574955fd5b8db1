//! "Did you mean ...?" for misspelled option names.

/// The candidate closest to `word` by edit distance, when it is close
/// enough to be a plausible typo: at most a third of the word's length
/// (and at least 1).
pub(crate) fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (distance(word, c), *c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, one row of the table at a time.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let replace = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = replace.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_known_option() {
        let keys = crate::options::KEYS;
        assert_eq!(nearest("smaple_count", keys), Some("sample_count"));
        assert_eq!(nearest("arg", keys), Some("args"));
        assert_eq!(nearest("thread", keys), Some("threads"));
        assert_eq!(nearest("warmup", keys), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
