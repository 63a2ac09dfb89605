//! The judged side of an evaluation: the queries (`qid<TAB>query text`) and the relevance
//! judgments in TREC's qrels format (`qid iteration docid grade`).
//!
//! Both readers refuse a malformed file as a whole, naming the line, rather than skipping the
//! line: a judgment silently dropped changes every number computed from the file.

use std::collections::BTreeMap;
use std::path::Path;

use super::error::{numbered_lines, read_text, EvaluationFileError};

/// True when a judgment's grade makes the document relevant: grades above 0. Grade 0 is judged
/// not relevant and negative grades are "judged unusable" in trec_eval; both count as not
/// relevant, as trec_eval does with its default relevance level of 1.
pub fn is_relevant(grade: i32) -> bool {
    grade > 0
}

/// One query of a query set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The query's identifier, as the qrels and runs name it.
    pub id: String,
    /// What is typed into the search box.
    pub text: String,
}

/// A query set, in the order of its file, so that a run over it is produced in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queries {
    queries: Vec<Query>,
}

impl Queries {
    /// Parses a query file's `text`: one `qid<TAB>query text` a line, blank lines skipped.
    /// `path` only names the text in errors.
    ///
    /// A line without exactly one tab, with an empty identifier or text, or whose identifier was
    /// already given is an error: a query set with two texts for one identifier cannot be
    /// evaluated against one set of judgments.
    pub fn parse(text: &str, path: &Path) -> Result<Self, EvaluationFileError> {
        let mut queries = Vec::new();
        let mut first_lines: BTreeMap<String, usize> = BTreeMap::new();
        for (line_number, line) in numbered_lines(text) {
            if line.trim().is_empty() {
                continue;
            }
            let malformed =
                |message: String| EvaluationFileError::malformed(path, line_number, message);
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() != 2 {
                return Err(malformed(format!(
                    "expected `query id<TAB>query text`, found {} tab-separated fields",
                    fields.len()
                )));
            }
            let id = fields[0].trim();
            let query_text = fields[1].trim();
            if id.is_empty() {
                return Err(malformed("the query id is empty".to_string()));
            }
            if id.contains(char::is_whitespace) {
                return Err(malformed(format!(
                    "the query id `{id}` contains whitespace, which qrels and runs cannot hold"
                )));
            }
            if query_text.is_empty() {
                return Err(malformed(format!("query `{id}` has no text")));
            }
            if let Some(first_line) = first_lines.insert(id.to_string(), line_number) {
                return Err(malformed(format!(
                    "query `{id}` is given twice (first at line {first_line})"
                )));
            }
            queries.push(Query { id: id.to_string(), text: query_text.to_string() });
        }
        Ok(Queries { queries })
    }

    /// Reads and parses the query file at `path`.
    pub fn read(path: &Path) -> Result<Self, EvaluationFileError> {
        Self::parse(&read_text(path)?, path)
    }

    /// The queries, in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, Query> {
        self.queries.iter()
    }

    /// The number of queries.
    pub fn len(&self) -> usize {
        self.queries.len()
    }

    /// True when there is no query.
    pub fn is_empty(&self) -> bool {
        self.queries.is_empty()
    }

    /// The query of identifier `id`.
    pub fn get(&self, id: &str) -> Option<&Query> {
        self.queries.iter().find(|query| query.id == id)
    }
}

impl<'a> IntoIterator for &'a Queries {
    type Item = &'a Query;
    type IntoIter = std::slice::Iter<'a, Query>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The judgments of one query: document identifier to grade.
pub type QueryJudgments = BTreeMap<String, i32>;

/// Relevance judgments ("qrels", TREC's name and file format): query identifier to document
/// identifier to grade.
///
/// Ordered maps, so that everything computed from them comes out in the same order every time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Qrels {
    judgments: BTreeMap<String, QueryJudgments>,
}

impl Qrels {
    /// No judgment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses a qrels file's `text`: one `qid iteration docid grade` a line, separated by any
    /// whitespace, blank lines skipped; the iteration field is ignored, as trec_eval does.
    /// `path` only names the text in errors.
    ///
    /// A line of other than four fields, a grade that is not an integer, or a document judged
    /// twice for one query is an error (trec_eval refuses the last one too).
    pub fn parse(text: &str, path: &Path) -> Result<Self, EvaluationFileError> {
        let mut qrels = Qrels::new();
        let mut first_lines: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (line_number, line) in numbered_lines(text) {
            if line.trim().is_empty() {
                continue;
            }
            let malformed =
                |message: String| EvaluationFileError::malformed(path, line_number, message);
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [query_id, _iteration, document_id, grade] = fields[..] else {
                return Err(malformed(format!(
                    "expected `query id, iteration, document id, grade`, found {} fields",
                    fields.len()
                )));
            };
            let grade: i32 = grade
                .parse()
                .map_err(|_| malformed(format!("the grade `{grade}` is not an integer")))?;
            let key = (query_id.to_string(), document_id.to_string());
            if let Some(first_line) = first_lines.insert(key, line_number) {
                return Err(malformed(format!(
                    "document `{document_id}` is judged twice for query `{query_id}` \
                     (first at line {first_line})"
                )));
            }
            qrels.insert(query_id, document_id, grade);
        }
        Ok(qrels)
    }

    /// Reads and parses the qrels file at `path`.
    pub fn read(path: &Path) -> Result<Self, EvaluationFileError> {
        Self::parse(&read_text(path)?, path)
    }

    /// Judges `document_id` for `query_id`, returning the grade it replaces.
    pub fn insert(
        &mut self,
        query_id: impl Into<String>,
        document_id: impl Into<String>,
        grade: i32,
    ) -> Option<i32> {
        self.judgments.entry(query_id.into()).or_default().insert(document_id.into(), grade)
    }

    /// The judgments of `query_id`, if it has any.
    pub fn query(&self, query_id: &str) -> Option<&QueryJudgments> {
        self.judgments.get(query_id)
    }

    /// The grade of `document_id` for `query_id`; `None` when it was not judged.
    pub fn grade(&self, query_id: &str, document_id: &str) -> Option<i32> {
        self.judgments.get(query_id)?.get(document_id).copied()
    }

    /// Every judged query with its judgments, in identifier order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &QueryJudgments)> {
        self.judgments.iter().map(|(query_id, judgments)| (query_id.as_str(), judgments))
    }

    /// The number of relevant documents (grade above 0) of `query_id`.
    pub fn relevant_count(&self, query_id: &str) -> usize {
        self.judgments.get(query_id).map_or(0, relevant_count)
    }

    /// The queries that count in a mean: those with at least one relevant document, in
    /// identifier order. A query whose judgments are all non-relevant cannot score anything
    /// under any of the metrics, so it is left out rather than pulling every mean down.
    pub fn evaluated_query_ids(&self) -> impl Iterator<Item = &str> {
        self.judgments
            .iter()
            .filter(|(_, judgments)| relevant_count(judgments) > 0)
            .map(|(query_id, _)| query_id.as_str())
    }

    /// The number of judged queries (with or without a relevant document).
    pub fn len(&self) -> usize {
        self.judgments.len()
    }

    /// True when nothing is judged.
    pub fn is_empty(&self) -> bool {
        self.judgments.is_empty()
    }
}

/// The number of relevant documents among `judgments`.
pub fn relevant_count(judgments: &QueryJudgments) -> usize {
    judgments.values().filter(|grade| is_relevant(**grade)).count()
}

impl FromIterator<(String, String, i32)> for Qrels {
    /// Collects `(query id, document id, grade)` triples; a later grade of a pair wins.
    fn from_iter<T: IntoIterator<Item = (String, String, i32)>>(triples: T) -> Self {
        let mut qrels = Qrels::new();
        for (query_id, document_id, grade) in triples {
            qrels.insert(query_id, document_id, grade);
        }
        qrels
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::error::malformed_line as error_line;

    fn queries(text: &str) -> Result<Queries, EvaluationFileError> {
        Queries::parse(text, Path::new("queries.tsv"))
    }

    fn qrels(text: &str) -> Result<Qrels, EvaluationFileError> {
        Qrels::parse(text, Path::new("judgments.qrels"))
    }

    #[test]
    fn reads_queries_in_file_order_skipping_blank_lines() {
        let parsed = queries(
            "q2\tespace disque\n\n   \nq1\tl'élision des articles\r\nq10\tplusieurs  mots ",
        )
        .unwrap();
        let pairs: Vec<(&str, &str)> =
            parsed.iter().map(|query| (query.id.as_str(), query.text.as_str())).collect();
        assert_eq!(
            pairs,
            [("q2", "espace disque"), ("q1", "l'élision des articles"), ("q10", "plusieurs  mots")]
        );
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed.get("q1").unwrap().text, "l'élision des articles");
        assert!(parsed.get("q3").is_none());
        assert!(queries("").unwrap().is_empty());
    }

    #[test]
    fn rejects_malformed_query_lines_with_their_file_line_number() {
        let (line, message) = error_line(queries("q1\tun\n\nq2 sans tabulation\n").unwrap_err());
        assert_eq!(line, 3);
        assert!(message.contains("found 1 tab-separated fields"), "{message}");
        let (line, message) = error_line(queries("q1\tun\tdeux\n").unwrap_err());
        assert_eq!(line, 1);
        assert!(message.contains("found 3"), "{message}");
        let (line, message) = error_line(queries("q1\tun\nq1\tdeux\n").unwrap_err());
        assert_eq!(line, 2);
        assert!(message.contains("given twice (first at line 1)"), "{message}");
        assert!(error_line(queries("\tsans id\n").unwrap_err()).1.contains("id is empty"));
        assert!(error_line(queries("q1\t  \n").unwrap_err()).1.contains("no text"));
        assert!(error_line(queries("q 1\ttexte\n").unwrap_err()).1.contains("whitespace"));
    }

    #[test]
    fn the_error_message_names_the_file_and_the_line() {
        let error = queries("q1\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "queries.tsv:1: expected `query id<TAB>query text`, found 1 tab-separated fields"
        );
    }

    #[test]
    fn reads_graded_judgments_with_any_whitespace() {
        let parsed =
            qrels("q1 0 d1 2\nq1\t0\td2\t1\n\nq1 Q0 d3 0\nq2 0 d1 -1\nq3 0 d9 1\n").unwrap();
        assert_eq!(parsed.grade("q1", "d1"), Some(2));
        assert_eq!(parsed.grade("q1", "d2"), Some(1));
        assert_eq!(parsed.grade("q1", "d3"), Some(0));
        assert_eq!(parsed.grade("q2", "d1"), Some(-1));
        assert_eq!(parsed.grade("q1", "d9"), None);
        assert_eq!(parsed.grade("q4", "d1"), None);
        assert_eq!(parsed.relevant_count("q1"), 2);
        assert_eq!(parsed.relevant_count("q2"), 0);
        assert_eq!(parsed.len(), 3);
        let evaluated: Vec<&str> = parsed.evaluated_query_ids().collect();
        assert_eq!(evaluated, ["q1", "q3"]);
    }

    #[test]
    fn only_grades_above_zero_are_relevant() {
        assert!(is_relevant(1));
        assert!(is_relevant(3));
        assert!(!is_relevant(0));
        assert!(!is_relevant(-1));
    }

    #[test]
    fn rejects_malformed_judgment_lines_with_their_file_line_number() {
        let (line, message) = error_line(qrels("q1 0 d1 1\nq1 0 d2\n").unwrap_err());
        assert_eq!(line, 2);
        assert!(message.contains("found 3 fields"), "{message}");
        let (line, message) = error_line(qrels("\nq1 0 d1 1 extra\n").unwrap_err());
        assert_eq!(line, 2);
        assert!(message.contains("found 5 fields"), "{message}");
        let (line, message) = error_line(qrels("q1 0 d1 pertinent\n").unwrap_err());
        assert_eq!(line, 1);
        assert!(message.contains("`pertinent` is not an integer"), "{message}");
        assert!(error_line(qrels("q1 0 d1 1.5\n").unwrap_err()).1.contains("not an integer"));
        let (line, message) = error_line(qrels("q1 0 d1 1\nq2 0 d1 1\nq1 0 d1 2\n").unwrap_err());
        assert_eq!(line, 3);
        assert!(message.contains("judged twice for query `q1` (first at line 1)"), "{message}");
    }

    #[test]
    fn a_missing_file_is_named() {
        let error = Qrels::read(Path::new("/nonexistent/evaluation.qrels")).unwrap_err();
        assert!(matches!(error, EvaluationFileError::Read { .. }));
        assert_eq!(error.to_string(), "cannot read /nonexistent/evaluation.qrels");
        let cause = std::error::Error::source(&error).map(ToString::to_string).unwrap_or_default();
        assert!(cause.contains("No such file"), "{cause}");
        assert!(Queries::read(Path::new("/nonexistent/queries.tsv")).is_err());
    }

    #[test]
    fn reads_files_from_disk() {
        let folder = tempfile::tempdir().unwrap();
        let queries_path = folder.path().join("queries.tsv");
        let qrels_path = folder.path().join("judgments.qrels");
        std::fs::write(&queries_path, "q1\tun\n").unwrap();
        std::fs::write(&qrels_path, "q1 0 d1 1\nq1 0 d1\n").unwrap();
        assert_eq!(Queries::read(&queries_path).unwrap().len(), 1);
        match Qrels::read(&qrels_path).unwrap_err() {
            EvaluationFileError::Malformed { path, line, .. } => {
                assert_eq!(path, qrels_path);
                assert_eq!(line, 2);
            }
            other => panic!("unexpected error {other}"),
        }
    }

    #[test]
    fn builds_judgments_in_memory() {
        let mut built = Qrels::new();
        assert_eq!(built.insert("q1", "d1", 1), None);
        assert_eq!(built.insert("q1", "d1", 2), Some(1));
        let collected: Qrels = [("q1".to_string(), "d1".to_string(), 2)].into_iter().collect();
        assert_eq!(built, collected);
        assert_eq!(built.query("q1").unwrap().len(), 1);
        let pairs: Vec<(&str, usize)> =
            built.iter().map(|(query_id, judgments)| (query_id, judgments.len())).collect();
        assert_eq!(pairs, [("q1", 1)]);
    }
}
