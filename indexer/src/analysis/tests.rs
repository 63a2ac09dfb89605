use super::stemming::FrenchStemmer;
use super::*;

fn terms(tokens: Vec<AnalyzedToken>) -> Vec<String> {
    tokens.into_iter().map(|token| token.term).collect()
}

#[test]
fn stemmed_tokens_drop_stopwords_and_keep_positions() {
    let analyzer = FrenchAnalyzer::default();
    let tokens = analyzer.stemmed_tokens("Les noms de domaine");
    assert_eq!(terms(tokens.clone()), ["nom", "domain"]);
    assert_eq!(tokens.iter().map(|t| t.position).collect::<Vec<_>>(), [1, 3]);
}

#[test]
fn stems_are_folded() {
    let analyzer = FrenchAnalyzer::default();
    assert_eq!(terms(analyzer.stemmed_tokens("L’expérience sécurité")), ["experient", "secur"]);
}

#[test]
fn exact_tokens_keep_stopwords_and_join_compounds() {
    let analyzer = FrenchAnalyzer::default();
    assert_eq!(
        terms(analyzer.exact_tokens("la Colombie-Britannique, e-Gouv")),
        ["la", "colombie", "britannique", "colombiebritannique", "e", "gouv", "egouv"]
    );
}

#[test]
fn decomposed_accents_are_normalised() {
    let analyzer = FrenchAnalyzer::default();
    let decomposed = "e\u{301}cole";
    assert_eq!(terms(analyzer.stemmed_tokens(decomposed)), terms(analyzer.stemmed_tokens("école")));
}

#[test]
fn query_stems_restore_accents_from_the_lexicon() {
    let analyzer = FrenchAnalyzer::default();
    let lexicon = AccentLexicon::from_surface_words(
        ["sécurité".to_string()],
        |_| false,
        &FrenchStemmer::default(),
    );
    assert_eq!(analyzer.query_stems("securite", &lexicon), ["secur"]);
    assert_eq!(analyzer.query_stems("sécurité", &lexicon), ["secur"]);
    assert_eq!(analyzer.query_stems("SÉCURITÉ", &lexicon), ["secur"]);
    assert!(analyzer.query_stems("à", &lexicon).is_empty());
}

#[test]
fn fold_then_stem_ignores_the_lexicon() {
    let analyzer = FrenchAnalyzer::new(StemmingOrder::FoldThenStem);
    let lexicon = AccentLexicon::from_surface_words(
        ["sécurité".to_string()],
        |_| false,
        &FrenchStemmer::default(),
    );
    assert_eq!(analyzer.query_stems("sécurité", &lexicon), ["securit"]);
}

mod properties {
    use proptest::prelude::*;

    use super::super::elision::normalise_apostrophes;
    use super::*;

    /// French-looking text (accents, both apostrophes, hyphens, numbers, punctuation), or any
    /// printable text at all.
    const TEXT: &str = "[a-zA-Zàâçéèêëîôùûœ’'ʼ\\-., 0-9«»]{0,60}|\\PC{0,40}";

    /// French words and separators only, for the properties about accents.
    const FRENCH_TEXT: &str = "[a-zàâçéèêëîôùûœ’' -]{0,60}";

    proptest! {
        /// Each word's offsets lie on character boundaries of the NFC text, in order, and slice
        /// back to the word (lowercased, apostrophes written `'`).
        #[test]
        fn words_slice_back_to_their_text(text in TEXT) {
            let nfc = normalise_nfc(&text);
            let words = FrenchAnalyzer::default().words(&text);
            for word in &words {
                prop_assert!(word.offset_from < word.offset_to && word.offset_to <= nfc.len());
                prop_assert!(nfc.is_char_boundary(word.offset_from));
                prop_assert!(nfc.is_char_boundary(word.offset_to));
                let source = &nfc[word.offset_from..word.offset_to];
                let lowercase = normalise_apostrophes(&source.to_lowercase());
                prop_assert_eq!(lowercase, word.lowercase.as_str());
            }
            for pair in words.windows(2) {
                prop_assert!(pair[0].offset_to <= pair[1].offset_from);
                prop_assert!(pair[0].position < pair[1].position);
            }
        }

        /// No term is empty, and every token spans whole words of the text.
        #[test]
        fn tokens_are_non_empty_and_span_whole_words(text in TEXT) {
            let analyzer = FrenchAnalyzer::default();
            let words = analyzer.words(&text);
            let starts: Vec<usize> = words.iter().map(|word| word.offset_from).collect();
            let ends: Vec<usize> = words.iter().map(|word| word.offset_to).collect();
            let stemmed = analyzer.stemmed_tokens(&text);
            for token in stemmed.into_iter().chain(analyzer.exact_tokens(&text)) {
                prop_assert!(!token.term.is_empty(), "an empty term in {:?}", text);
                prop_assert!(starts.contains(&token.offset_from));
                prop_assert!(ends.contains(&token.offset_to));
            }
        }

        /// The same text always gives the same tokens, whichever analyzer instance runs.
        #[test]
        fn analysis_is_deterministic(text in TEXT) {
            let analyzer = FrenchAnalyzer::default();
            let other = analyzer.clone();
            prop_assert_eq!(analyzer.stemmed_tokens(&text), other.stemmed_tokens(&text));
            prop_assert_eq!(analyzer.exact_tokens(&text), other.exact_tokens(&text));
        }

        /// Folding a folded text changes nothing.
        #[test]
        fn folding_is_idempotent(text in TEXT) {
            let folded = fold_diacritics(&text);
            prop_assert_eq!(fold_diacritics(&folded), folded);
        }

        /// A word of an indexed text, typed without its accents, still searches the stem it
        /// was indexed under.
        #[test]
        fn a_word_typed_without_accents_reaches_its_index_stem(text in FRENCH_TEXT) {
            let analyzer = FrenchAnalyzer::default();
            let surface: Vec<String> =
                analyzer.words(&text).into_iter().map(|word| word.lowercase).collect();
            let lexicon = AccentLexicon::from_surface_words(
                surface.iter().cloned(),
                |word| surface.iter().any(|indexed| indexed == word),
                analyzer.stemmer(),
            );
            for word in &surface {
                let Some(index_stem) = analyzer.index_stem(word) else {
                    continue;
                };
                let typed = fold_diacritics(word);
                prop_assert!(
                    analyzer.query_stems(&typed, &lexicon).contains(&index_stem),
                    "{typed:?} misses {index_stem:?} of {word:?}"
                );
            }
        }
    }
}
