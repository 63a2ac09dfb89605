//! The order in which a facet's values are listed among equal counts: alphabetical as a French
//! reader expects it, worked out once per index generation for every value's term ordinal.
//!
//! Ties are the rule, not the exception: most tags tag one article, so hundreds of values can
//! share the count at a facet's limit. Comparing precomputed ranks lets a search pick the values
//! it lists by number alone and turn only those into strings, instead of giving every tied
//! value a string and a collation key on every search.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::Searcher;

use crate::analysis::folding::fold_diacritics;
use crate::index::IndexError;

/// Orders `Évènement` among the E's, as a French reader expects, not after `Z`.
pub fn collation_key(value: &str) -> (String, String) {
    (fold_diacritics(&value.to_lowercase()), value.to_string())
}

/// Per segment and facet field, each term ordinal's rank in [`collation_key`] order.
#[derive(Debug, Default)]
pub struct CollationRanks {
    by_segment: HashMap<(SegmentId, &'static str), Arc<[u32]>>,
}

impl CollationRanks {
    /// Reads the values of `fields` in every segment of `searcher` and ranks them.
    pub fn read(searcher: &Searcher, fields: &[&'static str]) -> Result<Self, IndexError> {
        let mut by_segment = HashMap::new();
        for segment in searcher.segment_readers() {
            for &field in fields {
                let Some(column) = segment.fast_fields().str(field)? else { continue };
                let mut values = Vec::with_capacity(column.num_terms());
                let mut stream =
                    column.dictionary().stream().map_err(tantivy::TantivyError::from)?;
                while stream.advance() {
                    values.push(String::from_utf8_lossy(stream.key()).into_owned());
                }
                by_segment.insert((segment.segment_id(), field), ranks_of(&values).into());
            }
        }
        Ok(CollationRanks { by_segment })
    }

    /// The ranks of `field`'s ordinals in `segment`, if it was read.
    pub fn of(&self, segment: SegmentId, field: &'static str) -> Option<Arc<[u32]>> {
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
