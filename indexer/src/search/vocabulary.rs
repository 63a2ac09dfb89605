//! The index's vocabulary: the exact (folded, unstemmed) words of titles and bodies with their
//! document frequencies, merged from every field of every segment into one FST once per index
//! generation.
//!
//! Typo tolerance, "did you mean" and the search box's completions all ask the same two
//! questions — which indexed words are near this one, which begin with this prefix, and how
//! frequent each is. Walking each field of each segment and looking frequencies up again took a
//! third of a search; one FST answers in one walk. The one- and two-letter prefixes, which
//! match thousands of words and come with the first keystrokes, have their most frequent words
//! ready.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use tantivy::termdict::TermMerger;
use tantivy::Searcher;
use tantivy_fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};

use crate::index::{ArticleFields, IndexError};

/// Prefixes up to this many characters have their most frequent words computed in advance.
const PRECOMPUTED_PREFIX_CHARS: usize = 2;

/// Words kept for each precomputed prefix: the most a caller asks for.
pub const MAX_PREFIX_WORDS: usize = 64;

/// Words of a longer prefix looked at, at most: enough for any real prefix, a bound for odd ones.
const SCANNED_PREFIX_WORDS: usize = 20_000;

/// The exact words of one index generation.
pub struct Vocabulary {
    words: Map<Vec<u8>>,
    frequent_by_short_prefix: HashMap<String, Vec<String>>,
}

/// The most frequent words seen, at most `MAX_PREFIX_WORDS` (a min-heap on frequency).
#[derive(Default)]
struct TopWords(BinaryHeap<Reverse<(u64, Reverse<String>)>>);

impl TopWords {
    fn offer(&mut self, frequency: u64, word: &str, limit: usize) {
        let is_better = |heap: &BinaryHeap<Reverse<(u64, Reverse<String>)>>| {
            heap.peek().is_none_or(|Reverse((least, Reverse(least_word)))| {
                frequency > *least || (frequency == *least && word < least_word.as_str())
            })
        };
        if self.0.len() < limit {
            self.0.push(Reverse((frequency, Reverse(word.to_string()))));
        } else if is_better(&self.0) {
            self.0.pop();
            self.0.push(Reverse((frequency, Reverse(word.to_string()))));
        }
    }

    /// Most frequent first, then alphabetically.
    fn into_words(self) -> Vec<String> {
        let mut entries: Vec<(u64, String)> = self
            .0
            .into_iter()
            .map(|Reverse((frequency, Reverse(word)))| (frequency, word))
            .collect();
        entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        entries.into_iter().map(|(_, word)| word).collect()
    }
}

impl Vocabulary {
    /// Merges the exact words of every segment of `searcher`.
    pub fn build(searcher: &Searcher, fields: &ArticleFields) -> Result<Self, IndexError> {
        let mut dictionaries = Vec::new();
        for segment in searcher.segment_readers() {
            for field in [fields.title_exact, fields.body_exact] {
                dictionaries.push(segment.inverted_index(field)?);
            }
        }
        let streams = dictionaries
            .iter()
            .map(|inverted| inverted.terms().stream())
            .collect::<std::io::Result<Vec<_>>>()
            .map_err(tantivy::TantivyError::from)?;
        let mut merger = TermMerger::new(streams);
        let mut builder = MapBuilder::memory();
        let mut short_prefixes: HashMap<String, TopWords> = HashMap::new();
        while merger.advance() {
            let frequency: u64 = merger
                .current_segment_ords_and_term_infos()
                .map(|(_, info)| u64::from(info.doc_freq))
                .sum();
            builder.insert(merger.key(), frequency).map_err(vocabulary_error)?;
            if let Ok(word) = std::str::from_utf8(merger.key()) {
                for end in word
                    .char_indices()
                    .map(|(offset, c)| offset + c.len_utf8())
                    .take(PRECOMPUTED_PREFIX_CHARS)
                {
                    short_prefixes.entry(word[..end].to_string()).or_default().offer(
                        frequency,
                        word,
                        MAX_PREFIX_WORDS,
                    );
                }
            }
        }
        let bytes = builder.into_inner().map_err(vocabulary_error)?;
        Ok(Vocabulary {
            words: Map::from_bytes(bytes).map_err(vocabulary_error)?,
            frequent_by_short_prefix: short_prefixes
                .into_iter()
                .map(|(prefix, top)| (prefix, top.into_words()))
                .collect(),
        })
    }

    /// True when some article holds the folded word as typed.
    pub fn is_known(&self, folded_word: &str) -> bool {
        self.words.get(folded_word).is_some_and(|frequency| frequency > 0)
    }

    /// The words `automaton` accepts, most frequent first (then alphabetically).
    pub fn matching<A: Automaton>(&self, automaton: A) -> Vec<String> {
        let mut stream = self.words.search(automaton).into_stream();
        let mut found: Vec<(u64, String)> = Vec::new();
        while let Some((key, frequency)) = stream.next() {
            if let (Ok(word), true) = (std::str::from_utf8(key), frequency > 0) {
                found.push((frequency, word.to_string()));
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        found.into_iter().map(|(_, word)| word).collect()
    }

    /// The `limit` (at most [`MAX_PREFIX_WORDS`]) most frequent words beginning with the folded
    /// `prefix`, most frequent first (then alphabetically).
    pub fn most_frequent_with_prefix(&self, prefix: &str, limit: usize) -> Vec<String> {
        let limit = limit.min(MAX_PREFIX_WORDS);
        if prefix.chars().count() <= PRECOMPUTED_PREFIX_CHARS {
            let words = self.frequent_by_short_prefix.get(prefix).map_or(&[][..], Vec::as_slice);
            return words.iter().take(limit).cloned().collect();
        }
        let mut range = self.words.range().ge(prefix.as_bytes());
        if let Some(upper) = prefix_upper_bound(prefix) {
            range = range.lt(upper);
        }
        let mut stream = range.into_stream();
        let mut top = TopWords::default();
        let mut scanned = 0;
        while let Some((key, frequency)) = stream.next() {
            scanned += 1;
            if scanned > SCANNED_PREFIX_WORDS {
                break;
            }
            if let (Ok(word), true) = (std::str::from_utf8(key), frequency > 0) {
                top.offer(frequency, word, limit);
            }
        }
        top.into_words()
    }
}

/// The least byte string above every string that starts with `prefix` (none when `prefix` is
/// all 0xFF bytes).
fn prefix_upper_bound(prefix: &str) -> Option<Vec<u8>> {
    let mut bytes = prefix.as_bytes().to_vec();
    while let Some(last) = bytes.pop() {
        if last < u8::MAX {
            bytes.push(last + 1);
            return Some(bytes);
        }
    }
    None
}

fn vocabulary_error(error: tantivy_fst::Error) -> IndexError {
    IndexError::from(tantivy::TantivyError::InternalError(format!(
        "building the vocabulary: {error}"
    )))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::article::Article;
    use crate::index::{ArticleDocument, ArticleIndex, IndexSettings};

    /// The vocabulary of an index of two segments, one commit each, written straight through
    /// tantivy: `ArticleWriter` merges a small index into one segment.
    pub(crate) fn vocabulary_of_two_segments() -> Vocabulary {
        let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
        let mut writer =
            index.tantivy().writer_with_num_threads::<ArticleDocument>(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for record in [
            r#"{"id": "a", "title": "Fichiers", "body": "Le fichier est lu."}"#,
            r#"{"id": "b", "title": "Un fichier", "body": "Ficher un clou, lire un fichier."}"#,
        ] {
            let article: Article = serde_json::from_str(record).unwrap();
            writer
                .add_document(ArticleDocument::new(*index.fields(), article, 0, record.into()))
                .unwrap();
            writer.commit().unwrap();
        }
        let searcher = index.tantivy().reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        Vocabulary::build(&searcher, index.fields()).unwrap()
    }

    #[test]
    fn words_of_every_segment_and_field_are_known() {
        let vocabulary = vocabulary_of_two_segments();
        assert!(vocabulary.is_known("fichiers") && vocabulary.is_known("ficher"));
        assert!(!vocabulary.is_known("fichir"));
    }

    #[test]
    fn upper_bound_follows_every_completion() {
        assert_eq!(prefix_upper_bound("donn").unwrap(), b"dono");
        assert!(prefix_upper_bound("").is_none());
    }

    #[test]
    fn prefixes_short_and_long_give_the_most_frequent_words_first() {
        let vocabulary = vocabulary_of_two_segments();
        // fichier: 3 fields × articles; fichiers, ficher: 1 each.
        assert_eq!(
            vocabulary.most_frequent_with_prefix("fi", 5),
            ["fichier", "ficher", "fichiers"]
        );
        assert_eq!(vocabulary.most_frequent_with_prefix("fic", 2), ["fichier", "ficher"]);
        assert_eq!(vocabulary.most_frequent_with_prefix("fichi", 5), ["fichier", "fichiers"]);
        assert_eq!(vocabulary.most_frequent_with_prefix("f", 1), ["fichier"]);
        assert!(vocabulary.most_frequent_with_prefix("zz", 5).is_empty());
        assert!(vocabulary.most_frequent_with_prefix("zzz", 5).is_empty());
    }
}
