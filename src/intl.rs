//! Locale data through ICU4X: the `DATETIME` and `NUMBER` functions and the
//! number formatting that fluent-rs lacks, CLDR plural categories, and the
//! Fluent bundle set up for print (no isolation marks).

use fixed_decimal::{Decimal, FloatPrecision};
use fluent_bundle::types::{FluentNumber, FluentType};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{M, YMD, YMDE};
use icu_datetime::input::Date;
use icu_decimal::DecimalFormatter;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_locale_core::Locale as IcuLocale;
use icu_plurals::{PluralCategory, PluralRules};
use icu_properties::CodePointSetData;
use icu_properties::props::DefaultIgnorableCodePoint;
use intl_memoizer::{IntlLangMemoizer, Memoizable};
use std::borrow::Cow;
use unic_langid::LanguageIdentifier;

pub type Bundle = fluent_bundle::FluentBundle<FluentResource>;

/// The functions a message may call.
pub const FUNCTIONS: [&str; 2] = ["DATETIME", "NUMBER"];

/// The options of `NUMBER` that fluentpress formats with.
pub const NUMBER_OPTIONS: [&str; 5] =
    ["useGrouping", "minimumIntegerDigits", "minimumFractionDigits", "maximumFractionDigits", "type"];

/// Options of `Intl.NumberFormat` that fluentpress accepts but does not apply.
pub const NUMBER_OPTIONS_NOT_APPLIED: [&str; 5] =
    ["style", "currency", "currencyDisplay", "minimumSignificantDigits", "maximumSignificantDigits"];

/// Options of `Intl.DateTimeFormat` that fluentpress accepts but does not
/// apply: its dates print in the `dateStyle` form.
pub const DATETIME_OPTIONS_NOT_APPLIED: [&str; 15] = [
    "timeStyle",
    "weekday",
    "era",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "timeZoneName",
    "hour12",
    "hourCycle",
    "timeZone",
    "dayPeriod",
    "fractionalSecondDigits",
];

/// The values `DATETIME`'s `dateStyle` option takes.
pub const DATE_STYLES: [&str; 4] = ["full", "long", "medium", "short"];

/// A language tag's primary subtag: `pl` of `pl-PL` (or `pl_PL`).
pub fn primary_language(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// Whether a character is invisible by design: Unicode's
/// Default_Ignorable_Code_Point (a byte-order mark inside text, word
/// joiners, zero-width spaces, variation selectors…), from ICU4X's data. No
/// font has glyphs for them; they are typeset as nothing. The soft hyphen,
/// a hyphenation hint the typesetter honours, is not counted.
pub fn invisible(c: char) -> bool {
    // The first default ignorable is U+00AD: most text is told at once.
    c > '\u{ad}' && CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// A bundle whose dates and numbers follow `format_locale`, with isolation
/// marks off: print has no bidirectional text to protect.
pub fn new_bundle(format_locale: &LanguageIdentifier) -> Bundle {
    let mut bundle = Bundle::new(vec![format_locale.clone()]);
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(format_value));
    bundle.add_function("DATETIME", datetime).expect("DATETIME is registered once");
    bundle.add_function("NUMBER", number).expect("NUMBER is registered once");
    bundle
}

fn icu_locale(lang: &LanguageIdentifier) -> IcuLocale {
    IcuLocale::try_from_str(&lang.to_string()).unwrap_or(IcuLocale::UNKNOWN)
}

/// How a locale writes numbers and month names, read off ICU4X's own
/// formatting (never a table of ours): what translation QA reads numbers and
/// dates in text with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conventions {
    pub decimal: char,
    pub group: char,
    /// Every form ICU4X writes each month's name in — inside a date,
    /// standing alone, abbreviated — lowercased, without a final `.`, with
    /// the month's number.
    pub months: Vec<(String, u8)>,
    /// Whether the locale writes month names capitalised (English does:
    /// "may" is then no month).
    pub months_capitalized: bool,
}

impl Conventions {
    pub fn new(lang: &LanguageIdentifier) -> Conventions {
        let locale = icu_locale(lang);
        let options = DecimalFormatterOptions::default();
        let number = DecimalFormatter::try_new((&locale).into(), options).ok().map(|f| {
            let decimal = Decimal::try_from_str("1234567.5").expect("a decimal");
            f.format(&decimal).to_string()
        });
        let separators: Vec<char> =
            number.as_deref().unwrap_or("1,234,567.5").chars().filter(|c| !c.is_ascii_digit()).collect();
        let (group, decimal) = match separators[..] {
            [group, .., decimal] => (group, decimal),
            _ => (',', '.'),
        };
        let mut months = Vec::new();
        let mut months_capitalized = false;
        let prefs = (&locale).into();
        let in_dates = [YMD::long(), YMD::medium()]
            .map(|f| FixedCalendarDateTimeFormatter::<Gregorian, YMD>::try_new(prefs, f).ok());
        let alone = [M::long(), M::medium()]
            .map(|f| FixedCalendarDateTimeFormatter::<Gregorian, M>::try_new(prefs, f).ok());
        for month in 1..=12u8 {
            let date = Date::try_new_gregorian(2020, month, 8).expect("a valid date");
            let written = in_dates
                .iter()
                .flatten()
                .map(|f| f.format(&date).to_string())
                .chain(alone.iter().flatten().map(|f| f.format(&date).to_string()));
            for text in written.collect::<Vec<_>>() {
                for word in text.split(|c: char| !c.is_alphabetic() && c != '.') {
                    months_capitalized |= word.starts_with(char::is_uppercase);
                    let word = word.trim_end_matches('.').to_lowercase();
                    let letters = word.chars().count();
                    if letters >= 3 && !months.iter().any(|(w, m)| *w == word && *m == month) {
                        months.push((word, month));
                    }
                }
            }
        }
        Conventions { decimal, group, months, months_capitalized }
    }

    /// The month a word names, whatever its case (but for a capital the
    /// locale requires) and final `.`.
    pub fn month(&self, word: &str) -> Option<u8> {
        if self.months_capitalized && !word.starts_with(char::is_uppercase) {
            return None;
        }
        let word = word.trim_end_matches('.').to_lowercase();
        self.months.iter().find(|(w, _)| *w == word).map(|&(_, m)| m)
    }
}

/// The region a locale most likely means (`pl` → `PL`, `en` → `US`), from
/// CLDR's likely subtags, when it names none itself.
pub fn region(lang: &LanguageIdentifier) -> Option<String> {
    let mut id = icu_locale(lang).id;
    icu_locale::LocaleExpander::new_common().maximize(&mut id);
    id.region.map(|r| r.as_str().to_string())
}

/// A locale's CLDR cardinal plural rules.
pub struct Plurals {
    rules: Option<PluralRules>,
    /// The categories the locale uses, in CLDR order.
    pub categories: Vec<&'static str>,
}

impl Plurals {
    pub fn new(lang: &LanguageIdentifier) -> Plurals {
        let rules = PluralRules::try_new_cardinal((&icu_locale(lang)).into()).ok();
        let categories = match &rules {
            Some(rules) => rules.categories().map(category_name).collect(),
            None => vec!["other"],
        };
        Plurals { rules, categories }
    }

    /// The category a number literal such as `1` or `2.5` falls in.
    pub fn category_of(&self, number: &str) -> Option<&'static str> {
        let decimal: Decimal = number.parse().ok()?;
        let operands = icu_plurals::PluralOperands::from(&decimal);
        Some(category_name(self.rules.as_ref()?.category_for(operands)))
    }
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// All CLDR plural category names.
pub const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateStyle {
    Full,
    Long,
    Medium,
    Short,
}

impl DateStyle {
    fn parse(name: &str) -> Option<DateStyle> {
        Some(match name {
            "full" => DateStyle::Full,
            "long" => DateStyle::Long,
            "medium" => DateStyle::Medium,
            "short" => DateStyle::Short,
            _ => return None,
        })
    }
}

/// A calendar date as a Fluent value; it formats in the bundle's locale.
#[derive(Clone, Debug, PartialEq)]
pub struct FluentDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub style: DateStyle,
}

impl FluentDate {
    pub fn new(year: i32, month: u8, day: u8) -> Self {
        FluentDate { year, month, day, style: DateStyle::Long }
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<FluentDate> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::try_new_gregorian(year, month, day).ok()?;
        Some(FluentDate::new(year, month, day))
    }

    fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FluentType for FluentDate {
    fn duplicate(&self) -> Box<dyn FluentType + Send> {
        Box::new(self.clone())
    }

    fn as_string(&self, intls: &IntlLangMemoizer) -> Cow<'static, str> {
        intls
            .with_try_get::<DateFormatter, _, _>((self.style,), |f| f.format(self))
            .unwrap_or_else(|_| self.iso())
            .into()
    }

    /// fluentpress formats with single-threaded bundles only; ICU4X's compiled
    /// formatters are not `Sync`, so a concurrent bundle gets the ISO date.
    fn as_string_threadsafe(&self, _: &intl_memoizer::concurrent::IntlLangMemoizer) -> Cow<'static, str> {
        self.iso().into()
    }
}

enum DateFormatter {
    Date(FixedCalendarDateTimeFormatter<Gregorian, YMD>),
    WithWeekday(FixedCalendarDateTimeFormatter<Gregorian, YMDE>),
}

impl DateFormatter {
    fn format(&self, date: &FluentDate) -> String {
        let Ok(value) = Date::try_new_gregorian(date.year, date.month, date.day) else {
            return date.iso();
        };
        match self {
            DateFormatter::Date(f) => f.format(&value).to_string(),
            DateFormatter::WithWeekday(f) => f.format(&value).to_string(),
        }
    }
}

impl Memoizable for DateFormatter {
    type Args = (DateStyle,);
    type Error = String;

    fn construct(lang: LanguageIdentifier, (style,): Self::Args) -> Result<Self, Self::Error> {
        let prefs = (&icu_locale(&lang)).into();
        let built = match style {
            DateStyle::Full => {
                FixedCalendarDateTimeFormatter::try_new(prefs, YMDE::long()).map(DateFormatter::WithWeekday)
            }
            DateStyle::Long => {
                FixedCalendarDateTimeFormatter::try_new(prefs, YMD::long()).map(DateFormatter::Date)
            }
            DateStyle::Medium => {
                FixedCalendarDateTimeFormatter::try_new(prefs, YMD::medium()).map(DateFormatter::Date)
            }
            DateStyle::Short => {
                FixedCalendarDateTimeFormatter::try_new(prefs, YMD::short()).map(DateFormatter::Date)
            }
        };
        built.map_err(|e| e.to_string())
    }
}

struct NumberFormatter(DecimalFormatter);

impl Memoizable for NumberFormatter {
    /// Whether to group digits.
    type Args = (bool,);
    type Error = String;

    fn construct(lang: LanguageIdentifier, (grouping,): Self::Args) -> Result<Self, Self::Error> {
        let mut options = DecimalFormatterOptions::default();
        if !grouping {
            options.grouping_strategy = Some(GroupingStrategy::Never);
        }
        DecimalFormatter::try_new((&icu_locale(&lang)).into(), options)
            .map(NumberFormatter)
            .map_err(|e| e.to_string())
    }
}

impl NumberFormatter {
    fn format(&self, number: &FluentNumber) -> Option<String> {
        let options = &number.options;
        let mut decimal = Decimal::try_from_f64(number.value, FloatPrecision::RoundTrip).ok()?;
        if let Some(max) = options.maximum_fraction_digits {
            decimal.round(-(max.min(100) as i16));
        }
        if let Some(min) = options.minimum_fraction_digits {
            decimal.absolute.pad_end(-(min.min(100) as i16));
        }
        if let Some(min) = options.minimum_integer_digits {
            decimal.absolute.pad_start(min.min(100) as i16);
        }
        Some(self.0.format(&decimal).to_string())
    }
}

/// Formats numbers with the locale's digits and separators; other values
/// keep fluent-bundle's own formatting.
fn format_value(value: &FluentValue, intls: &IntlLangMemoizer) -> Option<String> {
    match value {
        FluentValue::Number(n) => intls
            .with_try_get::<NumberFormatter, _, _>((n.options.use_grouping,), |f| f.format(n))
            .ok()
            .flatten(),
        _ => None,
    }
}

/// `DATETIME($date, dateStyle: "long")`: a date from a variable or an ISO
/// `YYYY-MM-DD` string, in one of `DATE_STYLES`.
fn datetime<'a>(positional: &[FluentValue<'a>], named: &FluentArgs) -> FluentValue<'a> {
    let date = match positional.first() {
        Some(FluentValue::Custom(value)) => value.as_any().downcast_ref::<FluentDate>().cloned(),
        Some(FluentValue::String(text)) => FluentDate::parse_iso(text),
        _ => None,
    };
    let style = match named.get("dateStyle") {
        None => Some(DateStyle::Long),
        Some(FluentValue::String(s)) => DateStyle::parse(s),
        Some(_) => None,
    };
    match (date, style) {
        (Some(date), Some(style)) => FluentValue::Custom(Box::new(FluentDate { style, ..date })),
        _ => FluentValue::Error,
    }
}

/// `NUMBER($n, minimumFractionDigits: 2)`: a number with formatting options;
/// it stays a number, so that selectors still pick plural variants.
fn number<'a>(positional: &[FluentValue<'a>], named: &FluentArgs) -> FluentValue<'a> {
    let mut n = match positional.first() {
        Some(FluentValue::Number(n)) => n.clone(),
        Some(FluentValue::String(text)) => match text.parse::<FluentNumber>() {
            Ok(n) => n,
            Err(_) => return FluentValue::Error,
        },
        _ => return FluentValue::Error,
    };
    n.options.merge(named);
    FluentValue::Number(n)
}

/// Whether a language tag found in a file stands for the `wanted` one. A
/// bare language (`fr`) matches any tag with that language subtag, whatever
/// the case or region (`FR-FR`, `fr_CA`, and `PL-01` as the EU's DGT-TM
/// writes Polish); a tag with more subtags (`en-GB`) matches only itself,
/// ignoring case and `-`/`_`.
pub fn lang_matches(wanted: &str, found: &str) -> bool {
    let separator = |b: u8| b == b'-' || b == b'_';
    let wanted = wanted.trim();
    let found = found.trim();
    if !wanted.bytes().any(separator) {
        return primary_language(found).eq_ignore_ascii_case(wanted);
    }
    wanted.len() == found.len()
        && wanted
            .bytes()
            .zip(found.bytes())
            .all(|(a, b)| a.eq_ignore_ascii_case(&b) || (separator(a) && separator(b)))
}

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// `YYYY-MM-DD`.
impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(locale: &str, ftl: &str, args: &FluentArgs) -> String {
        let mut bundle = new_bundle(&locale.parse().unwrap());
        bundle.add_resource(FluentResource::try_new(ftl.to_string()).unwrap()).unwrap();
        let message = bundle.get_message("m").unwrap();
        let mut errors = Vec::new();
        let text = bundle.format_pattern(message.value().unwrap(), Some(args), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        text.into_owned()
    }

    fn date_args() -> FluentArgs<'static> {
        let mut args = FluentArgs::new();
        args.set("date", FluentValue::Custom(Box::new(FluentDate::new(2020, 12, 8))));
        args
    }

    #[test]
    fn dates_follow_the_locale() {
        let ftl = "m = { DATETIME($date, dateStyle: \"long\") }";
        assert_eq!(format("fr", ftl, &date_args()), "8 décembre 2020");
        assert_eq!(format("pl", ftl, &date_args()), "8 grudnia 2020");
        assert_eq!(format("en-GB", ftl, &date_args()), "8 December 2020");
        assert_eq!(format("en", ftl, &date_args()), "December 8, 2020");
        assert_eq!(
            format("fr", "m = { DATETIME(\"2020-12-08\", dateStyle: \"short\") }", &date_args()),
            "08/12/2020"
        );
        assert_eq!(
            format("pl", "m = { DATETIME($date, dateStyle: \"full\") }", &date_args()),
            "wtorek, 8 grudnia 2020"
        );
    }

    #[test]
    fn numbers_use_the_locale_separators() {
        let mut args = FluentArgs::new();
        args.set("n", 1234567.5);
        let ftl = "m = { NUMBER($n, minimumFractionDigits: 2) }";
        assert_eq!(format("fr", ftl, &args), "1\u{202f}234\u{202f}567,50");
        assert_eq!(format("pl", ftl, &args), "1\u{a0}234\u{a0}567,50");
        assert_eq!(format("en", ftl, &args), "1,234,567.50");
        assert_eq!(
            format("en", "m = { NUMBER($n, useGrouping: \"false\", maximumFractionDigits: 0) }", &args),
            "1234568"
        );
        args.set("n", 1234);
        assert_eq!(format("pl", "m = { $n }", &args), "1234", "Polish groups from five digits");
    }

    #[test]
    fn number_keeps_plural_selection() {
        let ftl = "m = { NUMBER($n) ->\n [one] one\n [few] few\n [many] many\n *[other] other\n}";
        let picks: Vec<_> = [1, 3, 5, 22]
            .iter()
            .map(|n| {
                let mut args = FluentArgs::new();
                args.set("n", *n);
                format("pl", ftl, &args)
            })
            .collect();
        assert_eq!(picks, ["one", "few", "many", "few"]);
    }

    #[test]
    fn conventions_come_from_icu4x_formatting() {
        let of = |tag: &str| Conventions::new(&tag.parse().unwrap());
        let (fr, pl, en) = (of("fr"), of("pl"), of("en-GB"));
        assert_eq!((fr.group, fr.decimal), ('\u{202f}', ','));
        assert_eq!((pl.group, pl.decimal), ('\u{a0}', ','));
        assert_eq!((en.group, en.decimal), (',', '.'));
        assert_eq!([fr.month("décembre"), fr.month("déc."), fr.month("Juin")], [Some(12), Some(12), Some(6)]);
        assert_eq!(
            [pl.month("grudnia"), pl.month("grudzień"), pl.month("Maja")],
            [Some(12), Some(12), Some(5)]
        );
        assert_eq!([en.month("December"), en.month("Sept"), en.month("May")], [Some(12), Some(9), Some(5)]);
        assert_eq!([en.month("decembre"), en.month("may")], [None, None]);
        let region = |tag: &str| region(&tag.parse().unwrap());
        assert_eq!(
            [region("pl"), region("en"), region("fr-CA")],
            [Some("PL".into()), Some("US".into()), Some("CA".into())]
        );
    }

    #[test]
    fn plural_categories_come_from_cldr() {
        let plurals = |tag: &str| Plurals::new(&tag.parse().unwrap());
        assert_eq!(plurals("pl").categories, ["one", "few", "many", "other"]);
        assert_eq!(plurals("en").categories, ["one", "other"]);
        assert_eq!(plurals("fr").categories, ["one", "many", "other"]);
        let pl = plurals("pl");
        let picks: Vec<_> = ["1", "3", "5", "22", "1.5"].iter().map(|n| pl.category_of(n)).collect();
        assert_eq!(picks, [Some("one"), Some("few"), Some("many"), Some("few"), Some("other")]);
    }
}
