//! Paragraphs: text shaped once, cut into boxes, glue and penalties under the
//! rules of its language, broken into lines by the total-fit breaker, and set
//! as glyphs ready to paint.
//!
//! Language rules:
//! - Straight marks become the language's, except in code (URLs, e-mail
//!   addresses, program names): `'` is `’` (`‘` where it opens a quotation
//!   in English); `"…"` is `« … »` in French (narrow no-break spaces
//!   inside), `„…”` in Polish, `“…”` in English (`‘…’` where the locale
//!   quotes with single marks, as British English does).
//! - Polish: a one-letter word (a, i, o, u, w, z and capitals) never ends a
//!   line; the space after it does not break. A line that breaks at a
//!   compound's hyphen repeats it at the start of the next (`polsko-` /
//!   `-francuski`), as Czech and Slovak do too.
//! - Every language: no break after the layout's kept words (`art.`, `nr`,
//!   `§`, `n°`), after initials before a name (`J. Kowalski`), or between a
//!   number and a kept word after it (`2020 r.`, `15 km`, `20 %`); see
//!   [`KeptWords`].
//! - French: no break before `: ; ! ? »` or after `«`; a plain space there
//!   becomes a no-break space, narrow (U+202F) except before `:` (U+00A0).
//! - Justified lines: marks at either edge hang out by a fraction of their
//!   width ([`RIGHT_HANG`], [`LEFT_HANG`]), which the breaker counts as room.
//! - Hyphenation (hypher, in the paragraph's language): at least 2 letters
//!   before the hyphen and 3 after, and at most two hyphenated lines in a
//!   row; a capitalised word only if it has 6 letters or more and a line
//!   would gape otherwise (a high cost), an acronym never.

use super::breaker::{self, Item, Params};
use super::font::{Face, ShapedGlyph, is_space};
use crate::intl::primary_language;
use crate::layout::KeptWords;
use std::borrow::Cow;
use std::ops::Range;

/// How the lines of a paragraph sit in their measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Justified, the last line ragged.
    Justify,
    Center,
    Left,
}

/// What a paragraph is set in.
#[derive(Clone, Copy, Debug)]
pub struct Style<'f> {
    pub face: &'f Face,
    pub size: f32,
    /// The BCP 47 tag of the paragraph's language.
    pub lang: &'f str,
    pub align: Align,
    pub conventions: Conventions<'f>,
}

/// How the paragraph's language is set, beyond its tag.
#[derive(Clone, Copy, Debug)]
pub struct Conventions<'f> {
    /// The words a line does not break beside (the layout's).
    pub kept: Option<&'f KeptWords>,
    /// Quotations open with `‘`, not `“` (British English).
    pub single_quotes: bool,
    /// The farthest a mark may hang out of the measure (half the gutter
    /// between columns); none by default.
    pub hang_limit: f32,
}

impl Default for Conventions<'_> {
    fn default() -> Self {
        Conventions { kept: None, single_quotes: false, hang_limit: f32::INFINITY }
    }
}

/// A glyph on a line: advances already include justification.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub id: u32,
    /// The bytes of the line's text this glyph's cluster stands for.
    pub text: Range<usize>,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
}

/// A set line: its glyphs from the left edge of the line, and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct SetLine {
    pub glyphs: Vec<Glyph>,
    /// The text the glyphs stand for, without a hyphen added at the break.
    pub text: String,
    /// The sum of the advances, hyphen included.
    pub width: f32,
    /// The hyphen drawn after the glyphs when the line ends inside a word.
    pub hyphen: Option<Glyph>,
    /// The first glyph is a compound's hyphen repeated from the line before
    /// (`polsko-` / `-francuski`): it stands for no text.
    pub lead: bool,
    /// How far the line's first mark hangs left of the measure (an opening
    /// quotation mark): the line is set that much to the left.
    pub hang: f32,
}

/// Sets `text` in lines of `measure` points.
pub fn set(text: &str, style: &Style<'_>, measure: f32) -> Vec<SetLine> {
    // Invisible characters have no glyph by design: they are set as nothing.
    let visible: String;
    let text = if text.chars().any(crate::intl::invisible) {
        visible = text.chars().filter(|&c| !crate::intl::invisible(c)).collect();
        &visible
    } else {
        text
    };
    let marked = typographic_marks(text, style.lang, style.conventions.single_quotes);
    // A font without the marks prints the straight ones.
    let lacks = |mark: &char| marked.contains(*mark) && !text.contains(*mark) && !style.face.covers(*mark);
    let text = match &marked {
        Cow::Owned(_) if SET_MARKS.iter().any(lacks) => text,
        _ => &marked,
    };
    let text = apply_spacing_rules(text, style.lang);
    let shaped = Shaped::new(&text, style);
    let hyphen = hyphen_glyph(style);
    let (items, spans) = items(&shaped, style, measure, hyphen.advance);
    let lines = breaker::break_lines(&items, |_| measure, &Params::default());
    // A compound's hyphen that the break before a line repeats at its start.
    let repeats = |number: usize| {
        number
            .checked_sub(1)
            .is_some_and(|p| matches!(items[lines[p].end], Item::Penalty { after, .. } if after > 0.0))
    };
    lines
        .iter()
        .enumerate()
        .map(|(number, line)| {
            let justify = style.align == Align::Justify;
            let mut glyphs = Vec::new();
            let mut range: Option<Range<usize>> = None;
            for (item, span) in items[line.start..line.end].iter().zip(&spans[line.start..line.end]) {
                if span.is_empty() {
                    continue;
                }
                let extra = match item {
                    Item::Glue { stretch, shrink, .. } if justify => {
                        if line.ratio >= 0.0 {
                            line.ratio * stretch
                        } else {
                            line.ratio * shrink
                        }
                    }
                    _ => 0.0,
                };
                let first = glyphs.len();
                glyphs.extend(shaped.glyphs_in(span.clone()));
                if let Some(last) = glyphs[first..].last_mut() {
                    last.advance += extra;
                }
                range = Some(range.map_or(span.clone(), |r| r.start..span.end));
            }
            let range = range.unwrap_or(0..0);
            for g in &mut glyphs {
                g.text = g.text.start - range.start..g.text.end - range.start;
            }
            let lead = repeats(number);
            if lead {
                glyphs.insert(0, Glyph { text: 0..0, ..hyphen.clone() });
            }
            let hyphen = (line.hyphenated && breaks_with_hyphen(&items[line.end])).then(|| {
                let end = range.end - range.start;
                Glyph { text: end..end, ..hyphen.clone() }
            });
            let width = glyphs.iter().chain(&hyphen).map(|g| g.advance).sum();
            let hang = number
                .checked_sub(1)
                .and_then(|p| match items[lines[p].end] {
                    Item::Penalty { after, .. } if after < 0.0 => Some(-after),
                    _ => None,
                })
                .unwrap_or(0.0);
            SetLine { glyphs, text: text[range].to_string(), width, hyphen, lead, hang }
        })
        .collect()
}

fn breaks_with_hyphen(item: &Item) -> bool {
    matches!(item, Item::Penalty { width, .. } if *width > 0.0)
}

/// The hyphen a line break inside a word adds: U+2010 where the font has it.
fn hyphen_glyph(style: &Style<'_>) -> Glyph {
    let hyphen = if style.face.covers('\u{2010}') { "\u{2010}" } else { "-" };
    let g = style.face.shape(hyphen, style.lang, style.size)[0];
    Glyph { id: g.id, text: 0..0, advance: g.advance, x_offset: g.x_offset, y_offset: g.y_offset }
}

/// Every mark [`typographic_marks`] may set.
const SET_MARKS: [char; 8] = ['’', '‘', '“', '”', '„', '«', '»', '\u{202f}'];

/// Straight apostrophes and quotation marks made the language's, outside
/// code (see the module's rules). The plain-text edition reads the same.
pub fn typographic_marks<'t>(text: &'t str, lang: &str, single_quotes: bool) -> Cow<'t, str> {
    if !text.contains(['\'', '"']) {
        return Cow::Borrowed(text);
    }
    let language = primary_language(lang);
    // A language we know no quotation marks for keeps its straight ones.
    let quotes = crate::qa::outer_quotes(language, single_quotes);
    let french = language == "fr";
    let blank = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}');
    let code = crate::qa::code_spans(text);
    let mut out = String::with_capacity(text.len() + 8);
    // Straight double quotes alternate: open, close.
    let mut quoting = false;
    let mut after_open = false;
    for (at, c) in text.char_indices() {
        let previous = out.chars().next_back();
        let opens = previous.is_none_or(|p| p.is_whitespace() || "([{„“‘«—–-/".contains(p));
        // After a digit a straight mark is a prime: 50°03'41", 12".
        let prime = previous.is_some_and(|p| p.is_ascii_digit());
        if after_open && blank(c) {
            continue;
        }
        after_open = false;
        match (c, quotes) {
            _ if prime || code.iter().any(|span| span.contains(&at)) => out.push(c),
            ('\'', _) if opens && language == "en" => out.push('‘'),
            ('\'', _) => out.push('’'),
            ('"', Some((open, _))) if !quoting => {
                quoting = true;
                out.push(open);
                // « text », however the writer spaced it inside.
                if french {
                    out.push('\u{202f}');
                    after_open = true;
                }
            }
            ('"', Some((_, close))) => {
                quoting = false;
                if french {
                    out.truncate(out.trim_end_matches(blank).len());
                    out.push('\u{202f}');
                }
                out.push(close);
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// French spacing: the space before `: ; ! ? »` and after `«` does not break.
fn apply_spacing_rules(text: &str, lang: &str) -> String {
    if primary_language(lang) != "fr" {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let previous = i.checked_sub(1).map(|p| chars[p]);
        out.push(match (c, next, previous) {
            (' ', Some(':'), _) => '\u{a0}',
            (' ', Some(';' | '!' | '?' | '»'), _) | (' ', _, Some('«')) => '\u{202f}',
            _ => c,
        });
    }
    out
}

/// The shaped text, with the advance sums that give any byte range's width.
struct Shaped<'t> {
    text: &'t str,
    glyphs: Vec<ShapedGlyph>,
    /// `before[i]`: the advances of glyphs `0..i`.
    before: Vec<f32>,
}

impl<'t> Shaped<'t> {
    fn new(text: &'t str, style: &Style<'_>) -> Self {
        let glyphs = style.face.shape(text, style.lang, style.size);
        let mut before = Vec::with_capacity(glyphs.len() + 1);
        let mut sum = 0.0;
        before.push(0.0);
        for g in &glyphs {
            sum += g.advance;
            before.push(sum);
        }
        Shaped { text, glyphs, before }
    }

    /// The index of the first glyph whose cluster starts at or after `byte`.
    fn glyph_at(&self, byte: usize) -> usize {
        self.glyphs.partition_point(|g| g.cluster < byte)
    }

    /// Whether a glyph cluster starts exactly at `byte`: a break there does
    /// not cut a ligature.
    fn is_cluster_start(&self, byte: usize) -> bool {
        byte == self.text.len() || self.glyphs.get(self.glyph_at(byte)).is_some_and(|g| g.cluster == byte)
    }

    fn width(&self, range: Range<usize>) -> f32 {
        self.before[self.glyph_at(range.end)] - self.before[self.glyph_at(range.start)]
    }

    /// The glyphs of a byte range, each with the text of its cluster.
    fn glyphs_in(&self, range: Range<usize>) -> impl Iterator<Item = Glyph> + '_ {
        let (first, last) = (self.glyph_at(range.start), self.glyph_at(range.end));
        (first..last).map(move |i| {
            let g = &self.glyphs[i];
            let end =
                self.glyphs[i..last].iter().map(|n| n.cluster).find(|&c| c > g.cluster).unwrap_or(range.end);
            Glyph {
                id: g.id,
                text: g.cluster..end,
                advance: g.advance,
                x_offset: g.x_offset,
                y_offset: g.y_offset,
            }
        })
    }
}

/// Penalty costs: a hyphen is worth avoiding, a cut inside an over-wide word
/// is the last resort.
const HYPHEN_COST: f32 = 50.0;
const LAST_WORD_HYPHEN_COST: f32 = 500.0;
/// A million demerits: worth it only against a line whose spaces would
/// stretch past about twice their width.
const CAPITALISED_HYPHEN_COST: f32 = 1000.0;
/// The fewest letters of a capitalised word that may be split.
const LONG_NAME: usize = 6;
const EMERGENCY_COST: f32 = 1000.0;

/// The paragraph as boxes, glue and penalties, each with the bytes it covers
/// (empty for penalties).
fn items(
    shaped: &Shaped<'_>,
    style: &Style<'_>,
    measure: f32,
    hyphen_width: f32,
) -> (Vec<Item>, Vec<Range<usize>>) {
    let text = shaped.text;
    let mut items = Vec::new();
    let mut spans = Vec::new();
    let mut push = |item: Item, span: Range<usize>| {
        items.push(item);
        spans.push(span);
    };
    let opportunities: Vec<usize> = unicode_linebreak::linebreaks(text).map(|(i, _)| i).collect();
    let mut previous_word: Option<&str> = None;
    let pieces = pieces(text);
    // Ragged text needs no hyphens; the last word is hyphenated only when
    // nothing else will do, as it leaves a fragment alone on the last line.
    let last_word = pieces.iter().rev().find(|p| p.kind == PieceKind::Word).map(|p| p.range.start);
    let justified = style.align == Align::Justify;

    for (index, piece) in pieces.iter().enumerate() {
        let range = piece.range.clone();
        match piece.kind {
            PieceKind::Space | PieceKind::NoBreakSpace => {
                let width = shaped.width(range.clone());
                let next_word = pieces
                    .get(index + 1)
                    .filter(|p| p.kind == PieceKind::Word)
                    .map(|p| &text[p.range.clone()]);
                let kept = previous_word.is_some_and(|p| keeps_with_next(p, next_word, style));
                if piece.kind == PieceKind::NoBreakSpace || kept {
                    push(TIE, range.start..range.start);
                } else if justified {
                    // A break here lets the marks at the lines' edges hang out.
                    let limit = style.conventions.hang_limit;
                    let before = text[..range.start].char_indices().next_back();
                    let right = before
                        .map_or(0.0, |(at, c)| hang(RIGHT_HANG, c, shaped.width(at..range.start), limit));
                    let after = text[range.end..].chars().next();
                    let left = after.map_or(0.0, |c| {
                        hang(LEFT_HANG, c, shaped.width(range.end..range.end + c.len_utf8()), limit)
                    });
                    if right > 0.0 || left > 0.0 {
                        let hanging =
                            Item::Penalty { width: -right, after: -left, cost: 0.0, flagged: false };
                        push(hanging, range.start..range.start);
                    }
                }
                // Only a justified line is set shrunk: no other may count on it.
                let shrink = if justified { width / 3.0 } else { 0.0 };
                push(Item::Glue { width, stretch: width / 2.0, shrink }, range);
            }
            PieceKind::FixedSpace => push(Item::Box { width: shaped.width(range.clone()) }, range),
            PieceKind::Newline => {
                push(TIE, range.start..range.start);
                push(Item::Glue { width: 0.0, stretch: FILL, shrink: 0.0 }, range.start..range.start);
                push(FORCE, range.start..range.start);
            }
            PieceKind::Word => {
                previous_word = Some(&text[range.clone()]);
                let cost = if Some(range.start) == last_word { LAST_WORD_HYPHEN_COST } else { HYPHEN_COST };
                let hyphens = justified.then_some((hyphen_width, cost));
                let repeat = if repeats_hyphens(style.lang) { hyphen_width } else { 0.0 };
                let mut cuts = word_cuts(shaped, style, range.clone(), &opportunities, hyphens, repeat);
                let widest = cuts.windows(2).map(|w| shaped.width(w[0].at..w[1].at)).fold(0.0, f32::max);
                if widest > measure {
                    // Over-wide: allow a break between any two clusters.
                    let extra = (range.start + 1..range.end)
                        .filter(|&b| {
                            text.is_char_boundary(b)
                                && shaped.is_cluster_start(b)
                                && !cuts.iter().any(|c| c.at == b)
                        })
                        .map(|at| Cut {
                            at,
                            penalty: Some(Item::Penalty {
                                width: 0.0,
                                after: 0.0,
                                cost: EMERGENCY_COST,
                                flagged: false,
                            }),
                        });
                    cuts.extend(extra.collect::<Vec<_>>());
                    cuts.sort_by_key(|c| c.at);
                }
                for pair in cuts.windows(2) {
                    if let Some(penalty) = pair[0].penalty {
                        push(penalty, pair[0].at..pair[0].at);
                    }
                    push(Item::Box { width: shaped.width(pair[0].at..pair[1].at) }, pair[0].at..pair[1].at);
                }
                continue;
            }
        }
        previous_word = None;
    }
    // A trailing space must not end the paragraph with a break on it.
    push(TIE, text.len()..text.len());
    push(Item::Glue { width: 0.0, stretch: FILL, shrink: 0.0 }, text.len()..text.len());
    push(FORCE, text.len()..text.len());
    (items, spans)
}

/// Glue that can take any amount of space: the ragged end of a paragraph.
const FILL: f32 = f32::INFINITY;

/// No break here; a break here, whatever it costs.
const TIE: Item = Item::Penalty { width: 0.0, after: 0.0, cost: f32::INFINITY, flagged: false };
const FORCE: Item = Item::Penalty { width: 0.0, after: 0.0, cost: f32::NEG_INFINITY, flagged: false };

/// How far marks hang out of a justified line, as a fraction of their width
/// (pdfTeX microtype's classes): at the right edge, and at the left.
const RIGHT_HANG: &[(char, f32)] = &[
    ('-', 0.8),
    ('\u{2010}', 0.8),
    ('.', 0.7),
    (',', 0.7),
    (':', 0.5),
    (';', 0.5),
    ('!', 0.2),
    ('?', 0.2),
    ('”', 0.6),
    ('’', 0.6),
    ('»', 0.5),
    (')', 0.1),
];
const LEFT_HANG: &[(char, f32)] = &[('„', 0.5), ('“', 0.5), ('‘', 0.5), ('«', 0.5), ('(', 0.1)];

/// How far `c`, `width` wide, hangs out of a line's edge by `table`, at
/// most `limit`.
fn hang(table: &[(char, f32)], c: char, width: f32, limit: f32) -> f32 {
    table.iter().find(|(mark, _)| *mark == c).map_or(0.0, |(_, fraction)| (fraction * width).min(limit))
}

/// Whether the language repeats a compound's hyphen at the start of the
/// next line when a line breaks at it (Polish, Czech, Slovak orthography).
fn repeats_hyphens(lang: &str) -> bool {
    matches!(primary_language(lang), "pl" | "cs" | "sk")
}

/// A place inside a word where it may break, and the penalty for it; the
/// first cut (the word's start) has none.
struct Cut {
    at: usize,
    penalty: Option<Item>,
}

/// The word's start, its break opportunities (after a hyphen or a slash,
/// say) and its hyphenation points, and its end.
/// `hyphens` (the hyphen's width and the cost of a break there) is `None`
/// where the word is not to be hyphenated; `repeat` is the width of a
/// compound's hyphen repeated on the next line (0 where it is not).
fn word_cuts(
    shaped: &Shaped<'_>,
    style: &Style<'_>,
    word: Range<usize>,
    opportunities: &[usize],
    hyphens: Option<(f32, f32)>,
    repeat: f32,
) -> Vec<Cut> {
    let text = shaped.text;
    let mut cuts = vec![Cut { at: word.start, penalty: None }];
    let inside = |b: usize| b > word.start && b < word.end;
    for &at in opportunities.iter().filter(|&&b| inside(b)) {
        // Breaking after an explicit hyphen is a hyphenated line, drawn as is.
        let flagged = text[..at].ends_with(['-', '\u{2010}']);
        // Its hyphen hangs out of a justified line.
        let hanging = match text[..at].chars().next_back() {
            Some(mark) if flagged && hyphens.is_some() => {
                hang(RIGHT_HANG, mark, shaped.width(at - mark.len_utf8()..at), style.conventions.hang_limit)
            }
            _ => 0.0,
        };
        cuts.push(Cut {
            at,
            penalty: Some(Item::Penalty {
                width: -hanging,
                after: if flagged { repeat } else { 0.0 },
                cost: if flagged { HYPHEN_COST } else { 0.0 },
                flagged,
            }),
        });
    }
    if let (Some(lang), Some((hyphen_width, cost))) = (hyphenation_language(style.lang), hyphens) {
        for run in letter_runs(&text[word.clone()]) {
            let run = word.start + run.start..word.start + run.end;
            let letters = &text[run.clone()];
            // A long capitalised word (a name, `Środkowej`) is split only to
            // save a line from gaping; a short one or an acronym never.
            let cost = match letters.chars().next() {
                Some(first) if first.is_uppercase() => {
                    let acronym = letters.chars().all(char::is_uppercase);
                    if acronym || letters.chars().count() < LONG_NAME {
                        continue;
                    }
                    CAPITALISED_HYPHEN_COST
                }
                _ => cost,
            };
            let mut at = run.start;
            for syllable in hypher::hyphenate_bounded(letters, lang, 2, 3) {
                at += syllable.len();
                if at < run.end && shaped.is_cluster_start(at) && !cuts.iter().any(|c| c.at == at) {
                    cuts.push(Cut {
                        at,
                        penalty: Some(Item::Penalty {
                            width: hyphen_width
                                - hang(RIGHT_HANG, '\u{2010}', hyphen_width, style.conventions.hang_limit),
                            after: 0.0,
                            cost,
                            flagged: true,
                        }),
                    });
                }
            }
        }
    }
    cuts.sort_by_key(|c| c.at);
    cuts.push(Cut { at: word.end, penalty: None });
    cuts
}

fn hyphenation_language(tag: &str) -> Option<hypher::Lang> {
    let code: [u8; 2] = primary_language(tag).as_bytes().try_into().ok()?;
    hypher::Lang::from_iso(code)
}

/// The maximal runs of letters in a word, as byte ranges of it.
fn letter_runs(word: &str) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in word.char_indices().chain([(word.len(), ' ')]) {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// Whether the space between `previous` and the word after it must not
/// break, by the language's rules (see the module's).
fn keeps_with_next(previous: &str, next: Option<&str>, style: &Style<'_>) -> bool {
    if primary_language(style.lang) == "pl" && is_polish_one_letter_word(previous) {
        return true;
    }
    // A word is compared without the brackets and quotation marks around it.
    let bare_start = previous.trim_start_matches(['(', '[', '„', '“', '‘', '«', '"', '\'']);
    let bare_next = next.map(|n| n.trim_end_matches([',', ';', ':', ')', ']', '”', '’', '»', '"', '!', '?']));
    let listed = |words: &[String], word: &str| words.iter().any(|w| as_listed(w, word));
    let initials = bare_start.len() >= 2
        && bare_start.split_terminator('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
        })
        && bare_start.ends_with('.')
        && next.is_some_and(|n| n.starts_with(char::is_uppercase));
    let number = bare_start.ends_with(|c: char| c.is_ascii_digit())
        && bare_start.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '–'));
    let Some(kept) = style.conventions.kept else { return initials };
    initials
        || listed(&kept.keep_with_next, bare_start)
        // `15 km.` ends a sentence; `2020 r.` is the word itself.
        || (number
            && bare_next.is_some_and(|n| {
                listed(&kept.keep_with_number, n) || listed(&kept.keep_with_number, n.trim_end_matches('.'))
            }))
}

/// Whether `word` is the listed word, or it capitalised as a sentence
/// starts it (`art.` → `Art.`).
fn as_listed(listed: &str, word: &str) -> bool {
    let (mut l, mut w) = (listed.chars(), word.chars());
    listed == word
        || match (l.next(), w.next()) {
            (Some(a), Some(b)) => a.is_lowercase() && a.to_uppercase().eq([b]) && l.as_str() == w.as_str(),
            _ => false,
        }
}

fn is_polish_one_letter_word(word: &str) -> bool {
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    matches!(letters.as_str(), "a" | "i" | "o" | "u" | "w" | "z" | "A" | "I" | "O" | "U" | "W" | "Z")
        && !word.ends_with(|c: char| !c.is_alphabetic())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PieceKind {
    Word,
    /// A breakable, stretchable space.
    Space,
    /// U+00A0: stretches, never breaks.
    NoBreakSpace,
    /// Narrow and thin spaces: fixed width, never break.
    FixedSpace,
    Newline,
}

struct Piece {
    kind: PieceKind,
    range: Range<usize>,
}

/// Cuts the text into words and spaces.
fn pieces(text: &str) -> Vec<Piece> {
    let kind_of = |c: char| match c {
        ' ' => PieceKind::Space,
        '\u{a0}' => PieceKind::NoBreakSpace,
        '\n' => PieceKind::Newline,
        c if is_space(c) => PieceKind::FixedSpace,
        _ => PieceKind::Word,
    };
    let mut pieces: Vec<Piece> = Vec::new();
    for (i, c) in text.char_indices() {
        let kind = kind_of(c);
        match pieces.last_mut() {
            Some(last) if last.kind == kind && kind == PieceKind::Word => last.range.end = i + c.len_utf8(),
            _ => pieces.push(Piece { kind, range: i..i + c.len_utf8() }),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::font::FontSet;
    use std::path::Path;
    use std::sync::OnceLock;

    fn face() -> &'static Face {
        static FONTS: OnceLock<FontSet> = OnceLock::new();
        &FONTS.get_or_init(|| FontSet::load("Libertinus Serif", Path::new(".")).unwrap()).regular
    }

    fn style(lang: &str) -> Style<'_> {
        Style { face: face(), size: 10.0, lang, align: Align::Justify, conventions: Conventions::default() }
    }

    /// A style with the built-in kept words of its language.
    fn kept_style(lang: &str) -> Style<'_> {
        static TYPOGRAPHY: OnceLock<crate::layout::Typography> = OnceLock::new();
        let kept = TYPOGRAPHY.get_or_init(Default::default).of(lang);
        Style { conventions: Conventions { kept, ..Conventions::default() }, ..style(lang) }
    }

    /// The width of `text` set on one line.
    fn width(text: &str, lang: &str) -> f32 {
        set(text, &style(lang), f32::MAX)[0].width
    }

    /// How far a set line's last mark hangs past the measure, by the table.
    fn right_hang(line: &SetLine) -> f32 {
        let last = line.glyphs.last().map(|g| (line.text[g.text.clone()].chars().next_back(), g.advance));
        match (&line.hyphen, last) {
            (Some(hyphen), _) => 0.8 * hyphen.advance,
            (None, Some((Some(mark), advance))) => hang(RIGHT_HANG, mark, advance, f32::INFINITY),
            _ => 0.0,
        }
    }

    #[test]
    fn marks_at_a_justified_lines_edges_hang_out_by_their_fraction() {
        let text = "Les objectifs, priorités et «\u{a0}marques\u{a0}» de la coopération internationale, de la ville et du conseil municipal sont établis pour les années à venir.";
        let mut hanging = (0, 0);
        for measure in (120..260).step_by(4) {
            let measure = measure as f32;
            let set = set(text, &style("fr"), measure);
            for (n, line) in set[..set.len() - 1].iter().enumerate() {
                let right = right_hang(line);
                hanging.0 += usize::from(right > 0.0);
                hanging.1 += usize::from(line.hang > 0.0);
                assert!(
                    (line.width - line.hang - measure - right).abs() < 0.01,
                    "{measure} pt, line {n}: {line:?}"
                );
                if line.hang > 0.0 {
                    assert!(line.text.starts_with('«') && n > 0, "{line:?}");
                    assert!((line.hang - 0.5 * line.glyphs[0].advance).abs() < 0.01, "{line:?}");
                }
            }
        }
        assert!(hanging.0 > 20 && hanging.1 > 0, "the measures must end lines at marks: {hanging:?}");
        // Centred lines do not hang.
        let centred = set(text, &Style { align: Align::Center, ..style("fr") }, 150.0);
        assert!(centred.iter().all(|l| l.width <= 150.0 && l.hang == 0.0), "{centred:?}");
    }

    /// Each line's text, with `-` where a hyphen was added.
    fn lines(text: &str, lang: &str, measure: f32) -> Vec<String> {
        set(text, &style(lang), measure)
            .iter()
            .map(|l| format!("{}{}", l.text, if l.hyphen.is_some() { "-" } else { "" }))
            .collect()
    }

    #[test]
    fn straight_marks_become_the_languages_outside_code() {
        let marks = |text, lang, single| typographic_marks(text, lang, single).into_owned();
        assert_eq!(
            marks("l'Union \"Kraków\" et \" la ville \"", "fr", false),
            "l’Union «\u{202f}Kraków\u{202f}» et «\u{202f}la ville\u{202f}»"
        );
        assert_eq!(marks("\"Kraków\" (\"miasto\")", "pl", false), "„Kraków” („miasto”)");
        assert_eq!(marks("the \"city's\" 'plan'", "en", false), "the “city’s” ‘plan’");
        assert_eq!(marks("the \"city's\" plan", "en-GB", true), "the ‘city’s’ plan");
        assert_eq!(
            marks("\"'plan'\" \"  la\u{a0}\"", "fr", false),
            "«\u{202f}’plan’\u{202f}» «\u{202f}la\u{202f}»"
        );
        assert_eq!(marks("\"'plan'\"", "en", false), "“‘plan’”");
        assert_eq!(marks("50°03'41\" N, \"Rynek\"", "pl", false), "50°03'41\" N, „Rynek”");
        assert_eq!(marks("der \"Rat\" und d'Or", "de", false), "der \"Rat\" und d’Or");
        assert_eq!(
            marks("see https://example.org/it's or <a href='x'>, not l'Union", "fr", false),
            "see https://example.org/it's or <a href='x'>, not l’Union"
        );
        assert!(matches!(typographic_marks("l’Union", "fr", false), Cow::Borrowed(_)));
    }

    #[test]
    fn no_line_ends_after_a_kept_word_nor_splits_a_number_from_its_unit() {
        let text = "Zgodnie z art. 18 ust. 2 pkt 12 lit. a ustawy nr 142 poz. 1591 oraz § 3 uchwały z dnia 8 grudnia 2020 r. na kwotę 15 zł przyznano J. Kowalskiemu drogę długości 20 km. Rada ustaliła";
        let mut tempted = 0;
        for measure in (60..400).step_by(3) {
            let lines = set(text, &kept_style("pl"), measure as f32);
            for pair in lines.windows(2) {
                let (end, start) = (pair[0].text.trim_end(), pair[1].text.trim_start());
                let last = end.rsplit(' ').next().unwrap();
                let first = start.split(' ').next().unwrap();
                assert!(
                    !["art.", "ust.", "pkt", "lit.", "nr", "poz.", "§", "J."].contains(&last)
                        || pair[0].hyphen.is_some(),
                    "{measure} pt: a line ends with `{last}`"
                );
                assert!(!["r.", "zł", "km."].contains(&first), "{measure} pt: a line starts with `{first}`");
            }
            tempted += lines.len();
        }
        assert!(tempted > 400, "the measures must break the text often: {tempted} lines");
        // Without the kept words, some line does end with one of them.
        let loose = (60..400)
            .step_by(3)
            .any(|m| set(text, &style("pl"), m as f32).iter().any(|l| l.text.trim_end().ends_with(" art.")));
        assert!(loose, "the test text tempts a break after `art.`");
    }

    #[test]
    fn polish_repeats_a_compounds_hyphen_on_the_next_line() {
        let text = "współpraca polsko-francuska";
        let first = width("współpraca polsko-", "pl");
        // Room for `współpraca polsko-` but not for the whole compound.
        let measure = first + 5.0;
        let set = set(text, &style("pl"), measure);
        let shown: Vec<String> =
            set.iter().map(|l| format!("{}{}", if l.lead { "-" } else { "" }, l.text.trim_end())).collect();
        assert_eq!(shown, ["współpraca polsko-", "-francuska"]);
        assert!(set.iter().all(|l| l.width <= measure + right_hang(l) + 0.01), "{set:?}");
        assert_eq!(set[1].glyphs[0].text, 0..0, "the repeated hyphen stands for no text");
        let hyphen = set[1].glyphs[0].advance;
        assert!((set[1].width - width("francuska", "pl") - hyphen).abs() < 0.01);
        // French does not repeat it.
        let french = super::set(
            "coopération franco-polonaise",
            &style("fr"),
            width("coopération franco-", "fr") + 5.0,
        );
        assert!(french.len() == 2 && !french[1].lead, "{french:?}");
    }

    #[test]
    fn a_long_capitalised_word_is_split_only_to_save_a_gaping_line() {
        // `Środkowej` fits: nothing gapes, nothing is split.
        let measure = width("z miastami Europy Środkowej", "pl") + 2.0;
        assert_eq!(
            lines("z miastami Europy Środkowej i Wschodniej", "pl", measure)[0],
            "z miastami Europy Środkowej"
        );
        // Unsplit, the first line would be `z miastami` alone, gaping.
        let measure = width("z miastami Euroregional", "pl");
        let split = lines("z miastami Euroregionalnymi oraz innymi", "pl", measure);
        assert!(split[0].starts_with("z miastami Euro") && split[0].ends_with('-'), "{split:?}");
        // Never an acronym, nor a short name.
        assert_eq!(lines("z miastami EUROREGIONALNYMI oraz innymi", "pl", measure)[0], "z miastami");
        let short = lines("z miastami Kijów oraz Lwów", "pl", width("z miastami Kij", "pl"));
        assert!(short.iter().any(|l| l.contains("Kijów")), "{short:?}");
    }

    #[test]
    fn centred_and_ragged_lines_never_exceed_the_measure() {
        let title = "Objectifs et priorités de la coopération internationale de la ville de Cracovie";
        let natural = width(title, "fr");
        for align in [Align::Center, Align::Left] {
            // A measure its spaces could shrink to, were they shrunk.
            let measure = natural - 3.0;
            let set = set(title, &Style { align, ..style("fr") }, measure);
            assert_eq!(set.len(), 2, "{align:?}");
            assert!(set.iter().all(|l| l.width <= measure), "{align:?}: {set:?}");
        }
        let justified = set(title, &style("fr"), natural - 3.0);
        assert_eq!(justified.len(), 1, "a justified line may shrink its spaces");
    }

    #[test]
    fn justified_lines_fill_the_measure_and_the_last_is_ragged() {
        let text = "Les objectifs et les priorités de la coopération internationale de la ville établis par le conseil municipal sont les suivants";
        let set = set(text, &style("fr"), 150.0);
        assert!(set.len() > 2);
        for line in &set[..set.len() - 1] {
            assert!((line.width - 150.0 - right_hang(line)).abs() < 0.01, "{line:?}");
        }
        assert!(set.last().unwrap().width < 150.0);
        let joined: String =
            set.iter().map(|l| format!("{}{}", l.text, if l.hyphen.is_some() { "" } else { " " })).collect();
        assert_eq!(joined.trim_end().replace('\u{a0}', " "), text);
    }

    #[test]
    fn a_polish_one_letter_word_never_ends_a_line() {
        let text = "Miasto rozwija kontakty i współpracę z partnerami w Europie";
        // Room for "…kontakty i" on the first line: English breaks after "i",
        // Polish carries "i" over to the next line.
        let measure = width("Miasto rozwija kontakty i", "pl") + 2.0;
        assert_eq!(lines(text, "en", measure)[0], "Miasto rozwija kontakty i");
        let polish = lines(text, "pl", measure);
        assert_eq!(polish[0], "Miasto rozwija kontakty");
        for line in &polish {
            let last = line.rsplit(' ').next().unwrap();
            assert!(!["a", "i", "o", "u", "w", "z"].contains(&last.to_lowercase().as_str()), "{polish:?}");
        }
    }

    #[test]
    fn french_punctuation_keeps_its_no_break_space() {
        let text = "Les priorités sont les suivantes : la ville ; la région ! et « métropole européenne » ?";
        for measure in [60.0, 80.0, 100.0, 120.0, 140.0] {
            let set = lines(text, "fr", measure);
            for line in &set {
                assert!(!line.starts_with([':', ';', '!', '?', '»']), "{measure}: {set:?}");
                assert!(!line.trim_end_matches('-').ends_with('«'), "{measure}: {set:?}");
            }
        }
        let one = &set(text, &style("fr"), f32::MAX)[0].text;
        assert!(
            one.contains("suivantes\u{a0}:")
                && one.contains("ville\u{202f};")
                && one.contains("«\u{202f}métropole"),
            "{one}"
        );
    }

    #[test]
    fn hyphens_leave_two_letters_before_and_three_after() {
        let text = "internationalisation administrative organisationnelle constitutionnellement";
        let set = lines(text, "fr", 70.0);
        assert!(set.iter().any(|l| l.ends_with('-')), "{set:?}");
        for pair in set.windows(2) {
            if let Some(before) = pair[0].strip_suffix('-') {
                let fragment = before.rsplit(' ').next().unwrap();
                let rest = pair[1].split(' ').next().unwrap();
                assert!(fragment.chars().count() >= 2 && rest.chars().count() >= 3, "{set:?}");
            }
        }
    }

    #[test]
    fn no_more_than_two_hyphenated_lines_in_a_row() {
        let text = "internationalisation administrative organisationnelle constitutionnellement \
                    institutionnalisation anticonstitutionnellement développementale";
        for measure in [50.0, 60.0, 70.0, 80.0] {
            let set = lines(text, "fr", measure);
            let streak = set.iter().fold((0, 0), |(run, max), l| {
                let run = if l.ends_with('-') { run + 1 } else { 0 };
                (run, usize::max(max, run))
            });
            assert!(streak.1 <= 2, "{measure}: {set:?}");
        }
    }

    #[test]
    fn a_word_wider_than_the_measure_breaks_without_overflowing() {
        let set = set("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz ok", &style("en"), 40.0);
        assert!(set.len() > 2, "{set:?}");
        for line in &set {
            assert!(line.width <= 40.0 + 0.01, "{line:?}");
        }
        let text: String = set.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
        assert_eq!(text.replace(' ', ""), "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzok");
    }

    #[test]
    fn glyph_text_ranges_cover_the_line_text() {
        for line in set("office affiné, efficace ; « fin »", &style("fr"), 60.0) {
            let mut covered = 0;
            for g in &line.glyphs {
                assert!(g.text.start <= covered && g.text.end <= line.text.len(), "{line:?}");
                covered = covered.max(g.text.end);
            }
            assert_eq!(covered, line.text.len());
        }
    }
}
