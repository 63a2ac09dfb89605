//! A synthetic corpus of any size recombined from a real one, by the method of the anchor
//! harness's `gen_scaled.py`, so that an index of 100,000 or 1,000,000 articles holds the real
//! corpus's vocabulary, article lengths and facet distributions rather than random words.
//!
//! Each synthetic article `i` of `N`:
//!
//! - draws a real "template" article uniformly, and takes its categories, tags and author, and
//!   its date moved by a whole number of days between −30 and +30 (no date stays no date), so
//!   that their joint distributions are kept;
//! - has as many paragraphs as the template, each drawn from the real paragraphs: 70 % from
//!   those of the articles sharing the template's first category (topical coherence), 30 % from
//!   all of them, so that lengths and term frequencies stay realistic;
//! - is titled with the template's title, followed half the time by ` – ` and the first 3 to 8
//!   words of a random paragraph;
//! - is identified as `syn-<N>-<i, 7 digits>`, at the url `/synth/<i>/`.
//!
//! The draws come from a ChaCha8 generator seeded with the seed given, so that the same count,
//! seed and source give the same file, byte for byte (the numbers drawn differ from Python's, the
//! method is the same). Unlike `gen_scaled.py`, the records carry no `template` field, which the
//! article schema does not allow, and articles without body text lend their title and facets
//! but no empty paragraph, so that every synthetic article has body text.
//!
//! The articles are generated one at a time and written as they come: memory holds the source
//! corpus only, whatever the count.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::article::Article;
use crate::date::PublicationDate;
use crate::ingest::jsonl::read_jsonl;
use crate::ingest::{RecordError, RecordLocation};

/// Share of a synthetic article's paragraphs drawn from its template's category.
const SAME_CATEGORY_SHARE: f64 = 0.7;
/// Chance that a synthetic title continues with words of a paragraph.
const TITLE_CONTINUATION_CHANCE: f64 = 0.5;
/// How many words a title continuation takes.
const TITLE_CONTINUATION_WORDS: RangeInclusive<usize> = 3..=8;
/// How far a template's date moves, in days.
const DATE_JITTER_DAYS: RangeInclusive<i64> = -30..=30;

/// Why a synthetic corpus could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ScaledCorpusError {
    /// The source corpus could not be read.
    #[error("cannot read the source corpus {path}")]
    ReadSource {
        /// The source corpus.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A record of the source corpus is not a valid article: the synthetic articles would
    /// inherit what is wrong with it.
    #[error("invalid record in the source corpus at {location}: {reason}")]
    InvalidSourceRecord {
        /// Where the record is.
        location: RecordLocation,
        /// Why it is invalid.
        reason: RecordError,
    },
    /// The source corpus has no body text to recombine.
    #[error("the source corpus {path} holds no article with body text")]
    NothingToRecombine {
        /// The source corpus.
        path: PathBuf,
    },
    /// The synthetic corpus could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// A real article, as far as synthetic articles copy it.
#[derive(Debug)]
struct Template {
    title: String,
    date: Option<PublicationDate>,
    author: Option<String>,
    categories: Vec<String>,
    tags: Vec<String>,
    /// Paragraphs of the body, at least 1 (as `gen_scaled.py` counts an empty body).
    paragraph_count: usize,
    /// Index in [`SourceCorpus::category_pools`] of the pool of the first category.
    category_pool: usize,
}

/// The real corpus synthetic articles are recombined from: its articles and all their
/// paragraphs, pooled by first category.
#[derive(Debug)]
pub struct SourceCorpus {
    templates: Vec<Template>,
    paragraphs: Vec<String>,
    /// Per first category (articles without a category share one pool): indexes of the
    /// paragraphs of the articles of that category.
    category_pools: Vec<Vec<usize>>,
}

impl SourceCorpus {
    /// Reads a JSON Lines corpus of article records (gzip-compressed or not); an invalid
    /// record is an error, naming its line.
    pub fn read(path: &Path) -> Result<Self, ScaledCorpusError> {
        let read_error =
            |source| ScaledCorpusError::ReadSource { path: path.to_path_buf(), source };
        let file = File::open(path).map_err(read_error)?;
        let mut builder = SourceCorpusBuilder::default();
        let mut first_invalid = None;
        read_jsonl(file, path, &mut |record| match record.article {
            Ok(article) => builder.add(article),
            Err(reason) => {
                let location = record.location;
                first_invalid
                    .get_or_insert(ScaledCorpusError::InvalidSourceRecord { location, reason });
            }
        })
        .map_err(read_error)?;
        match first_invalid {
            Some(error) => Err(error),
            None => builder.finish(path),
        }
    }

    /// Number of real articles.
    pub fn article_count(&self) -> usize {
        self.templates.len()
    }

    /// Number of real paragraphs.
    pub fn paragraph_count(&self) -> usize {
        self.paragraphs.len()
    }

    /// The `count` synthetic articles of `seed`, generated as they are iterated.
    pub fn scaled(&self, count: u64, seed: u64) -> ScaledArticles<'_> {
        ScaledArticles { source: self, random: ChaCha8Rng::seed_from_u64(seed), count, next: 0 }
    }

    /// Synthetic article `number` of `count`.
    fn synthesise(&self, number: u64, count: u64, random: &mut ChaCha8Rng) -> Article {
        let template = &self.templates[random.random_range(0..self.templates.len())];
        let category_pool = &self.category_pools[template.category_pool];
        let paragraphs: Vec<&str> = (0..template.paragraph_count)
            .map(|_| self.draw_paragraph(category_pool, random))
            .collect();
        let title = self.draw_title(&template.title, random);
        let date = template.date.as_ref().map(|date| jittered(date, random));
        Article {
            id: format!("syn-{count}-{number:07}"),
            url: Some(format!("/synth/{number}/")),
            title,
            date,
            author: template.author.clone(),
            categories: template.categories.clone(),
            tags: template.tags.clone(),
            comments: None,
            excerpt: None,
            body: paragraphs.join("\n\n"),
            body_is_excerpt: false,
            source: None,
        }
    }

    /// A paragraph of the category pool or, otherwise or when the pool is empty (its articles
    /// have no body), of all the paragraphs.
    fn draw_paragraph(&self, category_pool: &[usize], random: &mut ChaCha8Rng) -> &str {
        let from_category = random.random_bool(SAME_CATEGORY_SHARE) && !category_pool.is_empty();
        let index = if from_category {
            category_pool[random.random_range(0..category_pool.len())]
        } else {
            random.random_range(0..self.paragraphs.len())
        };
        &self.paragraphs[index]
    }

    /// The template's title, continued half the time with the first words of a paragraph.
    fn draw_title(&self, template_title: &str, random: &mut ChaCha8Rng) -> String {
        if !random.random_bool(TITLE_CONTINUATION_CHANCE) {
            return template_title.to_string();
        }
        let paragraph = &self.paragraphs[random.random_range(0..self.paragraphs.len())];
        let word_count = random.random_range(TITLE_CONTINUATION_WORDS);
        let words: Vec<&str> = paragraph.split_whitespace().take(word_count).collect();
        format!("{template_title} – {}", words.join(" "))
    }
}

/// `date` moved by a random number of days; unmoved when that would leave the years 0000–9999.
fn jittered(date: &PublicationDate, random: &mut ChaCha8Rng) -> PublicationDate {
    let days = random.random_range(DATE_JITTER_DAYS);
    date.shifted_by_days(days).unwrap_or_else(|_| date.clone())
}

/// Gathers a [`SourceCorpus`] one article at a time, so that reading never holds the articles
/// beside their paragraphs.
#[derive(Default)]
struct SourceCorpusBuilder {
    templates: Vec<Template>,
    paragraphs: Vec<String>,
    category_pools: Vec<Vec<usize>>,
    pool_of_category: HashMap<String, usize>,
}

impl SourceCorpusBuilder {
    fn add(&mut self, article: Article) {
        let first_category = article.categories.first().cloned().unwrap_or_default();
        let next_pool = self.category_pools.len();
        let category_pool = *self.pool_of_category.entry(first_category).or_insert(next_pool);
        if category_pool == next_pool {
            self.category_pools.push(Vec::new());
        }
        let paragraphs = split_paragraphs(&article.body);
        let paragraph_count = paragraphs.len().max(1);
        for paragraph in paragraphs {
            self.category_pools[category_pool].push(self.paragraphs.len());
            self.paragraphs.push(paragraph);
        }
        self.templates.push(Template {
            title: article.title,
            date: article.date,
            author: article.author,
            categories: article.categories,
            tags: article.tags,
            paragraph_count,
            category_pool,
        });
    }

    /// The corpus, refused when it has no paragraph to draw (`path` names it).
    fn finish(self, path: &Path) -> Result<SourceCorpus, ScaledCorpusError> {
        if self.paragraphs.is_empty() {
            return Err(ScaledCorpusError::NothingToRecombine { path: path.to_path_buf() });
        }
        Ok(SourceCorpus {
            templates: self.templates,
            paragraphs: self.paragraphs,
            category_pools: self.category_pools,
        })
    }
}

/// The paragraphs of a body: the text between blank lines, trimmed, empty ones left out
/// (`gen_scaled.py`'s `re.split(r"\n\s*\n", body)`).
fn split_paragraphs(body: &str) -> Vec<String> {
    let lines: Vec<&str> = body.split('\n').collect();
    lines
        .split(|line| line.trim().is_empty())
        .map(|paragraph_lines| paragraph_lines.join("\n").trim().to_string())
        .filter(|paragraph| !paragraph.is_empty())
        .collect()
}

/// The synthetic articles of one count and seed, in order.
#[derive(Debug)]
pub struct ScaledArticles<'a> {
    source: &'a SourceCorpus,
    random: ChaCha8Rng,
    count: u64,
    next: u64,
}

impl Iterator for ScaledArticles<'_> {
    type Item = Article;

    fn next(&mut self) -> Option<Article> {
        if self.next == self.count {
            return None;
        }
        let article = self.source.synthesise(self.next, self.count, &mut self.random);
        self.next += 1;
        Some(article)
    }
}

/// Writes `articles` as JSON Lines to `path`, gzip-compressed when its name ends with `.gz`,
/// calling `on_written` with the number written so far after each; returns how many were
/// written. A file appears at `path` only once complete (it is written beside it first), so
/// that an interrupted run never leaves a truncated corpus to be mistaken for a whole one;
/// what is not a file (`/dev/null`, a pipe) is written directly, never replaced.
pub fn write_jsonl(
    articles: impl Iterator<Item = Article>,
    path: &Path,
    on_written: &mut dyn FnMut(u64),
) -> Result<u64, ScaledCorpusError> {
    let gzip = is_gzip_name(path);
    let is_special = std::fs::metadata(path).is_ok_and(|metadata| !metadata.is_file());
    let written = if is_special {
        write_file(articles, path, gzip, on_written)
    } else {
        let mut partial_name = path.file_name().unwrap_or_default().to_os_string();
        partial_name.push(".partial");
        let partial = path.with_file_name(partial_name);
        let written = write_file(articles, &partial, gzip, on_written)
            .and_then(|written| std::fs::rename(&partial, path).map(|()| written));
        if written.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        written
    };
    written.map_err(|source| ScaledCorpusError::Write { path: path.to_path_buf(), source })
}

fn is_gzip_name(path: &Path) -> bool {
    path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("gz"))
}

fn write_file(
    articles: impl Iterator<Item = Article>,
    path: &Path,
    gzip: bool,
    on_written: &mut dyn FnMut(u64),
) -> std::io::Result<u64> {
    let file = File::create(path)?;
    if gzip {
        // The gzip header of flate2's encoder holds no time or name: the output stays
        // byte-identical from run to run.
        let mut writer = BufWriter::new(GzEncoder::new(file, flate2::Compression::default()));
        let written = write_lines(articles, &mut writer, on_written)?;
        writer.into_inner().map_err(|error| error.into_error())?.finish()?;
        Ok(written)
    } else {
        let mut writer = BufWriter::new(file);
        let written = write_lines(articles, &mut writer, on_written)?;
        writer.flush()?;
        Ok(written)
    }
}

fn write_lines(
    articles: impl Iterator<Item = Article>,
    writer: &mut impl Write,
    on_written: &mut dyn FnMut(u64),
) -> std::io::Result<u64> {
    let mut written = 0;
    for article in articles {
        serde_json::to_writer(&mut *writer, &article)?;
        writer.write_all(b"\n")?;
        written += 1;
        on_written(written);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use super::*;

    /// A source article of category `category`, whose body's paragraphs hold the category's
    /// name, so that a paragraph's origin can be told.
    fn article(id: &str, category: &str, date: Option<&str>, paragraphs: usize) -> Article {
        let body: Vec<String> = (0..paragraphs)
            .map(|number| format!("Paragraphe {number} de {id} sur {category} et ses usages."))
            .collect();
        Article {
            id: id.to_string(),
            url: None,
            title: format!("Titre de {id}"),
            date: date.map(|text| PublicationDate::parse(text).unwrap()),
            author: Some("Autrice".to_string()),
            categories: vec![category.to_string()],
            tags: vec![format!("étiquette-{category}")],
            comments: None,
            excerpt: None,
            body: body.join("\n\n"),
            body_is_excerpt: false,
            source: None,
        }
    }

    /// Three quarters `ti`, one quarter `web` (two paragraphs each, dated), and one untitled
    /// article with no body nor category.
    fn corpus() -> SourceCorpus {
        let mut builder = SourceCorpusBuilder::default();
        for number in 0..12 {
            let category = if number % 4 == 3 { "web" } else { "ti" };
            builder.add(article(&format!("a{number}"), category, Some("2013-02-20"), 2));
        }
        let mut no_body = article("vide", "ti", None, 0);
        no_body.categories.clear();
        builder.add(no_body);
        builder.finish(Path::new("test.jsonl")).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_articles_and_another_seed_others() {
        let source = corpus();
        let first: Vec<Article> = source.scaled(200, 7).collect();
        assert_eq!(first, source.scaled(200, 7).collect::<Vec<_>>());
        assert_ne!(first, source.scaled(200, 8).collect::<Vec<_>>());
    }

    #[test]
    fn count_ids_and_urls_follow_the_harness() {
        let articles: Vec<Article> = corpus().scaled(25, 1).collect();
        assert_eq!(articles.len(), 25);
        assert_eq!(articles[0].id, "syn-25-0000000");
        assert_eq!(articles[24].id, "syn-25-0000024");
        assert_eq!(articles[24].url.as_deref(), Some("/synth/24/"));
        let ids: HashSet<&str> = articles.iter().map(|article| article.id.as_str()).collect();
        assert_eq!(ids.len(), 25);
    }

    #[test]
    fn every_article_is_a_valid_record_that_reads_back() {
        for article in corpus().scaled(500, 3) {
            article.validate().unwrap();
            assert!(!article.body.trim().is_empty(), "{article:?}");
            let line = serde_json::to_string(&article).unwrap();
            assert_eq!(serde_json::from_str::<Article>(&line).unwrap(), article);
        }
    }

    #[test]
    fn facets_dates_lengths_and_topics_keep_the_source_distributions() {
        let articles: Vec<Article> = corpus().scaled(4000, 11).collect();
        let mut categories: BTreeMap<String, usize> = BTreeMap::new();
        for article in &articles {
            let category = article.categories.first().cloned().unwrap_or_default();
            *categories.entry(category).or_default() += 1;
        }
        let share = |category: &str| categories[category] as f64 / articles.len() as f64;
        assert!((share("ti") - 9.0 / 13.0).abs() < 0.03, "{categories:?}");
        assert!((share("web") - 3.0 / 13.0).abs() < 0.03, "{categories:?}");
        let source_day = PublicationDate::parse("2013-02-20").unwrap().day_number();
        let mut web_paragraphs = 0;
        let mut same_topic = 0;
        for article in &articles {
            match &article.date {
                Some(date) => assert!((date.day_number() - source_day).abs() <= 30),
                None => assert!(article.categories.is_empty(), "only the undated article"),
            }
            let paragraphs = split_paragraphs(&article.body);
            let expected_paragraphs = if article.categories.is_empty() { 1 } else { 2 };
            assert_eq!(paragraphs.len(), expected_paragraphs, "{article:?}");
            if article.categories.first().is_some_and(|category| category == "web") {
                web_paragraphs += paragraphs.len();
                same_topic += paragraphs.iter().filter(|text| text.contains("sur web")).count();
            }
        }
        // 70 % from the category, plus the category's share of the 30 % drawn from all.
        let expected = SAME_CATEGORY_SHARE + (1.0 - SAME_CATEGORY_SHARE) * 6.0 / 24.0;
        let observed = same_topic as f64 / web_paragraphs as f64;
        assert!((observed - expected).abs() < 0.04, "{observed} against {expected}");
        let continued = articles.iter().filter(|article| article.title.contains(" – ")).count();
        let continued_share = continued as f64 / articles.len() as f64;
        assert!((continued_share - TITLE_CONTINUATION_CHANCE).abs() < 0.03, "{continued_share}");
    }

    #[test]
    fn title_continuations_take_three_to_eight_words_of_a_paragraph() {
        for article in corpus().scaled(300, 5) {
            if let Some((_, continuation)) = article.title.split_once(" – ") {
                let words = continuation.split_whitespace().count();
                assert!((3..=8).contains(&words), "{}", article.title);
                assert!(continuation.starts_with("Paragraphe"), "{}", article.title);
            }
        }
    }

    #[test]
    fn paragraphs_are_split_on_blank_lines_as_the_harness_splits_them() {
        let body = "  Un\ndeux  \n\n\n \t \ntrois\r\n\r\nquatre\n";
        assert_eq!(split_paragraphs(body), ["Un\ndeux", "trois", "quatre"]);
        assert!(split_paragraphs(" \n\n ").is_empty());
    }

    #[test]
    fn a_source_without_body_text_is_refused() {
        let mut builder = SourceCorpusBuilder::default();
        builder.add(article("seul", "ti", None, 0));
        let error = builder.finish(Path::new("titres.jsonl")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the source corpus titres.jsonl holds no article with body text"
        );
    }

    fn source_file(folder: &Path, lines: &str) -> PathBuf {
        let path = folder.join("source.jsonl");
        std::fs::write(&path, lines).unwrap();
        path
    }

    #[test]
    fn files_are_identical_for_one_seed_and_gzip_holds_the_same_lines() {
        let folder = tempfile::tempdir().unwrap();
        let lines: Vec<String> = (0..6)
            .map(|number| {
                serde_json::to_string(&article(&format!("s{number}"), "ti", Some("2020-01-10"), 3))
                    .unwrap()
            })
            .collect();
        let source = SourceCorpus::read(&source_file(folder.path(), &lines.join("\n"))).unwrap();
        assert_eq!((source.article_count(), source.paragraph_count()), (6, 18));
        let write = |name: &str, seed| {
            let path = folder.path().join(name);
            let mut progress = Vec::new();
            let written =
                write_jsonl(source.scaled(40, seed), &path, &mut |count| progress.push(count))
                    .unwrap();
            assert_eq!(written, 40);
            assert_eq!(progress, (1..=40).collect::<Vec<u64>>());
            std::fs::read(path).unwrap()
        };
        let plain = write("a.jsonl", 9);
        assert_eq!(plain, write("b.jsonl", 9));
        assert_ne!(plain, write("c.jsonl", 10));
        let compressed = write("a.jsonl.gz", 9);
        assert_eq!(compressed, write("b.jsonl.gz", 9));
        let mut decompressed = Vec::new();
        let reader = &mut flate2::read::GzDecoder::new(compressed.as_slice());
        std::io::Read::read_to_end(reader, &mut decompressed).unwrap();
        assert_eq!(decompressed, plain);
        let left_over: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .filter_map(|entry| entry.unwrap().file_name().into_string().ok())
            .filter(|name| name.ends_with(".partial"))
            .collect();
        assert!(left_over.is_empty(), "{left_over:?}");
    }

    #[test]
    fn an_invalid_source_record_is_named_with_its_line() {
        let folder = tempfile::tempdir().unwrap();
        let valid = serde_json::to_string(&article("s1", "ti", None, 1)).unwrap();
        let path = source_file(folder.path(), &format!("{valid}\n{{\"id\":\"x\"}}\n"));
        let error = SourceCorpus::read(&path).unwrap_err().to_string();
        assert!(error.starts_with("invalid record in the source corpus at "), "{error}");
        assert!(error.contains("source.jsonl:2: "), "{error}");
        let missing = SourceCorpus::read(&folder.path().join("absent.jsonl")).unwrap_err();
        assert!(missing.to_string().starts_with("cannot read the source corpus "), "{missing}");
    }
}
