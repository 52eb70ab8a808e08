//! The pipeline the commands share: a loaded project is parsed and checked
//! once; the locales that passed are formatted into editions and rendered.

use crate::aligned::AlignedRenderer;
use crate::check::{self, LoadedLayout};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::fsx::write_atomic;
use crate::ftl::Catalog;
use crate::ftl::EntryId;
use crate::layout::Layout;
use crate::model::LocalizedDocument;
use crate::model::Status;
use crate::project::Project;
use crate::render::{RenderContext, Renderer};
use std::collections::HashMap;

pub struct Checked<'p> {
    pub project: &'p Project,
    pub catalog: Catalog<'p>,
    pub layouts: Vec<LoadedLayout<'p>>,
    pub diagnostics: Vec<Diagnostic>,
}

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
        let catalog = Catalog::parse(project);
        let layouts: Vec<_> = project.documents.iter().map(LoadedLayout::parse).collect();
        let diagnostics = check::check(&catalog, &layouts);
        Checked { project, catalog, layouts, diagnostics }
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

    /// Every locale's edition for review: each message in its state —
    /// missing, broken or sound — the source first.
    pub fn review_editions(&self, name: &str, layout: &Layout) -> Vec<LocalizedDocument> {
        let mut editions: Vec<LocalizedDocument> = Vec::new();
        for (files, catalog) in self.project.locales.iter().zip(&self.catalog.locales) {
            let tag = files.locale.tag.as_str();
            let mut statuses = HashMap::new();
            for reference in layout.message_refs() {
                let id = EntryId { term: false, name: &reference.id };
                let error = self.diagnostics.iter().find(|d| {
                    d.is_error() && d.locale.as_deref() == Some(tag) && d.id.as_deref() == Some(&reference.id)
                });
                let status = match error {
                    _ if !catalog.contains(id) => Status::Missing,
                    Some(d) => Status::Error(d.message.clone()),
                    None => continue,
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

/// What `build` did.
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Paths relative to the project root.
    pub written: Vec<String>,
    pub skipped: Vec<Skipped>,
}

/// Checks the project, then runs every renderer on every document in every
/// locale fit to print, writing each file atomically; with `review`, also
/// the review edition of each document, in which every locale takes part.
pub fn build(project: &Project, renderers: &[Box<dyn Renderer>], review: bool) -> Result<BuildReport> {
    let checked = Checked::run(project);
    let tags: Vec<&str> = project.manifest.locales().map(|l| l.tag.as_str()).collect();
    let mut report =
        BuildReport { diagnostics: checked.diagnostics.clone(), written: Vec::new(), skipped: Vec::new() };
    let reviewer: [Box<dyn Renderer>; 1] = [Box::new(AlignedRenderer { review: true })];
    for layout in &checked.layouts {
        let (editions, left_out) = checked.editions(layout, &tags);
        for s in left_out {
            report.diagnostics.extend(s.diagnostics.iter().cloned());
            report.skipped.push(s);
        }
        let context = |editions| RenderContext {
            document: &layout.document.spec.name,
            editions,
            root: &project.root,
            layout_path: &layout.document.layout.path,
            locales: &tags,
        };
        if !editions.is_empty() {
            run_renderers(project, renderers, &context(&editions), &mut report)?;
        }
        if review && let Ok(parsed) = &layout.layout {
            let editions = checked.review_editions(&layout.document.spec.name, parsed);
            run_renderers(project, &reviewer, &context(&editions), &mut report)?;
        }
    }
    Ok(report)
}

fn run_renderers(
    project: &Project,
    renderers: &[Box<dyn Renderer>],
    context: &RenderContext<'_>,
    report: &mut BuildReport,
) -> Result<()> {
    for renderer in renderers {
        for rendered in renderer.render(context) {
            match rendered {
                Ok(output) => {
                    let relative = format!("{}/{}", project.manifest.output, output.path);
                    write_atomic(&project.root.join(&relative), &output.bytes)?;
                    report.written.push(relative);
                }
                Err(problem) => report.diagnostics.push(*problem),
            }
        }
    }
    Ok(())
}
