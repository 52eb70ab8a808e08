//! The memory's unit: a source segment paired with its translation and
//! TMX's bookkeeping, and TMX's dates (`YYYYMMDDThhmmssZ`).

use crate::segment::{Inline, Segment};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// The TMX `<prop>` type holding the Fluent ID of a unit.
pub const FLUENT_ID_PROP: &str = "x-fluent-id";
/// The prop that names the `.ftl` file of a unit's Fluent ID, relative to
/// its locale's folder: IDs are unique in a file, not in a project.
pub const FLUENT_FILE_PROP: &str = "x-fluent-file";

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
    /// as `<prop type="x-fluent-id">`; its file is the prop
    /// [`FLUENT_FILE_PROP`](super::tmx::FLUENT_FILE_PROP).
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

impl Unit {
    /// The `.ftl` file (relative to its locale's folder) of the unit's
    /// Fluent ID; none in memories written before files were recorded.
    pub fn fluent_file(&self) -> Option<&str> {
        self.props.iter().find(|(ty, _)| ty == FLUENT_FILE_PROP).map(|(_, file)| file.as_str())
    }

    /// Whether the unit was remembered for the unit `id` of `file`: a unit
    /// names its file, and one from an older memory that does not stands for
    /// that ID in any file.
    pub fn is_for(&self, file: Option<&str>, id: &str) -> bool {
        self.fluent_id.as_deref() == Some(id)
            && file.is_none_or(|file| self.fluent_file().is_none_or(|mine| mine == file))
    }
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
        // The digits and the `T` and `Z`, without ISO 8601's separators.
        let mut b = [0u8; 16];
        let mut len = 0;
        for &byte in text.as_bytes() {
            if matches!(byte, b'-' | b':') {
                continue;
            }
            *b.get_mut(len)? = byte;
            len += 1;
        }
        if len != 16 || b[8] != b'T' || b[15] != b'Z' {
            return None;
        }
        if !b.iter().enumerate().all(|(i, b)| matches!(i, 8 | 15) || b.is_ascii_digit()) {
            return None;
        }
        let number = |range: std::ops::Range<usize>| {
            b[range].iter().fold(0u16, |n, &digit| n * 10 + u16::from(digit - b'0'))
        };
        // Two digits are at most 99.
        let small = |range| number(range) as u8;
        let date = Date {
            year: number(0..4),
            month: small(4..6),
            day: small(6..8),
            hour: small(9..11),
            minute: small(11..13),
            second: small(13..15),
        };
        date.is_valid().then_some(date)
    }

    fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && (1..=days_in_month(self.year, self.month)).contains(&self.day)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
    }

    /// The date as TMX writes it, `YYYYMMDDThhmmssZ`, without allocating.
    pub(crate) fn compact(self) -> [u8; 16] {
        let Date { year, month, day, hour, minute, second } = self;
        let mut out = *b"00000000T000000Z";
        let mut put = |at: usize, value: u16, digits: usize| {
            let mut value = value;
            for i in (at..at + digits).rev() {
                out[i] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, year, 4);
        put(4, month.into(), 2);
        put(6, day.into(), 2);
        put(9, hour.into(), 2);
        put(11, minute.into(), 2);
        put(13, second.into(), 2);
        out
    }

    /// The date as one number, for the memory's binary cache.
    pub(crate) fn pack(self) -> u64 {
        let Date { year, month, day, hour, minute, second } = self;
        u64::from(year) << 40
            | u64::from(month) << 32
            | u64::from(day) << 24
            | u64::from(hour) << 16
            | u64::from(minute) << 8
            | u64::from(second)
    }

    /// The date [`pack`](Self::pack) gave, or None if `packed` is no date.
    pub(crate) fn unpack(packed: u64) -> Option<Date> {
        let byte = |shift: u32| (packed >> shift) as u8;
        let date = Date {
            year: u16::try_from(packed >> 40).ok()?,
            month: byte(32),
            day: byte(24),
            hour: byte(16),
            minute: byte(8),
            second: byte(0),
        };
        (date.year <= 9999 && date.is_valid()).then_some(date)
    }

    /// The calendar day.
    pub fn day(&self) -> crate::intl::Day {
        crate::intl::Day { year: self.year, month: self.month, day: self.day }
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
        // The digits, `T` and `Z` are ASCII.
        f.write_str(std::str::from_utf8(&self.compact()).unwrap_or_default())
    }
}

/// The order of units in a memory and its TMX file, so that the file
/// changes little when the memory does: by fluent ID (units without one
/// first), source, target language and target, then by every other field.
pub fn order(a: &Unit, b: &Unit) -> Ordering {
    (&a.fluent_id, &a.source, &a.target_lang, &a.target)
        .cmp(&(&b.fluent_id, &b.source, &b.target_lang, &b.target))
        .then_with(|| a.cmp(b))
}

/// Sorts units in [memory order](order) without moving them more than once:
/// their places are sorted, by a key that decides most comparisons alone,
/// and then each unit is moved to its place.
pub(crate) fn sort_in_memory_order(units: &mut [Unit]) {
    let mut places: Vec<(u128, u32)> =
        (0u32..).zip(units.iter()).map(|(i, u)| (order_prefix(u), i)).collect();
    places.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| order(&units[a.1 as usize], &units[b.1 as usize]))
    });
    let mut from: Vec<u32> = places.into_iter().map(|(_, i)| i).collect();
    // Follows each cycle of the permutation: place k takes unit from[k].
    for start in 0..from.len() {
        let mut k = start;
        loop {
            let next = from[k] as usize;
            from[k] = k as u32;
            if next == start || next == k {
                break;
            }
            units.swap(k, next);
            k = next;
        }
    }
}

/// The beginning of what [`order`](order) compares first, as a number in the same
/// order: whether the unit has a Fluent ID, then the first bytes of the ID,
/// or of the source text when there is none. Shorter texts are padded with
/// zeros, so that two units with different prefixes compare as their prefixes do.
pub(crate) fn order_prefix(unit: &Unit) -> u128 {
    let mut key = [0u8; 16];
    let text = match &unit.fluent_id {
        Some(id) => {
            key[0] = 2;
            id.as_bytes()
        }
        None => match unit.source.inlines().first() {
            // An empty segment comes before any other.
            None => return 0,
            Some(Inline::Text(text)) => {
                key[0] = 1;
                text.as_bytes()
            }
            // Codes and foreign elements come after any text: the rest of
            // the key is left to the comparison.
            Some(_) => {
                key[0] = 1;
                key[1] = 0xFF;
                key[2] = 0xFF;
                return u128::from_be_bytes(key);
            }
        },
    };
    let n = text.len().min(15);
    key[1..1 + n].copy_from_slice(&text[..n]);
    u128::from_be_bytes(key)
}

/// The key under which units merge: languages, source and target.
pub(crate) struct PairKey<'u>(pub(crate) &'u Unit);

impl PartialEq for PairKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0, other.0);
        a.source == b.source
            && a.target == b.target
            && a.source_lang == b.source_lang
            && a.target_lang == b.target_lang
    }
}

impl Eq for PairKey<'_> {}

impl Hash for PairKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (&self.0.source_lang, &self.0.source, &self.0.target_lang, &self.0.target).hash(state);
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
        for bad in ["2020-12-08T12:00:00ZZ", "20201208T12000Z", "+0201208T120000Z", "20201208t120000Z"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn packed_dates_unpack_the_same() {
        for seconds in [0, 951_782_400, 1_607_428_800, 253_402_300_799] {
            let date = Date::from_unix_seconds(seconds);
            assert_eq!(Date::unpack(date.pack()), Some(date));
        }
        assert_eq!(Date::unpack(0), None);
        assert_eq!(Date::unpack(u64::MAX), None);
    }

    #[test]
    fn units_sort_in_memory_order() {
        use crate::segment::Code;
        let texts =
            ["", "a", "ab", "ab\u{0}", "abcdefghijklmnopq", "abcdefghijklmnopr", "é", "\u{10FFFF}", "b"];
        let mut seed = 7u64;
        let mut below = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % n as u64) as usize
        };
        let mut units = Vec::new();
        for _ in 0..2000 {
            let mut source = Segment::default();
            for _ in 0..below(3) {
                match below(3) {
                    0 => source.push_code(Code::placeable("1".into(), texts[below(texts.len())].into())),
                    _ => source.push_text(texts[below(texts.len())]),
                }
            }
            units.push(Unit {
                source,
                target: Segment::from_text(texts[below(texts.len())]),
                target_lang: ["pl", "en"][below(2)].into(),
                fluent_id: [None, Some(texts[below(texts.len())].to_string())][below(2)].clone(),
                creation_id: Some(below(3).to_string()),
                ..Unit::default()
            });
        }
        let mut expected = units.clone();
        expected.sort_by(order);
        sort_in_memory_order(&mut units);
        assert_eq!(units, expected);
    }
}
