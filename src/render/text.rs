//! The plain-text edition: `<document>.<locale>.txt`, the document as a
//! reader sees it, in layout order, with the print's apostrophes and
//! quotation marks (see [`crate::typeset::paragraph`]).

use super::{Output, RenderContext, Rendered, Renderer, per_locale};
use crate::layout::{Block, Layout};
use crate::model::{LocalizedDocument, Text};
use crate::typeset::paragraph::typographic_marks;
use std::fmt::Write as _;

/// The document as plain text in layout order, as a reader sees it:
/// `<document>.<locale>.txt`.
pub struct TextRenderer;

impl Renderer for TextRenderer {
    fn name(&self) -> &'static str {
        "text"
    }

    fn render(&self, context: &RenderContext<'_>) -> Vec<Rendered> {
        context
            .editions
            .iter()
            .map(|edition| {
                Ok(Output {
                    path: format!("{}.{}.txt", context.document, edition.locale.tag),
                    bytes: plain_text(edition).into_bytes(),
                })
            })
            .collect()
    }

    fn planned(&self, document: &str, _: Option<&Layout>, locales: &[&str]) -> Vec<String> {
        per_locale(document, locales, "txt")
    }
}

/// Blocks separated by a blank line; list numbers right-aligned so that the
/// items start in one column.
pub fn plain_text(edition: &LocalizedDocument) -> String {
    let locale = &edition.locale;
    let marked = |text: &str| typographic_marks(text, &locale.tag, locale.single_quotes).into_owned();
    let mut out = String::new();
    for block in &edition.blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        match block {
            Block::Title(t) | Block::DateLine(t) | Block::Paragraph(t) => {
                let _ = writeln!(out, "{}", marked(&t.text));
            }
            Block::Heading { number, message } => {
                let number = number.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
                let _ = writeln!(out, "{number}{}", marked(&message.text));
            }
            Block::NumberedList(items) => {
                let width = items.len().to_string().len();
                for (n, Text { text, .. }) in items.iter().enumerate() {
                    let _ = writeln!(out, "{:>width$}. {}", n + 1, marked(text));
                }
            }
        }
    }
    out
}
