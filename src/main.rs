//! The `fluentpress` command line: parses arguments, finds the project and
//! hands over to one module per command.

mod cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "fluentpress",
    version,
    about = "Keeps an official document as Fluent messages in several languages and builds it."
)]
struct Cli {
    /// The project folder; by default the nearest folder at or above the
    /// current one that holds a fluentpress.toml.
    #[arg(long, global = true, value_name = "DIR")]
    project: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every locale against the source, and the layouts against the messages.
    #[command(
        after_help = "Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage or I/O error.\n\nExample:\n  fluentpress check --format json"
    )]
    Check(cmd::check::Args),
    /// Show per locale what is translated, missing and broken.
    #[command(after_help = "Example:\n  fluentpress status --format json")]
    Status(cmd::status::Args),
    /// Print one locale's edition of a document.
    #[command(after_help = "Example:\n  fluentpress render --format text --locale pl")]
    Render(cmd::render::Args),
    /// Write one locale's print PDF into the output folder.
    #[command(after_help = "Example:\n  fluentpress pdf --locale pl")]
    Pdf(cmd::pdf::Args),
    /// Check, then write every output of every document to the output folder.
    #[command(
        after_help = "Locales with errors (with --official, or with a message not approved) are skipped; the others are still written.\n\nExample:\n  fluentpress --project ~/resolution build --official"
    )]
    Build(cmd::build::Args),
    /// Record that a person approved translations as they now stand.
    #[command(
        after_help = "An approval lapses by itself when the source or the translation changes.\n\nExample:\n  fluentpress approve --locale pl --all --by \"Anna Nowak\""
    )]
    Approve(cmd::approve::Args),
    /// Withdraw approvals.
    #[command(after_help = "Example:\n  fluentpress unapprove --locale pl resolution-title")]
    Unapprove(cmd::approve::UnapproveArgs),
    /// Check and rebuild on every save of the project's files, until Ctrl-C.
    #[command(
        after_help = "Only the locales whose files changed are rebuilt (and the editions side by side); the memory learns nothing.\n\nExample:\n  fluentpress watch --review"
    )]
    Watch(cmd::watch::Args),
    /// The glossary (TBX): import, export, lookup.
    #[command(subcommand)]
    Glossary(cmd::glossary::Command),
    /// The translation memory: import, export, lookup, learn, confirm.
    #[command(subcommand)]
    Tm(cmd::tm::Command),
    /// XLIFF 1.2 and 2.1 for translation agencies: export, import.
    #[command(subcommand)]
    Xliff(cmd::xliff::Command),
}

fn main() -> ExitCode {
    end_quietly_when_the_reader_goes();
    let cli = Cli::parse();
    let result = cmd::project_root(cli.project.as_deref()).and_then(|root| match cli.command {
        Command::Check(args) => cmd::check::run(&root, args),
        Command::Status(args) => cmd::status::run(&root, args),
        Command::Render(args) => cmd::render::run(&root, args),
        Command::Pdf(args) => cmd::pdf::run(&root, args),
        Command::Build(args) => cmd::build::run(&root, args),
        Command::Approve(args) => cmd::approve::run(&root, args),
        Command::Unapprove(args) => cmd::approve::run_unapprove(&root, args),
        Command::Watch(args) => cmd::watch::run(&root, args),
        Command::Glossary(command) => cmd::glossary::run(&root, command),
        Command::Tm(command) => cmd::tm::run(&root, command),
        Command::Xliff(command) => cmd::xliff::run(&root, command),
    });
    match result {
        Ok(code) => code,
        Err(error) => cmd::report_error(&error),
    }
}

/// A reader that goes away (`fluentpress check | head -1`) ends the process
/// as it ends any Unix tool, by SIGPIPE, quietly: Rust ignores the signal
/// and its `println!` panics instead. What is being written stays whole:
/// files are written atomically, and a transaction cut short is finished by
/// the next command.
fn end_quietly_when_the_reader_goes() {
    #[cfg(unix)]
    // SAFETY: restores the default disposition of one signal before any
    // thread starts; no handler runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
