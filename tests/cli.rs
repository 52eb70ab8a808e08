//! The `fluentpress` binary driven as a user drives it, on the fixture
//! projects under `tests/fixtures/` and on the real project at the root.

mod common;

use common::{edit, findings, fixture, fluentpress, scratch, stderr, stdout};
use std::fs;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_resolution_checks_clean() {
    let out = fluentpress(root(), &["check", "--strict"]);
    let text = stdout(&out);
    assert_eq!(text.matches("note[spelling]: spelling is not checked for").count(), 3, "{text}");
    assert!(!text.contains("error[") && !text.contains("warning["), "{text}");
    assert!(
        text.ends_with("checked 3 files in fr, pl, en: 0 errors, 0 warnings, 3 notes, 1 allowed\n"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_resolution_renders_as_text_in_each_locale() {
    for locale in ["fr", "pl", "en"] {
        let out = fluentpress(root(), &["render", "--format", "text", "--locale", locale]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        insta::assert_snapshot!(format!("resolution_{locale}"), stdout(&out));
    }
}

#[test]
fn the_resolution_status() {
    let out = fluentpress(root(), &["status"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&out));
}

/// One planted fault per kind of diagnostic; each is reported exactly once,
/// where it is.
#[test]
fn every_planted_fault_is_reported_at_its_place() {
    let out = fluentpress(&fixture("faults"), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found = findings(&out);
    let expected = [
        "error missing-message locales/fr/notice.ftl:12:1 `notice-point-2` is not translated into pl",
        "error missing-file locales/pl/extra.ftl locales/pl/extra.ftl does not exist: 1 entry is untranslated",
        "error empty-value locales/pl/notice.ftl:9:1 the value of `notice-title` is empty",
        "error function-option locales/pl/notice.ftl:10:33 DATETIME's dateStyle is one of \"full\", \"long\", \"medium\", \"short\"",
        "error missing-variable locales/pl/notice.ftl:11:1 `notice-body` drops the variable `$population` that the source uses",
        "error unresolved-reference locales/pl/notice.ftl:12:26 term `-town` does not exist in pl",
        "error unknown-variable locales/pl/notice.ftl:13:36 `notice-point-1` uses the variable `$who`, which the source does not provide",
        "error duplicate locales/pl/notice.ftl:14:1 `notice-point-1` is defined twice",
        "warning plural-categories locales/pl/notice.ftl:16:7 the plural selector of `tickets` lacks [few], [many]",
        "warning plural-categories locales/pl/notice.ftl:16:7 the plural selector of `tickets` has [two], which pl never selects",
        "error unknown-function locales/pl/notice.ftl:21:47 unknown function `PAGES`: use DATETIME or NUMBER",
        "error missing-attribute locales/pl/notice.ftl:22:1 `login` lacks the attribute `.title` of the source",
        "error unknown-variant locales/pl/notice.ftl:23:39 term `-city` has no variant `locativ` for `case` in pl: use nominative, genitive",
        "warning obsolete-attribute locales/pl/notice.ftl:24:6 `login` has an attribute `.tooltip` that the source does not",
        "warning obsolete locales/pl/notice.ftl:25:1 `obsolete-message` is not in the source locales/fr/notice.ftl",
        "error syntax locales/pl/notice.ftl:26:10 this `{` is never closed: end the placeable with `}`",
        "error missing-locale locales/en there are no translations for en: the folder locales/en does not exist",
        "error layout-missing-translation layouts/notice.toml:28:28 the layout names `notice-point-2`, which is not translated into pl",
    ];
    assert_eq!(found, expected);
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64()), (Some(14), Some(4)));
}

#[test]
fn diagnostics_read_like_rustc() {
    let out = fluentpress(&fixture("faults"), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn strict_fails_on_warnings_too() {
    let dir = scratch("clean");
    fs::write(dir.path().join("locales/en/extra.ftl"), "left-over = An old message\n").unwrap();
    let out = fluentpress(dir.path(), &["check"]);
    assert!(
        stdout(&out).starts_with("warning[obsolete-file]: locales/en/extra.ftl has no source file"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(fluentpress(dir.path(), &["check", "--strict"]).status.code(), Some(1));
}

#[test]
fn plural_selectors_may_use_number_keys_or_a_lone_other() {
    let dir = scratch("clean");
    let en = dir.path().join("locales/en/notice.ftl");
    edit(&en, "[one] { $count } ticket", "[1] one ticket");
    edit(&dir.path().join("locales/pl/notice.ftl"), "[one] { $count } bilet\n", "");
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(
        stdout(&out).lines().next(),
        Some("warning[plural-categories]: the plural selector of `tickets` lacks [one]"),
        "pl lost [one]; en's [1] is its [one]"
    );
    assert!(stdout(&out).ends_with("0 errors, 1 warning\n"), "{}", stdout(&out));
    edit(&en, "[1] one ticket\n       *[other]", "*[other]");
    let out = fluentpress(dir.path(), &["check"]);
    assert!(
        stdout(&out).ends_with("0 errors, 1 warning\n"),
        "a lone *[other] is deliberate: {}",
        stdout(&out)
    );
}

#[test]
fn a_duplicate_in_the_source_is_reported_once_and_compared_once() {
    let dir = scratch("clean");
    for locale in ["fr", "pl", "en"] {
        let path = dir.path().join(format!("locales/{locale}/notice.ftl"));
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("twice = a\n    .one = 1\ntwice = b\n    .two = 2\n");
        fs::write(&path, text).unwrap();
    }
    let out = fluentpress(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}:{}", d["code"].as_str().unwrap(), d["file"].as_str().unwrap(), d["line"]))
        .collect();
    assert_eq!(
        found,
        [
            "duplicate locales/fr/notice.ftl:22",
            "duplicate locales/pl/notice.ftl:25",
            "duplicate locales/en/notice.ftl:17"
        ]
    );
}

#[test]
fn a_malformed_locale_in_the_manifest_is_named_with_its_line() {
    let dir = scratch("clean");
    edit(&dir.path().join("fluentpress.toml"), "\"pl\"", "\"pl_PL\"");
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(
        stderr(&out),
        "error[manifest]: write the locale `pl_PL` in its canonical form `pl-PL`\n \
         --> fluentpress.toml:3:12\n  |\n3 | targets = [\"pl_PL\", \"en\"]\n  |            ^^^^^^^\n"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_layout_naming_an_unknown_message_is_an_error_at_its_line() {
    let dir = scratch("clean");
    edit(&dir.path().join("layouts/notice.toml"), "\"notice-point-2\"", "\"notice-point-3\"");
    let out = fluentpress(dir.path(), &["check"]);
    assert!(
        stdout(&out).starts_with(
            "error[unknown-message]: the layout names `notice-point-3`, which is not a message of the source\n  \
             --> layouts/notice.toml:28:28\n"
        ),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_layout_with_an_unknown_key_is_an_error_at_its_line() {
    let dir = scratch("clean");
    edit(
        &dir.path().join("layouts/notice.toml"),
        "kind = \"paragraph\"",
        "kind = \"paragraph\"\nstyle = \"bold\"",
    );
    let out = fluentpress(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("layouts/notice.toml"), Some(19), Some(1))
    );
    assert!(d["message"].as_str().unwrap().starts_with("unknown field `style`, expected one of"), "{d}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_layout_without_a_date_is_an_error() {
    let dir = scratch("clean");
    edit(&dir.path().join("layouts/notice.toml"), "date = 2020-12-08\n", "");
    edit(&dir.path().join("locales/fr/notice.ftl"), "{ DATETIME($date, dateStyle: \"long\") }", "sans date");
    for locale in ["pl", "en"] {
        edit(
            &dir.path().join(format!("locales/{locale}/notice.ftl")),
            "{ DATETIME($date, dateStyle: \"long\") }",
            "-",
        );
    }
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(
        stdout(&out),
        "error[layout-date]: the layout gives no date: an archival PDF records the document's date\n \
         --> layouts/notice.toml\n  = note: add a date under [variables], such as `date = 2020-12-08`\n  \
         = note: or turn archiving off: `archival = false` under [pdf]\n\n\
         checked 3 files in fr, pl, en: 1 error, 0 warnings\n"
    );
    assert_eq!(out.status.code(), Some(1));
    let layout = dir.path().join("layouts/notice.toml");
    let text = fs::read_to_string(&layout).unwrap();
    fs::write(&layout, format!("[pdf]\narchival = false\n\n{text}")).unwrap();
    let out = fluentpress(dir.path(), &["pdf", "--locale", "pl"]);
    assert_eq!(stdout(&out), "wrote out/notice.pl.pdf\n", "{}", stderr(&out));
}

#[test]
fn a_message_needing_a_variable_the_layout_lacks_is_an_error() {
    let dir = scratch("clean");
    edit(&dir.path().join("layouts/notice.toml"), "population = 804237\n", "");
    let out = fluentpress(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["message"], "`notice-body` uses `$population`, which the layout does not give");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(18), Some(11)));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_file_that_is_not_utf8_is_pointed_at() {
    let dir = scratch("clean");
    let path = dir.path().join("locales/pl/notice.ftl");
    let mut bytes = fs::read(&path).unwrap();
    let at = bytes.windows(5).position(|w| w == b"Drugi").unwrap();
    bytes[at + 1] = 0xff;
    fs::write(&path, bytes).unwrap();
    let out = fluentpress(dir.path(), &["check"]);
    assert!(
        stderr(&out)
            .starts_with("error[encoding]: the file is not valid UTF-8\n  --> locales/pl/notice.ftl:14:19\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn usage_and_io_errors_exit_2() {
    let empty = tempfile::tempdir().unwrap();
    let out = fluentpress(empty.path(), &["check"]);
    assert_eq!(
        stderr(&out),
        format!("error: no fluentpress.toml in {} or any directory above it\n", empty.path().display())
    );
    assert_eq!(out.status.code(), Some(2));

    let out = fluentpress(&fixture("clean"), &["render", "--format", "text", "--locale", "de"]);
    assert_eq!(stderr(&out), "error: unknown locale `de`: the project's locales are fr, pl, en\n");
    assert_eq!(out.status.code(), Some(2));

    // A missing layout is the manifest's fault, at its line (see
    // a_layout_that_does_not_exist_is_pointed_at_in_the_manifest); an
    // unreadable file is an I/O error.
    let dir = scratch("clean");
    fs::remove_file(dir.path().join("layouts/notice.toml")).unwrap();
    fs::create_dir(dir.path().join("layouts/notice.toml")).unwrap();
    let out = fluentpress(dir.path(), &["check"]);
    assert!(
        stderr(&out).starts_with(&format!("error: {}: ", dir.path().join("layouts/notice.toml").display())),
        "{}",
        stderr(&out)
    );
    assert_eq!(out.status.code(), Some(2));

    let out = fluentpress(&fixture("clean"), &["check", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_project_is_found_from_a_folder_inside_it() {
    let out = common::binary()
        .args(["render", "--format", "text", "--locale", "en"])
        .current_dir(fixture("clean").join("locales/pl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Notice of the City of Kraków\n\n8 December 2020\n"));
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["check", "status", "render", "pdf", "build", "approve", "unapprove"] {
        let out = fluentpress(&fixture("clean"), &[command, "--help"]);
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).contains("\nExample:\n  fluentpress "), "{command}: {}", stdout(&out));
    }
}

#[test]
fn numbers_and_dates_follow_each_locale() {
    let render =
        |locale| stdout(&fluentpress(&fixture("clean"), &["render", "--format", "text", "--locale", locale]));
    assert_eq!(
        render("fr"),
        "Avis de la ville de Cracovie\n\n8 décembre 2020\n\nLa ville compte 804\u{202f}237 habitants.\n\n1. Points\n\n\
         1. Premier point\n2. Second point\n3. 3 billets\n"
    );
    assert_eq!(
        render("pl"),
        "Ogłoszenie Miasta Krakowa\n\n8 grudnia 2020\n\nMiasto liczy 804\u{a0}237 mieszkańców.\n\n1. Punkty\n\n\
         1. Pierwszy punkt\n2. Drugi punkt\n3. 3 bilety\n"
    );
    assert!(render("en").contains("8 December 2020\n\nThe city has 804,237 inhabitants."));
}

#[test]
fn build_writes_every_locale_of_a_clean_project() {
    let dir = scratch("clean");
    let out = fluentpress(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "wrote out/notice.fr.txt\nwrote out/notice.pl.txt\nwrote out/notice.en.txt\n\
         wrote out/notice.fr.pdf\nwrote out/notice.pl.pdf\nwrote out/notice.en.pdf\n"
    );
    for locale in ["fr", "pl", "en"] {
        let rendered = fluentpress(dir.path(), &["render", "--format", "text", "--locale", locale]);
        assert_eq!(fs::read(dir.path().join(format!("out/notice.{locale}.txt"))).unwrap(), rendered.stdout);
    }
}

#[test]
fn build_skips_broken_locales_and_writes_the_rest() {
    let dir = scratch("faults");
    let out = fluentpress(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "wrote out/notice.fr.txt\nwrote out/notice.fr.pdf\n\
         wrote out/xliff/notice.fr-pl.xlf\nwrote out/xliff/notice.fr-en.xlf\n"
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "skipped notice in pl: 13 errors; missing: notice-point-2\nskipped notice in en: 1 error\n"
        ),
        "{err}"
    );
    assert!(err.ends_with("build: 4 files written, 14 errors, 4 warnings\n"), "{err}");
    let mut names: Vec<_> =
        fs::read_dir(dir.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, [".cache", ".gitignore", ".lock", "notice.fr.pdf", "notice.fr.txt", "xliff"]);
    // An empty translation is not a pair the memory can keep: nothing is learnt again.
    let again = fluentpress(dir.path(), &["build"]);
    assert!(!stderr(&again).contains("learnt"), "{}", stderr(&again));
}

#[test]
fn render_refuses_a_locale_with_errors() {
    let out = fluentpress(&fixture("faults"), &["render", "--format", "text", "--locale", "pl"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).ends_with("error: cannot render notice in pl: 13 errors; missing: notice-point-2\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn status_counts_translated_missing_and_broken() {
    let out = fluentpress(&fixture("faults"), &["status", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let status: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        status,
        serde_json::json!({
            "source": "fr", "messages": 11, "words": 26,
            "locales": [
                {"locale": "pl", "translated": 9, "missing": 2, "with_errors": 7, "stale": 0, "obsolete": 1, "missing_words": 6, "qa_errors": 0, "qa_warnings": 0, "approved": 0, "unapproved": 10, "stale_sources": []},
                {"locale": "en", "translated": 0, "missing": 11, "with_errors": 0, "stale": 0, "obsolete": 0, "missing_words": 26, "qa_errors": 0, "qa_warnings": 0, "approved": 0, "unapproved": 10, "stale_sources": []},
            ]
        })
    );
}

/// The files under `out/` (not its hidden folders), sorted.
fn outputs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n != "xliff")
        .collect();
    names.sort();
    names
}

#[test]
fn a_locale_that_breaks_leaves_no_earlier_edition_in_the_output_folder() {
    let dir = scratch("aligned");
    assert_eq!(fluentpress(dir.path(), &["build"]).status.code(), Some(0));
    let all = ["report.aligned.pdf", "report.en.pdf", "report.en.txt", "report.fr.pdf", "report.fr.txt"];
    let mut before: Vec<&str> = all.to_vec();
    before.extend(["report.pl.pdf", "report.pl.txt"]);
    before.sort();
    assert_eq!(outputs(dir.path()), before);

    fs::write(
        dir.path().join("locales/pl/report.ftl"),
        fs::read_to_string(dir.path().join("locales/pl/report.ftl")).unwrap() + "broken = { $x\n",
    )
    .unwrap();
    let out = fluentpress(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let report = stderr(&out);
    for removed in [
        "removed out/report.pl.txt: pl was skipped: 1 error\n",
        "removed out/report.pl.pdf: pl was skipped: 1 error\n",
        "removed out/report.aligned.pdf: it could not be made again (see the errors above)\n",
    ] {
        assert!(report.contains(removed), "{report}");
    }
    assert_eq!(outputs(dir.path()), ["report.en.pdf", "report.en.txt", "report.fr.pdf", "report.fr.txt"]);

    // `pdf` and `render -o` do the same with the file they would write.
    fs::write(dir.path().join("out/report.pl.pdf"), "last week's").unwrap();
    let out = fluentpress(dir.path(), &["pdf", "--locale", "pl"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).ends_with("removed out/report.pl.pdf: pl was skipped: 1 error\n"),
        "{}",
        stderr(&out)
    );
    let elsewhere = dir.path().join("print.txt");
    fs::write(&elsewhere, "last week's").unwrap();
    let out = fluentpress(
        dir.path(),
        &["render", "--format", "text", "--locale", "pl", "-o", elsewhere.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!elsewhere.exists());
}

#[cfg(unix)]
#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    // 3,000 messages missing in Polish: far more report than a pipe holds.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("fluentpress.toml"), "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n")
        .unwrap();
    fs::create_dir_all(dir.path().join("locales/fr")).unwrap();
    fs::create_dir_all(dir.path().join("locales/pl")).unwrap();
    let messages: String = (0..3000).map(|n| format!("message-{n} = Texte {n}\n")).collect();
    fs::write(dir.path().join("locales/fr/main.ftl"), messages).unwrap();
    fs::write(dir.path().join("locales/pl/main.ftl"), "").unwrap();
    for format in [&["check"][..], &["check", "--format", "json"]] {
        let mut child = common::binary()
            .arg("--project")
            .arg(dir.path())
            .args(format)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 1];
        child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(stderr(&out), "", "{format:?}");
        assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{format:?}: {:?}", out.status);
    }
}

#[test]
fn a_reference_cycle_fails_check_and_no_diagnostic_lacks_its_place() {
    let dir = scratch("clean");
    let pl = dir.path().join("locales/pl/notice.ftl");
    let text = fs::read_to_string(&pl).unwrap();
    fs::write(
        &pl,
        text.replace("notice-points = Punkty", "notice-points = { cyc-b }\ncyc-b = { notice-points }"),
    )
    .unwrap();
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    assert!(
        report.contains(
            "error[cyclic-reference]: `notice-points` refers to itself: `notice-points` → `cyc-b` → `notice-points`\n"
        ),
        "{report}"
    );
    let build = fluentpress(dir.path(), &["build"]);
    let report = stderr(&build);
    assert!(report.contains("skipped notice in pl: "), "{report}");
    assert!(!report.contains(" --> \n") && !report.contains("Cyclical"), "{report}");
}

#[test]
fn placeables_nested_too_deep_are_an_error_at_the_brace_not_a_crash() {
    let dir = scratch("clean");
    let pl = dir.path().join("locales/pl/notice.ftl");
    let depth = 15_000;
    let deep = format!("deep = {}$x{}\n", "{".repeat(depth), "}".repeat(depth));
    fs::write(&pl, fs::read_to_string(&pl).unwrap() + &deep).unwrap();
    let line = fs::read_to_string(&pl).unwrap().lines().count();
    for args in [&["check"][..], &["build"]] {
        let out = fluentpress(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
    }
    let report = stdout(&fluentpress(dir.path(), &["check"]));
    assert!(
        report.contains(&format!(
            "error[syntax]: placeables are nested more than 100 deep: Fluent's parsers cannot read this entry\n  --> locales/pl/notice.ftl:{line}:108\n"
        )),
        "{}",
        &report[..report.len().min(2000)]
    );
}

/// A damaged file the fuzzer found, deep nesting beside unclosed strings
/// and braces: it once overflowed a parsing thread's stack. (Kept as
/// `.txt`: Python's reference parser, which reads every fixture `.ftl`,
/// exceeds its recursion limit on it.)
#[test]
fn a_damaged_file_with_deep_placeables_is_errors_not_a_crash() {
    let dir = scratch("clean");
    let found = fixture("fuzz").join("deep-placeables-in-a-damaged-file.txt");
    fs::copy(found, dir.path().join("locales/pl/notice.ftl")).unwrap();
    for args in [&["check"][..], &["build"]] {
        let out = fluentpress(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("overflow"), "{}", stderr(&out));
    }
}

#[test]
fn an_error_in_a_very_long_line_quotes_only_the_part_around_it() {
    let dir = scratch("clean");
    let pl = dir.path().join("locales/pl/notice.ftl");
    let long = format!("long = {} {{ $x ", "słowo ".repeat(200_000));
    fs::write(&pl, fs::read_to_string(&pl).unwrap() + &long + "\n").unwrap();
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    assert!(report.len() < 20_000, "{} bytes of report", report.len());
    let quoted = report.lines().find(|l| l.contains("$x") && l.contains(" | ")).expect("the line quoted");
    assert!(quoted.contains(" | …") && quoted.ends_with("słowo  { $x "), "{quoted}");
    assert!(quoted.chars().count() < 200, "{quoted}");
}

#[test]
fn a_date_written_as_text_is_pointed_at_with_the_fix() {
    let dir = scratch("clean");
    edit(&dir.path().join("layouts/notice.toml"), "date = 2020-12-08", "date = \"2020-12-08\"");
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = stderr(&out) + &stdout(&out);
    assert!(
        report.contains(
            "`date` is the text \"2020-12-08\", not a date: write it without quotes, `date = 2020-12-08`"
        ),
        "{report}"
    );
    let line = fs::read_to_string(dir.path().join("layouts/notice.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("date ="))
        .unwrap()
        + 1;
    assert!(report.contains(&format!("--> layouts/notice.toml:{line}:8\n")), "{report}");
}

#[test]
fn a_layout_that_does_not_exist_is_pointed_at_in_the_manifest() {
    let dir = scratch("clean");
    fs::remove_file(dir.path().join("layouts/notice.toml")).unwrap();
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let manifest = fs::read_to_string(dir.path().join("fluentpress.toml")).unwrap();
    let line = manifest.lines().position(|l| l.starts_with("layout")).unwrap() + 1;
    let column = manifest.lines().nth(line - 1).unwrap().find('"').unwrap() + 1;
    let report = stderr(&out);
    assert!(
        report.starts_with(&format!(
            "error[manifest]: the layout layouts/notice.toml does not exist\n --> fluentpress.toml:{line}:{column}\n"
        )),
        "{report}"
    );
    assert!(report.contains("= note: create it, or name the layout file the document has"), "{report}");
    assert!(!report.contains(&dir.path().display().to_string()), "no absolute path: {report}");
}

/// `check`'s report on the clean fixture with its Polish changed by `edits`.
fn check_with_polish(edits: &[(&str, &str)]) -> String {
    let dir = scratch("clean");
    for (from, to) in edits {
        edit(&dir.path().join("locales/pl/notice.ftl"), from, to);
    }
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    stdout(&out)
}

#[test]
fn newcomers_mistakes_are_named_at_their_place_once() {
    assert_eq!(
        check_with_polish(&[("notice-points = Punkty", "notice-points = Punkty { $x")]),
        "error[syntax]: this `{` is never closed: end the placeable with `}`\n  \
         --> locales/pl/notice.ftl:12:24\n   |\n12 | notice-points = Punkty { $x\n   |                        ^\n   \
         = note: the entry is skipped: notice-points = Punkty { $x\n\n\
         checked 3 files in fr, pl, en: 1 error, 0 warnings\n"
    );
    assert_eq!(
        check_with_polish(&[("        [few] { $count } bilety", "\t[few] { $count } bilety")]),
        "error[syntax]: Fluent does not accept tabs for indentation: indent with spaces\n  \
         --> locales/pl/notice.ftl:18:1\n   |\n18 | \t[few] { $count } bilety\n   | ^\n   \
         = note: the entry is skipped: tickets =\n\n\
         checked 3 files in fr, pl, en: 1 error, 0 warnings\n"
    );
    let report = check_with_polish(&[(
        "notice-point-1 = Pierwszy punkt",
        "notice-point-1 = Pierwszy punkt\n    .title =",
    )]);
    assert!(
        report.starts_with(
            "error[syntax]: the attribute `.title` has no value: give it one, or remove the line\n  \
             --> locales/pl/notice.ftl:14:5\n"
        ),
        "{report}"
    );
}

#[test]
fn a_message_with_a_broken_attribute_is_skipped_whole_as_the_reference_parser_skips_it() {
    let dir = scratch("clean");
    edit(
        &dir.path().join("locales/fr/notice.ftl"),
        "notice-point-2 = Second point\n",
        "notice-point-2 = Second point\n    .title = T\n    .access key = s\nsee-point = { notice-point-2 }\n",
    );
    // Its uses are not reported as references to nothing.
    for locale in ["pl", "en"] {
        let file = dir.path().join(format!("locales/{locale}/notice.ftl"));
        fs::write(&file, fs::read_to_string(&file).unwrap() + "see-point = { notice-point-2 }\n").unwrap();
    }
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "error[syntax]: Expected token: \"=\"\n  \
         --> locales/fr/notice.ftl:14:13\n   |\n14 |     .access key = s\n   |             ^\n   \
         = note: the entry is skipped: notice-point-2 = Second point\n\n\
         checked 3 files in fr, pl, en: 1 error, 0 warnings\n"
    );
}

#[test]
fn one_locales_pdf_is_stopped_by_its_own_translation_errors_only() {
    let dir = scratch("clean");
    for (locale, text) in
        [("fr", "Premier point de 2020"), ("pl", "Pierwszy punkt z 2020 r."), ("en", "First point of 2021")]
    {
        let file = dir.path().join(format!("locales/{locale}/notice.ftl"));
        let old = fs::read_to_string(&file).unwrap();
        let line = old.lines().find(|l| l.starts_with("notice-point-1 = ")).unwrap().to_string();
        fs::write(&file, old.replace(&line, &format!("notice-point-1 = {text}"))).unwrap();
    }
    let pl = fluentpress(dir.path(), &["pdf", "--locale", "pl"]);
    assert_eq!(pl.status.code(), Some(0), "{}", stderr(&pl));
    assert!(dir.path().join("out/notice.pl.pdf").exists());
    let en = fluentpress(dir.path(), &["pdf", "--locale", "en"]);
    assert_eq!(en.status.code(), Some(1));
    assert!(
        stderr(&en).starts_with(
            "error[number]: `2021` here, where the source has `2020`\n --> locales/en/notice.ftl:7:33\n"
        ),
        "{}",
        stderr(&en)
    );
    assert!(!dir.path().join("out/notice.en.pdf").exists());
}

#[test]
fn a_file_with_lone_carriage_returns_is_an_error_at_the_first() {
    let dir = scratch("clean");
    let pl = dir.path().join("locales/pl/notice.ftl");
    fs::write(
        &pl,
        fs::read_to_string(&pl).unwrap().replace("notice-points = Punkty\n", "notice-points = Punkty\r"),
    )
    .unwrap();
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    assert!(
        report.contains(
            "error[syntax]: a lone carriage return (CR) ends no line in Fluent: the lines around it read as one\n  \
             --> locales/pl/notice.ftl:12:23\n"
        ),
        "{report}"
    );
    assert!(report.contains("= note: save the file with LF (or CRLF) line ends\n"), "{report}");
}

#[test]
fn invisible_characters_are_typeset_as_nothing_and_warned_about() {
    let dir = scratch("clean");
    edit(
        &dir.path().join("locales/pl/notice.ftl"),
        "notice-points = Punkty",
        "notice-points = \u{feff}Punk\u{2060}ty",
    );
    let out = fluentpress(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0));
    let report = stdout(&out);
    for (column, code) in [(17, "FEFF"), (22, "2060")] {
        assert!(
            report.contains(&format!(
                "warning[invisible]: an invisible character, U+{code}, stands here: it prints as nothing\n  \
                 --> locales/pl/notice.ftl:12:{column}\n"
            )),
            "{report}"
        );
    }
    let build = fluentpress(dir.path(), &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(dir.path().join("out/notice.pl.pdf").exists());
    assert!(fs::read_to_string(dir.path().join("out/notice.pl.txt")).unwrap().contains("Punk\u{2060}ty"));
}
