//! fluentpress keeps an official document as Fluent message bundles in a
//! source language and its translations, checks them, and builds the
//! document from them.
//!
//! Data flows one way: [`project`] loads the files, [`ftl`] parses them,
//! [`check`] validates them and [`qa`] reads what they say, [`approval`]
//! tells who signed them off, [`model`] formats each locale's document, and
//! the [`render`]ers turn it into output files.

pub mod approval;
pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod error;
pub mod fsx;
pub mod ftl;
pub mod glossary;
mod hash;
mod intl;
mod layout;
pub mod manifest;
mod model;
pub mod ops;
pub mod project;
pub mod qa;
mod render;
pub mod segment;
pub mod status;
pub mod tm;
pub mod typeset;
mod ui;
pub mod xliff;
mod xml;
