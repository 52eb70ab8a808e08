//! Typesetting, with no PDF knowledge: fonts and shaping, paragraphs broken
//! into justified lines under each language's rules, and blocks laid out on
//! pages. The result is positioned glyphs that a writer paints.

pub mod aligned;
pub mod breaker;
pub mod font;
pub mod output;
pub mod page;
pub mod paragraph;
