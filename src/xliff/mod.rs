//! XLIFF exchange with translation agencies: the units a target locale needs,
//! their export as XLIFF 1.2 or 2.1, and the import of a translated file back
//! into minimal `.ftl` edits.
//!
//! - [`units`]: the units of a source/target pair of locales: one per message
//!   value, attribute and select variant, plural selectors expanded to the
//!   target's CLDR categories, notes and states.
//! - [`write`]: the XLIFF 1.2 and 2.1 writers (deterministic output).
//! - [`read`]: the streaming reader of XLIFF 1.2, 2.0 and 2.1, which trusts
//!   nothing in its input (no DTD, no entities, bounded memory).
//! - [`import`]: checks each unit read against the project and splices the
//!   accepted translations into the target files, changing nothing else.
//!
//! Memory matches and stale translations are data the caller supplies
//! ([`Match`], [`Stale`]): the translation memory that knows them lives
//! elsewhere.

pub mod import;
mod plural;
pub mod read;
pub mod units;
pub mod write;

pub use import::{
    FileChange, ImportOptions, ImportPlan, Summary, UnitReport, plan_import, stage_changes, write_changes,
};
pub use read::{FileInfo, ReadUnit, Visitor, first_file, read};
pub use units::{Note, NoteKind, State, Unit, UnitFile, UnitId, Units};
pub use write::{ExportOptions, export, export_file_name, export_units};

/// The XLIFF versions fluentpress writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1_2,
    V2_1,
}

/// A translation memory's suggestion for a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// 0 to 100 for fuzzy and exact matches, 101 for an exact match in the
    /// same context.
    pub score: u8,
    /// The remembered source and its translation, as Fluent pattern text
    /// (placeables written as in `.ftl`, such as `{ $date }`).
    pub source: String,
    pub target: String,
    /// Where the match comes from, such as the memory's name.
    pub origin: String,
}

/// What names a unit in a project: its file (relative to the locale's
/// folder) and its unit ID (`msg[one]`). IDs are unique in a file only.
pub type StaleKey = (String, String);

/// A translation whose source changed since it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    /// The source text the translation was made for.
    pub old_source: String,
}

#[derive(Debug, thiserror::Error)]
pub enum XliffError {
    /// The file is not well-formed XML, not valid XLIFF, or asks for
    /// something fluentpress refuses to do (a DTD, an entity, a path outside
    /// `locales/`).
    #[error("line {line}, column {column}: {message}")]
    At { line: usize, column: usize, message: String },
    /// A refusal that belongs to no place in the file.
    #[error("{0}")]
    Refused(String),
}
