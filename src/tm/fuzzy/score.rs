//! Scoring: how alike two source texts are (see [the module's
//! documentation](super)), and the tokens and bounded distances the index
//! scores with.

use crate::segment::{Inline, Segment};
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Punct,
    Code,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token<'s> {
    kind: Kind,
    text: &'s str,
}

pub(super) fn tokens(segment: &Segment) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    split_segment(segment, &mut out);
    out
}

pub(super) fn split_segment<'s>(segment: &'s Segment, out: &mut Vec<Token<'s>>) {
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
pub(super) fn key<'s>(token: &Token<'s>) -> Option<Cow<'s, str>> {
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
pub(super) fn distance_within<T: PartialEq>(a: &[T], b: &[T], bound: usize) -> Option<usize> {
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
pub(super) fn position_masks(a: &[u32]) -> Option<Vec<(u32, u64)>> {
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
pub(super) fn bit_distance_within(masks: &[(u32, u64)], n: usize, b: &[u32], bound: usize) -> Option<usize> {
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
pub(super) struct BlockMasks {
    n: usize,
    words: usize,
    ids: Vec<u32>,
    /// `words` words for each of `ids`.
    bits: Vec<u64>,
}

impl BlockMasks {
    pub(super) fn new(a: &[u32]) -> BlockMasks {
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

    pub(super) fn of(&self, id: u32) -> Option<&[u64]> {
        let k = self.ids.binary_search(&id).ok()?;
        Some(&self.bits[k * self.words..(k + 1) * self.words])
    }
}

/// [`bit_distance_within`] for a sequence of any length, 64 rows a word, the
/// words of a column chained by their horizontal deltas (Hyyrö 2003, as
/// RapidFuzz computes it).
pub(super) fn block_distance_within(masks: &BlockMasks, b: &[u32], bound: usize) -> Option<usize> {
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
pub(super) fn score(distance: usize, len: usize, penalty: impl FnOnce() -> u8) -> u8 {
    if distance == 0 { 100 - penalty() } else { u8::try_from(100 * (len - distance) / len).unwrap_or(0) }
}

/// The points off a match at distance 0 (see the module's documentation):
/// 0 for the same text, else 1 per kind of difference, at least 1.
pub(super) fn penalty(a: &[Token<'_>], a_plain: &str, b: &Segment) -> u8 {
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::segment::Code;

    pub(in crate::tm::fuzzy) fn seg(text: &str) -> Segment {
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

    pub(in crate::tm::fuzzy) struct Lcg(pub(in crate::tm::fuzzy) u64);

    impl Lcg {
        pub(in crate::tm::fuzzy) fn below(&mut self, n: usize) -> usize {
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
}
