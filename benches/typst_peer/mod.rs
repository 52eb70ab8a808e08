//! Typst as a peer: the same text set by Typst 0.15 (the PyPI package
//! `typst`, a Python binding that bundles the compiler and Libertinus
//! Serif), and the typographic figures of both PDFs.
//!
//! The markup is written from what fluentpress prints as text
//! (`render --format text`, the same words, apostrophes and quotation
//! marks) and the layout's blocks, in order: the same page size, margins,
//! font, body size, language and justification; the title bold at 1.6× and
//! centred, the date line centred, headings bold at 1.1×, numbered lists;
//! lines 1.35 em apart and paragraphs 1.6 em more, as fluentpress sets them.
//! Page header and footer are left out of both counts (they are not body
//! text).
//!
//! The figures come from `pdftotext -bbox-layout`: a line is the words on
//! one baseline of the body; its word spaces are the gaps between its words
//! (after a list's or heading's number, none), against the font's space
//! (0.25 em of Libertinus Serif at the body size).

use crate::common::pdf::{Word, words};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The page of a layout, in millimetres and points.
#[derive(Clone, Copy)]
pub struct Page {
    pub width_mm: f32,
    pub height_mm: f32,
    /// Top, bottom, left, right.
    pub margins_mm: [f32; 4],
    pub size_pt: f32,
}

impl Page {
    /// The `[page]` of a layout file, with fluentpress's defaults.
    pub fn of(layout: &toml::Value) -> Page {
        let page = layout.get("page");
        let number = |v: &toml::Value| v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
        let margin = |side: &str| {
            page.and_then(|p| p.get("margins")).and_then(|m| m.get(side)).and_then(number).unwrap_or(25.0)
                as f32
        };
        let size = page.and_then(|p| p.get("font-size")).and_then(number).unwrap_or(11.0) as f32;
        Page {
            width_mm: 210.0,
            height_mm: 297.0,
            margins_mm: [margin("top"), margin("bottom"), margin("left"), margin("right")],
            size_pt: size,
        }
    }

    fn measure_pt(&self) -> (f32, f32) {
        let pt = 72.0 / 25.4;
        (self.margins_mm[2] * pt, (self.width_mm - self.margins_mm[3]) * pt)
    }
}

/// Typst markup for a document whose layout blocks (kinds in order) hold
/// the text edition's blocks (separated by blank lines; a list's items one
/// per line, numbered).
pub fn markup(layout: &toml::Value, text: &str, lang: &str, page: &Page) -> String {
    let [top, bottom, left, right] = page.margins_mm;
    let mut out = format!(
        "#set page(width: {}mm, height: {}mm, margin: (top: {top}mm, bottom: {bottom}mm, left: {left}mm, right: {right}mm))\n\
         #set text(font: \"Libertinus Serif\", size: {}pt, lang: \"{lang}\", top-edge: 1em, bottom-edge: 0em)\n\
         #set par(justify: true, leading: 0.35em, spacing: 1.95em)\n#set enum(spacing: 0.7em)\n\n",
        page.width_mm, page.height_mm, page.size_pt
    );
    let string = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let kinds = layout.get("block").and_then(|b| b.as_array()).cloned().unwrap_or_default();
    let blocks = text.split("\n\n").map(str::trim_end).filter(|b| !b.is_empty());
    for (block, text) in kinds.iter().zip(blocks) {
        let size = page.size_pt;
        let _ = match block.get("kind").and_then(|k| k.as_str()) {
            Some("title") => writeln!(
                out,
                "#align(center, text(size: {}pt, weight: \"bold\", {}))\n",
                size * 1.6,
                string(text)
            ),
            Some("date-line") => writeln!(out, "#align(center, {})\n", string(text)),
            Some("heading") => {
                writeln!(out, "#text(size: {}pt, weight: \"bold\", {})\n", size * 1.1, string(text))
            }
            Some("numbered-list") => {
                let items: Vec<String> = text
                    .lines()
                    .map(|l| l.trim_start().split_once(". ").map_or(l, |(_, item)| item))
                    .map(|item| format!("[#{}]", string(item)))
                    .collect();
                writeln!(out, "#enum(numbering: \"1.\", {})\n", items.join(", "))
            }
            _ => writeln!(out, "#{}\n", string(text)),
        };
    }
    out
}

/// The typographic figures of a PDF's body text.
#[derive(Default, Debug)]
pub struct Figures {
    pub lines: usize,
    /// Lines ending in a hyphen added at the break (extracted as U+00AD).
    pub hyphens: usize,
    /// Lines whose widest word space is over 1.5× the normal space.
    pub loose: usize,
    /// The widest word space of any line, × the normal space.
    pub worst: f32,
    /// Full lines (not a paragraph's last) ending in a Polish one-letter
    /// word (a, i, o, u, w, z).
    pub one_letter: usize,
    /// Lines with a word past the measure by more than hanging punctuation
    /// takes (3.5 pt).
    pub over: usize,
}

pub fn figures(pdf: &Path, page: &Page) -> Figures {
    let (words, _) = words(pdf);
    let pt = 72.0 / 25.4;
    let (top, bottom) = (page.margins_mm[0] * pt, (page.height_mm - page.margins_mm[1]) * pt);
    let (left, right) = page.measure_pt();
    let mut lines: BTreeMap<(usize, i64), Vec<&Word>> = BTreeMap::new();
    for word in words.iter().filter(|w| w.y_min >= top - 1.0 && w.y_max <= bottom + 1.0) {
        lines.entry((word.page, (word.y_max * 10.0).round() as i64)).or_default().push(word);
    }
    let space = 0.25 * page.size_pt;
    let body_height = {
        let mut heights: Vec<f32> = lines.values().map(|l| l[0].y_max - l[0].y_min).collect();
        heights.sort_by(f32::total_cmp);
        heights.get(heights.len() / 2).copied().unwrap_or(0.0)
    };
    let mut figures = Figures::default();
    for line in lines.values_mut() {
        line.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
        figures.lines += 1;
        let last = line[line.len() - 1];
        figures.hyphens += usize::from(last.text.ends_with('\u{ad}'));
        // A paragraph's last line stops short of the measure.
        let full = last.x_max >= right - 1.0;
        figures.one_letter += usize::from(
            full && matches!(
                last.text.as_str(),
                "a" | "i" | "o" | "u" | "w" | "z" | "A" | "I" | "O" | "U" | "W" | "Z"
            ),
        );
        figures.over += usize::from(line.iter().any(|w| w.x_max > right + 3.5 || w.x_min < left - 3.5));
        // Word spaces of body-size lines, a list's number aside.
        let numbered = line[0].text.trim_end_matches('.').chars().all(|c| c.is_ascii_digit());
        let body = (line[0].y_max - line[0].y_min) <= body_height * 1.05;
        let widest = line
            .windows(2)
            .skip(usize::from(numbered))
            .map(|pair| (pair[1].x_min - pair[0].x_max) / space)
            .fold(0.0, f32::max);
        if body && widest > 1.5 {
            figures.loose += 1;
        }
        if body {
            figures.worst = figures.worst.max(widest);
        }
    }
    figures
}

/// The Python that compiles a `.typ` file and prints how long the compile
/// itself took, in seconds.
pub const COMPILE: &str = "import sys, time, typst\n\
    t = time.perf_counter()\n\
    typst.compile(sys.argv[1], output=sys.argv[2])\n\
    print(time.perf_counter() - t)\n";
