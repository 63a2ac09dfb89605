//! Accent and ligature folding: `Québec` → `Quebec`, `cœur` → `coeur`.
//!
//! People type without accents, or with the wrong ones; folding is what lets `donnees` and
//! `données` meet. It runs on text that is already NFC, and works character by character so that
//! the folded word has the same number of words as the original.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folds accents and ligatures of `text` to their ASCII base letters; other characters are kept.
pub fn fold_diacritics(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for character in text.chars() {
        push_folded(character, &mut folded);
    }
    folded
}

/// True when folding would change `text`: the cheap test that keeps ASCII words allocation-free.
pub fn needs_folding(text: &str) -> bool {
    !text.is_ascii()
}

fn push_folded(character: char, out: &mut String) {
    if character.is_ascii() {
        out.push(character);
        return;
    }
    if let Some(expansion) = ligature(character) {
        out.push_str(expansion);
        return;
    }
    decompose_canonical(character, |part| {
        if !is_combining_mark(part) {
            out.push(part);
        }
    });
}

/// Letters that canonical decomposition leaves alone but a French reader types differently.
fn ligature(character: char) -> Option<&'static str> {
    Some(match character {
        'œ' => "oe",
        'Œ' => "OE",
        'æ' => "ae",
        'Æ' => "AE",
        'ß' => "ss",
        'ø' => "o",
        'Ø' => "O",
        'ł' => "l",
        'Ł' => "L",
        'đ' => "d",
        'Đ' => "D",
        'ı' => "i",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_french_accents_and_ligatures() {
        assert_eq!(fold_diacritics("Québec"), "Quebec");
        assert_eq!(fold_diacritics("données"), "donnees");
        assert_eq!(fold_diacritics("cœur"), "coeur");
        assert_eq!(fold_diacritics("ÉLÈVE Ça"), "ELEVE Ca");
        assert_eq!(fold_diacritics("naïf ambiguïté"), "naif ambiguite");
    }

    #[test]
    fn keeps_other_characters() {
        assert_eq!(fold_diacritics("Web 2.0 – « oui »"), "Web 2.0 – « oui »");
        assert_eq!(fold_diacritics("日本"), "日本");
    }
}
