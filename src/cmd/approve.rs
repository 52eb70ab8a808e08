//! `fluentpress approve` and `fluentpress unapprove`

use super::load_for_writing;
use fluentpress::ops::approve::{self, Selection};
use fluentpress::tm::Date;
use std::path::Path;
use std::process::{Command, ExitCode};

#[derive(clap::Args)]
pub struct Args {
    /// The target locale whose translations are approved.
    #[arg(long, value_name = "LOCALE")]
    locale: String,
    /// The messages approved, by ID.
    #[arg(value_name = "ID", required_unless_present = "all", conflicts_with = "all")]
    ids: Vec<String>,
    /// Every message of the source.
    #[arg(long)]
    all: bool,
    /// Who approves; by default git's user.name for the project.
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
}

#[derive(clap::Args)]
pub struct UnapproveArgs {
    /// The target locale.
    #[arg(long, value_name = "LOCALE")]
    locale: String,
    /// The messages whose approval is withdrawn, by ID.
    #[arg(value_name = "ID", required = true)]
    ids: Vec<String>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let writing = load_for_writing(root)?;
    let by = match args.by {
        Some(by) => by,
        None => git_user(root).ok_or_else(|| {
            anyhow::anyhow!("say who approves: --by NAME (git's user.name is not set for this project)")
        })?,
    };
    let date = Date::now().day();
    let selection = if args.all { Selection::All } else { Selection::Ids(args.ids) };
    let done = approve::approve(&writing.project, &args.locale, &selection, &by, date)?;
    for id in &done.approved {
        println!("approved {id}");
    }
    eprintln!(
        "{} approved by {by} on {date} in {}; {} already approved as they stand",
        done.approved.len(),
        args.locale,
        done.unchanged.len()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run_unapprove(root: &Path, args: UnapproveArgs) -> anyhow::Result<ExitCode> {
    let writing = load_for_writing(root)?;
    let withdrawn = approve::unapprove(&writing.project, &args.locale, &args.ids)?;
    eprintln!("{withdrawn} approval(s) withdrawn in {}", args.locale);
    Ok(ExitCode::SUCCESS)
}

/// git's `user.name` as the project's repository sees it.
fn git_user(root: &Path) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(root).args(["config", "user.name"]).output().ok()?;
    let name = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !name.is_empty()).then_some(name)
}
