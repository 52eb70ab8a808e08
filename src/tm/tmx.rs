//! TMX files: reading TMX 1.1–1.4b in UTF-8 or UTF-16 into units of the
//! project's language pairs, with a report of what was left out, and writing
//! a memory as TMX 1.4b, deterministically.
//!
//! Reading streams the file with quick-xml. Nothing is fetched and no entity
//! is expanded but XML's five built-in ones and character references: a
//! document type with entity declarations is refused, so no file can make the
//! reader grow text (the "billion laughs") or reach outside.

use super::{Date, Unit};
use super::{Error, Problem, lang_matches, order};
use crate::segment::{Code, CodeKind, Inline, Segment};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, escape::resolve_predefined_entity};
use std::borrow::Cow;
use std::fmt;

/// The `<prop>` type holding the Fluent ID of a unit.
pub const FLUENT_ID_PROP: &str = "x-fluent-id";

/// What reading a TMX file gives.
#[derive(Debug, Default)]
pub struct Read {
    /// A unit for every pair of the source language with a target language
    /// in each `<tu>`, in file order (a multilingual `<tu>` gives several).
    pub units: Vec<Unit>,
    /// What was left out, and why, in file order.
    pub skipped: Vec<Skip>,
    /// How many `<tu>` the file has.
    pub tu_count: usize,
}

/// Something left out of a file, and the line of its element.
#[derive(Debug, PartialEq, Eq)]
pub struct Skip {
    pub line: usize,
    pub reason: SkipReason,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// A `<tu>` without a variant in the source language; the languages it has.
    NoSource(Vec<String>),
    /// A `<tu>` without a variant in any target language; the languages it has.
    NoTarget(Vec<String>),
    /// A `<tuv>` without `xml:lang` (or TMX 1.1's `lang`).
    NoLanguage,
    /// A `<tuv>` of the pair, in this language, without a `<seg>`.
    NoSegment(String),
    /// A `<tuv>` of the pair, in this language, with nothing to translate.
    Blank(String),
    /// An attribute that is not a TMX date; the unit is kept without it.
    BadDate { attribute: &'static str, value: String },
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::NoSource(found) => {
                write!(f, "unit without the source language (it has {})", list(found))
            }
            SkipReason::NoTarget(found) => {
                write!(f, "unit without a target language (it has {})", list(found))
            }
            SkipReason::NoLanguage => f.write_str("variant without xml:lang"),
            SkipReason::NoSegment(lang) => write!(f, "unit whose {lang} variant has no <seg>"),
            SkipReason::Blank(lang) => write!(f, "unit whose {lang} text is empty"),
            SkipReason::BadDate { attribute, value } => {
                write!(
                    f,
                    "{attribute}=\"{value}\" is not a date like 20201208T120000Z; the unit is kept without it"
                )
            }
        }
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "no language".into() } else { items.join(", ") }
}

/// Reads a TMX file: for every `<tu>`, one unit per language of `targets`
/// found in it beside the `source` language, whatever language the file
/// names as `srclang` (see [`lang_matches`] for how tags match). Units carry
/// these tags, the `<tu>`'s props and notes, and the dates and IDs of the
/// target's `<tuv>`, or else of the `<tu>`. A file with units but none for
/// the pair is an error.
pub fn read(input: &[u8], source: &str, targets: &[&str]) -> Result<Read, Error> {
    let text = decode(input)?;
    let mut reader = Reader::from_str(&text);
    reader.config_mut().trim_text(false);
    let mut parser = Parser {
        reader,
        text: &text,
        lines: Lines { text: &text, offset: 0, line: 1 },
        source,
        targets,
        read: Read::default(),
        languages: Vec::new(),
        paired: 0,
    };
    parser.document()?;
    if parser.read.tu_count > 0 && parser.paired == 0 {
        return Err(Error::NoPair {
            source_lang: source.into(),
            target_langs: targets.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", "),
            found: list(&parser.languages),
        });
    }
    Ok(parser.read)
}

/// The text of the file: UTF-16 after its byte-order mark (or when the
/// file starts with `<?` in UTF-16), UTF-8 otherwise.
fn decode(input: &[u8]) -> Result<Cow<'_, str>, Error> {
    match input {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes, "UTF-16LE"),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes, "UTF-16BE"),
        [b'<', 0, b'?', 0, ..] => utf16(input, u16::from_le_bytes, "UTF-16LE"),
        [0, b'<', 0, b'?', ..] => utf16(input, u16::from_be_bytes, "UTF-16BE"),
        _ => utf8(input),
    }
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, Error> {
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        malformed(valid, valid.len(), Problem::Encoding("UTF-8"))
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, name: &'static str) -> Result<Cow<'static, str>, Error> {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(_) => return Err(malformed(&text, text.len(), Problem::Encoding(name))),
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(malformed(&text, text.len(), Problem::Encoding(name)));
    }
    Ok(Cow::Owned(text))
}

fn malformed(text: &str, offset: usize, problem: Problem) -> Error {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Error::Malformed { line, column: before[line_start..].chars().count() + 1, problem }
}

/// Line numbers of byte offsets that mostly grow, counted from the last one.
struct Lines<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let (from, to) = (self.offset.min(offset), self.offset.max(offset));
        let newlines = self.text.as_bytes()[from..to].iter().filter(|&&b| b == b'\n').count();
        if offset >= self.offset {
            self.line += newlines;
        } else {
            self.line -= newlines;
        }
        self.offset = offset;
        self.line
    }
}

struct Parser<'t, 'a> {
    reader: Reader<&'t [u8]>,
    text: &'t str,
    lines: Lines<'t>,
    source: &'a str,
    targets: &'a [&'a str],
    read: Read,
    /// Every language tag in the file, first spelling, for messages.
    languages: Vec<String>,
    /// How many `<tu>` have the source and a target language.
    paired: usize,
}

/// The dates and IDs of a `<tu>` or `<tuv>`.
#[derive(Default)]
struct Stamps {
    creation_date: Option<Date>,
    creation_id: Option<String>,
    change_date: Option<Date>,
    change_id: Option<String>,
}

struct Variant {
    lang: String,
    segment: Option<Segment>,
    stamps: Stamps,
}

#[derive(Default)]
struct Tu {
    stamps: Stamps,
    fluent_id: Option<String>,
    props: Vec<(String, String)>,
    notes: Vec<String>,
    /// The variants in the pair's languages.
    variants: Vec<Variant>,
    /// Every variant's language, as indexes into `Parser::languages`.
    languages: Vec<usize>,
}

const CODES: [&str; 5] = ["bpt", "ept", "ph", "it", "ut"];

impl<'t> Parser<'t, '_> {
    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn error(&self, offset: usize, problem: Problem) -> Error {
        malformed(self.text, offset, problem)
    }

    /// The next event and the offset where it starts.
    fn next(&mut self) -> Result<(usize, Event<'t>), Error> {
        let start = self.position();
        self.reader.read_event().map(|event| (start, event)).map_err(|e| {
            let at = usize::try_from(self.reader.error_position()).unwrap_or(start);
            self.error(at, Problem::Xml(e.to_string()))
        })
    }

    /// Reports what the element at `offset` has that is left out.
    fn skip(&mut self, offset: usize, reason: SkipReason) {
        let line = self.lines.line(offset);
        self.read.skipped.push(Skip { line, reason });
    }

    fn document(&mut self) -> Result<(), Error> {
        loop {
            let (at, event) = self.next()?;
            match &event {
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::DocType(_) => {
                    if let Some(i) = self.text[at..self.position()].find("<!ENTITY") {
                        return Err(self.error(at + i, Problem::EntityDeclaration));
                    }
                }
                Event::Text(t) if is_blank(t) => {}
                Event::Start(e) if e.name().as_ref() == "tmx" => {
                    self.tmx(at)?;
                    break;
                }
                Event::Empty(e) if e.name().as_ref() == "tmx" => break,
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.name().as_ref().to_string();
                    return Err(self.error(at, Problem::NotTmx(name)));
                }
                Event::Eof => return Err(self.error(at, Problem::Xml("no <tmx> element".into()))),
                _ => return Err(self.error(at, Problem::Xml("content before the root element".into()))),
            }
        }
        loop {
            let (at, event) = self.next()?;
            match &event {
                Event::Eof => return Ok(()),
                Event::PI(_) | Event::Comment(_) => {}
                Event::Text(t) if is_blank(t) => {}
                Event::Start(_) | Event::Empty(_) => {
                    return Err(self.error(at, Problem::AfterRoot("an element")));
                }
                _ => return Err(self.error(at, Problem::AfterRoot("text"))),
            }
        }
    }

    fn tmx(&mut self, start: usize) -> Result<(), Error> {
        loop {
            let (at, event) = self.next()?;
            match &event {
                Event::Start(e) if e.name().as_ref() == "body" => self.body(at)?,
                Event::Start(e) => self.content(at, e, None)?,
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.error(start, Problem::Unclosed("tmx".into()))),
                other => self.check_text(at, other)?,
            }
        }
    }

    fn body(&mut self, start: usize) -> Result<(), Error> {
        loop {
            let (at, event) = self.next()?;
            match &event {
                Event::Start(e) if e.name().as_ref() == "tu" => {
                    let tu = self.tu(at, e)?;
                    self.pairs(at, tu);
                }
                Event::Empty(e) if e.name().as_ref() == "tu" => {
                    let tu = Tu { stamps: self.stamps(at, e)?, ..Tu::default() };
                    self.pairs(at, tu);
                }
                Event::Start(e) => self.content(at, e, None)?,
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.error(start, Problem::Unclosed("body".into()))),
                other => self.check_text(at, other)?,
            }
        }
    }

    fn tu(&mut self, start: usize, element: &BytesStart<'_>) -> Result<Tu, Error> {
        let mut tu = Tu { stamps: self.stamps(start, element)?, ..Tu::default() };
        loop {
            let (at, event) = self.next()?;
            match &event {
                Event::Start(e) | Event::Empty(e) if matches!(e.name().as_ref(), "prop" | "note") => {
                    let mut text = String::new();
                    if matches!(event, Event::Start(_)) {
                        self.content(at, e, Some(&mut text))?;
                    }
                    if e.name().as_ref() == "note" {
                        tu.notes.push(text);
                    } else {
                        let [ty] = self.attributes(at, e, ["type"])?;
                        match ty {
                            Some(ty) if ty == FLUENT_ID_PROP => tu.fluent_id = Some(text),
                            ty => tu.props.push((ty.unwrap_or_default(), text)),
                        }
                    }
                }
                Event::Start(e) if e.name().as_ref() == "tuv" => self.tuv(at, e, true, &mut tu)?,
                Event::Empty(e) if e.name().as_ref() == "tuv" => self.tuv(at, e, false, &mut tu)?,
                Event::Start(e) => self.content(at, e, None)?,
                Event::End(_) => return Ok(tu),
                Event::Eof => return Err(self.error(start, Problem::Unclosed("tu".into()))),
                other => self.check_text(at, other)?,
            }
        }
    }

    /// Reads a `<tuv>` into `tu`: only its language unless that is one of
    /// the pair's.
    fn tuv(&mut self, start: usize, element: &BytesStart<'_>, open: bool, tu: &mut Tu) -> Result<(), Error> {
        let [xml_lang, lang] = self.attributes(start, element, ["xml:lang", "lang"])?;
        let Some(lang) = xml_lang.or(lang) else {
            if open {
                self.content(start, element, None)?;
            }
            self.skip(start, SkipReason::NoLanguage);
            return Ok(());
        };
        let known = self.languages.iter().position(|l| l.eq_ignore_ascii_case(&lang));
        tu.languages.push(known.unwrap_or(self.languages.len()));
        if known.is_none() {
            self.languages.push(lang.clone());
        }
        let wanted = lang_matches(self.source, &lang) || self.targets.iter().any(|t| lang_matches(t, &lang));
        if !wanted {
            if open {
                self.content(start, element, None)?;
            }
            return Ok(());
        }
        let stamps = self.stamps(start, element)?;
        let segment = if open { self.variant_segment(start)? } else { None };
        tu.variants.push(Variant { lang, segment, stamps });
        Ok(())
    }

    /// The `<seg>` of the `<tuv>` opened at `start` (the first, if several),
    /// read up to the `<tuv>`'s end.
    fn variant_segment(&mut self, start: usize) -> Result<Option<Segment>, Error> {
        let mut segment = None;
        loop {
            let (at, event) = self.next()?;
            match &event {
                Event::Start(e) if e.name().as_ref() == "seg" && segment.is_none() => {
                    let mut seg = Segment::default();
                    self.inline(at, "seg", &mut seg)?;
                    segment = Some(seg);
                }
                Event::Empty(e) if e.name().as_ref() == "seg" && segment.is_none() => {
                    segment = Some(Segment::default())
                }
                Event::Start(e) => self.content(at, e, None)?,
                Event::End(_) => return Ok(segment),
                Event::Eof => return Err(self.error(start, Problem::Unclosed("tuv".into()))),
                other => self.check_text(at, other)?,
            }
        }
    }

    /// The units of a `<tu>`, or why it has none.
    fn pairs(&mut self, start: usize, mut tu: Tu) {
        self.read.tu_count += 1;
        let (wanted_source, wanted_targets) = (self.source, self.targets);
        let found =
            |languages: &[String], tu: &Tu| tu.languages.iter().map(|&i| languages[i].clone()).collect();
        let Some(source) = tu.variants.iter().position(|v| lang_matches(wanted_source, &v.lang)) else {
            let reason = SkipReason::NoSource(found(&self.languages, &tu));
            return self.skip(start, reason);
        };
        // For each target language, the first other variant in it.
        let targets: Vec<(&str, usize)> = wanted_targets
            .iter()
            .filter_map(|&target| {
                let mut others = tu.variants.iter().enumerate().filter(|&(i, _)| i != source);
                others.find(|(_, v)| lang_matches(target, &v.lang)).map(|(i, _)| (target, i))
            })
            .collect();
        if targets.is_empty() {
            let reason = SkipReason::NoTarget(found(&self.languages, &tu));
            return self.skip(start, reason);
        }
        self.paired += 1;
        if usable(&tu.variants[source]).is_none() {
            let reason = blank_or_missing(&tu.variants[source]);
            return self.skip(start, reason);
        }
        // The last unit takes what the others copy.
        let last = targets.iter().rposition(|&(_, t)| usable(&tu.variants[t]).is_some());
        for (k, &(target_lang, t)) in targets.iter().enumerate() {
            if usable(&tu.variants[t]).is_none() {
                let reason = blank_or_missing(&tu.variants[t]);
                self.skip(start, reason);
                continue;
            }
            let moved = Some(k) == last;
            let target_again = targets[k + 1..].iter().any(|&(_, other)| other == t);
            let target = take_or_clone(&mut tu.variants[t].segment, moved || !target_again);
            let (variant, unit) = (&tu.variants[t].stamps, &tu.stamps);
            let creation_id = variant.creation_id.clone().or_else(|| unit.creation_id.clone());
            let change_id = variant.change_id.clone().or_else(|| unit.change_id.clone());
            let (creation_date, change_date) =
                (variant.creation_date.or(unit.creation_date), variant.change_date.or(unit.change_date));
            self.read.units.push(Unit {
                source: take_or_clone(&mut tu.variants[source].segment, moved).unwrap_or_default(),
                target: target.unwrap_or_default(),
                source_lang: wanted_source.into(),
                target_lang: target_lang.into(),
                fluent_id: take_or_clone(&mut tu.fluent_id, moved),
                creation_date,
                creation_id,
                change_date,
                change_id,
                props: take_or_clone(&mut tu.props, moved),
                notes: take_or_clone(&mut tu.notes, moved),
            });
        }
    }

    /// Reads the inline content of `<seg>` or `<hi>` (or of an element TMX
    /// does not define there: its text counts, its tags do not).
    fn inline(&mut self, start: usize, name: &str, segment: &mut Segment) -> Result<(), Error> {
        loop {
            let (at, event) = self.next()?;
            match &event {
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "hi" => {
                    let [x, ty] = self.attributes(at, e, ["x", "type"])?;
                    segment.push_code(Code {
                        kind: CodeKind::HiStart,
                        id: x.unwrap_or_default(),
                        ty,
                        original: String::new(),
                    });
                    if matches!(event, Event::Start(_)) {
                        self.inline(at, "hi", segment)?;
                    }
                    segment.push_code(Code {
                        kind: CodeKind::HiEnd,
                        id: String::new(),
                        ty: None,
                        original: String::new(),
                    });
                }
                Event::Start(e) | Event::Empty(e) if CODES.contains(&e.name().as_ref()) => {
                    let mut original = String::new();
                    if matches!(event, Event::Start(_)) {
                        self.content(at, e, Some(&mut original))?;
                    }
                    let code = self.code(at, e, original)?;
                    segment.push_code(code);
                }
                Event::Start(e) => {
                    let name = e.name().as_ref().to_string();
                    self.inline(at, &name, segment)?;
                }
                Event::Empty(_) | Event::Comment(_) | Event::PI(_) => {}
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.error(start, Problem::Unclosed(name.into()))),
                other => {
                    if let Some(text) = self.text_of(at, other)? {
                        segment.push_text(&text);
                    }
                }
            }
        }
    }

    fn code(&self, at: usize, element: &BytesStart<'_>, original: String) -> Result<Code, Error> {
        let [i, x, ty, pos] = self.attributes(at, element, ["i", "x", "type", "pos"])?;
        // A begin or end code without the `i` that pairs it is isolated.
        let (kind, id) = match (element.name().as_ref(), i) {
            ("bpt", Some(i)) => (CodeKind::Bpt, Some(i)),
            ("ept", Some(i)) => (CodeKind::Ept, Some(i)),
            ("bpt", None) => (CodeKind::ItBegin, x),
            ("ept", None) => (CodeKind::ItEnd, x),
            ("it", _) if pos.as_deref() == Some("end") => (CodeKind::ItEnd, x),
            ("it", _) => (CodeKind::ItBegin, x),
            _ => (CodeKind::Ph, x),
        };
        Ok(Code { kind, id: id.unwrap_or_default(), ty, original })
    }

    /// Reads up to the end of the element opened at `start`, appending its
    /// text (that of nested elements too) to `text` if given.
    fn content(
        &mut self,
        start: usize,
        element: &BytesStart<'_>,
        mut text: Option<&mut String>,
    ) -> Result<(), Error> {
        let mut depth = 0usize;
        loop {
            let (at, event) = self.next()?;
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                Event::Eof => {
                    let name = element.name().as_ref().to_string();
                    return Err(self.error(start, Problem::Unclosed(name)));
                }
                other => match text.as_deref_mut() {
                    Some(text) => text.push_str(&self.text_of(at, other)?.unwrap_or_default()),
                    None => self.check_text(at, other)?,
                },
            }
        }
    }

    /// Text where TMX has no text to keep: only its references are checked.
    fn check_text(&self, at: usize, event: &Event<'t>) -> Result<(), Error> {
        if let Event::GeneralRef(_) = event {
            self.text_of(at, event)?;
        }
        Ok(())
    }

    /// The text of a text, CDATA or reference event.
    fn text_of(&self, at: usize, event: &Event<'t>) -> Result<Option<Cow<'t, str>>, Error> {
        Ok(Some(match event {
            Event::Text(t) => t.xml10_content(),
            Event::CData(c) => c.xml10_content(),
            Event::GeneralRef(r) => {
                let resolved =
                    r.resolve_char_ref().map_err(|e| self.error(at, Problem::Xml(e.to_string())))?;
                match (resolved, resolve_predefined_entity(r)) {
                    (Some(c), _) => Cow::Owned(c.to_string()),
                    (None, Some(text)) => Cow::Borrowed(text),
                    (None, None) => return Err(self.error(at, Problem::UnknownEntity(String::from(&**r)))),
                }
            }
            _ => return Ok(None),
        }))
    }

    /// The values of the attributes named, in that order.
    fn attributes<const N: usize>(
        &self,
        at: usize,
        element: &BytesStart<'_>,
        names: [&str; N],
    ) -> Result<[Option<String>; N], Error> {
        let mut values = [const { None }; N];
        for attribute in element.attributes() {
            let attribute = attribute.map_err(|e| self.error(at, Problem::Xml(e.to_string())))?;
            if let Some(i) = names.iter().position(|n| *n == attribute.key.as_ref()) {
                let value = attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|e| self.error(at, Problem::Xml(e.to_string())))?;
                values[i] = Some(value.into_owned());
            }
        }
        Ok(values)
    }

    fn stamps(&mut self, at: usize, element: &BytesStart<'_>) -> Result<Stamps, Error> {
        let [creation_date, creation_id, change_date, change_id] =
            self.attributes(at, element, ["creationdate", "creationid", "changedate", "changeid"])?;
        let mut date = |attribute: &'static str, value: Option<String>| {
            let value = value?;
            let date = Date::parse(&value);
            if date.is_none() {
                self.skip(at, SkipReason::BadDate { attribute, value });
            }
            date
        };
        Ok(Stamps {
            creation_date: date("creationdate", creation_date),
            creation_id,
            change_date: date("changedate", change_date),
            change_id,
        })
    }
}

fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn take_or_clone<T: Clone + Default>(value: &mut T, take: bool) -> T {
    if take { std::mem::take(value) } else { value.clone() }
}

fn usable(variant: &Variant) -> Option<&Segment> {
    variant.segment.as_ref().filter(|s| !s.is_blank())
}

fn blank_or_missing(variant: &Variant) -> SkipReason {
    match variant.segment {
        Some(_) => SkipReason::Blank(variant.lang.clone()),
        None => SkipReason::NoSegment(variant.lang.clone()),
    }
}

/// The memory as a TMX 1.4b document, valid against its DTD: units in
/// [memory order](order), one `<tu>` each, the Fluent ID as a `<prop>`,
/// dates as TMX writes them. The same units give the same bytes.
pub fn write(units: &[Unit], source_lang: &str) -> String {
    let mut sorted: Vec<&Unit> = units.iter().collect();
    sorted.sort_by(|a, b| order(a, b));
    let mut out = String::with_capacity(256 + units.len() * 256);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n");
    out.push_str("<tmx version=\"1.4\">\n  <header creationtool=\"fluentpress\" creationtoolversion=\"");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"");
    escape(&mut out, source_lang, true);
    out.push_str("\" o-tmf=\"fluentpress\"/>\n  <body>\n");
    for unit in sorted {
        write_unit(&mut out, unit, source_lang);
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}

fn write_unit(out: &mut String, unit: &Unit, source_lang: &str) {
    out.push_str("    <tu");
    if !unit.source_lang.eq_ignore_ascii_case(source_lang) {
        attribute(out, "srclang", Some(&unit.source_lang));
    }
    let dates = [unit.creation_date, unit.change_date].map(|d| d.map(|d| d.to_string()));
    attribute(out, "creationdate", dates[0].as_deref());
    attribute(out, "creationid", unit.creation_id.as_deref());
    attribute(out, "changedate", dates[1].as_deref());
    attribute(out, "changeid", unit.change_id.as_deref());
    out.push_str(">\n");
    for note in &unit.notes {
        out.push_str("      <note>");
        escape(out, note, false);
        out.push_str("</note>\n");
    }
    let fluent_id = unit.fluent_id.as_deref().map(|id| (FLUENT_ID_PROP, id));
    let props = fluent_id.into_iter().chain(unit.props.iter().map(|(t, v)| (t.as_str(), v.as_str())));
    for (ty, value) in props {
        out.push_str("      <prop");
        attribute(out, "type", Some(ty));
        out.push('>');
        escape(out, value, false);
        out.push_str("</prop>\n");
    }
    for (lang, segment) in [(&unit.source_lang, &unit.source), (&unit.target_lang, &unit.target)] {
        out.push_str("      <tuv");
        attribute(out, "xml:lang", Some(lang));
        out.push_str("><seg>");
        write_segment(out, segment);
        out.push_str("</seg></tuv>\n");
    }
    out.push_str("    </tu>\n");
}

/// A segment's content. `<hi>` boundaries that do not pair are left out,
/// and `<bpt>`/`<ept>` without an `i` are written as `<it>`, so that the
/// output stays well-formed and valid whatever the segment holds.
fn write_segment(out: &mut String, segment: &Segment) {
    let mut open_hi = 0usize;
    for inline in segment.inlines() {
        let code = match inline {
            Inline::Text(text) => {
                escape(out, text, false);
                continue;
            }
            Inline::Code(code) => code,
            // Only XLIFF files hold these, and the memory learns from Fluent.
            Inline::Foreign(_) => continue,
        };
        let (id, ty) = ((!code.id.is_empty()).then_some(code.id.as_str()), code.ty.as_deref());
        let (name, attributes): (&str, [(&str, Option<&str>); 3]) = match (code.kind, id) {
            (CodeKind::HiStart, _) => {
                out.push_str("<hi");
                attribute(out, "x", id);
                attribute(out, "type", ty);
                out.push('>');
                open_hi += 1;
                continue;
            }
            (CodeKind::HiEnd, _) => {
                if open_hi > 0 {
                    out.push_str("</hi>");
                    open_hi -= 1;
                }
                continue;
            }
            (CodeKind::Ph, _) => ("ph", [("x", id), ("type", ty), ("", None)]),
            (CodeKind::Bpt, Some(i)) => ("bpt", [("i", Some(i)), ("type", ty), ("", None)]),
            (CodeKind::Ept, Some(i)) => ("ept", [("i", Some(i)), ("", None), ("", None)]),
            (CodeKind::ItBegin, _) | (CodeKind::Bpt, None) => {
                ("it", [("pos", Some("begin")), ("x", id), ("type", ty)])
            }
            (CodeKind::ItEnd, _) | (CodeKind::Ept, None) => {
                ("it", [("pos", Some("end")), ("x", id), ("type", ty)])
            }
        };
        out.push('<');
        out.push_str(name);
        for (key, value) in attributes {
            attribute(out, key, value);
        }
        if code.original.is_empty() {
            out.push_str("/>");
        } else {
            out.push('>');
            escape(out, &code.original, false);
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
    for _ in 0..open_hi {
        out.push_str("</hi>");
    }
}

fn attribute(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        escape(out, value, true);
        out.push('"');
    }
}

/// Escapes text for XML 1.0 content or a double-quoted attribute value.
/// Characters XML 1.0 cannot hold at all (most C0 controls, U+FFFE, U+FFFF)
/// are left out; a carriage return is written as a reference so that it is
/// read back, as are tabs and line feeds in attributes.
fn escape(out: &mut String, text: &str, in_attribute: bool) {
    let special = |c: char| match c {
        '<' | '>' | '&' | '\r' | '\u{FFFE}' | '\u{FFFF}' => true,
        '"' | '\n' | '\t' => in_attribute,
        c => c < ' ' && c != '\n' && c != '\t',
    };
    let mut rest = text;
    while let Some(at) = rest.find(special) {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().unwrap_or_default();
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            _ => {}
        }
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(segment: &Segment) -> Vec<(CodeKind, Option<&str>, Option<&str>, &str)> {
        segment
            .inlines()
            .iter()
            .filter_map(|i| match i {
                Inline::Code(c) => Some((
                    c.kind,
                    (!c.id.is_empty()).then_some(c.id.as_str()),
                    c.ty.as_deref(),
                    c.original.as_str(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn inline_codes_are_read_with_their_native_text() {
        let tmx = r#"<tmx version="1.4"><header/><body><tu>
<tuv xml:lang="fr"><seg>a <bpt i="1" x="7" type="bold">&lt;b></bpt>b<ept i="1">&lt;/b></ept> <ph x="2">&lt;img alt="<sub>c</sub>"></ph> <hi x="3" type="em">d <it pos="end">}</it></hi><ut>u</ut><bpt>?</bpt><x-unknown>e<ph/></x-unknown><![CDATA[<f>]]>&#x41;</seg></tuv>
<tuv xml:lang="pl"><seg>t</seg></tuv></tu></body></tmx>"#;
        let read = read(tmx.as_bytes(), "fr", &["pl"]).expect("valid TMX");
        let source = &read.units[0].source;
        assert_eq!(source.plain_text(), "a <b>b</b> <img alt=\"c\"> d }u?e<f>A");
        assert_eq!(
            codes(source),
            [
                (CodeKind::Bpt, Some("1"), Some("bold"), "<b>"),
                (CodeKind::Ept, Some("1"), None, "</b>"),
                (CodeKind::Ph, Some("2"), None, "<img alt=\"c\">"),
                (CodeKind::HiStart, Some("3"), Some("em"), ""),
                (CodeKind::ItEnd, None, None, "}"),
                (CodeKind::HiEnd, None, None, ""),
                (CodeKind::Ph, None, None, "u"),
                (CodeKind::ItBegin, None, None, "?"),
                (CodeKind::Ph, None, None, ""),
            ]
        );
    }

    #[test]
    fn written_segments_read_back_the_same() {
        let tmx = r#"<tmx version="1.4"><header/><body><tu>
<tuv xml:lang="fr"><seg> a&#9;&#13;
 <bpt i="1" type="bold">&lt;b></bpt>b<ept i="1">&lt;/b></ept> <ph x="2" type="x-fluent">{ $n }</ph> <hi x="3" type="em">d <it pos="end" x="4">}</it></hi><ph/>&quot;&apos;&amp; </seg></tuv>
<tuv xml:lang="pl"><seg>t</seg></tuv></tu></body></tmx>"#;
        let first = read(tmx.as_bytes(), "fr", &["pl"]).expect("valid TMX");
        let written = write(&first.units, "fr");
        let again = read(written.as_bytes(), "fr", &["pl"]).expect("valid TMX");
        assert_eq!(again.units, first.units);
        assert!(written.contains(
            "<seg> a\t&#13;\n <bpt i=\"1\" type=\"bold\">&lt;b&gt;</bpt>b<ept i=\"1\">&lt;/b&gt;</ept> \
             <ph x=\"2\" type=\"x-fluent\">{ $n }</ph> <hi x=\"3\" type=\"em\">d \
             <it pos=\"end\" x=\"4\">}</it></hi><ph/>\"'&amp; </seg>"
        ));
    }

    #[test]
    fn unpaired_codes_are_written_valid() {
        let mut segment = Segment::default();
        segment.push_code(Code {
            kind: CodeKind::HiEnd,
            id: String::new(),
            ty: None,
            original: String::new(),
        });
        segment.push_code(Code { kind: CodeKind::Bpt, id: String::new(), ty: None, original: "<b>".into() });
        segment.push_code(Code {
            kind: CodeKind::HiStart,
            id: String::new(),
            ty: None,
            original: String::new(),
        });
        segment.push_text("x\u{1}\u{FFFF}");
        let mut out = String::new();
        write_segment(&mut out, &segment);
        assert_eq!(out, "<it pos=\"begin\">&lt;b&gt;</it><hi>x</hi>");
    }

    #[test]
    fn line_numbers_follow_offsets_both_ways() {
        let text = "a\nb\nc\nd";
        let mut lines = Lines { text, offset: 0, line: 1 };
        assert_eq!([6, 2, 3, 0, 100].map(|o| lines.line(o)), [4, 2, 2, 1, 4]);
    }
}
