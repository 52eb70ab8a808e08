//! The text of a pattern as a reader sees it, one variant path at a time,
//! with where each character is in its file: what every QA check reads.
//!
//! Rules: text elements and plain string literals are text; any other
//! placeable, and what looks like code inside text (markup tags, character
//! references, URLs, e-mail addresses), stands as one [`OPAQUE`] character
//! that no check reads into.

use crate::ftl::ParsedResource;
use crate::segment;
use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};
use std::ops::Range;

/// What stands for a placeable or a piece of code.
pub const OPAQUE: char = '\u{fffc}';

/// One variant path of a pattern as plain text.
pub struct Text {
    /// The variant keys of the path (empty without selects).
    pub keys: Vec<String>,
    /// Whether every select on the path takes its default variant.
    pub default: bool,
    pub text: String,
    /// What each placeable refers to, in order (`segment::identity`: `$var`,
    /// `-term`, `message`, or the whole expression); the text shows each as
    /// [`OPAQUE`].
    pub placeables: Vec<String>,
    /// Where runs of `text` start in the file: (offset in `text`, offset in
    /// the file), in order.
    runs: Vec<(usize, usize)>,
}

impl Text {
    /// The byte offset in the file of a byte offset in `text`.
    /// The byte offset in the file of a byte offset in `text`; none for a
    /// text of placeables alone, whose places the syntax tree does not keep.
    pub fn file_offset(&self, at: usize) -> Option<usize> {
        let run = self.runs.partition_point(|&(start, _)| start <= at).saturating_sub(1);
        self.runs.get(run).map(|&(start, file)| file + at.saturating_sub(start))
    }

    /// Whether the text holds nothing but placeables and blanks.
    pub fn is_blank(&self) -> bool {
        self.text.chars().all(|c| c == OPAQUE || c.is_whitespace())
    }

    /// Code in the text (a tag may hold placeables: `<a href="{ $url }">`)
    /// becomes one [`OPAQUE`] character at the code's place in the file.
    fn hide_code(&mut self) {
        let mut at = 0;
        while let Some((start, end)) = next_code(&self.text[at..]).map(|(s, e)| (at + s, at + e)) {
            // Code is found in text, which has runs.
            let (file_start, file_end) =
                (self.file_offset(start).unwrap_or_default(), self.file_offset(end).unwrap_or_default());

            self.text.replace_range(start..end, OPAQUE.encode_utf8(&mut [0; 4]));
            let after = start + OPAQUE.len_utf8();
            self.runs.retain(|&(run, _)| run < start || run >= end);
            // Code of any length becomes one OPAQUE character.
            for run in self.runs.iter_mut().filter(|(run, _)| *run >= end) {
                run.0 = run.0 + OPAQUE.len_utf8() - (end - start);
            }
            let index = self.runs.partition_point(|&(run, _)| run < start);
            self.runs.insert(index, (start, file_start));
            if after < self.text.len() && self.runs.get(index + 1).is_none_or(|&(run, _)| run != after) {
                self.runs.insert(index + 1, (after, file_end));
            }
            at = after;
        }
    }

    fn push_run(&mut self, run: &str, file_offset: usize) {
        if !run.is_empty() {
            self.runs.push((self.text.len(), file_offset));
            self.text.push_str(run);
        }
    }

    /// An [`OPAQUE`] character for a placeable, whose place the syntax tree
    /// does not keep: just after the text before it.
    fn push_placeable(&mut self) {
        if let Some(&(start, file)) = self.runs.last() {
            self.runs.push((self.text.len(), file + (self.text.len() - start)));
        }
        self.text.push(OPAQUE);
    }
}

/// Whether a text is CSS declarations (`width: 19em; min-height: 500px`),
/// as Firefox keeps each locale's widths in its messages: code, not prose.
pub fn is_css(text: &str) -> bool {
    let mut declarations = text.split(';').map(str::trim).filter(|d| !d.is_empty()).peekable();
    declarations.peek().is_some()
        && declarations.all(|declaration| {
            declaration.split_once(':').is_some_and(|(property, value)| {
                let property = property.trim_end();
                !property.is_empty()
                    && property.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    && value.contains(|c: char| c.is_ascii_digit())
            })
        })
}

/// Every variant path of a pattern, in order.
pub fn texts(resource: &ParsedResource<'_>, pattern: &Pattern<&str>) -> Vec<Text> {
    let (shape, parts) = segment::flatten(pattern);
    let defaults = default_path(&shape);
    parts
        .into_iter()
        .map(|part| {
            let default = part.keys == defaults;
            let mut text = Text {
                keys: part.keys,
                default,
                text: String::new(),
                placeables: Vec::new(),
                runs: Vec::new(),
            };
            for element in part.elements {
                match element {
                    PatternElement::TextElement { value } => text.push_run(value, resource.offset_of(value)),
                    // A literal of blanks (`{ " " }`) keeps a space deliberately.
                    PatternElement::Placeable {
                        expression: Expression::Inline(InlineExpression::StringLiteral { value }),
                    } if !value.contains('\\') && !value.trim().is_empty() => {
                        text.push_run(value, resource.offset_of(value))
                    }
                    PatternElement::Placeable { expression } => {
                        text.placeables.push(segment::expression_identity(expression));
                        text.push_placeable()
                    }
                }
            }
            text.hide_code();
            text
        })
        .collect()
}

fn default_path(shape: &segment::Shape<'_, '_>) -> Vec<String> {
    let mut keys = Vec::new();
    let mut shape = shape;
    while let segment::Shape::Select { variants, .. } = shape {
        let Some(default) = variants.iter().find(|v| v.default) else { break };
        keys.push(default.key.clone());
        shape = &default.shape;
    }
    keys
}

/// The pieces of code in a text (URLs, e-mail addresses, tags, program
/// names), in order: what print typography leaves as it is written.
pub fn code_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some((start, end)) = next_code(&text[at..]) {
        spans.push(at + start..at + end);
        at += end.max(start + 1);
    }
    spans
}

/// The first piece of code in `text`: its byte range.
fn next_code(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &text[at..];
        let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let found = match bytes[at] {
            b'<' => code_element_len(rest).or_else(|| tag_len(rest)).map(|len| (at, at + len)),
            b'&' => entity_len(rest).map(|len| (at, at + len)),
            b'@' => email_around(text, at),
            b if word_start && b.is_ascii_alphabetic() => {
                url_len(rest).or_else(|| identifier_len(rest)).map(|len| (at, at + len))
            }
            _ => None,
        };
        if found.is_some() {
            return found;
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// `browser.startup.page`, `localhost_port`, `display:inline-block`: a
/// setting's or a program's name, with an underscore, a colon between
/// lowercase letters, or three parts joined by dots ("m.in." and "e.g."
/// are words).
fn identifier_len(text: &str) -> Option<usize> {
    let len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '_' | '-')))
        .unwrap_or(text.len());
    let name = text[..len].trim_end_matches(['.', ':', '-']);
    let bytes = name.as_bytes();
    // Most words are plain: nothing to look at.
    if !bytes.iter().any(|b| matches!(b, b'.' | b':' | b'_')) {
        return None;
    }
    let (mut parts, mut none_empty, mut one_long) = (0, true, false);
    for part in name.split('.') {
        parts += 1;
        none_empty &= !part.is_empty();
        one_long |= part.len() > 2;
    }
    let dotted = parts >= 3 && none_empty && one_long;
    let colon =
        bytes.windows(3).any(|w| w[1] == b':' && w[0].is_ascii_lowercase() && w[2].is_ascii_lowercase());
    (name.contains('_') || dotted || colon).then_some(name.len())
}

/// `<code>…</code>`: a code element, with its content.
fn code_element_len(text: &str) -> Option<usize> {
    let open = tag_len(text)?;
    let name = text[1..open - 1].split_whitespace().next()?;
    (name == "code").then(|| text.find("</code>").map(|end| end + "</code>".len()))?
}

/// `<a href="…">`, `</b>`, `<br/>`: a tag's length.
fn tag_len(text: &str) -> Option<usize> {
    let after = text[1..].chars().next()?;
    if !(after.is_ascii_alphabetic() || after == '/' || after == '!') {
        return None;
    }
    let end = text.find('>')?;
    (!text[..end].contains('\n')).then_some(end + 1)
}

/// `&nbsp;`, `&#160;`: a character reference's length.
fn entity_len(text: &str) -> Option<usize> {
    let end = text[1..].find(';')? + 1;
    let name = &text[1..end];
    let valid = !name.is_empty()
        && name.len() <= 10
        && (name.chars().all(|c| c.is_ascii_alphanumeric()) || name.starts_with('#'));
    valid.then_some(end + 1)
}

/// `https://…`, `www.…`, `ftp://…`, `mailto:…`, to the next blank.
fn url_len(text: &str) -> Option<usize> {
    let starts = ["https://", "http://", "www.", "ftp://", "file://", "mailto:"];
    if !starts.iter().any(|s| text.starts_with(s)) {
        return None;
    }
    let end = text.find(|c: char| c.is_whitespace() || c == OPAQUE || c == '"').unwrap_or(text.len());
    // Sentence punctuation after a URL is not part of it.
    Some(text[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']).len())
}

/// `name@example.org` around the `@` at `at`.
fn email_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let part = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let start = text[..at]
        .rfind(|c: char| !part(c))
        .map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let end = text[at + 1..].find(|c: char| !part(c)).map_or(text.len(), |i| at + 1 + i);
    let domain = text[at + 1..end].trim_end_matches('.');
    (start < at && domain.contains('.')).then_some((start, at + 1 + domain.len()))
}
