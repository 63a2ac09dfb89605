//! Writing articles: upsert by id, skipping unchanged ones by content hash, with one atomic
//! commit at the end (a crash mid-way leaves the previous commit intact).

use std::num::NonZeroUsize;
use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::indexer::{IndexWriterOptions, LogMergePolicy};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, Order, Searcher, TantivyError, Term};

use super::document::ArticleDocument;
use super::schema::names;
use super::{ArticleIndex, IndexError};
use crate::article::Article;

/// Memory all indexing threads together may fill before flushing segments; bounded on purpose
/// so that indexing a large archive keeps a flat memory profile (measured in the README).
const WRITER_MEMORY_BYTES: usize = 64_000_000;

/// Segments with more articles than this are not merged further. A merge maps every segment it
/// reads, and those pages stay resident until it ends; with [`SEGMENTS_PER_MERGE`] this bounds
/// the pages of one merge to about 40,000 articles' worth (measured on a 1 GB export: 249 MB
/// peak RSS against 301 MB with 100,000 articles and tantivy's 8 segments a merge), and a
/// dozen segments of this size search about as fast as one.
const MAX_ARTICLES_BEFORE_MERGE: usize = 40_000;

/// Segments merged at once, half tantivy's default: fewer segments mapped by each merge.
const SEGMENTS_PER_MERGE: usize = 4;

/// Indexing threads when none are asked for: one per core, at most four (the memory budget is
/// shared, so more threads only make smaller segments).
pub fn default_indexing_threads() -> NonZeroUsize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    NonZeroUsize::new(cores.min(4)).unwrap_or(NonZeroUsize::MIN)
}

/// Tantivy refuses a thread budget under 15 MB: from five threads on, the shared budget grows.
const MIN_BUDGET_PER_THREAD: usize = 16 * 1024 * 1024;

/// The writer's threads and budget. One merge thread, not tantivy's default four: every merge
/// maps the segments it reads, and four at once on two cores only add resident pages.
fn writer_options(threads: NonZeroUsize) -> IndexWriterOptions {
    IndexWriterOptions::builder()
        .num_worker_threads(threads.get())
        .memory_budget_per_thread((WRITER_MEMORY_BYTES / threads.get()).max(MIN_BUDGET_PER_THREAD))
        .num_merge_threads(1)
        .build()
}

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
    writer: IndexWriter<ArticleDocument>,
    searcher: Searcher,
}

impl ArticleIndex {
    /// Opens the single writer of the index, with the default number of threads.
    pub fn writer(&self) -> Result<ArticleWriter<'_>, IndexError> {
        self.writer_with_threads(default_indexing_threads())
    }

    /// Opens the single writer of the index, indexing with `threads` threads.
    pub fn writer_with_threads(
        &self,
        threads: NonZeroUsize,
    ) -> Result<ArticleWriter<'_>, IndexError> {
        let writer = self
            .tantivy()
            .writer_with_options::<ArticleDocument>(writer_options(threads))
            .map_err(|error| match error {
                TantivyError::LockFailure(..) => IndexError::Locked {
                    path: self.path().map(|path| path.to_path_buf()).unwrap_or_default(),
                },
                other => other.into(),
            })?;
        let mut merge_policy = LogMergePolicy::default();
        merge_policy.set_max_docs_before_merge(MAX_ARTICLES_BEFORE_MERGE);
        merge_policy.set_min_num_segments(SEGMENTS_PER_MERGE);
        writer.set_merge_policy(Box::new(merge_policy));
        let searcher = self.tantivy().reader()?.searcher();
        Ok(ArticleWriter { index: self, writer, searcher })
    }
}

impl ArticleWriter<'_> {
    /// Adds or replaces `article`, unless the index already holds the same content under its id.
    pub fn upsert(&mut self, article: Article) -> Result<UpsertOutcome, IndexError> {
        let hash = content_hash(&article);
        let id_term = Term::from_field_text(self.index.fields().id, &article.id);
        let outcome = match self.stored_hash(&id_term)? {
            Some(stored) if stored == hash => return Ok(UpsertOutcome::Unchanged),
            Some(_) => UpsertOutcome::Updated,
            None => UpsertOutcome::Added,
        };
        // A new id needs no delete: the run rejects duplicate ids, and each queued delete holds
        // a query weight until the commit, so deleting for every new article would make a
        // large import's memory grow with its size.
        if outcome == UpsertOutcome::Updated {
            self.writer.delete_term(id_term);
        }
        let record = serde_json::to_string(&article).unwrap_or_default();
        let document = ArticleDocument::new(*self.index.fields(), article, hash, record);
        self.writer.add_document(document).map_err(|error| self.writing(error))?;
        Ok(outcome)
    }

    fn writing(&self, error: TantivyError) -> IndexError {
        IndexError::writing(self.index.path(), error)
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
        let path = self.index.path().map(Path::to_path_buf);
        let writing = |error| IndexError::writing(path.as_deref(), error);
        let mut prepared = self.writer.prepare_commit().map_err(writing)?;
        prepared.set_payload(&self.index.settings().to_payload());
        prepared.commit().map_err(writing)?;
        self.merge_small_index()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }

    /// Merges a small index into one segment: a blog's archive then searches one segment, with
    /// one count vector per facet, instead of the one segment per indexing thread a build
    /// leaves. The merge policy keeps large indexes as they are.
    fn merge_small_index(&mut self) -> Result<(), IndexError> {
        let segments = self.index.tantivy().searchable_segment_metas()?;
        let articles: u32 = segments.iter().map(|segment| segment.num_docs()).sum();
        if segments.len() < 2 || articles as usize > MAX_ARTICLES_BEFORE_MERGE {
            return Ok(());
        }
        let ids: Vec<_> = segments.iter().map(|segment| segment.id()).collect();
        // Segment metas held here would keep the merged segments' files from being collected.
        drop(segments);
        // The commit is done: a merge that cannot run (the merge policy may have started one
        // on the same segments) leaves the committed segments searchable as they are.
        if self.writer.merge(&ids).wait().is_ok() {
            self.writer.garbage_collect_files().wait()?;
        }
        Ok(())
    }

    /// Ids of every article the index held when the writer was opened.
    pub fn indexed_ids(&self) -> Result<Vec<String>, IndexError> {
        let mut ids = Vec::new();
        for segment in self.searcher.segment_readers() {
            let Some(column) = segment.fast_fields().str(names::ID)? else { continue };
            let mut id = String::new();
            for doc in segment.doc_ids_alive() {
                for ordinal in column.term_ords(doc) {
                    id.clear();
                    if column.ord_to_str(ordinal, &mut id).map_err(tantivy::TantivyError::from)? {
                        ids.push(id.clone());
                    }
                }
            }
        }
        Ok(ids)
    }

    /// Drops everything written since the writer was opened.
    pub fn discard(mut self) -> Result<(), IndexError> {
        self.writer.rollback()?;
        Ok(())
    }

    fn stored_hash(&self, id_term: &Term) -> Result<Option<u64>, IndexError> {
        let query = TermQuery::new(id_term.clone(), IndexRecordOption::Basic);
        let collector =
            TopDocs::with_limit(1).order_by_fast_field::<u64>(names::CONTENT_HASH, Order::Desc);
        let hits = self.searcher.search(&query, &collector)?;
        Ok(hits.first().and_then(|(hash, _)| *hash))
    }
}

/// A stable hash of what the index stores of an article (its source file excluded: moving a
/// file does not change its articles).
pub fn content_hash(article: &Article) -> u64 {
    let without_source = Article { source: None, ..article.clone() };
    let bytes = serde_json::to_vec(&without_source).unwrap_or_default();
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::IndexSettings;

    /// Regression: `index --threads 5` failed, the shared budget being under tantivy's
    /// minimum per thread.
    #[test]
    fn many_threads_get_a_budget_tantivy_accepts() {
        let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
        let eight = NonZeroUsize::new(8).unwrap();
        assert!(index.writer_with_threads(eight).is_ok());
    }

    #[test]
    fn a_small_index_ends_in_one_segment_with_its_settings() {
        let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
        for id in ["a", "b", "c"] {
            let record = format!(r#"{{"id": "{id}", "title": "Article {id}"}}"#);
            let mut writer = index.writer().unwrap();
            writer.upsert(serde_json::from_str(&record).unwrap()).unwrap();
            writer.commit().unwrap();
        }
        let segments = index.tantivy().searchable_segment_metas().unwrap();
        assert_eq!(segments.len(), 1);
        assert_eq!(segments[0].num_docs(), 3);
        let payload = index.tantivy().load_metas().unwrap().payload.unwrap_or_default();
        assert_eq!(payload, index.settings().to_payload());
    }
}
