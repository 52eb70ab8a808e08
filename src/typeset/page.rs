//! Page layout: a localized document's blocks set in lines and placed on
//! pages — headings kept with what follows, numbered lists with hanging,
//! right-aligned numbers, no widow or orphan line — then the header and the
//! "page X of Y" footer on every page once the page count is known.

use super::font::{Face, FontSet};
use super::output::{
    Decoration, DecorationKind, Element, FaceStyle, Furniture, OutlineEntry, Page, PlacedLine, Tagging,
    TypesetDocument,
};
use super::paragraph::{self, Align, Conventions, SetLine, Style};
use crate::layout::Block;
use crate::model::{LocalizedDocument, Status, Text};
use std::ops::Range;

pub(crate) const MM: f32 = 72.0 / 25.4;

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
#[derive(Clone)]
pub(crate) struct Row {
    pub(crate) height: f32,
    /// The baseline's distance below the row's top.
    pub(crate) ascent: f32,
    pub(crate) lines: Vec<PlacedLine>,
}

/// Rows that belong together: a paragraph, a heading, a list item.
pub(crate) struct Unit {
    pub(crate) rows: Vec<Row>,
    pub(crate) space_before: f32,
    pub(crate) keep_with_next: bool,
    /// The heading's text, for the outline.
    pub(crate) heading: Option<String>,
}

/// The smallest number of a paragraph's lines left alone at the bottom or
/// the top of a page.
const MIN_LINES: usize = 2;

/// How a kind of text is set.
#[derive(Clone, Copy)]
pub(crate) struct TextStyle {
    pub(crate) face: FaceStyle,
    pub(crate) size: f32,
    /// The distance from one baseline to the next.
    pub(crate) leading: f32,
    pub(crate) align: Align,
    /// Gray level: 0 is black.
    pub(crate) gray: u8,
}

impl TextStyle {
    pub(crate) fn new(face: FaceStyle, size: f32, leading: f32, align: Align) -> Self {
        TextStyle { face, size, leading: size * leading, align, gray: 0 }
    }
}

/// The text styles of a document whose body is `size` points.
pub(crate) struct Styles {
    pub(crate) title: TextStyle,
    pub(crate) date: TextStyle,
    pub(crate) body: TextStyle,
    pub(crate) heading: TextStyle,
    pub(crate) label: TextStyle,
    pub(crate) furniture: TextStyle,
}

impl Styles {
    pub(crate) fn new(size: f32) -> Styles {
        Styles {
            title: TextStyle::new(FaceStyle::Bold, size * 1.6, 1.2, Align::Center),
            date: TextStyle::new(FaceStyle::Regular, size, 1.35, Align::Center),
            body: TextStyle::new(FaceStyle::Regular, size, 1.35, Align::Justify),
            heading: TextStyle::new(FaceStyle::Bold, size * 1.1, 1.3, Align::Left),
            label: TextStyle::new(FaceStyle::Regular, size, 1.35, Align::Left),
            furniture: TextStyle {
                gray: 85,
                ..TextStyle::new(FaceStyle::Regular, size * 0.8, 1.0, Align::Center)
            },
        }
    }
}

pub(crate) struct Setter<'a> {
    pub(crate) fonts: &'a FontSet,
    pub(crate) lang: &'a str,
    pub(crate) conventions: Conventions<'a>,
}

impl<'a> Setter<'a> {
    /// A setter for an edition's text: its language with the layout's kept
    /// words and the locale's quotation marks.
    pub(crate) fn of(fonts: &'a FontSet, edition: &'a LocalizedDocument) -> Setter<'a> {
        let lang = edition.locale.tag.as_str();
        let kept = edition.page.typography.of(lang);
        let single_quotes = edition.locale.single_quotes;
        Setter { fonts, lang, conventions: Conventions { kept, single_quotes, ..Conventions::default() } }
    }

    pub(crate) fn lines(&self, text: &str, style: TextStyle, measure: f32) -> Vec<SetLine> {
        let face = self.fonts.face(style.face);
        let style = Style {
            face,
            size: style.size,
            lang: self.lang,
            align: style.align,
            conventions: self.conventions,
        };
        paragraph::set(text, &style, measure)
    }

    /// Centered text in as even lines as its line count allows: the
    /// narrowest measure that does not add a line.
    pub(crate) fn balanced_lines(&self, text: &str, style: TextStyle, measure: f32) -> Vec<SetLine> {
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
    pub(crate) fn rows(
        &self,
        text: &str,
        style: TextStyle,
        x: f32,
        measure: f32,
        tagging: &Tagging,
    ) -> Vec<Row> {
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
                    Align::Justify | Align::Left => x - line.hang,
                };
                let placed = PlacedLine {
                    x,
                    baseline: 0.0,
                    face: style.face,
                    size: style.size,
                    gray: style.gray,
                    lang: self.lang.to_string(),
                    line,
                    tagging: tagging.clone(),
                    decorations: Vec::new(),
                };
                Row {
                    height: style.leading,
                    ascent: (style.leading + ascent - descent) / 2.0,
                    lines: vec![placed],
                }
            })
            .collect()
    }

    /// [`Self::rows`], with the byte ranges `decorated` of `text` struck
    /// through or highlighted where they were set.
    pub(crate) fn decorated_rows(
        &self,
        text: &str,
        decorated: &[(Range<usize>, DecorationKind)],
        style: TextStyle,
        x: f32,
        measure: f32,
        tagging: &Tagging,
    ) -> Vec<Row> {
        let mut rows = self.rows(text, style, x, measure, tagging);
        // Setting drops invisible characters, may change spaces and sets
        // straight quotes as the language's (one character for another, a
        // French guillemet with its narrow space), never more: the visible
        // characters, counted, tell where each decoration went.
        let shown = |c: &char| !c.is_whitespace() && !crate::intl::invisible(*c);
        let kinds: Vec<Option<DecorationKind>> = text
            .char_indices()
            .filter(|(_, c)| shown(c))
            .map(|(at, _)| decorated.iter().find(|(range, _)| range.contains(&at)).map(|(_, kind)| *kind))
            .collect();
        let mut next = 0;
        for placed in rows.iter_mut().flat_map(|r| &mut r.lines) {
            let mut pen = 0.0;
            let mut run: Option<Decoration> = None;
            for glyph in &placed.line.glyphs {
                let cluster = placed.line.text.get(glyph.text.clone()).unwrap_or_default();
                let visible = cluster.chars().filter(shown).count();
                if visible > 0 {
                    let kind = kinds.get(next).copied().flatten();
                    next += visible;
                    let end = pen + glyph.advance;
                    match (&mut run, kind) {
                        // A run goes on across spaces to the next glyph of its kind.
                        (Some(current), Some(kind)) if current.kind == kind => current.to = end,
                        (_, kind) => {
                            placed.decorations.extend(run.take());
                            run = kind.map(|kind| Decoration { from: pen, to: end, kind });
                        }
                    }
                }
                pen += glyph.advance;
            }
            placed.decorations.extend(run);
        }
        rows
    }

    pub(crate) fn width(&self, text: &str, style: TextStyle) -> f32 {
        self.lines(text, style, f32::MAX).iter().map(|l| l.width).fold(0.0, f32::max)
    }

    /// A number set flush right against `right`, on the baseline of `row`.
    pub(crate) fn label(&self, text: &str, style: TextStyle, right: f32, tagging: &Tagging, row: &mut Row) {
        let x = right - self.width(text, style);
        let label = self.rows(text, TextStyle { align: Align::Left, ..style }, x, f32::MAX, tagging);
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
    let setter = Setter::of(fonts, document);

    let units = units(document, &setter, &styles, left, measure);
    let (mut pages, outline) = paginate(units, top, bottom);
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        // Header and footer sit in the middle of the top and bottom margins.
        let furniture = [
            (document.header.as_ref().map(|t| t.text.clone()), Furniture::Header, top / 2.0),
            (document.footer(n + 1, total), Furniture::Footer, (bottom + height) / 2.0),
        ];
        for (text, furniture, baseline) in furniture {
            let Some(text) = text else { continue };
            for row in setter.rows(&text, styles.furniture, left, measure, &Tagging::Artifact(furniture)) {
                page.lines.extend(row.lines.into_iter().map(|l| PlacedLine { baseline, ..l }));
            }
        }
    }
    TypesetDocument { width, height, pages, outline }
}

/// The part of a block a line belongs to, for tagging; list parts carry the
/// item's index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Title,
    Paragraph,
    Heading,
    Label(usize),
    Body(usize),
}

/// A column of text: where it starts, how wide it is, and the hanging
/// column its list and heading numbers take.
pub(crate) struct Column {
    pub x: f32,
    pub measure: f32,
    /// Numbers end `gap` before `x + indent`, where their text starts.
    pub indent: f32,
    pub gap: f32,
}

impl Column {
    /// A column wide enough for every number of the document's lists and
    /// headings: they share one hanging column, so that every item and
    /// heading text starts at the same indent.
    pub(crate) fn new(
        blocks: &[Block<Text>],
        setter: &Setter<'_>,
        styles: &Styles,
        x: f32,
        measure: f32,
    ) -> Column {
        let widest_label = blocks
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
        let gap = styles.body.size * 0.6;
        Column { x, measure, indent: widest_label + gap, gap }
    }
}

/// The text style a message is set in, given its block's style: a missing
/// translation shows its source text in gray italic.
fn styled(text: &Text, style: TextStyle) -> TextStyle {
    match text.status {
        Status::Missing => TextStyle { face: FaceStyle::Italic, gray: 110, ..style },
        _ => style,
    }
}

/// One block as units of rows in a column: one unit, or one per list item.
pub(crate) fn block_units(
    block: &Block<Text>,
    setter: &Setter<'_>,
    styles: &Styles,
    column: &Column,
    tag: &dyn Fn(Part) -> Tagging,
) -> Vec<Unit> {
    let size = styles.body.size;
    let (left, measure) = (column.x, column.measure);
    let (body_x, body_measure) = (column.x + column.indent, column.measure - column.indent);
    let unit = |rows, space_before| Unit { rows, space_before, keep_with_next: false, heading: None };
    match block {
        Block::Title(t) => {
            vec![unit(setter.rows(&t.text, styled(t, styles.title), left, measure, &tag(Part::Title)), 0.0)]
        }
        Block::DateLine(t) => {
            vec![unit(
                setter.rows(&t.text, styled(t, styles.date), left, measure, &tag(Part::Paragraph)),
                size * 0.6,
            )]
        }
        Block::Paragraph(t) => {
            vec![unit(
                setter.rows(&t.text, styled(t, styles.body), left, measure, &tag(Part::Paragraph)),
                size * 1.6,
            )]
        }
        Block::Heading { number, message } => {
            let tagging = tag(Part::Heading);
            let style = styled(message, styles.heading);
            let mut rows = setter.rows(&message.text, style, body_x, body_measure, &tagging);
            if let (Some(number), Some(first)) = (number, rows.first_mut()) {
                setter.label(number, styles.heading, body_x - column.gap, &tagging, first);
            }
            let title = number.iter().map(|n| format!("{n} ")).chain([message.text.clone()]).collect();
            vec![Unit { rows, space_before: size * 1.6, keep_with_next: true, heading: Some(title) }]
        }
        Block::NumberedList(items) => items
            .iter()
            .enumerate()
            .map(|(n, item)| {
                let mut rows = setter.rows(
                    &item.text,
                    styled(item, styles.body),
                    body_x,
                    body_measure,
                    &tag(Part::Body(n)),
                );
                if let Some(first) = rows.first_mut() {
                    let label = format!("{}.", n + 1);
                    setter.label(&label, styles.label, body_x - column.gap, &tag(Part::Label(n)), first);
                }
                unit(rows, if n == 0 { size * 0.8 } else { size * 0.35 })
            })
            .collect(),
    }
}

/// The print edition's structure: H1, P, H2, and lists as L, LI, Lbl, LBody.
fn print_tagging(index: usize, block: &Block<Text>, part: Part) -> Tagging {
    let heading = |level: u16, text: &Text| Element::Heading { level, title: text.text.clone() };
    let path = match (block, part) {
        (Block::Title(t), _) => vec![(heading(1, t), index)],
        (Block::Heading { message, .. }, _) => vec![(heading(2, message), index)],
        (_, Part::Label(n)) => vec![(Element::List, index), (Element::ListItem, n), (Element::Label, 0)],
        (_, Part::Body(n)) => vec![(Element::List, index), (Element::ListItem, n), (Element::ListBody, 0)],
        _ => vec![(Element::Paragraph, index)],
    };
    Tagging::Content(path)
}

/// The blocks as units of rows, in reading order.
fn units(
    document: &LocalizedDocument,
    setter: &Setter<'_>,
    styles: &Styles,
    left: f32,
    measure: f32,
) -> Vec<Unit> {
    let column = Column::new(&document.blocks, setter, styles, left, measure);
    document
        .blocks
        .iter()
        .enumerate()
        .flat_map(|(index, block)| {
            block_units(block, setter, styles, &column, &|part| print_tagging(index, block, part))
        })
        .collect()
}

fn rows_height(rows: &[Row]) -> f32 {
    rows.iter().map(|r| r.height).sum()
}

/// Places the units on pages between `top` and `bottom`.
pub(crate) fn paginate(units: Vec<Unit>, top: f32, bottom: f32) -> (Vec<Page>, Vec<OutlineEntry>) {
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
                let line = SetLine {
                    glyphs: Vec::new(),
                    text: String::new(),
                    width: 0.0,
                    hyphen: None,
                    lead: false,
                    hang: 0.0,
                };
                let tagging = Tagging::Content(vec![(Element::Paragraph, index), (Element::Cell, row)]);
                let placed = PlacedLine {
                    x: 0.0,
                    baseline: 0.0,
                    face: FaceStyle::Regular,
                    size: 10.0,
                    gray: 0,
                    lang: "fr".into(),
                    line,
                    tagging,
                    decorations: Vec::new(),
                };
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
            .map(|p| {
                p.lines
                    .iter()
                    .map(|l| match &l.tagging {
                        Tagging::Content(path) => format!("{}.{}", path[0].1, path[1].1),
                        Tagging::Artifact(_) => unreachable!("no furniture here"),
                    })
                    .collect()
            })
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
        let first_of = |page: &Page| match &page.lines.first()?.tagging {
            Tagging::Content(path) => Some(path[0].1),
            Tagging::Artifact(_) => None,
        };
        assert_eq!(pages.iter().map(first_of).collect::<Vec<_>>(), [Some(0), Some(1)]);
        assert_eq!((outline[0].title.as_str(), outline[0].page, outline[0].y), ("h1", 1, 0.0));
    }

    #[test]
    fn a_paragraph_longer_than_a_page_runs_on() {
        let pages = layout(vec![unit(0, 12, false)], 50.0);
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [5, 5, 2]);
    }

    #[test]
    fn decorations_cover_exactly_the_words_they_mark_across_spaces_and_lines() {
        let fonts = FontSet::load("Libertinus Serif", std::path::Path::new(".")).unwrap();
        let setter = Setter { fonts: &fonts, lang: "fr", conventions: Conventions::default() };
        let style = TextStyle::new(FaceStyle::Regular, 10.0, 1.2, Align::Left);
        let text = "Attirer les des capitaux étrangers";
        let marked = [(8..11, DecorationKind::Struck), (12..24, DecorationKind::Highlighted)];
        let rows =
            setter.decorated_rows(text, &marked, style, 0.0, 500.0, &Tagging::Artifact(Furniture::Repeat));
        let width = |t: &str| setter.width(t, style);
        let got: Vec<Decoration> =
            rows.iter().flat_map(|r| &r.lines).flat_map(|l| l.decorations.clone()).collect();
        let near = |a: f32, b: f32| (a - b).abs() < 0.01;
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].kind, got[1].kind), (DecorationKind::Struck, DecorationKind::Highlighted));
        assert!(near(got[0].from, width("Attirer ")) && near(got[0].to, width("Attirer les")), "{got:?}");
        // "des capitaux": one run, the space inside it covered.
        assert!(
            near(got[1].from, width("Attirer les ")) && near(got[1].to, width("Attirer les des capitaux"))
        );

        // Broken over two lines, a run is cut at the line's end and goes on.
        let long = [(8..11, DecorationKind::Struck), (12..34, DecorationKind::Highlighted)];
        let measure = width("Attirer les des capitaux") + 1.0;
        let narrow =
            setter.decorated_rows(text, &long, style, 0.0, measure, &Tagging::Artifact(Furniture::Repeat));
        let lines: Vec<(&str, Vec<DecorationKind>)> = narrow
            .iter()
            .flat_map(|r| &r.lines)
            .map(|l| (l.line.text.trim(), l.decorations.iter().map(|d| d.kind).collect()))
            .collect();
        assert_eq!(
            lines,
            [
                ("Attirer les des capitaux", vec![DecorationKind::Struck, DecorationKind::Highlighted]),
                ("étrangers", vec![DecorationKind::Highlighted]),
            ]
        );
    }
}
