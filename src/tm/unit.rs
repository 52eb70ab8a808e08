//! The memory's unit: a source segment paired with its translation and
//! TMX's bookkeeping, and TMX's dates (`YYYYMMDDThhmmssZ`).

use crate::segment::Segment;
use std::fmt;

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

    /// The present moment, or the one `SOURCE_DATE_EPOCH` (seconds since
    /// 1970) names, for reproducible memories and tests.
    pub fn now() -> Date {
        let fixed = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse().ok());
        let seconds = fixed.unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
        });
        Date::from_unix_seconds(seconds)
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
