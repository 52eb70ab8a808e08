//! The aligned and review editions, read back through poppler's
//! `pdftotext -bbox-layout` (ignored by default: `.ci/run` installs
//! poppler-utils): rows level across columns, nothing lost or overlapping,
//! marks where translations need work.

mod common;

use common::pdf::{Word, words};
use common::{copy_project, copy_tree, fluentpress, stderr, stdout};
use std::fs;
use std::path::Path;

/// The table's words by column, in reading order, without the heads (and
/// what stands above them: the legend), the header and the footer. Column
/// edges come from the heads on the first page; a word broken at a line end
/// (soft hyphen) is joined with its end.
fn columns(words: &[Word], heads: &[&str], page_height: f32) -> Vec<Vec<Word>> {
    let find_head = |name: &&str| {
        words.iter().find(|w| w.page == 1 && w.text == *name).unwrap_or_else(|| panic!("head {name}"))
    };
    let starts: Vec<f32> = heads.iter().map(|h| find_head(h).x_min).collect();
    // The heads repeat on every page, below the legend on the first.
    let head_bottom = |page: usize| {
        let head =
            words.iter().find(|w| w.page == page && w.text == heads[0] && (w.x_min - starts[0]).abs() < 0.5);
        head.unwrap_or_else(|| panic!("the heads on page {page}")).y_max
    };
    let mut columns: Vec<Vec<Word>> = vec![Vec::new(); heads.len()];
    let mut body: Vec<&Word> = words
        .iter()
        .filter(|w| w.y_min > head_bottom(w.page) + 1.0 && w.y_max < page_height - 40.0)
        .collect();
    body.sort_by(|a, b| (a.page, a.y_min, a.x_min).partial_cmp(&(b.page, b.y_min, b.x_min)).unwrap());
    for word in body {
        let column =
            starts.iter().rposition(|&s| word.x_min >= s - 0.5).expect("a word left of every column");
        let cell = &mut columns[column];
        match cell.last_mut() {
            Some(previous) if previous.text.ends_with('\u{ad}') => {
                previous.text.pop();
                previous.text.push_str(&word.text);
            }
            _ => cell.push(word.clone()),
        }
    }
    columns
}

/// What a locale's edition says, as words per line of its plain text: a
/// line is a block or a list item.
fn expected_lines(project: &Path, locale: &str) -> Vec<Vec<String>> {
    let text = stdout(&fluentpress(project, &["render", "--format", "text", "--locale", locale]));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// The project at `fixture` built into a scratch copy (with `args`).
fn build(fixture: &Path, args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_project(fixture, dir.path());
    let out = fluentpress(dir.path(), &[&["build"], args].concat());
    assert!(stdout(&out).contains("wrote out/"), "{}", stderr(&out));
    dir
}

/// Every word of every column once, in order; every line's first word on
/// the same page and baseline in every column; no two words overlapping.
fn assert_aligned(project: &Path, pdf: &str, locales: &[&str], heads: &[&str]) {
    let (words, height) = words(&project.join("out").join(pdf));
    let columns = columns(&words, heads, height);
    let expected: Vec<Vec<Vec<String>>> = locales.iter().map(|l| expected_lines(project, l)).collect();
    let mut starts: Vec<Vec<(usize, f32)>> = Vec::new();
    for ((column, lines), locale) in columns.iter().zip(&expected).zip(locales) {
        let flat: Vec<&String> = lines.iter().flatten().collect();
        let found: Vec<&String> = column.iter().map(|w| &w.text).collect();
        assert_eq!(found, flat, "{locale}: the column's words, each once, in order");
        let mut at = 0;
        starts.push(
            lines
                .iter()
                .map(|line| {
                    let word = &column[at];
                    at += line.len();
                    (word.page, word.y_max)
                })
                .collect(),
        );
    }
    for (row, first) in starts[0].iter().enumerate() {
        for (column, other) in starts.iter().enumerate().skip(1) {
            let (page, y) = other[row];
            assert!(
                page == first.0 && (y - first.1).abs() <= 0.5,
                "row {row}: {} starts on page {page} at {y}, {} on page {} at {}",
                locales[column],
                locales[0],
                first.0,
                first.1
            );
        }
    }
    for page in 1..=words.last().map_or(0, |w| w.page) {
        let on_page: Vec<&Word> = words.iter().filter(|w| w.page == page).collect();
        for (i, a) in on_page.iter().enumerate() {
            for b in &on_page[i + 1..] {
                let across = a.x_max.min(b.x_max) - a.x_min.max(b.x_min);
                let down = a.y_max.min(b.y_max) - a.y_min.max(b.y_min);
                assert!(across <= 0.5 || down <= 0.5, "page {page}: {a:?} overlaps {b:?}");
            }
        }
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
#[ignore = "needs poppler-utils"]
fn the_resolution_is_aligned_row_by_row() {
    let built = build(Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    assert_aligned(
        built.path(),
        "resolution.aligned.pdf",
        &["fr", "pl", "en"],
        &["Français", "Polski", "English"],
    );
}

#[test]
#[ignore = "needs poppler-utils"]
fn rows_stay_level_when_polish_is_three_times_longer_and_split_across_pages() {
    let built = build(&fixture("aligned"), &[]);
    let (words, _) = words(&built.path().join("out/report.aligned.pdf"));
    assert!(words.last().unwrap().page >= 3, "the annex runs over pages");
    assert_aligned(
        built.path(),
        "report.aligned.pdf",
        &["fr", "pl", "en"],
        &["Français", "Polski", "English"],
    );
}

#[test]
#[ignore = "needs poppler-utils"]
fn two_columns_in_the_order_the_layout_gives() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("aligned"), dir.path());
    let layout = dir.path().join("layouts/report.toml");
    let text = fs::read_to_string(&layout)
        .unwrap()
        .replace("locales = [\"fr\", \"pl\", \"en\"]", "locales = [\"pl\", \"fr\"]");
    fs::write(&layout, text).unwrap();
    let built = build(dir.path(), &[]);
    assert_aligned(built.path(), "report.aligned.pdf", &["pl", "fr"], &["Polski", "Français"]);
}

#[test]
#[ignore = "needs poppler-utils"]
fn the_review_edition_marks_missing_and_broken_translations() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("aligned"), dir.path());
    let pl = dir.path().join("locales/pl/report.ftl");
    let text = fs::read_to_string(&pl).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("point-1 ="))
        .map(|l| {
            if l.starts_with("point-2 =") {
                "point-2 = Punkt drugi { $x }".to_string()
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    fs::write(&pl, text).unwrap();
    let built = build(dir.path(), &["--review"]);
    assert!(!built.path().join("out/report.aligned.pdf").exists(), "pl has errors: no aligned edition");
    let (words, height) = words(&built.path().join("out/report.review.pdf"));
    let columns = columns(&words, &["ID", "Français", "Polski", "English"], height);
    let text = |column: &[Word]| column.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    let ids = text(&columns[0]);
    assert!(
        ids.starts_with("report-title report-date report-intro points-heading point-1 point-2 point-3"),
        "{ids}"
    );
    let polish = text(&columns[2]);
    let french_point_1 = "La ville développe ses relations avec les villes partenaires d’Europe centrale.";
    // Marks and notes speak the source language, as the legend does.
    let marked = format!(
        "1. {french_point_1} [manquante] 2. Punkt drugi {{$x}} [erreur] variable absente de la source :"
    );
    assert!(polish.contains(&marked), "{polish}");
    assert!(polish.contains("$x » [à revoir] ponctuation : « drugi » 3."), "{polish}");
    assert_eq!(polish.matches("[manquante]").count(), 1, "{polish}");
    assert_eq!(polish.matches("[erreur]").count(), 1, "{polish}");
    assert!(!text(&columns[1]).contains('['), "French is complete: no mark");
    assert!(!text(&columns[3]).contains('['), "English is complete: no mark");
    let legend: String =
        words.iter().filter(|w| w.page == 1).take(3).map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    assert_eq!(legend, "Légende. Chaque rangée");
}
