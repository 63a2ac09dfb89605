//! Facet counting: categories, tags and months counted in the same pass as the top documents,
//! from each document's values as the generation read them from the fast-field columns
//! (never from stored documents), by the generation's value numbers
//! ([`super::facet_dictionary::FacetDictionary`]); years are added up from the months.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};

use super::facet_dictionary::{DocumentValues, FacetDictionaries};
use super::response::FacetValue;

/// Matches per value of some facet fields, by the values' ordinals in their
/// [`super::facet_dictionary::FacetDictionary`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCounts {
    by_field: HashMap<&'static str, Vec<u64>>,
}

impl FacetCounts {
    /// Takes the counts of one field out (empty when it was not counted).
    pub fn take(&mut self, field: &str) -> Vec<u64> {
        self.by_field.remove(field).unwrap_or_default()
    }

    /// Replaces the counts of the fields `other` counted by `other`'s.
    pub fn take_fields_of(&mut self, other: FacetCounts) {
        self.by_field.extend(other.by_field);
    }
}

/// Collects [`FacetCounts`] for the named `STRING | FAST` fields.
#[derive(Debug, Clone)]
pub struct FacetCollector {
    fields: Vec<&'static str>,
    dictionaries: Arc<FacetDictionaries>,
}

impl FacetCollector {
    /// Counts the values of `fields`, which `dictionaries` numbers for every segment searched.
    pub fn new(fields: Vec<&'static str>, dictionaries: Arc<FacetDictionaries>) -> Self {
        FacetCollector { fields, dictionaries }
    }

    fn segment_field(
        &self,
        segment: &SegmentReader,
        field: &'static str,
    ) -> tantivy::Result<SegmentField> {
        let unread = || TantivyError::InternalError(format!("the values of {field} were not read"));
        let dictionary = self.dictionaries.get(field).ok_or_else(unread)?;
        let values = dictionary.segment_values(segment.segment_id());
        if values.is_none() && segment.fast_fields().str(field)?.is_some() {
            return Err(unread());
        }
        let counts = vec![0; values.as_ref().map_or(0, |values| values.len())];
        let holds_every_value =
            values.as_ref().is_some_and(|values| values.holds_every_value(dictionary));
        Ok(SegmentField { values, counts, holds_every_value })
    }
}

/// One field counted in one segment, by the segment's ordinals.
struct SegmentField {
    values: Option<Arc<DocumentValues>>,
    counts: Vec<u64>,
    holds_every_value: bool,
}

impl SegmentField {
    fn counted(self) -> Counted {
        let Some(values) = self.values else { return Counted::Some(Vec::new()) };
        if self.holds_every_value {
            return Counted::Every(self.counts);
        }
        let counts = self.counts;
        let ordinals = (0..counts.len() as u32).filter(|&ordinal| counts[ordinal as usize] > 0);
        Counted::Some(
            ordinals
                .map(|ordinal| (values.dictionary_ordinal(ordinal), counts[ordinal as usize]))
                .collect(),
        )
    }
}

/// Per-segment counting by ordinal.
pub struct SegmentFacetCollector {
    fields: Vec<(&'static str, SegmentField)>,
}

/// A segment's counts of each field.
pub struct SegmentCounts {
    by_field: Vec<(&'static str, Counted)>,
}

/// One field's counts in one segment.
enum Counted {
    /// By the generation's ordinals, every one: a segment holding every value (an index of one
    /// segment) hands its counts over as they are.
    Every(Vec<u64>),
    /// The generation's ordinals with a count: a segment of a large index holds some of the
    /// values, and a vector of all of them per segment and search would cost more than the
    /// counting.
    Some(Vec<(u32, u64)>),
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

    fn merge_fruits(&self, segment_fruits: Vec<SegmentCounts>) -> tantivy::Result<FacetCounts> {
        let mut merged = FacetCounts::default();
        for fruit in segment_fruits {
            for (field, counted) in fruit.by_field {
                let length = self.dictionaries.get(field).map_or(0, |values| values.len());
                match (merged.by_field.get_mut(field), counted) {
                    (None, Counted::Every(counts)) => {
                        merged.by_field.insert(field, counts);
                    }
                    (Some(total), Counted::Every(counts)) => {
                        total.iter_mut().zip(counts).for_each(|(total, count)| *total += count);
                    }
                    (total, Counted::Some(counts)) => {
                        let total = match total {
                            Some(total) => total,
                            None => merged.by_field.entry(field).or_insert_with(|| vec![0; length]),
                        };
                        for (ordinal, count) in counts {
                            if let Some(total) = total.get_mut(ordinal as usize) {
                                *total += count;
                            }
                        }
                    }
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacetCollector {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (_, field) in &mut self.fields {
            if let Some(values) = &field.values {
                for &ordinal in values.of(doc) {
                    field.counts[ordinal as usize] += 1;
                }
            }
        }
    }

    fn harvest(self) -> SegmentCounts {
        let by_field =
            self.fields.into_iter().map(|(name, field)| (name, field.counted())).collect();
        SegmentCounts { by_field }
    }
}

/// The years' counts, added up from the months' (`YYYY-MM`): a search counts one date column
/// instead of two.
pub fn years_of_months<'a>(months: impl Iterator<Item = (&'a str, u64)>) -> Vec<(String, u64)> {
    let mut years: BTreeMap<i32, u64> = BTreeMap::new();
    for (month, count) in months {
        let year = month.rsplit_once('-').and_then(|(year, _)| year.parse::<i32>().ok());
        if let Some(year) = year {
            *years.entry(year).or_default() += count;
        }
    }
    years.into_iter().map(|(year, count)| (year.to_string(), count)).collect()
}

/// Dates' values, newest first: at most `limit`, selected values always listed (with a zero
/// count if nothing matches them) so a front end can untick them.
pub fn newest_first(
    mut counts: Vec<(String, u64)>,
    selected: &[String],
    limit: usize,
) -> Vec<FacetValue> {
    counts.sort_unstable_by(|first, second| second.0.cmp(&first.0));
    let mut listed: Vec<FacetValue> = counts
        .into_iter()
        .enumerate()
        .map(|(rank, (value, count))| {
            (rank, FacetValue { selected: selected.contains(&value), value, count })
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::indexer::NoMergePolicy;
    use tantivy::query::AllQuery;
    use tantivy::schema::{Schema, FAST, STRING};
    use tantivy::{doc, Index};

    /// Regression: counts were added up by name, each segment's values turned into strings
    /// first; they are now added up by the generation's numbers, which must give the same.
    #[test]
    fn counts_add_up_across_segments_numbered_differently() {
        let mut schema = Schema::builder();
        let tags = schema.add_text_field("tags", STRING | FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        // A segment without any tag, then two holding some of them each.
        writer.add_document(doc!()).unwrap();
        writer.commit().unwrap();
        for segment in [["b", "c"], ["a", "c"]] {
            for tag in segment {
                writer.add_document(doc!(tags => tag)).unwrap();
            }
            writer.add_document(doc!(tags => "c", tags => segment[0])).unwrap();
            // The same tag twice counts once.
            writer.add_document(doc!(tags => segment[0], tags => segment[0])).unwrap();
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let dictionaries = Arc::new(FacetDictionaries::read(&searcher, &["tags"]).unwrap());
        let collector = FacetCollector::new(vec!["tags"], dictionaries.clone());
        let counts = searcher.search(&AllQuery, &collector).unwrap().take("tags");
        let counted: Vec<(&str, u64)> =
            dictionaries.get("tags").unwrap().counted(&counts).collect();
        assert_eq!(counted, [("a", 3), ("b", 3), ("c", 4)]);
    }

    #[test]
    fn years_add_up_their_months() {
        let months = [("0999-05", 4), ("2012-10", 2), ("2012-11", 3), ("2013-01", 1)];
        let years = years_of_months(months.into_iter());
        let expected = [("999", 4), ("2012", 5), ("2013", 1)];
        assert_eq!(years, expected.map(|(year, count)| (year.to_string(), count)));
    }

    #[test]
    fn dates_are_listed_newest_first_with_the_selected_ones() {
        let counts = [("2011", 1), ("2013", 2), ("2012", 5)]
            .map(|(year, count)| (year.to_string(), count))
            .to_vec();
        let selected = ["2011".to_string(), "2009".to_string()];
        let listed: Vec<(String, u64, bool)> = newest_first(counts, &selected, 2)
            .into_iter()
            .map(|value| (value.value, value.count, value.selected))
            .collect();
        let expected =
            [("2013", 2, false), ("2012", 5, false), ("2011", 1, true), ("2009", 0, true)];
        assert_eq!(
            listed,
            expected.map(|(year, count, selected)| (year.to_string(), count, selected))
        );
    }
}
