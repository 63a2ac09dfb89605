//! Highlighting: the words of a text that a query matched, marked with `<mark>` in escaped HTML,
//! and the passage of a body that shows the most of them.
//!
//! A word matches when its stem is one of the query's stems or its folded form one of the
//! query's exact words, so `données` is marked for the query `donnees`, and `donnée` too.

use std::borrow::Cow;

use rustc_hash::FxHashSet;

use crate::analysis::folding::{fold_diacritics, needs_folding};
use crate::analysis::words::for_each_word;
use crate::analysis::{normalise_nfc, FrenchAnalyzer};

/// Words of a snippet's window, the passage with the most matches.
const SNIPPET_WORDS: usize = 32;

/// Words shown before the window.
const SNIPPET_LEAD_IN_WORDS: usize = 4;

/// A snippet's passage is looked for in slices of a body this long, from the start, until a
/// slice holds a match: analysing a whole 300 KB manual page for each hit would take most of
/// a search's time, and the first matches are the passage readers expect anyway.
const SNIPPET_SLICE_BYTES: usize = 1024;

/// How far past a slice's end a white space is looked for before the slice is cut mid-word.
const MAX_WORD_SEARCH_BYTES: usize = 256;

/// How far into a body a snippet's passage is looked for.
const SNIPPET_SCAN_LIMIT_BYTES: usize = 32 * 1024;

/// The terms a query searched, for marking them in results.
#[derive(Debug, Clone, Default)]
pub struct HighlightTerms {
    /// Stemmed terms. (Every word of a snippet's slices is looked up here: a fast hash.)
    pub stems: FxHashSet<String>,
    /// Folded, unstemmed words.
    pub exact: FxHashSet<String>,
}

impl HighlightTerms {
    /// True when nothing is to be marked.
    pub fn is_empty(&self) -> bool {
        self.stems.is_empty() && self.exact.is_empty()
    }
}

/// Marks query terms in texts.
pub struct Highlighter<'a> {
    analyzer: &'a FrenchAnalyzer,
    terms: &'a HighlightTerms,
    stem_prefixes: FxHashSet<String>,
    /// The first bytes of the exact words and stem prefixes: most words of a body start
    /// otherwise, and are told apart without being folded or hashed.
    first_bytes: [bool; 256],
}

/// A word of the text with the query term it matched, if any.
struct MarkedWord {
    offset_from: usize,
    offset_to: usize,
    matched: Option<String>,
}

impl<'a> Highlighter<'a> {
    /// A highlighter for `terms`.
    pub fn new(analyzer: &'a FrenchAnalyzer, terms: &'a HighlightTerms) -> Self {
        let stem_prefixes: FxHashSet<String> =
            terms.stems.iter().map(|stem| prefix(stem).to_string()).collect();
        let mut first_bytes = [false; 256];
        for word in terms.exact.iter().chain(&stem_prefixes) {
            if let Some(&byte) = word.as_bytes().first() {
                first_bytes[byte as usize] = true;
            }
        }
        Highlighter { analyzer, terms, stem_prefixes, first_bytes }
    }

    /// The whole `text`, escaped, with matched words marked (for titles).
    pub fn highlight(&self, text: &str) -> String {
        let text = normalise_nfc(text);
        let text = text.as_ref();
        let mut words = Vec::new();
        self.mark_words_into(text, 0, &mut words);
        render(text, &words, 0, text.len())
    }

    /// The passage of `body` with the most distinct matched terms, escaped and marked, with `…`
    /// where it was cut; the beginning of the body when nothing matches.
    pub fn snippet(&self, body: &str) -> String {
        let scanned = &body[..word_boundary_after(body, SNIPPET_SCAN_LIMIT_BYTES)];
        let (text, words, read_to) = self.mark_words_until_matched(scanned);
        let Some(window_start) = best_window_start(&words) else {
            return String::new();
        };
        // Start a few words before the window, so the passage reads as a sentence.
        let first = window_start.saturating_sub(SNIPPET_LEAD_IN_WORDS);
        let last = (window_start + SNIPPET_WORDS).min(words.len()) - 1;
        let start = if first == 0 { 0 } else { words[first].offset_from };
        let end = if last + 1 == words.len() { text.len() } else { words[last].offset_to };
        let mut html = String::new();
        if start > 0 {
            html.push('…');
        }
        html.push_str(render(&text, &words, start, end).trim());
        if end < text.len() || read_to < body.len() {
            html.push('…');
        }
        html
    }

    /// Pushes the words of `text`, whose offset in a longer text is `offset`, marked.
    fn mark_words_into(&self, text: &str, offset: usize, words: &mut Vec<MarkedWord>) {
        for_each_word(text, |word| {
            words.push(MarkedWord {
                offset_from: offset + word.offset_from,
                offset_to: offset + word.offset_to,
                matched: self.matched_term(word.lowercase),
            })
        });
    }

    /// The NFC text of `body`'s first slices and its words, marked, read slice by slice until
    /// the first match is followed by a snippet's worth of words, and how far `body` was read.
    /// Slices end at white space, where normalisation cannot join characters across the cut.
    fn mark_words_until_matched(&self, body: &str) -> (String, Vec<MarkedWord>, usize) {
        let mut text = String::new();
        let mut words: Vec<MarkedWord> = Vec::with_capacity(SNIPPET_SLICE_BYTES / 4);
        let mut read_to = 0;
        while read_to < body.len() {
            let slice_end = word_boundary_after(body, read_to + SNIPPET_SLICE_BYTES);
            let offset = text.len();
            text.push_str(&normalise_nfc(&body[read_to..slice_end]));
            self.mark_words_into(&text[offset..], offset, &mut words);
            read_to = slice_end;
            let first_match = words.iter().position(|word| word.matched.is_some());
            if first_match.is_some_and(|first| words.len() - first >= SNIPPET_WORDS) {
                break;
            }
        }
        (text, words, read_to)
    }

    fn matched_term(&self, lowercase: &str) -> Option<String> {
        let first_byte = *lowercase.as_bytes().first()?;
        if first_byte.is_ascii() && !self.first_bytes[first_byte as usize] {
            return None;
        }
        // Most words of a body are ASCII: they are their own folded form, unallocated.
        let folded = if needs_folding(lowercase) {
            Cow::Owned(fold_diacritics(lowercase))
        } else {
            Cow::Borrowed(lowercase)
        };
        if self.terms.exact.contains(folded.as_ref()) {
            return Some(folded.into_owned());
        }
        if !self.stem_prefixes.contains(prefix(&folded)) {
            return None;
        }
        let stem = self.analyzer.index_stem(lowercase)?;
        self.terms.stems.contains(&stem).then_some(stem)
    }
}

/// The first white space at or after byte `target` of `text`, where a slice cuts no word; its
/// end when none follows; `target` itself (at a character boundary) when none comes within
/// [`MAX_WORD_SEARCH_BYTES`].
fn word_boundary_after(text: &str, target: usize) -> usize {
    if target >= text.len() {
        return text.len();
    }
    let mut boundary = target;
    while !text.is_char_boundary(boundary) {
        boundary -= 1;
    }
    // Text without spaces (a long URL, base64, Chinese) is cut where it stands, so that the
    // slice and scan limits hold for it too.
    let search_end = (boundary + MAX_WORD_SEARCH_BYTES).min(text.len());
    let mut search_end_boundary = search_end;
    while !text.is_char_boundary(search_end_boundary) {
        search_end_boundary -= 1;
    }
    match text[boundary..search_end_boundary].find(char::is_whitespace) {
        Some(offset) => boundary + offset,
        None if search_end == text.len() => text.len(),
        None => boundary,
    }
}

/// Stems are (folded) prefixes of their words, up to Snowball's few rewrites of the last
/// letters: comparing three letters first spares stemming most words of a long body.
fn prefix(word: &str) -> &str {
    let end = word.char_indices().nth(3).map_or(word.len(), |(offset, _)| offset);
    &word[..end]
}

/// Index of the first word of the window with the most distinct matched terms (then the most
/// matches, then the earliest).
fn best_window_start(words: &[MarkedWord]) -> Option<usize> {
    if words.is_empty() {
        return None;
    }
    let window = SNIPPET_WORDS.min(words.len());
    let mut best = (0, 0, 0);
    // A window starting at a matched word holds at least as much as one starting just before
    // it; near the end, the last full window stands in for the matched word's.
    let last_start = words.len() - window;
    let matched_starts = words
        .iter()
        .enumerate()
        .filter(|(_, word)| word.matched.is_some())
        .map(|(index, _)| index.min(last_start));
    let candidates = std::iter::once(0).chain(matched_starts);
    // One buffer for every candidate: a window holds at most SNIPPET_WORDS matches.
    let mut matched: Vec<&str> = Vec::with_capacity(window);
    for start in candidates {
        matched.clear();
        matched.extend(words[start..start + window].iter().filter_map(|w| w.matched.as_deref()));
        let count = matched.len();
        matched.sort_unstable();
        matched.dedup();
        if (matched.len(), count) > (best.0, best.1) {
            best = (matched.len(), count, start);
        }
    }
    Some(best.2)
}

fn render(text: &str, words: &[MarkedWord], start: usize, end: usize) -> String {
    let mut html = String::with_capacity(end - start + 32);
    let mut cursor = start;
    for word in words.iter().filter(|w| w.matched.is_some()) {
        if word.offset_from < start || word.offset_to > end {
            continue;
        }
        escape_into(&text[cursor..word.offset_from], &mut html);
        html.push_str("<mark>");
        escape_into(&text[word.offset_from..word.offset_to], &mut html);
        html.push_str("</mark>");
        cursor = word.offset_to;
    }
    escape_into(&text[cursor..end], &mut html);
    html
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_into(text: &str, html: &mut String) {
    for character in text.chars() {
        match character {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            other => html.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(stems: &[&str], exact: &[&str]) -> HighlightTerms {
        HighlightTerms {
            stems: stems.iter().map(|s| s.to_string()).collect(),
            exact: exact.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn marks_inflected_and_accented_forms() {
        let analyzer = FrenchAnalyzer::default();
        let query = terms(&["don", "ouvert"], &[]);
        let html =
            Highlighter::new(&analyzer, &query).highlight("Les données <ouvertes> & la donnée");
        assert_eq!(
            html,
            "Les <mark>données</mark> &lt;<mark>ouvertes</mark>&gt; &amp; la <mark>donnée</mark>"
        );
    }

    #[test]
    fn snippet_shows_the_passage_with_the_most_terms() {
        let analyzer = FrenchAnalyzer::default();
        let filler = "mot ".repeat(100);
        let text = format!("Début {filler} ici le nom de domaine est choisi {filler} fin");
        let query = terms(&["nom", "domain"], &[]);
        let snippet = Highlighter::new(&analyzer, &query).snippet(&text);
        assert!(snippet.starts_with('…') && snippet.ends_with('…'), "{snippet}");
        assert!(snippet.contains("<mark>nom</mark> de <mark>domaine</mark>"), "{snippet}");
    }

    /// Word offsets point into NFC text: a stored text in another form must not be sliced
    /// with them.
    #[test]
    fn decomposed_text_is_highlighted_without_panicking() {
        let analyzer = FrenchAnalyzer::default();
        let query = terms(&["don"], &[]);
        let highlighter = Highlighter::new(&analyzer, &query);
        assert_eq!(highlighter.highlight("les donne\u{301}es"), "les <mark>données</mark>");
        assert!(highlighter.snippet("e\u{301}te\u{301} donne\u{301}es").contains("<mark>"));
    }

    /// Slices are normalised one by one: offsets must still point into the text rendered.
    #[test]
    fn decomposed_text_after_the_first_slice_is_marked_whole() {
        let analyzer = FrenchAnalyzer::default();
        let query = terms(&["don"], &[]);
        let text =
            format!("{} les donne\u{301}es é\u{301}tudiées", "e\u{301}te\u{301} ".repeat(400));
        let snippet = Highlighter::new(&analyzer, &query).snippet(&text);
        assert!(snippet.contains("les <mark>données</mark>"), "{snippet}");
    }

    /// Regression: a match among a text's last 32 words started no window, and the snippet
    /// showed the unmarked beginning.
    #[test]
    fn a_match_among_the_last_words_is_shown() {
        let analyzer = FrenchAnalyzer::default();
        let query = terms(&["domain"], &[]);
        let text = format!("{} le domaine", "mot ".repeat(40));
        let snippet = Highlighter::new(&analyzer, &query).snippet(&text);
        assert!(snippet.ends_with("le <mark>domaine</mark>"), "{snippet}");
    }

    #[test]
    fn snippet_of_a_long_body_comes_from_its_first_matches() {
        let analyzer = FrenchAnalyzer::default();
        let filler = "mot ".repeat(5_000);
        let text = format!("{filler} le nom de domaine {filler} un nom de domaine {filler} fin");
        let query = terms(&["nom", "domain"], &[]);
        let snippet = Highlighter::new(&analyzer, &query).snippet(&text);
        assert!(snippet.contains("le <mark>nom</mark> de <mark>domaine</mark>"), "{snippet}");
        assert!(snippet.starts_with('…') && snippet.ends_with('…'), "{snippet}");
        assert!(snippet.len() < 400, "{snippet}");
    }

    /// Regression: with no white space to cut at, the whole body was analysed for each hit.
    #[test]
    fn a_body_without_spaces_is_cut_at_the_scan_limit() {
        let analyzer = FrenchAnalyzer::default();
        let query = terms(&["domain"], &[]);
        let body = "x".repeat(300_000);
        let snippet = Highlighter::new(&analyzer, &query).snippet(&body);
        assert!(snippet.len() <= SNIPPET_SCAN_LIMIT_BYTES + 8, "{} bytes", snippet.len());
        assert!(snippet.ends_with('…'));
    }

    #[test]
    fn snippet_without_matches_is_the_beginning() {
        let analyzer = FrenchAnalyzer::default();
        let query = HighlightTerms::default();
        let snippet = Highlighter::new(&analyzer, &query).snippet("Court texte.");
        assert_eq!(snippet, "Court texte.");
        assert_eq!(Highlighter::new(&analyzer, &query).snippet(""), "");
    }
}
