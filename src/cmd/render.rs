//! `fluentpress render`

use super::{load, print_diagnostics};
use anyhow::bail;
use fluentpress::pipeline::Checked;
use fluentpress::render::{self, RenderContext};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The output format.
    #[arg(long, value_parser = ["text"])]
    format: String,
    /// The locale to render, e.g. `pl`.
    #[arg(long)]
    locale: String,
    /// The document, by its name in the manifest; by default the first.
    #[arg(long)]
    document: Option<String>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let project = load(root)?;
    project.locale(&args.locale)?;
    let document = project.document(args.document.as_deref())?;
    let checked = Checked::run(&project);
    let layout = checked
        .layouts
        .iter()
        .find(|l| l.document.spec.name == document.spec.name)
        .expect("every document has a layout");
    let (editions, skipped) = checked.editions(layout, &[args.locale.as_str()]);
    if let Some(skipped) = skipped.first() {
        let locale = Some(args.locale.as_str());
        let relevant: Vec<_> = checked
            .diagnostics
            .iter()
            .chain(&skipped.diagnostics)
            .filter(|d| d.is_error() && (d.locale.as_deref() == locale || d.locale.is_none()))
            .cloned()
            .collect();
        print_diagnostics(&relevant, true);
        eprintln!(
            "error: cannot render {} in {}: {}",
            document.spec.name, args.locale, skipped.reason
        );
        return Ok(ExitCode::from(1));
    }
    let Some(renderer) = render::all().into_iter().find(|r| r.name() == args.format) else {
        bail!("no renderer for the format `{}`", args.format);
    };
    let context = RenderContext {
        document: &document.spec.name,
        editions: &editions,
    };
    let mut stdout = std::io::stdout().lock();
    for output in renderer.render(&context)? {
        stdout.write_all(&output.bytes)?;
    }
    Ok(ExitCode::SUCCESS)
}
