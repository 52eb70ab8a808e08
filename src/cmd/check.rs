//! `fluentpress check`

use super::{Format, load, print_diagnostics};
use fluentpress::diagnostic::Tally;
use fluentpress::ops::Checked;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// How to print the report.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let project = load(root)?;
    let checked = Checked::run(&project);
    let diagnostics = &checked.diagnostics;
    let tally = Tally::of(diagnostics);
    match args.format {
        Format::Human => {
            print_diagnostics(diagnostics, false);
            let files: usize = project.locales.iter().map(|l| l.files.len()).sum();
            let locales: Vec<_> = project.manifest.locales().map(|l| l.tag.as_str()).collect();
            println!("checked {files} files in {}: {tally}", locales.join(", "));
        }
        Format::Json => {
            let report = serde_json::json!({
                "diagnostics": diagnostics,
                "errors": tally.errors,
                "warnings": tally.warnings,
                "notes": tally.notes,
                "allowed": tally.allowed,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    let failed = tally.errors > 0 || (args.strict && tally.warnings > 0);
    Ok(ExitCode::from(u8::from(failed)))
}
