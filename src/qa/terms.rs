//! Terminology: a translation against the glossary. A source term calls
//! for one of its concept's allowed terms in the translation
//! (`term-missing`), a name not to be translated must come through as it is
//! (`term-untranslated`), and a forbidden term must not appear
//! (`term-forbidden`). Terms are found by [`crate::glossary::matcher`]:
//! inflected, in any case; a Fluent term the text uses as a placeable counts
//! as its concept's term.

use super::finding::Finding;
use super::text::Text;
use crate::glossary::matcher::{Word, Words};
use crate::glossary::{Concept, Glossary, Status};

/// One concept, ready to look for in a locale pair.
struct Prepared {
    /// The Fluent term it is (`-eu`), for placeables that use it.
    fluent_id: Option<String>,
    do_not_translate: bool,
    /// Its source terms, not forbidden ones.
    source: Vec<Sought>,
    /// The terms a translation may use, the preferred first.
    allowed: Vec<Allowed>,
    /// The terms it must not use.
    forbidden: Vec<Sought>,
}

/// A term looked for in texts: its text, its words, and the start of its
/// first word as [`Terms::check`]'s quick test looks for it (an index into
/// its language's [`Keys`]).
struct Sought {
    text: String,
    words: Vec<Word>,
    key: usize,
}

/// A language's distinct keys: many terms share one ("Firefox Monitor",
/// "Firefox Send"), which a text is searched for once.
#[derive(Default)]
struct Keys(Vec<String>);

impl Sought {
    fn new(text: &str, words: &Words, keys: &mut Keys) -> Option<Sought> {
        let split = words.split(text);
        let key = start(&words.fold(&split.first()?.lower)).to_string();
        let key = keys.0.iter().position(|k| *k == key).unwrap_or_else(|| {
            keys.0.push(key);
            keys.0.len() - 1
        });
        Some(Sought { text: text.to_string(), words: split, key })
    }
}

/// A term a translation may use: its text, status, words and written forms.
struct Allowed {
    text: String,
    status: Status,
    words: Vec<Word>,
    forms: Vec<Vec<Word>>,
}

/// A glossary ready to check translations from one language into another.
pub struct Terms {
    source_words: Words,
    target_words: Words,
    source_keys: Keys,
    target_keys: Keys,
    concepts: Vec<Prepared>,
}

impl Terms {
    /// `common` tells a word of the source language's dictionary: a Fluent
    /// term's one-word name that is one (`Monitor`) is a common word too
    /// ("Virtual Monitor Display"), and no name to look for.
    pub fn new(glossary: &Glossary, source: &str, target: &str, common: &dyn Fn(&str) -> bool) -> Terms {
        let (source_words, target_words) = (Words::new(source), Words::new(target));
        let ambiguous = |c: &Concept| {
            c.id.starts_with('-')
                && c.terms(source).any(|t| !t.text.contains(' ') && common(&t.text.to_lowercase()))
        };
        let (mut source_keys, mut target_keys) = (Keys::default(), Keys::default());
        let concepts = glossary
            .concepts
            .iter()
            .filter(|concept| !ambiguous(concept))
            .filter_map(|concept| {
                let words = (&source_words, &target_words);
                prepare(concept, (source, target), words, (&mut source_keys, &mut target_keys))
            })
            .collect();
        Terms { source_words, target_words, source_keys, target_keys, concepts }
    }

    /// Whether a text is, words aside from punctuation, a name the glossary
    /// says is not translated: no text left untranslated.
    pub fn is_name(&self, text: &str) -> bool {
        let words = self.source_words.split_unstemmed(text);
        !words.is_empty()
            && self.concepts.iter().filter(|c| c.do_not_translate).any(|c| {
                c.source.iter().any(|term| {
                    term.words.len() == words.len()
                        && term.words.iter().zip(&words).all(|(t, w)| t.lower == w.lower)
                })
            })
    }

    /// What a translation `target` of `source` gets wrong in its terms.
    pub fn check(&self, source: &Text, target: &Text) -> Vec<Finding> {
        // A text is worth cutting into words for a term only if it holds
        // the start of the term's first word (vowels folded as the
        // matcher folds them).
        let mut forbidden: Vec<(&Prepared, &Sought)> =
            self.concepts.iter().flat_map(|c| c.forbidden.iter().map(move |f| (c, f))).collect();
        if !forbidden.is_empty() {
            let mut holds =
                Holds::new(self.target_words.fold(&target.text.to_lowercase()), &self.target_keys);
            forbidden.retain(|(_, term)| holds.key(term.key));
        }
        let mut holds = Holds::new(self.source_words.fold(&source.text.to_lowercase()), &self.source_keys);
        let candidates: Vec<&Prepared> =
            self.concepts.iter().filter(|c| c.source.iter().any(|term| holds.key(term.key))).collect();
        if forbidden.is_empty() && candidates.is_empty() {
            return Vec::new();
        }
        // Fluent terms (names) are compared as written; stems only for the
        // glossary files' terms.
        let stems_needed = !forbidden.is_empty() || candidates.iter().any(|c| c.fluent_id.is_none());
        let mut target_words = self.target_words.split_unstemmed(&target.text);
        if stems_needed {
            self.target_words.stem_all(&mut target_words);
        }
        let mut found = Vec::new();
        for (concept, Sought { text, words, .. }) in forbidden {
            if let Some(at) = self.target_words.find(&target_words, words) {
                let message = format!("`{}` is a forbidden term", &target.text[at.clone()]);
                let note = match concept.allowed.first() {
                    Some(preferred) => format!("the glossary forbids `{text}`: use `{}`", preferred.text),
                    None => format!("the glossary forbids `{text}`"),
                };
                found.push(Finding::new("term-forbidden", at, message).note(note));
            }
        }
        let mut source_words = self.source_words.split_unstemmed(&source.text);
        if stems_needed {
            self.source_words.stem_all(&mut source_words);
        }
        let span = super::compare::trimmed(&target.text);
        for concept in candidates {
            let Some(Sought { text: term, .. }) =
                concept.source.iter().find(|term| match concept.fluent_id {
                    // A Fluent term is a name: found as it is written.
                    Some(_) => self.source_words.find_name(&source_words, &term.words).is_some(),
                    None => self.source_words.find(&source_words, &term.words).is_some(),
                })
            else {
                continue;
            };
            if concept.fluent_id.as_ref().is_some_and(|id| target.placeables.contains(id)) {
                continue;
            }
            if concept.do_not_translate {
                let kept = concept
                    .source
                    .iter()
                    .any(|term| self.target_words.find_form(&target_words, &term.words).is_some());
                if !kept {
                    found.push(
                        Finding::new(
                            "term-untranslated",
                            span.clone(),
                            format!("`{term}` is not to be translated"),
                        )
                        .note(format!("the glossary keeps `{term}` as it is in every language")),
                    );
                }
                continue;
            }
            // A Fluent term's forms are all its inflections.
            let present = concept.allowed.iter().any(|term| {
                (concept.fluent_id.is_none() && self.target_words.find(&target_words, &term.words).is_some())
                    || term
                        .forms
                        .iter()
                        .any(|form| self.target_words.find_form(&target_words, form).is_some())
            });
            if !present && !concept.allowed.is_empty() {
                let expected: Vec<String> =
                    concept.allowed.iter().map(|t| format!("`{}` ({})", t.text, t.status.name())).collect();
                let message = format!("the source says `{term}`, and the translation has none of its terms");
                found.push(
                    Finding::new("term-missing", span.clone(), message)
                        .note(format!("the glossary translates it as {}", expected.join(", "))),
                );
            }
        }
        found
    }
}

/// Which of a language's keys a folded text holds, each looked for once.
struct Holds<'k> {
    folded: String,
    keys: &'k Keys,
    known: Vec<Option<bool>>,
}

impl<'k> Holds<'k> {
    fn new(folded: String, keys: &'k Keys) -> Self {
        Holds { folded, keys, known: vec![None; keys.0.len()] }
    }

    fn key(&mut self, key: usize) -> bool {
        *self.known[key].get_or_insert_with(|| self.folded.contains(self.keys.0[key].as_str()))
    }
}

/// The start of a word a text must hold for the word to be looked for:
/// three letters, or the word if shorter (a stem may drop the rest).
fn start(lower: &str) -> &str {
    &lower[..lower.char_indices().nth(3).map_or(lower.len(), |(at, _)| at)]
}

/// A concept ready to look for from `source` into `target`: the words and
/// keys of each language, in that order.
fn prepare(
    concept: &Concept,
    (source, target): (&str, &str),
    (source_words, target_words): (&Words, &Words),
    (source_keys, target_keys): (&mut Keys, &mut Keys),
) -> Option<Prepared> {
    let mut source_terms: Vec<Sought> = concept
        .terms(source)
        .filter(|t| t.status.allowed())
        // A Fluent term's every variant is a way the source says it.
        .flat_map(|t| [&t.text].into_iter().chain(&t.forms))
        .filter_map(|text| Sought::new(text, source_words, source_keys))
        .collect();
    source_terms.dedup_by(|a, b| a.text == b.text);
    let mut allowed: Vec<Allowed> = concept
        .allowed(target)
        .map(|t| Allowed {
            text: t.text.clone(),
            status: t.status,
            words: target_words.split(&t.text),
            forms: t.forms.iter().map(|f| target_words.split(f)).filter(|w| !w.is_empty()).collect(),
        })
        .filter(|t| !t.words.is_empty())
        .collect();
    allowed.sort_by_key(|t| t.status);
    let forbidden: Vec<Sought> = concept
        .terms(target)
        .filter(|t| !t.status.allowed())
        .filter_map(|t| Sought::new(&t.text, target_words, target_keys))
        .collect();
    if source_terms.is_empty() && forbidden.is_empty() {
        return None;
    }
    let fluent_id = concept.id.starts_with('-').then(|| concept.id.clone());
    Some(Prepared {
        fluent_id,
        do_not_translate: concept.do_not_translate,
        source: source_terms,
        allowed,
        forbidden,
    })
}
