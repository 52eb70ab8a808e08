//! `fluentpress status`

use super::{Format, load};
use fluentpress::pipeline::Checked;
use fluentpress::status::Status;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// How to print the table.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let project = load(root)?;
    let checked = Checked::run(&project);
    let status = Status::of(&checked.catalog, &checked.diagnostics);
    match args.format {
        Format::Human => print!("{status}"),
        Format::Json => println!("{}", serde_json::to_string_pretty(&status)?),
    }
    Ok(ExitCode::SUCCESS)
}
