//! The XLIFF reader: 1.2, 2.0 and 2.1, streamed, trusting nothing.
//!
//! - Input in UTF-8 or UTF-16 (either byte order, with or without a BOM) is
//!   decoded as it streams; other encodings are refused.
//! - A DTD (`<!DOCTYPE`) is refused as soon as it is met, so no entity is
//!   ever declared, fetched or expanded; a reference to any entity but XML's
//!   five is an error, and so is an XInclude element.
//! - Memory holds one unit at a time (and the IDs a file's checks need):
//!   `<xliff>`, `<file>`, `<body>` and `<group>` are followed as they open
//!   and close, everything else is read whole, checked and handed on. A unit
//!   larger than [`MAX_UNIT_BYTES`] or nested deeper than [`MAX_DEPTH`] is
//!   an error.
//! - Errors carry the line and column where they are, found by reading the
//!   input again up to the error's offset.
//!
//! Units reach a [`Visitor`] in document order; XLIFF 2 units are checked
//! against the core specification's constraints first ([`super::validate`]).
//! Extensions in unknown namespaces are skipped.

use super::XliffError;
use super::validate::Xliff2;
use super::write::{XLIFF_1_2, XLIFF_2};
use crate::segment::{Code, Inline, Segment};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};
use std::collections::HashSet;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

/// The most a single unit (with everything in it) may hold, in bytes of text.
pub const MAX_UNIT_BYTES: usize = 64 << 20;
/// The deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;

pub(crate) const XML: &str = "http://www.w3.org/XML/1998/namespace";
const XLIFF_1_1: &str = "urn:oasis:names:tc:xliff:document:1.1";
const XINCLUDE: &str = "http://www.w3.org/2001/XInclude";

/// A `<file>` of the XLIFF, as its units are about to be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// `1.2`, `2.0`, `2.1`, … as the file says.
    pub version: String,
    /// The `original` attribute: the source file the units come from.
    pub original: Option<String>,
    pub source_language: String,
    pub target_language: Option<String>,
    /// The tool that wrote it, when the file says (XLIFF 1.2's `tool-id`).
    pub tool: Option<String>,
}

/// A unit as read: segments joined, codes with their original data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadUnit {
    pub id: String,
    /// `resname` in 1.2, `name` in 2.x.
    pub name: Option<String>,
    pub source: Segment,
    pub target: Option<Segment>,
    /// Some segments have a target and others not.
    pub incomplete: bool,
    /// The target's state as the file says it (`translated`, `new`,
    /// `final`, …); XLIFF 2's implicit `initial` is not reported.
    pub state: Option<String>,
    /// XLIFF 1.2's `approved="yes"`.
    pub approved: bool,
}

impl ReadUnit {
    /// Whether the file says a person confirmed the target, the same rule
    /// for every version: XLIFF 1.2's `translated`, `final` or `signed-off`
    /// states or `approved="yes"`, XLIFF 2's `translated`, `reviewed` or
    /// `final`. A target with no state claims nothing and counts as
    /// confirmed; a tool's pre-fill (`needs-review-translation`, `initial`)
    /// does not.
    pub fn confirmed(&self) -> bool {
        self.approved
            || self
                .state
                .as_deref()
                .is_none_or(|s| matches!(s, "translated" | "reviewed" | "final" | "signed-off"))
    }
}

/// What receives the file's contents. A refusal (`Err`) stops the reading
/// with the message, placed at the element being read.
pub trait Visitor {
    fn file(&mut self, file: &FileInfo) -> Result<(), String>;
    fn unit(&mut self, unit: ReadUnit) -> Result<(), String>;
}

/// The first `<file>` of an XLIFF document, read no further: what it
/// translates, from and into which language.
pub fn first_file<R: Read + Seek>(input: R) -> Result<Option<FileInfo>, XliffError> {
    struct First(Option<FileInfo>);
    const STOP: &str = "(stop)";
    impl Visitor for First {
        fn file(&mut self, file: &FileInfo) -> Result<(), String> {
            self.0 = Some(file.clone());
            Err(STOP.into())
        }
        fn unit(&mut self, _: ReadUnit) -> Result<(), String> {
            Ok(())
        }
    }
    let mut first = First(None);
    match read(input, &mut first) {
        Err(XliffError::At { message, .. }) if message == STOP => Ok(first.0),
        Err(e) => Err(e),
        Ok(()) => Ok(first.0),
    }
}

/// Reads an XLIFF document, handing its files and units to `visitor`.
pub fn read<R: Read + Seek>(mut input: R, visitor: &mut impl Visitor) -> Result<(), XliffError> {
    let refused = |e: io::Error| XliffError::Refused(format!("the XLIFF cannot be read: {e}"));
    let start = input.stream_position().map_err(refused)?;
    let outcome = match Decoded::new(&mut input) {
        Ok(decoded) => read_events(BufReader::new(decoded), visitor),
        Err(e) => Err(Positioned { offset: 0, message: e.to_string() }),
    };
    let Err(error) = outcome else { return Ok(()) };
    input.seek(SeekFrom::Start(start)).map_err(refused)?;
    let (line, column) = locate(&mut input, error.offset);
    Err(XliffError::At { line, column, message: error.message })
}

/// An error at a byte offset of the decoded text.
pub(crate) struct Positioned {
    pub offset: u64,
    pub message: String,
}

pub(crate) type Res<T> = Result<T, Positioned>;

pub(crate) fn at<T>(offset: u64, message: impl Into<String>) -> Res<T> {
    Err(Positioned { offset, message: message.into() })
}

/// The 1-based line and column (in characters) of a decoded byte offset.
fn locate(input: &mut impl Read, offset: u64) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    let Ok(decoded) = Decoded::new(input) else { return (line, column) };
    for byte in BufReader::new(decoded).bytes().take(offset as usize) {
        match byte {
            Ok(b'\n') => (line, column) = (line + 1, 1),
            // A character counts once, at its first byte.
            Ok(b) if b & 0xC0 != 0x80 => column += 1,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    (line, column)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16 { big_endian: bool },
}

/// The input as UTF-8: a UTF-8 BOM is dropped, UTF-16 is decoded.
struct Decoded<R> {
    inner: R,
    encoding: Encoding,
    /// Decoded bytes not handed out yet, from `start`.
    out: Vec<u8>,
    start: usize,
    /// Raw bytes not decoded yet (half a code unit, or a high surrogate).
    raw: Vec<u8>,
}

impl<R: Read> Decoded<R> {
    fn new(mut inner: R) -> io::Result<Self> {
        let mut head = Vec::with_capacity(4);
        (&mut inner).take(4).read_to_end(&mut head)?;
        let (encoding, bom) = match head.as_slice() {
            [0, 0, 0xFE, 0xFF, ..] | [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0, b'<', ..] | [b'<', 0, 0, 0, ..] => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "UTF-32 is not supported: use UTF-8 or UTF-16",
                ));
            }
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
            [0xFF, 0xFE, ..] => (Encoding::Utf16 { big_endian: false }, 2),
            [0xFE, 0xFF, ..] => (Encoding::Utf16 { big_endian: true }, 2),
            [b'<', 0, ..] => (Encoding::Utf16 { big_endian: false }, 0),
            [0, b'<', ..] => (Encoding::Utf16 { big_endian: true }, 0),
            _ => (Encoding::Utf8, 0),
        };
        let rest = head[bom..].to_vec();
        let (out, raw) = match encoding {
            Encoding::Utf8 => (rest, Vec::new()),
            Encoding::Utf16 { .. } => (Vec::new(), rest),
        };
        Ok(Decoded { inner, encoding, out, start: 0, raw })
    }

    /// Decodes the next chunk of UTF-16; false at the end of the input.
    fn decode_more(&mut self, big_endian: bool) -> io::Result<bool> {
        let mut chunk = [0u8; 16 * 1024];
        let read = self.inner.read(&mut chunk)?;
        self.raw.extend_from_slice(&chunk[..read]);
        let end = read == 0;
        let units: Vec<u16> =
            self.raw
                .chunks_exact(2)
                .map(|b| {
                    if big_endian {
                        u16::from_be_bytes([b[0], b[1]])
                    } else {
                        u16::from_le_bytes([b[0], b[1]])
                    }
                })
                .collect();
        // A high surrogate at the end waits for its pair.
        let keep = match units.last() {
            Some(u) if (0xD800..0xDC00).contains(u) && !end => 1,
            _ => 0,
        };
        let complete = units.len() - keep;
        self.out.clear();
        self.start = 0;
        for c in char::decode_utf16(units[..complete].iter().copied()) {
            let c =
                c.map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the input is not valid UTF-16"))?;
            self.out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
        self.raw.drain(..complete * 2);
        if end && !self.raw.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the input ends inside a UTF-16 character",
            ));
        }
        Ok(!end || !self.out.is_empty())
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.start < self.out.len() {
                let n = buf.len().min(self.out.len() - self.start);
                buf[..n].copy_from_slice(&self.out[self.start..self.start + n]);
                self.start += n;
                return Ok(n);
            }
            match self.encoding {
                Encoding::Utf8 => return self.inner.read(buf),
                Encoding::Utf16 { big_endian } => {
                    if !self.decode_more(big_endian)? {
                        return Ok(0);
                    }
                }
            }
        }
    }
}

/// An element read whole, with its attributes' namespaces resolved.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub ns: String,
    pub name: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Node>,
    pub offset: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct Attr {
    /// Empty for attributes without a prefix.
    pub ns: String,
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// An attribute without a namespace.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attr_ns("", name)
    }

    pub fn attr_ns(&self, ns: &str, name: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.ns == ns && a.name == name).map(|a| a.value.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// All text inside, elements included.
    pub fn text(&self) -> String {
        let mut out = String::new();
        fn collect(e: &Element, out: &mut String) {
            for child in &e.children {
                match child {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(e) => collect(e, out),
                }
            }
        }
        collect(self, &mut out);
        out
    }

    pub fn has_text(&self) -> bool {
        self.children.iter().any(|n| matches!(n, Node::Text(t) if !t.trim().is_empty()))
    }
}

/// How one XLIFF version handles what the reader meets. Containers are the
/// elements followed as they open and close; everything else arrives whole.
pub(crate) trait Dialect {
    fn is_container(&self, element: &Element) -> bool;
    fn open(&mut self, element: Element, visitor: &mut dyn Visitor) -> Res<()>;
    fn leaf(&mut self, element: Element, visitor: &mut dyn Visitor) -> Res<()>;
    fn close(&mut self, offset: u64) -> Res<()>;
}

fn read_events<R: BufRead>(input: R, visitor: &mut dyn Visitor) -> Res<()> {
    let mut reader = NsReader::from_reader(input);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = true;
    config.expand_empty_elements = false;
    let mut buf = Vec::new();
    let mut dialect: Option<Box<dyn Dialect>> = None;
    let mut open_containers = 0usize;
    let mut root_done = false;
    let mut building: Vec<Element> = Vec::new();
    let mut unit_bytes = 0usize;
    loop {
        buf.clear();
        let offset = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok((ns, event)) => (namespace(ns, offset)?, event),
            Err(e) => return at(reader.error_position(), format!("malformed XML: {e}")),
        };
        let mut closing = false;
        let mut element = None;
        match event {
            Event::DocType(_) => {
                return at(
                    offset,
                    "the file has a DTD (<!DOCTYPE …>): fluentpress reads no DTD and expands no entity",
                );
            }
            Event::Decl(decl) => {
                if let Some(Ok(declared)) = decl.encoding() {
                    let declared = declared.to_ascii_lowercase();
                    if !matches!(declared.as_str(), "utf-8" | "utf8" | "utf-16" | "utf-16le" | "utf-16be") {
                        return at(
                            offset,
                            format!("the file is in {declared}: only UTF-8 and UTF-16 are read"),
                        );
                    }
                }
            }
            Event::Start(start) => element = Some(start_element(&reader, ns, &start, offset)?),
            Event::Empty(start) => {
                element = Some(start_element(&reader, ns, &start, offset)?);
                closing = true;
            }
            Event::End(_) => closing = true,
            Event::Text(text) => {
                push_text(&mut building, &text.xml10_content(), open_containers, offset, &mut unit_bytes)?
            }
            Event::CData(text) => {
                push_text(&mut building, &text.xml10_content(), open_containers, offset, &mut unit_bytes)?
            }
            Event::GeneralRef(reference) => {
                let c = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match &*reference {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        other => {
                            return at(
                                offset,
                                format!("the entity &{other}; is not defined: fluentpress expands no entity"),
                            );
                        }
                    },
                    Err(e) => return at(offset, format!("malformed XML: {e}")),
                };
                push_text(
                    &mut building,
                    c.encode_utf8(&mut [0; 4]),
                    open_containers,
                    offset,
                    &mut unit_bytes,
                )?;
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
        if let Some(element) = element {
            if element.ns == XINCLUDE {
                return at(offset, "XInclude is not supported: the file must be whole");
            }
            if open_containers + building.len() >= MAX_DEPTH {
                return at(offset, format!("elements are nested deeper than {MAX_DEPTH} levels"));
            }
            match &mut dialect {
                _ if !building.is_empty() => building.push(element),
                None if root_done => return at(offset, "there is content after the root element"),
                None => {
                    let mut root: Box<dyn Dialect> = match element.ns.as_str() {
                        XLIFF_2 if element.name == "xliff" => Box::new(Xliff2::default()),
                        XLIFF_1_2 | XLIFF_1_1 if element.name == "xliff" => Box::new(Xliff1::default()),
                        _ => {
                            return at(
                                offset,
                                format!(
                                    "not an XLIFF document: the root element is <{}> in `{}`",
                                    element.name, element.ns
                                ),
                            );
                        }
                    };
                    root.open(element, visitor)?;
                    dialect = Some(root);
                    open_containers += 1;
                }
                Some(d) if d.is_container(&element) => {
                    d.open(element, visitor)?;
                    open_containers += 1;
                }
                Some(_) => {
                    unit_bytes = 0;
                    building.push(element);
                }
            }
        }
        if closing {
            let offset = reader.buffer_position();
            if let Some(done) = building.pop() {
                match building.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => match &mut dialect {
                        Some(d) => d.leaf(done, visitor)?,
                        None => return at(offset, "an element ends outside the root"),
                    },
                }
            } else if open_containers > 0 {
                open_containers -= 1;
                if let Some(d) = &mut dialect {
                    d.close(offset)?;
                }
                if open_containers == 0 {
                    root_done = true;
                    dialect = None;
                }
            }
        }
    }
    if open_containers > 0 || !building.is_empty() || !root_done {
        return at(reader.buffer_position(), "malformed XML: the file ends before its root element does");
    }
    Ok(())
}

fn namespace(ns: ResolveResult<'_>, offset: u64) -> Res<String> {
    match ns {
        ResolveResult::Bound(ns) => Ok(ns.0.to_string()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(prefix) => {
            at(offset, format!("malformed XML: the prefix `{prefix}` is not declared"))
        }
    }
}

fn start_element<R>(
    reader: &NsReader<R>,
    ns: String,
    start: &quick_xml::events::BytesStart<'_>,
    offset: u64,
) -> Res<Element> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = match attr {
            Ok(attr) => attr,
            Err(e) => return at(offset, format!("malformed XML: {e}")),
        };
        if attr.key.as_namespace_binding().is_some() {
            continue;
        }
        let (attr_ns, local) = reader.resolver().resolve_attribute(attr.key);
        let attr_ns = namespace(attr_ns, offset)?;
        let value = match attr.normalized_value(XmlVersion::Implicit1_0) {
            Ok(value) => value.into_owned(),
            Err(e) => return at(offset, format!("malformed XML in an attribute: {e}")),
        };
        attrs.push(Attr { ns: attr_ns, name: local.as_ref().to_string(), value });
    }
    Ok(Element { ns, name: start.local_name().as_ref().to_string(), attrs, children: Vec::new(), offset })
}

fn push_text(
    building: &mut [Element],
    text: &str,
    open_containers: usize,
    offset: u64,
    unit_bytes: &mut usize,
) -> Res<()> {
    match building.last_mut() {
        Some(element) => {
            *unit_bytes += text.len();
            if *unit_bytes > MAX_UNIT_BYTES {
                return at(
                    offset,
                    format!("an element holds more than {} MiB of text", MAX_UNIT_BYTES >> 20),
                );
            }
            match element.children.last_mut() {
                Some(Node::Text(last)) => last.push_str(text),
                _ => element.children.push(Node::Text(text.to_string())),
            }
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None if open_containers == 0 => at(offset, "malformed XML: text outside the root element"),
        None => at(offset, "text is not allowed here, between XLIFF structure elements"),
    }
}

/// XLIFF 1.2 (and 1.1): `<file>`s with languages and `original`, units as
/// `<trans-unit>` with `<source>`, optional `<seg-source>` and `<target>`.
#[derive(Default)]
struct Xliff1 {
    version: String,
    /// Open containers, innermost last.
    stack: Vec<String>,
    unit_ids: HashSet<String>,
}

impl Dialect for Xliff1 {
    fn is_container(&self, element: &Element) -> bool {
        self.ns_ok(element) && matches!(element.name.as_str(), "file" | "body" | "group")
    }

    fn open(&mut self, element: Element, visitor: &mut dyn Visitor) -> Res<()> {
        let offset = element.offset;
        let parent = self.stack.last().map(String::as_str);
        match (parent, element.name.as_str()) {
            (None, "xliff") => {
                self.version = element.attr("version").unwrap_or("1.2").to_string();
                if !matches!(self.version.as_str(), "1.0" | "1.1" | "1.2") {
                    return at(offset, format!("invalid XLIFF 1.2: unknown version `{}`", self.version));
                }
            }
            (Some("xliff"), "file") => {
                let Some(source_language) = element.attr("source-language") else {
                    return at(offset, "invalid XLIFF 1.2: <file> has no source-language");
                };
                if element.attr("original").is_none() {
                    return at(offset, "invalid XLIFF 1.2: <file> has no original");
                }
                self.unit_ids.clear();
                let info = FileInfo {
                    version: self.version.clone(),
                    original: element.attr("original").map(String::from),
                    source_language: source_language.to_string(),
                    target_language: element.attr("target-language").map(String::from),
                    tool: element.attr("tool-id").or(element.attr("tool")).map(String::from),
                };
                visitor.file(&info).or_else(|message| at(offset, message))?;
            }
            (Some("file"), "body") | (Some("body" | "group"), "group") => {}
            (parent, name) => {
                return at(
                    offset,
                    format!("invalid XLIFF 1.2: <{name}> cannot be in <{}>", parent.unwrap_or("")),
                );
            }
        }
        self.stack.push(element.name);
        Ok(())
    }

    fn leaf(&mut self, element: Element, visitor: &mut dyn Visitor) -> Res<()> {
        let offset = element.offset;
        let parent = self.stack.last().map(String::as_str).unwrap_or("");
        if !self.ns_ok(&element) {
            // Extensions are skipped; only the 1.2 namespace is XLIFF.
            return Ok(());
        }
        match (parent, element.name.as_str()) {
            ("body" | "group", "trans-unit") => {
                let unit = self.unit(&element)?;
                visitor.unit(unit).or_else(|message| at(offset, message))
            }
            ("file", "header") | ("body" | "group", "bin-unit") => Ok(()),
            ("group", "context-group" | "count-group" | "note" | "prop-group") => Ok(()),
            (parent, name) => at(offset, format!("invalid XLIFF 1.2: <{name}> cannot be in <{parent}>")),
        }
    }

    fn close(&mut self, _offset: u64) -> Res<()> {
        self.stack.pop();
        Ok(())
    }
}

impl Xliff1 {
    fn ns_ok(&self, element: &Element) -> bool {
        matches!(element.ns.as_str(), XLIFF_1_2 | XLIFF_1_1)
    }

    fn unit(&mut self, element: &Element) -> Res<ReadUnit> {
        let offset = element.offset;
        let Some(id) = element.attr("id") else {
            return at(offset, "invalid XLIFF 1.2: <trans-unit> has no id");
        };
        if !self.unit_ids.insert(id.to_string()) {
            return at(offset, format!("invalid XLIFF 1.2: two units have the ID `{id}` in one <file>"));
        }
        let xliff = |e: &&Element| self.ns_ok(e);
        let mut children = element.elements().filter(xliff);
        let Some(source) = children.next().filter(|e| e.name == "source") else {
            return at(
                offset,
                format!("invalid XLIFF 1.2: <trans-unit id=\"{id}\"> does not start with <source>"),
            );
        };
        let target = element.elements().filter(xliff).find(|e| e.name == "target");
        Ok(ReadUnit {
            id: id.to_string(),
            name: element.attr("resname").map(String::from),
            source: self.content(source)?,
            target: target.map(|t| self.content(t)).transpose()?,
            incomplete: false,
            state: target.and_then(|t| t.attr("state")).map(String::from),
            approved: element.attr("approved") == Some("yes"),
        })
    }

    /// Inline content: `<ph>` holds a code's original text, `<x/>` only its
    /// ID; markers (`<mrk>`, including `mtype="seg"` segments) are transparent.
    fn content(&self, element: &Element) -> Res<Segment> {
        let mut segment = Segment::default();
        self.inline(element, &mut segment)?;
        Ok(segment)
    }

    fn inline(&self, element: &Element, segment: &mut Segment) -> Res<()> {
        for child in &element.children {
            let e = match child {
                Node::Text(text) => {
                    segment.push_text(text);
                    continue;
                }
                Node::Element(e) if self.ns_ok(e) => e,
                Node::Element(_) => continue,
            };
            let id = || {
                e.attr("id").map(String::from).ok_or_else(|| Positioned {
                    offset: e.offset,
                    message: format!("invalid XLIFF 1.2: <{}> has no id", e.name),
                })
            };
            match e.name.as_str() {
                "mrk" => self.inline(e, segment)?,
                "ph" => segment.push_code(Code::placeable(id()?, e.text())),
                "x" => segment.push_code(Code::placeable(id()?, String::new())),
                "g" => {
                    segment.push(Inline::Foreign("g".into()));
                    self.inline(e, segment)?;
                }
                "bx" | "ex" | "bpt" | "ept" | "it" => segment.push(Inline::Foreign(e.name.clone())),
                other => {
                    return at(
                        e.offset,
                        format!("invalid XLIFF 1.2: <{other}> cannot be in <{}>", element.name),
                    );
                }
            }
        }
        Ok(())
    }
}
