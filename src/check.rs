//! `check`: validates every locale against the source and the layouts against
//! the messages, and reports each problem as a [`Diagnostic`].
//!
//! Errors make a locale unfit to print; warnings are worth a translator's look.

use crate::diagnostic::{Diagnostic, Severity};
use crate::ftl::recover::{ErrorKind, SyntaxError};
use crate::ftl::{self, Catalog, EntryId, EntryRef, LocaleCatalog, Node, ParsedResource};
use crate::intl::{
    self, DATE_STYLES, DATETIME_OPTIONS_NOT_APPLIED, FUNCTIONS, NUMBER_OPTIONS, NUMBER_OPTIONS_NOT_APPLIED,
    Plurals,
};
use crate::layout::{Layout, PAGE_VARIABLES, Variable};
use crate::project::{DocumentFile, MAX_NESTING};
use crate::segment::{Stale, StaleKey, UnitId};
use fluent_syntax::ast::{InlineExpression, Pattern, VariantKey};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// A document whose layout has been parsed (or failed to).
pub struct LoadedLayout<'p> {
    pub document: &'p DocumentFile,
    pub layout: Result<Layout, Vec<Diagnostic>>,
}

impl<'p> LoadedLayout<'p> {
    pub fn parse(document: &'p DocumentFile) -> Self {
        LoadedLayout { document, layout: Layout::parse(&document.layout) }
    }
}

/// Every diagnostic for the project, grouped by locale (source first), then
/// by file and position.
pub fn check(catalog: &Catalog<'_>, layouts: &[LoadedLayout<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let source = catalog.source();
    for locale in &catalog.locales {
        let mut found = Vec::new();
        check_locale(locale, &mut found);
        if !std::ptr::eq(locale, source) {
            compare(source, locale, &mut found);
        }
        found.sort_by(|a, b| a.place().cmp(&b.place()));
        out.append(&mut found);
    }
    for loaded in layouts {
        match &loaded.layout {
            Ok(layout) => check_layout(
                &loaded.document.layout.path,
                &loaded.document.layout.text,
                layout,
                catalog,
                &mut out,
            ),
            Err(problems) => out.extend(problems.iter().cloned()),
        }
    }
    out
}

/// A warning per stale translation of `target` (see
/// [`crate::tm::leverage::stale`]), at the translation's ID, saying what
/// source it was made for.
pub fn stale(catalog: &Catalog<'_>, target: &str, stale: &HashMap<StaleKey, Stale>) -> Vec<Diagnostic> {
    let Some(locale) = catalog.targets().iter().find(|l| l.tag() == target) else { return Vec::new() };
    let mut out: Vec<Diagnostic> = stale
        .iter()
        .filter_map(|((file, unit), Stale { old_source, changes })| {
            let entry = UnitId::parse(unit)?.entry;
            let id = EntryId { term: entry.starts_with('-'), name: entry.trim_start_matches('-') };
            let resource = locale.resource(file)?;
            let translation = resource.get(id)?;
            let message = format!(
                "the source of `{unit}` changed since it was translated into {target}: \
                 review it, then `fluentpress tm confirm --locale {target} {unit}` if it is still right"
            );
            let diagnostic =
                at(resource, resource.id_span(&translation), Severity::Warning, "stale", message)
                    .locale(target)
                    .id(&entry)
                    .note(format!("it translated: {old_source}"))
                    .changes(changes.clone());
            Some(diagnostic)
        })
        .collect();
    out.sort_by(|a, b| (a.place(), &a.message).cmp(&(b.place(), &b.message)));
    out
}

/// A diagnostic at a slice of a resource's text.
fn at(
    resource: &ParsedResource<'_>,
    span: Range<usize>,
    severity: Severity,
    code: &'static str,
    message: String,
) -> Diagnostic {
    Diagnostic::new(severity, code, message).at(&resource.file.path, &resource.file.text, span)
}

/// A parser error where the parser found it, and the entry it made Junk of.
fn syntax_error(resource: &ParsedResource<'_>, error: &SyntaxError) -> Diagnostic {
    // The parser's offsets are into what it read (see `SourceFile::parsed_text`).
    let text = resource.file.parsed_text();
    // The parser skips line ends looking for what is missing; a file that
    // ends meanwhile is reported on its last line, not past it.
    let mut start = error.at.min(text.len());
    while start > 0 && start == text.len() && text[..start].ends_with(['\n', '\r']) {
        start -= 1;
    }
    let junk_text = &text[error.junk.clone()];
    let (place, message) = plainer(text, junk_text, error.junk.start, start, &error.kind)
        .unwrap_or_else(|| (start, error.kind.to_string()));
    let diagnostic = at(resource, place..place + 1, Severity::Error, "syntax", message);
    // Its start says which entry; a very long one is cut.
    let first_line = junk_text.lines().next().unwrap_or_default().trim_end();
    let first_line = match first_line.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &first_line[..cut]),
        None => first_line.to_string(),
    };
    if first_line.is_empty() {
        diagnostic
    } else {
        diagnostic.note(format!("the entry is skipped: {first_line}"))
    }
}

/// What a newcomer needs to hear instead of the parser's words, and where,
/// for the mistakes they make most: tabs for indentation, an attribute
/// without a value, a placeable never closed. `junk` is the skipped entry,
/// which starts at `junk_start`; the parser stopped at `stop`.
fn plainer(
    text: &str,
    junk: &str,
    junk_start: usize,
    stop: usize,
    kind: &ErrorKind,
) -> Option<(usize, String)> {
    if let Some(tab) = junk.find("\n\t") {
        let message = "Fluent does not accept tabs for indentation: indent with spaces".to_string();
        return Some((junk_start + tab + 1, message));
    }
    let line_start = text[..stop.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    if let Some(name) = line.trim().strip_prefix('.').and_then(|l| l.strip_suffix('=')).map(str::trim)
        && !name.is_empty()
    {
        let dot = line_start + line.find('.').unwrap_or(0);
        return Some((dot, format!("the attribute `.{name}` has no value: give it one, or remove the line")));
    }
    if *kind == ErrorKind::ExpectedToken('}') {
        let mut open = Vec::new();
        for (at, brace) in crate::project::braces(junk) {
            if brace == b'{' {
                open.push(at);
            } else {
                open.pop();
            }
        }
        let brace = *open.first()?;
        return Some((
            junk_start + brace,
            "this `{` is never closed: end the placeable with `}`".to_string(),
        ));
    }
    None
}

/// Checks that need only the locale itself.
fn check_locale(locale: &LocaleCatalog<'_>, out: &mut Vec<Diagnostic>) {
    check_cycles(locale, out);
    let tag = locale.tag();
    let mut first_definition: HashMap<EntryId<'_>, (&ParsedResource<'_>, Range<usize>)> = HashMap::new();
    for resource in &locale.resources {
        let text = &resource.file.text;
        if let Some(cr) = text.match_indices('\r').map(|(i, _)| i).find(|&i| !text[i + 1..].starts_with('\n'))
        {
            out.push(
                at(
                    resource,
                    cr..cr + 1,
                    Severity::Error,
                    "syntax",
                    "a lone carriage return (CR) ends no line in Fluent: the lines around it read as one"
                        .into(),
                )
                .locale(tag)
                .note("save the file with LF (or CRLF) line ends"),
            );
        }
        for (at, c) in text.char_indices().filter(|&(_, c)| intl::invisible(c)) {
            out.push(
                Diagnostic::new(
                    Severity::Warning,
                    "invisible",
                    format!("an invisible character, U+{:04X}, stands here: it prints as nothing", c as u32),
                )
                .at(&resource.file.path, text, at..at + c.len_utf8())
                .locale(tag)
                .note("remove it, unless it is meant (it often comes with pasted text)"),
            );
        }
        if let Some(too_deep) = &resource.file.too_deep {
            let message = format!(
                "placeables are nested more than {MAX_NESTING} deep: Fluent's parsers cannot read this entry"
            );
            out.push(
                at(resource, too_deep.offset..too_deep.offset + 1, Severity::Error, "syntax", message)
                    .locale(tag)
                    .note("the entry is left out; write it with fewer nested `{ }`"),
            );
        }
        for error in &resource.errors {
            out.push(syntax_error(resource, error).locale(tag));
        }
        for (_, entry) in resource.entries() {
            let id = entry.id();
            let span = resource.id_span(&entry);
            let shown = id.to_string();
            if let Some((first, first_span)) = first_definition.get(&id) {
                let p = crate::diagnostic::Position::of_span(&first.file.text, first_span.clone());
                out.push(
                    at(
                        resource,
                        span.clone(),
                        Severity::Error,
                        "duplicate",
                        format!("`{shown}` is defined twice"),
                    )
                    .locale(tag)
                    .id(&shown)
                    .note(format!("first defined at {}:{}:{}", first.file.path, p.line, p.column)),
                );
                continue;
            }
            first_definition.insert(id, (resource, span.clone()));
            let mut attributes = BTreeSet::new();
            for attribute in entry.attributes() {
                if !attributes.insert(attribute.id.name) {
                    let span = resource.span_of(attribute.id.name);
                    out.push(
                        at(
                            resource,
                            span,
                            Severity::Error,
                            "duplicate",
                            format!("`{shown}` has the attribute `.{}` twice", attribute.id.name),
                        )
                        .locale(tag)
                        .id(&shown),
                    );
                }
            }
            for (attribute, pattern) in entry.patterns() {
                if ftl::is_empty(pattern) {
                    let what = attribute
                        .map_or_else(|| "the value".to_string(), |a| format!("the attribute `.{a}`"));
                    out.push(
                        at(
                            resource,
                            span.clone(),
                            Severity::Error,
                            "empty-value",
                            format!("{what} of `{shown}` is empty"),
                        )
                        .locale(tag)
                        .id(&shown),
                    );
                }
                check_expressions(locale, resource, &shown, pattern, out);
            }
        }
    }
}

/// A pattern of an entry: its value, or one of its attributes.
type PatternId<'p> = (EntryId<'p>, Option<&'p str>);

/// A reference from a pattern: to which pattern, and where it stands.
type Reference<'a, 'p> = (PatternId<'p>, &'a ParsedResource<'p>, Range<usize>);

/// Every reference cycle of a locale — messages, terms and attributes that
/// refer to themselves through others, selectors included — once each, at
/// the first reference of the cycle in source order, with the cycle spelled
/// out. Fluent cannot format such a message.
fn check_cycles(locale: &LocaleCatalog<'_>, out: &mut Vec<Diagnostic>) {
    // Each pattern that refers to others (only those can be on a cycle), in
    // source order, with its references and where each is.
    let mut graph: Vec<(PatternId<'_>, Vec<Reference<'_, '_>>)> = Vec::new();
    let mut position: HashMap<PatternId<'_>, usize> = HashMap::new();
    for resource in &locale.resources {
        for (_, entry) in resource.entries() {
            for (attribute, pattern) in entry.patterns() {
                let node = (entry.id(), attribute);
                let references = ftl::references(pattern);
                if references.is_empty() || position.contains_key(&node) {
                    continue;
                }
                let refs = references
                    .into_iter()
                    .map(|target| {
                        let name = resource.span_of(target.0.name);
                        // A term's reference starts at its `-`.
                        (target, resource, name.start - usize::from(target.0.term)..name.end)
                    })
                    .collect();
                position.insert(node, graph.len());
                graph.push((node, refs));
            }
        }
    }
    let shown = |(id, attribute): PatternId<'_>| match attribute {
        Some(attribute) => format!("{id}.{attribute}"),
        None => id.to_string(),
    };
    // Depth first from each pattern in source order; a reference back to a
    // pattern on the path closes a cycle, reported from its earliest member.
    // A pattern explored whole leads to no cycle not yet found.
    let mut reported: BTreeSet<Vec<usize>> = BTreeSet::new();
    let mut done = vec![false; graph.len()];
    for start in 0..graph.len() {
        if done[start] {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some((target, _, _)) = graph[node].1.get(*next) else {
                done[node] = true;
                path.pop();
                continue;
            };
            *next += 1;
            let Some(&target) = position.get(target) else { continue };
            if let Some(closing) = path.iter().position(|&(n, _)| n == target) {
                let members: Vec<usize> = path[closing..].iter().map(|&(n, _)| n).collect();
                let first = members.iter().position(|m| Some(m) == members.iter().min()).unwrap_or(0);
                let cycle: Vec<usize> = members[first..].iter().chain(&members[..first]).copied().collect();
                let mut key = cycle.clone();
                key.sort_unstable();
                if reported.insert(key) {
                    let (from, to) = (cycle[0], cycle.get(1).copied().unwrap_or(cycle[0]));
                    let (_, resource, span) =
                        graph[from].1.iter().find(|(t, _, _)| position.get(t) == Some(&to)).expect("an edge");
                    let names: Vec<String> = cycle
                        .iter()
                        .chain([&cycle[0]])
                        .map(|&n| format!("`{}`", shown(graph[n].0)))
                        .collect();
                    let entry = graph[from].0.0.to_string();
                    out.push(
                        at(
                            resource,
                            span.clone(),
                            Severity::Error,
                            "cyclic-reference",
                            format!("{} refers to itself: {}", names[0], names.join(" → ")),
                        )
                        .locale(locale.tag())
                        .id(&entry),
                    );
                }
            } else if !done[target] {
                path.push((target, 0));
            }
        }
    }
}

/// References, function calls and plural selectors inside one pattern.
fn check_expressions(
    locale: &LocaleCatalog<'_>,
    resource: &ParsedResource<'_>,
    shown: &str,
    pattern: &Pattern<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let tag = locale.tag();
    let mut report = |span: Range<usize>, severity, code, message: String| {
        out.push(at(resource, span, severity, code, message).locale(tag).id(shown));
    };
    ftl::walk(pattern, &mut |node| match node {
        Node::Inline(InlineExpression::MessageReference { id, attribute }) => {
            let target = EntryId { term: false, name: id.name };
            let span = resource.span_of(id.name);
            match (locale.get(target), attribute) {
                // An entry the parser skipped is reported by its syntax error.
                (None, _) if locale.skipped(id.name) => {}
                (None, _) => report(
                    span,
                    Severity::Error,
                    "unresolved-reference",
                    format!("message `{}` does not exist in {tag}", id.name),
                ),
                (Some((_, entry)), Some(attr))
                    if !entry.attributes().iter().any(|a| a.id.name == attr.name) =>
                {
                    report(
                        resource.span_of(attr.name),
                        Severity::Error,
                        "unresolved-reference",
                        format!("message `{}` has no attribute `.{}` in {tag}", id.name, attr.name),
                    )
                }
                (Some((_, entry)), None) if entry.value().is_none() => report(
                    span,
                    Severity::Error,
                    "unresolved-reference",
                    format!("message `{}` has no value in {tag}, only attributes", id.name),
                ),
                _ => {}
            }
        }
        Node::Inline(InlineExpression::TermReference { id, attribute, arguments }) => {
            let target = EntryId { term: true, name: id.name };
            let span = resource.span_of(id.name);
            let span = span.start - 1..span.end;
            match (locale.get(target), attribute) {
                (None, _) if locale.skipped(&format!("-{}", id.name)) => {}
                (None, _) => report(
                    span,
                    Severity::Error,
                    "unresolved-reference",
                    format!("term `-{}` does not exist in {tag}", id.name),
                ),
                // Term attributes are private to a locale: a missing one only
                // makes the selector fall back to its default variant.
                (Some((_, entry)), Some(attr))
                    if !entry.attributes().iter().any(|a| a.id.name == attr.name) =>
                {
                    report(
                        resource.span_of(attr.name),
                        Severity::Warning,
                        "unresolved-reference",
                        format!(
                            "term `-{}` has no attribute `.{}` in {tag}: the default variant is used",
                            id.name, attr.name
                        ),
                    )
                }
                (Some((_, term)), None) => {
                    let named = arguments.iter().flat_map(|a| &a.named);
                    for (name, key) in named.filter_map(|arg| Some((arg.name.name, literal(&arg.value)?))) {
                        if let Some(keys) = variant_keys_on(term, name).filter(|keys| !keys.contains(&key)) {
                            report(
                                resource.span_of(key),
                                Severity::Error,
                                "unknown-variant",
                                format!(
                                    "term `-{}` has no variant `{key}` for `{name}` in {tag}: use {}",
                                    id.name,
                                    keys.join(", ")
                                ),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        Node::Inline(InlineExpression::FunctionReference { id, arguments }) => {
            let span = resource.span_of(id.name);
            if !FUNCTIONS.contains(&id.name) {
                report(
                    span,
                    Severity::Error,
                    "unknown-function",
                    format!("unknown function `{}`: use {}", id.name, FUNCTIONS.join(" or ")),
                );
            } else if id.name == "DATETIME" {
                for arg in &arguments.named {
                    let name = arg.name.name;
                    let span = resource.span_of(name);
                    let style = match &arg.value {
                        InlineExpression::StringLiteral { value } => Some(*value),
                        _ => None,
                    };
                    let styles = DATE_STYLES.map(|s| format!("\"{s}\"")).join(", ");
                    if name == "dateStyle" {
                        if !style.is_some_and(|v| DATE_STYLES.contains(&v)) {
                            report(
                                span,
                                Severity::Error,
                                "function-option",
                                format!("DATETIME's dateStyle is one of {styles}"),
                            );
                        }
                    } else if DATETIME_OPTIONS_NOT_APPLIED.contains(&name) {
                        report(
                            span,
                            Severity::Warning,
                            "function-option",
                            format!(
                                "DATETIME's option `{name}` is not applied: the date prints in its dateStyle"
                            ),
                        );
                    } else {
                        report(
                            span,
                            Severity::Error,
                            "function-option",
                            format!("DATETIME has no option `{name}`: use dateStyle ({styles})"),
                        );
                    }
                }
            } else {
                for arg in &arguments.named {
                    let name = arg.name.name;
                    let span = resource.span_of(name);
                    if NUMBER_OPTIONS_NOT_APPLIED.contains(&name) {
                        report(
                            span,
                            Severity::Warning,
                            "function-option",
                            format!("NUMBER's option `{name}` is not applied: the number prints without it"),
                        );
                    } else if !NUMBER_OPTIONS.contains(&name) {
                        report(
                            span,
                            Severity::Error,
                            "function-option",
                            format!("NUMBER has no option `{name}`: use {}", NUMBER_OPTIONS.join(", ")),
                        );
                    }
                }
            }
        }
        _ => {}
    });
}

/// The text of a string or number literal.
fn literal<'p>(expression: &InlineExpression<&'p str>) -> Option<&'p str> {
    match expression {
        InlineExpression::StringLiteral { value } | InlineExpression::NumberLiteral { value } => Some(value),
        _ => None,
    }
}

/// The variant keys a term's value selects on `$variable`, when it does.
fn variant_keys_on<'p>(term: EntryRef<'_, 'p>, variable: &str) -> Option<Vec<&'p str>> {
    let mut keys: Option<Vec<&'p str>> = None;
    ftl::walk(term.value()?, &mut |node| {
        if let Node::Select { selector: InlineExpression::VariableReference { id }, variants } = node
            && id.name == variable
        {
            let found = keys.get_or_insert_with(Vec::new);
            found.extend(variants.iter().map(|v| match v.key {
                VariantKey::Identifier { name } | VariantKey::NumberLiteral { value: name } => name,
            }));
        }
    });
    keys
}

/// The keys of a plural select expression: the identifiers, and the number
/// literals.
fn plural_keys<'p>(
    selector: &InlineExpression<&'p str>,
    variants: &[fluent_syntax::ast::Variant<&'p str>],
) -> Option<(Vec<&'p str>, Vec<&'p str>)> {
    let (mut names, mut numbers) = (Vec::new(), Vec::new());
    for variant in variants {
        match variant.key {
            VariantKey::Identifier { name } => names.push(name),
            VariantKey::NumberLiteral { value } => numbers.push(value),
        }
    }
    ftl::is_plural_selector(selector, &names).then_some((names, numbers))
}

fn selector_span(resource: &ParsedResource<'_>, selector: &InlineExpression<&str>) -> Option<Range<usize>> {
    match selector {
        InlineExpression::VariableReference { id } => {
            let span = resource.span_of(id.name);
            Some(span.start - 1..span.end)
        }
        InlineExpression::FunctionReference { id, .. } => Some(resource.span_of(id.name)),
        _ => None,
    }
}

/// Plural selectors against the CLDR categories of the target locale. A
/// number key such as `[1]` covers the category the number falls in.
fn check_plurals(
    locale: &LocaleCatalog<'_>,
    plurals: &Plurals,
    resource: &ParsedResource<'_>,
    shown: &str,
    pattern: &Pattern<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let categories = &plurals.categories;
    let tag = locale.tag();
    ftl::walk(pattern, &mut |node| {
        let Node::Select { selector, variants } = node else {
            return;
        };
        let (Some((names, numbers)), Some(span)) =
            (plural_keys(selector, variants), selector_span(resource, selector))
        else {
            return;
        };
        let covered =
            |c: &&str| names.contains(c) || numbers.iter().any(|n| plurals.category_of(n) == Some(*c));
        let missing: Vec<_> = categories.iter().filter(|c| !covered(c)).map(|c| format!("[{c}]")).collect();
        let foreign: Vec<_> =
            names.iter().filter(|k| !categories.contains(k)).map(|k| format!("[{k}]")).collect();
        let uses = format!("{tag} uses {}", categories.join(", "));
        if !missing.is_empty() {
            out.push(
                at(
                    resource,
                    span.clone(),
                    Severity::Warning,
                    "plural-categories",
                    format!("the plural selector of `{shown}` lacks {}", missing.join(", ")),
                )
                .locale(tag)
                .id(shown)
                .note(uses.clone()),
            );
        }
        if !foreign.is_empty() {
            out.push(
                at(
                    resource,
                    span,
                    Severity::Warning,
                    "plural-categories",
                    format!(
                        "the plural selector of `{shown}` has {}, which {tag} never selects",
                        foreign.join(", ")
                    ),
                )
                .locale(tag)
                .id(shown)
                .note(uses),
            );
        }
    });
}

/// A target locale against the source, file by file.
fn compare(source: &LocaleCatalog<'_>, target: &LocaleCatalog<'_>, out: &mut Vec<Diagnostic>) {
    let tag = target.tag();
    if !target.files.present {
        out.push(
            Diagnostic::error(
                "missing-locale",
                format!(
                    "there are no translations for {tag}: the folder {} does not exist",
                    target.files.dir
                ),
            )
            .in_file(&target.files.dir)
            .locale(tag),
        );
        return;
    }
    let plurals = Plurals::new(&target.files.locale.format);
    for resource in &target.resources {
        for (_, entry) in resource.entries() {
            for (_, pattern) in entry.patterns() {
                check_plurals(target, &plurals, resource, &entry.id().to_string(), pattern, out);
            }
        }
        if source.resource(&resource.file.name).is_none() {
            out.push(
                Diagnostic::warning(
                    "obsolete-file",
                    format!("{} has no source file: it is not used", resource.file.path),
                )
                .in_file(&resource.file.path)
                .locale(tag),
            );
        }
    }
    let referenced_terms: BTreeSet<EntryId<'_>> = target
        .resources
        .iter()
        .flat_map(|r| {
            r.entries().flat_map(|(_, e)| e.patterns().into_iter().flat_map(|(_, p)| ftl::references(p)))
        })
        .map(|(id, _)| id)
        .filter(|id| id.term)
        .collect();

    for src in &source.resources {
        let target_path = format!("{}/{}", target.files.dir, src.file.name);
        let Some(tgt) = target.resource(&src.file.name) else {
            let count = src.entries().count();
            let entries = if count == 1 { "1 entry is".to_string() } else { format!("{count} entries are") };
            out.push(
                Diagnostic::error(
                    "missing-file",
                    format!("{target_path} does not exist: {entries} untranslated"),
                )
                .in_file(&target_path)
                .locale(tag)
                .note(format!("the source is {}", src.file.path)),
            );
            continue;
        };
        let mut compared = BTreeSet::new();
        // A duplicate in the source is reported as such; the first definition counts.
        for (_, entry) in src.entries().filter(|(_, e)| compared.insert(e.id())) {
            let shown = entry.id().to_string();
            match tgt.get(entry.id()) {
                // An entry the parser skipped is reported by its syntax
                // error, not again as missing.
                None if tgt.skipped(&shown) => {}
                None => out.push(
                    at(
                        src,
                        src.id_span(&entry),
                        Severity::Error,
                        "missing-message",
                        format!("`{shown}` is not translated into {tag}"),
                    )
                    .locale(tag)
                    .id(&shown)
                    .note(format!("add it to {target_path}")),
                ),
                Some(translation) => compare_entry(entry, tgt, translation, tag, out),
            }
        }
        for (_, entry) in tgt.entries() {
            let id = entry.id();
            let shown = id.to_string();
            // A source entry the parser skipped is reported by its syntax error.
            if src.get(id).is_none() && !(id.term && referenced_terms.contains(&id)) && !src.skipped(&shown) {
                out.push(
                    at(
                        tgt,
                        tgt.id_span(&entry),
                        Severity::Warning,
                        "obsolete",
                        format!("`{shown}` is not in the source {}", src.file.path),
                    )
                    .locale(tag)
                    .id(&shown)
                    .note("remove it, or rename it to the source's ID"),
                );
            }
        }
    }
}

/// One translated entry against its source: value, attributes, variables.
fn compare_entry(
    source: EntryRef<'_, '_>,
    tgt: &ParsedResource<'_>,
    translation: EntryRef<'_, '_>,
    tag: &str,
    out: &mut Vec<Diagnostic>,
) {
    let shown = source.id().to_string();
    let id_span = tgt.id_span(&translation);
    let mut report = |span: Range<usize>, severity, code, message: String| {
        out.push(at(tgt, span, severity, code, message).locale(tag).id(&shown));
    };
    if source.value().is_some() && translation.value().is_none() {
        report(
            id_span.clone(),
            Severity::Error,
            "missing-value",
            format!("`{shown}` has a value in the source but none in {tag}"),
        );
    }
    // A term's attributes and parameters belong to its locale's grammar.
    if source.id().term {
        return;
    }
    for attribute in source.attributes() {
        if !translation.attributes().iter().any(|a| a.id.name == attribute.id.name) {
            report(
                id_span.clone(),
                Severity::Error,
                "missing-attribute",
                format!("`{shown}` lacks the attribute `.{}` of the source", attribute.id.name),
            );
        }
    }
    for attribute in translation.attributes() {
        if !source.attributes().iter().any(|a| a.id.name == attribute.id.name) {
            report(
                tgt.span_of(attribute.id.name),
                Severity::Warning,
                "obsolete-attribute",
                format!("`{shown}` has an attribute `.{}` that the source does not", attribute.id.name),
            );
        }
    }
    let source_patterns = source.patterns();
    for (name, pattern) in translation.patterns() {
        let Some((_, source_pattern)) = source_patterns.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        let expected: BTreeSet<&str> = ftl::variables(source_pattern).into_iter().collect();
        let used = ftl::variables(pattern);
        let part = name.map_or_else(String::new, |a| format!(".{a}"));
        for variable in expected.iter().filter(|v| !used.contains(v)) {
            report(
                id_span.clone(),
                Severity::Error,
                "missing-variable",
                format!("`{shown}{part}` drops the variable `${variable}` that the source uses"),
            );
        }
        let mut invented = BTreeSet::new();
        for variable in used.iter().filter(|v| !expected.contains(*v)) {
            if invented.insert(*variable) {
                let span = tgt.span_of(variable);
                report(
                    span.start - 1..span.end,
                    Severity::Error,
                    "unknown-variable",
                    format!(
                        "`{shown}{part}` uses the variable `${variable}`, which the source does not provide"
                    ),
                );
            }
        }
    }
}

/// The layout's messages exist in the source and in every target, with the
/// variables they need.
fn check_layout(path: &str, text: &str, layout: &Layout, catalog: &Catalog<'_>, out: &mut Vec<Diagnostic>) {
    let provided: Vec<&str> = layout.variables.iter().map(|(name, _)| name.as_str()).collect();
    let dated = layout.variables.iter().any(|(_, v)| matches!(v, Variable::Date { .. }));
    if layout.page.standards.archival && !dated {
        out.push(
            Diagnostic::error(
                "layout-date",
                "the layout gives no date: an archival PDF records the document's date",
            )
            .in_file(path)
            .note("add a date under [variables], such as `date = 2020-12-08`")
            .note("or turn archiving off: `archival = false` under [pdf]"),
        );
    }
    let columns = layout.page.aligned.iter().flat_map(|a| a.locales.iter().flatten());
    let mut seen = Vec::new();
    for (span, tag) in columns {
        let known = catalog.locales.iter().any(|l| l.tag() == tag);
        let problem = if !known {
            Some(format!("the aligned edition names `{tag}`, which is not a locale of the project"))
        } else if seen.contains(&tag) {
            Some(format!("the aligned edition names `{tag}` twice"))
        } else {
            None
        };
        if let Some(message) = problem {
            out.push(Diagnostic::error("layout", message).at(path, text, span.clone()));
        }
        seen.push(tag);
    }
    for reference in layout.message_refs() {
        let id = EntryId { term: false, name: &reference.id };
        let Some((resource, entry)) = catalog.source().get(id) else {
            if catalog.source().skipped(&reference.id) {
                continue;
            }
            out.push(
                Diagnostic::error(
                    "unknown-message",
                    format!("the layout names `{}`, which is not a message of the source", reference.id),
                )
                .at(path, text, reference.span.clone())
                .id(&reference.id),
            );
            continue;
        };
        // The footer is formatted with the page numbers as well.
        let is_footer = layout.page.footer.as_ref() == Some(reference);
        let given = |v: &&str| provided.contains(v) || (is_footer && PAGE_VARIABLES.contains(v));
        for (_, pattern) in entry.patterns() {
            for variable in ftl::variables(pattern).into_iter().filter(|v| !given(v)) {
                out.push(
                    Diagnostic::error(
                        "layout-variable",
                        format!("`{}` uses `${variable}`, which the layout does not give", reference.id),
                    )
                    .at(path, text, reference.span.clone())
                    .id(&reference.id)
                    .note(format!("add `{variable} = …` under [variables] in {path}"))
                    .note(format!("the message is at {}", resource.file.path)),
                );
            }
        }
        let missing =
            |t: &&LocaleCatalog<'_>| t.files.present && !t.contains(id) && !t.skipped(&reference.id);
        for target in catalog.targets().iter().filter(missing) {
            out.push(
                Diagnostic::error(
                    "layout-missing-translation",
                    format!(
                        "the layout names `{}`, which is not translated into {}",
                        reference.id,
                        target.tag()
                    ),
                )
                .at(path, text, reference.span.clone())
                .locale(target.tag())
                .id(&reference.id),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::in_memory;

    const FR_PL: &str = "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n";

    /// `check` on a French source and its Polish: each diagnostic as
    /// `file:line:column code: message`.
    fn found(fr: &str, pl: &str) -> Vec<String> {
        let project = in_memory(FR_PL, &[("locales/fr/m.ftl", fr), ("locales/pl/m.ftl", pl)]).unwrap();
        let catalog = Catalog::parse(&project);
        check(&catalog, &[])
            .iter()
            .map(|d| {
                let (_, (line, column)) = d.place();
                format!("{}:{line}:{column} {}: {}", d.file, d.code, d.message)
            })
            .collect()
    }

    #[test]
    fn a_translation_as_the_source_has_it_is_clean() {
        let fr = "a = { $n } fichiers de { -city }\n-city = Cracovie\n";
        let pl = "a = { $n } plików { -city(case: \"genitive\") }\n-city =\n    { $case ->\n       *[nominative] Kraków\n        [genitive] Krakowa\n    }\n";
        assert_eq!(found(fr, pl), Vec::<String>::new());
    }

    #[test]
    fn a_dropped_and_an_invented_variable_are_errors_at_the_translation() {
        let found = found("a = { $n } sur { $total }\n", "a = { $n } z { $count }\n");
        assert_eq!(
            found,
            [
                "locales/pl/m.ftl:1:1 missing-variable: `a` drops the variable `$total` that the source uses",
                "locales/pl/m.ftl:1:16 unknown-variable: `a` uses the variable `$count`, which the source does not provide"
            ]
        );
    }

    #[test]
    fn a_polish_plural_without_few_and_many_names_them() {
        let fr = "a = { $n ->\n    [one] un\n   *[other] plusieurs\n}\n";
        let pl = "a = { $n ->\n    [one] jeden\n   *[other] wiele\n}\n";
        let found = found(fr, pl);
        assert_eq!(
            found,
            ["locales/pl/m.ftl:1:7 plural-categories: the plural selector of `a` lacks [few], [many]"]
        );
    }

    #[test]
    fn a_term_variant_the_term_lacks_is_an_error_at_its_key() {
        let fr = "a = de { -city }\n-city = Cracovie\n";
        let pl = "a = { -city(case: \"genitiv\") }\n-city =\n    { $case ->\n       *[nominative] Kraków\n        [genitive] Krakowa\n    }\n";
        let found = found(fr, pl);
        assert_eq!(
            found,
            [
                "locales/pl/m.ftl:1:20 unknown-variant: term `-city` has no variant `genitiv` for `case` in pl: use nominative, genitive"
            ]
        );
    }

    #[test]
    fn missing_and_obsolete_messages_are_told_apart() {
        let found = found("a = A\nb = B\n", "a = A\nc = C\n");
        assert_eq!(
            found,
            [
                "locales/fr/m.ftl:2:1 missing-message: `b` is not translated into pl",
                "locales/pl/m.ftl:2:1 obsolete: `c` is not in the source locales/fr/m.ftl"
            ]
        );
    }

    #[test]
    fn reference_cycles_are_spelled_out_at_their_first_reference() {
        let fr = "cyc-a = { cyc-b }\ncyc-b = { cyc-a }\nm = { -t }\n    .a = { m.b }\n    .b = { $n ->\n       *[x] { m.a }\n    }\n-t = { m }\nfine = { cyc-c }\ncyc-c = C\n";
        let project =
            in_memory("[locales]\nsource = \"fr\"\ntargets = []\n", &[("locales/fr/m.ftl", fr)]).unwrap();
        let catalog = Catalog::parse(&project);
        let found: Vec<String> = check(&catalog, &[])
            .iter()
            .filter(|d| d.code == "cyclic-reference")
            .map(|d| {
                let (_, (line, column)) = d.place();
                format!("{}:{line}:{column} {}", d.file, d.message)
            })
            .collect();
        assert_eq!(
            found,
            [
                "locales/fr/m.ftl:1:11 `cyc-a` refers to itself: `cyc-a` → `cyc-b` → `cyc-a`",
                "locales/fr/m.ftl:3:7 `m` refers to itself: `m` → `-t` → `m`",
                "locales/fr/m.ftl:4:12 `m.a` refers to itself: `m.a` → `m.b` → `m.a`",
            ]
        );
    }

    #[test]
    fn an_entry_nested_too_deep_leaves_the_rest_of_the_file_in_place() {
        let deep = format!("a = 𝌆 {}$x{} ą\nb = Bé\n", "{".repeat(150), "}".repeat(150));
        let found = found("a = A\nb = B\n", &deep);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "locales/pl/m.ftl:1:107 syntax: placeables are nested more than 100 deep: Fluent's parsers cannot read this entry"
            ),
            "{found:?}"
        );
    }
}
