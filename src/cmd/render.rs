//! `fluentpress render`

use super::{load_as, print_diagnostics};
use anyhow::bail;
use fluentpress::fsx::{self, write_atomic};
use fluentpress::pipeline;
use fluentpress::pipeline::Checked;
use fluentpress::render::RenderContext;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The output format.
    #[arg(long, value_parser = ["text", "pdf"])]
    format: String,
    #[command(flatten)]
    target: Target,
}

/// Which edition to render, and where to.
#[derive(clap::Args)]
pub struct Target {
    /// The locale to render, e.g. `pl`.
    #[arg(long)]
    locale: String,
    /// The document, by its name in the manifest; by default the first.
    #[arg(long)]
    document: Option<String>,
    /// Where to write: a file, or `-` for standard output. By default text
    /// goes to standard output and a PDF into the output folder.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    render_one(root, &args.format, args.target)
}

/// Renders one document in one locale with the renderer named `format`.
pub fn render_one(root: &Path, format: &str, target: Target) -> anyhow::Result<ExitCode> {
    let to_stdout = match &target.output {
        Some(path) => path.as_os_str() == "-",
        None => format == "text",
    };
    // A command that writes a file holds the project's lock.
    // A command that writes a file holds the project's lock.
    let loaded = load_as(root, !to_stdout)?;
    let project = &*loaded;
    project.locale(&target.locale)?;
    let document = project.document(target.document.as_deref())?;
    let Some(renderer) = pipeline::renderers().into_iter().find(|r| r.name() == format) else {
        bail!("no renderer for the format `{format}`");
    };
    let checked = Checked::run(project);
    let layout = checked
        .layouts
        .iter()
        .find(|l| l.document.spec.name == document.spec.name)
        .expect("every document has a layout");
    let (editions, skipped) = checked.editions(layout, &[target.locale.as_str()]);
    // Where the edition goes when it is not printed: an earlier one there
    // is removed when this one cannot be made.
    let destination = match &target.output {
        _ if to_stdout => None,
        Some(path) => Some(path.clone()),
        None => renderer
            .planned(&document.spec.name, layout.layout.as_ref().ok(), &[target.locale.as_str()])
            .first()
            .map(|name| project.output_dir().join(name)),
    };
    let remove_earlier = |why: &str| -> anyhow::Result<()> {
        if let Some(path) = &destination
            && fsx::remove_if_present(path)?
        {
            eprintln!("removed {}: {why}", path.strip_prefix(&project.root).unwrap_or(path).display());
        }
        Ok(())
    };
    if let Some(skipped) = skipped.first() {
        let locale = Some(target.locale.as_str());
        let relevant: Vec<_> = checked
            .diagnostics
            .iter()
            .chain(&skipped.diagnostics)
            .filter(|d| d.is_error() && (d.locale.as_deref() == locale || d.locale.is_none()))
            .cloned()
            .collect();
        print_diagnostics(&relevant, true);
        eprintln!("error: cannot render {} in {}: {}", document.spec.name, target.locale, skipped.reason);
        remove_earlier(&format!("{} was skipped: {}", target.locale, skipped.reason))?;
        return Ok(ExitCode::from(1));
    }
    let locales: Vec<&str> = project.manifest.locales().map(|l| l.tag.as_str()).collect();
    let context = RenderContext {
        document: &document.spec.name,
        editions: &editions,
        root: &project.root,
        layout_path: &document.layout.path,
        locales: &locales,
    };
    for rendered in renderer.render(&context) {
        let output = match rendered {
            Ok(output) => output,
            Err(problem) => {
                print_diagnostics(&[*problem], true);
                remove_earlier("it could not be made again (see the error above)")?;
                return Ok(ExitCode::from(1));
            }
        };
        if to_stdout {
            std::io::stdout().lock().write_all(&output.bytes)?;
        } else {
            let path = destination.clone().unwrap_or_else(|| project.output_dir().join(&output.path));
            write_atomic(&path, &output.bytes)?;
            println!("wrote {}", path.strip_prefix(&project.root).unwrap_or(&path).display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
