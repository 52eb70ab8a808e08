//! XLIFF exchange with translation agencies: the units a target locale needs
//! (the exchange model's, [`crate::segment::units`]) exported as XLIFF 1.2 or
//! 2.1, and the import of a translated file back into minimal `.ftl` edits.
//!
//! - [`write`]: the XLIFF 1.2 and 2.1 writers (deterministic output).
//! - [`read`]: the streaming reader of XLIFF 1.2, 2.0 and 2.1, which trusts
//!   nothing in its input (no DTD, no entities, bounded memory).
//! - [`import`]: checks each unit read against the project and splices the
//!   accepted translations into the target files, changing nothing else.
//!
//! Memory matches and stale translations are data the caller supplies
//! ([`Match`](crate::segment::Match), [`Stale`](crate::segment::Stale)): the
//! translation memory that knows them lives beside this module.

pub mod import;
pub mod read;
pub mod write;

pub use import::{FileChange, ImportOptions, ImportPlan, Summary, UnitReport, plan_import, stage_changes};
pub use read::{FileInfo, ReadUnit, Refusal, Visitor, first_file, read};
pub use write::{ExportOptions, export, export_file_name, export_units};

use crate::segment::UnknownTarget;
use std::path::{Path, PathBuf};

/// The XLIFF versions fluentpress writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1_2,
    V2_1,
}

#[derive(Debug, thiserror::Error)]
pub enum XliffError {
    /// The file is not well-formed XML, not valid XLIFF, or asks for
    /// something fluentpress refuses to do (a DTD, an entity, a path outside
    /// `locales/`).
    #[error("line {line}, column {column}: {message}")]
    At { line: usize, column: usize, message: String },
    /// The file asks for what the project cannot take (another language, a
    /// path outside `locales/`).
    #[error("line {line}, column {column}: {refusal}")]
    RefusedAt { line: usize, column: usize, refusal: read::Refusal },
    /// A refusal that belongs to no place in the file.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    UnknownTarget(#[from] UnknownTarget),
}

/// An XLIFF file's error, with the file: `file:line:column: problem`, or
/// `file: problem`.
#[derive(Debug, thiserror::Error)]
#[error("{}", in_file(path, source))]
pub struct FileError {
    pub path: PathBuf,
    pub source: XliffError,
}

fn in_file(path: &Path, error: &XliffError) -> String {
    match error {
        XliffError::At { line, column, message } => format!("{}:{line}:{column}: {message}", path.display()),
        XliffError::RefusedAt { line, column, refusal } => {
            format!("{}:{line}:{column}: {refusal}", path.display())
        }
        XliffError::Refused(_) | XliffError::UnknownTarget(_) => format!("{}: {error}", path.display()),
    }
}
