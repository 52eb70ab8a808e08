//! The pipeline the commands share: a loaded project is parsed and checked
//! once; the locales that passed are formatted into editions and rendered.

use crate::check::{self, LoadedLayout};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::fsx::write_atomic;
use crate::ftl::Catalog;
use crate::model::LocalizedDocument;
use crate::project::Project;
use crate::render::{RenderContext, Renderer};

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

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
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
/// locale fit to print, writing each file atomically.
pub fn build(project: &Project, renderers: &[Box<dyn Renderer>]) -> Result<BuildReport> {
    let checked = Checked::run(project);
    let tags: Vec<&str> = project.manifest.locales().map(|l| l.tag.as_str()).collect();
    let mut diagnostics = checked.diagnostics.clone();
    let mut written = Vec::new();
    let mut skipped = Vec::new();
    for layout in &checked.layouts {
        let (editions, left_out) = checked.editions(layout, &tags);
        for s in left_out {
            diagnostics.extend(s.diagnostics.iter().cloned());
            skipped.push(s);
        }
        if editions.is_empty() {
            continue;
        }
        let context = RenderContext {
            document: &layout.document.spec.name,
            editions: &editions,
            root: &project.root,
            layout_path: &layout.document.layout.path,
        };
        for renderer in renderers {
            for rendered in renderer.render(&context) {
                match rendered {
                    Ok(output) => {
                        let relative = format!("{}/{}", project.manifest.output, output.path);
                        write_atomic(&project.root.join(&relative), &output.bytes)?;
                        written.push(relative);
                    }
                    Err(problem) => diagnostics.push(*problem),
                }
            }
        }
    }
    Ok(BuildReport { diagnostics, written, skipped })
}
