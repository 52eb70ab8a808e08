//! The translation memory: units of source text and translation ([`unit`]), read from and written to TMX ([`tmx`]), and
//! searched for fuzzy matches ([`fuzzy`]). This module owns what the three
//! share: the error type, how language tags match, and how units merge into
//! a memory and are ordered in it.

mod cache;
pub mod fuzzy;
pub mod leverage;
pub mod memory;
pub mod tmx;
pub mod unit;

pub use memory::Memory;
pub use unit::{Date, Unit};

use crate::hash::FastHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::path::PathBuf;
pub use unit::order;
use unit::{PairKey, sort_in_memory_order};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file cannot be read as TMX. `line` and `column` are 1-based; the
    /// column counts characters.
    #[error("{line}:{column}: {problem}")]
    Malformed { line: usize, column: usize, problem: Problem },
    /// The file has units, but none with both the source language and a
    /// target language.
    #[error("no unit pairs `{source_lang}` with {target_langs}; the file's languages are {found}")]
    NoPair { source_lang: String, target_langs: String, found: String },
    /// A memory file that cannot be read as TMX, or that has nothing for
    /// the project: `file:line:column: problem`, or `file: problem`.
    #[error("{}", in_file(path, source))]
    File { path: PathBuf, source: Box<Error> },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The project's files could not be read or written as the project's
    /// rules say (see [`crate::fsx`]).
    #[error(transparent)]
    Files(#[from] crate::error::Error),
}

fn in_file(path: &std::path::Path, error: &Error) -> String {
    match error {
        Error::Malformed { .. } => format!("{}:{error}", path.display()),
        _ => format!("{}: {error}", path.display()),
    }
}

/// What is wrong with a file that cannot be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("{0}")]
    Xml(String),
    #[error("not valid {0} (a TMX file is read as UTF-8, or as UTF-16 after a byte-order mark)")]
    Encoding(&'static str),
    #[error("UTF-32 is not read (a TMX file is read as UTF-8, or as UTF-16 after a byte-order mark)")]
    Utf32,
    #[error("entity declarations are not allowed: only XML's built-in entities are expanded")]
    EntityDeclaration,
    #[error("unknown entity `&{0};`: only XML's built-in entities and character references are expanded")]
    UnknownEntity(String),
    #[error("the root element is <{0}>, not <tmx>")]
    NotTmx(String),
    #[error("<{0}> is not closed before the end of the file")]
    Unclosed(String),
    #[error("{0} after the root element")]
    AfterRoot(&'static str),
}

pub use crate::intl::lang_matches;

/// What merging did with the incoming units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeStats {
    /// Units new to the memory.
    pub added: usize,
    /// Units that replaced or completed one already there.
    pub updated: usize,
    /// Units the memory already had, as recent or more.
    pub unchanged: usize,
}

/// Merges `incoming` units into `memory`, which ends in [memory order](order).
/// Units with the same languages, source and target are one unit: the one
/// changed last (by `changedate`; a unit without one is older than any with
/// one, and on a tie the memory's stays) gives the fluent ID, props, notes and
/// change; the creation is the earliest one known of the two.
pub fn merge(memory: &mut Vec<Unit>, incoming: Vec<Unit>) -> MergeStats {
    let existing = memory.len();
    memory.reserve_exact(incoming.len());
    memory.extend(incoming);
    let all = memory;
    // Each unit's group: the index of the first unit with its key.
    let groups: Vec<u32> = {
        let mut first: HashMap<PairKey<'_>, u32, BuildHasherDefault<FastHasher>> =
            HashMap::with_capacity_and_hasher(all.len(), BuildHasherDefault::default());
        (0u32..).zip(all.iter()).map(|(i, u)| *first.entry(PairKey(u)).or_insert(i)).collect()
    };
    let mut stats = MergeStats::default();
    let mut merged = vec![false; all.len()];
    for (i, &group) in groups.iter().enumerate() {
        let group = group as usize;
        if group == i {
            stats.added += usize::from(i >= existing);
            continue;
        }
        // The group's first unit holds what its units merged into so far.
        let (unit, kept) = (std::mem::take(&mut all[i]), std::mem::take(&mut all[group]));
        merged[i] = true;
        let (mut winner, loser, replaced) =
            if unit.change_date > kept.change_date { (unit, kept, true) } else { (kept, unit, false) };
        let earlier = match (winner.creation_date, loser.creation_date) {
            (Some(w), Some(l)) => l < w,
            (None, Some(_)) => true,
            _ => false,
        };
        if earlier {
            winner.creation_date = loser.creation_date;
            winner.creation_id = loser.creation_id;
        }
        if replaced || earlier {
            stats.updated += 1;
        } else {
            stats.unchanged += 1;
        }
        all[group] = winner;
    }
    drop(groups);
    let mut merged = merged.into_iter();
    all.retain(|_| !merged.next().unwrap_or(false));
    sort_in_memory_order(all);
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segment;

    #[test]
    fn languages_match_on_their_language_subtag_unless_a_region_is_asked() {
        for found in ["fr", "FR-FR", "fr-ca", "fr_CA", " Fr "] {
            assert!(lang_matches("fr", found), "{found}");
        }
        assert!(lang_matches("pl", "PL-01"));
        assert!(lang_matches("PL", "pl-PL"));
        assert!(!lang_matches("fr", "fy"));
        assert!(!lang_matches("fr", "fra"));
        assert!(!lang_matches("en", "de-EN"));
        assert!(lang_matches("en-GB", "EN-gb"));
        assert!(lang_matches("en-GB", "en_gb"));
        assert!(!lang_matches("en-GB", "en-US"));
        assert!(!lang_matches("en-GB", "en"));
    }

    fn unit(source: &str, target: &str, change: Option<&str>, creation: Option<&str>) -> Unit {
        Unit {
            source: Segment::from_text(source),
            target: Segment::from_text(target),
            source_lang: "fr".into(),
            target_lang: "pl".into(),
            change_date: change.and_then(Date::parse),
            change_id: change.map(|c| format!("changed {c}")),
            creation_date: creation.and_then(Date::parse),
            creation_id: creation.map(|c| format!("created {c}")),
            ..Unit::default()
        }
    }

    #[test]
    fn merging_keeps_one_unit_per_pair_and_the_newest_change() {
        let old = "20200101T000000Z";
        let new = "20210101T000000Z";
        let mut memory = vec![
            Unit { fluent_id: Some("kept".into()), ..unit("Ville", "Miasto", Some(new), Some(new)) },
            Unit { fluent_id: Some("replaced".into()), ..unit("Rue", "Ulica", Some(old), None) },
        ];
        let incoming = vec![
            Unit { fluent_id: Some("older".into()), ..unit("Ville", "Miasto", Some(old), Some(old)) },
            Unit { fluent_id: Some("newer".into()), ..unit("Rue", "Ulica", Some(new), Some(new)) },
            unit("Pont", "Most", None, None),
            unit("Pont", "Most", None, None),
            unit("Rue", "Droga", None, None),
        ];
        let stats = merge(&mut memory, incoming);
        assert_eq!(stats, MergeStats { added: 2, updated: 2, unchanged: 1 });
        let summary: Vec<_> = memory
            .iter()
            .map(|u| {
                (
                    u.fluent_id.as_deref(),
                    u.source.plain_text(),
                    u.target.plain_text(),
                    u.change_id.as_deref(),
                    u.creation_id.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (None, "Pont".into(), "Most".into(), None, None),
                (None, "Rue".into(), "Droga".into(), None, None),
                (
                    Some("kept"),
                    "Ville".into(),
                    "Miasto".into(),
                    Some("changed 20210101T000000Z"),
                    Some("created 20200101T000000Z")
                ),
                (
                    Some("newer"),
                    "Rue".into(),
                    "Ulica".into(),
                    Some("changed 20210101T000000Z"),
                    Some("created 20210101T000000Z")
                ),
            ]
        );
    }

    #[test]
    fn the_same_text_in_another_language_pair_is_another_unit() {
        let mut memory = vec![unit("Ville", "Miasto", None, None)];
        let english = Unit { target_lang: "en".into(), ..unit("Ville", "Miasto", None, None) };
        assert_eq!(merge(&mut memory, vec![english]).added, 1);
        assert_eq!(memory.len(), 2);
    }
}
