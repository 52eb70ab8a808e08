//! The print PDFs as a reader and an archivist see them, through poppler's
//! tools (ignored by default: `.ci/run` installs poppler-utils), and the
//! properties that need no outside tool: determinism and font errors.

mod common;

use common::{copy_project, copy_tree, fluentpress, stderr, stdout};
use fluentpress::typeset::font::FontSet;
use std::fs;
use std::path::Path;
use std::process::Command;

const LOCALES: [&str; 3] = ["fr", "pl", "en"];

/// The real project built into a scratch copy.
fn built_resolution() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_project(Path::new(env!("CARGO_MANIFEST_DIR")), dir.path());
    let out = fluentpress(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .or_else(|_| Command::new(tool).args(args).arg(pdf).output());
    let out = out.unwrap_or_else(|e| panic!("{tool} does not run ({e}): install poppler-utils"));
    String::from_utf8(out.stdout).unwrap()
}

fn pdf_tool(tool: &str, pdf: &Path) -> String {
    let out = Command::new(tool)
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("{tool} does not run ({e}): install poppler-utils"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A field of what `pdfinfo` prints, such as `Title`.
fn info_field<'i>(info: &'i str, name: &str) -> Option<&'i str> {
    info.lines().find_map(|l| l.strip_prefix(&format!("{name}:")).map(str::trim))
}

/// Every space, line end and soft hyphen folded: words as a reader reads
/// them. (pdftotext drops the narrow no-break space of French punctuation, so
/// it is dropped on both sides.)
fn words(text: &str) -> String {
    text.replace("\u{ad}\n", "")
        .replace('\u{202f}', "")
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
#[ignore = "needs poppler-utils"]
fn every_font_is_embedded_and_subset() {
    let dir = built_resolution();
    for locale in LOCALES {
        let fonts = pdf_tool("pdffonts", &dir.path().join(format!("out/resolution.{locale}.pdf")));
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert_eq!(rows.len(), 2, "regular and bold: {fonts}");
        for row in rows {
            let name = row.split_whitespace().next().unwrap();
            assert!(name.contains("+LibertinusSerif-"), "{row}");
            assert!(row.contains(" yes yes yes "), "embedded, subset, with a Unicode map: {row}");
        }
    }
}

#[test]
#[ignore = "needs poppler-utils"]
fn the_pdfs_are_tagged_with_title_language_date_and_pages() {
    let dir = built_resolution();
    let titles = [
        ("fr", "Objectifs et priorités de la coopération internationale"),
        ("pl", "Cele i priorytety współpracy międzynarodowej Miasta Krakowa"),
        ("en", "Objectives and Priorities of International Cooperation"),
    ];
    for (locale, title) in titles {
        let info = pdf_tool("pdfinfo", &dir.path().join(format!("out/resolution.{locale}.pdf")));
        let field = |name: &str| info_field(&info, name).unwrap_or_default();
        assert_eq!(field("Tagged"), "yes");
        assert_eq!(field("Pages"), "2");
        assert_eq!(field("Title"), title);
        assert_eq!(field("Creator"), format!("fluentpress {}", env!("CARGO_PKG_VERSION")));
        assert_eq!(
            field("CreationDate"),
            "Tue Dec  8 00:00:00 2020 UTC",
            "the document's date, not the clock"
        );
        assert_eq!(field("Page size"), "595.276 x 841.89 pts (A4)");
    }
}

#[test]
#[ignore = "needs poppler-utils"]
fn the_text_extracts_exactly_in_layout_order() {
    let dir = built_resolution();
    for locale in LOCALES {
        let pdf = dir.path().join(format!("out/resolution.{locale}.pdf"));
        let extracted = words(&poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf));
        let rendered = stdout(&fluentpress(dir.path(), &["render", "--format", "text", "--locale", locale]));
        let mut from = 0;
        for line in rendered.lines().map(words).filter(|l| !l.is_empty()) {
            let at = extracted[from..].find(&line).unwrap_or_else(|| {
                panic!("{locale}: {line:?} is not in the PDF after byte {from}:\n{extracted}")
            });
            from += at + line.len();
        }
        let footer = match locale {
            "fr" => "Page 1 sur 2",
            "pl" => "Strona 1 z 2",
            _ => "Page 1 of 2",
        };
        assert!(extracted.contains(footer) && extracted.contains("Magiczny Kraków"), "{extracted}");
        assert!(!extracted.contains('\u{2010}'), "no added hyphen is part of the text");
    }
}

#[test]
#[ignore = "needs poppler-utils"]
fn every_word_lies_within_the_measure_but_edge_marks_which_hang_by_their_fraction() {
    let dir = built_resolution();
    // The layout's margins: 28 mm left and right of an A4 page; body text 11.5 pt.
    let (left, right) = (28.0 * 72.0 / 25.4, (210.0 - 28.0) * 72.0 / 25.4);
    let fonts = FontSet::load("Libertinus Serif", Path::new(".")).unwrap();
    let advance = |mark: &str| fonts.regular.shape(mark, "fr", 11.5)[0].advance;
    // How far each mark hangs out of a justified line (the added hyphen
    // extracts as a soft hyphen).
    let right_hangs = [
        ('\u{ad}', 0.8 * advance("\u{2010}")),
        ('-', 0.8 * advance("-")),
        (',', 0.7 * advance(",")),
        ('.', 0.7 * advance(".")),
        (':', 0.5 * advance(":")),
        (';', 0.5 * advance(";")),
        (')', 0.1 * advance(")")),
    ];
    let mut ends = std::collections::BTreeMap::new();
    for locale in LOCALES {
        let (words, _) = common::pdf::words(&dir.path().join(format!("out/resolution.{locale}.pdf")));
        assert!(words.len() > 300, "{locale}: {} words", words.len());
        let mut lines: std::collections::BTreeMap<(usize, i64), Vec<&common::pdf::Word>> = Default::default();
        for word in &words {
            lines.entry((word.page, (word.y_min * 10.0).round() as i64)).or_default().push(word);
        }
        for line in lines.values_mut() {
            line.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
            let (first, last) = (line[0], line[line.len() - 1]);
            let shown = line.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
            let opening = first.text.starts_with(['«', '„', '“', '‘', '(']);
            assert!(
                first.x_min >= left - 0.05 || (opening && first.x_min >= left - 3.0),
                "{locale}: {shown}"
            );
            assert!(last.x_max <= right + 3.5, "{locale}: {shown}");
            // A full line: its last mark hangs by its fraction, a letter not at all.
            if right - last.x_max < 1.0 {
                let mark = last.text.chars().next_back().unwrap();
                let hang = right_hangs.iter().find(|(m, _)| *m == mark).map_or(0.0, |(_, h)| *h);
                assert!(
                    (last.x_max - right - hang).abs() <= 0.2,
                    "{locale}: `{shown}` ends {:.2} pt past the measure, not {hang:.2}",
                    last.x_max - right
                );
                *ends.entry(if hang > 0.0 { mark } else { 'a' }).or_insert(0) += 1;
            }
        }
        let text: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        if locale == "fr" {
            assert!(text.contains(&"l’Union") && !text.iter().any(|w| w.contains('\'')), "{text:?}");
        }
    }
    // The resolution has full lines ending in letters, commas and added hyphens.
    for mark in ['a', ',', '\u{ad}'] {
        assert!(ends.get(&mark).is_some_and(|&n| n >= 3), "{mark:?}: {ends:?}");
    }
}

#[test]
#[ignore = "needs poppler-utils"]
fn a_polish_compound_broken_at_its_hyphen_repeats_it_and_extracts_whole() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean"), dir.path());
    // A 58 mm measure that ends the line after `polsko-`.
    let layout = dir.path().join("layouts/notice.toml");
    let narrow = "[page]\nmargins = { top = 25, bottom = 25, left = 76, right = 76 }\n";
    fs::write(&layout, fs::read_to_string(&layout).unwrap().replace("[page]\n", narrow)).unwrap();
    let pl = dir.path().join("locales/pl/notice.ftl");
    let body = "mieszkańców. Rada wspiera współpracę polsko-francuską i polsko-niemiecką.";
    fs::write(&pl, fs::read_to_string(&pl).unwrap().replace("mieszkańców.", body)).unwrap();
    let out = fluentpress(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("out/notice.pl.pdf");

    let raw = poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf);
    // The repeated hyphen is a soft hyphen in the text, which readers drop.
    assert!(raw.contains("polsko-\n\u{ad}francuską i polsko-niemiecką."), "{raw}");
    let read = raw.replace('\u{ad}', "").replace("-\n", "-");
    assert!(read.contains("współpracę polsko-francuską") && !read.contains("--"), "{read}");
    // It is drawn at the start of the line, at the left margin.
    let (words, _) = common::pdf::words(&pdf);
    let next = words.iter().find(|w| w.text == "\u{ad}francuską").expect("the compound's second part");
    let margin = 76.0 * 72.0 / 25.4;
    assert!((next.x_min - margin).abs() < 0.5, "{next:?}");
}

#[test]
fn the_same_input_gives_byte_identical_pdfs() {
    let first = built_resolution();
    let second = built_resolution();
    for locale in LOCALES {
        let name = format!("out/resolution.{locale}.pdf");
        let a = fs::read(first.path().join(&name)).unwrap();
        assert!(a.starts_with(b"%PDF-1.7"), "{name}");
        assert_eq!(a, fs::read(second.path().join(&name)).unwrap(), "{name}");
    }
}

#[test]
fn a_font_lacking_glyphs_fails_that_locale_only_and_names_the_characters_where_they_stand() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean"), dir.path());
    let pl = dir.path().join("locales/pl/notice.ftl");
    let text = fs::read_to_string(&pl).unwrap().replace("Drugi punkt", "Drugi punkt 日本");
    fs::write(&pl, text).unwrap();
    let out = fluentpress(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(
            "error[glyph]: cannot write notice.pl.pdf: the font Libertinus Serif Regular has no glyph for ‹日› U+65E5, ‹本› U+672C\n  \
             --> locales/pl/notice.ftl:14:30\n   |\n14 | notice-point-2 = Drugi punkt 日本\n   |                              ^\n   \
             = note: replace ‹日› U+65E5 in `notice-point-2`, or name a font that has it in the layout\n"
        ),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("wrote out/notice.fr.pdf\nwrote out/notice.en.pdf\n"), "{}", stdout(&out));
    assert!(!dir.path().join("out/notice.pl.pdf").exists());

    // From a term a message uses: where the term has it.
    let en = dir.path().join("locales/en/notice.ftl");
    fs::write(&en, fs::read_to_string(&en).unwrap().replace("-city = Kraków", "-city = Kraków 漢")).unwrap();
    let report = stderr(&fluentpress(dir.path(), &["build"]));
    assert!(report.contains("cannot write notice.en.pdf: the font Libertinus Serif Bold has no glyph for ‹漢› U+6F22\n --> locales/en/notice.ftl:1:16\n"), "{report}");
}

#[test]
fn an_unreadable_font_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean"), dir.path());
    let layout = dir.path().join("layouts/notice.toml");
    let text =
        fs::read_to_string(&layout).unwrap().replace("[page]\n", "[page]\nfont = \"fonts/Missing.otf\"\n");
    fs::write(&layout, text).unwrap();
    let out = fluentpress(dir.path(), &["pdf", "--locale", "en"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error[pdf]: cannot write notice.en.pdf: cannot read the font file fonts/Missing.otf: No such file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_headings_become_bookmarks_to_their_pages() {
    use fluentpress::ops::Checked;
    use fluentpress::project::Project;
    use fluentpress::typeset::{font::FontSet, page::typeset};
    let project = Project::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let checked = Checked::run(&project);
    let (editions, skipped) = checked.editions(&checked.layouts[0], &["fr", "pl"]);
    assert!(skipped.is_empty());
    let fonts = FontSet::load("Libertinus Serif", &project.root).unwrap();
    let outlines: Vec<Vec<(String, usize)>> = editions
        .iter()
        .map(|edition| typeset(edition, &fonts).outline.into_iter().map(|e| (e.title, e.page)).collect())
        .collect();
    assert_eq!(
        outlines,
        [
            vec![
                ("1. Les objectifs thématiques\u{a0}:".to_string(), 0),
                ("2. Les priorités géographiques\u{a0}:".to_string(), 1)
            ],
            vec![("1. Cele tematyczne:".to_string(), 0), ("2. Priorytety geograficzne:".to_string(), 1)],
        ]
    );
}

/// The real project and its approvals, built officially into a scratch copy.
fn officially_built_resolution() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_project(root, dir.path());
    copy_tree(&root.join("approvals"), &dir.path().join("approvals"));
    let out = fluentpress(dir.path(), &["build", "--official"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir
}

#[test]
#[ignore = "needs poppler-utils"]
fn the_official_resolution_says_who_approved_it_in_its_metadata_and_last_line() {
    let dir = officially_built_resolution();
    let signed = [
        ("pl", "Zatwierdzenie tłumaczenia: Claude (fluentpress engineer), 2 grudnia 2026."),
        ("en", "Translation approved by Claude (fluentpress engineer) on 2 December 2026."),
    ];
    for (locale, colophon) in signed {
        let pdf = dir.path().join(format!("out/resolution.{locale}.pdf"));
        let info = pdf_tool("pdfinfo", &pdf);
        assert_eq!(info_field(&info, "Subject"), Some(colophon));
        let keywords = format!("{locale} approved by Claude (fluentpress engineer) on 2026-12-02");
        assert_eq!(info_field(&info, "Keywords"), Some(keywords.as_str()));
        let text = poppler("pdftotext", &["-layout"], &pdf);
        let last_line = text.lines().filter(|l| !l.trim().is_empty()).nth_back(1).unwrap().trim().to_string();
        assert_eq!(words(&last_line), words(colophon), "{text}");
    }
    // The original is no translation: nothing to approve, nothing said.
    let french = pdf_tool("pdfinfo", &dir.path().join("out/resolution.fr.pdf"));
    assert!(!french.contains("Keywords:") && !french.contains("Subject:"), "{french}");
    let aligned = dir.path().join("out/resolution.aligned.pdf");
    let info = pdf_tool("pdfinfo", &aligned);
    assert!(info.contains(&format!("Subject:         {} {}\n", signed[0].1, signed[1].1)), "{info}");
    let text = words(&poppler("pdftotext", &[], &aligned));
    assert!(text.contains(&words(signed[0].1)) && text.contains(&words(signed[1].1)), "{text}");
}

#[test]
#[ignore = "needs poppler-utils"]
fn the_review_edition_marks_each_translation_no_one_approved() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_project(root, dir.path());
    copy_tree(&root.join("approvals"), &dir.path().join("approvals"));
    fs::remove_file(dir.path().join("approvals/en.toml")).unwrap();
    let out = fluentpress(dir.path(), &["build", "--review"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = poppler("pdftotext", &[], &dir.path().join("out/resolution.review.pdf"));
    // The 23 rows of English, none of Polish; the legend explains the mark.
    assert_eq!(text.matches("[non approuvée]").count(), 23 + 1, "{text}");
}
