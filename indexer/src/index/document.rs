//! The document handed to tantivy for one article.
//!
//! Title and body feed three fields each (stemmed, exact, surface). A `TantivyDocument` would
//! own a copy of the text per field, and tantivy queues up to 10,000 documents between the
//! importer and its indexing threads, so those copies were the largest share of a large
//! import's memory. This document owns each text once and hands tantivy borrowed views of it.

use std::iter::Empty;

use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Document, Field, Value};

use super::schema::ArticleFields;
use crate::article::Article;

/// One article as tantivy indexes and stores it.
#[derive(Debug)]
pub struct ArticleDocument {
    fields: ArticleFields,
    article: Article,
    date: Option<DateKeys>,
    content_hash: u64,
    record: String,
}

/// The date of an article in the forms its fields index.
#[derive(Debug)]
struct DateKeys {
    timestamp: i64,
    day: i64,
    year: String,
    month: String,
}

impl ArticleDocument {
    /// Builds the document of `article`, whose stored record is `record` (its JSON).
    pub fn new(fields: ArticleFields, article: Article, content_hash: u64, record: String) -> Self {
        let date = article.date.as_ref().map(|date| DateKeys {
            timestamp: date.timestamp(),
            day: date.day_number(),
            year: date.year().to_string(),
            month: date.month_string(),
        });
        ArticleDocument { fields, article, date, content_hash, record }
    }

    fn field_values(&self) -> Vec<(Field, FieldValue<'_>)> {
        let fields = &self.fields;
        let article = &self.article;
        let mut values = vec![(fields.id, FieldValue::Text(&article.id))];
        for (stemmed, exact, text) in [
            (fields.title, fields.title_exact, article.title.as_str()),
            (fields.body, fields.body_exact, article.body.as_str()),
        ] {
            for field in [stemmed, exact, fields.surface] {
                values.push((field, FieldValue::Text(text)));
            }
        }
        for (facet_field, labels) in
            [(fields.categories, &article.categories), (fields.tags, &article.tags)]
        {
            for label in labels {
                for field in [facet_field, fields.labels, fields.labels_exact, fields.surface] {
                    values.push((field, FieldValue::Text(label)));
                }
            }
        }
        if let Some(date) = &self.date {
            values.push((fields.timestamp, FieldValue::Integer(date.timestamp)));
            values.push((fields.day, FieldValue::Integer(date.day)));
            values.push((fields.year, FieldValue::Text(&date.year)));
            values.push((fields.month, FieldValue::Text(&date.month)));
        }
        values.push((fields.content_hash, FieldValue::Unsigned(self.content_hash)));
        values.push((fields.record, FieldValue::Text(&self.record)));
        values
    }
}

impl Document for ArticleDocument {
    type Value<'a> = FieldValue<'a>;
    type FieldsValuesIter<'a> = std::vec::IntoIter<(Field, FieldValue<'a>)>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.field_values().into_iter()
    }
}

/// A value borrowed from an [`ArticleDocument`].
#[derive(Debug, Clone, Copy)]
pub enum FieldValue<'a> {
    /// Text, borrowed from the article.
    Text(&'a str),
    /// A signed integer (timestamp, day).
    Integer(i64),
    /// An unsigned integer (content hash).
    Unsigned(u64),
}

impl<'a> Value<'a> for FieldValue<'a> {
    type ArrayIter = Empty<Self>;
    type ObjectIter = Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match *self {
            FieldValue::Text(text) => ReferenceValueLeaf::Str(text),
            FieldValue::Integer(number) => ReferenceValueLeaf::I64(number),
            FieldValue::Unsigned(number) => ReferenceValueLeaf::U64(number),
        })
    }
}
