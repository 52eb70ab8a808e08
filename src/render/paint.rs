//! The PDF painter the print and aligned editions share: a typeset document
//! painted with krilla — fonts subset and embedded, a tag tree (H1, H2, P,
//! L/LI/Lbl/LBody, tables; header and footer as artifacts), bookmarks of the
//! headings, metadata from the document — and validated as PDF/A-2a and
//! PDF/UA-1 before a byte is returned. It takes a laid-out document and
//! returns bytes: it knows nothing of layouts or messages.

use crate::layout::{Block, Standards};
use crate::model::{LocalizedDocument, Signoff};
use crate::typeset::font::{FontError, FontSet};
use crate::typeset::output::{
    DecorationKind, Element, FaceStyle, Furniture, PlacedLine, Tagging, TypesetDocument,
};
use crate::typeset::paragraph::Glyph;
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope, Tag,
    TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};
use std::collections::HashMap;
use std::mem::Discriminant;
use std::num::NonZeroU16;
use std::ops::Range;

/// What the PDF says about itself.
pub struct PdfInfo {
    pub title: Option<String>,
    /// The document's main language.
    pub lang: String,
    pub date: Option<(u16, u8, u8)>,
    /// Names the document across builds: the same input, the same ID.
    pub id: String,
    pub standards: Standards,
    /// Who approved what, one keyword per locale and person
    /// ("pl approved by Anna Nowak on 2026-12-02"), in an official edition.
    pub keywords: Vec<String>,
    /// The colophons of an official edition's translations.
    pub description: Option<String>,
}

impl PdfInfo {
    /// The PDF of one edition, or of several side by side (`editions`: its
    /// approvals are theirs).
    pub fn of(edition: &LocalizedDocument, editions: &[&LocalizedDocument]) -> PdfInfo {
        let signoffs: Vec<(&str, &Signoff)> =
            editions.iter().filter_map(|e| Some((e.locale.tag.as_str(), e.signoff.as_ref()?))).collect();
        let keywords = signoffs
            .iter()
            .flat_map(|(tag, signoff)| {
                signoff.approvers.iter().map(move |(name, day)| format!("{tag} approved by {name} on {day}"))
            })
            .collect();
        let colophons: Vec<&str> = signoffs.iter().map(|(_, s)| s.colophon.as_str()).collect();
        PdfInfo {
            keywords,
            description: (!colophons.is_empty()).then(|| colophons.join(" ")),
            ..PdfInfo::unsigned(edition)
        }
    }

    fn unsigned(edition: &LocalizedDocument) -> PdfInfo {
        let title = edition.blocks.iter().find_map(|b| match b {
            Block::Title(t) => Some(t.text.clone()),
            _ => None,
        });
        PdfInfo {
            title,
            lang: edition.locale.tag.clone(),
            date: edition.date,
            id: format!("{}.{}", edition.name, edition.locale.tag),
            standards: edition.page.standards,
            keywords: Vec::new(),
            description: None,
        }
    }
}

/// What each face lacks for the lines set in it.
fn missing_glyphs(typeset: &TypesetDocument, fonts: &FontSet) -> Vec<FontError> {
    let styles = [FaceStyle::Regular, FaceStyle::Bold, FaceStyle::Italic];
    styles
        .iter()
        .filter_map(|&style| {
            let text: String = typeset
                .pages
                .iter()
                .flat_map(|p| &p.lines)
                .filter(|l| l.face == style)
                .map(|l| l.line.text.as_str())
                .collect();
            let face = fonts.face(style);
            let missing = face.missing(&text);
            (!missing.is_empty()).then(|| FontError::MissingGlyphs { font: face.name.clone(), missing })
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

/// The tag tree as it is gathered: structure elements in the order their
/// first line is painted, with the marked content of each line.
#[derive(Default)]
struct StructNode {
    children: Vec<StructChild>,
    /// Where each child element is among `children`, by kind and key.
    elements: HashMap<(Discriminant<Element>, usize), usize>,
}

enum StructChild {
    Element(Element, StructNode),
    Content(Identifier),
}

impl StructNode {
    fn insert(&mut self, path: &[(Element, usize)], id: Identifier) {
        let Some(((element, key), rest)) = path.split_first() else {
            self.children.push(StructChild::Content(id));
            return;
        };
        let slot = (std::mem::discriminant(element), *key);
        let at = *self.elements.entry(slot).or_insert_with(|| {
            self.children.push(StructChild::Element(element.clone(), StructNode::default()));
            self.children.len() - 1
        });
        if let StructChild::Element(_, node) = &mut self.children[at] {
            node.insert(rest, id);
        }
    }

    fn into_children(self) -> Vec<Node> {
        self.children
            .into_iter()
            .map(|child| match child {
                StructChild::Content(id) => id.into(),
                StructChild::Element(element, node) => {
                    let tag: TagKind = match element {
                        Element::Heading { level, title } => {
                            Tag::Hn(NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN), Some(title)).into()
                        }
                        Element::Paragraph => Tag::P.into(),
                        Element::List => Tag::L(ListNumbering::Decimal).into(),
                        Element::ListItem => Tag::LI.into(),
                        Element::Label => Tag::Lbl.into(),
                        Element::ListBody => Tag::LBody.into(),
                        Element::Table => Tag::Table.into(),
                        Element::Row => Tag::TR.into(),
                        Element::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
                        Element::Cell => Tag::TD.into(),
                    };
                    TagGroup::with_children(tag, node.into_children()).into()
                }
            })
            .collect()
    }
}

const SOFT_HYPHEN: char = '\u{ad}';

/// Why a typeset document cannot be painted.
#[derive(Debug, thiserror::Error)]
pub enum PaintError {
    /// Faces without glyphs for characters of the text: what each lacks.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    MissingGlyphs(Vec<FontError>),
    #[error("krilla cannot read {0}")]
    UnreadableFont(String),
    #[error("the page has no area")]
    NoArea,
    /// The standards asked for cannot be met together.
    #[error("{0:?}")]
    Configuration(krilla::configure::ConfigurationError),
    /// The validators (PDF/A, PDF/UA) or the writer refused the document.
    #[error("{0:?}")]
    Krilla(krilla::error::KrillaError),
}

/// Paints a typeset document: every line in a marked-content span with its
/// language, gathered into the tag tree its tagging names.
pub fn write(typeset: &TypesetDocument, info: &PdfInfo, fonts: &FontSet) -> Result<Vec<u8>, PaintError> {
    let missing = missing_glyphs(typeset, fonts);
    if !missing.is_empty() {
        return Err(PaintError::MissingGlyphs(missing));
    }
    let mut configuration = ConfigurationBuilder::new();
    if info.standards.archival {
        configuration = configuration.with_archival_validator(Archival::A2_A);
    }
    if info.standards.accessible {
        configuration = configuration.with_accessibility_validator(Accessibility::UA1);
    }
    let configuration = configuration.finish().map_err(PaintError::Configuration)?;
    let settings = SerializeSettings { configuration, enable_tagging: true, ..SerializeSettings::default() };
    let mut document = Document::new_with(settings);
    let font = |style| {
        Font::new(fonts.face(style).data.clone().into(), 0)
            .ok_or_else(|| PaintError::UnreadableFont(fonts.face(style).name.clone()))
    };
    let faces = [font(FaceStyle::Regular)?, font(FaceStyle::Bold)?, font(FaceStyle::Italic)?];
    let mut structure = StructNode::default();

    for page in &typeset.pages {
        let settings = PageSettings::from_wh(typeset.width, typeset.height).ok_or(PaintError::NoArea)?;
        let mut page_builder = document.start_page_with(settings);
        let mut surface = page_builder.surface();
        for placed in &page.lines {
            let face = faces[placed.face as usize].clone();
            let gray = placed.gray;
            decorate(
                &mut surface,
                placed,
                DecorationKind::Highlighted,
                rgb::Color::new(HIGHLIGHT.0, HIGHLIGHT.1, HIGHLIGHT.2),
            );
            let ink = rgb::Color::new(gray, gray, gray);
            surface.set_fill(Some(Fill {
                paint: ink.into(),
                opacity: NormalizedF32::ONE,
                rule: Default::default(),
            }));
            match &placed.tagging {
                Tagging::Artifact(furniture) => {
                    let kind = match furniture {
                        Furniture::Header => ArtifactType::Header,
                        Furniture::Footer => ArtifactType::Footer,
                        Furniture::Repeat => ArtifactType::Other,
                    };
                    surface.start_tagged(ContentTag::Artifact(Artifact::new(kind, None)));
                }
                Tagging::Content(path) => {
                    let span = SpanTag { lang: Some(&placed.lang), ..SpanTag::empty() };
                    structure.insert(path, surface.start_tagged(ContentTag::Span(span)));
                }
            }
            let line = &placed.line;
            if line.hyphen.is_none() && !line.lead {
                draw(&mut surface, placed, &line.glyphs, &line.text, face);
            } else {
                // A hyphen added at the break, or repeated at the start of
                // the next line, is not part of the word: it stands for a
                // soft hyphen, which text extraction drops.
                let lead = if line.lead { SOFT_HYPHEN.len_utf8() } else { 0 };
                let mut text = String::with_capacity(line.text.len() + 2 * SOFT_HYPHEN.len_utf8());
                text.extend(line.lead.then_some(SOFT_HYPHEN));
                text.push_str(&line.text);
                let mut glyphs: Vec<Glyph> = line
                    .glyphs
                    .iter()
                    .enumerate()
                    .map(|(i, g)| match i {
                        0 if line.lead => Glyph { text: 0..lead, ..g.clone() },
                        _ => Glyph { text: g.text.start + lead..g.text.end + lead, ..g.clone() },
                    })
                    .collect();
                if let Some(hyphen) = &line.hyphen {
                    glyphs.push(Glyph {
                        text: text.len()..text.len() + SOFT_HYPHEN.len_utf8(),
                        ..hyphen.clone()
                    });
                    text.push(SOFT_HYPHEN);
                }
                draw(&mut surface, placed, &glyphs, &text, face);
            }
            surface.end_tagged();
            decorate(&mut surface, placed, DecorationKind::Struck, ink);
        }
        surface.finish();
        page_builder.finish();
    }

    document.set_tag_tree(TagTree::from(structure.into_children()));
    document.set_outline(outline(typeset));
    document.set_metadata(metadata(info));
    document.finish().map_err(PaintError::Krilla)
}

/// The colour behind inserted words: a pale yellow, as a highlighter's.
const HIGHLIGHT: (u8, u8, u8) = (255, 233, 128);

/// Draws a line's decorations of one kind as page artifacts (the words
/// carry the meaning; the marks only show it): a highlight behind the
/// glyphs, a rule through their middle.
fn decorate(
    surface: &mut krilla::surface::Surface<'_>,
    line: &PlacedLine,
    kind: DecorationKind,
    colour: rgb::Color,
) {
    let mut path = PathBuilder::new();
    for decoration in line.decorations.iter().filter(|d| d.kind == kind) {
        let (left, right) = (line.x + decoration.from, line.x + decoration.to);
        let (top, bottom) = match kind {
            DecorationKind::Highlighted => {
                (line.baseline - line.size * 0.8, line.baseline + line.size * 0.22)
            }
            DecorationKind::Struck => (line.baseline - line.size * 0.3, line.baseline - line.size * 0.25),
        };
        if let Some(rect) = Rect::from_ltrb(left, top, right, bottom) {
            path.push_rect(rect);
        }
    }
    let Some(path) = path.finish() else { return };
    surface.start_tagged(ContentTag::Artifact(Artifact::new(ArtifactType::Other, None)));
    surface.set_fill(Some(Fill {
        paint: colour.into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
    surface.draw_path(&path);
    surface.end_tagged();
}

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

fn outline(typeset: &TypesetDocument) -> Outline {
    let mut outline = Outline::new();
    for entry in &typeset.outline {
        let destination = XyzDestination::new(entry.page, Point::from_xy(0.0, entry.y));
        outline.push_child(OutlineNode::new(entry.title.clone(), destination));
    }
    outline
}

fn metadata(info: &PdfInfo) -> Metadata {
    let mut metadata = Metadata::new()
        .language(info.lang.clone())
        .creator(format!("fluentpress {}", env!("CARGO_PKG_VERSION")))
        .document_id(info.id.clone());
    if let Some(title) = &info.title {
        metadata = metadata.title(title.clone());
    }
    if let Some((year, month, day)) = info.date {
        metadata = metadata.creation_date(DateTime::new(year).month(month).day(day));
    }
    if let Some(description) = &info.description {
        metadata = metadata.description(description.clone());
    }
    metadata.keywords(info.keywords.clone())
}
