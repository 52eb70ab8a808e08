//! The library's error type: what stops a command before it can report on the
//! content, and how each maps to the command line's exit codes. The format
//! modules (`tm`, `xliff`) have error types of their own, which `ops` turns
//! into this one: this module knows none of them.

use crate::diagnostic::Diagnostic;
use std::fmt::Write as _;
use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no fluentpress.toml in {} or any directory above it", .0.display())]
    ManifestNotFound(PathBuf),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    /// Project files that cannot be understood; the diagnostics say where.
    #[error("{}", render(.0))]
    Invalid(Vec<Diagnostic>),
    #[error("unknown locale `{requested}`: the project's locales are {known}")]
    UnknownLocale { requested: String, known: String },
    #[error("`{requested}` is not a target locale: the project translates into {known}")]
    UnknownTarget { requested: String, known: String },
    #[error("unknown document `{requested}`: the project's documents are {known}")]
    UnknownDocument { requested: String, known: String },
    /// A file of an exchange format (TMX, XLIFF) that cannot be read or
    /// written, or that fluentpress refuses: the format module's own error,
    /// which names the file and the place.
    #[error("{0}")]
    Exchange(Box<dyn std::error::Error + Send + Sync>),
    /// What a command was asked to do cannot be done; the message says why.
    #[error("{0}")]
    Refused(String),
    /// Another process holds the project's write lock.
    #[error(
        "another fluentpress is writing this project{}: try again when it is done",
        pid.map(|p| format!(" (pid {p})")).unwrap_or_default()
    )]
    Locked { pid: Option<u32> },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// 1 when the content is at fault, 2 for usage and I/O.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) | Error::Exchange(_) | Error::Refused(_) => 1,
            _ => 2,
        }
    }
}

fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = write!(out, "{d}");
    }
    out.trim_end().to_string()
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
