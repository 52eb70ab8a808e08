//! The print editions: `<document>.<locale>.pdf`, each locale's edition
//! typeset (see [`crate::typeset`]) and painted ([`super::paint`]).

use super::paint::{PdfInfo, write};
use super::{Output, RenderContext, Rendered, Renderer, failure, paint_failure, per_locale};
use crate::layout::Layout;
use crate::typeset::font::FontSet;
use crate::typeset::page::typeset;

/// `<document>.<locale>.pdf`, one per locale.
pub struct PdfRenderer;

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn planned(&self, document: &str, _: Option<&Layout>, locales: &[&str]) -> Vec<String> {
        per_locale(document, locales, "pdf")
    }

    fn render(&self, context: &RenderContext<'_>) -> Vec<Rendered> {
        // Every edition of a document shares its layout, and so its font.
        let Some(first) = context.editions.first() else { return Vec::new() };
        let fonts = FontSet::load(&first.page.font, context.root).map_err(|e| e.to_string());
        context
            .editions
            .iter()
            .map(|edition| {
                let path = format!("{}.{}.pdf", context.document, edition.locale.tag);
                let tag = &edition.locale.tag;
                let fonts =
                    fonts.as_ref().map_err(|message| failure(context, &path, tag, message.clone()))?;
                let bytes = write(&typeset(edition, fonts), &PdfInfo::of(edition, &[*edition]), fonts)
                    .map_err(|error| paint_failure(context, &path, tag, &[*edition], error))?;
                Ok(Output { path, bytes })
            })
            .collect()
    }
}
