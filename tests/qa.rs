//! Translation QA in `check`: one planted fault of each kind found at its
//! place, the same text translated right found clean, allows and severities,
//! spelling with dictionaries written for the fixtures, and Debian's
//! dictionaries on the resolution (ignored by default).

mod common;

use common::{binary, edit, findings, fixture, fluentpress, scratch, stdout};
use std::process::Output;

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out)).unwrap()
}

#[test]
fn every_planted_qa_fault_is_reported_at_its_place() {
    let out = fluentpress(&fixture("qa"), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        findings(&out),
        [
            "error number locales/pl/qa.ftl:1:43 `2012` here, where the source has `2021`",
            "warning date locales/pl/qa.ftl:2:19 `9 grudnia 2020` here, where the source has `8 décembre 2020`",
            "warning quotes locales/pl/qa.ftl:3:19 `\"` is not how pl quotes: write „…”",
            "warning quotes locales/pl/qa.ftl:3:41 `\"` is not how pl quotes: write „…”",
            "error brackets locales/pl/qa.ftl:4:22 `(` is never closed",
            "warning punctuation locales/pl/qa.ftl:5:25 the translation ends with no punctuation, the source with `.`",
            "warning whitespace locales/pl/qa.ftl:6:23 two spaces in a row",
            "warning repeated-word locales/pl/qa.ftl:7:22 `działa` twice in a row",
            "error untranslated locales/pl/qa.ftl:8:19 the translation is the source text, word for word",
            "warning inconsistent locales/pl/qa.ftl:10:13 “La coopération internationale de la ville reste une priorité pour le conseil.” is translated otherwise at locales/pl/qa.ftl:9:13",
            "warning spelling locales/pl/qa.ftl:11:29 `szybkoo` is not in the pl dictionary",
        ]
    );
    let report = json(&out);
    let notes = |code: &str| {
        report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap()["notes"].clone()
    };
    assert_eq!(
        notes("number"),
        serde_json::json!(["the source: “Le budget est de 1\u{202f}234,50 euros en 2021.”"])
    );
    assert_eq!(
        notes("spelling"),
        serde_json::json!(["did you mean szybko?", "if it is right, add it to dictionaries/pl.txt"])
    );
    assert_eq!(
        notes("inconsistent"),
        serde_json::json!(["there: “Współpraca międzynarodowa miasta pozostaje priorytetem dla rady.”"])
    );
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64()), (Some(3), Some(8)));
}

#[test]
fn the_same_text_translated_right_has_no_diagnostic_at_all() {
    // Numbers in each locale's format, dates in words, each language's quotes.
    let out = fluentpress(&fixture("qa-clean"), &["check", "--strict"]);
    assert_eq!(stdout(&out), "checked 3 files in fr, pl, en: 0 errors, 0 warnings\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn status_counts_qa_errors_and_warnings_per_locale() {
    let out = fluentpress(&fixture("qa"), &["status", "--format", "csv"]);
    assert_eq!(
        stdout(&out),
        "locale,translated,missing,stale,errors,obsolete,words_to_do,qa_errors,qa_warnings,approved,unapproved\n\
         pl,11,0,0,3,0,0,3,8,0,11\nen,11,0,0,0,0,0,0,0,0,11\n"
    );
}

#[test]
fn an_allow_with_a_reason_silences_its_finding_and_json_keeps_the_reason() {
    let dir = scratch("qa");
    let pl = dir.path().join("locales/pl/qa.ftl");
    edit(&pl, "qa-number =", "# fluentpress-allow: number -- the council's own text says 2012\nqa-number =");
    let out = fluentpress(dir.path(), &["check"]);
    let text = stdout(&out);
    assert!(!text.contains("error[number]"), "{text}");
    assert!(text.ends_with("checked 3 files in fr, pl, en: 2 errors, 8 warnings, 1 allowed\n"), "{text}");
    let report = json(&fluentpress(dir.path(), &["check", "--format", "json"]));
    let allowed: Vec<_> =
        report["diagnostics"].as_array().unwrap().iter().filter(|d| d.get("allowed").is_some()).collect();
    assert_eq!(allowed.len(), 1);
    assert_eq!(allowed[0]["code"], "number");
    assert_eq!(allowed[0]["line"], 2);
    assert_eq!(allowed[0]["allowed"], "the council's own text says 2012");
    assert_eq!((report["errors"].as_u64(), report["allowed"].as_u64()), (Some(2), Some(1)));
}

#[test]
fn an_allow_without_a_reason_of_no_kind_or_for_nothing_is_reported() {
    let dir = scratch("qa");
    let pl = dir.path().join("locales/pl/qa.ftl");
    edit(&pl, "qa-number =", "# fluentpress-allow: number\nqa-number =");
    edit(&pl, "qa-date =", "# fluentpress-allow: dates -- a typo in the kind\nqa-date =");
    edit(&pl, "qa-same-1 =", "# fluentpress-allow: quotes -- nothing here to allow\nqa-same-1 =");
    let found = findings(&fluentpress(dir.path(), &["check", "--format", "json"]));
    let allows: Vec<&String> = found.iter().filter(|f| f.contains(" allow ")).collect();
    assert_eq!(
        allows,
        [
            "error allow locales/pl/qa.ftl:1:3 an allow needs a reason: `# fluentpress-allow: KIND -- REASON`",
            "error allow locales/pl/qa.ftl:3:3 `dates` is not a kind of check that can be allowed: use number, date, quotes, brackets, punctuation, whitespace, repeated-word, untranslated, inconsistent, spelling, term-missing, term-forbidden, term-untranslated",
            "warning allow locales/pl/qa.ftl:11:3 this allow of `quotes` allows nothing: remove it",
        ]
    );
    // A malformed allow allows nothing.
    assert!(found.iter().any(|f| f.starts_with("error number ")));
}

#[test]
fn the_manifest_sets_each_kinds_severity() {
    let dir = scratch("qa");
    let manifest = dir.path().join("fluentpress.toml");
    edit(&manifest, "[check]\n", "[check]\nnumber = \"warning\"\nbrackets = \"off\"\n");
    let found = findings(&fluentpress(dir.path(), &["check", "--format", "json"]));
    assert!(found.contains(
        &"warning number locales/pl/qa.ftl:1:43 `2012` here, where the source has `2021`".to_string()
    ));
    assert!(!found.iter().any(|f| f.contains(" brackets ")), "{found:?}");

    edit(&manifest, "number = \"warning\"", "number = \"loud\"");
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        common::stderr(&out),
        "error[manifest]: `[check] number` must be \"error\", \"warning\" or \"off\"\n  \
         --> fluentpress.toml:10:10\n   |\n10 | number = \"loud\"\n   |          ^^^^^^\n"
    );
}

#[test]
fn a_locale_without_a_dictionary_gets_one_note_saying_where_it_looked() {
    let dir = scratch("qa");
    let manifest = dir.path().join("fluentpress.toml");
    edit(&manifest, ", pl = \"dictionaries/pl\"", "");
    let empty = tempfile::tempdir().unwrap();
    let out = binary()
        .env("DICPATH", empty.path())
        .args(["--project", dir.path().to_str().unwrap(), "check"])
        .output()
        .unwrap();
    let text = stdout(&out);
    let note = format!(
        "note[spelling]: spelling is not checked for pl: no dictionary found\n --> fluentpress.toml\n  = note: looked for {0}/pl_PL.aff, {0}/pl.aff\n  = note: install one (Debian: hunspell-pl), or name it in [locales] dictionaries\n",
        empty.path().display()
    );
    assert_eq!(text.matches("note[spelling]").count(), 1, "{text}");
    assert!(text.contains(&note), "{text}");
    assert!(!text.contains("`szybkoo`"), "{text}");
}

#[test]
#[ignore = "needs Debian's hunspell-fr, hunspell-pl and hunspell-en-gb"]
fn the_resolution_passes_every_check_with_debian_dictionaries() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = binary()
        .env_remove("DICPATH")
        .args(["--project", root.to_str().unwrap(), "check", "--strict"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "checked 3 files in fr, pl, en: 0 errors, 0 warnings, 1 allowed\n");
    assert_eq!(out.status.code(), Some(0));

    let dir = tempfile::tempdir().unwrap();
    common::copy_project(root, dir.path());
    edit(
        &dir.path().join("locales/pl/resolution.ftl"),
        "resolution-title = Cele i priorytety współpracy",
        "resolution-title = Cele i priorytety współprayc",
    );
    let out = binary()
        .env_remove("DICPATH")
        .args(["--project", dir.path().to_str().unwrap(), "check"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("warning[spelling]: `współprayc` is not in the pl dictionary\n"), "{text}");
    assert!(text.contains("  = note: did you mean współpracy, "), "{text}");
}
