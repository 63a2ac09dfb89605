//! Facet counting: categories, tags, years and months counted in the same pass as the top
//! documents, from the fast-field dictionaries (never from stored documents).

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::facet_collation::{collation_key, listed_ordinals, CollationRanks};
use super::response::FacetValue;

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
    ranks: Option<Arc<CollationRanks>>,
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
        FacetCollector { fields, shown: Vec::new(), ranks: None }
    }

    /// Counts every value of the `shown` fields but turns only those a response lists into
    /// strings, ties at the limit broken by `ranks`. Only for a search of a single segment:
    /// across segments every value's count must be added up by name.
    pub fn resolving_only(self, ranks: Arc<CollationRanks>, shown: Vec<ShownValues>) -> Self {
        FacetCollector { shown, ranks: Some(ranks), ..self }
    }

    /// What a segment's collector lists of `field`, when restricted.
    fn segment_restriction(
        &self,
        segment: &SegmentReader,
        field: &'static str,
        column: &StrColumn,
    ) -> tantivy::Result<Option<ListedValues>> {
        let Some(shown) = self.shown.iter().find(|shown| shown.field == field) else {
            return Ok(None);
        };
        let Some(ranks) =
            self.ranks.as_ref().and_then(|ranks| ranks.of(segment.segment_id(), field))
        else {
            return Ok(None);
        };
        let mut selected = Vec::new();
        for value in &shown.selected {
            selected.extend(column.dictionary().term_ord(value.as_bytes())?);
        }
        Ok(Some(ListedValues { limit: shown.limit, selected, ranks }))
    }
}

/// What a segment lists of a restricted field: by ordinal, the selected values, and the rank of
/// every value for ties.
struct ListedValues {
    limit: usize,
    selected: Vec<u64>,
    ranks: Arc<[u32]>,
}

/// Per-segment counting by term ordinal; ordinals become strings once per segment.
pub struct SegmentFacetCollector {
    fields: Vec<&'static str>,
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u64>>,
    listed: Vec<Option<ListedValues>>,
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
        let mut listed = Vec::with_capacity(self.fields.len());
        for &field in &self.fields {
            let column = segment.fast_fields().str(field)?;
            counts.push(vec![0; column.as_ref().map_or(0, |c| c.num_terms())]);
            listed.push(match &column {
                Some(column) => self.segment_restriction(segment, field, column)?,
                None => None,
            });
            columns.push(column);
        }
        Ok(SegmentFacetCollector { fields: self.fields.clone(), columns, counts, listed })
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
        let fields = self.fields.into_iter().zip(self.columns).zip(self.counts).zip(self.listed);
        for (((field, column), counts), listed) in fields {
            let values = facet_counts.counts.entry(field).or_default();
            let Some(column) = column else { continue };
            let ordinals: Vec<u64> = match listed {
                Some(listed) => {
                    listed_ordinals(&counts, &listed.ranks, listed.limit, &listed.selected)
                }
                None => (0..counts.len() as u64).filter(|&o| counts[o as usize] > 0).collect(),
            };
            // One ordered walk through the dictionary: looking each ordinal up on its own
            // decodes its block from the start, and was most of a faceted search's time. An
            // unreadable dictionary leaves the facet short rather than failing the search.
            let mut ordinal_counts = ordinals.iter().map(|&ordinal| counts[ordinal as usize]);
            let _ = column.dictionary().sorted_ords_to_term_cb(&ordinals, |bytes| {
                if let Some(count) = ordinal_counts.next() {
                    values.insert(String::from_utf8_lossy(bytes).into_owned(), count);
                }
            });
        }
        facet_counts
    }
}

/// The years' counts, added up from the months' (`YYYY-MM`): a search counts one date column
/// instead of two.
pub fn years_of_months(months: &ValueCounts) -> ValueCounts {
    let mut years = ValueCounts::default();
    for (month, count) in months {
        let year = month.rsplit_once('-').and_then(|(year, _)| year.parse::<i32>().ok());
        if let Some(year) = year {
            *years.entry(year.to_string()).or_default() += count;
        }
    }
    years
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_add_up_their_months() {
        let months: ValueCounts = [("2012-10", 2), ("2012-11", 3), ("2013-01", 1), ("0999-05", 4)]
            .into_iter()
            .map(|(month, count)| (month.to_string(), count))
            .collect();
        let mut years: Vec<(String, u64)> = years_of_months(&months).into_iter().collect();
        years.sort();
        let expected = [("2012", 5), ("2013", 1), ("999", 4)];
        assert_eq!(years, expected.map(|(year, count)| (year.to_string(), count)));
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
