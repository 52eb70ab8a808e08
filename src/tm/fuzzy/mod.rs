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
//!
//! Scoring is in `score`, the index in `index`, which builds on it.

mod index;
mod score;

pub(crate) use index::Tables;
pub use index::{Index, Match, Query};
pub use score::similarity;
