//! `build`: every output of every document for every locale fit to print,
//! written atomically; earlier outputs this build did not make again
//! removed; then the memory learns and each target's XLIFF of what needs
//! work is written.

use super::checked::{Checked, Skipped, XliffRequest};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::fsx::{Transaction, write_atomic};
use crate::model::LocalizedDocument;
use crate::project::Project;
use crate::render::aligned::AlignedRenderer;
use crate::render::pdf::PdfRenderer;
use crate::render::text::TextRenderer;
use crate::render::{RenderContext, Renderer};
use crate::tm::{self, leverage::Stamp};
use crate::xliff::{self, Version};

/// Every renderer `build` runs, in order.
pub fn renderers() -> Vec<Box<dyn Renderer>> {
    vec![Box::new(TextRenderer), Box::new(PdfRenderer), Box::new(AlignedRenderer { review: false })]
}

/// What `build` did.
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Paths relative to the project root.
    pub written: Vec<String>,
    /// Earlier outputs that this build did not make again, removed so that
    /// no stale edition is left to print: (path relative to the root, why).
    pub removed: Vec<(String, String)>,
    pub skipped: Vec<Skipped>,
    /// Pairs the project memory learnt.
    pub learnt: usize,
}

/// Who the memory says made the pairs it learns from the `.ftl` files.
pub const LEARNT_BY: &str = "fluentpress";

/// Which editions `build` makes beside the print ones.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Also the review edition of each document.
    pub review: bool,
    /// Print only what is approved (see [`Checked::official_editions`]).
    pub official: bool,
    /// The locales whose own editions are made, all when `None`; editions
    /// side by side always take every locale.
    pub only: Option<Vec<String>>,
}

/// Checks the project, then runs every renderer on every document in every
/// locale fit to print (with `official`, approved too), writing each file
/// atomically; with `review`, also the review edition of each document, in
/// which every locale takes part. Then the memory learns the current
/// translations, and each target locale's XLIFF 1.2 of what needs work is
/// written for the agencies.
pub fn build(
    project: &Project,
    renderers: &[Box<dyn Renderer>],
    options: &BuildOptions,
) -> Result<BuildReport> {
    let mut checked = Checked::run(project);
    let mut report = write_editions(&checked, renderers, options)?;
    let mut transaction = Transaction::new(&project.root, &project.output_dir());
    let stamp = Stamp { date: tm::Date::now(), creator: LEARNT_BY.to_string() };
    report.learnt = checked.learn(&stamp, &mut transaction)?;
    transaction.commit()?;
    write_xliff(&checked, &mut report)?;
    Ok(report)
}

/// The editions `options` asks for, of a project checked already, written
/// atomically; earlier ones of theirs that could not be made again are
/// removed. What `watch` does on each save: the memory learns nothing.
pub fn write_editions(
    checked: &Checked<'_>,
    renderers: &[Box<dyn Renderer>],
    options: &BuildOptions,
) -> Result<BuildReport> {
    let project = checked.project;
    let tags: Vec<&str> = project.manifest.locales().map(|l| l.tag.as_str()).collect();
    let own: Vec<&str> = match &options.only {
        Some(only) => tags.iter().copied().filter(|t| only.iter().any(|o| o == t)).collect(),
        None => tags.clone(),
    };
    let mut report = BuildReport {
        diagnostics: checked.diagnostics.clone(),
        written: Vec::new(),
        removed: Vec::new(),
        skipped: Vec::new(),
        learnt: 0,
    };
    let reviewer = AlignedRenderer { review: true };
    let locales_of = |r: &dyn Renderer| if r.spans_locales() { &tags } else { &own };
    for layout in &checked.layouts {
        let name = &layout.document.spec.name;
        let parsed = layout.layout.as_ref().ok();
        let mut planned: Vec<String> =
            renderers.iter().flat_map(|r| r.planned(name, parsed, locales_of(r.as_ref()))).collect();
        if options.review {
            planned.extend(reviewer.planned(name, parsed, &tags));
        }
        let (editions, left_out) = match options.official {
            true => checked.official_editions(layout, &tags),
            false => checked.editions(layout, &tags),
        };
        let skipped_from = report.skipped.len();
        for s in left_out {
            report.diagnostics.extend(s.diagnostics.iter().cloned());
            report.skipped.push(s);
        }
        let context = |editions| RenderContext {
            document: name,
            editions,
            root: &project.root,
            layout_path: &layout.document.layout.path,
            locales: &tags,
            files: &project.locales,
        };
        let every: Vec<&LocalizedDocument> = editions.iter().collect();
        let mine: Vec<&LocalizedDocument> =
            every.iter().copied().filter(|e| own.contains(&e.locale.tag.as_str())).collect();
        for renderer in renderers {
            let editions = if renderer.spans_locales() { &every } else { &mine };
            if !editions.is_empty() {
                run_renderer(project, renderer.as_ref(), &context(editions), &mut report)?;
            }
        }
        if options.review
            && let Ok(parsed) = &layout.layout
        {
            let editions = checked.review_editions(name, parsed);
            run_renderer(project, &reviewer, &context(&editions.iter().collect::<Vec<_>>()), &mut report)?;
        }
        remove_unmade(project, &planned, skipped_from, &mut report)?;
    }
    Ok(report)
}

/// `out/xliff/<document>.<source>-<target>.xlf` for each target, with the
/// memory's matches; a target with nothing to do has none (an older file
/// is removed, so what is there is always current).
fn write_xliff(checked: &Checked<'_>, report: &mut BuildReport) -> Result<()> {
    let project = checked.project;
    let manifest = &project.manifest;
    let targets: Vec<&str> = manifest.targets.iter().map(|l| l.tag.as_str()).collect();
    let name = manifest.documents.first().map_or("project", |d| d.name.as_str());
    for target in &targets {
        let relative = format!(
            "{}/xliff/{}",
            manifest.output,
            xliff::export_file_name(name, &manifest.source.tag, target)
        );
        let path = project.root.join(&relative);
        let units = checked.units(target)?;
        if !units.files.iter().flat_map(|f| &f.units).any(|u| u.state.needs_work()) {
            crate::fsx::remove_if_present(&path)?;
            continue;
        }
        let request = XliffRequest { version: Version::V1_2, all: false, copy_source: false };
        if let Some(text) = checked.export_xliff(checked.memory.as_ref(), units, &request)? {
            write_atomic(&path, text.as_bytes())?;
            report.written.push(relative);
        }
    }
    Ok(())
}

/// Removes each `planned` output of a document that this build did not
/// write, with the reason: its locale was skipped (the skips from
/// `skipped_from` on are the document's), or it could not be made.
fn remove_unmade(
    project: &Project,
    planned: &[String],
    skipped_from: usize,
    report: &mut BuildReport,
) -> Result<()> {
    for name in planned {
        let relative = format!("{}/{name}", project.manifest.output);
        if report.written.contains(&relative) {
            continue;
        }
        let skip = report.skipped[skipped_from..]
            .iter()
            .find(|s| name.strip_prefix(&format!("{}.{}.", s.document, s.locale)).is_some());
        let reason = match skip {
            Some(s) => format!("{} was skipped: {}", s.locale, s.reason),
            None => "it could not be made again (see the errors above)".to_string(),
        };
        if crate::fsx::remove_if_present(&project.root.join(&relative))? {
            report.removed.push((relative, reason));
        }
    }
    Ok(())
}

fn run_renderer(
    project: &Project,
    renderer: &dyn Renderer,
    context: &RenderContext<'_>,
    report: &mut BuildReport,
) -> Result<()> {
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
    Ok(())
}
