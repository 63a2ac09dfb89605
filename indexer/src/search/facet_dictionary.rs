//! Each segment's facet values, read once per index generation: their strings by term
//! ordinal, and their order among equal counts, alphabetical as a French reader expects it.
//!
//! A search counts by ordinal and needs the strings of the few values it lists. Reading them
//! from the column's dictionary decodes a block per lookup; holding them costs a few bytes per
//! distinct value. Ties are the rule, not the exception: most tags tag one article, so hundreds
//! of values can share the count at a facet's limit, and precomputed ranks let a search pick
//! the values it lists by number alone.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::Searcher;

use crate::analysis::folding::fold_diacritics;
use crate::index::IndexError;

/// Orders `Évènement` among the E's, as a French reader expects, not after `Z`.
pub fn collation_key(value: &str) -> (String, String) {
    (fold_diacritics(&value.to_lowercase()), value.to_string())
}

/// The values of one facet field in one segment.
#[derive(Debug, Default)]
pub struct FacetDictionary {
    /// By term ordinal, so in byte order.
    values: Vec<String>,
    /// By term ordinal, the value's rank in [`collation_key`] order.
    ranks: Vec<u32>,
}

impl FacetDictionary {
    fn read(column: &StrColumn) -> Result<Self, IndexError> {
        let mut values = Vec::with_capacity(column.num_terms());
        let mut stream = column.dictionary().stream().map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            values.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        let ranks = ranks_of(&values);
        Ok(FacetDictionary { values, ranks })
    }

    /// The value of `ordinal`.
    pub fn value(&self, ordinal: u64) -> &str {
        &self.values[ordinal as usize]
    }

    /// The ordinal of `value`, if the segment has it.
    pub fn ordinal(&self, value: &str) -> Option<u64> {
        let found = self.values.binary_search_by(|held| held.as_bytes().cmp(value.as_bytes()));
        found.ok().map(|ordinal| ordinal as u64)
    }

    /// Each ordinal's rank among the values in French order.
    pub fn ranks(&self) -> &[u32] {
        &self.ranks
    }
}

/// The [`FacetDictionary`] of some fields in every segment of a searcher.
#[derive(Debug, Default)]
pub struct FacetDictionaries {
    by_segment: HashMap<(SegmentId, &'static str), Arc<FacetDictionary>>,
}

impl FacetDictionaries {
    /// Reads the values of `fields` in every segment of `searcher`.
    pub fn read(searcher: &Searcher, fields: &[&'static str]) -> Result<Self, IndexError> {
        let mut by_segment = HashMap::new();
        for segment in searcher.segment_readers() {
            for &field in fields {
                let Some(column) = segment.fast_fields().str(field)? else { continue };
                let dictionary = FacetDictionary::read(&column)?;
                by_segment.insert((segment.segment_id(), field), Arc::new(dictionary));
            }
        }
        Ok(FacetDictionaries { by_segment })
    }

    /// Every value of `field` in the segments, in byte order, each once.
    pub fn values_of(&self, field: &str) -> Vec<String> {
        let segments = self.by_segment.iter().filter(|((_, name), _)| *name == field);
        let mut values: Vec<String> =
            segments.flat_map(|(_, dictionary)| dictionary.values.iter().cloned()).collect();
        values.sort_unstable();
        values.dedup();
        values
    }

    /// The values of `field` in `segment`, if they were read.
    pub fn of(&self, segment: SegmentId, field: &'static str) -> Option<Arc<FacetDictionary>> {
        self.by_segment.get(&(segment, field)).cloned()
    }
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

/// The ordinals a facet lists, in increasing order: the `limit` with the highest counts, ties
/// broken by rank, and the `selected` ones that have a count. Ordinals counting zero never are.
pub fn listed_ordinals(counts: &[u64], ranks: &[u32], limit: usize, selected: &[u64]) -> Vec<u64> {
    let mut candidates: Vec<(std::cmp::Reverse<u64>, u32, u64)> = counts
        .iter()
        .enumerate()
        .filter(|(_, count)| **count > 0)
        .map(|(ordinal, count)| (std::cmp::Reverse(*count), ranks[ordinal], ordinal as u64))
        .collect();
    if candidates.len() > limit {
        if limit > 0 {
            candidates.select_nth_unstable(limit - 1);
        }
        candidates.truncate(limit);
    }
    let mut listed: Vec<u64> = candidates.into_iter().map(|(_, _, ordinal)| ordinal).collect();
    listed.extend(selected.iter().filter(|&&ordinal| counts[ordinal as usize] > 0));
    listed.sort_unstable();
    listed.dedup();
    listed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_values_rank_among_their_letter() {
        let values: Vec<String> =
            ["Zoo", "Évènement", "abc", "Eau"].into_iter().map(String::from).collect();
        assert_eq!(ranks_of(&values), [3, 2, 0, 1]);
    }

    #[test]
    fn values_are_found_by_their_bytes() {
        let values: Vec<String> =
            ["Zoo", "abc", "Évènement"].into_iter().map(String::from).collect();
        let dictionary = FacetDictionary { ranks: ranks_of(&values), values };
        assert_eq!(dictionary.ordinal("Évènement"), Some(2));
        assert_eq!(dictionary.ordinal("évènement"), None);
        assert_eq!(dictionary.value(1), "abc");
    }

    #[test]
    fn ties_at_the_limit_go_to_the_lower_ranks() {
        // Ordinals 0, 2 and 3 tie at 2; ranks put 3 then 0 first.
        let counts = [2, 5, 2, 2, 0];
        let ranks = [1, 4, 2, 0, 3];
        assert_eq!(listed_ordinals(&counts, &ranks, 3, &[]), [0, 1, 3]);
    }

    #[test]
    fn selected_ordinals_are_listed_when_they_count() {
        let counts = [9, 1, 0, 8];
        let ranks = [0, 1, 2, 3];
        assert_eq!(listed_ordinals(&counts, &ranks, 1, &[1, 2]), [0, 1]);
        assert_eq!(listed_ordinals(&counts, &ranks, 0, &[]), Vec::<u64>::new());
    }
}
