//! The XLIFF 1.2 (and 1.1) reader.

use super::events::{Dialect, Element, Fault, FileInfo, Node, Positioned, ReadUnit, Res, Visitor, at};
use crate::segment::{Code, Inline, Segment};
use crate::xliff::write::XLIFF_1_2;
use std::collections::HashSet;

pub(super) const XLIFF_1_1: &str = "urn:oasis:names:tc:xliff:document:1.1";

/// XLIFF 1.2 (and 1.1): `<file>`s with languages and `original`, units as
/// `<trans-unit>` with `<source>`, optional `<seg-source>` and `<target>`.
#[derive(Default)]
pub(super) struct Xliff1 {
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
                visitor.file(&info).map_err(Positioned::refused(offset))?;
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
                visitor.unit(unit).map_err(Positioned::refused(offset))
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
                    fault: Fault::Rule(format!("invalid XLIFF 1.2: <{}> has no id", e.name)),
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
