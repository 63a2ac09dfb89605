//! Verbs and the nouns made from them: `insérer` / `insertion`, `protéger` / `protection`,
//! `convertir` / `conversion`.
//!
//! A visitor types what to do (`inserer une image`), a help page or an article is titled by
//! the action's noun (`Insertion d'images`). Snowball stems most such pairs alike
//! (`enregistrer` / `enregistrement`, `installer` / `installation`), but not those whose
//! stem changes at the suffix: `inser` and `insert`, `proteg` and `protect`. French forms these
//! nouns by a few regular suffix changes; each rule here turns a folded word ending in one
//! suffix into the same word ending in the other, both ways. A search keeps only the
//! candidates the index holds, so a rule never invents a word.

/// Pairs of folded suffixes, verb first: a word ending in one may be related to the same word
/// ending in the other. Longer suffixes come before the shorter ones they end with.
const SUFFIX_PAIRS: [(&str, &str); 13] = [
    ("ifier", "ification"),
    ("eger", "ection"),
    ("ertir", "ersion"),
    ("primer", "pression"),
    ("uire", "uction"),
    ("aire", "action"),
    ("crire", "scription"),
    ("soudre", "solution"),
    ("mettre", "mission"),
    ("ir", "ition"),
    ("er", "ation"),
    ("er", "tion"),
    ("er", "ion"),
];

/// The shortest part of a word a suffix may leave: `rer` is not `r` + `er` (but `décrire` is
/// `dé` + `crire`).
const MIN_BASE_CHARS: usize = 2;

/// The words `folded` may derive from or into by one suffix change, most specific rule first
/// (words the index does not hold are the caller's to drop).
pub fn derived_words(folded: &str) -> Vec<String> {
    let mut derived: Vec<String> = Vec::new();
    for (verb, noun) in SUFFIX_PAIRS {
        for (from, to) in [(verb, noun), (noun, verb)] {
            let Some(base) = folded.strip_suffix(from) else { continue };
            if base.chars().count() < MIN_BASE_CHARS {
                continue;
            }
            let word = format!("{base}{to}");
            if word != folded && !derived.contains(&word) {
                derived.push(word);
            }
        }
    }
    derived
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derives(word: &str, expected: &str) -> bool {
        derived_words(word).iter().any(|derived| derived == expected)
    }

    #[test]
    fn verbs_lead_to_their_nouns_and_back() {
        for (verb, noun) in [
            ("inserer", "insertion"),
            ("proteger", "protection"),
            ("creer", "creation"),
            ("modifier", "modification"),
            ("definir", "definition"),
            ("convertir", "conversion"),
            ("supprimer", "suppression"),
            ("reduire", "reduction"),
            ("extraire", "extraction"),
            ("decrire", "description"),
            ("resoudre", "resolution"),
            ("transmettre", "transmission"),
        ] {
            assert!(derives(verb, noun), "{verb} → {noun}: {:?}", derived_words(verb));
            assert!(derives(noun, verb), "{noun} → {verb}: {:?}", derived_words(noun));
        }
    }

    #[test]
    fn short_words_and_other_endings_derive_nothing() {
        assert!(derived_words("rer").is_empty() && derived_words("lion").is_empty());
        assert!(derived_words("fichier").iter().all(|word| word.starts_with("fich")));
        assert!(derived_words("image").iter().all(|word| word.starts_with("im")));
        assert!(derived_words("texte").is_empty());
    }
}
