//! Reader of WordPress category archive pages saved as plain text.
//!
//! Such a page is the only trace left of many articles, so it is ingested as it is: a flat run of
//! lines with no markup, where article boundaries have to be recognised from the theme's habits.
//! An article is a title, the theme's date line when it shows one, teaser or full paragraphs, an
//! optional signature, and trailer lines (categories and tags, a "related posts" lead-in). A title
//! is recognised by what surrounds it, never by its wording: it is the first text after the
//! page's header or after the end of the previous article, or the line just before a date line.
//! The reader never fails: text it cannot place is left out rather than invented.

use crate::article::Article;
use crate::date::PublicationDate;
use crate::ingest::slug::slugify;

/// One article found on an archive page, with the 1-based line where its title stands.
///
/// The line lets ingest errors and duplicate-id warnings point at the page's text.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveEntry {
    /// 1-based line number of the article's title in the page's text.
    pub line: usize,
    /// The article; `source` is left for the caller, who knows the file name.
    pub article: Article,
}

/// The theme's link to the full article, which ends a teaser.
const READ_MORE_MARKERS: [&str; 2] = ["Lire la suite…", "Lire la suite..."];

/// The blog signs its articles "Firstname Lastname, E-Gouv Québec"; bylines of quoted speakers
/// ("Johanne Auger, BCF Avocats d’affaires") have the same shape but another organisation.
const SIGNATURE_SUFFIX: &str = ", E-Gouv Québec";

/// The page title the theme prints above the category header.
const PAGE_HEADINGS: [&str; 2] = ["Archive", "Archives"];

/// The likes widget's text, left unformatted when the page was saved.
const FOOTER_PREFIX: &str = "%d blogueur";

/// Folded, lowercase openings of the lead-ins that introduce links to related posts.
const RELATED_POSTS_OPENINGS: [&str; 4] =
    ["a voir aussi", "a lire aussi", "voir aussi", "lire aussi"];

/// Longest label first, so that the plural is not cut into the singular plus a stray `s`.
const CATEGORY_LABELS: [&str; 2] = ["Catégories", "Catégorie"];
const TAG_LABELS: [&str; 2] = ["Étiquettes", "Étiquette"];

const FRENCH_MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// Reads every article of an archive page, in page order.
///
/// `text` is expected in NFC; a byte-order mark and CRLF line endings are accepted. Articles get
/// the category the page is the archive of, since the page lists only that category's articles
/// even where an article's own category line was lost.
pub fn parse_archive_page(text: &str) -> Vec<ArchiveEntry> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let (archive_category, content_start) = read_preamble(&lines);
    let classified: Vec<Line> =
        lines.iter().skip(content_start).map(|line| classify(line)).collect();
    let mut drafts: Vec<Draft> = Vec::new();
    for (offset, line) in classified.iter().enumerate() {
        let line_number = content_start + offset + 1;
        let date_follows = next_content_is_date(&classified[offset + 1..]);
        read_line(&mut drafts, line, line_number, date_follows);
    }
    drafts.into_iter().map(|draft| draft.into_entry(archive_category.as_deref())).collect()
}

/// What a line of the page is, once trimmed.
enum Line<'page> {
    Blank,
    /// The theme's "20 février 2013 3 commentaires" line under a title.
    Date {
        date: PublicationDate,
        comments: Option<u32>,
    },
    /// "Catégories :A, B Étiquettes :x, y", or either half alone.
    Taxonomy {
        categories: Vec<String>,
        tags: Vec<String>,
    },
    /// Chrome that ends an article and belongs to none: related-posts lead-in, likes footer.
    Trailer,
    Signature {
        author: String,
        read_more: bool,
    },
    Text {
        /// The whole trimmed line, kept for when the line turns out to be a title.
        full_line: &'page str,
        /// The line without its read-more marker.
        text: &'page str,
        read_more: bool,
    },
}

/// An article being read: the page gives its parts one line at a time.
struct Draft {
    line: usize,
    title: String,
    date: Option<PublicationDate>,
    comments: Option<u32>,
    author: Option<String>,
    categories: Vec<String>,
    tags: Vec<String>,
    paragraphs: Vec<Vec<String>>,
    paragraph_break_pending: bool,
    body_is_excerpt: bool,
    body_ended: bool,
}

/// Finds the category the page archives and where its articles start, past the page's heading.
///
/// Only the leading lines are searched, so that an article quoting a header is not mistaken for
/// one.
fn read_preamble(lines: &[&str]) -> (Option<String>, usize) {
    let mut archive_category = None;
    for (index, line) in lines.iter().enumerate() {
        if let Some(category) = parse_category_header(line) {
            archive_category.get_or_insert(category);
        } else if !line.is_empty() && !PAGE_HEADINGS.contains(line) {
            return (archive_category, index);
        }
    }
    (archive_category, lines.len())
}

/// Reads `Archive for the ‘Conférences’ Category`, with typographic or straight quotes.
fn parse_category_header(line: &str) -> Option<String> {
    let quoted = line.strip_prefix("Archive for the ")?.strip_suffix(" Category")?.trim();
    let name = [('‘', '’'), ('\'', '\''), ('“', '”'), ('"', '"')]
        .iter()
        .find_map(|(open, close)| quoted.strip_prefix(*open)?.strip_suffix(*close))
        .unwrap_or(quoted)
        .trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Chrome and metadata are tried before text, so that a line is text only when it is nothing else.
fn classify(line: &str) -> Line<'_> {
    if line.is_empty() {
        return Line::Blank;
    }
    if line.starts_with(FOOTER_PREFIX) || is_related_posts_lead_in(line) {
        return Line::Trailer;
    }
    if let Some((date, comments)) = parse_date_line(line) {
        return Line::Date { date, comments };
    }
    if let Some((categories, tags)) = parse_taxonomy(line) {
        return Line::Taxonomy { categories, tags };
    }
    let (text, read_more) = strip_read_more(line);
    match parse_signature(text) {
        Some(author) => Line::Signature { author, read_more },
        None => Line::Text { full_line: line, text, read_more },
    }
}

/// A lead-in must end with a colon: "À lire aussi le rapport…" in a paragraph is article text.
fn is_related_posts_lead_in(line: &str) -> bool {
    let folded = fold_for_matching(line);
    folded.ends_with(':')
        && RELATED_POSTS_OPENINGS.iter().any(|opening| folded.starts_with(opening))
}

fn fold_for_matching(text: &str) -> String {
    crate::analysis::folding::fold_diacritics(text).to_lowercase()
}

/// Reads "4 décembre 2012", optionally followed by the comment count the theme prints after it.
///
/// The whole line must match, so that a paragraph opening on a date stays a paragraph.
fn parse_date_line(line: &str) -> Option<(PublicationDate, Option<u32>)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let [day, month, year, comment_words @ ..] = words.as_slice() else {
        return None;
    };
    let day = parse_day(day)?;
    let month = parse_french_month(month)?;
    let year = parse_year(year)?;
    let comments = match comment_words {
        [] => None,
        words => Some(parse_comment_count(words)?),
    };
    let date = PublicationDate::from_calendar_day(year, month, day).ok()?;
    Some((date, comments))
}

/// Accepts "1er" as well as "1", as French dates write the first of the month.
fn parse_day(word: &str) -> Option<u32> {
    let digits = word.strip_suffix("er").unwrap_or(word);
    let is_day =
        (1..=2).contains(&digits.len()) && digits.bytes().all(|byte| byte.is_ascii_digit());
    is_day.then(|| digits.parse().ok()).flatten()
}

fn parse_french_month(word: &str) -> Option<u32> {
    let folded = fold_for_matching(word);
    let index = FRENCH_MONTHS.iter().position(|month| *month == folded)?;
    u32::try_from(index + 1).ok()
}

fn parse_year(word: &str) -> Option<i32> {
    let is_year = word.len() == 4 && word.bytes().all(|byte| byte.is_ascii_digit());
    is_year.then(|| word.parse().ok()).flatten()
}

/// Reads the theme's "3 commentaires" or "Aucun commentaire".
fn parse_comment_count(words: &[&str]) -> Option<u32> {
    match words {
        ["Aucun", "commentaire"] => Some(0),
        [count, "commentaire" | "commentaires"] => count.parse().ok(),
        _ => None,
    }
}

/// Reads "Catégories :A, B Étiquettes :x, y"; either half may be missing.
fn parse_taxonomy(line: &str) -> Option<(Vec<String>, Vec<String>)> {
    if let Some(rest) = strip_label(line, &CATEGORY_LABELS) {
        let (categories, tags) = split_categories_and_tags(rest);
        return Some((split_facet_values(categories), split_facet_values(tags)));
    }
    let tags = strip_label(line, &TAG_LABELS)?;
    Some((Vec::new(), split_facet_values(tags)))
}

/// Returns what follows `label :` (any white space, no-break included, before the colon).
fn strip_label<'line>(line: &'line str, labels: &[&str]) -> Option<&'line str> {
    labels.iter().find_map(|label| line.strip_prefix(label)?.trim_start().strip_prefix(':'))
}

/// The tags label is searched as its singular, which also starts the plural.
fn split_categories_and_tags(rest: &str) -> (&str, &str) {
    let Some(position) = rest.find(TAG_LABELS[1]) else {
        return (rest, "");
    };
    match strip_label(&rest[position..], &TAG_LABELS) {
        Some(tags) => (&rest[..position], tags),
        None => (rest, ""),
    }
}

/// Splits a comma list; the theme leaves empty slots ("Étiquettes : , ,") that are no values.
fn split_facet_values(list: &str) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for value in list.split(',').map(str::trim).filter(|value| !value.is_empty()) {
        push_unique(&mut values, value);
    }
    values
}

fn push_unique(values: &mut Vec<String>, value: &str) {
    if !values.iter().any(|existing| existing == value) {
        values.push(value.to_string());
    }
}

/// Removes a trailing read-more marker; it must stand as its own words, not end another word.
fn strip_read_more(line: &str) -> (&str, bool) {
    for marker in READ_MORE_MARKERS {
        if let Some(text) = line.strip_suffix(marker) {
            if text.is_empty() || text.ends_with(char::is_whitespace) {
                return (text.trim_end(), true);
            }
        }
    }
    (line, false)
}

/// Reads "Firstname Lastname, E-Gouv Québec" into the author's name.
fn parse_signature(text: &str) -> Option<String> {
    let name = text.strip_suffix(SIGNATURE_SUFFIX)?.trim();
    looks_like_person_name(name).then(|| name.to_string())
}

/// Two to four capitalised words: enough for "Anne-Marie Gauthier", not for a sentence.
fn looks_like_person_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len()) && words.iter().all(|word| is_name_word(word))
}

fn is_name_word(word: &str) -> bool {
    let starts_capitalised = word.chars().next().is_some_and(char::is_uppercase);
    starts_capitalised
        && word.chars().all(|character| {
            character.is_alphabetic() || matches!(character, '-' | '’' | '\'' | '.')
        })
}

/// A title is the line above the theme's date line, whatever precedes it.
fn next_content_is_date(rest: &[Line]) -> bool {
    matches!(rest.iter().find(|line| !matches!(line, Line::Blank)), Some(Line::Date { .. }))
}

fn read_line(drafts: &mut Vec<Draft>, line: &Line, line_number: usize, date_follows: bool) {
    let current = drafts.last_mut();
    match line {
        Line::Blank => {
            if let Some(draft) = current {
                draft.paragraph_break_pending = true;
            }
        }
        Line::Trailer => {
            if let Some(draft) = current {
                draft.body_ended = true;
            }
        }
        Line::Date { date, comments } => {
            if let Some(draft) = current.filter(|draft| draft.awaits_date()) {
                draft.date = Some(date.clone());
                draft.comments = *comments;
            }
        }
        Line::Taxonomy { categories, tags } => {
            if let Some(draft) = current {
                draft.add_taxonomy(categories, tags);
            }
        }
        Line::Signature { author, read_more } => {
            if let Some(draft) = current.filter(|draft| !draft.body_ended) {
                draft.sign(author, *read_more);
            }
        }
        Line::Text { full_line, text, read_more } => {
            match current.filter(|draft| !draft.body_ended && !date_follows) {
                Some(draft) => draft.add_body_line(text, *read_more),
                None => drafts.push(Draft::new(line_number, full_line)),
            }
        }
    }
}

impl Draft {
    fn new(line: usize, title: &str) -> Self {
        Draft {
            line,
            title: title.to_string(),
            date: None,
            comments: None,
            author: None,
            categories: Vec::new(),
            tags: Vec::new(),
            paragraphs: Vec::new(),
            paragraph_break_pending: false,
            body_is_excerpt: false,
            body_ended: false,
        }
    }

    /// The theme prints the date line right under the title, before any paragraph.
    fn awaits_date(&self) -> bool {
        self.date.is_none() && self.paragraphs.is_empty() && !self.body_ended
    }

    fn add_body_line(&mut self, text: &str, read_more: bool) {
        if !text.is_empty() {
            match self.paragraphs.last_mut() {
                Some(paragraph) if !self.paragraph_break_pending => {
                    paragraph.push(text.to_string());
                }
                _ => self.paragraphs.push(vec![text.to_string()]),
            }
            self.paragraph_break_pending = false;
        }
        if read_more {
            self.body_is_excerpt = true;
            self.body_ended = true;
        }
    }

    /// The signature closes the article's text; only trailers may follow it.
    fn sign(&mut self, author: &str, read_more: bool) {
        self.author = Some(author.to_string());
        self.body_is_excerpt |= read_more;
        self.body_ended = true;
    }

    /// The category line sits under the article's last paragraph, so it also ends the text.
    fn add_taxonomy(&mut self, categories: &[String], tags: &[String]) {
        for category in categories {
            push_unique(&mut self.categories, category);
        }
        for tag in tags {
            push_unique(&mut self.tags, tag);
        }
        self.body_ended = true;
    }

    fn into_entry(mut self, archive_category: Option<&str>) -> ArchiveEntry {
        if let Some(category) = archive_category {
            push_unique(&mut self.categories, category);
        }
        let body = self
            .paragraphs
            .iter()
            .map(|paragraph| paragraph.join("\n"))
            .collect::<Vec<_>>()
            .join("\n\n");
        ArchiveEntry {
            line: self.line,
            article: Article {
                id: article_id(&self.title, self.line),
                url: None,
                title: self.title,
                date: self.date,
                author: self.author,
                categories: self.categories,
                tags: self.tags,
                comments: self.comments,
                excerpt: None,
                body,
                body_is_excerpt: self.body_is_excerpt,
                source: None,
            },
        }
    }
}

/// A title without letters or digits has no slug; its line keeps the id non-empty and unique.
fn article_id(title: &str, line: usize) -> String {
    let slug = slugify(title);
    if slug.is_empty() {
        format!("article-line-{line}")
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CONFERENCES_PAGE: &str = include_str!("../../../corpus/egouv-conferences-archive.txt");

    /// What the page shows for one article, read by hand from the page's text.
    struct ExpectedArticle {
        line: usize,
        id: &'static str,
        title: &'static str,
        date: Option<&'static str>,
        comments: Option<u32>,
        categories: &'static [&'static str],
        tags: &'static [&'static str],
        author: Option<&'static str>,
        body_is_excerpt: bool,
        paragraphs: usize,
        body: ExpectedBody,
    }

    enum ExpectedBody {
        Whole(&'static str),
        Outline { first_60_chars: &'static str, last_60_chars: &'static str, chars: usize },
    }

    const CONFERENCES_ARTICLES: [ExpectedArticle; 10] = [
        ExpectedArticle {
            line: 5,
            id: "jiq-2013-l-experience-ti",
            title: "JIQ 2013 – L’expérience TI",
            date: None,
            comments: None,
            categories: &["Évènement", "Conférences", "TI"],
            tags: &[],
            author: None,
            body_is_excerpt: true,
            paragraphs: 1,
            body: ExpectedBody::Whole(
                "En ce mois de novembre frisquet, le\u{a0}Réseau Action TI\u{a0}présentera, le 19 \
                 novembre 2013, la\u{a0}35e\u{a0}édition de la\u{a0}JIQ\u{a0}sous la thématique \
                 «\u{a0}L’expérience TI\u{a0}» devant une salle bondée et vibrante de 1700 \
                 congressistes qui réchauffera le Centre des congrès de Québec à coup sûr. E-Gouv \
                 Québec y sera pour veiller pour vous ou avec vous :-)!",
            ),
        },
        ExpectedArticle {
            line: 11,
            id: "webcamp-quebec-2013-conception-d-interfaces-web-la-mobilite-force-a-trouver-l",
            title: "WebCamp Québec 2013 – Conception d’interfaces Web : la mobilité force à « \
                    trouver l’universel dans le spécifique\u{a0}»",
            date: None,
            comments: None,
            categories: &["Conférences"],
            tags: &[],
            author: None,
            body_is_excerpt: true,
            paragraphs: 2,
            body: ExpectedBody::Outline {
                first_60_chars: "L’adoption massive par les internautes des plateformes mobil",
                last_60_chars: "lon lui à «\u{a0}aller chercher l’universel dans le \
                                spécifique\u{a0}».",
                chars: 629,
            },
        },
        ExpectedArticle {
            line: 17,
            id: "retour-sur-le-waq-2013-entrevue-avec-mike-kruzeniski-traduction",
            title: "Retour sur le WAQ 2013 – Entrevue avec Mike Kruzeniski\u{a0}(Traduction)",
            date: None,
            comments: None,
            categories: &["Conférences", "Design", "Techno"],
            tags: &[],
            author: Some("Patrick Parent"),
            body_is_excerpt: true,
            paragraphs: 1,
            body: ExpectedBody::Whole(
                "Le 21 février dernier dans le cadre de l’événement Web à Québec (WAQ), notre \
                 collègue Marie-Andrée Vézina s’entretenait avec\u{a0}Mike Kruzeniski, design lead \
                 chez Twitter. L’entrevue est accessible sur notre chaîne Vimeo depuis le 25 \
                 février 2013, mais en anglais seulement. Ne reculant devant rien pour permettre à \
                 nos lecteurs de ne rien manquer, nous vous offrons la traduction de cette \
                 entrevue. Merci beaucoup à Marie-Andrée pour cette entrevue et pour la \
                 traduction.",
            ),
        },
        ExpectedArticle {
            line: 25,
            id: "retour-sur-le-waq-2013-l-intranet-1-0-symptome-d-une-vision-d-organisation-a",
            title: "Retour sur le WAQ 2013 – L’intranet 1.0, symptôme d’une vision d’organisation \
                    à\u{a0}transformer",
            date: None,
            comments: None,
            categories: &["Conférences"],
            tags: &[],
            author: None,
            body_is_excerpt: true,
            paragraphs: 5,
            body: ExpectedBody::Outline {
                first_60_chars: "Yann Sadok\n\nWAQ 2013 – Yann Sadok en entrevue avec notre col",
                last_60_chars: " dans le choix d’un outil, si libre et collaboratif soit-il?",
                chars: 920,
            },
        },
        ExpectedArticle {
            line: 37,
            id: "aspects-legaux-du-web-2-0-et-si-le-retweet-m-etait-conte-ou-comment-departager",
            title: "Aspects légaux du Web 2.0 : Et si le « Retweet » m’était conté ou comment \
                    départager le partage\u{a0}(2/2)",
            date: Some("2013-02-20"),
            comments: Some(3),
            categories: &["Conférences"],
            tags: &[],
            author: None,
            body_is_excerpt: true,
            paragraphs: 3,
            body: ExpectedBody::Outline {
                first_60_chars: "Le réseau Action TI présentait le séminaire Aspects légaux d",
                last_60_chars: "n potentielle accrue des droits de propriété intellectuelle.",
                chars: 929,
            },
        },
        ExpectedArticle {
            line: 49,
            id: "aspects-legaux-du-web-2-0-nouvelles-extensions-de-noms-de-domaine-1-2",
            title: "Aspects légaux du Web 2.0 : Nouvelles extensions de noms de domaine\u{a0}(1/2)",
            date: None,
            comments: None,
            categories: &["Conférences"],
            tags: &[],
            author: None,
            body_is_excerpt: true,
            paragraphs: 3,
            body: ExpectedBody::Outline {
                first_60_chars: "Le réseau Action TI présentait le séminaire Aspects légaux d",
                last_60_chars: "Une nouvelle ère qui ne semble pas convaincre tout le monde.",
                chars: 1150,
            },
        },
        ExpectedArticle {
            line: 59,
            id: "quebec-le-carnaval-laisse-place-au-numerique",
            title: "Québec : le Carnaval laisse place au\u{a0}numérique!",
            date: Some("2013-02-18"),
            comments: Some(1),
            categories: &["Conférences"],
            tags: &[],
            author: None,
            body_is_excerpt: true,
            paragraphs: 1,
            body: ExpectedBody::Whole(
                "Au moment où le plus grand Carnaval d’hiver au monde prend fin, c’est une semaine \
                 très intense numériquement parlant qui se prépare dans la vieille Capitale. En \
                 effet, pas moins de 3 événements reliés au Web, aux technologies et aux \
                 communications numériques se succéderont du 19 au 22 février 2013. Et \
                 naturellement, l’équipe de E-Gouv Québec y sera pour veiller pour vous.",
            ),
        },
        ExpectedArticle {
            line: 65,
            id: "jiq-2012-le-gouvernement-ouvert-en-colombie-britannique-les-faits-saillants-avec",
            title: "JIQ 2012 – Le gouvernement ouvert en Colombie-Britannique : les faits \
                    saillants avec David\u{a0}Hume",
            date: Some("2012-12-04"),
            comments: Some(5),
            categories: &["Conférences"],
            tags: &[],
            author: Some("Raphaël Thériault"),
            body_is_excerpt: false,
            paragraphs: 41,
            body: ExpectedBody::Outline {
                first_60_chars: "Les données auxquelles un gouvernement donne accès (données ",
                last_60_chars: "es efforts entrepris? C’est aussi ça vivre dans l’ambiguïté…",
                chars: 10391,
            },
        },
        ExpectedArticle {
            line: 159,
            id: "e-gouv-quebec-diffuseur-officiel-du-waq-2013",
            title: "E-Gouv Québec diffuseur officiel du WAQ\u{a0}2013!",
            date: Some("2012-10-18"),
            comments: Some(2),
            categories: &["Conférences"],
            tags: &[],
            author: Some("Patrick Parent"),
            body_is_excerpt: false,
            paragraphs: 5,
            body: ExpectedBody::Outline {
                first_60_chars: "Nous sommes très fiers d’annoncer notre partenariat avec l’é",
                last_60_chars: "portunité.\n\nPlus que jamais, E-Gouv Québec veille pour vous!",
                chars: 907,
            },
        },
        ExpectedArticle {
            line: 177,
            id: "strategies-et-innovations-web-retour-sur-la-journee-infopresse-de-quebec",
            title: "Stratégies et innovations Web – Retour sur la journée Infopresse \
                    de\u{a0}Québec",
            date: None,
            comments: None,
            categories: &["Conférences", "Médias sociaux"],
            tags: &[],
            author: Some("Anne-Marie Gauthier"),
            body_is_excerpt: false,
            paragraphs: 34,
            body: ExpectedBody::Outline {
                first_60_chars: "Le 10 octobre dernier se tenait à l’hôtel Pur de Québec une ",
                last_60_chars: "le, style et calendrier éditorial.\n\nAlors, qu’attendez-vous?",
                chars: 8854,
            },
        },
    ];

    fn first_chars(text: &str, count: usize) -> String {
        text.chars().take(count).collect()
    }

    fn last_chars(text: &str, count: usize) -> String {
        let total = text.chars().count();
        text.chars().skip(total.saturating_sub(count)).collect()
    }

    fn assert_matches(entry: &ArchiveEntry, expected: &ExpectedArticle) {
        let article = &entry.article;
        let id = expected.id;
        assert_eq!(entry.line, expected.line, "{id}: line");
        assert_eq!(article.id, expected.id);
        assert_eq!(article.title, expected.title, "{id}: title");
        assert_eq!(day_of(entry).as_deref(), expected.date, "{id}: date");
        assert_eq!(article.comments, expected.comments, "{id}: comments");
        assert_eq!(article.categories, expected.categories, "{id}: categories");
        assert_eq!(article.tags, expected.tags, "{id}: tags");
        assert_eq!(article.author.as_deref(), expected.author, "{id}: author");
        assert_eq!(article.body_is_excerpt, expected.body_is_excerpt, "{id}: excerpt flag");
        assert_eq!(article.body.split("\n\n").count(), expected.paragraphs, "{id}: paragraphs");
        assert_body(&article.body, &expected.body, id);
        assert_eq!((&article.url, &article.excerpt, &article.source), (&None, &None, &None));
        assert_eq!(article.validate(), Ok(()), "{id}: validation");
    }

    fn assert_body(body: &str, expected: &ExpectedBody, id: &str) {
        match expected {
            ExpectedBody::Whole(text) => assert_eq!(body, *text, "{id}: body"),
            ExpectedBody::Outline { first_60_chars, last_60_chars, chars } => {
                assert_eq!(first_chars(body, 60), *first_60_chars, "{id}: body start");
                assert_eq!(last_chars(body, 60), *last_60_chars, "{id}: body end");
                assert_eq!(body.chars().count(), *chars, "{id}: body length");
            }
        }
    }

    fn parse_conferences_page() -> Vec<ArchiveEntry> {
        parse_archive_page(CONFERENCES_PAGE)
    }

    fn body_of(entries: &[ArchiveEntry], id: &str) -> String {
        let entry = entries.iter().find(|entry| entry.article.id == id);
        entry.map(|entry| entry.article.body.clone()).unwrap_or_default()
    }

    #[test]
    fn reads_the_ten_articles_of_the_conferences_page_field_by_field() {
        let entries = parse_conferences_page();
        let ids: Vec<&str> = entries.iter().map(|entry| entry.article.id.as_str()).collect();
        let expected_ids: Vec<&str> = CONFERENCES_ARTICLES.iter().map(|a| a.id).collect();
        assert_eq!(ids, expected_ids);
        for (entry, expected) in entries.iter().zip(&CONFERENCES_ARTICLES) {
            assert_matches(entry, expected);
        }
    }

    #[test]
    fn leaves_six_conferences_articles_undated() {
        let undated = parse_conferences_page()
            .iter()
            .filter(|entry| entry.article.date.is_none() && entry.article.comments.is_none())
            .count();
        assert_eq!(undated, 6);
    }

    #[test]
    fn keeps_bylines_captions_and_bullets_in_the_body() {
        let entries = parse_conferences_page();
        let retweet = body_of(&entries, CONFERENCES_ARTICLES[4].id);
        assert!(retweet.contains(
            "\n\nEt si le «\u{a0}Retweet\u{a0}» m’était conté ou… comment départager le partage\n\
             Marie-Josée Lapointe, BCF Avocats d’affaires\n\
             Avocate, agent de marques de commerce\n\n"
        ));
        let hume = body_of(&entries, CONFERENCES_ARTICLES[7].id);
        assert!(hume.contains(
            "notamment de travailler avec leur propre appareil mobile.\nM. David Hume\n\nJIQ 2012 \
             – M. David Hume, directeur exécutif"
        ));
        assert!(hume.contains("\n\n• l’ouverture\u{a0}: rendre l’information"));
        assert!(hume.contains("plateforme de consultation de ces acteurs cruciaux"));
    }

    #[test]
    fn keeps_signatures_lead_ins_and_chrome_out_of_bodies() {
        let page_text_outside_bodies = [
            "Patrick Parent, E-Gouv Québec",
            "Raphaël Thériault, E-Gouv Québec",
            "Anne-Marie Gauthier, E-Gouv Québec",
            "Lire la suite",
            "À voir aussi",
            "À lire aussi",
            "Catégories",
            "Étiquettes",
            "blogueurs aiment",
            "commentaire",
        ];
        for entry in parse_conferences_page() {
            let body = &entry.article.body;
            for text in page_text_outside_bodies {
                assert!(!body.contains(text), "{}: {text}", entry.article.id);
            }
            assert_eq!(body.trim(), body, "{}", entry.article.id);
        }
    }

    fn day_of(entry: &ArchiveEntry) -> Option<String> {
        entry.article.date.as_ref().map(PublicationDate::day_string)
    }

    fn titles(entries: &[ArchiveEntry]) -> Vec<&str> {
        entries.iter().map(|entry| entry.article.title.as_str()).collect()
    }

    const SMALL_PAGE: &str = "Archive\n\nArchive for the ‘Conférences’ Category\n\n\
        Premier titre\n\n20 février 2013 3 commentaires\n\nUn paragraphe.\n\
        Une deuxième ligne. Lire la suite…\n\n\
        Catégories\u{a0}:Design, Conférences Étiquettes\u{a0}: WAQ, , Web\n\n\
        Second titre\n\nTexte complet.\n\nMarie-Andrée Vézina, E-Gouv Québec\n\n\
        %d blogueurs aiment cette page :";

    #[test]
    fn reads_a_small_page() {
        let entries = parse_archive_page(SMALL_PAGE);
        assert_eq!(titles(&entries), ["Premier titre", "Second titre"]);
        let first = &entries[0];
        assert_eq!(first.line, 5);
        assert_eq!(first.article.id, "premier-titre");
        assert_eq!(day_of(first).as_deref(), Some("2013-02-20"));
        assert_eq!(first.article.comments, Some(3));
        assert_eq!(first.article.body, "Un paragraphe.\nUne deuxième ligne.");
        assert!(first.article.body_is_excerpt);
        assert_eq!(first.article.categories, ["Design", "Conférences"]);
        assert_eq!(first.article.tags, ["WAQ", "Web"]);
        let second = &entries[1];
        assert_eq!(second.line, 14);
        assert_eq!(second.article.body, "Texte complet.");
        assert_eq!(second.article.author.as_deref(), Some("Marie-Andrée Vézina"));
        assert!(!second.article.body_is_excerpt);
        assert_eq!(second.article.categories, ["Conférences"]);
    }

    #[test]
    fn reads_crlf_and_a_byte_order_mark_like_plain_line_feeds() {
        let windows_page = format!("\u{feff}{}", SMALL_PAGE.replace('\n', "\r\n"));
        assert_eq!(parse_archive_page(&windows_page), parse_archive_page(SMALL_PAGE));
        let crlf_conferences = CONFERENCES_PAGE.replace('\n', "\r\n");
        assert_eq!(parse_archive_page(&crlf_conferences), parse_conferences_page());
    }

    #[test]
    fn finds_nothing_on_an_empty_page() {
        assert_eq!(parse_archive_page(""), []);
        assert_eq!(parse_archive_page("\u{feff}"), []);
        assert_eq!(parse_archive_page(" \n\r\n\t\n"), []);
    }

    #[test]
    fn finds_nothing_on_a_page_of_chrome_only() {
        let chrome =
            "Archive\n\nArchive for the ‘Conférences’ Category\n\n%d blogueurs aiment cette page :";
        assert_eq!(parse_archive_page(chrome), []);
        assert_eq!(parse_archive_page("Archive for the ‘Conférences’ Category"), []);
        assert_eq!(parse_archive_page("Archive\r\n"), []);
    }

    #[test]
    fn reads_a_category_line_without_tags() {
        let page = "Archive for the 'Web' Category\nTitre\nTexte.\nCatégories :Design, Techno\n";
        let entries = parse_archive_page(page);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].article.categories, ["Design", "Techno", "Web"]);
        assert_eq!(entries[0].article.tags, Vec::<String>::new());
        assert_eq!(entries[0].article.body, "Texte.");
    }

    #[test]
    fn reads_a_tags_line_without_categories() {
        let page = "Archive for the ‘Conférences’ Category\n\nTitre\n\nTexte.\n\n\
                    Étiquettes\u{a0}: JIQ, ,TI,JIQ";
        let entries = parse_archive_page(page);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].article.categories, ["Conférences"]);
        assert_eq!(entries[0].article.tags, ["JIQ", "TI"]);
        assert_eq!(entries[0].article.body, "Texte.");
    }

    #[test]
    fn adds_no_category_when_the_page_has_no_header() {
        let entries = parse_archive_page("Titre\n\nTexte.\n\nCatégories :Design");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].line, 1);
        assert_eq!(entries[0].article.categories, ["Design"]);
    }

    #[test]
    fn starts_an_article_at_the_line_above_a_date_line() {
        let page = "Premier\n\nTexte sans fin de teaser.\n\nDeuxième\n\n\
                    1er mars 2013 Aucun commentaire\n\nSuite.";
        let entries = parse_archive_page(page);
        assert_eq!(titles(&entries), ["Premier", "Deuxième"]);
        assert_eq!(entries[0].article.body, "Texte sans fin de teaser.");
        assert_eq!(entries[1].line, 5);
        assert_eq!(day_of(&entries[1]).as_deref(), Some("2013-03-01"));
        assert_eq!(entries[1].article.comments, Some(0));
        assert_eq!(entries[1].article.body, "Suite.");
    }

    #[test]
    fn keeps_lines_that_only_look_like_dates_in_the_body() {
        let page = "Titre\n\n30 février 2013\n\n4 décembre 2012, le gouvernement a parlé.";
        let entries = parse_archive_page(page);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].article.date, None);
        assert_eq!(
            entries[0].article.body,
            "30 février 2013\n\n4 décembre 2012, le gouvernement a parlé."
        );
    }

    #[test]
    fn ends_a_teaser_at_a_read_more_marker_on_its_own_line() {
        let page = "Titre\nDébut du texte.\nLire la suite...\nAutre titre\nAutre texte.";
        let entries = parse_archive_page(page);
        assert_eq!(titles(&entries), ["Titre", "Autre titre"]);
        assert_eq!(entries[0].article.body, "Début du texte.");
        assert!(entries[0].article.body_is_excerpt);
        assert!(!entries[1].article.body_is_excerpt);
    }

    #[test]
    fn ends_an_article_at_a_related_posts_lead_in() {
        let page = "Titre\n\nTexte.\n\nÀ voir aussi :\n\nAutre titre\n\nAutre texte.";
        let entries = parse_archive_page(page);
        assert_eq!(titles(&entries), ["Titre", "Autre titre"]);
        assert_eq!(entries[0].article.body, "Texte.");
        let body_sentence = parse_archive_page("Titre\n\nÀ lire aussi le rapport annuel.");
        assert_eq!(body_sentence[0].article.body, "À lire aussi le rapport annuel.");
    }

    #[test]
    fn gives_an_id_to_a_title_without_letters() {
        let entries = parse_archive_page("« ! »\n\nTexte.");
        assert_eq!(entries[0].article.id, "article-line-1");
        assert_eq!(entries[0].article.validate(), Ok(()));
    }

    const PAGE_LIKE_LINES: [&str; 16] = [
        "",
        "Archive",
        "Archive for the ‘Conférences’ Category",
        "Archive for the ‘’ Category",
        "Titre d’un article",
        "Un paragraphe. Lire la suite…",
        "Lire la suite…",
        "20 février 2013 3 commentaires",
        "31 avril 2013",
        "Catégories :A, , B Étiquettes : , ,",
        "Catégories :",
        "Étiquettes :x",
        "Patrick Parent, E-Gouv Québec Lire la suite…",
        "À voir aussi :",
        "%d blogueurs aiment cette page :",
        " \u{a0}\t",
    ];

    fn assert_well_formed(entries: &[ArchiveEntry], line_count: usize) {
        for entry in entries {
            assert_eq!(entry.article.validate(), Ok(()));
            assert!((1..=line_count).contains(&entry.line));
        }
        assert!(entries.windows(2).all(|pair| pair[0].line < pair[1].line));
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in "\\PC*") {
            let entries = parse_archive_page(&text);
            assert_well_formed(&entries, text.lines().count());
        }

        #[test]
        fn gives_valid_articles_for_any_mix_of_page_lines(
            picks in proptest::collection::vec(0..PAGE_LIKE_LINES.len(), 0..40),
            separator in prop_oneof![Just("\n"), Just("\r\n")],
        ) {
            let lines: Vec<&str> = picks.iter().map(|&pick| PAGE_LIKE_LINES[pick]).collect();
            let text = lines.join(separator);
            let entries = parse_archive_page(&text);
            assert_well_formed(&entries, text.lines().count());
        }
    }
}
