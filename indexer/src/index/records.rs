//! Reading the stored article records back: one hit at a time for search results, or every
//! article of the index for an export.

use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::{DocAddress, Searcher};

use super::{ArticleIndex, IndexError};
use crate::article::Article;

impl ArticleIndex {
    /// The article stored at `address` of `searcher`.
    pub fn stored_article(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Article, IndexError> {
        let StoredRecord(record) = searcher.doc(address)?;
        serde_json::from_str(&record).map_err(|error| {
            IndexError::Tantivy(tantivy::TantivyError::InternalError(format!(
                "stored record unreadable: {error}"
            )))
        })
    }

    /// Calls `visit` with every article of the last commit, segment by segment, so that an
    /// export of a million articles never holds them all. Stops at the first error `visit`
    /// returns.
    pub fn for_each_article<E: From<IndexError>>(
        &self,
        mut visit: impl FnMut(Article) -> Result<(), E>,
    ) -> Result<(), E> {
        let reader = self.tantivy().reader().map_err(IndexError::from)?;
        let searcher = reader.searcher();
        for (segment_ordinal, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in segment.doc_ids_alive() {
                let address = DocAddress::new(segment_ordinal as u32, doc);
                visit(self.stored_article(&searcher, address)?)?;
            }
        }
        Ok(())
    }
}

/// The JSON record of an article, read straight from the document store: the record is an
/// article's only stored field, and going through a `TantivyDocument` would copy it once more.
struct StoredRecord(String);

impl DocumentDeserialize for StoredRecord {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(
        mut deserializer: D,
    ) -> Result<Self, DeserializeError> {
        let mut record = String::new();
        while let Some((_, value)) = deserializer.next_field::<String>()? {
            record = value;
        }
        Ok(StoredRecord(record))
    }
}

#[cfg(test)]
mod tests {
    use crate::article::Article;
    use crate::index::{ArticleIndex, IndexError, IndexSettings};

    #[test]
    fn every_article_comes_back_once_as_written() {
        let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
        let articles: Vec<Article> = ["a", "b", "c"]
            .iter()
            .map(|id| {
                let record =
                    serde_json::json!({"id": id, "title": format!("Titre {id}"), "tags": ["t"]});
                serde_json::from_value(record).unwrap()
            })
            .collect();
        let mut writer = index.writer().unwrap();
        for article in &articles {
            writer.upsert(article.clone()).unwrap();
        }
        writer.commit().unwrap();
        let mut read = Vec::new();
        index
            .for_each_article(|article| {
                read.push(article);
                Ok::<(), IndexError>(())
            })
            .unwrap();
        read.sort_by(|first, second| first.id.cmp(&second.id));
        assert_eq!(read, articles);
    }
}
