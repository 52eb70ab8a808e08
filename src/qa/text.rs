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

/// What stands for a placeable or a piece of code.
pub const OPAQUE: char = '\u{fffc}';

/// One variant path of a pattern as plain text.
pub struct Text {
    /// The variant keys of the path (empty without selects).
    pub keys: Vec<String>,
    /// Whether every select on the path takes its default variant.
    pub default: bool,
    pub text: String,
    /// Where runs of `text` start in the file: (offset in `text`, offset in
    /// the file), in order.
    runs: Vec<(usize, usize)>,
}

impl Text {
    /// The byte offset in the file of a byte offset in `text`.
    pub fn file_offset(&self, at: usize) -> usize {
        let run = self.runs.partition_point(|&(start, _)| start <= at).saturating_sub(1);
        self.runs.get(run).map_or(0, |&(start, file)| file + at.saturating_sub(start))
    }

    /// Whether the text holds nothing but placeables and blanks.
    pub fn is_blank(&self) -> bool {
        self.text.chars().all(|c| c == OPAQUE || c.is_whitespace())
    }

    fn push(&mut self, piece: &str, file_offset: usize) {
        let mut rest = piece;
        let mut offset = file_offset;
        while let Some((start, end)) = next_code(rest) {
            self.push_run(&rest[..start], offset);
            self.push_opaque(Some(offset + start));
            offset += end;
            rest = &rest[end..];
        }
        self.push_run(rest, offset);
    }

    fn push_run(&mut self, run: &str, file_offset: usize) {
        if !run.is_empty() {
            self.runs.push((self.text.len(), file_offset));
            self.text.push_str(run);
        }
    }

    /// An [`OPAQUE`] character at `file_offset`, or, for a placeable whose
    /// place the syntax tree does not keep, just after the text before it.
    fn push_opaque(&mut self, file_offset: Option<usize>) {
        let after_previous = self.runs.last().map(|&(start, file)| file + (self.text.len() - start));
        if let Some(file) = file_offset.or(after_previous) {
            self.runs.push((self.text.len(), file));
        }
        self.text.push(OPAQUE);
    }
}

/// Every variant path of a pattern, in order.
pub fn texts(resource: &ParsedResource<'_>, pattern: &Pattern<&str>) -> Vec<Text> {
    let (shape, parts) = segment::flatten(pattern);
    let defaults = default_path(&shape);
    parts
        .into_iter()
        .map(|part| {
            let default = part.keys == defaults;
            let mut text = Text { keys: part.keys, default, text: String::new(), runs: Vec::new() };
            for element in part.elements {
                match element {
                    PatternElement::TextElement { value } => text.push(value, resource.offset_of(value)),
                    PatternElement::Placeable {
                        expression: Expression::Inline(InlineExpression::StringLiteral { value }),
                    } if !value.contains('\\') => text.push(value, resource.offset_of(value)),
                    PatternElement::Placeable { .. } => text.push_opaque(None),
                }
            }
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

/// The first piece of code in `text`: its byte range.
fn next_code(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &text[at..];
        let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let found = match bytes[at] {
            b'<' => tag_len(rest).map(|len| (at, at + len)),
            b'&' => entity_len(rest).map(|len| (at, at + len)),
            b'h' | b'w' | b'f' | b'm' if word_start => url_len(rest).map(|len| (at, at + len)),
            b'@' => email_around(text, at),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
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
