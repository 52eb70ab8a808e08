//! Word-level differences between two texts — the source a translation was
//! made for and the current source, a query and a memory match's source —
//! found by `similar`, and shown three ways: plain markers
//! (`[-removed-]{+inserted+}`), terminal colours, and spans for tools.
//!
//! Rules: the changes rebuild both texts exactly (the same and removed runs
//! give the old text, the same and inserted runs the new one); a removal
//! comes before the insertion that replaces it; a space the two texts share
//! between two replacements joins them into one (`[-a b-]{+c d+}`, not
//! `[-a-]{+c+} [-b-]{+d+}`).

use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Same,
    Removed,
    Inserted,
}

/// A run of text the two texts share, or that one of them alone has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: Kind,
    pub text: String,
}

/// The changes that turn `old` into `new`, word by word.
pub fn words(old: &str, new: &str) -> Vec<Change> {
    // A bound on the time a very long, much rewritten text may take: past
    // it the diff is coarser, never wrong.
    let diff = TextDiff::configure().timeout(std::time::Duration::from_millis(200)).diff_words(old, new);
    let mut out = Vec::new();
    let (mut removed, mut inserted, mut held) = (String::new(), String::new(), String::new());
    let flush = |out: &mut Vec<Change>, removed: &mut String, inserted: &mut String| {
        for (kind, text) in [(Kind::Removed, removed), (Kind::Inserted, inserted)] {
            if !text.is_empty() {
                out.push(Change { kind, text: std::mem::take(text) });
            }
        }
    };
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Equal if value.trim().is_empty() && !removed.is_empty() && !inserted.is_empty() => {
                held.push_str(value)
            }
            ChangeTag::Equal => {
                flush(&mut out, &mut removed, &mut inserted);
                push(&mut out, Kind::Same, &std::mem::take(&mut held));
                push(&mut out, Kind::Same, value);
            }
            tag => {
                // A shared space between two replacements belongs to both.
                removed.push_str(&held);
                inserted.push_str(&std::mem::take(&mut held));
                match tag {
                    ChangeTag::Delete => removed.push_str(value),
                    _ => inserted.push_str(value),
                }
            }
        }
    }
    flush(&mut out, &mut removed, &mut inserted);
    push(&mut out, Kind::Same, &held);
    out
}

/// Appends text to the last change if it is of the same kind.
fn push(out: &mut Vec<Change>, kind: Kind, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => out.push(Change { kind, text: text.to_string() }),
    }
}

/// The changes with plain markers: `[-removed-]` and `{+inserted+}`.
pub fn markers(changes: &[Change]) -> String {
    render(changes, ("[-", "-]"), ("{+", "+}"))
}

/// The changes coloured for a terminal: removed struck through in red,
/// inserted underlined in green.
pub fn coloured(changes: &[Change]) -> String {
    render(changes, ("\x1b[9;31m", "\x1b[0m"), ("\x1b[4;32m", "\x1b[0m"))
}

fn render(changes: &[Change], removed: (&str, &str), inserted: (&str, &str)) -> String {
    let mut out = String::new();
    for change in changes {
        let (open, close) = match change.kind {
            Kind::Same => ("", ""),
            Kind::Removed => removed,
            Kind::Inserted => inserted,
        };
        let _ = write!(out, "{open}{}{close}", change.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old and the new text the changes give back.
    fn texts(changes: &[Change]) -> (String, String) {
        let side = |skip: Kind| changes.iter().filter(|c| c.kind != skip).map(|c| c.text.as_str()).collect();
        (side(Kind::Inserted), side(Kind::Removed))
    }

    #[test]
    fn a_changed_word_shows_what_went_and_what_came() {
        let changes = words("Stimulation du tourisme", "Stimulation du tourisme durable");
        assert_eq!(markers(&changes), "Stimulation du tourisme{+ durable+}");
        let changes = words("Attirer les investissements étrangers", "Attirer des investissements étrangers");
        assert_eq!(markers(&changes), "Attirer [-les-]{+des+} investissements étrangers");
        assert_eq!(
            coloured(&changes),
            "Attirer \x1b[9;31mles\x1b[0m\x1b[4;32mdes\x1b[0m investissements étrangers"
        );
    }

    #[test]
    fn neighbouring_replacements_read_as_one() {
        let changes = words("le conseil municipal a adopté", "la ville de Cracovie a adopté");
        assert_eq!(markers(&changes), "[-le conseil municipal-]{+la ville de Cracovie+} a adopté");
    }

    #[test]
    fn the_changes_give_back_both_texts() {
        let pairs = [
            ("", "tout neuf"),
            ("tout vieux", ""),
            ("a b c d e", "a x c y e"),
            ("a  b\tc", "a b c"),
            ("Promotion de Cracovie.", "Promotion de la ville de Cracovie !"),
            ("same", "same"),
        ];
        for (old, new) in pairs {
            let changes = words(old, new);
            assert_eq!(texts(&changes), (old.to_string(), new.to_string()), "{old:?} → {new:?}: {changes:?}");
            let kinds: Vec<Kind> = changes.iter().map(|c| c.kind).collect();
            assert!(kinds.windows(2).all(|w| w[0] != w[1] || w[0] != Kind::Same), "{kinds:?}");
        }
        assert_eq!(words("same", "same"), [Change { kind: Kind::Same, text: "same".into() }]);
    }
}
