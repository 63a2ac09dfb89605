//! Tantivy tokenizers over [`FrenchAnalyzer`](super::FrenchAnalyzer), one per kind of field.
//!
//! Tantivy does not store custom tokenizers in the index: `register_french_tokenizers` must run
//! on every open, and `index::schema` names the fields that use each.

use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer, TokenizerManager};

use super::{AnalyzedToken, FrenchAnalyzer, Stemming};

/// Tokenizer name of the stemmed French fields.
pub const STEMMED_TOKENIZER: &str = "french_stemmed";
/// Tokenizer name of the folded, unstemmed fields.
pub const EXACT_TOKENIZER: &str = "french_exact";
/// Tokenizer name of the surface-word field the accent lexicon is read from.
pub const SURFACE_TOKENIZER: &str = "french_surface";

#[derive(Clone, Copy)]
enum FieldKind {
    Stemmed,
    Exact,
    Surface,
}

/// A tantivy tokenizer producing one kind of French terms.
#[derive(Clone)]
pub struct FrenchFieldTokenizer {
    analyzer: Arc<FrenchAnalyzer>,
    kind: FieldKind,
}

impl Tokenizer for FrenchFieldTokenizer {
    type TokenStream<'a> = AnalyzedTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnalyzedTokenStream {
        let tokens = match self.kind {
            FieldKind::Stemmed => self.analyzer.stemmed_tokens(text),
            FieldKind::Exact => self.analyzer.exact_tokens(text),
            FieldKind::Surface => surface_tokens(&self.analyzer, text),
        };
        AnalyzedTokenStream::new(tokens)
    }
}

fn surface_tokens(analyzer: &FrenchAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    analyzer
        .words(text)
        .into_iter()
        .map(|word| AnalyzedToken {
            term: word.lowercase,
            offset_from: word.offset_from,
            offset_to: word.offset_to,
            position: word.position,
        })
        .collect()
}

/// Registers the French tokenizers under their names.
pub fn register_french_tokenizers(manager: &TokenizerManager, stemming: Stemming) {
    let analyzer = Arc::new(FrenchAnalyzer::with_stemming(stemming));
    for (name, kind) in [
        (STEMMED_TOKENIZER, FieldKind::Stemmed),
        (EXACT_TOKENIZER, FieldKind::Exact),
        (SURFACE_TOKENIZER, FieldKind::Surface),
    ] {
        manager.register(name, FrenchFieldTokenizer { analyzer: analyzer.clone(), kind });
    }
}

/// A token stream over terms computed in advance.
pub struct AnalyzedTokenStream {
    tokens: Vec<Token>,
    current: Option<usize>,
}

impl AnalyzedTokenStream {
    fn new(analyzed: Vec<AnalyzedToken>) -> Self {
        let tokens = analyzed
            .into_iter()
            .map(|token| Token {
                offset_from: token.offset_from,
                offset_to: token.offset_to,
                position: token.position,
                text: token.term,
                position_length: 1,
            })
            .collect();
        AnalyzedTokenStream { tokens, current: None }
    }
}

impl TokenStream for AnalyzedTokenStream {
    fn advance(&mut self) -> bool {
        let next = self.current.map_or(0, |index| index + 1);
        self.current = Some(next);
        next < self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.current.unwrap_or(0)]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.current.unwrap_or(0)]
    }
}
