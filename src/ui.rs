//! fluentpress's own words — the review edition's legend and marks — as
//! Fluent messages in English, French and Polish, built into the binary.

use crate::intl::{self, Bundle};
use crate::model::Status;
use fluent_bundle::{FluentArgs, FluentResource};

const RESOURCES: [(&str, &str); 3] =
    [("en", include_str!("ui/en.ftl")), ("fr", include_str!("ui/fr.ftl")), ("pl", include_str!("ui/pl.ftl"))];

/// The words in one language: the requested one, or English.
pub struct Words {
    bundle: Bundle,
    /// The language the words are in.
    pub lang: &'static str,
}

impl Words {
    pub fn new(lang: &str) -> Words {
        let primary = lang.split('-').next().unwrap_or(lang);
        let (lang, text) = RESOURCES.iter().find(|(tag, _)| *tag == primary).unwrap_or(&RESOURCES[0]);
        let mut bundle = intl::new_bundle(&lang.parse().expect("a valid tag"));
        let resource = FluentResource::try_new(text.to_string()).expect("the built-in words parse");
        bundle.add_resource(resource).expect("the built-in words have unique IDs");
        Words { bundle, lang }
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

    /// The mark under a translation in this state, if it needs one.
    pub fn mark(&self, status: &Status) -> Option<String> {
        match status {
            Status::Ok => None,
            Status::Missing => Some(self.get("review-missing", None)),
            Status::Stale => Some(self.get("review-stale", None)),
            Status::Error(diagnostic) => {
                let mut args = FluentArgs::new();
                args.set("diagnostic", diagnostic.clone());
                Some(self.get("review-error", Some(&args)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_source_language_or_english() {
        assert_eq!(Words::new("fr").mark(&Status::Missing).as_deref(), Some("[manquante]"));
        assert_eq!(Words::new("pl-PL").mark(&Status::Stale).as_deref(), Some("[nieaktualne]"));
        let de = Words::new("de");
        assert_eq!(
            (de.lang, de.mark(&Status::Error("`$x` dropped".into()))),
            ("en", Some("[error] `$x` dropped".into()))
        );
        assert_eq!(Words::new("en").mark(&Status::Ok), None);
        for (tag, _) in RESOURCES {
            assert!(!Words::new(tag).legend().is_empty());
        }
    }
}
