//! The orchestration the commands share, over the library's stages: a
//! project [`checked`] once, then [`build`]ing its outputs, [`render`]ing
//! one edition, or [`import`]ing an agency's XLIFF. Each returns what it did
//! for the command line to print; errors of the lower modules become the
//! crate's [`Error`](crate::error::Error) here.

pub mod build;
pub mod checked;
pub mod import;
pub mod render;

pub use build::{BuildReport, LEARNT_BY, build, renderers};
pub use checked::{Checked, Skipped, XliffRequest};
