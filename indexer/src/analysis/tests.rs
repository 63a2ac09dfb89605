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
