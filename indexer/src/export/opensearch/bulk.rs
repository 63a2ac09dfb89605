//! The `_bulk` bodies: an action line and the article record per article, in files of at most
//! a chosen size (clusters refuse a request body beyond `http.max_content_length`, 100 MB by
//! default), and the reader that checks them back.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ExportError;
use crate::article::Article;

/// OpenSearch's longest document id, in bytes; an article id may be 200 characters of up to 4.
const MAX_ID_BYTES: usize = 512;

/// The action line of one article.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct Action {
    index: ActionTarget,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct ActionTarget {
    #[serde(rename = "_index")]
    index: String,
    #[serde(rename = "_id")]
    id: String,
}

/// Writes `bulk-0001.ndjson`, `bulk-0002.ndjson`… in a folder.
pub struct BulkWriter {
    folder: PathBuf,
    index_name: String,
    max_file_bytes: usize,
    current: Option<(BufWriter<File>, usize)>,
    files: Vec<PathBuf>,
}

impl BulkWriter {
    /// A writer of files of at most `max_file_bytes` into `folder`, for the index `index_name`.
    /// An article larger than that gets a file of its own: a pair is never split.
    pub fn new(folder: &Path, index_name: &str, max_file_bytes: usize) -> Self {
        BulkWriter {
            folder: folder.to_path_buf(),
            index_name: index_name.to_string(),
            max_file_bytes,
            current: None,
            files: Vec::new(),
        }
    }

    /// Appends `article`'s action and record.
    pub fn write(&mut self, article: &Article) -> Result<(), ExportError> {
        if article.id.len() > MAX_ID_BYTES {
            return Err(ExportError::IdTooLong { id: article.id.clone() });
        }
        let action = Action {
            index: ActionTarget { index: self.index_name.clone(), id: article.id.clone() },
        };
        let pair = format!("{}\n{}\n", to_json(&action), to_json(article));
        let starts_a_file = match &self.current {
            None => true,
            Some((_, written)) => *written > 0 && written + pair.len() > self.max_file_bytes,
        };
        if starts_a_file {
            self.start_file()?;
        }
        let path = self.files.last().cloned().unwrap_or_default();
        let Some((file, written)) = self.current.as_mut() else { return Ok(()) };
        file.write_all(pair.as_bytes()).map_err(|cause| ExportError::Write { path, cause })?;
        *written += pair.len();
        Ok(())
    }

    /// Flushes the last file; the files written, in order.
    pub fn finish(mut self) -> Result<Vec<PathBuf>, ExportError> {
        self.flush_current()?;
        Ok(self.files)
    }

    fn start_file(&mut self) -> Result<(), ExportError> {
        self.flush_current()?;
        let path = self.folder.join(format!("bulk-{:04}.ndjson", self.files.len() + 1));
        let file = File::create(&path)
            .map_err(|cause| ExportError::Write { path: path.clone(), cause })?;
        self.current = Some((BufWriter::new(file), 0));
        self.files.push(path);
        Ok(())
    }

    fn flush_current(&mut self) -> Result<(), ExportError> {
        if let Some((mut file, _)) = self.current.take() {
            let path = self.files.last().cloned().unwrap_or_default();
            file.flush().map_err(|cause| ExportError::Write { path, cause })?;
        }
        Ok(())
    }
}

/// Serialises a record or an action; neither can fail (strings, numbers and booleans only).
fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Why a bulk file does not hold what the export writes.
#[derive(Debug, thiserror::Error)]
pub enum BulkFileError {
    /// The file cannot be read.
    #[error("cannot read {path}: {cause}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
    /// A line is not what its place in the file requires.
    #[error("{path}:{line}: {problem}")]
    Line {
        /// The file.
        path: PathBuf,
        /// Its line number, from 1.
        line: usize,
        /// What is wrong.
        problem: String,
    },
}

/// The articles of a bulk file, each checked against its action line (the index named
/// `index_name`, the same id); what an import would send, parsed back.
pub fn read_bulk_file(path: &Path, index_name: &str) -> Result<Vec<Article>, BulkFileError> {
    let read_error = |cause| BulkFileError::Read { path: path.to_path_buf(), cause };
    let file = File::open(path).map_err(read_error)?;
    let lines: Vec<String> =
        BufReader::new(file).lines().collect::<Result<_, _>>().map_err(read_error)?;
    let problem = |line: usize, problem: String| BulkFileError::Line {
        path: path.to_path_buf(),
        line: line + 1,
        problem,
    };
    if !lines.len().is_multiple_of(2) {
        return Err(problem(lines.len() - 1, "an action line without its document".into()));
    }
    let mut articles = Vec::with_capacity(lines.len() / 2);
    for (pair, pair_lines) in lines.chunks(2).enumerate() {
        let action: Action = serde_json::from_str(&pair_lines[0])
            .map_err(|error| problem(pair * 2, format!("not an index action: {error}")))?;
        let article: Article = serde_json::from_str(&pair_lines[1])
            .map_err(|error| problem(pair * 2 + 1, format!("not an article record: {error}")))?;
        if action.index.index != index_name || action.index.id != article.id {
            return Err(problem(
                pair * 2,
                "the action does not name this index and article".into(),
            ));
        }
        articles.push(article);
    }
    Ok(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, body_bytes: usize) -> Article {
        let record =
            serde_json::json!({"id": id, "title": "Titre", "body": "x".repeat(body_bytes)});
        serde_json::from_value(record).unwrap()
    }

    #[test]
    fn files_stay_under_their_size_and_read_back_whole() {
        let folder = tempfile::tempdir().unwrap();
        let mut writer = BulkWriter::new(folder.path(), "trouvaille", 1_000);
        let articles: Vec<Article> = (0..10).map(|n| article(&format!("a{n}"), 300)).collect();
        for article in &articles {
            writer.write(article).unwrap();
        }
        let files = writer.finish().unwrap();
        assert_eq!(files.len(), 5, "two 380-byte pairs a file");
        let mut read = Vec::new();
        for file in &files {
            assert!(std::fs::metadata(file).unwrap().len() <= 1_000);
            read.extend(read_bulk_file(file, "trouvaille").unwrap());
        }
        assert_eq!(read, articles);
    }

    #[test]
    fn an_article_larger_than_a_file_gets_a_file_of_its_own() {
        let folder = tempfile::tempdir().unwrap();
        let mut writer = BulkWriter::new(folder.path(), "trouvaille", 100);
        writer.write(&article("big", 500)).unwrap();
        writer.write(&article("next", 1)).unwrap();
        let files = writer.finish().unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(read_bulk_file(&files[0], "trouvaille").unwrap()[0].id, "big");
    }

    #[test]
    fn ids_beyond_opensearch_limit_are_refused_by_name() {
        let folder = tempfile::tempdir().unwrap();
        let mut writer = BulkWriter::new(folder.path(), "trouvaille", 1_000);
        let long_id = "𝄞".repeat(150);
        let error = writer.write(&article(&long_id, 1)).unwrap_err();
        assert!(error.to_string().contains("512 bytes"), "{error}");
    }

    #[test]
    fn a_damaged_file_is_reported_with_its_line() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("bulk-0001.ndjson");
        std::fs::write(&path, "{\"index\":{\"_index\":\"trouvaille\",\"_id\":\"a\"}}\n{\"id\":\"b\",\"title\":\"T\"}\n").unwrap();
        let error = read_bulk_file(&path, "trouvaille").unwrap_err();
        assert!(
            error.to_string().ends_with(":1: the action does not name this index and article"),
            "{error}"
        );
        std::fs::write(&path, "{\"index\":{}}\n").unwrap();
        assert!(read_bulk_file(&path, "trouvaille")
            .unwrap_err()
            .to_string()
            .contains(":1: an action line without"));
    }
}
