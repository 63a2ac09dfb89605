//! Slugs: the stable article ids derived from titles.
//!
//! An archive page gives no id, only a title, and an article must keep the same id from one
//! ingest to the next so that updates replace it instead of duplicating it. The title is the one
//! stable thing, so the id is the title made safe for URLs and shells: no accents, no spaces, no
//! typographic punctuation, and short enough to read in a log line.

use crate::analysis::folding::fold_diacritics;

/// Longest slug kept: long titles would otherwise give ids that wrap in logs and URLs.
const MAXIMUM_SLUG_CHARS: usize = 80;

/// Turns a title into its id: `JIQ 2013 – L’expérience TI` → `jiq-2013-l-experience-ti`.
///
/// Folding accents first means that a title retyped with or without accents keeps its id. The
/// result may be empty when the title has no letter or digit; the caller decides what to do then.
pub fn slugify(title: &str) -> String {
    let folded = fold_diacritics(title).to_lowercase();
    let mut slug = String::with_capacity(folded.len());
    for character in folded.chars() {
        if character.is_alphanumeric() {
            slug.push(character);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    cap_at_word_boundary(slug).to_string()
}

/// Cuts at a `-` so that a capped slug ends on a whole word rather than on half of one.
fn cap_at_word_boundary(slug: &str) -> &str {
    let Some((cut, _)) = slug.char_indices().nth(MAXIMUM_SLUG_CHARS) else {
        return slug;
    };
    let head = &slug[..cut];
    if slug[cut..].starts_with('-') {
        return head;
    }
    match head.rfind('-') {
        Some(last_dash) => &head[..last_dash],
        None => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_lowercases() {
        assert_eq!(slugify("JIQ 2013 – L’expérience TI"), "jiq-2013-l-experience-ti");
        assert_eq!(slugify("Cœur ÉLÈVE Ça"), "coeur-eleve-ca");
    }

    #[test]
    fn collapses_punctuation_and_no_break_spaces_into_one_dash() {
        assert_eq!(
            slugify("Québec\u{a0}: le Carnaval laisse place au\u{a0}numérique!"),
            "quebec-le-carnaval-laisse-place-au-numerique"
        );
        assert_eq!(
            slugify("Aspects légaux du Web 2.0 : Nouvelles extensions (1/2)"),
            "aspects-legaux-du-web-2-0-nouvelles-extensions-1-2"
        );
    }

    #[test]
    fn trims_dashes_at_both_ends() {
        assert_eq!(slugify("« Où allons-nous ? »"), "ou-allons-nous");
        assert_eq!(slugify("  --Titre--  "), "titre");
    }

    #[test]
    fn gives_an_empty_slug_when_nothing_is_alphanumeric() {
        assert_eq!(slugify(""), "");
        assert_eq!(slugify(" – ! « » "), "");
    }

    #[test]
    fn caps_long_slugs_at_a_dash() {
        let title = "WebCamp Québec 2013 – Conception d’interfaces Web : \
                     la mobilité force à « trouver l’universel dans le spécifique\u{a0}»";
        let slug = slugify(title);
        assert_eq!(
            slug,
            "webcamp-quebec-2013-conception-d-interfaces-web-la-mobilite-force-a-trouver-l"
        );
        assert!(slug.chars().count() <= MAXIMUM_SLUG_CHARS);
    }

    #[test]
    fn keeps_a_slug_that_ends_exactly_at_the_cap() {
        let eighty = format!("{}-{}", "a".repeat(39), "b".repeat(40));
        assert_eq!(slugify(&format!("{eighty} suite")), eighty);
    }

    #[test]
    fn cuts_a_single_overlong_word_at_the_cap() {
        assert_eq!(slugify(&"x".repeat(100)), "x".repeat(80));
    }

    #[test]
    fn keeps_letters_of_other_scripts() {
        assert_eq!(slugify("日本 – Web"), "日本-web");
    }
}
