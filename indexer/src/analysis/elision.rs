//! French elision: `l’expérience` is searched as `expérience`, `jusqu’à` as `à`.
//!
//! Both the ASCII apostrophe and the typographic one (U+2019) elide. `aujourd’hui` is a word of
//! its own, not an elision; other apostrophe words (`o’reilly`) are split at the apostrophe.

/// The apostrophes French text uses; U+02BC (modifier letter apostrophe) appears in pasted text.
pub const APOSTROPHES: [char; 3] = ['\'', '’', 'ʼ'];

const ELIDED_PREFIXES: &[&str] =
    &["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"];

/// Words that keep their apostrophe, written lowercase with the ASCII one.
const APOSTROPHE_WORDS: &[&str] = &["aujourd'hui", "prud'homme", "prud'hommes"];

/// The elided articles, pronouns and conjunctions, lowercase: another engine's elision filter
/// needs the same list (the OpenSearch export).
pub fn elided_prefixes() -> &'static [&'static str] {
    ELIDED_PREFIXES
}

/// True when `lowercase_prefix`, followed by an apostrophe, is an elided article, pronoun or
/// conjunction that search ignores.
pub fn is_elided_prefix(lowercase_prefix: &str) -> bool {
    ELIDED_PREFIXES.contains(&lowercase_prefix)
}

/// True when `lowercase_word` is a word whose apostrophe belongs to it (`aujourd’hui`).
pub fn is_apostrophe_word(lowercase_word: &str) -> bool {
    let normalised = normalise_apostrophes(lowercase_word);
    APOSTROPHE_WORDS.contains(&normalised.as_str())
}

/// Writes every apostrophe as the ASCII one, so that both spellings index alike.
pub fn normalise_apostrophes(text: &str) -> String {
    text.chars().map(|c| if APOSTROPHES.contains(&c) { '\'' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_elided_prefixes() {
        for prefix in ["l", "d", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "c"] {
            assert!(is_elided_prefix(prefix), "{prefix}");
        }
        assert!(!is_elided_prefix("o"));
        assert!(!is_elided_prefix("aujourd"));
    }

    #[test]
    fn keeps_aujourdhui_with_either_apostrophe() {
        assert!(is_apostrophe_word("aujourd’hui"));
        assert!(is_apostrophe_word("aujourd'hui"));
        assert!(!is_apostrophe_word("o'reilly"));
    }
}
