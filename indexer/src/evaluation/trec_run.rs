//! A run: what a search configuration returned for each query, as ranked lists of scored
//! documents, and TREC's run file format (`qid Q0 docid rank score tag`) to hand it to trec_eval
//! or to read one back.
//!
//! trec_eval ignores the rank column: it orders each query's documents by score, highest first,
//! ties broken by document identifier in *descending* byte order. The metrics of this module
//! evaluate a ranked list in the order it is given, so a run written with strictly decreasing
//! scores means the same to both; [`RankedList::sort_like_trec_eval`] puts any list in
//! trec_eval's order, and [`Run::parse`] does so for every list it reads, so that a run file
//! evaluates here exactly as trec_eval evaluates it.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use super::error::{numbered_lines, read_text, EvaluationFileError};

/// One retrieved document and its score.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredDocument {
    /// The document's identifier, as the qrels name it.
    pub document_id: String,
    /// The retrieval score; higher is better.
    pub score: f64,
}

impl ScoredDocument {
    /// A document retrieved with `score`.
    pub fn new(document_id: impl Into<String>, score: f64) -> Self {
        ScoredDocument { document_id: document_id.into(), score }
    }
}

/// The documents retrieved for one query, best first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RankedList {
    /// The documents, in rank order: the first is rank 1.
    pub documents: Vec<ScoredDocument>,
}

impl RankedList {
    /// A list in the order given.
    pub fn new(documents: Vec<ScoredDocument>) -> Self {
        RankedList { documents }
    }

    /// Orders the list as trec_eval does before evaluating: by score, highest first, equal
    /// scores by document identifier in descending byte order (the `strcmp` trec_eval uses).
    pub fn sort_like_trec_eval(&mut self) {
        self.documents.sort_by(|left, right| {
            right
                .score
                .total_cmp(&left.score)
                .then_with(|| right.document_id.as_bytes().cmp(left.document_id.as_bytes()))
        });
    }

    /// The document identifiers, in rank order.
    pub fn document_ids(&self) -> impl Iterator<Item = &str> {
        self.documents.iter().map(|document| document.document_id.as_str())
    }

    /// The number of retrieved documents.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// True when nothing was retrieved.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

impl FromIterator<ScoredDocument> for RankedList {
    fn from_iter<T: IntoIterator<Item = ScoredDocument>>(documents: T) -> Self {
        RankedList { documents: documents.into_iter().collect() }
    }
}

/// The ranked lists of a search configuration over a query set: query identifier to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    lists: BTreeMap<String, RankedList>,
}

impl Run {
    /// No query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the ranked list of `query_id`, returning the list it replaces. An empty list is kept:
    /// the query was run and found nothing (it scores 0, like a query absent from the run).
    pub fn insert(&mut self, query_id: impl Into<String>, list: RankedList) -> Option<RankedList> {
        self.lists.insert(query_id.into(), list)
    }

    /// The ranked list of `query_id`, if the run has one.
    pub fn get(&self, query_id: &str) -> Option<&RankedList> {
        self.lists.get(query_id)
    }

    /// Every query with its list, in identifier order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RankedList)> {
        self.lists.iter().map(|(query_id, list)| (query_id.as_str(), list))
    }

    /// The number of queries in the run.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// True when the run has no query.
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// Puts every list in trec_eval's order (see [`RankedList::sort_like_trec_eval`]).
    pub fn sort_like_trec_eval(&mut self) {
        self.lists.values_mut().for_each(RankedList::sort_like_trec_eval);
    }

    /// Writes the run in TREC format, one `qid Q0 docid rank score tag` line per document, ranks
    /// from 1 in list order, queries in identifier order. Scores are written in Rust's shortest
    /// form that reads back to the same `f64`, so that ties stay ties and order stays order.
    ///
    /// A query with an empty list writes no line: the format cannot say "nothing found", and
    /// trec_eval with `-c` scores an absent query 0, as these metrics score an empty list.
    ///
    /// An identifier or `tag` that is empty or holds whitespace, or a score that is not finite,
    /// would make a file that does not read back: it is refused with
    /// [`io::ErrorKind::InvalidInput`] before anything is written.
    pub fn write_trec(&self, mut writer: impl Write, tag: &str) -> io::Result<()> {
        check_field("run tag", tag)?;
        for (query_id, list) in &self.lists {
            check_field("query id", query_id)?;
            for document in &list.documents {
                check_field("document id", &document.document_id)?;
                if !document.score.is_finite() {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!(
                            "document `{}` of query `{query_id}` has the score {}, which is not \
                             a finite number",
                            document.document_id, document.score
                        ),
                    ));
                }
            }
        }
        for (query_id, list) in &self.lists {
            for (index, document) in list.documents.iter().enumerate() {
                writeln!(
                    writer,
                    "{query_id} Q0 {} {} {} {tag}",
                    document.document_id,
                    index + 1,
                    document.score
                )?;
            }
        }
        writer.flush()
    }

    /// The run in TREC format as text (see [`Run::write_trec`]).
    pub fn to_trec_string(&self, tag: &str) -> io::Result<String> {
        let mut bytes = Vec::new();
        self.write_trec(&mut bytes, tag)?;
        Ok(String::from_utf8(bytes).expect("the run is written from UTF-8 strings"))
    }

    /// Parses a TREC run file's `text`: `qid Q0 docid rank score tag` a line, separated by any
    /// whitespace, blank lines skipped. `path` only names the text in errors.
    ///
    /// The rank column must be an integer but is otherwise ignored, and each query's list is put
    /// in trec_eval's order, so that the run evaluates as trec_eval would evaluate the file. A
    /// document listed twice for one query, a line of other than six fields, or a score that is
    /// not a finite number is an error.
    pub fn parse(text: &str, path: &Path) -> Result<Self, EvaluationFileError> {
        let mut run = Run::new();
        let mut first_lines: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (line_number, line) in numbered_lines(text) {
            if line.trim().is_empty() {
                continue;
            }
            let malformed =
                |message: String| EvaluationFileError::malformed(path, line_number, message);
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [query_id, _iteration, document_id, rank, score, _tag] = fields[..] else {
                return Err(malformed(format!(
                    "expected `query id, Q0, document id, rank, score, tag`, found {} fields",
                    fields.len()
                )));
            };
            if rank.parse::<i64>().is_err() {
                return Err(malformed(format!("the rank `{rank}` is not an integer")));
            }
            let score: f64 = match score.parse::<f64>() {
                Ok(score) if score.is_finite() => score,
                _ => return Err(malformed(format!("the score `{score}` is not a finite number"))),
            };
            let key = (query_id.to_string(), document_id.to_string());
            if let Some(first_line) = first_lines.insert(key, line_number) {
                return Err(malformed(format!(
                    "document `{document_id}` is listed twice for query `{query_id}` \
                     (first at line {first_line})"
                )));
            }
            run.lists
                .entry(query_id.to_string())
                .or_default()
                .documents
                .push(ScoredDocument::new(document_id, score));
        }
        run.sort_like_trec_eval();
        Ok(run)
    }

    /// Reads and parses the run file at `path` (see [`Run::parse`]).
    pub fn read(path: &Path) -> Result<Self, EvaluationFileError> {
        Self::parse(&read_text(path)?, path)
    }
}

impl FromIterator<(String, RankedList)> for Run {
    fn from_iter<T: IntoIterator<Item = (String, RankedList)>>(lists: T) -> Self {
        Run { lists: lists.into_iter().collect() }
    }
}

/// Refuses a field that would break a whitespace-separated line.
fn check_field(name: &str, value: &str) -> io::Result<()> {
    if value.is_empty() || value.contains(char::is_whitespace) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "the {name} `{value}` is empty or holds whitespace, which a run file cannot hold"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::error::malformed_line as error_line;

    fn list(documents: &[(&str, f64)]) -> RankedList {
        documents
            .iter()
            .map(|(document_id, score)| ScoredDocument::new(*document_id, *score))
            .collect()
    }

    fn parse(text: &str) -> Result<Run, EvaluationFileError> {
        Run::parse(text, Path::new("small.run"))
    }

    #[test]
    fn writes_one_line_per_document_with_ranks_from_one() {
        let mut run = Run::new();
        run.insert("q2", list(&[("d7", 3.5), ("d1", 0.25)]));
        run.insert("q1", list(&[("d3", 12.0)]));
        run.insert("q3", RankedList::default());
        assert_eq!(
            run.to_trec_string("bm25").unwrap(),
            "q1 Q0 d3 1 12 bm25\nq2 Q0 d7 1 3.5 bm25\nq2 Q0 d1 2 0.25 bm25\n"
        );
    }

    #[test]
    fn a_written_run_reads_back_the_same() {
        let mut run = Run::new();
        run.insert("q1", list(&[("d1", 0.1 + 0.2), ("d2", 1e-300), ("d3", -4.0)]));
        run.insert("q2", list(&[("d9", 7.0)]));
        let read = parse(&run.to_trec_string("tag").unwrap()).unwrap();
        assert_eq!(read, run);
    }

    #[test]
    fn refuses_to_write_what_would_not_read_back() {
        let mut run = Run::new();
        run.insert("q1", list(&[("d 1", 1.0)]));
        assert_eq!(run.to_trec_string("tag").unwrap_err().kind(), io::ErrorKind::InvalidInput);
        let mut run = Run::new();
        run.insert("q1", list(&[("d1", f64::NAN)]));
        assert!(run.to_trec_string("tag").unwrap_err().to_string().contains("not a finite"));
        assert!(Run::new().to_trec_string("two words").is_err());
        assert!(Run::new().to_trec_string("").is_err());
        let mut run = Run::new();
        run.insert("", list(&[("d1", 1.0)]));
        assert!(run.to_trec_string("tag").is_err());
    }

    #[test]
    fn reading_orders_by_score_then_descending_document_id_ignoring_the_rank_column() {
        let run = parse(
            "q1 Q0 a 1 1.0 t\nq1 Q0 b 2 1.0 t\nq1 Q0 c 3 5 t\n\nq1 Q0 aa 9 1.0 t\nq2 0 x 1 -2 t\n",
        )
        .unwrap();
        let order: Vec<&str> = run.get("q1").unwrap().document_ids().collect();
        assert_eq!(order, ["c", "b", "aa", "a"]);
        assert_eq!(run.get("q2").unwrap().len(), 1);
        assert_eq!(run.len(), 2);
    }

    #[test]
    fn sorting_like_trec_eval_compares_bytes() {
        let mut ranked = list(&[("Z", 1.0), ("a", 1.0), ("é", 1.0), ("m", 2.0)]);
        ranked.sort_like_trec_eval();
        let order: Vec<&str> = ranked.document_ids().collect();
        assert_eq!(order, ["m", "é", "a", "Z"]);
    }

    #[test]
    fn rejects_malformed_run_lines_with_their_file_line_number() {
        let (line, message) = error_line(parse("q1 Q0 d1 1 2.0 t\nq1 Q0 d2 2 1.0\n").unwrap_err());
        assert_eq!(line, 2);
        assert!(message.contains("found 5 fields"), "{message}");
        let (line, message) = error_line(parse("q1 Q0 d1 un 2.0 t\n").unwrap_err());
        assert_eq!(line, 1);
        assert!(message.contains("rank `un`"), "{message}");
        let (_, message) = error_line(parse("q1 Q0 d1 1 haut t\n").unwrap_err());
        assert!(message.contains("score `haut`"), "{message}");
        let (_, message) = error_line(parse("q1 Q0 d1 1 NaN t\n").unwrap_err());
        assert!(message.contains("not a finite number"), "{message}");
        let (line, message) =
            error_line(parse("q1 Q0 d1 1 2 t\nq2 Q0 d1 1 2 t\nq1 Q0 d1 2 1 t\n").unwrap_err());
        assert_eq!(line, 3);
        assert!(message.contains("listed twice for query `q1` (first at line 1)"), "{message}");
    }

    #[test]
    fn reads_a_run_file_from_disk() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("small.run");
        let mut run = Run::new();
        run.insert("q1", list(&[("d1", 2.0), ("d2", 1.0)]));
        run.write_trec(std::fs::File::create(&path).unwrap(), "trouvaille").unwrap();
        assert_eq!(Run::read(&path).unwrap(), run);
        assert!(matches!(
            Run::read(&folder.path().join("absent.run")),
            Err(EvaluationFileError::Read { .. })
        ));
    }
}
