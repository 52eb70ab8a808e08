//! The events every XLIFF version shares: the input streamed through the
//! [XML layer](crate::xml) with XLIFF's policy (no DTD, UTF-8 or UTF-16
//! only, no XInclude), `<xliff>`, `<file>` and `<group>`-like containers
//! followed as they open and close, everything else read whole into an
//! [`Element`] tree within [`MAX_UNIT_BYTES`] and [`MAX_DEPTH`], and handed
//! to the version's [`Dialect`]. What a unit is and which elements are
//! containers is the dialect's to say; this file knows no version.

use crate::segment::Segment;
use crate::xml::tree::{self, Broken, Format, Structure};
use crate::xml::{Doctype, Policy};
use std::io;

/// XLIFF refuses every DTD and reads its declared encoding.
const POLICY: Policy =
    Policy { doctype: Doctype::Refused, check_declared_encoding: true, check_comments: true };

/// The most a single unit (with everything in it) may hold, in bytes of text.
pub const MAX_UNIT_BYTES: usize = 64 << 20;
/// The deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;

/// A `<file>` of the XLIFF, as its units are about to be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// `1.2`, `2.0`, `2.1`, … as the file says.
    pub version: String,
    /// The `original` attribute: the source file the units come from.
    pub original: Option<String>,
    pub source_language: String,
    pub target_language: Option<String>,
    /// The tool that wrote it, when the file says (XLIFF 1.2's `tool-id`).
    pub tool: Option<String>,
}

/// A unit as read: segments joined, codes with their original data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadUnit {
    pub id: String,
    /// `resname` in 1.2, `name` in 2.x.
    pub name: Option<String>,
    pub source: Segment,
    pub target: Option<Segment>,
    /// Some segments have a target and others not.
    pub incomplete: bool,
    /// The target's state as the file says it (`translated`, `new`,
    /// `final`, …); XLIFF 2's implicit `initial` is not reported.
    pub state: Option<String>,
    /// XLIFF 1.2's `approved="yes"`.
    pub approved: bool,
}

impl ReadUnit {
    /// Whether the file says a person confirmed the target, the same rule
    /// for every version: XLIFF 1.2's `translated`, `final` or `signed-off`
    /// states or `approved="yes"`, XLIFF 2's `translated`, `reviewed` or
    /// `final`. A target with no state claims nothing and counts as
    /// confirmed; a tool's pre-fill (`needs-review-translation`, `initial`)
    /// does not.
    pub fn confirmed(&self) -> bool {
        self.approved
            || self
                .state
                .as_deref()
                .is_none_or(|s| matches!(s, "translated" | "reviewed" | "final" | "signed-off"))
    }
}

/// What receives the file's contents. A refusal (`Err`) stops the reading,
/// placed at the element being read.
pub trait Visitor {
    fn file(&mut self, file: &FileInfo) -> Result<(), Refusal>;
    fn unit(&mut self, unit: ReadUnit) -> Result<(), Refusal>;
}

/// Why a visitor stops reading a file.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the XLIFF translates from `{found}`, but the project's source is `{expected}`")]
    SourceLanguage { found: String, expected: String },
    #[error("the XLIFF translates into `{found}`, not `{expected}`")]
    TargetLanguage { found: String, expected: String },
    #[error("the XLIFF names no target language: it should be `{expected}`")]
    NoTargetLanguage { expected: String },
    #[error("a <file> has no `original`: it cannot be matched to a .ftl file")]
    NoOriginal,
    #[error("refused: `original=\"{0}\"` is not a .ftl file inside locales/")]
    OutsideLocales(String),
    /// The visitor has what it wanted: reading stops without a fault.
    #[error("the visitor has read enough")]
    Enough,
}

/// An error at a byte offset of the decoded text.
pub(crate) struct Positioned {
    pub offset: u64,
    pub fault: Fault,
}

/// What is wrong at a place: the file breaks a rule, or the visitor refuses it.
pub(crate) enum Fault {
    Rule(String),
    Refused(Refusal),
}

impl Positioned {
    pub fn refused(offset: u64) -> impl FnOnce(Refusal) -> Positioned {
        move |refusal| Positioned { offset, fault: Fault::Refused(refusal) }
    }
}

pub(crate) type Res<T> = Result<T, Positioned>;

pub(crate) fn at<T>(offset: u64, message: impl Into<String>) -> Res<T> {
    Err(Positioned { offset, fault: Fault::Rule(message.into()) })
}

pub(crate) use crate::xml::tree::{Attr, Element, Node};

/// How one XLIFF version handles what the reader meets. Containers are the
/// elements followed as they open and close; everything else arrives whole.
pub(crate) trait Dialect {
    fn is_container(&self, element: &Element) -> bool;
    fn open(&mut self, element: Element, visitor: &mut dyn Visitor) -> Res<()>;
    fn leaf(&mut self, element: Element, visitor: &mut dyn Visitor) -> Res<()>;
    fn close(&mut self, offset: u64) -> Res<()>;
}

/// XLIFF as the XML layer reads it.
const FORMAT: Format =
    Format { name: "XLIFF", policy: POLICY, max_element_bytes: MAX_UNIT_BYTES, max_depth: MAX_DEPTH };

impl From<Broken> for Positioned {
    fn from(broken: Broken) -> Positioned {
        Positioned { offset: broken.offset, fault: Fault::Rule(broken.message) }
    }
}

/// A version's dialect and the visitor it hands units to.
struct Reading<'v> {
    dialect: Box<dyn Dialect>,
    visitor: &'v mut dyn Visitor,
}

impl Structure for Reading<'_> {
    type Stop = Positioned;

    fn is_container(&self, element: &Element) -> bool {
        self.dialect.is_container(element)
    }

    fn open(&mut self, element: Element) -> Res<()> {
        self.dialect.open(element, self.visitor)
    }

    fn leaf(&mut self, element: Element) -> Res<()> {
        self.dialect.leaf(element, self.visitor)
    }

    fn close(&mut self, offset: u64) -> Res<()> {
        self.dialect.close(offset)
    }
}

/// Reads the document, handing each container and element read whole to
/// the dialect `pick_dialect` gives for the root element (none: not XLIFF).
pub(super) fn read(
    input: impl io::Read,
    visitor: &mut dyn Visitor,
    pick_dialect: fn(&Element) -> Option<Box<dyn Dialect>>,
) -> Res<()> {
    tree::read(input, &FORMAT, |root| pick_dialect(root).map(|dialect| Reading { dialect, visitor }))
}
