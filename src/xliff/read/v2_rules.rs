//! The rules of XLIFF 2.0 and 2.1 that the reader checks: the attributes
//! of the core schema and the modules, and the constraints of the core
//! specification on extensions, notes, original data, inline codes and their
//! pairing, reordering and fragment identifiers, so that every file of the
//! OASIS test suite's `core/invalid` is refused. They judge elements read
//! whole; reading them is the [v2 reader](super::v2)'s.

use super::events::{Element, Node, Res, at};
use crate::xliff::write::{MATCHES, XLIFF_2};
use crate::xml::{self, NAMESPACE as XML};
use std::collections::{HashMap, HashSet};

pub(super) const NOT_ISOLATED_EC: &str = "an <ec> that is not isolated has a startRef and no id";
pub(super) const FS: &str = "urn:oasis:names:tc:xliff:fs:2.0";
pub(super) const SLR: &str = "urn:oasis:names:tc:xliff:sizerestriction:2.0";
pub(super) const ITS: &str = "http://www.w3.org/2005/11/its";
pub(super) const ITSM: &str = "urn:oasis:names:tc:xliff:itsm:2.1";

/// The modules' namespaces with the elements each defines.
pub(super) const MODULES: [(&str, &[&str]); 9] = [
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
pub(super) const CORE_PREFIXES: [&str; 3] = ["f", "g", "u"];
pub(super) const LEAF_PREFIXES: [&str; 11] =
    ["n", "d", "t", "mtc", "gls", "mda", "res", "ctr", "slr", "val", "tbx"];

pub(super) const FS_VALUES: [&str; 57] = [
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

pub(super) fn fail<T>(offset: u64, message: impl std::fmt::Display) -> Res<T> {
    at(offset, format!("invalid XLIFF 2: {message}"))
}

/// The kinds of attribute values.
#[derive(Clone, Copy)]
pub(super) enum Ty {
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
pub(super) enum Foreign {
    Any,
    /// Module attributes only (inline codes).
    Modules,
    No,
}

pub(super) type Spec = (&'static str, Ty, bool);

pub(super) const XLIFF_ATTRS: &[Spec] = &[
    ("version", Ty::Text, true),
    ("srcLang", Ty::Lang, true),
    ("trgLang", Ty::Lang, false),
    ("xml:space", Ty::Space, false),
];
pub(super) const FILE_ATTRS: &[Spec] = &[
    ("id", Ty::Token, true),
    ("canResegment", Ty::YesNo, false),
    ("original", Ty::Text, false),
    ("translate", Ty::YesNo, false),
    ("srcDir", Ty::Dir, false),
    ("trgDir", Ty::Dir, false),
    ("xml:space", Ty::Space, false),
];
pub(super) const GROUP_UNIT_ATTRS: &[Spec] = &[
    ("id", Ty::Token, true),
    ("name", Ty::Text, false),
    ("canResegment", Ty::YesNo, false),
    ("translate", Ty::YesNo, false),
    ("srcDir", Ty::Dir, false),
    ("trgDir", Ty::Dir, false),
    ("type", Ty::UserDefined, false),
    ("xml:space", Ty::Space, false),
];
pub(super) const SEGMENT_ATTRS: &[Spec] = &[
    ("id", Ty::Token, false),
    ("canResegment", Ty::YesNo, false),
    ("state", Ty::State, false),
    ("subState", Ty::UserDefined, false),
];
pub(super) const IGNORABLE_ATTRS: &[Spec] = &[("id", Ty::Token, false)];
pub(super) const NOTE_ATTRS: &[Spec] = &[
    ("id", Ty::Token, false),
    ("appliesTo", Ty::AppliesTo, false),
    ("category", Ty::Text, false),
    ("priority", Ty::Priority, false),
];
pub(super) const DATA_ATTRS: &[Spec] =
    &[("id", Ty::Token, true), ("dir", Ty::Dir, false), ("xml:space", Ty::Space, false)];
pub(super) const SOURCE_ATTRS: &[Spec] = &[("xml:lang", Ty::Lang, false), ("xml:space", Ty::Space, false)];
pub(super) const TARGET_ATTRS: &[Spec] =
    &[("xml:lang", Ty::Lang, false), ("xml:space", Ty::Space, false), ("order", Ty::PosInt, false)];
pub(super) const CODE_ATTRS: &[Spec] = &[
    ("canCopy", Ty::YesNo, false),
    ("canDelete", Ty::YesNo, false),
    ("canReorder", Ty::Reorder, false),
    ("copyOf", Ty::Token, false),
    ("subType", Ty::UserDefined, false),
    ("type", Ty::CodeType, false),
];
pub(super) const PH_ATTRS: &[Spec] = &[
    ("disp", Ty::Text, false),
    ("equiv", Ty::Text, false),
    ("id", Ty::Token, true),
    ("dataRef", Ty::Token, false),
    ("subFlows", Ty::Tokens, false),
];
pub(super) const PC_ATTRS: &[Spec] = &[
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
pub(super) const SC_ATTRS: &[Spec] = &[
    ("canOverlap", Ty::YesNo, false),
    ("dataRef", Ty::Token, false),
    ("dir", Ty::Dir, false),
    ("disp", Ty::Text, false),
    ("equiv", Ty::Text, false),
    ("id", Ty::Token, true),
    ("isolated", Ty::YesNo, false),
    ("subFlows", Ty::Tokens, false),
];
pub(super) const EC_ATTRS: &[Spec] = &[
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
pub(super) const MRK_ATTRS: &[Spec] = &[
    ("id", Ty::Token, true),
    ("translate", Ty::YesNo, false),
    ("type", Ty::MrkType, false),
    ("ref", Ty::Text, false),
    ("value", Ty::Text, false),
];

pub(super) fn nmtoken(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, '.' | '-' | '_' | ':' | '\u{b7}' | '\u{300}'..='\u{36f}' | '\u{203f}'..='\u{2040}')
            || (!c.is_ascii() && c.is_alphanumeric())
    })
}

pub(super) fn user_defined(value: &str) -> bool {
    let ok = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
    value.split_once(':').is_some_and(|(a, b)| ok(a) && ok(b) && !b.contains(':'))
}

pub(super) fn valid(ty: Ty, value: &str) -> bool {
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
pub(super) fn check_attrs(e: &Element, specs: &[&[Spec]], foreign: Foreign) -> Res<()> {
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
pub(super) fn module_attr(e: &Element, name: &str, ns: &str, value: &str) -> Res<()> {
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

/// Checks an extension element: core elements are out of place, a module's
/// namespace holds only its own elements, and IDs are unique per namespace
/// in the enclosing file, group or unit.
pub(super) fn extension(e: &Element, ids: &mut HashSet<(String, String)>) -> Res<()> {
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
pub(super) fn notes(e: &Element) -> Res<HashSet<String>> {
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
pub(super) fn original_data(e: &Element) -> Res<HashMap<String, String>> {
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
pub(super) fn code_point(e: &Element) -> Res<char> {
    check_attrs(e, &[&[("hex", Ty::Hex, true)]], Foreign::No)?;
    let hex = e.attr("hex").unwrap_or_default();
    match u32::from_str_radix(hex, 16).ok() {
        Some(v) if xml::is_xml_char(v) => {
            fail(e.offset, format!("<cp hex=\"{hex}\"/> is for characters XML cannot hold"))
        }
        Some(v) => Ok(char::from_u32(v).unwrap_or('\u{fffd}')),
        None => fail(e.offset, format!("`{hex}` is not a code point")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
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
pub(super) enum Reorder {
    Yes,
    FirstNo,
    No,
}

/// An inline element, as the unit-wide checks need it.
#[derive(Clone, Debug)]
pub(super) struct Item {
    pub(super) kind: Kind,
    pub(super) id: Option<String>,
    pub(super) start_ref: Option<String>,
    pub(super) part: usize,
    pub(super) offset: u64,
    pub(super) can_copy: bool,
    pub(super) can_delete: bool,
    pub(super) can_overlap: Option<String>,
    pub(super) reorder: Reorder,
    pub(super) isolated: bool,
    pub(super) copy_of: Option<String>,
    pub(super) data_ref: bool,
}

impl Item {
    pub(super) fn key(&self) -> &str {
        self.id.as_deref().or(self.start_ref.as_deref()).unwrap_or_default()
    }

    pub(super) fn is_code(&self) -> bool {
        matches!(self.kind, Kind::Ph | Kind::PcStart | Kind::PcEnd | Kind::Sc | Kind::Ec)
    }

    /// A code that starts something a sequence can hold.
    pub(super) fn starts(&self) -> bool {
        matches!(self.kind, Kind::Ph | Kind::PcStart | Kind::Sc) || (self.kind == Kind::Ec && self.isolated)
    }
}

/// The selectors of a fragment identifier (`f=f1/u=u1/n=n1`), in order:
/// file, group, unit, then at most one leaf, each prefix once.
pub(super) fn fragment_selectors(fragment: &str) -> Result<Vec<(Option<&str>, &str)>, String> {
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
pub(super) fn check_codes(offset: u64, source: &[Item], target: &[Item], has_target: &[bool]) -> Res<()> {
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
pub(super) fn pairs(items: &[Item]) -> Res<()> {
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
