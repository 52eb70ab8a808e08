//! The XLIFF 1.2 and 2.1 writers. A default export carries the units that
//! need work (missing and stale translations), `all` every unit; the output
//! depends on nothing but the project and the options.
//!
//! States, by situation (1.2 / 2.1):
//!
//! | situation | 1.2 | 2.1 |
//! |---|---|---|
//! | not translated | no target | `initial`, no target |
//! | not translated, `copy_source` (even with a 100/101 match) | the source as target, no state | `initial`, the source as target |
//! | stale | `needs-review-translation` | `initial` with the target, subState `fluentpress:needs-review` |
//! | a 100 match filled in | `needs-review-translation`, state-qualifier `exact-match` | `initial` with the target, subState `fluentpress:exact-match` |
//! | a 101 match filled in | `needs-review-translation`, state-qualifier `id-match` | `initial` with the target, subState `fluentpress:context-match` |
//! | translated (`all`) | `translated`, `approved="yes"` | `final` |
//!
//! A target the memory filled in is a suggestion no person confirmed: its
//! state says so, and import leaves it out until a translator confirms it
//! (see [`ReadUnit::confirmed`](super::ReadUnit::confirmed)), so that an
//! untouched export imports as no change.

use super::{Version, XliffError};
use crate::ftl::Catalog;
use crate::glossary::{Concept, Finder, Glossary, Term};
use crate::segment::{self, Code, Inline, Segment};
use crate::segment::{Match, NoteKind, Stale, StaleKey, State, Unit, UnitFile, UnitId, Units};
use crate::xml::{self, Unwritable};
use fluent_syntax::ast::{Expression, InlineExpression};
use std::collections::HashMap;
use std::fmt::Write as _;

pub const XLIFF_1_2: &str = "urn:oasis:names:tc:xliff:document:1.2";
pub const XLIFF_2: &str = "urn:oasis:names:tc:xliff:document:2.0";
pub const MATCHES: &str = "urn:oasis:names:tc:xliff:matches:2.0";
pub const GLOSSARY: &str = "urn:oasis:names:tc:xliff:glossary:2.0";

pub struct ExportOptions<'a> {
    pub version: Version,
    /// Every unit, not only those that need work.
    pub all: bool,
    /// Memory matches by file and unit ID (`main.ftl`, `msg[one]`), from the
    /// translation memory.
    pub matches: &'a HashMap<StaleKey, Vec<Match>>,
    /// Stale translations by unit ID.
    pub stale: &'a HashMap<String, Stale>,
    /// Untranslated units get the source text as their target, without a
    /// state, for tools that translate inside `<target>` (OmegaT); import
    /// skips a target that still repeats its source.
    pub copy_source: bool,
    /// The glossary whose entries each unit's source holds go with it:
    /// 2.1's Glossary module, 1.2's `<note from="glossary">`.
    pub glossary: Option<&'a Glossary>,
}

/// `resolution.fr-pl.xlf`: the file an export of a document is written to,
/// under the output folder's `xliff/`.
pub fn export_file_name(document: &str, source: &str, target: &str) -> String {
    format!("{document}.{source}-{target}.xlf")
}

/// The XLIFF for `target`, or `None` when no unit is to be exported.
pub fn export(
    catalog: &Catalog<'_>,
    target: &str,
    options: &ExportOptions<'_>,
) -> Result<Option<String>, XliffError> {
    let units = Units::extract(catalog, target, options.stale)?;
    export_units(&units, options)
}

/// The XLIFF of units already extracted (with `options.stale`), or `None`
/// when no unit is to be exported.
pub fn export_units(units: &Units, options: &ExportOptions<'_>) -> Result<Option<String>, XliffError> {
    let finder = options.glossary.map(|g| g.finder(&units.source));
    let files: Vec<(&UnitFile, Vec<Exported<'_>>)> = units
        .files
        .iter()
        .map(|file| {
            let chosen = file.units.iter().filter(|u| options.all || u.state.needs_work());
            (
                file,
                chosen
                    .map(|u| Exported::new(&file.name, u, units, finder.as_ref(), options))
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, units)| !units.is_empty())
        .collect();
    if files.is_empty() {
        return Ok(None);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match options.version {
        Version::V1_2 => write_1_2(units, &files, &mut out)?,
        Version::V2_1 => write_2_1(units, &files, &mut out),
    }
    Ok(Some(out))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    New,
    /// Stale: the translation, made for an older source.
    NeedsReview,
    /// A memory match filled in: 101 (same text and unit) or 100.
    Prefilled {
        context: bool,
    },
    Final,
}

/// A unit as exported: its target may come from a memory match.
struct Exported<'u> {
    unit: &'u Unit,
    target: Option<Segment>,
    status: Status,
    matches: Vec<ExportedMatch<'u>>,
    /// The glossary's concepts the source holds, with the words found.
    glossary: Vec<GlossEntry<'u>>,
}

/// A glossary concept as a unit carries it: the source's words, the
/// terms a translation may use and those it must not, the definition.
struct GlossEntry<'u> {
    found: String,
    concept: &'u Concept,
    allowed: Vec<&'u Term>,
    forbidden: Vec<&'u Term>,
}

impl GlossEntry<'_> {
    /// The entry in one line, for XLIFF 1.2's note.
    fn line(&self) -> String {
        let terms: Vec<String> =
            self.allowed.iter().map(|t| format!("{} ({})", t.text, t.status.name())).collect();
        let mut line = format!("{} → {}", self.found, terms.join(", "));
        if let Some(forbidden) = self.forbidden_list() {
            let _ = write!(line, "; forbidden: {forbidden}");
        }
        if self.concept.do_not_translate {
            line.push_str("; not to be translated");
        }
        line
    }

    /// The forbidden terms, comma-separated, if there are any.
    fn forbidden_list(&self) -> Option<String> {
        let terms: Vec<&str> = self.forbidden.iter().map(|t| t.text.as_str()).collect();
        (!terms.is_empty()).then(|| terms.join(", "))
    }

    /// The definition 2.1 carries: the concept's, and what is forbidden.
    fn definition(&self) -> Option<String> {
        let forbidden = self.forbidden_list().map(|list| format!("Forbidden: {list}."));
        let dnt = self.concept.do_not_translate.then(|| "Not to be translated.".to_string());
        let parts: Vec<String> =
            self.concept.definition.iter().cloned().chain(forbidden).chain(dnt).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// A memory match with its texts as segments whose codes take the IDs of
/// the unit's source codes they stand for, so that a CAT tool inserting the
/// match inserts codes, not Fluent text.
struct ExportedMatch<'u> {
    found: &'u Match,
    source: Segment,
    target: Segment,
}

impl<'u> Exported<'u> {
    fn new(
        file: &str,
        unit: &'u Unit,
        units: &'u Units,
        finder: Option<&Finder<'u>>,
        options: &ExportOptions<'u>,
    ) -> Self {
        let mut matches: Vec<&Match> =
            options.matches.get(&(file.to_string(), unit.id.to_string())).into_iter().flatten().collect();
        matches.sort_by_key(|m| std::cmp::Reverse(m.score));
        let matches: Vec<ExportedMatch<'u>> = matches
            .into_iter()
            .map(|found| ExportedMatch {
                found,
                source: segment::from_fluent_text(&found.source, Some(&unit.source)),
                target: segment::from_fluent_text(&found.target, Some(&unit.source)),
            })
            .collect();
        let (target, status) = match (&unit.state, matches.first().map(|m| m.found)) {
            // A tool that translates inside <target> takes what is there for
            // the text to translate: it gets the source, never a pre-fill.
            (State::Missing, _) if options.copy_source => (Some(unit.source.clone()), Status::New),
            (State::Missing, Some(best)) if best.score >= 100 => {
                let status = Status::Prefilled { context: best.score > 100 };
                (Some(segment::from_fluent_text(&best.target, Some(&unit.source))), status)
            }
            (State::Missing | State::Divergent, _) => (None, Status::New),
            (State::Stale { .. }, _) => (unit.target.clone(), Status::NeedsReview),
            (State::Translated, _) => (unit.target.clone(), Status::Final),
        };
        let mut glossary: Vec<GlossEntry<'u>> = Vec::new();
        let found = finder.map(|f| f.found_in(&unit.source.plain_text()));
        for (found, concept) in found.unwrap_or_default() {
            let entry = GlossEntry {
                found,
                concept,
                allowed: concept.allowed(&units.target).collect(),
                forbidden: concept.terms(&units.target).filter(|t| !t.status.allowed()).collect(),
            };
            // A Fluent term the glossary files also list is one entry; one
            // with nothing to say in the target language is none.
            let texts =
                |e: &GlossEntry<'_>| e.allowed.iter().map(|t| t.text.to_lowercase()).collect::<Vec<_>>();
            let empty = entry.allowed.is_empty() && entry.definition().is_none();
            if !empty && !glossary.iter().any(|e| e.found == entry.found && texts(e) == texts(&entry)) {
                glossary.push(entry);
            }
        }
        Exported { unit, target, status, matches, glossary }
    }
}

/// What kind of placeable a code is, for 1.2's `ctype`.
fn code_kind(fluent: &str) -> &'static str {
    segment::with_expression(fluent, |expression| match expression {
        Expression::Inline(InlineExpression::VariableReference { .. }) => "variable",
        Expression::Inline(InlineExpression::TermReference { .. }) => "term",
        Expression::Inline(InlineExpression::MessageReference { .. }) => "message",
        Expression::Inline(InlineExpression::FunctionReference { .. }) => "function",
        Expression::Inline(InlineExpression::NumberLiteral { .. }) => "number",
        Expression::Inline(InlineExpression::StringLiteral { .. }) => "string",
        Expression::Inline(InlineExpression::Placeable { .. }) => "placeable",
        Expression::Select { .. } => "select",
    })
    .unwrap_or("placeable")
}

/// Escapes text where characters XML cannot hold cannot appear at all
/// (notes, attributes): they become U+FFFD.
fn escaped(text: &str) -> String {
    xml::escaped(text, true, Unwritable::Replaced)
}

/// Note text in element content keeps its line ends.
fn note_text(text: &str) -> String {
    xml::escaped(text, false, Unwritable::Replaced)
}

fn write_1_2(
    units: &Units,
    files: &[(&UnitFile, Vec<Exported<'_>>)],
    out: &mut String,
) -> Result<(), XliffError> {
    let _ = writeln!(out, "<xliff version=\"1.2\" xmlns=\"{XLIFF_1_2}\">");
    for (file, exported) in files {
        let _ = writeln!(
            out,
            "  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"x-fluent\">",
            escaped(&file.name),
            escaped(&units.source),
            escaped(&units.target)
        );
        let _ = writeln!(out, "    <header>");
        let _ = writeln!(
            out,
            "      <tool tool-id=\"fluentpress\" tool-name=\"fluentpress\" tool-version=\"{}\"/>",
            env!("CARGO_PKG_VERSION")
        );
        if let Some(comment) = &file.comment {
            let _ = writeln!(out, "      <note from=\"resource-comment\">{}</note>", note_text(comment));
        }
        let _ = writeln!(out, "    </header>");
        let _ = writeln!(out, "    <body>");
        for e in exported {
            let id = escaped(&e.unit.id.to_string());
            let approved = if e.status == Status::Final { " approved=\"yes\"" } else { "" };
            let _ = writeln!(
                out,
                "      <trans-unit id=\"{id}\" resname=\"{id}\" xml:space=\"preserve\"{approved}>"
            );
            let _ = writeln!(out, "        <source>{}</source>", content_1_2(&e.unit.source, &e.unit.id)?);
            if let Some(target) = &e.target {
                let state = match e.status {
                    Status::New => "",
                    Status::NeedsReview => " state=\"needs-review-translation\"",
                    Status::Prefilled { context: false } => {
                        " state=\"needs-review-translation\" state-qualifier=\"exact-match\""
                    }
                    Status::Prefilled { context: true } => {
                        " state=\"needs-review-translation\" state-qualifier=\"id-match\""
                    }
                    Status::Final => " state=\"translated\"",
                };
                let _ = writeln!(out, "        <target{state}>{}</target>", content_1_2(target, &e.unit.id)?);
            }
            let _ = writeln!(out, "        <context-group purpose=\"location\">");
            let _ = writeln!(
                out,
                "          <context context-type=\"sourcefile\">{}</context>",
                note_text(&file.name)
            );
            let _ = writeln!(
                out,
                "          <context context-type=\"x-fluent-id\">{}</context>",
                note_text(&e.unit.id.entry)
            );
            let _ = writeln!(out, "        </context-group>");
            for note in e.unit.notes.iter().filter(|n| n.kind != NoteKind::Location) {
                let _ = writeln!(
                    out,
                    "        <note from=\"{}\">{}</note>",
                    note.kind.name(),
                    note_text(&note.text)
                );
            }
            for entry in &e.glossary {
                let _ = writeln!(out, "        <note from=\"glossary\">{}</note>", note_text(&entry.line()));
            }
            for m in &e.matches {
                let _ = writeln!(
                    out,
                    "        <alt-trans match-quality=\"{}\" origin=\"{}\">",
                    m.found.score.min(101),
                    escaped(&m.found.origin)
                );
                let _ = writeln!(out, "          <source>{}</source>", content_1_2(&m.source, &e.unit.id)?);
                let _ = writeln!(out, "          <target>{}</target>", content_1_2(&m.target, &e.unit.id)?);
                let _ = writeln!(out, "        </alt-trans>");
            }
            let _ = writeln!(out, "      </trans-unit>");
        }
        let _ = writeln!(out, "    </body>");
        let _ = writeln!(out, "  </file>");
    }
    out.push_str("</xliff>\n");
    Ok(())
}

/// 1.2 inline content: codes are `<ph>` holding their Fluent text.
fn content_1_2(segment: &Segment, id: &UnitId) -> Result<String, XliffError> {
    let mut out = String::new();
    let mut bad = None;
    for inline in segment.inlines() {
        match inline {
            Inline::Text(text) => xml::escape(&mut out, text, false, |_, c| bad = Some(c)),
            Inline::Code(Code { id, original: fluent, .. }) => {
                let _ = write!(
                    out,
                    "<ph id=\"{}\" ctype=\"x-fluent-{}\" equiv-text=\"{}\">",
                    escaped(id),
                    code_kind(fluent),
                    escaped(fluent)
                );
                xml::escape(&mut out, fluent, false, |_, c| bad = Some(c));
                out.push_str("</ph>");
            }
            Inline::Foreign(_) => {}
        }
    }
    match bad {
        Some(c) => Err(XliffError::Refused(format!(
            "`{id}` holds the character U+{:04X}, which XLIFF 1.2 cannot carry: export XLIFF 2.1",
            c as u32
        ))),
        None => Ok(out),
    }
}

fn write_2_1(units: &Units, files: &[(&UnitFile, Vec<Exported<'_>>)], out: &mut String) {
    let with_matches = files.iter().any(|(_, units)| units.iter().any(|e| !e.matches.is_empty()));
    let mut matches_ns = if with_matches { format!(" xmlns:mtc=\"{MATCHES}\"") } else { String::new() };
    if files.iter().any(|(_, units)| units.iter().any(|e| !e.glossary.is_empty())) {
        let _ = write!(matches_ns, " xmlns:gls=\"{GLOSSARY}\"");
    }
    let _ = writeln!(
        out,
        "<xliff xmlns=\"{XLIFF_2}\"{matches_ns} version=\"2.1\" srcLang=\"{}\" trgLang=\"{}\">",
        escaped(&units.source),
        escaped(&units.target)
    );
    for (n, (file, exported)) in files.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <file id=\"f{}\" original=\"{}\" xml:space=\"preserve\">",
            n + 1,
            escaped(&file.name)
        );
        if let Some(comment) = &file.comment {
            let _ = writeln!(out, "    <notes>");
            let _ = writeln!(out, "      <note category=\"resource-comment\">{}</note>", note_text(comment));
            let _ = writeln!(out, "    </notes>");
        }
        for e in exported {
            write_unit_2_1(e, out);
        }
        let _ = writeln!(out, "  </file>");
    }
    out.push_str("</xliff>\n");
}

fn write_unit_2_1(e: &Exported<'_>, out: &mut String) {
    let _ = writeln!(
        out,
        "    <unit id=\"{}\" name=\"{}\">",
        escaped(&e.unit.id.nmtoken()),
        escaped(&e.unit.id.to_string())
    );
    // One data item per distinct placeable text, source codes first, then
    // the target's and the matches'.
    let mut data: Vec<&str> = Vec::new();
    let matched = e.matches.iter().flat_map(|m| m.source.codes().chain(m.target.codes()));
    let codes = e.unit.source.codes().chain(e.target.iter().flat_map(|t| t.codes())).chain(matched);
    for fluent in codes.filter_map(Code::fluent) {
        if !data.contains(&fluent) {
            data.push(fluent);
        }
    }
    if !e.glossary.is_empty() {
        let _ = writeln!(out, "      <gls:glossary>");
        for (n, entry) in e.glossary.iter().enumerate() {
            let _ = writeln!(out, "        <gls:glossEntry id=\"g{}\">", n + 1);
            let _ = writeln!(
                out,
                "          <gls:term source=\"{}\">{}</gls:term>",
                escaped(&entry.concept.id),
                plain_2_1(&entry.found)
            );
            for (k, term) in entry.allowed.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "          <gls:translation id=\"g{}-t{}\">{}</gls:translation>",
                    n + 1,
                    k + 1,
                    plain_2_1(&term.text)
                );
            }
            if let Some(definition) = entry.definition() {
                let _ =
                    writeln!(out, "          <gls:definition>{}</gls:definition>", plain_2_1(&definition));
            }
            let _ = writeln!(out, "        </gls:glossEntry>");
        }
        let _ = writeln!(out, "      </gls:glossary>");
    }
    if !e.matches.is_empty() {
        let _ = writeln!(out, "      <mtc:matches>");
        for m in &e.matches {
            let score = m.found.score;
            let (similarity, kind) = if score > 100 { (100, "icm") } else { (score, "tm") };
            let _ = writeln!(
                out,
                "        <mtc:match ref=\"#m1\" similarity=\"{similarity}\" origin=\"{}\" type=\"{kind}\">",
                escaped(&m.found.origin)
            );
            let _ = writeln!(out, "          <source>{}</source>", content_2_1(&m.source, &data, &|_| false));
            let _ = writeln!(out, "          <target>{}</target>", content_2_1(&m.target, &data, &|_| false));
            let _ = writeln!(out, "        </mtc:match>");
        }
        let _ = writeln!(out, "      </mtc:matches>");
    }
    let _ = writeln!(out, "      <notes>");
    for note in &e.unit.notes {
        let _ =
            writeln!(out, "        <note category=\"{}\">{}</note>", note.kind.name(), note_text(&note.text));
    }
    let _ = writeln!(out, "      </notes>");
    if !data.is_empty() {
        let _ = writeln!(out, "      <originalData>");
        for (n, fluent) in data.iter().enumerate() {
            let _ = writeln!(out, "        <data id=\"d{}\">{}</data>", n + 1, plain_2_1(fluent));
        }
        let _ = writeln!(out, "      </originalData>");
    }
    let (state, sub_state) = match e.status {
        Status::New => ("initial", ""),
        Status::NeedsReview => ("initial", " subState=\"fluentpress:needs-review\""),
        Status::Prefilled { context: false } => ("initial", " subState=\"fluentpress:exact-match\""),
        Status::Prefilled { context: true } => ("initial", " subState=\"fluentpress:context-match\""),
        Status::Final => ("final", ""),
    };
    let _ = writeln!(out, "      <segment id=\"s1\" state=\"{state}\"{sub_state}>");
    // A translation that leaves a code out (say a plural form without its
    // number) cannot claim the code is not deletable.
    let kept = |id: &str| e.target.as_ref().is_none_or(|t| t.codes().any(|c| c.id == id));
    let source = content_2_1(&e.unit.source, &data, &kept);
    if e.matches.is_empty() {
        let _ = writeln!(out, "        <source>{source}</source>");
    } else {
        let _ = writeln!(out, "        <source><mrk id=\"m1\" type=\"mtc:match\">{source}</mrk></source>");
    }
    if let Some(target) = &e.target {
        let _ = writeln!(out, "        <target>{}</target>", content_2_1(target, &data, &kept));
    }
    let _ = writeln!(out, "      </segment>");
    let _ = writeln!(out, "    </unit>");
}

/// 2.1 text: characters XML cannot hold become `<cp/>`.
fn plain_2_1(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    xml::escape(&mut out, text, false, |out, c| {
        let _ = write!(out, "<cp hex=\"{:04X}\"/>", c as u32);
    });
    out
}

/// 2.1 inline content: codes are `<ph/>` pointing at their original data,
/// not to be copied, nor deleted when `kept` says the translation keeps them.
fn content_2_1(segment: &Segment, data: &[&str], kept: &dyn Fn(&str) -> bool) -> String {
    let mut out = String::new();
    for inline in segment.inlines() {
        match inline {
            Inline::Text(text) => out.push_str(&plain_2_1(text)),
            Inline::Code(Code { id, original: fluent, .. }) => {
                let data_ref = data.iter().position(|d| *d == fluent).map(|n| n + 1).unwrap_or_default();
                let can_delete = if kept(id) { " canDelete=\"no\"" } else { "" };
                let _ = write!(
                    out,
                    "<ph id=\"{}\" dataRef=\"d{data_ref}\" canCopy=\"no\"{can_delete} disp=\"{}\"/>",
                    escaped(id),
                    escaped(fluent)
                );
            }
            Inline::Foreign(_) => {}
        }
    }
    out
}
