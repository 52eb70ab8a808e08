//! Fluent resources parsed with fluent-syntax's full parser (comments kept),
//! split into entries and Junk as the reference parser splits them (see
//! [`recover`]): per locale, every file's AST with its syntax errors, the
//! entries it defines, and walks over patterns for the checks that need them.

pub mod recover;

use crate::hash::FastMap;
use crate::project::{LocaleFiles, Project, SourceFile, nesting_too_deep};
use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Message, Pattern, PatternElement, Resource, Term, Variant,
};
use fluent_syntax::parser;
use recover::{ErrorKind, Kind, SyntaxError};
use std::fmt;

/// Every locale of a project, parsed; the source locale first.
pub struct Catalog<'p> {
    pub locales: Vec<LocaleCatalog<'p>>,
}

pub struct LocaleCatalog<'p> {
    pub files: &'p LocaleFiles,
    pub resources: Vec<ParsedResource<'p>>,
    /// Where each entry of the locale is first defined: (resource, entry) indexes.
    index: FastMap<EntryId<'p>, (usize, usize)>,
    /// Each resource by its name in the locale's folder.
    by_name: FastMap<&'p str, usize>,
}

pub struct ParsedResource<'p> {
    pub file: &'p SourceFile,
    pub ast: Resource<&'p str>,
    pub errors: Vec<SyntaxError>,
    /// Each entry's first definition in the file, by ID: an index into the body.
    index: FastMap<EntryId<'p>, usize>,
}

/// A message's or a term's identifier; terms show with their leading `-`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId<'p> {
    pub term: bool,
    pub name: &'p str,
}

impl fmt::Display for EntryId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.term {
            f.write_str("-")?;
        }
        f.write_str(self.name)
    }
}

/// A message or a term of a resource.
#[derive(Clone, Copy)]
pub enum EntryRef<'a, 'p> {
    Message(&'a Message<&'p str>),
    Term(&'a Term<&'p str>),
}

impl<'a, 'p> EntryRef<'a, 'p> {
    pub fn id(&self) -> EntryId<'p> {
        match self {
            EntryRef::Message(m) => EntryId { term: false, name: m.id.name },
            EntryRef::Term(t) => EntryId { term: true, name: t.id.name },
        }
    }

    /// The value (named `None`) and the attributes, in source order.
    pub fn patterns(&self) -> Vec<(Option<&'p str>, &'a Pattern<&'p str>)> {
        let (value, attributes) = match self {
            EntryRef::Message(m) => (m.value.as_ref(), &m.attributes),
            EntryRef::Term(t) => (Some(&t.value), &t.attributes),
        };
        value
            .map(|v| (None, v))
            .into_iter()
            .chain(attributes.iter().map(|a| (Some(a.id.name), &a.value)))
            .collect()
    }

    pub fn value(&self) -> Option<&'a Pattern<&'p str>> {
        match self {
            EntryRef::Message(m) => m.value.as_ref(),
            EntryRef::Term(t) => Some(&t.value),
        }
    }

    /// The value's pattern (`None`) or the named attribute's.
    pub fn pattern(&self, attribute: Option<&str>) -> Option<&'a Pattern<&'p str>> {
        match attribute {
            None => self.value(),
            Some(name) => self.attributes().iter().find(|a| a.id.name == name).map(|a| &a.value),
        }
    }

    pub fn attributes(&self) -> &'a [fluent_syntax::ast::Attribute<&'p str>] {
        match self {
            EntryRef::Message(m) => &m.attributes,
            EntryRef::Term(t) => &t.attributes,
        }
    }

    /// The identifier's text in the file, for positions.
    pub fn name(&self) -> &'p str {
        self.id().name
    }
}

/// The stack of a thread that parses: 32 MiB, of which what the parser
/// does not use is never touched.
const PARSER_STACK: usize = 32 << 20;

impl<'p> Catalog<'p> {
    /// Parses every locale, each on a thread of its own.
    pub fn parse(project: &'p Project) -> Catalog<'p> {
        let locales = std::thread::scope(|scope| {
            let jobs: Vec<_> = project
                .locales
                .iter()
                .map(|files| {
                    // The parser recurses: a thread with more stack than the
                    // main thread's, a belt beside the nesting limit.
                    let thread = std::thread::Builder::new().stack_size(PARSER_STACK);
                    thread.spawn_scoped(scope, move || LocaleCatalog::parse(files))
                })
                .collect::<std::io::Result<_>>()
                .unwrap_or_else(|e| panic!("no thread to parse with: {e}"));
            // A locale's panic is the command's.
            jobs.into_iter()
                .map(|job| job.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        });
        Catalog { locales }
    }

    pub fn source(&self) -> &LocaleCatalog<'p> {
        &self.locales[0]
    }

    pub fn targets(&self) -> &[LocaleCatalog<'p>] {
        &self.locales[1..]
    }
}

impl<'p> LocaleCatalog<'p> {
    /// Whether the parser skipped an entry of this ID in one of the files.
    pub fn skipped(&self, id: &str) -> bool {
        self.resources.iter().any(|r| r.skipped(id))
    }

    fn parse(files: &'p LocaleFiles) -> LocaleCatalog<'p> {
        let resources: Vec<_> = files.files.iter().map(ParsedResource::parse).collect();
        let mut index = FastMap::default();
        for (r, resource) in resources.iter().enumerate() {
            for (e, entry) in resource.entries() {
                index.entry(entry.id()).or_insert((r, e));
            }
        }
        let by_name = resources.iter().enumerate().map(|(i, r)| (r.file.name.as_str(), i)).collect();
        LocaleCatalog { files, resources, index, by_name }
    }

    pub fn tag(&self) -> &'p str {
        &self.files.locale.tag
    }

    /// The first definition of an entry anywhere in the locale.
    pub fn get(&self, id: EntryId<'_>) -> Option<(&ParsedResource<'p>, EntryRef<'_, 'p>)> {
        let &(r, e) = self.index.get(&id)?;
        let resource = &self.resources[r];
        Some((resource, entry_at(&resource.ast, e)?))
    }

    pub fn contains(&self, id: EntryId<'_>) -> bool {
        self.index.contains_key(&id)
    }

    pub fn resource(&self, name: &str) -> Option<&ParsedResource<'p>> {
        Some(&self.resources[*self.by_name.get(name)?])
    }
}

fn entry_at<'a, 'p>(ast: &'a Resource<&'p str>, index: usize) -> Option<EntryRef<'a, 'p>> {
    match ast.body.get(index)? {
        Entry::Message(m) => Some(EntryRef::Message(m)),
        Entry::Term(t) => Some(EntryRef::Term(t)),
        _ => None,
    }
}

/// Parses Fluent text as [`parse`] does, unless it nests
/// placeables deeper than the parser can take (see
/// [`crate::project::MAX_NESTING`]): text from outside (an XLIFF code, an
/// agency's target) is never handed to it otherwise.
pub fn parse_guarded(text: &str) -> Option<(Resource<&str>, Vec<SyntaxError>)> {
    nesting_too_deep(text).is_none().then(|| parse(text))
}

/// Parses Fluent text that must be valid, as [`parse_guarded`] does.
pub fn parse_valid(text: &str) -> Option<Resource<&str>> {
    parse_guarded(text).and_then(|(resource, errors)| errors.is_empty().then_some(resource))
}

/// Parses a Fluent file: the entries the reference parser accepts, as
/// fluent-syntax builds them, and Junk with the reference's error for the
/// rest. Text nested too deep must be blanked first ([`SourceFile::parsed_text`]).
pub fn parse(text: &str) -> (Resource<&str>, Vec<SyntaxError>) {
    let pieces = recover::pieces(text);
    let mut errors: Vec<SyntaxError> = pieces
        .iter()
        .filter_map(|piece| match &piece.kind {
            Kind::Junk(error) => Some(error.clone()),
            _ => None,
        })
        .collect();
    if errors.is_empty()
        && let Ok(ast) = parser::parse(text)
        && ast.body.len() == pieces.len()
        && ast.body.iter().zip(&pieces).all(|(entry, piece)| same_kind(entry, &piece.kind))
    {
        return (ast, errors);
    }
    let mut body = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let slice = &text[piece.range.clone()];
        match piece.kind {
            Kind::Junk(_) => body.push(Entry::Junk { content: slice }),
            _ => match parser::parse(slice) {
                Ok(resource) => body.extend(resource.body),
                Err(_) => {
                    let at = piece.range.start;
                    errors.push(SyntaxError { kind: ErrorKind::Unreadable, at, junk: piece.range });
                    body.push(Entry::Junk { content: slice });
                }
            },
        }
    }
    errors.sort_by_key(|error| error.at);
    (Resource { body }, errors)
}

fn same_kind(entry: &Entry<&str>, kind: &Kind) -> bool {
    matches!(
        (entry, kind),
        (Entry::Message(_), Kind::Message)
            | (Entry::Term(_), Kind::Term)
            | (Entry::Comment(_), Kind::Comment(0))
            | (Entry::GroupComment(_), Kind::Comment(1))
            | (Entry::ResourceComment(_), Kind::Comment(2))
    )
}

impl<'p> ParsedResource<'p> {
    pub fn parse(file: &'p SourceFile) -> ParsedResource<'p> {
        let (ast, errors) = parse(file.parsed_text());
        let mut index = FastMap::default();
        for (i, entry) in ast.body.iter().enumerate() {
            let id = match entry {
                Entry::Message(m) => EntryId { term: false, name: m.id.name },
                Entry::Term(t) => EntryId { term: true, name: t.id.name },
                _ => continue,
            };
            index.entry(id).or_insert(i);
        }
        ParsedResource { file, ast, errors, index }
    }

    /// The messages and terms, with their indexes in the resource body.
    pub fn entries(&self) -> impl Iterator<Item = (usize, EntryRef<'_, 'p>)> {
        (0..self.ast.body.len()).filter_map(|i| Some((i, entry_at(&self.ast, i)?)))
    }

    /// Whether the parser skipped an entry of this ID (`msg`, `-term`): its
    /// syntax error says what is wrong with it.
    pub fn skipped(&self, id: &str) -> bool {
        let too_deep = self.file.too_deep.as_ref();
        too_deep.is_some_and(|t| junk_id(&self.file.text[t.entry_start..]) == Some(id))
            || self
                .ast
                .body
                .iter()
                .any(|e| matches!(e, Entry::Junk { content } if junk_id(content) == Some(id)))
    }

    /// The first definition of an entry in this file.
    pub fn get(&self, id: EntryId<'_>) -> Option<EntryRef<'_, 'p>> {
        entry_at(&self.ast, *self.index.get(&id)?)
    }

    /// The byte offset of a slice of this file's text. Identifiers and other
    /// slices in the AST borrow from the text, so their place is exact.
    pub fn offset_of(&self, slice: &str) -> usize {
        let parsed = self.file.parsed_text();
        let base = parsed.as_ptr() as usize;
        let at = slice.as_ptr() as usize;
        debug_assert!(at >= base && at <= base + parsed.len());
        at - base
    }

    /// The byte span of a slice of this file's text.
    pub fn span_of(&self, slice: &str) -> std::ops::Range<usize> {
        let start = self.offset_of(slice);
        start..start + slice.len()
    }

    /// The span of an entry's identifier, including a term's `-`.
    pub fn id_span(&self, entry: &EntryRef<'_, '_>) -> std::ops::Range<usize> {
        let span = self.span_of(entry.name());
        let dash = usize::from(entry.id().term);
        span.start - dash..span.end
    }
}

/// What a pattern walk visits.
pub enum Node<'a, 'p> {
    Inline(&'a InlineExpression<&'p str>),
    Select { selector: &'a InlineExpression<&'p str>, variants: &'a [Variant<&'p str>] },
}

/// Visits every expression of a pattern, depth first: placeables, selectors,
/// call arguments and the patterns of every variant.
pub fn walk<'a, 'p>(pattern: &'a Pattern<&'p str>, visit: &mut impl FnMut(Node<'a, 'p>)) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            walk_expression(expression, visit);
        }
    }
}

fn walk_expression<'a, 'p>(expression: &'a Expression<&'p str>, visit: &mut impl FnMut(Node<'a, 'p>)) {
    match expression {
        Expression::Inline(inline) => walk_inline(inline, visit),
        Expression::Select { selector, variants } => {
            visit(Node::Select { selector, variants });
            walk_inline(selector, visit);
            for variant in variants {
                walk(&variant.value, visit);
            }
        }
    }
}

fn walk_inline<'a, 'p>(inline: &'a InlineExpression<&'p str>, visit: &mut impl FnMut(Node<'a, 'p>)) {
    visit(Node::Inline(inline));
    match inline {
        InlineExpression::FunctionReference { arguments, .. } => {
            for arg in &arguments.positional {
                walk_inline(arg, visit);
            }
            for arg in &arguments.named {
                walk_inline(&arg.value, visit);
            }
        }
        InlineExpression::TermReference { arguments: Some(arguments), .. } => {
            for arg in &arguments.positional {
                walk_inline(arg, visit);
            }
            for arg in &arguments.named {
                walk_inline(&arg.value, visit);
            }
        }
        InlineExpression::Placeable { expression } => walk_expression(expression, visit),
        _ => {}
    }
}

/// The `$variables` a pattern uses, as the identifier slices (without `$`).
pub fn variables<'p>(pattern: &Pattern<&'p str>) -> Vec<&'p str> {
    let mut found = Vec::new();
    walk(pattern, &mut |node| {
        if let Node::Inline(InlineExpression::VariableReference { id }) = node {
            found.push(id.name);
        }
    });
    found
}

/// The messages and terms a pattern refers to, with the identifier slices.
pub fn references<'p>(pattern: &Pattern<&'p str>) -> Vec<(EntryId<'p>, Option<&'p str>)> {
    let mut found = Vec::new();
    walk(pattern, &mut |node| match node {
        Node::Inline(InlineExpression::MessageReference { id, attribute }) => {
            found.push((EntryId { term: false, name: id.name }, attribute.as_ref().map(|a| a.name)))
        }
        Node::Inline(InlineExpression::TermReference { id, attribute, .. }) => {
            found.push((EntryId { term: true, name: id.name }, attribute.as_ref().map(|a| a.name)))
        }
        _ => {}
    });
    found
}

/// Whether a select expression chooses by plural category: it selects on a
/// number (a variable or `NUMBER()`) and its identifier keys are all CLDR
/// categories, one at least other than `other` (a lone `*[other]` is a
/// deliberate "no variation"). Number keys such as `[1]` do not count.
pub fn is_plural_selector(selector: &InlineExpression<&str>, identifier_keys: &[&str]) -> bool {
    let on_number = match selector {
        InlineExpression::VariableReference { .. } => true,
        InlineExpression::FunctionReference { id, .. } => id.name == "NUMBER",
        _ => false,
    };
    on_number
        && identifier_keys.iter().all(|k| crate::intl::PLURAL_CATEGORIES.contains(k))
        && identifier_keys.iter().any(|k| *k != "other")
}

/// The words a translator reads in a pattern: its text, every variant's.
pub fn word_count(pattern: &Pattern<&str>) -> usize {
    let mut count = text_words(pattern);
    walk(pattern, &mut |node| {
        if let Node::Select { variants, .. } = node {
            count += variants.iter().map(|v| text_words(&v.value)).sum::<usize>();
        }
    });
    count
}

fn text_words(pattern: &Pattern<&str>) -> usize {
    pattern
        .elements
        .iter()
        .map(|e| match e {
            PatternElement::TextElement { value } => words_in(value),
            PatternElement::Placeable { .. } => 0,
        })
        .sum()
}

/// The words of a text: what white space separates and holds a letter or digit.
pub fn words_in(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// True when a pattern shows nothing: only blank text and empty string literals.
pub fn is_empty(pattern: &Pattern<&str>) -> bool {
    pattern.elements.iter().all(|e| match e {
        PatternElement::TextElement { value } => value.trim().is_empty(),
        PatternElement::Placeable {
            expression: Expression::Inline(InlineExpression::StringLiteral { value }),
        } => value.is_empty(),
        PatternElement::Placeable { .. } => false,
    })
}

/// The ID a skipped entry's text starts with (`msg`, `-term`), if any.
fn junk_id(content: &str) -> Option<&str> {
    let end = content.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))?;
    let id = &content[..end];
    let named = id.trim_start_matches('-').starts_with(|c: char| c.is_ascii_alphabetic());
    (named && content[end..].trim_start_matches([' ', '\t']).starts_with('=')).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("locales/fr/a.ftl".into(), "a.ftl".into(), text.into())
    }

    #[test]
    fn walks_find_variables_and_references_everywhere() {
        let f = file(
            "m = { $n ->\n    [one] { -city($case) } { other.attr }\n   *[other] { NUMBER($n) } { $x }\n}\n",
        );
        let r = ParsedResource::parse(&f);
        let (_, entry) = r.entries().next().unwrap();
        let value = entry.value().unwrap();
        assert_eq!(variables(value), ["n", "case", "n", "x"]);
        let refs: Vec<_> = references(value)
            .iter()
            .map(|(id, a)| format!("{id}{}", a.map(|a| format!(".{a}")).unwrap_or_default()))
            .collect();
        assert_eq!(refs, ["-city", "other.attr"]);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let f = file("# c\nfirst = 1\n-second = 2\n");
        let r = ParsedResource::parse(&f);
        let spans: Vec<_> = r.entries().map(|(_, e)| r.id_span(&e)).collect();
        assert_eq!(spans, [4..9, 14..21]);
    }

    #[test]
    fn words_and_emptiness() {
        let f = file(
            "a = Promotion de { -city } dans le monde ; ok\nb = { \"\" }\nc = { $n -> \n  [one] un mot\n *[other] deux mots\n}\n",
        );
        let r = ParsedResource::parse(&f);
        let entries: Vec<_> = r.entries().map(|(_, e)| e.value().unwrap()).collect();
        assert_eq!(entries.iter().map(|p| word_count(p)).collect::<Vec<_>>(), [6, 0, 4]);
        assert_eq!(entries.iter().map(|p| is_empty(p)).collect::<Vec<_>>(), [false, true, false]);
    }
}
