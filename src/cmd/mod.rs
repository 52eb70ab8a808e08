//! One module per command; each turns its arguments into library calls and
//! the results into output and an exit code.

pub mod approve;
pub mod build;
pub mod check;
pub mod glossary;
pub mod pdf;
pub mod render;
pub mod status;
pub mod tm;
pub mod watch;
pub mod xliff;

use fluentpress::diagnostic::Diagnostic;
use fluentpress::error::Error;
use fluentpress::project::{Project, Writing};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `--project DIR` names the project folder exactly; without it the folder
/// is found by walking up from the current directory.
pub fn project_root(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    match explicit {
        Some(dir) if dir.join(fluentpress::manifest::FILE_NAME).is_file() => Ok(dir.to_path_buf()),
        Some(dir) => Err(Error::ManifestNotFound(dir.to_path_buf()).into()),
        None => Ok(Project::find_root(Path::new("."))?),
    }
}

/// Loads the project to read it.
pub fn load(root: &Path) -> anyhow::Result<Project> {
    let project = Project::load(root)?;
    report_recovery(&project);
    Ok(project)
}

/// Loads the project to write it, holding its lock until the result is
/// dropped.
pub fn load_for_writing(root: &Path) -> anyhow::Result<Writing> {
    let writing = Project::load_for_writing(root)?;
    report_recovery(&writing.project);
    if writing.removed_temporaries > 0 {
        eprintln!("removed {} temporary file(s) left by interrupted commands", writing.removed_temporaries);
    }
    Ok(writing)
}

/// A project loaded to write it (its lock held) or only to read it.
pub enum Loaded {
    Writing(Writing),
    Reading(Project),
}

impl std::ops::Deref for Loaded {
    type Target = Project;
    fn deref(&self) -> &Project {
        match self {
            Loaded::Writing(writing) => &writing.project,
            Loaded::Reading(project) => project,
        }
    }
}

/// Loads the project for a command that `writes` it or only reads it.
pub fn load_as(root: &Path, writes: bool) -> anyhow::Result<Loaded> {
    Ok(if writes { Loaded::Writing(load_for_writing(root)?) } else { Loaded::Reading(load(root)?) })
}

fn report_recovery(project: &Project) {
    if let Some(renamed) = project.recovered {
        eprintln!(
            "finished a write that an interrupted command left half done: {renamed} file(s) put in place"
        );
    }
}

#[derive(Clone, Copy, Default, clap::ValueEnum)]
pub enum Format {
    /// For people.
    #[default]
    Human,
    /// For tools.
    Json,
}

/// Prints diagnostics rustc-style, a blank line between them; what changed
/// in a source is coloured on a terminal (unless `NO_COLOR` is set) and
/// marked `[-old-]{+new+}` elsewhere.
pub fn print_diagnostics(diagnostics: &[Diagnostic], to_stderr: bool) {
    let colour = colour(to_stderr);
    // What the project allows, with its reason, is counted and in JSON, as
    // rustc keeps quiet about an allowed lint.
    for d in diagnostics.iter().filter(|d| d.allowed.is_none()) {
        let shown = if colour { d.coloured().to_string() } else { d.to_string() };
        if to_stderr {
            eprintln!("{shown}");
        } else {
            println!("{shown}");
        }
    }
}

/// Whether output to standard error (or else output) may be coloured: it
/// goes to a terminal, and `NO_COLOR` is unset or empty.
pub fn colour(to_stderr: bool) -> bool {
    use std::io::IsTerminal;
    let terminal = if to_stderr { std::io::stderr().is_terminal() } else { std::io::stdout().is_terminal() };
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Reports an error that stopped a command; the exit code says what kind.
pub fn report_error(error: &anyhow::Error) -> ExitCode {
    match error.downcast_ref::<Error>() {
        Some(e @ Error::Invalid(_)) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code())
        }
        Some(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
        None => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
