//! Facet counting: categories, tags, years and months counted in the same pass as the top
//! documents, from the fast-field dictionaries (never from stored documents).

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::response::FacetValue;
use crate::analysis::folding::fold_diacritics;

/// Counts of the values of some facet fields over the matching documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCounts {
    counts: HashMap<&'static str, ValueCounts>,
}

/// Matches per value of one field. Hashed with Fx rather than SipHash: thousands of tags are
/// counted per search, and the values come from the index, not from the visitor.
pub type ValueCounts = FxHashMap<String, u64>;

impl FacetCounts {
    /// Takes the counts of one field out (empty when it was not counted).
    pub fn take(&mut self, field: &str) -> ValueCounts {
        self.counts.remove(field).unwrap_or_default()
    }

    /// Replaces the counts of the fields `other` counted by `other`'s.
    pub fn take_fields_of(&mut self, other: FacetCounts) {
        self.counts.extend(other.counts);
    }
}

/// Collects [`FacetCounts`] for the named `STRING | FAST` fields.
#[derive(Debug, Clone)]
pub struct FacetCollector {
    fields: Vec<&'static str>,
    shown: Vec<ShownValues>,
}

/// The values of a facet listed by count that a response can show: the `limit` most frequent
/// and the selected ones.
#[derive(Debug, Clone)]
pub struct ShownValues {
    /// The facet field.
    pub field: &'static str,
    /// Values listed at most.
    pub limit: usize,
    /// Values the request filters on, listed whatever their count.
    pub selected: Vec<String>,
}

impl FacetCollector {
    /// Counts the values of `fields`.
    pub fn new(fields: Vec<&'static str>) -> Self {
        FacetCollector { fields, shown: Vec::new() }
    }

    /// Counts every value of `shown.field` but turns only those it can show into strings
    /// (ties at the limit kept). Only for a search of a single segment: across segments every
    /// value's count must be added up by name.
    pub fn resolving_only(mut self, shown: ShownValues) -> Self {
        self.shown.push(shown);
        self
    }
}

/// Per-segment counting by term ordinal; ordinals become strings once per segment.
pub struct SegmentFacetCollector {
    fields: Vec<&'static str>,
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u64>>,
    /// Per field, when restricted: values listed at most and the selected values' ordinals.
    shown: Vec<Option<(usize, Vec<u64>)>>,
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCollector;

    fn for_segment(
        &self,
        _segment_ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCollector> {
        let mut columns = Vec::with_capacity(self.fields.len());
        let mut counts = Vec::with_capacity(self.fields.len());
        let mut shown = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            let column = segment.fast_fields().str(field)?;
            counts.push(vec![0; column.as_ref().map_or(0, |c| c.num_terms())]);
            let restriction = self.shown.iter().find(|shown| shown.field == *field);
            shown.push(match (restriction, &column) {
                (Some(restriction), Some(column)) => {
                    let mut selected = Vec::new();
                    for value in &restriction.selected {
                        selected.extend(column.dictionary().term_ord(value.as_bytes())?);
                    }
                    Some((restriction.limit, selected))
                }
                _ => None,
            });
            columns.push(column);
        }
        Ok(SegmentFacetCollector { fields: self.fields.clone(), columns, counts, shown })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut segment_fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        if segment_fruits.len() == 1 {
            return Ok(segment_fruits.remove(0));
        }
        let mut merged = FacetCounts::default();
        for fruit in segment_fruits {
            for (field, values) in fruit.counts {
                let target = merged.counts.entry(field).or_default();
                for (value, count) in values {
                    *target.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacetCollector {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            if let Some(column) = column {
                for ordinal in column.term_ords(doc) {
                    counts[ordinal as usize] += 1;
                }
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut facet_counts = FacetCounts::default();
        let fields = self.fields.into_iter().zip(self.columns).zip(self.counts).zip(self.shown);
        for (((field, column), mut counts), shown) in fields {
            let values = facet_counts.counts.entry(field).or_default();
            let Some(column) = column else { continue };
            if let Some((limit, selected)) = shown {
                keep_shown_ordinals(&mut counts, limit, &selected);
            }
            // One ordered walk through the dictionary: looking each ordinal up on its own
            // decodes its block from the start, and was most of a faceted search's time. An
            // unreadable dictionary leaves the facet short rather than failing the search.
            let (ordinals, mut counts): (Vec<u64>, Vec<u64>) = counts
                .into_iter()
                .enumerate()
                .filter(|(_, count)| *count > 0)
                .map(|(ordinal, count)| (ordinal as u64, count))
                .unzip();
            counts.reverse();
            let _ = column.dictionary().sorted_ords_to_term_cb(&ordinals, |bytes| {
                if let Some(count) = counts.pop() {
                    values.insert(String::from_utf8_lossy(bytes).into_owned(), count);
                }
            });
        }
        facet_counts
    }
}

/// Zeroes the counts of the ordinals a response cannot show: below the `limit` most frequent
/// (ties kept) and not `selected`.
fn keep_shown_ordinals(counts: &mut [u64], limit: usize, selected: &[u64]) {
    let nonzero = counts.iter().copied().filter(|count| *count > 0).collect();
    let Some(threshold) = top_count_threshold(nonzero, limit) else { return };
    for (ordinal, count) in counts.iter_mut().enumerate() {
        if *count < threshold && !selected.contains(&(ordinal as u64)) {
            *count = 0;
        }
    }
}

/// The `limit`-th largest of `counts`: a value ranks among the `limit` most frequent (ties
/// included) when its count reaches it. None when all of them do.
fn top_count_threshold(mut counts: Vec<u64>, limit: usize) -> Option<u64> {
    if limit == 0 || counts.len() <= limit {
        return None;
    }
    let (_, threshold, _) = counts.select_nth_unstable_by(limit - 1, |a, b| b.cmp(a));
    Some(*threshold)
}

/// How a facet's values are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetOrder {
    /// Most frequent first, then alphabetically (categories, tags).
    ByCount,
    /// Highest value first (years, months: newest first).
    ByValueDescending,
}

/// Turns counts into the listed facet values: at most `limit`, selected values always listed
/// (with a zero count if nothing matches them) so a front end can untick them.
pub fn facet_values(
    counts: ValueCounts,
    selected: &[String],
    order: FacetOrder,
    limit: usize,
) -> Vec<FacetValue> {
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .map(|(value, count)| FacetValue { selected: selected.contains(&value), value, count })
        .collect();
    match order {
        FacetOrder::ByCount => {
            keep_possible_top(&mut values, limit);
            values.sort_by_cached_key(|value| {
                (std::cmp::Reverse(value.count), collation_key(&value.value))
            })
        }
        FacetOrder::ByValueDescending => values.sort_by(|a, b| b.value.cmp(&a.value)),
    }
    let mut listed: Vec<FacetValue> = values
        .into_iter()
        .enumerate()
        .filter(|(rank, value)| *rank < limit || value.selected)
        .map(|(_, value)| value)
        .collect();
    for value in selected {
        if !listed.iter().any(|listed_value| &listed_value.value == value) {
            listed.push(FacetValue { value: value.clone(), count: 0, selected: true });
        }
    }
    listed
}

/// Drops the values too rare to be among the `limit` most frequent (ties kept), unless
/// selected: thousands of tags need not all get a collation key to list ten of them.
fn keep_possible_top(values: &mut Vec<FacetValue>, limit: usize) {
    let counts = values.iter().map(|value| value.count).collect();
    if let Some(threshold) = top_count_threshold(counts, limit) {
        values.retain(|value| value.count >= threshold || value.selected);
    }
}

/// Orders `Évènement` among the E's, as a French reader expects, not after `Z`.
fn collation_key(value: &str) -> (String, String) {
    (fold_diacritics(&value.to_lowercase()), value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_showable_ordinals_keep_their_counts() {
        let mut counts = vec![5, 0, 2, 2, 1, 7, 1];
        keep_shown_ordinals(&mut counts, 2, &[6]);
        assert_eq!(counts, [5, 0, 0, 0, 0, 7, 1]);
        let mut ties = vec![3, 1, 3, 3];
        keep_shown_ordinals(&mut ties, 2, &[]);
        assert_eq!(ties, [3, 0, 3, 3], "ties at the limit are kept for alphabetical order");
    }

    #[test]
    fn ties_at_the_limit_are_broken_alphabetically_among_all_tied_values() {
        let counts: ValueCounts = [("b", 2), ("a", 2), ("c", 2), ("z", 5), ("y", 1)]
            .into_iter()
            .map(|(value, count)| (value.to_string(), count))
            .collect();
        let values = facet_values(counts, &[], FacetOrder::ByCount, 3);
        let listed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(listed, ["z", "a", "b"]);
    }

    #[test]
    fn lists_by_count_and_keeps_selected_values() {
        let counts: ValueCounts = [("TI", 3), ("Design", 1), ("Conférences", 9), ("Techno", 1)]
            .into_iter()
            .map(|(value, count)| (value.to_string(), count))
            .collect();
        let selected = vec!["Techno".to_string(), "Absent".to_string()];
        let values = facet_values(counts, &selected, FacetOrder::ByCount, 2);
        let listed: Vec<(&str, u64, bool)> =
            values.iter().map(|v| (v.value.as_str(), v.count, v.selected)).collect();
        assert_eq!(
            listed,
            [("Conférences", 9, false), ("TI", 3, false), ("Techno", 1, true), ("Absent", 0, true)]
        );
    }
}
