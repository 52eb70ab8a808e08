//! Text to translate as fluentpress exchanges it: a segment is text with
//! inline codes. XLIFF units, memory units and matches are all segments, and
//! this module turns Fluent patterns into segments and back.
//!
//! Every Fluent placeable is one code the translator moves but cannot edit,
//! holding its Fluent text. Select expressions are not codes: [`flatten`]
//! turns a pattern into one part per variant path (the text around a select
//! goes into every variant, so each part reads as a whole sentence), and
//! [`render_entry`] puts parts back together as one select expression per
//! selector. String literals such as `{ "{" }` only escape text, so they are
//! text here and are written back where Fluent needs them. Codes of other
//! tools (a TMX `<bpt>` holding RTF, say) keep their kind and native text.

//!
//! The exchange model that `check`, `tm` and `xliff` share lives here too:
//! [`units`], the units of a source/target pair of locales (one per message
//! value, attribute and select variant, plural selectors expanded to the
//! target's CLDR categories), their IDs and states, stale translations and
//! memory matches.

pub(crate) mod plural;
pub mod units;

pub use units::{
    Match, Note, NoteKind, Stale, StaleKey, State, Unit, UnitFile, UnitId, Units, UnknownTarget,
};

use crate::ftl;
use fluent_syntax::ast::{
    Attribute, Entry, Expression, Identifier, InlineExpression, Message, Pattern, PatternElement, Resource,
    Term, Variant, VariantKey,
};
use fluent_syntax::{serializer, unicode};
use std::collections::HashMap;

/// The type (TMX `type`) of a code holding a Fluent placeable.
pub const FLUENT_CODE_TYPE: &str = "x-fluent";

/// Text and inline codes. Adjacent texts are merged and never empty, so two
/// segments with the same content compare equal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Segment(Vec<Inline>);

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Inline {
    Text(String),
    Code(Code),
    /// An XLIFF inline element fluentpress never writes (`<g>`, `<pc>`,
    /// `<bpt>`, …), by name: it can stand for no Fluent placeable.
    Foreign(String),
}

/// An inline code: markup of the original format that is not text to
/// translate, such as a Fluent placeable or an HTML tag.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code {
    pub kind: CodeKind,
    /// XLIFF's `id` (`1`, `2`, … in a unit's source, in order); TMX's `x`,
    /// or the `i` pairing a `<bpt>` with its `<ept>`. Empty when a TMX code
    /// has none.
    pub id: String,
    /// TMX's `type`: [`FLUENT_CODE_TYPE`], `bold`, `image`…
    pub ty: Option<String>,
    /// The native code: a placeable's Fluent text such as `{ $date }`, or
    /// another tool's such as `<b>`. Empty when a file gives only the code's
    /// ID (XLIFF's `<x/>`), and for TMX `<hi>` boundaries.
    pub original: String,
}

/// The TMX element a code comes from. `<hi>…</hi>` wraps translatable text, so
/// it is two codes around that text; a `<bpt>`/`<ept>` without the `i` that
/// pairs it is read as an isolated `<it>`, and the deprecated `<ut>` as `<ph>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CodeKind {
    Ph,
    Bpt,
    Ept,
    ItBegin,
    ItEnd,
    HiStart,
    HiEnd,
}

impl Code {
    /// A code holding a Fluent placeable's text.
    pub fn placeable(id: String, fluent: String) -> Code {
        Code { kind: CodeKind::Ph, id, ty: Some(FLUENT_CODE_TYPE.into()), original: fluent }
    }

    /// The placeable's Fluent text, when the code stands for one and the file
    /// gave it.
    pub fn fluent(&self) -> Option<&str> {
        (self.kind == CodeKind::Ph && !self.original.is_empty()).then_some(self.original.as_str())
    }
}

/// What a segment says, codes shown by their Fluent text: what two segments
/// must share to be the same translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'s> {
    Text(&'s str),
    Code(&'s str),
}

impl Segment {
    pub fn from_text(text: &str) -> Segment {
        let mut segment = Segment::default();
        segment.push_text(text);
        segment
    }

    pub fn inlines(&self) -> &[Inline] {
        &self.0
    }

    pub fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some(Inline::Text(last)) => last.push_str(text),
            _ => self.0.push(Inline::Text(text.to_string())),
        }
    }

    pub fn push(&mut self, inline: Inline) {
        match inline {
            Inline::Text(text) => self.push_text(&text),
            other => self.0.push(other),
        }
    }

    pub fn push_code(&mut self, code: Code) {
        self.0.push(Inline::Code(code));
    }

    pub fn codes(&self) -> impl Iterator<Item = &Code> {
        self.0.iter().filter_map(|i| match i {
            Inline::Code(code) => Some(code),
            _ => None,
        })
    }

    /// Gives each code without its text (XLIFF's `<x/>`) that of `source`'s
    /// code with its ID.
    pub fn resolve_codes(&mut self, source: &Segment) {
        for inline in &mut self.0 {
            if let Inline::Code(code) = inline
                && code.original.is_empty()
                && let Some(known) = source.codes().find(|c| c.id == code.id)
            {
                code.original.clone_from(&known.original);
            }
        }
    }

    /// The words of its text, counted as [`crate::ftl::words_in`] counts them;
    /// codes are no words.
    pub fn word_count(&self) -> usize {
        self.0.iter().map(|i| if let Inline::Text(text) = i { crate::ftl::words_in(text) } else { 0 }).sum()
    }

    /// True when there is nothing to translate: no code, only white space.
    pub fn is_blank(&self) -> bool {
        self.0.iter().all(|i| matches!(i, Inline::Text(t) if t.trim().is_empty()))
    }

    /// The pieces, a code without Fluent text taking the text of `source`'s
    /// code with the same ID; `None` when a code has no text either way.
    pub fn pieces<'s>(&'s self, source: Option<&'s Segment>) -> Option<Vec<Piece<'s>>> {
        self.0
            .iter()
            .map(|inline| match inline {
                Inline::Text(text) => Some(Piece::Text(text)),
                Inline::Code(code) => code
                    .fluent()
                    .or_else(|| source?.codes().find(|c| c.id == code.id)?.fluent())
                    .map(Piece::Code),
                Inline::Foreign(_) => None,
            })
            .collect()
    }

    /// The text with every code's native text in its place: what the segment
    /// reads as in Fluent, what notes and matches show, and what "the same
    /// text" means for the memory.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for inline in &self.0 {
            match inline {
                Inline::Text(text) => out.push_str(text),
                // A placeable whose text the file left out (XLIFF's `<x/>`).
                Inline::Code(code)
                    if code.original.is_empty() && code.ty.as_deref() == Some(FLUENT_CODE_TYPE) =>
                {
                    out.push_str("{ … }")
                }
                Inline::Code(code) => out.push_str(&code.original),
                Inline::Foreign(name) => out.push_str(&format!("<{name}/>")),
            }
        }
        out
    }
}

/// The select expressions of a pattern, as [`flatten`] found them.
#[derive(Clone, Debug)]
pub enum Shape<'a, 'p> {
    Leaf,
    Select { selector: &'a InlineExpression<&'p str>, variants: Vec<ShapeVariant<'a, 'p>> },
}

#[derive(Clone, Debug)]
pub struct ShapeVariant<'a, 'p> {
    pub key: String,
    pub default: bool,
    pub shape: Shape<'a, 'p>,
}

/// One variant path through a pattern's selects, with the elements that
/// make its text.
pub struct Part<'a, 'p> {
    pub keys: Vec<String>,
    pub elements: Vec<&'a PatternElement<&'p str>>,
}

impl Shape<'_, '_> {
    /// The variant paths, in order.
    pub fn leaves(&self) -> Vec<Vec<String>> {
        fn walk(shape: &Shape<'_, '_>, keys: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
            match shape {
                Shape::Leaf => out.push(keys.clone()),
                Shape::Select { variants, .. } => {
                    for variant in variants {
                        keys.push(variant.key.clone());
                        walk(&variant.shape, keys, out);
                        keys.pop();
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(self, &mut Vec::new(), &mut out);
        out
    }
}

/// Splits a pattern at its select expressions into one part per variant
/// path. The first select found is the outer one; text before and after it
/// goes into every variant.
pub fn flatten<'a, 'p>(pattern: &'a Pattern<&'p str>) -> (Shape<'a, 'p>, Vec<Part<'a, 'p>>) {
    let mut parts = Vec::new();
    let shape = flatten_elements(pattern.elements.iter().collect(), &mut Vec::new(), &mut parts);
    (shape, parts)
}

fn flatten_elements<'a, 'p>(
    elements: Vec<&'a PatternElement<&'p str>>,
    keys: &mut Vec<String>,
    parts: &mut Vec<Part<'a, 'p>>,
) -> Shape<'a, 'p> {
    let select = elements.iter().enumerate().find_map(|(i, element)| match element {
        PatternElement::Placeable { expression: Expression::Select { selector, variants } } => {
            Some((i, selector, variants))
        }
        _ => None,
    });
    let Some((at, selector, variants)) = select else {
        parts.push(Part { keys: keys.clone(), elements });
        return Shape::Leaf;
    };
    let variants = variants
        .iter()
        .map(|variant| {
            let mut inner = elements[..at].to_vec();
            inner.extend(variant.value.elements.iter());
            inner.extend_from_slice(&elements[at + 1..]);
            let key = key_text(&variant.key).to_string();
            keys.push(key.clone());
            let shape = flatten_elements(inner, keys, parts);
            keys.pop();
            ShapeVariant { key, default: variant.default, shape }
        })
        .collect();
    Shape::Select { selector, variants }
}

pub fn key_text<'p>(key: &VariantKey<&'p str>) -> &'p str {
    match key {
        VariantKey::Identifier { name } => name,
        VariantKey::NumberLiteral { value } => value,
    }
}

/// The segment of a part. Without `source`, codes are numbered `1`, `2`, …;
/// with it (a translation's part), each placeable takes the ID of the
/// source's code it stands for: the same Fluent text first, else the same
/// variable, term or message; one the source lacks gets `x1`, `x2`, …
pub fn segment_of(elements: &[&PatternElement<&str>], source: Option<&Segment>) -> Segment {
    let mut segment = Segment::default();
    let mut used: Vec<&str> = Vec::new();
    let mut invented = 0;
    let mut numbered = 0;
    for element in elements {
        match element {
            PatternElement::TextElement { value } => segment.push_text(&value.replace("\r\n", "\n")),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::StringLiteral { value }),
            } => segment.push_text(&unicode::unescape_unicode_to_string(value)),
            PatternElement::Placeable { expression } => {
                let fluent = placeable_text(expression);
                let id = match source {
                    None => {
                        numbered += 1;
                        numbered.to_string()
                    }
                    Some(source) => {
                        let unused = || source.codes().filter(|c| !used.contains(&c.id.as_str()));
                        let same = unused().find(|c| c.fluent() == Some(fluent.as_str())).or_else(|| {
                            let identity = identity(&fluent);
                            unused().find(|c| c.fluent().and_then(self::identity) == identity)
                        });
                        match same {
                            Some(code) => {
                                used.push(&code.id);
                                code.id.clone()
                            }
                            None => {
                                invented += 1;
                                format!("x{invented}")
                            }
                        }
                    }
                };
                segment.push_code(Code::placeable(id, fluent));
            }
        }
    }
    segment
}

/// Text as a translator writes it in a `.ftl` file (`Promocja { -city }`)
/// as a segment, its placeables as codes numbered after `source`'s (see
/// [`segment_of`]); text that is not one Fluent pattern without selects is
/// taken as it is.
pub fn from_fluent_text(text: &str, source: Option<&Segment>) -> Segment {
    let wrapped = format!("x = {}\n", text.replace('\n', "\n    "));
    if let Some(resource) = ftl::parse_valid(wrapped.as_str())
        && let [Entry::Message(Message { value: Some(pattern), .. })] = resource.body.as_slice()
        && let (_, parts) = flatten(pattern)
        && let [part] = parts.as_slice()
    {
        return segment_of(&part.elements, source);
    }
    Segment::from_text(text)
}

/// A placeable's canonical Fluent text, such as `{ $date }`.
pub fn placeable_text(expression: &Expression<&str>) -> String {
    let value = Pattern { elements: vec![PatternElement::Placeable { expression: expression.clone() }] };
    let text = serialize_entry(message("x", Some(value), Vec::new()));
    text.strip_prefix("x = ").and_then(|t| t.strip_suffix('\n')).unwrap_or(&text).to_string()
}

fn message<'s>(
    id: &'s str,
    value: Option<Pattern<&'s str>>,
    attributes: Vec<Attribute<&'s str>>,
) -> Entry<&'s str> {
    Entry::Message(Message { id: Identifier { name: id }, value, attributes, comment: None })
}

fn serialize_entry(entry: Entry<&str>) -> String {
    serializer::serialize(&Resource { body: vec![entry] })
}

/// Parses a code's Fluent text, which must be exactly one placeable, and
/// hands its expression to `f`.
pub fn with_expression<T>(fluent: &str, f: impl FnOnce(&Expression<&str>) -> T) -> Option<T> {
    if fluent.contains(['\n', '\r']) {
        return None;
    }
    let source = format!("x = {fluent}\n");
    let resource = ftl::parse_valid(source.as_str())?;
    match resource.body.as_slice() {
        [Entry::Message(Message { value: Some(Pattern { elements }), attributes, .. })]
            if attributes.is_empty() =>
        {
            match elements.as_slice() {
                [PatternElement::Placeable { expression }] => Some(f(expression)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// What a code refers to, which a translation may not change: the variable,
/// the term (whose arguments a language may choose, such as a grammatical
/// case) or message, or for anything else the whole placeable.
pub fn identity(fluent: &str) -> Option<String> {
    with_expression(fluent, expression_identity)
}

/// What a placeable's expression refers to (see [`identity`]).
pub fn expression_identity(expression: &Expression<&str>) -> String {
    match expression {
        Expression::Inline(InlineExpression::VariableReference { id }) => format!("${}", id.name),
        Expression::Inline(InlineExpression::TermReference { id, attribute, .. }) => {
            format!("-{}{}", id.name, attribute.as_ref().map(|a| format!(".{}", a.name)).unwrap_or_default())
        }
        Expression::Inline(InlineExpression::MessageReference { id, attribute }) => {
            format!("{}{}", id.name, attribute.as_ref().map(|a| format!(".{}", a.name)).unwrap_or_default())
        }
        other => placeable_text(other),
    }
}

/// A pattern's parts, by variant path, to write back.
pub type Parts = HashMap<Vec<String>, Segment>;

/// A pattern to write: its shape and a segment for every leaf.
pub struct PatternSpec<'x, 'a, 'p> {
    pub shape: &'x Shape<'a, 'p>,
    pub parts: &'x Parts,
}

/// An entry to write back as Fluent.
pub struct EntrySpec<'x, 'a, 'p> {
    /// A term's ID includes its `-`.
    pub id: &'x str,
    pub value: Option<PatternSpec<'x, 'a, 'p>>,
    pub attributes: Vec<(&'x str, PatternSpec<'x, 'a, 'p>)>,
    /// Attributes the translation keeps as they are, written after the others.
    pub kept: Vec<&'x Attribute<&'p str>>,
}

/// Writes an entry as Fluent (one line end at the end), or says why it
/// cannot: every code must be a placeable, and the text must read back the
/// same, which the written entry is parsed again to prove.
pub fn render_entry(spec: &EntrySpec<'_, '_, '_>) -> Result<String, String> {
    let patterns: Vec<&PatternSpec<'_, '_, '_>> =
        spec.value.iter().chain(spec.attributes.iter().map(|(_, p)| p)).collect();
    // Every code's placeable, parsed once, from text that outlives the AST.
    let mut code_texts: Vec<&str> = Vec::new();
    for pattern in &patterns {
        for segment in pattern.parts.values() {
            for inline in &segment.0 {
                match inline {
                    Inline::Code(code) => match code.fluent() {
                        Some(fluent) => code_texts.push(fluent),
                        None => return Err(format!("the code {} has no Fluent text", code.id)),
                    },
                    Inline::Foreign(name) => {
                        return Err(format!("the <{name}> element is not a Fluent placeable"));
                    }
                    Inline::Text(_) => {}
                }
            }
        }
    }
    let sources: Vec<(&str, String)> = code_texts.iter().map(|t| (*t, format!("x = {t}\n"))).collect();
    let parsed: Vec<(&str, Resource<&str>)> = sources
        .iter()
        .filter_map(|(text, source)| Some((*text, ftl::parse_valid(source.as_str())?)))
        .collect();
    let mut expressions: HashMap<&str, &Expression<&str>> = HashMap::new();
    for (text, resource) in &parsed {
        if let [Entry::Message(Message { value: Some(Pattern { elements }), .. })] = resource.body.as_slice()
            && let [PatternElement::Placeable { expression }] = elements.as_slice()
        {
            expressions.insert(text, expression);
        }
    }
    if let Some(bad) = code_texts.iter().find(|t| !expressions.contains_key(*t)) {
        return Err(format!("`{bad}` is not a Fluent placeable"));
    }

    let value = match &spec.value {
        Some(p) => Some(build_pattern(p.shape, p.parts, &mut Vec::new(), &expressions)?),
        None => None,
    };
    let mut attributes = Vec::new();
    for (name, p) in &spec.attributes {
        let value = build_pattern(p.shape, p.parts, &mut Vec::new(), &expressions)?;
        attributes.push(Attribute { id: Identifier { name: *name }, value });
    }
    attributes.extend(spec.kept.iter().map(|a| (*a).clone()));
    let entry = match spec.id.strip_prefix('-') {
        Some(name) => match value {
            Some(value) => Entry::Term(Term { id: Identifier { name }, value, attributes, comment: None }),
            None => return Err(format!("the term `{}` needs a value", spec.id)),
        },
        None => message(spec.id, value, attributes),
    };
    let text = serialize_entry(entry);
    verify(&text, spec)?;
    Ok(text)
}

fn build_pattern<'s>(
    shape: &'s Shape<'_, '_>,
    parts: &'s Parts,
    keys: &mut Vec<String>,
    expressions: &HashMap<&'s str, &'s Expression<&'s str>>,
) -> Result<Pattern<&'s str>, String> {
    match shape {
        Shape::Leaf => {
            let segment =
                parts.get(keys.as_slice()).ok_or_else(|| format!("[{}] has no text", keys.join("][")))?;
            Ok(Pattern { elements: segment_elements(segment, expressions) })
        }
        Shape::Select { selector, variants } => {
            let mut built = Vec::new();
            for variant in variants {
                keys.push(variant.key.clone());
                let value = build_pattern(&variant.shape, parts, keys, expressions)?;
                keys.pop();
                let key = if variant.key.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                    VariantKey::NumberLiteral { value: variant.key.as_str() }
                } else {
                    VariantKey::Identifier { name: variant.key.as_str() }
                };
                built.push(Variant { key, value, default: variant.default });
            }
            let selector: InlineExpression<&'s str> = (*selector).clone();
            Ok(Pattern {
                elements: vec![PatternElement::Placeable {
                    expression: Expression::Select { selector, variants: built },
                }],
            })
        }
    }
}

/// The pattern elements of a segment: its text split into lines, with the
/// characters Fluent would read otherwise written as string literals.
fn segment_elements<'s>(
    segment: &'s Segment,
    expressions: &HashMap<&'s str, &'s Expression<&'s str>>,
) -> Vec<PatternElement<&'s str>> {
    let literal = |value: &'s str| PatternElement::Placeable {
        expression: Expression::Inline(InlineExpression::StringLiteral { value }),
    };
    let mut out = Vec::new();
    let count = segment.0.len();
    for (index, inline) in segment.0.iter().enumerate() {
        let text = match inline {
            Inline::Text(text) => text.as_str(),
            Inline::Code(code) => {
                if let Some(expression) = code.fluent().and_then(|f| expressions.get(f)) {
                    out.push(PatternElement::Placeable { expression: (*expression).clone() });
                }
                continue;
            }
            Inline::Foreign(_) => continue,
        };
        let lines: Vec<&str> = text.split('\n').collect();
        for (n, line) in lines.iter().enumerate() {
            if n > 0 {
                out.push(PatternElement::TextElement { value: "\n" });
            }
            let pattern_start = index == 0 && n == 0;
            let pattern_end = index + 1 == count && n + 1 == lines.len();
            let line_start = n > 0 || pattern_start;
            let mut rest: &str = line;
            if line_start && !rest.is_empty() && rest.trim_start_matches([' ', '\t']).is_empty() {
                out.push(literal(rest));
                continue;
            }
            if pattern_start {
                let body = rest.trim_start_matches([' ', '\t']);
                if body.len() < rest.len() {
                    out.push(literal(&rest[..rest.len() - body.len()]));
                    rest = body;
                }
            }
            if line_start && rest.starts_with(['[', '*', '.']) {
                out.push(literal(&rest[..1]));
                rest = &rest[1..];
            }
            let mut trailing = "";
            if pattern_end {
                let body = rest.trim_end_matches([' ', '\t']);
                trailing = &rest[body.len()..];
                rest = body;
            }
            while let Some(at) = rest.find(['{', '}']) {
                if at > 0 {
                    out.push(PatternElement::TextElement { value: &rest[..at] });
                }
                out.push(literal(&rest[at..at + 1]));
                rest = &rest[at + 1..];
            }
            if !rest.is_empty() {
                out.push(PatternElement::TextElement { value: rest });
            }
            if !trailing.is_empty() {
                out.push(literal(trailing));
            }
        }
    }
    if out.is_empty() {
        out.push(literal(""));
    }
    out
}

/// Parses written text again and checks every part reads as intended.
fn verify(text: &str, spec: &EntrySpec<'_, '_, '_>) -> Result<(), String> {
    let unreadable = || format!("`{}` cannot be written as Fluent that reads back the same", spec.id);
    let resource = ftl::parse_valid(text).ok_or_else(unreadable)?;
    let [entry] = resource.body.as_slice() else {
        return Err(unreadable());
    };
    let (value, attributes) = match entry {
        Entry::Message(m) => (m.value.as_ref(), &m.attributes),
        Entry::Term(t) => (Some(&t.value), &t.attributes),
        _ => return Err(unreadable()),
    };
    let same = |pattern: Option<&Pattern<&str>>, spec: &PatternSpec<'_, '_, '_>| {
        let Some(pattern) = pattern else { return false };
        let (_, parts) = flatten(pattern);
        parts.len() == spec.parts.len()
            && parts.iter().all(|part| {
                let written = segment_of(&part.elements, None);
                let intended = spec.parts.get(&part.keys);
                intended.is_some_and(|s| s.pieces(None) == written.pieces(None))
            })
    };
    let value_ok = match &spec.value {
        Some(spec) => same(value, spec),
        None => value.is_none(),
    };
    let attributes_ok = spec
        .attributes
        .iter()
        .all(|(name, spec)| same(attributes.iter().find(|a| a.id.name == *name).map(|a| &a.value), spec));
    if value_ok && attributes_ok { Ok(()) } else { Err(unreadable()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_pattern(text: &str) -> Resource<&str> {
        fluent_syntax::parser::parse(text).unwrap()
    }

    fn value<'a>(resource: &'a Resource<&'a str>) -> &'a Pattern<&'a str> {
        match &resource.body[0] {
            Entry::Message(m) => m.value.as_ref().unwrap(),
            Entry::Term(t) => &t.value,
            _ => panic!("not an entry"),
        }
    }

    #[test]
    fn flattening_gives_whole_sentences_per_variant() {
        let r = first_pattern(
            "m = Il y a { $n ->\n    [one] un fichier { $kind ->\n        *[a] A\n        [b] B\n    }\n   *[other] { $n } fichiers\n} ici.\n",
        );
        let (shape, parts) = flatten(value(&r));
        let texts: Vec<_> =
            parts.iter().map(|p| (p.keys.join(","), segment_of(&p.elements, None).plain_text())).collect();
        assert_eq!(
            texts,
            [
                ("one,a".to_string(), "Il y a un fichier A ici.".to_string()),
                ("one,b".to_string(), "Il y a un fichier B ici.".to_string()),
                ("other".to_string(), "Il y a { $n } fichiers ici.".to_string()),
            ]
        );
        assert_eq!(shape.leaves().len(), 3);
    }

    #[test]
    fn translation_codes_take_the_source_ids() {
        let src = first_pattern("m = { $a } et { -city } le { DATETIME($d) }\n");
        let tgt = first_pattern("m = { DATETIME($d) } { -city(case: \"genitive\") } { $a } { $z }\n");
        let source = segment_of(&flatten(value(&src)).1[0].elements, None);
        let target = segment_of(&flatten(value(&tgt)).1[0].elements, Some(&source));
        let ids: Vec<_> = target.codes().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["3", "2", "1", "x1"]);
    }

    #[test]
    fn rendering_escapes_what_fluent_would_misread() {
        let r = first_pattern("m = x\n");
        let (shape, _) = flatten(value(&r));
        for text in ["  lead", "a {b} c", "[x]\n*y\n.z", "trail  ", "", "line\n\nafter", "a\n   \nb"] {
            let mut parts = Parts::new();
            let mut segment = Segment::default();
            segment.push_text(text);
            parts.insert(Vec::new(), segment);
            let spec = EntrySpec {
                id: "m",
                value: Some(PatternSpec { shape: &shape, parts: &parts }),
                attributes: Vec::new(),
                kept: Vec::new(),
            };
            let written = render_entry(&spec).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            let back = first_pattern(&written);
            let read = segment_of(&flatten(value(&back)).1[0].elements, None);
            assert_eq!(read.plain_text(), text, "{written}");
        }
    }
}
