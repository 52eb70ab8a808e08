//! The memory's data model: a segment is text with inline codes, a unit pairs
//! a source segment with its translation and TMX's bookkeeping, and a date is
//! TMX's `YYYYMMDDThhmmssZ`. Also the two-way conversion between Fluent
//! patterns and segments: every placeable becomes one `<ph>` code holding its
//! Fluent source text.

use fluent_syntax::ast::{Entry, Expression, Identifier, Message, Pattern, PatternElement, Resource};
use std::fmt;

/// The TMX `type` of a code holding a Fluent placeable: such a code goes back
/// into Fluent as it is, while other tools' codes (`<b>`, RTF groups) become text.
pub const FLUENT_CODE_TYPE: &str = "x-fluent";

/// Text and inline codes. Adjacent texts are always merged and never empty,
/// so two segments with the same content compare equal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Segment {
    inlines: Vec<Inline>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Inline {
    Text(String),
    Code(Code),
}

/// An inline code: markup of the original format that is not text to
/// translate, such as a Fluent placeable or an HTML tag.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code {
    pub kind: CodeKind,
    /// `i` of `<bpt>`/`<ept>` (which pairs them), `x` of the other elements.
    pub id: Option<String>,
    /// The TMX `type` attribute: [`FLUENT_CODE_TYPE`], `bold`, `image`…
    pub ty: Option<String>,
    /// The native code, such as `{ $date }` or `<b>`; the text of a `<sub>`
    /// inside it is kept here, unmarked. Empty for `<hi>` boundaries.
    pub original: String,
}

/// The TMX element a code comes from. `<hi>…</hi>` wraps translatable text, so
/// it is two codes around that text; a `<bpt>`/`<ept>` without the `i` that
/// pairs it is read as an isolated `<it>`, and the deprecated `<ut>` as `<ph>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CodeKind {
    Ph,
    Bpt,
    Ept,
    ItBegin,
    ItEnd,
    HiStart,
    HiEnd,
}

impl Code {
    /// A code holding a Fluent placeable's source text.
    pub fn fluent(id: String, original: String) -> Code {
        Code { kind: CodeKind::Ph, id: Some(id), ty: Some(FLUENT_CODE_TYPE.into()), original }
    }

    pub fn is_fluent(&self) -> bool {
        self.kind == CodeKind::Ph && self.ty.as_deref() == Some(FLUENT_CODE_TYPE)
    }
}

impl Segment {
    pub fn from_text(text: &str) -> Segment {
        let mut segment = Segment::default();
        segment.push_text(text);
        segment
    }

    pub fn inlines(&self) -> &[Inline] {
        &self.inlines
    }

    pub fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Inline::Text(last)) = self.inlines.last_mut() {
            last.push_str(text);
        } else {
            self.inlines.push(Inline::Text(text.to_string()));
        }
    }

    pub fn push_code(&mut self, code: Code) {
        self.inlines.push(Inline::Code(code));
    }

    /// True when there is nothing to translate: no code, only white space.
    pub fn is_blank(&self) -> bool {
        self.inlines.iter().all(|i| matches!(i, Inline::Text(t) if t.trim().is_empty()))
    }

    /// The text with every code's original in its place: what the segment
    /// reads as, and what "the same text" means for matching.
    pub fn to_plain(&self) -> String {
        let mut plain = String::new();
        for inline in &self.inlines {
            match inline {
                Inline::Text(text) => plain.push_str(text),
                Inline::Code(code) => plain.push_str(&code.original),
            }
        }
        plain
    }

    /// A Fluent pattern as a segment: its text, and each placeable as a `ph`
    /// code holding the placeable as fluent-syntax's serializer writes it, so
    /// that `{$date}` and `{ $date }` are one code. Codes are numbered in
    /// order (`x` = 1, 2…); for a translation, pass the source segment: a
    /// placeable that is also in the source takes its number.
    pub fn from_pattern(pattern: &Pattern<&str>, source: Option<&Segment>) -> Segment {
        let source_inlines = source.map_or(&[][..], Segment::inlines);
        let mut source_codes: Vec<Option<&Code>> = source_inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Code(c) => Some(Some(c)),
                Inline::Text(_) => None,
            })
            .collect();
        let mut next = source_codes.len();
        let mut segment = Segment::default();
        for element in &pattern.elements {
            match element {
                PatternElement::TextElement { value } => segment.push_text(value),
                PatternElement::Placeable { expression } => {
                    let original = serialize_placeable(expression);
                    // Each source code pairs with one placeable at most.
                    let paired = source_codes
                        .iter_mut()
                        .find(|c| c.is_some_and(|c| c.original == original))
                        .and_then(Option::take)
                        .and_then(|c| c.id.clone());
                    let id = paired.unwrap_or_else(|| {
                        next += 1;
                        next.to_string()
                    });
                    segment.push_code(Code::fluent(id, original));
                }
            }
        }
        segment
    }

    /// The segment as the source text of a Fluent pattern, to write after
    /// `id = `: Fluent codes as they are, everything else as text, escaped
    /// as string literals where Fluent would read it otherwise (braces; blank
    /// lines and spaces that start the pattern, a line or end the pattern;
    /// `[`, `*`, `.` starting an indented line). A pattern with several
    /// lines starts on a new line, indented by four spaces.
    pub fn to_fluent(&self) -> String {
        // Runs of text and of other tools' codes are one text to escape.
        let mut pieces: Vec<(bool, String)> = Vec::new();
        for inline in &self.inlines {
            let (fluent, text) = match inline {
                Inline::Code(code) => (code.is_fluent(), &code.original),
                Inline::Text(text) => (false, text),
            };
            match pieces.last_mut() {
                Some((false, run)) if !fluent => run.push_str(text),
                _ => pieces.push((fluent, text.clone())),
            }
        }
        // Fluent drops the blank lines and spaces that start a pattern.
        if let Some((false, text)) = pieces.first_mut()
            && text.starts_with(BLANK)
        {
            let rest = text.trim_start_matches(BLANK).to_string();
            let lead = string_literal(&text[..text.len() - rest.len()]);
            *text = rest;
            pieces.insert(0, (true, lead));
        }
        let block = pieces.iter().any(|(_, text)| text.contains('\n'));
        // Fluent strips the indentation common to the lines that start with
        // text, so a line's own leading spaces are kept only when another
        // line starts with text at the margin.
        let margin = block
            && pieces.iter().enumerate().any(|(i, (fluent, text))| {
                let after_feeds = text.match_indices('\n').map(|(at, _)| &text[at + 1..]);
                let mut starts = (i == 0).then_some(text.as_str()).into_iter().chain(after_feeds);
                !fluent
                    && starts.any(|line| {
                        line.starts_with(|c| !matches!(c, ' ' | '\r' | '\n' | '[' | '*' | '.' | '{' | '}'))
                    })
            });
        let mut body = String::new();
        let mut line_start = true;
        let count = pieces.len();
        for (index, (fluent, text)) in pieces.iter().enumerate() {
            if *fluent {
                body.push_str(text);
                line_start = false;
                continue;
            }
            // Fluent trims the end of the pattern's last text.
            let kept = if index + 1 == count { text.trim_end_matches(BLANK) } else { text };
            escape_fluent_text(&mut body, kept, &mut line_start, block, margin);
            if kept.len() < text.len() {
                body.push_str(&string_literal(&text[kept.len()..]));
            }
        }
        if body.is_empty() {
            // A message needs a value: the empty string is written as a literal.
            return string_literal("");
        }
        if !block {
            return body;
        }
        let mut indented = String::new();
        for line in body.split('\n') {
            indented.push('\n');
            if !line.is_empty() {
                indented.push_str("    ");
                indented.push_str(line);
            }
        }
        indented
    }
}

/// What Fluent trims from the start and end of a pattern.
const BLANK: [char; 3] = [' ', '\r', '\n'];

/// Appends text to a Fluent pattern's source. `line_start` says whether the
/// text starts a line (it always starts the pattern's first); `block`
/// whether the pattern is indented lines, and `margin` whether one of them
/// starts with text at the margin, which keeps the others' leading spaces.
fn escape_fluent_text(out: &mut String, text: &str, line_start: &mut bool, block: bool, margin: bool) {
    let mut rest = text;
    // Only indentation so far on this line: what follows starts the line.
    let mut indent_only = *line_start;
    while let Some(c) = rest.chars().next() {
        let len = if indent_only && c == ' ' {
            rest.len() - rest.trim_start_matches(' ').len()
        } else {
            c.len_utf8()
        };
        let (piece, after) = rest.split_at(len);
        // Indentation goes, and so do spaces before a placeable starting a
        // line (such as the literals escaping `[`, `*`, `.` and braces).
        let before_placeable = after.is_empty() || after.starts_with(['[', '*', '.', '{', '}']);
        let dropped = c == ' ' && indent_only && (!block || !margin || before_placeable);
        let special = indent_only && block && matches!(c, '[' | '*' | '.');
        if dropped || special || c == '{' || c == '}' {
            out.push_str(&string_literal(piece));
        } else {
            out.push_str(piece);
        }
        indent_only = c == '\n' || (c == ' ' && indent_only && !dropped);
        rest = after;
    }
    *line_start = indent_only;
}

/// A Fluent string literal placeable: `{ "…" }`, with `\u` escapes for what a
/// literal cannot hold.
fn string_literal(text: &str) -> String {
    let mut out = String::from("{ \"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push_str("\" }");
    out
}

/// A placeable as fluent-syntax's serializer writes it, alone in a message:
/// `x = { $date }`, or for a multi-line one (a select expression) a block
/// indented by four spaces, taken back to the left margin here.
fn serialize_placeable(expression: &Expression<&str>) -> String {
    let message = Message {
        id: Identifier { name: "x" },
        value: Some(Pattern { elements: vec![PatternElement::Placeable { expression: expression.clone() }] }),
        attributes: Vec::new(),
        comment: None,
    };
    let text = fluent_syntax::serializer::serialize(&Resource { body: vec![Entry::Message(message)] });
    let value = text.strip_prefix("x =").unwrap_or(&text).trim_end_matches('\n');
    match value.strip_prefix('\n') {
        Some(block) => block
            .split('\n')
            .map(|line| line.strip_prefix("    ").unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n"),
        None => value.trim_start_matches(' ').to_string(),
    }
}

/// A translation unit: one source segment and one translation, with the
/// bookkeeping TMX keeps. Language tags are the project's spelling of the
/// languages, whatever the file that the unit came from wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unit {
    pub source: Segment,
    pub target: Segment,
    pub source_lang: String,
    pub target_lang: String,
    /// The Fluent message (or `message.attribute`) the unit translates, kept
    /// as `<prop type="x-fluent-id">`.
    pub fluent_id: Option<String>,
    pub creation_date: Option<Date>,
    pub creation_id: Option<String>,
    pub change_date: Option<Date>,
    pub change_id: Option<String>,
    /// The unit's other `<prop>`s, `(type, text)` in file order.
    pub props: Vec<(String, String)>,
    /// The unit's `<note>`s.
    pub notes: Vec<String>,
}

/// A moment in UTC to the second, as TMX dates are (`20201208T120000Z`).
/// Ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl Date {
    /// Reads TMX's `YYYYMMDDThhmmssZ`, or the same in ISO 8601's extended
    /// form (`2020-12-08T12:00:00Z`) that some tools write. None when it is
    /// neither or not a real date.
    pub fn parse(text: &str) -> Option<Date> {
        let compact: String = text.chars().filter(|c| !matches!(c, '-' | ':')).collect();
        let b = compact.as_bytes();
        if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
            return None;
        }
        if !compact.bytes().enumerate().all(|(i, b)| matches!(i, 8 | 15) || b.is_ascii_digit()) {
            return None;
        }
        let number = |range: std::ops::Range<usize>| compact[range].parse::<u16>().ok();
        let small = |range| number(range).and_then(|n| u8::try_from(n).ok());
        let date = Date {
            year: number(0..4)?,
            month: small(4..6)?,
            day: small(6..8)?,
            hour: small(9..11)?,
            minute: small(11..13)?,
            second: small(13..15)?,
        };
        let valid = (1..=12).contains(&date.month)
            && (1..=days_in_month(date.year, date.month)).contains(&date.day)
            && date.hour < 24
            && date.minute < 60
            && date.second < 60;
        valid.then_some(date)
    }

    /// The date `seconds` after 1970-01-01T00:00:00Z (a Unix time), up to
    /// the end of year 9999, where it stays.
    pub fn from_unix_seconds(seconds: u64) -> Date {
        const LAST: u64 = 253_402_300_799; // 9999-12-31T23:59:59Z
        let seconds = seconds.min(LAST);
        let (days, time) = (seconds / 86_400, seconds % 86_400);
        // Howard Hinnant's civil_from_days, for days since 1970 ≥ 0.
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z % 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u64::from(month <= 2);
        // Every value is in range by construction (year ≤ 9999 from LAST).
        let narrow = |v: u64| u8::try_from(v).unwrap_or(u8::MAX);
        Date {
            year: u16::try_from(year).unwrap_or(9999),
            month: narrow(month),
            day: narrow(day),
            hour: narrow(time / 3600),
            minute: narrow(time / 60 % 60),
            second: narrow(time % 60),
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Date { year, month, day, hour, minute, second } = self;
        write!(f, "{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::parser;

    fn pattern_of<'s>(resource: &'s Resource<&'s str>) -> &'s Pattern<&'s str> {
        match &resource.body[0] {
            Entry::Message(m) => m.value.as_ref().expect("a value"),
            other => panic!("not a message: {other:?}"),
        }
    }

    fn segment_of(ftl: &str) -> Segment {
        let resource = parser::parse(ftl).expect("valid FTL");
        Segment::from_pattern(pattern_of(&resource), None)
    }

    /// The segment written as Fluent and parsed again, with the parse's AST.
    fn round_trip(segment: &Segment) -> Segment {
        let ftl = format!("x = {}\n", segment.to_fluent());
        let resource = parser::parse(ftl.as_str()).unwrap_or_else(|(_, e)| panic!("{ftl:?}: {e:?}"));
        Segment::from_pattern(pattern_of(&resource), None)
    }

    /// What Fluent shows for `x = {source}`, without isolation marks.
    fn formatted(source: &str) -> String {
        let resource = fluent_bundle::FluentResource::try_new(format!("x = {source}\n")).expect("valid FTL");
        let mut bundle = crate::intl::new_bundle(&"fr".parse().expect("a language tag"));
        bundle.add_resource(resource).expect("one message");
        let pattern = bundle.get_message("x").and_then(|m| m.value()).expect("a value");
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, None, &mut errors).into_owned()
    }

    #[test]
    fn placeables_are_codes_with_their_fluent_source() {
        let segment =
            segment_of("m = Le { DATETIME($date, dateStyle: \"long\") } à {-city(case:\"locative\")}.\n");
        assert_eq!(
            segment.inlines(),
            [
                Inline::Text("Le ".into()),
                Inline::Code(Code::fluent("1".into(), "{ DATETIME($date, dateStyle: \"long\") }".into())),
                Inline::Text(" à ".into()),
                Inline::Code(Code::fluent("2".into(), "{ -city(case: \"locative\") }".into())),
                Inline::Text(".".into()),
            ]
        );
        assert_eq!(
            segment.to_plain(),
            "Le { DATETIME($date, dateStyle: \"long\") } à { -city(case: \"locative\") }."
        );
        assert_eq!(segment.to_fluent(), segment.to_plain());
    }

    #[test]
    fn a_translation_numbers_its_codes_after_the_source() {
        let source = segment_of("m = { $a } puis { $b }\n");
        let resource = parser::parse("m = { $b }, { $c } et { $a }\n").expect("valid FTL");
        let target = Segment::from_pattern(pattern_of(&resource), Some(&source));
        let ids: Vec<_> = target
            .inlines()
            .iter()
            .filter_map(|i| if let Inline::Code(c) = i { c.id.as_deref() } else { None })
            .collect();
        assert_eq!(ids, ["2", "3", "1"]);
    }

    #[test]
    fn select_expressions_are_one_code_and_go_back_as_a_block() {
        let ftl = "m = { $n ->\n    [one] un { $n }\n   *[other] { $n } mots\n} restent\n";
        let segment = segment_of(ftl);
        let select = "{ $n ->\n    [one] un { $n }\n   *[other] { $n } mots\n}";
        assert_eq!(
            segment.inlines(),
            [Inline::Code(Code::fluent("1".into(), select.into())), Inline::Text(" restent".into())]
        );
        assert_eq!(
            segment.to_fluent(),
            "\n    { $n ->\n        [one] un { $n }\n       *[other] { $n } mots\n    } restent"
        );
        assert_eq!(round_trip(&segment), segment);
    }

    #[test]
    fn fluent_patterns_survive_the_round_trip() {
        for ftl in [
            "m = Simple text.\n",
            "m =\n    Première ligne\n      indentée\n\n    après une ligne vide { $x }\n",
            "m = { \"\" }\n",
            "m = { \"[\" }crochet\n",
            "m = {{ $x }}{ $y }\n",
            "m = Prix : { NUMBER($n, minimumFractionDigits: 2) } €\n",
            "m = { -brand-name(case: \"genitive\") } et { other.attr }\n",
            "m =\n    a\n\n         \n    b\n",
        ] {
            let resource = parser::parse(ftl).expect("valid FTL");
            let segment = Segment::from_pattern(pattern_of(&resource), None);
            let again = format!("m = {}\n", segment.to_fluent());
            let reparsed = parser::parse(again.as_str()).expect("valid FTL");
            assert_eq!(pattern_of(&reparsed), pattern_of(&resource), "{ftl:?} became {again:?}");
        }
    }

    #[test]
    fn text_from_other_tools_is_escaped_for_fluent() {
        let mut rtf = Segment::from_text("Le ");
        rtf.push_code(Code {
            kind: CodeKind::Bpt,
            id: Some("1".into()),
            ty: Some("bold".into()),
            original: "{\\b ".into(),
        });
        rtf.push_text("gros");
        rtf.push_code(Code { kind: CodeKind::Ept, id: Some("1".into()), ty: None, original: "}".into() });
        rtf.push_text(" chat ");
        for (segment, fluent) in [
            (rtf, "Le { \"{\" }\\b gros{ \"}\" } chat{ \" \" }"),
            (Segment::from_text("  deux espaces"), "{ \"  \" }deux espaces"),
            (Segment::from_text("[liste]"), "[liste]"),
            (
                Segment::from_text("ligne\n  [1] *a\n.b\n"),
                "\n    ligne\n    { \"  \" }[1] *a\n    { \".\" }b{ \"\\u000A\" }",
            ),
            (Segment::from_text("guillemets \" et \\ {x}"), "guillemets \" et \\ { \"{\" }x{ \"}\" }"),
            (Segment::default(), "{ \"\" }"),
        ] {
            assert_eq!(segment.to_fluent(), fluent, "{segment:?}");
            assert_eq!(formatted(&segment.to_fluent()), segment.to_plain(), "{segment:?}");
        }
    }

    #[test]
    fn any_text_goes_into_fluent_and_formats_back_to_itself() {
        let alphabet = [" ", " ", "\n", "a", "b", "[", "*", ".", "{", "}", "\"", "\\", "\t", "é"];
        let mut state = 1u64;
        let mut below = |n: usize| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        for _ in 0..5000 {
            let mut segment = Segment::default();
            let mut shown = String::new();
            for _ in 0..below(14) {
                if below(8) == 0 {
                    // A Fluent placeable that shows as `Z`.
                    segment.push_code(Code::fluent("1".into(), "{ \"Z\" }".into()));
                    shown.push('Z');
                } else {
                    let piece = alphabet[below(alphabet.len())];
                    segment.push_text(piece);
                    shown.push_str(piece);
                }
            }
            assert_eq!(formatted(&segment.to_fluent()), shown, "{segment:?} as {:?}", segment.to_fluent());
        }
    }

    #[test]
    fn adjacent_text_merges_and_blank_means_no_code_and_no_text() {
        let mut segment = Segment::from_text("a");
        segment.push_text("");
        segment.push_text("b");
        assert_eq!(segment, Segment::from_text("ab"));
        assert!(Segment::from_text(" \t\n").is_blank());
        assert!(Segment::default().is_blank());
        let mut code_only = Segment::default();
        code_only.push_code(Code::fluent("1".into(), "{ $x }".into()));
        assert!(!code_only.is_blank());
    }

    #[test]
    fn dates_in_tmx_form() {
        let date = Date::parse("20201208T120509Z").expect("a date");
        assert_eq!(date.to_string(), "20201208T120509Z");
        assert_eq!(Date::parse("2020-12-08T12:05:09Z"), Some(date));
        for bad in ["20201308T120000Z", "20210229T000000Z", "20201208T240000Z", "2020128T120000Z", "x", ""] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Date::parse("20240229T235959Z").map(|d| d.to_string()).as_deref(),
            Some("20240229T235959Z")
        );
        assert!(Date::parse("20020523T091200Z") < Date::parse("20201208T000000Z"));
        assert_eq!(Date::from_unix_seconds(0).to_string(), "19700101T000000Z");
        assert_eq!(Date::from_unix_seconds(1_607_428_800).to_string(), "20201208T120000Z");
        assert_eq!(Date::from_unix_seconds(951_782_400).to_string(), "20000229T000000Z");
        assert_eq!(Date::from_unix_seconds(u64::MAX).to_string(), "99991231T235959Z");
    }
}
