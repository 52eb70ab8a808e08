//! Renderers: each turns the localized editions of a document into output
//! files. The plain-text renderer lives here; each other format has its own
//! module behind the same trait.

use crate::diagnostic::Diagnostic;
use crate::layout::{Block, Layout};
use crate::model::{LocalizedDocument, Text};
use std::fmt::Write as _;
use std::path::Path;

/// What a renderer is given: one document in every locale fit to print.
pub struct RenderContext<'a> {
    pub document: &'a str,
    pub editions: &'a [LocalizedDocument],
    /// The project folder, for files the layout names (a font).
    pub root: &'a Path,
    /// The layout file, which diagnostics about the output point at.
    pub layout_path: &'a str,
    /// The project's locales, the source first.
    pub locales: &'a [&'a str],
}

/// A file to write, relative to the output folder.
#[derive(Debug, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// An output, or the diagnostic that says why it could not be made.
pub type Rendered = Result<Output, Box<Diagnostic>>;

pub trait Renderer {
    /// The name `render --format` knows it by.
    fn name(&self) -> &'static str;
    /// Each output, or why it could not be made; one failure leaves the
    /// other outputs standing.
    fn render(&self, context: &RenderContext<'_>) -> Vec<Rendered>;
    /// The files (relative to the output folder) it writes for `document`
    /// when every one of `locales` is fit to print; with no `layout` (one
    /// that has errors), every file it could write. What `build` did not
    /// write again of these is removed, so that no earlier edition stays.
    fn planned(&self, document: &str, layout: Option<&Layout>, locales: &[&str]) -> Vec<String>;
}

/// `<document>.<locale>.<extension>` for each locale.
pub fn per_locale(document: &str, locales: &[&str], extension: &str) -> Vec<String> {
    locales.iter().map(|tag| format!("{document}.{tag}.{extension}")).collect()
}

/// Every renderer `build` runs, in order.
pub fn all() -> Vec<Box<dyn Renderer>> {
    vec![
        Box::new(TextRenderer),
        Box::new(crate::pdf::PdfRenderer),
        Box::new(crate::aligned::AlignedRenderer { review: false }),
    ]
}

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
    let mut out = String::new();
    for block in &edition.blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        match block {
            Block::Title(t) | Block::DateLine(t) | Block::Paragraph(t) => {
                let _ = writeln!(out, "{}", t.text);
            }
            Block::Heading { number, message } => {
                let number = number.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
                let _ = writeln!(out, "{number}{}", message.text);
            }
            Block::NumberedList(items) => {
                let width = items.len().to_string().len();
                for (n, Text { text, .. }) in items.iter().enumerate() {
                    let _ = writeln!(out, "{:>width$}. {text}", n + 1);
                }
            }
        }
    }
    out
}
