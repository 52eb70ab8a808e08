//! The glossary: TBX files read (the shared corpus of real files), written
//! and validated, the commands, and what `check` enforces with it.

mod common;

use fluentpress::glossary::tbx::{self, TbxError};
use std::collections::BTreeMap;

/// `expected-validation.tsv`: per file, each check's verdict and note.
fn expected() -> BTreeMap<String, BTreeMap<String, (String, String)>> {
    let tsv = std::fs::read_to_string(common::corpus("corpora/tbx/expected-validation.tsv")).unwrap();
    let mut out: BTreeMap<String, BTreeMap<String, (String, String)>> = BTreeMap::new();
    for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let note = cells.get(3).copied().unwrap_or_default().to_string();
        out.entry(cells[0].to_string())
            .or_default()
            .insert(cells[1].to_string(), (cells[2].to_string(), note));
    }
    out
}

#[test]
#[ignore = "needs ../shared corpora"]
fn every_shared_tbx_file_is_read_or_refused_as_the_validation_table_leads_to_expect() {
    let mut report = Vec::new();
    for (file, checks) in expected() {
        let path = common::corpus("corpora/tbx").join(&file);
        let well_formed = checks.get("wellformed").is_some_and(|(v, _)| v == "OK");
        let a_tbx = checks.get("tbx-root").is_none_or(|(v, _)| v != "n/a");
        let read = tbx::read_file(&path);
        match (&read, well_formed && a_tbx) {
            (Ok(glossary), true) => {
                let terms: usize =
                    glossary.concepts.iter().flat_map(|c| &c.languages).map(|l| l.terms.len()).sum();
                report.push(format!("{file}: {} concepts, {terms} terms", glossary.concepts.len()));
            }
            (Err(TbxError::Malformed { line, column, problem }), false) => {
                report.push(format!("{file}: refused at {line}:{column}: {problem}"));
            }
            (other, expected_ok) => panic!(
                "{file}: expected {}, got {other:?}",
                if expected_ok { "a glossary" } else { "a refusal" }
            ),
        }
    }
    // The three files that are not XML, at the place their fault starts;
    // the XCS files are no TBX; the rest read, IATE's and the Polish
    // sample's terms among them.
    for expected in [
        "v2/tbxutils/CorruptStreamEOF.xml: refused at 1:22: malformed XML: the file ends before its root element does",
        "v2/tbxutils/CorruptStreamIllform.xml: refused at 1:1: malformed XML: syntax error: XML declaration not closed: `?>` not found before end of input",
        "v2/tbxutils/InvalidTagName.xml: refused at 3:1: malformed XML: after its name, a document type has SYSTEM \"…\", PUBLIC \"…\" \"…\" or [ … ]",
        "v2/perl-tbx/hi.xcs: refused at 3:1: not a TBX document: the root element is <TBXXCS> in ``",
        "v3/iate/IATE_export.tbx: 6 concepts, 19 terms",
        "v2/okapi/medtronic_TBX.tbx: 3 concepts, 62 terms",
        "v2/okapi/test02_win1254.tbx: 1 concepts, 2 terms",
        "v2/weblate/fr-extended-metadata.tbx: 2 concepts, 4 terms",
    ] {
        assert!(report.iter().any(|line| line == expected), "{expected}\n{}", report.join("\n"));
    }
    let medtronic = tbx::read_file(&common::corpus("corpora/tbx/v2/okapi/medtronic_TBX.tbx")).unwrap();
    assert!(medtronic.concepts.iter().all(|c| c.terms("pl").count() > 0 && c.terms("fr").count() > 0));
    let turkish = tbx::read_file(&common::corpus("corpora/tbx/v2/okapi/test02_win1254.tbx")).unwrap();
    let tr: Vec<&str> = turkish.concepts[0].terms("tr").map(|t| t.text.as_str()).collect();
    assert!(tr.iter().any(|t| t.contains('ı') || t.contains('İ')), "{tr:?}");
}

const GLOSSARY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="fr">
  <martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="european-funds">
      <langSet xml:lang="fr"><tig><term>fonds européens</term></tig></langSet>
      <langSet xml:lang="pl">
        <tig><term>fundusze europejskie</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>eurofundusze</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="en"><tig><term>European funds</term></tig></langSet>
    </termEntry>
    <termEntry id="committee-of-the-regions">
      <langSet xml:lang="fr"><tig><term>Comité des régions</term></tig></langSet>
      <langSet xml:lang="pl">
        <tig><term>Komitet Regionów</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>Komisja Regionów</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="en"><tig><term>Committee of the Regions</term></tig></langSet>
    </termEntry>
    <termEntry id="magiczny-krakow">
      <descrip type="transferComment">do not translate</descrip>
      <langSet xml:lang="fr"><tig><term>Magiczny Kraków</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"#;

/// The clean fixture with a glossary and messages that use its terms: the
/// Polish with one fault of each kind, the English right.
fn project_with_terms() -> tempfile::TempDir {
    let dir = common::scratch("clean");
    std::fs::create_dir(dir.path().join("glossary")).unwrap();
    std::fs::write(dir.path().join("glossary/project.tbx"), GLOSSARY).unwrap();
    let add = |locale: &str, text: &str| {
        let path = dir.path().join(format!("locales/{locale}/terms.ftl"));
        std::fs::write(path, text).unwrap();
    };
    add(
        "fr",
        "funds = Les fonds européens soutiennent la ville.\n\
         committee = Le Comité des régions se réunit.\n\
         brand = Bienvenue à Magiczny Kraków.\n\
         cases = La ville reçoit des fonds européens.\n",
    );
    add(
        "pl",
        "funds = Pieniądze wspierają miasto.\n\
         committee = Komisja Regionów obraduje.\n\
         brand = Witamy w Magicznym Krakowie.\n\
         cases = Miasto otrzymuje fundusze europejskie, nie eurofundusze.\n",
    );
    add(
        "en",
        "funds = European funds support the city.\n\
         committee = The Committee of the Regions meets.\n\
         brand = Welcome to Magiczny Kraków.\n\
         cases = The city receives European funds.\n",
    );
    dir
}

#[test]
fn check_finds_a_missing_a_forbidden_and_a_translated_term_at_their_places() {
    let dir = project_with_terms();
    let out = common::fluentpress(dir.path(), &["check", "--format", "json"]);
    let terms: Vec<String> = common::findings(&out).into_iter().filter(|f| f.contains(" term-")).collect();
    assert_eq!(
        terms,
        [
            "warning term-missing locales/pl/terms.ftl:1:9 the source says `fonds européens`, and the translation has none of its terms",
            "warning term-forbidden locales/pl/terms.ftl:2:13 `Komisja Regionów` is a forbidden term",
            "warning term-missing locales/pl/terms.ftl:2:13 the source says `Comité des régions`, and the translation has none of its terms",
            "warning term-untranslated locales/pl/terms.ftl:3:9 `Magiczny Kraków` is not to be translated",
            "warning term-forbidden locales/pl/terms.ftl:4:52 `eurofundusze` is a forbidden term",
        ]
    );
    let report: serde_json::Value = serde_json::from_str(&common::stdout(&out)).unwrap();
    let notes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("term-"))
        .map(|d| d["notes"][0].as_str().unwrap())
        .collect();
    assert_eq!(
        notes,
        [
            "the glossary translates it as `fundusze europejskie` (preferred)",
            "the glossary forbids `Komisja Regionów`: use `Komitet Regionów`",
            "the glossary translates it as `Komitet Regionów` (preferred)",
            "the glossary keeps `Magiczny Kraków` as it is in every language",
            "the glossary forbids `eurofundusze`: use `fundusze europejskie`",
        ]
    );
}

#[test]
fn a_term_finding_is_allowed_or_silenced_like_any_qa_finding() {
    let dir = project_with_terms();
    let pl = dir.path().join("locales/pl/terms.ftl");
    common::edit(
        &pl,
        "funds = ",
        "# fluentpress-allow: term-missing -- a paraphrase the council accepted\nfunds = ",
    );
    let manifest = dir.path().join("fluentpress.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text + "\n[check]\nterm-forbidden = \"off\"\n").unwrap();
    let out = common::fluentpress(dir.path(), &["check", "--format", "json"]);
    let terms: Vec<String> = common::findings(&out).into_iter().filter(|f| f.contains(" term-")).collect();
    assert_eq!(
        terms,
        [
            "warning term-missing locales/pl/terms.ftl:2:9 the source says `fonds européens`, and the translation has none of its terms",
            "warning term-missing locales/pl/terms.ftl:3:13 the source says `Comité des régions`, and the translation has none of its terms",
            "warning term-untranslated locales/pl/terms.ftl:4:9 `Magiczny Kraków` is not to be translated",
        ]
    );
    let report: serde_json::Value = serde_json::from_str(&common::stdout(&out)).unwrap();
    assert_eq!(report["diagnostics"][0]["allowed"], "a paraphrase the council accepted");
}

#[test]
fn lookup_shows_each_term_of_a_text_with_its_translations_and_status() {
    let dir = project_with_terms();
    let out = common::fluentpress(
        dir.path(),
        &["glossary", "lookup", "Le Comité des régions et les fonds européens", "--target", "pl"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        common::stdout(&out),
        "Comité des régions (committee-of-the-regions)\n  pl: Komitet Regionów [preferred], Komisja Regionów [forbidden]\n\
         fonds européens (european-funds)\n  pl: fundusze europejskie [preferred], eurofundusze [forbidden]\n"
    );
}

#[test]
fn import_merges_into_the_project_glossary_and_a_malformed_file_changes_nothing() {
    let dir = project_with_terms();
    let own = dir.path().join("glossary/project.tbx");
    let incoming = dir.path().join("iate.tbx");
    std::fs::write(
        &incoming,
        "<tbx type=\"TBX-IATE\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body>\
         <conceptEntry id=\"1875\"><langSec xml:lang=\"fr\"><termSec><term>fonds européens</term></termSec></langSec>\
         <langSec xml:lang=\"de\"><termSec><term>europäische Fonds</term></termSec></langSec>\
         <langSec xml:lang=\"en\"><termSec><term>EU funds</term></termSec></langSec></conceptEntry>\
         <conceptEntry id=\"99\"><langSec xml:lang=\"de\"><termSec><term>Stadtrat</term></termSec></langSec></conceptEntry>\
         <conceptEntry id=\"c7\"><langSec xml:lang=\"fr\"><termSec><term>patrimoine</term></termSec></langSec>\
         <langSec xml:lang=\"pl\"><termSec><term>dziedzictwo</term></termSec></langSec></conceptEntry>\
         </body></text></tbx>",
    )
    .unwrap();
    let out = common::binary()
        .arg("--project")
        .arg(dir.path())
        .args(["glossary", "import"])
        .arg(&incoming)
        .args(["--creator", "IATE"])
        .env("SOURCE_DATE_EPOCH", "1796169600")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert_eq!(
        common::stderr(&out),
        "skipped `99` (line 1): no term in fr, pl, en\n\
         glossary/project.tbx: 1 concept(s) added, 1 extended, 0 already there, 1 skipped\n"
    );
    let written = std::fs::read_to_string(&own).unwrap();
    let glossary = tbx::read(written.as_bytes()).unwrap();
    let ids: Vec<&str> = glossary.concepts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c7", "committee-of-the-regions", "european-funds", "magiczny-krakow"]);
    let funds: Vec<String> = glossary.concepts[2]
        .languages
        .iter()
        .flat_map(|l| l.terms.iter().map(move |t| format!("{}:{}", l.lang, t.text)))
        .collect();
    assert_eq!(
        funds,
        [
            "en:European funds",
            "en:EU funds",
            "fr:fonds européens",
            "pl:fundusze europejskie",
            "pl:eurofundusze"
        ]
    );
    assert!(written.contains(
        "<transacNote type=\"responsibility\">IATE</transacNote>\n          <date>2026-12-02</date>"
    ));

    // The same file again changes nothing: `1875` is the same concept.
    let again = common::fluentpress(dir.path(), &["glossary", "import", incoming.to_str().unwrap()]);
    assert_eq!(
        common::stderr(&again),
        "skipped `99` (line 1): no term in fr, pl, en\n\
         glossary/project.tbx: 0 concept(s) added, 0 extended, 2 already there, 1 skipped\n"
    );
    assert_eq!(std::fs::read_to_string(&own).unwrap(), written);

    // A malformed file is refused at its place, and the glossary stays as it was.
    std::fs::write(
        &incoming,
        "<martif type=\"TBX\" xml:lang=\"en\">\n<text><body><termEntry>\n</body></text></martif>",
    )
    .unwrap();
    let refused = common::fluentpress(dir.path(), &["glossary", "import", incoming.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let said = common::stderr(&refused);
    assert!(said.starts_with("error[tbx]: malformed XML"), "{said}");
    assert!(said.contains(&format!(" --> {}:3:1\n", incoming.display())), "{said}");
    assert_eq!(std::fs::read_to_string(&own).unwrap(), written);
}

/// Runs a validator; its verdict and what it said.
fn validates(program: &str, args: &[&str], file: &std::path::Path) -> (bool, String) {
    let out = std::process::Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
#[ignore = "needs xmllint and jing"]
fn the_exported_glossary_is_valid_tbx_basic_and_the_xliff_2_1_glossary_module_too() {
    let dir = project_with_terms();
    let schemas = common::shared_dir().join("schemas");
    let v2 = schemas.join("tbx/v2");
    let tbx_file = dir.path().join("out.tbx");
    let out = common::fluentpress(
        dir.path(),
        &["glossary", "export", "-o", tbx_file.to_str().unwrap(), "--target", "pl"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    for (program, args) in [
        (
            "xmllint",
            vec!["--noout", "--nonet", "--dtdvalid", v2.join("TBXcoreStructV02.dtd").to_str().unwrap()],
        ),
        (
            "xmllint",
            vec!["--noout", "--nonet", "--dtdvalid", v2.join("TBXBasiccoreStructV02.dtd").to_str().unwrap()],
        ),
        (
            "jing",
            vec![
                "-C",
                v2.join("catalog.xml").to_str().unwrap(),
                v2.join("TBXcoreStructV02.rng").to_str().unwrap(),
            ],
        ),
    ]
    .iter()
    .map(|(p, a)| (*p, a.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
    .collect::<Vec<_>>()
    {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (ok, said) = validates(program, &args, &tbx_file);
        assert!(ok, "{program} {args:?}: {said}");
    }
    let written = std::fs::read_to_string(&tbx_file).unwrap();
    assert!(written.contains("<term>Komisja Regionów</term>"));
    assert!(!written.contains("xml:lang=\"en\">\n"), "only the source and pl: {written}");

    let xliff = dir.path().join("out.xlf");
    let out = common::fluentpress(
        dir.path(),
        &["xliff", "export", "--target", "pl", "--all", "--version", "2.1", "-o", xliff.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let text = std::fs::read_to_string(&xliff).unwrap();
    assert!(text.contains(
        "<gls:glossEntry id=\"g1\">\n          <gls:term source=\"committee-of-the-regions\">Comité des régions</gls:term>\n          \
         <gls:translation id=\"g1-t1\">Komitet Regionów</gls:translation>\n          \
         <gls:definition>Forbidden: Komisja Regionów.</gls:definition>"
    ), "{text}");
    let allmods = schemas.join("xliff-2.1/allmods.xsd");
    let (ok, said) =
        validates("xmllint", &["--noout", "--nonet", "--schema", allmods.to_str().unwrap()], &xliff);
    assert!(ok, "{said}");
}
