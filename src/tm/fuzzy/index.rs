//! The index: every unit's compared tokens as IDs, an inverted index of
//! their occurrences, and the search that reads it (see [the module's
//! documentation](super)).

use super::score::{
    BlockMasks, Token, bit_distance_within, block_distance_within, distance_within, key, penalty,
    position_masks, score, split_segment, tokens,
};
use crate::hash::FastHasher;
use crate::segment::Segment;
use crate::tm::Unit;
use crate::tm::lang_matches;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

/// What to look for in a memory.
#[derive(Clone, Copy, Debug)]
pub struct Query<'q> {
    pub source: &'q Segment,
    /// The Fluent ID of the text to translate: the same text with the same
    /// ID scores 101.
    pub fluent_id: Option<&'q str>,
    /// The file of that ID, when known: a unit remembered for another file
    /// is no context match (a unit that names no file, from an older
    /// memory, still is).
    pub fluent_file: Option<&'q str>,
    /// The language of the translations wanted (see [`lang_matches`]).
    pub target_lang: &'q str,
    /// The lowest score returned, from 1 (0 is taken as 1) to 101.
    pub min_score: u8,
    /// How many matches at most.
    pub limit: usize,
}

/// A unit of the memory, by its index, and how well it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Match {
    pub unit: usize,
    pub score: u8,
}

type Words = HashMap<Box<str>, u32, BuildHasherDefault<FastHasher>>;

/// What an index knows of its units, apart from the units themselves: what
/// [`Index::new`] builds, and the memory's cache keeps.
///
/// Every unit's compared tokens become IDs (`tokens`). The inverted index
/// counts repetition: the k-th occurrence of a word in a unit is a token of
/// its own, an *occurrence*, so that the occurrences two texts share are the
/// tokens they share, counted with repetition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tables {
    /// Word IDs by text.
    pub(crate) words: Words,
    /// Every unit's compared tokens, one unit after the other: unit `i`'s
    /// are `tokens[starts[i]..starts[i + 1]]`.
    pub(crate) tokens: Vec<u32>,
    pub(crate) starts: Vec<usize>,
    /// The occurrences of word `w` are `levels[w]..levels[w + 1]`: its first,
    /// second… occurrence in a unit.
    pub(crate) levels: Vec<u32>,
    /// The units with occurrence `o`, ascending, are
    /// `postings[offsets[o]..offsets[o + 1]]`.
    pub(crate) offsets: Vec<usize>,
    pub(crate) postings: Vec<u32>,
    /// The units with no compared token (only punctuation, or nothing).
    pub(crate) empty: Vec<u32>,
    /// The target languages, and each unit's as an index into them.
    pub(crate) languages: Vec<String>,
    pub(crate) language_of: Vec<u32>,
}

impl Tables {
    /// The tables of `units`.
    pub(crate) fn build(units: &[Unit]) -> Tables {
        assert!(u32::try_from(units.len()).is_ok(), "an index holds fewer than 2³² units");
        let mut tables = Tables {
            starts: Vec::with_capacity(units.len() + 1),
            language_of: Vec::with_capacity(units.len()),
            ..Tables::default()
        };
        tables.starts.push(0);
        let mut scratch = Vec::new();
        for (number, unit) in (0u32..).zip(units) {
            scratch.clear();
            split_segment(&unit.source, &mut scratch);
            let before = tables.tokens.len();
            for token in &scratch {
                let Some(key) = key(token) else { continue };
                let id = match tables.words.get(key.as_ref()) {
                    Some(&id) => id,
                    None => {
                        let id = u32::try_from(tables.words.len()).unwrap_or(u32::MAX);
                        tables.words.insert(key.into(), id);
                        id
                    }
                };
                tables.tokens.push(id);
            }
            if tables.tokens.len() == before {
                tables.empty.push(number);
            }
            tables.starts.push(tables.tokens.len());
            let language = match tables.languages.iter().position(|l| *l == unit.target_lang) {
                Some(i) => i,
                None => {
                    tables.languages.push(unit.target_lang.clone());
                    tables.languages.len() - 1
                }
            };
            tables.language_of.push(u32::try_from(language).unwrap_or(u32::MAX));
        }
        tables.tokens.shrink_to_fit();
        tables.invert();
        tables
    }

    /// Builds `levels`, `offsets` and `postings` from `tokens`.
    fn invert(&mut self) {
        let units = self.starts.len() - 1;
        let mut sorted = Vec::new();
        // The units with each occurrence, counted by word and occurrence.
        let mut counts: Vec<Vec<u32>> = vec![Vec::new(); self.words.len()];
        for unit in 0..units {
            for (word, count) in self.occurrences(unit, &mut sorted) {
                let levels = &mut counts[word as usize];
                if levels.len() < count {
                    levels.resize(count, 0);
                }
                for level in &mut levels[..count] {
                    *level += 1;
                }
            }
        }
        self.levels = Vec::with_capacity(counts.len() + 1);
        self.levels.push(0);
        self.offsets = vec![0];
        for levels in &counts {
            let last = self.levels.last().copied().unwrap_or(0);
            self.levels.push(last + u32::try_from(levels.len()).unwrap_or(u32::MAX));
            for &count in levels {
                let last = self.offsets.last().copied().unwrap_or(0);
                self.offsets.push(last + count as usize);
            }
        }
        drop(counts);
        let mut next: Vec<usize> = self.offsets[..self.offsets.len() - 1].to_vec();
        self.postings = vec![0; self.offsets.last().copied().unwrap_or(0)];
        for unit in 0..units {
            for (word, count) in self.occurrences(unit, &mut sorted) {
                let first = self.levels[word as usize] as usize;
                for slot in &mut next[first..first + count] {
                    self.postings[*slot] = unit as u32;
                    *slot += 1;
                }
            }
        }
    }

    /// A unit's words with how often each occurs, by word.
    fn occurrences<'s>(
        &self,
        unit: usize,
        sorted: &'s mut Vec<u32>,
    ) -> impl Iterator<Item = (u32, usize)> + 's {
        sorted.clear();
        sorted.extend_from_slice(&self.tokens[self.starts[unit]..self.starts[unit + 1]]);
        sorted.sort_unstable();
        sorted.chunk_by(|a, b| a == b).map(|run| (run[0], run.len()))
    }

    fn compared(&self, unit: usize) -> &[u32] {
        &self.tokens[self.starts[unit]..self.starts[unit + 1]]
    }

    /// Whether the tables have the shape of tables of `units`: what a search
    /// reads is there. (Tables read back from a cache are checked so.)
    pub(crate) fn fits(&self, units: &[Unit]) -> bool {
        let n = units.len();
        let words = self.words.len();
        let ascending = |values: &[usize]| values.windows(2).all(|w| w[0] <= w[1]);
        let levels: Vec<usize> = self.levels.iter().map(|&l| l as usize).collect();
        self.starts.len() == n + 1
            && self.starts.first() == Some(&0)
            && ascending(&self.starts)
            && self.starts.last() == Some(&self.tokens.len())
            && self.tokens.iter().all(|&t| (t as usize) < words)
            && levels.len() == words + 1
            && levels.first() == Some(&0)
            && ascending(&levels)
            && self.offsets.len() == levels.last().copied().unwrap_or(0) + 1
            && self.offsets.first() == Some(&0)
            && ascending(&self.offsets)
            && self.offsets.last() == Some(&self.postings.len())
            && self.postings.iter().chain(&self.empty).all(|&u| (u as usize) < n)
            && self.language_of.len() == n
            && self.language_of.iter().all(|&l| (l as usize) < self.languages.len())
    }

    /// The units with the `level`-th occurrence (from 0) of `word`.
    fn postings(&self, word: u32, level: usize) -> &[u32] {
        let (Some(&first), Some(&end)) = (self.levels.get(word as usize), self.levels.get(word as usize + 1))
        else {
            return &[];
        };
        let occurrence = first as usize + level;
        if occurrence >= end as usize {
            return &[];
        }
        &self.postings[self.offsets[occurrence]..self.offsets[occurrence + 1]]
    }
}

/// The units' sources as sequences of token IDs, and for every token the
/// units that have it (an inverted index over words).
pub struct Index<'u> {
    units: &'u [Unit],
    tables: Cow<'u, Tables>,
    /// Work space of searches, kept between them.
    scratch: Mutex<Scratch>,
}

/// What a search marks of each unit: scored already, and how many of the
/// query's occurrences it has. Cleared after each search, entry by entry.
#[derive(Default)]
struct Scratch {
    scored: Vec<u64>,
    shared: Vec<u16>,
}

/// A query's tokens: IDs from the index's vocabulary, and new IDs past it for
/// words the memory does not have.
struct Prepared<'q> {
    ids: Vec<u32>,
    /// For a query of at most 64 tokens, the bit masks of the bit-parallel distance.
    masks: Option<Vec<(u32, u64)>>,
    /// For a longer query, the same in blocks.
    blocks: Option<BlockMasks>,
    tokens: Vec<Token<'q>>,
    plain: String,
}

/// The best matches found so far: at most `limit`, best first, then in
/// memory order. For a large limit they are only gathered, and sorted at the
/// end, which a search for every match needs.
struct Best {
    matches: Vec<Match>,
    limit: usize,
}

impl Best {
    /// Up to this limit, matches are kept in order as they come.
    const IN_ORDER: usize = 64;

    fn add(&mut self, found: Match) {
        if self.limit > Self::IN_ORDER {
            self.matches.push(found);
            return;
        }
        let at = self.matches.partition_point(|m| {
            (m.score, std::cmp::Reverse(m.unit)) > (found.score, std::cmp::Reverse(found.unit))
        });
        if at < self.limit {
            self.matches.insert(at, found);
            self.matches.truncate(self.limit);
        }
    }

    /// The score a unit must reach to be among the best: the last one's once
    /// there are `limit` (a unit with the same score may come first in
    /// memory order), else none.
    fn floor(&self) -> Option<u8> {
        if self.limit > Self::IN_ORDER {
            return None;
        }
        (self.matches.len() == self.limit).then(|| self.matches.last().map_or(0, |m| m.score))
    }

    fn into_matches(mut self) -> Vec<Match> {
        if self.limit > Self::IN_ORDER {
            self.matches.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.unit.cmp(&b.unit)));
            self.matches.truncate(self.limit);
        }
        self.matches
    }
}

impl<'u> Index<'u> {
    pub fn new(units: &'u [Unit]) -> Index<'u> {
        Index { units, tables: Cow::Owned(Tables::build(units)), scratch: Mutex::default() }
    }

    /// An index of `units` from tables built for them before.
    pub(crate) fn with_tables(units: &'u [Unit], tables: &'u Tables) -> Index<'u> {
        debug_assert!(tables.fits(units));
        Index { units, tables: Cow::Borrowed(tables), scratch: Mutex::default() }
    }

    fn prepare<'q>(&self, source: &'q Segment) -> Prepared<'q> {
        let tokens = tokens(source);
        let mut unknown: Vec<Cow<'q, str>> = Vec::new();
        let mut ids = Vec::new();
        let known = self.tables.words.len();
        for key in tokens.iter().filter_map(key) {
            let id = match self.tables.words.get(key.as_ref()) {
                Some(&id) => id,
                None => {
                    let offset = match unknown.iter().position(|u| *u == key) {
                        Some(offset) => offset,
                        None => {
                            unknown.push(key);
                            unknown.len() - 1
                        }
                    };
                    u32::try_from(known + offset).unwrap_or(u32::MAX)
                }
            };
            ids.push(id);
        }
        let masks = position_masks(&ids);
        let blocks = masks.is_none().then(|| BlockMasks::new(&ids));
        Prepared { masks, blocks, ids, tokens, plain: source.plain_text() }
    }

    /// The units matching the query at `min_score` or more, best first (then
    /// in memory order), at most `limit` of them. Finds exactly what
    /// [`exhaustive`](Self::exhaustive) finds.
    pub fn search(&self, query: &Query<'_>) -> Vec<Match> {
        let prepared = self.prepare(query.source);
        let n = prepared.ids.len();
        let wanted = self.wanted(query);
        let mut best = Best { matches: Vec::new(), limit: query.limit };
        if n == 0 {
            for &unit in &self.tables.empty {
                if let Some(found) = self.score(query, &prepared, &wanted, unit as usize, 1) {
                    best.add(found);
                }
            }
            return best.into_matches();
        }
        // Length filter. With t the threshold and L = max(n, m), a unit of m
        // tokens at distance d ≥ 1 scores ⌊100(L − d)/L⌋ ≥ t only if
        // d ≤ ⌊L(100 − t)/100⌋ (d = 0 meets that for any t, and penalties
        // only lower a score). The distance is at least |n − m|, so a unit
        // can reach t only if ⌈n·t/100⌉ ≤ m ≤ ⌊100·n/t⌋.
        //
        // Count filter. An optimal alignment with S substitutions, D
        // deletions and I insertions keeps M = n − S − D = m − S − I tokens
        // unchanged, so M ≥ L − d ≥ ⌈L·t/100⌉ ≥ ⌈n·t/100⌉ = T: a unit that
        // can reach t shares at least T of the query's occurrences.
        //
        // Prefix filter: order the query's n occurrences rarest first; a
        // unit with none of the first n − T + 1 shares at most T − 1. So
        // only those occurrences' postings are read for candidates.
        //
        // The threshold: the minimum score, and once `limit` units are
        // found, the lowest of their scores, which only grows.
        let base = base_threshold(query.min_score);
        let threshold = |best: &Best| base.max(best.floor().map_or(0, |s| usize::from(s.min(100))));
        let shared_needed = |t: usize| (n * t).div_ceil(100);
        let mut occurrences: Vec<&[u32]> = Vec::with_capacity(n);
        let mut sorted = prepared.ids.clone();
        sorted.sort_unstable();
        for run in sorted.chunk_by(|a, b| a == b) {
            for level in 0..run.len() {
                occurrences.push(self.tables.postings(run[0], level));
            }
        }
        occurrences.sort_by_key(|postings| postings.len());

        let mut guard = self.scratch.try_lock();
        let mut own = Scratch::default();
        let scratch = guard.as_deref_mut().unwrap_or(&mut own);
        scratch.scored.resize(self.units.len().div_ceil(64), 0);
        scratch.shared.resize(self.units.len(), 0);
        let mut touched: Vec<u32> = Vec::new();
        let score_unit = |unit: u32, best: &mut Best, scored: &mut Vec<u64>, touched: &mut Vec<u32>| {
            let (word, bit) = (unit as usize / 64, 1u64 << (unit % 64));
            if scored[word] & bit != 0 {
                return;
            }
            scored[word] |= bit;
            touched.push(unit);
            if let Some(found) = self.score(query, &prepared, &wanted, unit as usize, threshold(best)) {
                best.add(found);
            }
        };

        // 1. The rarest occurrences' units are scored at once: those of a
        // query like texts of the memory are most often its best matches,
        // and once `limit` are found the threshold rises.
        const DIRECT: usize = 2048;
        let mut read = 0;
        let mut direct = 0;
        while read < n && read < n - shared_needed(threshold(&best)) + 1 {
            let postings = occurrences[read];
            direct += postings.len();
            if direct > DIRECT {
                break;
            }
            for &unit in postings {
                score_unit(unit, &mut best, &mut scratch.scored, &mut touched);
            }
            read += 1;
        }
        // 2. The other occurrences of the prefix give candidates, counted
        // with every later occurrence they have; only those sharing enough
        // are scored, most shared first.
        let prefix = n - shared_needed(threshold(&best)) + 1;
        if read < prefix {
            let scored = &scratch.scored;
            let is_scored = |unit: u32| scored[unit as usize / 64] & (1 << (unit % 64)) != 0;
            let shared = &mut scratch.shared;
            let mut candidates: Vec<u32> = Vec::new();
            for postings in &occurrences[read..prefix] {
                for &unit in *postings {
                    if is_scored(unit) {
                        continue;
                    }
                    let count = &mut shared[unit as usize];
                    if *count == 0 {
                        candidates.push(unit);
                    }
                    *count = count.saturating_add(1);
                }
            }
            let mut in_order = false;
            for postings in &occurrences[prefix..] {
                // Probe each candidate, or walk the postings: whichever is less.
                if candidates.len() * 16 < postings.len() {
                    if !in_order {
                        candidates.sort_unstable();
                        in_order = true;
                    }
                    let mut rest = *postings;
                    for &unit in &candidates {
                        let at = rest.partition_point(|&u| u < unit);
                        if rest.get(at) == Some(&unit) {
                            shared[unit as usize] = shared[unit as usize].saturating_add(1);
                        }
                        rest = &rest[at..];
                    }
                } else {
                    for &unit in *postings {
                        let count = &mut shared[unit as usize];
                        if *count > 0 {
                            *count = count.saturating_add(1);
                        }
                    }
                }
            }
            // (A count that saturated is not known to be too low.)
            let enough = |count: u16, best: &Best| {
                count == u16::MAX || usize::from(count) >= shared_needed(threshold(best))
            };
            let mut ranked: Vec<(u16, u32)> = Vec::new();
            for &unit in &candidates {
                let count = std::mem::take(&mut shared[unit as usize]);
                if enough(count, &best) {
                    ranked.push((count, unit));
                }
            }
            ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for (count, unit) in ranked {
                if !enough(count, &best) {
                    break;
                }
                score_unit(unit, &mut best, &mut scratch.scored, &mut touched);
            }
        }
        for unit in touched {
            scratch.scored[unit as usize / 64] = 0;
        }
        best.into_matches()
    }

    /// The oracle `search` is tested against: every unit of the memory
    /// scored, with no filter but the target language.
    pub fn exhaustive(&self, query: &Query<'_>) -> Vec<Match> {
        let prepared = self.prepare(query.source);
        let wanted = self.wanted(query);
        let threshold = base_threshold(query.min_score);
        let mut matches: Vec<Match> = (0..self.units.len())
            .filter_map(|u| self.score(query, &prepared, &wanted, u, threshold))
            .collect();
        matches.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.unit.cmp(&b.unit)));
        matches.truncate(query.limit);
        matches
    }

    /// Whether each target language of the memory is the query's.
    fn wanted(&self, query: &Query<'_>) -> Vec<bool> {
        self.tables.languages.iter().map(|l| lang_matches(query.target_lang, l)).collect()
    }

    /// The unit's match, if it reaches both the query's minimum and `threshold`.
    fn score(
        &self,
        query: &Query<'_>,
        prepared: &Prepared<'_>,
        wanted: &[bool],
        u: usize,
        threshold: usize,
    ) -> Option<Match> {
        if !wanted[self.tables.language_of[u] as usize] {
            return None;
        }
        let compared = self.tables.compared(u);
        let n = prepared.ids.len();
        let len = n.max(compared.len());
        let bound = len * (100 - threshold) / 100;
        let distance = match (&prepared.masks, &prepared.blocks) {
            (Some(masks), _) => bit_distance_within(masks, n, compared, bound),
            (None, Some(blocks)) => block_distance_within(blocks, compared, bound),
            (None, None) => distance_within(&prepared.ids, compared, bound),
        }?;
        let unit = &self.units[u];
        let mut score = score(distance, len, || penalty(&prepared.tokens, &prepared.plain, &unit.source));
        if score == 100
            && let Some(id) = query.fluent_id
            && unit.is_for(query.fluent_file, id)
        {
            score = 101;
        }
        (score >= query.min_score).then_some(Match { unit: u, score })
    }
}

/// The threshold the distance must meet: a score of 101 needs 100 first.
fn base_threshold(min_score: u8) -> usize {
    usize::from(min_score.clamp(1, 100))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::fuzzy::score::tests::{Lcg, seg};
    use crate::tm::fuzzy::similarity;

    fn unit(source: &str, fluent_id: Option<&str>, target_lang: &str) -> Unit {
        Unit {
            source: seg(source),
            target: seg("cel"),
            source_lang: "fr".into(),
            target_lang: target_lang.into(),
            fluent_id: fluent_id.map(String::from),
            ..Unit::default()
        }
    }

    #[test]
    fn search_ranks_context_then_exact_then_fuzzy_and_filters_the_language() {
        let units = [
            unit("Objectifs de la coopération internationale", Some("title"), "pl"),
            unit("Objectifs de la coopération internationale", Some("other"), "pl"),
            unit("Objectifs de la coopération internationale", Some("title"), "en"),
            unit("Objectifs de la coopération", None, "pl"),
            unit("Priorités de la coopération internationale", None, "pl"),
            unit("objectifs de la coopération internationale !", None, "pl-PL"),
            unit("Rien à voir", None, "pl"),
        ];
        let index = Index::new(&units);
        let source = seg("Objectifs de la coopération internationale");
        let query = Query {
            source: &source,
            fluent_id: Some("title"),
            fluent_file: None,
            target_lang: "pl",
            min_score: 60,
            limit: 10,
        };
        let expected =
            [(0, 101), (1, 100), (5, 98), (3, 80), (4, 80)].map(|(unit, score)| Match { unit, score });
        assert_eq!(index.search(&query), expected);
        assert_eq!(index.exhaustive(&query), expected);
        assert_eq!(index.search(&Query { limit: 2, ..query }), expected[..2]);
        assert_eq!(index.search(&Query { min_score: 101, ..query }), expected[..1]);
        assert_eq!(
            index.search(&Query { fluent_id: None, min_score: 100, ..query }),
            [Match { unit: 0, score: 100 }, Match { unit: 1, score: 100 }]
        );
        let english = index.search(&Query { target_lang: "en", ..query });
        assert_eq!(english, [Match { unit: 2, score: 101 }]);
    }

    #[test]
    fn queries_without_words_find_units_without_words() {
        let units = [unit("…", None, "pl"), unit("!", None, "pl"), unit("mot", None, "pl")];
        let index = Index::new(&units);
        let source = seg("…");
        let query = Query {
            source: &source,
            fluent_id: None,
            fluent_file: None,
            target_lang: "pl",
            min_score: 0,
            limit: 10,
        };
        let expected = [Match { unit: 0, score: 100 }, Match { unit: 1, score: 99 }];
        assert_eq!(index.search(&query), expected);
        assert_eq!(index.exhaustive(&query), expected);
    }

    /// A small deterministic generator, for tests that need many inputs.
    #[test]
    fn the_index_finds_the_best_long_matches() {
        // Sentences of 50 to 150 words, and queries edited from them: more
        // than 64 tokens, and words repeated many times.
        let words = [
            "de",
            "la",
            "le",
            "règlement",
            "Commission",
            "2019",
            "et",
            "du",
            "Conseil",
            "{ $n }",
            "(",
            "zone",
        ];
        let mut rng = Lcg(99);
        let sentences: Vec<Vec<&str>> = (0..300)
            .map(|_| (0..50 + rng.below(100)).map(|_| words[rng.below(words.len())]).collect())
            .collect();
        let units: Vec<Unit> = sentences.iter().map(|s| unit(&s.join(" "), None, "pl")).collect();
        let index = Index::new(&units);
        let mut found = [0; 3];
        for _ in 0..60 {
            let mut query = sentences[rng.below(sentences.len())].clone();
            for _ in 0..rng.below(60) {
                let at = rng.below(query.len());
                match rng.below(3) {
                    0 => query[at] = words[rng.below(words.len())],
                    1 => {
                        query.remove(at);
                    }
                    _ => query.insert(at, "autre"),
                }
            }
            let source = seg(&query.join(" "));
            for (k, min_score) in [50, 70, 85].into_iter().enumerate() {
                let query = Query {
                    source: &source,
                    fluent_id: None,
                    fluent_file: None,
                    target_lang: "pl",
                    min_score,
                    limit: usize::MAX,
                };
                let expected = index.exhaustive(&query);
                found[k] += expected.len();
                assert_eq!(index.search(&query), expected, "at {min_score}");
                for limit in [1, 5, 70] {
                    assert_eq!(
                        index.search(&Query { limit, ..query }),
                        expected[..limit.min(expected.len())]
                    );
                }
            }
        }
        assert!(found.iter().all(|&f| f > 10), "{found:?}");
    }

    #[test]
    fn the_index_finds_what_scoring_every_unit_finds() {
        let words = ["la", "ville", "de", "Cracovie", "coopération", "5", "{ $n }", ",", "monde", "Ville"];
        let mut rng = Lcg(42);
        let sentence = |rng: &mut Lcg| {
            let len = 1 + rng.below(9);
            (0..len).map(|_| words[rng.below(words.len())]).collect::<Vec<_>>().join(" ")
        };
        let units: Vec<Unit> = (0..400).map(|_| unit(&sentence(&mut rng), None, "pl")).collect();
        let index = Index::new(&units);
        for _ in 0..200 {
            let source = seg(&sentence(&mut rng));
            for min_score in [1, 50, 75, 90, 99] {
                let query = Query {
                    source: &source,
                    fluent_id: None,
                    fluent_file: None,
                    target_lang: "pl",
                    min_score,
                    limit: usize::MAX,
                };
                let found = index.search(&query);
                let expected = index.exhaustive(&query);
                assert_eq!(found, expected, "{:?} at {min_score}", source.plain_text());
                for m in &found {
                    assert_eq!(m.score, similarity(&source, &units[m.unit].source));
                }
                for limit in [0, 1, 2, 5, 64, 65, 1000] {
                    let top = index.search(&Query { limit, ..query });
                    assert_eq!(top, expected[..limit.min(expected.len())], "top {limit}");
                }
            }
        }
    }
}
