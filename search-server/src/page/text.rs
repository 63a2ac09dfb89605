//! The page's French wording: numbers, dates, the result count and the error messages.
//!
//! Everything here returns plain text; the caller escapes it when it goes into HTML.

use indexer::date::PublicationDate;
use indexer::search::request::{MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_RESULT_WINDOW};
use indexer::search::{InvalidRequest, SearchRequest, SearchResponse};

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A whole number the French way: thousands separated by a narrow no-break space (`5 148`).
pub fn number(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(digit);
    }
    grouped
}

/// `count` followed by the noun, singular for 0 and 1 as in French.
pub fn counted(count: u64, singular: &str, plural: &str) -> String {
    format!("{} {}", number(count), if count > 1 { plural } else { singular })
}

/// Text between French quotation marks, with no-break spaces inside.
pub fn quoted(text: &str) -> String {
    format!("«\u{a0}{}\u{a0}»", text.trim())
}

/// A `YYYY-MM-DD` day written out: `4 décembre 2012`, `1er mars 2013`.
pub fn long_date(day: &str) -> Option<String> {
    let mut parts = day.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: usize = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let month_name = MONTHS.get(month.checked_sub(1)?)?;
    let day = if day == 1 { "1er".to_string() } else { day.to_string() };
    Some(format!("{day} {month_name} {year}"))
}

/// Last page that can be shown for `total` results.
pub fn last_page(total: usize, per_page: usize) -> usize {
    let per_page = per_page.max(1);
    total.div_ceil(per_page).min(MAX_RESULT_WINDOW / per_page).max(1)
}

/// The sentence of the live region: how many articles answer the request.
pub fn result_count(request: &SearchRequest, response: &SearchResponse) -> String {
    let total = response.total as u64;
    let has_query = !request.query.trim().is_empty();
    let mut sentence = match (total, has_query) {
        (0, true) => format!("Aucun résultat pour {}", quoted(&request.query)),
        (0, false) => "Aucun article".to_string(),
        (_, true) => {
            format!("{} pour {}", counted(total, "résultat", "résultats"), quoted(&request.query))
        }
        (_, false) => counted(total, "article", "articles"),
    };
    let last = last_page(response.total, request.per_page);
    if total > 0 && (request.page > 1 || last > 1) {
        sentence.push_str(&format!(" — page {} sur {}", request.page, last));
    }
    sentence
}

/// The browser tab's title.
pub fn document_title(request: &SearchRequest, failed: bool) -> String {
    let mut title = if failed {
        "Erreur de recherche".to_string()
    } else if request.query.trim().is_empty() {
        "Recherche".to_string()
    } else {
        quoted(&request.query)
    };
    if request.page > 1 && !failed {
        title.push_str(&format!(" (page {})", request.page));
    }
    title.push_str(" — Trouvaille");
    title
}

/// A refused parameter explained in French, from the parameter named by the error and the
/// value that was sent (the last one, as the parser keeps the last).
pub fn invalid_parameter(error: &InvalidRequest, query_string: &str) -> String {
    let value = form_urlencoded::parse(query_string.as_bytes())
        .filter(|(name, _)| name == error.parameter)
        .map(|(_, value)| value.into_owned())
        .last()
        .unwrap_or_default();
    match error.parameter {
        "q" => format!(
            "La recherche est trop longue : {} caractères au plus.",
            number(MAX_QUERY_CHARS as u64)
        ),
        "from" if PublicationDate::parse(&value).is_ok() => {
            "La date de début est postérieure à la date de fin.".to_string()
        }
        "from" | "to" => format!(
            "La date {} n’est pas valide : écrivez-la AAAA-MM-JJ, par exemple 2013-02-20.",
            quoted(&value)
        ),
        "sort" => format!(
            "Le tri {} n’existe pas : choisissez « relevance » (pertinence), « -date » (récents \
             d’abord) ou « date » (anciens d’abord).",
            quoted(&value)
        ),
        "page" if value.parse::<usize>().is_ok_and(|page| page > 0) => format!(
            "Les résultats au-delà du {}e ne peuvent pas être affichés : précisez la recherche.",
            number(MAX_RESULT_WINDOW as u64)
        ),
        "page" => "Le numéro de page doit être un nombre entier à partir de 1.".to_string(),
        "per_page" => format!(
            "Le nombre de résultats par page doit être un nombre entier de 1 à {}.",
            MAX_PER_PAGE
        ),
        other => format!("Le paramètre {} n’est pas valide.", quoted(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_read_as_french() {
        assert_eq!(number(7), "7");
        assert_eq!(number(5148), "5\u{202f}148");
        assert_eq!(number(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(counted(0, "résultat", "résultats"), "0 résultat");
        assert_eq!(counted(2, "résultat", "résultats"), "2 résultats");
        assert_eq!(long_date("2012-12-04").unwrap(), "4 décembre 2012");
        assert_eq!(long_date("2013-03-01").unwrap(), "1er mars 2013");
        assert_eq!(long_date("2013-13-01"), None);
        assert_eq!(last_page(0, 10), 1);
        assert_eq!(last_page(21, 10), 3);
        assert_eq!(last_page(1_000_000, 100), 100);
    }

    #[test]
    fn error_messages_name_what_is_wrong() {
        let message = |query: &str| {
            let error = crate::params::search_request(query).unwrap_err();
            invalid_parameter(&error, query)
        };
        assert!(message("from=2013-13-45").contains("«\u{a0}2013-13-45\u{a0}» n’est pas valide"));
        assert!(message("from=2014-01-01&to=2013-01-01").contains("postérieure"));
        assert!(message("page=0").contains("à partir de 1"));
        assert!(message("page=5000").contains("au-delà"));
        assert!(message("per_page=500").contains("de 1 à 100"));
        assert!(message("sort=newest").contains("«\u{a0}newest\u{a0}»"));
    }
}
