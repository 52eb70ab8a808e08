//! The XLIFF reader: 1.2, 2.0 and 2.1, streamed, trusting nothing.
//!
//! - Input in UTF-8 or UTF-16 (either byte order, with or without a BOM) is
//!   decoded as it streams; other encodings are refused.
//! - A DTD (`<!DOCTYPE`) is refused as soon as it is met, so no entity is
//!   ever declared, fetched or expanded; a reference to any entity but XML's
//!   five is an error, and so is an XInclude element.
//! - Memory holds one unit at a time (and the IDs a file's checks need):
//!   `<xliff>`, `<file>`, `<body>` and `<group>` are followed as they open
//!   and close, everything else is read whole, checked and handed on. A unit
//!   larger than [`MAX_UNIT_BYTES`] or nested deeper than [`MAX_DEPTH`] is
//!   an error.
//! - Errors carry the line and column where they are, found by reading the
//!   input again up to the error's offset.
//!
//! Units reach a [`Visitor`] in document order. The shared events are in
//! `events`, which the version readers build on: `v1` for XLIFF 1.2 and
//! `v2` for 2.x, whose units are first checked against the core
//! specification's constraints (`v2_rules`). Extensions in unknown
//! namespaces are skipped. This file picks the reader by the root element.

mod events;
mod v1;
mod v2;
mod v2_rules;

use super::XliffError;
use super::write::{XLIFF_1_2, XLIFF_2};
use events::{Dialect, Element, Fault};
pub use events::{FileInfo, MAX_DEPTH, MAX_UNIT_BYTES, ReadUnit, Refusal, Visitor};
use std::io::{self, Read, Seek, SeekFrom};

/// The first `<file>` of an XLIFF document, read no further: what it
/// translates, from and into which language.
pub fn first_file<R: Read + Seek>(input: R) -> Result<Option<FileInfo>, XliffError> {
    struct First(Option<FileInfo>);
    impl Visitor for First {
        fn file(&mut self, file: &FileInfo) -> Result<(), Refusal> {
            self.0 = Some(file.clone());
            Err(Refusal::Enough)
        }
        fn unit(&mut self, _: ReadUnit) -> Result<(), Refusal> {
            Ok(())
        }
    }
    let mut first = First(None);
    match read(input, &mut first) {
        Err(XliffError::RefusedAt { refusal: Refusal::Enough, .. }) | Ok(()) => Ok(first.0),
        Err(e) => Err(e),
    }
}

/// Reads an XLIFF document, handing its files and units to `visitor`.
pub fn read<R: Read + Seek>(mut input: R, visitor: &mut impl Visitor) -> Result<(), XliffError> {
    let refused = |e: io::Error| XliffError::Refused(format!("the XLIFF cannot be read: {e}"));
    let start = input.stream_position().map_err(refused)?;
    let Err(error) = events::read(&mut input, visitor, dialect) else { return Ok(()) };
    input.seek(SeekFrom::Start(start)).map_err(refused)?;
    let (line, column) = crate::xml::locate(&mut input, error.offset).map_err(refused)?;
    Err(match error.fault {
        Fault::Rule(message) => XliffError::At { line, column, message },
        Fault::Refused(refusal) => XliffError::RefusedAt { line, column, refusal },
    })
}

/// The reader of the version a root element starts, if it is XLIFF's.
fn dialect(root: &Element) -> Option<Box<dyn Dialect>> {
    match root.ns.as_str() {
        XLIFF_2 if root.name == "xliff" => Some(Box::new(v2::Xliff2::default())),
        XLIFF_1_2 | v1::XLIFF_1_1 if root.name == "xliff" => Some(Box::new(v1::Xliff1::default())),
        _ => None,
    }
}
