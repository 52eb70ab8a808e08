//! A translation against its source: numbers and dates by value, and the
//! same source translated two ways within a locale.

use super::finding::Finding;
use super::numbers::{Number, WrittenDate};
use super::text::Text;
use crate::diagnostic::{Diagnostic, Severity};
use std::collections::HashMap;
use std::ops::Range;

/// Numbers missing from the target, added to it or different. Runs written
/// the same on both sides (`1.2.3`, `10:30`) match as written; the rest by
/// value.
pub fn numbers(
    source: &str,
    source_numbers: &[Number],
    target: &str,
    target_numbers: &[Number],
) -> Vec<Finding> {
    let mut source_left: Vec<&Number> = source_numbers.iter().collect();
    let mut target_left: Vec<&Number> = Vec::new();
    let mut matched_runs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for number in target_numbers {
        let run = &target[number.run.clone()];
        let same_run =
            matched_runs.iter().find(|(t, _)| *t == number.run).map(|(_, s)| s.clone()).or_else(|| {
                let s = source_left.iter().find(|s| {
                    &source[s.run.clone()] == run && !matched_runs.iter().any(|(_, r)| *r == s.run)
                })?;
                Some(s.run.clone())
            });
        match same_run {
            Some(source_run) => {
                if !matched_runs.iter().any(|(t, _)| *t == number.run) {
                    matched_runs.push((number.run.clone(), source_run.clone()));
                    source_left.retain(|s| s.run != source_run);
                }
            }
            None => target_left.push(number),
        }
    }
    // A value is there if it is there once: "24 h/24" is "24/7".
    let added: Vec<&Number> =
        target_left.into_iter().filter(|t| !source_numbers.iter().any(|s| s.value == t.value)).collect();
    source_left.retain(|s| !target_numbers.iter().any(|t| t.value == s.value));
    let paired = added.len().min(source_left.len());
    // A number alone on its side may be written out on the other: a side
    // without digits ("cztery tysiące", "setne"), a single digit ("une ou
    // deux phrases" for "1-2 sentences"), an ordinal or a compound with a
    // word ("15th", "15-lecie" for "quinzième").
    let glued_to_word = |text: &str, n: &Number| {
        let after = &text[n.span.end..];
        after.strip_prefix('-').unwrap_or(after).starts_with(char::is_alphabetic)
    };
    let written_out = |text: &str, n: &Number| {
        n.value.len() == 1 || source_numbers.is_empty() || target_numbers.is_empty() || glued_to_word(text, n)
    };
    // "les années 2000" may be "początek XXI w.": a year as its century.
    let as_century = |year: &Number, other: &str| {
        year.value.len() == 4 && super::words::words(other).any(|(_, w)| is_roman(w))
    };
    // Those left over after pairing may be excused.
    let kept = |numbers: Vec<&Number>, text: &str, other: &str| -> Vec<Range<usize>> {
        numbers
            .into_iter()
            .enumerate()
            .filter(|&(index, number)| {
                index < paired || !(written_out(text, number) || as_century(number, other))
            })
            .map(|(_, number)| number.span.clone())
            .collect()
    };
    differences(
        "number",
        "",
        (source, kept(source_left, source, target)),
        (target, kept(added, target, source)),
    )
}

/// A Roman numeral of two letters or more, as centuries are written.
fn is_roman(word: &str) -> bool {
    word.len() >= 2 && word.chars().all(|c| "IVXLC".contains(c))
}

/// Dates written with a month's name, compared by value.
pub fn dates(
    source: &str,
    source_dates: &[(WrittenDate, Range<usize>)],
    target: &str,
    target_dates: &[(WrittenDate, Range<usize>)],
) -> Vec<Finding> {
    let mut source_left: Vec<&(WrittenDate, Range<usize>)> = source_dates.iter().collect();
    let mut added = Vec::new();
    for date in target_dates {
        match source_left.iter().position(|(d, _)| *d == date.0) {
            Some(i) => {
                source_left.remove(i);
            }
            None => added.push(date),
        }
    }
    let missing = source_left.into_iter().map(|(_, span)| span.clone()).collect();
    differences(
        "date",
        "date ",
        (source, missing),
        (target, added.into_iter().map(|(_, span)| span.clone()).collect()),
    )
}

/// What the target has that the source has not, paired in order with what
/// the source has that the target has not ("`x` here, where the source has
/// `y`"), then what is left of either; `what` names a missing one ("date ").
fn differences(
    code: &'static str,
    what: &str,
    (source, missing): (&str, Vec<Range<usize>>),
    (target, added): (&str, Vec<Range<usize>>),
) -> Vec<Finding> {
    let mut missing = missing.into_iter();
    let mut out = Vec::new();
    for span in added {
        let here = &target[span.clone()];
        let message = match missing.next() {
            Some(instead) => format!("`{here}` here, where the source has `{}`", &source[instead]),
            None => format!("`{here}` is not in the source"),
        };
        out.push(Finding::new(code, span, message));
    }
    for span in missing {
        out.push(Finding::new(
            code,
            start_of(target),
            format!("the source's {what}`{}` is missing here", &source[span]),
        ));
    }
    out.into_iter().map(|f| f.note(format!("the source: {}", quoted(source)))).collect()
}

/// A text as a unit of comparison: blanks of any kind alike, and what its
/// placeables refer to (which the text shows alike).
#[derive(PartialEq, Eq, Hash)]
pub struct Unit {
    text: String,
    placeables: Vec<String>,
}

impl Unit {
    pub fn of(text: &Text) -> Unit {
        Unit {
            text: text.text.split_whitespace().collect::<Vec<_>>().join(" "),
            placeables: text.placeables.clone(),
        }
    }
}

/// How many words a source has at least for its translations to be
/// compared: on the real corpora, shorter ones differ by their place.
const SENTENCE_WORDS: usize = 8;

/// A translation of a locale: its source text, its text (blanks of any
/// kind alike), and a diagnostic placed at it.
pub struct Translation<'a> {
    /// The message or term: its own variants and a duplicate of it are
    /// the structure's business, not a matter of consistency.
    pub id: String,
    pub source: Unit,
    pub target: Unit,
    /// A diagnostic placed at it, made only for one that is reported (a
    /// position costs a walk through its file).
    pub at: Box<dyn Fn() -> Diagnostic + 'a>,
}

/// The same source translated two ways in one locale by two messages (each
/// translation unlike the first one met is reported), and, as notes, one
/// translation for two sources.
pub fn inconsistent(translations: Vec<Translation<'_>>, severity: Severity) -> Vec<Diagnostic> {
    let mut first_by_source: HashMap<&Unit, &Translation> = HashMap::new();
    let mut first_by_target: HashMap<&Unit, &Translation> = HashMap::new();
    let mut out = Vec::new();
    let place = |t: &Translation| (t.at)().location();
    // A label of a word or three is translated for its place ("Refresh" and
    // "Reload" for "Actualiser"); a sentence is the same sentence anywhere.
    let a_sentence = |t: &Translation| super::words::words(&t.source.text).nth(SENTENCE_WORDS - 1).is_some();
    for translation in translations.iter().filter(|t| a_sentence(t)) {
        let first = *first_by_source.entry(&translation.source).or_insert(translation);
        if first.target != translation.target && first.id != translation.id {
            let mut d = (translation.at)();
            d.severity = severity;
            d.message =
                format!("{} is translated otherwise at {}", quoted(&translation.source.text), place(first));
            out.push(d.note(format!("there: {}", quoted(&first.target.text))));
        }
        let first = *first_by_target.entry(&translation.target).or_insert(translation);
        if first.source != translation.source && first.id != translation.id {
            let mut d = (translation.at)();
            d.severity = Severity::Note;
            d.message = format!("this translation also translates another source, at {}", place(first));
            out.push(d.note(format!(
                "there: {}; here: {}",
                quoted(&first.source.text),
                quoted(&translation.source.text)
            )));
        }
    }
    out
}

/// A text's span less the blanks at either end.
pub fn trimmed(text: &str) -> Range<usize> {
    let start = text.len() - text.trim_start().len();
    start..text.trim_end().len().max(start)
}

/// Where a text's first visible character is.
fn start_of(text: &str) -> Range<usize> {
    let start = text.find(|c: char| !c.is_whitespace()).unwrap_or(0);
    start..start + text[start..].chars().next().map_or(0, char::len_utf8)
}

/// A text for a note, cut after 80 characters.
pub fn quoted(text: &str) -> String {
    let text = text.trim().replace(super::text::OPAQUE, "{…}");
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("“{}…”", &text[..cut]),
        None => format!("“{text}”"),
    }
}
