//! Where each entry of a Fluent file begins and ends, and which entries are
//! Junk: decided as the spec's reference parser (Python `fluent.syntax`)
//! decides, down to its error codes and the place it reports each error,
//! and where its comments end (an empty comment line ending in CRLF ends a
//! comment there, unlike the spec's grammar: what compare-locales and
//! Pontoon see is what counts).
//! fluent-syntax, which builds our AST, recovers its own way (it keeps a
//! message whose attribute is broken, it often reports an error at the
//! entry's start); this module owns that one decision and builds no AST.
//!
//! Rules: a recogniser step by step as the reference's parser and stream
//! (a cursor and a peek offset, CRLF read as one line end, a lone CR as any
//! other character), so that both stop at the same place; offsets are bytes
//! where the reference counts characters; text nested deeper than
//! [`crate::project::MAX_NESTING`] is never handed here (it recurses).

use std::ops::Range;

/// One entry of a file as the reference parser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub kind: Kind,
    /// From the entry's first byte (its attached comment's, if any) to past
    /// its line end.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `#`, `##` or `###` (level 0, 1, 2) not attached to a message.
    Comment(u8),
    Message,
    Term,
    Junk(SyntaxError),
}

/// A syntax error, where the reference parser reports it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct SyntaxError {
    pub kind: ErrorKind,
    /// The byte where the parser stopped (within the Junk).
    pub at: usize,
    /// The entry skipped for it.
    pub junk: Range<usize>,
}

/// The reference parser's errors, with its codes and words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    #[error("Expected an entry start")]
    ExpectedEntry,
    #[error("Expected token: \"{0}\"")]
    ExpectedToken(char),
    #[error("Expected a character from range: \"{0}\"")]
    ExpectedCharRange(&'static str),
    #[error("Expected message \"{0}\" to have a value or attributes")]
    ExpectedMessageContent(String),
    #[error("Expected term \"-{0}\" to have a value")]
    ExpectedTermValue(String),
    #[error("The callee has to be an upper-case identifier or a term")]
    ForbiddenCallee,
    #[error("The argument name has to be a simple identifier")]
    ForbiddenKey,
    #[error("Expected one of the variants to be marked as default (*)")]
    MissingDefaultVariant,
    #[error("Expected at least one variant after \"->\"")]
    MissingVariants,
    #[error("Expected value")]
    ExpectedValue,
    #[error("Expected variant key")]
    MissingVariantKey,
    #[error("Expected literal")]
    ExpectedLiteral,
    #[error("Only one variant can be marked as default (*)")]
    MultipleDefaultVariants,
    #[error("Message references cannot be used as selectors")]
    MessageReferenceAsSelector,
    #[error("Terms cannot be used as selectors")]
    TermReferenceAsSelector,
    #[error("Attributes of messages cannot be used as selectors")]
    MessageAttributeAsSelector,
    #[error("Attributes of terms cannot be used as placeables")]
    TermAttributeAsPlaceable,
    #[error("Unterminated string expression")]
    UnterminatedString,
    #[error("Positional arguments must not follow named arguments")]
    PositionalAfterNamed,
    #[error("Named arguments must be unique")]
    DuplicateNamedArgument,
    #[error("Unknown escape sequence: \\{0}")]
    UnknownEscape(String),
    #[error("Invalid Unicode escape sequence: {0}")]
    InvalidUnicodeEscape(String),
    #[error("Unbalanced closing brace in TextElement")]
    UnbalancedClosingBrace,
    #[error("Expected an inline expression")]
    ExpectedInlineExpression,
    #[error("Expected simple expression as selector")]
    ExpectedSimpleSelector,
    /// Valid, but fluent-syntax (which builds the AST) cannot read it.
    #[error("the Fluent library cannot read this entry")]
    Unreadable,
}

impl ErrorKind {
    /// The reference's code (`E0003`).
    pub fn code(&self) -> &'static str {
        use ErrorKind::*;
        match self {
            ExpectedEntry => "E0002",
            ExpectedToken(_) => "E0003",
            ExpectedCharRange(_) => "E0004",
            ExpectedMessageContent(_) => "E0005",
            ExpectedTermValue(_) => "E0006",
            ForbiddenCallee => "E0008",
            ForbiddenKey => "E0009",
            MissingDefaultVariant => "E0010",
            MissingVariants => "E0011",
            ExpectedValue => "E0012",
            MissingVariantKey => "E0013",
            ExpectedLiteral => "E0014",
            MultipleDefaultVariants => "E0015",
            MessageReferenceAsSelector => "E0016",
            TermReferenceAsSelector => "E0017",
            MessageAttributeAsSelector => "E0018",
            TermAttributeAsPlaceable => "E0019",
            UnterminatedString => "E0020",
            PositionalAfterNamed => "E0021",
            DuplicateNamedArgument => "E0022",
            UnknownEscape(_) => "E0025",
            InvalidUnicodeEscape(_) => "E0026",
            UnbalancedClosingBrace => "E0027",
            ExpectedInlineExpression => "E0028",
            ExpectedSimpleSelector => "E0029",
            Unreadable => "E0001",
        }
    }
}

type Step<T = ()> = Result<T, ErrorKind>;

/// The entries of a Fluent file, in order. Blank lines between them are in
/// none, and, as in the reference, neither is a `#` comment directly
/// followed by another comment (`# a⏎#⏎# b` saved with CRLF: the empty line
/// ends the first, which the second then replaces).
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut ps = Stream { s: text.as_bytes(), index: 0, peek_offset: 0 };
    ps.skip_blank_block();
    let mut pieces = Vec::new();
    // A `#` comment directly above a message or a term belongs to it; above
    // Junk, it stands alone.
    let mut last_comment: Option<Range<usize>> = None;
    while ps.current().is_some() {
        let mut piece = entry_or_junk(&mut ps);
        let blank_lines = ps.skip_blank_block();
        if piece.kind == Kind::Comment(0) && blank_lines == 0 && ps.current().is_some() {
            last_comment = Some(piece.range);
            continue;
        }
        if let Some(comment) = last_comment.take() {
            if matches!(piece.kind, Kind::Message | Kind::Term) {
                piece.range.start = comment.start;
            } else {
                pieces.push(Piece { kind: Kind::Comment(0), range: comment });
            }
        }
        pieces.push(piece);
    }
    pieces
}

fn entry_or_junk(ps: &mut Stream<'_>) -> Piece {
    let start = ps.index;
    match entry(ps).and_then(|kind| ps.expect_line_end().map(|()| kind)) {
        Ok(kind) => Piece { kind, range: start..ps.index },
        Err(kind) => {
            let stop = ps.index;
            ps.skip_to_next_entry_start(start);
            let junk = start..ps.index;
            let at = stop.min(junk.end);
            Piece { kind: Kind::Junk(SyntaxError { kind, at, junk: junk.clone() }), range: junk }
        }
    }
}

fn entry(ps: &mut Stream<'_>) -> Step<Kind> {
    match ps.current() {
        Some(b'#') => comment(ps),
        Some(b'-') => term(ps),
        _ if ps.current_peek().is_some_and(is_id_start) => message(ps),
        _ => Err(ErrorKind::ExpectedEntry),
    }
}

fn comment(ps: &mut Stream<'_>) -> Step<Kind> {
    let mut level: Option<u8> = None;
    loop {
        let mut hashes = 0;
        while ps.current() == Some(b'#') && hashes < level.map_or(3, |l| l + 1) {
            ps.next();
            hashes += 1;
        }
        let level = *level.get_or_insert(hashes - 1);
        if ps.current() != Some(EOL) {
            ps.expect_char(b' ')?;
            ps.skip_until(|c| c == EOL);
        }
        if ps.is_next_line_comment(level) {
            ps.next();
        } else {
            return Ok(Kind::Comment(level));
        }
    }
}

fn message(ps: &mut Stream<'_>) -> Step<Kind> {
    let id = identifier(ps)?;
    ps.skip_blank_inline();
    ps.expect_char(b'=')?;
    let value = maybe_pattern(ps)?;
    let attributes = attributes(ps)?;
    if !value && attributes == 0 {
        return Err(ErrorKind::ExpectedMessageContent(ps.text(id)));
    }
    Ok(Kind::Message)
}

fn term(ps: &mut Stream<'_>) -> Step<Kind> {
    ps.expect_char(b'-')?;
    let id = identifier(ps)?;
    ps.skip_blank_inline();
    ps.expect_char(b'=')?;
    if !maybe_pattern(ps)? {
        return Err(ErrorKind::ExpectedTermValue(ps.text(id)));
    }
    attributes(ps)?;
    Ok(Kind::Term)
}

fn attributes(ps: &mut Stream<'_>) -> Step<usize> {
    let mut count = 0;
    ps.peek_blank();
    while ps.current_peek() == Some(b'.') {
        ps.skip_to_peek();
        ps.expect_char(b'.')?;
        identifier(ps)?;
        ps.skip_blank_inline();
        ps.expect_char(b'=')?;
        if !maybe_pattern(ps)? {
            return Err(ErrorKind::ExpectedValue);
        }
        count += 1;
        ps.peek_blank();
    }
    Ok(count)
}

fn identifier(ps: &mut Stream<'_>) -> Step<Range<usize>> {
    let start = ps.index;
    if !ps.current().is_some_and(is_id_start) {
        return Err(ErrorKind::ExpectedCharRange("a-zA-Z"));
    }
    ps.next();
    while ps.current().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-') {
        ps.next();
    }
    Ok(start..ps.index)
}

/// Whether there is a value: the reference's `maybe_get_pattern`, which
/// leaves its peeking where it stopped when there is none.
fn maybe_pattern(ps: &mut Stream<'_>) -> Step<bool> {
    ps.peek_blank_inline();
    if ps.current_peek().is_some_and(|c| c != EOL) {
        ps.skip_to_peek();
        pattern(ps)?;
        return Ok(true);
    }
    ps.peek_blank_block();
    if ps.is_value_continuation() {
        ps.skip_to_peek();
        ps.skip_blank_inline();
        pattern(ps)?;
        return Ok(true);
    }
    Ok(false)
}

fn pattern(ps: &mut Stream<'_>) -> Step {
    while let Some(c) = ps.current() {
        match c {
            EOL => {
                ps.peek_blank_block();
                if !ps.is_value_continuation() {
                    ps.reset_peek(0);
                    return Ok(());
                }
                ps.skip_to_peek();
                ps.skip_blank_inline();
            }
            b'}' => return Err(ErrorKind::UnbalancedClosingBrace),
            b'{' => placeable(ps)?,
            _ => ps.skip_until(|c| matches!(c, b'{' | b'}' | EOL)),
        }
    }
    Ok(())
}

fn placeable(ps: &mut Stream<'_>) -> Step {
    ps.expect_char(b'{')?;
    ps.skip_blank();
    expression(ps)?;
    ps.expect_char(b'}')
}

/// What an inline expression is, as far as the grammar's later choices
/// depend on it.
enum Inline {
    Message {
        id: Range<usize>,
        attribute: bool,
    },
    Term {
        attribute: bool,
    },
    /// A literal, a variable or a function call.
    Simple,
    Placeable,
}

fn expression(ps: &mut Stream<'_>) -> Step {
    let selector = inline_expression(ps)?;
    ps.skip_blank();
    if ps.current() == Some(b'-') {
        if ps.peek() != Some(b'>') {
            ps.reset_peek(0);
            return Ok(());
        }
        match selector {
            Inline::Message { attribute: false, .. } => return Err(ErrorKind::MessageReferenceAsSelector),
            Inline::Message { attribute: true, .. } => return Err(ErrorKind::MessageAttributeAsSelector),
            Inline::Term { attribute: false } => return Err(ErrorKind::TermReferenceAsSelector),
            Inline::Placeable => return Err(ErrorKind::ExpectedSimpleSelector),
            Inline::Term { attribute: true } | Inline::Simple => {}
        }
        ps.next();
        ps.next();
        ps.skip_blank_inline();
        ps.expect_line_end()?;
        return variants(ps);
    }
    if let Inline::Term { attribute: true } = selector {
        return Err(ErrorKind::TermAttributeAsPlaceable);
    }
    Ok(())
}

fn inline_expression(ps: &mut Stream<'_>) -> Step<Inline> {
    if ps.current() == Some(b'{') {
        placeable(ps)?;
        return Ok(Inline::Placeable);
    }
    if ps.is_number_start() {
        number(ps)?;
        return Ok(Inline::Simple);
    }
    match ps.current() {
        Some(b'"') => {
            string(ps)?;
            Ok(Inline::Simple)
        }
        Some(b'$') => {
            ps.next();
            identifier(ps)?;
            Ok(Inline::Simple)
        }
        Some(b'-') => {
            ps.next();
            identifier(ps)?;
            let attribute = attribute_accessor(ps)?;
            ps.peek_blank();
            if ps.current_peek() == Some(b'(') {
                ps.skip_to_peek();
                call_arguments(ps)?;
            }
            Ok(Inline::Term { attribute })
        }
        _ if ps.current_peek().is_some_and(is_id_start) => {
            let id = identifier(ps)?;
            ps.peek_blank();
            if ps.current_peek() == Some(b'(') {
                let name = &ps.s[id];
                if !name[0].is_ascii_uppercase() || name.iter().any(u8::is_ascii_lowercase) {
                    return Err(ErrorKind::ForbiddenCallee);
                }
                ps.skip_to_peek();
                call_arguments(ps)?;
                return Ok(Inline::Simple);
            }
            let attribute = attribute_accessor(ps)?;
            Ok(Inline::Message { id, attribute })
        }
        _ => Err(ErrorKind::ExpectedInlineExpression),
    }
}

/// `.attribute` after a reference: whether there is one.
fn attribute_accessor(ps: &mut Stream<'_>) -> Step<bool> {
    if ps.current() != Some(b'.') {
        return Ok(false);
    }
    ps.next();
    identifier(ps)?;
    Ok(true)
}

fn call_arguments(ps: &mut Stream<'_>) -> Step {
    ps.expect_char(b'(')?;
    ps.skip_blank();
    let mut names: Vec<&[u8]> = Vec::new();
    while ps.current() != Some(b')') {
        let argument = inline_expression(ps)?;
        ps.skip_blank();
        if ps.current() == Some(b':') {
            let Inline::Message { id, attribute: false } = argument else {
                return Err(ErrorKind::ForbiddenKey);
            };
            ps.next();
            ps.skip_blank();
            literal(ps)?;
            let name = &ps.s[id];
            if names.contains(&name) {
                return Err(ErrorKind::DuplicateNamedArgument);
            }
            names.push(name);
        } else if !names.is_empty() {
            return Err(ErrorKind::PositionalAfterNamed);
        }
        ps.skip_blank();
        if ps.current() != Some(b',') {
            break;
        }
        ps.next();
        ps.skip_blank();
    }
    ps.expect_char(b')')
}

fn literal(ps: &mut Stream<'_>) -> Step {
    if ps.is_number_start() {
        number(ps)
    } else if ps.current() == Some(b'"') {
        string(ps)
    } else {
        Err(ErrorKind::ExpectedLiteral)
    }
}

fn string(ps: &mut Stream<'_>) -> Step {
    ps.expect_char(b'"')?;
    while let Some(c) = ps.current().filter(|&c| c != b'"' && c != EOL) {
        ps.next();
        if c == b'\\' {
            escape(ps)?;
        }
    }
    if ps.current() == Some(EOL) {
        return Err(ErrorKind::UnterminatedString);
    }
    ps.expect_char(b'"')
}

fn escape(ps: &mut Stream<'_>) -> Step {
    let digits = match ps.current() {
        Some(b'\\' | b'"') => {
            ps.next();
            return Ok(());
        }
        Some(b'u') => 4,
        Some(b'U') => 6,
        _ => return Err(ErrorKind::UnknownEscape(ps.char_here())),
    };
    let start = ps.index;
    ps.next();
    for _ in 0..digits {
        if !ps.current().is_some_and(|c| c.is_ascii_hexdigit()) {
            let sequence = format!("\\{}{}", ps.text(start..ps.index), ps.char_here());
            return Err(ErrorKind::InvalidUnicodeEscape(sequence));
        }
        ps.next();
    }
    Ok(())
}

fn variants(ps: &mut Stream<'_>) -> Step {
    let mut count = 0;
    let mut has_default = false;
    ps.skip_blank();
    while ps.is_variant_start() {
        if ps.current() == Some(b'*') {
            if has_default {
                return Err(ErrorKind::MultipleDefaultVariants);
            }
            ps.next();
            has_default = true;
        }
        ps.expect_char(b'[')?;
        ps.skip_blank();
        match ps.current() {
            None => return Err(ErrorKind::MissingVariantKey),
            Some(c) if c.is_ascii_digit() || c == b'-' => number(ps)?,
            Some(_) => {
                identifier(ps)?;
            }
        }
        ps.skip_blank();
        ps.expect_char(b']')?;
        if !maybe_pattern(ps)? {
            return Err(ErrorKind::ExpectedValue);
        }
        count += 1;
        ps.expect_line_end()?;
        ps.skip_blank();
    }
    if count == 0 {
        return Err(ErrorKind::MissingVariants);
    }
    if !has_default {
        return Err(ErrorKind::MissingDefaultVariant);
    }
    Ok(())
}

fn number(ps: &mut Stream<'_>) -> Step {
    if ps.current() == Some(b'-') {
        ps.next();
    }
    digits(ps)?;
    if ps.current() == Some(b'.') {
        ps.next();
        digits(ps)?;
    }
    Ok(())
}

fn digits(ps: &mut Stream<'_>) -> Step {
    let start = ps.index;
    while ps.current().is_some_and(|c| c.is_ascii_digit()) {
        ps.next();
    }
    if ps.index == start {
        return Err(ErrorKind::ExpectedCharRange("0-9"));
    }
    Ok(())
}

const EOL: u8 = b'\n';

fn is_id_start(c: u8) -> bool {
    c.is_ascii_alphabetic()
}

/// The reference's parser stream: a cursor, and a peek offset ahead of it.
/// `current` and `current_peek` read CRLF as LF; `next` and `peek` step
/// over CRLF as one character but return the raw byte they land on.
struct Stream<'s> {
    s: &'s [u8],
    index: usize,
    peek_offset: usize,
}

impl Stream<'_> {
    fn get(&self, at: usize) -> Option<u8> {
        self.s.get(at).copied()
    }

    fn crlf_at(&self, at: usize) -> bool {
        self.get(at) == Some(b'\r') && self.get(at + 1) == Some(b'\n')
    }

    fn char_at(&self, at: usize) -> Option<u8> {
        if self.crlf_at(at) { Some(EOL) } else { self.get(at) }
    }

    fn current(&self) -> Option<u8> {
        self.char_at(self.index)
    }

    fn current_peek(&self) -> Option<u8> {
        self.char_at(self.index + self.peek_offset)
    }

    fn next(&mut self) -> Option<u8> {
        self.peek_offset = 0;
        if self.crlf_at(self.index) {
            self.index += 1;
        }
        self.index += 1;
        self.get(self.index)
    }

    fn peek(&mut self) -> Option<u8> {
        if self.crlf_at(self.index + self.peek_offset) {
            self.peek_offset += 1;
        }
        self.peek_offset += 1;
        self.get(self.index + self.peek_offset)
    }

    fn reset_peek(&mut self, offset: usize) {
        self.peek_offset = offset;
    }

    fn skip_to_peek(&mut self) {
        self.index += self.peek_offset;
        self.peek_offset = 0;
    }

    /// The text of a range (identifiers and escapes are ASCII or cut at a
    /// character's start, so this is what the reference shows).
    fn text(&self, range: Range<usize>) -> String {
        String::from_utf8_lossy(&self.s[range]).into_owned()
    }

    /// The character at the cursor, for an error message.
    fn char_here(&self) -> String {
        let rest = &self.s[self.index.min(self.s.len())..];
        let len = rest.iter().skip(1).take_while(|&&b| b & 0xC0 == 0x80).count() + 1;
        match rest.first() {
            Some(_) => self.text(self.index..self.index + len.min(rest.len())),
            None => "end of file".to_string(),
        }
    }

    /// Steps on to the first byte that `stop` accepts (a CRLF counting as
    /// its LF, where the cursor stops at the CR), or to the end.
    fn skip_until(&mut self, stop: impl Fn(u8) -> bool) {
        let rest = &self.s[self.index..];
        let mut to = rest.iter().position(|&c| stop(c)).map_or(self.s.len(), |i| self.index + i);
        if to > self.index && self.s.get(to) == Some(&EOL) && self.s[to - 1] == b'\r' {
            to -= 1;
        }
        self.index = to;
        self.peek_offset = 0;
    }

    fn peek_blank_inline(&mut self) {
        while self.current_peek() == Some(b' ') {
            self.peek();
        }
    }

    fn skip_blank_inline(&mut self) {
        self.peek_blank_inline();
        self.skip_to_peek();
    }

    /// Peeks past blank lines, back to the start of the first line that is
    /// not blank; how many line ends it passed.
    fn peek_blank_block(&mut self) -> usize {
        let mut lines = 0;
        loop {
            let line_start = self.peek_offset;
            self.peek_blank_inline();
            match self.current_peek() {
                Some(EOL) => {
                    lines += 1;
                    self.peek();
                }
                None => return lines,
                Some(_) => {
                    self.reset_peek(line_start);
                    return lines;
                }
            }
        }
    }

    fn skip_blank_block(&mut self) -> usize {
        let lines = self.peek_blank_block();
        self.skip_to_peek();
        lines
    }

    fn peek_blank(&mut self) {
        while matches!(self.current_peek(), Some(b' ' | EOL)) {
            self.peek();
        }
    }

    fn skip_blank(&mut self) {
        self.peek_blank();
        self.skip_to_peek();
    }

    fn expect_char(&mut self, c: u8) -> Step {
        if self.current() != Some(c) {
            return Err(ErrorKind::ExpectedToken(char::from(c)));
        }
        self.next();
        Ok(())
    }

    fn expect_line_end(&mut self) -> Step {
        match self.current() {
            None => Ok(()),
            Some(EOL) => {
                self.next();
                Ok(())
            }
            Some(_) => Err(ErrorKind::ExpectedToken('\u{2424}')),
        }
    }

    fn is_number_start(&mut self) -> bool {
        let c = if self.current() == Some(b'-') { self.peek() } else { self.current() };
        self.reset_peek(0);
        c.is_some_and(|c| c.is_ascii_digit())
    }

    /// Whether the line the peek is at continues a pattern: indented, and
    /// not starting with `}` `.` `[` `*` (a placeable needs no indent).
    /// Leaves the peek past the indent when it does not.
    fn is_value_continuation(&mut self) -> bool {
        let column1 = self.peek_offset;
        self.peek_blank_inline();
        let c = self.current_peek();
        let continues = c == Some(b'{')
            || (self.peek_offset > column1 && c.is_some_and(|c| !matches!(c, b'}' | b'.' | b'[' | b'*')));
        if continues {
            self.reset_peek(column1);
        }
        continues
    }

    /// Whether the next line is a comment of `level` (0 for `#`).
    fn is_next_line_comment(&mut self, level: u8) -> bool {
        if self.current_peek() != Some(EOL) {
            return false;
        }
        for _ in 0..=level {
            if self.peek() != Some(b'#') {
                self.reset_peek(0);
                return false;
            }
        }
        let after = self.peek();
        self.reset_peek(0);
        matches!(after, Some(b' ' | EOL))
    }

    fn is_variant_start(&mut self) -> bool {
        let at = self.peek_offset;
        if self.current_peek() == Some(b'*') {
            self.peek();
        }
        let starts = self.current_peek() == Some(b'[') && self.peek() != Some(b'[');
        self.reset_peek(at);
        starts
    }

    /// After an error: on to the next line that starts like an entry, first
    /// going back to the last line end when the junk began before it.
    fn skip_to_next_entry_start(&mut self, junk_start: usize) {
        if let Some(last_newline) = self.s[..self.index.min(self.s.len())].iter().rposition(|&c| c == EOL)
            && junk_start < last_newline
        {
            self.index = last_newline;
        }
        while let Some(c) = self.current() {
            if c != EOL {
                self.next();
                continue;
            }
            let first = self.next();
            if first.is_some_and(|c| is_id_start(c) || c == b'-' || c == b'#') {
                break;
            }
            // Syntax 0.4's `//` comments and `[[ sections ]]` start entries too.
            let second = self.peek();
            self.reset_peek(0);
            if first.is_some() && first == second && matches!(first, Some(b'/' | b'[')) {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(text: &str) -> Vec<String> {
        pieces(text)
            .into_iter()
            .map(|p| match p.kind {
                Kind::Junk(e) => format!("Junk {:?} {} at {}", p.range, e.kind.code(), e.at),
                kind => format!("{kind:?} {:?}", p.range),
            })
            .collect()
    }

    #[test]
    fn a_broken_attribute_makes_its_whole_message_junk() {
        let text = "a =\n    .title = T\n    .access key = s\nb = B\n";
        assert_eq!(outline(text), ["Junk 0..39 E0003 at 31", "Message 39..45"]);
    }

    #[test]
    fn lone_carriage_returns_end_no_line() {
        assert_eq!(outline("a = A\rb = B\rc = C\r"), ["Message 0..18"]);
        assert_eq!(outline("a = A\r\nb = B\r\n"), ["Message 0..7", "Message 7..14"]);
    }

    #[test]
    fn a_comment_directly_above_a_message_is_part_of_it_and_above_junk_stands_alone() {
        let text = "# one\na = A\n\n# two\nb =\n";
        assert_eq!(outline(text), ["Message 0..12", "Comment(0) 13..19", "Junk 19..23 E0005 at 22"]);
    }

    #[test]
    fn errors_are_where_the_reference_parser_stops() {
        assert_eq!(outline("a = { $x\nb = B\n"), ["Junk 0..9 E0003 at 9", "Message 9..15"]);
        assert_eq!(outline("a = A }\n"), ["Junk 0..8 E0027 at 6"]);
        assert_eq!(outline("a = { x(1) }\n"), ["Junk 0..13 E0008 at 7"]);
        assert_eq!(outline("a = { $n ->\n  [one] x\n}\n"), ["Junk 0..24 E0010 at 22"]);
        assert_eq!(outline("a = { \"\\q\" }\n"), ["Junk 0..13 E0025 at 8"]);
        assert_eq!(outline("-t = { -t.a }\n"), ["Junk 0..14 E0019 at 12"]);
    }
}
