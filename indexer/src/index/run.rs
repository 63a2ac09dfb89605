//! An indexing run: sources read into the index, upserted, optionally pruned, committed once
//! — or not at all when nothing changed.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use super::writer::{default_indexing_threads, ArticleWriter, UpsertOutcome};
use super::{ArticleIndex, IndexError};
use crate::ingest::{
    read_sources, IngestError, RecordLocation, SkippedItems, SourceOptions, SourceRecord,
};

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
    /// Articles removed because the sources no longer hold them (`--prune`).
    pub pruned: usize,
    /// Why `--prune` removed nothing although asked, if it did not run.
    pub prune_refused: Option<String>,
    /// Items of the sources that are not articles (drafts, revisions…), by kind.
    pub skipped: SkippedItems,
}

impl IndexSummary {
    /// Records read so far.
    pub fn records(&self) -> usize {
        self.added + self.updated + self.unchanged + self.rejected.len()
    }

    /// True when the index must be committed.
    pub fn changed_anything(&self) -> bool {
        self.added + self.updated + self.pruned > 0
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
        )?;
        if self.pruned > 0 {
            write!(formatter, ", {} pruned", self.pruned)?;
        }
        if self.skipped.total() > 0 {
            write!(formatter, "; skipped: {}", self.skipped)?;
        }
        Ok(())
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

/// Options of an indexing run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexOptions {
    /// What a rejected record does to the run.
    pub rejection_policy: RejectionPolicy,
    /// Remove the articles the sources no longer hold.
    pub prune: bool,
    /// What the sources yield.
    pub sources: SourceOptions,
    /// Indexing threads; none: one per core, at most four.
    pub threads: Option<NonZeroUsize>,
}

/// Reads `sources` into the index and commits once, if anything changed; `progress` sees the
/// summary after each record.
pub fn index_sources(
    index: &ArticleIndex,
    sources: &[PathBuf],
    options: IndexOptions,
    progress: &mut dyn FnMut(&IndexSummary),
) -> Result<IndexSummary, IndexRunError> {
    let threads = options.threads.unwrap_or_else(default_indexing_threads);
    let mut writer = index.writer_with_threads(threads)?;
    let mut summary = IndexSummary::default();
    let mut first_seen = FirstSeen::default();
    let mut failure: Option<IndexRunError> = None;
    summary.skipped = read_sources(sources, &options.sources, &mut |record: SourceRecord| {
        if failure.is_some() {
            return;
        }
        match upsert_record(&mut writer, record, &mut first_seen) {
            Ok(outcome) => summary.count(outcome),
            Err(RecordFailure::Rejected(rejection))
                if options.rejection_policy == RejectionPolicy::Skip =>
            {
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
    if options.prune {
        prune(&mut writer, &first_seen, &mut summary)?;
    }
    if summary.changed_anything() {
        writer.commit()?;
    } else {
        writer.discard()?;
    }
    Ok(summary)
}

/// Deletes the indexed articles that no source holds any more — unless records were rejected:
/// a rejected record may be the new version of an indexed article, which must not be lost.
fn prune(
    writer: &mut ArticleWriter<'_>,
    seen: &FirstSeen,
    summary: &mut IndexSummary,
) -> Result<(), IndexError> {
    if !summary.rejected.is_empty() {
        summary.prune_refused = Some(format!(
            "--prune removed nothing: {} records were rejected, so an article missing from the \
             sources may only be unreadable there",
            summary.rejected.len()
        ));
        return Ok(());
    }
    for id in writer.indexed_ids()? {
        if !seen.contains(&id) && writer.delete(&id)? {
            summary.pruned += 1;
        }
    }
    Ok(())
}

/// What `trouvaille delete` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeleteSummary {
    /// Ids removed.
    pub deleted: Vec<String>,
    /// Ids the index did not hold.
    pub not_found: Vec<String>,
}

/// Deletes the articles with `ids` and commits, if any existed.
pub fn delete_articles(index: &ArticleIndex, ids: &[String]) -> Result<DeleteSummary, IndexError> {
    let mut writer = index.writer()?;
    let mut summary = DeleteSummary::default();
    for id in ids {
        if writer.delete(id)? {
            summary.deleted.push(id.clone());
        } else {
            summary.not_found.push(id.clone());
        }
    }
    if summary.deleted.is_empty() {
        writer.discard()?;
    } else {
        writer.commit()?;
    }
    Ok(summary)
}

enum RecordFailure {
    Rejected(Rejection),
    Index(IndexError),
}

/// Where each id of the run was first read, keyed by a 64-bit hash of the id and with the
/// file as an index into a short list: a large import keeps a small footprint (about 24 bytes
/// an article), and a collision between two ids is vanishingly unlikely (2^-64 per pair).
#[derive(Default)]
struct FirstSeen {
    locations: HashMap<u64, (u32, usize)>,
    files: Vec<PathBuf>,
}

impl FirstSeen {
    /// Records `id` at `location`; the location of its first reading if it was seen already.
    fn first_location(&mut self, id: &str, location: &RecordLocation) -> Option<String> {
        let key = id_hash(id);
        if let Some((file, line)) = self.locations.get(&key) {
            let file = &self.files[*file as usize];
            return Some(RecordLocation { file: file.clone(), line: *line }.to_string());
        }
        if self.files.last() != Some(&location.file) {
            self.files.push(location.file.clone());
        }
        let file = u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX);
        self.locations.insert(key, (file, location.line));
        None
    }

    fn contains(&self, id: &str) -> bool {
        self.locations.contains_key(&id_hash(id))
    }
}

fn id_hash(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

fn upsert_record(
    writer: &mut ArticleWriter<'_>,
    record: SourceRecord,
    first_seen: &mut FirstSeen,
) -> Result<UpsertOutcome, RecordFailure> {
    let reject = |reason: String| Rejection { location: record.location.clone(), reason };
    let article =
        record.article.map_err(|error| RecordFailure::Rejected(reject(error.to_string())))?;
    if let Some(first) = first_seen.first_location(&article.id, &record.location) {
        let reason = format!("duplicate id {:?} (first seen at {first})", article.id);
        return Err(RecordFailure::Rejected(reject(reason)));
    }
    writer.upsert(article).map_err(RecordFailure::Index)
}
