//! XLIFF export and import through the library: units and plural expansion,
//! the 1.2 and 2.1 writers (checked against the OASIS schemas), the
//! untrusting reader, and imports that change the `.ftl` files minimally.

mod common;

use fluentpress::check::check;
use fluentpress::fsx::Transaction;
use fluentpress::ftl::Catalog;
use fluentpress::project::Project;
use fluentpress::segment::{Match, NoteKind, Stale, State, Units};
use fluentpress::xliff::{
    self, ExportOptions, FileInfo, ImportOptions, ImportPlan, ReadUnit, Version, Visitor, XliffError,
};
use std::collections::HashMap;
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xliff")
}

/// A copy of a project to change.
fn project_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(from.join("fluentpress.toml"), dir.path().join("fluentpress.toml")).unwrap();
    common::copy_tree(&from.join("locales"), &dir.path().join("locales"));
    dir
}

/// Every file under `locales/`, by path, with its bytes.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("locales"), &mut out);
    out
}

fn export_with(
    root: &Path,
    version: Version,
    all: bool,
    matches: &HashMap<(String, String), Vec<Match>>,
) -> String {
    let project = Project::load(root).unwrap();
    let catalog = Catalog::parse(&project);
    let stale = HashMap::new();
    // The project's glossary, as the commands export it: here its Fluent terms.
    let glossary = fluentpress::glossary::load(&project, &catalog).glossary;
    let glossary = Some(&glossary);
    let options = ExportOptions { version, all, matches, stale: &stale, copy_source: false, glossary };
    xliff::export(&catalog, "pl", &options).unwrap().expect("units to export")
}

fn export(root: &Path, version: Version, all: bool) -> String {
    export_with(root, version, all, &HashMap::new())
}

fn plan(root: &Path, target: &str, xliff: &[u8], force: bool) -> Result<ImportPlan, XliffError> {
    let project = Project::load(root).unwrap();
    let catalog = Catalog::parse(&project);
    xliff::plan_import(&catalog, target, Cursor::new(xliff), &ImportOptions { force, target_given: false })
}

/// Writes a plan's files as `xliff import` does: in one transaction.
fn write_changes(root: &Path, changes: &[xliff::FileChange]) -> fluentpress::error::Result<()> {
    let mut transaction = Transaction::new(root, &root.join("out"));
    xliff::stage_changes(root, changes, &mut transaction)?;
    transaction.commit()
}

fn import(root: &Path, xliff: &[u8]) -> ImportPlan {
    let plan = plan(root, "pl", xliff, false).unwrap();
    write_changes(root, &plan.changes).unwrap();
    plan
}

/// Puts a target into the unit named `id`, right after its source; in 2.1
/// the segment becomes `translated`.
fn fill(xliff: &str, id: &str, target: &str) -> String {
    let (attr, state) = if xliff.contains("version=\"1.2\"") {
        (format!("resname=\"{id}\""), "<target state=\"translated\">")
    } else {
        (format!("name=\"{id}\""), "<target>")
    };
    let unit = xliff.find(&attr).unwrap_or_else(|| panic!("no unit {id}"));
    let unit_end = unit + xliff[unit..].find("unit>").unwrap();
    let mut out = xliff.to_string();
    if let Some(initial) = out[unit..unit_end].find("state=\"initial\"") {
        out.replace_range(unit + initial..unit + initial + 15, "state=\"translated\"");
    }
    // Past the matches: 2.1's target follows the segment's source.
    let segment = out[unit..unit_end].find("<segment").unwrap_or(0);
    let end = unit + segment + out[unit + segment..].find("</source>").unwrap() + "</source>".len();
    out.insert_str(end, &format!("{state}{target}</target>"));
    out
}

fn polish_files(xliff: &str, code: &str) -> String {
    let mut out = xliff.to_string();
    for (id, text) in [
        ("files[one]", format!("Jest {code} plik.")),
        ("files[few]", format!("Są {code} pliki.")),
        ("files[many]", format!("Jest {code} plików.")),
        ("files[other]", format!("Jest {code} pliku.")),
    ] {
        out = fill(&out, id, &text);
    }
    out
}

const POLISH_MAIN_AFTER: &str = r#"### Komunikaty uchwały.

title = Cele i priorytety

date-line = Kraków, { DATETIME($date, dateStyle: "long") }

# Zostaje, jak jest.
thematic-objective-7 = Promocja { -city(case: "genitive") } na świecie

files =
    { $n ->
        [one] Jest { $n } plik.
        [few] Są { $n } pliki.
        [many] Jest { $n } plików.
       *[other] Jest { $n } pliku.
    }

button = Wyślij
    .title = Wyślij formularz
    .accesskey = W
"#;

#[test]
fn units_expand_plurals_to_the_polish_categories_with_notes() {
    let project = Project::load(&fixture()).unwrap();
    let catalog = Catalog::parse(&project);
    let units = Units::extract(&catalog, "pl", &HashMap::new()).unwrap();
    let main = &units.files[0];
    assert_eq!(main.name, "main.ftl");
    assert_eq!(main.comment.as_deref(), Some("Les messages de la résolution."));
    let ids: Vec<String> = main.units.iter().map(|u| u.id.to_string()).collect();
    assert_eq!(
        ids,
        [
            "title",
            "date-line",
            "thematic-objective-7",
            "files[one]",
            "files[few]",
            "files[many]",
            "files[other]",
            "button",
            "button.title",
            "button.accesskey"
        ]
    );
    let files: Vec<_> = main.units.iter().filter(|u| u.id.entry == "files").collect();
    let sources: Vec<String> = files.iter().map(|u| u.source.plain_text()).collect();
    assert_eq!(
        sources,
        [
            "Il y a { $n } fichier.",
            "Il y a { $n } fichiers.",
            "Il y a { $n } fichiers.",
            "Il y a { $n } fichiers."
        ]
    );
    let plural_notes: Vec<&str> = files
        .iter()
        .flat_map(|u| u.notes.iter().filter(|n| n.kind == NoteKind::Plural).map(|n| n.text.as_str()))
        .collect();
    assert_eq!(
        plural_notes,
        [
            "[one] is the pl plural form for 1.",
            "[few] is the pl plural form for 2–4, 22–24, 32–34, 42–44, 52–54, …; fr has no such form: the source shown is its [other] form.",
            "[many] is the pl plural form for 0, 5–21, 25–31, 35–41, 45–51, …; fr has no such form: the source shown is its [other] form.",
            "[other] is the pl plural form for decimals such as 0.5.",
        ]
    );
    assert!(files.iter().all(|u| u.state == State::Missing));
    // English has one and other only.
    let english = Units::extract(&catalog, "en", &HashMap::new()).unwrap();
    let keys: Vec<String> =
        english.files[0].units.iter().filter(|u| u.id.entry == "files").map(|u| u.id.to_string()).collect();
    assert_eq!(keys, ["files[one]", "files[other]"]);

    let by_id = |id: &str| main.units.iter().find(|u| u.id.to_string() == id).unwrap();
    let term = by_id("thematic-objective-7");
    assert_eq!(term.state, State::Translated);
    assert_eq!(
        term.target.as_ref().unwrap().plain_text(),
        "Promocja { -city(case: \"genitive\") } na świecie"
    );
    let notes: Vec<(NoteKind, &str)> = term.notes.iter().map(|n| (n.kind, n.text.as_str())).collect();
    assert_eq!(
        notes,
        [
            (NoteKind::Group, "Objectifs"),
            (NoteKind::Location, "main.ftl: thematic-objective-7"),
            (NoteKind::Term, "{ -city } is the term -city: fr “Cracovie”, pl “Kraków”."),
        ]
    );
    let title_notes: Vec<NoteKind> = by_id("title").notes.iter().map(|n| n.kind).collect();
    assert_eq!(title_notes, [NoteKind::Comment, NoteKind::Group, NoteKind::Location]);
    // The Polish term has cases the source lacks: XLIFF does not carry it.
    let city = &units.files[1].units[0];
    assert_eq!(
        (city.id.to_string(), &city.state, &city.target),
        ("-city".to_string(), &State::Divergent, &None)
    );
}

#[test]
fn exports_are_deterministic_and_carry_what_needs_work() {
    let one = export(&fixture(), Version::V1_2, false);
    assert_eq!(one, export(&fixture(), Version::V1_2, false));
    insta::assert_snapshot!("export_1_2_default", one);
    insta::assert_snapshot!("export_2_1_all", export(&fixture(), Version::V2_1, true));
    let project = Project::load(&fixture()).unwrap();
    let catalog = Catalog::parse(&project);
    let (matches, stale) = (HashMap::new(), HashMap::new());
    let options = ExportOptions {
        version: Version::V2_1,
        all: false,
        matches: &matches,
        stale: &stale,
        copy_source: false,
        glossary: None,
    };
    assert!(xliff::export(&catalog, "pl", &options).unwrap().is_some());
    assert_eq!(xliff::export_file_name("resolution", "fr", "pl"), "resolution.fr-pl.xlf");
}

#[test]
fn memory_matches_and_stale_translations() {
    let matches = HashMap::from([
        (
            ("main.ftl".to_string(), "date-line".to_string()),
            vec![Match {
                score: 87,
                source: "Cracovie, { DATETIME($date) }".into(),
                target: "Kraków, { DATETIME($date) }".into(),
                origin: "tm".into(),
            }],
        ),
        (
            ("main.ftl".to_string(), "button.accesskey".to_string()),
            vec![Match { score: 101, source: "E".into(), target: "W".into(), origin: "tm".into() }],
        ),
        (
            ("main.ftl".to_string(), "files[one]".to_string()),
            vec![Match {
                score: 100,
                source: "Il y a { $n } fichier.".into(),
                target: "Jest { $n } plik.".into(),
                origin: "tm".into(),
            }],
        ),
    ]);
    let stale =
        HashMap::from([("title".to_string(), Stale::new("Objectifs".into(), "Objectifs et priorités"))]);
    let project = Project::load(&fixture()).unwrap();
    let catalog = Catalog::parse(&project);
    let run = |version| {
        let options = ExportOptions {
            version,
            all: false,
            matches: &matches,
            stale: &stale,
            copy_source: false,
            glossary: None,
        };
        xliff::export(&catalog, "pl", &options).unwrap().unwrap()
    };
    let v12 = run(Version::V1_2);
    assert!(v12.contains(r#"<alt-trans match-quality="87" origin="tm">"#), "{v12}");
    assert!(
        v12.contains(r#"<target state="needs-review-translation" state-qualifier="id-match">W</target>"#),
        "{v12}"
    );
    assert!(v12.contains(
        r#"<target state="needs-review-translation" state-qualifier="exact-match">Jest <ph id="1" ctype="x-fluent-variable" equiv-text="{ $n }">{ $n }</ph> plik.</target>"#
    ));
    assert!(v12.contains(r#"<target state="needs-review-translation">Cele i priorytety</target>"#), "{v12}");
    assert!(v12.contains(
        r#"<note from="stale">The source changed since this translation; it translated: Objectifs; what changed: Objectifs{+ et priorités+}</note>"#
    ));
    insta::assert_snapshot!("export_2_1_matches", run(Version::V2_1));
}

#[test]
fn export_then_import_unchanged_leaves_every_byte() {
    for version in [Version::V1_2, Version::V2_1] {
        let dir = project_copy(&fixture());
        let before = snapshot(dir.path());
        let plan = import(dir.path(), export(dir.path(), version, true).as_bytes());
        assert_eq!(plan.changes, []);
        assert_eq!(
            plan.summary.unchanged,
            [
                "main.ftl: title",
                "main.ftl: thematic-objective-7",
                "main.ftl: button",
                "main.ftl: button.title"
            ]
        );
        assert!(plan.summary.applied.is_empty() && plan.summary.rejected.is_empty());
        assert_eq!(plan.summary.skipped.len(), 7, "{}", plan.summary);
        assert_eq!(snapshot(dir.path()), before);
    }
}

#[test]
fn filled_targets_change_only_their_messages() {
    for (version, code) in
        [(Version::V1_2, r#"<x id="1"/>"#), (Version::V2_1, r#"<ph id="1" dataRef="d1"/>"#)]
    {
        let dir = project_copy(&fixture());
        let terms_before = fs::read(dir.path().join("locales/pl/terms.ftl")).unwrap();
        let exported = export(dir.path(), version, false);
        let mut filled = polish_files(&exported, code);
        filled = fill(&filled, "date-line", &format!("Kraków, {code}"));
        filled = fill(&filled, "button.accesskey", "W");
        let plan = import(dir.path(), filled.as_bytes());
        assert_eq!(
            plan.summary.applied,
            [
                "main.ftl: date-line",
                "main.ftl: files[one]",
                "main.ftl: files[few]",
                "main.ftl: files[many]",
                "main.ftl: files[other]",
                "main.ftl: button.accesskey"
            ]
        );
        assert!(plan.summary.is_clean(), "{}", plan.summary);
        assert_eq!(fs::read_to_string(dir.path().join("locales/pl/main.ftl")).unwrap(), POLISH_MAIN_AFTER);
        assert_eq!(fs::read(dir.path().join("locales/pl/terms.ftl")).unwrap(), terms_before);

        let project = Project::load(dir.path()).unwrap();
        let catalog = Catalog::parse(&project);
        let polish: Vec<_> =
            check(&catalog, &[]).into_iter().filter(|d| d.locale.as_deref() == Some("pl")).collect();
        assert!(polish.is_empty(), "{polish:?}");

        // Importing the same file again changes nothing.
        let again = plan_of(dir.path(), filled.as_bytes());
        assert_eq!((again.changes.len(), again.summary.unchanged.len()), (0, 6));
    }
}

fn plan_of(root: &Path, xliff: &[u8]) -> ImportPlan {
    plan(root, "pl", xliff, false).unwrap()
}

#[test]
fn the_dry_run_diff_shows_each_change_in_context() {
    let filled = fill(&export(&fixture(), Version::V1_2, false), "button.accesskey", "W");
    let plan = plan_of(&fixture(), filled.as_bytes());
    let [change] = plan.changes.as_slice() else { panic!("{:?}", plan.changes) };
    assert_eq!(change.path, "locales/pl/main.ftl");
    assert_eq!(
        change.diff(),
        "--- a/locales/pl/main.ftl\n+++ b/locales/pl/main.ftl\n@@ -7,3 +7,4 @@\n \n button = Wyślij\n     .title = Wyślij formularz\n+    .accesskey = W\n"
    );
}

#[test]
fn a_missing_target_file_is_created() {
    let dir = project_copy(&fixture());
    fs::remove_file(dir.path().join("locales/pl/terms.ftl")).unwrap();
    let xliff = fill(&export(dir.path(), Version::V2_1, false), "-city", "Kraków");
    let plan = import(dir.path(), xliff.as_bytes());
    assert_eq!(plan.summary.applied, ["terms.ftl: -city"]);
    assert_eq!(fs::read_to_string(dir.path().join("locales/pl/terms.ftl")).unwrap(), "-city = Kraków\n");
}

#[test]
fn a_translation_whose_variants_the_source_lacks_is_not_overwritten() {
    let xliff = fill(&export(&fixture(), Version::V2_1, true), "-city", "Krakowem");
    let plan = plan_of(&fixture(), xliff.as_bytes());
    assert_eq!(plan.changes, []);
    assert_eq!(
        plan.summary.rejected.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        [
            "terms.ftl: -city: the pl translation has variants the source lacks (-city[nominative], -city[genitive]): edit it in the .ftl file"
        ]
    );
}

#[test]
fn a_select_needs_all_its_variants() {
    let xliff = fill(&export(&fixture(), Version::V1_2, false), "files[one]", r#"Jest <x id="1"/> plik."#);
    let plan = plan_of(&fixture(), xliff.as_bytes());
    assert_eq!(plan.changes, []);
    let reasons: Vec<String> = plan.summary.rejected.iter().map(|r| r.to_string()).collect();
    assert_eq!(
        reasons,
        [
            "main.ftl: files[one]: `files` is written whole, but neither the XLIFF nor pl translates files[few], files[many], files[other]"
        ]
    );
}

#[test]
fn targets_must_keep_the_codes_of_their_source() {
    let mut xliff = export(&fixture(), Version::V1_2, false);
    for (id, target) in [
        ("date-line", "Kraków"),
        ("files[one]", r#"Jest <x id="1"/><x id="1"/> plik."#),
        ("files[few]", r#"Są <x id="1"/> pliki <x id="2"/>."#),
        ("files[many]", r#"Jest <ph id="1">{ $m }</ph> plików."#),
        ("button.accesskey", r#"<g id="1">W</g>"#),
    ] {
        xliff = fill(&xliff, id, target);
    }
    let plan = plan_of(&fixture(), xliff.as_bytes());
    assert_eq!(plan.changes, []);
    let reasons: Vec<String> = plan.summary.rejected.iter().map(|r| r.to_string()).collect();
    assert_eq!(
        reasons,
        [
            "main.ftl: date-line: the target drops the code 1 `{ DATETIME($date, dateStyle: \"long\") }`",
            "main.ftl: files[one]: the target duplicates the code 1 `{ $n }`",
            "main.ftl: files[few]: the target invents the code 2 `{ … }`",
            "main.ftl: files[many]: the target changes the code 1 `{ $n }` into `{ $m }`",
            "main.ftl: button.accesskey: the target has a <g> element, which is no code of the source",
        ]
    );
    assert!(!plan.summary.is_clean());
    assert_eq!(plan.summary.skipped.iter().map(|r| r.unit.as_str()).collect::<Vec<_>>(), ["files[other]"]);
}

#[test]
fn a_changed_source_is_a_conflict_unless_forced() {
    let dir = project_copy(&fixture());
    let xliff = fill(&export(dir.path(), Version::V1_2, false), "button.accesskey", "W");
    let source = dir.path().join("locales/fr/main.ftl");
    let text = fs::read_to_string(&source).unwrap().replace(".accesskey = E", ".accesskey = N");
    fs::write(&source, text).unwrap();
    let before = snapshot(dir.path());

    let refused = plan_of(dir.path(), xliff.as_bytes());
    assert_eq!(refused.changes, []);
    assert_eq!(
        refused.summary.conflicts.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        [
            "main.ftl: button.accesskey: the source changed since the export: the file has “E”, the project “N”"
        ]
    );
    assert!(refused.summary.applied.is_empty());
    assert!(!refused.summary.is_clean(), "a conflict left out is not a clean import");

    let forced = plan(dir.path(), "pl", xliff.as_bytes(), true).unwrap();
    assert_eq!(forced.summary.applied, ["main.ftl: button.accesskey"]);
    assert!(forced.summary.conflicts[0].reason.ends_with("(imported with --force)"));
    assert!(forced.summary.is_clean(), "forced conflicts are applied");
    assert_eq!(snapshot(dir.path()), before, "planning writes nothing");
    write_changes(dir.path(), &forced.changes).unwrap();
    assert!(
        fs::read_to_string(dir.path().join("locales/pl/main.ftl")).unwrap().ends_with(".accesskey = W\n")
    );
}

const UNIT_1_2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="ORIGINAL" source-language="fr" target-language="pl" datatype="x-fluent">
    <body>
      <trans-unit id="button.accesskey">
        <source>E</source>
        <target state="translated">W</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"#;

#[test]
fn an_original_outside_locales_is_refused() {
    let dir = project_copy(&fixture());
    let before = snapshot(dir.path());
    for original in ["../../x", "../../x.ftl", "/etc/x.ftl", "sub/../../x.ftl", "C:\\x.ftl"] {
        let xliff = UNIT_1_2.replace("ORIGINAL", original);
        let error = plan(dir.path(), "pl", xliff.as_bytes(), true).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "line 3, column 3: refused: `original=\"{original}\"` is not a .ftl file inside locales/"
            )
        );
    }
    assert_eq!(snapshot(dir.path()), before);
    // A safe name the source lacks only rejects its units.
    let plan = plan_of(dir.path(), UNIT_1_2.replace("ORIGINAL", "other.ftl").as_bytes());
    assert_eq!(plan.summary.rejected[0].reason, "the source locale has no file other.ftl");
}

#[test]
fn dtds_and_entities_are_refused_fast() {
    let mut bomb = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [\n<!ENTITY lol \"lol\">\n");
    for n in 1..10 {
        let previous = if n == 1 { "lol".to_string() } else { format!("lol{}", n - 1) };
        bomb.push_str(&format!("<!ENTITY lol{n} \"{}\">\n", format!("&{previous};").repeat(10)));
    }
    bomb.push_str(
        "]>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">&lol9;</xliff>\n",
    );
    let started = Instant::now();
    let error = plan(&fixture(), "pl", bomb.as_bytes(), false).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(
        error.to_string(),
        "line 2, column 1: the file has a DTD (<!DOCTYPE …>): fluentpress reads no DTD and expands no entity"
    );
    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE x SYSTEM \"http://example.com/x.dtd\">\n<x/>";
    assert!(plan(&fixture(), "pl", external.as_bytes(), false).unwrap_err().to_string().contains("DTD"));
    let undeclared = UNIT_1_2.replace("ORIGINAL", "main.ftl").replace(">W<", ">&xxe;<");
    assert_eq!(
        plan(&fixture(), "pl", undeclared.as_bytes(), false).unwrap_err().to_string(),
        "line 7, column 36: the entity &xxe; is not defined: fluentpress expands no entity"
    );
    let xinclude = UNIT_1_2.replace("ORIGINAL", "main.ftl").replace(
        "<body>",
        "<body><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\"/>",
    );
    assert_eq!(
        plan(&fixture(), "pl", xinclude.as_bytes(), false).unwrap_err().to_string(),
        "line 4, column 11: XInclude is not supported: the file must be whole"
    );
}

#[test]
fn malformed_xml_is_reported_with_line_and_column() {
    let broken = UNIT_1_2.replace("ORIGINAL", "main.ftl").replace("</target>", "</source>");
    assert_eq!(
        plan(&fixture(), "pl", broken.as_bytes(), false).unwrap_err().to_string(),
        "line 7, column 37: malformed XML: ill-formed document: expected `</target>`, but `</source>` was found"
    );
    let wrong = "<?xml version=\"1.0\"?>\n<html/>\n";
    assert_eq!(
        plan(&fixture(), "pl", wrong.as_bytes(), false).unwrap_err().to_string(),
        "line 2, column 1: not an XLIFF document: the root element is <html> in ``"
    );
}

#[test]
fn utf16_and_byte_order_marks_are_read() {
    let filled = fill(&export(&fixture(), Version::V2_1, false), "button.accesskey", "W");
    let expected = plan_of(&fixture(), filled.as_bytes());
    assert_eq!(expected.summary.applied, ["main.ftl: button.accesskey"]);
    let utf16 = filled.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let le: Vec<u8> = utf16.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = utf16.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let variants = [
        [&[0xEF, 0xBB, 0xBF][..], filled.as_bytes()].concat(),
        [&[0xFF, 0xFE][..], &le].concat(),
        [&[0xFE, 0xFF][..], &be].concat(),
        le.clone(),
    ];
    for bytes in variants {
        assert_eq!(plan_of(&fixture(), &bytes), expected);
    }
    // Positions are counted in characters of the decoded text.
    let broken = filled.replace("<target>W</target>", "<target>Łódź</targe>");
    let expected = plan(&fixture(), "pl", broken.as_bytes(), false).unwrap_err().to_string();
    let line = broken[..broken.find("</targe>").unwrap()].lines().count();
    assert!(expected.starts_with(&format!("line {line}, column 39: malformed XML")), "{expected}");
    let utf16: Vec<u8> = broken
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"")
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    assert_eq!(plan(&fixture(), "pl", &utf16, false).unwrap_err().to_string(), expected);
}

struct Collect(Vec<ReadUnit>);

impl Visitor for Collect {
    fn file(&mut self, _: &FileInfo) -> Result<(), xliff::Refusal> {
        Ok(())
    }

    fn unit(&mut self, unit: ReadUnit) -> Result<(), xliff::Refusal> {
        self.0.push(unit);
        Ok(())
    }
}

fn read_units(bytes: &[u8]) -> Result<Vec<ReadUnit>, XliffError> {
    let mut collect = Collect(Vec::new());
    xliff::read(Cursor::new(bytes), &mut collect)?;
    Ok(collect.0)
}

#[test]
fn segmented_files_from_tools_are_joined() {
    let v12 = r#"<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:tool="urn:example:tool">
  <file original="main.ftl" source-language="fr" target-language="pl" datatype="x-fluent" tool:job="7">
    <header><tool:info>ignored</tool:info></header>
    <body>
      <group id="g"><trans-unit id="date-line">
        <source>Cracovie, le <x id="1"/></source>
        <seg-source><mrk mtype="seg" mid="1">Cracovie, </mrk><mrk mtype="seg" mid="2">le <x id="1"/></mrk></seg-source>
        <target state="translated"><mrk mtype="seg" mid="1">Kraków, </mrk><mrk mtype="seg" mid="2"><![CDATA[<dnia> ]]><x id="1"/></mrk></target>
        <tool:extra/>
      </trans-unit></group>
    </body>
  </file>
</xliff>"#;
    let units = read_units(v12.as_bytes()).unwrap();
    assert_eq!(units[0].target.as_ref().unwrap().plain_text(), "Kraków, <dnia> { … }");
    let plan = plan_of(&fixture(), v12.as_bytes());
    assert_eq!(plan.summary.applied, ["main.ftl: date-line"]);
    assert!(
        plan.changes[0]
            .after
            .contains("date-line = Kraków, <dnia> { DATETIME($date, dateStyle: \"long\") }\n")
    );

    let v20 = r#"<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr" trgLang="pl">
  <file id="f" original="main.ftl">
    <unit id="date-line">
      <originalData><data id="d">{ DATETIME($date, dateStyle: "long") }</data></originalData>
      <segment><source>Cracovie,</source><target>Kraków,</target></segment>
      <ignorable><source> </source></ignorable>
      <segment><source>le <ph id="1" dataRef="d"/></source><target><ph id="1" dataRef="d"/></target></segment>
    </unit>
  </file>
</xliff>"#;
    let units = read_units(v20.as_bytes()).unwrap();
    assert_eq!(units[0].source.plain_text(), "Cracovie, le { DATETIME($date, dateStyle: \"long\") }");
    assert_eq!(
        units[0].target.as_ref().unwrap().plain_text(),
        "Kraków, { DATETIME($date, dateStyle: \"long\") }"
    );
    // Segments without a state are translations all the same.
    let plan = plan_of(&fixture(), v20.as_bytes());
    assert_eq!(plan.summary.applied, ["main.ftl: date-line"]);
    assert!(plan.changes[0].after.contains("date-line = Kraków, { DATETIME($date, dateStyle: \"long\") }\n"));
    let explicit = v20.replace("<segment>", "<segment state=\"initial\">");
    assert_eq!(
        plan_of(&fixture(), explicit.as_bytes()).summary.skipped[0].reason,
        "state `initial`: not confirmed by a translator"
    );
    // One segment confirmed and the other a pre-fill: the unit waits.
    let mixed = v20.replacen("<segment>", "<segment state=\"translated\">", 1).replacen(
        "<segment>",
        "<segment state=\"initial\">",
        1,
    );
    assert_eq!(
        plan_of(&fixture(), mixed.as_bytes()).summary.skipped[0].reason,
        "state `initial`: not confirmed by a translator"
    );
}

#[test]
fn all_or_nothing_writes_leave_no_file_behind_on_failure() {
    let dir = project_copy(&fixture());
    fs::remove_file(dir.path().join("locales/pl/terms.ftl")).unwrap();
    let mut xliff = polish_files(&export(dir.path(), Version::V2_1, false), r#"<ph id="1" dataRef="d1"/>"#);
    xliff = fill(&xliff, "-city", "Kraków");
    let plan = plan_of(dir.path(), xliff.as_bytes());
    assert_eq!(plan.changes.len(), 2);
    // The second file cannot be written: its folder is a file.
    let blocked = tempfile::tempdir().unwrap();
    common::copy_tree(&dir.path().join("locales"), &blocked.path().join("locales"));
    let mut changes = plan.changes.clone();
    changes[1].path = "locales/pl/main.ftl/terms.ftl".into();
    let before = snapshot(blocked.path());
    assert!(write_changes(blocked.path(), &changes).is_err());
    assert_eq!(snapshot(blocked.path()), before);
}

/// The matching export with memory matches, for the 2.1 schema check.
fn with_matches(root: &Path, version: Version) -> String {
    let matches = HashMap::from([(
        ("main.ftl".to_string(), "files[one]".to_string()),
        vec![
            Match {
                score: 101,
                source: "Il y a { $n } fichier.".into(),
                target: "Jest { $n } plik.".into(),
                origin: "tm".into(),
            },
            Match {
                score: 72,
                source: "Un fichier".into(),
                target: "Jeden plik".into(),
                origin: "tm & co".into(),
            },
        ],
    )]);
    export_with(root, version, true, &matches)
}

fn xmllint(schema: &Path, xliff: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.xlf");
    fs::write(&file, xliff).unwrap();
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(schema)
        .arg(&file)
        .output()
        .expect("xmllint runs (apt-get install libxml2-utils)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{}: {stderr}\n{xliff}", schema.display());
}

#[test]
#[ignore = "needs xmllint"]
fn exports_validate_against_the_oasis_schemas() {
    let schemas = common::corpus("schemas");
    let strict = schemas.join("xliff-1.2/xliff-core-1.2-strict.xsd");
    let core = schemas.join("xliff-2.1/xliff_core_2.0.xsd");
    let core_and_matches = schemas.join("xliff-2.1/all.xsd");
    for all in [false, true] {
        xmllint(&strict, &export(&fixture(), Version::V1_2, all));
        xmllint(&core, &export(&fixture(), Version::V2_1, all));
    }
    xmllint(&strict, &with_matches(&fixture(), Version::V1_2));
    xmllint(&core_and_matches, &with_matches(&fixture(), Version::V2_1));
    // The copies of the source OmegaT translates in, as the command writes them.
    let dir = project_copy(&fixture());
    for version in ["1.2", "2.1"] {
        let out = common::fluentpress(
            dir.path(),
            &["xliff", "export", "--target", "pl", "--copy-source", "--version", version, "-o", "-"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
        let schema = if version == "1.2" { &strict } else { &core };
        xmllint(schema, &common::stdout(&out));
    }
}

fn suite(dir: &str) -> Vec<PathBuf> {
    let dir = common::corpus(&format!("corpora/xliff-2.1-test-suite/{dir}"));
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlf"))
        .collect();
    files.sort();
    files
}

#[test]
#[ignore = "needs ../shared corpora"]
fn every_invalid_file_of_the_test_suite_is_refused() {
    let invalid = suite("core/invalid");
    assert_eq!(invalid.len(), 119);
    // A project in the suite's languages, so that refusals come from the
    // files' faults, not from their languages.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("fluentpress.toml"), "[locales]\nsource = \"en\"\ntargets = [\"fr\"]\n")
        .unwrap();
    fs::create_dir_all(dir.path().join("locales/en")).unwrap();
    fs::create_dir_all(dir.path().join("locales/fr")).unwrap();
    fs::write(dir.path().join("locales/en/1.ftl"), "m = text\n").unwrap();
    let before = snapshot(dir.path());
    for path in &invalid {
        let bytes = fs::read(path).unwrap();
        let error = read_units(&bytes).map(|u| u.len()).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("line "), "{}: {message}", path.display());
        let refused = plan(dir.path(), "fr", &bytes, true).unwrap_err();
        assert!(
            matches!(refused, XliffError::At { .. } | XliffError::RefusedAt { .. }),
            "{}: {refused}",
            path.display()
        );
    }
    assert_eq!(snapshot(dir.path()), before);
    for path in suite("core/valid").into_iter().chain(suite("modules/valid")) {
        if let Err(e) = read_units(&fs::read(&path).unwrap()) {
            panic!("{} is valid: {e}", path.display());
        }
    }
}

#[test]
#[ignore = "needs ../shared corpora"]
fn the_firefox_corpus_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    common::firefox_project(dir.path());
    let before = snapshot(dir.path());
    for version in [Version::V2_1, Version::V1_2] {
        let xliff = export(dir.path(), version, true);
        for unit in ["[one]", ".label", "\"-brand-short-name\""] {
            assert!(xliff.contains(unit), "the export has no {unit}");
        }
        let plan = import(dir.path(), xliff.as_bytes());
        assert_eq!(plan.changes, []);
        assert!(plan.summary.is_clean(), "{}", plan.summary);
        assert!(plan.summary.applied.is_empty() && plan.summary.conflicts.is_empty());
        assert!(plan.summary.unchanged.len() > 7000, "{}", plan.summary.unchanged.len());
        assert_eq!(snapshot(dir.path()), before);
    }
}

#[test]
#[ignore = "needs ../shared corpora"]
fn the_firefox_corpus_survives_rewriting_every_translation() {
    let dir = tempfile::tempdir().unwrap();
    common::firefox_project(dir.path());
    let project = Project::load(dir.path()).unwrap();
    let catalog = Catalog::parse(&project);
    let diagnostics = |catalog: &Catalog<'_>| -> Vec<String> {
        let mut found: Vec<String> = check(catalog, &[])
            .into_iter()
            .filter(|d| d.locale.as_deref() == Some("pl"))
            .map(|d| format!("{} {} {}", d.file, d.code, d.message))
            .collect();
        found.sort();
        found
    };
    let errors_before = diagnostics(&catalog);
    // Every translation that says something gets a mark at its end.
    let xliff = export(dir.path(), Version::V2_1, true)
        .replace("</target>", "✓</target>")
        .replace("<target>✓</target>", "<target></target>");
    drop(catalog);
    let plan = import(dir.path(), xliff.as_bytes());
    assert!(plan.summary.applied.len() > 9000, "{}", plan.summary.applied.len());
    // What is not applied are translations that already break the rules an
    // import checks: codes left out or added, plural forms missing.
    for report in &plan.summary.rejected {
        let reason = &report.reason;
        let known = reason.starts_with("the target ")
            || reason.contains("is written whole")
            || reason.contains("variants the source lacks");
        assert!(known, "{report}");
    }
    let project = Project::load(dir.path()).unwrap();
    let catalog = Catalog::parse(&project);
    let errors_after = diagnostics(&catalog);
    let gone: Vec<_> = errors_before.iter().filter(|d| !errors_after.contains(d)).collect();
    let new: Vec<_> = errors_after.iter().filter(|d| !errors_before.contains(d)).collect();
    assert!(gone.is_empty() && new.is_empty(), "gone: {gone:#?}\nnew: {new:#?}\n{}", plan.summary);
    // Every applied unit reads back as imported.
    let again = plan_of(dir.path(), xliff.as_bytes());
    assert_eq!(again.changes, []);
    assert_eq!(again.summary.unchanged.len(), plan.summary.applied.len() + plan.summary.unchanged.len());
}

fn peak_rss_kib() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss
}

#[test]
#[ignore = "slow: reads a 200 MB file"]
fn a_200_mb_file_is_read_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xlf");
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(fs::File::create(&path).unwrap());
        writeln!(
            out,
            "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"
        )
        .unwrap();
        writeln!(out, "<file original=\"main.ftl\" source-language=\"fr\" target-language=\"pl\" datatype=\"x-fluent\"><body>").unwrap();
        let filler = "Texte de remplissage pour un très gros fichier. ".repeat(20);
        let mut n = 0;
        while out.get_ref().metadata().unwrap().len() < 200 << 20 {
            writeln!(out, "<trans-unit id=\"unknown-{n}\"><source>{filler}</source><target>{filler}</target></trans-unit>").unwrap();
            n += 1;
        }
        writeln!(out, "</body></file></xliff>").unwrap();
    }
    let before = peak_rss_kib();
    let project = Project::load(&fixture()).unwrap();
    let catalog = Catalog::parse(&project);
    let plan = xliff::plan_import(&catalog, "pl", fs::File::open(&path).unwrap(), &ImportOptions::default())
        .unwrap();
    let grown_mib = (peak_rss_kib() - before) / 1024;
    println!(
        "peak memory grew by {grown_mib} MiB over {} units",
        plan.summary.rejected.len() + plan.summary.rejected_omitted
    );
    assert_eq!(plan.summary.rejected.len(), xliff::import::MAX_REJECTED);
    assert!(plan.summary.rejected_omitted > 100_000);
    assert!(grown_mib < 64, "reading 200 MB grew the peak memory by {grown_mib} MiB");
}

#[test]
fn files_with_crlf_line_ends_keep_them() {
    let dir = project_copy(&fixture());
    let path = dir.path().join("locales/pl/main.ftl");
    fs::write(&path, fs::read_to_string(&path).unwrap().replace('\n', "\r\n")).unwrap();
    let mut xliff = polish_files(&export(dir.path(), Version::V1_2, false), r#"<x id="1"/>"#);
    xliff = fill(&xliff, "date-line", r#"Kraków, <x id="1"/>"#);
    xliff = fill(&xliff, "button.accesskey", "W");
    assert!(import(dir.path(), xliff.as_bytes()).summary.is_clean());
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(after.matches("\r\n").count(), after.matches('\n').count());
    assert_eq!(after.replace("\r\n", "\n"), POLISH_MAIN_AFTER);
}

// ---------------------------------------------------------------------------
// The commands, as an agency's round trip goes.

fn cli(dir: &Path, args: &[&str]) -> std::process::Output {
    common::fluentpress(dir, args)
}

#[test]
fn the_commands_export_and_import_back_without_loss() {
    let dir = project_copy(&fixture());
    let before = snapshot(dir.path());
    let out = cli(dir.path(), &["xliff", "export", "--target", "pl"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert_eq!(
        common::stdout(&out),
        format!("wrote {}\n", dir.path().join("out/xliff/project.fr-pl.xlf").display())
    );
    let default = fs::read_to_string(dir.path().join("out/xliff/project.fr-pl.xlf")).unwrap();
    assert_eq!(
        default,
        export(dir.path(), Version::V1_2, false),
        "the command writes what the library exports"
    );

    // Everything out and back in: not a byte changes.
    let all = dir.path().join("all.xlf");
    let out = cli(
        dir.path(),
        &["xliff", "export", "--target", "pl", "--all", "--version", "2.1", "-o", all.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = cli(dir.path(), &["xliff", "import", all.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert!(common::stdout(&out).starts_with(&format!("{}: applied 0, unchanged ", all.display())));
    assert_eq!(snapshot(dir.path()), before);

    // The agency's translation: a dry run shows it and changes nothing.
    let done = dir.path().join("done.xlf");
    fs::write(&done, polish_files(&default, "<x id=\"1\"/>")).unwrap();
    let dry = cli(dir.path(), &["xliff", "import", "--dry-run", done.to_str().unwrap()]);
    assert_eq!(dry.status.code(), Some(0));
    assert!(common::stdout(&dry).contains("+files =\n"), "{}", common::stdout(&dry));
    assert!(common::stdout(&dry).ends_with("dry run: nothing written\n"));
    assert_eq!(snapshot(dir.path()), before);

    let out = cli(dir.path(), &["xliff", "import", "--creator", "Agencja", done.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let report = common::stdout(&out);
    assert!(report.contains("wrote locales/pl/main.ftl\n"), "{report}");
    assert!(report.ends_with("tm/project.tmx: learnt 4 pair(s) in pl from Agencja\n"), "{report}");
    let main = fs::read_to_string(dir.path().join("locales/pl/main.ftl")).unwrap();
    assert!(main.contains("        [few] Są { $n } pliki.\n"), "{main}");
    let memory = fs::read_to_string(dir.path().join("tm/project.tmx")).unwrap();
    assert!(memory.contains("creationid=\"Agencja\""), "{memory}");
    assert!(memory.contains("<prop type=\"x-fluent-id\">files[few]</prop>"), "{memory}");
    let check = cli(dir.path(), &["check"]);
    let reported = common::stdout(&check);
    assert!(reported.contains("`files` is not translated into en"), "{reported}");
    assert!(!reported.contains("`files` is not translated into pl"), "{reported}");
}

#[test]
fn an_import_with_a_rejected_unit_exits_1_and_a_bad_file_changes_nothing() {
    let dir = project_copy(&fixture());
    let before = snapshot(dir.path());
    let default = export(dir.path(), Version::V1_2, false);
    // One unit drops its code: rejected; the others still apply.
    let mut partly = polish_files(&default, "<x id=\"1\"/>");
    partly = partly.replace("Są <x id=\"1\"/> pliki.", "Są pliki.");
    let file = dir.path().join("partly.xlf");
    fs::write(&file, &partly).unwrap();
    let out = cli(dir.path(), &["xliff", "import", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        common::stdout(&out)
            .contains("rejected: main.ftl: files[few]: the target drops the code 1 `{ $n }`\n"),
        "{}",
        common::stdout(&out)
    );

    let broken = dir.path().join("broken.xlf");
    fs::write(&broken, default.replace("</source>", "</sorce>")).unwrap();
    let out = cli(dir.path(), &["xliff", "import", file.to_str().unwrap(), broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        common::stderr(&out).starts_with(&format!("error: {}:", broken.display())),
        "{}",
        common::stderr(&out)
    );
    assert_eq!(snapshot(dir.path()), before, "nothing of the first file is written either");

    let english = dir.path().join("de.xlf");
    fs::write(&english, default.replace("target-language=\"pl\"", "target-language=\"de\"")).unwrap();
    let out = cli(dir.path(), &["xliff", "import", english.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        common::stderr(&out),
        format!(
            "error: {}: the XLIFF translates into `de`, which is not a target locale of the project (pl, en)\n",
            english.display()
        )
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn copied_sources_are_not_translations_and_tag_shortcuts_are_lost_codes() {
    let dir = project_copy(&fixture());
    let before = snapshot(dir.path());
    let project = Project::load(dir.path()).unwrap();
    let catalog = Catalog::parse(&project);
    let (matches, stale) = (HashMap::new(), HashMap::new());
    let options = ExportOptions {
        version: Version::V1_2,
        all: false,
        matches: &matches,
        stale: &stale,
        copy_source: true,
        glossary: None,
    };
    let copied = xliff::export(&catalog, "pl", &options).unwrap().unwrap();
    assert!(copied.contains(
        "<target>Cracovie, le <ph id=\"1\" ctype=\"x-fluent-function\" equiv-text=\"{ DATETIME($date, dateStyle: &quot;long&quot;) }\">"
    ), "{copied}");
    // A tool that translated nothing sends the copies back: nothing applies.
    let untouched = plan(dir.path(), "pl", copied.as_bytes(), false).unwrap();
    assert!(untouched.changes.is_empty());
    assert!(untouched.summary.applied.is_empty());
    assert!(
        untouched.summary.skipped.iter().all(|s| s.reason == "the target repeats the source: not translated")
    );
    assert_eq!(untouched.summary.skipped.len(), 6, "{}", untouched.summary);

    // OmegaT writes a tag it could not place as its shortcut, in text.
    let lost = copied.replace(
        "<target>Cracovie, le <ph id=\"1\" ctype=\"x-fluent-function\" equiv-text=\"{ DATETIME($date, dateStyle: &quot;long&quot;) }\">{ DATETIME($date, dateStyle: \"long\") }</ph></target>",
        "<target>Kraków, &lt;f0/&gt;</target>",
    );
    assert_ne!(lost, copied);
    let broken = plan(dir.path(), "pl", lost.as_bytes(), false).unwrap();
    assert_eq!(
        broken.summary.rejected[0].to_string(),
        "main.ftl: date-line: the target holds `<f0/>`, a tag shortcut written as text where a code was lost; \
         drops the code 1 `{ DATETIME($date, dateStyle: \"long\") }`"
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// What a CAT tool sends back for a term: the source's own reference, which
/// it cannot edit. It applies, with a warning to give the Polish case.
#[test]
fn a_term_sent_back_without_its_case_is_applied_with_a_warning() {
    let dir = project_copy(&fixture());
    let all = export(dir.path(), Version::V1_2, true);
    let polish = "Promocja <ph id=\"1\" ctype=\"x-fluent-term\" equiv-text=\"{ -city(case: &quot;genitive&quot;) }\">{ -city(case: \"genitive\") }</ph> na świecie";
    assert!(all.contains(polish), "{all}");
    let copied = all.replace(
        polish,
        "Promocja <ph id=\"1\" ctype=\"x-fluent-term\" equiv-text=\"{ -city }\">{ -city }</ph> na świecie",
    );
    let plan = plan(dir.path(), "pl", copied.as_bytes(), false).unwrap();
    assert_eq!(plan.summary.applied, ["main.ftl: thematic-objective-7"]);
    assert_eq!(
        plan.summary.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["main.ftl: thematic-objective-7: `{ -city }` is the source's reference, but the pl term varies by \
          $case: give it the one this sentence needs in the .ftl file"]
    );
    assert!(plan.summary.to_string().ends_with(
        "warning: main.ftl: thematic-objective-7: `{ -city }` is the source's reference, but the pl term varies \
         by $case: give it the one this sentence needs in the .ftl file\n"
    ));
    // The translation as it was, with its case, warns of nothing.
    assert!(plan_of(dir.path(), all.as_bytes()).summary.warnings.is_empty());
}

/// A project from `(path, text)` pairs, `fluentpress.toml` among them.
fn project_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

const PL_ONLY: &str = "[locales]\nsource = \"fr\"\ntargets = [\"pl\"]\n";

/// The Polish of a plural whose selector the translator formatted and whose
/// default is not `other`, beside a message an agency leaves alone.
const POLISH_PLURALS: &str = "# Tłumacz: bez separatora tysięcy.
files = { NUMBER($n, useGrouping: \"false\") ->
    [one] Jest { $n } plik.
    [few] Są { $n } pliki.
   *[many] Jest { $n } plików.
}
kept =
    { $n ->
        [one] jeden
       *[many] wiele
    }
";

fn plural_project() -> tempfile::TempDir {
    project_of(&[
        ("fluentpress.toml", PL_ONLY),
        (
            "locales/fr/main.ftl",
            "files = { $n ->\n    [one] Il y a { $n } fichier.\n   *[other] Il y a { $n } fichiers.\n}\n\
             kept = { $n ->\n    [one] un\n   *[other] plusieurs\n}\n",
        ),
        ("locales/pl/main.ftl", POLISH_PLURALS),
    ])
}

#[test]
fn an_import_rewrites_only_the_variants_it_sends_and_keeps_selector_and_default() {
    for version in [Version::V1_2, Version::V2_1] {
        let dir = plural_project();
        let code = if version == Version::V1_2 { "<x id=\"1\"/>" } else { "<ph id=\"1\" dataRef=\"d1\"/>" };
        let xliff = fill(&export(dir.path(), version, false), "files[other]", &format!("Jest {code} pliku."));
        let plan = import(dir.path(), xliff.as_bytes());
        assert_eq!(plan.summary.applied, ["main.ftl: files[other]"], "{}", plan.summary);
        assert_eq!(
            fs::read_to_string(dir.path().join("locales/pl/main.ftl")).unwrap(),
            POLISH_PLURALS.replace(
                "   *[many] Jest { $n } plików.\n",
                "   *[many] Jest { $n } plików.\n    [other] Jest { $n } pliku.\n"
            ),
            "{version:?}"
        );
    }
}

#[test]
fn a_changed_variant_keeps_its_siblings_bytes_and_a_new_one_goes_in_cldr_order() {
    let dir = plural_project();
    let all = export(dir.path(), Version::V1_2, true);
    // The agency changes [few] of `files` and adds [few] to `kept`.
    let changed = all.replacen("Są <ph", "Są aż <ph", 1);
    let xliff = fill(&changed, "kept[few]", "kilka");
    let plan = import(dir.path(), xliff.as_bytes());
    assert_eq!(plan.summary.applied, ["main.ftl: files[few]", "main.ftl: kept[few]"], "{}", plan.summary);
    assert_eq!(
        fs::read_to_string(dir.path().join("locales/pl/main.ftl")).unwrap(),
        POLISH_PLURALS
            .replace("[few] Są { $n } pliki.", "[few] Są aż { $n } pliki.")
            .replace("        [one] jeden\n", "        [one] jeden\n        [few] kilka\n")
    );
}

#[test]
fn an_untouched_export_with_memory_prefills_imports_as_no_change() {
    let matches = HashMap::from([
        (
            ("main.ftl".to_string(), "files[one]".to_string()),
            vec![Match {
                score: 100,
                source: "Il y a { $n } fichier.".into(),
                target: "Jest { $n } plik.".into(),
                origin: "tm/project.tmx".into(),
            }],
        ),
        (
            ("main.ftl".to_string(), "button.accesskey".to_string()),
            vec![Match {
                score: 101,
                source: "E".into(),
                target: "W".into(),
                origin: "tm/project.tmx".into(),
            }],
        ),
    ]);
    for version in [Version::V1_2, Version::V2_1] {
        let dir = project_copy(&fixture());
        let before = snapshot(dir.path());
        let xliff = export_with(dir.path(), version, false, &matches);
        let plan = import(dir.path(), xliff.as_bytes());
        assert_eq!(plan.changes, [], "{version:?}: {}", plan.summary);
        let skipped: Vec<String> = plan.summary.skipped.iter().map(|r| r.to_string()).collect();
        let state = if version == Version::V1_2 { "needs-review-translation" } else { "initial" };
        for unit in ["files[one]", "button.accesskey"] {
            let expected = format!("main.ftl: {unit}: state `{state}`: not confirmed by a translator");
            assert!(skipped.contains(&expected), "{version:?}: {skipped:?}");
        }
        assert_eq!(snapshot(dir.path()), before);

        // A translator who confirms the pre-fill makes it apply.
        let confirmed = match version {
            Version::V1_2 => xliff.replacen(
                "state=\"needs-review-translation\" state-qualifier=\"id-match\"",
                "state=\"translated\"",
                1,
            ),
            Version::V2_1 => xliff.replacen(
                "state=\"initial\" subState=\"fluentpress:context-match\"",
                "state=\"translated\"",
                1,
            ),
        };
        let plan = import(dir.path(), confirmed.as_bytes());
        assert_eq!(plan.summary.applied, ["main.ftl: button.accesskey"], "{version:?}: {}", plan.summary);
    }
}

#[test]
fn approved_yes_confirms_a_prefilled_1_2_target() {
    let dir = project_copy(&fixture());
    let unit = UNIT_1_2
        .replace("ORIGINAL", "main.ftl")
        .replace(
            "<trans-unit id=\"button.accesskey\">",
            "<trans-unit id=\"button.accesskey\" approved=\"yes\">",
        )
        .replace("state=\"translated\"", "state=\"needs-review-translation\"");
    assert_eq!(plan_of(dir.path(), unit.as_bytes()).summary.applied, ["main.ftl: button.accesskey"]);
}

/// The `resolution-title` of the repository's project: its Polish has a
/// term reference the French lacks.
#[test]
fn a_code_only_the_translation_has_is_the_translators_not_invented() {
    let dir = project_of(&[
        ("fluentpress.toml", PL_ONLY),
        ("locales/fr/main.ftl", "resolution-title = Objectifs de la ville\n"),
        ("locales/pl/main.ftl", "resolution-title = Cele { -city(case: \"genitive\") }\n-city = Kraków\n"),
    ]);
    let all = export(dir.path(), Version::V1_2, true);
    let edited =
        all.replacen("<target state=\"translated\">Cele ", "<target state=\"translated\">Główne cele ", 1);
    assert_ne!(edited, all);
    let plan = import(dir.path(), edited.as_bytes());
    assert_eq!(plan.summary.applied, ["main.ftl: resolution-title"], "{}", plan.summary);
    assert_eq!(
        fs::read_to_string(dir.path().join("locales/pl/main.ftl")).unwrap(),
        "resolution-title = Główne cele { -city(case: \"genitive\") }\n-city = Kraków\n"
    );
    // A code neither the source nor the translation has is still invented.
    let invented = all.replacen(
        "<target state=\"translated\">Cele ",
        "<target state=\"translated\"><ph id=\"x2\">{ $who }</ph> ",
        1,
    );
    let plan = plan_of(dir.path(), invented.as_bytes());
    assert_eq!(plan.summary.rejected.len(), 1, "{}", plan.summary);
    assert!(plan.summary.rejected[0].reason.contains("invents the code x2 `{ $who }`"), "{}", plan.summary);
}

#[test]
fn memory_matches_carry_their_placeables_as_codes_a_cat_tool_can_insert() {
    let matches = HashMap::from([(
        ("main.ftl".to_string(), "files[other]".to_string()),
        vec![Match {
            score: 87,
            source: "Il y a { $n } fichiers.".into(),
            target: "Jest { $n } pliku.".into(),
            origin: "tm/project.tmx".into(),
        }],
    )]);
    for version in [Version::V1_2, Version::V2_1] {
        let dir = plural_project();
        let xliff = export_with(dir.path(), version, false, &matches);
        // What a CAT tool does: copy the match's target into the unit's.
        let (open, close) = match version {
            Version::V1_2 => ("<alt-trans match-quality=\"87\" origin=\"tm/project.tmx\">", "</alt-trans>"),
            Version::V2_1 => ("<mtc:match ref=\"#m1\" similarity=\"87\"", "</mtc:match>"),
        };
        let at = xliff.find(open).unwrap_or_else(|| panic!("{xliff}"));
        let block = &xliff[at..at + xliff[at..].find(close).unwrap()];
        let target = &block[block.find("<target>").unwrap() + 8..block.find("</target>").unwrap()];
        assert!(
            target.starts_with("Jest <ph id=\"1\"") && target.ends_with(" pliku."),
            "{version:?}: {target}"
        );
        let filled = fill(&xliff, "files[other]", target);
        let plan = plan_of(dir.path(), filled.as_bytes());
        assert_eq!(plan.summary.applied, ["main.ftl: files[other]"], "{version:?}: {}", plan.summary);
        assert!(
            plan.changes[0].after.contains("    [other] Jest { $n } pliku.\n"),
            "{}",
            plan.changes[0].after
        );
    }
}

#[test]
fn a_conflict_makes_the_import_command_exit_1_unless_forced() {
    let dir = project_copy(&fixture());
    let xliff = fill(&export(dir.path(), Version::V1_2, false), "button.accesskey", "W");
    let source = dir.path().join("locales/fr/main.ftl");
    fs::write(&source, fs::read_to_string(&source).unwrap().replace(".accesskey = E", ".accesskey = N"))
        .unwrap();
    let file = dir.path().join("agency.xlf");
    fs::write(&file, xliff).unwrap();
    let out = cli(dir.path(), &["xliff", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stdout(&out));
    assert!(common::stdout(&out).contains("conflicts 1"), "{}", common::stdout(&out));
    let out = cli(dir.path(), &["xliff", "import", "--force", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stdout(&out));
}

/// A sample of the OASIS suite's invalid documents, kept in the repository:
/// each refused at the line and column of its fault, with the rule it breaks.
#[test]
fn invalid_xliff_2_documents_are_refused_where_they_break_a_rule() {
    let expected = [
        ("bad_NoFile.xlf", r#"line 3, column 9: invalid XLIFF 2: an <xliff> needs at least one <file>"#),
        ("bad_UnitWithoutSegment.xlf", r#"line 4, column 3: invalid XLIFF 2: the unit `1` has no <segment>"#),
        (
            "bad_DataRefWithoutOriginalData.xlf",
            r#"line 6, column 13: invalid XLIFF 2: dataRef="d1" names no <data> of the unit"#,
        ),
        (
            "bad_EcBeforeSc.xlf",
            r#"line 6, column 13: invalid XLIFF 2: <ec startRef="1"> has no <sc> before it"#,
        ),
        (
            "bad_MissingNonRemovable1.xlf",
            r#"line 18, column 13: invalid XLIFF 2: the target drops the code `4`, which may not be deleted"#,
        ),
        (
            "bad_WrongReordering1.xlf",
            r#"line 4, column 3: invalid XLIFF 2: the target reorders the codes 1, 2, 3 that may not be reordered"#,
        ),
        (
            "bad_InvalidStateValue.xlf",
            r#"line 5, column 4: invalid XLIFF 2: `badState` is not a valid value of state on <segment>"#,
        ),
        ("bad_SubStateWithoutState.xlf", r#"line 5, column 4: invalid XLIFF 2: subState needs state"#),
        ("bad_NoTrgLang.xlf", r#"line 7, column 5: invalid XLIFF 2: a <target> needs trgLang on <xliff>"#),
        (
            "bad_WrongLangOnTarget.xlf",
            r#"line 8, column 5: invalid XLIFF 2: the target is in `ja`, not trgLang `fr`"#,
        ),
        (
            "bad_InvalidFragIdBadOrder.xlf",
            r#"line 13, column 22: invalid XLIFF 2: `#/u=u1/f=f1/gls=g1` has its selectors out of order or repeated"#,
        ),
        (
            "bad_DuplicateNoteIdsInFile.xlf",
            r#"line 6, column 4: invalid XLIFF 2: two notes have the ID `n1`"#,
        ),
        (
            "bad_InvalidExtensionElementOutsideFile.xlf",
            r#"line 15, column 2: invalid XLIFF 2: <badElem> cannot be in <xliff>: it holds <file>s only"#,
        ),
        (
            "bad_InvalidHexRangeOnCp.xlf",
            r#"line 6, column 13: invalid XLIFF 2: <cp hex="00a0"/> is for characters XML cannot hold"#,
        ),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xliff-2.1-invalid");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlf"))
        .collect();
    names.sort();
    let mut listed: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    listed.sort();
    assert_eq!(names, listed, "every fixture has its expected refusal");
    for (name, message) in expected {
        let error = read_units(&fs::read(dir.join(name)).unwrap()).map(|u| u.len()).unwrap_err();
        assert_eq!(error.to_string(), message, "{name}");
    }
}

#[test]
fn a_file_without_a_target_language_is_named_and_imports_with_target() {
    let dir = project_copy(&fixture());
    let file = dir.path().join("agency.xlf");
    fs::write(&file, UNIT_1_2.replace("ORIGINAL", "main.ftl").replace(" target-language=\"pl\"", ""))
        .unwrap();
    let out = cli(dir.path(), &["xliff", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        common::stderr(&out),
        format!(
            "error: {}: the XLIFF names no target language (XLIFF 1.2's target-language, 2.x's trgLang): \
             name it with --target\n",
            file.display()
        )
    );
    let out = cli(dir.path(), &["xliff", "import", "--target", "pl", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}{}", common::stdout(&out), common::stderr(&out));
    assert!(common::stdout(&out).contains("applied 1,"), "{}", common::stdout(&out));
    // A file that names its language must agree with --target.
    fs::write(&file, UNIT_1_2.replace("ORIGINAL", "main.ftl")).unwrap();
    let out = cli(dir.path(), &["xliff", "import", "--target", "en", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        common::stderr(&out),
        format!("error: {}: the XLIFF translates into `pl`, not `en` as --target says\n", file.display())
    );
}
