//! What typesetting produces, for a writer to paint: pages of placed lines
//! (positioned glyphs, faces, sizes, languages) and where each line belongs
//! in the document's logical structure. No PDF, no layout data.

use super::paragraph::SetLine;

/// A document set on pages; lengths in points, y measured from the top.
pub struct TypesetDocument {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    /// The headings, for bookmarks.
    pub outline: Vec<OutlineEntry>,
}

#[derive(Default)]
pub struct Page {
    pub lines: Vec<PlacedLine>,
}

pub struct OutlineEntry {
    pub title: String,
    pub page: usize,
    pub y: f32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaceStyle {
    Regular,
    Bold,
    Italic,
}

/// A line where it goes on its page, and what it is part of.
#[derive(Clone)]
pub struct PlacedLine {
    pub x: f32,
    pub baseline: f32,
    pub face: FaceStyle,
    pub size: f32,
    /// Gray level: 0 is black.
    pub gray: u8,
    /// The BCP 47 tag of the line's language.
    pub lang: String,
    pub line: SetLine,
    pub tagging: Tagging,
    /// Parts of the line struck through or highlighted (a review edition's
    /// changed source), from its left edge.
    pub decorations: Vec<Decoration>,
}

/// A part of a line drawn struck through or highlighted: what a reader of
/// a changed source sees removed and inserted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decoration {
    pub from: f32,
    pub to: f32,
    pub kind: DecorationKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecorationKind {
    Struck,
    Highlighted,
}

/// Where a line belongs in the document's logical structure, which the PDF
/// writer turns into its tag tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Tagging {
    /// Page furniture, outside the structure.
    Artifact(Furniture),
    /// Content: the structure elements from the root down to the line's,
    /// each with a key that tells it from its siblings.
    Content(Vec<(Element, usize)>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Furniture {
    Header,
    Footer,
    /// Repeated material, such as column heads after the first page.
    Repeat,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Element {
    Heading { level: u16, title: String },
    Paragraph,
    List,
    ListItem,
    Label,
    ListBody,
    Table,
    Row,
    HeaderCell,
    Cell,
}
