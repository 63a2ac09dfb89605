//! Query-string parameters into the library's requests, naming the parameter at fault.
//!
//! Parsed by hand (`form_urlencoded`) rather than with serde because `category` and `tag`
//! repeat and every error must say which parameter it is about.

use indexer::search::{InvalidRequest, SearchRequest};

/// Parses the query string of `/api/search` and `/`; unknown parameters are ignored (front ends
/// add their own, such as cache busters).
pub fn search_request(query_string: &str) -> Result<SearchRequest, InvalidRequest> {
    let mut request = SearchRequest::default();
    for (name, value) in form_urlencoded::parse(query_string.as_bytes()) {
        match name.as_ref() {
            "q" => request.query = value.into_owned(),
            "category" if !value.is_empty() => request.categories.push(value.into_owned()),
            "tag" if !value.is_empty() => request.tags.push(value.into_owned()),
            "from" if !value.is_empty() => {
                request.from = Some(SearchRequest::parse_date("from", &value)?)
            }
            "to" if !value.is_empty() => {
                request.to = Some(SearchRequest::parse_date("to", &value)?)
            }
            "sort" => request.sort = value.parse()?,
            "page" => request.page = whole_number("page", &value)?,
            "per_page" => request.per_page = whole_number("per_page", &value)?,
            _ => {}
        }
    }
    request.validate()?;
    Ok(request)
}

/// The `q` parameter of `/api/suggest`.
pub fn suggest_text(query_string: &str) -> String {
    form_urlencoded::parse(query_string.as_bytes())
        .filter(|(name, _)| name == "q")
        .map(|(_, value)| value.into_owned())
        .last()
        .unwrap_or_default()
}

fn whole_number(parameter: &'static str, value: &str) -> Result<usize, InvalidRequest> {
    value
        .parse()
        .map_err(|_| InvalidRequest::new(parameter, format!("{value:?} is not a whole number")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_facets_and_dates() {
        let request = search_request(
            "q=donn%C3%A9es&category=TI&category=Design&tag=waq&from=2013-01-01&to=&sort=-date&page=2&per_page=5",
        )
        .unwrap();
        assert_eq!(request.query, "données");
        assert_eq!(request.categories, ["TI", "Design"]);
        assert_eq!(request.tags, ["waq"]);
        assert_eq!(request.from.unwrap().day_string(), "2013-01-01");
        assert!(request.to.is_none());
        assert_eq!((request.page, request.per_page), (2, 5));
    }

    #[test]
    fn errors_name_the_parameter() {
        for (query, parameter) in [
            ("q=x&from=2013-13-45", "from"),
            ("per_page=1000", "per_page"),
            ("page=0", "page"),
            ("page=deux", "page"),
            ("sort=newest", "sort"),
            ("page=2000", "page"),
        ] {
            assert_eq!(search_request(query).unwrap_err().parameter, parameter, "{query}");
        }
        let long = format!("q={}", "a".repeat(513));
        assert_eq!(search_request(&long).unwrap_err().parameter, "q");
    }
}
