//! Quotation marks, brackets, punctuation and white space: how a text is
//! written in its language, and whether it keeps its source's marks.
//!
//! Rules: only what a language's orthography settles is reported —
//! straight `"` where a language has typographic quotes, a space before
//! `: ; ! ?` in Polish and English; French spacing and apostrophes are the
//! typesetter's (see `typeset`), never this module's.

use super::finding::Finding;
use super::numbers::Number;
use super::text::OPAQUE;

/// The quotation marks of a language: its pairs, and the marks that do
/// not belong to it. `None` for a language we know no rule for.
struct Quotes {
    pairs: &'static [(char, char)],
    foreign: &'static [char],
    /// How a quotation is written, for the message.
    shown: &'static str,
}

fn quotes(language: &str, single: bool) -> Option<Quotes> {
    let (pairs, foreign, shown): (&'static [(char, char)], &'static [char], _) = match language {
        "fr" => (&[('«', '»'), ('“', '”')], &['"', '„'], "« … »"),
        "pl" => (&[('„', '”'), ('«', '»'), ('»', '«')], &['"', '“'], "„…”"),
        "en" => (&[('“', '”')], &['"', '„', '«', '»'], if single { "‘…’" } else { "“…”" }),
        _ => return None,
    };
    Some(Quotes { pairs, foreign, shown })
}

/// The marks a quotation opens and closes with in a language (its first
/// pair; `‘…’` in English quoting with single marks): what print sets for
/// straight double quotes. `None` for a language we know no rule for.
pub fn outer_quotes(language: &str, single: bool) -> Option<(char, char)> {
    match language {
        "en" if single => Some(('‘', '’')),
        _ => quotes(language, single).map(|q| q.pairs[0]),
    }
}

const BRACKETS: [(char, char); 2] = [('(', ')'), ('[', ']')];

/// Quotation marks that do not belong to the language.
pub fn wrong_quotes(text: &str, language: &str, single: bool) -> Vec<Finding> {
    let Some(style) = quotes(language, single) else { return Vec::new() };
    let mut out = Vec::new();
    for (at, c) in text.char_indices() {
        // British English opens with ‘ and nests “ inside; American the reverse.
        let (outer, inner) = if single { ('‘', '“') } else { ('“', '‘') };
        let unnested = language == "en" && c == inner && !text[..at].contains(outer);
        if style.foreign.contains(&c) || unnested {
            out.push(Finding::new(
                "quotes",
                at..at + c.len_utf8(),
                format!("`{c}` is not how {language} quotes: write {}", style.shown),
            ));
        }
    }
    out
}

/// Brackets and quotation marks that open and never close, or close what
/// never opened.
pub fn unbalanced(text: &str, language: &str, single: bool) -> Vec<Finding> {
    let style = quotes(language, single);
    let pairs: Vec<(char, char)> =
        BRACKETS.iter().copied().chain(style.iter().flat_map(|s| s.pairs.iter().copied())).collect();
    let mut open: Vec<(usize, char, char)> = Vec::new();
    let mut out = Vec::new();
    for (at, c) in text.char_indices() {
        // No bracket or quotation mark is a letter, a digit or a space.
        if c.is_ascii_alphanumeric() || c == ' ' {
            continue;
        }
        let innermost = open.last().copied();
        if innermost.is_some_and(|(_, _, close)| close == c) {
            open.pop();
        } else if innermost.is_some_and(|(_, o, _)| o == c && !BRACKETS.iter().any(|&(b, _)| b == c)) {
            // “…“: a quotation never opens straight inside its own kind.
            let close = innermost.map_or(c, |(_, _, close)| close);
            out.push(Finding::new(
                "brackets",
                at..at + c.len_utf8(),
                format!("`{c}` closes the quotation: write `{close}`"),
            ));
            open.pop();
        } else if let Some(&(o, close)) = pairs.iter().find(|(o, _)| *o == c) {
            open.push((at, o, close));
        } else if pairs.iter().any(|(_, close)| *close == c) {
            match open.iter().rposition(|&(_, _, close)| close == c) {
                Some(i) => {
                    for &(at, o, _) in &open[i + 1..] {
                        out.push(Finding::new(
                            "brackets",
                            at..at + o.len_utf8(),
                            format!("`{o}` is never closed"),
                        ));
                    }
                    open.truncate(i);
                }
                None => {
                    out.push(Finding::new("brackets", at..at + c.len_utf8(), format!("`{c}` closes nothing")))
                }
            }
        }
    }
    for (at, o, _) in open {
        out.push(Finding::new("brackets", at..at + o.len_utf8(), format!("`{o}` is never closed")));
    }
    let straight: Vec<usize> = text.match_indices('"').map(|(at, _)| at).collect();
    if straight.len() % 2 == 1 {
        let at = straight[straight.len() - 1];
        out.push(Finding::new("brackets", at..at + 1, "`\"` is never closed"));
    }
    out.sort_by_key(|f| f.span.start);
    out
}

/// How many pairs of each bracket a balanced text holds.
fn pairs(text: &str) -> [usize; 2] {
    BRACKETS.map(|(o, _)| text.matches(o).count())
}

/// The target's pairs of brackets against the source's, for two balanced
/// texts (an unbalanced one is reported as such).
pub fn bracket_pairs(source: &str, target: &str) -> Option<Finding> {
    let (s, t) = (pairs(source), pairs(target));
    let (i, _) = BRACKETS.iter().enumerate().find(|&(i, _)| s[i] != t[i])?;
    let (o, c) = BRACKETS[i];
    let at = target.find(o).unwrap_or(0);
    let count = |n: usize| match n {
        0 => "none".to_string(),
        1 => "one pair".to_string(),
        n => format!("{n} pairs"),
    };
    Some(
        Finding::new(
            "brackets",
            at..at + usize::from(!target.is_empty()),
            format!("{} of `{o}{c}` here", count(t[i])),
        )
        .note(format!("the source has {}", count(s[i])))
        // Translators add and drop brackets and quotes as their language
        // reads best: most such differences in the real corpora are style.
        .advisory(),
    )
}

/// The punctuation a text ends with: `.` `:` `;` `!` `?` `…`, or none;
/// closing quotes and tags after it aside ("terms of use.</a>"). Inside a
/// closing bracket it is the bracket's ("500 caractères max.)"), and the
/// text's is none.
fn end_mark(text: &str) -> (Option<&'static str>, usize) {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || c == OPAQUE || "”»’\"“".contains(c));
    if trimmed.ends_with([')', ']']) {
        return (None, trimmed.len());
    }
    let mark = if trimmed.ends_with("...") || trimmed.ends_with('…') {
        Some("…")
    } else {
        match trimmed.chars().last() {
            Some('.') => Some("."),
            Some(':') => Some(":"),
            Some(';') => Some(";"),
            Some('!') => Some("!"),
            Some('?') => Some("?"),
            _ => None,
        }
    };
    (mark, trimmed.len())
}

/// The target's end punctuation against the source's.
pub fn end_punctuation(source: &str, target: &str) -> Option<Finding> {
    let ((s, _), (t, end)) = (end_mark(source), end_mark(target));
    // A label's colon is each language's choice ("Port" is "Port :").
    let a_label = matches!((s, t), (Some(":"), None) | (None, Some(":")));
    if s == t || a_label || target.trim().is_empty() {
        return None;
    }
    // The last word and its mark: what a reader looks at.
    let start = target[..end]
        .rfind(|c: char| c.is_whitespace() || c == OPAQUE)
        .map_or(0, |at| at + target[at..].chars().next().map_or(0, char::len_utf8));
    let shown = |mark: Option<&str>| mark.map_or("no punctuation".to_string(), |m| format!("`{m}`"));
    Some(Finding::new(
        "punctuation",
        start..end,
        format!("the translation ends with {}, the source with {}", shown(t), shown(s)),
    ))
}

/// Spaces before `: ; ! ?` where the language has none, and a missing
/// space after `, ; . :` before a word.
pub fn spacing(source: &str, text: &str, language: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let spaced = matches!(language, "pl" | "en") && text.contains([':', ';', '!', '?']);
    let chars: Vec<(usize, char)> = if spaced { text.char_indices().collect() } else { Vec::new() };
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    for (i, &(offset, c)) in chars.iter().enumerate() {
        let after = at(i + 1);
        if matches!(language, "pl" | "en") && ":;!?".contains(c) && i > 0 {
            let mut first = i;
            while first > 0 && chars[first - 1].1.is_whitespace() && chars[first - 1].1 != '\n' {
                first -= 1;
            }
            let word_before =
                first > 0 && (chars[first - 1].1.is_alphanumeric() || chars[first - 1].1 == OPAQUE);
            let ends = after.is_none_or(|a| a.is_whitespace() || a == OPAQUE || "”»’)\"".contains(a));
            if first < i && word_before && ends {
                out.push(Finding::new(
                    "punctuation",
                    chars[first].0..offset,
                    format!("no space before `{c}` in {language}"),
                ));
            }
        }
    }
    // A source that runs words together at its punctuation is a list
    // ("Internet;WWW;Web;"), which the translation may keep.
    if missing_spaces(source).is_empty() {
        out.extend(missing_spaces(text));
    }
    out.sort_by_key(|f| f.span.start);
    out
}

/// Where a word follows `, ;` or a lowercase word's `. :` with no space.
fn missing_spaces(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (offset, mark) in text.match_indices([',', ';', '.', ':']) {
        let mut before = text[..offset].chars().rev();
        let (before, second_before) = (before.next(), before.next());
        let Some(after) = text[offset + mark.len()..].chars().next() else { continue };
        let missing = match mark {
            "," | ";" => before.is_some_and(char::is_alphabetic) && after.is_alphabetic(),
            // "word.Next", not "e.g." nor "U.S." nor "about:config".
            _ => {
                second_before.is_some_and(char::is_lowercase)
                    && before.is_some_and(char::is_lowercase)
                    && after.is_uppercase()
            }
        };
        if missing {
            out.push(Finding::new("punctuation", offset..offset + 1, format!("no space after `{mark}`")));
        }
    }
    out
}

/// Doubled spaces, a space at either end, a space splitting a number
/// that may break there, and a space before `,` or `.`. A no-break space
/// at either end is deliberate: Fluent trims plain ones, and the French
/// "Mode débogage " awaits the colon a program adds.
pub fn whitespace(text: &str, numbers: &[Number]) -> Vec<Finding> {
    let mut out = Vec::new();
    let inline_space = |c: char| c.is_whitespace() && c != '\n' && c != '\r';
    let breaking = |c: char| inline_space(c) && !matches!(c, '\u{a0}' | '\u{202f}');
    let trimmed_start = text.len() - text.trim_start_matches(breaking).len();
    if trimmed_start > 0 {
        out.push(Finding::new("whitespace", 0..trimmed_start, "the text starts with a space"));
    }
    let trimmed_end = text.trim_end_matches(breaking).len();
    if trimmed_end < text.len() && trimmed_end > 0 {
        out.push(Finding::new("whitespace", trimmed_end..text.len(), "the text ends with a space"));
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        let mut end = i;
        while end < chars.len() && inline_space(chars[end].1) {
            end += 1;
        }
        // A line's indentation inside a multiline text is layout.
        let indents = i > 0 && chars[i - 1].1 == '\n';
        if end - i >= 2 && offset > 0 && end < chars.len() && offset >= trimmed_start && !indents {
            let end_offset = chars[end].0;
            out.push(Finding::new("whitespace", offset..end_offset, "two spaces in a row"));
        } else if end - i == 1
            && matches!(c, '\u{a0}' | '\u{202f}')
            && matches!(chars.get(end), Some((_, ',' | '.')))
        {
            out.push(Finding::new(
                "whitespace",
                offset..offset + c.len_utf8(),
                "a space before punctuation that takes none",
            ));
        }
        i = end.max(i + 1);
    }
    for number in numbers {
        if let Some(space) = text[number.span.clone()].find(' ') {
            let at = number.span.start + space;
            out.push(
                Finding::new(
                    "whitespace",
                    at..at + 1,
                    "a plain space between digit groups: the number may break there",
                )
                .note("use a no-break space (U+00A0 or U+202F)"),
            );
        }
    }
    out.sort_by_key(|f| f.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(found: Vec<Finding>) -> Vec<(std::ops::Range<usize>, String)> {
        found.into_iter().map(|f| (f.span, f.message)).collect()
    }

    #[test]
    fn straight_and_foreign_quotes_are_reported_by_language() {
        assert_eq!(spans(wrong_quotes("„Tak” i \"nie\"", "pl", false)).len(), 2);
        assert!(wrong_quotes("« Oui » et “oui”", "fr", false).is_empty());
        assert_eq!(spans(wrong_quotes("“Yes”", "en", true))[0].0, 0..3);
        assert!(wrong_quotes("‘Yes, “quite”’", "en", true).is_empty());
        assert!(wrong_quotes("\"x\"", "de", false).is_empty());
    }

    #[test]
    fn an_unbalanced_bracket_is_reported_where_it_stands() {
        assert_eq!(spans(unbalanced("a (b [c) d", "en", false)), [(5..6, "`[` is never closed".to_string())]);
        assert_eq!(spans(unbalanced("2) b", "fr", false)), [(1..2, "`)` closes nothing".to_string())]);
        assert!(unbalanced("« a (b) »", "fr", false).is_empty());
        assert!(unbalanced("„Ciasteczka: »SameSite=Lax« jest domyślne”", "pl", false).is_empty());
        assert!(unbalanced("„a «b» c”", "pl", false).is_empty());
        assert_eq!(
            spans(unbalanced("Invalid value “x“ for “k“", "en", false)),
            [
                (18..21, "`“` closes the quotation: write `”`".to_string()),
                (30..33, "`“` closes the quotation: write `”`".to_string())
            ]
        );
        assert_eq!(
            bracket_pairs("a (b) (c)", "a (b) c").map(|f| f.message),
            Some("one pair of `()` here".into())
        );
    }

    #[test]
    fn end_punctuation_is_compared_by_class() {
        assert_eq!(
            end_punctuation("Fin.", "Koniec").map(|f| f.message),
            Some("the translation ends with no punctuation, the source with `.`".into())
        );
        assert!(end_punctuation("Voir...", "See…").is_none());
        assert!(end_punctuation("« Oui. »", "„Tak.”").is_none());
        assert!(
            end_punctuation(
                "Conditions.",
                "<a>terms of use.</a>".replace("<a>", "\u{fffc}").replace("</a>", "\u{fffc}").as_str()
            )
            .is_none()
        );
        assert!(end_punctuation("Dites adieu à \u{fffc}.", "Say goodbye to \u{fffc}").is_some());
    }

    #[test]
    fn spaces_around_punctuation_follow_the_language() {
        assert_eq!(
            spans(spacing("Uwaga: tak", "Uwaga : tak", "pl")),
            [(5..6, "no space before `:` in pl".to_string())]
        );
        assert!(spacing("Attention: yes", "Attention : oui", "fr").is_empty());
        assert_eq!(spans(spacing("un, deux", "one,two. Done.Next e.g. about:config", "en")).len(), 2);
        assert!(spacing("Internet;WWW;Web;", "Internet;WWW;Sieć;", "pl").is_empty());
    }

    #[test]
    fn white_space_faults_are_found() {
        let found = spans(whitespace(" a  b\u{a0}.", &[]));
        assert_eq!(found.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>(), [0..1, 2..4, 5..7]);
    }
}
