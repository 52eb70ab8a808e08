//! The one streaming XML input layer, under the TMX and XLIFF readers, and
//! the one escaper under their writers.
//!
//! Rules:
//! - Input is UTF-8 (with or without a byte-order mark) or UTF-16 in either
//!   byte order (after a byte-order mark, or when the file starts with `<`).
//!   UTF-32 is refused; invalid text ends the text where it starts, with an
//!   [`EncodingError`] the reader reports there. Nothing else is guessed:
//!   a declared encoding is the reader's [`Policy`] to check.
//! - Text is decoded a chunk at a time: a file is never held whole.
//! - No entity is ever declared, fetched or expanded but XML's five and
//!   character references ([`reference`]); what a document type may hold is
//!   the reader's [`Policy`].
//! - Positions are byte offsets of the decoded text while reading, told as
//!   1-based line and column (in characters) by reading the input again
//!   ([`locate`]), so that no reader pays for them until an error.
//! - [`escape`] is the only way text is written into XML; characters XML
//!   cannot hold go to a handler the writer chooses.

pub(crate) mod tree;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, Event};
use quick_xml::{NsReader, Reader};
use std::borrow::Cow;
use std::io::{self, BufRead};

/// The namespace of the `xml:` prefix.
pub(crate) const NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// What a reader accepts beyond well-formed XML.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Policy {
    /// A document type is refused outright, or only when it declares an
    /// entity (a TMX file names its DTD in one).
    pub doctype: Doctype,
    /// An XML declaration naming an encoding other than UTF-8 or UTF-16 is
    /// refused; otherwise it is ignored (TMX files often name one their text
    /// is not in).
    pub check_declared_encoding: bool,
    /// Comments holding `--` are malformed.
    pub check_comments: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Doctype {
    Refused,
    WithoutEntities,
}

/// Why the prolog of a document is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    Doctype,
    /// An entity declaration, this many bytes before the end of its
    /// document type's event.
    EntityDeclaration {
        before_end: u64,
    },
    /// The encoding the XML declaration names, in lower case.
    DeclaredEncoding(String),
    /// A document type whose name is not followed by `SYSTEM "…"`,
    /// `PUBLIC "…" "…"`, an internal subset or nothing.
    MalformedDoctype,
}

/// Whether a document type's content (after `<!DOCTYPE`) is a name, then
/// nothing, an external ID, or an internal subset, as XML's grammar says.
fn doctype_is_well_formed(content: &[u8]) -> bool {
    let text = String::from_utf8_lossy(content);
    let text = text.trim_start();
    let name_end = text.find(|c: char| c.is_whitespace() || c == '[').unwrap_or(text.len());
    if name_end == 0 {
        return false;
    }
    let rest = text[name_end..].trim_start();
    // A quoted literal at the start of `text`, and what follows it.
    let literal = |text: &str| -> Option<usize> {
        let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        text[1..].find(quote).map(|end| end + 2)
    };
    let after_id = if let Some(ids) = rest.strip_prefix("SYSTEM") {
        let ids = ids.trim_start();
        literal(ids).map(|n| &ids[n..])
    } else if let Some(ids) = rest.strip_prefix("PUBLIC") {
        let ids = ids.trim_start();
        literal(ids).and_then(|n| {
            let system = ids[n..].trim_start();
            literal(system).map(|m| &system[m..])
        })
    } else {
        Some(rest)
    };
    after_id.is_some_and(|tail| {
        let tail = tail.trim_start();
        tail.is_empty() || tail.starts_with('[')
    })
}

/// Checks an event against what `policy` refuses in a prolog: document
/// types and declared encodings. Other events pass.
pub(crate) fn check_prolog(policy: Policy, event: &Event<'_>) -> Result<(), Refusal> {
    match event {
        Event::DocType(_) if policy.doctype == Doctype::Refused => Err(Refusal::Doctype),
        Event::DocType(content) => {
            // The content ends just before the `>` that ends the event.
            let content = content.as_bytes();
            match content.windows(8).position(|w| w == b"<!ENTITY") {
                Some(i) => Err(Refusal::EntityDeclaration { before_end: (1 + content.len() - i) as u64 }),
                None if !doctype_is_well_formed(content) => Err(Refusal::MalformedDoctype),
                None => Ok(()),
            }
        }
        Event::Decl(decl) if policy.check_declared_encoding => match decl.encoding() {
            Some(Ok(declared)) => {
                let declared = declared.to_ascii_lowercase();
                match declared.as_str() {
                    "utf-8" | "utf8" | "utf-16" | "utf-16le" | "utf-16be" => Ok(()),
                    _ => Err(Refusal::DeclaredEncoding(declared)),
                }
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Why a reference cannot be expanded.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReferenceError {
    /// A character reference that is not one; quick-xml's message.
    Malformed(String),
    /// A reference to an entity that is not one of XML's five.
    Undefined(String),
}

/// The text of a character reference or of one of XML's five entities.
pub(crate) fn reference(reference: &BytesRef<'_>) -> Result<Cow<'static, str>, ReferenceError> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => Ok(Cow::Owned(c.to_string())),
        Ok(None) => match resolve_predefined_entity(reference) {
            Some(text) => Ok(Cow::Borrowed(text)),
            None => Err(ReferenceError::Undefined(String::from(&**reference))),
        },
        Err(e) => Err(ReferenceError::Malformed(e.to_string())),
    }
}

/// A reader of `input`'s decoded text, configured as `policy` says.
pub(crate) fn reader<R: io::Read>(input: R, policy: Policy) -> Reader<Decoder<R>> {
    let mut reader = Reader::from_reader(Decoder::new(input));
    configure(reader.config_mut(), policy);
    reader
}

/// A reader that resolves namespaces, as [`reader`].
pub(crate) fn ns_reader<R: io::Read>(input: R, policy: Policy) -> NsReader<Decoder<R>> {
    let mut reader = NsReader::from_reader(Decoder::new(input));
    configure(reader.config_mut(), policy);
    reader
}

fn configure(config: &mut quick_xml::reader::Config, policy: Policy) {
    config.trim_text(false);
    config.check_end_names = true;
    config.check_comments = policy.check_comments;
    config.expand_empty_elements = false;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EncodingError {
    /// Bytes that are not text in the input's encoding, or an input that
    /// ends inside a character.
    Invalid(Encoding),
    /// A UTF-32 input, which is not read.
    Utf32,
}

/// What stopped the decoded text before the input's end.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Invalid text at this byte offset of the decoded text.
    Encoding {
        offset: u64,
        error: EncodingError,
    },
    Io(io::Error),
}

/// How many bytes are read from the input at a time.
const CHUNK: usize = 1 << 16;

/// An input's bytes as UTF-8 text, a chunk at a time, with the number of
/// line feeds consumed (for the lines of what a reader reports without
/// stopping). When the text cannot go on, reading fails and [`failure`]
/// says why.
///
/// [`failure`]: Decoder::failure
pub(crate) struct Decoder<R> {
    input: R,
    /// Not known until the first bytes are read.
    encoding: Option<Encoding>,
    /// Bytes read but not decoded yet (a character cut by the end of a read).
    raw: Vec<u8>,
    /// Decoded text, `text[at..]` not consumed yet.
    text: Vec<u8>,
    at: usize,
    /// Bytes of text decoded before `text`'s.
    offset: u64,
    newlines: usize,
    /// What ends the text once `text` is consumed.
    stop: Option<Failure>,
    end: bool,
}

impl<R: io::Read> Decoder<R> {
    pub(crate) fn new(input: R) -> Decoder<R> {
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

    /// Line feeds in the text consumed so far.
    pub(crate) fn newlines(&self) -> usize {
        self.newlines
    }

    /// Why reading failed, once.
    pub(crate) fn failure(&mut self) -> Option<Failure> {
        self.stop.take()
    }

    /// Reads and decodes until there is text, the input ends, or it fails.
    fn refill(&mut self) {
        self.offset += self.text.len() as u64;
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
                        self.stop = Some(Failure::Io(e));
                        break;
                    }
                }
            }
            if self.encoding.is_none() {
                if self.raw.len() < 4 && !self.end {
                    continue;
                }
                if let Err(error) = self.detect() {
                    self.stop = Some(Failure::Encoding { offset: 0, error });
                    self.raw.clear();
                    break;
                }
            }
            self.decode();
        }
    }

    fn detect(&mut self) -> Result<(), EncodingError> {
        let (encoding, mark) = match self.raw.as_slice() {
            [0, 0, 0xFE, 0xFF, ..] | [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0, b'<', ..] | [b'<', 0, 0, 0, ..] => {
                return Err(EncodingError::Utf32);
            }
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
            [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
            [b'<', 0, ..] => (Encoding::Utf16Le, 0),
            [0, b'<', ..] => (Encoding::Utf16Be, 0),
            _ => (Encoding::Utf8, 0),
        };
        self.raw.drain(..mark);
        self.encoding = Some(encoding);
        Ok(())
    }

    /// Decodes what `raw` holds, keeping a character cut at its end for the
    /// next read unless the input has ended.
    fn decode(&mut self) {
        let encoding = self.encoding.unwrap_or(Encoding::Utf8);
        let (used, failed) = match encoding {
            Encoding::Utf8 => match std::str::from_utf8(&self.raw) {
                Ok(_) => {
                    self.text.extend_from_slice(&self.raw);
                    (self.raw.len(), false)
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    self.text.extend_from_slice(&self.raw[..valid]);
                    (valid, e.error_len().is_some() || self.end)
                }
            },
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let unit =
                    if encoding == Encoding::Utf16Be { u16::from_be_bytes } else { u16::from_le_bytes };
                let pairs = self.raw.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
                let mut used = 0;
                let mut failed = false;
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
                                && (0xD800..0xDC00).contains(&e.unpaired_surrogate()) =>
                        {
                            break;
                        }
                        Err(_) => {
                            failed = true;
                            break;
                        }
                    }
                }
                if !failed && self.end && used < self.raw.len() {
                    // An odd byte at the end: the failure comes after the text.
                    used = self.raw.len();
                    failed = true;
                }
                (used, failed)
            }
        };
        self.raw.drain(..used);
        if failed {
            let offset = self.offset + self.text.len() as u64;
            self.stop = Some(Failure::Encoding { offset, error: EncodingError::Invalid(encoding) });
            self.raw.clear();
        }
    }
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
                Some(Failure::Io(e)) => return Err(io::Error::new(e.kind(), e.to_string())),
                Some(Failure::Encoding { .. }) => {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, "invalid text"));
                }
                None => {}
            }
        }
        Ok(&self.text[self.at..])
    }

    fn consume(&mut self, amount: usize) {
        let end = (self.at + amount).min(self.text.len());
        self.newlines += self.text[self.at..end].iter().filter(|&&b| b == b'\n').count();
        self.at = end;
    }
}

/// The line and column (1-based, the column in characters) of a byte offset
/// of the text decoded from `input`. An offset inside a character points at
/// the character; one past invalid text, at where the text ends.
pub(crate) fn locate(input: impl io::Read, offset: u64) -> io::Result<(usize, usize)> {
    let mut input = Decoder::new(input);
    let is_continuation = |byte: u8| byte & 0xC0 == 0x80;
    let (mut at, mut line, mut column) = (0u64, 1usize, 1usize);
    while at < offset {
        let chunk = match input.fill_buf() {
            Ok([]) => break,
            Ok(chunk) => chunk,
            // Invalid text at the offset: what comes before is read.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => break,
            Err(e) => return Err(e),
        };
        let chunk = &chunk[..chunk.len().min(usize::try_from(offset - at).unwrap_or(usize::MAX))];
        for &b in chunk {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if !is_continuation(b) {
                column += 1;
            }
        }
        let used = chunk.len();
        if at + used as u64 == offset {
            // The character the offset is inside was counted at its first byte.
            let next = input.fill_buf().ok().and_then(|rest| rest.get(used).copied());
            column -= usize::from(next.is_some_and(is_continuation));
            break;
        }
        input.consume(used);
        at += used as u64;
    }
    Ok((line, column))
}

/// The 1-based line of each of `offsets` (ascending byte offsets of the
/// text decoded from `input`), the input read once: what a reader that
/// keeps the line of everything it reads (a glossary's entries) asks.
pub(crate) fn lines(input: impl io::Read, offsets: &[u64]) -> io::Result<Vec<usize>> {
    let mut input = Decoder::new(input);
    let (mut at, mut line) = (0u64, 1usize);
    let mut out = Vec::with_capacity(offsets.len());
    let mut next = offsets.iter().copied().peekable();
    loop {
        let chunk = match input.fill_buf() {
            Ok([]) => break,
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => break,
            Err(e) => return Err(e),
        };
        for (i, &b) in chunk.iter().enumerate() {
            while next.next_if(|&offset| offset <= at + i as u64).is_some() {
                out.push(line);
            }
            line += usize::from(b == b'\n');
        }
        let used = chunk.len();
        input.consume(used);
        at += used as u64;
    }
    out.extend(next.map(|_| line));
    Ok(out)
}

/// Whether XML 1.0 can hold a code point, as text or as a reference.
pub(crate) fn is_xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// The character XML cannot hold that starts at `bytes[at]`, and its length,
/// if one does. Of the characters a `str` holds, only C0 controls but tab,
/// line feed and carriage return, U+FFFE and U+FFFF are such.
fn forbidden_at(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    match bytes[at] {
        b'\t' | b'\n' | b'\r' => None,
        byte @ 0..0x20 => Some((char::from(byte), 1)),
        0xEF => match bytes.get(at + 1..at + 3) {
            Some([0xBF, 0xBE]) => Some(('\u{FFFE}', 3)),
            Some([0xBF, 0xBF]) => Some(('\u{FFFF}', 3)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether XML can hold all of `text`, so that [`escape`] writes it whole.
pub(crate) fn holds(text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len()).all(|at| forbidden_at(bytes, at).is_none())
}

/// What a writer puts for a character XML cannot hold.
#[derive(Clone, Copy)]
pub(crate) enum Unwritable {
    /// Nothing: the text is written without it.
    Dropped,
    /// U+FFFD, so that a reader sees something was there.
    Replaced,
}

/// `text` escaped as [`escape`] does, into a new string.
pub(crate) fn escaped(text: &str, in_attribute: bool, unwritable: Unwritable) -> String {
    let mut out = String::with_capacity(text.len());
    escape(&mut out, text, in_attribute, |out, _| {
        if let Unwritable::Replaced = unwritable {
            out.push('\u{fffd}');
        }
    });
    out
}

/// Escapes `text` into `out` for XML 1.0 content, or for a double-quoted
/// attribute value when `in_attribute`. A carriage return is written as a
/// reference so that XML's line-end normalization gives it back, as are tabs
/// and line feeds in attributes, which attribute normalization would turn
/// into spaces. A character XML cannot hold at all (see [`is_xml_char`]) is
/// handed to `forbidden`, which writes what stands for it (nothing, U+FFFD,
/// XLIFF 2's `<cp/>`) or notes that the text cannot be written.
pub(crate) fn escape(
    out: &mut String,
    text: &str,
    in_attribute: bool,
    mut forbidden: impl FnMut(&mut String, char),
) {
    let bytes = text.as_bytes();
    let mut done = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Every character written otherwise starts with one of these bytes.
        let (replacement, length) = match bytes[at] {
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'&' => ("&amp;", 1),
            b'\r' => ("&#13;", 1),
            b'"' if in_attribute => ("&quot;", 1),
            b'\n' if in_attribute => ("&#10;", 1),
            b'\t' if in_attribute => ("&#9;", 1),
            0..0x20 | 0xEF => match forbidden_at(bytes, at) {
                Some((c, length)) => {
                    out.push_str(&text[done..at]);
                    forbidden(out, c);
                    at += length;
                    done = at;
                    continue;
                }
                None => {
                    at += 1;
                    continue;
                }
            },
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

    fn decoded(input: &[u8]) -> (Vec<u8>, Option<(u64, EncodingError)>) {
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
                    Some(Failure::Encoding { offset, error }) => return (text, Some((offset, error))),
                    other => panic!("{other:?}"),
                },
            }
        }
    }

    #[test]
    fn the_decoder_reads_utf8_and_utf16_a_byte_at_a_time() {
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
            assert_eq!(decoded(&input), (text.as_bytes().to_vec(), None));
        }
        let utf16_le = EncodingError::Invalid(Encoding::Utf16Le);
        let mut odd = utf16(false, true);
        odd.push(b'x');
        assert_eq!(decoded(&odd), (text.as_bytes().to_vec(), Some((text.len() as u64, utf16_le))));
        let mut lone = utf16(true, true);
        lone.extend([0xD8, 0x00, 0x00, b'a']);
        let utf16_be = EncodingError::Invalid(Encoding::Utf16Be);
        assert_eq!(decoded(&lone).1, Some((text.len() as u64, utf16_be)));
        let utf8 = EncodingError::Invalid(Encoding::Utf8);
        let bad = [b'a', b'\n', 0xC3, b'(', b'b'];
        assert_eq!(decoded(&bad), (b"a\n".to_vec(), Some((2, utf8))));
        let cut = [b'a', 0xE2, 0x82];
        assert_eq!(decoded(&cut), (b"a".to_vec(), Some((1, utf8))));
        assert_eq!(decoded(b""), (Vec::new(), None));
        assert_eq!(decoded(b"<"), (b"<".to_vec(), None));
        for utf32 in [&[0, 0, 0xFE, 0xFF, 0, 0, 0, b'<'][..], &[b'<', 0, 0, 0, b'?', 0, 0, 0]] {
            assert_eq!(decoded(utf32), (Vec::new(), Some((0, EncodingError::Utf32))));
        }
    }

    #[test]
    fn positions_are_lines_and_characters() {
        let text = "ab\ncdé\nf";
        let expected = [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (2, 3), (2, 4), (3, 1), (3, 2)];
        for (offset, expected) in expected.into_iter().enumerate() {
            let found = locate(Trickle(text.as_bytes()), offset as u64).expect("read");
            assert_eq!(found, expected, "at {offset}");
        }
        assert_eq!(locate(Trickle(text.as_bytes()), 99).expect("read"), (3, 2));
    }

    #[test]
    fn escaping_hands_forbidden_characters_to_the_writer() {
        let mut out = String::new();
        escape(&mut out, "\u{FFFE}a\u{FFFD}\"\n\t\u{1F}é\u{EFFF}\r<&>", false, |_, _| {});
        assert_eq!(out, "a\u{FFFD}\"\n\té\u{EFFF}&#13;&lt;&amp;&gt;");
        let mut out = String::new();
        escape(&mut out, "\"\n\t\u{0}x\u{FFFF}", true, |out, c| out.push_str(&format!("[{:X}]", c as u32)));
        assert_eq!(out, "&quot;&#10;&#9;[0]x[FFFF]");
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(holds(&text), is_xml_char(c as u32), "U+{:04X}", c as u32);
        }
    }
}
