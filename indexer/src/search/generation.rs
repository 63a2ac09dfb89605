//! The index generation searches are served from, with what is derived from it once: the
//! accent lexicon, the facet values, the vocabulary.
//!
//! Reading them takes a second at a million articles. When a commit brings a new generation,
//! the first search to see it reads them; the searches that arrive meanwhile are answered from
//! the previous generation instead of queueing behind it, so a reload never stalls the server.

use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use tantivy::{IndexReader, Searcher};

use super::facet_dictionary::FacetDictionaries;
use super::{spelling, vocabulary};
use crate::analysis::AccentLexicon;
use crate::index::schema::names;
use crate::index::{ArticleIndex, IndexError};

/// What a searcher generation knows beyond tantivy.
pub(super) struct GenerationData {
    pub lexicon: AccentLexicon,
    pub words: vocabulary::Vocabulary,
    pub nearest_words: spelling::NearestWords,
    pub facet_values: Arc<FacetDictionaries>,
}

impl GenerationData {
    fn read(index: &ArticleIndex, searcher: &Searcher) -> Result<Self, IndexError> {
        index.ensure_same_analysis_on_disk()?;
        let facet_values =
            FacetDictionaries::read(searcher, &[names::CATEGORIES, names::TAGS, names::MONTH])?;
        Ok(GenerationData {
            lexicon: index.accent_lexicon(searcher)?,
            words: vocabulary::Vocabulary::build(searcher, index.fields())?,
            nearest_words: spelling::NearestWords::default(),
            facet_values: Arc::new(facet_values),
        })
    }
}

/// A searcher and its generation's data, served together.
#[derive(Clone)]
pub(super) struct Prepared {
    pub searcher: Searcher,
    pub data: Arc<GenerationData>,
}

impl Prepared {
    fn generation(&self) -> u64 {
        self.searcher.generation().generation_id()
    }
}

/// The generation served, and who is reading the next one.
#[derive(Default)]
pub(super) struct Generations {
    served: Mutex<Option<Prepared>>,
    /// Held while a generation's data is read.
    reading: Mutex<()>,
}

impl Generations {
    /// The newest generation of `reader` when its data is ready (reading it now when no other
    /// search is), else the generation served so far.
    pub fn current(
        &self,
        index: &ArticleIndex,
        reader: &IndexReader,
    ) -> Result<Prepared, IndexError> {
        let newest = reader.searcher();
        let generation = newest.generation().generation_id();
        let served = self.served();
        if let Some(served) = served.as_ref().filter(|served| served.generation() >= generation) {
            return Ok(served.clone());
        }
        let _reading = match (self.reading.try_lock(), served) {
            (Ok(guard), _) => guard,
            (Err(TryLockError::WouldBlock), Some(served)) => return Ok(served),
            // Nothing has been served yet: wait for the reading under way.
            (Err(TryLockError::WouldBlock), None) => lock(&self.reading),
            (Err(TryLockError::Poisoned(poison)), _) => poison.into_inner(),
        };
        // Read while this search waited for its turn?
        if let Some(served) = self.served().filter(|served| served.generation() >= generation) {
            return Ok(served);
        }
        let data = Arc::new(GenerationData::read(index, &newest)?);
        let prepared = Prepared { searcher: newest, data };
        let mut served = lock(&self.served);
        // A search that took its searcher before a reload must not put the older generation
        // back in place of the newer one.
        if served.as_ref().is_none_or(|served| served.generation() < generation) {
            *served = Some(prepared.clone());
        }
        Ok(prepared)
    }

    fn served(&self) -> Option<Prepared> {
        lock(&self.served).clone()
    }

    /// Holds the reading lock, as another search reading a generation would (tests).
    #[cfg(test)]
    pub fn hold_reading(&self) -> MutexGuard<'_, ()> {
        lock(&self.reading)
    }
}

/// A panic elsewhere leaves the data as consistent as it was: it is replaced whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use crate::article::Article;
    use crate::index::{ArticleIndex, IndexSettings};
    use crate::search::{ArticleSearcher, SearchRequest};

    fn article(id: &str) -> Article {
        let record = serde_json::json!({ "id": id, "title": "Rapport annuel", "body": "texte" });
        serde_json::from_value(record).unwrap()
    }

    /// Regression: every search waited while one read a new generation's data (a second at a
    /// million articles after each reload).
    #[test]
    fn searches_during_a_reading_are_answered_from_the_generation_served() {
        let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
        let mut writer = index.writer().unwrap();
        writer.upsert(article("first")).unwrap();
        writer.commit().unwrap();
        let searcher = ArticleSearcher::new(index.clone()).unwrap();
        let total = || searcher.search(&SearchRequest::for_query("rapport")).unwrap().total;
        assert_eq!(total(), 1);
        let mut writer = index.writer().unwrap();
        writer.upsert(article("second")).unwrap();
        writer.commit().unwrap();
        searcher.reload().unwrap();
        std::thread::scope(|scope| {
            let reading = searcher.generations.hold_reading();
            let (sender, receiver) = mpsc::channel();
            scope.spawn(move || sender.send(total()));
            let answered = receiver.recv_timeout(Duration::from_secs(10));
            drop(reading);
            assert_eq!(answered, Ok(1), "answered from the previous generation, without waiting");
        });
        assert_eq!(total(), 2);
    }
}
