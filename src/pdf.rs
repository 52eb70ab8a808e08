//! The print PDF: a typeset document painted with krilla — fonts subset and
//! embedded, a tag tree (H1, H2, P, L/LI/Lbl/LBody; header and footer as
//! artifacts), bookmarks of the headings, metadata from the document — and
//! validated as PDF/A-2a and PDF/UA-1 before a byte is returned.

use crate::diagnostic::Diagnostic;
use crate::layout::Block;
use crate::model::LocalizedDocument;
use crate::render::{Output, RenderContext, Rendered, Renderer};
use crate::typeset::font::{FontError, FontSet};
use crate::typeset::page::{FaceStyle, Part, PlacedLine, TypesetDocument, typeset};
use crate::typeset::paragraph::Glyph;
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, Tag, TagGroup, TagTree,
};
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};
use std::collections::BTreeMap;
use std::num::NonZeroU16;
use std::ops::Range;

/// `<document>.<locale>.pdf`, one per locale.
pub struct PdfRenderer;

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, context: &RenderContext<'_>) -> Vec<Rendered> {
        context
            .editions
            .iter()
            .map(|edition| {
                let path = format!("{}.{}.pdf", context.document, edition.locale.tag);
                let fail = |message: String| {
                    Box::new(
                        Diagnostic::error("pdf", format!("cannot write {path}: {message}"))
                            .in_file(context.layout_path)
                            .locale(&edition.locale.tag),
                    )
                };
                let fonts =
                    FontSet::load(&edition.page.font, context.root).map_err(|e| fail(e.to_string()))?;
                let missing = fonts_missing(edition, &fonts);
                if !missing.is_empty() {
                    return Err(fail(missing.join("; ")));
                }
                let typeset = typeset(edition, &fonts);
                let bytes = write(&typeset, edition, &fonts).map_err(fail)?;
                Ok(Output { path, bytes })
            })
            .collect()
    }
}

/// What each face lacks for the text it will set: titles and headings are
/// bold, the rest regular.
fn fonts_missing(edition: &LocalizedDocument, fonts: &FontSet) -> Vec<String> {
    let (mut regular, mut bold) = (String::new(), String::new());
    for block in &edition.blocks {
        let text = match block {
            Block::Title(_) | Block::Heading { .. } => &mut bold,
            _ => &mut regular,
        };
        for message in block.messages() {
            text.push_str(&message.text);
        }
        if let Block::Heading { number: Some(n), .. } = block {
            bold.push_str(n);
        }
    }
    regular.extend(edition.header.iter().map(|t| t.text.clone()).chain(edition.footer(1, 1)));
    [(&fonts.regular, regular), (&fonts.bold, bold)]
        .into_iter()
        .filter_map(|(face, text)| {
            let missing = face.missing(&text);
            (!missing.is_empty())
                .then(|| FontError::MissingGlyphs { font: face.name.clone(), missing }.to_string())
        })
        .collect()
}

/// A glyph for krilla, which asks for lengths at a font size: ours are in
/// points at the line's size.
struct PdfGlyph<'a> {
    glyph: &'a Glyph,
    size: f32,
}

impl krilla::text::Glyph for PdfGlyph<'_> {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(self.glyph.id)
    }
    fn text_range(&self) -> Range<usize> {
        self.glyph.text.clone()
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.glyph.advance * size / self.size
    }
    fn x_offset(&self, size: f32) -> f32 {
        self.glyph.x_offset * size / self.size
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.glyph.y_offset * size / self.size
    }
    fn y_advance(&self, _: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

/// Where a line's marked content goes in the tag tree.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Block(usize),
    Label(usize, usize),
    Body(usize, usize),
}

fn write(typeset: &TypesetDocument, edition: &LocalizedDocument, fonts: &FontSet) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_A)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| format!("{e:?}"))?;
    let settings = SerializeSettings { configuration, enable_tagging: true, ..SerializeSettings::default() };
    let mut document = Document::new_with(settings);
    let font = |style| {
        Font::new(fonts.face(style).data.clone().into(), 0)
            .ok_or_else(|| format!("krilla cannot read {}", fonts.face(style).name))
    };
    let faces = [font(FaceStyle::Regular)?, font(FaceStyle::Bold)?, font(FaceStyle::Italic)?];
    let lang = edition.locale.tag.as_str();
    let mut slots: BTreeMap<Slot, Vec<Identifier>> = BTreeMap::new();

    for page in &typeset.pages {
        let settings = PageSettings::from_wh(typeset.width, typeset.height).ok_or("the page has no area")?;
        let mut page_builder = document.start_page_with(settings);
        let mut surface = page_builder.surface();
        for placed in &page.lines {
            let face = faces[placed.face as usize].clone();
            let artifact = match placed.role.part {
                Part::Header => Some(ArtifactType::Header),
                Part::Footer => Some(ArtifactType::Footer),
                _ => None,
            };
            let gray = if artifact.is_some() { 85 } else { 0 };
            surface.set_fill(Some(Fill {
                paint: rgb::Color::new(gray, gray, gray).into(),
                opacity: NormalizedF32::ONE,
                rule: Default::default(),
            }));
            if let Some(kind) = artifact {
                surface.start_tagged(ContentTag::Artifact(Artifact::new(kind, None)));
                draw(&mut surface, placed, &placed.line.glyphs, &placed.line.text, face);
                surface.end_tagged();
                continue;
            }
            let role = placed.role;
            let slot = match (role.part, role.item) {
                (Part::ListLabel, Some(item)) => Slot::Label(role.block, item),
                (Part::ListBody, Some(item)) => Slot::Body(role.block, item),
                _ => Slot::Block(role.block),
            };
            let ids = slots.entry(slot).or_default();
            ids.push(
                surface.start_tagged(ContentTag::Span(SpanTag { lang: Some(lang), ..SpanTag::empty() })),
            );
            match &placed.line.hyphen {
                // A hyphen added at the break is not part of the word: it
                // stands for a soft hyphen, which text extraction drops.
                Some(hyphen) => {
                    let text = format!("{}{SOFT_HYPHEN}", placed.line.text);
                    let hyphen = Glyph { text: placed.line.text.len()..text.len(), ..hyphen.clone() };
                    let glyphs: Vec<Glyph> = placed.line.glyphs.iter().cloned().chain([hyphen]).collect();
                    draw(&mut surface, placed, &glyphs, &text, face);
                }
                None => draw(&mut surface, placed, &placed.line.glyphs, &placed.line.text, face),
            }
            surface.end_tagged();
        }
        surface.finish();
        page_builder.finish();
    }

    document.set_tag_tree(tag_tree(edition, slots));
    document.set_outline(outline(typeset));
    document.set_metadata(metadata(edition));
    document.finish().map_err(|e| format!("{e:?}"))
}

const SOFT_HYPHEN: char = '\u{ad}';

/// Draws a line's glyphs at its place and size.
fn draw(
    surface: &mut krilla::surface::Surface<'_>,
    line: &PlacedLine,
    glyphs: &[Glyph],
    text: &str,
    font: Font,
) {
    let glyphs: Vec<PdfGlyph<'_>> = glyphs.iter().map(|glyph| PdfGlyph { glyph, size: line.size }).collect();
    surface.draw_glyphs(Point::from_xy(line.x, line.baseline), &glyphs, font, text, line.size, false);
}

/// The tag tree in reading order: blocks as H1, P, H2 and L, lists as LI
/// with Lbl and LBody.
fn tag_tree(edition: &LocalizedDocument, mut slots: BTreeMap<Slot, Vec<Identifier>>) -> TagTree {
    let mut tree = TagTree::new();
    let mut take = |slot| slots.remove(&slot).unwrap_or_default();
    let level = |n| NonZeroU16::new(n).expect("heading levels start at 1");
    for (index, block) in edition.blocks.iter().enumerate() {
        let children = |ids: Vec<Identifier>| ids.into_iter().map(Into::into).collect();
        let group = match block {
            Block::Title(t) => TagGroup::with_children(
                Tag::Hn(level(1), Some(t.text.clone())),
                children(take(Slot::Block(index))),
            ),
            Block::Heading { message, .. } => TagGroup::with_children(
                Tag::Hn(level(2), Some(message.text.clone())),
                children(take(Slot::Block(index))),
            ),
            Block::DateLine(_) | Block::Paragraph(_) => {
                TagGroup::with_children(Tag::P, children(take(Slot::Block(index))))
            }
            Block::NumberedList(items) => {
                let mut list = TagGroup::new(Tag::L(ListNumbering::Decimal));
                for item in 0..items.len() {
                    let label = TagGroup::with_children(Tag::Lbl, children(take(Slot::Label(index, item))));
                    let body = TagGroup::with_children(Tag::LBody, children(take(Slot::Body(index, item))));
                    list.push(TagGroup::with_children(Tag::LI, vec![label.into(), body.into()]));
                }
                list
            }
        };
        tree.push(group);
    }
    tree
}

fn outline(typeset: &TypesetDocument) -> Outline {
    let mut outline = Outline::new();
    for entry in &typeset.outline {
        let destination = XyzDestination::new(entry.page, Point::from_xy(0.0, entry.y));
        outline.push_child(OutlineNode::new(entry.title.clone(), destination));
    }
    outline
}

fn metadata(edition: &LocalizedDocument) -> Metadata {
    let title = edition.blocks.iter().find_map(|b| match b {
        Block::Title(t) => Some(t.text.clone()),
        _ => None,
    });
    let mut metadata = Metadata::new()
        .language(edition.locale.tag.clone())
        .creator(format!("fluentpress {}", env!("CARGO_PKG_VERSION")))
        // The same input gives the same file: the ID comes from the document.
        .document_id(format!("{}.{}", edition.name, edition.locale.tag));
    if let Some(title) = title {
        metadata = metadata.title(title);
    }
    if let Some((year, month, day)) = edition.date {
        metadata = metadata.creation_date(DateTime::new(year).month(month).day(day));
    }
    metadata
}
