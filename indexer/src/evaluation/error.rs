//! The one error of the evaluation files (queries, relevance judgments, runs): a file that cannot
//! be read, or a line that does not say what its format requires.
//!
//! One type for the three formats, because a caller reading them in a row (`trouvaille eval`)
//! reports them the same way: the file, the line, and what is wrong with it.

use std::path::PathBuf;

/// Why an evaluation file (queries, qrels or run) could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvaluationFileError {
    /// The file could not be read at all (the cause follows in the error's chain).
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line breaks the format; nothing of the file is returned, since evaluating on part of
    /// the judgments would silently give other numbers.
    #[error("{path}:{line}: {message}")]
    Malformed {
        /// The file, or the name given to text parsed from memory.
        path: PathBuf,
        /// 1-based line number in the file.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
}

impl EvaluationFileError {
    /// The error of `line` (1-based) of `path`.
    pub(crate) fn malformed(
        path: &std::path::Path,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        EvaluationFileError::Malformed { path: path.to_path_buf(), line, message: message.into() }
    }
}

/// Reads `path` as UTF-8 text, naming the path when it cannot.
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, EvaluationFileError> {
    std::fs::read_to_string(path)
        .map_err(|source| EvaluationFileError::Read { path: path.to_path_buf(), source })
}

/// The lines of `text` with their 1-based numbers, without a trailing carriage return, so that
/// files saved with Windows line endings read the same.
pub(crate) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.strip_suffix('\r').unwrap_or(line)))
}

/// The line and message of a malformed-line error (tests of the three file formats).
#[cfg(test)]
pub(crate) fn malformed_line(error: EvaluationFileError) -> (usize, String) {
    match error {
        EvaluationFileError::Malformed { line, message, .. } => (line, message),
        other => panic!("not a malformed line: {other}"),
    }
}
