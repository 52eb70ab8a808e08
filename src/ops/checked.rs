//! A project checked once: its catalog parsed, every diagnostic found, its
//! memory loaded (through its cache) telling which translations are stale,
//! each target's exchange units extracted when first needed. What the
//! commands do next — editions, learning, XLIFF — starts from here.

use crate::approval::{self, Approvals, Day, Verdict};
use crate::check::{self, LoadedLayout};
use crate::diagnostic::{Diagnostic, Level, Position, Severity};
use crate::error::{Error, Result};
use crate::fsx::Transaction;
use crate::ftl::{Catalog, EntryId};
use crate::glossary::{self, Glossary};
use crate::layout::Layout;
use crate::model::{Flag, LocalizedDocument, Signoff, Status};
use crate::project::Project;
use crate::qa;
use crate::segment::{self, Units};
use crate::tm::leverage::{self, Stamp};
use crate::tm::{self, Memory, Unit};
use crate::ui;
use crate::xliff::{self, ExportOptions, Version};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

pub struct Checked<'p> {
    pub project: &'p Project,
    pub catalog: Catalog<'p>,
    pub layouts: Vec<LoadedLayout<'p>>,
    pub diagnostics: Vec<Diagnostic>,
    /// The memory, project and reference memories, loaded through its cache,
    /// unless it cannot be read, which is then an error among the diagnostics.
    pub memory: Option<Memory>,
    /// Each target locale's units, stale translations marked, extracted
    /// when first needed.
    units: Vec<(String, OnceLock<Units>)>,
    /// Each target locale's approvals; a file that cannot be read is an
    /// error among the diagnostics, and approves nothing.
    approvals: HashMap<String, Approvals>,
    /// Whether the project has an approvals file: only then does a review
    /// edition mark what is not approved.
    signs_off: bool,
    verdicts: approval::Verdicts,
    /// The project's glossary files and Fluent terms.
    pub glossary: Glossary,
}

/// The approvals of a locale whose file is absent or unreadable.
static NO_APPROVALS: Approvals = Approvals { by_id: BTreeMap::new() };

/// A locale left out of a document's outputs, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Skipped {
    pub document: String,
    pub locale: String,
    pub reason: String,
    /// Problems found only while formatting, beyond what `check` reported.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'p> Checked<'p> {
    pub fn run(project: &'p Project) -> Checked<'p> {
        Checked::with(project, Some(Memory::for_project(project)), None, None)
    }

    /// [`Checked::run`] with the dictionaries already read for the project
    /// (a watch's, kept from one round to the next).
    pub fn with_spellers(project: &'p Project, spellers: &qa::Spellers) -> Checked<'p> {
        Checked::with(project, Some(Memory::for_project(project)), Some(spellers), None)
    }

    /// The project checked for some locales' work, without its memory: no
    /// stale translation is told, and translation QA reads `tags` alone
    /// (the structural checks read every locale). What printing or
    /// approving a locale needs, which the memory cannot stop.
    pub fn for_locales(project: &'p Project, tags: &[&str]) -> Checked<'p> {
        Checked::with(project, None, None, Some(tags))
    }

    /// The project checked with a memory already loaded for it (the same
    /// project before a change, say), which is not read again.
    pub fn with_memory(project: &'p Project, memory: Memory) -> Checked<'p> {
        Checked::with(project, Some(Ok(memory)), None, None)
    }

    fn with(
        project: &'p Project,
        memory: Option<std::result::Result<Memory, tm::Error>>,
        spellers: Option<&qa::Spellers>,
        qa_only: Option<&[&str]>,
    ) -> Checked<'p> {
        let manifest = &project.manifest;
        let read_now;
        let spellers = match spellers {
            Some(spellers) => spellers,
            None => {
                let spelling = manifest.level("spelling") != Level::Off;
                read_now =
                    qa::Spellers::new(&project.root, manifest.locales(), Some(project.cache_dir()), spelling);
                &read_now
            }
        };
        let (catalog, layouts, mut diagnostics, glossary) = std::thread::scope(|scope| {
            // With spelling on, the dictionaries load while the files are
            // parsed and checked.
            if manifest.level("spelling") != Level::Off {
                let wanted = |index: usize| {
                    let tag = manifest.locales().nth(index).map(|l| l.tag.as_str());
                    qa_only.is_none_or(|only| tag.is_some_and(|tag| only.contains(&tag)))
                };
                for index in spellers.indices().filter(|&index| wanted(index)) {
                    scope.spawn(move || spellers.get(index));
                }
            }
            let catalog = Catalog::parse(project);
            let layouts: Vec<_> = project.documents.iter().map(LoadedLayout::parse).collect();
            // The structural checks and QA read the same catalog: at once.
            let (mut diagnostics, loaded, found) = std::thread::scope(|inner| {
                let structural = inner.spawn(|| check::check(&catalog, &layouts));
                let loaded = glossary::load(project, &catalog);
                let found = qa::check(&catalog, manifest, spellers, &loaded.glossary, qa_only);
                let diagnostics = structural.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (diagnostics, loaded, found)
            });
            diagnostics.extend(loaded.diagnostics);
            diagnostics.extend(found);
            spellers.save();
            (catalog, layouts, diagnostics, loaded.glossary)
        });
        let targets: Vec<&str> = manifest.targets.iter().map(|l| l.tag.as_str()).collect();
        let memory = match memory {
            Some(Ok(memory)) => Some(memory),
            Some(Err(error)) => {
                diagnostics.push(memory_diagnostic(&project.root, &manifest.tm, &error));
                None
            }
            None => None,
        };
        let units: Vec<(String, OnceLock<Units>)> =
            targets.iter().map(|t| (t.to_string(), OnceLock::new())).collect();
        if let Some(memory) = memory.as_ref().filter(|m| !m.project().is_empty()) {
            for (target, slot) in &units {
                let Ok(mut extracted) = Units::extract(&catalog, target, &HashMap::new()) else { continue };
                let stale = leverage::stale(memory.project(), &extracted);
                diagnostics.extend(check::stale(&catalog, target, &stale));
                extracted.mark_stale(&stale);
                let _ = slot.set(extracted);
            }
        }
        let mut approvals = HashMap::new();
        let signs_off = targets.iter().any(|tag| approval::path(&project.root, tag).exists());
        for tag in targets {
            match Approvals::load(&project.root, tag) {
                Ok(read) => drop(approvals.insert(tag.to_string(), read)),
                Err(Error::Invalid(problems)) => diagnostics.extend(problems),
                Err(other) => diagnostics.push(
                    Diagnostic::error("approvals", other.to_string()).in_file(&approval::relative_path(tag)),
                ),
            }
        }
        let verdicts = approval::Verdicts::default();
        Checked {
            project,
            catalog,
            layouts,
            diagnostics,
            memory,
            units,
            approvals,
            signs_off,
            verdicts,
            glossary,
        }
    }

    /// A target locale's approvals, as its file holds them.
    pub fn approvals(&self, target: &str) -> &Approvals {
        self.approvals.get(target).unwrap_or(&NO_APPROVALS)
    }

    /// Whether the translation of the message `id` into `target` is
    /// approved as both texts now stand; `None` when either locale lacks it.
    pub fn verdict(&self, target: &str, id: &str) -> Option<Verdict<'_>> {
        let locale = self.catalog.locales.iter().find(|l| l.tag() == target)?;
        self.verdicts.verdict(self.approvals(target), self.catalog.source(), locale, id)
    }

    /// The units of a target locale, stale translations marked.
    pub fn units(&self, target: &str) -> Result<&Units> {
        let (_, slot) = self.units.iter().find(|(t, _)| t == target).ok_or_else(|| Error::UnknownTarget {
            requested: target.to_string(),
            known: self.units.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", "),
        })?;
        if let Some(units) = slot.get() {
            return Ok(units);
        }
        let units = Units::extract(&self.catalog, target, &HashMap::new())?;
        Ok(slot.get_or_init(|| units))
    }

    /// The memory, or the diagnostic that says why it cannot be read.
    pub fn memory(&self) -> Result<&Memory> {
        self.memory.as_ref().ok_or_else(|| {
            Error::Invalid(self.diagnostics.iter().filter(|d| d.code == "tmx").cloned().collect())
        })
    }

    /// Records into the project memory every current pair of source and
    /// translation it lacks, stale translations excepted, and stages it in
    /// `transaction` when it grew. How many pairs it learnt; none when the memory could not be
    /// read (`check` reports why).
    pub fn learn(&mut self, stamp: &Stamp, transaction: &mut Transaction) -> Result<usize> {
        let mut learnt = Vec::new();
        if let Some(memory) = &self.memory {
            for target in &self.project.manifest.targets {
                let units = self.units(&target.tag)?;
                let sound = self.sound(&target.tag);
                learnt.extend(leverage::to_learn(memory.project(), units, &sound, self.source_tag(), stamp));
            }
        }
        self.remember(learnt, transaction)
    }

    /// Whether a unit of a `target` file (by its name in the locale's
    /// folder) is free of errors: the memory learns no other, so that a
    /// broken translation never comes back as a match.
    fn sound(&self, target: &str) -> impl Fn(&str, &segment::Unit) -> bool + use<'_> {
        let dir = self.project.locale(target).map(|l| l.dir.clone()).unwrap_or_default();
        let faulty: HashSet<(&str, &str)> = self
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.locale.as_deref() == Some(target))
            .filter_map(|d| Some((d.file.strip_prefix(&dir)?.strip_prefix('/')?, d.id.as_deref()?)))
            .collect();
        move |file: &str, unit: &segment::Unit| !faulty.contains(&(file, unit.id.entry.as_str()))
    }

    /// Records the current pairs of the units `ids` name in `target` (unit or
    /// entry IDs, in a file or in any), which a translator found still right
    /// though stale.
    pub fn confirm(
        &mut self,
        target: &str,
        ids: &[(Option<String>, String)],
        stamp: &Stamp,
        transaction: &mut Transaction,
    ) -> Result<usize> {
        self.project.target(target)?;
        if self.memory.is_none() {
            return Err(Error::Refused(format!(
                "{} cannot be read: run `fluentpress check`",
                self.project.manifest.tm
            )));
        }
        let units = self.units(target)?;
        let confirmed = leverage::to_confirm(units, ids, &self.sound(target), self.source_tag(), stamp)
            .map_err(|unknown| {
                Error::Refused(format!("no translation in {target} has the ID {}", unknown.join(", ")))
            })?;
        self.remember(confirmed, transaction)
    }

    /// The XLIFF of `units` (see [`Checked::units`] and [`xliff::export`]),
    /// with the matches `memory` has for each unit that needs work; `None`
    /// when there is no unit to export.
    pub fn export_xliff(
        &self,
        memory: Option<&Memory>,
        units: &Units,
        request: &XliffRequest,
    ) -> Result<Option<String>> {
        let target = units.target.as_str();
        let mut matches = HashMap::new();
        if let Some(memory) = memory {
            let searcher = memory.searcher();
            for (file, unit) in units.needing_work() {
                let id = unit.id.to_string();
                let query = leverage::query_for(file, unit, &id, target, 3);
                let found: Vec<segment::Match> = searcher
                    .lookup(&query)
                    .into_iter()
                    .map(|m| segment::Match {
                        score: m.score,
                        source: m.source,
                        target: m.target,
                        origin: m.origin.to_string(),
                    })
                    .collect();
                if !found.is_empty() {
                    matches.insert((file.to_string(), id), found);
                }
            }
        }
        let XliffRequest { version, all, copy_source } = *request;
        // The units carry their stale marks already.
        let stale = HashMap::new();
        let glossary = Some(&self.glossary);
        let options = ExportOptions { version, all, matches: &matches, stale: &stale, copy_source, glossary };
        Ok(xliff::export_units(units, &options)?)
    }

    fn source_tag(&self) -> &str {
        &self.project.manifest.source.tag
    }

    /// Merges units into the project memory and stages it when it changed.
    fn remember(&mut self, units: Vec<Unit>, transaction: &mut Transaction) -> Result<usize> {
        let Some(memory) = self.memory.as_mut().filter(|_| !units.is_empty()) else { return Ok(0) };
        let stats = memory.merge(units);
        if stats.added + stats.updated > 0 {
            memory.save(&self.project.root, &self.project.manifest.source.tag, transaction)?;
        }
        Ok(stats.added + stats.updated)
    }

    /// The editions of a document in the given locales that are fit to print:
    /// no error in the locale, and none in the layout. The others are skipped.
    pub fn editions(
        &self,
        layout: &LoadedLayout<'p>,
        tags: &[&str],
    ) -> (Vec<LocalizedDocument>, Vec<Skipped>) {
        let name = &layout.document.spec.name;
        let layout_path = &layout.document.layout.path;
        let mut editions = Vec::new();
        let mut skipped = Vec::new();
        let mut skip = |locale: &str, reason: String, diagnostics| {
            skipped.push(Skipped { document: name.clone(), locale: locale.to_string(), reason, diagnostics })
        };
        for files in self.project.locales.iter().filter(|l| tags.contains(&l.locale.tag.as_str())) {
            let tag = files.locale.tag.as_str();
            let Ok(parsed) = &layout.layout else {
                skip(tag, format!("{layout_path} has errors"), Vec::new());
                continue;
            };
            let errors: Vec<&Diagnostic> = self
                .diagnostics
                .iter()
                .filter(|d| {
                    d.is_error()
                        && (d.locale.as_deref() == Some(tag)
                            || (d.locale.is_none() && &d.file == layout_path))
                })
                .collect();
            if !errors.is_empty() {
                skip(tag, error_summary(&errors, parsed), Vec::new());
                continue;
            }
            match LocalizedDocument::build(name, parsed, files) {
                Ok(edition) => editions.push(edition),
                Err(problems) => {
                    skip(tag, format!("{} message(s) cannot be formatted", problems.len()), problems)
                }
            }
        }
        (editions, skipped)
    }

    /// The editions of [`Self::editions`] fit for an official print: in a
    /// target locale, every message the layout uses is approved as both its
    /// texts now stand, and the edition is signed (colophon and metadata).
    /// A locale with one unapproved message is skipped, each such message
    /// an error at its definition that says why.
    pub fn official_editions(
        &self,
        layout: &LoadedLayout<'p>,
        tags: &[&str],
    ) -> (Vec<LocalizedDocument>, Vec<Skipped>) {
        let (editions, mut skipped) = self.editions(layout, tags);
        let Ok(parsed) = &layout.layout else { return (editions, skipped) };
        let mut seen = HashSet::new();
        let ids: Vec<&str> =
            parsed.message_refs().map(|m| m.id.as_str()).filter(|id| seen.insert(*id)).collect();
        let mut signed = Vec::new();
        for mut edition in editions {
            let tag = edition.locale.tag.clone();
            if tag == self.source_tag() {
                signed.push(edition);
                continue;
            }
            let mut approvers: BTreeMap<&str, Day> = BTreeMap::new();
            let mut unapproved = Vec::new();
            for id in &ids {
                match self.verdict(&tag, id) {
                    Some(Verdict::Approved(a)) => {
                        let latest = approvers.entry(&a.by).or_insert(a.date);
                        *latest = (*latest).max(a.date);
                    }
                    verdict => unapproved.push(self.unapproved(&tag, id, verdict.unwrap_or(Verdict::Never))),
                }
            }
            if unapproved.is_empty() {
                let approvers: Vec<(String, Day)> =
                    approvers.into_iter().map(|(by, day)| (by.to_string(), day)).collect();
                let colophon = ui::Words::new(&edition.locale.format.to_string()).colophon(&approvers);
                edition.sign(Signoff { approvers, colophon });
                signed.push(edition);
            } else {
                let listed: Vec<&str> = unapproved.iter().filter_map(|d| d.id.as_deref()).collect();
                let reason = format!("{} message(s) not approved: {}", listed.len(), listed.join(", "));
                let document = edition.name.clone();
                skipped.push(Skipped { document, locale: tag, reason, diagnostics: unapproved });
            }
        }
        (signed, skipped)
    }

    /// The error that keeps an unapproved message from an official print,
    /// at its definition in the target.
    fn unapproved(&self, target: &str, id: &str, verdict: Verdict<'_>) -> Diagnostic {
        let message = format!("`{id}` is not approved in {target}: {verdict}");
        let diagnostic = Diagnostic::error("unapproved", message).locale(target).id(id);
        let locale = self.catalog.locales.iter().find(|l| l.tag() == target);
        let diagnostic = match locale.and_then(|l| l.get(EntryId { term: false, name: id })) {
            Some((resource, entry)) => {
                diagnostic.at(&resource.file.path, &resource.file.text, resource.id_span(&entry))
            }
            None => diagnostic.in_file(&approval::relative_path(target)),
        };
        diagnostic.note(format!(
            "read it in the review edition (fluentpress build --review), then: fluentpress approve --locale {target} {id}"
        ))
    }

    /// Every locale's edition for review: each message in its state —
    /// missing, broken or sound — the source first.
    pub fn review_editions(&self, name: &str, layout: &Layout) -> Vec<LocalizedDocument> {
        let mut editions: Vec<LocalizedDocument> = Vec::new();
        for (files, catalog) in self.project.locales.iter().zip(&self.catalog.locales) {
            let tag = files.locale.tag.as_str();
            let mut statuses = HashMap::new();
            for reference in layout.message_refs() {
                let id = EntryId { term: false, name: &reference.id };
                let about = |d: &&Diagnostic| {
                    d.locale.as_deref() == Some(tag) && d.id.as_deref() == Some(&reference.id)
                };
                let mut findings: Vec<&Diagnostic> = self
                    .diagnostics
                    .iter()
                    .filter(about)
                    .filter(|d| d.allowed.is_none() && d.severity != Severity::Note)
                    .collect();
                findings.sort_by_key(|d| !d.is_error());
                let mut flags: Vec<Flag> = findings.into_iter().map(flag).collect();
                let approved = |v: Option<Verdict<'_>>| matches!(v, Some(Verdict::Approved(_)));
                if self.signs_off && tag != self.source_tag() && !approved(self.verdict(tag, &reference.id)) {
                    let code = ui::UNAPPROVED.to_string();
                    flags.push(Flag { error: false, code, excerpt: None, changes: Vec::new() });
                }
                let status = match flags.is_empty() {
                    _ if !catalog.contains(id) => Status::Missing,
                    true => continue,
                    false => Status::Flagged(flags),
                };
                statuses.insert(reference.id.clone(), status);
            }
            let edition =
                LocalizedDocument::build_for_review(name, layout, files, editions.first(), &statuses);
            editions.push(edition);
        }
        editions
    }
}

/// How many characters of the text a review mark quotes at most.
const EXCERPT: usize = 40;

/// A diagnostic as a review edition marks it: its code and the text it
/// points at, not its English message.
fn flag(diagnostic: &Diagnostic) -> Flag {
    let excerpt = diagnostic.position.as_ref().and_then(|p| {
        let at: String = p.line_text.chars().skip(p.column - 1).take(p.width.max(1)).collect();
        let at = at.trim();
        // Fluent syntax is no text to quote, nor one letter of a word (a
        // number missing is placed at the text's start): such a finding is
        // named alone.
        let one_letter = at.chars().count() == 1 && at.chars().all(char::is_alphanumeric);
        let quotable = !at.is_empty() && !at.contains('{') && !one_letter && diagnostic.code != "stale";
        quotable.then(|| match at.char_indices().nth(EXCERPT) {
            Some((cut, _)) => format!("{}…", &at[..cut]),
            None => at.to_string(),
        })
    });
    let changes = diagnostic.changes.clone();
    Flag { error: diagnostic.is_error(), code: diagnostic.code.to_string(), excerpt, changes }
}

/// A memory that cannot be read, as an error of `check`: at its place in
/// the file when there is one.
fn memory_diagnostic(root: &std::path::Path, project_memory: &str, error: &tm::Error) -> Diagnostic {
    let tm::Error::File { path, source } = error else {
        return Diagnostic::error("tmx", error.to_string()).in_file(project_memory);
    };
    let tm::Error::Malformed { line, column, problem } = source.as_ref() else {
        return Diagnostic::error("tmx", error.to_string()).in_file(project_memory);
    };
    let file = crate::fsx::shown(root, path);
    let position = Position::in_file(path, *line, *column);
    Diagnostic { position: Some(position), ..Diagnostic::error("tmx", problem.to_string()).in_file(&file) }
}

/// "3 errors; missing: a, b": the count, and the layout's messages that the
/// locale lacks, which is what keeps most editions from print.
fn error_summary(errors: &[&Diagnostic], layout: &crate::layout::Layout) -> String {
    let count = match errors.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    let missing: Vec<&str> = layout
        .message_refs()
        .map(|m| m.id.as_str())
        .filter(|id| {
            errors.iter().any(|d| d.code == "layout-missing-translation" && d.id.as_deref() == Some(id))
        })
        .collect();
    if missing.is_empty() { count } else { format!("{count}; missing: {}", missing.join(", ")) }
}

/// What an XLIFF export is to hold (see [`ExportOptions`]).
#[derive(Clone, Copy, Debug)]
pub struct XliffRequest {
    pub version: Version,
    pub all: bool,
    pub copy_source: bool,
}
