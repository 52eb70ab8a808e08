//! Numbers and dates written in text, read by value with the locale's
//! conventions ([`Conventions`], from ICU4X): `1 234,50` in French and
//! Polish is `1,234.50` in English; "8 décembre 2020" is "8 grudnia 2020"
//! and "December 8, 2020".
//!
//! Rules: a number glued to a letter before it (`x64`, `mp3`), or to a
//! letter and a dot or hyphen (`H.264`, `COVID-19`), is a name, not a number; a suffix after it (`15e`, `15th`, `20 %`) does not change its
//! value; a number that is part of a written date belongs to the date.

use crate::intl::Conventions;
use std::ops::Range;

/// A number in text: its value (digits, `.` before any fraction, no
/// leading or trailing zeros) and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    pub value: String,
    pub span: Range<usize>,
    /// The run of digits and separators it stands in (`1.2.3`, `10:30`),
    /// which is compared as written before any value is.
    pub run: Range<usize>,
}

/// A date written with its month's name: day and year when given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WrittenDate {
    pub day: Option<u8>,
    pub month: u8,
    pub year: Option<u16>,
}

/// The written dates of a text with their spans, and the numbers outside them.
pub fn read(text: &str, conventions: &Conventions) -> (Vec<(WrittenDate, Range<usize>)>, Vec<Number>) {
    let numbers = numbers(text, conventions);
    // A date has a day or a year: no number, no date.
    if numbers.is_empty() {
        return (Vec::new(), numbers);
    }
    let mut dates = Vec::new();
    let mut in_dates: Vec<Range<usize>> = Vec::new();
    for (word, month) in words(text).filter_map(|w| Some((w.clone(), conventions.month(&text[w])?))) {
        // The numbers next to the month, across blanks and an English comma.
        let before = numbers
            .iter()
            .rposition(|n| n.span.end <= word.start && between_day_and_month(&text[n.span.end..word.start]));
        let after = |from: usize| {
            numbers.iter().position(|n| {
                n.span.start >= from
                    && text[from..n.span.start].trim_matches(|c| blank(c) || c == ',').is_empty()
            })
        };
        let first_after = after(word.end);
        let value = |i: Option<usize>| i.and_then(|i| numbers[i].value.parse::<u32>().ok());
        let day_before = value(before).filter(|d| (1..=31).contains(d));
        let (mut day, mut year, mut span) = (day_before, None, word.clone());
        if day.is_some() {
            span.start = numbers[before.unwrap_or_default()].span.start;
        }
        let mut next = first_after;
        if day.is_none()
            && value(next).is_some_and(|d| (1..=31).contains(&d))
            && numbers[next.unwrap_or_default()].value.len() <= 2
        {
            day = value(next);
            span.end = numbers[next.unwrap_or_default()].span.end;
            next = after(span.end);
        }
        if let Some(y) = value(next).filter(|y| (1000..=2999).contains(y)) {
            year = Some(y as u16);
            span.end = numbers[next.unwrap_or_default()].span.end;
        }
        if day.is_none() && year.is_none() {
            continue;
        }
        dates.push((WrittenDate { day: day.map(|d| d as u8), month, year }, span.clone()));
        in_dates.push(span);
    }
    let numbers = numbers
        .into_iter()
        .filter(|n| !in_dates.iter().any(|d| d.start <= n.span.start && n.span.end <= d.end))
        .collect();
    (dates, numbers)
}

fn blank(c: char) -> bool {
    c.is_whitespace()
}

/// Whether what stands between a day and its month is blanks after an
/// ordinal's mark glued to the day (`1er`, `1.`, `1st`), not other words
/// ("15 jours en mars" is no date).
fn between_day_and_month(between: &str) -> bool {
    let mark = between.find(|c: char| !c.is_alphabetic()).unwrap_or(between.len());
    let rest = between[mark..].trim_start_matches('.');
    between[..mark].chars().count() <= 3 && rest.chars().all(char::is_whitespace)
}

/// The spans of the words of a text: runs of letters.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + text[at..].find(char::is_alphabetic)?;
        let end =
            text[start..].find(|c: char| !c.is_alphabetic() && c != '.').map_or(text.len(), |i| start + i);
        at = end;
        Some(start..end)
    })
}

/// Whether a character separates digit groups in a locale whose separator
/// is `group`: any kind of space stands for a space-like one.
fn is_group(c: char, group: char) -> bool {
    let spacey = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}');
    c == group || (spacey(group) && spacey(c))
}

/// Every number of a text, in order.
pub fn numbers(text: &str, conventions: &Conventions) -> Vec<Number> {
    // Most texts hold no digit at all.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_ascii_digit());
    let offset = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let glued = |at: usize| chars[at].1.is_alphanumeric();
        let in_name = i > 0
            && (glued(i - 1) || (i > 1 && ".-".contains(chars[i - 1].1) && chars[i - 2].1.is_alphabetic()));
        if !digit(i) || in_name {
            i += 1;
            continue;
        }
        // The run this number stands in, for comparison as written.
        let run_start = i;
        let mut run_end = i;
        while digit(run_end)
            || (run_end > run_start
                && chars.get(run_end).is_some_and(|&(_, c)| ".,:/-".contains(c))
                && digit(run_end + 1))
        {
            run_end += 1;
        }
        let run = offset(run_start)..offset(run_end);
        // One number at least: digit groups may take it past the run.
        let stop = run_end.max(i + 1);
        while i < stop {
            let start = i;
            let mut value = String::new();
            let mut group_len = 0;
            while digit(i) {
                value.push(chars[i].1);
                group_len += 1;
                i += 1;
            }
            // Digit groups: a separator, then exactly three digits.
            while i < chars.len()
                && is_group(chars[i].1, conventions.group)
                && group_len <= 3
                && (i + 1..i + 4).all(digit)
                && !digit(i + 4)
            {
                value.extend(chars[i + 1..i + 4].iter().map(|(_, c)| c));
                i += 4;
                group_len = 3;
            }
            let mut fraction = String::new();
            if chars.get(i).is_some_and(|&(_, c)| c == conventions.decimal) && digit(i + 1) {
                i += 1;
                while digit(i) {
                    fraction.push(chars[i].1);
                    i += 1;
                }
            }
            let integer = value.trim_start_matches('0');
            let fraction = fraction.trim_end_matches('0');
            let mut value = if integer.is_empty() { "0".to_string() } else { integer.to_string() };
            if !fraction.is_empty() {
                value = format!("{value}.{fraction}");
            }
            let end = offset(i);
            out.push(Number { value, span: offset(start)..end, run: run.start..run.end.max(end) });
            // Past a separator of the run to the next number in it.
            if i < run_end && !digit(i) {
                i += 1;
            }
        }
        i = i.max(run_end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(tag: &str, text: &str) -> Vec<String> {
        numbers(text, &Conventions::new(&tag.parse().unwrap())).into_iter().map(|n| n.value).collect()
    }

    #[test]
    fn numbers_are_read_with_each_locales_separators() {
        assert_eq!(values("fr", "1\u{202f}234,50 et 2 000 et 2\u{a0}000"), ["1234.5", "2000", "2000"]);
        assert_eq!(values("pl", "1 234,50 zł, 1234"), ["1234.5", "1234"]);
        assert_eq!(values("en", "1,234.50 and 2,000 and 1,5"), ["1234.5", "2000", "1", "5"]);
        assert_eq!(values("fr", "le 15e, 20 % et 08:30"), ["15", "20", "8", "30"]);
        assert_eq!(values("en", "x64, mp3, H.264, COVID-19 and the 15th"), ["15"]);
        assert_eq!(values("fr", "en 2020 100 personnes"), ["2020", "100"]);
    }

    #[test]
    fn a_written_date_is_read_by_value() {
        fn read_dates<'t>(tag: &str, text: &'t str) -> (Vec<(WrittenDate, &'t str)>, usize) {
            let (dates, numbers) = read(text, &Conventions::new(&tag.parse().unwrap()));
            (dates.into_iter().map(|(d, span)| (d, &text[span])).collect(), numbers.len())
        }
        let date = WrittenDate { day: Some(8), month: 12, year: Some(2020) };
        assert_eq!(read_dates("fr", "le 8 décembre 2020, 3 fois"), (vec![(date, "8 décembre 2020")], 1));
        assert_eq!(read_dates("pl", "z dnia 8 grudnia 2020 r."), (vec![(date, "8 grudnia 2020")], 0));
        assert_eq!(read_dates("en", "on December 8, 2020"), (vec![(date, "December 8, 2020")], 0));
        assert_eq!(read_dates("en-GB", "on 8 December 2020"), (vec![(date, "8 December 2020")], 0));
        assert_eq!(
            read_dates("fr", "Il reste 15 jours en mars 2021").0.first().map(|d| d.1),
            Some("mars 2021")
        );
        let first = WrittenDate { day: Some(1), month: 1, year: None };
        assert_eq!(read_dates("fr", "dès le 1er janvier"), (vec![(first, "1er janvier")], 0));
        assert_eq!(read_dates("en", "you may 3 times"), (vec![], 1));
    }
}
