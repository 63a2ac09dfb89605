//! Finding the files of the sources and reading each with the reader of its format.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::archive_page::parse_archive_page;
use super::html_page::read_html_page;
use super::jsonl::read_jsonl;
use super::wxr::read_wxr;
use super::{
    normalise_article_text, IngestError, RecordError, RecordLocation, SkippedItems, SourceRecord,
};
use crate::analysis::normalise_nfc;

/// The formats Trouvaille reads, recognised by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// A WordPress archive page saved as text.
    ArchivePage,
    /// JSON Lines articles, possibly gzip-compressed.
    JsonLines,
    /// A WordPress eXtended RSS export (`.xml`).
    WordPressExport,
    /// A saved HTML page (`.html`, `.htm`).
    HtmlPage,
}

impl SourceFormat {
    /// The format of a file, from its name.
    pub fn of(path: &Path) -> Option<SourceFormat> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".txt") {
            Some(SourceFormat::ArchivePage)
        } else if name.ends_with(".jsonl")
            || name.ends_with(".jsonl.gz")
            || name.ends_with(".ndjson")
        {
            Some(SourceFormat::JsonLines)
        } else if name.ends_with(".xml") {
            Some(SourceFormat::WordPressExport)
        } else if name.ends_with(".html") || name.ends_with(".htm") {
            Some(SourceFormat::HtmlPage)
        } else {
            None
        }
    }
}

/// Reads every record of `paths` (files, or folders searched recursively for readable files),
/// in a stable order, calling `visit` for each, and returns the items deliberately skipped.
/// Files of unknown formats inside folders are passed over; a path named explicitly must
/// exist and have a known format (a typo is an error, not a skipped source).
pub fn read_sources(
    paths: &[PathBuf],
    options: &SourceOptions,
    visit: &mut dyn FnMut(SourceRecord),
) -> Result<SkippedItems, IngestError> {
    let mut skipped = SkippedItems::default();
    for file in source_files(paths)? {
        match read_file(&file, options, visit) {
            Ok(file_skipped) => skipped.merge(file_skipped),
            Err(error) => visit(unreadable_file(&file.path, error)),
        }
    }
    Ok(skipped)
}

/// A file that exists but cannot be read (permissions, an I/O error midway) is one rejected
/// record: the other files are still indexed.
fn unreadable_file(path: &Path, error: IngestError) -> SourceRecord {
    SourceRecord {
        location: RecordLocation { file: path.to_path_buf(), line: 0 },
        article: Err(RecordError::Unreadable(error.to_string())),
    }
}

/// A file to read, with the source it was found under.
struct SourceFile {
    path: PathBuf,
    format: SourceFormat,
    /// The folder given as the source, or the file's own folder when the file was given: HTML
    /// pages take their id and url from their path relative to it, so that both stay the same
    /// wherever the site is.
    root: PathBuf,
}

/// Choices about what the sources yield.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceOptions {
    /// Index WordPress pages as well as posts.
    pub include_pages: bool,
}

fn source_files(paths: &[PathBuf]) -> Result<Vec<SourceFile>, IngestError> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|source| read_error(path, source))?;
        if metadata.is_dir() {
            collect_folder(path, path, &mut files)?;
        } else {
            let format = SourceFormat::of(path)
                .ok_or_else(|| IngestError::UnsupportedFormat { path: path.clone() })?;
            let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
            files.push(SourceFile { path: path.clone(), format, root });
        }
    }
    Ok(files)
}

fn collect_folder(
    root: &Path,
    folder: &Path,
    files: &mut Vec<SourceFile>,
) -> Result<(), IngestError> {
    let entries = std::fs::read_dir(folder).map_err(|source| read_error(folder, source))?;
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()
        .map_err(|source| read_error(folder, source))?;
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_folder(root, &path, files)?;
        } else if let Some(format) = SourceFormat::of(&path) {
            files.push(SourceFile { path, format, root: root.to_path_buf() });
        }
    }
    Ok(())
}

fn read_file(
    source_file: &SourceFile,
    options: &SourceOptions,
    visit: &mut dyn FnMut(SourceRecord),
) -> Result<SkippedItems, IngestError> {
    let path = &source_file.path;
    let file = File::open(path).map_err(|source| read_error(path, source))?;
    match source_file.format {
        SourceFormat::JsonLines => {
            read_jsonl(file, path, visit).map_err(|source| read_error(path, source))?
        }
        SourceFormat::ArchivePage => read_archive_page(path, visit)?,
        SourceFormat::WordPressExport => {
            return read_wxr(file, path, options, visit).map_err(|source| read_error(path, source));
        }
        SourceFormat::HtmlPage => {
            let mut bytes = Vec::new();
            (&file).read_to_end(&mut bytes).map_err(|source| read_error(path, source))?;
            visit(read_html_page(&bytes, path, &source_file.root));
        }
    }
    Ok(SkippedItems::default())
}

fn read_archive_page(path: &Path, visit: &mut dyn FnMut(SourceRecord)) -> Result<(), IngestError> {
    let bytes = std::fs::read(path).map_err(|source| read_error(path, source))?;
    let text = String::from_utf8_lossy(&bytes);
    for entry in parse_archive_page(&normalise_nfc(&text)) {
        let mut article = entry.article;
        article.source = Some(path.display().to_string());
        normalise_article_text(&mut article);
        let article = article.validate().map(|()| article).map_err(Into::into);
        let location = RecordLocation { file: path.to_path_buf(), line: entry.line };
        visit(SourceRecord { location, article });
    }
    Ok(())
}

fn read_error(path: &Path, cause: std::io::Error) -> IngestError {
    IngestError::Read { path: path.to_path_buf(), cause }
}
