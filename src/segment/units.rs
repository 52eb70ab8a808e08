//! The units of an exchange between the source locale and one target: for
//! every message and term of the source, one unit per value, attribute and
//! select variant, with an ID that says where it comes from, the source and
//! (when there is one) target segments, the notes a translator needs and the
//! translation's state.
//!
//! A plural selector gets the target language's CLDR categories, not the
//! source's: each target category is a unit whose source text is the closest
//! source variant, with a note on the numbers it covers. A term's own
//! attributes belong to its language's grammar and are not units.

use super::plural;
use crate::diff::{self, Change};
use crate::ftl::{Catalog, EntryId, EntryRef, LocaleCatalog};
use crate::intl::Plurals;
use crate::segment::{self, Parts, Segment, Shape, ShapeVariant};
use fluent_syntax::ast::{Attribute, Comment, Entry, Pattern};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// A translation memory's suggestion for a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// 0 to 100 for fuzzy and exact matches, 101 for an exact match in the
    /// same context.
    pub score: u8,
    /// The remembered source and its translation, as Fluent pattern text
    /// (placeables written as in `.ftl`, such as `{ $date }`).
    pub source: String,
    pub target: String,
    /// Where the match comes from, such as the memory's name.
    pub origin: String,
}

/// What names a unit in a project: its file (relative to the locale's
/// folder) and its unit ID (`msg[one]`). IDs are unique in a file only.
pub type StaleKey = (String, String);

/// A translation whose source changed since it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    /// The source text the translation was made for.
    pub old_source: String,
    /// What changed since, word by word, from it to the current source.
    pub changes: Vec<Change>,
}

impl Stale {
    /// A translation made for `old_source` whose source is now `current`.
    pub fn new(old_source: String, current: &str) -> Stale {
        let changes = diff::words(&old_source, current);
        Stale { old_source, changes }
    }
}

/// A locale asked for that is not one of the project's targets.
#[derive(Debug, thiserror::Error)]
#[error("`{requested}` is not a target locale of the project: use {known}")]
pub struct UnknownTarget {
    pub requested: String,
    pub known: String,
}

/// Where a unit comes from: `msg`, `msg.attr`, `msg[one]`, `msg[one][genitive]`,
/// `-term`. XLIFF 2 IDs are NMTOKENs, which have no brackets: there the keys
/// follow colons, `msg.attr:one:genitive`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId {
    /// A term's ID includes its `-`.
    pub entry: String,
    pub attribute: Option<String>,
    /// Variant keys, outer select first.
    pub keys: Vec<String>,
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.entry)?;
        if let Some(attribute) = &self.attribute {
            write!(f, ".{attribute}")?;
        }
        self.keys.iter().try_for_each(|k| write!(f, "[{k}]"))
    }
}

impl UnitId {
    /// The XLIFF 2 form of the ID.
    pub fn nmtoken(&self) -> String {
        let mut out = self.entry.clone();
        if let Some(attribute) = &self.attribute {
            out.push('.');
            out.push_str(attribute);
        }
        for key in &self.keys {
            out.push(':');
            out.push_str(key);
        }
        out
    }

    /// Reads either form.
    pub fn parse(text: &str) -> Option<UnitId> {
        let split = text.find(['[', ':']).unwrap_or(text.len());
        let (head, rest) = text.split_at(split);
        let keys: Vec<String> = if let Some(colons) = rest.strip_prefix(':') {
            colons.split(':').map(String::from).collect()
        } else if rest.is_empty() {
            Vec::new()
        } else {
            let inner = rest.strip_prefix('[')?.strip_suffix(']')?;
            inner.split("][").map(String::from).collect()
        };
        let (entry, attribute) = match head.split_once('.') {
            Some((entry, attribute)) => (entry, Some(attribute)),
            None => (head, None),
        };
        let identifier = |s: &str| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        let key_ok = |k: &String| identifier(k) || k.parse::<f64>().is_ok_and(|_| plural::is_number(k));
        let entry_ok = identifier(entry.strip_prefix('-').unwrap_or(entry));
        (entry_ok && attribute.is_none_or(identifier) && keys.iter().all(key_ok)).then(|| UnitId {
            entry: entry.to_string(),
            attribute: attribute.map(String::from),
            keys,
        })
    }
}

/// Where a translation stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Not translated yet.
    Missing,
    Translated,
    /// Translated, but the source changed since.
    Stale {
        old_source: String,
    },
    /// Translated with variants the source lacks (say a term's grammatical
    /// cases): XLIFF cannot carry it, so it is edited in the `.ftl` file.
    Divergent,
}

impl State {
    /// What a default export carries.
    pub fn needs_work(&self) -> bool {
        matches!(self, State::Missing | State::Stale { .. })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// The message's comment.
    Comment,
    /// The comment of the group (`##`) the message is in.
    Group,
    /// The file and the entry.
    Location,
    /// The numbers a plural category covers.
    Plural,
    /// What a term the text refers to says.
    Term,
    /// The source the translation was made for.
    Stale,
    /// Why a translation is not carried.
    Structure,
}

impl NoteKind {
    pub fn name(self) -> &'static str {
        match self {
            NoteKind::Comment => "comment",
            NoteKind::Group => "group-comment",
            NoteKind::Location => "location",
            NoteKind::Plural => "plural",
            NoteKind::Term => "term",
            NoteKind::Stale => "stale",
            NoteKind::Structure => "structure",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub source: Segment,
    pub target: Option<Segment>,
    pub state: State,
    pub notes: Vec<Note>,
}

/// The units of one source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitFile {
    /// The file's name in the locale folders, such as `resolution.ftl`.
    pub name: String,
    /// The resource comments (`###`).
    pub comment: Option<String>,
    pub units: Vec<Unit>,
}

/// Every unit of a source/target pair, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Units {
    pub source: String,
    pub target: String,
    pub files: Vec<UnitFile>,
}

impl Units {
    /// The units of `catalog`'s source locale for the `target` locale;
    /// `stale` names, by unit ID, the translations whose source changed, in
    /// whichever file.
    pub fn extract(
        catalog: &Catalog<'_>,
        target: &str,
        stale: &HashMap<String, Stale>,
    ) -> Result<Units, UnknownTarget> {
        let mut units = extract(catalog, target)?.0;
        let by_file = units
            .with_files()
            .filter_map(|(file, u)| {
                Some(((file.to_string(), u.id.to_string()), stale.get(&u.id.to_string())?.clone()))
            })
            .collect();
        units.mark_stale(&by_file);
        Ok(units)
    }

    /// Every unit with the name of its file, in source order.
    pub fn with_files(&self) -> impl Iterator<Item = (&str, &Unit)> {
        self.files.iter().flat_map(|f| f.units.iter().map(move |u| (f.name.as_str(), u)))
    }

    /// The units that need work (missing and stale), with their files.
    pub fn needing_work(&self) -> impl Iterator<Item = (&str, &Unit)> {
        self.with_files().filter(|(_, u)| u.state.needs_work())
    }

    /// Marks the translations `stale` names by file and unit ID, with a note
    /// saying what source each was made for.
    pub fn mark_stale(&mut self, stale: &HashMap<StaleKey, Stale>) {
        for file in &mut self.files {
            for unit in &mut file.units {
                let key = (file.name.clone(), unit.id.to_string());
                let Some(Stale { old_source, changes }) = stale.get(&key) else { continue };
                if unit.state == State::Translated {
                    let text = format!(
                        "The source changed since this translation; it translated: {old_source}; \
                         what changed: {}",
                        diff::markers(changes)
                    );
                    unit.notes.push(Note { kind: NoteKind::Stale, text });
                    unit.state = State::Stale { old_source: old_source.clone() };
                }
            }
        }
    }
}

/// What import needs to write an entry back: its patterns' target shapes,
/// the existing translation's parts, and what the translation keeps.
pub(crate) struct EntryPlan<'a, 'p> {
    pub file: usize,
    pub id: EntryId<'p>,
    /// The translation in the target file of the same name.
    pub translation: Option<EntryRef<'a, 'p>>,
    pub patterns: Vec<PatternPlan<'a, 'p>>,
    /// The translation's attributes that are not units, kept as they are.
    pub kept: Vec<&'a Attribute<&'p str>>,
}

pub(crate) struct PatternPlan<'a, 'p> {
    pub attribute: Option<&'p str>,
    pub shape: Shape<'a, 'p>,
    pub existing: Parts,
    /// The translation's variant paths that the shape lacks.
    pub divergent: Vec<String>,
}

pub(crate) fn target_locale<'c, 'p>(
    catalog: &'c Catalog<'p>,
    tag: &str,
) -> Result<&'c LocaleCatalog<'p>, UnknownTarget> {
    catalog.targets().iter().find(|l| l.tag() == tag).ok_or_else(|| {
        let known: Vec<_> = catalog.targets().iter().map(|l| l.tag()).collect();
        UnknownTarget { requested: tag.to_string(), known: known.join(", ") }
    })
}

/// The units, and per entry what import needs (units of entry `e` are those
/// whose ID names it, in the entry's file).
pub(crate) fn extract<'a, 'p>(
    catalog: &'a Catalog<'p>,
    target: &str,
) -> Result<(Units, Vec<EntryPlan<'a, 'p>>), UnknownTarget> {
    let source = catalog.source();
    let target = target_locale(catalog, target)?;
    let context = Context {
        source,
        target,
        source_plurals: Plurals::new(&source.files.locale.format),
        target_plurals: Plurals::new(&target.files.locale.format),
    };
    let mut files = Vec::new();
    let mut plans = Vec::new();
    for resource in &source.resources {
        let translations = target.resource(&resource.file.name);
        let resource_comments: Vec<String> = resource
            .ast
            .body
            .iter()
            .filter_map(|e| match e {
                Entry::ResourceComment(c) => comment_text(c),
                _ => None,
            })
            .collect();
        let mut units = Vec::new();
        let mut group = None;
        let mut seen = HashSet::new();
        for entry in &resource.ast.body {
            if let Entry::GroupComment(c) = entry {
                group = comment_text(c);
            }
            let entry = match entry {
                Entry::Message(m) => EntryRef::Message(m),
                Entry::Term(t) => EntryRef::Term(t),
                _ => continue,
            };
            if !seen.insert(entry.id()) {
                continue;
            }
            let translation = translations.and_then(|r| r.get(entry.id()));
            let plan = context.entry(
                files.len(),
                &resource.file.name,
                entry,
                translation,
                group.as_deref(),
                &mut units,
            );
            plans.push(plan);
        }
        let comment = (!resource_comments.is_empty()).then(|| resource_comments.join("\n\n"));
        files.push(UnitFile { name: resource.file.name.clone(), comment, units });
    }
    let units = Units { source: source.tag().to_string(), target: target.tag().to_string(), files };
    Ok((units, plans))
}

fn comment_text(comment: &Comment<&str>) -> Option<String> {
    let text = comment.content.join("\n");
    (!text.trim().is_empty()).then_some(text)
}

struct Context<'c, 'p> {
    source: &'c LocaleCatalog<'p>,
    target: &'c LocaleCatalog<'p>,
    source_plurals: Plurals,
    target_plurals: Plurals,
}

/// A leaf of the target shape: its keys, the source leaf it translates and
/// the plural notes on its path.
struct Leaf {
    keys: Vec<String>,
    source_keys: Vec<String>,
    notes: Vec<String>,
}

impl<'c, 'p> Context<'c, 'p> {
    fn entry<'a>(
        &self,
        file: usize,
        file_name: &str,
        entry: EntryRef<'a, 'p>,
        translation: Option<EntryRef<'a, 'p>>,
        group: Option<&str>,
        units: &mut Vec<Unit>,
    ) -> EntryPlan<'a, 'p> {
        let id = entry.id();
        let term = id.term;
        let mut patterns: Vec<(Option<&'p str>, &'a Pattern<&'p str>)> = Vec::new();
        for (attribute, pattern) in entry.patterns() {
            if (attribute.is_none() || !term) && !patterns.iter().any(|(a, _)| *a == attribute) {
                patterns.push((attribute, pattern));
            }
        }
        let kept = translation
            .map(|t| {
                t.attributes()
                    .iter()
                    .filter(|a| term || !patterns.iter().any(|(n, _)| *n == Some(a.id.name)))
                    .collect()
            })
            .unwrap_or_default();
        let comment = match entry {
            EntryRef::Message(m) => m.comment.as_ref().and_then(comment_text),
            EntryRef::Term(t) => t.comment.as_ref().and_then(comment_text),
        };
        let mut common = Vec::new();
        if let Some(text) = comment {
            common.push(Note { kind: NoteKind::Comment, text });
        }
        if let Some(text) = group {
            common.push(Note { kind: NoteKind::Group, text: text.to_string() });
        }
        common.push(Note { kind: NoteKind::Location, text: format!("{file_name}: {id}") });

        let mut plans = Vec::new();
        for (attribute, pattern) in patterns {
            let (source_shape, source_parts) = segment::flatten(pattern);
            let source_segments: HashMap<Vec<String>, Segment> = source_parts
                .iter()
                .map(|p| (p.keys.clone(), segment::segment_of(&p.elements, None)))
                .collect();
            let mut leaves = Vec::new();
            let shape =
                self.expand(&source_shape, &mut Vec::new(), &mut Vec::new(), &mut Vec::new(), &mut leaves);
            let translated =
                translation.and_then(|t| t.patterns().into_iter().find(|(a, _)| *a == attribute));
            let mut existing = Parts::new();
            let mut divergent = Vec::new();
            if let Some((_, pattern)) = translated {
                for part in segment::flatten(pattern).1 {
                    let leaf = leaves.iter().find(|l| l.keys == part.keys);
                    let source_keys = leaf.map_or(&source_parts[0].keys, |l| &l.source_keys);
                    let segment = segment::segment_of(&part.elements, source_segments.get(source_keys));
                    if leaf.is_none() {
                        divergent.push(shown(&id, attribute, &part.keys));
                    }
                    existing.insert(part.keys, segment);
                }
            }
            for leaf in leaves {
                let unit_id = UnitId {
                    entry: id.to_string(),
                    attribute: attribute.map(String::from),
                    keys: leaf.keys.clone(),
                };
                let source = source_segments.get(&leaf.source_keys).cloned().unwrap_or_default();
                let target = existing.get(&leaf.keys).cloned();
                let state = match (&translation, divergent.is_empty(), &target) {
                    (None, _, _) | (_, true, None) => State::Missing,
                    (_, false, _) => State::Divergent,
                    (_, true, Some(_)) => State::Translated,
                };
                let mut notes = common.clone();
                notes.extend(leaf.notes.into_iter().map(|text| Note { kind: NoteKind::Plural, text }));
                notes.extend(self.term_notes(&source));
                if state == State::Divergent {
                    let text = format!(
                        "The {} translation has variants the source lacks ({}): edit it in the .ftl file.",
                        self.target.tag(),
                        divergent.join(", ")
                    );
                    notes.push(Note { kind: NoteKind::Structure, text });
                }
                units.push(Unit { id: unit_id, source, target, state, notes });
            }
            plans.push(PatternPlan { attribute, shape, existing, divergent });
        }
        EntryPlan { file, id, translation, patterns: plans, kept }
    }

    /// The target's shape of a pattern: plural selects get the target's
    /// categories, each with the closest source variant below it.
    fn expand<'a>(
        &self,
        shape: &Shape<'a, 'p>,
        keys: &mut Vec<String>,
        source_keys: &mut Vec<String>,
        notes: &mut Vec<String>,
        leaves: &mut Vec<Leaf>,
    ) -> Shape<'a, 'p> {
        let Shape::Select { selector, variants } = shape else {
            leaves.push(Leaf { keys: keys.clone(), source_keys: source_keys.clone(), notes: notes.clone() });
            return Shape::Leaf;
        };
        let names: Vec<&str> = variants.iter().map(|v| v.key.as_str()).collect();
        let mut expanded = Vec::new();
        let mut descend = |key: String, default: bool, from: &ShapeVariant<'a, 'p>, note: Option<String>| {
            keys.push(key.clone());
            source_keys.push(from.key.clone());
            notes.extend(note.clone());
            let inner = self.expand(&from.shape, keys, source_keys, notes, leaves);
            keys.pop();
            source_keys.pop();
            if note.is_some() {
                notes.pop();
            }
            expanded.push(ShapeVariant { key, default, shape: inner });
        };
        let identifiers: Vec<&str> = names.iter().copied().filter(|k| !plural::is_number(k)).collect();
        if crate::ftl::is_plural_selector(selector, &identifiers) {
            let default = variants.iter().position(|v| v.default).unwrap_or(variants.len() - 1);
            for variant in variants.iter().filter(|v| plural::is_number(&v.key)) {
                descend(variant.key.clone(), false, variant, None);
            }
            let (source_tag, target_tag) = (self.source.tag(), self.target.tag());
            for category in &self.target_plurals.categories {
                let from = &variants
                    [plural::closest(&self.source_plurals, &names, default, &self.target_plurals, category)];
                let covers = plural::coverage(&self.target_plurals, category);
                let note = if from.key == *category {
                    format!("[{category}] is the {target_tag} plural form for {covers}.")
                } else {
                    format!(
                        "[{category}] is the {target_tag} plural form for {covers}; {source_tag} has no such form: the source shown is its [{}] form.",
                        from.key
                    )
                };
                descend(category.to_string(), *category == "other", from, Some(note));
            }
        } else {
            for variant in variants {
                descend(variant.key.clone(), variant.default, variant, None);
            }
        }
        Shape::Select { selector, variants: expanded }
    }

    /// A note per term the source refers to, with what it says in both languages.
    fn term_notes(&self, source: &Segment) -> Vec<Note> {
        let mut seen = Vec::new();
        let mut notes = Vec::new();
        for code in source.codes() {
            let Some(fluent) = code.fluent() else { continue };
            let Some(identity) = segment::identity(fluent) else { continue };
            let Some(name) = identity.strip_prefix('-') else { continue };
            if seen.contains(&identity) {
                continue;
            }
            let name = name.split('.').next().unwrap_or(name);
            let says = |locale: &LocaleCatalog<'_>| {
                let found = locale.get(EntryId { term: true, name });
                match found.and_then(|(_, e)| e.value()) {
                    Some(value) => format!("{} “{}”", locale.tag(), default_text(value)),
                    None => format!("{} has no such term yet", locale.tag()),
                }
            };
            let text = format!("{fluent} is the term -{name}: {}, {}.", says(self.source), says(self.target));
            notes.push(Note { kind: NoteKind::Term, text });
            seen.push(identity);
        }
        notes
    }
}

/// A pattern as it reads by default: every select at its default variant.
fn default_text(pattern: &Pattern<&str>) -> String {
    let (shape, parts) = segment::flatten(pattern);
    let mut keys = Vec::new();
    let mut at = &shape;
    while let Shape::Select { variants, .. } = at {
        let Some(variant) = variants.iter().find(|v| v.default).or(variants.last()) else { break };
        keys.push(variant.key.clone());
        at = &variant.shape;
    }
    parts
        .iter()
        .find(|p| p.keys == keys)
        .map(|p| segment::segment_of(&p.elements, None).plain_text())
        .unwrap_or_default()
}

fn shown(id: &EntryId<'_>, attribute: Option<&str>, keys: &[String]) -> String {
    UnitId { entry: id.to_string(), attribute: attribute.map(String::from), keys: keys.to_vec() }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_in_both_forms() {
        for text in ["msg", "-city", "msg.title", "msg[one]", "msg.attr[one][genitive]", "m[0]", "m[-1.5]"] {
            let id = UnitId::parse(text).unwrap();
            assert_eq!(id.to_string(), text);
            assert_eq!(UnitId::parse(&id.nmtoken()), Some(id));
        }
        assert_eq!(UnitId::parse("msg.attr:one:genitive").unwrap().to_string(), "msg.attr[one][genitive]");
        for bad in ["", "1msg", "msg[one", "msg[]", "msg.", "a b", "msg[o ne]"] {
            assert_eq!(UnitId::parse(bad), None, "{bad}");
        }
    }
}
