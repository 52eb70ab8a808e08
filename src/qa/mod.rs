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
mod lexicon;
mod numbers;
mod spelling;
mod terms;
mod text;
mod typography;
mod words;

use spelling::SUGGESTED_WORDS;
use spelling::Speller;
pub use spelling::Spellers;
pub use spelling::WORD_LISTS;
pub use text::code_spans;
pub use typography::outer_quotes;

use crate::diagnostic::{Diagnostic, Level, Severity};
use crate::ftl::{Catalog, EntryRef, LocaleCatalog, ParsedResource};
use crate::glossary::Glossary;
use crate::hash::FastSet;
use crate::intl::Conventions;
use crate::manifest::{Locale, Manifest};
use allow::Allows;
use finding::Finding;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use terms::Terms;
use text::Text;

/// Every QA finding of the project (of the locales `only`, when given),
/// locale by locale (in parallel), each locale's sorted by file and
/// position; `spellers` has one per locale, in the catalog's order (the
/// source first).
pub fn check(
    catalog: &Catalog<'_>,
    manifest: &Manifest,
    spellers: &Spellers,
    glossary: &Glossary,
    only: Option<&[&str]>,
) -> Vec<Diagnostic> {
    let source = catalog.source();
    let source_conventions = Conventions::new(&source.files.locale.format);
    let per_locale: Vec<Vec<Diagnostic>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = catalog
            .locales
            .iter()
            .enumerate()
            .filter(|(_, locale)| only.is_none_or(|tags| tags.contains(&locale.tag())))
            .map(|(index, locale)| {
                let source_conventions = &source_conventions;
                scope.spawn(move || {
                    let target = (index > 0).then_some((source, source_conventions));
                    check_locale(locale, target, (spellers, index), manifest, glossary)
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
    (spellers, index): (&Spellers, usize),
    manifest: &Manifest,
    glossary: &Glossary,
) -> Vec<Diagnostic> {
    let settings = &locale.files.locale;
    let tag = locale.tag();
    // The source's dictionary (the spellers' first) tells a name from a word.
    let common = |word: &str| spellers.get(0).lexicon().is_some_and(|d| d.check(word));
    let terms = target.map(|(source, _)| Terms::new(glossary, source.tag(), tag, &common));
    let language = settings.id.language.as_str();
    let conventions = Conventions::new(&settings.format);
    let mut out = Vec::new();
    let spelling_on = manifest.level("spelling") != Level::Off;
    // A locale's checker (`None` inside: it has no dictionary), made when
    // first needed; the other languages' words count only for spelling.
    let checker = |index: usize, locale: &LocaleCatalog<'_>| match spellers.get(index) {
        Speller::Ready { lexicon, accepted } => {
            let others = match spelling_on {
                true => spellers
                    .indices()
                    .filter(|&other| other != index)
                    .filter_map(|other| spellers.get(other).lexicon())
                    .collect(),
                false => Vec::new(),
            };
            let mut names = term_words(locale);
            names.extend(glossary_words(glossary, locale.tag()));
            Some(spelling::Checker::new(lexicon, accepted, names, others))
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
                let source_texts: Option<Vec<ReadText>> = target.and_then(|(source, conventions)| {
                    let (resource, entry) = source.get(entry.id())?;
                    let pattern = entry.pattern(attribute)?;
                    let style = &source.files.locale;
                    Some(
                        text::texts(resource, pattern)
                            .into_iter()
                            .map(|t| ReadText::read(t, style, conventions))
                            .collect(),
                    )
                });
                for text in text::texts(resource, pattern).into_iter().filter(|t| !text::is_css(&t.text)) {
                    let paired = source_texts.as_ref().and_then(|texts| {
                        texts
                            .iter()
                            .find(|s| s.text.keys == text.keys)
                            .or_else(|| texts.iter().find(|s| s.text.default))
                    });
                    let this = ReadText::read(text, settings, &conventions);
                    // A bracket the source leaves open is the source's fault.
                    let mut found = match paired.is_none_or(|s| s.unbalanced.is_empty()) {
                        true => this.unbalanced.clone(),
                        false => Vec::new(),
                    };
                    found.extend(typography::whitespace(&this.text.text, &this.numbers));
                    found.extend(words::repeated(&this.text.text, language));
                    let text = &this.text;
                    let place = Place { resource, text, id: &id, entry_at };
                    if let (Some(source), Some((source_locale, _))) = (paired, target) {
                        found.extend(against_source(source, &this, settings));
                        if let (Some(terms), false) = (&terms, is_term) {
                            found.extend(terms.check(&source.text, text));
                        }
                        if !is_term && source_locale.files.locale.id.language != settings.id.language {
                            // Left untranslated: two words at least of the source's
                            // language that are not the target's ("Second point"
                            // is English too; "Gort! Klaatu barada nikto!" is
                            // neither; "PEM (cert)" has one word to speak of).
                            let untranslated = words::untranslated(&source.text.text, &text.text);
                            let mut foreign = |word: &str| {
                                let source_spell =
                                    source_spell.get_or_insert_with(|| checker(0, source_locale));
                                let spell = spell.get_or_insert_with(|| checker(index, locale));
                                word.chars().count() >= 3
                                    && !word.chars().all(char::is_uppercase)
                                    && source_spell.as_mut().is_none_or(|c| c.is_word(word))
                                    && spell.as_mut().is_none_or(|c| !c.is_word(word))
                            };
                            let name = || terms.as_ref().is_some_and(|t| t.is_name(&source.text.text));
                            if untranslated.is_some()
                                && !name()
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
                                source: compare::Unit::of(&source.text),
                                target: compare::Unit::of(text),
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
                        for (span, word) in checker.misspelt(&text.text, paired.map(|s| s.text.text.as_str()))
                        {
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
    out.sort_by(|a, b| (a.place(), a.code, &a.message).cmp(&(b.place(), b.code, &b.message)));
    out.dedup();
    out
}

/// Whether an attribute holds text for people: an access key, a shortcut
/// key or a CSS style is code that each locale sets its own way.
fn holds_prose(attribute: &str) -> bool {
    let name = attribute.to_ascii_lowercase();
    !(name.ends_with("accesskey") || matches!(name.as_str(), "key" | "keycode" | "commandkey" | "style"))
}

/// A text with what the checks read in it, read once: a source text is
/// compared with every translation of it.
struct ReadText {
    text: Text,
    /// Its brackets and quotes that open and never close, or close nothing.
    unbalanced: Vec<Finding>,
    dates: Vec<(numbers::WrittenDate, Range<usize>)>,
    numbers: Vec<numbers::Number>,
}

impl ReadText {
    fn read(text: Text, locale: &Locale, conventions: &Conventions) -> ReadText {
        let unbalanced =
            typography::unbalanced(&text.text, locale.id.language.as_str(), locale.single_quotes);
        let (dates, numbers) = numbers::read(&text.text, conventions);
        ReadText { text, unbalanced, dates, numbers }
    }
}

/// A translation's findings against its source: quotation marks, brackets,
/// punctuation, numbers and dates.
fn against_source(source: &ReadText, target: &ReadText, locale: &Locale) -> Vec<Finding> {
    let (source_text, text) = (&source.text.text, &target.text.text);
    let language = locale.id.language.as_str();
    let mut found = typography::wrong_quotes(text, language, locale.single_quotes);
    if source.unbalanced.is_empty() && target.unbalanced.is_empty() {
        found.extend(typography::bracket_pairs(source_text, text));
    }
    found.extend(typography::end_punctuation(source_text, text));
    found.extend(typography::spacing(source_text, text, language));
    found.extend(compare::numbers(source_text, &source.numbers, text, &target.numbers));
    found.extend(compare::dates(source_text, &source.dates, text, &target.dates));
    found
}

/// The words of the glossary's terms in a language (their forms too).
fn glossary_words(glossary: &Glossary, lang: &str) -> FastSet<String> {
    glossary
        .concepts
        .iter()
        .flat_map(|c| c.allowed(lang))
        .flat_map(|t| [&t.text].into_iter().chain(&t.forms))
        .flat_map(|text| words::words(text).map(|(_, w)| w.to_string()).collect::<Vec<_>>())
        .collect()
}

/// The words of a locale's term values: names spelt as the project wants.
fn term_words(locale: &LocaleCatalog<'_>) -> FastSet<String> {
    let mut out = FastSet::default();
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
