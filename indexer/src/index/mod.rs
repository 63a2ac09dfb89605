//! The tantivy index of articles: opening, creating, checking that it was built by the same
//! analysis chain, and reading the accent lexicon back from it.

mod document;
#[cfg(test)]
pub(crate) use document::ArticleDocument;
mod records;
pub mod run;
pub mod schema;
mod settings;
pub mod writer;

use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

pub use schema::ArticleFields;
pub use settings::IndexSettings;

use crate::analysis::tantivy_tokenizers::register_french_tokenizers;
use crate::analysis::{AccentLexicon, FrenchAnalyzer};

/// Why an index cannot be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index at that path.
    #[error("no index at {path}: build one with `trouvaille index`")]
    Missing {
        /// The index directory.
        path: PathBuf,
    },
    /// The index was built by another version of the analysis or schema.
    #[error("the index at {path} was built {found}; this trouvaille needs one built {expected}: rebuild it with `trouvaille index --rebuild`")]
    Incompatible {
        /// The index directory.
        path: PathBuf,
        /// What the index says about itself.
        found: String,
        /// What this build expects.
        expected: String,
    },
    /// The index was rebuilt with another analysis while a searcher read it: the searcher's
    /// queries would no longer meet the indexed terms.
    #[error("the index at {path} was rebuilt {found} while this server reads it {expected}: restart `trouvaille serve`")]
    RebuiltUnderSearcher {
        /// The index directory.
        path: PathBuf,
        /// What the rebuilt index says about itself.
        found: String,
        /// What the searcher was opened with.
        expected: String,
    },
    /// Another process is writing the index.
    #[error("another `trouvaille index` is writing {path}; wait for it to finish")]
    Locked {
        /// The index directory.
        path: PathBuf,
    },
    /// The index directory cannot be created or read.
    #[error("cannot use the index directory {path}: {source}")]
    Directory {
        /// The index directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The index's files are damaged or missing: a disk fault, a copy cut short, a file
    /// removed by hand. Nothing was changed; the fix is a rebuild from the sources.
    #[error("the index at {path} is damaged ({detail}): rebuild it with `trouvaille index --rebuild SOURCES`")]
    Damaged {
        /// The index directory.
        path: PathBuf,
        /// What tantivy found wrong.
        detail: String,
    },
    /// A write failed for lack of space (a full disk, a quota, a file size limit). The
    /// commit being written is abandoned: the index stays at its last commit.
    #[error("the disk is full writing the index at {path} ({detail}): the last commit is intact; free some space and run the same command again")]
    StorageFull {
        /// The index directory.
        path: PathBuf,
        /// The failed write, as tantivy reported it.
        detail: String,
    },
    /// Tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl IndexError {
    /// `error`, met writing the index at `path`, as [`IndexError::StorageFull`] when a write
    /// ran out of space. Tantivy turns some I/O errors into text, so the text is read too.
    pub(crate) fn writing(path: Option<&Path>, error: tantivy::TantivyError) -> IndexError {
        use std::io::ErrorKind;
        const OUT_OF_SPACE: [&str; 3] =
            ["No space left on device", "File too large", "Disk quota exceeded"];
        let out_of_space = match &error {
            tantivy::TantivyError::IoError(io) => matches!(
                io.kind(),
                ErrorKind::StorageFull | ErrorKind::FileTooLarge | ErrorKind::QuotaExceeded
            ),
            _ => false,
        } || OUT_OF_SPACE.iter().any(|text| error.to_string().contains(text));
        match path {
            Some(path) if out_of_space => {
                IndexError::StorageFull { path: path.to_path_buf(), detail: error.to_string() }
            }
            _ => IndexError::Tantivy(error),
        }
    }

    /// `error`, met opening the index at `path`, as [`IndexError::Damaged`] when it says the
    /// files are unreadable rather than something else failed.
    fn opening(path: Option<&Path>, error: tantivy::TantivyError) -> IndexError {
        use tantivy::TantivyError;
        let damaged = match &error {
            TantivyError::DataCorruption(_) | TantivyError::OpenReadError(_) => true,
            TantivyError::IoError(io) => io.kind() == std::io::ErrorKind::InvalidData,
            _ => false,
        };
        match path {
            Some(path) if damaged => {
                IndexError::Damaged { path: path.to_path_buf(), detail: error.to_string() }
            }
            _ => IndexError::Tantivy(error),
        }
    }
}

/// An opened article index.
#[derive(Clone)]
pub struct ArticleIndex {
    index: Index,
    fields: ArticleFields,
    settings: IndexSettings,
    path: Option<PathBuf>,
}

impl ArticleIndex {
    /// Opens the index at `path`, refusing one built by another analysis chain.
    pub fn open(path: &Path) -> Result<ArticleIndex, IndexError> {
        let missing = || IndexError::Missing { path: path.to_path_buf() };
        if !path.join("meta.json").is_file() {
            return Err(missing());
        }
        let opening = |error| IndexError::opening(Some(path), error);
        let index = Index::open_in_dir(path).map_err(opening)?;
        let incompatible = |found: String| IndexError::Incompatible {
            path: path.to_path_buf(),
            found,
            expected: IndexSettings::default().describe(),
        };
        let settings =
            IndexSettings::from_payload(index.load_metas().map_err(opening)?.payload.as_deref())
                .map_err(incompatible)?;
        let fields = ArticleFields::from_schema(&index.schema())
            .ok_or_else(|| incompatible("with another schema".to_string()))?;
        register_french_tokenizers(index.tokenizers(), settings.stemming());
        Ok(ArticleIndex { index, fields, settings, path: Some(path.to_path_buf()) })
    }

    /// Creates an empty index at `path` (which must not hold one) with `settings`.
    pub fn create(path: &Path, settings: IndexSettings) -> Result<ArticleIndex, IndexError> {
        std::fs::create_dir_all(path)
            .map_err(|source| IndexError::Directory { path: path.to_path_buf(), source })?;
        let directory = MmapDirectory::open(path).map_err(|error| IndexError::Directory {
            path: path.to_path_buf(),
            source: std::io::Error::other(error.to_string()),
        })?;
        let (schema, fields) = ArticleFields::build_schema();
        let index = Index::create(directory, schema, stored_record_settings())?;
        Self::initialise(index, fields, settings, Some(path.to_path_buf()))
    }

    /// Creates an index in memory, for tests and benchmarks.
    pub fn create_in_ram(settings: IndexSettings) -> Result<ArticleIndex, IndexError> {
        let (schema, fields) = ArticleFields::build_schema();
        let index =
            Index::builder().schema(schema).settings(stored_record_settings()).create_in_ram()?;
        Self::initialise(index, fields, settings, None)
    }

    /// Opens the index at `path` (whatever its settings), or creates it with `settings` when
    /// there is none.
    pub fn open_or_create(
        path: &Path,
        settings: IndexSettings,
    ) -> Result<ArticleIndex, IndexError> {
        match Self::open(path) {
            Err(IndexError::Missing { .. }) => Self::create(path, settings),
            other => other,
        }
    }

    fn initialise(
        index: Index,
        fields: ArticleFields,
        settings: IndexSettings,
        path: Option<PathBuf>,
    ) -> Result<ArticleIndex, IndexError> {
        register_french_tokenizers(index.tokenizers(), settings.stemming());
        let article_index = ArticleIndex { index, fields, settings, path };
        article_index.writer()?.commit()?;
        Ok(article_index)
    }

    /// The tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// The field handles.
    pub fn fields(&self) -> &ArticleFields {
        &self.fields
    }

    /// The settings the index was built with.
    pub fn settings(&self) -> &IndexSettings {
        &self.settings
    }

    /// The analyzer matching the index.
    pub fn analyzer(&self) -> FrenchAnalyzer {
        FrenchAnalyzer::with_stemming(self.settings.stemming())
    }

    /// A reader that follows commits (the server's live reload relies on it).
    pub fn reader(&self) -> Result<IndexReader, IndexError> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|error| IndexError::opening(self.path(), error))
    }

    /// Reads the accent lexicon from the surface words of `searcher`'s segments.
    pub fn accent_lexicon(&self, searcher: &Searcher) -> Result<AccentLexicon, IndexError> {
        let mut words = Vec::new();
        let mut dictionaries = Vec::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.surface)?;
            let mut stream = inverted.terms().stream().map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    if !word.is_ascii() {
                        words.push(word.to_string());
                    }
                }
            }
            dictionaries.push(inverted);
        }
        let is_indexed_word = |word: &str| {
            dictionaries
                .iter()
                .any(|inverted| inverted.terms().term_ord(word.as_bytes()).ok().flatten().is_some())
        };
        Ok(AccentLexicon::from_surface_words(words, is_indexed_word, self.analyzer().stemmer()))
    }

    /// Refuses a commit (the last one on disk) whose analysis differs from the one this index
    /// was opened with: `index --rebuild --stemmer …` under a running server.
    pub fn ensure_same_analysis_on_disk(&self) -> Result<(), IndexError> {
        let payload = self.index.load_metas()?.payload;
        let on_disk = IndexSettings::from_payload(payload.as_deref());
        if on_disk.as_ref().is_ok_and(|settings| settings == &self.settings) {
            return Ok(());
        }
        let describe = |settings: &IndexSettings| {
            format!("{} and {:?}", settings.describe(), settings.stemming())
        };
        Err(IndexError::RebuiltUnderSearcher {
            path: self.path.clone().unwrap_or_default(),
            found: on_disk.map_or_else(|reason| reason, |settings| describe(&settings)),
            expected: describe(&self.settings),
        })
    }

    /// The directory of the index, unless it lives in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// Stored records are compressed in blocks of this many bytes: a hit decompresses its whole
/// block, and at tantivy's default of 16 KiB a median article of 1.5 KB (frdocs) shares it with
/// ten others. 4 KiB made a faceted search 5 % faster for a store 12 % larger
/// (benches/PERFORMANCE.md).
const STORED_RECORD_BLOCK_BYTES: usize = 4096;

fn stored_record_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_blocksize: STORED_RECORD_BLOCK_BYTES,
        ..tantivy::IndexSettings::default()
    }
}
