//! Sign-off: `approve` and `unapprove`, approvals that lapse when a text
//! changes, `status`, and `build --official`, which prints only what a
//! named person approved and says so in the PDF.

mod common;

use common::{edit, scratch, stderr, stdout};
use std::fs;
use std::path::Path;
use std::process::Output;

/// 2026-12-02T00:00:00Z.
const DAY: &str = "1796169600";

fn run(dir: &Path, args: &[&str]) -> Output {
    common::binary()
        .arg("--project")
        .arg(dir)
        .args(args)
        .env("SOURCE_DATE_EPOCH", DAY)
        .output()
        .expect("the fluentpress binary runs")
}

fn approve_all(dir: &Path, locale: &str, by: &str) {
    let out = run(dir, &["approve", "--locale", locale, "--all", "--by", by]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// The `approved` and `unapproved` counts of `status --format json`, per target.
fn approved_counts(dir: &Path) -> Vec<(String, u64, u64)> {
    let out = run(dir, &["status", "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let locales = status["locales"].as_array().unwrap();
    let count = |l: &serde_json::Value, key: &str| l[key].as_u64().unwrap();
    locales
        .iter()
        .map(|l| (l["locale"].as_str().unwrap().to_string(), count(l, "approved"), count(l, "unapproved")))
        .collect()
}

/// Each `error[unapproved]` headline of a build, in order.
fn unapproved(out: &Output) -> Vec<String> {
    stderr(out).lines().filter_map(|l| l.strip_prefix("error[unapproved]: ")).map(str::to_string).collect()
}

#[test]
fn approving_records_who_and_when_sorted_by_id_and_changes_nothing_else() {
    let dir = scratch("clean");
    let out =
        run(dir.path(), &["approve", "--locale", "pl", "notice-title", "notice-body", "--by", "Anna Nowak"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "approved notice-title\napproved notice-body\n");
    assert_eq!(
        stderr(&out),
        "2 approved by Anna Nowak on 2026-12-02 in pl; 0 already approved as they stand\n"
    );
    let text = fs::read_to_string(dir.path().join("approvals/pl.toml")).unwrap();
    let tables: Vec<&str> = text.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(tables, ["[notice-body]", "[notice-title]"]);
    let file: toml::Table = toml::from_str(&text).unwrap();
    let title = file["notice-title"].as_table().unwrap();
    assert_eq!(title["by"].as_str(), Some("Anna Nowak"));
    assert_eq!(title["date"].to_string(), "2026-12-02");
    let hex = |key: &str| title[key].as_str().unwrap().to_string();
    assert!(
        hex("source").len() == 64 && hex("translation").len() == 64 && hex("source") != hex("translation")
    );
    assert!(!dir.path().join("approvals/en.toml").exists());

    // Approving again what stands approved keeps the first approval.
    let again = run(dir.path(), &["approve", "--locale", "pl", "notice-title", "--by", "Jan Kowalski"]);
    assert_eq!(
        stderr(&again),
        "0 approved by Jan Kowalski on 2026-12-02 in pl; 1 already approved as they stand\n"
    );
    assert_eq!(fs::read_to_string(dir.path().join("approvals/pl.toml")).unwrap(), text);
    assert_eq!(approved_counts(dir.path()), [("pl".into(), 2, 6), ("en".into(), 0, 8)]);
}

#[test]
fn an_approval_lapses_when_the_source_the_translation_or_a_term_it_uses_changes() {
    let dir = scratch("clean");
    approve_all(dir.path(), "pl", "Anna Nowak");
    assert_eq!(approved_counts(dir.path()), [("pl".into(), 8, 0), ("en".into(), 0, 8)]);

    // A comment and the file's layout are not the text approved.
    let pl = dir.path().join("locales/pl/notice.ftl");
    edit(&pl, "notice-points = Punkty", "# Nagłówek listy.\nnotice-points =\n    Punkty");
    assert_eq!(approved_counts(dir.path()), [("pl".into(), 8, 0), ("en".into(), 0, 8)]);

    edit(&dir.path().join("locales/fr/notice.ftl"), "Premier point", "Tout premier point");
    edit(&pl, "Drugi punkt", "Drugi  punkt");
    edit(&pl, "[genitive] Krakowa", "[genitive] Krakowie");
    assert_eq!(approved_counts(dir.path()), [("pl".into(), 5, 3), ("en".into(), 0, 8)]);
    let out = run(dir.path(), &["build", "--official"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        unapproved(&out)[..3],
        [
            "`notice-title` is not approved in pl: the translation changed since Anna Nowak approved it on 2026-12-02",
            "`notice-point-1` is not approved in pl: the source changed since Anna Nowak approved it on 2026-12-02",
            "`notice-point-2` is not approved in pl: the translation changed since Anna Nowak approved it on 2026-12-02",
        ]
    );
    assert!(
        stderr(&out).contains(
            "error[unapproved]: `notice-title` is not approved in pl: the translation changed since Anna Nowak approved it on 2026-12-02\n \
             --> locales/pl/notice.ftl:9:1\n"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn approve_refuses_missing_and_broken_translations_and_records_nothing() {
    let dir = scratch("faults");
    let out = run(
        dir.path(),
        &["approve", "--locale", "pl", "--by", "A", "--", "notice-title", "notice-point-2", "-city", "nope"],
    );
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines,
        [
            "error: nothing approved: 4 message(s) cannot be approved in pl:",
            "  notice-title: `fluentpress check` finds error[empty-value] at locales/pl/notice.ftl:9:1: \
             the value of `notice-title` is empty",
            "  notice-point-2: not translated into pl",
            "  -city: a term is approved with the messages that use it",
            "  nope: the source has no such message",
        ]
    );
    assert!(!dir.path().join("approvals").exists());

    let broken = run(dir.path(), &["approve", "--locale", "pl", "--all", "--by", "A"]);
    assert_eq!(broken.status.code(), Some(1));
    let said = stderr(&broken);
    assert_eq!(said.lines().next(), Some("error: nothing approved: 9 message(s) cannot be approved in pl:"));
    assert!(
        said.contains(
            "\n  notice-point-1: `fluentpress check` finds error[unknown-variable] at locales/pl/notice.ftl:13:36: \
             `notice-point-1` uses the variable `$who`, which the source does not provide; \
             error[duplicate] at locales/pl/notice.ftl:14:1: `notice-point-1` is defined twice\n"
        ),
        "{said}"
    );
    assert!(!dir.path().join("approvals").exists());
}

#[test]
fn approve_needs_a_name() {
    let dir = scratch("clean");
    let out = common::binary()
        .arg("--project")
        .arg(dir.path())
        .args(["approve", "--locale", "pl", "--all"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: say who approves: --by NAME (git's user.name is not set for this project)\n"
    );
    let blank = run(dir.path(), &["approve", "--locale", "pl", "--all", "--by", " "]);
    assert_eq!(
        (blank.status.code(), stderr(&blank)),
        (Some(1), "error: say who approves: --by NAME\n".into())
    );
}

#[test]
fn unapprove_withdraws_and_refuses_what_is_not_approved() {
    let dir = scratch("clean");
    approve_all(dir.path(), "en", "John Smith");
    let refused = run(dir.path(), &["unapprove", "--locale", "en", "notice-title", "nope"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(stderr(&refused), "error: nothing withdrawn: not approved in en: nope\n");
    assert_eq!(approved_counts(dir.path()), [("pl".into(), 0, 8), ("en".into(), 8, 0)]);
    let out = run(dir.path(), &["unapprove", "--locale", "en", "notice-title", "tickets"]);
    assert_eq!((out.status.code(), stderr(&out)), (Some(0), "2 approval(s) withdrawn in en\n".into()));
    assert_eq!(approved_counts(dir.path()), [("pl".into(), 0, 8), ("en".into(), 6, 2)]);
}

#[test]
fn build_official_prints_only_approved_translations_signed_and_removes_the_others() {
    let dir = scratch("clean");
    let first = run(dir.path(), &["build"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(dir.path().join("out/notice.en.pdf").exists());
    approve_all(dir.path(), "pl", "Anna Nowak");

    let out = run(dir.path(), &["build", "--official"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(unapproved(&out).len(), 8);
    assert_eq!(unapproved(&out)[0], "`notice-title` is not approved in en: never approved");
    let said = stderr(&out);
    assert!(
        said.contains("\nskipped notice in en: 8 message(s) not approved: notice-title, notice-date, "),
        "{said}"
    );
    assert!(
        said.contains("\nremoved out/notice.en.pdf: en was skipped: 8 message(s) not approved"),
        "{said}"
    );
    assert!(!dir.path().join("out/notice.en.pdf").exists() && !dir.path().join("out/notice.en.txt").exists());

    let text = fs::read_to_string(dir.path().join("out/notice.pl.txt")).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.starts_with("Zatwierdzenie")).collect::<Vec<_>>(),
        ["Zatwierdzenie tłumaczenia: Anna Nowak, 2 grudnia 2026."]
    );
    // The source is the original: no one approves it.
    let french = fs::read_to_string(dir.path().join("out/notice.fr.txt")).unwrap();
    assert!(!french.contains("approuvée"), "{french}");
    // The metadata keeps who and when (the Info dictionary's strings are plain).
    let pdf = fs::read(dir.path().join("out/notice.pl.pdf")).unwrap();
    let has = |needle: &str| pdf.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(has("pl approved by Anna Nowak on 2026-12-02"));

    // An unofficial build is as before: no colophon.
    let plain = run(dir.path(), &["build"]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert!(!fs::read_to_string(dir.path().join("out/notice.pl.txt")).unwrap().contains("Zatwierdzenie"));
}

#[test]
fn a_malformed_approvals_file_is_an_error_of_check_at_its_place() {
    let dir = scratch("clean");
    fs::create_dir(dir.path().join("approvals")).unwrap();
    fs::write(dir.path().join("approvals/pl.toml"), "[notice-title]\nby = \"A\"\ndate = \"yesterday\"\n")
        .unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[toml]: "), "{}", stdout(&out));
    assert!(stdout(&out).contains("--> approvals/pl.toml:3:8\n"), "{}", stdout(&out));
}

#[test]
fn the_resolution_builds_officially_and_an_unapproved_locale_takes_the_aligned_edition_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_project(root, dir.path());
    common::copy_tree(&root.join("approvals"), &dir.path().join("approvals"));
    let official = run(dir.path(), &["build", "--official"]);
    assert_eq!(official.status.code(), Some(0), "{}", stderr(&official));
    assert!(dir.path().join("out/resolution.aligned.pdf").exists());
    let pl = fs::read_to_string(dir.path().join("out/resolution.pl.txt")).unwrap();
    assert!(
        pl.contains("\nZatwierdzenie tłumaczenia: Claude (fluentpress engineer), 2 grudnia 2026.\n"),
        "{pl}"
    );

    // An English word changed since: English is not printed, nor the aligned edition.
    edit(&dir.path().join("locales/en/resolution.ftl"), "Stimulating tourism", "Promoting tourism");
    let out = run(dir.path(), &["build", "--official"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        unapproved(&out),
        ["`thematic-objective-4` is not approved in en: the translation changed since \
          Claude (fluentpress engineer) approved it on 2026-12-02"]
    );
    let said = stderr(&out);
    for gone in ["out/resolution.en.pdf", "out/resolution.en.txt", "out/resolution.aligned.pdf"] {
        assert!(!dir.path().join(gone).exists(), "{gone}");
        assert!(said.contains(&format!("\nremoved {gone}: ")), "{gone}: {said}");
    }
    assert!(dir.path().join("out/resolution.pl.pdf").exists());
}
