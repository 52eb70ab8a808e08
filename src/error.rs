//! The library's error type: what stops a command before it can report on the
//! content, and how each maps to the command line's exit codes.

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
    /// A TMX file that cannot be read, or that has nothing for the project.
    #[error("{}", at_file(path, source))]
    Tmx { path: PathBuf, source: crate::tm::Error },
    /// An XLIFF file that cannot be read or written, or that fluentpress refuses.
    #[error("{}", xliff_at_file(path, source))]
    Xliff { path: PathBuf, source: crate::xliff::XliffError },
    /// What a command was asked to do cannot be done; the message says why.
    #[error("{0}")]
    Refused(String),
    /// An XLIFF that cannot be written: what the file format cannot carry.
    #[error(transparent)]
    XliffExport(#[from] crate::xliff::XliffError),
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
            Error::Invalid(_)
            | Error::Tmx { .. }
            | Error::Xliff { .. }
            | Error::XliffExport(_)
            | Error::Refused(_) => 1,
            _ => 2,
        }
    }
}

/// `file:line:column: problem` for a problem at a place, else `file: problem`.
fn at_file(path: &std::path::Path, error: &crate::tm::Error) -> String {
    match error {
        crate::tm::Error::Malformed { .. } => format!("{}:{error}", path.display()),
        _ => format!("{}: {error}", path.display()),
    }
}

fn xliff_at_file(path: &std::path::Path, error: &crate::xliff::XliffError) -> String {
    use crate::xliff::XliffError;
    match error {
        XliffError::At { line, column, message } => format!("{}:{line}:{column}: {message}", path.display()),
        XliffError::Refused(message) => format!("{}: {message}", path.display()),
        XliffError::UnknownTarget(unknown) => format!("{}: {unknown}", path.display()),
    }
}

fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = write!(out, "{d}");
    }
    out.trim_end().to_string()
}

impl From<crate::segment::UnknownTarget> for Error {
    fn from(e: crate::segment::UnknownTarget) -> Self {
        Error::UnknownTarget { requested: e.requested, known: e.known }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
