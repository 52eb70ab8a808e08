//! Plural selectors across languages: which selects choose a CLDR plural
//! category, the numbers a category covers (what the translator's note
//! says), and the source variant closest to a category the source lacks.

use crate::intl::Plurals;

pub(crate) fn is_number(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_digit() || c == '-')
}

/// The numbers the notes and the closest-variant choice look at: every
/// integer below 200, large round numbers, and a few decimals.
fn samples() -> impl Iterator<Item = String> {
    (0..200)
        .map(|n: u32| n.to_string())
        .chain(["1000", "1000000"].map(String::from))
        .chain(["0.5", "1.5", "2.5", "10.5"].map(String::from))
}

/// The numbers a category covers, such as `2–4, 22–24, 32–34, …`.
pub(crate) fn coverage(plurals: &Plurals, category: &str) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    let mut others = Vec::new();
    for sample in samples() {
        if plurals.category_of(&sample) != Some(category) {
            continue;
        }
        match sample.parse::<u32>() {
            Ok(n) if n < 200 => match ranges.last_mut() {
                Some((_, end)) if *end + 1 == n => *end = n,
                _ => ranges.push((n, n)),
            },
            _ => others.push(sample),
        }
    }
    const SHOWN: usize = 5;
    let mut shown: Vec<String> = ranges
        .iter()
        .take(SHOWN)
        .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") })
        .collect();
    let open_ended = ranges.last().is_some_and(|&(_, end)| end == 199);
    if ranges.len() > SHOWN || open_ended {
        shown.push("…".to_string());
    }
    let (large, decimals): (Vec<_>, Vec<_>) = others.into_iter().partition(|s| !s.contains('.'));
    if !open_ended {
        shown.extend(large);
    }
    if let Some(decimal) = decimals.first() {
        shown.push(format!("decimals such as {decimal}"));
    }
    if shown.is_empty() { "no common numbers".to_string() } else { shown.join(", ") }
}

/// Of the source's variant keys, the one closest to a target category: the
/// same category, else the source category most of its numbers fall in
/// (ties go to `other`), else the default.
pub(crate) fn closest(
    source: &Plurals,
    source_keys: &[&str],
    default: usize,
    target: &Plurals,
    category: &str,
) -> usize {
    if let Some(same) = source_keys.iter().position(|k| *k == category) {
        return same;
    }
    let mut votes = vec![0usize; source_keys.len()];
    for sample in samples().filter(|s| target.category_of(s) == Some(category)) {
        if let Some(i) = source.category_of(&sample).and_then(|c| source_keys.iter().position(|k| *k == c)) {
            votes[i] += 1;
        }
    }
    let best = votes.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return default;
    }
    let winners: Vec<usize> = (0..votes.len()).filter(|&i| votes[i] == best).collect();
    winners.iter().copied().find(|&i| source_keys[i] == "other").unwrap_or(winners[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plurals(tag: &str) -> Plurals {
        Plurals::new(&tag.parse().unwrap())
    }

    #[test]
    fn polish_categories_are_described_by_their_numbers() {
        let pl = plurals("pl");
        assert_eq!(coverage(&pl, "one"), "1");
        assert_eq!(coverage(&pl, "few"), "2–4, 22–24, 32–34, 42–44, 52–54, …");
        assert_eq!(coverage(&pl, "many"), "0, 5–21, 25–31, 35–41, 45–51, …");
        assert_eq!(coverage(&pl, "other"), "decimals such as 0.5");
    }

    #[test]
    fn the_closest_french_variant() {
        let (fr, pl) = (plurals("fr"), plurals("pl"));
        let keys = ["one", "other"];
        let pick = |c| keys[closest(&fr, &keys, 1, &pl, c)];
        assert_eq!(["one", "few", "many", "other"].map(pick), ["one", "other", "other", "other"]);
    }
}
