//! `fluentpress pdf`

use super::render::{Target, render_one};
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: Target,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    render_one(root, "pdf", args.target)
}
