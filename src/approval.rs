//! Sign-off: who approved which translation of which source, kept in
//! `approvals/<locale>.toml` beside the locales.
//!
//! Rules: an approval names a message of the source, the person, the day,
//! and the SHA-256 fingerprints of the source and of the translation
//! approved; it counts only while both fingerprints still match, so a change
//! to either text withdraws it without anyone having to remember. A
//! fingerprint covers the message's value and attributes as Fluent writes
//! them (comments and layout of the file aside) and every message and term
//! it uses, however deep: a changed term changes what the message prints.
//!
//! The file, one table per message, sorted by ID, so that git diffs stay
//! small:
//!
//! ```toml
//! [resolution-title]
//! by = "Anna Nowak"
//! date = 2026-12-02
//! source = "9c1f…"       # 64 hex digits
//! translation = "e0a4…"
//! ```

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::ftl::{self, EntryId, EntryRef, LocaleCatalog};
use crate::manifest::toml_error;
use fluent_syntax::ast::{Entry, Message, Resource, Term};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// What a fingerprint starts with: what it hashes, and how.
const FINGERPRINT_FORMAT: &[u8] =
    b"fluentpress approval 1: Fluent-serialized entry, then used entries by ID\n";

/// Where a project keeps its approvals, one file per target locale.
pub const FOLDER: &str = "approvals";

pub use crate::intl::Day;

/// One message's approval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    pub by: String,
    pub date: Day,
    /// The fingerprints of the texts approved (see [`fingerprint`]).
    pub source: String,
    pub translation: String,
}

/// What stands between a message and print, or who approved it.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict<'a> {
    Approved(&'a Approval),
    Never,
    SourceChanged(&'a Approval),
    TranslationChanged(&'a Approval),
    BothChanged(&'a Approval),
}

impl fmt::Display for Verdict<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Approved(a) => write!(f, "approved by {} on {}", a.by, a.date),
            Verdict::Never => f.write_str("never approved"),
            Verdict::SourceChanged(a) => {
                write!(f, "the source changed since {} approved it on {}", a.by, a.date)
            }
            Verdict::TranslationChanged(a) => {
                write!(f, "the translation changed since {} approved it on {}", a.by, a.date)
            }
            Verdict::BothChanged(a) => {
                write!(f, "the source and the translation changed since {} approved it on {}", a.by, a.date)
            }
        }
    }
}

/// A locale's approvals, by message ID.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Approvals {
    pub by_id: BTreeMap<String, Approval>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApproval {
    by: toml::Spanned<String>,
    date: toml::Spanned<toml::value::Datetime>,
    source: toml::Spanned<String>,
    translation: toml::Spanned<String>,
}

/// The approvals file of a target locale, relative to the project root.
pub fn relative_path(tag: &str) -> String {
    format!("{FOLDER}/{tag}.toml")
}

pub fn path(root: &Path, tag: &str) -> PathBuf {
    root.join(relative_path(tag))
}

impl Approvals {
    /// The locale's approvals; none when it has no file yet.
    pub fn load(root: &Path, tag: &str) -> Result<Approvals> {
        let path = path(root, tag);
        if !path.exists() {
            return Ok(Approvals::default());
        }
        let text = crate::fsx::read_text(&path, &relative_path(tag))?;
        Approvals::parse(&text, &relative_path(tag)).map_err(Error::Invalid)
    }

    /// Reads an approvals file; `shown_as` names it in diagnostics.
    pub fn parse(text: &str, shown_as: &str) -> std::result::Result<Approvals, Vec<Diagnostic>> {
        let raw: BTreeMap<toml::Spanned<String>, RawApproval> =
            toml::from_str(text).map_err(|e| vec![toml_error(&e, text, shown_as)])?;
        let mut problems = Vec::new();
        let mut by_id = BTreeMap::new();
        for (id, raw) in raw {
            let mut problem = |span, message: String| {
                problems.push(Diagnostic::error("approvals", message).at(shown_as, text, span))
            };
            // A message ID, as Fluent writes it: the file is written back.
            let mut chars = id.get_ref().chars();
            let fluent = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !fluent {
                problem(id.span(), format!("`{}` is no message ID", id.get_ref()));
                continue;
            }
            let date = raw.date.get_ref();
            let day = match (date.date, date.time, date.offset) {
                (Some(d), None, None) => Day { year: d.year, month: d.month, day: d.day },
                _ => {
                    problem(raw.date.span(), "`date` must be a day, such as 2026-12-02".to_string());
                    continue;
                }
            };
            for hash in [&raw.source, &raw.translation] {
                let hex = hash.get_ref();
                if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                    problem(
                        hash.span(),
                        "a fingerprint is 64 lower-case hexadecimal digits (SHA-256)".into(),
                    );
                }
            }
            if raw.by.get_ref().trim().is_empty() {
                problem(raw.by.span(), "`by` must name the person who approved".to_string());
            }
            let approval = Approval {
                by: raw.by.into_inner(),
                date: day,
                source: raw.source.into_inner(),
                translation: raw.translation.into_inner(),
            };
            by_id.insert(id.into_inner(), approval);
        }
        if problems.is_empty() { Ok(Approvals { by_id }) } else { Err(problems) }
    }

    /// The file's text: a header, then each approval by ID.
    pub fn to_toml(&self, tag: &str) -> String {
        let mut out = format!(
            "# Who approved which {tag} translation, written by `fluentpress approve`.\n\
             # An approval counts while the SHA-256 fingerprints of its source and\n\
             # translation still match the files: a change to either withdraws it.\n"
        );
        let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
        for (id, a) in &self.by_id {
            let _ = write!(
                out,
                "\n[{id}]\nby = {}\ndate = {}\nsource = \"{}\"\ntranslation = \"{}\"\n",
                quoted(&a.by),
                a.date,
                a.source,
                a.translation
            );
        }
        out
    }

    /// Whether the message `id` is approved as its fingerprints now stand.
    pub fn verdict(&self, id: &str, source: &str, translation: &str) -> Verdict<'_> {
        match self.by_id.get(id) {
            None => Verdict::Never,
            Some(a) => match (a.source == source, a.translation == translation) {
                (true, true) => Verdict::Approved(a),
                (false, true) => Verdict::SourceChanged(a),
                (true, false) => Verdict::TranslationChanged(a),
                (false, false) => Verdict::BothChanged(a),
            },
        }
    }
}

/// Verdicts on translations, each source message's fingerprint computed
/// once however many target locales are asked about.
#[derive(Default)]
pub struct Verdicts {
    source_prints: Mutex<HashMap<String, Option<String>>>,
}

impl Verdicts {
    /// Whether the translation of the message `id` into `target` is
    /// approved as both texts now stand; `None` when either locale lacks it.
    pub fn verdict<'a>(
        &self,
        approvals: &'a Approvals,
        source: &LocaleCatalog<'_>,
        target: &LocaleCatalog<'_>,
        id: &str,
    ) -> Option<Verdict<'a>> {
        let translation = fingerprint(target, id)?;
        let source = {
            let mut prints = self.source_prints.lock().unwrap_or_else(PoisonError::into_inner);
            prints.entry(id.to_string()).or_insert_with(|| fingerprint(source, id)).clone()?
        };
        Some(approvals.verdict(id, &source, &translation))
    }
}

/// The SHA-256 of a message as `locale` has it, with every entry it uses;
/// `None` when the locale lacks the message.
pub fn fingerprint(locale: &LocaleCatalog<'_>, id: &str) -> Option<String> {
    let first = EntryId { term: false, name: id };
    let (_, entry) = locale.get(first)?;
    // The message, then what it uses in ID order, each written once.
    let mut hasher = Sha256::new();
    // The format's version: a change to what is hashed bumps it, and
    // withdraws the approvals knowingly.
    hasher.update(FINGERPRINT_FORMAT);
    hasher.update(canonical(entry));
    let mut used = BTreeSet::new();
    let mut pending: Vec<EntryId<'_>> = uses(entry);
    while let Some(next) = pending.pop() {
        if next == first || !used.insert(next) {
            continue;
        }
        if let Some((_, entry)) = locale.get(next) {
            pending.extend(uses(entry));
        }
    }
    for id in used {
        // A reference the locale lacks is check's error; it still counts.
        let text = locale.get(id).map_or_else(|| format!("{id} (absent)\n"), |(_, e)| canonical(e));
        hasher.update(text);
    }
    Some(hasher.finalize().iter().fold(String::with_capacity(64), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    }))
}

/// The entries an entry's value and attributes refer to.
fn uses<'p>(entry: EntryRef<'_, 'p>) -> Vec<EntryId<'p>> {
    entry.patterns().into_iter().flat_map(|(_, p)| ftl::references(p)).map(|(id, _)| id).collect()
}

/// An entry as Fluent's serializer writes it, without its comment.
fn canonical(entry: EntryRef<'_, '_>) -> String {
    let entry = match entry {
        EntryRef::Message(m) => Entry::Message(Message { comment: None, ..m.clone() }),
        EntryRef::Term(t) => Entry::Term(Term { comment: None, ..t.clone() }),
    };
    fluent_syntax::serializer::serialize(&Resource { body: vec![entry] })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const HASH_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    fn approval(by: &str) -> Approval {
        Approval {
            by: by.to_string(),
            date: Day { year: 2026, month: 12, day: 2 },
            source: HASH_A.into(),
            translation: HASH_B.into(),
        }
    }

    #[test]
    fn approvals_are_written_sorted_and_read_back_the_same() {
        let mut approvals = Approvals::default();
        approvals.by_id.insert("zeta".into(), approval("Jan \"Kowalski\""));
        approvals.by_id.insert("alpha".into(), approval("Anna Nowak"));
        let text = approvals.to_toml("pl");
        let body = text.split_once("\n\n").unwrap().1;
        assert_eq!(
            body,
            format!(
                "[alpha]\nby = \"Anna Nowak\"\ndate = 2026-12-02\nsource = \"{HASH_A}\"\ntranslation = \"{HASH_B}\"\n\n\
                 [zeta]\nby = 'Jan \"Kowalski\"'\ndate = 2026-12-02\nsource = \"{HASH_A}\"\ntranslation = \"{HASH_B}\"\n"
            )
        );
        assert_eq!(Approvals::parse(&text, "approvals/pl.toml").unwrap(), approvals);
    }

    #[test]
    fn a_verdict_says_which_text_changed() {
        let mut approvals = Approvals::default();
        approvals.by_id.insert("m".into(), approval("Anna Nowak"));
        let a = &approvals.by_id["m"];
        assert_eq!(approvals.verdict("m", HASH_A, HASH_B), Verdict::Approved(a));
        assert_eq!(approvals.verdict("m", HASH_B, HASH_B), Verdict::SourceChanged(a));
        assert_eq!(approvals.verdict("m", HASH_A, HASH_A), Verdict::TranslationChanged(a));
        assert_eq!(approvals.verdict("m", HASH_B, HASH_A), Verdict::BothChanged(a));
        assert_eq!(approvals.verdict("n", HASH_A, HASH_B), Verdict::Never);
        assert_eq!(
            Verdict::TranslationChanged(a).to_string(),
            "the translation changed since Anna Nowak approved it on 2026-12-02"
        );
    }

    #[test]
    fn a_malformed_approval_is_refused_at_its_place() {
        let text = "[m]\nby = \"A\"\ndate = 2026-12-02T10:00:00\nsource = \"x\"\ntranslation = \"y\"\n";
        let problems = Approvals::parse(text, "approvals/pl.toml").unwrap_err();
        let at: Vec<(usize, usize, &str)> = problems
            .iter()
            .map(|d| {
                let p = d.position.as_ref().unwrap();
                (p.line, p.column, d.message.as_str())
            })
            .collect();
        assert_eq!(at, [(3, 8, "`date` must be a day, such as 2026-12-02")]);
        let unknown = Approvals::parse("[m]\nwho = \"A\"\n", "approvals/pl.toml").unwrap_err();
        assert_eq!(unknown[0].position.as_ref().map(|p| (p.line, p.column)), Some((2, 1)));
        let spaced = format!(
            "[\"a b\"]\nby = \"A\"\ndate = 2026-12-02\nsource = \"{HASH_A}\"\ntranslation = \"{HASH_B}\"\n"
        );
        let problems = Approvals::parse(&spaced, "approvals/pl.toml").unwrap_err();
        let at = problems[0].position.as_ref().map(|p| (p.line, p.column));
        assert_eq!((problems[0].message.as_str(), at), ("`a b` is no message ID", Some((1, 2))));
        let bad_hash =
            format!("[m]\nby = \"A\"\ndate = 2026-12-02\nsource = \"x\"\ntranslation = \"{HASH_B}\"\n");
        let problems = Approvals::parse(&bad_hash, "approvals/pl.toml").unwrap_err();
        assert_eq!(problems[0].position.as_ref().map(|p| (p.line, p.column)), Some((4, 10)));
    }
}
