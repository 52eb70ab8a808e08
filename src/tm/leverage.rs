//! The memory meets the project's translations: which translations are
//! stale, which pairs the memory learns from the `.ftl` files, and the
//! leverage analysis agencies quote from.
//!
//! A translation is *stale* when the project memory holds it, for the same
//! unit ID, paired with an older source text but not with the current one:
//! the source changed after the translation was made. A translation the
//! memory has never seen is not stale; it is learnt, with its current source.

use super::fuzzy::{Index, Query};
use super::tmx::FLUENT_FILE_PROP;
use super::{Date, Unit};
use crate::segment::{self as exchange, Segment, Stale, StaleKey, State, Units};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// By file and unit ID (`msg`, `msg.attr`, `msg[one]`), the translations
/// of `units` that `memory` (the project memory) shows stale, with the
/// source each was made for (the most recent one, when several).
pub fn stale(memory: &[Unit], units: &Units) -> HashMap<StaleKey, Stale> {
    let mut known: HashMap<(&str, String), Vec<&Unit>> = HashMap::new();
    for unit in memory.iter().filter(|u| u.target_lang == units.target) {
        if let Some(id) = &unit.fluent_id {
            known.entry((id.as_str(), unit.target.plain_text())).or_default().push(unit);
        }
    }
    let mut stale = HashMap::new();
    if known.is_empty() {
        return stale;
    }
    for file in &units.files {
        for unit in &file.units {
            let (State::Translated, Some(target)) = (&unit.state, &unit.target) else { continue };
            let id = unit.id.to_string();
            let Some(pairs) = known.get(&(id.as_str(), target.plain_text())) else { continue };
            let pairs: Vec<&&Unit> = pairs.iter().filter(|p| p.is_for(Some(&file.name), &id)).collect();
            let source = unit.source.plain_text();
            if pairs.iter().any(|p| p.source.plain_text() == source) {
                continue;
            }
            if let Some(made_for) = pairs.iter().max_by_key(|p| p.change_date) {
                let old_source = made_for.source.plain_text();
                stale.insert((file.name.clone(), id.clone()), Stale::new(old_source, &source));
            }
        }
    }
    stale
}

/// Who made a unit and when, for the units the memory learns.
#[derive(Clone, Debug)]
pub struct Stamp {
    pub date: Date,
    pub creator: String,
}

/// The pairs of current source and translation that `memory` lacks, for
/// every translated unit except the stale ones (`units` marked by
/// [`stale`]), a stale translation not being made from the current source,
/// and those `sound` refuses (by file name and unit): a translation with
/// errors must not become a match.
pub fn to_learn(
    memory: &[Unit],
    units: &Units,
    sound: &dyn Fn(&str, &exchange::Unit) -> bool,
    source_lang: &str,
    stamp: &Stamp,
) -> Vec<Unit> {
    // The memory keeps a pair once, whatever message it came from.
    let known: HashSet<(&Segment, &Segment)> = memory
        .iter()
        .filter(|u| u.target_lang == units.target && u.source_lang == source_lang)
        .map(|u| (&u.source, &u.target))
        .collect();
    let mut learnt = Vec::new();
    for file in &units.files {
        for unit in file.units.iter().filter(|u| u.state == State::Translated && sound(&file.name, u)) {
            let Some(target) = unit.target.as_ref().filter(|t| rememberable(unit, t)) else { continue };
            if !known.contains(&(&unit.source, target)) {
                learnt.push(pair(&file.name, unit, target, source_lang, &units.target, stamp));
            }
        }
    }
    learnt
}

/// The pairs of current source and translation of the units `ids` name (a
/// unit ID, or an entry ID for all its units; in the file given, or in any
/// file), whatever their state: the translator says they are right; those
/// `sound` refuses excepted. An ID that names no translated unit is
/// returned in the error.
pub fn to_confirm(
    units: &Units,
    ids: &[(Option<String>, String)],
    sound: &dyn Fn(&str, &exchange::Unit) -> bool,
    source_lang: &str,
    stamp: &Stamp,
) -> Result<Vec<Unit>, Vec<String>> {
    let all: Vec<(&str, &exchange::Unit)> = units.with_files().collect();
    let mut confirmed = Vec::new();
    let mut unknown = Vec::new();
    for (in_file, id) in ids {
        let named: Vec<&(&str, &exchange::Unit)> = all
            .iter()
            .filter(|(file, _)| in_file.as_deref().is_none_or(|f| f == *file))
            .filter(|(_, u)| u.target.is_some() && (u.id.to_string() == *id || u.id.entry == *id))
            .collect();
        if named.is_empty() {
            unknown.push(id.clone());
        }
        for &&(file, unit) in named.iter().filter(|(file, unit)| sound(file, unit)) {
            if let Some(target) = unit.target.as_ref().filter(|t| rememberable(unit, t)) {
                confirmed.push(pair(file, unit, target, source_lang, &units.target, stamp));
            }
        }
    }
    if unknown.is_empty() { Ok(confirmed) } else { Err(unknown) }
}

/// TMX keeps no pair with nothing to translate on either side: such a pair
/// would be learnt again at every build.
fn rememberable(unit: &exchange::Unit, target: &Segment) -> bool {
    !unit.source.is_blank() && !target.is_blank()
}

fn pair(
    file: &str,
    unit: &exchange::Unit,
    target: &Segment,
    source_lang: &str,
    target_lang: &str,
    stamp: &Stamp,
) -> Unit {
    Unit {
        source: unit.source.clone(),
        target: target.clone(),
        source_lang: source_lang.to_string(),
        target_lang: target_lang.to_string(),
        fluent_id: Some(unit.id.to_string()),
        creation_date: Some(stamp.date),
        creation_id: Some(stamp.creator.clone()),
        change_date: Some(stamp.date),
        change_id: Some(stamp.creator.clone()),
        props: vec![(FLUENT_FILE_PROP.to_string(), file.to_string())],
        ..Unit::default()
    }
}

/// The bands agencies bill in, best first.
pub const BANDS: [&str; 8] =
    ["context match", "100%", "95-99%", "85-94%", "75-84%", "50-74%", "no match", "repetitions"];

/// What the memory covers of the work a target locale needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Analysis {
    pub source: String,
    pub target: String,
    /// One row per band of [`BANDS`], in that order.
    pub bands: Vec<Band>,
    pub total: Band,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Band {
    pub band: &'static str,
    /// Units (messages, attributes, variants) to translate.
    pub segments: usize,
    /// Their source words.
    pub words: usize,
}

/// What the memory is asked for a unit of `file` (whose ID is `id`) in
/// `target`: matches of 50 and more, where agencies' bands start, the same
/// text in the same unit scoring 101.
pub fn query_for<'q>(
    file: &'q str,
    unit: &'q exchange::Unit,
    id: &'q str,
    target: &'q str,
    limit: usize,
) -> Query<'q> {
    Query {
        source: &unit.source,
        fluent_id: Some(id),
        fluent_file: Some(file),
        target_lang: target,
        min_score: 50,
        limit,
    }
}

/// The leverage of the units that need work (missing and stale): each
/// falls in the band of its best match in `index`, except a text already
/// met earlier in the document without a 100% match: a repetition.
pub fn analyse(units: &Units, index: &Index<'_>) -> Analysis {
    let mut bands: Vec<Band> = BANDS.iter().map(|&band| Band { band, segments: 0, words: 0 }).collect();
    let mut seen = HashSet::new();
    for (file, unit) in units.needing_work() {
        let id = unit.id.to_string();
        let query = query_for(file, unit, &id, &units.target, 1);
        let best = index.search(&query).first().map_or(0, |m| m.score);
        let first_time = seen.insert(unit.source.plain_text());
        let band = match best {
            101 => 0,
            100 => 1,
            _ if !first_time => 7,
            95..=99 => 2,
            85..=94 => 3,
            75..=84 => 4,
            50..=74 => 5,
            _ => 6,
        };
        bands[band].segments += 1;
        bands[band].words += unit.source.word_count();
    }
    let total = Band {
        band: "total",
        segments: bands.iter().map(|b| b.segments).sum(),
        words: bands.iter().map(|b| b.words).sum(),
    };
    Analysis { source: units.source.clone(), target: units.target.clone(), bands, total }
}

impl std::fmt::Display for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "leverage {} → {} (missing and stale translations)", self.source, self.target)?;
        writeln!(f, "{:<14}{:>9}{:>8}", "band", "segments", "words")?;
        for band in self.bands.iter().chain([&self.total]) {
            writeln!(f, "{:<14}{:>9}{:>8}", band.band, band.segments, band.words)?;
        }
        Ok(())
    }
}
