//! Fonts: the bundled families (Libertinus Serif, from typst-assets) or a
//! font file the layout names, their metrics, glyph coverage, and shaping
//! with harfrust. Everything is measured in points.

use harfrust::{Buffer, Direction, Language, ShapeOptions, ShaperFont};
use read_fonts::types::NameId;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// A font face: its bytes (which the PDF writer embeds) and the parsed font.
#[derive(Clone)]
pub struct Face {
    /// Shared, not copied: the bundled fonts are static, and the shaper and
    /// the PDF writer read the same bytes.
    pub data: FontData,
    font: harfrust::Font,
    /// A name for messages: "Libertinus Serif Bold", a file name.
    pub name: String,
    units_per_em: f32,
}

/// A font's bytes, as both read-fonts and krilla accept them.
pub type FontData = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The faces a document is set in.
#[derive(Clone, Debug)]
pub struct FontSet {
    pub regular: Face,
    pub bold: Face,
    pub italic: Face,
}

/// A glyph as shaped: its ID, where its cluster starts in the text, and its
/// advance and offsets at the size it was shaped for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShapedGlyph {
    pub id: u32,
    /// Byte offset of the glyph's cluster in the shaped text.
    pub cluster: usize,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FontError {
    #[error("the font `{0}` is not bundled: use Libertinus Serif, or the path of a .otf or .ttf file")]
    UnknownFamily(String),
    #[error("cannot read the font file {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("the font {font} has no glyph for {}", .missing.iter().map(|c| format!("‹{c}› U+{:04X}", u32::from(*c))).collect::<Vec<_>>().join(", "))]
    MissingGlyphs { font: String, missing: Vec<char> },
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Face").field("name", &self.name).finish()
    }
}

impl Face {
    fn new(data: FontData, name: &str) -> Option<Face> {
        let font = harfrust::Font::new(read_fonts::model::Blob::from(data.clone()), 0)?;
        let units_per_em = f32::from(font.units_per_em());
        Some(Face { data, font, name: name.to_string(), units_per_em })
    }

    fn names(&self, id: NameId) -> Option<String> {
        Some(self.font.names().get(id)?.english_or_first()?.name().to_string())
    }

    /// Whether the face has a glyph for the character. Spaces of every width
    /// count as covered: they are set as space, whatever their glyph.
    pub fn covers(&self, c: char) -> bool {
        is_space(c) || c == '\n' || self.font.charmap().map_unicode(c).is_some()
    }

    /// The characters of `text` the face has no glyph for, each once.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = text.chars().filter(|c| !self.covers(*c)).collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }

    /// Distance from the baseline to the top of the tallest letters, and to
    /// the bottom of the descenders, at `size` (both positive).
    pub fn ascent_descent(&self, size: f32) -> (f32, f32) {
        let metrics = self.font.metrics();
        let line = metrics.typo_line.or(metrics.hhea_line);
        let scale = size / self.units_per_em;
        match line {
            Some(l) => (l.ascender.to_f32() * scale, -l.descender.to_f32() * scale),
            None => (0.8 * size, 0.2 * size),
        }
    }

    /// Shapes `text` at `size` points in `language` (a BCP 47 tag).
    pub fn shape(&self, text: &str, language: &str, size: f32) -> Vec<ShapedGlyph> {
        let shaper = ShaperFont::new(&self.font);
        let mut buffer = Buffer::new();
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        buffer.set_language(language.parse::<Language>().ok());
        buffer.guess_segment_properties();
        if harfrust::shape(&shaper, &mut buffer, ShapeOptions::new()).is_err() {
            return Vec::new();
        }
        let scale = size / self.units_per_em;
        buffer
            .glyph_infos()
            .iter()
            .zip(buffer.glyph_positions())
            .map(|(info, pos)| ShapedGlyph {
                id: info.glyph_id,
                cluster: info.cluster as usize,
                advance: pos.x_advance as f32 * scale,
                x_offset: pos.x_offset as f32 * scale,
                y_offset: pos.y_offset as f32 * scale,
            })
            .collect()
    }
}

/// Every Unicode space a text may hold; they are set as glue or fixed space.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' | '\u{2008}')
}

impl FontSet {
    /// The family the layout names: a bundled family by name, or a font file
    /// (`.otf`, `.ttf`) relative to the project folder, used for every style.
    pub fn load(font: &str, project: &Path) -> Result<FontSet, FontError> {
        if font.ends_with(".otf") || font.ends_with(".ttf") {
            let path = project.join(font);
            let unreadable = |reason: String| FontError::Unreadable { path: font.to_string(), reason };
            let data = std::fs::read(&path).map_err(|e| unreadable(e.to_string()))?;
            let face =
                Face::new(Arc::new(data), font).ok_or_else(|| unreadable("not an OpenType font".into()))?;
            return Ok(FontSet { regular: face.clone(), bold: face.clone(), italic: face });
        }
        let bundled: Vec<Face> =
            typst_assets::fonts().filter_map(|data| Face::new(Arc::new(data), "")).collect();
        let style = |wanted: &str| {
            bundled.iter().find_map(|face| {
                let family = face
                    .names(NameId::TYPOGRAPHIC_FAMILY_NAME)
                    .or_else(|| face.names(NameId::FAMILY_NAME))?;
                let subfamily = face
                    .names(NameId::TYPOGRAPHIC_SUBFAMILY_NAME)
                    .or_else(|| face.names(NameId::SUBFAMILY_NAME))?;
                (family.eq_ignore_ascii_case(font) && subfamily == wanted)
                    .then(|| Face { name: format!("{family} {subfamily}"), ..face.clone() })
            })
        };
        match (style("Regular"), style("Bold"), style("Italic")) {
            (Some(regular), Some(bold), Some(italic)) => Ok(FontSet { regular, bold, italic }),
            _ => Err(FontError::UnknownFamily(font.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn libertinus() -> FontSet {
        FontSet::load("Libertinus Serif", Path::new(".")).unwrap()
    }

    #[test]
    fn loads_the_bundled_family_in_three_styles() {
        let fonts = libertinus();
        let names = [&fonts.regular.name, &fonts.bold.name, &fonts.italic.name];
        assert_eq!(names, ["Libertinus Serif Regular", "Libertinus Serif Bold", "Libertinus Serif Italic"]);
        assert_eq!(
            FontSet::load("Comic Sans", Path::new(".")).unwrap_err().to_string(),
            "the font `Comic Sans` is not bundled: use Libertinus Serif, or the path of a .otf or .ttf file"
        );
    }

    #[test]
    fn covers_french_and_polish_and_names_what_it_lacks() {
        let face = libertinus().regular;
        assert!(face.missing("Zażółć gęślą jaźń « œuvre » ’").is_empty());
        assert_eq!(face.missing("ok 日本 本"), ['日', '本']);
    }

    #[test]
    fn shaping_kerns_and_ligates() {
        let face = libertinus().regular;
        let office = face.shape("office", "en", 10.0);
        assert!(office.len() < 6, "the ffi ligature: {office:?}");
        let av: f32 = face.shape("AV", "en", 10.0).iter().map(|g| g.advance).sum();
        let a: f32 = face.shape("A", "en", 10.0)[0].advance;
        let v: f32 = face.shape("V", "en", 10.0)[0].advance;
        assert!(av < a + v, "AV is kerned: {av} < {a} + {v}");
    }
}
