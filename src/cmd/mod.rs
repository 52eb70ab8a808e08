//! One module per command; each turns its arguments into library calls and
//! the results into output and an exit code.

pub mod build;
pub mod check;
pub mod pdf;
pub mod render;
pub mod status;
pub mod tm;
pub mod xliff;

use fluentpress::diagnostic::Diagnostic;
use fluentpress::error::Error;
use fluentpress::project::Project;
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

pub fn load(root: &Path) -> anyhow::Result<Project> {
    Ok(Project::load(root)?)
}

#[derive(Clone, Copy, Default, clap::ValueEnum)]
pub enum Format {
    /// For people.
    #[default]
    Human,
    /// For tools.
    Json,
}

/// Prints diagnostics rustc-style, a blank line between them.
pub fn print_diagnostics(diagnostics: &[Diagnostic], to_stderr: bool) {
    for d in diagnostics {
        if to_stderr {
            eprintln!("{d}");
        } else {
            println!("{d}");
        }
    }
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
