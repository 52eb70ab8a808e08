//! The events every XLIFF version shares: the input streamed through the
//! [XML layer](crate::xml) with XLIFF's policy (no DTD, UTF-8 or UTF-16
//! only, no XInclude), `<xliff>`, `<file>` and `<group>`-like containers
//! followed as they open and close, everything else read whole into an
//! [`Element`] tree within [`MAX_UNIT_BYTES`] and [`MAX_DEPTH`], and handed
//! to the version's [`Dialect`]. What a unit is and which elements are
//! containers is the dialect's to say; this file knows no version.

use crate::segment::Segment;
use crate::xml::{self, Doctype, EncodingError, Failure, Policy};
use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use std::io;

/// XLIFF refuses every DTD and reads its declared encoding.
const POLICY: Policy =
    Policy { doctype: Doctype::Refused, check_declared_encoding: true, check_comments: true };

/// The most a single unit (with everything in it) may hold, in bytes of text.
pub const MAX_UNIT_BYTES: usize = 64 << 20;
/// The deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;

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

/// What receives the file's contents. A refusal (`Err`) stops the reading,
/// placed at the element being read.
pub trait Visitor {
    fn file(&mut self, file: &FileInfo) -> Result<(), Refusal>;
    fn unit(&mut self, unit: ReadUnit) -> Result<(), Refusal>;
}

/// Why a visitor stops reading a file.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the XLIFF translates from `{found}`, but the project's source is `{expected}`")]
    SourceLanguage { found: String, expected: String },
    #[error("the XLIFF translates into `{found}`, not `{expected}`")]
    TargetLanguage { found: String, expected: String },
    #[error("the XLIFF names no target language: it should be `{expected}`")]
    NoTargetLanguage { expected: String },
    #[error("a <file> has no `original`: it cannot be matched to a .ftl file")]
    NoOriginal,
    #[error("refused: `original=\"{0}\"` is not a .ftl file inside locales/")]
    OutsideLocales(String),
    /// The visitor has what it wanted: reading stops without a fault.
    #[error("the visitor has read enough")]
    Enough,
}

/// An error at a byte offset of the decoded text.
pub(crate) struct Positioned {
    pub offset: u64,
    pub fault: Fault,
}

/// What is wrong at a place: the file breaks a rule, or the visitor refuses it.
pub(crate) enum Fault {
    Rule(String),
    Refused(Refusal),
}

impl Positioned {
    pub fn refused(offset: u64) -> impl FnOnce(Refusal) -> Positioned {
        move |refusal| Positioned { offset, fault: Fault::Refused(refusal) }
    }
}

pub(crate) type Res<T> = Result<T, Positioned>;

pub(crate) fn at<T>(offset: u64, message: impl Into<String>) -> Res<T> {
    Err(Positioned { offset, fault: Fault::Rule(message.into()) })
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

/// Reads the document, handing each container and element read whole to
/// the dialect `pick_dialect` gives for the root element (none: not XLIFF).
pub(super) fn read(
    input: impl io::Read,
    visitor: &mut dyn Visitor,
    pick_dialect: fn(&Element) -> Option<Box<dyn Dialect>>,
) -> Res<()> {
    let mut reader = xml::ns_reader(input, POLICY);
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
            Err(e) => {
                return match reader.get_mut().failure() {
                    Some(Failure::Encoding { offset, error: EncodingError::Utf32 }) => {
                        at(offset, "UTF-32 is not supported: use UTF-8 or UTF-16")
                    }
                    Some(Failure::Encoding { offset, error: EncodingError::Invalid(encoding) }) => {
                        at(offset, format!("the input is not valid {}", encoding.name()))
                    }
                    Some(Failure::Io(e)) => at(offset, format!("the XLIFF cannot be read: {e}")),
                    None => at(reader.error_position(), format!("malformed XML: {e}")),
                };
            }
        };
        match xml::check_prolog(POLICY, &event) {
            Err(xml::Refusal::DeclaredEncoding(declared)) => {
                return at(offset, format!("the file is in {declared}: only UTF-8 and UTF-16 are read"));
            }
            Err(_) => {
                return at(
                    offset,
                    "the file has a DTD (<!DOCTYPE …>): fluentpress reads no DTD and expands no entity",
                );
            }
            Ok(()) => {}
        }
        let mut closing = false;
        let mut element = None;
        match event {
            Event::DocType(_) | Event::Decl(_) => {}
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
                let text = xml::reference(&reference).or_else(|e| match e {
                    xml::ReferenceError::Malformed(e) => at(offset, format!("malformed XML: {e}")),
                    xml::ReferenceError::Undefined(name) => at(
                        offset,
                        format!("the entity &{name}; is not defined: fluentpress expands no entity"),
                    ),
                })?;
                push_text(&mut building, &text, open_containers, offset, &mut unit_bytes)?;
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
                    let Some(mut root) = pick_dialect(&element) else {
                        return at(
                            offset,
                            format!(
                                "not an XLIFF document: the root element is <{}> in `{}`",
                                element.name, element.ns
                            ),
                        );
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
