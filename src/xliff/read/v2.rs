//! The XLIFF 2.0 and 2.1 reader: files, groups and units as the shared
//! events stream them, each unit checked against the rules of
//! [`v2_rules`](super::v2_rules) and its segments joined into one source and
//! one target.

use super::events::{Attr, Dialect, Element, FileInfo, Node, Positioned, ReadUnit, Res, Visitor};
use super::v2_rules::*;
use crate::segment::{Code, Inline, Segment};
use crate::xliff::write::XLIFF_2;
use crate::xml::NAMESPACE as XML;
use std::collections::{HashMap, HashSet};

/// Where the reader is: the root, a file or a group.
struct Scope {
    kind: &'static str,
    lang: Option<String>,
    space: Option<String>,
    /// How far the children have got: 0 nothing, 1 skeleton, 2 extensions,
    /// 3 notes, 4 units and groups.
    phase: u8,
    /// IDs of extension elements, by namespace.
    extension_ids: HashSet<(String, String)>,
}

#[derive(Default)]
struct FileState {
    id: String,
    unit_ids: HashSet<String>,
    group_ids: HashSet<String>,
    /// Units that `subFlows` attributes name, checked when the file ends.
    sub_flows: Vec<(String, u64)>,
}

#[derive(Default)]
pub(super) struct Xliff2 {
    version: String,
    src_lang: String,
    trg_lang: Option<String>,
    scopes: Vec<Scope>,
    file_ids: HashSet<String>,
    file: FileState,
}

impl Dialect for Xliff2 {
    fn is_container(&self, element: &Element) -> bool {
        element.ns == XLIFF_2 && matches!(element.name.as_str(), "file" | "group")
    }

    fn open(&mut self, e: Element, visitor: &mut dyn Visitor) -> Res<()> {
        let offset = e.offset;
        let lang = e.attr_ns(XML, "lang").map(String::from);
        let space = e.attr_ns(XML, "space").map(String::from);
        let kind = match (self.scopes.last().map(|s| s.kind), e.name.as_str()) {
            (None, "xliff") => {
                check_attrs(&e, &[XLIFF_ATTRS], Foreign::Any)?;
                self.version = e.attr("version").unwrap_or_default().to_string();
                if !self.version.starts_with("2.") {
                    return fail(offset, format!("unknown version `{}`", self.version));
                }
                self.src_lang = e.attr("srcLang").unwrap_or_default().to_string();
                self.trg_lang = e.attr("trgLang").map(String::from);
                "xliff"
            }
            (Some("xliff"), "file") => {
                check_attrs(&e, &[FILE_ATTRS], Foreign::Any)?;
                let id = e.attr("id").unwrap_or_default();
                if !self.file_ids.insert(id.to_string()) {
                    return fail(offset, format!("two <file>s have the ID `{id}`"));
                }
                self.file = FileState { id: id.to_string(), ..FileState::default() };
                let info = FileInfo {
                    version: self.version.clone(),
                    original: e.attr("original").map(String::from),
                    source_language: self.src_lang.clone(),
                    target_language: self.trg_lang.clone(),
                    tool: None,
                };
                visitor.file(&info).map_err(Positioned::refused(offset))?;
                "file"
            }
            (Some("file" | "group"), "group") => {
                check_attrs(&e, &[GROUP_UNIT_ATTRS], Foreign::Any)?;
                self.advance(4, &e)?;
                let id = e.attr("id").unwrap_or_default();
                if !self.file.group_ids.insert(id.to_string()) {
                    return fail(offset, format!("two <group>s have the ID `{id}` in one <file>"));
                }
                "group"
            }
            (parent, name) => {
                return fail(offset, format!("<{name}> cannot be in <{}>", parent.unwrap_or_default()));
            }
        };
        self.scopes.push(Scope { kind, lang, space, phase: 0, extension_ids: HashSet::new() });
        Ok(())
    }

    fn leaf(&mut self, e: Element, visitor: &mut dyn Visitor) -> Res<()> {
        let offset = e.offset;
        let parent = self.scopes.last().map(|s| s.kind).unwrap_or_default();
        if parent == "xliff" {
            return fail(offset, format!("<{}> cannot be in <xliff>: it holds <file>s only", e.name));
        }
        if e.ns != XLIFF_2 {
            self.advance(2, &e)?;
            let scope = self.scopes.last_mut().map(|s| &mut s.extension_ids);
            return extension(&e, scope.unwrap_or(&mut HashSet::new()));
        }
        match e.name.as_str() {
            "skeleton" if parent == "file" => {
                self.advance(1, &e)?;
                check_attrs(&e, &[&[("href", Ty::Text, false)]], Foreign::No)?;
                match (e.attr("href").is_some(), e.has_text() || e.elements().next().is_some()) {
                    (true, true) => fail(offset, "a <skeleton> with href must be empty"),
                    (false, false) => fail(offset, "a <skeleton> without href must hold the skeleton"),
                    _ => Ok(()),
                }
            }
            "notes" => {
                self.advance(3, &e)?;
                notes(&e).map(|_| ())
            }
            "unit" => {
                self.advance(4, &e)?;
                let unit = self.unit(&e)?;
                visitor.unit(unit).map_err(Positioned::refused(offset))
            }
            name => fail(offset, format!("<{name}> cannot be in <{parent}>")),
        }
    }

    fn close(&mut self, offset: u64) -> Res<()> {
        let Some(scope) = self.scopes.pop() else { return Ok(()) };
        match scope.kind {
            "file" if scope.phase < 4 => fail(offset, "a <file> needs at least one <unit> or <group>"),
            "file" => {
                let missing = self.file.sub_flows.iter().find(|(id, _)| !self.file.unit_ids.contains(id));
                match missing {
                    Some((id, at)) => {
                        fail(*at, format!("subFlows names the unit `{id}`, which the file lacks"))
                    }
                    None => Ok(()),
                }
            }
            "xliff" if self.file_ids.is_empty() => fail(offset, "an <xliff> needs at least one <file>"),
            _ => Ok(()),
        }
    }
}

impl Xliff2 {
    /// Moves the current scope's children on to `phase`, which they may not
    /// go back from: skeleton, extensions, notes, then units and groups.
    fn advance(&mut self, phase: u8, e: &Element) -> Res<()> {
        let Some(scope) = self.scopes.last_mut() else { return Ok(()) };
        let repeatable = matches!(phase, 2 | 4);
        if scope.phase > phase || (scope.phase == phase && !repeatable) {
            let name = if e.ns == XLIFF_2 { e.name.clone() } else { format!("{}:{}", e.ns, e.name) };
            return fail(e.offset, format!("<{name}> is out of place in <{}>", scope.kind));
        }
        scope.phase = phase;
        Ok(())
    }

    /// The nearest `xml:lang` and `xml:space` around the current element.
    fn inherited(&self, name: &str) -> Option<&str> {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| if name == "lang" { s.lang.as_deref() } else { s.space.as_deref() })
    }

    fn unit(&mut self, e: &Element) -> Res<ReadUnit> {
        let offset = e.offset;
        check_attrs(e, &[GROUP_UNIT_ATTRS], Foreign::Any)?;
        let id = e.attr("id").unwrap_or_default().to_string();
        if !self.file.unit_ids.insert(id.clone()) {
            return fail(offset, format!("two <unit>s have the ID `{id}` in one <file>"));
        }
        let lang = e.attr_ns(XML, "lang").or(self.inherited("lang"));
        let space = e.attr_ns(XML, "space").or(self.inherited("space"));
        let mut phase = 0;
        let mut extension_ids = HashSet::new();
        let mut note_ids = HashSet::new();
        let mut data = HashMap::new();
        let mut parts = Vec::new();
        for child in &e.children {
            let c = match child {
                Node::Text(t) if t.trim().is_empty() => continue,
                Node::Text(_) => return fail(offset, "text is not allowed directly in <unit>"),
                Node::Element(c) => c,
            };
            let (step, name) = match (c.ns == XLIFF_2, c.name.as_str()) {
                (false, _) => (0, "extension"),
                (true, "notes") => (1, "notes"),
                (true, "originalData") => (2, "originalData"),
                (true, "segment" | "ignorable") => (3, "part"),
                (true, other) => return fail(c.offset, format!("<{other}> cannot be in <unit>")),
            };
            if step < phase || (step == phase && matches!(step, 1 | 2)) {
                return fail(c.offset, format!("<{}> is out of place in <unit>", c.name));
            }
            phase = step;
            match name {
                "extension" => extension(c, &mut extension_ids)?,
                "notes" => note_ids = notes(c)?,
                "originalData" => data = original_data(c)?,
                _ => parts.push(c),
            }
        }
        if !parts.iter().any(|p| p.name == "segment") {
            return fail(offset, format!("the unit `{id}` has no <segment>"));
        }

        // The parts: their IDs, source, target, languages and order.
        let mut part_ids = HashSet::new();
        let mut split = Vec::new();
        for (n, part) in parts.iter().enumerate() {
            let segment = part.name == "segment";
            check_attrs(part, &[if segment { SEGMENT_ATTRS } else { IGNORABLE_ATTRS }], Foreign::No)?;
            if part.attr("subState").is_some() && part.attr("state").is_none() {
                return fail(part.offset, "subState needs state");
            }
            if let Some(pid) = part.attr("id")
                && !part_ids.insert(pid.to_string())
            {
                return fail(part.offset, format!("two parts of the unit `{id}` have the ID `{pid}`"));
            }
            let mut children = Vec::new();
            for child in &part.children {
                match child {
                    Node::Text(t) if t.trim().is_empty() => {}
                    Node::Element(c) if c.ns == XLIFF_2 && matches!(c.name.as_str(), "source" | "target") => {
                        children.push(c)
                    }
                    Node::Element(c) => {
                        return fail(c.offset, format!("<{}> cannot be in <{}>", c.name, part.name));
                    }
                    Node::Text(_) => {
                        return fail(part.offset, format!("text is not allowed directly in <{}>", part.name));
                    }
                }
            }
            let (source, target) = match children.as_slice() {
                [s] if s.name == "source" => (*s, None),
                [s, t] if s.name == "source" && t.name == "target" => (*s, Some(*t)),
                _ => {
                    return fail(
                        part.offset,
                        format!("<{}> holds one <source> and at most one <target>", part.name),
                    );
                }
            };
            check_attrs(source, &[SOURCE_ATTRS], Foreign::No)?;
            let source_lang = source.attr_ns(XML, "lang").or(lang).unwrap_or(&self.src_lang);
            if !source_lang.eq_ignore_ascii_case(&self.src_lang) {
                return fail(
                    source.offset,
                    format!("the source is in `{source_lang}`, not srcLang `{}`", self.src_lang),
                );
            }
            if let Some(t) = target {
                check_attrs(t, &[TARGET_ATTRS], Foreign::No)?;
                let Some(trg_lang) = &self.trg_lang else {
                    return fail(t.offset, "a <target> needs trgLang on <xliff>");
                };
                let target_lang = t.attr_ns(XML, "lang").or(lang).unwrap_or(trg_lang);
                if !target_lang.eq_ignore_ascii_case(trg_lang) {
                    return fail(
                        t.offset,
                        format!("the target is in `{target_lang}`, not trgLang `{trg_lang}`"),
                    );
                }
                let source_space = source.attr_ns(XML, "space").or(space).unwrap_or("default");
                if t.attr_ns(XML, "space").or(space).unwrap_or("default") != source_space {
                    return fail(t.offset, "the target's xml:space differs from its source's");
                }
            }
            let order = match target.and_then(|t| t.attr("order")) {
                Some(o) => o.parse::<usize>().unwrap_or_default(),
                None => n + 1,
            };
            split.push((part, source, target, order));
        }
        let mut orders = HashSet::new();
        for (part, _, target, order) in &split {
            if target.is_some() && (*order > split.len() || !orders.insert(*order)) {
                return fail(part.offset, format!("the target order {order} is out of range or used twice"));
            }
        }

        // Inline content: sources in document order, then targets in order.
        let mut walk = Walk {
            data: &data,
            notes: &note_ids,
            file: &self.file.id,
            unit: &id,
            part_ids: &part_ids,
            ids: HashMap::new(),
            items: Vec::new(),
            sub_flows: Vec::new(),
            target: false,
        };
        let mut sources = Vec::new();
        for (n, (_, source, _, _)) in split.iter().enumerate() {
            let mut segment = Segment::default();
            walk.content(source, n, &mut segment)?;
            sources.push(segment);
        }
        let source_items = std::mem::take(&mut walk.items);
        let source_ids = std::mem::take(&mut walk.ids);
        walk.target = true;
        let mut by_order: Vec<usize> = (0..split.len()).collect();
        by_order.sort_by_key(|&n| split[n].3);
        let mut target = Segment::default();
        let mut any_target = false;
        let mut incomplete = false;
        for &n in &by_order {
            let (part, _, t, _) = split[n];
            match t {
                Some(t) => {
                    any_target = true;
                    walk.content(t, n, &mut target)?;
                }
                None if part.name == "ignorable" => {
                    sources[n].inlines().iter().cloned().for_each(|i| target.push(i))
                }
                None => incomplete = true,
            }
        }
        for (id, name) in &walk.ids {
            if source_ids.get(id).is_some_and(|n| n != name) {
                return fail(
                    offset,
                    format!("the target's <{name} id=\"{id}\"> has the ID of a source <{}>", source_ids[id]),
                );
            }
        }
        self.file.sub_flows.append(&mut walk.sub_flows);
        check_codes(
            offset,
            &source_items,
            &walk.items,
            &split.iter().map(|(_, _, t, _)| t.is_some()).collect::<Vec<_>>(),
        )?;

        let mut source = Segment::default();
        sources.iter().flat_map(Segment::inlines).cloned().for_each(|i| source.push(i));
        // Only a state the file states: a tool that sets none is not saying
        // "initial". Of several segments, the least advanced state stands
        // for the unit: one pre-filled segment is enough to hold it back.
        let progress =
            |state: &&str| ["initial", "translated", "reviewed", "final"].iter().position(|s| s == state);
        let state = split
            .iter()
            .filter(|(p, ..)| p.name == "segment")
            .filter_map(|(p, ..)| p.attr("state"))
            .min_by_key(progress);
        Ok(ReadUnit {
            id,
            name: e.attr("name").map(String::from),
            source,
            target: (any_target && !incomplete).then_some(target),
            incomplete: any_target && incomplete,
            state: state.map(String::from),
            approved: false,
        })
    }
}

/// The walk through a unit's inline content.
struct Walk<'u> {
    data: &'u HashMap<String, String>,
    notes: &'u HashSet<String>,
    file: &'u str,
    unit: &'u str,
    part_ids: &'u HashSet<String>,
    /// Inline IDs met so far with their element names.
    ids: HashMap<String, String>,
    items: Vec<Item>,
    sub_flows: Vec<(String, u64)>,
    target: bool,
}

impl Walk<'_> {
    fn content(&mut self, e: &Element, part: usize, segment: &mut Segment) -> Res<()> {
        for child in &e.children {
            let c = match child {
                Node::Text(t) => {
                    segment.push_text(t);
                    continue;
                }
                Node::Element(c) if c.ns == XLIFF_2 => c,
                Node::Element(c) => return fail(c.offset, format!("<{}> cannot be in <{}>", c.name, e.name)),
            };
            let leaf = !matches!(c.name.as_str(), "pc" | "mrk");
            if leaf && !c.children.is_empty() {
                return fail(c.offset, format!("<{}> must be empty", c.name));
            }
            match c.name.as_str() {
                "cp" => segment.push_text(code_point(c)?.encode_utf8(&mut [0; 4])),
                "ph" => {
                    check_attrs(c, &[CODE_ATTRS, PH_ATTRS], Foreign::Modules)?;
                    self.item(c, Kind::Ph, part)?;
                    let id = c.attr("id").unwrap_or_default().to_string();
                    let fluent = c.attr("dataRef").and_then(|d| self.data.get(d)).cloned();
                    segment.push_code(Code::placeable(id, fluent.unwrap_or_default()));
                }
                "pc" => {
                    check_attrs(c, &[CODE_ATTRS, PC_ATTRS], Foreign::Modules)?;
                    segment.push(Inline::Foreign("pc".into()));
                    self.item(c, Kind::PcStart, part)?;
                    self.content(c, part, segment)?;
                    let mut end = self.item_of(c, Kind::PcEnd, part);
                    end.start_ref = end.id.take();
                    self.items.push(end);
                }
                "sc" | "ec" => {
                    let spec = if c.name == "sc" { SC_ATTRS } else { EC_ATTRS };
                    check_attrs(c, &[CODE_ATTRS, spec], Foreign::Modules)?;
                    let kind = if c.name == "sc" { Kind::Sc } else { Kind::Ec };
                    let isolated = c.attr("isolated") == Some("yes");
                    let restricted =
                        |a: &&Attr| a.ns == FS || (a.ns == SLR && a.name.starts_with("sizeInfo"));
                    if kind == Kind::Ec && !isolated && c.attrs.iter().any(|a| restricted(&a)) {
                        return fail(c.offset, "module attributes go on the <sc>, not on a paired <ec>");
                    }
                    segment.push(Inline::Foreign(c.name.clone()));
                    self.item(c, kind, part)?;
                }
                "mrk" | "sm" => {
                    check_attrs(c, &[MRK_ATTRS], Foreign::Any)?;
                    self.annotation(c)?;
                    self.item(c, if c.name == "mrk" { Kind::Mrk } else { Kind::Sm }, part)?;
                    if c.name == "mrk" {
                        self.content(c, part, segment)?;
                    }
                }
                "em" => {
                    check_attrs(c, &[&[("startRef", Ty::Token, true)]], Foreign::No)?;
                    self.item(c, Kind::Em, part)?;
                }
                other => return fail(c.offset, format!("<{other}> cannot be in <{}>", e.name)),
            }
        }
        Ok(())
    }

    fn item_of(&self, c: &Element, kind: Kind, part: usize) -> Item {
        Item {
            kind,
            id: c.attr("id").map(String::from),
            start_ref: c.attr("startRef").map(String::from),
            part,
            offset: c.offset,
            can_copy: c.attr("canCopy") != Some("no"),
            can_delete: c.attr("canDelete") != Some("no"),
            can_overlap: c.attr("canOverlap").map(String::from),
            reorder: match c.attr("canReorder") {
                Some("no") => Reorder::No,
                Some("firstNo") => Reorder::FirstNo,
                _ => Reorder::Yes,
            },
            isolated: c.attr("isolated") == Some("yes"),
            copy_of: c.attr("copyOf").map(String::from),
            data_ref: ["dataRef", "dataRefStart", "dataRefEnd"].iter().any(|a| c.attr(a).is_some()),
        }
    }

    /// Records an inline element: its data exists, its ID is unique.
    fn item(&mut self, c: &Element, kind: Kind, part: usize) -> Res<()> {
        let item = self.item_of(c, kind, part);
        for attr in ["dataRef", "dataRefStart", "dataRefEnd"] {
            if let Some(d) = c.attr(attr)
                && !self.data.contains_key(d)
            {
                return fail(c.offset, format!("{attr}=\"{d}\" names no <data> of the unit"));
            }
        }
        if kind == Kind::Ec && !item.isolated && item.id.is_some() {
            return fail(c.offset, NOT_ISOLATED_EC);
        }
        if let Some(id) = &item.id
            && (self.part_ids.contains(id) || self.ids.insert(id.clone(), c.name.clone()).is_some())
        {
            return fail(c.offset, format!("the ID `{id}` is used twice in the unit `{}`", self.unit));
        }
        for attr in ["subFlows", "subFlowsStart", "subFlowsEnd"] {
            for unit in c.attr(attr).into_iter().flat_map(|v| v.split(' ')) {
                self.sub_flows.push((unit.to_string(), c.offset));
            }
        }
        self.items.push(item);
        Ok(())
    }

    /// A comment annotation has a value or a reference to one of the unit's
    /// notes; every fragment identifier is well-formed.
    fn annotation(&self, c: &Element) -> Res<()> {
        let reference = c.attr("ref");
        if let Some(fragment) = reference.and_then(|r| r.strip_prefix('#')) {
            let selectors = fragment_selectors(fragment).or_else(|message| fail(c.offset, message))?;
            if c.attr("type") == Some("comment") {
                let unit_note = match selectors.as_slice() {
                    [(Some("n"), note)] => Some(note),
                    [rest @ .., (Some("n"), note)] => {
                        let file_ok = rest.iter().all(|(p, v)| *p != Some("f") || *v == self.file);
                        let has_unit = rest.iter().any(|(p, v)| *p == Some("u") && *v == self.unit);
                        (file_ok && has_unit).then_some(note)
                    }
                    _ => None,
                };
                if !unit_note.is_some_and(|n| self.notes.contains(*n)) {
                    return fail(
                        c.offset,
                        format!("the comment's ref `{}` names no note of the unit", fragment),
                    );
                }
            }
        }
        if c.attr("type") == Some("comment") && c.attr("value").is_some() == reference.is_some() {
            return fail(c.offset, "a comment annotation has either a value or a ref");
        }
        Ok(())
    }
}
