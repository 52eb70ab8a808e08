//! Diagnostics: what the loaders and `check` report, each with a position in a
//! project file, rendered rustc-style for people or as JSON for tools.

use crate::diff::{self, Change};
use serde::Serialize;
use std::fmt;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a check, `--strict` or not.
    Note,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A 1-based line and column (counted in characters, as editors do), with the
/// text of that line and how many characters of it the caret underlines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub line_text: String,
    #[serde(skip)]
    pub width: usize,
}

impl Position {
    /// Locates a byte span of `text`. Lines end at `\n`; a `\r` before it is not
    /// part of the line.
    pub fn of_span(text: &str, span: Range<usize>) -> Position {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        Position {
            line: text[..line_start].matches('\n').count() + 1,
            column: text[line_start..start].chars().count() + 1,
            line_text: line_text.to_string(),
            width: text[start..end.min(line_start + line_text.len()).max(start)].chars().count().max(1),
        }
    }
}

impl Position {
    /// A line and column of the file at `path` (one a reader reported),
    /// with the line as the file has it for the caret (none for a file
    /// that is not UTF-8).
    pub fn in_file(path: &std::path::Path, line: usize, column: usize) -> Position {
        let text = std::fs::read(path).unwrap_or_default();
        let line_text = String::from_utf8_lossy(&text)
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or_default()
            .to_string();
        Position { line, column, line_text, width: 1 }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable kebab-case name of the kind of problem, e.g. `missing-message`.
    pub code: &'static str,
    pub message: String,
    /// The file, relative to the project root, with `/` separators.
    pub file: String,
    #[serde(flatten)]
    pub position: Option<Position>,
    /// The locale the problem belongs to, when it belongs to one.
    pub locale: Option<String>,
    /// The message or term (`-name`) the problem belongs to.
    pub id: Option<String>,
    pub notes: Vec<String>,
    /// Why the project allows this finding (a `fluentpress-allow` comment):
    /// it is reported apart and fails nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<String>,
    /// What changed in the source since a stale translation was made,
    /// word by word: shown as a note, in colour on a terminal.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: String::new(),
            position: None,
            locale: None,
            id: None,
            notes: Vec::new(),
            allowed: None,
            changes: Vec::new(),
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Points the diagnostic at a file as a whole.
    pub fn in_file(mut self, file: &str) -> Self {
        self.file = file.to_string();
        self
    }

    /// Points the diagnostic at a byte span of a file's text.
    pub fn at(mut self, file: &str, text: &str, span: Range<usize>) -> Self {
        self.file = file.to_string();
        self.position = Some(Position::of_span(text, span));
        self
    }

    pub fn locale(mut self, locale: &str) -> Self {
        self.locale = Some(locale.to_string());
        self
    }

    pub fn id(mut self, id: &str) -> Self {
        self.id = Some(id.to_string());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The word-level changes the diagnostic is about (see [`Self::changes`]).
    pub fn changes(mut self, changes: Vec<Change>) -> Self {
        self.changes = changes;
        self
    }

    /// The diagnostic as [`Display`](fmt::Display) shows it, its changes
    /// coloured for a terminal instead of marked.
    pub fn coloured(&self) -> impl fmt::Display + '_ {
        Shown { diagnostic: self, colour: true }
    }

    /// `file:line:column`, or the file alone.
    pub fn location(&self) -> String {
        match &self.position {
            Some(p) => format!("{}:{}:{}", self.file, p.line, p.column),
            None => self.file.clone(),
        }
    }

    /// Where it is, to order diagnostics by: its file, then its line and
    /// column (a whole file's first).
    pub fn place(&self) -> (&str, (usize, usize)) {
        (&self.file, self.position.as_ref().map_or((0, 0), |p| (p.line, p.column)))
    }

    /// Whether it fails what it is about: an error the project does not allow.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error && self.allowed.is_none()
    }
}

/// The rustc-style rendering:
///
/// ```text
/// error[missing-message]: `intro` is missing in pl
///  --> locales/fr/main.ftl:3:1
///   |
/// 3 | intro = Bonjour
///   | ^^^^^
///   = note: add it to locales/pl/main.ftl
/// ```
/// How many characters of a quoted line a diagnostic shows at most: a
/// minified or generated file's one long line is clipped around the column.
const SHOWN_LINE: usize = 160;

/// The part of `line` a diagnostic quotes, `…` where it is clipped, and how
/// many characters of it stand before the column (`column` counts from 0).
fn clipped(line: &str, column: usize) -> (String, usize) {
    let length = line.chars().count();
    if length <= SHOWN_LINE {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(SHOWN_LINE / 2).min(length - SHOWN_LINE);
    let mut shown: String = line.chars().skip(start).take(SHOWN_LINE).collect();
    let mut before = column - start;
    if start > 0 {
        shown.insert(0, '…');
        before += 1;
    }
    if start + SHOWN_LINE < length {
        shown.push('…');
    }
    (shown, before)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Shown { diagnostic: self, colour: false }.fmt(f)
    }
}

/// A diagnostic rustc-style, its changes in colour or in plain markers.
struct Shown<'d> {
    diagnostic: &'d Diagnostic,
    colour: bool,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        writeln!(f, "{}[{}]: {}", d.severity, d.code, d.message)?;
        let gutter = match &d.position {
            Some(pos) => {
                let gutter = " ".repeat(pos.line.to_string().len());
                writeln!(f, "{gutter}--> {}", d.location())?;
                writeln!(f, "{gutter} |")?;
                let (shown, before) = clipped(&pos.line_text, pos.column - 1);
                writeln!(f, "{} | {shown}", pos.line)?;
                let indent: String =
                    shown.chars().take(before).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
                let width = pos.width.min(shown.chars().count().saturating_sub(before).max(1));
                writeln!(f, "{gutter} | {indent}{}", "^".repeat(width))?;
                gutter
            }
            // A problem that belongs to no file shows no location.
            None if d.file.is_empty() => " ".to_string(),
            None => {
                writeln!(f, " --> {}", d.file)?;
                " ".to_string()
            }
        };
        for note in &d.notes {
            writeln!(f, "{gutter} = note: {note}")?;
        }
        if !d.changes.is_empty() {
            let shown = if self.colour { diff::coloured(&d.changes) } else { diff::markers(&d.changes) };
            writeln!(f, "{gutter} = note: what changed: {shown}")?;
        }
        Ok(())
    }
}

/// Counts of errors and warnings (notes and allowed findings apart), with
/// the sentence that closes a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub allowed: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        let mut tally = Tally::default();
        for d in diagnostics {
            let count = match (&d.allowed, d.severity) {
                (Some(_), _) => &mut tally.allowed,
                (None, Severity::Error) => &mut tally.errors,
                (None, Severity::Warning) => &mut tally.warnings,
                (None, Severity::Note) => &mut tally.notes,
            };
            *count += 1;
        }
        tally
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        write!(f, "{}, {}", plural(self.errors, "error"), plural(self.warnings, "warning"))?;
        if self.notes > 0 {
            write!(f, ", {}", plural(self.notes, "note"))?;
        }
        if self.allowed > 0 {
            write!(f, ", {} allowed", self.allowed)?;
        }
        Ok(())
    }
}

/// How a kind of translation-QA finding is reported: the project sets it
/// per kind in the manifest's `[check]` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Off,
}

impl Level {
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "off" => Some(Level::Off),
            _ => None,
        }
    }

    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

/// The kinds of translation-QA finding (their diagnostic codes), each with
/// its level when the manifest does not set one. A wrong number, a broken
/// bracket or an untranslated text are errors; what can be a choice warns.
/// Inconsistent translations and spelling are off until a project turns
/// them on: on the real corpora (README, "Translation QA"), most of what
/// they find is a label translated for its place, or a word no dictionary
/// has yet, not a fault.
pub const QA_KINDS: [(&str, Level); 13] = [
    ("number", Level::Error),
    ("date", Level::Warning),
    ("quotes", Level::Warning),
    ("brackets", Level::Error),
    ("punctuation", Level::Warning),
    ("whitespace", Level::Warning),
    ("repeated-word", Level::Warning),
    ("untranslated", Level::Error),
    ("inconsistent", Level::Off),
    ("spelling", Level::Off),
    ("term-missing", Level::Warning),
    ("term-forbidden", Level::Warning),
    ("term-untranslated", Level::Warning),
];

/// A QA kind's level when the manifest sets none; `None` for a code that
/// is no QA kind.
pub fn qa_default(code: &str) -> Option<Level> {
    QA_KINDS.iter().find(|(kind, _)| *kind == code).map(|&(_, level)| level)
}

/// The QA kinds, for a message: "number, date, …".
pub fn qa_kind_list() -> String {
    QA_KINDS.map(|(kind, _)| kind).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "a = b\nzażółć = { $x }\r\nlast";
        let span = text.find("{ $x").unwrap()..text.find(" }").unwrap() + 2;
        let pos = Position::of_span(text, span);
        assert_eq!((pos.line, pos.column, pos.width), (2, 10, 6));
        assert_eq!(pos.line_text, "zażółć = { $x }");
    }

    #[test]
    fn a_span_past_the_end_points_after_the_last_character() {
        let pos = Position::of_span("key = {", 7..8);
        assert_eq!((pos.line, pos.column, pos.width), (1, 8, 1));
    }

    #[test]
    fn rendering_is_rustc_style() {
        let text = "one = 1\ntwo = { $n }\n";
        let d = Diagnostic::error("unknown-variable", "`$n` is not in the source")
            .at("locales/pl/a.ftl", text, 14..16)
            .note("the source uses no variable");
        assert_eq!(
            d.to_string(),
            "error[unknown-variable]: `$n` is not in the source\n \
             --> locales/pl/a.ftl:2:7\n  |\n2 | two = { $n }\n  |       ^^\n  \
             = note: the source uses no variable\n"
        );
    }

    #[test]
    fn what_changed_is_marked_in_plain_text_and_coloured_for_a_terminal() {
        let stale = Diagnostic::warning("stale", "the source changed")
            .in_file("locales/pl/a.ftl")
            .changes(crate::diff::words("Premier point", "Premier point important"));
        assert_eq!(
            stale.to_string(),
            "warning[stale]: the source changed\n --> locales/pl/a.ftl\n  = note: what changed: Premier point{+ important+}\n"
        );
        assert_eq!(
            stale.coloured().to_string(),
            "warning[stale]: the source changed\n --> locales/pl/a.ftl\n  \
             = note: what changed: Premier point\x1b[4;32m important\x1b[0m\n"
        );
    }
}
