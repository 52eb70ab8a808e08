//! Words of a text: repeated words, and text left untranslated.
//!
//! A word is a run of letters and digits, with apostrophes inside it
//! (`l’Union`, `don't`); a hyphen, a placeable or punctuation ends it.

use super::finding::Finding;
use super::text::OPAQUE;
use std::ops::Range;

/// The words of a text with their spans.
pub fn words(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + text[at..].find(char::is_alphanumeric)?;
        let mut end = start;
        let mut chars = text[start..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let inner_apostrophe =
                matches!(c, '\'' | '’') && chars.peek().is_some_and(|(_, n)| n.is_alphabetic());
            if !(c.is_alphanumeric() || inner_apostrophe) {
                break;
            }
            end = start + i + c.len_utf8();
        }
        at = end;
        Some((start..end, &text[start..end]))
    })
}

/// Whether a word starts with a capital, after an elision ("d’Ivoire").
fn capitalised(word: &str) -> bool {
    word.split(['\'', '’']).next_back().is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// Words a language's grammar repeats: French reflexive pronouns ("nous
/// nous efforçons"), English "had had" and "that that".
const GRAMMATICAL_REPEATS: [(&str, &[&str]); 2] = [("fr", &["nous", "vous"]), ("en", &["had", "that"])];

/// "the the", "w w": the same word twice in a row, whatever its case, with
/// nothing but a space between, unless the grammar repeats it or it is a
/// name ("About About", "Bora Bora"). A placeable between breaks the pair.
pub fn repeated(text: &str, language: &str) -> Vec<Finding> {
    let grammatical =
        GRAMMATICAL_REPEATS.iter().find(|(l, _)| *l == language).map_or(&[][..], |(_, words)| words);
    let mut out = Vec::new();
    let mut previous: Option<(Range<usize>, &str)> = None;
    for (span, word) in words(text) {
        if let Some((before, last)) = &previous
            && text[before.end..span.start].chars().all(|c| c == ' ')
            && word.chars().any(char::is_alphabetic)
            && word.to_lowercase() == last.to_lowercase()
            && !grammatical.contains(&word.to_lowercase().as_str())
            && !(capitalised(word) && capitalised(last))
        {
            out.push(Finding::new(
                "repeated-word",
                before.start..span.end,
                format!("`{word}` twice in a row"),
            ));
        }
        previous = Some((span, word));
    }
    out
}

/// The target says what the source says, word for word (case, placeables
/// and punctuation aside), in a text of two words or more that is not a
/// name (capitalised words and short particles: "Bassas da India").
pub fn untranslated(source: &str, target: &str) -> Option<Finding> {
    let normal = |text: &str| -> Vec<String> { words(text).map(|(_, w)| w.to_lowercase()).collect() };
    let target_words: Vec<(Range<usize>, &str)> = words(target).collect();
    let lettered = target_words.iter().filter(|(_, w)| w.chars().any(char::is_alphabetic)).count();
    // "Firefox Monitor", "Bassas da India", "Côte d’Ivoire".
    let a_name = target_words.iter().any(|(_, w)| capitalised(w))
        && target_words.iter().all(|(_, w)| capitalised(w) || w.chars().count() <= 3);
    if lettered < 2 || a_name || normal(source) != normal(target) {
        return None;
    }
    let start = target.find(|c: char| c != OPAQUE && !c.is_whitespace()).unwrap_or(0);
    let end = target.trim_end().len().max(start);
    Some(
        Finding::new("untranslated", start..end, "the translation is the source text, word for word")
            .note("translate it, or allow it with a reason if it is meant to stay as it is"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_apostrophes_and_end_at_hyphens() {
        let found: Vec<_> = words("l’Union polsko-francuski, don't 2020").map(|(_, w)| w).collect();
        assert_eq!(found, ["l’Union", "polsko", "francuski", "don't", "2020"]);
    }

    #[test]
    fn a_repeated_word_is_found_across_case_but_not_across_a_placeable() {
        let found: Vec<_> =
            repeated("The the end, w w domu; 2 2", "pl").into_iter().map(|f| f.span).collect();
        assert_eq!(found, [0..7, 13..16]);
        assert!(repeated("the \u{fffc} the", "en").is_empty());
        assert!(repeated("Nous nous efforçons", "fr").is_empty());
        assert!(repeated("About About", "en").is_empty());
        assert_eq!(repeated("nous nous", "pl").len(), 1);
    }

    #[test]
    fn a_text_equal_to_its_source_is_untranslated_unless_a_name() {
        assert_eq!(untranslated("Open the file.", "open the file").map(|f| f.span), Some(0..13));
        assert_eq!(untranslated("Firefox Monitor", "Firefox Monitor"), None);
        assert_eq!(untranslated("Bassas da India", "Bassas da India"), None);
        assert_eq!(untranslated("Côte d’Ivoire", "Côte d’Ivoire"), None);
        assert_eq!(untranslated("Cancel", "Cancel"), None);
        assert_eq!(untranslated("Open the file", "Otwórz plik"), None);
    }
}
