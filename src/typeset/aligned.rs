//! The aligned edition's layout: one column per language, every block
//! starting on the same baseline in all columns, a row as tall as its
//! tallest cell. Page breaks fall between rows; a row taller than what is
//! left of the page continues, column by column, on the next one. The column
//! heads are repeated on every page. In a review edition, each row's message
//! ID stands in a margin column and a mark follows every translation that
//! needs work.

use super::font::FontSet;
use super::output::{
    DecorationKind, Element, FaceStyle, Furniture, OutlineEntry, Page, PlacedLine, Tagging, TypesetDocument,
};
use super::page::{Column, MM, Part, Row, Setter, Styles, TextStyle, block_units};
use super::paragraph::{Align, Conventions};
use crate::diff::Kind;
use crate::layout::{AlignedStyle, Block};
use crate::model::LocalizedDocument;
use crate::ui::Words;
use std::collections::VecDeque;

/// The space between columns.
const GUTTER_MM: f32 = 6.0;

/// The fewest lines of a row that start at the foot of a page.
const MIN_LINES: usize = 2;

/// A row of the table: one cell per column, each a run of lines.
struct TableRow {
    cells: Vec<Vec<Row>>,
    space_before: f32,
    keep_with_next: bool,
    heading: Option<String>,
}

impl TableRow {
    /// The height of the first `lines` lines of the tallest cell.
    fn height_of(&self, lines: usize) -> f32 {
        self.cells.iter().map(|c| c.iter().take(lines).map(|r| r.height).sum::<f32>()).fold(0.0, f32::max)
    }

    fn height(&self) -> f32 {
        self.height_of(usize::MAX)
    }
}

/// The tagging of a table cell: row 0 holds the heads.
fn cell(row: usize, column: usize) -> Tagging {
    let kind = if row == 0 { Element::HeaderCell } else { Element::Cell };
    Tagging::Content(vec![(Element::Table, 0), (Element::Row, row), (kind, column)])
}

/// Lays out `columns` (the editions in column order) side by side. The
/// header, footer, legend and marks are in `source`'s language; `review`
/// adds the ID margin and the marks.
pub fn typeset_aligned(
    columns: &[&LocalizedDocument],
    source: &LocalizedDocument,
    style: &AlignedStyle,
    fonts: &FontSet,
    review: bool,
) -> TypesetDocument {
    let (width, height) = (style.size_mm.0 * MM, style.size_mm.1 * MM);
    let margins = style.margins_mm;
    let (left, top) = (margins.left * MM, margins.top * MM);
    let (right, bottom) = (width - margins.right * MM, height - margins.bottom * MM);
    let styles = Styles::new(style.font_size_pt);
    let words = Words::new(&source.locale.tag);
    let margin = Setter { fonts, lang: words.lang, conventions: Conventions::default() };
    let small =
        TextStyle { size: styles.body.size * 0.75, leading: styles.body.leading * 0.75, ..styles.label };
    let mark_style = TextStyle { face: FaceStyle::Italic, gray: 40, align: Align::Left, ..small };
    let head_style = TextStyle { align: Align::Left, ..styles.heading };

    let gutter = GUTTER_MM * MM;
    // The ID margin fits the longest ID.
    let id_width = if review {
        let ids =
            source.blocks.iter().flat_map(Block::messages).map(|t| t.id.clone()).chain([words.id_head()]);
        ids.map(|id| margin.width(&id, small)).fold(0.0, f32::max) + gutter
    } else {
        0.0
    };
    let first = usize::from(review);
    let n = columns.len() as f32;
    let column_width = (right - left - id_width - gutter * (n - 1.0)) / n;
    // Marks hang into the gutter, never past its middle.
    let setters: Vec<Setter<'_>> = columns
        .iter()
        .map(|c| {
            let setter = Setter::of(fonts, c);
            Setter { conventions: Conventions { hang_limit: gutter / 2.0, ..setter.conventions }, ..setter }
        })
        .collect();
    let frames: Vec<Column> = columns
        .iter()
        .zip(&setters)
        .enumerate()
        .map(|(i, (c, setter))| {
            Column::new(
                &c.blocks,
                setter,
                &styles,
                left + id_width + i as f32 * (column_width + gutter),
                column_width,
            )
        })
        .collect();

    let mut table = Vec::new();
    let mut row_number = 1;
    // A block beyond the source's (a translation's colophon) makes a row of
    // its own, the cells of the editions without it left empty.
    let blocks = columns.iter().map(|c| c.blocks.len()).chain([source.blocks.len()]).max().unwrap_or(0);
    for index in 0..blocks {
        let Some(block) =
            source.blocks.get(index).or_else(|| columns.iter().find_map(|c| c.blocks.get(index)))
        else {
            continue;
        };
        let mut per_column: Vec<VecDeque<_>> = Vec::new();
        for (i, edition) in columns.iter().enumerate() {
            let Some(block) = edition.blocks.get(index) else {
                per_column.push(VecDeque::new());
                continue;
            };
            let tag = |part: Part| match part {
                Part::Label(n) | Part::Body(n) => cell(row_number + n, first + i),
                _ => cell(row_number, first + i),
            };
            let mut units = block_units(block, &setters[i], &styles, &frames[i], &tag);
            if review {
                for (k, (unit, text)) in units.iter_mut().zip(block.messages()).enumerate() {
                    if let Some(mark) = words.mark(&text.status) {
                        let frame = &frames[i];
                        let x = frame.x
                            + if matches!(block, Block::NumberedList(_)) { frame.indent } else { 0.0 };
                        let decorated: Vec<_> = mark
                            .changed
                            .iter()
                            .map(|(range, kind)| {
                                let kind = match kind {
                                    Kind::Removed => DecorationKind::Struck,
                                    _ => DecorationKind::Highlighted,
                                };
                                (range.clone(), kind)
                            })
                            .collect();
                        unit.rows.extend(margin.decorated_rows(
                            &mark.text,
                            &decorated,
                            mark_style,
                            x,
                            frame.x + frame.measure - x,
                            &cell(row_number + k, first + i),
                        ));
                    }
                }
            }
            per_column.push(units.into_iter().collect());
        }
        let count = block.messages().len();
        for k in 0..count {
            let units: Vec<_> = per_column.iter_mut().map(VecDeque::pop_front).collect();
            let mut cells = Vec::new();
            if review {
                let id = &block.messages()[k].id;
                // The margin fits the longest ID; a point of slack keeps
                // rounding from breaking it.
                cells.push(margin.rows(id, small, left, id_width - gutter + 1.0, &cell(row_number + k, 0)));
            }
            let source_unit = columns.iter().position(|c| c.locale == source.locale).unwrap_or(0);
            table.push(TableRow {
                space_before: units.iter().flatten().map(|u| u.space_before).fold(0.0, f32::max),
                keep_with_next: units.iter().flatten().any(|u| u.keep_with_next),
                heading: units.get(source_unit).and_then(|u| u.as_ref()?.heading.clone()),
                cells: cells
                    .into_iter()
                    .chain(units.into_iter().map(|u| u.map_or_else(Vec::new, |u| u.rows)))
                    .collect(),
            });
        }
        row_number += count;
    }

    // The heads: each column's language by its own name.
    let mut heads: Vec<Vec<Row>> = Vec::new();
    if review {
        heads.push(margin.rows(
            &words.id_head(),
            TextStyle { face: FaceStyle::Bold, ..small },
            left,
            id_width - gutter,
            &cell(0, 0),
        ));
    }
    for (i, edition) in columns.iter().enumerate() {
        let name = edition.column_head.as_ref().map_or(edition.locale.tag.clone(), |t| t.text.clone());
        heads.push(setters[i].rows(&name, head_style, frames[i].x, frames[i].measure, &cell(0, first + i)));
    }
    let legend = review.then(|| {
        margin.rows(
            &words.legend(),
            small,
            left,
            right - left,
            &Tagging::Content(vec![(Element::Paragraph, 0)]),
        )
    });

    let mut layout =
        Paginator { pages: Vec::new(), outline: Vec::new(), y: top, top, bottom, heads, top_of_rows: top };
    layout.new_page(legend);
    let next_heights: Vec<f32> =
        table.iter().skip(1).map(|r| r.space_before + r.height_of(MIN_LINES)).chain([0.0]).collect();
    for (row, next) in table.into_iter().zip(next_heights) {
        layout.place(row, next);
    }
    let Paginator { mut pages, outline, .. } = layout;

    let total = pages.len();
    let furniture_style = styles.furniture;
    for (n, page) in pages.iter_mut().enumerate() {
        let furniture = [
            (source.header.as_ref().map(|t| t.text.clone()), Furniture::Header, top / 2.0),
            (source.footer(n + 1, total), Furniture::Footer, (bottom + height) / 2.0),
        ];
        let setter = Setter::of(fonts, source);
        for (text, furniture, baseline) in furniture {
            let Some(text) = text else { continue };
            for row in setter.rows(&text, furniture_style, left, right - left, &Tagging::Artifact(furniture))
            {
                page.lines.extend(row.lines.into_iter().map(|l| PlacedLine { baseline, ..l }));
            }
        }
    }
    TypesetDocument { width, height, pages, outline }
}

fn tagged(row: Row, tagging: &Tagging) -> Row {
    Row {
        lines: row.lines.into_iter().map(|l| PlacedLine { tagging: tagging.clone(), ..l }).collect(),
        ..row
    }
}

/// Places table rows on pages, the heads at the top of each.
struct Paginator {
    pages: Vec<Page>,
    outline: Vec<OutlineEntry>,
    y: f32,
    top: f32,
    bottom: f32,
    heads: Vec<Vec<Row>>,
    /// Where the first row of the current page starts, under the heads.
    top_of_rows: f32,
}

impl Paginator {
    /// Starts a page: the legend (first page only), then the heads, as
    /// content on the first page and as repeated furniture after.
    fn new_page(&mut self, legend: Option<Vec<Row>>) {
        let repeat = !self.pages.is_empty();
        self.pages.push(Page::default());
        self.y = self.top;
        if let Some(legend) = legend {
            for row in legend {
                let height = row.height;
                self.put(row, self.y);
                self.y += height;
            }
            self.y += self.heads.first().and_then(|c| c.first()).map_or(0.0, |r| r.height);
        }
        let furniture = Tagging::Artifact(Furniture::Repeat);
        let heads: Vec<Vec<Row>> = self
            .heads
            .iter()
            .map(|cell| {
                cell.iter()
                    .map(|row| if repeat { tagged(row.clone(), &furniture) } else { row.clone() })
                    .collect()
            })
            .collect();
        let height = heads.iter().map(|c| c.iter().map(|r| r.height).sum::<f32>()).fold(0.0, f32::max);
        let y = self.y;
        for cell in heads {
            let mut at = y;
            for row in cell {
                let h = row.height;
                self.put(row, at);
                at += h;
            }
        }
        self.y += height * 1.3;
        self.top_of_rows = self.y;
    }

    fn put(&mut self, row: Row, y: f32) {
        let baseline = y + row.ascent;
        let page = self.pages.last_mut().expect("a page is started first");
        page.lines.extend(row.lines.into_iter().map(|l| PlacedLine { baseline, ..l }));
    }

    /// Places one row; `next` is how much of the following row must share
    /// its page when this row is a heading.
    fn place(&mut self, row: TableRow, next: f32) {
        let at_top = |p: &Paginator| p.y <= p.top_of_rows + 0.01;
        let before = if at_top(self) { 0.0 } else { row.space_before };
        let whole = before + row.height() + if row.keep_with_next { next } else { 0.0 };
        let start = before + row.height_of(MIN_LINES);
        let page_room = self.bottom - self.top_of_rows;
        // Move to a new page when the row does not fit here but would on a
        // page of its own, or when not even its first lines fit.
        if !at_top(self)
            && self.y + whole > self.bottom
            && (whole <= page_room || self.y + start > self.bottom)
        {
            self.new_page(None);
        }
        if !at_top(self) {
            self.y += row.space_before;
        }
        if let Some(title) = &row.heading {
            self.outline.push(OutlineEntry { title: title.clone(), page: self.pages.len() - 1, y: self.y });
        }
        let mut cells: Vec<VecDeque<Row>> = row.cells.into_iter().map(VecDeque::from).collect();
        loop {
            let y = self.y;
            let mut used: f32 = 0.0;
            // Cells in different sizes (an ID in the margin) still share the
            // first baseline: each starts as far down as its first line's
            // ascent falls short of the deepest one's.
            let ascent = cells.iter().filter_map(|c| c.front()).map(|r| r.ascent).fold(0.0, f32::max);
            for cell in &mut cells {
                let mut at = y + cell.front().map_or(0.0, |r| ascent - r.ascent);
                // At least one line a page, so that the layout moves on.
                while let Some(next) = cell.front() {
                    if at + next.height > self.bottom + 0.01 && at > y {
                        break;
                    }
                    let next = cell.pop_front().expect("a line is there");
                    let h = next.height;
                    self.put(next, at);
                    at += h;
                }
                used = used.max(at - y);
            }
            if cells.iter().all(VecDeque::is_empty) {
                self.y += used;
                return;
            }
            self.new_page(None);
        }
    }
}
