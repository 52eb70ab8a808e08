//! Synthetic translation memories for the memory's tests and benchmark:
//! real French sentences with their Polish translations from
//! `../shared/corpora/parallel`, edited word by word into realistic near
//! duplicates, from a deterministic source of numbers.

use fluentpress::segment::{Code, Segment};
use std::fs;

/// SplitMix64: a deterministic source of numbers for the synthetic memory.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// Real French sentences with their Polish translations: NTREX-128, the
/// Parallel UD treebanks and DGT-TM.
pub fn french_polish() -> Vec<(String, String)> {
    let parallel = super::corpus("corpora/parallel");
    let lines = |file: &str| fs::read_to_string(parallel.join(file)).expect("a corpus file");
    let (fra, pol) =
        (lines("ntrex-128/newstest2019-ref.fra.txt"), lines("ntrex-128/newstest2019-ref.pol.txt"));
    let mut pairs: Vec<(String, String)> =
        fra.lines().zip(pol.lines()).map(|(f, p)| (f.into(), p.into())).collect();
    for (file, fr, pl) in [("ud-pud/pud_en-fr-pl.tsv", 2, 3), ("dgt-tm/dgt-tm_2019_en-fr-pl.tsv", 3, 4)] {
        for line in lines(file).lines().skip(1) {
            let columns: Vec<&str> = line.split('\t').collect();
            pairs.push((columns[fr].into(), columns[pl].into()));
        }
    }
    pairs.retain(|(f, p)| !f.trim().is_empty() && !p.trim().is_empty());
    pairs
}

/// A sentence edited word by word: words replaced, dropped, added or
/// swapped, case changed, numbers changed, placeables put in.
pub fn edit(sentence: &str, edits: usize, vocabulary: &[&str], rng: &mut Rng) -> Segment {
    let mut words: Vec<String> = sentence.split_whitespace().map(String::from).collect();
    for _ in 0..edits {
        let at = rng.below(words.len().max(1));
        match rng.below(7) {
            0 | 1 if !words.is_empty() => words[at] = vocabulary[rng.below(vocabulary.len())].to_string(),
            2 if words.len() > 1 => {
                words.remove(at);
            }
            3 => words.insert(at, vocabulary[rng.below(vocabulary.len())].to_string()),
            4 if at + 1 < words.len() => words.swap(at, at + 1),
            5 if !words.is_empty() => words[at] = words[at].to_uppercase(),
            _ => words
                .insert(at, ["{ $date }", "{ -city }", "{ $count }", "2020", "8"][rng.below(5)].to_string()),
        }
    }
    let mut segment = Segment::default();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            segment.push_text(" ");
        }
        if word.starts_with("{ ") {
            segment.push_code(Code::placeable("1".into(), word.clone()));
        } else {
            segment.push_text(word);
        }
    }
    segment
}
