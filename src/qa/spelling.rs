//! Spelling: each locale's words against a Hunspell dictionary, read by
//! spellbook, with the project's own words beside it.
//!
//! Where a dictionary is found, in this order: the path the manifest's
//! `[locales] dictionaries` names (without `.aff`/`.dic`); then, in each
//! folder of `DICPATH` (Hunspell's own variable; set and empty, none) or
//! else `/usr/share/hunspell`, `<ll>_<RR>` for the locale's region (its
//! formatting locale's first, else the likeliest), then `<ll>`. The `.aff`
//! says its encoding (`SET`); Debian's Polish one is ISO 8859-2.
//!
//! Words not checked: those with a digit or a capital anywhere (names,
//! acronyms, `WebRTC`: on the real corpora far more often a name than a
//! misspelling), single letters, and those the locale accepts anyway — its
//! project word list `dictionaries/<locale>.txt` (one word a line), the words
//! of its Fluent terms' values, a word of another of the project's
//! languages, two known words written together, and in a translation any
//! word its source also has (a name carried over).
//!
//! Suggestions cost tens of milliseconds a word, so they are made only when
//! a locale has at most [`SUGGESTED_WORDS`] unknown words: a translator's
//! few typos, not a first run over a project whose names are not yet listed.

use super::lexicon::Lexicon;
use crate::diagnostic::Diagnostic;
use crate::hash::{FastMap, FastSet};
use crate::intl;
use crate::manifest::Locale;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A locale with more unknown words than this gets no suggestions.
pub const SUGGESTED_WORDS: usize = 10;

/// Where the project's own accepted words are, per locale.
pub const WORD_LISTS: &str = "dictionaries";

/// Every locale's speller, in the manifest's order, each read once when it
/// is first needed: with spelling on, `Checked` asks for all of them while
/// the files are parsed; with it off, only a text that may be left
/// untranslated needs two of them.
/// They outlive a check: `watch` keeps them from one round to the next.
pub struct Spellers {
    root: PathBuf,
    locales: Vec<Locale>,
    read: Vec<OnceLock<Speller>>,
    /// Where the dictionaries' verdicts are cached (see [`Lexicon`]).
    cache: Option<PathBuf>,
    /// Spelling is on: a dictionary without a cache is parsed when read.
    spelling: bool,
}

impl Spellers {
    pub fn new<'m>(
        root: &Path,
        locales: impl Iterator<Item = &'m Locale>,
        cache: Option<PathBuf>,
        spelling: bool,
    ) -> Self {
        let locales: Vec<Locale> = locales.cloned().collect();
        let read = locales.iter().map(|_| OnceLock::new()).collect();
        Spellers { root: root.to_path_buf(), locales, read, cache, spelling }
    }

    /// Writes the verdicts the dictionaries gave this run to their caches.
    pub fn save(&self) {
        for speller in self.read.iter().filter_map(OnceLock::get) {
            if let Speller::Ready { lexicon, .. } = speller {
                lexicon.save();
            }
        }
    }

    /// Whether these are the spellers of `locales`, in this order.
    pub fn serve<'m>(&self, locales: impl Iterator<Item = &'m Locale>) -> bool {
        locales.eq(self.locales.iter())
    }

    /// The locales' indices, in the manifest's order.
    pub fn indices(&self) -> Range<usize> {
        0..self.locales.len()
    }

    /// The speller of the locale at `index`, read now if it is not yet.
    pub(crate) fn get(&self, index: usize) -> &Speller {
        self.read[index].get_or_init(|| {
            Speller::load(&self.root, &self.locales[index], self.cache.as_deref(), self.spelling)
        })
    }
}

/// A locale's dictionary and accepted words, or why it has none.
pub(crate) enum Speller {
    Ready {
        lexicon: Box<Lexicon>,
        accepted: FastSet<String>,
    },
    /// The locale gets one note saying so.
    Missing(Diagnostic),
}

impl Speller {
    pub fn lexicon(&self) -> Option<&Lexicon> {
        match self {
            Speller::Ready { lexicon, .. } => Some(lexicon),
            Speller::Missing(_) => None,
        }
    }

    /// Loads the speller for a locale of the project at `root`, its
    /// verdicts cached in `cache`; with `spelling` on, its dictionary
    /// parsed now if the cache has none (see [`Lexicon::open`]).
    pub fn load(root: &Path, locale: &Locale, cache: Option<&Path>, spelling: bool) -> Speller {
        let region = dictionary_region(locale);
        let candidates = candidates(root, locale, region.as_deref());
        let Some(stem) = candidates.iter().find(|stem| stem.with_extension("aff").is_file()) else {
            let looked: Vec<String> = candidates.iter().map(|c| format!("{}.aff", c.display())).collect();
            let message = format!("spelling is not checked for {}: no dictionary found", locale.tag);
            return Speller::Missing(
                Diagnostic::new(crate::diagnostic::Severity::Note, "spelling", message)
                    .in_file(crate::manifest::FILE_NAME)
                    .locale(&locale.tag)
                    .note(match looked.is_empty() {
                        true => "looked nowhere: DICPATH is set and names no folder".to_string(),
                        false => format!("looked for {}", looked.join(", ")),
                    })
                    .note(format!(
                        "install one (Debian: {}), or name it in [locales] dictionaries",
                        debian_package(locale.id.language.as_str(), region.as_deref())
                    )),
            );
        };
        match Lexicon::open(stem, cache, spelling) {
            Ok(lexicon) => {
                let list = root.join(WORD_LISTS).join(format!("{}.txt", locale.tag));
                let accepted = std::fs::read_to_string(list)
                    .unwrap_or_default()
                    .lines()
                    .map(str::trim)
                    .filter(|w| !w.is_empty() && !w.starts_with('#'))
                    .map(str::to_string)
                    .collect();
                Speller::Ready { lexicon: Box::new(lexicon), accepted }
            }
            Err(problem) => Speller::Missing(
                Diagnostic::error(
                    "spelling",
                    format!("the dictionary for {} cannot be read: {problem}", locale.tag),
                )
                .in_file(&stem.with_extension("aff").display().to_string())
                .locale(&locale.tag),
            ),
        }
    }
}

/// The dictionary stems to try, in order.
fn candidates(root: &Path, locale: &Locale, region: Option<&str>) -> Vec<PathBuf> {
    if let Some(named) = &locale.dictionary {
        return vec![root.join(named)];
    }
    let folders: Vec<PathBuf> = match std::env::var_os("DICPATH") {
        Some(paths) => std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()).collect(),
        None => vec![PathBuf::from("/usr/share/hunspell")],
    };
    let language = locale.id.language.as_str();
    let names: Vec<String> =
        region.map(|r| format!("{language}_{r}")).into_iter().chain([language.to_string()]).collect();
    folders.iter().flat_map(|f| names.iter().map(move |n| f.join(n))).collect()
}

/// The region whose dictionary a locale uses: its format's or its own, else
/// the likeliest (ICU4X): `pl` is `PL`, `en` is `US`.
fn dictionary_region(locale: &Locale) -> Option<String> {
    [&locale.format, &locale.id]
        .iter()
        .find_map(|l| l.region.map(|r| r.as_str().to_string()))
        .or_else(|| intl::region(&locale.id))
}

/// Debian's package of a language's dictionary: English's are per region.
fn debian_package(language: &str, region: Option<&str>) -> String {
    match (language, region) {
        ("en", Some(region)) => format!("hunspell-en-{}", region.to_lowercase()),
        _ => format!("hunspell-{language}"),
    }
}

/// One locale's spell check over its texts: each word looked up once.
///
/// Rules, each measured on the real corpora: a word with a capital is a
/// name or code more often than a misspelling, and is not checked; a word of another of
/// the project's languages is a loanword ("ping", "grid" in French); a word
/// made of two known words is a compound ("autofill"); a hyphenated word is
/// checked whole ("add-ons"), then part by part, parts of three letters
/// or fewer aside.
pub struct Checker<'s> {
    dictionary: &'s Lexicon,
    accepted: &'s FastSet<String>,
    /// The words of the locale's terms.
    terms: FastSet<String>,
    /// The dictionaries of the project's other languages.
    others: Vec<&'s Lexicon>,
    /// What [`Self::is_word`] found, and what [`Self::accepts`] decided.
    known: FastMap<String, bool>,
    decided: FastMap<String, bool>,
}

impl<'s> Checker<'s> {
    pub fn new(
        dictionary: &'s Lexicon,
        accepted: &'s FastSet<String>,
        terms: FastSet<String>,
        others: Vec<&'s Lexicon>,
    ) -> Self {
        Checker {
            dictionary,
            accepted,
            terms,
            others,
            known: FastMap::default(),
            decided: FastMap::default(),
        }
    }

    /// The words of a text that are spelt wrong, with their spans. `source`
    /// is the text a translation translates, whose words it may carry over.
    pub fn misspelt<'t>(&mut self, text: &'t str, source: Option<&str>) -> Vec<(Range<usize>, &'t str)> {
        let words: Vec<(Range<usize>, &str)> = super::words::words(text).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            // The parts of a hyphenated word: "add-ons", "prefers-reduced-motion".
            let mut last = i;
            while words.get(last + 1).is_some_and(|(next, _)| &text[words[last].0.end..next.start] == "-") {
                last += 1;
            }
            let whole = &text[words[i].0.start..words[last].0.end];
            if last == i {
                out.extend(words.get(i).filter(|(_, w)| !self.accepts(w, source)).cloned());
            } else if !self.accepts(whole, source) {
                // A short part is a prefix or a particle: "pre-", "how-tos".
                let unknown =
                    words[i..=last].iter().filter(|(_, w)| w.chars().count() > 3 && !self.accepts(w, source));
                out.extend(unknown.cloned());
            }
            i = last + 1;
        }
        out
    }

    /// Whether a word is spelt right, or not a word to check.
    fn accepts(&mut self, word: &str, source: Option<&str>) -> bool {
        let (mut letters, mut capital, mut digit) = (0, false, false);
        for c in word.chars() {
            letters += usize::from(c.is_alphabetic());
            capital |= c.is_uppercase();
            digit |= c.is_ascii_digit();
        }
        // "Kotlin", "d’HTTP", "buildID": names and code.
        if letters < 2 || capital || digit {
            return true;
        }
        let decided = match self.decided.get(word) {
            Some(&decided) => decided,
            None => {
                let loanword = |checker: &Self| checker.others.iter().any(|other| other.check(word));
                let decided = self.is_word(word) || loanword(self) || self.compound(word);
                self.decided.insert(word.to_string(), decided);
                decided
            }
        };
        decided || source.is_some_and(|s| carried_over(s, word))
    }

    /// Whether a word is a word of this locale: its dictionary, its word
    /// list or its terms.
    pub fn is_word(&mut self, word: &str) -> bool {
        if self.accepted.contains(word) || self.terms.contains(word) {
            return true;
        }
        if let Some(&known) = self.known.get(word) {
            return known;
        }
        let known = self.dictionary.check(word)
            || (word.contains('’') && self.dictionary.check(&word.replace('’', "'")))
            || self.accepted.contains(&word.to_lowercase());
        self.known.insert(word.to_string(), known);
        known
    }

    /// Two known words of three letters or more, written together.
    fn compound(&mut self, word: &str) -> bool {
        let cuts: Vec<usize> = word.char_indices().map(|(at, _)| at).skip(3).collect();
        cuts.into_iter().any(|cut| {
            let (head, tail) = word.split_at(cut);
            tail.chars().count() >= 3 && self.is_word(head) && self.is_word(tail)
        })
    }

    /// What the dictionary suggests for an unknown word.
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Ok(dictionary) = self.dictionary.dictionary() {
            dictionary.suggest(&word.replace('’', "'"), &mut out);
        }
        out.truncate(3);
        out
    }
}

/// Whether `word` stands as a whole word in `source`.
fn carried_over(source: &str, word: &str) -> bool {
    super::words::words(source).any(|(_, w)| w == word)
}
