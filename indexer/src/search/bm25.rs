//! BM25 with parameters of our choosing, and BM25F across a word's forms.
//!
//! tantivy's `TermQuery` scores with BM25 but fixes k1 = 1.2 and b = 0.75. Those suit long
//! news articles; a site search mixes three-word titles, short help pages and long manuals, and
//! how much a repeated word or a long body should count is worth measuring
//! (`trouvaille eval`). tantivy also scores each field on its own, and a word found in the
//! title, the body and the labels then counts nearly three times. [`Bm25WordQuery`] scores all
//! the forms of one word (its stems and exact form, in every field) together, as BM25F does:
//! weighed occurrences are added before saturation. With a single form it is plain BM25,
//! exactly as tantivy computes it (same idf, same quantised field lengths).

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25StatisticsProvider, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// The two BM25 parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bm25Parameters {
    /// How quickly repeating a word stops adding to the score (0: the first occurrence is all
    /// that counts).
    pub k1: f32,
    /// How much a field longer than average is penalised (0: not at all, 1: in full
    /// proportion).
    pub b: f32,
}

impl Default for Bm25Parameters {
    /// The classic values, which tantivy and Lucene use.
    fn default() -> Self {
        Bm25Parameters { k1: 1.2, b: 0.75 }
    }
}

impl Bm25Parameters {
    /// The length normalisation of each of tantivy's 256 quantised field lengths, for a field
    /// of `average_length`.
    fn length_norms(&self, average_length: Score) -> Arc<[Score; 256]> {
        let mut norms = [0.0; 256];
        for (id, norm) in norms.iter_mut().enumerate() {
            let length = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
            *norm = 1.0 - self.b + self.b * length / average_length;
        }
        Arc::new(norms)
    }
}

/// Matches the articles holding any form of one word, scored by BM25F over the forms: each
/// occurrence counts its form's weight, divided by its field's length normalisation.
#[derive(Debug, Clone)]
pub struct Bm25WordQuery {
    forms: Vec<(Term, Score)>,
    parameters: Bm25Parameters,
}

impl Bm25WordQuery {
    /// A query for the word whose forms are `forms`, each with the weight of one occurrence.
    pub fn new(forms: Vec<(Term, Score)>, parameters: Bm25Parameters) -> Self {
        Bm25WordQuery { forms, parameters }
    }

    /// Plain BM25 of one term.
    pub fn term(term: Term, parameters: Bm25Parameters) -> Self {
        Self::new(vec![(term, 1.0)], parameters)
    }

    fn scoring(&self, statistics: &dyn Bm25StatisticsProvider) -> tantivy::Result<WordScoring> {
        let documents = statistics.total_num_docs()?;
        let mut norms_by_field: HashMap<Field, Arc<[Score; 256]>> = HashMap::new();
        let mut forms = Vec::with_capacity(self.forms.len());
        // The word is in at least as many articles as its most frequent form.
        let mut frequency = 0;
        for (term, weight) in &self.forms {
            frequency = frequency.max(statistics.doc_freq(term)?);
            let field = term.field();
            let length_norms = match norms_by_field.get(&field) {
                Some(norms) => norms.clone(),
                None => {
                    let tokens = statistics.total_num_tokens(field)?;
                    let average = (tokens as Score / documents.max(1) as Score).max(1.0);
                    let norms = self.parameters.length_norms(average);
                    norms_by_field.insert(field, norms.clone());
                    norms
                }
            };
            forms.push(FormScoring { weight: *weight, length_norms });
        }
        let scale = inverse_document_frequency(frequency, documents) * (1.0 + self.parameters.k1);
        Ok(WordScoring { scale, k1: self.parameters.k1, forms })
    }
}

impl Query for Bm25WordQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let scoring = match enable_scoring {
            EnableScoring::Enabled { statistics_provider, .. } => {
                Some(self.scoring(statistics_provider)?)
            }
            EnableScoring::Disabled { .. } => None,
        };
        let terms = self.forms.iter().map(|(term, _)| term.clone()).collect();
        Ok(Box::new(Bm25WordWeight { terms, scoring }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in &self.forms {
            visitor(term, false);
        }
    }
}

/// tantivy's and Lucene's idf, which stays positive for terms in most documents.
fn inverse_document_frequency(frequency: u64, documents: u64) -> Score {
    let frequency = frequency.min(documents) as Score;
    let rarity = (documents as Score - frequency + 0.5) / (frequency + 0.5);
    (1.0 + rarity).ln()
}

/// The per-query constants of a word's score.
#[derive(Clone)]
struct WordScoring {
    /// idf × (k1 + 1).
    scale: Score,
    k1: Score,
    /// One per form, in the order of the forms.
    forms: Vec<FormScoring>,
}

#[derive(Clone)]
struct FormScoring {
    weight: Score,
    length_norms: Arc<[Score; 256]>,
}

struct Bm25WordWeight {
    terms: Vec<Term>,
    /// None when the search does not rank (counting, filtering): every match scores its boost.
    scoring: Option<WordScoring>,
}

impl Bm25WordWeight {
    fn word_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Bm25WordScorer> {
        let record = match self.scoring {
            Some(_) => IndexRecordOption::WithFreqs,
            None => IndexRecordOption::Basic,
        };
        let mut cursors = Vec::with_capacity(self.terms.len());
        for (index, term) in self.terms.iter().enumerate() {
            let field = term.field();
            let Some(postings) = reader.inverted_index(field)?.read_postings(term, record)? else {
                continue;
            };
            let field_lengths = reader
                .fieldnorms_readers()
                .get_field(field)?
                .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
            cursors.push(FormCursor { postings, field_lengths, form: index });
        }
        let doc = cursors.iter().map(|cursor| cursor.postings.doc()).min().unwrap_or(TERMINATED);
        Ok(Bm25WordScorer { cursors, doc, boost, scoring: self.scoring.clone() })
    }
}

impl Weight for Bm25WordWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorer = self.word_scorer(reader, boost)?;
        Ok(if scorer.cursors.is_empty() { Box::new(EmptyScorer) } else { Box::new(scorer) })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.word_scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document #{doc} does not match")));
        }
        let mut explanation = Explanation::new("BM25F over the word's forms", scorer.score());
        explanation.add_context(format!("terms {:?}", self.terms));
        Ok(explanation)
    }
}

/// One form's postings in a segment.
struct FormCursor {
    postings: SegmentPostings,
    field_lengths: FieldNormReader,
    /// Index of the form in [`WordScoring::forms`].
    form: usize,
}

/// The union of a word's forms' postings.
struct Bm25WordScorer {
    cursors: Vec<FormCursor>,
    doc: DocId,
    /// The score of every match when the search does not rank; a factor of it otherwise.
    boost: Score,
    scoring: Option<WordScoring>,
}

impl Bm25WordScorer {
    fn settle(&mut self) -> DocId {
        self.doc =
            self.cursors.iter().map(|cursor| cursor.postings.doc()).min().unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for Bm25WordScorer {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        for cursor in &mut self.cursors {
            if cursor.postings.doc() == current {
                cursor.postings.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for cursor in &mut self.cursors {
            if cursor.postings.doc() < target {
                cursor.postings.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.cursors.iter().map(|cursor| cursor.postings.size_hint()).max().unwrap_or(0)
    }
}

impl Scorer for Bm25WordScorer {
    fn score(&mut self) -> Score {
        let Some(scoring) = &self.scoring else { return self.boost };
        let weighed_frequency: Score = self
            .cursors
            .iter()
            .filter(|cursor| cursor.postings.doc() == self.doc)
            .map(|cursor| {
                let form = &scoring.forms[cursor.form];
                let length_id = cursor.field_lengths.fieldnorm_id(self.doc);
                form.weight * cursor.postings.term_freq() as Score
                    / form.length_norms[length_id as usize]
            })
            .sum();
        if weighed_frequency == 0.0 {
            return 0.0;
        }
        self.boost * scoring.scale * weighed_frequency / (scoring.k1 + weighed_frequency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    fn small_index() -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for text in [
            "chat",
            "chat chat chat noir",
            "le chat dort sur le tapis du salon toute la journée",
            "chien",
            "le chien et le chat",
        ] {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        (index, body)
    }

    fn ranked(index: &Index, query: &dyn Query) -> Vec<(u32, Score)> {
        let searcher = index.reader().unwrap().searcher();
        let top = searcher.search(query, &TopDocs::with_limit(10).order_by_score()).unwrap();
        top.into_iter().map(|(score, address)| (address.doc_id, score)).collect()
    }

    #[test]
    fn with_the_classic_parameters_it_scores_like_tantivy() {
        let (index, body) = small_index();
        let term = Term::from_field_text(body, "chat");
        let ours = ranked(&index, &Bm25WordQuery::term(term.clone(), Bm25Parameters::default()));
        let theirs = ranked(&index, &TermQuery::new(term, IndexRecordOption::WithFreqs));
        assert_eq!(ours.len(), 4);
        for ((our_doc, our_score), (their_doc, their_score)) in ours.iter().zip(&theirs) {
            assert_eq!(our_doc, their_doc);
            assert!((our_score - their_score).abs() < 1e-5, "{our_score} vs {their_score}");
        }
    }

    #[test]
    fn without_saturation_repeats_do_not_count() {
        let (index, body) = small_index();
        let term = Term::from_field_text(body, "chat");
        let flat = Bm25Parameters { k1: 0.0, b: 0.75 };
        let scores: Vec<Score> =
            ranked(&index, &Bm25WordQuery::term(term, flat)).into_iter().map(|(_, s)| s).collect();
        assert!(scores.windows(2).all(|pair| (pair[0] - pair[1]).abs() < 1e-6), "{scores:?}");
    }

    #[test]
    fn without_length_normalisation_the_most_repeats_win() {
        let (index, body) = small_index();
        let term = Term::from_field_text(body, "chat");
        let unnormalised = Bm25Parameters { k1: 1.2, b: 0.0 };
        let ranking = ranked(&index, &Bm25WordQuery::term(term, unnormalised));
        assert_eq!(ranking[0].0, 1, "the article saying chat three times");
        let (long, short) =
            (ranking.iter().find(|(doc, _)| *doc == 2), ranking.iter().find(|(doc, _)| *doc == 0));
        assert!((long.unwrap().1 - short.unwrap().1).abs() < 1e-6);
    }

    #[test]
    fn bm25f_saturates_a_word_once_across_fields() {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        writer.add_document(doc!(title => "chat", body => "un chat noir")).unwrap();
        writer.add_document(doc!(title => "chien", body => "un chat gris")).unwrap();
        writer.add_document(doc!(title => "chat", body => "un chien blanc")).unwrap();
        writer.add_document(doc!(title => "loup", body => "une forêt")).unwrap();
        writer.commit().unwrap();
        let parameters = Bm25Parameters::default();
        let forms = vec![
            (Term::from_field_text(title, "chat"), 2.0),
            (Term::from_field_text(body, "chat"), 1.0),
        ];
        let scores: std::collections::HashMap<u32, Score> =
            ranked(&index, &Bm25WordQuery::new(forms, parameters)).into_iter().collect();
        assert_eq!(scores.len(), 3, "{scores:?}");
        let (both, body_only, title_only) = (scores[&0], scores[&1], scores[&2]);
        assert!(title_only > body_only, "a title occurrence weighs twice: {scores:?}");
        assert!(both > title_only, "{scores:?}");
        assert!(both < title_only + body_only, "saturated once, not summed: {scores:?}");
    }

    #[test]
    fn a_term_absent_from_the_index_matches_nothing() {
        let (index, body) = small_index();
        let query =
            Bm25WordQuery::term(Term::from_field_text(body, "loup"), Bm25Parameters::default());
        assert!(ranked(&index, &query).is_empty());
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.search(&query, &tantivy::collector::Count).unwrap(), 0);
    }

    #[test]
    fn counting_without_scores_counts_every_match() {
        let (index, body) = small_index();
        let query =
            Bm25WordQuery::term(Term::from_field_text(body, "chat"), Bm25Parameters::default());
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.search(&query, &tantivy::collector::Count).unwrap(), 4);
    }
}
