//! The orchestration the commands share, over the library's stages: a
//! project [`checked`] once, then [`build`]ing its outputs, [`render`]ing
//! one edition, or [`import`]ing an agency's XLIFF. Each returns what it did
//! for the command line to print; errors of the lower modules become the
//! crate's [`Error`](crate::error::Error) here.

pub mod approve;
pub mod build;
pub mod checked;
pub mod glossary;
pub mod import;
pub mod render;
pub mod watch;

pub use build::{BuildOptions, BuildReport, LEARNT_BY, build, renderers};
pub use checked::{Checked, Skipped, XliffRequest};

use crate::error::Error;
use crate::segment::UnknownTarget;
use crate::{tm, xliff};

impl From<tm::Error> for Error {
    fn from(error: tm::Error) -> Error {
        match error {
            tm::Error::Io { path, source } => Error::Io { path, source },
            tm::Error::Files(error) => error,
            error => Error::Exchange(Box::new(error)),
        }
    }
}

impl From<xliff::FileError> for Error {
    fn from(error: xliff::FileError) -> Error {
        Error::Exchange(Box::new(error))
    }
}

/// An export's refusal: what the format cannot carry.
impl From<xliff::XliffError> for Error {
    fn from(error: xliff::XliffError) -> Error {
        Error::Exchange(Box::new(error))
    }
}

impl From<UnknownTarget> for Error {
    fn from(error: UnknownTarget) -> Error {
        Error::UnknownTarget { requested: error.requested, known: error.known }
    }
}
