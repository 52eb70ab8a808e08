//! XLIFF 2.0 and 2.1 as the reader streams it: the structure of the core
//! schema and the constraints of the core specification (IDs, languages,
//! original data, inline codes and their pairing, reordering, annotations,
//! fragment identifiers, the modules' element and attribute names), checked
//! so that every file of the OASIS test suite's `core/invalid` is refused;
//! and each unit's segments joined into one source and one target.

use super::read::{Dialect, Element, FileInfo, Node, ReadUnit, Res, Visitor, XML, at};
use super::write::{MATCHES, XLIFF_2, xml_char};
use crate::segment::{Code, Inline, Segment};
use std::collections::{HashMap, HashSet};

const NOT_ISOLATED_EC: &str = "an <ec> that is not isolated has a startRef and no id";
const FS: &str = "urn:oasis:names:tc:xliff:fs:2.0";
const SLR: &str = "urn:oasis:names:tc:xliff:sizerestriction:2.0";
const ITS: &str = "http://www.w3.org/2005/11/its";
const ITSM: &str = "urn:oasis:names:tc:xliff:itsm:2.1";

/// The modules' namespaces with the elements each defines.
const MODULES: [(&str, &[&str]); 9] = [
    (MATCHES, &["matches", "match"]),
    (
        "urn:oasis:names:tc:xliff:glossary:2.0",
        &["glossary", "glossEntry", "term", "translation", "definition"],
    ),
    ("urn:oasis:names:tc:xliff:metadata:2.0", &["metadata", "metaGroup", "meta"]),
    (
        "urn:oasis:names:tc:xliff:resourcedata:2.0",
        &["resourceData", "resourceItemRef", "resourceItem", "source", "target", "reference"],
    ),
    ("urn:oasis:names:tc:xliff:validation:2.0", &["validation", "rule"]),
    (SLR, &["profiles", "normalization", "data"]),
    ("urn:oasis:names:tc:xliff:changetracking:2.0", &["changeTrack", "revisions", "revision", "item"]),
    ("urn:oasis:names:tc:xliff:changetracking:2.1", &["changeTrack", "revisions", "revision", "item"]),
    (FS, &[]),
];

/// Fragment identifier prefixes: the core's, the modules', and `tbx`, the
/// registered TBX extension.
const CORE_PREFIXES: [&str; 3] = ["f", "g", "u"];
const LEAF_PREFIXES: [&str; 11] = ["n", "d", "t", "mtc", "gls", "mda", "res", "ctr", "slr", "val", "tbx"];

const FS_VALUES: [&str; 57] = [
    "a",
    "b",
    "bdo",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "html",
    "i",
    "img",
    "label",
    "legend",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "select",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "tt",
    "u",
];

fn fail<T>(offset: u64, message: impl std::fmt::Display) -> Res<T> {
    at(offset, format!("invalid XLIFF 2: {message}"))
}

/// The kinds of attribute values.
#[derive(Clone, Copy)]
enum Ty {
    Text,
    YesNo,
    Reorder,
    Dir,
    Token,
    Tokens,
    PosInt,
    State,
    UserDefined,
    CodeType,
    MrkType,
    AppliesTo,
    Priority,
    Lang,
    Space,
    Hex,
}

/// Which attributes from other namespaces an element takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Foreign {
    Any,
    /// Module attributes only (inline codes).
    Modules,
    No,
}

type Spec = (&'static str, Ty, bool);

const XLIFF_ATTRS: &[Spec] = &[
    ("version", Ty::Text, true),
    ("srcLang", Ty::Lang, true),
    ("trgLang", Ty::Lang, false),
    ("xml:space", Ty::Space, false),
];
const FILE_ATTRS: &[Spec] = &[
    ("id", Ty::Token, true),
    ("canResegment", Ty::YesNo, false),
    ("original", Ty::Text, false),
    ("translate", Ty::YesNo, false),
    ("srcDir", Ty::Dir, false),
    ("trgDir", Ty::Dir, false),
    ("xml:space", Ty::Space, false),
];
const GROUP_UNIT_ATTRS: &[Spec] = &[
    ("id", Ty::Token, true),
    ("name", Ty::Text, false),
    ("canResegment", Ty::YesNo, false),
    ("translate", Ty::YesNo, false),
    ("srcDir", Ty::Dir, false),
    ("trgDir", Ty::Dir, false),
    ("type", Ty::UserDefined, false),
    ("xml:space", Ty::Space, false),
];
const SEGMENT_ATTRS: &[Spec] = &[
    ("id", Ty::Token, false),
    ("canResegment", Ty::YesNo, false),
    ("state", Ty::State, false),
    ("subState", Ty::UserDefined, false),
];
const IGNORABLE_ATTRS: &[Spec] = &[("id", Ty::Token, false)];
const NOTE_ATTRS: &[Spec] = &[
    ("id", Ty::Token, false),
    ("appliesTo", Ty::AppliesTo, false),
    ("category", Ty::Text, false),
    ("priority", Ty::Priority, false),
];
const DATA_ATTRS: &[Spec] =
    &[("id", Ty::Token, true), ("dir", Ty::Dir, false), ("xml:space", Ty::Space, false)];
const SOURCE_ATTRS: &[Spec] = &[("xml:lang", Ty::Lang, false), ("xml:space", Ty::Space, false)];
const TARGET_ATTRS: &[Spec] =
    &[("xml:lang", Ty::Lang, false), ("xml:space", Ty::Space, false), ("order", Ty::PosInt, false)];
const CODE_ATTRS: &[Spec] = &[
    ("canCopy", Ty::YesNo, false),
    ("canDelete", Ty::YesNo, false),
    ("canReorder", Ty::Reorder, false),
    ("copyOf", Ty::Token, false),
    ("subType", Ty::UserDefined, false),
    ("type", Ty::CodeType, false),
];
const PH_ATTRS: &[Spec] = &[
    ("disp", Ty::Text, false),
    ("equiv", Ty::Text, false),
    ("id", Ty::Token, true),
    ("dataRef", Ty::Token, false),
    ("subFlows", Ty::Tokens, false),
];
const PC_ATTRS: &[Spec] = &[
    ("canOverlap", Ty::YesNo, false),
    ("dispEnd", Ty::Text, false),
    ("dispStart", Ty::Text, false),
    ("equivEnd", Ty::Text, false),
    ("equivStart", Ty::Text, false),
    ("id", Ty::Token, true),
    ("dataRefEnd", Ty::Token, false),
    ("dataRefStart", Ty::Token, false),
    ("subFlowsEnd", Ty::Tokens, false),
    ("subFlowsStart", Ty::Tokens, false),
    ("dir", Ty::Dir, false),
];
const SC_ATTRS: &[Spec] = &[
    ("canOverlap", Ty::YesNo, false),
    ("dataRef", Ty::Token, false),
    ("dir", Ty::Dir, false),
    ("disp", Ty::Text, false),
    ("equiv", Ty::Text, false),
    ("id", Ty::Token, true),
    ("isolated", Ty::YesNo, false),
    ("subFlows", Ty::Tokens, false),
];
const EC_ATTRS: &[Spec] = &[
    ("canOverlap", Ty::YesNo, false),
    ("dataRef", Ty::Token, false),
    ("dir", Ty::Dir, false),
    ("disp", Ty::Text, false),
    ("equiv", Ty::Text, false),
    ("id", Ty::Token, false),
    ("isolated", Ty::YesNo, false),
    ("startRef", Ty::Token, false),
    ("subFlows", Ty::Tokens, false),
];
const MRK_ATTRS: &[Spec] = &[
    ("id", Ty::Token, true),
    ("translate", Ty::YesNo, false),
    ("type", Ty::MrkType, false),
    ("ref", Ty::Text, false),
    ("value", Ty::Text, false),
];

fn nmtoken(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, '.' | '-' | '_' | ':' | '\u{b7}' | '\u{300}'..='\u{36f}' | '\u{203f}'..='\u{2040}')
            || (!c.is_ascii() && c.is_alphanumeric())
    })
}

fn user_defined(value: &str) -> bool {
    let ok = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
    value.split_once(':').is_some_and(|(a, b)| ok(a) && ok(b) && !b.contains(':'))
}

fn valid(ty: Ty, value: &str) -> bool {
    match ty {
        Ty::Text => true,
        Ty::YesNo => matches!(value, "yes" | "no"),
        Ty::Reorder => matches!(value, "yes" | "no" | "firstNo"),
        Ty::Dir => matches!(value, "ltr" | "rtl" | "auto"),
        Ty::Token => nmtoken(value),
        Ty::Tokens => !value.is_empty() && value.split(' ').all(nmtoken),
        Ty::PosInt => value.parse::<u32>().is_ok_and(|n| n > 0),
        Ty::State => matches!(value, "initial" | "translated" | "reviewed" | "final"),
        Ty::UserDefined => user_defined(value),
        Ty::CodeType => matches!(value, "fmt" | "ui" | "quote" | "link" | "image" | "other"),
        Ty::MrkType => matches!(value, "generic" | "comment" | "term") || user_defined(value),
        Ty::AppliesTo => matches!(value, "source" | "target"),
        Ty::Priority => value.parse::<u8>().is_ok_and(|n| (1..=10).contains(&n)),
        Ty::Lang => icu_locale_core::Locale::try_from_str(value).is_ok(),
        Ty::Space => matches!(value, "default" | "preserve"),
        Ty::Hex => {
            !value.is_empty() && value.len().is_multiple_of(2) && value.chars().all(|c| c.is_ascii_hexdigit())
        }
    }
}

/// Checks an element's attributes against `specs` (several lists may apply)
/// and the namespaces it accepts.
fn check_attrs(e: &Element, specs: &[&[Spec]], foreign: Foreign) -> Res<()> {
    let find = |name: &str| specs.iter().flat_map(|s| s.iter()).find(|(n, _, _)| *n == name);
    for attr in &e.attrs {
        let qualified = if attr.ns == XML { format!("xml:{}", attr.name) } else { attr.name.clone() };
        match find(&qualified) {
            Some((_, ty, _)) if attr.ns.is_empty() || attr.ns == XML => {
                if !valid(*ty, &attr.value) {
                    return fail(
                        e.offset,
                        format!("`{}` is not a valid value of {qualified} on <{}>", attr.value, e.name),
                    );
                }
            }
            _ if attr.ns.is_empty() => {
                return fail(e.offset, format!("<{}> has no attribute `{}`", e.name, attr.name));
            }
            _ => {
                let module = [FS, SLR, ITS, ITSM].contains(&attr.ns.as_str());
                let allowed = match foreign {
                    Foreign::Any => true,
                    Foreign::Modules => module,
                    Foreign::No => false,
                };
                if !allowed {
                    return fail(
                        e.offset,
                        format!("<{}> takes no attribute `{qualified}` from `{}`", e.name, attr.ns),
                    );
                }
                module_attr(e, &attr.name, &attr.ns, &attr.value)?;
            }
        }
    }
    for (name, _, required) in specs.iter().flat_map(|s| s.iter()) {
        let present = match name.strip_prefix("xml:") {
            Some(local) => e.attr_ns(XML, local).is_some(),
            None => e.attr(name).is_some(),
        };
        if *required && !present {
            return fail(e.offset, format!("<{}> needs the attribute `{name}`", e.name));
        }
    }
    if e.attr("subType").is_some() {
        let (sub, kind) = (e.attr("subType").unwrap_or_default(), e.attr("type"));
        let expected = match sub {
            "xlf:lb" | "xlf:pb" | "xlf:b" | "xlf:i" | "xlf:u" => Some(Some("fmt")),
            "xlf:var" => Some(Some("ui")),
            s if s.starts_with("xlf:") => Some(None),
            _ => None,
        };
        if kind.is_none() || expected.is_some_and(|want| want != kind) {
            return fail(e.offset, format!("<{}> has subType `{sub}` with no matching type", e.name));
        }
    }
    Ok(())
}

/// The attributes the modules define (fs, size restriction).
fn module_attr(e: &Element, name: &str, ns: &str, value: &str) -> Res<()> {
    let known = match ns {
        FS => match name {
            "fs" => FS_VALUES.contains(&value),
            "subFs" => e.attr_ns(FS, "fs").is_some(),
            _ => false,
        },
        SLR => ["storageRestriction", "sizeRestriction", "equivStorage", "sizeInfo", "sizeInfoRef"]
            .contains(&name),
        _ => true,
    };
    if known {
        Ok(())
    } else {
        fail(e.offset, format!("<{}> has an invalid module attribute `{name}=\"{value}\"`", e.name))
    }
}

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
pub(crate) struct Xliff2 {
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
                visitor.file(&info).or_else(|message| at(offset, message))?;
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
                visitor.unit(unit).or_else(|message| at(offset, message))
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
        // Only a state the file states: a tool that sets none is not saying "initial".
        let state = split.iter().find(|(p, ..)| p.name == "segment").and_then(|(p, ..)| p.attr("state"));
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

/// Checks an extension element: core elements are out of place, a module's
/// namespace holds only its own elements, and IDs are unique per namespace
/// in the enclosing file, group or unit.
fn extension(e: &Element, ids: &mut HashSet<(String, String)>) -> Res<()> {
    if e.ns == XLIFF_2 {
        return fail(e.offset, format!("<{}> is out of place", e.name));
    }
    if let Some((_, names)) = MODULES.iter().find(|(ns, _)| *ns == e.ns)
        && !names.contains(&e.name.as_str())
    {
        return fail(e.offset, format!("`{}` defines no element <{}>", e.ns, e.name));
    }
    if let Some(id) = e.attr("id").or(e.attr_ns(XML, "id"))
        && !ids.insert((e.ns.clone(), id.to_string()))
    {
        return fail(e.offset, format!("two extension elements have the ID `{id}`"));
    }
    e.elements().filter(|c| c.ns != XLIFF_2).try_for_each(|c| extension(c, ids))
}

/// Checks `<notes>` and returns the IDs of its notes.
fn notes(e: &Element) -> Res<HashSet<String>> {
    check_attrs(e, &[], Foreign::No)?;
    let mut ids = HashSet::new();
    let mut count = 0;
    for child in &e.children {
        let note = match child {
            Node::Text(t) if t.trim().is_empty() => continue,
            Node::Element(n) if n.is(XLIFF_2, "note") => n,
            _ => return fail(e.offset, "<notes> holds <note>s only"),
        };
        check_attrs(note, &[NOTE_ATTRS], Foreign::Any)?;
        if note.elements().next().is_some() {
            return fail(note.offset, "a <note> holds text only");
        }
        if let Some(id) = note.attr("id")
            && !ids.insert(id.to_string())
        {
            return fail(note.offset, format!("two notes have the ID `{id}`"));
        }
        count += 1;
    }
    if count == 0 {
        return fail(e.offset, "<notes> needs at least one <note>");
    }
    Ok(ids)
}

/// The unit's original data by ID.
fn original_data(e: &Element) -> Res<HashMap<String, String>> {
    check_attrs(e, &[], Foreign::No)?;
    let mut data = HashMap::new();
    for child in &e.children {
        let d = match child {
            Node::Text(t) if t.trim().is_empty() => continue,
            Node::Element(d) if d.is(XLIFF_2, "data") => d,
            _ => return fail(e.offset, "<originalData> holds <data> only"),
        };
        check_attrs(d, &[DATA_ATTRS], Foreign::No)?;
        let mut text = String::new();
        for part in &d.children {
            match part {
                Node::Text(t) => text.push_str(t),
                Node::Element(cp) if cp.is(XLIFF_2, "cp") => text.push(code_point(cp)?),
                Node::Element(other) => {
                    return fail(other.offset, format!("<{}> cannot be in <data>", other.name));
                }
            }
        }
        let id = d.attr("id").unwrap_or_default().to_string();
        if data.insert(id.clone(), text).is_some() {
            return fail(d.offset, format!("two <data> have the ID `{id}`"));
        }
    }
    if data.is_empty() {
        return fail(e.offset, "<originalData> needs at least one <data>");
    }
    Ok(data)
}

/// The character of a `<cp hex="…"/>`: only one XML cannot hold otherwise.
fn code_point(e: &Element) -> Res<char> {
    check_attrs(e, &[&[("hex", Ty::Hex, true)]], Foreign::No)?;
    let hex = e.attr("hex").unwrap_or_default();
    match u32::from_str_radix(hex, 16).ok() {
        Some(v) if xml_char(v) => {
            fail(e.offset, format!("<cp hex=\"{hex}\"/> is for characters XML cannot hold"))
        }
        Some(v) => Ok(char::from_u32(v).unwrap_or('\u{fffd}')),
        None => fail(e.offset, format!("`{hex}` is not a code point")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Ph,
    PcStart,
    PcEnd,
    Sc,
    Ec,
    Sm,
    Em,
    Mrk,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reorder {
    Yes,
    FirstNo,
    No,
}

/// An inline element, as the unit-wide checks need it.
#[derive(Clone, Debug)]
struct Item {
    kind: Kind,
    id: Option<String>,
    start_ref: Option<String>,
    part: usize,
    offset: u64,
    can_copy: bool,
    can_delete: bool,
    can_overlap: Option<String>,
    reorder: Reorder,
    isolated: bool,
    copy_of: Option<String>,
    data_ref: bool,
}

impl Item {
    fn key(&self) -> &str {
        self.id.as_deref().or(self.start_ref.as_deref()).unwrap_or_default()
    }

    fn is_code(&self) -> bool {
        matches!(self.kind, Kind::Ph | Kind::PcStart | Kind::PcEnd | Kind::Sc | Kind::Ec)
    }

    /// A code that starts something a sequence can hold.
    fn starts(&self) -> bool {
        matches!(self.kind, Kind::Ph | Kind::PcStart | Kind::Sc) || (self.kind == Kind::Ec && self.isolated)
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
                    let restricted = |a: &&super::read::Attr| {
                        a.ns == FS || (a.ns == SLR && a.name.starts_with("sizeInfo"))
                    };
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

/// The selectors of a fragment identifier (`f=f1/u=u1/n=n1`), in order:
/// file, group, unit, then at most one leaf, each prefix once.
fn fragment_selectors(fragment: &str) -> Result<Vec<(Option<&str>, &str)>, String> {
    let body = fragment.strip_prefix('/').unwrap_or(fragment);
    let mut selectors = Vec::new();
    let mut rank = 0;
    for selector in body.split('/') {
        let (prefix, id) = match selector.split_once('=') {
            Some((p, id)) => (Some(p), id),
            None => (None, selector),
        };
        if !nmtoken(id) || prefix.is_some_and(|p| !nmtoken(p)) {
            return Err(format!("`#{fragment}` is not a valid fragment identifier"));
        }
        let this = match prefix {
            Some(p) => match CORE_PREFIXES.iter().position(|c| *c == p) {
                Some(r) => r + 1,
                None if LEAF_PREFIXES.contains(&p) => 4,
                None => return Err(format!("`{p}` in `#{fragment}` is not a registered prefix")),
            },
            None => 4,
        };
        if this <= rank {
            return Err(format!("`#{fragment}` has its selectors out of order or repeated"));
        }
        rank = this;
        selectors.push((prefix, id));
    }
    Ok(selectors)
}

/// The unit-wide rules on codes and markers: pairs match, copies copy what
/// may be copied, codes that may not be deleted or reordered stay.
fn check_codes(offset: u64, source: &[Item], target: &[Item], has_target: &[bool]) -> Res<()> {
    pairs(source)?;
    pairs(target)?;
    let all: Vec<&Item> = source.iter().chain(target).collect();
    for item in all.iter().filter(|i| i.copy_of.is_some()) {
        let base_id = item.copy_of.as_deref().unwrap_or_default();
        let base =
            all.iter().find(|b| b.is_code() && b.kind != Kind::PcEnd && b.id.as_deref() == Some(base_id));
        match base {
            None => return fail(item.offset, format!("copyOf=\"{base_id}\" names no code of the unit")),
            Some(_) if item.data_ref => return fail(item.offset, "a copy has no original data of its own"),
            Some(b) if !b.can_copy => {
                return fail(item.offset, format!("the code `{base_id}` may not be copied"));
            }
            _ => {}
        }
    }
    // Sequences that may not be reordered: a firstNo code and the no codes after it.
    let mut sequences: Vec<Vec<&str>> = Vec::new();
    let mut previous = Reorder::Yes;
    for item in source.iter().filter(|i| i.starts()) {
        if item.reorder != Reorder::Yes && (item.can_copy || item.can_delete) {
            return fail(item.offset, "a code that may not be reordered may not be copied or deleted either");
        }
        match item.reorder {
            Reorder::FirstNo => sequences.push(vec![item.key()]),
            Reorder::No if previous == Reorder::Yes => {
                return fail(item.offset, "canReorder=\"no\" must follow a code with firstNo or no");
            }
            Reorder::No => {
                if let Some(last) = sequences.last_mut() {
                    last.push(item.key());
                }
            }
            Reorder::Yes => {}
        }
        previous = item.reorder;
    }
    if !has_target.iter().any(|t| *t) {
        return Ok(());
    }
    for item in source.iter().filter(|i| i.starts() && !i.can_delete && has_target[i.part]) {
        if !target.iter().any(|t| t.is_code() && t.key() == item.key()) {
            return fail(
                item.offset,
                format!("the target drops the code `{}`, which may not be deleted", item.key()),
            );
        }
    }
    let codes = |items: &[Item]| -> Vec<(Kind, String)> {
        items.iter().filter(|i| i.is_code()).map(|i| (i.kind, i.key().to_string())).collect()
    };
    let (source_codes, target_codes) = (codes(source), codes(target));
    for sequence in &sequences {
        let inside = |(_, key): &&(Kind, String)| sequence.contains(&key.as_str());
        let expected: Vec<_> = source_codes.iter().filter(inside).collect();
        let positions: Vec<usize> =
            target_codes.iter().enumerate().filter(|(_, c)| inside(c)).map(|(n, _)| n).collect();
        let found: Vec<_> = positions.iter().map(|&n| &target_codes[n]).collect();
        let contiguous = positions.windows(2).all(|w| w[1] == w[0] + 1);
        if !found.is_empty() && (found != expected || !contiguous) {
            return fail(
                offset,
                format!("the target reorders the codes {} that may not be reordered", sequence.join(", ")),
            );
        }
    }
    Ok(())
}

/// Start and end codes and markers pair up within one content (the sources
/// or the targets of a unit).
fn pairs(items: &[Item]) -> Res<()> {
    for item in items.iter().filter(|i| i.kind == Kind::Ec) {
        if item.isolated && (item.id.is_none() || item.start_ref.is_some()) {
            return fail(item.offset, "an isolated <ec> has an id and no startRef");
        }
        if !item.isolated && (item.start_ref.is_none() || item.id.is_some()) {
            return fail(item.offset, NOT_ISOLATED_EC);
        }
    }
    for (n, item) in items.iter().enumerate() {
        let later = &items[n + 1..];
        let earlier = &items[..n];
        match item.kind {
            Kind::Sc => {
                let id = item.id.as_deref().unwrap_or_default();
                let end = later
                    .iter()
                    .find(|e| e.kind == Kind::Ec && !e.isolated && e.start_ref.as_deref() == Some(id));
                match (item.isolated, end) {
                    (true, Some(_)) => {
                        return fail(
                            item.offset,
                            format!("<sc id=\"{id}\"> is isolated but its <ec> is here"),
                        );
                    }
                    (false, None) => {
                        return fail(
                            item.offset,
                            format!("<sc id=\"{id}\"> has no <ec>: mark it isolated=\"yes\""),
                        );
                    }
                    (false, Some(end)) => {
                        let same = item.can_copy == end.can_copy
                            && item.can_delete == end.can_delete
                            && item.reorder == end.reorder
                            && item.can_overlap.as_deref().unwrap_or("yes")
                                == end.can_overlap.as_deref().unwrap_or("yes");
                        if !same {
                            return fail(
                                end.offset,
                                format!(
                                    "<ec> of `{id}` differs from its <sc> in canCopy, canDelete, canOverlap or canReorder"
                                ),
                            );
                        }
                    }
                    (true, None) => {}
                }
            }
            Kind::Ec if !item.isolated => {
                let start = item.start_ref.as_deref().unwrap_or_default();
                if !earlier
                    .iter()
                    .any(|s| s.kind == Kind::Sc && !s.isolated && s.id.as_deref() == Some(start))
                {
                    return fail(item.offset, format!("<ec startRef=\"{start}\"> has no <sc> before it"));
                }
            }
            Kind::Sm => {
                let id = item.id.as_deref().unwrap_or_default();
                if !later.iter().any(|e| e.kind == Kind::Em && e.start_ref.as_deref() == Some(id)) {
                    return fail(item.offset, format!("<sm id=\"{id}\"> has no <em>"));
                }
            }
            Kind::Em => {
                let start = item.start_ref.as_deref().unwrap_or_default();
                if !earlier.iter().any(|s| s.kind == Kind::Sm && s.id.as_deref() == Some(start)) {
                    return fail(item.offset, format!("<em startRef=\"{start}\"> has no <sm> before it"));
                }
            }
            _ => {}
        }
    }
    Ok(())
}
