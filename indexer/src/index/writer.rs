//! Writing articles: upsert by id, skipping unchanged ones by content hash, with one atomic
//! commit at the end (a crash mid-way leaves the previous commit intact).

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, Order, Searcher, TantivyDocument, TantivyError, Term};

use super::schema::names;
use super::{ArticleIndex, IndexError};
use crate::article::Article;
use crate::ingest::{read_sources, IngestError, RecordLocation, SourceRecord};

/// Memory the writer may use before flushing a segment; bounded on purpose so that indexing a
/// large archive keeps a flat memory profile.
const WRITER_MEMORY_BYTES: usize = 200_000_000;

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    /// The id was new.
    Added,
    /// The id existed with other content; it was replaced.
    Updated,
    /// The id existed with the same content; nothing was written.
    Unchanged,
}

/// Writes articles into an [`ArticleIndex`].
pub struct ArticleWriter<'a> {
    index: &'a ArticleIndex,
    writer: IndexWriter,
    searcher: Searcher,
}

impl ArticleIndex {
    /// Opens the single writer of the index.
    pub fn writer(&self) -> Result<ArticleWriter<'_>, IndexError> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
        let writer = self.tantivy().writer_with_num_threads(threads, WRITER_MEMORY_BYTES).map_err(
            |error| match error {
                TantivyError::LockFailure(..) => IndexError::Locked {
                    path: self.path().map(|path| path.to_path_buf()).unwrap_or_default(),
                },
                other => other.into(),
            },
        )?;
        let searcher = self.tantivy().reader()?.searcher();
        Ok(ArticleWriter { index: self, writer, searcher })
    }
}

impl ArticleWriter<'_> {
    /// Adds or replaces `article`, unless the index already holds the same content under its id.
    pub fn upsert(&mut self, article: &Article) -> Result<UpsertOutcome, IndexError> {
        let hash = content_hash(article);
        let id_term = Term::from_field_text(self.index.fields().id, &article.id);
        let outcome = match self.stored_hash(&id_term)? {
            Some(stored) if stored == hash => return Ok(UpsertOutcome::Unchanged),
            Some(_) => UpsertOutcome::Updated,
            None => UpsertOutcome::Added,
        };
        self.writer.delete_term(id_term);
        self.writer.add_document(self.document(article, hash))?;
        Ok(outcome)
    }

    /// Removes the article with `id`, if any; true when it existed.
    pub fn delete(&mut self, id: &str) -> Result<bool, IndexError> {
        let id_term = Term::from_field_text(self.index.fields().id, id);
        let existed = self.stored_hash(&id_term)?.is_some();
        self.writer.delete_term(id_term);
        Ok(existed)
    }

    /// Commits everything written, with the index settings as payload.
    pub fn commit(mut self) -> Result<(), IndexError> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&self.index.settings().to_payload());
        prepared.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }

    fn stored_hash(&self, id_term: &Term) -> Result<Option<u64>, IndexError> {
        let query = TermQuery::new(id_term.clone(), IndexRecordOption::Basic);
        let collector =
            TopDocs::with_limit(1).order_by_fast_field::<u64>(names::CONTENT_HASH, Order::Desc);
        let hits = self.searcher.search(&query, &collector)?;
        Ok(hits.first().and_then(|(hash, _)| *hash))
    }

    fn document(&self, article: &Article, hash: u64) -> TantivyDocument {
        let fields = self.index.fields();
        let mut document = TantivyDocument::new();
        document.add_text(fields.id, &article.id);
        for (stemmed, exact, text) in [
            (fields.title, fields.title_exact, article.title.as_str()),
            (fields.body, fields.body_exact, article.body.as_str()),
        ] {
            document.add_text(stemmed, text);
            document.add_text(exact, text);
            document.add_text(fields.surface, text);
        }
        for (facet_field, values) in
            [(fields.categories, &article.categories), (fields.tags, &article.tags)]
        {
            for value in values {
                document.add_text(facet_field, value);
                document.add_text(fields.labels, value);
                document.add_text(fields.labels_exact, value);
                document.add_text(fields.surface, value);
            }
        }
        if let Some(date) = &article.date {
            document.add_i64(fields.timestamp, date.timestamp());
            document.add_text(fields.year, date.year().to_string());
            document.add_text(fields.month, date.month_string());
        }
        document.add_u64(fields.content_hash, hash);
        document.add_text(fields.record, serde_json::to_string(article).unwrap_or_default());
        document
    }
}

/// A stable hash of what the index stores of an article (its source file excluded: moving a
/// file does not change its articles).
pub fn content_hash(article: &Article) -> u64 {
    let without_source = Article { source: None, ..article.clone() };
    let bytes = serde_json::to_vec(&without_source).unwrap_or_default();
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// A record that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Where the record stands.
    pub location: RecordLocation,
    /// Why it was rejected.
    pub reason: String,
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexSummary {
    /// New articles.
    pub added: usize,
    /// Replaced articles.
    pub updated: usize,
    /// Articles already indexed with the same content.
    pub unchanged: usize,
    /// Records not indexed.
    pub rejected: Vec<Rejection>,
}

impl IndexSummary {
    /// Records read so far.
    pub fn records(&self) -> usize {
        self.added + self.updated + self.unchanged + self.rejected.len()
    }

    fn count(&mut self, outcome: UpsertOutcome) {
        match outcome {
            UpsertOutcome::Added => self.added += 1,
            UpsertOutcome::Updated => self.updated += 1,
            UpsertOutcome::Unchanged => self.unchanged += 1,
        }
    }
}

impl std::fmt::Display for IndexSummary {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "{} added, {} updated, {} unchanged, {} rejected",
            self.added,
            self.updated,
            self.unchanged,
            self.rejected.len()
        )
    }
}

/// Why an indexing run stopped without committing.
#[derive(Debug, thiserror::Error)]
pub enum IndexRunError {
    /// A source could not be read.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A record was rejected and the run was strict.
    #[error("{}: {} (nothing was committed: --strict)", .0.location, .0.reason)]
    Rejected(Rejection),
}

/// How an indexing run treats rejected records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RejectionPolicy {
    /// Report rejected records and index the rest.
    #[default]
    Skip,
    /// Stop at the first rejected record, committing nothing.
    Fail,
}

/// Reads `sources` into the index and commits once; `progress` sees the summary after each
/// record.
pub fn index_sources(
    index: &ArticleIndex,
    sources: &[std::path::PathBuf],
    policy: RejectionPolicy,
    progress: &mut dyn FnMut(&IndexSummary),
) -> Result<IndexSummary, IndexRunError> {
    let mut writer = index.writer()?;
    let mut summary = IndexSummary::default();
    let mut first_seen: HashMap<String, RecordLocation> = HashMap::new();
    let mut failure: Option<IndexRunError> = None;
    read_sources(sources, &mut |record: SourceRecord| {
        if failure.is_some() {
            return;
        }
        let outcome = upsert_record(&mut writer, record, &mut first_seen);
        match outcome {
            Ok(outcome) => summary.count(outcome),
            Err(RecordFailure::Rejected(rejection)) if policy == RejectionPolicy::Skip => {
                summary.rejected.push(rejection)
            }
            Err(RecordFailure::Rejected(rejection)) => {
                failure = Some(IndexRunError::Rejected(rejection))
            }
            Err(RecordFailure::Index(error)) => failure = Some(error.into()),
        }
        progress(&summary);
    })?;
    if let Some(error) = failure {
        return Err(error);
    }
    writer.commit()?;
    Ok(summary)
}

enum RecordFailure {
    Rejected(Rejection),
    Index(IndexError),
}

fn upsert_record(
    writer: &mut ArticleWriter<'_>,
    record: SourceRecord,
    first_seen: &mut HashMap<String, RecordLocation>,
) -> Result<UpsertOutcome, RecordFailure> {
    let reject = |reason: String| Rejection { location: record.location.clone(), reason };
    let article =
        record.article.map_err(|error| RecordFailure::Rejected(reject(error.to_string())))?;
    if let Some(first) = first_seen.get(&article.id) {
        let reason = format!("duplicate id {:?} (first seen at {first})", article.id);
        return Err(RecordFailure::Rejected(reject(reason)));
    }
    first_seen.insert(article.id.clone(), record.location.clone());
    writer.upsert(&article).map_err(RecordFailure::Index)
}
