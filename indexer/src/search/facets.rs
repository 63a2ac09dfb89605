//! Facet counting: categories, tags, years and months counted in the same pass as the top
//! documents, from the fast-field dictionaries (never from stored documents).

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};

use super::facet_dictionary::{collation_key, listed_ordinals, FacetDictionaries, FacetDictionary};
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
    dictionaries: Arc<FacetDictionaries>,
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
    /// Counts the values of `fields`, whose values `dictionaries` holds for every segment
    /// searched.
    pub fn new(fields: Vec<&'static str>, dictionaries: Arc<FacetDictionaries>) -> Self {
        FacetCollector { fields, dictionaries, shown: Vec::new() }
    }

    /// Counts every value of the `shown` fields but turns only those a response lists into
    /// strings. Only for a search of a single segment: across segments every value's count
    /// must be added up by name.
    pub fn resolving_only(self, shown: Vec<ShownValues>) -> Self {
        FacetCollector { shown, ..self }
    }

    /// The column of `field` in `segment` and its values, when the segment has the field.
    fn segment_field(
        &self,
        segment: &SegmentReader,
        field: &'static str,
    ) -> tantivy::Result<Option<SegmentField>> {
        let Some(column) = segment.fast_fields().str(field)? else { return Ok(None) };
        let dictionary = self.dictionaries.of(segment.segment_id(), field).ok_or_else(|| {
            TantivyError::InternalError(format!("the values of {field} were not read"))
        })?;
        let listed = self.shown.iter().find(|shown| shown.field == field).map(|shown| {
            let selected = shown.selected.iter().filter_map(|value| dictionary.ordinal(value));
            (shown.limit, selected.collect())
        });
        let counts = vec![0; column.num_terms()];
        Ok(Some(SegmentField { column, dictionary, counts, listed }))
    }
}

/// One field counted in one segment, by term ordinal.
struct SegmentField {
    column: StrColumn,
    dictionary: Arc<FacetDictionary>,
    counts: Vec<u64>,
    /// When restricted: values listed at most and the selected values' ordinals.
    listed: Option<(usize, Vec<u64>)>,
}

impl SegmentField {
    /// The ordinals to turn into strings: every counted one, or those the response lists.
    fn ordinals_to_resolve(&self) -> Vec<u64> {
        match &self.listed {
            Some((limit, selected)) => {
                listed_ordinals(&self.counts, self.dictionary.ranks(), *limit, selected)
            }
            None => (0..self.counts.len() as u64)
                .filter(|&ordinal| self.counts[ordinal as usize] > 0)
                .collect(),
        }
    }
}

/// Per-segment counting by term ordinal; ordinals become strings once per segment.
pub struct SegmentFacetCollector {
    fields: Vec<(&'static str, Option<SegmentField>)>,
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCollector;

    fn for_segment(
        &self,
        _segment_ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCollector> {
        let fields = self
            .fields
            .iter()
            .map(|&field| Ok((field, self.segment_field(segment, field)?)))
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentFacetCollector { fields })
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
        for (_, field) in &mut self.fields {
            if let Some(field) = field {
                for ordinal in field.column.term_ords(doc) {
                    field.counts[ordinal as usize] += 1;
                }
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut facet_counts = FacetCounts::default();
        for (name, field) in self.fields {
            let values = facet_counts.counts.entry(name).or_default();
            let Some(field) = field else { continue };
            for ordinal in field.ordinals_to_resolve() {
                let value = field.dictionary.value(ordinal).to_string();
                values.insert(value, field.counts[ordinal as usize]);
            }
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
