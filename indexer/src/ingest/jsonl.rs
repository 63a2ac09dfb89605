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

    use super::*;

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
}
