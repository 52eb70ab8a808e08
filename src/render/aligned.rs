//! The aligned editions: `<document>.aligned.pdf`, the languages side by side
//! as the layout's `[aligned]` table says, and `<document>.review.pdf`, the
//! same with each row's message ID and the state of every translation, for
//! translators.

use super::paint::{PdfInfo, write};
use super::{Output, RenderContext, Rendered, Renderer, failure, paint_failure};
use crate::layout::Layout;
use crate::typeset::aligned::typeset_aligned;
use crate::typeset::font::FontSet;

pub struct AlignedRenderer {
    /// The review edition: IDs in the margin, marks under translations.
    pub review: bool,
}

impl Renderer for AlignedRenderer {
    fn name(&self) -> &'static str {
        if self.review { "review" } else { "aligned" }
    }

    fn spans_locales(&self) -> bool {
        true
    }

    fn planned(&self, document: &str, layout: Option<&Layout>, _: &[&str]) -> Vec<String> {
        let aligned = layout.is_none_or(|l| l.page.aligned.is_some());
        aligned.then(|| format!("{document}.{}.pdf", self.name())).into_iter().collect()
    }

    fn render(&self, context: &RenderContext<'_>) -> Vec<Rendered> {
        let Some(style) = context.editions.first().and_then(|e| e.page.aligned.as_ref()) else {
            return Vec::new();
        };
        let path = format!("{}.{}.pdf", context.document, self.name());
        let source_tag = context.locales[0];
        let fail = |message: String| failure(context, &path, source_tag, message);
        let tags: Vec<&str> = match &style.locales {
            Some(locales) => locales.iter().map(|(_, tag)| tag.as_str()).collect(),
            None => context.locales.to_vec(),
        };
        let edition = |tag: &str| context.editions.iter().copied().find(|e| e.locale.tag == tag);
        let (Some(source), Some(columns)) =
            (edition(source_tag), tags.iter().map(|t| edition(t)).collect::<Option<Vec<_>>>())
        else {
            let absent: Vec<&str> =
                tags.iter().chain([&source_tag]).filter(|t| edition(t).is_none()).copied().collect();
            return vec![Err(fail(format!(
                "{} cannot be printed (see above), and the aligned edition needs it",
                absent.join(", ")
            )))];
        };
        let fonts = match FontSet::load(&source.page.font, context.root) {
            Ok(fonts) => fonts,
            Err(error) => return vec![Err(fail(error.to_string()))],
        };
        let typeset = typeset_aligned(&columns, source, style, &fonts, self.review);
        let info =
            PdfInfo { id: format!("{}.{}", context.document, self.name()), ..PdfInfo::of(source, &columns) };
        let written = write(&typeset, &info, &fonts).map_err(|error| {
            let every: Vec<_> = std::iter::once(source).chain(columns.iter().copied()).collect();
            paint_failure(context, &path, source_tag, &every, error)
        });
        vec![written.map(|bytes| Output { path: path.clone(), bytes })]
    }
}
