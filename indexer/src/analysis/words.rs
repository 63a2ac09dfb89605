//! Splits French text into words, with their byte offsets and positions.
//!
//! Tantivy's `SimpleTokenizer` splits on apostrophes, so an elision filter placed after it never
//! sees `l’` and `aujourd’hui` falls apart; this splitter keeps apostrophes inside words, resolves
//! elision itself, keeps `2.0` and `1,5` whole, and remembers which words were joined by a hyphen
//! (`Colombie-Britannique`) so the analyzer can also index the compound as one word.

use super::elision::{is_apostrophe_word, is_elided_prefix, normalise_apostrophes, APOSTROPHES};

/// A word of the text, lowercased, with apostrophes written as `'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word, lowercased, elision removed.
    pub lowercase: String,
    /// Byte offset of the word's first character in the text.
    pub offset_from: usize,
    /// Byte offset just past the word.
    pub offset_to: usize,
    /// Rank of the word in the text, counting every word (stopwords included).
    pub position: usize,
    /// True when a hyphen, and nothing else, separates this word from the previous one.
    pub hyphen_joined_to_previous: bool,
}

const HYPHENS: [char; 3] = ['-', '‐', '‑'];

/// A word as [`for_each_word`] lends it: its lowercase form lives only for the call, which
/// spares an allocation per word to callers that only look (a snippet scans kilobytes per hit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordView<'a> {
    /// The word, lowercased, elision removed.
    pub lowercase: &'a str,
    /// Byte offset of the word's first character in the text.
    pub offset_from: usize,
    /// Byte offset just past the word.
    pub offset_to: usize,
    /// Rank of the word in the text, counting every word (stopwords included).
    pub position: usize,
    /// True when a hyphen, and nothing else, separates this word from the previous one.
    pub hyphen_joined_to_previous: bool,
}

impl WordView<'_> {
    /// The word, owned.
    pub fn to_word(&self) -> Word {
        Word {
            lowercase: self.lowercase.to_string(),
            offset_from: self.offset_from,
            offset_to: self.offset_to,
            position: self.position,
            hyphen_joined_to_previous: self.hyphen_joined_to_previous,
        }
    }
}

/// Splits `text` (expected NFC) into words.
pub fn split_words(text: &str) -> Vec<Word> {
    let mut words = Vec::with_capacity(text.len() / 6);
    for_each_word(text, |word| words.push(word.to_word()));
    words
}

/// Calls `visit` with each word of `text` (expected NFC), in order.
pub fn for_each_word(text: &str, visit: impl FnMut(WordView<'_>)) {
    let mut lender = WordLender { lowercase: String::new(), position: 0, visit };
    let mut previous_end: Option<usize> = None;
    for (start, end) in RawWordSpans::new(text) {
        let hyphen_joined = previous_end.is_some_and(|previous| {
            let between = &text[previous..start];
            between.chars().count() == 1 && between.starts_with(HYPHENS)
        });
        lend_resolved_words(text, start, end, hyphen_joined, &mut lender);
        previous_end = Some(end);
    }
}

/// Lowercases raw words into one reused buffer and lends them to a visitor.
struct WordLender<F> {
    lowercase: String,
    position: usize,
    visit: F,
}

impl<F: FnMut(WordView<'_>)> WordLender<F> {
    fn lend(&mut self, raw: &str, start: usize, end: usize, hyphen_joined: bool) {
        self.lowercase.clear();
        if raw.is_ascii() {
            self.lowercase.push_str(raw);
            self.lowercase.make_ascii_lowercase();
        } else {
            // `str::to_lowercase`, not per character: it knows the Greek final sigma.
            self.lowercase.push_str(&raw.to_lowercase());
        }
        if self.lowercase.contains(APOSTROPHES) {
            self.lowercase = normalise_apostrophes(&self.lowercase);
        }
        (self.visit)(WordView {
            lowercase: &self.lowercase,
            offset_from: start,
            offset_to: end,
            position: self.position,
            hyphen_joined_to_previous: hyphen_joined,
        });
        self.position += 1;
    }
}

/// Byte spans of maximal runs of word characters, with inner apostrophes and digit separators,
/// read in one pass with one character of look-behind and one of look-ahead.
struct RawWordSpans<'a> {
    characters: std::iter::Peekable<std::str::CharIndices<'a>>,
    previous: Option<char>,
    length: usize,
}

impl<'a> RawWordSpans<'a> {
    fn new(text: &'a str) -> Self {
        RawWordSpans {
            characters: text.char_indices().peekable(),
            previous: None,
            length: text.len(),
        }
    }
}

impl Iterator for RawWordSpans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let mut start: Option<usize> = None;
        while let Some((offset, character)) = self.characters.next() {
            let next = self.characters.peek().map(|&(_, c)| c);
            let inside_word = is_word_character(character)
                || (start.is_some() && is_inner_joiner(character, self.previous, next));
            self.previous = Some(character);
            match (inside_word, start) {
                (true, None) => start = Some(offset),
                (false, Some(word_start)) => return Some((word_start, offset)),
                _ => {}
            }
        }
        start.map(|word_start| (word_start, self.length))
    }
}

fn is_word_character(character: char) -> bool {
    character.is_alphanumeric()
        || character == '_'
        || (!character.is_ascii() && unicode_normalization::char::is_combining_mark(character))
}

/// Apostrophes between letters (`l’État`) and separators between digits (`2.0`) stay inside.
fn is_inner_joiner(character: char, previous: Option<char>, next: Option<char>) -> bool {
    let (Some(previous), Some(next)) = (previous, next) else {
        return false;
    };
    if APOSTROPHES.contains(&character) {
        return previous.is_alphanumeric() && next.is_alphanumeric();
    }
    matches!(character, '.' | ',') && previous.is_ascii_digit() && next.is_ascii_digit()
}

/// Resolves the apostrophes of one raw word: elision, whole apostrophe words, or a split.
fn lend_resolved_words<F: FnMut(WordView<'_>)>(
    text: &str,
    start: usize,
    end: usize,
    hyphen_joined: bool,
    lender: &mut WordLender<F>,
) {
    let raw = &text[start..end];
    if !raw.contains(APOSTROPHES) {
        if holds_a_base_character(raw) {
            lender.lend(raw, start, end, hyphen_joined);
        }
        return;
    }
    let mut pieces = apostrophe_pieces(text, start, end);
    while pieces.len() > 1 {
        let whole = &text[pieces[0].0..end];
        if is_apostrophe_word(&whole.to_lowercase()) {
            pieces = vec![(pieces[0].0, end)];
            break;
        }
        let (piece_start, piece_end) = pieces[0];
        if !is_elided_prefix(&text[piece_start..piece_end].to_lowercase()) {
            break;
        }
        pieces.remove(0);
    }
    let words = pieces.into_iter().filter(|&(from, to)| holds_a_base_character(&text[from..to]));
    for (index, (piece_start, piece_end)) in words.enumerate() {
        let piece = &text[piece_start..piece_end];
        lender.lend(piece, piece_start, piece_end, hyphen_joined && index == 0);
    }
}

/// True when folding leaves something of `piece`. A raw word may start or end with `ʼ` (U+02BC
/// is a letter), leaving an empty piece beside it, and vowel signs are letters as well as
/// combining marks, so a stray one is a raw word: either would be indexed and searched as an
/// empty term, and take a word position that no reader sees.
fn holds_a_base_character(piece: &str) -> bool {
    piece.chars().any(|character| {
        character.is_ascii() || !unicode_normalization::char::is_combining_mark(character)
    })
}

/// The parts of `text[start..end]` between apostrophes.
fn apostrophe_pieces(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut piece_start = start;
    for (offset, character) in text[start..end].char_indices() {
        if APOSTROPHES.contains(&character) {
            pieces.push((piece_start, start + offset));
            piece_start = start + offset + character.len_utf8();
        }
    }
    pieces.push((piece_start, end));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowercase_words(text: &str) -> Vec<String> {
        split_words(text).into_iter().map(|word| word.lowercase).collect()
    }

    #[test]
    fn resolves_elision_with_both_apostrophes() {
        assert_eq!(lowercase_words("L’expérience d'information"), ["expérience", "information"]);
        assert_eq!(lowercase_words("jusqu’à ce qu'il"), ["à", "ce", "il"]);
        assert_eq!(lowercase_words("Lorsqu’on"), ["on"]);
    }

    #[test]
    fn keeps_aujourdhui_whole_and_splits_other_apostrophe_words() {
        assert_eq!(lowercase_words("Aujourd’hui"), ["aujourd'hui"]);
        assert_eq!(lowercase_words("qu’aujourd’hui"), ["aujourd'hui"]);
        assert_eq!(lowercase_words("O'Reilly"), ["o", "reilly"]);
    }

    #[test]
    fn nothing_that_folds_to_nothing_is_a_word() {
        let words = split_words("ʼ lʼ ʼAvion \u{11d3a} \u{93e}");
        assert_eq!(words.iter().map(|w| w.lowercase.as_str()).collect::<Vec<_>>(), ["avion"]);
        assert_eq!(words[0].position, 0);
        assert_eq!(
            lowercase_words("\u{915}\u{93e}"),
            ["\u{915}\u{93e}"],
            "a vowel sign after a letter"
        );
    }

    #[test]
    fn keeps_versions_and_splits_compounds_at_hyphens() {
        assert_eq!(lowercase_words("Web 2.0, gTLD .com"), ["web", "2.0", "gtld", "com"]);
        let words = split_words("Colombie-Britannique e-Gouv");
        assert_eq!(
            words.iter().map(|w| w.hyphen_joined_to_previous).collect::<Vec<_>>(),
            [false, true, false, true]
        );
        assert_eq!(
            lowercase_words("1 930 demandes, 3,5 % fin."),
            ["1", "930", "demandes", "3,5", "fin"]
        );
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "« L’Expérience » Québec";
        for word in split_words(text) {
            let original = &text[word.offset_from..word.offset_to];
            assert_eq!(normalise_apostrophes(&original.to_lowercase()), word.lowercase);
        }
        assert_eq!(split_words(text)[0].offset_from, "« L’".len());
    }

    #[test]
    fn positions_count_every_word() {
        let positions: Vec<usize> =
            split_words("le nom de domaine").iter().map(|w| w.position).collect();
        assert_eq!(positions, [0, 1, 2, 3]);
    }
}
