//! Query-time synonyms and acronyms: `TI` also searches « technologies de l'information ».
//!
//! Synonyms are applied to the query, not to the index: the list can change without
//! reindexing, and an article keeps exactly the words it has, so snippets and exact-match
//! boosts stay honest. The list is a small text file (`schemas/synonyms.txt` is bundled, its
//! header documents the format): one group per line, `a, b, c` for equivalent terms and
//! `a => b, c` for a one-way rule.
//!
//! Terms are compared with the query's words as the query builder reads them (see
//! [`matching_words`]): lowercased, accents folded, elided articles dropped, hyphens
//! separating words. Stopwords are *kept* in terms: matching runs over the query's word
//! sequence, stopwords included, so `gouvernement en ligne` matches that phrase and not
//! `gouvernement ligne`, and a stopword-free term could never match a query that has them.
//! Words are matched as typed, not stemmed: stemming happens afterwards, when the query builder
//! searches the alternatives like any other word.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::analysis::folding::fold_diacritics;
use crate::analysis::normalise_nfc;
use crate::analysis::words::split_words;

/// The bundled list, compiled in so that the CLI and the server need no file to find.
const BUNDLED_SYNONYMS: &str = include_str!("../../../schemas/synonyms.txt");
/// The name the bundled list has in error messages.
const BUNDLED_ORIGIN: &str = "schemas/synonyms.txt";
/// Separates the two sides of a one-way rule.
const ARROW: &str = "=>";

/// Why a synonym list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SynonymsError {
    /// The file could not be read at all.
    #[error("cannot read {path}: {cause}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error, shown in the message rather than chained (see
        /// `IngestError::Read`).
        cause: std::io::Error,
    },
    /// A line breaks the format; nothing of the list is returned, since a silently skipped
    /// line would be a synonym the administrator believes in and the search does not apply.
    #[error("{path}:{line}: {problem}")]
    Malformed {
        /// The file, or the name given to text parsed from memory.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        problem: LineProblem,
    },
}

/// What is wrong with one line of a synonym list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LineProblem {
    /// A term has no word: two commas in a row, a trailing comma, or only punctuation
    /// (`« - »`).
    #[error("a term is empty (two commas in a row, a trailing comma, or no word in it)")]
    EmptyTerm,
    /// A group of equivalent terms has fewer than two distinct terms once normalised
    /// (`courriel` alone, or `E-mail, e mail`).
    #[error("the group has a single distinct term; synonyms need at least two")]
    SingleTerm,
    /// A one-way rule has nothing before its `=>`.
    #[error("nothing before `=>`: a one-way rule needs the terms it expands")]
    EmptySource,
    /// A one-way rule has nothing after its `=>`.
    #[error("nothing after `=>`: a one-way rule needs the terms it expands to")]
    EmptyTarget,
    /// A line has more than one `=>`.
    #[error("more than one `=>` on the line")]
    SeveralArrows,
    /// A one-way rule whose targets are all among its sources adds nothing.
    #[error("the rule expands its terms only to themselves")]
    RuleToItself,
}

/// Where in a query a synonym term was found, and what else to search there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The query words (indices into the slice given to [`Synonyms::expansions`]) that form the
    /// term.
    pub span: Range<usize>,
    /// The other terms to search for those words, each as its matching words, in the order of
    /// the list; never the span's own words.
    pub alternatives: Vec<Vec<String>>,
}

/// A parsed synonym list: for each term, the terms it also searches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    /// Alternatives of each term, keyed by the term's matching words.
    alternatives: HashMap<Vec<String>, Vec<Vec<String>>>,
    /// Words of the longest term: no longer span of the query can match.
    longest_term: usize,
}

impl Synonyms {
    /// A list without synonyms: every query is searched as typed.
    pub fn empty() -> Self {
        Synonyms::default()
    }

    /// The list bundled with Trouvaille (`schemas/synonyms.txt`), parsed on each call: keep the
    /// result rather than calling this per query.
    ///
    /// # Panics
    ///
    /// Never in a build that passed its tests: a unit test parses the bundled file.
    pub fn bundled() -> Self {
        Synonyms::parse(BUNDLED_SYNONYMS, Path::new(BUNDLED_ORIGIN))
            .unwrap_or_else(|error| panic!("the bundled synonym list is malformed: {error}"))
    }

    /// Reads and parses the synonym list at `path`.
    pub fn load(path: &Path) -> Result<Self, SynonymsError> {
        let text = std::fs::read_to_string(path)
            .map_err(|cause| SynonymsError::Read { path: path.to_path_buf(), cause })?;
        Synonyms::parse(&text, path)
    }

    /// Parses a synonym list; `origin` only names the text in errors. The first malformed line
    /// fails the whole list.
    pub fn parse(text: &str, origin: &Path) -> Result<Self, SynonymsError> {
        let mut synonyms = Synonyms::empty();
        for (index, line) in text.lines().enumerate() {
            let malformed = |problem| SynonymsError::Malformed {
                path: origin.to_path_buf(),
                line: index + 1,
                problem,
            };
            let content = line.split('#').next().unwrap_or_default().trim();
            if content.is_empty() {
                continue;
            }
            synonyms.add_line(content).map_err(malformed)?;
        }
        Ok(synonyms)
    }

    /// Number of distinct terms that expand to something.
    pub fn len(&self) -> usize {
        self.alternatives.len()
    }

    /// True when no term expands: the list is empty or made only of comments.
    pub fn is_empty(&self) -> bool {
        self.alternatives.is_empty()
    }

    /// The list as one-way rules in the Solr format that Lucene, OpenSearch and Elasticsearch
    /// read (`ti => ti, technologies de l information`), sorted: each term keeps itself and adds
    /// its alternatives, as Trouvaille searches it, and rules of equivalent terms become one
    /// rule per term. Words are the matching words (folded, elided articles dropped).
    pub fn solr_rules(&self) -> Vec<String> {
        let mut rules: Vec<String> = self
            .alternatives
            .iter()
            .map(|(term, alternatives)| {
                let targets = std::iter::once(term).chain(alternatives);
                let targets: Vec<String> = targets.map(|target| target.join(" ")).collect();
                format!("{} => {}", term.join(" "), targets.join(", "))
            })
            .collect();
        rules.sort();
        rules
    }

    /// The synonym terms found in a query's words (as [`matching_words`] gives them, in order),
    /// with what else to search for each, ordered by position.
    ///
    /// Spans never overlap. The longest term found anywhere in the query is taken first, then
    /// the longest of what is left, and so on (leftmost first at equal length): the most
    /// specific term wins, so `technologies de l'information et de la communication` expands
    /// as TIC and not its first words as TI, even when a shorter term starts earlier.
    pub fn expansions(&self, words: &[String]) -> Vec<Expansion> {
        let mut candidates: Vec<(Range<usize>, &Vec<Vec<String>>)> = Vec::new();
        for start in 0..words.len() {
            let last_end = words.len().min(start + self.longest_term);
            for end in start + 1..=last_end {
                if let Some(alternatives) = self.alternatives.get(&words[start..end]) {
                    candidates.push((start..end, alternatives));
                }
            }
        }
        candidates.sort_by_key(|(span, _)| (std::cmp::Reverse(span.len()), span.start));
        let mut taken = vec![false; words.len()];
        let mut expansions = Vec::new();
        for (span, alternatives) in candidates {
            if taken[span.clone()].iter().any(|&word_taken| word_taken) {
                continue;
            }
            taken[span.clone()].fill(true);
            expansions.push(Expansion { span, alternatives: alternatives.clone() });
        }
        expansions.sort_by_key(|expansion| expansion.span.start);
        expansions
    }

    /// Adds the group or rule of one line, comment and surrounding blanks already removed.
    fn add_line(&mut self, content: &str) -> Result<(), LineProblem> {
        let sides: Vec<&str> = content.split(ARROW).collect();
        match sides.as_slice() {
            [group] => {
                let terms = parse_terms(group)?;
                if terms.len() < 2 {
                    return Err(LineProblem::SingleTerm);
                }
                for term in &terms {
                    self.add_alternatives(term, &terms);
                }
            }
            [sources, targets] => {
                if sources.trim().is_empty() {
                    return Err(LineProblem::EmptySource);
                }
                if targets.trim().is_empty() {
                    return Err(LineProblem::EmptyTarget);
                }
                let sources = parse_terms(sources)?;
                let targets = parse_terms(targets)?;
                if targets.iter().all(|target| sources.contains(target)) {
                    return Err(LineProblem::RuleToItself);
                }
                for source in &sources {
                    self.add_alternatives(source, &targets);
                }
            }
            _ => return Err(LineProblem::SeveralArrows),
        }
        Ok(())
    }

    /// Makes `term` also search every one of `alternatives` but itself, after what it already
    /// searches (a term may appear in several groups).
    fn add_alternatives(&mut self, term: &[String], alternatives: &[Vec<String>]) {
        let known = self.alternatives.entry(term.to_vec()).or_default();
        for alternative in alternatives {
            if alternative.as_slice() != term && !known.contains(alternative) {
                known.push(alternative.clone());
            }
        }
        if known.is_empty() {
            self.alternatives.remove(term);
        } else {
            self.longest_term = self.longest_term.max(term.len());
        }
    }
}

/// The words of `text` as synonym matching compares them, the way the query builder reads a
/// query: NFC, split by the French word splitter (elided articles dropped, hyphens separating
/// words, stopwords kept), lowercased, accents and ligatures folded.
pub fn matching_words(text: &str) -> Vec<String> {
    split_words(&normalise_nfc(text))
        .into_iter()
        .map(|word| fold_diacritics(&word.lowercase))
        .collect()
}

/// The distinct terms of a comma-separated list, in order, as matching words.
fn parse_terms(list: &str) -> Result<Vec<Vec<String>>, LineProblem> {
    let mut terms: Vec<Vec<String>> = Vec::new();
    for term in list.split(',') {
        let words = matching_words(term);
        if words.is_empty() {
            return Err(LineProblem::EmptyTerm);
        }
        if !terms.contains(&words) {
            terms.push(words);
        }
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Synonyms {
        Synonyms::parse(text, Path::new("test.txt")).unwrap()
    }

    #[test]
    fn solr_rules_keep_the_typed_term_and_name_every_alternative() {
        let synonyms = parse("TI, technologies de l’information\nGouv => gouvernement\n");
        assert_eq!(
            synonyms.solr_rules(),
            [
                "gouv => gouv, gouvernement",
                "technologies de information => technologies de information, ti",
                "ti => ti, technologies de information",
            ]
        );
    }

    fn problem(text: &str) -> (usize, LineProblem) {
        match Synonyms::parse(text, Path::new("test.txt")).unwrap_err() {
            SynonymsError::Malformed { line, problem, .. } => (line, problem),
            other => panic!("unexpected error {other}"),
        }
    }

    /// The expansions of `query`, as (matched words, alternatives joined by spaces).
    fn expand(synonyms: &Synonyms, query: &str) -> Vec<(String, Vec<String>)> {
        let words = matching_words(query);
        synonyms
            .expansions(&words)
            .into_iter()
            .map(|expansion| {
                let matched = words[expansion.span].join(" ");
                let alternatives =
                    expansion.alternatives.iter().map(|alternative| alternative.join(" "));
                (matched, alternatives.collect())
            })
            .collect()
    }

    fn owned(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| word.to_string()).collect()
    }

    #[test]
    fn matching_words_read_like_the_query_builder() {
        assert_eq!(
            matching_words("Technologies de l’Information"),
            ["technologies", "de", "information"]
        );
        assert_eq!(matching_words("E-mail, MÉL"), ["e", "mail", "mel"]);
        assert_eq!(matching_words("GNU/Linux aujourd'hui"), ["gnu", "linux", "aujourd'hui"]);
        assert!(matching_words(" « - » ").is_empty());
    }

    #[test]
    fn an_acronym_and_its_multi_word_form_expand_to_each_other() {
        let synonyms = parse("TI, technologies de l'information\n");
        assert_eq!(
            expand(&synonyms, "budget TI"),
            [("ti".to_string(), vec!["technologies de information".to_string()])]
        );
        let words = matching_words("les technologies de l’information au Québec");
        assert_eq!(
            synonyms.expansions(&words),
            [Expansion { span: 1..4, alternatives: vec![owned(&["ti"])] }]
        );
    }

    #[test]
    fn case_and_accents_do_not_matter_on_either_side() {
        let synonyms = parse("Courriel, MÉL, e-mail\n");
        let expected = vec!["mel".to_string(), "e mail".to_string()];
        assert_eq!(expand(&synonyms, "COURRIEL"), [("courriel".to_string(), expected)]);
        assert_eq!(expand(&synonyms, "mel")[0].1, ["courriel", "e mail"]);
        assert_eq!(expand(&synonyms, "Mél")[0].1, ["courriel", "e mail"]);
        assert_eq!(expand(&synonyms, "E-Mail")[0].1, ["courriel", "mel"]);
    }

    #[test]
    fn stopwords_belong_to_the_term() {
        let synonyms = parse("gouvernement en ligne, cybergouvernement\n");
        assert_eq!(expand(&synonyms, "gouvernement en ligne")[0].1, ["cybergouvernement"]);
        assert!(expand(&synonyms, "gouvernement ligne").is_empty());
        assert!(expand(&synonyms, "gouvernement").is_empty());
    }

    #[test]
    fn the_longest_term_wins_over_a_shorter_one_inside_it() {
        let synonyms = parse(
            "TI, technologies de l'information\n\
             TIC, technologies de l'information et de la communication\n",
        );
        let found = expand(&synonyms, "les technologies de l'information et de la communication");
        assert_eq!(
            found,
            [(
                "technologies de information et de la communication".to_string(),
                vec!["tic".to_string()]
            )]
        );
    }

    #[test]
    fn overlapping_candidates_keep_the_longest_then_the_leftmost() {
        let synonyms = parse("a b, x\nb c d, y\nd e, z\nc, w\n");
        // `b c d` (3 words) beats `a b`, which starts earlier, and `d e`; `c` is inside it.
        assert_eq!(expand(&synonyms, "a b c d e"), [("b c d".to_string(), vec!["y".to_string()])]);
        // At equal length the leftmost wins: `a b` and `b c` share `b`.
        let synonyms = parse("a b, x\nb c, y\n");
        assert_eq!(expand(&synonyms, "a b c"), [("a b".to_string(), vec!["x".to_string()])]);
    }

    #[test]
    fn several_terms_of_one_query_expand_in_order() {
        let synonyms =
            parse("TI, technologies de l'information\nOBNL, organisme à but non lucratif\n");
        let words = matching_words("TI pour un OBNL");
        let expansions = synonyms.expansions(&words);
        assert_eq!(expansions.len(), 2);
        assert_eq!(expansions[0].span, 0..1);
        assert_eq!(expansions[1].span, 3..4);
        assert_eq!(
            expansions[1].alternatives,
            [owned(&["organisme", "a", "but", "non", "lucratif"])]
        );
    }

    #[test]
    fn one_way_rules_expand_only_their_sources() {
        let synonyms = parse("appli, applis => application\nBDD => base de données\n");
        assert_eq!(expand(&synonyms, "appli")[0].1, ["application"]);
        assert_eq!(expand(&synonyms, "applis")[0].1, ["application"]);
        assert!(expand(&synonyms, "application").is_empty());
        assert_eq!(expand(&synonyms, "bdd")[0].1, ["base de donnees"]);
        assert!(expand(&synonyms, "base de données").is_empty());
        // Sources do not search each other.
        assert!(!expand(&synonyms, "appli")[0].1.contains(&"applis".to_string()));
    }

    #[test]
    fn a_term_in_several_groups_searches_all_of_them() {
        let synonyms = parse(
            "enregistrer, sauvegarder\nsauvegarde, backup\ntélécharger, download\n\
             téléchargement, download\n",
        );
        assert_eq!(expand(&synonyms, "download")[0].1, ["telecharger", "telechargement"]);
        assert_eq!(synonyms.len(), 7);
    }

    #[test]
    fn a_one_way_rule_sharing_its_source_with_a_target_drops_the_source() {
        let synonyms = parse("a, b => b, c\n");
        assert_eq!(expand(&synonyms, "a")[0].1, ["b", "c"]);
        assert_eq!(expand(&synonyms, "b")[0].1, ["c"]);
        assert!(expand(&synonyms, "c").is_empty());
    }

    #[test]
    fn comments_blank_lines_and_windows_line_endings_are_ignored() {
        let synonyms =
            parse("# en-tête\r\n\r\n   \r\nrépertoire, dossier # commentaire\r\n  # fin\r\n");
        assert_eq!(expand(&synonyms, "dossier")[0].1, ["repertoire"]);
        assert_eq!(synonyms.len(), 2);
        assert!(parse("# rien\n\n").is_empty());
    }

    #[test]
    fn no_synonyms_means_no_expansion() {
        let words = matching_words("technologies de l'information");
        assert!(Synonyms::empty().expansions(&words).is_empty());
        assert!(Synonyms::empty().expansions(&[]).is_empty());
        assert!(parse("ti, technologies de l'information\n").expansions(&[]).is_empty());
    }

    #[test]
    fn empty_terms_are_errors() {
        assert_eq!(problem("a, , b\n"), (1, LineProblem::EmptyTerm));
        assert_eq!(problem("# c\na, b,\n"), (2, LineProblem::EmptyTerm));
        assert_eq!(problem("a, « - », b\n"), (1, LineProblem::EmptyTerm));
        assert_eq!(problem("a => b, ;\n"), (1, LineProblem::EmptyTerm));
    }

    #[test]
    fn a_group_needs_two_distinct_terms() {
        assert_eq!(problem("a, b\ncourriel\n"), (2, LineProblem::SingleTerm));
        assert_eq!(problem("E-mail, e mail, É-MAIL\n"), (1, LineProblem::SingleTerm));
    }

    #[test]
    fn one_way_rules_need_both_sides_and_one_arrow() {
        assert_eq!(problem("=> a\n"), (1, LineProblem::EmptySource));
        assert_eq!(problem("a =>   # rien\n"), (1, LineProblem::EmptyTarget));
        assert_eq!(problem("a => b => c\n"), (1, LineProblem::SeveralArrows));
        assert_eq!(problem("a, b => B, a\n"), (1, LineProblem::RuleToItself));
    }

    #[test]
    fn the_error_message_names_the_file_and_the_line() {
        let error = Synonyms::parse("a, b\n\nseul\n", Path::new("conf/synonyms.txt")).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("conf/synonyms.txt:3: "), "{message}");
        assert!(message.contains("single distinct term"), "{message}");
    }

    #[test]
    fn load_reads_a_file_and_names_it_when_it_cannot() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("synonyms.txt");
        std::fs::write(&path, "ordinateur, PC\n").unwrap();
        let synonyms = Synonyms::load(&path).unwrap();
        assert_eq!(expand(&synonyms, "pc")[0].1, ["ordinateur"]);

        let missing = directory.path().join("absent.txt");
        let error = Synonyms::load(&missing).unwrap_err();
        assert!(matches!(error, SynonymsError::Read { .. }));
        assert!(error.to_string().contains("absent.txt"));

        std::fs::write(&path, "ordinateur, PC\nseul\n").unwrap();
        match Synonyms::load(&path).unwrap_err() {
            SynonymsError::Malformed { path: error_path, line, .. } => {
                assert_eq!((error_path, line), (path, 2));
            }
            other => panic!("unexpected error {other}"),
        }
    }

    #[test]
    fn the_bundled_list_parses_and_holds_the_ti_and_courriel_groups() {
        let synonyms = Synonyms::bundled();
        assert!(synonyms.len() > 100, "{} terms", synonyms.len());

        let ti = expand(&synonyms, "TI");
        assert!(ti[0].1.contains(&"technologies de information".to_string()), "{ti:?}");
        let long_form = expand(&synonyms, "technologies de l’information");
        assert_eq!(long_form[0].0, "technologies de information");
        assert!(long_form[0].1.contains(&"ti".to_string()), "{long_form:?}");

        let courriel = &expand(&synonyms, "courriel")[0].1;
        for other in ["e mail", "email", "mail", "mel"] {
            assert!(courriel.contains(&other.to_string()), "{other} missing from {courriel:?}");
        }
        assert!(expand(&synonyms, "mél")[0].1.contains(&"courriel".to_string()));

        let gouvernement = &expand(&synonyms, "gouvernement en ligne")[0].1;
        assert!(gouvernement.contains(&"cybergouvernement".to_string()), "{gouvernement:?}");
    }

    #[test]
    fn no_bundled_term_expands_to_itself() {
        let synonyms = Synonyms::bundled();
        for (term, alternatives) in &synonyms.alternatives {
            assert!(!alternatives.is_empty(), "{term:?}");
            assert!(!alternatives.contains(term), "{term:?} expands to itself");
        }
    }
}
