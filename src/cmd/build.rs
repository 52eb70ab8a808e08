//! `fluentpress build`

use super::{load_for_writing, print_diagnostics};
use fluentpress::diagnostic::Tally;
use fluentpress::ops;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Also write the review edition: the languages side by side with each
    /// message's ID and the state of every translation.
    #[arg(long)]
    review: bool,
    /// Print a translation only if every message of it is approved as it
    /// stands (fluentpress approve); its PDF then records who approved it
    /// and when.
    #[arg(long)]
    official: bool,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let writing = load_for_writing(root)?;
    let project = &writing.project;
    let options = ops::BuildOptions { review: args.review, official: args.official, only: None };
    let report = ops::build(project, &ops::renderers(), &options)?;
    print_diagnostics(&report.diagnostics, true);
    for path in &report.written {
        println!("wrote {path}");
    }
    if report.learnt > 0 {
        eprintln!("the memory learnt {} pair(s) into {}", report.learnt, project.manifest.tm);
    }
    for s in &report.skipped {
        eprintln!("skipped {} in {}: {}", s.document, s.locale, s.reason);
    }
    for (path, reason) in &report.removed {
        eprintln!("removed {path}: {reason}");
    }
    let tally = Tally::of(&report.diagnostics);
    let files = match report.written.len() {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    eprintln!("build: {files} written, {tally}");
    Ok(ExitCode::from(u8::from(tally.errors > 0)))
}
