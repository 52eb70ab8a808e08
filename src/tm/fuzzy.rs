//! Fuzzy matching: how alike two source texts are, scored the way CAT tools
//! score, and an index that finds the units of a memory alike enough to a
//! query without scoring every unit.
//!
//! **Tokens.** A segment's text splits into words (runs of letters and
//! digits), numbers (runs of digits, with `.`, `,`, `'` or a no-break or thin
//! space between digit groups: `1 234,5` is one number) and punctuation (any
//! other visible character, one token each); every inline code, such as a
//! Fluent placeable, is one token.
//!
//! **Score.** Words are compared lower-cased, every number is like every
//! other, every code like every other, and punctuation is left out. With `d`
//! the word-level Levenshtein distance between the two sequences so compared
//! and `len` the longer one's length, a match scores
//! `⌊100 × (len − d) / len⌋`. When `d` is 0 the texts differ only in what the
//! comparison ignores, and each kind of such difference costs one point:
//! letter case, numbers, codes, punctuation, and when none of these, spacing.
//! Such a match scores 96–99, never 100. 100 means the same source text;
//! 101 the same text and the same Fluent ID: a context match.
//!
//! **Index.** Every unit's compared tokens become IDs, with an inverted index
//! from each word's first, second… occurrence in a unit to the units that
//! have it. A search scores the units of the query's rarest occurrences at
//! once; then, of the other occurrences it must read, it counts how many of
//! the query's occurrences each unit shares, and scores only those sharing
//! enough, filtered by length, with a bit-parallel distance that stops once it
//! passes what the threshold allows. The threshold is the minimum score, and
//! once `limit` matches are found the lowest of them, so that a search for
//! the best few reads less the better they are. [`Index::search`] says why no
//! match is lost, and [`Index::exhaustive`], scoring every unit, is the
//! oracle it is tested against.

use super::Unit;
use super::cache::FastHasher;
use super::lang_matches;
use crate::segment::{Inline, Segment};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Punct,
    Code,
}

#[derive(Clone, Copy, Debug)]
struct Token<'s> {
    kind: Kind,
    text: &'s str,
}

fn tokens(segment: &Segment) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    split_segment(segment, &mut out);
    out
}

fn split_segment<'s>(segment: &'s Segment, out: &mut Vec<Token<'s>>) {
    for inline in segment.inlines() {
        match inline {
            Inline::Code(code) => out.push(Token { kind: Kind::Code, text: &code.original }),
            Inline::Foreign(name) => out.push(Token { kind: Kind::Code, text: name }),
            Inline::Text(text) => split(text, out),
        }
    }
}

/// What splitting asks of a character, answered for ASCII without Unicode's tables.
fn is_whitespace(c: char) -> bool {
    if c.is_ascii() { matches!(c, ' ' | '\t'..='\r') } else { c.is_whitespace() }
}

fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() }
}

fn is_numeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_digit() } else { c.is_numeric() }
}

fn split<'s>(text: &'s str, out: &mut Vec<Token<'s>>) {
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let start = at;
        at += c.len_utf8();
        if is_whitespace(c) {
            continue;
        }
        if !is_alphanumeric(c) {
            out.push(Token { kind: Kind::Punct, text: &text[start..at] });
            continue;
        }
        let mut digits = is_numeric(c);
        loop {
            let mut ahead = text[at..].chars();
            match (ahead.next(), ahead.next()) {
                (Some(next), _) if is_alphanumeric(next) => {
                    digits &= is_numeric(next);
                    at += next.len_utf8();
                }
                (Some(separator), Some(digit))
                    if digits
                        && matches!(separator, '.' | ',' | '\'' | '\u{A0}' | '\u{202F}' | '\u{2009}')
                        && is_numeric(digit) =>
                {
                    at += separator.len_utf8() + digit.len_utf8();
                }
                _ => break,
            }
        }
        let kind = if digits { Kind::Number } else { Kind::Word };
        out.push(Token { kind, text: &text[start..at] });
    }
}

/// A token as the distance compares it; punctuation is not compared.
/// `#` and `{}` cannot be words, so they stand for any number and any code.
fn key<'s>(token: &Token<'s>) -> Option<Cow<'s, str>> {
    match token.kind {
        Kind::Word if !token.text.chars().any(changes_case) => Some(Cow::Borrowed(token.text)),
        Kind::Word => Some(Cow::Owned(token.text.to_lowercase())),
        Kind::Number => Some(Cow::Borrowed("#")),
        Kind::Code => Some(Cow::Borrowed("{}")),
        Kind::Punct => None,
    }
}

fn changes_case(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_uppercase() } else { c.to_lowercase().ne([c]) }
}

/// The Levenshtein distance between `a` and `b` if it is at most `bound`.
/// Only the diagonal band |i − j| ≤ `bound` is computed: a path through a
/// cell outside it costs more than `bound` already. The values along a path
/// never decrease, so once a whole row exceeds `bound` the distance does too.
fn distance_within<T: PartialEq>(a: &[T], b: &[T], bound: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > bound {
        return None;
    }
    let bound = bound.min(n.max(m));
    let over = bound + 1;
    let mut previous: Vec<usize> = (0..=m).map(|j| j.min(over)).collect();
    let mut current = vec![over; m + 1];
    for i in 1..=n {
        let (low, high) = (i.saturating_sub(bound).max(1), (i + bound).min(m));
        current[low - 1] = if low == 1 { i.min(over) } else { over };
        let mut row_min = current[low - 1];
        for j in low..=high {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let value = substitution.min(previous[j] + 1).min(current[j - 1] + 1).min(over);
            current[j] = value;
            row_min = row_min.min(value);
        }
        if high < m {
            // The next row reads this cell, outside the band.
            current[high + 1] = over;
        }
        if row_min > bound {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    (previous[m] <= bound).then_some(previous[m])
}

/// For each distinct token of `a` (at most 64), the bit set of its
/// positions, sorted by token.
fn position_masks(a: &[u32]) -> Option<Vec<(u32, u64)>> {
    if a.len() > 64 {
        return None;
    }
    let mut masks: Vec<(u32, u64)> = Vec::with_capacity(a.len());
    for (i, &id) in a.iter().enumerate() {
        match masks.iter_mut().find(|(m, _)| *m == id) {
            Some((_, bits)) => *bits |= 1 << i,
            None => masks.push((id, 1 << i)),
        }
    }
    masks.sort_unstable();
    Some(masks)
}

/// The same as [`distance_within`] for a sequence `a` of `n` ≤ 64 tokens
/// given as [`position_masks`], computed a column at a time with bit
/// vectors (Myers 1999, in Hyyrö's form for the edit distance): far cheaper
/// per candidate than the table. After column j the distance is at least the
/// last row's value less the m − j columns left, which stops it early.
fn bit_distance_within(masks: &[(u32, u64)], n: usize, b: &[u32], bound: usize) -> Option<usize> {
    let m = b.len();
    if n.abs_diff(m) > bound {
        return None;
    }
    if n == 0 {
        return Some(m);
    }
    let last = 1u64 << (n - 1);
    let (mut vp, mut vn) = (u64::MAX >> (64 - n), 0u64);
    let mut distance = n;
    for (j, token) in b.iter().enumerate() {
        let eq = masks.binary_search_by_key(token, |&(id, _)| id).map_or(0, |i| masks[i].1);
        let xv = eq | vn;
        let xh = ((eq & vp).wrapping_add(vp) ^ vp) | eq;
        let hp = vn | !(xh | vp);
        let hn = vp & xh;
        if hp & last != 0 {
            distance += 1;
        } else if hn & last != 0 {
            distance -= 1;
        }
        if distance > bound + (m - j - 1) {
            return None;
        }
        // The first row grows by one a column: shift a +1 in.
        let hp = (hp << 1) | 1;
        let hn = hn << 1;
        vp = hn | !(xv | hp);
        vn = hp & xv;
    }
    (distance <= bound).then_some(distance)
}

/// For a sequence `a` of more than 64 tokens: for each distinct token, the
/// bit set of its positions in 64-bit words, tokens sorted.
struct BlockMasks {
    n: usize,
    words: usize,
    ids: Vec<u32>,
    /// `words` words for each of `ids`.
    bits: Vec<u64>,
}

impl BlockMasks {
    fn new(a: &[u32]) -> BlockMasks {
        let words = a.len().div_ceil(64);
        let mut ids = a.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut bits = vec![0u64; ids.len() * words];
        for (i, id) in a.iter().enumerate() {
            let k = ids.binary_search(id).unwrap_or_default();
            bits[k * words + i / 64] |= 1 << (i % 64);
        }
        BlockMasks { n: a.len(), words, ids, bits }
    }

    fn of(&self, id: u32) -> Option<&[u64]> {
        let k = self.ids.binary_search(&id).ok()?;
        Some(&self.bits[k * self.words..(k + 1) * self.words])
    }
}

/// [`bit_distance_within`] for a sequence of any length, 64 rows a word, the
/// words of a column chained by their horizontal deltas (Hyyrö 2003, as
/// RapidFuzz computes it).
fn block_distance_within(masks: &BlockMasks, b: &[u32], bound: usize) -> Option<usize> {
    let (n, m, words) = (masks.n, b.len(), masks.words);
    if n.abs_diff(m) > bound {
        return None;
    }
    if n == 0 {
        return Some(m);
    }
    let last = 1u64 << ((n - 1) % 64);
    let mut vp: Vec<u64> = vec![u64::MAX; words];
    let mut vn: Vec<u64> = vec![0; words];
    let mut distance = n;
    let zero = vec![0u64; words];
    for (j, token) in b.iter().enumerate() {
        let eq = masks.of(*token).unwrap_or(&zero);
        // The top row grows by one a column.
        let (mut hp_carry, mut hn_carry) = (1u64, 0u64);
        for w in 0..words {
            let x = eq[w] | hn_carry;
            let d0 = (((x & vp[w]).wrapping_add(vp[w])) ^ vp[w]) | x | vn[w];
            let mut hp = vn[w] | !(d0 | vp[w]);
            let mut hn = d0 & vp[w];
            let (hp_in, hn_in) = (hp_carry, hn_carry);
            if w + 1 < words {
                (hp_carry, hn_carry) = (hp >> 63, hn >> 63);
            } else {
                distance = distance + usize::from(hp & last != 0) - usize::from(hn & last != 0);
            }
            hp = (hp << 1) | hp_in;
            hn = (hn << 1) | hn_in;
            vp[w] = hn | !(d0 | hp);
            vn[w] = hp & d0;
        }
        if distance > bound + (m - j - 1) {
            return None;
        }
    }
    (distance <= bound).then_some(distance)
}

/// The score of a distance `distance` between sequences of which the longer
/// has `len` tokens; `penalty` is asked only when the distance is 0.
fn score(distance: usize, len: usize, penalty: impl FnOnce() -> u8) -> u8 {
    if distance == 0 { 100 - penalty() } else { u8::try_from(100 * (len - distance) / len).unwrap_or(0) }
}

/// The points off a match at distance 0 (see the module's documentation):
/// 0 for the same text, else 1 per kind of difference, at least 1.
fn penalty(a: &[Token<'_>], a_plain: &str, b: &Segment) -> u8 {
    if a_plain == b.plain_text() {
        return 0;
    }
    let b = tokens(b);
    let (ca, cb) = (compared(a), compared(&b));
    let differs = |kind: Kind| ca.iter().zip(&cb).any(|(x, y)| x.kind == kind && x.text != y.text);
    let kinds =
        [differs(Kind::Word), differs(Kind::Number), differs(Kind::Code), punctuation(a) != punctuation(&b)];
    kinds.iter().map(|&k| u8::from(k)).sum::<u8>().max(1)
}

fn compared<'s>(tokens: &[Token<'s>]) -> Vec<Token<'s>> {
    tokens.iter().filter(|t| t.kind != Kind::Punct).copied().collect()
}

/// Where punctuation stands: each mark, after how many compared tokens.
fn punctuation<'s>(tokens: &[Token<'s>]) -> Vec<(usize, &'s str)> {
    let mut before = 0;
    let mut marks = Vec::new();
    for token in tokens {
        match token.kind {
            Kind::Punct => marks.push((before, token.text)),
            _ => before += 1,
        }
    }
    marks
}

/// How alike two source texts are, 0–100, as the module's documentation says.
pub fn similarity(a: &Segment, b: &Segment) -> u8 {
    let (ta, tb) = (tokens(a), tokens(b));
    let ka: Vec<_> = ta.iter().filter_map(key).collect();
    let kb: Vec<_> = tb.iter().filter_map(key).collect();
    let len = ka.len().max(kb.len());
    let distance = distance_within(&ka, &kb, len).unwrap_or(len);
    score(distance, len, || penalty(&ta, &a.plain_text(), b))
}

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
    use crate::segment::Code;

    fn seg(text: &str) -> Segment {
        // `{…}` stands for a Fluent placeable.
        let mut segment = Segment::default();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            segment.push_text(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            segment.push_code(Code::placeable("1".into(), rest[open..close].into()));
            rest = &rest[close..];
        }
        segment.push_text(rest);
        segment
    }

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        let mut out = Vec::new();
        split(text, &mut out);
        out.into_iter().map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn tokens_are_words_numbers_punctuation_and_codes() {
        use Kind::*;
        assert_eq!(
            kinds("L'accord n° 1/2019 du 8 déc. coûte 1\u{202F}234,50 €, soit 3km."),
            [
                (Word, "L"),
                (Punct, "'"),
                (Word, "accord"),
                (Word, "n"),
                (Punct, "°"),
                (Number, "1"),
                (Punct, "/"),
                (Number, "2019"),
                (Word, "du"),
                (Number, "8"),
                (Word, "déc"),
                (Punct, "."),
                (Word, "coûte"),
                (Number, "1\u{202F}234,50"),
                (Punct, "€"),
                (Punct, ","),
                (Word, "soit"),
                (Word, "3km"),
                (Punct, "."),
            ]
        );
        let segment = seg("Le {$date} à { -city }");
        let tokens: Vec<_> = tokens(&segment).into_iter().map(|t| (t.kind, t.text)).collect();
        assert_eq!(tokens, [(Word, "Le"), (Code, "{$date}"), (Word, "à"), (Code, "{ -city }")]);
    }

    #[test]
    fn scores_of_known_pairs() {
        let ten = "un deux trois quatre cinq six sept huit neuf dix";
        for (a, b, expected) in [
            ("Promotion de la ville", "Promotion de la ville", 100),
            ("", "", 100),
            (ten, "un deux trois quatre cinq SEIZE sept huit neuf dix", 90),
            (ten, "un deux trois quatre cinq sept huit neuf dix", 90),
            (ten, "un deux trois quatre cinq six sept huit neuf dix onze", 90),
            ("Article 5 du règlement", "Article 7 du règlement", 99),
            ("la Ville de Cracovie", "la ville de Cracovie", 99),
            ("Bonjour, le monde.", "Bonjour le monde !", 99),
            ("Le { $date } à Cracovie", "Le { $count } à Cracovie", 99),
            ("deux  espaces", "deux espaces", 99),
            ("La Ville, 5 fois { $a }.", "la ville 6 fois { $b }", 96),
            ("La ville, 5 fois", "la ville 5 fois", 98),
            ("a b c d", "a b c", 75),
            ("a b c d", "b a c d", 50),
            ("a b c d", "e f g h", 0),
            ("a b c d", "", 0),
            ("...", "!", 99),
        ] {
            assert_eq!(similarity(&seg(a), &seg(b)), expected, "{a:?} / {b:?}");
            assert_eq!(similarity(&seg(b), &seg(a)), expected, "{b:?} / {a:?}");
        }
    }

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
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    fn full_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, x) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, y) in b.iter().enumerate() {
                let value = (diagonal + usize::from(x != y)).min(row[j] + 1).min(row[j + 1] + 1);
                diagonal = row[j + 1];
                row[j + 1] = value;
            }
        }
        row[b.len()]
    }

    #[test]
    fn the_banded_distance_is_the_distance_when_within_the_bound() {
        let mut rng = Lcg(7);
        for _ in 0..3000 {
            let a: Vec<usize> = (0..rng.below(12)).map(|_| rng.below(4)).collect();
            let b: Vec<usize> = (0..rng.below(12)).map(|_| rng.below(4)).collect();
            let exact = full_distance(&a, &b);
            let bound = rng.below(14);
            let expected = (exact <= bound).then_some(exact);
            assert_eq!(distance_within(&a, &b, bound), expected, "{a:?} {b:?} bound {bound}");
        }
    }

    #[test]
    fn the_bit_parallel_distance_is_the_distance_when_within_the_bound() {
        let mut rng = Lcg(11);
        for _ in 0..20_000 {
            let n = if rng.below(10) == 0 { 64 } else { rng.below(20) };
            let a: Vec<u32> = (0..n).map(|_| rng.below(5) as u32).collect();
            let b: Vec<u32> = (0..rng.below(70)).map(|_| rng.below(5) as u32).collect();
            let exact = full_distance(&a, &b);
            let bound = rng.below(70);
            let masks = position_masks(&a).expect("at most 64 tokens");
            assert_eq!(bit_distance_within(&masks, a.len(), &b, bound), (exact <= bound).then_some(exact));
        }
        assert_eq!(position_masks(&[0; 65]), None);
    }

    #[test]
    fn the_block_distance_is_the_distance_when_within_the_bound() {
        let mut rng = Lcg(13);
        for _ in 0..3000 {
            let n = [0, 1, 63, 64, 65, 127, 128, 129, 200][rng.below(9)] + rng.below(3);
            let a: Vec<u32> = (0..n).map(|_| rng.below(6) as u32).collect();
            let mut b: Vec<u32> = a.clone();
            for _ in 0..rng.below(40) {
                let at = rng.below(b.len() + 1);
                match rng.below(3) {
                    0 if at < b.len() => b[at] = rng.below(7) as u32,
                    1 if at < b.len() => {
                        b.remove(at);
                    }
                    _ => b.insert(at, rng.below(7) as u32),
                }
            }
            let exact = full_distance(&a, &b);
            let bound = rng.below(60);
            let masks = BlockMasks::new(&a);
            assert_eq!(block_distance_within(&masks, &b, bound), (exact <= bound).then_some(exact), "{n}");
        }
    }

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
