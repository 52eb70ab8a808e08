//! Translation QA: what is wrong in texts that `check` finds structurally
//! sound — numbers and dates by value, quotation marks, brackets and
//! punctuation by language, white space, repeated words, text left
//! untranslated, inconsistent translations and spelling.
//!
//! Rules: every finding is a diagnostic at the offending text in its file,
//! with the source's counterpart in a note; its kind's level comes from the
//! manifest's `[check]` table (else [`crate::diagnostic::QA_KINDS`]); a
//! message's comment `# fluentpress-allow: KIND[, KIND] -- REASON` allows
//! its findings of those kinds, reported apart with the reason. The checks
//! on a text alone (brackets, white space, repeated words, spelling) read
//! the source too.

mod allow;
mod compare;
mod finding;
mod numbers;
mod spelling;
mod text;
mod typography;
mod words;

use spelling::{SUGGESTED_WORDS, WORD_LISTS};
pub use spelling::{Speller, Spellers};

use crate::diagnostic::{Diagnostic, Level, Severity};
use crate::ftl::{Catalog, EntryRef, LocaleCatalog, ParsedResource};
use crate::intl::Conventions;
use crate::manifest::Manifest;
use allow::Allows;
use finding::Finding;
use fluent_syntax::ast::Pattern;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use text::Text;

/// Every QA finding of the project, locale by locale (in parallel), each
/// locale's sorted by file and position; `spellers` has one per locale, in
/// the catalog's order (the source first).
pub fn check(catalog: &Catalog<'_>, manifest: &Manifest, spellers: &Spellers<'_>) -> Vec<Diagnostic> {
    let source = catalog.source();
    let source_conventions = Conventions::new(&source.files.locale.format);
    let per_locale: Vec<Vec<Diagnostic>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = catalog
            .locales
            .iter()
            .enumerate()
            .map(|(index, locale)| {
                let source_conventions = &source_conventions;
                scope.spawn(move || {
                    let target = (index > 0).then_some((source, source_conventions));
                    check_locale(locale, target, (spellers, index), manifest)
                })
            })
            .collect();
        // A locale's panic is the command's, not a locale without findings.
        jobs.into_iter()
            .map(|job| job.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    per_locale.into_iter().flatten().collect()
}

/// One text of a pattern, with its resource: what a finding is placed by.
struct Place<'a, 'p> {
    resource: &'a ParsedResource<'p>,
    text: &'a Text,
    id: &'a str,
    /// Where the entry's ID is: the place of a text of placeables alone.
    entry_at: usize,
}

impl Place<'_, '_> {
    /// Where a span of the text is in its file.
    fn file_span(&self, span: Range<usize>) -> Range<usize> {
        let at = |offset: usize| self.text.file_offset(offset).unwrap_or(self.entry_at);
        at(span.start)..at(span.end)
    }

    fn diagnostic(&self, finding: Finding, severity: Severity, tag: &str) -> Diagnostic {
        let span = self.file_span(finding.span.clone());
        let file = &self.resource.file;
        let diagnostic = Diagnostic::new(severity, finding.code, finding.message)
            .at(&file.path, &file.text, span)
            .locale(tag)
            .id(self.id);
        match finding.note {
            Some(note) => diagnostic.note(note),
            None => diagnostic,
        }
    }
}

fn check_locale(
    locale: &LocaleCatalog<'_>,
    target: Option<(&LocaleCatalog<'_>, &Conventions)>,
    (spellers, index): (&Spellers<'_>, usize),
    manifest: &Manifest,
) -> Vec<Diagnostic> {
    let settings = &locale.files.locale;
    let tag = locale.tag();
    let language = settings.id.language.as_str();
    let single = settings.single_quotes;
    let conventions = Conventions::new(&settings.format);
    let mut out = Vec::new();
    let spelling_on = manifest.level("spelling") != Level::Off;
    // A locale's checker (`None` inside: it has no dictionary), made when
    // first needed; the other languages' words count only for spelling.
    let checker = |index: usize, locale: &LocaleCatalog<'_>| match spellers.get(index) {
        Speller::Ready { dictionary, accepted } => {
            let others = match spelling_on {
                true => spellers
                    .indices()
                    .filter(|&other| other != index)
                    .filter_map(|other| spellers.get(other).dictionary())
                    .collect(),
                false => Vec::new(),
            };
            Some(spelling::Checker::new(dictionary, accepted, term_words(locale), others))
        }
        Speller::Missing(_) => None,
    };
    let mut spell = None;
    if spelling_on {
        if let Speller::Missing(note) = spellers.get(index) {
            // A locale with no files has nothing to spell, and says so.
            if !locale.resources.is_empty() {
                out.push(note.clone());
            }
        }
        spell = Some(checker(index, locale));
    }
    let mut source_spell = None;
    let mut misspelt: Vec<(Diagnostic, String)> = Vec::new();
    let mut allows = Allows::default();
    let mut translations = Vec::new();
    for resource in &locale.resources {
        for (_, entry) in resource.entries() {
            let id = entry.id().to_string();
            let entry_at = resource.offset_of(entry.id().name);
            allows.read(resource, &entry, tag, &mut out);
            let is_term = matches!(entry, EntryRef::Term(_));
            for (attribute, pattern) in
                entry.patterns().into_iter().filter(|(a, _)| a.is_none_or(holds_prose))
            {
                let source_texts = target.and_then(|(source, _)| {
                    let (resource, entry) = source.get(entry.id())?;
                    let pattern = pattern_of(&entry, attribute)?;
                    Some(text::texts(resource, pattern))
                });
                for text in text::texts(resource, pattern).into_iter().filter(|t| !text::is_css(&t.text)) {
                    let place = Place { resource, text: &text, id: &id, entry_at };
                    let paired = source_texts.as_ref().and_then(|texts| {
                        texts
                            .iter()
                            .find(|s| s.keys == text.keys)
                            .or_else(|| texts.iter().find(|s| s.default))
                    });
                    let mut found = Vec::new();
                    let (dates, numbers) = numbers::read(&text.text, &conventions);
                    let source_balanced = paired.is_none_or(|s| {
                        typography::unbalanced(&s.text, source_language(target), source_single(target))
                            .is_empty()
                    });
                    let unbalanced = typography::unbalanced(&text.text, language, single);
                    let balanced = source_balanced && unbalanced.is_empty();
                    if source_balanced {
                        found.extend(unbalanced);
                    }
                    found.extend(typography::whitespace(&text.text, &numbers));
                    found.extend(words::repeated(&text.text, language));
                    if let (Some(source), Some((_, source_conventions))) = (paired, target) {
                        let languages = (source_language(target), language);
                        found.extend(typography::wrong_quotes(&text.text, language, single));
                        if balanced {
                            found.extend(typography::bracket_pairs(&source.text, &text.text));
                        }
                        found.extend(typography::end_punctuation(&source.text, &text.text));
                        found.extend(typography::spacing(&source.text, &text.text, language));
                        let (source_dates, source_numbers) = numbers::read(&source.text, source_conventions);
                        found.extend(compare::numbers(&source.text, &source_numbers, &text.text, &numbers));
                        found.extend(compare::dates(&source.text, &source_dates, &text.text, &dates));
                        if !is_term && languages.0 != languages.1 {
                            // Left untranslated: two words at least of the source's
                            // language that are not the target's ("Second point"
                            // is English too; "Gort! Klaatu barada nikto!" is
                            // neither; "PEM (cert)" has one word to speak of).
                            let untranslated = words::untranslated(&source.text, &text.text);
                            let (source_locale, _) = target.expect("a translation has a source");
                            let mut foreign = |word: &str| {
                                let source_spell =
                                    source_spell.get_or_insert_with(|| checker(0, source_locale));
                                let spell = spell.get_or_insert_with(|| checker(index, locale));
                                word.chars().count() >= 3
                                    && !word.chars().all(char::is_uppercase)
                                    && source_spell.as_mut().is_none_or(|c| c.is_word(word))
                                    && spell.as_mut().is_none_or(|c| !c.is_word(word))
                            };
                            if untranslated.is_some()
                                && words::words(&text.text).filter(|(_, w)| foreign(w)).count() >= 2
                            {
                                found.extend(untranslated);
                            }
                        }
                        if !is_term && !text.is_blank() {
                            let span = place.file_span(compare::trimmed(&text.text));
                            let (file, at_id) = (&resource.file, id.clone());
                            translations.push(compare::Translation {
                                id: id.clone(),
                                source: compare::unit(source),
                                target: compare::unit(&text),
                                at: Box::new(move || {
                                    Diagnostic::new(Severity::Warning, "inconsistent", "")
                                        .at(&file.path, &file.text, span.clone())
                                        .locale(tag)
                                        .id(&at_id)
                                }),
                            });
                        }
                    }
                    for finding in found {
                        if let Some(severity) = manifest.level(finding.code).severity() {
                            let severity = if finding.advisory { Severity::Note } else { severity };
                            out.push(place.diagnostic(finding, severity, tag));
                        }
                    }
                    let checker = spell.as_mut().and_then(Option::as_mut).filter(|_| spelling_on);
                    if let (Some(checker), false) = (checker, is_term) {
                        for (span, word) in checker.misspelt(&text.text, paired.map(|s| s.text.as_str())) {
                            let message = format!("`{word}` is not in the {tag} dictionary");
                            let finding = Finding::new("spelling", span, message);
                            misspelt
                                .push((place.diagnostic(finding, Severity::Warning, tag), word.to_string()));
                        }
                    }
                }
            }
        }
    }
    if let (Some(severity), Some(Some(checker))) = (manifest.level("spelling").severity(), &spell) {
        let distinct: HashSet<&str> = misspelt.iter().map(|(_, w)| w.as_str()).collect();
        let suggest = distinct.len() <= SUGGESTED_WORDS;
        let mut suggested: HashMap<String, Vec<String>> = HashMap::new();
        for (mut diagnostic, word) in misspelt {
            diagnostic.severity = severity;
            if suggest {
                let options = suggested.entry(word.clone()).or_insert_with(|| checker.suggest(&word));
                if !options.is_empty() {
                    diagnostic = diagnostic.note(format!("did you mean {}?", options.join(", ")));
                }
            }
            out.push(diagnostic.note(format!("if it is right, add it to {WORD_LISTS}/{tag}.txt")));
        }
    }
    if let Some(severity) = manifest.level("inconsistent").severity() {
        out.extend(compare::inconsistent(translations, severity));
    }
    let mut out = allows.apply(out, manifest);
    out.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (d.file.clone(), d.position.as_ref().map(|p| (p.line, p.column)), d.code, d.message.clone())
        };
        key(a).cmp(&key(b))
    });
    out.dedup_by(|a, b| a == b);
    out
}

/// Whether an attribute holds text for people: an access key, a shortcut
/// key or a CSS style is code that each locale sets its own way.
fn holds_prose(attribute: &str) -> bool {
    let name = attribute.to_ascii_lowercase();
    !(name.ends_with("accesskey") || matches!(name.as_str(), "key" | "keycode" | "commandkey" | "style"))
}

fn source_language<'c>(target: Option<(&'c LocaleCatalog<'_>, &Conventions)>) -> &'c str {
    target.map_or("", |(source, _)| source.files.locale.id.language.as_str())
}

fn source_single(target: Option<(&LocaleCatalog<'_>, &Conventions)>) -> bool {
    target.is_some_and(|(source, _)| source.files.locale.single_quotes)
}

fn pattern_of<'a, 'p>(entry: &EntryRef<'a, 'p>, attribute: Option<&str>) -> Option<&'a Pattern<&'p str>> {
    match attribute {
        None => entry.value(),
        Some(name) => entry.attributes().iter().find(|a| a.id.name == name).map(|a| &a.value),
    }
}

/// The words of a locale's term values: names spelt as the project wants.
fn term_words(locale: &LocaleCatalog<'_>) -> HashSet<String> {
    let mut out = HashSet::new();
    for resource in &locale.resources {
        for (_, entry) in resource.entries() {
            if let EntryRef::Term(_) = entry {
                for (_, pattern) in entry.patterns() {
                    for text in text::texts(resource, pattern).into_iter().filter(|t| !text::is_css(&t.text))
                    {
                        out.extend(words::words(&text.text).map(|(_, w)| w.to_string()));
                    }
                }
            }
        }
    }
    out
}
