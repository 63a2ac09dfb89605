//! WordPress eXtended RSS (WXR 1.0–1.2): the export WordPress writes under Tools → Export.
//!
//! An export can be far larger than memory, so it is read as a stream of XML events (quick-xml)
//! and each `<item>` becomes a record as soon as it closes: only the item being read and the
//! blog's authors (a handful of `<wp:author>` elements, needed to turn `dc:creator` logins into
//! display names) are ever held. Elements are matched on their qualified names as WordPress
//! writes them (`wp:status`, `content:encoded`…): the namespace URIs changed between WXR
//! versions (`http`/`https`, `1.0`/`1.1`/`1.2`) while the prefixes never did.
//!
//! Only published posts — and pages, when asked — are articles. Drafts, scheduled, private,
//! pending and trashed posts, revisions, attachments, menu items and other post types are
//! counted by kind and skipped. A password-protected post keeps its title and metadata but
//! never its content or excerpt. A broken item (an undefined entity, invalid UTF-8) is rejected
//! with its line and the next one is read; XML broken beyond repair (a truncated file) ends the
//! reading of the file after saying where.

mod line_reader;
mod shortcodes;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use self::line_reader::LineTrackingReader;
pub use self::shortcodes::expand_shortcodes;
use super::html_text::{html_fragment_to_text, html_inline_text, SourceNewlines};
use super::{
    normalise_article_text, RecordError, RecordLocation, SkippedItems, SourceOptions, SourceRecord,
};
use crate::article::Article;
use crate::date::PublicationDate;

/// The kind under which XML files that are not WordPress exports are counted as skipped.
pub const NOT_AN_EXPORT: &str = "non-WXR XML file";

/// A post whose content is protected and whose title is empty has nothing that may be indexed.
pub const UNTITLED_PROTECTED_POST: &str = "password-protected without title";

/// Reads the published posts (and pages, with `include_pages`) of a WXR export, calling
/// `visit` for each, and returns the items skipped, by kind. Only I/O errors are errors: broken
/// XML is reported as rejected records.
pub fn read_wxr(
    reader: impl Read,
    file: &Path,
    options: &SourceOptions,
    visit: &mut dyn FnMut(SourceRecord),
) -> std::io::Result<SkippedItems> {
    let mut xml = Reader::from_reader(LineTrackingReader::new(reader));
    xml.config_mut().allow_dangling_amp = true;
    let mut export = ExportReader::new(file, *options, visit);
    let mut buffer = Vec::new();
    loop {
        let line = xml.get_ref().mark_line();
        match xml.read_event_into(&mut buffer) {
            Ok(Event::Eof) => break,
            Ok(event) => {
                if export.handle(event, line) == Flow::Stop {
                    return Ok(export.skipped);
                }
            }
            Err(quick_xml::Error::Io(error)) => {
                return Err(std::io::Error::new(error.kind(), error.to_string()))
            }
            Err(error) => {
                let line = xml.get_ref().line_at(xml.error_position());
                export.fail(&error.to_string(), line);
                return Ok(export.skipped);
            }
        }
        let position = xml.buffer_position();
        xml.get_mut().set_mark(position);
        buffer.clear();
    }
    let end_line = xml.get_ref().line_at(xml.buffer_position());
    export.finish(end_line);
    Ok(export.skipped)
}

/// Whether the file is worth reading on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Continue,
    Stop,
}

/// The elements whose text is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    PubDate,
    Creator,
    Content,
    Excerpt,
    PostId,
    PostDateGmt,
    PostDate,
    Status,
    PostType,
    Password,
    Category,
    Tag,
    CommentApproved,
    AuthorLogin,
    AuthorDisplayName,
}

impl Field {
    /// The fields among an item's children; `<category>` is told apart by its `domain`.
    fn of_item_child(name: &[u8]) -> Option<Field> {
        Some(match name {
            b"title" => Field::Title,
            b"link" => Field::Link,
            b"pubDate" => Field::PubDate,
            b"dc:creator" => Field::Creator,
            b"content:encoded" => Field::Content,
            b"excerpt:encoded" => Field::Excerpt,
            b"wp:post_id" => Field::PostId,
            b"wp:post_date_gmt" => Field::PostDateGmt,
            b"wp:post_date" => Field::PostDate,
            b"wp:status" => Field::Status,
            b"wp:post_type" => Field::PostType,
            b"wp:post_password" => Field::Password,
            _ => return None,
        })
    }
}

/// The text of one field being read.
struct Capture {
    field: Field,
    depth: usize,
    text: String,
}

/// One `<item>` being read: raw texts, turned into an article only once the item is whole and
/// known to be a published post.
#[derive(Default)]
struct ItemDraft {
    line: usize,
    depth: usize,
    title: String,
    link: String,
    pub_date: String,
    creator: String,
    content: String,
    excerpt: String,
    post_id: String,
    post_date_gmt: String,
    post_date: String,
    status: String,
    post_type: String,
    password: String,
    categories: Vec<String>,
    tags: Vec<String>,
    approved_comments: u32,
    /// The depth of the `<wp:comment>` being read.
    comment_depth: Option<usize>,
    /// The first problem found in the item's XML.
    error: Option<String>,
}

/// One `<wp:author>` being read.
#[derive(Default)]
struct AuthorDraft {
    depth: usize,
    login: String,
    display_name: String,
}

/// The state of the stream: where we stand and what is being read.
struct ExportReader<'a> {
    file: &'a Path,
    options: SourceOptions,
    visit: &'a mut dyn FnMut(SourceRecord),
    skipped: SkippedItems,
    /// Author logins to display names; a blog has few authors.
    authors: HashMap<String, String>,
    depth: usize,
    /// Whether the root element was `<rss>`.
    root_seen: bool,
    item: Option<ItemDraft>,
    author: Option<AuthorDraft>,
    capture: Option<Capture>,
}

impl<'a> ExportReader<'a> {
    fn new(file: &'a Path, options: SourceOptions, visit: &'a mut dyn FnMut(SourceRecord)) -> Self {
        ExportReader {
            file,
            options,
            visit,
            skipped: SkippedItems::default(),
            authors: HashMap::new(),
            depth: 0,
            root_seen: false,
            item: None,
            author: None,
            capture: None,
        }
    }

    fn handle(&mut self, event: Event<'_>, line: usize) -> Flow {
        match event {
            Event::Start(start) => return self.start(&start, line),
            Event::Empty(start) => {
                let flow = self.start(&start, line);
                if flow == Flow::Continue {
                    self.end();
                }
                return flow;
            }
            Event::End(_) => self.end(),
            Event::Text(text) => self.text(&text, line, true),
            Event::CData(data) => self.text(&data, line, false),
            Event::GeneralRef(reference) => self.reference(&reference, line),
            _ => {}
        }
        Flow::Continue
    }

    fn start(&mut self, start: &BytesStart<'_>, line: usize) -> Flow {
        self.depth += 1;
        let name = start.name();
        let name = name.as_ref();
        if self.depth == 1 {
            if name != b"rss" {
                self.skipped.add(NOT_AN_EXPORT);
                return Flow::Stop;
            }
            self.root_seen = true;
        }
        if self.item.is_some() {
            self.start_in_item(name, start, line);
        } else if let Some(author) = &self.author {
            let field = match name {
                b"wp:author_login" => Some(Field::AuthorLogin),
                b"wp:author_display_name" => Some(Field::AuthorDisplayName),
                _ => None,
            };
            if self.depth == author.depth + 1 {
                self.begin_capture(field);
            }
        } else if name == b"item" {
            self.item = Some(ItemDraft { line, depth: self.depth, ..ItemDraft::default() });
        } else if name == b"wp:author" {
            self.author = Some(AuthorDraft { depth: self.depth, ..AuthorDraft::default() });
        }
        Flow::Continue
    }

    fn start_in_item(&mut self, name: &[u8], start: &BytesStart<'_>, line: usize) {
        let depth = self.depth;
        let Some(item) = self.item.as_mut() else {
            return;
        };
        let field = if depth == item.depth + 1 {
            match name {
                b"category" => category_field(start, line, item),
                b"wp:comment" => {
                    item.comment_depth = Some(depth);
                    None
                }
                _ => Field::of_item_child(name),
            }
        } else if item.comment_depth == Some(depth - 1) && name == b"wp:comment_approved" {
            Some(Field::CommentApproved)
        } else {
            None
        };
        self.begin_capture(field);
    }

    fn begin_capture(&mut self, field: Option<Field>) {
        if let Some(field) = field {
            self.capture = Some(Capture { field, depth: self.depth, text: String::new() });
        }
    }

    fn end(&mut self) {
        if let Some(capture) = self.capture.take_if(|capture| capture.depth == self.depth) {
            self.store(capture);
        }
        if let Some(item) = self.item.as_mut() {
            if item.comment_depth == Some(self.depth) {
                item.comment_depth = None;
            }
        }
        if self.item.as_ref().is_some_and(|item| item.depth == self.depth) {
            let item = self.item.take().unwrap_or_default();
            self.finish_item(item);
        }
        if let Some(author) = self.author.take_if(|author| author.depth == self.depth) {
            if !author.login.trim().is_empty() && !author.display_name.trim().is_empty() {
                self.authors.insert(author.login.trim().to_string(), author.display_name);
            }
        }
        self.depth = self.depth.saturating_sub(1);
    }

    fn store(&mut self, capture: Capture) {
        let text = capture.text;
        if let Some(author) = self.author.as_mut() {
            match capture.field {
                Field::AuthorLogin => author.login = text,
                Field::AuthorDisplayName => author.display_name = text,
                _ => {}
            }
            return;
        }
        let Some(item) = self.item.as_mut() else {
            return;
        };
        match capture.field {
            Field::Title => item.title = text,
            Field::Link => item.link = text,
            Field::PubDate => item.pub_date = text,
            Field::Creator => item.creator = text,
            Field::Content => item.content = text,
            Field::Excerpt => item.excerpt = text,
            Field::PostId => item.post_id = text,
            Field::PostDateGmt => item.post_date_gmt = text,
            Field::PostDate => item.post_date = text,
            Field::Status => item.status = text,
            Field::PostType => item.post_type = text,
            Field::Password => item.password = text,
            Field::Category => push_label(&mut item.categories, &text),
            Field::Tag => push_label(&mut item.tags, &text),
            Field::CommentApproved if text.trim() == "1" => item.approved_comments += 1,
            Field::CommentApproved | Field::AuthorLogin | Field::AuthorDisplayName => {}
        }
    }

    /// Text inside items is checked even where it is not kept: a broken item is rejected
    /// whole, not indexed with a hole. Elsewhere only the authors' names are read.
    fn text(&mut self, raw: &[u8], line: usize, escaped: bool) {
        if self.item.is_none() && self.capture.is_none() {
            return;
        }
        if escaped && raw.first() == Some(&b'&') {
            let message = format!("an `&` starts no entity (write `&amp;`) at line {line}");
            self.problem(line, message);
            return;
        }
        match std::str::from_utf8(raw) {
            Ok(text) => self.append(text),
            Err(error) => {
                let line = line + count_line_feeds(&raw[..error.valid_up_to()]);
                self.problem(line, format!("invalid UTF-8 at line {line}"));
            }
        }
    }

    fn reference(&mut self, reference: &BytesRef<'_>, line: usize) {
        if self.item.is_none() && self.capture.is_none() {
            return;
        }
        match resolve_reference(reference, line) {
            Ok(text) => self.append(&text),
            Err(problem) => self.problem(line, problem),
        }
    }

    /// XML line ends are normalised to `\n`, as an XML processor must.
    fn append(&mut self, text: &str) {
        if let Some(capture) = self.capture.as_mut() {
            if text.contains('\r') {
                capture.text.push_str(&text.replace("\r\n", "\n").replace('\r', "\n"));
            } else {
                capture.text.push_str(text);
            }
        }
    }

    /// Keeps the first problem of an item; outside items, reports it at once.
    fn problem(&mut self, line: usize, message: String) {
        match self.item.as_mut() {
            Some(item) => {
                item.error.get_or_insert(message);
            }
            None => self.reject_at(line, message),
        }
    }

    fn reject_at(&mut self, line: usize, message: String) {
        let location = RecordLocation { file: self.file.to_path_buf(), line };
        (self.visit)(SourceRecord { location, article: Err(RecordError::Xml(message)) });
    }

    /// The XML is broken beyond this point: the item being read, if any, is rejected with the
    /// reason, and the file is read no further.
    fn fail(&mut self, error: &str, line: usize) {
        let message = format!(
            "not well-formed XML at line {line}: {error}; the rest of the file is not read"
        );
        let item_line = self.item.take().map_or(line, |item| item.line);
        self.reject_at(item_line, message);
    }

    /// At the end of the file: an open item or an unclosed `<rss>` means a truncated file.
    fn finish(&mut self, end_line: usize) {
        if let Some(item) = self.item.take() {
            let message =
                format!("the file ends inside this item, at line {end_line}: it is truncated");
            self.reject_at(item.line, message);
        } else if self.depth > 0 {
            let message =
                format!("the file ends at line {end_line} before `</rss>`: it is truncated");
            self.reject_at(end_line, message);
        } else if !self.root_seen {
            self.skipped.add(NOT_AN_EXPORT);
        }
    }

    fn finish_item(&mut self, item: ItemDraft) {
        let location = RecordLocation { file: self.file.to_path_buf(), line: item.line };
        if let Some(problem) = item.error {
            (self.visit)(SourceRecord { location, article: Err(RecordError::Xml(problem)) });
            return;
        }
        if let Err(kind) = item.disposition(self.options) {
            self.skipped.add(&kind);
            return;
        }
        let article = item.into_article(&self.authors, self.file);
        (self.visit)(SourceRecord { location, article });
    }
}

impl ItemDraft {
    /// `Ok` for an item to index, or the kind it is skipped as.
    fn disposition(&self, options: SourceOptions) -> Result<(), String> {
        let post_type = non_empty_or(&self.post_type, "post");
        match post_type {
            "post" => {}
            "page" if options.include_pages => {}
            other => return Err(other.to_string()),
        }
        let status = non_empty_or(&self.status, "publish");
        if status != "publish" {
            return Err(status.to_string());
        }
        if self.is_protected() && html_inline_text(&self.title).is_empty() {
            return Err(UNTITLED_PROTECTED_POST.to_string());
        }
        Ok(())
    }

    fn is_protected(&self) -> bool {
        !self.password.is_empty()
    }

    fn into_article(
        self,
        authors: &HashMap<String, String>,
        file: &Path,
    ) -> Result<Article, RecordError> {
        let id = self.post_id.trim();
        if id.is_empty() {
            return Err(RecordError::Xml("the item has no `wp:post_id`".to_string()));
        }
        let protected = self.is_protected();
        let excerpt =
            Some(wordpress_text(&self.excerpt)).filter(|text| !protected && !text.is_empty());
        let mut article = Article {
            id: id.to_string(),
            url: Some(self.link.trim().to_string()).filter(|link| !link.is_empty()),
            title: html_inline_text(&self.title),
            date: publication_date(&self),
            author: author_name(&self.creator, authors),
            categories: self.categories,
            tags: self.tags,
            comments: Some(self.approved_comments),
            excerpt,
            body: if protected { String::new() } else { wordpress_text(&self.content) },
            body_is_excerpt: false,
            source: Some(file.display().to_string()),
        };
        normalise_article_text(&mut article);
        article.validate()?;
        Ok(article)
    }
}

fn non_empty_or<'a>(text: &'a str, default: &'a str) -> &'a str {
    match text.trim() {
        "" => default,
        trimmed => trimmed,
    }
}

/// WordPress content as a reader sees it: shortcodes expanded, and line breaks counted the way
/// WordPress's `wpautop` turns them into paragraphs for classic-editor posts.
pub fn wordpress_text(html: &str) -> String {
    html_fragment_to_text(&expand_shortcodes(html), SourceNewlines::Paragraphs)
}

/// `<category domain="category">` is a category, `domain="post_tag"` (or WXR 1.0's `tag`) a
/// tag; other taxonomies (post formats, menus) are no facet. WXR 1.0 also repeats categories
/// without a domain.
fn category_field(start: &BytesStart<'_>, line: usize, item: &mut ItemDraft) -> Option<Field> {
    let domain = match start.try_get_attribute("domain") {
        Ok(Some(attribute)) => match attribute.normalized_value(XmlVersion::Implicit1_0) {
            Ok(value) => value.into_owned(),
            Err(error) => {
                item.error.get_or_insert(format!("bad `domain` attribute at line {line}: {error}"));
                return None;
            }
        },
        Ok(None) => String::from("category"),
        Err(error) => {
            item.error.get_or_insert(format!("bad attribute at line {line}: {error}"));
            return None;
        }
    };
    match domain.as_str() {
        "category" => Some(Field::Category),
        "post_tag" | "tag" => Some(Field::Tag),
        _ => None,
    }
}

/// Term names are stored HTML-escaped by WordPress (`Cats &amp; Dogs`): shown, they are text.
fn push_label(labels: &mut Vec<String>, raw: &str) {
    let label = html_inline_text(raw);
    if !label.is_empty() && !labels.contains(&label) {
        labels.push(label);
    }
}

fn count_line_feeds(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&byte| byte == b'\n').count()
}

/// XML defines five named entities and numeric references; any other name is an error (the
/// HTML entities of a post live inside CDATA, where they are text).
fn resolve_reference(reference: &BytesRef<'_>, line: usize) -> Result<String, String> {
    let name = std::str::from_utf8(reference)
        .map_err(|_| format!("invalid UTF-8 in an entity at line {line}"))?;
    if reference.is_char_ref() {
        return match reference.resolve_char_ref() {
            Ok(Some(character)) => Ok(character.to_string()),
            _ => Err(format!("invalid character reference `&{name};` at line {line}")),
        };
    }
    quick_xml::escape::resolve_xml_entity(name).map(str::to_string).ok_or_else(|| {
        format!(
            "undefined entity `&{name};` at line {line} (XML defines only &amp; &lt; &gt; \
             &quot; &apos; and numeric references)"
        )
    })
}

/// The login of `dc:creator` shown as the author's display name when the export lists it.
fn author_name(creator: &str, authors: &HashMap<String, String>) -> Option<String> {
    let login = creator.trim();
    let name = authors.get(login).map_or(login, String::as_str).trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// `wp:post_date_gmt`, else `pubDate`, else the calendar day of `wp:post_date` (local time
/// with no zone, so only its day is certain). WordPress writes `0000-00-00 00:00:00` and the
/// epoch for posts without a date: they are no date.
fn publication_date(item: &ItemDraft) -> Option<PublicationDate> {
    gmt_date(&item.post_date_gmt)
        .or_else(|| rfc2822_date(&item.pub_date))
        .or_else(|| local_day(&item.post_date))
}

/// `2013-02-20 14:05:00` in UTC → `2013-02-20T14:05:00Z`.
fn gmt_date(text: &str) -> Option<PublicationDate> {
    let (day, time) = text.trim().split_once(' ')?;
    PublicationDate::parse(&format!("{day}T{}Z", time.trim())).ok()
}

fn local_day(text: &str) -> Option<PublicationDate> {
    PublicationDate::parse(text.trim().get(..10)?).ok()
}

const RFC2822_MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// RSS's `Wed, 20 Feb 2013 14:05:00 +0000` → `2013-02-20T14:05:00+00:00`.
fn rfc2822_date(text: &str) -> Option<PublicationDate> {
    let text = text.trim();
    let without_weekday = text.split_once(',').map_or(text, |(_, rest)| rest);
    let parts: Vec<&str> = without_weekday.split_whitespace().collect();
    let [day, month, year, time, zone] = parts.as_slice() else {
        return None;
    };
    let month = RFC2822_MONTHS.iter().position(|name| name.eq_ignore_ascii_case(month))? + 1;
    let day: u32 = day.parse().ok()?;
    let time = if time.len() == 5 { format!("{time}:00") } else { time.to_string() };
    let offset = match *zone {
        "GMT" | "UT" | "UTC" | "Z" => "+00:00".to_string(),
        zone if zone.len() == 5 && zone.starts_with(['+', '-']) && zone.is_char_boundary(3) => {
            format!("{}:{}", &zone[..3], &zone[3..])
        }
        _ => return None,
    };
    let date =
        PublicationDate::parse(&format!("{year}-{month:02}-{day:02}T{time}{offset}")).ok()?;
    (date.timestamp() != 0).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login><![CDATA[rtheriault]]></wp:author_login><wp:author_display_name><![CDATA[Raphaël Thériault]]></wp:author_display_name></wp:author>
"#;
    const FOOTER: &str = "</channel>\n</rss>\n";

    fn item(id: u32, status: &str, post_type: &str, extra: &str) -> String {
        format!(
            "<item>\n<title>Titre {id}</title>\n<link>https://e-gouv.example/{id}/</link>\n\
             <dc:creator><![CDATA[rtheriault]]></dc:creator>\n\
             <content:encoded><![CDATA[<p>Texte {id}</p>]]></content:encoded>\n\
             <excerpt:encoded><![CDATA[]]></excerpt:encoded>\n<wp:post_id>{id}</wp:post_id>\n\
             <wp:post_date_gmt>2013-02-20 14:05:00</wp:post_date_gmt>\n\
             <wp:status>{status}</wp:status>\n<wp:post_type>{post_type}</wp:post_type>\n{extra}</item>\n"
        )
    }

    fn read(xml: &str, options: SourceOptions) -> (Vec<SourceRecord>, SkippedItems) {
        let mut records = Vec::new();
        let skipped = read_wxr(xml.as_bytes(), Path::new("export.xml"), &options, &mut |record| {
            records.push(record)
        })
        .unwrap();
        (records, skipped)
    }

    fn export(items: &[String]) -> String {
        format!("{HEADER}{}{FOOTER}", items.concat())
    }

    #[test]
    fn reads_a_published_post_field_by_field() {
        let extra = "<category domain=\"category\" nicename=\"conferences\"><![CDATA[Conférences]]></category>\n\
                     <category domain=\"post_tag\" nicename=\"waq\"><![CDATA[WAQ]]></category>\n\
                     <category domain=\"post_format\" nicename=\"post-format-aside\"><![CDATA[Aside]]></category>\n\
                     <wp:comment><wp:comment_approved>1</wp:comment_approved></wp:comment>\n\
                     <wp:comment><wp:comment_approved>spam</wp:comment_approved></wp:comment>\n\
                     <wp:comment><wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type></wp:comment>\n";
        let (records, skipped) =
            read(&export(&[item(7, "publish", "post", extra)]), SourceOptions::default());
        assert_eq!(skipped.total(), 0);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].location.line, 8);
        let article = records[0].article.as_ref().unwrap();
        assert_eq!(article.id, "7");
        assert_eq!(article.title, "Titre 7");
        assert_eq!(article.url.as_deref(), Some("https://e-gouv.example/7/"));
        assert_eq!(
            article.date.as_ref().map(PublicationDate::as_str),
            Some("2013-02-20T14:05:00Z")
        );
        assert_eq!(article.author.as_deref(), Some("Raphaël Thériault"));
        assert_eq!(article.categories, ["Conférences"]);
        assert_eq!(article.tags, ["WAQ"]);
        assert_eq!(article.comments, Some(2));
        assert_eq!(article.excerpt, None);
        assert_eq!(article.body, "Texte 7");
        assert_eq!(article.source.as_deref(), Some("export.xml"));
    }

    #[test]
    fn skips_what_is_not_a_published_post_by_kind() {
        let items = [
            item(1, "draft", "post", ""),
            item(2, "future", "post", ""),
            item(3, "private", "post", ""),
            item(4, "inherit", "revision", ""),
            item(5, "inherit", "attachment", ""),
            item(6, "publish", "nav_menu_item", ""),
            item(7, "publish", "page", ""),
            item(8, "trash", "post", ""),
            item(9, "publish", "post", ""),
        ];
        let (records, skipped) = read(&export(&items), SourceOptions::default());
        assert_eq!(records.len(), 1);
        assert_eq!(skipped.to_string(), "1 attachment, 1 draft, 1 future, 1 nav_menu_item, 1 page, 1 private, 1 revision, 1 trash");
        let (records, skipped) = read(&export(&items), SourceOptions { include_pages: true });
        assert_eq!(records.len(), 2);
        assert_eq!(skipped.count("page"), 0);
    }

    #[test]
    fn indexes_only_the_title_and_metadata_of_a_protected_post() {
        let extra = "<wp:post_password>secret</wp:post_password>\n";
        let xml = export(&[item(1, "publish", "post", extra)])
            .replace("<excerpt:encoded><![CDATA[]]>", "<excerpt:encoded><![CDATA[Résumé secret]]>");
        let (records, _) = read(&xml, SourceOptions::default());
        let article = records[0].article.as_ref().unwrap();
        assert_eq!((article.title.as_str(), article.body.as_str()), ("Titre 1", ""));
        assert_eq!(article.excerpt, None);
        assert!(article.date.is_some());
        let untitled = xml.replace("<title>Titre 1</title>", "<title/>");
        let (records, skipped) = read(&untitled, SourceOptions::default());
        assert!(records.is_empty());
        assert_eq!(skipped.count(UNTITLED_PROTECTED_POST), 1);
    }

    #[test]
    fn falls_back_to_pub_date_then_to_the_local_day() {
        let without_gmt =
            item(1, "publish", "post", "<pubDate>Wed, 20 Feb 2013 09:05:00 -0500</pubDate>\n")
                .replace("2013-02-20 14:05:00", "0000-00-00 00:00:00");
        let (records, _) =
            read(&export(std::slice::from_ref(&without_gmt)), SourceOptions::default());
        let date = records[0].article.as_ref().unwrap().date.clone().unwrap();
        assert_eq!(date.as_str(), "2013-02-20T09:05:00-05:00");
        let local_only = without_gmt
            .replace("Wed, 20 Feb 2013 09:05:00 -0500", "Thu, 01 Jan 1970 00:00:00 +0000")
            .replace(
                "</wp:post_id>",
                "</wp:post_id>\n<wp:post_date>2013-02-21 08:00:00</wp:post_date>",
            );
        let (records, _) = read(&export(&[local_only]), SourceOptions::default());
        let date = records[0].article.as_ref().unwrap().date.clone().unwrap();
        assert_eq!(date.as_str(), "2013-02-21");
    }

    #[test]
    fn rejects_an_item_with_an_undefined_entity_and_reads_the_next() {
        let broken = item(2, "publish", "post", "").replace("Titre 2", "Titre&nbsp;2");
        let xml = export(&[item(1, "publish", "post", ""), broken, item(3, "publish", "post", "")]);
        let (records, _) = read(&xml, SourceOptions::default());
        assert_eq!(records.len(), 3);
        assert!(records[0].article.is_ok() && records[2].article.is_ok());
        let error = records[1].article.as_ref().unwrap_err().to_string();
        assert_eq!(records[1].location.line, 19);
        assert!(error.contains("undefined entity `&nbsp;` at line 20"), "{error}");
    }

    #[test]
    fn rejects_an_item_with_invalid_utf8_and_reads_the_next() {
        let xml = export(&[
            item(1, "publish", "post", ""),
            item(2, "publish", "post", ""),
            item(3, "publish", "post", ""),
        ]);
        let mut bytes = xml.into_bytes();
        let position = bytes.windows(7).position(|window| window == b"Texte 2").unwrap();
        bytes[position + 1] = 0xff;
        let mut records = Vec::new();
        read_wxr(&bytes[..], Path::new("export.xml"), &SourceOptions::default(), &mut |record| {
            records.push(record)
        })
        .unwrap();
        assert_eq!(records.len(), 3);
        let error = records[1].article.as_ref().unwrap_err().to_string();
        assert!(error.contains("invalid UTF-8 at line 23"), "{error}");
        assert!(records[2].article.is_ok());
    }

    #[test]
    fn rejects_a_bare_ampersand() {
        let broken = item(1, "publish", "post", "").replace("Titre 1", "R&D");
        let (records, _) = read(&export(&[broken]), SourceOptions::default());
        let error = records[0].article.as_ref().unwrap_err().to_string();
        assert!(error.contains("`&` starts no entity"), "{error}");
    }

    #[test]
    fn reports_a_truncated_file_where_it_ends() {
        let xml = export(&[item(1, "publish", "post", ""), item(2, "publish", "post", "")]);
        let cut = xml.find("<wp:post_id>2").unwrap();
        let (records, _) = read(&xml[..cut], SourceOptions::default());
        assert_eq!(records.len(), 2);
        assert!(records[0].article.is_ok());
        assert_eq!(records[1].location.line, 19);
        let error = records[1].article.as_ref().unwrap_err().to_string();
        assert!(error.contains("ends inside this item, at line 25"), "{error}");
        let cut_in_a_tag = xml.find("<wp:post_id>2").unwrap() + 5;
        let (records, _) = read(&xml[..cut_in_a_tag], SourceOptions::default());
        let error = records[1].article.as_ref().unwrap_err().to_string();
        assert!(error.contains("not well-formed XML at line 25"), "{error}");
        let cut_between_items = xml.find("</channel>").unwrap();
        let (records, _) = read(&xml[..cut_between_items], SourceOptions::default());
        assert_eq!(records.len(), 3);
        assert!(records[2].article.as_ref().unwrap_err().to_string().contains("before `</rss>`"));
    }

    #[test]
    fn stops_at_a_mismatched_end_tag() {
        let broken = item(2, "publish", "post", "").replace("</wp:status>", "</wp:statut>");
        let xml = export(&[item(1, "publish", "post", ""), broken, item(3, "publish", "post", "")]);
        let (records, _) = read(&xml, SourceOptions::default());
        assert_eq!(records.len(), 2);
        let error = records[1].article.as_ref().unwrap_err().to_string();
        assert!(error.contains("not well-formed XML at line 27"), "{error}");
    }

    #[test]
    fn passes_over_xml_that_is_not_an_export() {
        let (records, skipped) =
            read("<?xml version=\"1.0\"?><urlset><url/></urlset>", SourceOptions::default());
        assert!(records.is_empty());
        assert_eq!(skipped.count(NOT_AN_EXPORT), 1);
        let (records, skipped) = read("", SourceOptions::default());
        assert!(records.is_empty());
        assert_eq!(skipped.count(NOT_AN_EXPORT), 1);
    }

    #[test]
    fn reads_crlf_line_ends_and_a_byte_order_mark() {
        let xml =
            format!("\u{feff}{}", export(&[item(1, "publish", "post", "")]).replace('\n', "\r\n"));
        let (records, _) = read(&xml, SourceOptions::default());
        assert_eq!(records[0].location.line, 8);
        assert_eq!(records[0].article.as_ref().unwrap().title, "Titre 1");
    }

    #[test]
    fn turns_content_into_text() {
        let content = "<!-- wp:paragraph -->\n<p>L&rsquo;équipe &amp; ses partenaires.</p>\n<!-- /wp:paragraph -->\n\n\
                       [caption id=\"attachment_9\" width=\"300\"]<img src=\"x.jpg\" /> Une légende[/caption]\n\n\
                       Ligne un\nligne deux\n\n[gallery ids=\"1,2\"]\n<ul><li>un</li><li>deux</li></ul><script>x()</script>";
        assert_eq!(
            wordpress_text(content),
            "L’équipe & ses partenaires.\n\nUne légende\n\nLigne un\nligne deux\n\nun\ndeux"
        );
    }

    #[test]
    fn parses_rss_dates() {
        let day = |text: &str| rfc2822_date(text).map(|date| date.as_str().to_string());
        assert_eq!(
            day("Sat, 05 Sep 2009 16:00:23 +0000").as_deref(),
            Some("2009-09-05T16:00:23+00:00")
        );
        assert_eq!(day("5 Sep 2009 16:00 GMT").as_deref(), Some("2009-09-05T16:00:00+00:00"));
        assert_eq!(day("Mon, 30 Nov -0001 00:00:00 +0000"), None);
        assert_eq!(day("Thu, 01 Jan 1970 00:00:00 +0000"), None);
        assert_eq!(day("Sat, 05 Sep 2009 16:00:23 +00é"), None);
        assert_eq!(gmt_date("0000-00-00 00:00:00"), None);
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = read_wxr(&bytes[..], Path::new("x.xml"), &SourceOptions::default(), &mut |_| {});
        }

        #[test]
        fn never_panics_on_damaged_exports(cut in 0usize..2000, byte in any::<u8>(), at in 0usize..2000) {
            let xml = export(&[item(1, "publish", "post", "<wp:comment><wp:comment_approved>1</wp:comment_approved></wp:comment>"), item(2, "draft", "post", "")]);
            let mut bytes = xml.into_bytes();
            let at = at % bytes.len();
            bytes[at] = byte;
            bytes.truncate(cut.min(bytes.len()));
            let _ = read_wxr(&bytes[..], Path::new("x.xml"), &SourceOptions::default(), &mut |_| {});
        }
    }
}
