//! The translation memory as a user meets it through the binary: `build`
//! learning the translations, stale translations after a source change,
//! `tm import|export|lookup|learn|confirm` and the leverage analysis.

mod common;

use common::{corpus, edit, scratch, stderr, stdout};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// 2020-12-08T12:00:00Z, then a day later: the clock the memory sees.
const DAY_ONE: &str = "1607428800";
const DAY_TWO: &str = "1607515200";

fn run_at(epoch: &str, dir: &Path, args: &[&str]) -> Output {
    common::binary()
        .env("SOURCE_DATE_EPOCH", epoch)
        .arg("--project")
        .arg(dir)
        .args(args)
        .output()
        .expect("the fluentpress binary runs")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_at(DAY_ONE, dir, args)
}

fn memory(dir: &Path) -> String {
    fs::read_to_string(dir.join("tm/project.tmx")).unwrap()
}

/// The memory's pairs for one language as `id: source => target`.
fn pairs(dir: &Path, lang: &str) -> Vec<String> {
    let bytes = fs::read(dir.join("tm/project.tmx")).unwrap();
    let read = fluentpress::tm::tmx::read(&bytes, "fr", &[lang]).unwrap();
    read.units
        .iter()
        .map(|u| {
            let id = u.fluent_id.as_deref().unwrap_or("?");
            format!("{id}: {} => {}", u.source.plain_text(), u.target.plain_text())
        })
        .collect()
}

#[test]
fn build_learns_every_translation_once() {
    let dir = scratch("clean");
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("the memory learnt 21 pair(s) into tm/project.tmx\n"), "{}", stderr(&out));
    assert_eq!(
        pairs(dir.path(), "pl"),
        [
            "notice-body: La ville compte { NUMBER($population) } habitants. => Miasto liczy { NUMBER($population) } mieszkańców.",
            "notice-date: { DATETIME($date, dateStyle: \"long\") } => { DATETIME($date, dateStyle: \"long\") }",
            "notice-point-1: Premier point => Pierwszy punkt",
            "notice-point-2: Second point => Drugi punkt",
            "notice-points: Points => Punkty",
            "notice-title: Avis de la ville de { -city } => Ogłoszenie Miasta { -city(case: \"genitive\") }",
            "page-footer: Page { $page } sur { $pages } => Strona { $page } z { $pages }",
            "tickets[few]: { $count } billets => { $count } bilety",
            "tickets[many]: { $count } billets => { $count } biletów",
            "tickets[one]: { $count } billet => { $count } bilet",
            "tickets[other]: { $count } billets => { $count } biletu",
        ]
    );
    let tmx = memory(dir.path());
    assert!(tmx.contains(
        "    <tu creationdate=\"20201208T120000Z\" creationid=\"fluentpress\" changedate=\"20201208T120000Z\" changeid=\"fluentpress\">\n      \
         <prop type=\"x-fluent-id\">notice-point-1</prop>\n      \
         <prop type=\"x-fluent-file\">notice.ftl</prop>\n      \
         <tuv xml:lang=\"fr\"><seg>Premier point</seg></tuv>\n      \
         <tuv xml:lang=\"pl\"><seg>Pierwszy punkt</seg></tuv>\n    </tu>\n"
    ));
    // Nothing new the next day: the memory is not rewritten.
    let again = run_at(DAY_TWO, dir.path(), &["build"]);
    assert!(!stderr(&again).contains("learnt"), "{}", stderr(&again));
    assert_eq!(memory(dir.path()), tmx);
}

#[test]
fn a_changed_source_makes_its_translations_stale_until_confirmed() {
    let dir = scratch("clean");
    run(dir.path(), &["tm", "learn"]);
    let fr = dir.path().join("locales/fr/notice.ftl");
    edit(&fr, "notice-point-1 = Premier point", "notice-point-1 = Premier point important");

    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "warning[stale]: the source of `notice-point-1` changed since it was translated into pl: review it, \
         then `fluentpress tm confirm --locale pl notice-point-1` if it is still right\n  \
         --> locales/pl/notice.ftl:13:1\n   |\n\
         13 | notice-point-1 = Pierwszy punkt\n   | ^^^^^^^^^^^^^^\n   = note: it translated: Premier point\n   \
         = note: what changed: Premier point{+ important+}\n\n\
         warning[stale]: the source of `notice-point-1` changed since it was translated into en: review it, \
         then `fluentpress tm confirm --locale en notice-point-1` if it is still right\n \
         --> locales/en/notice.ftl:7:1\n  |\n\
         7 | notice-point-1 = First point\n  | ^^^^^^^^^^^^^^\n  = note: it translated: Premier point\n  \
         = note: what changed: Premier point{+ important+}\n\n\
         checked 3 files in fr, pl, en: 0 errors, 2 warnings\n"
    );
    assert_eq!(run(dir.path(), &["check", "--strict"]).status.code(), Some(1));
    let status: serde_json::Value =
        serde_json::from_str(&stdout(&run(dir.path(), &["status", "--format", "json"]))).unwrap();
    assert_eq!(status["locales"][0]["stale"], 1);
    let changes = serde_json::json!([
        {"kind": "same", "text": "Premier point"},
        {"kind": "inserted", "text": " important"},
    ]);
    assert_eq!(
        status["locales"][0]["stale_sources"],
        serde_json::json!([{"id": "notice-point-1", "at": "locales/pl/notice.ftl:13:1", "changes": changes}])
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(dir.path(), &["check", "--format", "json"]))).unwrap();
    assert_eq!(json["diagnostics"][0]["changes"], changes);

    // The old pair is offered as a fuzzy match.
    let lookup =
        run(dir.path(), &["tm", "lookup", "--target", "pl", "--min", "60", "Premier point important"]);
    assert_eq!(
        stdout(&lookup),
        "66%  (tm/project.tmx, notice-point-1)\n  fr: Premier point\n  pl: Pierwszy punkt\n  \
         differs: Premier point{+ important+}\n"
    );
    let found: serde_json::Value = serde_json::from_str(&stdout(&run(
        dir.path(),
        &["tm", "lookup", "--target", "pl", "--min", "60", "--format", "json", "Premier point important"],
    )))
    .unwrap();
    assert_eq!(found[0]["changes"], changes);

    // Building does not record the stale translation against the new source.
    let build = run_at(DAY_TWO, dir.path(), &["build"]);
    assert!(!stderr(&build).contains("learnt"), "{}", stderr(&build));
    assert!(!pairs(dir.path(), "pl").iter().any(|p| p.contains("important")));
    let xliff = fs::read_to_string(dir.path().join("out/xliff/notice.fr-pl.xlf")).unwrap();
    assert!(xliff.contains("<target state=\"needs-review-translation\">Pierwszy punkt</target>"), "{xliff}");
    assert!(xliff.contains(
        "<note from=\"stale\">The source changed since this translation; it translated: Premier point; \
         what changed: Premier point{+ important+}</note>"
    ));
    assert!(xliff.contains("<alt-trans match-quality=\"66\" origin=\"tm/project.tmx\">"));

    let confirm = run_at(DAY_TWO, dir.path(), &["tm", "confirm", "--locale", "pl", "notice-point-1"]);
    assert_eq!(stdout(&confirm), "tm/project.tmx: confirmed 1 translation(s) in pl\n");
    assert!(
        pairs(dir.path(), "pl").contains(&"notice-point-1: Premier point important => Pierwszy punkt".into())
    );
    let out = run(dir.path(), &["check"]);
    assert!(!stdout(&out).contains("into pl"), "{}", stdout(&out));
    assert!(stdout(&out).ends_with("0 errors, 1 warning\n"));

    let unknown = run(dir.path(), &["tm", "confirm", "--locale", "pl", "notice-point-9"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(stderr(&unknown), "error: no translation in pl has the ID notice-point-9\n");
}

/// A translated message changed by hand is learnt, not stale.
#[test]
fn an_edited_translation_is_learnt_not_stale() {
    let dir = scratch("clean");
    run(dir.path(), &["tm", "learn"]);
    edit(&dir.path().join("locales/pl/notice.ftl"), "Drugi punkt", "Punkt drugi");
    let out = run(dir.path(), &["check"]);
    assert_eq!(stdout(&out), "checked 3 files in fr, pl, en: 0 errors, 0 warnings\n");
    let learn = run(dir.path(), &["tm", "learn"]);
    assert_eq!(stdout(&learn), "tm/project.tmx: learnt 1 pair(s)\n");
    let pl = pairs(dir.path(), "pl");
    assert!(pl.contains(&"notice-point-2: Second point => Drugi punkt".to_string()));
    assert!(pl.contains(&"notice-point-2: Second point => Punkt drugi".to_string()));
}

const SMALL_TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="x" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="FR-FR" o-tmf="x"/>
  <body>
    <tu>
      <tuv xml:lang="FR-FR"><seg>Avis important de la ville</seg></tuv>
      <tuv xml:lang="PL-01"><seg>Ważne ogłoszenie miasta</seg></tuv>
      <tuv xml:lang="EN-GB"><seg>Important notice of the city</seg></tuv>
      <tuv xml:lang="DE-DE"><seg>Wichtige Mitteilung der Stadt</seg></tuv>
    </tu>
    <tu changedate="20190101T000000Z" changeid="dgt">
      <tuv xml:lang="fr"><seg>Second point</seg></tuv>
      <tuv xml:lang="pl"><seg>Punkt drugi</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="de"><seg>Nur Deutsch</seg></tuv>
    </tu>
  </body>
</tmx>
"#;

#[test]
fn importing_a_tmx_keeps_every_pair_of_the_project_languages() {
    let dir = scratch("clean");
    let file = dir.path().join("agency.tmx");
    // UTF-16LE with a byte-order mark, as DGT-TM ships.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(SMALL_TMX.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(&file, utf16).unwrap();
    let out = run(dir.path(), &["tm", "import", file.to_str().unwrap(), "--creator", "Agencja"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "tm/project.tmx: 3 pair(s) from 3 unit(s): 3 added, 0 updated, 0 already known; 1 skipped\n"
    );
    assert_eq!(
        stderr(&out),
        format!("{}:15: skipped: unit without the source language (it has de)\n", file.display())
    );
    assert_eq!(
        pairs(dir.path(), "pl"),
        ["?: Avis important de la ville => Ważne ogłoszenie miasta", "?: Second point => Punkt drugi"]
    );
    let tmx = memory(dir.path());
    assert!(
        tmx.contains("<tu creationid=\"Agencja\" changedate=\"20190101T000000Z\" changeid=\"dgt\">"),
        "{tmx}"
    );

    // The same file again changes nothing.
    let again = run(dir.path(), &["tm", "import", file.to_str().unwrap()]);
    assert!(stdout(&again).contains(": 0 added, 0 updated, 3 already known;"), "{}", stdout(&again));
    assert_eq!(memory(dir.path()), tmx);

    let lookup = run(
        dir.path(),
        &["tm", "lookup", "--target", "pl", "--min", "40", "--format", "json", "Avis important"],
    );
    let found: serde_json::Value = serde_json::from_str(&stdout(&lookup)).unwrap();
    assert_eq!(found[0]["score"], 40);
    assert_eq!(found[0]["target"], "Ważne ogłoszenie miasta");
}

#[test]
fn a_bad_tmx_is_refused_and_the_memory_stays_as_it_was() {
    let dir = scratch("clean");
    run(dir.path(), &["tm", "learn"]);
    let before = memory(dir.path());
    let broken = dir.path().join("broken.tmx");
    fs::write(&broken, SMALL_TMX.replace("</seg></tuv>\n      <tuv xml:lang=\"PL-01\">", "</tuv>")).unwrap();
    let out = run(dir.path(), &["tm", "import", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}:6:60: ill-formed document: expected `</seg>`, but `</tuv>` was found\n",
            broken.display()
        )
    );
    assert_eq!(memory(dir.path()), before);

    let german = dir.path().join("german.tmx");
    fs::write(&german, SMALL_TMX.replace("FR-FR", "IT").replace("lang=\"fr\"", "lang=\"it\"")).unwrap();
    let out = run(dir.path(), &["tm", "import", german.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with(&format!("error: {}: no unit pairs `fr` with", german.display())));
    assert_eq!(memory(dir.path()), before);

    let entity = dir.path().join("entity.tmx");
    fs::write(&entity, SMALL_TMX.replace("<tmx", "<!DOCTYPE tmx [<!ENTITY a \"aaaa\">]>\n<tmx")).unwrap();
    let out = run(dir.path(), &["tm", "import", entity.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("entity declarations are not allowed"), "{}", stderr(&out));

    let missing = run(dir.path(), &["tm", "import", "nowhere.tmx"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(stderr(&missing), "error: nowhere.tmx: No such file or directory (os error 2)\n");
    assert_eq!(memory(dir.path()), before);

    // A project memory that is not TMX is an error of `check`, at its place.
    fs::write(dir.path().join("tm/project.tmx"), "<tmx version=\"1.4\"><body><tu></body></tmx>").unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with(
            "error[tmx]: ill-formed document: expected `</tu>`, but `</body>` was found\n --> tm/project.tmx:1:30\n"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn export_writes_the_memory_as_tmx() {
    let dir = scratch("clean");
    run(dir.path(), &["tm", "learn"]);
    let out = run(dir.path(), &["tm", "export", "-o", "-", "--target", "en"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n")
    );
    assert_eq!(text.matches("<tu ").count(), 10);
    assert!(!text.contains("xml:lang=\"pl\""));
    let file = dir.path().join("export/all.tmx");
    let out = run(dir.path(), &["tm", "export", "-o", file.to_str().unwrap()]);
    assert_eq!(stderr(&out), format!("wrote 21 pair(s) to {}\n", file.display()));
    assert_eq!(fs::read_to_string(&file).unwrap(), memory(dir.path()));
    let unknown = run(dir.path(), &["tm", "export", "-o", "-", "--target", "fr"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(stderr(&unknown), "error: `fr` is not a target locale: the project translates into pl, en\n");
}

#[test]
#[ignore = "needs xmllint"]
fn the_exported_memory_is_valid_against_the_tmx_dtd() {
    let dir = scratch("clean");
    run(dir.path(), &["tm", "learn"]);
    let dtd = corpus("schemas/tmx-1.4b");
    let dtd = fs::read_dir(&dtd)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "dtd"));
    let dtd: PathBuf = dtd.expect("the TMX 1.4b DTD");
    let out = Command::new("xmllint")
        .args(["--noout", "--dtdvalid"])
        .arg(&dtd)
        .arg(dir.path().join("tm/project.tmx"))
        .output()
        .expect("xmllint runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_leverage_analysis_bands_the_words_to_translate() {
    let dir = scratch("clean");
    // A memory with fuzzy matches for the Polish, then Polish messages removed.
    let tmx = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="fr" o-tmf="x"/><body>
<tu><prop type="x-fluent-id">notice-point-1</prop><tuv xml:lang="fr"><seg>Premier point</seg></tuv><tuv xml:lang="pl"><seg>Pierwszy punkt</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>Second point</seg></tuv><tuv xml:lang="pl"><seg>Drugi punkt</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>La ville compte 12 habitants.</seg></tuv><tuv xml:lang="pl"><seg>Miasto liczy 12 mieszkańców.</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>Avis de la commune de Nowa Huta</seg></tuv><tuv xml:lang="pl"><seg>Ogłoszenie gminy Nowa Huta</seg></tuv></tu>
</body></tmx>
"#;
    fs::create_dir_all(dir.path().join("tm")).unwrap();
    fs::write(dir.path().join("tm/reference.tmx"), tmx).unwrap();
    let pl = dir.path().join("locales/pl/notice.ftl");
    for message in
        ["notice-point-1 = Pierwszy punkt\n", "notice-point-2 = Drugi punkt\n", "notice-points = Punkty\n"]
    {
        edit(&pl, message, "");
    }
    edit(&pl, "notice-title = Ogłoszenie Miasta { -city(case: \"genitive\") }\n", "");
    edit(&pl, "notice-body = Miasto liczy { NUMBER($population) } mieszkańców.\n", "");
    // `notice-points` has the same text as `notice-point-2`: both match 100%.
    let fr = dir.path().join("locales/fr/notice.ftl");
    edit(&fr, "notice-points = Points", "notice-points = Second point");
    // And a new message repeats the title, which has no 100% match.
    edit(&fr, "page-footer =", "notice-again = Avis de la ville de { -city }\npage-footer =");
    let out = run(dir.path(), &["status", "--analysis", "--target", "pl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "leverage fr → pl (missing and stale translations)\n\
         band           segments   words\n\
         context match         1       2\n\
         100%                  2       4\n\
         95-99%                0       0\n\
         85-94%                0       0\n\
         75-84%                1       4\n\
         50-74%                1       5\n\
         no match              0       0\n\
         repetitions           1       5\n\
         total                 6      20\n"
    );
    let csv = run(dir.path(), &["status", "--analysis", "--format", "csv"]);
    assert!(
        stdout(&csv)
            .starts_with("source,target,band,segments,words\nfr,pl,context match,1,2\nfr,pl,100%,2,4\n")
    );
    assert!(
        stdout(&csv).ends_with("fr,en,no match,1,5\nfr,en,repetitions,0,0\nfr,en,total,1,5\n"),
        "{}",
        stdout(&csv)
    );
}

#[test]
#[ignore = "needs pdftotext"]
fn the_review_edition_marks_stale_translations() {
    let dir = scratch("clean");
    // The review edition is the aligned one: each language names itself.
    fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("layouts/notice.toml"))
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"\n[aligned]\n"))
        .unwrap();
    for (locale, name) in [("fr", "Français"), ("pl", "Polski"), ("en", "English")] {
        let path = dir.path().join(format!("locales/{locale}/notice.ftl"));
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{text}language-name = {name}\n")).unwrap();
    }
    run(dir.path(), &["tm", "learn"]);
    edit(&dir.path().join("locales/fr/notice.ftl"), "Second point", "Deuxième point");
    let out = run(dir.path(), &["build", "--review"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(dir.path().join("out/notice.review.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8(text.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let row = lines.iter().position(|l| l.starts_with("notice-point-2")).expect("the row of notice-point-2");
    assert!(lines[row].contains("Deuxième point") && lines[row].contains("Drugi punkt"), "{}", lines[row]);
    // The mark under each stale translation (pl, en), none under the source,
    // with the source as it changed: "Second" struck through, "Deuxième"
    // highlighted (drawn as artifacts, so the words read in order).
    assert_eq!(lines[row + 1].matches("[périmée] Second Deuxième point").count(), 2, "{text}");
    assert_eq!(text.matches("[périmée]").count(), 3, "the legend and the two marks: {text}");
}

/// A project from `(path, text)` pairs beside a French/Polish manifest.
fn project_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("fluentpress.toml"), "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n")
        .unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_translation_with_errors_is_never_learnt() {
    let dir = project_of(&[
        ("locales/fr/main.ftl", "good = Bonjour\nbroken = Au revoir\n"),
        // `broken` invents a variable the French does not give.
        ("locales/pl/main.ftl", "good = Dzień dobry\nbroken = Do widzenia { $who }\n"),
    ]);
    let out = run(dir.path(), &["tm", "learn"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(pairs(dir.path(), "pl"), ["good: Bonjour => Dzień dobry"]);
    // Nor does `build` learn it, nor a confirmation.
    run(dir.path(), &["build"]);
    let out = run(dir.path(), &["tm", "confirm", "--locale", "pl", "broken"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(pairs(dir.path(), "pl"), ["good: Bonjour => Dzień dobry"]);
}

#[test]
fn the_same_id_in_two_files_is_two_units_of_the_memory() {
    // `k` is in a.ftl and c.ftl; b.ftl's `m` has c's pair, which the memory
    // keeps once, under `m`.
    let dir = project_of(&[
        ("locales/fr/a.ftl", "k = Souligner\n"),
        ("locales/pl/a.ftl", "k = P\n"),
        ("locales/fr/b.ftl", "m = Lien\n"),
        ("locales/pl/b.ftl", "m = P\n"),
        ("locales/fr/c.ftl", "k = Lien\n"),
        ("locales/pl/c.ftl", "k = P\n"),
    ]);
    assert_eq!(run(dir.path(), &["tm", "learn"]).status.code(), Some(0));
    let tmx = memory(dir.path());
    assert!(tmx.contains("<prop type=\"x-fluent-file\">a.ftl</prop>"), "{tmx}");
    // (The source's second `k` is a duplicate error of its own.)
    let check = stdout(&run(dir.path(), &["check"]));
    assert!(!check.contains("stale"), "{check}");
    let status = run(dir.path(), &["status", "--format", "json"]);
    assert!(stdout(&status).contains("\"stale\": 0"), "{}", stdout(&status));

    // A real change is reported at the file that has it.
    edit(&dir.path().join("locales/fr/a.ftl"), "Souligner", "Souligner les liens");
    let check = run(dir.path(), &["check"]);
    let report = stdout(&check);
    assert!(report.contains("warning[stale]: the source of `k` changed"), "{report}");
    assert_eq!(report.matches("warning[stale]").count(), 1, "{report}");
    let stale = &report[report.find("warning[stale]").unwrap()..];
    assert!(stale.contains(" --> locales/pl/a.ftl:1:1\n"), "{report}");
}

#[test]
fn a_memory_without_files_is_still_read_by_id() {
    let dir = project_of(&[
        ("locales/fr/main.ftl", "k = Souligner les liens\n"),
        ("locales/pl/main.ftl", "k = P\n"),
    ]);
    fs::create_dir_all(dir.path().join("tm")).unwrap();
    // What an older fluentpress wrote: the ID without its file.
    fs::write(
        dir.path().join("tm/project.tmx"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"fluentpress\" \
         creationtoolversion=\"0.1.0\" segtype=\"sentence\" o-tmf=\"fluentpress\" adminlang=\"en\" srclang=\"fr\" \
         datatype=\"plaintext\"/><body><tu changedate=\"20201208T120000Z\"><prop type=\"x-fluent-id\">k</prop>\
         <tuv xml:lang=\"fr\"><seg>Souligner</seg></tuv><tuv xml:lang=\"pl\"><seg>P</seg></tuv></tu></body></tmx>\n",
    )
    .unwrap();
    let report = stdout(&run(dir.path(), &["check"]));
    assert!(report.contains("warning[stale]: the source of `k` changed"), "{report}");
    assert!(report.contains("--> locales/pl/main.ftl:1:1"), "{report}");
}
