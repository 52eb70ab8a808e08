//! Page layout: a localized document's blocks set in lines and placed on
//! pages — headings kept with what follows, numbered lists with hanging,
//! right-aligned numbers, no widow or orphan line — then the header and the
//! "page X of Y" footer on every page once the page count is known.

use super::font::{Face, FontSet};
use super::paragraph::{self, Align, SetLine, Style};
use crate::layout::Block;
use crate::model::LocalizedDocument;

const MM: f32 = 72.0 / 25.4;

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
pub struct PlacedLine {
    pub x: f32,
    pub baseline: f32,
    pub face: FaceStyle,
    pub size: f32,
    pub line: SetLine,
    pub role: Role,
}

/// The structure a line belongs to: the block (its index in the document)
/// and, in a list, the item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Role {
    pub block: usize,
    pub item: Option<usize>,
    pub part: Part,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Title,
    DateLine,
    Paragraph,
    HeadingNumber,
    Heading,
    ListLabel,
    ListBody,
    Header,
    Footer,
}

impl FontSet {
    pub fn face(&self, style: FaceStyle) -> &Face {
        match style {
            FaceStyle::Regular => &self.regular,
            FaceStyle::Bold => &self.bold,
            FaceStyle::Italic => &self.italic,
        }
    }
}

/// Lines that share a baseline (a list number and the first line of its
/// item), and the height they take.
struct Row {
    height: f32,
    /// The baseline's distance below the row's top.
    ascent: f32,
    lines: Vec<PlacedLine>,
}

/// Rows that belong together: a paragraph, a heading, a list item.
struct Unit {
    rows: Vec<Row>,
    space_before: f32,
    keep_with_next: bool,
    /// The heading's text, for the outline.
    heading: Option<String>,
}

/// The smallest number of a paragraph's lines left alone at the bottom or
/// the top of a page.
const MIN_LINES: usize = 2;

/// How a kind of text is set.
#[derive(Clone, Copy)]
struct TextStyle {
    face: FaceStyle,
    size: f32,
    /// The distance from one baseline to the next.
    leading: f32,
    align: Align,
}

impl TextStyle {
    fn new(face: FaceStyle, size: f32, leading: f32, align: Align) -> Self {
        TextStyle { face, size, leading: size * leading, align }
    }
}

/// The text styles of a document whose body is `size` points.
struct Styles {
    title: TextStyle,
    date: TextStyle,
    body: TextStyle,
    heading: TextStyle,
    label: TextStyle,
    furniture: TextStyle,
}

impl Styles {
    fn new(size: f32) -> Styles {
        Styles {
            title: TextStyle::new(FaceStyle::Bold, size * 1.6, 1.2, Align::Center),
            date: TextStyle::new(FaceStyle::Regular, size, 1.35, Align::Center),
            body: TextStyle::new(FaceStyle::Regular, size, 1.35, Align::Justify),
            heading: TextStyle::new(FaceStyle::Bold, size * 1.1, 1.3, Align::Left),
            label: TextStyle::new(FaceStyle::Regular, size, 1.35, Align::Left),
            furniture: TextStyle::new(FaceStyle::Regular, size * 0.8, 1.0, Align::Center),
        }
    }
}

struct Setter<'a> {
    fonts: &'a FontSet,
    lang: &'a str,
}

impl Setter<'_> {
    fn lines(&self, text: &str, style: TextStyle, measure: f32) -> Vec<SetLine> {
        let face = self.fonts.face(style.face);
        paragraph::set(text, &Style { face, size: style.size, lang: self.lang, align: style.align }, measure)
    }

    /// Centered text in as even lines as its line count allows: the
    /// narrowest measure that does not add a line.
    fn balanced_lines(&self, text: &str, style: TextStyle, measure: f32) -> Vec<SetLine> {
        let lines = self.lines(text, style, measure);
        if lines.len() < 2 {
            return lines;
        }
        let (mut narrow, mut wide) = (measure / lines.len() as f32, measure);
        let mut best = lines;
        for _ in 0..12 {
            let middle = (narrow + wide) / 2.0;
            let attempt = self.lines(text, style, middle);
            if attempt.len() == best.len() && attempt.iter().all(|l| l.width <= middle + 0.01) {
                wide = middle;
                best = attempt;
            } else {
                narrow = middle;
            }
        }
        best
    }

    /// The text set in a column `measure` wide at `x`: a row per line.
    fn rows(&self, text: &str, style: TextStyle, x: f32, measure: f32, role: Role) -> Vec<Row> {
        let lines = match style.align {
            Align::Center => self.balanced_lines(text, style, measure),
            Align::Justify | Align::Left => self.lines(text, style, measure),
        };
        let (ascent, descent) = self.fonts.face(style.face).ascent_descent(style.size);
        lines
            .into_iter()
            .map(|line| {
                let x = match style.align {
                    Align::Center => x + (measure - line.width) / 2.0,
                    Align::Justify | Align::Left => x,
                };
                let placed = PlacedLine { x, baseline: 0.0, face: style.face, size: style.size, line, role };
                Row {
                    height: style.leading,
                    ascent: (style.leading + ascent - descent) / 2.0,
                    lines: vec![placed],
                }
            })
            .collect()
    }

    fn width(&self, text: &str, style: TextStyle) -> f32 {
        self.lines(text, style, f32::MAX).iter().map(|l| l.width).fold(0.0, f32::max)
    }

    /// A number set flush right against `right`, on the baseline of `row`.
    fn label(&self, text: &str, style: TextStyle, right: f32, role: Role, row: &mut Row) {
        let x = right - self.width(text, style);
        let label = self.rows(text, TextStyle { align: Align::Left, ..style }, x, f32::MAX, role);
        for line in label.into_iter().flat_map(|r| r.lines).rev() {
            row.lines.insert(0, line);
        }
    }
}

/// Lays out the document on pages of the layout's size and margins.
pub fn typeset(document: &LocalizedDocument, fonts: &FontSet) -> TypesetDocument {
    let page = &document.page;
    let (width, height) = (page.size_mm.0 * MM, page.size_mm.1 * MM);
    let margins = page.margins_mm;
    let (left, top) = (margins.left * MM, margins.top * MM);
    let measure = width - left - margins.right * MM;
    let bottom = height - margins.bottom * MM;
    let styles = Styles::new(page.font_size_pt);
    let setter = Setter { fonts, lang: &document.locale.tag };

    let units = units(document, &setter, &styles, left, measure);
    let (mut pages, outline) = paginate(units, top, bottom);
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        // Header and footer sit in the middle of the top and bottom margins.
        let furniture = [
            (document.header.as_ref().map(|t| t.text.clone()), Part::Header, top / 2.0),
            (document.footer(n + 1, total), Part::Footer, (bottom + height) / 2.0),
        ];
        for (text, part, baseline) in furniture {
            let Some(text) = text else { continue };
            let role = Role { block: usize::MAX, item: None, part };
            for row in setter.rows(&text, styles.furniture, left, measure, role) {
                page.lines.extend(row.lines.into_iter().map(|l| PlacedLine { baseline, ..l }));
            }
        }
    }
    TypesetDocument { width, height, pages, outline }
}

/// The blocks as units of rows, in reading order.
fn units(
    document: &LocalizedDocument,
    setter: &Setter<'_>,
    styles: &Styles,
    left: f32,
    measure: f32,
) -> Vec<Unit> {
    let size = styles.body.size;
    // List numbers and heading numbers share one column, so that every
    // item and heading text starts at the same indent.
    let widest_label = document
        .blocks
        .iter()
        .flat_map(|block| match block {
            Block::NumberedList(items) => {
                (1..=items.len()).map(|n| (format!("{n}."), styles.label)).collect()
            }
            Block::Heading { number: Some(n), .. } => vec![(n.clone(), styles.heading)],
            _ => Vec::new(),
        })
        .map(|(label, style)| setter.width(&label, style))
        .fold(0.0, f32::max);
    let gap = size * 0.6;
    let indent = widest_label + gap;
    let (body_x, body_measure) = (left + indent, measure - indent);

    let mut units = Vec::new();
    for (index, block) in document.blocks.iter().enumerate() {
        let role = |part, item| Role { block: index, item, part };
        let unit = |rows, space_before| Unit { rows, space_before, keep_with_next: false, heading: None };
        match block {
            Block::Title(t) => units
                .push(unit(setter.rows(&t.text, styles.title, left, measure, role(Part::Title, None)), 0.0)),
            Block::DateLine(t) => units.push(unit(
                setter.rows(&t.text, styles.date, left, measure, role(Part::DateLine, None)),
                size * 0.6,
            )),
            Block::Paragraph(t) => units.push(unit(
                setter.rows(&t.text, styles.body, left, measure, role(Part::Paragraph, None)),
                size * 1.6,
            )),
            Block::Heading { number, message } => {
                let mut rows = setter.rows(
                    &message.text,
                    styles.heading,
                    body_x,
                    body_measure,
                    role(Part::Heading, None),
                );
                if let (Some(number), Some(first)) = (number, rows.first_mut()) {
                    setter.label(
                        number,
                        styles.heading,
                        body_x - gap,
                        role(Part::HeadingNumber, None),
                        first,
                    );
                }
                let title = number.iter().map(|n| format!("{n} ")).chain([message.text.clone()]).collect();
                units.push(Unit {
                    rows,
                    space_before: size * 1.6,
                    keep_with_next: true,
                    heading: Some(title),
                });
            }
            Block::NumberedList(items) => {
                for (n, item) in items.iter().enumerate() {
                    let mut rows = setter.rows(
                        &item.text,
                        styles.body,
                        body_x,
                        body_measure,
                        role(Part::ListBody, Some(n)),
                    );
                    if let Some(first) = rows.first_mut() {
                        setter.label(
                            &format!("{}.", n + 1),
                            styles.label,
                            body_x - gap,
                            role(Part::ListLabel, Some(n)),
                            first,
                        );
                    }
                    units.push(unit(rows, if n == 0 { size * 0.8 } else { size * 0.35 }));
                }
            }
        }
    }
    units
}

fn rows_height(rows: &[Row]) -> f32 {
    rows.iter().map(|r| r.height).sum()
}

/// Places the units on pages between `top` and `bottom`.
fn paginate(units: Vec<Unit>, top: f32, bottom: f32) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut pages = vec![Page::default()];
    let mut outline = Vec::new();
    let mut y = top;
    let heights: Vec<(f32, f32)> =
        units.iter().map(|u| (u.space_before, rows_height(&u.rows[..u.rows.len().min(MIN_LINES)]))).collect();
    for (index, unit) in units.into_iter().enumerate() {
        let mut rows = unit.rows;
        let before = |y: f32| if y == top { 0.0 } else { unit.space_before };
        // A heading goes to the next page unless the first lines of what
        // follows fit under it.
        let next = heights.get(index + 1).map_or(0.0, |(space, first)| space + first);
        let needed = before(y)
            + if unit.keep_with_next {
                rows_height(&rows) + next
            } else {
                rows_height(&rows[..rows.len().min(MIN_LINES)])
            };
        if y != top && y + needed > bottom {
            pages.push(Page::default());
            y = top;
        }
        y += before(y);
        if let Some(title) = unit.heading {
            outline.push(OutlineEntry { title, page: pages.len() - 1, y });
        }
        while !rows.is_empty() {
            let fitting = rows.iter().scan(y, |bottom_of, row| {
                *bottom_of += row.height;
                Some(*bottom_of)
            });
            let room = fitting.take_while(|&end| end <= bottom + 0.01).count();
            let take = if room >= rows.len() {
                rows.len()
            } else {
                // Leave at least two lines for the next page and put at least
                // two on this one; on a page too short for that, take what
                // fits (at least one line, so that the layout moves on).
                let split = room.min(rows.len().saturating_sub(MIN_LINES));
                if split >= MIN_LINES {
                    split
                } else if y == top {
                    room.max(1)
                } else {
                    0
                }
            };
            for row in rows.drain(..take) {
                let baseline = y + row.ascent;
                let page = pages.last_mut().expect("there is always a page");
                page.lines.extend(row.lines.into_iter().map(|l| PlacedLine { baseline, ..l }));
                y += row.height;
            }
            if !rows.is_empty() {
                pages.push(Page::default());
                y = top;
            }
        }
    }
    (pages, outline)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit of `lines` rows 10 pt high; each line says (unit, row).
    fn unit(index: usize, lines: usize, keep_with_next: bool) -> Unit {
        let rows = (0..lines)
            .map(|row| {
                let line = SetLine { glyphs: Vec::new(), text: String::new(), width: 0.0, hyphen: None };
                let role = Role { block: index, item: Some(row), part: Part::Paragraph };
                let placed =
                    PlacedLine { x: 0.0, baseline: 0.0, face: FaceStyle::Regular, size: 10.0, line, role };
                Row { height: 10.0, ascent: 8.0, lines: vec![placed] }
            })
            .collect();
        Unit { rows, space_before: 5.0, keep_with_next, heading: keep_with_next.then(|| format!("h{index}")) }
    }

    /// Each page's rows as "unit.row".
    fn layout(units: Vec<Unit>, bottom: f32) -> Vec<Vec<String>> {
        let (pages, _) = paginate(units, 0.0, bottom);
        pages
            .iter()
            .map(|p| p.lines.iter().map(|l| format!("{}.{}", l.role.block, l.role.item.unwrap())).collect())
            .collect()
    }

    #[test]
    fn a_paragraph_that_fits_stays_whole() {
        assert_eq!(
            layout(vec![unit(0, 3, false), unit(1, 2, false)], 100.0),
            [["0.0", "0.1", "0.2", "1.0", "1.1"]]
        );
    }

    #[test]
    fn no_orphan_line_at_the_bottom_of_a_page() {
        // After 6 lines and a gap, one line of the next paragraph would fit.
        let pages = layout(vec![unit(0, 6, false), unit(1, 4, false)], 75.0);
        assert_eq!(pages, [vec!["0.0", "0.1", "0.2", "0.3", "0.4", "0.5"], vec!["1.0", "1.1", "1.2", "1.3"]]);
    }

    #[test]
    fn no_widow_line_at_the_top_of_a_page() {
        // Three of four lines would fit: two go, so that two follow.
        let pages = layout(vec![unit(0, 3, false), unit(1, 4, false)], 65.0);
        assert_eq!(pages, [vec!["0.0", "0.1", "0.2", "1.0", "1.1"], vec!["1.2", "1.3"]]);
        // A three-line paragraph cannot be split without one or the other.
        let pages = layout(vec![unit(0, 3, false), unit(1, 3, false)], 55.0);
        assert_eq!(pages, [vec!["0.0", "0.1", "0.2"], vec!["1.0", "1.1", "1.2"]]);
    }

    #[test]
    fn a_heading_goes_with_the_first_lines_that_follow() {
        let (pages, outline) =
            paginate(vec![unit(0, 4, false), unit(1, 1, true), unit(2, 3, false)], 0.0, 65.0);
        let first_of = |page: &Page| page.lines.first().map(|l| l.role.block);
        assert_eq!(pages.iter().map(first_of).collect::<Vec<_>>(), [Some(0), Some(1)]);
        assert_eq!((outline[0].title.as_str(), outline[0].page, outline[0].y), ("h1", 1, 0.0));
    }

    #[test]
    fn a_paragraph_longer_than_a_page_runs_on() {
        let pages = layout(vec![unit(0, 12, false)], 50.0);
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [5, 5, 2]);
    }
}
