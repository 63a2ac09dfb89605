//! The index schema: which field serves what.
//!
//! Text is indexed twice: stemmed (recall across inflections) and exact (folded, unstemmed:
//! exact-match boost, stopword phrases, typo tolerance, prefixes). Categories and tags are
//! verbatim `STRING | FAST` fields, serving both filters and facet counts; the whole record is
//! stored once as JSON, so a hit is rebuilt without a field-by-field mapping.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};

use crate::analysis::tantivy_tokenizers::{EXACT_TOKENIZER, STEMMED_TOKENIZER, SURFACE_TOKENIZER};

/// The fields of the article index.
#[derive(Debug, Clone, Copy)]
pub struct ArticleFields {
    /// Article id, for upserts and deletes.
    pub id: Field,
    /// Title, stemmed.
    pub title: Field,
    /// Title, exact.
    pub title_exact: Field,
    /// Body, stemmed.
    pub body: Field,
    /// Body, exact.
    pub body_exact: Field,
    /// Categories and tags as searchable text, stemmed.
    pub labels: Field,
    /// Categories and tags as searchable text, exact.
    pub labels_exact: Field,
    /// Category facet values, verbatim.
    pub categories: Field,
    /// Tag facet values, verbatim.
    pub tags: Field,
    /// Publication time, seconds since 1970 UTC: the date sort.
    pub timestamp: Field,
    /// Publication day as written, days since 1970: date-range filters.
    pub day: Field,
    /// Publication year (`2013`), for the years facet.
    pub year: Field,
    /// Publication month (`2013-02`), for the months facet.
    pub month: Field,
    /// Hash of the record, to skip unchanged articles.
    pub content_hash: Field,
    /// Lowercase surface words, from which the accent lexicon is read.
    pub surface: Field,
    /// The article record as JSON.
    pub record: Field,
}

/// Field names, shared by the collectors that read fast fields by name.
pub mod names {
    /// Id field.
    pub const ID: &str = "id";
    /// Categories field.
    pub const CATEGORIES: &str = "categories";
    /// Tags field.
    pub const TAGS: &str = "tags";
    /// Year field. Searches count the years facet from the months, one column instead of
    /// two; the field stays so that existing indexes open unchanged.
    pub const YEAR: &str = "year";
    /// Month field.
    pub const MONTH: &str = "month";
    /// Timestamp field.
    pub const TIMESTAMP: &str = "timestamp";
    /// Day field.
    pub const DAY: &str = "day";
    /// Content hash field.
    pub const CONTENT_HASH: &str = "content_hash";
}

impl ArticleFields {
    /// Builds the schema and the handles of its fields.
    pub fn build_schema() -> (Schema, ArticleFields) {
        let mut builder = Schema::builder();
        let text = |tokenizer: &str, record: IndexRecordOption| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record),
            )
        };
        let positions = IndexRecordOption::WithFreqsAndPositions;
        let fields = ArticleFields {
            id: builder.add_text_field(names::ID, STRING | FAST),
            title: builder.add_text_field("title", text(STEMMED_TOKENIZER, positions)),
            title_exact: builder.add_text_field("title_exact", text(EXACT_TOKENIZER, positions)),
            body: builder.add_text_field("body", text(STEMMED_TOKENIZER, positions)),
            body_exact: builder.add_text_field("body_exact", text(EXACT_TOKENIZER, positions)),
            labels: builder.add_text_field("labels", text(STEMMED_TOKENIZER, positions)),
            labels_exact: builder.add_text_field("labels_exact", text(EXACT_TOKENIZER, positions)),
            categories: builder.add_text_field(names::CATEGORIES, STRING | FAST),
            tags: builder.add_text_field(names::TAGS, STRING | FAST),
            timestamp: builder
                .add_i64_field(names::TIMESTAMP, NumericOptions::default().set_fast()),
            day: builder
                .add_i64_field(names::DAY, NumericOptions::default().set_indexed().set_fast()),
            year: builder.add_text_field(names::YEAR, STRING | FAST),
            month: builder.add_text_field(names::MONTH, STRING | FAST),
            content_hash: builder.add_u64_field(names::CONTENT_HASH, FAST),
            surface: builder
                .add_text_field("surface", text(SURFACE_TOKENIZER, IndexRecordOption::Basic)),
            record: builder.add_text_field("record", STORED),
        };
        (builder.build(), fields)
    }

    /// Reads the handles of an existing schema; `None` when a field is missing (an index of
    /// another layout).
    pub fn from_schema(schema: &Schema) -> Option<ArticleFields> {
        let field = |name: &str| schema.get_field(name).ok();
        Some(ArticleFields {
            id: field(names::ID)?,
            title: field("title")?,
            title_exact: field("title_exact")?,
            body: field("body")?,
            body_exact: field("body_exact")?,
            labels: field("labels")?,
            labels_exact: field("labels_exact")?,
            categories: field(names::CATEGORIES)?,
            tags: field(names::TAGS)?,
            timestamp: field(names::TIMESTAMP)?,
            day: field(names::DAY)?,
            year: field(names::YEAR)?,
            month: field(names::MONTH)?,
            content_hash: field(names::CONTENT_HASH)?,
            surface: field("surface")?,
            record: field("record")?,
        })
    }
}
