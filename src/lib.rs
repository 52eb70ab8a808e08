//! fluentpress keeps an official document as Fluent message bundles in a
//! source language and its translations, checks them, and builds the
//! document from them.
//!
//! Data flows one way: [`project`] loads the files, [`ftl`] parses them,
//! [`check`] validates them, [`model`] formats each locale's document, and the
//! [`render`]ers turn it into output files.

pub mod aligned;
pub mod check;
pub mod diagnostic;
pub mod error;
pub mod fsx;
pub mod ftl;
pub mod intl;
pub mod layout;
pub mod manifest;
pub mod model;
pub mod pdf;
pub mod pipeline;
pub mod project;
pub mod render;
pub mod segment;
pub mod status;
pub mod tm;
pub mod typeset;
pub mod ui;
pub mod xliff;
mod xml;
