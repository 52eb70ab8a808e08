//! `render` and `pdf`: one document in one locale through one renderer,
//! to standard output or a file. An edition that cannot be made removes the
//! earlier file at its destination, so that no stale edition is printed.

use super::build::renderers;
use super::checked::Checked;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::fsx::{self, write_atomic};
use crate::project::Project;
use crate::render::RenderContext;
use std::path::PathBuf;

/// What to render.
pub struct RenderRequest<'a> {
    /// The renderer's name: `text`, `pdf`.
    pub format: &'a str,
    pub locale: &'a str,
    /// By name; the project's first document by default.
    pub document: Option<&'a str>,
    /// A file, or `None` for the renderer's file in the output folder.
    pub output: Option<PathBuf>,
    /// Whether the output goes to standard output instead.
    pub to_stdout: bool,
}

/// What rendering did.
#[derive(Default)]
pub struct RenderReport {
    /// What goes to standard output.
    pub printed: Vec<u8>,
    /// Files written, shown relative to the project root.
    pub written: Vec<String>,
    /// Why the edition could not be made: the errors that stopped it, and a
    /// summary line.
    pub failure: Option<(Vec<Diagnostic>, Option<String>)>,
    /// An earlier file removed because this one could not be made, and why.
    pub removed: Option<(String, String)>,
}

pub fn render_one(project: &Project, request: &RenderRequest<'_>) -> Result<RenderReport> {
    project.locale(request.locale)?;
    let document = project.document(request.document)?;
    let Some(renderer) = renderers().into_iter().find(|r| r.name() == request.format) else {
        return Err(Error::Refused(format!("no renderer for the format `{}`", request.format)));
    };
    let checked = Checked::for_locales(project, &[request.locale]);
    let layout = checked
        .layouts
        .iter()
        .find(|l| l.document.spec.name == document.spec.name)
        .expect("every document has a layout");
    let (editions, skipped) = checked.editions(layout, &[request.locale]);
    let shown = |path: &PathBuf| path.strip_prefix(&project.root).unwrap_or(path).display().to_string();
    // Where the edition goes when it is not printed.
    let destination = match &request.output {
        _ if request.to_stdout => None,
        Some(path) => Some(path.clone()),
        None => renderer
            .planned(&document.spec.name, layout.layout.as_ref().ok(), &[request.locale])
            .first()
            .map(|name| project.output_dir().join(name)),
    };
    let mut report = RenderReport::default();
    let remove_earlier = |report: &mut RenderReport, why: String| -> Result<()> {
        if let Some(path) = &destination
            && fsx::remove_if_present(path)?
        {
            report.removed = Some((shown(path), why));
        }
        Ok(())
    };
    if let Some(skipped) = skipped.first() {
        let locale = Some(request.locale);
        let relevant: Vec<Diagnostic> = checked
            .diagnostics
            .iter()
            .chain(&skipped.diagnostics)
            .filter(|d| d.is_error() && (d.locale.as_deref() == locale || d.locale.is_none()))
            .cloned()
            .collect();
        let summary =
            format!("cannot render {} in {}: {}", document.spec.name, request.locale, skipped.reason);
        report.failure = Some((relevant, Some(summary)));
        remove_earlier(&mut report, format!("{} was skipped: {}", request.locale, skipped.reason))?;
        return Ok(report);
    }
    let locales: Vec<&str> = project.manifest.locales().map(|l| l.tag.as_str()).collect();
    let context = RenderContext {
        document: &document.spec.name,
        editions: &editions.iter().collect::<Vec<_>>(),
        root: &project.root,
        layout_path: &document.layout.path,
        locales: &locales,
        files: &project.locales,
    };
    for rendered in renderer.render(&context) {
        let output = match rendered {
            Ok(output) => output,
            Err(problem) => {
                report.failure = Some((vec![*problem], None));
                remove_earlier(&mut report, "it could not be made again (see the error above)".to_string())?;
                return Ok(report);
            }
        };
        if request.to_stdout {
            report.printed.extend(output.bytes);
        } else {
            let path = destination.clone().unwrap_or_else(|| project.output_dir().join(&output.path));
            write_atomic(&path, &output.bytes)?;
            report.written.push(shown(&path));
        }
    }
    Ok(report)
}
