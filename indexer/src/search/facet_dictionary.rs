//! The facet values of an index generation, numbered once across its segments, with their
//! order among equal counts: alphabetical as a French reader expects it.
//!
//! A search counts by number and needs the strings of the few values it lists. Each segment
//! numbers its values on its own, so every segment's counts used to become strings before they
//! could be added up, and a million articles in twelve segments paid that twelve times. Here a
//! segment's counts are moved to the generation's numbering, added up as numbers, and only the
//! listed values become strings. Ties are the rule, not the exception: most tags tag one article,
//! so hundreds of values can share the count at a facet's limit; precomputed ranks pick the
//! listed ones by number alone.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::Arc;

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher};

use super::response::FacetValue;
use crate::analysis::folding::fold_diacritics;
use crate::index::IndexError;

/// Orders `Évènement` among the E's, as a French reader expects, not after `Z`.
fn collation_key(value: &str) -> (String, String) {
    (fold_diacritics(&value.to_lowercase()), value.to_string())
}

/// The values of one facet field in all the segments of a searcher.
#[derive(Debug, Default)]
pub struct FacetDictionary {
    /// By ordinal: in byte order, each value once.
    values: Vec<String>,
    /// By ordinal, the value's rank in [`collation_key`] order.
    ranks: Vec<u32>,
    /// Per segment, each document's values by their ordinals here.
    segment_values: HashMap<SegmentId, Arc<DocumentValues>>,
}

/// One segment's values of a field, document by document: read from the column once, they are
/// counted without the column's per-document index lookups (the largest part of counting
/// facets). Counted by the segment's own ordinals, a search needs a vector of the segment's
/// values only, not of the whole generation's.
#[derive(Debug)]
pub struct DocumentValues {
    /// Where each document's ordinals start in `ordinals`, and one past the last document's.
    starts: Vec<u32>,
    /// The segment's ordinals, distinct within a document.
    ordinals: Vec<u32>,
    /// By segment ordinal, the generation's ordinal.
    to_dictionary: Vec<u32>,
}

impl DocumentValues {
    fn read(column: &StrColumn, to_dictionary: Vec<u32>, documents: DocId) -> Self {
        let mut starts = Vec::with_capacity(documents as usize + 1);
        let mut ordinals = Vec::with_capacity(documents as usize);
        let mut document = Vec::new();
        for doc in 0..documents {
            document.clear();
            document.extend(column.term_ords(doc).map(|ordinal| ordinal as u32));
            // An article tagged twice with the same tag counts once for it.
            document.sort_unstable();
            document.dedup();
            starts.push(ordinals.len() as u32);
            ordinals.extend_from_slice(&document);
        }
        starts.push(ordinals.len() as u32);
        DocumentValues { starts, ordinals, to_dictionary }
    }

    /// Number of distinct values in the segment.
    pub fn len(&self) -> usize {
        self.to_dictionary.len()
    }

    /// True when no document of the segment has a value.
    pub fn is_empty(&self) -> bool {
        self.to_dictionary.is_empty()
    }

    /// True when the segment holds every value of the generation: its ordinals are then the
    /// generation's (both number the same sorted values).
    pub fn holds_every_value(&self, dictionary: &FacetDictionary) -> bool {
        self.to_dictionary.len() == dictionary.len()
    }

    /// The generation's ordinal of the segment's `ordinal`.
    pub fn dictionary_ordinal(&self, ordinal: u32) -> u32 {
        self.to_dictionary[ordinal as usize]
    }

    /// The segment's ordinals of `doc`'s values.
    pub fn of(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&start), Some(&end)) => &self.ordinals[start as usize..end as usize],
            _ => &[],
        }
    }
}

impl FacetDictionary {
    fn read(searcher: &Searcher, field: &str) -> Result<Self, IndexError> {
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            if let Some(column) = segment.fast_fields().str(field)? {
                let values = column_values(&column)?;
                segments.push((segment.segment_id(), segment.max_doc(), column, values));
            }
        }
        let mut values: Vec<String> =
            segments.iter().flat_map(|(_, _, _, values)| values.iter().cloned()).collect();
        values.sort_unstable();
        values.dedup();
        let segment_values = segments
            .into_iter()
            .map(|(segment, documents, column, segment_values)| {
                let to_dictionary: Vec<u32> = segment_values
                    .iter()
                    .map(|value| values.partition_point(|held| held < value) as u32)
                    .collect();
                let by_document = DocumentValues::read(&column, to_dictionary, documents);
                (segment, Arc::new(by_document))
            })
            .collect();
        let ranks = ranks_of(&values);
        Ok(FacetDictionary { values, ranks, segment_values })
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when no article has a value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// `segment`'s values by document, if the segment has the field.
    pub fn segment_values(&self, segment: SegmentId) -> Option<Arc<DocumentValues>> {
        self.segment_values.get(&segment).cloned()
    }

    fn ordinal(&self, value: &str) -> Option<usize> {
        self.values.binary_search_by(|held| held.as_str().cmp(value)).ok()
    }

    /// The values with a count, in byte order.
    pub fn counted<'a>(&'a self, counts: &'a [u64]) -> impl Iterator<Item = (&'a str, u64)> {
        self.values
            .iter()
            .zip(counts)
            .filter(|(_, count)| **count > 0)
            .map(|(value, count)| (value.as_str(), *count))
    }

    /// The `limit` most frequent values (then alphabetically), followed by the `selected` ones
    /// beyond the limit (with a zero count if nothing matches them, so that a front end can
    /// untick them).
    pub fn by_count(&self, counts: &[u64], selected: &[String], limit: usize) -> Vec<FacetValue> {
        let count_of = |ordinal: usize| counts.get(ordinal).copied().unwrap_or(0);
        let selected_ordinals: Vec<usize> =
            selected.iter().filter_map(|value| self.ordinal(value)).collect();
        let mut ordinals = top_ordinals(counts, &self.ranks, limit);
        ordinals.extend(selected_ordinals.iter().filter(|&&ordinal| count_of(ordinal) > 0));
        ordinals.sort_unstable_by_key(|&ordinal| (Reverse(count_of(ordinal)), self.ranks[ordinal]));
        ordinals.dedup();
        let mut listed: Vec<FacetValue> = ordinals
            .into_iter()
            .map(|ordinal| FacetValue {
                value: self.values[ordinal].clone(),
                count: count_of(ordinal),
                selected: selected_ordinals.contains(&ordinal),
            })
            .collect();
        for value in selected {
            if !listed.iter().any(|listed_value| &listed_value.value == value) {
                listed.push(FacetValue { value: value.clone(), count: 0, selected: true });
            }
        }
        listed
    }
}

/// The values of a segment's column, by term ordinal.
fn column_values(column: &StrColumn) -> Result<Vec<String>, IndexError> {
    let mut values = Vec::with_capacity(column.num_terms());
    let mut stream = column.dictionary().stream().map_err(tantivy::TantivyError::from)?;
    while stream.advance() {
        values.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(values)
}

/// `values[ordinal]`'s rank among `values` in collation order.
fn ranks_of(values: &[String]) -> Vec<u32> {
    let mut ordinals: Vec<usize> = (0..values.len()).collect();
    ordinals.sort_by_cached_key(|&ordinal| collation_key(&values[ordinal]));
    let mut ranks = vec![0; values.len()];
    for (rank, ordinal) in ordinals.into_iter().enumerate() {
        ranks[ordinal] = rank as u32;
    }
    ranks
}

/// The ordinals of the `limit` highest counts, ties broken by rank; never a zero count.
fn top_ordinals(counts: &[u64], ranks: &[u32], limit: usize) -> Vec<usize> {
    let mut candidates: Vec<(Reverse<u64>, u32, usize)> = counts
        .iter()
        .zip(ranks)
        .enumerate()
        .filter(|(_, (count, _))| **count > 0)
        .map(|(ordinal, (count, rank))| (Reverse(*count), *rank, ordinal))
        .collect();
    if candidates.len() > limit {
        if limit > 0 {
            candidates.select_nth_unstable(limit - 1);
        }
        candidates.truncate(limit);
    }
    candidates.into_iter().map(|(_, _, ordinal)| ordinal).collect()
}

/// The [`FacetDictionary`] of each facet field counted.
#[derive(Debug, Default)]
pub struct FacetDictionaries {
    by_field: HashMap<&'static str, Arc<FacetDictionary>>,
}

impl FacetDictionaries {
    /// Reads the values of `fields` in every segment of `searcher`.
    pub fn read(searcher: &Searcher, fields: &[&'static str]) -> Result<Self, IndexError> {
        let mut by_field = HashMap::new();
        for &field in fields {
            by_field.insert(field, Arc::new(FacetDictionary::read(searcher, field)?));
        }
        Ok(FacetDictionaries { by_field })
    }

    /// The values of `field`, if it was read.
    pub fn get(&self, field: &str) -> Option<&Arc<FacetDictionary>> {
        self.by_field.get(field)
    }

    /// Every value of `field`, in byte order.
    pub fn values_of(&self, field: &str) -> &[String] {
        self.get(field).map_or(&[], |dictionary| &dictionary.values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary(values: &[&str]) -> FacetDictionary {
        let mut values: Vec<String> = values.iter().map(|value| value.to_string()).collect();
        values.sort_unstable();
        FacetDictionary { ranks: ranks_of(&values), values, segment_values: HashMap::new() }
    }

    fn listed(values: &[FacetValue]) -> Vec<(&str, u64, bool)> {
        values.iter().map(|value| (value.value.as_str(), value.count, value.selected)).collect()
    }

    #[test]
    fn each_document_has_its_own_values_and_none_past_the_last() {
        let values = DocumentValues {
            starts: vec![0, 2, 2, 3],
            ordinals: vec![4, 1, 0],
            to_dictionary: vec![0, 1, 2, 3, 4],
        };
        assert_eq!(values.of(0), [4, 1]);
        assert!(values.of(1).is_empty());
        assert_eq!(values.of(2), [0]);
        assert!(values.of(3).is_empty());
    }

    #[test]
    fn accented_values_rank_among_their_letter() {
        let values: Vec<String> =
            ["Zoo", "Évènement", "abc", "Eau"].into_iter().map(String::from).collect();
        assert_eq!(ranks_of(&values), [3, 2, 0, 1]);
    }

    #[test]
    fn ties_at_the_limit_are_broken_alphabetically_among_all_tied_values() {
        // Byte order: a, b, c, y, z.
        let values = dictionary(&["b", "a", "c", "z", "y"]);
        let listed_values = values.by_count(&[2, 2, 2, 1, 5], &[], 3);
        assert_eq!(listed(&listed_values), [("z", 5, false), ("a", 2, false), ("b", 2, false)]);
    }

    #[test]
    fn lists_by_count_and_keeps_selected_values() {
        // Byte order: Conférences, Design, TI, Techno.
        let values = dictionary(&["TI", "Design", "Conférences", "Techno"]);
        let selected = vec!["Techno".to_string(), "Absent".to_string()];
        let listed_values = values.by_count(&[9, 1, 3, 1], &selected, 2);
        assert_eq!(
            listed(&listed_values),
            [("Conférences", 9, false), ("TI", 3, false), ("Techno", 1, true), ("Absent", 0, true)]
        );
    }

    #[test]
    fn values_without_counts_are_listed_only_when_selected() {
        let values = dictionary(&["a", "b"]);
        assert!(values.by_count(&[], &[], 10).is_empty());
        let selected = vec!["b".to_string()];
        assert_eq!(
            listed(&values.by_count(&[3, 0], &selected, 10)),
            [("a", 3, false), ("b", 0, true)]
        );
    }
}
