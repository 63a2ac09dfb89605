//! Parsing what a person types into a structured query.
//!
//! The parser is lenient by construction: every input parses (an unclosed quote runs to the
//! end, a lone `-` or `OR` is ignored, an unknown `field:` is a word), because a search box must
//! answer whatever it is given. Syntax: words (all must match), `"exact phrase"`, `-exclusion`,
//! `a OR b`, and field prefixes `titre:`, `categorie:`, `etiquette:` (with or without accents,
//! English names too).

use crate::analysis::folding::fold_diacritics;

/// Where a query element searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Title, body, categories and tags.
    Everywhere,
    /// The title only.
    Title,
    /// Category names (matched as facet values, accent- and case-insensitively).
    Category,
    /// Tag names (matched as facet values, accent- and case-insensitively).
    Tag,
}

/// One searched unit: a word or a quoted phrase, in a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The text as typed (without quotes).
    pub text: String,
    /// True when the text was quoted.
    pub is_phrase: bool,
    /// Where it searches.
    pub scope: Scope,
}

/// Elements joined by `OR`, possibly excluded with `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Alternatives; a document matches the group when it matches one of them.
    pub alternatives: Vec<Element>,
    /// True when documents matching the group are excluded.
    pub excluded: bool,
}

/// A parsed query: groups that must all match (those not excluded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The groups, in typed order.
    pub groups: Vec<Group>,
}

impl ParsedQuery {
    /// The groups that must match.
    pub fn required_groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(|group| !group.excluded)
    }

    /// The groups that exclude documents.
    pub fn excluded_groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(|group| group.excluded)
    }

    /// True when nothing is required (an empty query, or only exclusions).
    pub fn has_no_required_group(&self) -> bool {
        self.required_groups().next().is_none()
    }
}

/// A lexical item of the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Element { element: Element, excluded: bool },
    Or,
}

/// Parses `text`; never fails.
pub fn parse_query(text: &str) -> ParsedQuery {
    let items = lex(text);
    let mut groups: Vec<Group> = Vec::new();
    let mut pending_or = false;
    for item in items {
        match item {
            Item::Or => pending_or = !groups.is_empty(),
            Item::Element { element, excluded } => {
                let joins_previous =
                    pending_or && groups.last().is_some_and(|group| group.excluded == excluded);
                match groups.last_mut() {
                    Some(group) if joins_previous => group.alternatives.push(element),
                    _ => groups.push(Group { alternatives: vec![element], excluded }),
                }
                pending_or = false;
            }
        }
    }
    ParsedQuery { groups }
}

fn lex(text: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let (item, remaining) = lex_item(rest);
        items.extend(item);
        rest = remaining.trim_start();
    }
    items
}

/// Reads one item at the start of `text` (which starts with a non-space), returning the rest.
fn lex_item(text: &str) -> (Option<Item>, &str) {
    let (excluded, text) = match text.strip_prefix('-') {
        Some(rest) if !rest.is_empty() && !rest.starts_with(char::is_whitespace) => (true, rest),
        _ => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (scope, text) = split_scope(text);
    let (body, is_phrase, rest) = match text.strip_prefix(['"', '«', '“']) {
        Some(quoted) => {
            let end = quoted.find(['"', '»', '”']).unwrap_or(quoted.len());
            let closing = quoted[end..].chars().next().map_or(0, char::len_utf8);
            (quoted[..end].trim(), true, &quoted[end + closing..])
        }
        None => {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            (&text[..end], false, &text[end..])
        }
    };
    if body == "OR" && !is_phrase && !excluded && scope == Scope::Everywhere {
        return (Some(Item::Or), rest);
    }
    if !body.chars().any(char::is_alphanumeric) {
        return (None, rest);
    }
    let element = Element { text: body.to_string(), is_phrase, scope };
    (Some(Item::Element { element, excluded }), rest)
}

/// Splits a `field:` prefix off `text` when it names a known field.
fn split_scope(text: &str) -> (Scope, &str) {
    let Some((name, value)) = text.split_once(':') else {
        return (Scope::Everywhere, text);
    };
    if value.is_empty() || value.starts_with(char::is_whitespace) {
        return (Scope::Everywhere, text);
    }
    let scope = match fold_diacritics(&name.to_lowercase()).as_str() {
        "titre" | "title" => Scope::Title,
        "categorie" | "category" | "categories" => Scope::Category,
        "etiquette" | "tag" | "tags" | "etiquettes" => Scope::Tag,
        _ => return (Scope::Everywhere, text),
    };
    (scope, value)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn word(text: &str) -> Element {
        Element { text: text.to_string(), is_phrase: false, scope: Scope::Everywhere }
    }

    fn group(elements: Vec<Element>, excluded: bool) -> Group {
        Group { alternatives: elements, excluded }
    }

    #[test]
    fn words_phrases_exclusions_and_or() {
        let parsed = parse_query(r#"données "nom de domaine" -twitter web OR internet"#);
        let phrase =
            Element { text: "nom de domaine".into(), is_phrase: true, scope: Scope::Everywhere };
        assert_eq!(
            parsed.groups,
            vec![
                group(vec![word("données")], false),
                group(vec![phrase], false),
                group(vec![word("twitter")], true),
                group(vec![word("web"), word("internet")], false),
            ]
        );
    }

    #[test]
    fn field_prefixes_with_and_without_accents() {
        let parsed = parse_query("titre:JIQ catégorie:\"Médias sociaux\" etiquette:waq url:x");
        let scopes: Vec<Scope> = parsed.groups.iter().map(|g| g.alternatives[0].scope).collect();
        assert_eq!(scopes, [Scope::Title, Scope::Category, Scope::Tag, Scope::Everywhere]);
        assert_eq!(parsed.groups[1].alternatives[0].text, "Médias sociaux");
        assert_eq!(parsed.groups[3].alternatives[0].text, "url:x");
    }

    #[test]
    fn lenient_with_broken_syntax() {
        assert_eq!(parse_query("\"nom de").groups[0].alternatives[0].text, "nom de");
        assert!(parse_query("OR - \"\" ::: -").groups.is_empty());
        assert_eq!(parse_query("a OR").groups.len(), 1);
        assert_eq!(
            parse_query("« l’expérience TI »").groups[0].alternatives[0].text,
            "l’expérience TI"
        );
        assert_eq!(parse_query("l'expérience").groups[0].alternatives[0].text, "l'expérience");
    }

    #[test]
    fn an_empty_query_has_no_required_group() {
        assert!(parse_query("   ").has_no_required_group());
        assert!(parse_query("-twitter").has_no_required_group());
    }

    proptest! {
        #[test]
        fn never_panics_and_keeps_only_searchable_elements(text in "\\PC{0,80}") {
            let parsed = parse_query(&text);
            for group in &parsed.groups {
                prop_assert!(!group.alternatives.is_empty());
                for element in &group.alternatives {
                    prop_assert!(element.text.chars().any(char::is_alphanumeric));
                }
            }
        }
    }
}
