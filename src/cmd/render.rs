//! `fluentpress render`

use super::{load_as, print_diagnostics};
use fluentpress::ops::{self, render::RenderRequest};
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
    let project = load_as(root, !to_stdout)?;
    let request = RenderRequest {
        format,
        locale: &target.locale,
        document: target.document.as_deref(),
        output: target.output.filter(|_| !to_stdout),
        to_stdout,
    };
    let report = ops::render::render_one(&project, &request)?;
    std::io::stdout().lock().write_all(&report.printed)?;
    for path in &report.written {
        println!("wrote {path}");
    }
    if let Some((diagnostics, summary)) = &report.failure {
        print_diagnostics(diagnostics, true);
        if let Some(summary) = summary {
            eprintln!("error: {summary}");
        }
    }
    if let Some((path, why)) = &report.removed {
        eprintln!("removed {path}: {why}");
    }
    Ok(ExitCode::from(u8::from(report.failure.is_some())))
}
