//! JSON Lines articles (`schemas/article.schema.json`), plain or gzip-compressed.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::{normalise_article_text, RecordError, RecordLocation, SourceRecord};
use crate::article::Article;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Reads every non-blank line of `reader` as one article; gzip input is detected by its magic
/// bytes, whatever the file is called.
pub fn read_jsonl(
    reader: impl Read,
    file: &Path,
    visit: &mut dyn FnMut(SourceRecord),
) -> std::io::Result<()> {
    let mut buffered = BufReader::new(reader);
    let is_gzip = buffered.fill_buf()?.starts_with(&GZIP_MAGIC);
    if is_gzip {
        read_lines(BufReader::new(MultiGzDecoder::new(buffered)), file, visit)
    } else {
        read_lines(buffered, file, visit)
    }
}

fn read_lines(
    mut reader: impl BufRead,
    file: &Path,
    visit: &mut dyn FnMut(SourceRecord),
) -> std::io::Result<()> {
    let mut line = Vec::new();
    let mut line_number = 0;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        line_number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let location = RecordLocation { file: file.to_path_buf(), line: line_number };
        visit(SourceRecord { article: parse_record(&line, file), location });
    }
}

fn parse_record(line: &[u8], file: &Path) -> Result<Article, RecordError> {
    let text = std::str::from_utf8(line).map_err(|_| RecordError::NotUtf8)?;
    let mut article: Article = serde_json::from_str(text)?;
    article.validate()?;
    normalise_article_text(&mut article);
    if article.source.is_none() {
        article.source = Some(file.display().to_string());
    }
    Ok(article)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::write::GzEncoder;
    use proptest::prelude::*;

    use super::*;
    use crate::date::PublicationDate;

    fn read(bytes: &[u8]) -> Vec<SourceRecord> {
        let mut records = Vec::new();
        read_jsonl(bytes, Path::new("test.jsonl"), &mut |record| records.push(record)).unwrap();
        records
    }

    const VALID: &str = r#"{"id":"a","title":"Données ouvertes","body":"Texte","date":"2013-02-20","categories":["TI"]}"#;

    #[test]
    fn reads_records_and_names_bad_lines() {
        let input = format!("{VALID}\n\n{{\"id\":\"b\"}}\nnot json\n{{\"id\":\"c\",\"title\":\"x\",\"date\":\"2013-13-45\"}}\n");
        let records = read(input.as_bytes());
        assert_eq!(records.len(), 4);
        let article = records[0].article.as_ref().unwrap();
        assert_eq!(article.title, "Données ouvertes");
        assert_eq!(article.source.as_deref(), Some("test.jsonl"));
        assert_eq!(records[1].location.line, 3);
        assert!(records[1].article.as_ref().unwrap_err().to_string().contains("title"));
        assert!(records[2].article.is_err());
        let date_error = records[3].article.as_ref().unwrap_err().to_string();
        assert!(date_error.contains("2013-13-45"), "{date_error}");
    }

    #[test]
    fn a_field_of_the_wrong_type_is_named_with_its_place() {
        let records = read(b"{\"id\":\"a\",\"title\":\"t\",\"comments\":\"trois\"}\n");
        let error = records[0].article.as_ref().unwrap_err().to_string();
        assert!(error.contains("invalid type") && error.contains("column"), "{error}");
        assert_eq!(records[0].location.line, 1);
    }

    #[test]
    fn rejects_unknown_fields_and_empty_ids() {
        let records = read(
            b"{\"id\":\"a\",\"title\":\"t\",\"titre\":\"x\"}\n{\"id\":\"\",\"title\":\"t\"}\n",
        );
        assert!(records[0].article.as_ref().unwrap_err().to_string().contains("titre"));
        assert!(records[1].article.is_err());
    }

    #[test]
    fn reads_gzip_by_its_magic_bytes() {
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        writeln!(encoder, "{VALID}").unwrap();
        let records = read(&encoder.finish().unwrap());
        assert_eq!(records.len(), 1);
        assert!(records[0].article.is_ok());
    }

    #[test]
    fn normalises_decomposed_accents() {
        let records = read("{\"id\":\"a\",\"title\":\"Donne\u{301}es\"}\n".as_bytes());
        assert_eq!(records[0].article.as_ref().unwrap().title, "Données");
    }

    /// Lines of JSON-ish text: braces, quotes and field names, so that some lines come close
    /// to records and fail late.
    const JSON_ISH_LINE: &str = concat!(
        r#"\PC{0,60}"#,
        r#"|[{}\[\]":, ]{0,10}("(id|title|body|date|tags)"[:,]"?[a-zé0-9 -]{0,12}"?[,}]?){0,4}"#
    );

    /// Valid articles, every optional field present or not, text in any script and form.
    fn articles() -> impl Strategy<Value = Article> {
        let date = (1990..2030i32, 1..=12u32, 1..=28u32).prop_map(|(year, month, day)| {
            PublicationDate::from_calendar_day(year, month, day).unwrap()
        });
        let facet_values = proptest::collection::vec("\\PC{0,12}[a-zé]", 0..3);
        (
            ("[a-z0-9-]{1,20}", proptest::option::of("https://[a-z.]{1,12}/[a-z-]{0,12}")),
            ("\\PC{0,40}", "(\\PC{0,50}\\n{0,2}){0,4}", proptest::option::of(date)),
            (proptest::option::of("\\PC{0,20}"), facet_values.clone(), facet_values),
            (proptest::option::of(any::<u32>()), proptest::option::of("\\PC{0,40}"), any::<bool>()),
        )
            .prop_map(|((id, url), (title, body, date), (author, categories, tags), rest)| {
                let (comments, excerpt, body_is_excerpt) = rest;
                let source = Some(format!("{id}.jsonl"));
                Article {
                    id,
                    url,
                    title,
                    date,
                    author,
                    categories,
                    tags,
                    comments,
                    excerpt,
                    body,
                    body_is_excerpt,
                    source,
                }
            })
            .prop_filter("a valid article", |article| article.validate().is_ok())
    }

    proptest! {
        /// Any lines, records or not: one record per non-blank line, at its own line number,
        /// and never a panic.
        #[test]
        fn arbitrary_lines_give_one_record_per_non_blank_line(
            lines in proptest::collection::vec(JSON_ISH_LINE, 0..8),
        ) {
            let records = read(lines.join("\n").as_bytes());
            let expected: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, line)| !line.bytes().all(|byte| byte.is_ascii_whitespace()))
                .map(|(index, _)| index + 1)
                .collect();
            let found: Vec<usize> = records.iter().map(|record| record.location.line).collect();
            prop_assert_eq!(found, expected);
        }

        /// Arbitrary bytes, gzip-looking or not, never panic.
        #[test]
        fn arbitrary_bytes_never_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..300),
            gzip_magic in any::<bool>(),
        ) {
            let input = if gzip_magic { [&GZIP_MAGIC[..], &bytes].concat() } else { bytes };
            let _ = read_jsonl(&input[..], Path::new("x.jsonl"), &mut |_| {});
        }

        /// Valid articles written as JSON Lines (with blank lines and CRLF between them) are
        /// read back as they were, in NFC.
        #[test]
        fn valid_records_survive_a_round_trip(
            written in proptest::collection::vec(articles(), 1..4),
            separator in prop_oneof![Just("\n"), Just("\r\n"), Just("\n\n")],
        ) {
            let lines: Vec<String> =
                written.iter().map(|article| serde_json::to_string(article).unwrap()).collect();
            let records = read(lines.join(separator).as_bytes());
            let read_back: Vec<Article> = records
                .into_iter()
                .map(|record| record.article.expect("a valid record"))
                .collect();
            let expected: Vec<Article> = written
                .into_iter()
                .map(|mut article| {
                    normalise_article_text(&mut article);
                    article
                })
                .collect();
            prop_assert_eq!(read_back, expected);
        }
    }
}
