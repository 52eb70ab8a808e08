//! `status`: per locale, how much of the source is translated, what is
//! missing or broken, and how many source words that represents.

use crate::approval::{self, Approvals, Verdict};
use crate::diagnostic::{Diagnostic, Severity, qa_default};
use crate::diff::Change;
use crate::ftl::{self, Catalog, EntryId};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Status {
    pub source: String,
    /// Messages and terms of the source.
    pub messages: usize,
    pub words: usize,
    pub locales: Vec<LocaleStatus>,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct LocaleStatus {
    pub locale: String,
    pub translated: usize,
    pub missing: usize,
    /// Translated messages that `check` finds errors in.
    pub with_errors: usize,
    /// Translated messages whose source changed since (see `tm::leverage`).
    pub stale: usize,
    /// Entries with no source counterpart.
    pub obsolete: usize,
    /// Source words of the missing messages.
    pub missing_words: usize,
    /// Translation-QA findings in the locale (not messages: a message may
    /// have several, and `with_errors` counts it once), allowed ones aside.
    pub qa_errors: usize,
    pub qa_warnings: usize,
    /// Source messages (terms aside) whose translation is approved as both
    /// texts now stand, and the others.
    pub approved: usize,
    pub unapproved: usize,
    /// Each stale translation and what changed in its source since.
    pub stale_sources: Vec<StaleSource>,
}

/// A stale translation, as `status --format json` lists it.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct StaleSource {
    pub id: String,
    /// The translation's place, `file:line:column`.
    pub at: String,
    /// From the source it was made for to the current one, word by word.
    pub changes: Vec<Change>,
}

impl Status {
    /// `approvals` holds each target's, in the catalog's order.
    pub fn of(catalog: &Catalog<'_>, diagnostics: &[Diagnostic], approvals: &[&Approvals]) -> Status {
        let source = catalog.source();
        let entries: Vec<(&str, EntryId<'_>, usize)> = source
            .resources
            .iter()
            .flat_map(|r| {
                r.entries().map(move |(_, e)| {
                    let words = e.patterns().iter().map(|(_, p)| ftl::word_count(p)).sum();
                    (r.file.name.as_str(), e.id(), words)
                })
            })
            .collect();
        let messages: Vec<&str> =
            entries.iter().filter(|(_, id, _)| !id.term).map(|(_, id, _)| id.name).collect();
        let verdicts = approval::Verdicts::default();
        let locales = catalog
            .targets()
            .iter()
            .zip(approvals)
            .map(|(target, approvals)| {
                let tag = target.tag();
                let approved = messages
                    .iter()
                    .filter(|id| {
                        matches!(verdicts.verdict(approvals, source, target, id), Some(Verdict::Approved(_)))
                    })
                    .count();
                let translated: Vec<_> = entries
                    .iter()
                    .filter(|(file, id, _)| target.resource(file).is_some_and(|r| r.get(*id).is_some()))
                    .collect();
                let in_locale = |d: &&Diagnostic| d.locale.as_deref() == Some(tag);
                let qa: Vec<&Diagnostic> = diagnostics
                    .iter()
                    .filter(in_locale)
                    .filter(|d| d.allowed.is_none() && qa_default(d.code).is_some())
                    .collect();
                let stale: Vec<&Diagnostic> =
                    diagnostics.iter().filter(in_locale).filter(|d| d.code == "stale").collect();
                let broken: BTreeSet<&str> = diagnostics
                    .iter()
                    .filter(in_locale)
                    .filter(|d| d.is_error())
                    .filter_map(|d| d.id.as_deref())
                    .collect();
                LocaleStatus {
                    locale: tag.to_string(),
                    translated: translated.len(),
                    missing: entries.len() - translated.len(),
                    with_errors: translated
                        .iter()
                        .filter(|(_, id, _)| broken.contains(id.to_string().as_str()))
                        .count(),
                    stale: stale.iter().filter_map(|d| d.id.as_deref()).collect::<BTreeSet<_>>().len(),
                    obsolete: diagnostics.iter().filter(in_locale).filter(|d| d.code == "obsolete").count(),
                    missing_words: entries.iter().map(|e| e.2).sum::<usize>()
                        - translated.iter().map(|e| e.2).sum::<usize>(),
                    qa_errors: qa.iter().filter(|d| d.severity == Severity::Error).count(),
                    qa_warnings: qa.iter().filter(|d| d.severity == Severity::Warning).count(),
                    approved,
                    unapproved: messages.len() - approved,
                    stale_sources: stale
                        .iter()
                        .map(|d| StaleSource {
                            id: d.id.clone().unwrap_or_default(),
                            at: d.location(),
                            changes: d.changes.clone(),
                        })
                        .collect(),
                }
            })
            .collect();
        Status {
            source: source.tag().to_string(),
            messages: entries.len(),
            words: entries.iter().map(|e| e.2).sum(),
            locales,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "source {}: {} messages and terms, {} words", self.source, self.messages, self.words)?;
        let header = [
            "locale",
            "translated",
            "missing",
            "stale",
            "errors",
            "obsolete",
            "words to do",
            "qa errors",
            "qa warnings",
            "approved",
        ];
        let rows: Vec<[String; 10]> = self
            .locales
            .iter()
            .map(|l| {
                [
                    l.locale.clone(),
                    format!("{}/{}", l.translated, self.messages),
                    l.missing.to_string(),
                    l.stale.to_string(),
                    l.with_errors.to_string(),
                    l.obsolete.to_string(),
                    l.missing_words.to_string(),
                    l.qa_errors.to_string(),
                    l.qa_warnings.to_string(),
                    format!("{}/{}", l.approved, l.approved + l.unapproved),
                ]
            })
            .collect();
        let widths: Vec<usize> = (0..header.len())
            .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0))
            .collect();
        let line = |cells: Vec<&str>| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (c, w))| if i == 0 { format!("{c:<w$}") } else { format!("{c:>w$}") })
                .collect();
            padded.join("  ")
        };
        writeln!(f, "{}", line(header.to_vec()))?;
        for row in &rows {
            writeln!(f, "{}", line(row.iter().map(String::as_str).collect()))?;
        }
        Ok(())
    }
}
