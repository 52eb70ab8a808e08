//! Finding a glossary's terms in text, inflection in mind: "metropolia
//! europejska" in "metropolii europejskiej", "fonds européens" in "les fonds
//! européens", "l'Union" as "Union".
//!
//! Rules: a text is cut into words (letters and digits; an apostrophe or a
//! hyphen ends a word, so French elision `l'`, `d'`, `l’` falls away); a
//! term of N words matches N words in a row, each compared lower-cased: the
//! same, or the same Snowball stem in the term's language (plural `-s`/`-x`,
//! Polish cases), or — in Polish, whose stemmer leaves some case endings —
//! one stem the other's beginning, at most two letters short and neither
//! under two letters in a term of several words (whose other words confirm
//! it), one letter and four in a term of one, `ó` and `o`, `ą` and `ę` taken
//! as one (rozwój, rozwoju). A form the glossary writes out (a Fluent term's variant)
//! matches as it is, case aside. A language without a stemmer matches
//! words as they are.

use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};
use snowball_stemmers_rs::{Algorithm, Stemmer};
use std::ops::Range;

/// A word of a text: where it is, lower-cased, and its stem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub span: Range<usize>,
    /// As written.
    pub text: String,
    pub lower: String,
    pub stem: String,
}

/// A language's way of comparing words.
pub struct Words {
    stemmer: Option<Stemmer>,
    /// Polish: stems that differ by an ending the stemmer left still match.
    loose: bool,
}

impl Words {
    /// For a language tag (`pl`, `fr-FR`, `en`).
    pub fn new(lang: &str) -> Words {
        let language = crate::intl::primary_language(lang).to_ascii_lowercase();
        let algorithm = match language.as_str() {
            "fr" => Some(Algorithm::French),
            "pl" => Some(Algorithm::Polish),
            "en" => Some(Algorithm::English),
            "de" => Some(Algorithm::German),
            "cs" => Some(Algorithm::Czech),
            "es" => Some(Algorithm::Spanish),
            "it" => Some(Algorithm::Italian),
            "pt" => Some(Algorithm::Portuguese),
            "nl" => Some(Algorithm::Dutch),
            "ru" => Some(Algorithm::Russian),
            "uk" => Some(Algorithm::Ukrainian),
            _ => None,
        };
        Words { stemmer: algorithm.map(Stemmer::create), loose: language == "pl" }
    }

    /// The words of a text, in order, stemmed.
    pub fn split(&self, text: &str) -> Vec<Word> {
        let mut words = self.split_unstemmed(text);
        self.stem_all(&mut words);
        words
    }

    /// The words of a text without their stems, for comparing words as
    /// they are written ([`Self::find_form`], [`Self::find_name`]), which
    /// costs a fraction of stemming.
    pub fn split_unstemmed(&self, text: &str) -> Vec<Word> {
        let mut words = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => {
                    let (text, lower) = (text[from..at].to_string(), text[from..at].to_lowercase());
                    words.push(Word { span: from..at, text, lower, stem: String::new() });
                    start = None;
                }
                _ => {}
            }
        }
        words
    }

    /// Gives words split without stems their stems.
    pub fn stem_all(&self, words: &mut [Word]) {
        for word in words {
            word.stem = self.stem(&word.lower);
        }
    }

    fn stem(&self, lower: &str) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(lower).into_owned(),
            None => lower.to_string(),
        }
    }

    /// Whether a word of a text is the term's word `term`.
    /// Whether a word of a text is the term's word `term`; `alone`: the
    /// term is that one word, with no other word to confirm a loose match.
    fn same(&self, text: &Word, term: &Word, alone: bool) -> bool {
        if text.lower == term.lower || text.stem == term.stem {
            return true;
        }
        if !self.loose {
            return false;
        }
        let (text_stem, term_stem) = (self.fold(&text.stem), self.fold(&term.stem));
        let (a, b) = (text_stem.chars().count(), term_stem.chars().count());
        let (short, long, short_chars, long_chars) =
            if a <= b { (&text_stem, &term_stem, a, b) } else { (&term_stem, &text_stem, b, a) };
        // A word on its own must be longer and differ by less: "Sejm" is
        // not "sejmik", "plan" not "planeta", "Unia" not "unik".
        let (shortest, most_added) = if alone { (4, 1) } else { (2, 2) };
        short_chars >= shortest && long_chars - short_chars <= most_added && long.starts_with(short.as_str())
    }

    /// A lower-cased word with the vowels Polish alternates in a word's
    /// forms (rozwój, rozwoju; ząb, zęby) taken as one; others as they are.
    pub fn fold(&self, lower: &str) -> String {
        match self.loose {
            true => lower.replace('ó', "o").replace('ą', "ę"),
            false => lower.to_string(),
        }
    }

    /// Where in `text` (its words) the term `term` (its words) first is.
    pub fn find(&self, text: &[Word], term: &[Word]) -> Option<Range<usize>> {
        let alone = term.len() == 1;
        find_where(text, term, |t, w| self.same(w, t, alone))
    }

    /// Where in `text` a form written out is, as it is (case aside).
    pub fn find_form(&self, text: &[Word], form: &[Word]) -> Option<Range<usize>> {
        find_where(text, form, |f, w| f.lower == w.lower)
    }

    /// Where in `text` a name is, written exactly so: `Monitor`, not
    /// `monitor` or `Monitored`.
    pub fn find_name(&self, text: &[Word], name: &[Word]) -> Option<Range<usize>> {
        find_where(text, name, |n, w| n.text == w.text)
    }
}

/// Where in `text` the words `wanted` first are, each compared by `same`.
fn find_where(text: &[Word], wanted: &[Word], same: impl Fn(&Word, &Word) -> bool) -> Option<Range<usize>> {
    if wanted.is_empty() || wanted.len() > text.len() {
        return None;
    }
    (0..=text.len() - wanted.len())
        .find(|&at| wanted.iter().zip(&text[at..]).all(|(x, w)| same(x, w)))
        .map(|at| text[at].span.start..text[at + wanted.len() - 1].span.end)
}

/// A Fluent term's value as text: plain text, or one select expression of
/// plain-text variants (the default first). `None` for anything else.
pub fn pattern_texts(pattern: &Pattern<&str>) -> Option<(String, Vec<String>)> {
    let plain = |elements: &[PatternElement<&str>]| -> Option<String> {
        elements
            .iter()
            .map(|e| match e {
                PatternElement::TextElement { value } => Some(value.to_string()),
                PatternElement::Placeable {
                    expression: Expression::Inline(InlineExpression::StringLiteral { value }),
                } => Some(value.to_string()),
                _ => None,
            })
            .collect::<Option<String>>()
            .map(|t| t.trim().to_string())
    };
    if let Some(text) = plain(&pattern.elements) {
        return Some((text.clone(), vec![text]));
    }
    let [PatternElement::Placeable { expression: Expression::Select { variants, .. } }] =
        pattern.elements.as_slice()
    else {
        return None;
    };
    let mut forms = Vec::new();
    let mut default = None;
    for variant in variants {
        let text = plain(&variant.value.elements)?;
        if variant.default {
            default = Some(text.clone());
        }
        if !forms.contains(&text) {
            forms.push(text);
        }
    }
    Some((default?, forms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(lang: &str, term: &str, text: &str) -> Option<String> {
        let words = Words::new(lang);
        let at = words.find(&words.split(text), &words.split(term))?;
        Some(text[at].to_string())
    }

    #[test]
    fn polish_cases_and_numbers_match_the_base_form() {
        let cases = [
            (
                "metropolia europejska",
                "pozycji Krakowa jako metropolii europejskiej",
                "metropolii europejskiej",
            ),
            ("metropolia europejska", "z metropolią europejską", "metropolią europejską"),
            ("Komitet Regionów", "w pracach Komitetu Regionów", "Komitetu Regionów"),
            ("Unia Europejska", "członkostwa w Unii Europejskiej", "Unii Europejskiej"),
            ("Unia Europejska", "wejście w Unię Europejską", "Unię Europejską"),
            ("fundusz europejski", "pozyskiwanie funduszy europejskich", "funduszy europejskich"),
            (
                "współpraca międzynarodowa",
                "priorytety współpracy międzynarodowej",
                "współpracy międzynarodowej",
            ),
        ];
        for (term, text, expected) in cases {
            assert_eq!(found("pl", term, text).as_deref(), Some(expected), "{term} in {text}");
        }
        assert_eq!(found("pl", "metropolia", "jako metropolii").as_deref(), Some("metropolii"));
        // A different word is not a case of the term's.
        assert_eq!(found("pl", "Komisja Regionów", "w Komitecie Regionów"), None);
        assert_eq!(found("pl", "Komitet Regionów", "Komisja Regionów"), None);
        for (term, text) in
            [("Sejm", "sejmik"), ("Unia", "unik"), ("plan", "planeta"), ("rada", "radar"), ("kot", "kotara")]
        {
            assert_eq!(found("pl", term, text), None, "{term} in {text}");
        }
    }

    #[test]
    fn french_plurals_and_elision_are_the_term() {
        assert_eq!(found("fr", "fonds européen", "les fonds européens").as_deref(), Some("fonds européens"));
        assert_eq!(
            found("fr", "métropole européenne", "des métropoles européennes").as_deref(),
            Some("métropoles européennes")
        );
        assert_eq!(
            found("fr", "Union européenne", "de l'Union européenne").as_deref(),
            Some("Union européenne")
        );
        assert_eq!(
            found("fr", "Union européenne", "de l’Union européenne").as_deref(),
            Some("Union européenne")
        );
        assert_eq!(found("fr", "patrimoine", "les patrimoines").as_deref(), Some("patrimoines"));
        // Words, not parts of words.
        assert_eq!(found("en", "art", "the start"), None);
        assert_eq!(
            found("en", "European Union", "the European Union's funds").as_deref(),
            Some("European Union")
        );
    }

    #[test]
    fn a_form_written_out_matches_as_it_is() {
        let words = Words::new("pl");
        let text = words.split("Miasto Kraków i Krakowa");
        assert_eq!(words.find_form(&text, &words.split("krakowa")), Some(17..24));
        assert_eq!(words.find_form(&text, &words.split("Krakowem")), None);
    }
}
