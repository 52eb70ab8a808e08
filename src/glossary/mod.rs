//! The glossary: concepts, each with its terms per language and their
//! status, read from the project's TBX files ([`tbx`]) and from its Fluent
//! terms, and found in text with inflection in mind ([`matcher`]).
//!
//! Rules: `glossary/project.tbx` (the manifest's `glossary`) is the
//! project's own, written deterministically (concepts by ID, languages by
//! tag); every other `.tbx` beside it is a read-only reference. A source
//! Fluent `-term` is a concept too, its translations' values and variants
//! its forms; one whose value is the same in every locale is not to be
//! translated. A term with no status counts as admitted.

pub mod matcher;
pub mod tbx;

use crate::diagnostic::Diagnostic;
use crate::ftl::{Catalog, EntryRef, LocaleCatalog};
use crate::intl::lang_matches;
use crate::project::Project;
use std::path::PathBuf;

pub use tbx::{TbxError, TbxVersion};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Glossary {
    pub concepts: Vec<Concept>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Concept {
    pub id: String,
    pub subject: Option<String>,
    pub definition: Option<String>,
    pub notes: Vec<String>,
    /// Its terms are the same in every language: a name or brand.
    pub do_not_translate: bool,
    /// Who first recorded it, and when (`YYYY-MM-DD`).
    pub origination: Option<(String, String)>,
    pub languages: Vec<Language>,
    /// Where it was read: a file and line, or a Fluent term.
    pub origin: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Language {
    /// The tag as the file writes it.
    pub lang: String,
    pub definition: Option<String>,
    pub terms: Vec<Term>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub status: Status,
    pub part_of_speech: Option<String>,
    pub term_type: Option<String>,
    pub context: Option<String>,
    pub notes: Vec<String>,
    /// Inflected forms written out (a Fluent term's variants), matched as
    /// they are, besides the inflection the matcher allows.
    pub forms: Vec<String>,
}

/// A term's administrative status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Preferred,
    Admitted,
    #[default]
    Unspecified,
    /// Forbidden: a translation must not use it.
    Deprecated,
    Superseded,
}

impl Status {
    /// Whether a translation may use the term.
    pub fn allowed(self) -> bool {
        matches!(self, Status::Preferred | Status::Admitted | Status::Unspecified)
    }

    /// TBX-Basic's picklist value.
    pub fn tbx(self) -> Option<&'static str> {
        match self {
            Status::Preferred => Some("preferredTerm-admn-sts"),
            Status::Admitted => Some("admittedTerm-admn-sts"),
            Status::Deprecated => Some("deprecatedTerm-admn-sts"),
            Status::Superseded => Some("supersededTerm-admn-sts"),
            Status::Unspecified => None,
        }
    }

    /// Reads TBX's values, the picklist's and the display forms tools write
    /// (`preferred`, `notRecommended`, `obsolete`, `forbidden`), and the
    /// older `normativeAuthorization`'s.
    pub fn parse(value: &str) -> Status {
        let value = value.trim().to_ascii_lowercase();
        let is = |words: &[&str]| words.iter().any(|w| value.starts_with(w));
        if is(&["preferred", "standardized", "legal", "regulated"]) {
            Status::Preferred
        } else if is(&["admitted"]) {
            Status::Admitted
        } else if is(&["deprecated", "notrecommended", "not recommended", "forbidden", "rejected"]) {
            Status::Deprecated
        } else if is(&["superseded", "obsolete"]) {
            Status::Superseded
        } else {
            Status::Unspecified
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Unspecified => "no status",
            Status::Deprecated => "forbidden",
            Status::Superseded => "superseded",
        }
    }
}

impl Concept {
    /// The terms in a language (its tag matched as the TMX reader does).
    pub fn terms<'c>(&'c self, lang: &'c str) -> impl Iterator<Item = &'c Term> + 'c {
        self.languages.iter().filter(move |l| lang_matches(lang, &l.lang)).flat_map(|l| &l.terms)
    }

    /// The terms a translation into `lang` may use.
    pub fn allowed<'c>(&'c self, lang: &'c str) -> impl Iterator<Item = &'c Term> + 'c {
        self.terms(lang).filter(|t| t.status.allowed())
    }
}

/// A project's glossary: its own file and the references beside it, and
/// its Fluent terms; what could not be read is an error among the
/// diagnostics.
pub struct Loaded {
    pub glossary: Glossary,
    pub diagnostics: Vec<Diagnostic>,
}

/// The project's own glossary file.
pub fn project_file(project: &Project) -> PathBuf {
    project.root.join(&project.manifest.glossary)
}

/// Every `.tbx` of the glossary folder, the project's own first, then the
/// references by name.
pub fn files(project: &Project) -> Vec<PathBuf> {
    let own = project_file(project);
    let mut references: Vec<PathBuf> = own
        .parent()
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tbx") && *p != own)
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    references.sort();
    own.exists().then_some(own).into_iter().chain(references).collect()
}

/// Reads the project's glossary: its TBX files, then its Fluent terms.
pub fn load(project: &Project, catalog: &Catalog<'_>) -> Loaded {
    let mut loaded = Loaded { glossary: Glossary::default(), diagnostics: Vec::new() };
    for path in files(project) {
        let shown = crate::fsx::shown(&project.root, &path);
        match tbx::read_file(&path) {
            Ok(mut read) => {
                for concept in &mut read.concepts {
                    concept.origin = format!("{shown}:{}", concept.origin);
                }
                loaded.glossary.concepts.extend(read.concepts);
            }
            Err(error) => loaded.diagnostics.push(error.diagnostic(&path, &shown)),
        }
    }
    loaded.glossary.concepts.extend(fluent_terms(catalog));
    loaded
}

/// The concepts of the source's Fluent terms: a term's value in each locale
/// (its default variant) is the term, every variant a form.
pub fn fluent_terms(catalog: &Catalog<'_>) -> Vec<Concept> {
    let source = catalog.source();
    let mut concepts = Vec::new();
    for resource in &source.resources {
        for (_, entry) in resource.entries() {
            let EntryRef::Term(_) = entry else { continue };
            let id = entry.id();
            let languages: Vec<Language> =
                catalog.locales.iter().filter_map(|locale| term_language(locale, entry.name())).collect();
            let Some(first) = languages.first() else { continue };
            let same = languages.len() == catalog.locales.len()
                && languages.iter().all(|l| l.terms[0].forms == first.terms[0].forms);
            concepts.push(Concept {
                id: id.to_string(),
                do_not_translate: same,
                origin: format!("{}: the Fluent term {id}", resource.file.path),
                languages,
                ..Concept::default()
            });
        }
    }
    concepts
}

/// A locale's value of the Fluent term `name`: its default text as the
/// term, each variant's text as a form; none when the locale lacks it or
/// its value is not plain text.
fn term_language(locale: &LocaleCatalog<'_>, name: &str) -> Option<Language> {
    let (_, entry) = locale.get(crate::ftl::EntryId { term: true, name })?;
    let value = entry.value()?;
    let (default, forms) = matcher::pattern_texts(value)?;
    let term = Term { text: default, status: Status::Preferred, forms, ..Term::default() };
    Some(Language { lang: locale.tag().to_string(), definition: None, terms: vec![term] })
}

/// The concepts a text holds (see [`Glossary::finder`]).
pub struct Finder<'g> {
    words: matcher::Words,
    /// Each concept with the words of its terms.
    terms: Vec<(&'g Concept, Vec<Vec<matcher::Word>>)>,
}

impl<'g> Finder<'g> {
    /// The concepts the text holds, each with the words it is found as, in
    /// the order they appear.
    pub fn found_in(&self, text: &str) -> Vec<(String, &'g Concept)> {
        let in_text = self.words.split(text);
        let mut found: Vec<(usize, String, &Concept)> = self
            .terms
            .iter()
            .filter_map(|(concept, terms)| {
                let at = terms.iter().find_map(|term| self.words.find(&in_text, term))?;
                Some((at.start, text[at].to_string(), *concept))
            })
            .collect();
        found.sort_by_key(|(at, ..)| *at);
        found.into_iter().map(|(_, words, concept)| (words, concept)).collect()
    }
}

/// Whether two terms are written the same, case aside.
fn same_text(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// What merging a file into the project's glossary did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Merged {
    pub added: usize,
    /// Concepts found already there, to which terms were added.
    pub extended: usize,
    pub unchanged: usize,
    /// What was left out, and why.
    pub skipped: Vec<String>,
}

impl Glossary {
    /// Merges `incoming` into this glossary, keeping the concepts in the
    /// `languages` given: the same concept (the same ID, or a term of the
    /// first language in common) is one entry; terms it has already are
    /// left as they are.
    pub fn merge(&mut self, incoming: Glossary, languages: &[&str], creator: Option<(&str, &str)>) -> Merged {
        let mut merged = Merged::default();
        for mut concept in incoming.concepts {
            concept.languages.retain(|l| languages.iter().any(|wanted| lang_matches(wanted, &l.lang)));
            for language in &mut concept.languages {
                let wanted =
                    languages.iter().find(|w| lang_matches(w, &language.lang)).copied().unwrap_or_default();
                language.lang = wanted.to_string();
                language.terms.retain(|t| !t.text.trim().is_empty());
            }
            concept.languages.retain(|l| !l.terms.is_empty());
            if concept.languages.is_empty() {
                let at = format!("`{}` (line {})", concept.id, concept.origin);
                merged.skipped.push(format!("{at}: no term in {}", languages.join(", ")));
                continue;
            }
            // IDs as the file writes them: `1875` is `c1875`, `a b` is `a-b`.
            concept.id = tbx::xml_id(&concept.id);
            let same = self.concepts.iter().position(|c| {
                tbx::xml_id(&c.id) == concept.id
                    || languages.first().is_some_and(|source| {
                        c.terms(source).any(|t| concept.terms(source).any(|u| same_text(&u.text, &t.text)))
                    })
            });
            match same {
                Some(at) => {
                    let existing = &mut self.concepts[at];
                    let before = existing.clone();
                    for language in concept.languages {
                        match existing.languages.iter_mut().find(|l| l.lang == language.lang) {
                            Some(mine) => {
                                for term in language.terms {
                                    if !mine.terms.iter().any(|t| same_text(&t.text, &term.text)) {
                                        mine.terms.push(term);
                                    }
                                }
                                if mine.definition.is_none() {
                                    mine.definition = language.definition;
                                }
                            }
                            None => existing.languages.push(language),
                        }
                    }
                    if *existing == before {
                        merged.unchanged += 1;
                    } else {
                        merged.extended += 1;
                    }
                }
                None => {
                    if let Some((by, date)) = creator {
                        concept.origination = Some((by.to_string(), date.to_string()));
                    }
                    concept.id = self.free_id(&concept.id);
                    self.concepts.push(concept);
                    merged.added += 1;
                }
            }
        }
        self.sort();
        merged
    }

    /// `id` if no concept has it, else it with the first free `-2`, `-3`….
    fn free_id(&self, id: &str) -> String {
        let taken = |candidate: &str| self.concepts.iter().any(|c| tbx::xml_id(&c.id) == candidate);
        if !taken(id) {
            return id.to_string();
        }
        (2..).map(|n| format!("{id}-{n}")).find(|c| !taken(c)).unwrap_or_default()
    }

    /// Concepts by ID and languages by tag, as the project's file keeps them.
    pub fn sort(&mut self) {
        self.concepts.sort_by(|a, b| a.id.cmp(&b.id));
        for concept in &mut self.concepts {
            concept.languages.sort_by(|a, b| a.lang.cmp(&b.lang));
        }
    }

    /// A finder of the concepts whose terms in `lang` (forbidden ones
    /// aside) a text holds, the terms cut into words once.
    pub fn finder(&self, lang: &str) -> Finder<'_> {
        let words = matcher::Words::new(lang);
        let terms = self
            .concepts
            .iter()
            .map(|c| {
                (c, c.terms(lang).filter(|t| t.status.allowed()).map(|t| words.split(&t.text)).collect())
            })
            .collect();
        Finder { words, terms }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_read_from_every_spelling_tools_write() {
        let cases = [
            ("preferredTerm-admn-sts", Status::Preferred),
            ("admitted", Status::Admitted),
            ("deprecatedTerm-admn-sts", Status::Deprecated),
            ("notRecommended", Status::Deprecated),
            ("supersededTerm", Status::Superseded),
            ("obsolete", Status::Superseded),
            ("standardizedTerm", Status::Preferred),
            (" Forbidden ", Status::Deprecated),
            ("whatever", Status::Unspecified),
        ];
        for (value, status) in cases {
            assert_eq!(Status::parse(value), status, "{value}");
        }
    }

    fn concept(id: &str, terms: &[(&str, &str)]) -> Concept {
        let mut languages: Vec<Language> = Vec::new();
        for (lang, text) in terms {
            let term = Term { text: text.to_string(), ..Term::default() };
            match languages.iter_mut().find(|l| l.lang == *lang) {
                Some(l) => l.terms.push(term),
                None => {
                    languages.push(Language { lang: lang.to_string(), definition: None, terms: vec![term] })
                }
            }
        }
        Concept { id: id.into(), languages, origin: "7".into(), ..Concept::default() }
    }

    #[test]
    fn merging_joins_the_same_concept_and_keeps_only_the_project_languages() {
        let mut mine = Glossary {
            concepts: vec![concept("eu", &[("fr", "Union européenne"), ("pl", "Unia Europejska")])],
        };
        let incoming = Glossary {
            concepts: vec![
                concept(
                    "1875",
                    &[("FR-fr", "union européenne"), ("en", "European Union"), ("de", "Europäische Union")],
                ),
                concept("c2", &[("de", "Stadtrat")]),
                concept("eu", &[("fr", "UE")]),
                concept("c3", &[("fr", "patrimoine"), ("en", "heritage")]),
            ],
        };
        let merged = mine.merge(incoming, &["fr", "pl", "en"], Some(("IATE", "2026-12-02")));
        assert_eq!((merged.added, merged.extended, merged.unchanged), (1, 2, 0));
        assert_eq!(merged.skipped, ["`c2` (line 7): no term in fr, pl, en"]);
        let ids: Vec<&str> = mine.concepts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c3", "eu"]);
        let eu = &mine.concepts[1];
        let texts: Vec<(&str, &str)> = eu
            .languages
            .iter()
            .flat_map(|l| l.terms.iter().map(move |t| (l.lang.as_str(), t.text.as_str())))
            .collect();
        assert_eq!(
            texts,
            [("en", "European Union"), ("fr", "Union européenne"), ("fr", "UE"), ("pl", "Unia Europejska")]
        );
        assert_eq!(mine.concepts[0].origination, Some(("IATE".into(), "2026-12-02".into())));
    }
}
