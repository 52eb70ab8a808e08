//! Import: every unit read from an XLIFF file is checked against the project
//! and the accepted translations are spliced into the target files.
//!
//! A unit applies only if its ID names a part of an entry of the source file
//! its `<file original>` names, its source is still the current source (else
//! it is a conflict, applied only when forced), the file says a person
//! confirmed its target (see [`ReadUnit::confirmed`]), and its target holds
//! the codes of its source (or of the current translation, whose codes are
//! the translator's): none dropped, invented or duplicated, each still the
//! same variable, term or message.
//!
//! A translation that exists is edited in place: each changed variant's
//! value is replaced, a variant or attribute it lacks is inserted (variants
//! in CLDR order), and its selectors, default markers, other variants and
//! comments keep their bytes; what cannot be put in place so is refused, never
//! rewritten. A new entry is written whole (selects with the source's shape in
//! the target's plural categories) after its nearest source-order neighbour
//! present in the file; a missing file is created. Every other byte stays.
//!
//! Planning writes nothing: [`stage_changes`] stages a plan's files for a
//! transaction that writes them all or nothing, and [`FileChange::diff`]
//! shows what a dry run would do.

use super::XliffError;
use super::read::{self, FileInfo, ReadUnit, Refusal, Visitor};
use crate::fsx::Transaction;
use crate::ftl::{self, Catalog, EntryRef, LocaleCatalog, ParsedResource};
use crate::intl::Plurals;
use crate::segment::units::{self, EntryPlan, PatternPlan};
use crate::segment::{self, Code, EntrySpec, Inline, Parts, PatternSpec, Segment, Shape};
use crate::segment::{StaleKey, UnitId, Units, plural};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::{Read, Seek};
use std::path::Path;

#[derive(Clone, Copy, Debug, Default)]
pub struct ImportOptions {
    /// Apply units whose source changed since the export.
    pub force: bool,
    /// The caller names the target locale, for a file that names none.
    pub target_given: bool,
}

/// A unit that was not simply applied, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitReport {
    /// The `original` of the unit's `<file>`.
    pub file: String,
    pub unit: String,
    pub reason: String,
}

impl fmt::Display for UnitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.unit, self.reason)
    }
}

/// What an import did with each unit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// `file: unit` of every unit written.
    pub applied: Vec<String>,
    /// The units written, by file and ID (`main.ftl`, `msg[one]`), for the memory.
    pub applied_ids: Vec<StaleKey>,
    pub unchanged: Vec<String>,
    /// Units whose source changed; with `force` they are applied as well.
    pub conflicts: Vec<UnitReport>,
    /// Whether the conflicts were applied (`--force`).
    pub forced: bool,
    /// The first [`MAX_REJECTED`] rejected units; the rest are counted.
    pub rejected: Vec<UnitReport>,
    pub rejected_omitted: usize,
    /// Units without a target, or with the state `new`.
    pub skipped: Vec<UnitReport>,
    /// Applied units a translator should look at again.
    pub warnings: Vec<UnitReport>,
}

/// How many rejected units a summary lists: a huge file of units foreign to
/// the project must not fill memory with reports.
pub const MAX_REJECTED: usize = 1000;

impl Summary {
    /// True when the whole file applied: nothing rejected, and no conflict
    /// left out (a command exits with 1 otherwise, so that a script sees
    /// that some of the agency's work is not in the `.ftl` files).
    pub fn is_clean(&self) -> bool {
        self.rejected.is_empty() && self.rejected_omitted == 0 && (self.forced || self.conflicts.is_empty())
    }

    fn reject(&mut self, report: UnitReport) {
        if self.rejected.len() < MAX_REJECTED {
            self.rejected.push(report);
        } else {
            self.rejected_omitted += 1;
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "applied {}, unchanged {}, conflicts {}, rejected {}, skipped {}",
            self.applied.len(),
            self.unchanged.len(),
            self.conflicts.len(),
            self.rejected.len() + self.rejected_omitted,
            self.skipped.len()
        )?;
        for (label, reports) in [
            ("conflict", &self.conflicts),
            ("rejected", &self.rejected),
            ("skipped", &self.skipped),
            ("warning", &self.warnings),
        ] {
            for report in reports {
                writeln!(f, "{label}: {report}")?;
            }
        }
        if self.rejected_omitted > 0 {
            writeln!(f, "rejected: {} more units", self.rejected_omitted)?;
        }
        Ok(())
    }
}

/// A target file's new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// Relative to the project root: `locales/pl/resolution.ftl`.
    pub path: String,
    /// `None` when the file is created.
    pub before: Option<String>,
    pub after: String,
    edits: Vec<Edit>,
}

/// Bytes `start..end` of the old text become `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPlan {
    pub changes: Vec<FileChange>,
    pub summary: Summary,
    /// The tool that wrote the file, as its first `<file>` says (XLIFF 1.2's `tool-id`).
    pub tool: Option<String>,
}

/// Reads an XLIFF for the `target` locale and plans the changes to its files.
pub fn plan_import(
    catalog: &Catalog<'_>,
    target: &str,
    input: impl Read + Seek,
    options: &ImportOptions,
) -> Result<ImportPlan, XliffError> {
    let (units, plans) = units::extract(catalog, target)?;
    let locale = units::target_locale(catalog, target)?;
    let mut importer = Importer::new(&units, &plans, options.force);
    importer.summary.forced = options.force;
    importer.target_given = options.target_given;
    importer.varying_terms = varying_terms(locale);
    read::read(input, &mut importer)?;
    let Importer { accepted, mut summary, tool, .. } = importer;
    let plurals = Plurals::new(&locale.files.locale.format);
    let entries = assemble(&units, &plans, locale, &plurals.categories, accepted, &mut summary);
    let mut changes = Vec::new();
    let mut by_file: BTreeMap<usize, Vec<(usize, Written)>> = BTreeMap::new();
    for (plan, text) in entries {
        by_file.entry(plans[plan].file).or_default().push((plan, text));
    }
    for (file, entries) in by_file {
        let name = &units.files[file].name;
        let path = format!("{}/{name}", locale.files.dir);
        changes.push(splice(path, locale.resource(name), &plans, file, entries)?);
    }
    Ok(ImportPlan { changes, summary, tool })
}

/// Stages every changed file in `transaction` (see [`Transaction`]): the
/// caller commits them, with the memory that learns them, all or nothing.
pub fn stage_changes(
    root: &Path,
    changes: &[FileChange],
    transaction: &mut Transaction,
) -> crate::error::Result<()> {
    for change in changes {
        transaction.stage(&root.join(&change.path), |out| out.write_all(change.after.as_bytes()))?;
    }
    Ok(())
}

/// A unit that passed its checks, waiting for its entry to be assembled.
struct Accepted {
    /// The unit's file in the locale folders.
    file: String,
    id: UnitId,
    shown: String,
    target: Segment,
}

struct Importer<'x> {
    units: &'x Units,
    force: bool,
    /// A file without a target language is taken as the caller's target's.
    target_given: bool,
    /// (file, unit ID) → (unit index in its file, plan index).
    index: HashMap<(usize, UnitId), (usize, usize)>,
    /// The XLIFF file being read: its name and the source file it maps to.
    file: Option<(String, Option<usize>)>,
    /// The tool the first `<file>` names.
    tool: Option<String>,
    seen: HashSet<(usize, UnitId)>,
    accepted: BTreeMap<usize, Vec<Accepted>>,
    summary: Summary,
    /// The target's terms whose value selects on an argument (`-city` on
    /// `$case`), by ID with its `-`: the argument a translation must give.
    varying_terms: HashMap<String, String>,
}

impl<'x> Importer<'x> {
    fn new(units: &'x Units, plans: &[EntryPlan<'_, '_>], force: bool) -> Self {
        let by_entry: HashMap<(usize, String), usize> =
            plans.iter().enumerate().map(|(n, p)| ((p.file, p.id.to_string()), n)).collect();
        let mut index = HashMap::new();
        for (f, file) in units.files.iter().enumerate() {
            for (u, unit) in file.units.iter().enumerate() {
                if let Some(&plan) = by_entry.get(&(f, unit.id.entry.clone())) {
                    index.insert((f, unit.id.clone()), (u, plan));
                }
            }
        }
        Importer {
            units,
            force,
            target_given: false,
            index,
            file: None,
            tool: None,
            seen: HashSet::new(),
            accepted: BTreeMap::new(),
            summary: Summary::default(),
            varying_terms: HashMap::new(),
        }
    }

    fn report(&self, unit: &str, reason: impl Into<String>) -> UnitReport {
        let file = self.file.as_ref().map(|(name, _)| name.clone()).unwrap_or_default();
        UnitReport { file, unit: unit.to_string(), reason: reason.into() }
    }
}

/// An `original` that stays inside the locale folder: relative, without
/// `.` or `..` steps, a `.ftl` file.
fn safe_name(original: &str) -> bool {
    original.ends_with(".ftl")
        && !original.starts_with('/')
        && !original.contains(['\\', ':', '\0'])
        && original.split('/').all(|step| !matches!(step, "" | "." | ".."))
}

impl Visitor for Importer<'_> {
    fn file(&mut self, file: &FileInfo) -> Result<(), Refusal> {
        let (source, target) = (&self.units.source, &self.units.target);
        if !file.source_language.eq_ignore_ascii_case(source) {
            return Err(Refusal::SourceLanguage {
                found: file.source_language.clone(),
                expected: source.clone(),
            });
        }
        match &file.target_language {
            Some(t) if t.eq_ignore_ascii_case(target) => {}
            Some(t) => return Err(Refusal::TargetLanguage { found: t.clone(), expected: target.clone() }),
            None if self.target_given => {}
            None => return Err(Refusal::NoTargetLanguage { expected: target.clone() }),
        }
        let Some(original) = &file.original else { return Err(Refusal::NoOriginal) };
        if !safe_name(original) {
            return Err(Refusal::OutsideLocales(original.clone()));
        }
        let index = self.units.files.iter().position(|f| &f.name == original);
        if self.tool.is_none() {
            self.tool.clone_from(&file.tool);
        }
        self.file = Some((original.clone(), index));
        Ok(())
    }

    fn unit(&mut self, read: ReadUnit) -> Result<(), Refusal> {
        let shown = read.name.clone().unwrap_or_else(|| read.id.clone());
        let Some((name, Some(file))) = self.file.clone() else {
            let name = self.file.as_ref().map(|(n, _)| n.clone()).unwrap_or_default();
            let report = self.report(&shown, format!("the source locale has no file {name}"));
            self.summary.reject(report);
            return Ok(());
        };
        let id = UnitId::parse(&read.id).or_else(|| read.name.as_deref().and_then(UnitId::parse));
        let found = id.and_then(|id| Some((self.index.get(&(file, id.clone()))?, id)));
        let Some((&(unit_index, plan), id)) = found else {
            let report = self.report(&shown, format!("no message part of {name} has this ID"));
            self.summary.reject(report);
            return Ok(());
        };
        let shown = id.to_string();
        if !self.seen.insert((file, id.clone())) {
            let report = self.report(&shown, "the unit appears twice");
            self.summary.reject(report);
            return Ok(());
        }
        let unit = &self.units.files[file].units[unit_index];
        if read.source.pieces(Some(&unit.source)).as_ref() != unit.source.pieces(None).as_ref() {
            let reason = format!(
                "the source changed since the export: the file has “{}”, the project “{}”",
                read.source.plain_text(),
                unit.source.plain_text()
            );
            let forced = self.force;
            let report = self
                .report(&shown, if forced { format!("{reason} (imported with --force)") } else { reason });
            self.summary.conflicts.push(report);
            if !forced {
                return Ok(());
            }
        }
        if read.incomplete {
            let report = self.report(&shown, "some segments have a target and others not");
            self.summary.reject(report);
            return Ok(());
        }
        let confirmed = read.confirmed();
        let Some(mut target) = read.target else {
            let report = self.report(&shown, "no target");
            self.summary.skipped.push(report);
            return Ok(());
        };
        if let Some(state) = read.state.as_deref().filter(|_| !confirmed) {
            let report = self.report(&shown, format!("state `{state}`: not confirmed by a translator"));
            self.summary.skipped.push(report);
            return Ok(());
        }
        target.resolve_codes(&unit.source);
        if let Some(current) = &unit.target {
            target.resolve_codes(current);
        }
        if unit.target.as_ref().is_some_and(|t| t.pieces(None) == target.pieces(None)) {
            self.summary.unchanged.push(format!("{name}: {shown}"));
            return Ok(());
        }
        // CAT tools copy the source into the targets they leave untranslated.
        if unit.target.is_none() && target.pieces(None) == unit.source.pieces(None) {
            let report = self.report(&shown, "the target repeats the source: not translated");
            self.summary.skipped.push(report);
            return Ok(());
        }
        if let Err(reason) = codes_match(&unit.source, unit.target.as_ref(), &target) {
            let report = self.report(&shown, reason);
            self.summary.reject(report);
            return Ok(());
        }
        // A CAT tool cannot edit a code: it writes the source's term
        // reference back, without the case the target's grammar needs.
        for code in target.codes() {
            let Some(fluent) = code.fluent() else { continue };
            let copied = unit.source.codes().any(|c| c.fluent() == Some(fluent));
            let term = segment::identity(fluent).filter(|_| copied && !fluent.contains('('));
            if let Some(argument) = term.as_ref().and_then(|t| self.varying_terms.get(t)) {
                let reason = format!(
                    "`{fluent}` is the source's reference, but the {} term varies by ${argument}: \
                     give it the one this sentence needs in the .ftl file",
                    self.units.target
                );
                self.summary.warnings.push(self.report(&shown, reason));
            }
        }
        self.accepted.entry(plan).or_default().push(Accepted {
            file: name.clone(),
            id,
            shown: format!("{name}: {shown}"),
            target,
        });
        Ok(())
    }
}

/// The terms of `locale` whose value selects on a variable, with it.
fn varying_terms(locale: &crate::ftl::LocaleCatalog<'_>) -> HashMap<String, String> {
    let mut varying = HashMap::new();
    for resource in &locale.resources {
        for entry in &resource.ast.body {
            let Entry::Term(term) = entry else { continue };
            let selects_on = term.value.elements.iter().find_map(|element| match element {
                PatternElement::Placeable {
                    expression:
                        Expression::Select { selector: InlineExpression::VariableReference { id }, .. },
                } => Some(id.name.to_string()),
                _ => None,
            });
            if let Some(variable) = selects_on {
                varying.insert(format!("-{}", term.id.name), variable);
            }
        }
    }
    varying
}

/// The target holds each code of the source once, and nothing else; each
/// still refers to what the source's does. The codes of the `current`
/// translation are the translator's: one the source lacks may stay, and one
/// of the source's that the translation already leaves out may stay out.
fn codes_match(source: &Segment, current: Option<&Segment>, target: &Segment) -> Result<(), String> {
    let refers = |c: &Code| c.fluent().and_then(segment::identity);
    let current_codes = || current.into_iter().flat_map(Segment::codes);
    let shown = |code: &Code| code.fluent().unwrap_or("{ … }").to_string();
    let mut problems = Vec::new();
    for inline in target.inlines() {
        if let Inline::Foreign(name) = inline {
            problems.push(format!("has a <{name}> element, which is no code of the source"));
        }
    }
    let source_text = source.plain_text();
    for inline in target.inlines() {
        if let Inline::Text(text) = inline
            && let Some(shortcut) = tag_shortcuts(text).find(|s| !source_text.contains(s))
        {
            problems
                .push(format!("holds `{shortcut}`, a tag shortcut written as text where a code was lost"));
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for code in target.codes() {
        *counts.entry(code.id.as_str()).or_default() += 1;
    }
    for code in source.codes() {
        match counts.get(code.id.as_str()).copied().unwrap_or_default() {
            0 if current.is_some() && !current_codes().any(|c| c.id == code.id) => {}
            0 => problems.push(format!("drops the code {} `{}`", code.id, shown(code))),
            1 => {}
            _ => problems.push(format!("duplicates the code {} `{}`", code.id, shown(code))),
        }
    }
    let mut invented = HashSet::new();
    for code in target.codes() {
        let translators = || current_codes().find(|c| c.id == code.id && refers(c) == refers(code));
        match source.codes().find(|c| c.id == code.id) {
            None if translators().is_some() => {}
            None if invented.insert(code.id.as_str()) => {
                problems.push(format!("invents the code {} `{}`", code.id, shown(code)))
            }
            Some(original) if refers(code).is_none() || refers(code) != refers(original) => {
                problems.push(format!(
                    "changes the code {} `{}` into `{}`",
                    code.id,
                    shown(original),
                    shown(code)
                ));
            }
            None | Some(_) => {}
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(format!("the target {}", problems.join("; "))) }
}

/// What looks like a CAT tool's tag shortcut in text, such as OmegaT's
/// `<n0/>`, `<g1>` or `</g1>`: one or two letters, then digits.
fn tag_shortcuts(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('<').filter_map(|(at, _)| {
        let rest = &text[at + 1..];
        let end = rest.find('>')?;
        let inner = rest[..end].trim_start_matches('/').trim_end_matches('/');
        let letters = inner.bytes().take_while(u8::is_ascii_alphabetic).count();
        let digits = &inner[letters..];
        let shortcut =
            (1..=2).contains(&letters) && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        shortcut.then(|| &text[at..at + end + 2])
    })
}

/// An entry's new text.
enum Written {
    /// Written anew from its parts, with `\n` line ends.
    Whole(String),
    /// The translation's own bytes (its line ends too) with only the
    /// accepted variants changed or added.
    Edited(String),
}

/// Each entry with accepted units, written as Fluent (by plan index); the
/// units of an entry that cannot be written are rejected with the reason.
/// An entry already translated is edited in place where it can be (see
/// [`edited_entry`]), else written anew.
fn assemble(
    units: &Units,
    plans: &[EntryPlan<'_, '_>],
    locale: &LocaleCatalog<'_>,
    categories: &[&str],
    accepted: BTreeMap<usize, Vec<Accepted>>,
    summary: &mut Summary,
) -> Vec<(usize, Written)> {
    let mut entries = Vec::new();
    for (index, parts) in accepted {
        let plan = &plans[index];
        let resource = locale.resource(&units.files[plan.file].name);
        // A translation is edited in place, never written anew: its
        // selectors, default markers and variants are the translator's.
        let written = match plan.translation.zip(resource) {
            Some((translation, resource)) => edited_entry(resource, translation, plan, &parts, categories)
                .filter(|text| reads_back(text, plan, &parts))
                .map(Written::Edited)
                .ok_or_else(|| not_in_place(&units.target, plan, &parts)),
            None => entry_text(units, plan, &parts).map(Written::Whole),
        };
        match written {
            Ok(text) => {
                summary.applied.extend(parts.iter().map(|p| p.shown.clone()));
                summary.applied_ids.extend(parts.iter().map(|p| (p.file.clone(), p.id.to_string())));
                entries.push((index, text));
            }
            Err(reason) => {
                for part in &parts {
                    let (file, unit) = part.shown.split_once(": ").unwrap_or_default();
                    summary.reject(UnitReport {
                        file: file.into(),
                        unit: unit.into(),
                        reason: reason.clone(),
                    });
                }
            }
        }
    }
    entries
}

/// Why accepted units could not be put into an existing translation.
fn not_in_place(target: &str, plan: &EntryPlan<'_, '_>, accepted: &[Accepted]) -> String {
    let touched =
        |p: &&PatternPlan<'_, '_>| accepted.iter().any(|a| a.id.attribute.as_deref() == p.attribute);
    let divergent: Vec<&str> =
        plan.patterns.iter().filter(touched).flat_map(|p| p.divergent.iter().map(String::as_str)).collect();
    if divergent.is_empty() {
        format!(
            "the {target} translation of `{}` is not shaped as the source (text beside a select, or variants \
             it lacks above this one): edit it in the .ftl file",
            plan.id
        )
    } else {
        format!(
            "the {target} translation has variants the source lacks ({}): edit it in the .ftl file",
            divergent.join(", ")
        )
    }
}

fn entry_text(units: &Units, plan: &EntryPlan<'_, '_>, accepted: &[Accepted]) -> Result<String, String> {
    let target = &units.target;
    let mut filled: Vec<Parts> = Vec::new();
    let mut missing = Vec::new();
    for pattern in &plan.patterns {
        let attribute = pattern.attribute.map(String::from);
        let mine: Vec<&Accepted> = accepted.iter().filter(|a| a.id.attribute == attribute).collect();
        let mut parts = Parts::new();
        for keys in pattern.shape.leaves() {
            let text =
                mine.iter().find(|a| a.id.keys == keys).map(|a| &a.target).or(pattern.existing.get(&keys));
            match text {
                Some(segment) => {
                    parts.insert(keys, segment.clone());
                }
                None => missing.push(
                    UnitId { entry: plan.id.to_string(), attribute: attribute.clone(), keys }.to_string(),
                ),
            }
        }
        filled.push(parts);
    }
    if !missing.is_empty() {
        return Err(format!(
            "`{}` is written whole, but neither the XLIFF nor {target} translates {}",
            plan.id,
            missing.join(", ")
        ));
    }
    let id = plan.id.to_string();
    let mut spec = EntrySpec { id: &id, value: None, attributes: Vec::new(), kept: plan.kept.clone() };
    for (pattern, parts) in plan.patterns.iter().zip(&filled) {
        let written = PatternSpec { shape: &pattern.shape, parts };
        match pattern.attribute {
            None => spec.value = Some(written),
            Some(name) => spec.attributes.push((name, written)),
        }
    }
    segment::render_entry(&spec)
}

/// The translation's entry with the accepted units put in place and nothing
/// else touched: each changed variant's value (or the whole value of a
/// pattern without selects) is replaced, and a variant the translation
/// lacks is inserted among its siblings in CLDR order; selectors, default
/// markers, comments, the other variants and their order keep their bytes.
/// `None` when a unit's place cannot be found so (the translation lacks its
/// pattern, or text stands beside a select, so that a unit is more than a
/// variant's value).
fn edited_entry(
    resource: &ParsedResource<'_>,
    translation: EntryRef<'_, '_>,
    plan: &EntryPlan<'_, '_>,
    accepted: &[Accepted],
    categories: &[&str],
) -> Option<String> {
    let text = resource.file.text.as_str();
    let span = entry_span(resource, &translation);
    let newline = if text[span.clone()].contains("\r\n") { "\r\n" } else { "\n" };
    // New variants that go in one place keep CLDR order among themselves.
    let mut parts: Vec<&Accepted> = accepted.iter().collect();
    parts.sort_by_key(|p| p.id.keys.last().map_or(0, |k| cldr_rank(k, categories)));
    let mut edits = Vec::new();
    let mut new_attributes: Vec<&str> = Vec::new();
    for part in parts {
        let attribute = part.id.attribute.as_deref();
        let Some((_, mut pattern)) = translation.patterns().into_iter().find(|(a, _)| *a == attribute) else {
            // An attribute the translation lacks is added whole, after the others.
            if !new_attributes.contains(&attribute?) {
                new_attributes.push(attribute?);
            }
            continue;
        };
        let mut start = match attribute {
            None => resource.id_span(&translation).end,
            Some(name) => {
                let attribute = translation.attributes().iter().find(|a| a.id.name == name)?;
                resource.span_of(attribute.id.name).end
            }
        };
        start += text[start..].find('=')? + 1;
        let mut indent = line_indent(text, start) + 4;
        let mut inserted = None;
        for (depth, key) in part.id.keys.iter().enumerate() {
            let variants = lone_select(pattern)?;
            match variants.iter().find(|v| segment::key_text(&v.key) == key) {
                Some(variant) => {
                    let key_end = resource.span_of(segment::key_text(&variant.key)).end;
                    start = key_end + text[key_end..].find(']')? + 1;
                    indent = line_indent(text, key_end) + 4;
                    pattern = &variant.value;
                }
                None if depth + 1 == part.id.keys.len() => {
                    inserted = Some(new_variant(resource, variants, key, categories)?);
                    break;
                }
                None => return None,
            }
        }
        match inserted {
            Some(NewVariant { at, sibling_indent, after_last }) => {
                let value = value_text(&part.target, sibling_indent + 4, newline)?;
                let line = format!("{}[{}]{value}", " ".repeat(sibling_indent), part.id.keys.last()?);
                let text = if after_last { format!("{newline}{line}") } else { format!("{line}{newline}") };
                edits.push(Edit { start: at, end: at, text });
            }
            None => {
                let end = pattern_end(text, start);
                edits.push(Edit { start, end, text: value_text(&part.target, indent, newline)? });
            }
        }
    }
    if !new_attributes.is_empty() {
        let at = span.start + text[span.clone()].trim_end().len();
        let lines = attribute_lines(plan, accepted, &new_attributes)?;
        edits.push(Edit { start: at, end: at, text: format!("{newline}{}", lines.join(newline)) });
    }
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(span.len());
    let mut at = span.start;
    for edit in &edits {
        out.push_str(text.get(at..edit.start)?);
        out.push_str(&edit.text);
        at = edit.end;
    }
    out.push_str(&text[at..span.end]);
    Some(out)
}

/// The lines of attributes a translation lacks, written from the accepted
/// units (every variant of each must be there).
fn attribute_lines(plan: &EntryPlan<'_, '_>, accepted: &[Accepted], names: &[&str]) -> Option<Vec<String>> {
    let mut filled = Vec::new();
    for name in names {
        let pattern = plan.patterns.iter().find(|p| p.attribute == Some(name))?;
        let mut parts = Parts::new();
        for keys in pattern.shape.leaves() {
            let part =
                accepted.iter().find(|a| a.id.attribute.as_deref() == Some(name) && a.id.keys == keys)?;
            parts.insert(keys, part.target.clone());
        }
        filled.push((*name, &pattern.shape, parts));
    }
    let attributes =
        filled.iter().map(|(name, shape, parts)| (*name, PatternSpec { shape, parts })).collect();
    let spec = EntrySpec { id: "x", value: None, attributes, kept: Vec::new() };
    let written = segment::render_entry(&spec).ok()?;
    Some(written.lines().skip(1).map(String::from).collect())
}

/// Where a variant key goes in CLDR order: exact numbers first, then
/// `zero one two few many other`, then any other key.
fn cldr_rank(key: &str, categories: &[&str]) -> usize {
    if plural::is_number(key) {
        0
    } else {
        categories.iter().position(|c| *c == key).map_or(usize::MAX, |i| i + 1)
    }
}

/// The variants of a pattern that is one select and nothing else (blank
/// text aside): only then is each variant's value a unit's whole text.
fn lone_select<'a, 'p>(pattern: &'a Pattern<&'p str>) -> Option<&'a [fluent_syntax::ast::Variant<&'p str>]> {
    let mut select = None;
    for element in &pattern.elements {
        match element {
            PatternElement::Placeable { expression: Expression::Select { variants, .. } }
                if select.is_none() =>
            {
                select = Some(variants.as_slice())
            }
            PatternElement::TextElement { value } if value.trim().is_empty() => {}
            _ => return None,
        }
    }
    select
}

/// Where a variant a translation lacks goes: before the first sibling that
/// CLDR orders after it (numbers first, then `zero one two few many other`),
/// else after the last; with its siblings' indentation.
struct NewVariant {
    at: usize,
    sibling_indent: usize,
    after_last: bool,
}

fn new_variant(
    resource: &ParsedResource<'_>,
    variants: &[fluent_syntax::ast::Variant<&str>],
    key: &str,
    categories: &[&str],
) -> Option<NewVariant> {
    let text = resource.file.text.as_str();
    let rank = |key: &str| cldr_rank(key, categories);
    let key_start = |v: &fluent_syntax::ast::Variant<&str>| resource.offset_of(segment::key_text(&v.key));
    let first = variants.first()?;
    let sibling_indent = line_indent(text, key_start(first));
    match variants.iter().find(|v| rank(segment::key_text(&v.key)) > rank(key)) {
        Some(next) => {
            let at = text[..key_start(next)].rfind('\n').map_or(0, |i| i + 1);
            Some(NewVariant { at, sibling_indent, after_last: false })
        }
        None => {
            let last = variants.last()?;
            let key_end = key_start(last) + segment::key_text(&last.key).len();
            let start = key_end + text[key_end..].find(']')? + 1;
            Some(NewVariant { at: pattern_end(text, start), sibling_indent, after_last: true })
        }
    }
}

/// The column of a line's variant key or first character: its indentation,
/// a default marker `*` counted as a space.
fn line_indent(text: &str, at: usize) -> usize {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at].chars().take_while(|c| matches!(c, ' ' | '*')).count()
}

/// Where a pattern that starts at `start` (after `=` or a variant's `]`)
/// ends, trailing blanks excluded: at a `}` closing its select, or before
/// the first line that is not indented or starts with `[`, `*`, `.` or `}`
/// (Fluent's rules for a pattern's lines), braces and string literals of
/// its placeables skipped.
fn pattern_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut at = start;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if in_string => at += 1,
            b'"' if depth > 0 => in_string = !in_string,
            _ if in_string => {}
            b'{' => depth += 1,
            b'}' if depth == 0 => break,
            b'}' => depth -= 1,
            b'\n' if depth == 0 => {
                let next = &text[at + 1..];
                let line = next.split('\n').next().unwrap_or_default().trim_end_matches('\r');
                let body = line.trim_start_matches(' ');
                let continues =
                    body.is_empty() || (body.len() < line.len() && !body.starts_with(['[', '*', '.', '}']));
                if !continues {
                    break;
                }
            }
            _ => {}
        }
        at += 1;
    }
    start + text[start..at].trim_end_matches([' ', '\t', '\r', '\n']).len()
}

/// A unit's text as a pattern's value after `=` or `]`: ` text` on the same
/// line, or its lines on their own, indented by `indent`.
fn value_text(segment: &Segment, indent: usize, newline: &str) -> Option<String> {
    let mut parts = Parts::new();
    parts.insert(Vec::new(), segment.clone());
    let spec = EntrySpec {
        id: "x",
        value: Some(PatternSpec { shape: &Shape::Leaf, parts: &parts }),
        attributes: Vec::new(),
        kept: Vec::new(),
    };
    let written = segment::render_entry(&spec).ok()?;
    let value = written.strip_prefix("x =")?.trim_end_matches('\n');
    if let Some(line) = value.strip_prefix(' ') {
        return Some(format!(" {line}"));
    }
    let pad = " ".repeat(indent);
    let lines: Vec<String> = value
        .split('\n')
        .skip(1)
        .map(|line| match line.strip_prefix("    ") {
            Some(body) => format!("{pad}{body}"),
            None => line.to_string(),
        })
        .collect();
    Some(format!("{newline}{}", lines.join(newline)))
}

/// Whether an entry's new text parses as one entry whose every pattern
/// reads as its translation's parts with the accepted units in place.
fn reads_back(text: &str, plan: &EntryPlan<'_, '_>, accepted: &[Accepted]) -> bool {
    let Some(resource) = ftl::parse_valid(text) else { return false };
    let entry = match resource.body.as_slice() {
        [Entry::Message(m)] => EntryRef::Message(m),
        [Entry::Term(t)] => EntryRef::Term(t),
        _ => return false,
    };
    plan.patterns.iter().all(|pattern| {
        let mut intended = pattern.existing.clone();
        for part in accepted.iter().filter(|a| a.id.attribute.as_deref() == pattern.attribute) {
            intended.insert(part.id.keys.clone(), part.target.clone());
        }
        let Some((_, written)) = entry.patterns().into_iter().find(|(a, _)| *a == pattern.attribute) else {
            return intended.is_empty();
        };
        let parts = segment::flatten(written).1;
        parts.len() == intended.len()
            && parts.iter().all(|part| {
                let read = segment::segment_of(&part.elements, None);
                intended
                    .get(&part.keys)
                    .is_some_and(|s| s.pieces(None).is_some() && s.pieces(None) == read.pieces(None))
            })
    })
}

/// The new text of one target file: each entry replaces its translation's
/// bytes, or is inserted after its nearest source-order neighbour present.
fn splice(
    path: String,
    resource: Option<&ParsedResource<'_>>,
    plans: &[EntryPlan<'_, '_>],
    file: usize,
    entries: Vec<(usize, Written)>,
) -> Result<FileChange, XliffError> {
    let Some(resource) = resource else {
        let texts: Vec<&str> = entries
            .iter()
            .map(|(_, w)| match w {
                Written::Whole(t) | Written::Edited(t) => t.as_str(),
            })
            .collect();
        let after = texts.join("\n");
        let edits = vec![Edit { start: 0, end: 0, text: after.clone() }];
        return Ok(FileChange { path, before: None, after, edits });
    };
    let text = resource.file.text.as_str();
    let crlf = text.contains("\r\n");
    let line_ends = |s: &str| if crlf { s.replace('\n', "\r\n") } else { s.to_string() };
    // The file's entries in source order: (plan, span) of those present.
    let in_file: Vec<usize> = (0..plans.len()).filter(|&p| plans[p].file == file).collect();
    let present = |p: usize| plans[p].translation.map(|t| entry_span(resource, &t));
    let mut edits = Vec::new();
    for (plan, entry) in entries {
        let entry = match entry {
            Written::Whole(text) => line_ends(&text),
            Written::Edited(text) => text,
        };
        if let Some(span) = present(plan) {
            let ends_line = text[..span.end].ends_with('\n');
            let entry = if ends_line { entry } else { entry.trim_end_matches(['\r', '\n']).to_string() };
            edits.push(Edit { start: span.start, end: span.end, text: entry });
            continue;
        }
        let position = in_file.iter().position(|&p| p == plan).unwrap_or_default();
        let before = in_file[..position].iter().rev().find_map(|&p| present(p));
        let after = in_file[position + 1..]
            .iter()
            .find_map(|&p| plans[p].translation.map(|t| entry_start(resource, &t)));
        let newline = line_ends("\n");
        let edit = match (before, after) {
            // Entries line after line stay so; a blank line parts them otherwise.
            (Some(span), _) if text[..span.end].ends_with('\n') && starts_content(&text[span.end..]) => {
                Edit { start: span.end, end: span.end, text: entry }
            }
            (Some(span), _) if text[..span.end].ends_with('\n') || span.end < text.len() => {
                Edit { start: span.end, end: span.end, text: format!("{newline}{entry}") }
            }
            (Some(span), _) => {
                Edit { start: span.end, end: span.end, text: format!("{newline}{newline}{entry}") }
            }
            (None, Some(start)) => Edit { start, end: start, text: format!("{entry}{newline}") },
            (None, None) if text.is_empty() => Edit { start: 0, end: 0, text: entry },
            (None, None) => {
                let gap = if text.ends_with('\n') { newline } else { format!("{newline}{newline}") };
                Edit { start: text.len(), end: text.len(), text: format!("{gap}{entry}") }
            }
        };
        edits.push(edit);
    }
    // Stable: insertions at one place keep source order.
    edits.sort_by_key(|e| (e.start, e.end));
    let mut after = String::with_capacity(text.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for edit in &edits {
        after.push_str(&text[at..edit.start]);
        after.push_str(&edit.text);
        at = edit.end;
    }
    after.push_str(&text[at..]);
    let junk = |t: &str| match ftl::parse_guarded(t) {
        Some((r, _)) => r.body.iter().filter(|e| matches!(e, Entry::Junk { .. })).count(),
        None => usize::MAX,
    };
    if resource.file.too_deep.is_none() && junk(&after) > junk(text) {
        return Err(XliffError::Refused(format!(
            "internal error: the import would break the syntax of {path}"
        )));
    }
    Ok(FileChange { path, before: Some(text.to_string()), after, edits })
}

/// Whether text goes on with a line that is not blank.
fn starts_content(text: &str) -> bool {
    text.lines().next().is_some_and(|line| !line.trim().is_empty())
}

/// Where an entry's lines start, its comment included.
fn entry_start(resource: &ParsedResource<'_>, entry: &EntryRef<'_, '_>) -> usize {
    let comment = match entry {
        EntryRef::Message(m) => m.comment.as_ref(),
        EntryRef::Term(t) => t.comment.as_ref(),
    };
    let start = match comment.and_then(|c| c.content.first()) {
        Some(line) => resource.offset_of(line),
        None => resource.id_span(entry).start,
    };
    let text = &resource.file.text;
    text[..start].rfind('\n').map_or(0, |i| i + 1)
}

/// The bytes of an entry without its comment: from its identifier to the
/// end of its last line, line end included.
fn entry_span(resource: &ParsedResource<'_>, entry: &EntryRef<'_, '_>) -> std::ops::Range<usize> {
    let start = resource.id_span(entry).start;
    let mut end = resource.id_span(entry).end;
    let mut note = |slice: &str| end = end.max(resource.span_of(slice).end);
    for (attribute, pattern) in entry.patterns() {
        attribute.into_iter().for_each(&mut note);
        pattern_slices(pattern, &mut note);
    }
    // What follows the last slice: closing quotes, parentheses and braces.
    let text = resource.file.text.as_bytes();
    let mut at = end;
    while at < text.len() {
        match text[at] {
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            b'}' | b')' | b'"' => {
                at += 1;
                end = at;
            }
            _ => break,
        }
    }
    while end < text.len() && matches!(text[end], b' ' | b'\t' | b'\r') {
        end += 1;
    }
    if end < text.len() && text[end] == b'\n' {
        end += 1;
    }
    start..end
}

fn pattern_slices<'p>(pattern: &Pattern<&'p str>, note: &mut impl FnMut(&'p str)) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => note(value),
            PatternElement::Placeable { expression } => expression_slices(expression, note),
        }
    }
}

fn expression_slices<'p>(expression: &Expression<&'p str>, note: &mut impl FnMut(&'p str)) {
    match expression {
        Expression::Inline(inline) => inline_slices(inline, note),
        Expression::Select { selector, variants } => {
            inline_slices(selector, note);
            for variant in variants {
                note(segment::key_text(&variant.key));
                pattern_slices(&variant.value, note);
            }
        }
    }
}

fn inline_slices<'p>(inline: &InlineExpression<&'p str>, note: &mut impl FnMut(&'p str)) {
    match inline {
        InlineExpression::StringLiteral { value } | InlineExpression::NumberLiteral { value } => note(value),
        InlineExpression::VariableReference { id } => note(id.name),
        InlineExpression::MessageReference { id, attribute } => {
            note(id.name);
            attribute.iter().for_each(|a| note(a.name));
        }
        InlineExpression::FunctionReference { id, arguments } => {
            note(id.name);
            arguments.positional.iter().for_each(|a| inline_slices(a, note));
            for named in &arguments.named {
                note(named.name.name);
                inline_slices(&named.value, note);
            }
        }
        InlineExpression::TermReference { id, attribute, arguments } => {
            note(id.name);
            attribute.iter().for_each(|a| note(a.name));
            if let Some(arguments) = arguments {
                arguments.positional.iter().for_each(|a| inline_slices(a, note));
                for named in &arguments.named {
                    note(named.name.name);
                    inline_slices(&named.value, note);
                }
            }
        }
        InlineExpression::Placeable { expression } => expression_slices(expression, note),
    }
}

impl FileChange {
    /// The change as a unified diff with three lines of context.
    pub fn diff(&self) -> String {
        const CONTEXT: usize = 3;
        let old = self.before.as_deref().unwrap_or_default();
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        // Each edit widened to whole lines: (first old line, old line count, new lines).
        let mut changes: Vec<(usize, usize, Vec<String>)> = Vec::new();
        for edit in &self.edits {
            let from = old[..edit.start].rfind('\n').map_or(0, |i| i + 1);
            let to = if edit.end == from || old[..edit.end].ends_with('\n') {
                edit.end
            } else {
                old[edit.end..].find('\n').map_or(old.len(), |i| edit.end + i + 1)
            };
            let new = format!("{}{}{}", &old[from..edit.start], edit.text, &old[edit.end..to]);
            let old_part: Vec<&str> = old[from..to].split_inclusive('\n').collect();
            let new_part: Vec<&str> = new.split_inclusive('\n').collect();
            // A rewritten entry often keeps most of its lines: show those as context.
            let head = old_part.iter().zip(&new_part).take_while(|(a, b)| a == b).count();
            let tail = old_part[head..]
                .iter()
                .rev()
                .zip(new_part[head..].iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            let first = old[..from].matches('\n').count() + head;
            let new_lines = new_part[head..new_part.len() - tail].iter().map(|l| l.to_string()).collect();
            changes.push((first, old_part.len() - head - tail, new_lines));
        }
        let from = if self.before.is_some() { format!("a/{}", self.path) } else { "/dev/null".to_string() };
        let mut out = format!("--- {from}\n+++ b/{}\n", self.path);
        let line = |out: &mut String, mark: char, text: &str| {
            out.push(mark);
            out.push_str(text);
            if !text.ends_with('\n') {
                out.push('\n');
            }
        };
        let mut delta = 0isize;
        let mut n = 0;
        while n < changes.len() {
            // Changes whose contexts touch form one hunk.
            let mut last = n;
            while last + 1 < changes.len()
                && changes[last + 1].0 <= changes[last].0 + changes[last].1 + 2 * CONTEXT
            {
                last += 1;
            }
            let start = changes[n].0.saturating_sub(CONTEXT);
            let end = (changes[last].0 + changes[last].1 + CONTEXT).min(old_lines.len());
            let mut body = String::new();
            let (mut old_count, mut new_count) = (0, 0);
            let mut at = start;
            for (first, count, new) in &changes[n..=last] {
                for text in &old_lines[at..*first] {
                    line(&mut body, ' ', text);
                }
                (old_count, new_count) = (old_count + first - at, new_count + first - at);
                for text in &old_lines[*first..first + count] {
                    line(&mut body, '-', text);
                }
                for text in new {
                    line(&mut body, '+', text);
                }
                old_count += count;
                new_count += new.len();
                at = first + count;
            }
            for text in &old_lines[at..end.max(at)] {
                line(&mut body, ' ', text);
            }
            let tail = end.max(at) - at;
            (old_count, new_count) = (old_count + tail, new_count + tail);
            let new_start = (start as isize + delta) as usize;
            let hunk_start = |count: usize, start: usize| if count == 0 { start } else { start + 1 };
            out.push_str(&format!(
                "@@ -{},{old_count} +{},{new_count} @@\n",
                hunk_start(old_count, start),
                hunk_start(new_count, new_start)
            ));
            out.push_str(&body);
            delta += new_count as isize - old_count as isize;
            n = last + 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::in_memory;
    use std::io::Cursor;

    #[test]
    fn a_pattern_ends_before_the_next_variant_attribute_or_entry() {
        let text =
            "a = { $n ->\n    [one] un { \"}\" }\n       fichier\n   *[other] { $n }\n}\n    .t = T\nb = B\n";
        let one = text.find("[one]").unwrap() + "[one]".len();
        assert_eq!(&text[one..pattern_end(text, one)], " un { \"}\" }\n       fichier");
        let other = text.find("*[other]").unwrap() + "*[other]".len();
        assert_eq!(&text[other..pattern_end(text, other)], " { $n }");
        let t = text.find(".t =").unwrap() + ".t =".len();
        assert_eq!(&text[t..pattern_end(text, t)], " T");
    }

    #[test]
    fn codes_must_be_the_sources_or_the_translations() {
        let source = segment::from_fluent_text("{ $n } de { -city }", None);
        let current =
            segment::from_fluent_text("{ $n } { -city(case: \"genitive\") } { -eu }", Some(&source));
        let resent = |text: &str| segment::from_fluent_text(text, Some(&source));
        assert_eq!(codes_match(&source, Some(&current), &resent("{ -eu } { $n } { -city }")), Ok(()));
        assert_eq!(
            codes_match(&source, None, &resent("{ $n } { -city } { -eu }")),
            Err("the target invents the code x1 `{ -eu }`".to_string())
        );
        assert_eq!(
            codes_match(&source, Some(&current), &resent("{ -city }")),
            Err("the target drops the code 1 `{ $n }`".to_string())
        );
    }

    #[test]
    fn tag_shortcuts_are_told_from_text() {
        let found: Vec<&str> = tag_shortcuts("a <f0/> b <g12>c</g12> <abc1> <x>").collect();
        assert_eq!(found, ["<f0/>", "<g12>", "</g12>"]);
    }

    #[test]
    fn only_ftl_files_inside_the_locale_folder_are_originals() {
        for good in ["main.ftl", "browser/app.ftl"] {
            assert!(safe_name(good), "{good}");
        }
        for bad in ["../x.ftl", "/etc/x.ftl", "a/./b.ftl", "a//b.ftl", "c:x.ftl", "a\\b.ftl", "x.txt"] {
            assert!(!safe_name(bad), "{bad}");
        }
    }

    #[test]
    fn an_edit_inside_a_nested_select_keeps_both_selectors() {
        let project = in_memory(
            "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n",
            &[
                (
                    "locales/fr/m.ftl",
                    "a = { $g ->\n    [f] { $n ->\n        [one] une\n       *[other] des\n    }\n   *[m] un\n}\n",
                ),
                (
                    "locales/pl/m.ftl",
                    "a = { $g ->\n    [f] { NUMBER($n) ->\n        [one] jedna\n        [few] dwie\n        [many] wiele\n       *[other] ułamek\n    }\n   *[m] jeden\n}\n",
                ),
            ],
        ).unwrap();
        let catalog = Catalog::parse(&project);
        let xliff = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\
            <file original=\"m.ftl\" source-language=\"fr\" target-language=\"pl\" datatype=\"x-fluent\"><body>\
            <trans-unit id=\"a[f][few]\"><source>des</source><target>trzy</target></trans-unit>\
            </body></file></xliff>";
        let plan = plan_import(&catalog, "pl", Cursor::new(xliff), &ImportOptions::default()).unwrap();
        assert_eq!(plan.summary.applied, ["m.ftl: a[f][few]"], "{}", plan.summary);
        assert_eq!(
            plan.changes[0].after,
            "a = { $g ->\n    [f] { NUMBER($n) ->\n        [one] jedna\n        [few] trzy\n        [many] wiele\n       *[other] ułamek\n    }\n   *[m] jeden\n}\n"
        );
    }

    /// Plans the import of `units` (ID, source, target) of `m.ftl` into a
    /// French/Polish project.
    fn planned(fr: &str, pl: &str, units: &[(&str, &str, &str)]) -> ImportPlan {
        let project = in_memory(
            "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n",
            &[("locales/fr/m.ftl", fr), ("locales/pl/m.ftl", pl)],
        )
        .unwrap();
        let catalog = Catalog::parse(&project);
        let body: String = units
            .iter()
            .map(|(id, source, target)| {
                format!(
                    "<trans-unit id=\"{id}\"><source>{source}</source><target>{target}</target></trans-unit>"
                )
            })
            .collect();
        let xliff = format!(
            "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"m.ftl\" \
             source-language=\"fr\" target-language=\"pl\" datatype=\"x-fluent\"><body>{body}</body></file></xliff>"
        );
        plan_import(&catalog, "pl", Cursor::new(xliff), &ImportOptions::default()).unwrap()
    }

    const PLURAL_FR: &str = "a = { $n ->\n    [one] un\n   *[other] des\n}\n";

    #[test]
    fn text_beside_a_select_is_refused_rather_than_rewritten() {
        let pl = "a = Masz { NUMBER($n) ->\n    [one] jeden\n    [few] kilka\n   *[many] wiele\n    [other] część\n}\n";
        let plan = planned(PLURAL_FR, pl, &[("a[few]", "des", "parę")]);
        assert_eq!(plan.changes, []);
        assert_eq!(
            plan.summary.rejected.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>(),
            ["the pl translation of `a` is not shaped as the source (text beside a select, or variants it \
              lacks above this one): edit it in the .ftl file"]
        );
    }

    #[test]
    fn new_variants_at_one_place_go_in_cldr_order() {
        let pl = "a = { $n ->\n    [one] jeden\n   *[other] część\n}\n";
        let plan = planned(PLURAL_FR, pl, &[("a[many]", "des", "wiele"), ("a[few]", "des", "kilka")]);
        assert_eq!(
            plan.changes[0].after,
            "a = { $n ->\n    [one] jeden\n    [few] kilka\n    [many] wiele\n   *[other] część\n}\n"
        );
    }

    #[test]
    fn a_variant_of_an_attribute_and_a_missing_attribute_are_edited_in_place() {
        let fr =
            "b = Bouton\n    .title = { $n ->\n        [one] un\n       *[other] des\n    }\n    .key = B\n";
        let pl = "# Przycisk.\nb = Przycisk\n    .title = { $n ->\n        [one] jeden\n        [few] kilka\n        [many] wiele\n       *[other] część\n    }\n";
        let plan = planned(fr, pl, &[("b.title[few]", "des", "parę"), ("b.key", "B", "P")]);
        assert_eq!(plan.summary.applied, ["m.ftl: b.title[few]", "m.ftl: b.key"], "{}", plan.summary);
        assert_eq!(
            plan.changes[0].after,
            pl.replace("[few] kilka", "[few] parę").replace("    }\n", "    }\n    .key = P\n")
        );
    }

    #[test]
    fn a_multiline_value_in_a_crlf_file_keeps_crlf() {
        let pl = "a = { $n ->\r\n    [one] jeden\r\n    [few] kilka\r\n    [many] wiele\r\n   *[other] część\r\n}\r\n";
        let plan = planned(PLURAL_FR, pl, &[("a[few]", "des", "dwa\ntrzy")]);
        assert_eq!(
            plan.changes[0].after,
            pl.replace("    [few] kilka\r\n", "    [few]\r\n        dwa\r\n        trzy\r\n")
        );
    }
}
