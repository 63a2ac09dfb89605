//! Checks the ports of Lucene's French stemmers share: expected stems and a sample of Lucene's
//! reference vocabulary.

/// Asserts that `stem` (called `name` in failures) turns each word into its expected stem.
pub fn assert_stems(name: &str, stem: fn(&str) -> String, pairs: &[(&str, &str)]) {
    for (word, expected) in pairs {
        assert_eq!(stem(word), *expected, "{name}({word:?})");
    }
}

/// Asserts a sample of a Lucene reference vocabulary, whitespace-separated `word stem` pairs,
/// holding `expected_pairs` of them (so that a truncated sample fails too).
pub fn assert_vocabulary_sample(
    name: &str,
    stem: fn(&str) -> String,
    sample: &str,
    expected_pairs: usize,
) {
    let tokens: Vec<&str> = sample.split_whitespace().collect();
    assert_eq!(tokens.len() % 2, 0);
    let pairs: Vec<(&str, &str)> = tokens.chunks(2).map(|pair| (pair[0], pair[1])).collect();
    assert_stems(name, stem, &pairs);
    assert_eq!(pairs.len(), expected_pairs);
}
