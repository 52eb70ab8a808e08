//! Renderers: each turns the localized editions of a document into output
//! files, as bytes it returns; the caller writes them. One module per format
//! behind the same trait — [`text`], [`pdf`] (print editions), [`aligned`]
//! (aligned and review editions) — and [`paint`], the PDF painter the PDF
//! formats share. Which renderers a command runs is the caller's choice.

pub mod aligned;
mod paint;
pub mod pdf;
pub mod text;

use crate::diagnostic::Diagnostic;
use crate::layout::Layout;
use crate::model::{self, LocalizedDocument};
use crate::project::LocaleFiles;
use crate::typeset::font::FontError;
use paint::PaintError;
use std::path::Path;

/// What a renderer is given: one document in every locale fit to print.
pub struct RenderContext<'a> {
    pub document: &'a str,
    pub editions: &'a [&'a LocalizedDocument],
    /// The project folder, for files the layout names (a font).
    pub root: &'a Path,
    /// The layout file, which diagnostics about the output point at.
    pub layout_path: &'a str,
    /// The project's locales, the source first.
    pub locales: &'a [&'a str],
    /// Their files, where a message's problem is shown.
    pub files: &'a [LocaleFiles],
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
    /// Whether one output holds every locale (an edition side by side),
    /// rather than one output per locale.
    fn spans_locales(&self) -> bool {
        false
    }
}

/// `<document>.<locale>.<extension>` for each locale.
pub fn per_locale(document: &str, locales: &[&str], extension: &str) -> Vec<String> {
    locales.iter().map(|tag| format!("{document}.{tag}.{extension}")).collect()
}

/// The diagnostic for a PDF that could not be painted. A character the font
/// cannot print is shown where it stands in the message that holds it,
/// the first such one; what no message holds (our own words), at the layout.
fn paint_failure(
    context: &RenderContext<'_>,
    path: &str,
    locale: &str,
    editions: &[&LocalizedDocument],
    error: PaintError,
) -> Box<Diagnostic> {
    let message = format!("cannot write {path}: {error}");
    let PaintError::MissingGlyphs(faces) = &error else {
        return failure(context, path, locale, error.to_string());
    };
    let missing = faces.iter().flat_map(|face| match face {
        FontError::MissingGlyphs { missing, .. } => missing.as_slice(),
        _ => &[],
    });
    for &c in missing {
        for edition in editions {
            let tag = edition.locale.tag.as_str();
            let Some(text) = edition.texts().find(|t| t.text.contains(c)) else { continue };
            let files = context.files.iter().find(|f| f.locale.tag == tag);
            if let Some((file, span)) = files.and_then(|files| model::locate(files, &text.id, c)) {
                let diagnostic = Diagnostic::error("glyph", message).at(&file.path, &file.text, span);
                let note = format!(
                    "replace ‹{c}› U+{:04X} in `{}`, or name a font that has it in the layout",
                    u32::from(c),
                    text.id
                );
                return Box::new(diagnostic.locale(tag).id(&text.id).note(note));
            }
        }
    }
    failure(context, path, locale, error.to_string())
}

/// The diagnostic for an output that could not be made.
pub fn failure(context: &RenderContext<'_>, path: &str, locale: &str, message: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error("pdf", format!("cannot write {path}: {message}"))
            .in_file(context.layout_path)
            .locale(locale),
    )
}
