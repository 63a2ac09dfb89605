//! HTML turned into the plain text the index stores: what a reader sees, laid out in lines.
//!
//! WordPress content and saved pages are HTML, but the index, the snippets and the article
//! record hold plain text whose paragraphs are separated by a blank line, like the archive
//! pages'. Block elements (paragraphs, headings, list items, table rows…) start new lines,
//! paragraphs are separated by a blank line, white space is collapsed inside a line, entities
//! are decoded (html5ever does it), and what a reader never sees as text — scripts, styles,
//! comments such as Gutenberg's block delimiters — is dropped. The parser never fails: any input,
//! however broken, gives some text.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

/// How the line breaks written in the HTML source count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceNewlines {
    /// As in a browser: a line break is white space like any other.
    Collapse,
    /// As WordPress renders classic-editor content (`wpautop`): a blank line separates
    /// paragraphs and a single line break is a line break.
    Paragraphs,
}

/// What the text of a node tree keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRules {
    /// How the source's own line breaks count.
    pub newlines: SourceNewlines,
    /// Also drop a page's chrome — navigation, header, footer, sidebars, forms — which is not
    /// the page's text.
    pub drop_page_chrome: bool,
}

/// The gap the text needs before its next word; a larger gap wins over a smaller one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Line,
    Paragraph,
}

/// Elements whose content is never read as text.
const NEVER_TEXT: [&str; 12] = [
    "script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg",
    "select", "button", "canvas",
];

/// Elements that are a page's chrome rather than its text.
const PAGE_CHROME: [&str; 5] = ["nav", "header", "footer", "aside", "form"];

/// Elements that stand apart from their neighbours by a blank line.
const PARAGRAPH_ELEMENTS: [&str; 23] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "figure",
    "table",
    "ul",
    "ol",
    "dl",
    "hr",
    "address",
    "section",
    "article",
    "header",
    "footer",
    "details",
    "fieldset",
    "main",
];

/// Elements that start a new line.
const LINE_ELEMENTS: [&str; 18] = [
    "div",
    "li",
    "dt",
    "dd",
    "tr",
    "br",
    "figcaption",
    "caption",
    "summary",
    "nav",
    "aside",
    "form",
    "legend",
    "option",
    "body",
    "html",
    "center",
    "dialog",
];

/// Lists, which may nest in a list item.
const NESTED_LISTS: [&str; 3] = ["ul", "ol", "dl"];

/// Elements whose text is a separate word from their neighbours' (table cells).
const WORD_ELEMENTS: [&str; 2] = ["td", "th"];

/// Elements between whose children white space is layout, not text.
const STRUCTURAL_CONTAINERS: [&str; 8] =
    ["ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr"];

/// The plain text of an HTML fragment, white space collapsed as a browser would.
pub fn html_to_text(html: &str) -> String {
    html_fragment_to_text(html, SourceNewlines::Collapse)
}

/// The plain text of an HTML fragment, the source's line breaks counted as `newlines` says.
pub fn html_fragment_to_text(html: &str, newlines: SourceNewlines) -> String {
    let fragment = Html::parse_fragment(html);
    let rules = TextRules { newlines, drop_page_chrome: false };
    node_text(fragment.tree.root(), &rules, None)
}

/// The text of an HTML fragment on one line: titles and labels, where markup such as
/// `Title <em>With</em> Mark<sup>up</sup>` must read `Title With Markup`.
///
/// Most titles and labels hold no markup at all; they are spared the HTML parser.
pub fn html_inline_text(html: &str) -> String {
    if html.contains(['<', '&', '\0', '\r']) {
        let text = html_to_text(html);
        text.split('\n').filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" ")
    } else {
        let words: Vec<&str> =
            html.split(is_html_white_space).filter(|word| !word.is_empty()).collect();
        words.join(" ").trim().to_string()
    }
}

/// The plain text of `root` and its descendants, leaving out the subtree of `excluded` (a
/// page's title heading, already the article's title).
pub fn node_text(root: NodeRef<'_, Node>, rules: &TextRules, excluded: Option<NodeId>) -> String {
    let mut writer = TextWriter { builder: TextBuilder::default(), rules: *rules, preformatted: 0 };
    let mut skipped_subtree: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) if skipped_subtree.is_none() => {
                if Some(node.id()) == excluded || writer.drops(node.value()) {
                    skipped_subtree = Some(node.id());
                } else {
                    writer.open(node);
                }
            }
            Edge::Close(node) if skipped_subtree == Some(node.id()) => skipped_subtree = None,
            Edge::Close(node) if skipped_subtree.is_none() => writer.close(node),
            _ => {}
        }
    }
    writer.builder.finish()
}

/// Walks the tree's edges into a [`TextBuilder`].
struct TextWriter {
    builder: TextBuilder,
    rules: TextRules,
    /// How many `<pre>` elements enclose the current node.
    preformatted: usize,
}

impl TextWriter {
    fn drops(&self, node: &Node) -> bool {
        let Node::Element(element) = node else {
            return false;
        };
        let name = element.name();
        NEVER_TEXT.contains(&name) || (self.rules.drop_page_chrome && PAGE_CHROME.contains(&name))
    }

    fn open(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(text) => self.write_text(text, node),
            Node::Element(element) => {
                if element.name() == "pre" {
                    self.preformatted += 1;
                }
                self.builder.require(gap_around(node));
            }
            _ => {}
        }
    }

    fn close(&mut self, node: NodeRef<'_, Node>) {
        if let Node::Element(element) = node.value() {
            if element.name() == "pre" {
                self.preformatted = self.preformatted.saturating_sub(1);
            }
            self.builder.require(gap_around(node));
        }
    }

    fn write_text(&mut self, text: &str, node: NodeRef<'_, Node>) {
        let newlines_count = self.preformatted > 0
            || (self.rules.newlines == SourceNewlines::Paragraphs
                && !is_layout_white_space(text, node));
        let mut rest = text;
        while !rest.is_empty() {
            let word_end = rest.find(is_html_white_space).unwrap_or(rest.len());
            self.builder.push(&rest[..word_end]);
            rest = &rest[word_end..];
            let space_end = rest.find(|c| !is_html_white_space(c)).unwrap_or(rest.len());
            if space_end > 0 {
                self.builder.require(gap_of_white_space(&rest[..space_end], newlines_count));
            }
            rest = &rest[space_end..];
        }
    }
}

/// White space alone between the items of a list or the rows of a table only lays out the
/// source; it must not become blank lines between list items.
fn is_layout_white_space(text: &str, node: NodeRef<'_, Node>) -> bool {
    let parent_is_structural = node.parent().is_some_and(|parent| match parent.value() {
        Node::Element(element) => STRUCTURAL_CONTAINERS.contains(&element.name()),
        _ => false,
    });
    parent_is_structural && text.chars().all(is_html_white_space)
}

/// The gap an element needs before and after it; a list nested in a list item continues its
/// list, a line below.
fn gap_around(node: NodeRef<'_, Node>) -> Gap {
    let Node::Element(element) = node.value() else {
        return Gap::None;
    };
    let element = element.name();
    if NESTED_LISTS.contains(&element) && is_in_list_item(node) {
        Gap::Line
    } else if PARAGRAPH_ELEMENTS.contains(&element) {
        Gap::Paragraph
    } else if LINE_ELEMENTS.contains(&element) {
        Gap::Line
    } else if WORD_ELEMENTS.contains(&element) {
        Gap::Space
    } else {
        Gap::None
    }
}

fn is_in_list_item(node: NodeRef<'_, Node>) -> bool {
    node.ancestors().any(|ancestor| match ancestor.value() {
        Node::Element(element) => matches!(element.name(), "li" | "dd"),
        _ => false,
    })
}

fn gap_of_white_space(space: &str, newlines_count: bool) -> Gap {
    if !newlines_count {
        return Gap::Space;
    }
    match space.chars().filter(|&c| c == '\n').count() {
        0 => Gap::Space,
        1 => Gap::Line,
        _ => Gap::Paragraph,
    }
}

/// HTML's white space: a no-break space is text, not white space.
fn is_html_white_space(character: char) -> bool {
    matches!(character, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// Plain text written word by word; a gap is written only between two words, so the text
/// never starts or ends with white space and gaps never pile up.
#[derive(Default)]
struct TextBuilder {
    text: String,
    gap: Option<Gap>,
}

impl TextBuilder {
    fn require(&mut self, gap: Gap) {
        self.gap = Some(self.gap.map_or(gap, |pending| pending.max(gap)));
    }

    fn push(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            match self.gap {
                Some(Gap::Space) => self.text.push(' '),
                Some(Gap::Line) => self.text.push('\n'),
                Some(Gap::Paragraph) => self.text.push_str("\n\n"),
                Some(Gap::None) | None => {}
            }
        }
        self.gap = None;
        self.text.push_str(word);
    }

    /// Lines holding only no-break or other Unicode spaces (`<p>&nbsp;</p>`) are no text.
    fn finish(self) -> String {
        let paragraphs: Vec<String> = self
            .text
            .split("\n\n")
            .map(|paragraph| {
                let lines: Vec<&str> =
                    paragraph.split('\n').map(str::trim).filter(|line| !line.is_empty()).collect();
                lines.join("\n")
            })
            .filter(|paragraph| !paragraph.is_empty())
            .collect();
        paragraphs.join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn wordpress(html: &str) -> String {
        html_fragment_to_text(html, SourceNewlines::Paragraphs)
    }

    #[test]
    fn separates_paragraphs_by_a_blank_line_and_list_items_by_a_line() {
        let html = "<p>Premier  paragraphe,\n suite.</p><ul>\n<li>un</li>\n<li>deux</li>\n</ul>\
                    <h2>Titre</h2><p>Fin<br>ligne</p>";
        assert_eq!(
            html_to_text(html),
            "Premier paragraphe, suite.\n\nun\ndeux\n\nTitre\n\nFin\nligne"
        );
    }

    #[test]
    fn decodes_entities_and_joins_inline_elements() {
        assert_eq!(
            html_to_text("<p>L&rsquo;exp&eacute;rience &amp; <b>Mark</b><sup>up</sup>&#8230;</p>"),
            "L’expérience & Markup…"
        );
        assert_eq!(
            html_inline_text("Title <em>With</em>\n<b>Mark<sup>up</sup></b>"),
            "Title With Markup"
        );
    }

    #[test]
    fn drops_scripts_styles_and_comments() {
        let html = "<!-- wp:paragraph --><p>Texte</p><!-- /wp:paragraph -->\
                    <script>alert('x')</script><style>p{}</style><noscript>Activez</noscript>";
        assert_eq!(html_to_text(html), "Texte");
    }

    #[test]
    fn counts_source_line_breaks_as_wordpress_does() {
        let html = "Premier paragraphe\nsur deux lignes.\n\n<strong>Second</strong> paragraphe.";
        assert_eq!(wordpress(html), "Premier paragraphe\nsur deux lignes.\n\nSecond paragraphe.");
        assert_eq!(html_to_text(html), "Premier paragraphe sur deux lignes. Second paragraphe.");
        let list = "<ul>\n\n<li>un</li>\n\n<li>deux</li>\n</ul>";
        assert_eq!(wordpress(list), "un\ndeux");
    }

    #[test]
    fn continues_a_list_nested_in_a_list_item_on_the_next_line() {
        let html =
            "<p>Liste</p><ol><li>un<ul><li>a</li><li>b</li></ul></li><li>deux</li></ol><p>Fin</p>";
        assert_eq!(html_to_text(html), "Liste\n\nun\na\nb\ndeux\n\nFin");
    }

    #[test]
    fn keeps_the_lines_of_preformatted_text() {
        assert_eq!(html_to_text("<pre>ligne 1\nligne 2</pre>"), "ligne 1\nligne 2");
    }

    #[test]
    fn leaves_out_lines_of_no_break_spaces_but_keeps_those_inside_text() {
        assert_eq!(
            html_to_text("<p>&nbsp;</p><p>WAQ&nbsp;2013</p><p> \u{a0} </p>"),
            "WAQ\u{a0}2013"
        );
    }

    #[test]
    fn separates_table_cells_by_a_space_and_rows_by_a_line() {
        let html = "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr></table>";
        assert_eq!(html_to_text(html), "a b\nc d");
    }

    #[test]
    fn gives_empty_text_for_empty_or_markup_only_input() {
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("<img src=x><br><hr>"), "");
    }

    proptest! {
        #[test]
        fn never_panics_and_never_leaves_white_space_at_the_edges(html in any::<String>()) {
            for text in [html_to_text(&html), wordpress(&html), html_inline_text(&html)] {
                prop_assert_eq!(text.trim(), text.as_str());
                prop_assert!(!text.contains("\n\n\n"));
            }
        }

        #[test]
        fn reads_plain_labels_as_the_html_parser_would(text in "[ a-zé\u{a0}\t\n\u{c}\u{2003}]{0,30}") {
            let parsed = html_to_text(&text).split('\n').collect::<Vec<_>>().join(" ");
            prop_assert_eq!(html_inline_text(&text), parsed);
        }

        #[test]
        fn never_panics_on_tag_soup(html in "(<(p|li|ul|pre|b|script|td|tr|table|br)>|</(p|li|ul|pre|b|script|td|tr|table)>|[a-z &;#\n]{0,5}|<!--|-->|&[a-z]{0,6};?){0,40}") {
            let text = wordpress(&html);
            prop_assert_eq!(text.trim(), text.as_str());
        }
    }
}
