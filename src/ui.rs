//! fluentpress's own words — the review edition's legend and marks — as
//! Fluent messages in English, French and Polish, built into the binary.

use crate::diff::Kind;
use crate::intl::{self, Bundle, Day};
use crate::model::{Flag, Status};
use fluent_bundle::{FluentArgs, FluentResource};
use std::ops::Range;

const RESOURCES: [(&str, &str); 3] =
    [("en", include_str!("ui/en.ftl")), ("fr", include_str!("ui/fr.ftl")), ("pl", include_str!("ui/pl.ftl"))];

/// The code of a review mark for a translation no one approved as it stands.
pub const UNAPPROVED: &str = "unapproved";

/// A review mark: its text, and the byte ranges of it that are words
/// removed from or inserted into a changed source.
#[derive(Debug, PartialEq, Eq)]
pub struct Mark {
    pub text: String,
    pub changed: Vec<(Range<usize>, Kind)>,
}

/// The words in one language: the requested one, or English.
pub struct Words {
    bundle: Bundle,
    /// The language the words are in.
    pub lang: &'static str,
}

impl Words {
    pub fn new(lang: &str) -> Words {
        let primary = lang.split('-').next().unwrap_or(lang);
        let (words_lang, text) = RESOURCES.iter().find(|(tag, _)| *tag == primary).unwrap_or(&RESOURCES[0]);
        // Dates follow the tag asked for (`en-GB`), the words its language.
        let formats = lang
            .parse()
            .ok()
            .filter(|_| words_lang == &primary)
            .unwrap_or_else(|| words_lang.parse().expect("a valid tag"));
        let mut bundle = intl::new_bundle(&formats);
        let resource = FluentResource::try_new(text.to_string()).expect("the built-in words parse");
        bundle.add_resource(resource).expect("the built-in words have unique IDs");
        Words { bundle, lang: words_lang }
    }

    fn get(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let message = self.bundle.get_message(id).and_then(|m| m.value());
        let mut errors = Vec::new();
        message.map(|p| self.bundle.format_pattern(p, args, &mut errors).into_owned()).unwrap_or_default()
    }

    pub fn legend(&self) -> String {
        self.get("review-legend", None)
    }

    pub fn id_head(&self) -> String {
        self.get("review-id-head", None)
    }

    /// The marks under a translation in this state, if it needs any.
    pub fn mark(&self, status: &Status) -> Option<Mark> {
        match status {
            Status::Ok => None,
            Status::Missing => Some(Mark { text: self.get("review-missing", None), changed: Vec::new() }),
            Status::Flagged(flags) => {
                let mut mark = Mark { text: String::new(), changed: Vec::new() };
                for flag in flags {
                    if !mark.text.is_empty() {
                        mark.text.push(' ');
                    }
                    mark.text.push_str(&self.flag(flag));
                    // Under a stale mark, the source as it changed: removed
                    // words and inserted ones, which the typesetter shows.
                    if !flag.changes.is_empty() {
                        mark.text.push(' ');
                        for (i, change) in flag.changes.iter().enumerate() {
                            // A space keeps a replacement apart from what it replaces.
                            if i > 0
                                && flag.changes[i - 1].kind == Kind::Removed
                                && change.kind == Kind::Inserted
                            {
                                mark.text.push(' ');
                            }
                            let at = mark.text.len();
                            mark.text.push_str(&change.text);
                            if change.kind != Kind::Same {
                                mark.changed.push((at..mark.text.len(), change.kind));
                            }
                        }
                    }
                }
                Some(mark)
            }
        }
    }

    /// An official edition's colophon: who approved its translation, when.
    pub fn colophon(&self, approvers: &[(String, Day)]) -> String {
        let sentences: Vec<String> = approvers
            .iter()
            .map(|(name, day)| {
                let mut args = FluentArgs::new();
                args.set("name", name.clone());
                args.set("date", day.to_string());
                self.get("approved-by", Some(&args))
            })
            .collect();
        sentences.join(" ")
    }

    /// One finding: its mark and what it is, in these words.
    fn flag(&self, flag: &Flag) -> String {
        match flag.code.as_str() {
            "stale" => return self.get("review-stale", None),
            UNAPPROVED => return self.get("review-unapproved", None),
            _ => {}
        }
        let mut args = FluentArgs::new();
        args.set("code", flag.code.clone());
        let finding = match &flag.excerpt {
            Some(excerpt) => {
                args.set("excerpt", excerpt.clone());
                self.get("review-finding-at", Some(&args))
            }
            None => self.get("review-finding", Some(&args)),
        };
        args.set("finding", finding);
        self.get(if flag.error { "review-error" } else { "review-warning" }, Some(&args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_source_language_or_english() {
        assert_eq!(Words::new("fr").mark(&Status::Missing).map(|m| m.text).as_deref(), Some("[manquante]"));
        let stale = Flag { error: false, code: "stale".into(), excerpt: None, changes: Vec::new() };
        assert_eq!(
            Words::new("pl-PL").mark(&Status::Flagged(vec![stale])).map(|m| m.text).as_deref(),
            Some("[nieaktualne]")
        );
        let number =
            Flag { error: true, code: "number".into(), excerpt: Some("2012".into()), changes: Vec::new() };
        let spelling = Flag {
            error: false,
            code: "spelling".into(),
            excerpt: Some("szybkoo".into()),
            changes: Vec::new(),
        };
        let flagged = Status::Flagged(vec![number, spelling]);
        assert_eq!(
            Words::new("fr").mark(&flagged).map(|m| m.text).as_deref(),
            Some(
                "[erreur] nombre différent de la source : «\u{a0}2012\u{a0}» [à revoir] orthographe : «\u{a0}szybkoo\u{a0}»"
            )
        );
        assert_eq!(
            Words::new("pl").mark(&flagged).map(|m| m.text).as_deref(),
            Some("[błąd] liczba inna niż w źródle: „2012” [do sprawdzenia] pisownia: „szybkoo”")
        );
        let de = Words::new("de");
        let unknown =
            Flag { error: true, code: "missing-variable".into(), excerpt: None, changes: Vec::new() };
        assert_eq!(
            (de.lang, de.mark(&Status::Flagged(vec![unknown])).map(|m| m.text)),
            ("en", Some("[error] a variable of the source is missing".into()))
        );
        assert_eq!(Words::new("en").mark(&Status::Ok), None);
        for (tag, _) in RESOURCES {
            assert!(!Words::new(tag).legend().is_empty());
        }
    }

    #[test]
    fn an_unapproved_row_is_marked_and_the_legend_explains_it() {
        let unapproved = Status::Flagged(vec![Flag {
            error: false,
            code: UNAPPROVED.into(),
            excerpt: None,
            changes: Vec::new(),
        }]);
        for (lang, mark) in [("fr", "[non approuvée]"), ("pl", "[niezatwierdzone]"), ("en", "[not approved]")]
        {
            let words = Words::new(lang);
            assert_eq!(words.mark(&unapproved).map(|m| m.text).as_deref(), Some(mark));
            assert!(words.legend().contains(mark), "{lang}");
        }
    }

    #[test]
    fn a_colophon_names_each_approver_and_day_in_the_edition_language() {
        let approvers = [
            ("Anna Nowak".to_string(), Day { year: 2026, month: 12, day: 2 }),
            ("John Smith".to_string(), Day { year: 2027, month: 1, day: 15 }),
        ];
        assert_eq!(
            Words::new("pl").colophon(&approvers[..1]),
            "Zatwierdzenie tłumaczenia: Anna Nowak, 2 grudnia 2026."
        );
        assert_eq!(
            Words::new("en").colophon(&approvers),
            "Translation approved by Anna Nowak on December 2, 2026. \
             Translation approved by John Smith on January 15, 2027."
        );
        assert_eq!(
            Words::new("fr").colophon(&approvers[1..]),
            "Traduction approuvée par John Smith le 15 janvier 2027."
        );
    }

    #[test]
    fn a_stale_mark_shows_the_changed_source_with_its_removed_and_inserted_words() {
        let changes =
            crate::diff::words("Attirer les investissements", "Attirer des investissements étrangers");
        let stale = Flag { error: false, code: "stale".into(), excerpt: None, changes };
        let mark = Words::new("fr").mark(&Status::Flagged(vec![stale])).unwrap();
        assert_eq!(mark.text, "[périmée] Attirer les des investissements étrangers");
        let changed: Vec<(&str, Kind)> =
            mark.changed.iter().map(|(r, k)| (&mark.text[r.clone()], *k)).collect();
        assert_eq!(
            changed,
            [("les", Kind::Removed), ("des", Kind::Inserted), (" étrangers", Kind::Inserted)]
        );
    }
}
