//! TMX files: reading TMX 1.1–1.4b in UTF-8 or UTF-16 into units of the
//! project's language pairs, with a report of what was left out, and writing
//! a memory as TMX 1.4b, deterministically.
//!
//! Reading streams the file with quick-xml. Nothing is fetched and no entity
//! is expanded but XML's five built-in ones and character references: a
//! document type with entity declarations is refused, so no file can make the
//! reader grow text (the "billion laughs") or reach outside. A file is read a
//! piece at a time ([`read_file`]): only its units are kept, never its whole
//! text, and the line and column of an error are found by reading it again.

use super::unit::order_prefix;
use super::{Date, Unit};
use super::{Error, Problem, lang_matches, order};
use crate::segment::{Code, CodeKind, Inline, Segment};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, escape::resolve_predefined_entity};
use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead};
use std::path::Path;

/// The `<prop>` type holding the Fluent ID of a unit.
pub const FLUENT_ID_PROP: &str = "x-fluent-id";
/// The prop that names the `.ftl` file of a unit's Fluent ID, relative to
/// its locale's folder: IDs are unique in a file, not in a project.
pub const FLUENT_FILE_PROP: &str = "x-fluent-file";

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
    let slice = Slice { text: text.as_bytes(), at: 0, newlines: 0 };
    parse(slice, source, targets).map_err(|stop| match stop {
        Stop::Malformed { offset, problem } => malformed(&text, offset, problem),
        Stop::Tmx(error) => error,
        // Reading from memory does not fail.
        Stop::Io(e) => malformed(&text, text.len(), Problem::Xml(e.to_string())),
    })
}

/// Reads a TMX file as [`read`] reads its bytes, a piece at a time: the
/// file's text is never held whole, only its units. (An encoding error is
/// reported where reading reaches it, so a file that is also malformed
/// before that point gives the first of its errors.)
pub fn read_file(path: &Path, source: &str, targets: &[&str]) -> crate::error::Result<Read> {
    let file = File::open(path).map_err(|e| crate::error::Error::io(path, e))?;
    read_stream(file, source, targets).map_err(|stop| file_error(path, stop))
}

/// Why reading stopped, before the line and column of a malformed file's
/// error are known.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The file is malformed at this byte offset of its text in UTF-8.
    Malformed {
        offset: usize,
        problem: Problem,
    },
    /// The file is read, but has nothing for the project.
    Tmx(Error),
    Io(io::Error),
}

/// Reads TMX from any input, a piece at a time (see [`read_file`]).
pub(crate) fn read_stream(input: impl io::Read, source: &str, targets: &[&str]) -> Result<Read, Stop> {
    parse(Decoder::new(input), source, targets)
}

/// The error of a file that [`read_stream`] stopped reading: for a malformed
/// file, the file is read again up to the error, to tell its line and column.
pub(crate) fn file_error(path: &Path, stop: Stop) -> crate::error::Error {
    let tmx = |source| crate::error::Error::Tmx { path: path.to_path_buf(), source };
    match stop {
        Stop::Malformed { offset, problem } => {
            match File::open(path).and_then(|file| locate(Decoder::new(io::BufReader::new(file)), offset)) {
                Ok((line, column)) => tmx(Error::Malformed { line, column, problem }),
                Err(e) => crate::error::Error::io(path, e),
            }
        }
        Stop::Tmx(error) => tmx(error),
        Stop::Io(e) => crate::error::Error::io(path, e),
    }
}

fn parse<S: Source>(input: S, source: &str, targets: &[&str]) -> Result<Read, Stop> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().trim_text(false);
    let mut parser = Parser {
        reader,
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

/// The line and column (1-based, the column in characters) of a byte
/// offset of a text read from `input`, as [`malformed`] tells them.
fn locate(mut input: impl BufRead, offset: usize) -> io::Result<(usize, usize)> {
    let (mut at, mut line, mut column) = (0usize, 1usize, 1usize);
    while at < offset {
        let chunk = match input.fill_buf() {
            Ok([]) => break,
            Ok(chunk) => chunk,
            // An encoding error at the offset: what comes before is read.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => break,
            Err(e) => return Err(e),
        };
        let chunk = &chunk[..chunk.len().min(offset - at)];
        for &b in chunk {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if !is_continuation(b) {
                column += 1;
            }
        }
        // An offset inside a character points at the character, whose
        // first byte is counted already.
        if at + chunk.len() == offset {
            let used = chunk.len();
            let next = input.fill_buf().ok().and_then(|rest| rest.get(used).copied());
            column -= usize::from(next.is_some_and(is_continuation));
            break;
        }
        let used = chunk.len();
        input.consume(used);
        at += used;
    }
    Ok((line, column))
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// What the parser reads: UTF-8 text, with the number of line feeds before
/// the current position (for the lines of what is left out) and what stopped
/// it, if the input did.
trait Source: BufRead {
    fn newlines(&self) -> usize;
    fn failure(&mut self) -> Option<Stop>;
}

/// Text in memory.
struct Slice<'t> {
    text: &'t [u8],
    at: usize,
    newlines: usize,
}

impl io::Read for Slice<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.fill_buf()?.len().min(out.len());
        out[..n].copy_from_slice(&self.text[self.at..self.at + n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Slice<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        Ok(&self.text[self.at..])
    }

    fn consume(&mut self, amount: usize) {
        let end = (self.at + amount).min(self.text.len());
        self.newlines += count_newlines(&self.text[self.at..end]);
        self.at = end;
    }
}

impl Source for Slice<'_> {
    fn newlines(&self) -> usize {
        self.newlines
    }

    fn failure(&mut self) -> Option<Stop> {
        None
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// How many bytes are read from a file at a time.
const CHUNK: usize = 1 << 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// A TMX file's bytes as UTF-8 text, a piece at a time, as [`decode`] reads
/// them whole: UTF-16 after its byte-order mark (or when the file starts with
/// `<?` in UTF-16), else UTF-8 without its byte-order mark. Invalid text
/// ends the text where it starts, with an error the parser is given.
struct Decoder<R> {
    input: R,
    /// Not known until the first bytes are read.
    encoding: Option<Encoding>,
    /// Bytes read but not decoded yet (a character cut by the end of a read).
    raw: Vec<u8>,
    /// Decoded text, `text[at..]` not consumed yet.
    text: Vec<u8>,
    at: usize,
    /// Bytes of text decoded before `text`'s.
    offset: usize,
    newlines: usize,
    /// What ends the text once `text` is consumed.
    stop: Option<Stop>,
    end: bool,
}

impl<R: io::Read> Decoder<R> {
    fn new(input: R) -> Decoder<R> {
        Decoder {
            input,
            encoding: None,
            raw: Vec::with_capacity(CHUNK),
            text: Vec::with_capacity(CHUNK),
            at: 0,
            offset: 0,
            newlines: 0,
            stop: None,
            end: false,
        }
    }

    /// Reads and decodes until there is text, the input ends, or it fails.
    fn refill(&mut self) {
        self.offset += self.text.len();
        self.text.clear();
        self.at = 0;
        while self.text.is_empty() && self.stop.is_none() && !(self.end && self.raw.is_empty()) {
            if !self.end {
                let start = self.raw.len();
                self.raw.resize(start + CHUNK, 0);
                match self.input.read(&mut self.raw[start..]) {
                    Ok(n) => {
                        self.raw.truncate(start + n);
                        self.end = n == 0;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                        self.raw.truncate(start);
                        continue;
                    }
                    Err(e) => {
                        self.raw.truncate(start);
                        self.stop = Some(Stop::Io(e));
                        break;
                    }
                }
            }
            if self.encoding.is_none() {
                if self.raw.len() < 4 && !self.end {
                    continue;
                }
                self.detect();
            }
            self.decode();
        }
    }

    fn detect(&mut self) {
        let (encoding, mark) = match self.raw.as_slice() {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
            [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
            [b'<', 0, b'?', 0, ..] => (Encoding::Utf16Le, 0),
            [0, b'<', 0, b'?', ..] => (Encoding::Utf16Be, 0),
            _ => (Encoding::Utf8, 0),
        };
        self.raw.drain(..mark);
        self.encoding = Some(encoding);
    }

    /// Decodes what `raw` holds, keeping a character cut at its end for the
    /// next read unless the input has ended.
    fn decode(&mut self) {
        let fail = |name| Some(Stop::Malformed { offset: 0, problem: Problem::Encoding(name) });
        let (used, failure) = match self.encoding {
            Some(Encoding::Utf8) | None => match std::str::from_utf8(&self.raw) {
                Ok(_) => {
                    self.text.extend_from_slice(&self.raw);
                    (self.raw.len(), None)
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    self.text.extend_from_slice(&self.raw[..valid]);
                    let failed = e.error_len().is_some() || self.end;
                    (valid, if failed { fail("UTF-8") } else { None })
                }
            },
            Some(encoding) => {
                let (unit, name): (fn([u8; 2]) -> u16, _) = match encoding {
                    Encoding::Utf16Be => (u16::from_be_bytes, "UTF-16BE"),
                    _ => (u16::from_le_bytes, "UTF-16LE"),
                };
                let pairs = self.raw.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
                let mut used = 0;
                let mut failure = None;
                let mut utf8 = [0u8; 4];
                for c in char::decode_utf16(pairs) {
                    match c {
                        Ok(c) => {
                            self.text.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                            used += 2 * c.len_utf16();
                        }
                        // A high surrogate at the end of what was read may
                        // have its pair in the next read.
                        Err(e)
                            if !self.end
                                && used + 2 == self.raw.len() / 2 * 2
                                && is_high(e.unpaired_surrogate()) =>
                        {
                            break;
                        }
                        Err(_) => {
                            failure = fail(name);
                            break;
                        }
                    }
                }
                if failure.is_none() && self.end && used < self.raw.len() {
                    // An odd byte at the end: after the text, as `decode` says.
                    used = self.raw.len();
                    failure = fail(name);
                }
                (used, failure)
            }
        };
        self.raw.drain(..used);
        if let Some(Stop::Malformed { problem, .. }) = failure {
            self.stop = Some(Stop::Malformed { offset: self.offset + self.text.len(), problem });
            self.raw.clear();
        }
    }
}

fn is_high(surrogate: u16) -> bool {
    (0xD800..0xDC00).contains(&surrogate)
}

impl<R: io::Read> io::Read for Decoder<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: io::Read> BufRead for Decoder<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at == self.text.len() {
            self.refill();
        }
        if self.at == self.text.len() {
            match &self.stop {
                Some(Stop::Io(e)) => return Err(io::Error::new(e.kind(), e.to_string())),
                Some(_) => return Err(io::Error::new(io::ErrorKind::InvalidData, "invalid text")),
                None => {}
            }
        }
        Ok(&self.text[self.at..])
    }

    fn consume(&mut self, amount: usize) {
        let end = (self.at + amount).min(self.text.len());
        self.newlines += count_newlines(&self.text[self.at..end]);
        self.at = end;
    }
}

impl<R: io::Read> Source for Decoder<R> {
    fn newlines(&self) -> usize {
        self.newlines
    }

    fn failure(&mut self) -> Option<Stop> {
        self.stop.take()
    }
}

/// Where an event starts: its byte offset, and its line for what is left out.
#[derive(Clone, Copy)]
struct At {
    offset: usize,
    line: usize,
}

struct Parser<'a, S> {
    reader: Reader<S>,
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

impl<S: Source> Parser<'_, S> {
    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
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
                if let Some(stop) = self.reader.get_mut().failure() {
                    return Err(stop);
                }
                let offset = usize::try_from(self.reader.error_position()).unwrap_or(at.offset);
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
                    Event::DocType(content) => {
                        // The content ends just before the `>` that ends the event.
                        let content: &[u8] = content.as_bytes();
                        if let Some(i) = content.windows(8).position(|w| w == b"<!ENTITY") {
                            let offset = this.position() - 1 - (content.len() - i);
                            return Err(Stop::Malformed { offset, problem: Problem::EntityDeclaration });
                        }
                    }
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

/// The memory as a TMX 1.4b document, valid against its DTD: units in
/// [memory order](order), one `<tu>` each, the Fluent ID as a `<prop>`,
/// dates as TMX writes them. The same units give the same bytes.
pub fn write(units: &[Unit], source_lang: &str) -> String {
    let mut out = String::with_capacity(256 + units.len() * 256);
    // Nothing is flushed: the whole document stays in `out`.
    let written = write_units(units, source_lang, &mut out, |_| Ok(()));
    debug_assert!(written.is_ok());
    out
}

/// Writes what [`write`] returns to `output`, a piece at a time, so that the
/// document is never held whole.
pub fn write_to(units: &[Unit], source_lang: &str, mut output: impl io::Write) -> io::Result<()> {
    const PIECE: usize = 1 << 16;
    let mut piece = String::with_capacity(2 * PIECE);
    write_units(units, source_lang, &mut piece, |piece| {
        if piece.len() >= PIECE {
            output.write_all(piece.as_bytes())?;
            piece.clear();
        }
        Ok(())
    })?;
    output.write_all(piece.as_bytes())?;
    output.flush()
}

/// Writes the document into `out`, calling `flush` after each unit, which
/// may take what `out` holds.
fn write_units(
    units: &[Unit],
    source_lang: &str,
    out: &mut String,
    mut flush: impl FnMut(&mut String) -> io::Result<()>,
) -> io::Result<()> {
    let mut sorted: Vec<&Unit> = units.iter().collect();
    // Most often the units are in memory order already, which this sees.
    sorted.sort_by(|a, b| order(a, b));
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n");
    out.push_str("<tmx version=\"1.4\">\n  <header creationtool=\"fluentpress\" creationtoolversion=\"");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"");
    escape(out, source_lang, true);
    out.push_str("\" o-tmf=\"fluentpress\"/>\n  <body>\n");
    for unit in sorted {
        write_unit(out, unit, source_lang);
        flush(out)?;
    }
    out.push_str("  </body>\n</tmx>\n");
    Ok(())
}

/// Whether reading (with `source` and `targets`) what [`write`] writes of
/// `units` gives them back as they are, in this order: the units are in
/// memory order, have the languages and text that reading gives, and nothing
/// the writer leaves out or changes (characters XML cannot hold, unpaired
/// `<hi>` boundaries, begin and end codes without `i`, codes of other formats).
pub(crate) fn reads_back(units: &[Unit], source: &str, targets: &[&str]) -> bool {
    let mut previous: Option<(&Unit, u128)> = None;
    for unit in units {
        let prefix = order_prefix(unit);
        if let Some((before, before_prefix)) = previous {
            let in_order = before_prefix < prefix || (before_prefix == prefix && order(before, unit).is_le());
            if !in_order {
                return false;
            }
        }
        if !unit_reads_back(unit, source, targets) {
            return false;
        }
        previous = Some((unit, prefix));
    }
    true
}

fn unit_reads_back(unit: &Unit, source: &str, targets: &[&str]) -> bool {
    let kept = |text: &Option<String>| text.as_deref().is_none_or(text_reads_back);
    unit.source_lang == source
        && targets.contains(&unit.target_lang.as_str())
        && targets.iter().filter(|t| lang_matches(t, &unit.target_lang)).count() == 1
        && !unit.source.is_blank()
        && !unit.target.is_blank()
        && segment_reads_back(&unit.source)
        && segment_reads_back(&unit.target)
        && [&unit.fluent_id, &unit.creation_id, &unit.change_id].into_iter().all(kept)
        && unit
            .props
            .iter()
            .all(|(ty, value)| ty != FLUENT_ID_PROP && text_reads_back(ty) && text_reads_back(value))
        && unit.notes.iter().all(|note| text_reads_back(note))
}

fn segment_reads_back(segment: &Segment) -> bool {
    let mut open_hi = 0usize;
    for inline in segment.inlines() {
        let code = match inline {
            Inline::Text(text) => {
                if !text_reads_back(text) {
                    return false;
                }
                continue;
            }
            Inline::Code(code) => code,
            Inline::Foreign(_) => return false,
        };
        let texts = text_reads_back(&code.id)
            && code.ty.as_deref().is_none_or(text_reads_back)
            && text_reads_back(&code.original);
        let shape = match code.kind {
            CodeKind::HiStart => {
                open_hi += 1;
                code.original.is_empty()
            }
            CodeKind::HiEnd if open_hi > 0 => {
                open_hi -= 1;
                code.id.is_empty() && code.ty.is_none() && code.original.is_empty()
            }
            CodeKind::HiEnd => false,
            CodeKind::Bpt => !code.id.is_empty(),
            CodeKind::Ept => !code.id.is_empty() && code.ty.is_none(),
            CodeKind::Ph | CodeKind::ItBegin | CodeKind::ItEnd => true,
        };
        if !(texts && shape) {
            return false;
        }
    }
    open_hi == 0
}

/// Text that [`escape`] writes whole.
fn text_reads_back(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 => true,
        // U+FFFE and U+FFFF.
        0xEF => matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])),
        _ => false,
    })
}

fn write_unit(out: &mut String, unit: &Unit, source_lang: &str) {
    out.push_str("    <tu");
    if !unit.source_lang.eq_ignore_ascii_case(source_lang) {
        attribute(out, "srclang", Some(&unit.source_lang));
    }
    let dates = [unit.creation_date, unit.change_date].map(|d| d.map(Date::compact));
    // The digits, `T` and `Z` are ASCII.
    let dates = dates.each_ref().map(|d| d.as_ref().and_then(|d| std::str::from_utf8(d).ok()));
    attribute(out, "creationdate", dates[0]);
    attribute(out, "creationid", unit.creation_id.as_deref());
    attribute(out, "changedate", dates[1]);
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
    let bytes = text.as_bytes();
    let mut done = 0;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        // Every character written otherwise starts with one of these bytes.
        let (replacement, length) = match byte {
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'&' => ("&amp;", 1),
            b'\r' => ("&#13;", 1),
            b'"' if in_attribute => ("&quot;", 1),
            b'\n' if in_attribute => ("&#10;", 1),
            b'\t' if in_attribute => ("&#9;", 1),
            b'\n' | b'\t' | b'"' => {
                at += 1;
                continue;
            }
            0..0x20 => ("", 1),
            // U+FFFE and U+FFFF.
            0xEF if matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            _ => {
                at += 1;
                continue;
            }
        };
        out.push_str(&text[done..at]);
        out.push_str(replacement);
        at += length;
        done = at;
    }
    out.push_str(&text[done..]);
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
        let mut out = String::new();
        escape(&mut out, "\u{FFFE}a\u{FFFD}\"\n\t\u{1F}é\u{EFFF}\r<&>", false);
        assert_eq!(out, "a\u{FFFD}\"\n\té\u{EFFF}&#13;&lt;&amp;&gt;");
        let mut out = String::new();
        escape(&mut out, "\"\n\t\u{0}x\u{FFFF}", true);
        assert_eq!(out, "&quot;&#10;&#9;x");
    }

    /// Input given one byte at a time, to cut every character.
    struct Trickle<'b>(&'b [u8]);

    impl io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(out.len()).min(1);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn decoded(input: &[u8]) -> (Vec<u8>, Option<(usize, Problem)>) {
        let mut decoder = Decoder::new(Trickle(input));
        let mut text = Vec::new();
        loop {
            match decoder.fill_buf() {
                Ok([]) => return (text, None),
                Ok(chunk) => {
                    let n = chunk.len();
                    text.extend_from_slice(chunk);
                    decoder.consume(n);
                }
                Err(_) => match decoder.failure() {
                    Some(Stop::Malformed { offset, problem }) => return (text, Some((offset, problem))),
                    other => panic!("{other:?}"),
                },
            }
        }
    }

    #[test]
    fn the_decoder_reads_what_decode_reads_a_byte_at_a_time() {
        let text = "<?xml?>\n<tmx>Kraków 𝄞 \u{FEFF}é</tmx>";
        let utf16 = |big: bool, mark: bool| {
            let mut bytes =
                if mark { if big { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] } } else { Vec::new() };
            for unit in text.encode_utf16() {
                bytes.extend(if big { unit.to_be_bytes() } else { unit.to_le_bytes() });
            }
            bytes
        };
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        for input in [
            text.as_bytes().to_vec(),
            bom,
            utf16(false, true),
            utf16(true, true),
            utf16(false, false),
            utf16(true, false),
        ] {
            assert_eq!(decode(&input).ok().as_deref(), Some(text));
            assert_eq!(decoded(&input), (text.as_bytes().to_vec(), None));
        }
        let mut odd = utf16(false, true);
        odd.push(b'x');
        assert_eq!(
            decoded(&odd),
            (text.as_bytes().to_vec(), Some((text.len(), Problem::Encoding("UTF-16LE"))))
        );
        let mut lone = utf16(true, true);
        lone.extend([0xD8, 0x00, 0x00, b'a']);
        assert_eq!(decoded(&lone).1, Some((text.len(), Problem::Encoding("UTF-16BE"))));
        let bad = [b'a', b'\n', 0xC3, b'(', b'b'];
        assert_eq!(decoded(&bad), (b"a\n".to_vec(), Some((2, Problem::Encoding("UTF-8")))));
        let cut = [b'a', 0xE2, 0x82];
        assert_eq!(decoded(&cut), (b"a".to_vec(), Some((1, Problem::Encoding("UTF-8")))));
        assert_eq!(decoded(b""), (Vec::new(), None));
        assert_eq!(decoded(b"<"), (b"<".to_vec(), None));
    }

    #[test]
    fn errors_are_located_as_in_the_whole_text() {
        let text = "ab\ncdé\nf";
        for offset in 0..=text.len() + 2 {
            let expected = match malformed(text, offset, Problem::AfterRoot("x")) {
                Error::Malformed { line, column, .. } => (line, column),
                other => panic!("{other:?}"),
            };
            let found = locate(Decoder::new(Trickle(text.as_bytes())), offset).expect("read");
            assert_eq!(found, expected, "at {offset}");
        }
    }
}
