//! Documents read as their structure says: the outer elements (`<xliff>`,
//! `<file>`; `<martif>`, `<text>`, `<body>`) followed as they open and
//! close, every other element read whole into an [`Element`] tree within
//! [`Limits`], and each handed to the format's [`Structure`]. So a reader
//! holds one unit or entry at a time, whatever the file's size.
//!
//! Rules, for every format: what the [`Policy`](super::Policy) refuses in
//! the prolog is an error at its place; no XInclude; attributes' and
//! elements' namespaces are resolved (an undeclared prefix is an error);
//! text between the outer elements is blank; text, references and CDATA
//! join into one text node.

use super::{EncodingError, Failure, Policy, Refusal};
use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use std::io;

const XINCLUDE: &str = "http://www.w3.org/2001/XInclude";

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

/// A rule of the XML layer broken at a byte offset of the decoded text.
#[derive(Debug)]
pub(crate) struct Broken {
    pub offset: u64,
    pub message: String,
}

/// How a format takes the elements the reader meets. Containers are
/// followed as they open and close; everything else arrives whole.
pub(crate) trait Structure {
    /// What stops the reading: the reader's own [`Broken`] rules among them.
    type Stop: From<Broken>;
    fn is_container(&self, element: &Element) -> bool;
    fn open(&mut self, element: Element) -> Result<(), Self::Stop>;
    fn leaf(&mut self, element: Element) -> Result<(), Self::Stop>;
    fn close(&mut self, offset: u64) -> Result<(), Self::Stop>;
}

/// A format as the reader sees it: its name for messages, what its prolog
/// may hold, and how much an element read whole may hold.
pub(crate) struct Format {
    /// `XLIFF`, `TBX`.
    pub name: &'static str,
    pub policy: Policy,
    /// The most text an element read whole may hold, in bytes.
    pub max_element_bytes: usize,
    /// The deepest element nesting accepted.
    pub max_depth: usize,
}

/// Reads a document, handing its containers and whole elements to the
/// structure `pick` gives for the root element (none: not this format).
pub(crate) fn read<S: Structure>(
    input: impl io::Read,
    format: &Format,
    pick: impl FnOnce(&Element) -> Option<S>,
) -> Result<(), S::Stop> {
    let at = |offset: u64, message: String| S::Stop::from(Broken { offset, message });
    let mut reader = super::ns_reader(input, format.policy);
    let mut buf = Vec::new();
    let mut pick = Some(pick);
    let mut structure: Option<S> = None;
    let mut open_containers = 0usize;
    let mut root_done = false;
    let mut building: Vec<Element> = Vec::new();
    let mut element_bytes = 0usize;
    loop {
        buf.clear();
        let offset = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok((ns, event)) => (namespace(ns).map_err(|m| at(offset, m))?, event),
            Err(e) => {
                let (offset, message) = match reader.get_mut().failure() {
                    Some(Failure::Encoding { offset, error: EncodingError::Utf32 }) => {
                        (offset, "UTF-32 is not supported: use UTF-8 or UTF-16".to_string())
                    }
                    Some(Failure::Encoding { offset, error: EncodingError::Invalid(encoding) }) => {
                        (offset, format!("the input is not valid {}", encoding.name()))
                    }
                    Some(Failure::Io(e)) => (offset, format!("the {} cannot be read: {e}", format.name)),
                    None => (reader.error_position(), format!("malformed XML: {e}")),
                };
                return Err(at(offset, message));
            }
        };
        match super::check_prolog(format.policy, &event) {
            Err(Refusal::DeclaredEncoding(declared)) => {
                let message = format!("the file is in {declared}: only UTF-8 and UTF-16 are read");
                return Err(at(offset, message));
            }
            Err(Refusal::Doctype) => {
                let message =
                    "the file has a DTD (<!DOCTYPE …>): fluentpress reads no DTD and expands no entity";
                return Err(at(offset, message.to_string()));
            }
            Err(Refusal::MalformedDoctype) => {
                let message = "malformed XML: after its name, a document type has SYSTEM \"…\", PUBLIC \"…\" \"…\" or [ … ]";
                return Err(at(offset, message.to_string()));
            }
            Err(Refusal::EntityDeclaration { before_end }) => {
                let message = "the document type declares an entity: fluentpress expands no entity";
                return Err(at(reader.buffer_position() - before_end, message.to_string()));
            }
            Ok(()) => {}
        }
        let mut closing = false;
        let mut element = None;
        match event {
            Event::DocType(_) | Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Start(start) => {
                element = Some(start_element(&reader, ns, &start, offset).map_err(|m| at(offset, m))?)
            }
            Event::Empty(start) => {
                element = Some(start_element(&reader, ns, &start, offset).map_err(|m| at(offset, m))?);
                closing = true;
            }
            Event::End(_) => closing = true,
            Event::Text(text) => {
                push_text(&mut building, &text.xml10_content(), open_containers, format, &mut element_bytes)
                    .map_err(|m| at(offset, m))?
            }
            Event::CData(text) => {
                push_text(&mut building, &text.xml10_content(), open_containers, format, &mut element_bytes)
                    .map_err(|m| at(offset, m))?
            }
            Event::GeneralRef(reference) => {
                let text = super::reference(&reference).map_err(|e| match e {
                    super::ReferenceError::Malformed(e) => at(offset, format!("malformed XML: {e}")),
                    super::ReferenceError::Undefined(name) => at(
                        offset,
                        format!("the entity &{name}; is not defined: fluentpress expands no entity"),
                    ),
                })?;
                push_text(&mut building, &text, open_containers, format, &mut element_bytes)
                    .map_err(|m| at(offset, m))?;
            }
            Event::Eof => break,
        }
        if let Some(element) = element {
            if element.ns == XINCLUDE {
                return Err(at(offset, "XInclude is not supported: the file must be whole".into()));
            }
            if open_containers + building.len() >= format.max_depth {
                return Err(at(
                    offset,
                    format!("elements are nested deeper than {} levels", format.max_depth),
                ));
            }
            match &mut structure {
                _ if !building.is_empty() => building.push(element),
                None if root_done => {
                    return Err(at(offset, "there is content after the root element".into()));
                }
                None => {
                    let picked = pick.take().and_then(|pick| pick(&element));
                    let Some(mut root) = picked else {
                        let message = format!(
                            "not a{} {} document: the root element is <{}> in `{}`",
                            if format.name.starts_with(['A', 'E', 'I', 'O', 'U', 'X']) { "n" } else { "" },
                            format.name,
                            element.name,
                            element.ns
                        );
                        return Err(at(offset, message));
                    };
                    root.open(element)?;
                    structure = Some(root);
                    open_containers += 1;
                }
                Some(s) if s.is_container(&element) => {
                    s.open(element)?;
                    open_containers += 1;
                }
                Some(_) => {
                    element_bytes = 0;
                    building.push(element);
                }
            }
        }
        if closing {
            let offset = reader.buffer_position();
            if let Some(done) = building.pop() {
                match building.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => match &mut structure {
                        Some(s) => s.leaf(done)?,
                        None => return Err(at(offset, "an element ends outside the root".into())),
                    },
                }
            } else if open_containers > 0 {
                open_containers -= 1;
                if let Some(s) = &mut structure {
                    s.close(offset)?;
                }
                if open_containers == 0 {
                    root_done = true;
                    structure = None;
                }
            }
        }
    }
    if open_containers > 0 || !building.is_empty() || !root_done {
        let message = "malformed XML: the file ends before its root element does";
        return Err(at(reader.buffer_position(), message.into()));
    }
    Ok(())
}

fn namespace(ns: ResolveResult<'_>) -> Result<String, String> {
    match ns {
        ResolveResult::Bound(ns) => Ok(ns.0.to_string()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(prefix) => {
            Err(format!("malformed XML: the prefix `{prefix}` is not declared"))
        }
    }
}

fn start_element<R>(
    reader: &NsReader<R>,
    ns: String,
    start: &BytesStart<'_>,
    offset: u64,
) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| format!("malformed XML: {e}"))?;
        if attr.key.as_namespace_binding().is_some() {
            continue;
        }
        let (attr_ns, local) = reader.resolver().resolve_attribute(attr.key);
        let attr_ns = namespace(attr_ns)?;
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| format!("malformed XML in an attribute: {e}"))?
            .into_owned();
        attrs.push(Attr { ns: attr_ns, name: local.as_ref().to_string(), value });
    }
    Ok(Element { ns, name: start.local_name().as_ref().to_string(), attrs, children: Vec::new(), offset })
}

fn push_text(
    building: &mut [Element],
    text: &str,
    open_containers: usize,
    format: &Format,
    element_bytes: &mut usize,
) -> Result<(), String> {
    match building.last_mut() {
        Some(element) => {
            *element_bytes += text.len();
            if *element_bytes > format.max_element_bytes {
                return Err(format!(
                    "an element holds more than {} MiB of text",
                    format.max_element_bytes >> 20
                ));
            }
            match element.children.last_mut() {
                Some(Node::Text(last)) => last.push_str(text),
                _ => element.children.push(Node::Text(text.to_string())),
            }
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None if open_containers == 0 => Err("malformed XML: text outside the root element".into()),
        None => Err(format!("text is not allowed here, between {} structure elements", format.name)),
    }
}
