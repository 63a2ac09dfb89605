//! WordPress shortcodes in post content, rewritten before the content is read as HTML.
//!
//! Shortcodes are text-level markup that WordPress expands when it renders a post: a reader
//! sees a gallery or a captioned image, never `[gallery ids="1,2"]`. Their brackets and
//! attributes are therefore no text, nor is the address an `[embed]` encloses. A `[caption]`
//! wraps an image and its caption, which is the one part a reader reads: it becomes a
//! `<figure>` whose caption stays (the old form's `caption="…"` attribute included). Enclosing
//! shortcodes (`[code]…[/code]`) keep what they enclose. Brackets that are not shortcodes stay
//! text: French prose writes `[…]` and `[sic]`, so a bracketed word counts as a shortcode only
//! when WordPress or Jetpack defines it, when it has `name=value` attributes, or when it closes
//! one of those.

use std::borrow::Cow;

/// Shortcodes of WordPress and of Jetpack/WordPress.com, the ones exports carry.
const KNOWN_SHORTCODES: [&str; 38] = [
    "caption",
    "wp_caption",
    "gallery",
    "playlist",
    "audio",
    "video",
    "embed",
    "youtube",
    "vimeo",
    "dailymotion",
    "ted",
    "wpvideo",
    "videopress",
    "tweet",
    "twitter-timeline",
    "instagram",
    "facebook",
    "flickr",
    "soundcloud",
    "spotify",
    "googlemaps",
    "googleapps",
    "slideshare",
    "slideshow",
    "scribd",
    "polldaddy",
    "crowdsignal",
    "contact-form",
    "contact-field",
    "archives",
    "sitemap",
    "recipe",
    "gravatar",
    "code",
    "sourcecode",
    "latex",
    "portfolio",
    "blog-subscription",
];

/// Rewrites the shortcodes of `content` into the HTML a reader would see the text of.
pub fn expand_shortcodes(content: &str) -> Cow<'_, str> {
    if !content.contains('[') {
        return Cow::Borrowed(content);
    }
    let mut expander = Expander::default();
    expander.expand(content);
    Cow::Owned(expander.finish())
}

/// One bracketed tag: `[name attributes]`, `[name /]` or `[/name]`.
struct Tag<'a> {
    closing: bool,
    name: &'a str,
    attributes: &'a str,
    /// Bytes from `[` to `]`, both included.
    length: usize,
}

#[derive(Default)]
struct Expander {
    html: String,
    /// Names of the unknown shortcodes opened with attributes, so that their end tag goes too.
    opened: Vec<String>,
    /// The `caption="…"` attribute of each caption still open, written when it closes.
    open_captions: Vec<Option<String>>,
}

impl Expander {
    fn expand(&mut self, content: &str) {
        let mut rest = content;
        while let Some(bracket) = rest.find('[') {
            self.html.push_str(&rest[..bracket]);
            rest = &rest[bracket..];
            let consumed = self.expand_at(rest);
            rest = &rest[consumed..];
        }
        self.html.push_str(rest);
    }

    /// Writes what the text at a `[` stands for and returns how many bytes it took.
    fn expand_at(&mut self, text: &str) -> usize {
        if let Some(length) = escaped_shortcode_length(text) {
            self.html.push_str(&text[1..length - 1]);
            return length;
        }
        match parse_tag(text) {
            Some(tag) if !tag.closing && tag.name.eq_ignore_ascii_case("embed") => {
                embedded_url_length(text, tag.length)
            }
            Some(tag) if self.is_shortcode(&tag) => {
                self.write_shortcode(&tag);
                tag.length
            }
            _ => {
                self.html.push('[');
                1
            }
        }
    }

    fn is_shortcode(&self, tag: &Tag<'_>) -> bool {
        let name = tag.name.to_ascii_lowercase();
        KNOWN_SHORTCODES.contains(&name.as_str())
            || (!tag.closing && tag.attributes.contains('='))
            || (tag.closing && self.opened.contains(&name))
    }

    fn write_shortcode(&mut self, tag: &Tag<'_>) {
        let name = tag.name.to_ascii_lowercase();
        let is_caption = matches!(name.as_str(), "caption" | "wp_caption");
        match (is_caption, tag.closing) {
            (true, false) => {
                self.html.push_str("<figure>");
                let caption = attribute_value(tag.attributes, "caption").map(str::to_string);
                self.open_captions.push(caption);
            }
            (true, true) => {
                if let Some(caption) = self.open_captions.pop().flatten() {
                    self.html.push_str(&format!("<figcaption>{caption}</figcaption>"));
                }
                self.html.push_str("</figure>");
            }
            (false, false) => {
                if !KNOWN_SHORTCODES.contains(&name.as_str()) && !self.opened.contains(&name) {
                    self.opened.push(name);
                }
            }
            (false, true) => {}
        }
    }

    /// Captions left open at the end of the content still show.
    fn finish(mut self) -> String {
        while let Some(caption) = self.open_captions.pop() {
            if let Some(caption) = caption {
                self.html.push_str(&format!("<figcaption>{caption}</figcaption>"));
            }
            self.html.push_str("</figure>");
        }
        self.html
    }
}

/// `[embed]https://…[/embed]` encloses the address of a player, no text: the whole of it goes.
fn embedded_url_length(text: &str, tag_length: usize) -> usize {
    let rest = &text[tag_length..];
    let end = rest.find("[/embed]").filter(|&end| !rest[..end].contains(['[', '<']));
    end.map_or(tag_length, |end| tag_length + end + "[/embed]".len())
}

/// `[[gallery]]` is how WordPress writes a shortcode to be shown, not run: it reads `[gallery]`.
fn escaped_shortcode_length(text: &str) -> Option<usize> {
    let inner = parse_tag(text.strip_prefix('[')?)?;
    text[1 + inner.length..].starts_with(']').then_some(inner.length + 2)
}

/// Reads `[name]`, `[name attributes]`, `[name /]` or `[/name]` at the start of `text`.
fn parse_tag(text: &str) -> Option<Tag<'_>> {
    let after_bracket = text.strip_prefix('[')?;
    let (closing, after_slash) = match after_bracket.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, after_bracket),
    };
    let name_length = after_slash
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(after_slash.len());
    let name = &after_slash[..name_length];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after_name = &after_slash[name_length..];
    if !(after_name.starts_with(']') || after_name.starts_with([' ', '\t', '\n', '\r', '/'])) {
        return None;
    }
    let close = after_name.find(']')?;
    let attributes = &after_name[..close];
    if attributes.contains('[') {
        return None;
    }
    let attributes = attributes.trim().trim_end_matches('/').trim_end();
    let length = text.len() - after_name.len() + close + 1;
    Some(Tag { closing, name, attributes, length })
}

/// The value of `name="…"`, `name='…'` or `name=value` among shortcode attributes.
fn attribute_value<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attributes;
    while let Some(position) = rest.find(name) {
        let preceded_by_space =
            position == 0 || rest[..position].ends_with(|c: char| c.is_whitespace());
        let after = rest[position + name.len()..].trim_start();
        if let (true, Some(value)) = (preceded_by_space, after.strip_prefix('=')) {
            return Some(read_attribute_value(value.trim_start()));
        }
        rest = &rest[position + name.len()..];
    }
    None
}

fn read_attribute_value(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(quoted) = value.strip_prefix(quote) {
            return quoted.split(quote).next().unwrap_or(quoted);
        }
    }
    value.split_whitespace().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn turns_a_caption_into_a_figure_keeping_its_text() {
        let content = "[caption id=\"attachment_1\" align=\"alignleft\" width=\"300\"]\
                       <img src=\"a.jpg\" /> Le maire à la tribune[/caption]";
        assert_eq!(
            expand_shortcodes(content),
            "<figure><img src=\"a.jpg\" /> Le maire à la tribune</figure>"
        );
        let old_form = "[caption id=\"a\" caption=\"Une légende\"]<img src=\"b.jpg\">[/caption]";
        assert_eq!(
            expand_shortcodes(old_form),
            "<figure><img src=\"b.jpg\"><figcaption>Une légende</figcaption></figure>"
        );
    }

    #[test]
    fn drops_other_shortcodes_and_keeps_what_they_enclose() {
        assert_eq!(expand_shortcodes("Avant [gallery ids=\"1,2\"] après"), "Avant  après");
        assert_eq!(expand_shortcodes("[gallery]"), "");
        assert_eq!(expand_shortcodes("[code lang=\"rust\"]let x;[/code]"), "let x;");
        assert_eq!(expand_shortcodes("[maison taille=\"2\"]texte[/maison]"), "texte");
        assert_eq!(expand_shortcodes("[youtube https://youtu.be/x]"), "");
        assert_eq!(
            expand_shortcodes("Vidéo : [embed]https://vimeo.com/1[/embed] fin"),
            "Vidéo :  fin"
        );
        assert_eq!(expand_shortcodes("[embed width=\"300\"]"), "");
    }

    #[test]
    fn leaves_brackets_of_prose_alone() {
        for text in ["Il dit [sic] que", "[…] la suite", "note [1]", "[a] [b", "x[/y]", "[ ]"] {
            assert_eq!(expand_shortcodes(text), text);
        }
    }

    #[test]
    fn shows_an_escaped_shortcode_as_written() {
        assert_eq!(expand_shortcodes("Écrivez [[gallery]] ici"), "Écrivez [gallery] ici");
    }

    #[test]
    fn closes_a_caption_left_open() {
        assert_eq!(
            expand_shortcodes("[caption caption='Légende']<img>"),
            "<figure><img><figcaption>Légende</figcaption></figure>"
        );
    }

    proptest! {
        #[test]
        fn never_panics(text in "([\\[\\]/ =\"'a-z]|caption|gallery|é){0,60}") {
            let _ = expand_shortcodes(&text);
        }
    }
}
