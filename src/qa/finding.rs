//! What a QA check finds, before it becomes a diagnostic: a kind, a span of
//! the [`Text`](super::text::Text) it read, what is wrong, and the source's
//! counterpart when there is one.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The kind's code (see [`crate::diagnostic::QA_KINDS`]).
    pub code: &'static str,
    pub span: Range<usize>,
    pub message: String,
    pub note: Option<String>,
    /// A difference worth a look rather than a fault: reported as a note,
    /// whatever the kind's severity.
    pub advisory: bool,
}

impl Finding {
    pub fn new(code: &'static str, span: Range<usize>, message: impl Into<String>) -> Finding {
        Finding { code, span, message: message.into(), note: None, advisory: false }
    }

    pub fn advisory(self) -> Finding {
        Finding { advisory: true, ..self }
    }

    pub fn note(self, note: impl Into<String>) -> Finding {
        Finding { note: Some(note.into()), ..self }
    }
}
