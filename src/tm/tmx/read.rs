//! Reading TMX: a file is streamed through the [XML layer](crate::xml) a
//! piece at a time ([`read_file`]): only its units are kept, never its whole
//! text, and the line and column of an error are found by reading it again.
//! Nothing is fetched and no entity is expanded but XML's five built-in ones
//! and character references: a document type with entity declarations is
//! refused, so no file can make the reader grow text (the "billion laughs")
//! or reach outside. A declared encoding is not trusted: the text is read as
//! UTF-8 or UTF-16, whatever the declaration says.

use super::super::unit::FLUENT_ID_PROP;
use super::super::{Date, Unit};
use super::super::{Error, Problem, lang_matches};
use crate::segment::{Code, CodeKind, Segment};
use crate::xml::{self, Decoder, Doctype, EncodingError, Failure, Policy};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io;
use std::path::Path;

/// TMX files name their DTD in a document type; the LISA kit's declare
/// encodings their text is not in.
const POLICY: Policy =
    Policy { doctype: Doctype::WithoutEntities, check_declared_encoding: false, check_comments: false };

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
/// the pair is an error. The first error in the text is the one reported.
pub fn read(input: &[u8], source: &str, targets: &[&str]) -> Result<Read, Error> {
    read_stream(input, source, targets).map_err(|stop| {
        match located(stop, |offset| xml::locate(input, offset)) {
            Ok(error) => error,
            // Reading from memory does not fail.
            Err(e) => Error::Malformed { line: 1, column: 1, problem: Problem::Xml(e.to_string()) },
        }
    })
}

/// Reads a TMX file as [`read`] reads its bytes, a piece at a time: the
/// file's text is never held whole, only its units.
pub fn read_file(path: &Path, source: &str, targets: &[&str]) -> Result<Read, Error> {
    let file = File::open(path).map_err(|e| Error::Io { path: path.to_path_buf(), source: e })?;
    read_stream(file, source, targets).map_err(|stop| file_error(path, stop))
}

/// Why reading stopped, before the line and column of a malformed file's
/// error are known.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The file is malformed at this byte offset of its text in UTF-8.
    Malformed {
        offset: u64,
        problem: Problem,
    },
    /// The file is read, but has nothing for the project.
    Tmx(Error),
    Io(io::Error),
}

impl From<Failure> for Stop {
    fn from(failure: Failure) -> Stop {
        match failure {
            Failure::Encoding { offset, error: EncodingError::Invalid(encoding) } => {
                Stop::Malformed { offset, problem: Problem::Encoding(encoding.name()) }
            }
            Failure::Encoding { offset, error: EncodingError::Utf32 } => {
                Stop::Malformed { offset, problem: Problem::Utf32 }
            }
            Failure::Io(e) => Stop::Io(e),
        }
    }
}

/// The error reading stopped with, a malformed file's placed by `locate`.
fn located(stop: Stop, locate: impl FnOnce(u64) -> io::Result<(usize, usize)>) -> io::Result<Error> {
    match stop {
        Stop::Malformed { offset, problem } => {
            let (line, column) = locate(offset)?;
            Ok(Error::Malformed { line, column, problem })
        }
        Stop::Tmx(error) => Ok(error),
        Stop::Io(e) => Err(e),
    }
}

/// Reads TMX from any input, a piece at a time (see [`read_file`]).
pub(crate) fn read_stream(input: impl io::Read, source: &str, targets: &[&str]) -> Result<Read, Stop> {
    let mut parser = Parser {
        reader: xml::reader(input, POLICY),
        source,
        targets,
        read: Read::default(),
        languages: Vec::new(),
        paired: 0,
        buffers: Vec::new(),
    };
    parser.document()?;
    if parser.read.tu_count > 0 && parser.paired == 0 {
        return Err(Stop::Tmx(Error::NoPair {
            source_lang: source.into(),
            target_langs: targets.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", "),
            found: list(&parser.languages),
        }));
    }
    Ok(parser.read)
}

/// The error of a file that [`read_stream`] stopped reading: for a malformed
/// file, the file is read again up to the error, to tell its line and column.
pub(crate) fn file_error(path: &Path, stop: Stop) -> Error {
    let locate = |offset| xml::locate(File::open(path)?, offset);
    match located(stop, locate) {
        Ok(source) => Error::File { path: path.to_path_buf(), source: Box::new(source) },
        Err(e) => Error::Io { path: path.to_path_buf(), source: e },
    }
}

/// An attribute's value less the characters XML cannot hold, which the
/// writer drops (see `xml::escape`): so a memory read, written and read
/// again is the same.
fn writable(value: Option<Cow<'_, str>>) -> Option<Cow<'_, str>> {
    match value {
        Some(v) if !xml::holds(&v) => {
            Some(Cow::Owned(v.chars().filter(|&c| xml::is_xml_char(c.into())).collect()))
        }
        other => other,
    }
}

/// Where an event starts: its byte offset, and its line for what is left out.
#[derive(Clone, Copy)]
struct At {
    offset: u64,
    line: usize,
}

struct Parser<'a, R> {
    reader: Reader<Decoder<R>>,
    source: &'a str,
    targets: &'a [&'a str],
    read: Read,
    /// Every language tag in the file, first spelling, for messages.
    languages: Vec<String>,
    /// How many `<tu>` have the source and a target language.
    paired: usize,
    /// Event buffers, one for each element being read, kept for reuse.
    buffers: Vec<Vec<u8>>,
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

impl<R: io::Read> Parser<'_, R> {
    fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    fn error(&self, at: At, problem: Problem) -> Stop {
        Stop::Malformed { offset: at.offset, problem }
    }

    /// Runs `read` with an event buffer of its own, so that the events of an
    /// element being read stay valid while its content is read.
    fn with_buffer<T>(
        &mut self,
        read: impl FnOnce(&mut Self, &mut Vec<u8>) -> Result<T, Stop>,
    ) -> Result<T, Stop> {
        let mut buffer = self.buffers.pop().unwrap_or_default();
        let result = read(self, &mut buffer);
        self.buffers.push(buffer);
        result
    }

    /// The next event and where it starts.
    fn next<'b>(&mut self, buffer: &'b mut Vec<u8>) -> Result<(At, Event<'b>), Stop> {
        buffer.clear();
        let at = At { offset: self.position(), line: self.reader.get_ref().newlines() + 1 };
        match self.reader.read_event_into(buffer) {
            Ok(event) => Ok((at, event)),
            Err(e) => {
                if let Some(failure) = self.reader.get_mut().failure() {
                    return Err(failure.into());
                }
                let offset = self.reader.error_position();
                Err(Stop::Malformed { offset, problem: Problem::Xml(e.to_string()) })
            }
        }
    }

    /// Reports what the element at `at` has that is left out.
    fn skip(&mut self, at: At, reason: SkipReason) {
        self.read.skipped.push(Skip { line: at.line, reason });
    }

    fn document(&mut self) -> Result<(), Stop> {
        self.with_buffer(|this, buffer| {
            loop {
                let (at, event) = this.next(buffer)?;
                match &event {
                    Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                    Event::DocType(_) => match xml::check_prolog(POLICY, &event) {
                        Err(xml::Refusal::EntityDeclaration { before_end }) => {
                            let offset = this.position() - before_end;
                            return Err(Stop::Malformed { offset, problem: Problem::EntityDeclaration });
                        }
                        Err(xml::Refusal::MalformedDoctype) => {
                            let problem = Problem::Xml(
                                "a document type with neither SYSTEM, PUBLIC nor [ after its name".into(),
                            );
                            return Err(this.error(at, problem));
                        }
                        _ => {}
                    },
                    Event::Text(t) if is_blank(t) => {}
                    Event::Start(e) if e.name().as_ref() == "tmx" => {
                        this.tmx(at)?;
                        break;
                    }
                    Event::Empty(e) if e.name().as_ref() == "tmx" => break,
                    Event::Start(e) | Event::Empty(e) => {
                        let name = e.name().as_ref().to_string();
                        return Err(this.error(at, Problem::NotTmx(name)));
                    }
                    Event::Eof => return Err(this.error(at, Problem::Xml("no <tmx> element".into()))),
                    _ => return Err(this.error(at, Problem::Xml("content before the root element".into()))),
                }
            }
            loop {
                let (at, event) = this.next(buffer)?;
                match &event {
                    Event::Eof => return Ok(()),
                    Event::PI(_) | Event::Comment(_) => {}
                    Event::Text(t) if is_blank(t) => {}
                    Event::Start(_) | Event::Empty(_) => {
                        return Err(this.error(at, Problem::AfterRoot("an element")));
                    }
                    _ => return Err(this.error(at, Problem::AfterRoot("text"))),
                }
            }
        })
    }

    fn tmx(&mut self, start: At) -> Result<(), Stop> {
        self.with_buffer(|this, buffer| {
            loop {
                let (at, event) = this.next(buffer)?;
                match &event {
                    Event::Start(e) if e.name().as_ref() == "body" => this.body(at)?,
                    Event::Start(e) => this.content(at, e, None)?,
                    Event::End(_) => return Ok(()),
                    Event::Eof => return Err(this.error(start, Problem::Unclosed("tmx".into()))),
                    other => this.check_text(at, other)?,
                }
            }
        })
    }

    fn body(&mut self, start: At) -> Result<(), Stop> {
        self.with_buffer(|this, buffer| {
            loop {
                let (at, event) = this.next(buffer)?;
                match &event {
                    Event::Start(e) if e.name().as_ref() == "tu" => {
                        let tu = this.tu(at, e)?;
                        this.pairs(at, tu);
                    }
                    Event::Empty(e) if e.name().as_ref() == "tu" => {
                        let tu = Tu { stamps: this.stamps(at, e)?, ..Tu::default() };
                        this.pairs(at, tu);
                    }
                    Event::Start(e) => this.content(at, e, None)?,
                    Event::End(_) => return Ok(()),
                    Event::Eof => return Err(this.error(start, Problem::Unclosed("body".into()))),
                    other => this.check_text(at, other)?,
                }
            }
        })
    }

    fn tu(&mut self, start: At, element: &BytesStart<'_>) -> Result<Tu, Stop> {
        let mut tu = Tu { stamps: self.stamps(start, element)?, ..Tu::default() };
        self.with_buffer(|this, buffer| {
            loop {
                let (at, event) = this.next(buffer)?;
                match &event {
                    Event::Start(e) | Event::Empty(e) if matches!(e.name().as_ref(), "prop" | "note") => {
                        let mut text = String::new();
                        if matches!(event, Event::Start(_)) {
                            this.content(at, e, Some(&mut text))?;
                        }
                        text.shrink_to_fit();
                        if e.name().as_ref() == "note" {
                            tu.notes.push(text);
                        } else {
                            let [ty] = this.attributes(at, e, ["type"])?;
                            match ty {
                                Some(ty) if ty == FLUENT_ID_PROP => tu.fluent_id = Some(text),
                                ty => tu.props.push((ty.map(Cow::into_owned).unwrap_or_default(), text)),
                            }
                        }
                    }
                    Event::Start(e) if e.name().as_ref() == "tuv" => this.tuv(at, e, true, &mut tu)?,
                    Event::Empty(e) if e.name().as_ref() == "tuv" => this.tuv(at, e, false, &mut tu)?,
                    Event::Start(e) => this.content(at, e, None)?,
                    Event::End(_) => {
                        // Units keep these: no room to spare.
                        tu.props.shrink_to_fit();
                        tu.notes.shrink_to_fit();
                        return Ok(tu);
                    }
                    Event::Eof => return Err(this.error(start, Problem::Unclosed("tu".into()))),
                    other => this.check_text(at, other)?,
                }
            }
        })
    }

    /// Reads a `<tuv>` into `tu`: only its language unless that is one of
    /// the pair's.
    fn tuv(&mut self, start: At, element: &BytesStart<'_>, open: bool, tu: &mut Tu) -> Result<(), Stop> {
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
            self.languages.push(lang.to_string());
        }
        let wanted = lang_matches(self.source, &lang) || self.targets.iter().any(|t| lang_matches(t, &lang));
        if !wanted {
            if open {
                self.content(start, element, None)?;
            }
            return Ok(());
        }
        let (lang, stamps) = (lang.into_owned(), self.stamps(start, element)?);
        let segment = if open { self.variant_segment(start)? } else { None };
        tu.variants.push(Variant { lang, segment, stamps });
        Ok(())
    }

    /// The `<seg>` of the `<tuv>` opened at `start` (the first, if several),
    /// read up to the `<tuv>`'s end.
    fn variant_segment(&mut self, start: At) -> Result<Option<Segment>, Stop> {
        self.with_buffer(|this, buffer| {
            let mut segment = None;
            loop {
                let (at, event) = this.next(buffer)?;
                match &event {
                    Event::Start(e) if e.name().as_ref() == "seg" && segment.is_none() => {
                        let mut seg = Segment::default();
                        this.inline(at, "seg", &mut seg)?;
                        // A copy is allocated to its size: a segment is built
                        // with room for more inlines than most have.
                        segment = Some(seg.clone());
                    }
                    Event::Empty(e) if e.name().as_ref() == "seg" && segment.is_none() => {
                        segment = Some(Segment::default())
                    }
                    Event::Start(e) => this.content(at, e, None)?,
                    Event::End(_) => return Ok(segment),
                    Event::Eof => return Err(this.error(start, Problem::Unclosed("tuv".into()))),
                    other => this.check_text(at, other)?,
                }
            }
        })
    }

    /// The units of a `<tu>`, or why it has none.
    fn pairs(&mut self, start: At, mut tu: Tu) {
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
            let (variant, unit) = (&mut tu.variants[t].stamps, &mut tu.stamps);
            let (variant_moved, unit_moved) = (moved || !target_again, moved);
            let creation_id = take_or_clone(&mut variant.creation_id, variant_moved)
                .or_else(|| take_or_clone(&mut unit.creation_id, unit_moved));
            let change_id = take_or_clone(&mut variant.change_id, variant_moved)
                .or_else(|| take_or_clone(&mut unit.change_id, unit_moved));
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
    fn inline(&mut self, start: At, name: &str, segment: &mut Segment) -> Result<(), Stop> {
        self.with_buffer(|this, buffer| {
            loop {
                let (at, event) = this.next(buffer)?;
                match &event {
                    Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "hi" => {
                        let [x, ty] = this.attributes(at, e, ["x", "type"])?;
                        segment.push_code(Code {
                            kind: CodeKind::HiStart,
                            id: x.map(Cow::into_owned).unwrap_or_default(),
                            ty: ty.map(Cow::into_owned),
                            original: String::new(),
                        });
                        if matches!(event, Event::Start(_)) {
                            this.inline(at, "hi", segment)?;
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
                            this.content(at, e, Some(&mut original))?;
                        }
                        let code = this.code(at, e, original)?;
                        segment.push_code(code);
                    }
                    Event::Start(e) => {
                        let name = e.name().as_ref().to_string();
                        this.inline(at, &name, segment)?;
                    }
                    Event::Empty(_) | Event::Comment(_) | Event::PI(_) => {}
                    Event::End(_) => return Ok(()),
                    Event::Eof => return Err(this.error(start, Problem::Unclosed(name.into()))),
                    other => {
                        if let Some(text) = this.text_of(at, other)? {
                            segment.push_text(&text);
                        }
                    }
                }
            }
        })
    }

    fn code(&self, at: At, element: &BytesStart<'_>, original: String) -> Result<Code, Stop> {
        let [i, x, ty, pos] = self.attributes(at, element, ["i", "x", "type", "pos"])?;
        // An `i` that leaves nothing pairs nothing.
        let (i, x, ty) = (writable(i).filter(|i| !i.is_empty()), writable(x), writable(ty));
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
        Ok(Code {
            kind,
            id: id.map(Cow::into_owned).unwrap_or_default(),
            ty: ty.map(Cow::into_owned),
            original,
        })
    }

    /// Reads up to the end of the element opened at `start`, appending its
    /// text (that of nested elements too) to `text` if given.
    fn content(
        &mut self,
        start: At,
        element: &BytesStart<'_>,
        mut text: Option<&mut String>,
    ) -> Result<(), Stop> {
        self.with_buffer(|this, buffer| {
            let mut depth = 0usize;
            loop {
                let (at, event) = this.next(buffer)?;
                match &event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) if depth == 0 => return Ok(()),
                    Event::End(_) => depth -= 1,
                    Event::Eof => {
                        let name = element.name().as_ref().to_string();
                        return Err(this.error(start, Problem::Unclosed(name)));
                    }
                    other => match text.as_deref_mut() {
                        Some(text) => text.push_str(&this.text_of(at, other)?.unwrap_or_default()),
                        None => this.check_text(at, other)?,
                    },
                }
            }
        })
    }

    /// Text where TMX has no text to keep: only its references are checked.
    fn check_text(&self, at: At, event: &Event<'_>) -> Result<(), Stop> {
        if let Event::GeneralRef(_) = event {
            self.text_of(at, event)?;
        }
        Ok(())
    }

    /// The text of a text, CDATA or reference event.
    fn text_of<'e>(&self, at: At, event: &Event<'e>) -> Result<Option<Cow<'e, str>>, Stop> {
        Ok(Some(match event {
            Event::Text(t) => t.xml10_content(),
            Event::CData(c) => c.xml10_content(),
            Event::GeneralRef(r) => xml::reference(r).map_err(|e| match e {
                xml::ReferenceError::Malformed(message) => self.error(at, Problem::Xml(message)),
                xml::ReferenceError::Undefined(name) => self.error(at, Problem::UnknownEntity(name)),
            })?,
            _ => return Ok(None),
        }))
    }

    /// The values of the attributes named, in that order.
    fn attributes<'e, const N: usize>(
        &self,
        at: At,
        element: &'e BytesStart<'_>,
        names: [&str; N],
    ) -> Result<[Option<Cow<'e, str>>; N], Stop> {
        let mut values = [const { None }; N];
        for attribute in element.attributes() {
            let attribute = attribute.map_err(|e| self.error(at, Problem::Xml(e.to_string())))?;
            if let Some(i) = names.iter().position(|n| *n == attribute.key.as_ref()) {
                let value = attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|e| self.error(at, Problem::Xml(e.to_string())))?;
                values[i] = Some(value);
            }
        }
        Ok(values)
    }

    fn stamps(&mut self, at: At, element: &BytesStart<'_>) -> Result<Stamps, Stop> {
        let [creation_date, creation_id, change_date, change_id] =
            self.attributes(at, element, ["creationdate", "creationid", "changedate", "changeid"])?;
        let mut date = |attribute: &'static str, value: Option<Cow<'_, str>>| {
            let value = value?;
            let date = Date::parse(&value);
            if date.is_none() {
                self.skip(at, SkipReason::BadDate { attribute, value: value.into_owned() });
            }
            date
        };
        Ok(Stamps {
            creation_date: date("creationdate", creation_date),
            creation_id: creation_id.map(Cow::into_owned),
            change_date: date("changedate", change_date),
            change_id: change_id.map(Cow::into_owned),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Inline;

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
}
