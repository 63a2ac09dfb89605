//! Terminal rendering: colour when standard output is a terminal (and `NO_COLOR` is unset),
//! plain text when piped.

use std::io::{IsTerminal, Write};

const BOLD: &str = "\x1b[1m";
const HIGHLIGHT: &str = "\x1b[1;33m";
const RESET: &str = "\x1b[0m";

/// Writes `text` to standard output; a reader that went away (`| head`) ends the output
/// quietly instead of as an error.
pub fn print_to_stdout(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Whether to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI colours.
    Colour,
    /// Plain text.
    Plain,
}

impl Style {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    pub fn for_stdout() -> Style {
        let wants_colour =
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        if wants_colour {
            Style::Colour
        } else {
            Style::Plain
        }
    }

    /// `text` in bold when colouring.
    pub fn bold(self, text: &str) -> String {
        match self {
            Style::Colour => format!("{BOLD}{text}{RESET}"),
            Style::Plain => text.to_string(),
        }
    }
}

/// Turns the API's escaped HTML with `<mark>` into terminal text: marks become colour (or
/// vanish when plain), entities become characters.
pub fn marked_html_to_terminal(html: &str, style: Style) -> String {
    let (open, close) = match style {
        Style::Colour => (HIGHLIGHT, RESET),
        Style::Plain => ("", ""),
    };
    html.replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_output_drops_marks_and_unescapes() {
        let html = "<mark>données</mark> &lt;b&gt; &amp;amp;";
        assert_eq!(marked_html_to_terminal(html, Style::Plain), "données <b> &amp;");
        assert!(marked_html_to_terminal(html, Style::Colour).starts_with(HIGHLIGHT));
    }
}
