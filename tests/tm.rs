//! The translation memory's library core: TMX reading (encodings, errors,
//! entities, language pairs, the LISA compliance kit, DGT-TM), TMX writing
//! (determinism, DTD validity), Fluent round trips, and the fuzzy index's
//! recall against scoring every unit.

mod common;

use common::corpus;
use common::synthetic::{Rng, edit, french_polish};
use fluent_syntax::ast::Entry;
use fluentpress::fsx::Transaction;
use fluentpress::segment::{self, CodeKind, Inline, Segment};
use fluentpress::tm::fuzzy::{Index, Match, Query, similarity};
use fluentpress::tm::tmx::{self, Skip, SkipReason};
use fluentpress::tm::{Date, Error, Memory, Problem, Unit, merge};
use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn read(tmx: &str, source: &str, targets: &[&str]) -> Result<tmx::Read, Error> {
    tmx::read(tmx.as_bytes(), source, targets)
}

fn plain_pairs(units: &[Unit]) -> Vec<(String, String, String)> {
    units.iter().map(|u| (u.target_lang.clone(), u.source.plain_text(), u.target.plain_text())).collect()
}

fn malformed(result: Result<tmx::Read, Error>) -> (usize, usize, Problem) {
    match result {
        Err(Error::Malformed { line, column, problem }) => (line, column, problem),
        other => panic!("not a malformed-file error: {other:?}"),
    }
}

const SMALL: &str = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"fr\"/>\n<body>\n\
<tu><tuv xml:lang=\"fr\"><seg>Ville de Cracovie</seg></tuv><tuv xml:lang=\"pl\"><seg>Miasto Kraków</seg></tuv></tu>\n\
</body>\n</tmx>\n";

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    bytes
}

#[test]
fn utf8_and_utf16_with_either_byte_order_read_the_same() {
    let expected = vec![("pl".to_string(), "Ville de Cracovie".to_string(), "Miasto Kraków".to_string())];
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(SMALL.as_bytes());
    for bytes in [
        SMALL.as_bytes().to_vec(),
        bom,
        utf16(SMALL, false),
        utf16(SMALL, true),
        utf16(SMALL, false)[2..].to_vec(),
    ] {
        let read = tmx::read(&bytes, "fr", &["pl"]).expect("valid TMX");
        assert_eq!(plain_pairs(&read.units), expected);
    }
}

#[test]
fn bad_encodings_are_errors_with_a_position() {
    let mut bytes = SMALL.as_bytes().to_vec();
    let at = SMALL.find("Kraków").expect("in the text") + 4;
    bytes[at] = 0xFF;
    let (line, column, problem) = malformed(tmx::read(&bytes, "fr", &["pl"]));
    assert_eq!((line, column, problem), (5, 93, Problem::Encoding("UTF-8")));

    let mut odd = utf16(SMALL, false);
    odd.push(b'x');
    assert_eq!(malformed(tmx::read(&odd, "fr", &["pl"])), (8, 1, Problem::Encoding("UTF-16LE")));

    let mut lone_surrogate = utf16("<tmx>\n ab", false);
    lone_surrogate.extend(0xD800u16.to_le_bytes());
    assert_eq!(malformed(tmx::read(&lone_surrogate, "fr", &["pl"])), (2, 4, Problem::Encoding("UTF-16LE")));
}

#[test]
fn malformed_xml_is_an_error_at_its_line_and_column() {
    let mismatched = SMALL.replace("</seg></tuv><tuv xml:lang=\"pl\">", "</tuv><tuv xml:lang=\"pl\">");
    let (line, column, problem) = malformed(read(&mismatched, "fr", &["pl"]));
    assert_eq!((line, column), (5, 46));
    assert!(
        matches!(&problem, Problem::Xml(m) if m.contains("expected `</seg>`, but `</tuv>` was found")),
        "{problem}"
    );

    let unclosed = SMALL.replace("</body>\n</tmx>\n", "<tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv>");
    assert_eq!(malformed(read(&unclosed, "fr", &["pl"])), (6, 1, Problem::Unclosed("tu".into())));

    let unquoted = SMALL.replace("<tuv xml:lang=\"fr\">", "<tuv xml:lang=fr>");
    let (line, column, _) = malformed(read(&unquoted, "fr", &["pl"]));
    assert_eq!((line, column), (5, 5));

    assert_eq!(malformed(read("<tmx/><tmx/>", "fr", &["pl"])), (1, 7, Problem::AfterRoot("an element")));
    assert_eq!(malformed(read("\n\n  <xliff/>", "fr", &["pl"])), (3, 3, Problem::NotTmx("xliff".into())));

    let error = read(&unclosed, "fr", &["pl"]).expect_err("malformed");
    assert_eq!(error.to_string(), "6:1: <tu> is not closed before the end of the file");
}

#[test]
fn entities_are_never_declared_nor_expanded() {
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n  <!ENTITY lol \"lol\">\n  <!ENTITY lol2 \"&lol;&lol;\">\n]>\n<tmx><body/></tmx>";
    let error = read(laughs, "fr", &["pl"]).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "3:3: entity declarations are not allowed: only XML's built-in entities are expanded"
    );
    let external = "<!DOCTYPE tmx [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]><tmx>&secret;</tmx>";
    assert_eq!(malformed(read(external, "fr", &["pl"])), (1, 16, Problem::EntityDeclaration));
    let parameter = "<!DOCTYPE tmx [<!ENTITY % p SYSTEM \"http://example.com/x.dtd\"> %p;]><tmx/>";
    assert_eq!(malformed(read(parameter, "fr", &["pl"])), (1, 16, Problem::EntityDeclaration));

    let undeclared = SMALL.replace("Miasto", "&miasto;");
    assert_eq!(malformed(read(&undeclared, "fr", &["pl"])), (5, 82, Problem::UnknownEntity("miasto".into())));

    // The document type itself, with an external DTD, is fine and never read.
    let doctype =
        SMALL.replace("<tmx version", "<!DOCTYPE tmx SYSTEM \"http://example.com/tmx14.dtd\">\n<tmx version");
    let built_ins = doctype.replace("Miasto", "&lt;&gt;&amp;&apos;&quot;&#x4D;&#105;asto");
    let read = read(&built_ins, "fr", &["pl"]).expect("valid TMX");
    assert_eq!(read.units[0].target.plain_text(), "<>&'\"Miasto Kraków");
}

#[test]
fn a_file_without_the_language_pair_names_the_languages_it_has() {
    let error = read(SMALL, "de", &["pl", "en"]).expect_err("no pair");
    assert_eq!(error.to_string(), "no unit pairs `de` with `pl`, `en`; the file's languages are fr, pl");
    // An empty memory is not an error.
    let empty = read("<tmx version=\"1.4\"><header/><body></body></tmx>", "fr", &["pl"]).expect("valid TMX");
    assert_eq!((empty.units.len(), empty.tu_count), (0, 0));
}

const MULTI: &str = r#"<tmx version="1.4"><header srclang="de-DE"/><body>
<tu tuid="1" creationdate="20190101T000000Z" creationid="tu" changedate="20190102T000000Z">
  <prop type="Txt::Doc. No.">22019D0391</prop><note>Note</note>
  <tuv lang="DE-DE"><seg>Stadt</seg></tuv>
  <tuv lang="PL-01" changedate="20200102T030405Z" changeid="pl-reviewer"><seg>Miasto</seg></tuv>
  <tuv lang="FR-FR"><seg>Ville</seg></tuv>
  <tuv xml:lang="en-GB"><seg>City</seg></tuv>
</tu>
<tu><tuv xml:lang="de"><seg>Brücke</seg></tuv><tuv xml:lang="pl"><seg>Most</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>Rue</seg></tuv><tuv xml:lang="de"><seg>Straße</seg></tuv></tu>
<tu><tuv><seg>?</seg></tuv><tuv xml:lang="fr"><seg>Place</seg></tuv><tuv xml:lang="en"><seg> </seg></tuv></tu>
<tu changedate="yesterday"><tuv xml:lang="fr"><seg>Parc</seg></tuv><tuv xml:lang="pl"/></tu>
<tu changedate="2021-03-04T05:06:07Z"><tuv xml:lang="fr-CA"><seg>Pont</seg></tuv><tuv xml:lang="pl"><seg>Most</seg></tuv><tuv xml:lang="fr"><seg>Pont-levis</seg></tuv></tu>
</body></tmx>"#;

#[test]
fn multilingual_units_give_one_unit_per_target_whatever_the_srclang() {
    let read = read(MULTI, "fr", &["pl", "en"]).expect("valid TMX");
    assert_eq!(
        plain_pairs(&read.units),
        [("pl", "Ville", "Miasto"), ("en", "Ville", "City"), ("pl", "Pont", "Most")].map(|(l, s, t)| (
            l.to_string(),
            s.to_string(),
            t.to_string()
        ))
    );
    assert_eq!(read.tu_count, 6);
    let date = |d: &str| Date::parse(d);
    let [polish, english, bridge] = &read.units[..] else { panic!("three units") };
    assert_eq!((polish.source_lang.as_str(), polish.target_lang.as_str()), ("fr", "pl"));
    assert_eq!(polish.creation_date, date("20190101T000000Z"));
    assert_eq!(polish.creation_id.as_deref(), Some("tu"));
    assert_eq!(polish.change_date, date("20200102T030405Z"));
    assert_eq!(polish.change_id.as_deref(), Some("pl-reviewer"));
    assert_eq!(polish.props, [("Txt::Doc. No.".to_string(), "22019D0391".to_string())]);
    assert_eq!(polish.notes, ["Note"]);
    assert_eq!(english.change_date, date("20190102T000000Z"));
    assert_eq!(english.change_id, None);
    assert_eq!(bridge.change_date, date("20210304T050607Z"));
    let found = |langs: &[&str]| langs.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert_eq!(
        read.skipped,
        [
            Skip { line: 9, reason: SkipReason::NoSource(found(&["de", "pl"])) },
            Skip { line: 10, reason: SkipReason::NoTarget(found(&["fr", "de"])) },
            Skip { line: 11, reason: SkipReason::NoLanguage },
            Skip { line: 11, reason: SkipReason::Blank("en".into()) },
            Skip {
                line: 12,
                reason: SkipReason::BadDate { attribute: "changedate", value: "yesterday".into() }
            },
            Skip { line: 12, reason: SkipReason::NoSegment("pl".into()) },
        ]
    );
    assert_eq!(
        read.skipped.iter().map(|s| s.reason.to_string()).collect::<Vec<_>>(),
        [
            "unit without the source language (it has de, pl)",
            "unit without a target language (it has fr, de)",
            "variant without xml:lang",
            "unit whose en text is empty",
            "changedate=\"yesterday\" is not a date like 20201208T120000Z; the unit is kept without it",
            "unit whose pl variant has no <seg>",
        ]
    );
}

/// The units of a project: French messages and their Polish translations.
fn fluent_units() -> Vec<Unit> {
    let fr = "title = Objectifs et priorités de la coopération internationale\n\
              date = Cracovie, le { DATETIME($date, dateStyle: \"long\") }\n\
              city = Promotion de { -city(case: \"genitive\") } dans le monde : { $count ->\n    [one] un pays\n   *[other] { $count } pays\n}\n\
              braces = Les signes {\"{\"} et < & > restent\n";
    let pl = "title = Cele i priorytety współpracy międzynarodowej\n\
              date = Kraków, { DATETIME($date, dateStyle: \"long\") }\n\
              city = Promocja { -city(case: \"genitive\") } na świecie: { $count ->\n    [one] jeden kraj\n   *[other] { $count } krajów\n}\n\
              braces = Znaki {\"{\"} oraz < & > zostają\n";
    let parse = |text| fluent_syntax::parser::parse(text).expect("valid FTL");
    let (fr, pl) = (parse(fr), parse(pl));
    let mut units = Vec::new();
    for (f, p) in fr.body.iter().zip(&pl.body) {
        let (Entry::Message(f), Entry::Message(p)) = (f, p) else { panic!("messages") };
        let (Some(source), Some(target)) = (&f.value, &p.value) else { panic!("values") };
        let (_, target_parts) = segment::flatten(target);
        for part in segment::flatten(source).1 {
            let source = segment::segment_of(&part.elements, None);
            let translated = target_parts.iter().find(|t| t.keys == part.keys).expect("the same variants");
            let target = segment::segment_of(&translated.elements, Some(&source));
            let keys: String = part.keys.iter().map(|k| format!("[{k}]")).collect();
            let day = Date::from_unix_seconds(1_607_385_600 + 3600 * units.len() as u64);
            units.push(Unit {
                source,
                target,
                source_lang: "fr".into(),
                target_lang: "pl".into(),
                fluent_id: Some(format!("{}{keys}", f.id.name)),
                creation_date: Some(day),
                creation_id: Some("anna".into()),
                change_date: Some(day),
                change_id: Some("jan".into()),
                ..Unit::default()
            });
        }
    }
    units
}

#[test]
fn the_memory_is_written_as_sorted_tmx_and_reads_back() {
    let units = fluent_units();
    let written = tmx::write(&units, "fr");
    let mut reversed = units.clone();
    reversed.reverse();
    assert_eq!(tmx::write(&reversed, "fr"), written, "the order of units in memory does not matter");
    let expected_start = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n  \
         <header creationtool=\"fluentpress\" creationtoolversion=\"{}\" datatype=\"plaintext\" segtype=\"sentence\" \
         adminlang=\"en\" srclang=\"fr\" o-tmf=\"fluentpress\"/>\n  <body>\n    \
         <tu creationdate=\"20201208T040000Z\" creationid=\"anna\" changedate=\"20201208T040000Z\" changeid=\"jan\">\n      \
         <prop type=\"x-fluent-id\">braces</prop>\n      \
         <tuv xml:lang=\"fr\"><seg>Les signes {{ et &lt; &amp; &gt; restent</seg></tuv>\n      \
         <tuv xml:lang=\"pl\"><seg>Znaki {{ oraz &lt; &amp; &gt; zostają</seg></tuv>\n    \
         </tu>\n    <tu creationdate=\"20201208T020000Z\"",
        env!("CARGO_PKG_VERSION")
    );
    assert!(written.starts_with(&expected_start), "{written}");
    assert!(written.ends_with("    </tu>\n  </body>\n</tmx>\n"));

    let read = read(&written, "fr", &["pl"]).expect("valid TMX");
    let mut sorted = units.clone();
    sorted.sort_by(fluentpress::tm::order);
    assert_eq!(read.units, sorted);
    assert!(read.skipped.is_empty());
    // Each variant of a select is a unit of its own, codes numbered as in its source.
    let city: Vec<_> = read
        .units
        .iter()
        .filter(|u| u.fluent_id.as_deref().is_some_and(|id| id.starts_with("city[")))
        .map(|u| (u.fluent_id.as_deref().unwrap_or_default(), u.target.plain_text()))
        .collect();
    assert_eq!(
        city,
        [
            ("city[one]", "Promocja { -city(case: \"genitive\") } na świecie: jeden kraj".to_string()),
            ("city[other]", "Promocja { -city(case: \"genitive\") } na świecie: { $count } krajów".into()),
        ]
    );
}

#[test]
fn importing_merges_and_a_malformed_import_changes_nothing() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("tm/project.tmx");
    fluentpress::fsx::write_atomic(&path, tmx::write(&fluent_units(), "fr").as_bytes()).expect("written");
    let before = fs::read(&path).expect("readable");
    let import = |bytes: &[u8]| -> Result<(), Error> {
        let incoming = tmx::read(bytes, "fr", &["pl"])?;
        let mut memory = tmx::read(&fs::read(&path).expect("readable"), "fr", &["pl"])?.units;
        merge(&mut memory, incoming.units);
        fluentpress::fsx::write_atomic(&path, tmx::write(&memory, "fr").as_bytes()).expect("written");
        Ok(())
    };
    let broken = SMALL.replace("</tmx>", "");
    assert!(matches!(import(broken.as_bytes()), Err(Error::Malformed { .. })));
    assert_eq!(fs::read(&path).expect("readable"), before);
    import(SMALL.as_bytes()).expect("imported");
    import(SMALL.as_bytes()).expect("imported twice");
    let memory = tmx::read(&fs::read(&path).expect("readable"), "fr", &["pl"]).expect("valid TMX").units;
    assert_eq!(memory.len(), 6);
    assert_eq!(memory[0].source.plain_text(), "Ville de Cracovie");
}

// ---------------------------------------------------------------------------
// The LISA TMX compliance kit's import tests.

enum Expect {
    Pairs(&'static [(&'static str, &'static str, &'static str)]),
    NoPair(&'static str),
}

const LATIN: &[(&str, &str, &str)] = &[
    ("en-gb", "à=agrave, é=eacute, æ=aelig", "à=agrave, é=eacute, æ=aelig"),
    ("en-gb", "ÿ=U+00FF, ™=U+2122, ’=U+2019", "ÿ=U+00FF, ™=U+2122, ’=U+2019"),
    ("en-gb", "“=U+201C, –=U+2013, ¤=U+00A4", "“=U+201C, –=U+2013, ¤=U+00A4"),
];

const HTML: &[(&str, &str, &str)] = &[
    ("fr-ca", "The big <b>black</b> <u>cat</u> sleeps.", "Le gros <u>chat</u> <b>noir</b> dors."),
    (
        "fr-ca",
        "Test for special characters = <b><</b>=lt, <b>></b>=gt, <b>&</b>=amp, <b>\"</b>=quot.",
        "Test pour caractères spéciaux = <b><</b>=lt, <b>></b>=gt, <b>&</b>=amp, <b>\"</b>=quot.",
    ),
    (
        "fr-ca",
        "Nested formatting = <b><i><u>Bold+Italic+Underlined</u>, Bold+Italic</i>, Bold</b>.",
        "Format en gigogne = <b><i><u>gras+italique+souligné</u>, gras+italique</i>, gras</b>.",
    ),
    ("fr-ca", "First <b>sentence.", "Première <b>phrase."),
    ("fr-ca", "Second</b> sentence.", "Seconde</b> phrase."),
    ("fr-ca", "Picture: <img src=\"img.png\"/>", "Image: <img src=\"img.png\"/>"),
    ("fr-ca", "Some text with a part highlighted.", "Du texte avec une portion délimitée."),
];

/// Every import test of the kit: the file, the language pair asked for, and
/// what the LISA kit expects to be imported.
const KIT: &[(&str, &str, &[&str], Expect)] = &[
    (
        "ImportTest1A.tmx",
        "en-us",
        &["fr-ca"],
        Expect::Pairs(&[
            ("fr-ca", "First segment with [\t\t   ]", "Premier segment avec [\t\t   ]"),
            ("fr-ca", "Second segment with [  \t\t]", "Second segment avec [  \t\t]"),
        ]),
    ),
    (
        "ImportTest1B.tmx",
        "en-us",
        &["fr-ca"],
        Expect::Pairs(&[("fr-ca", "Text of the segment", "Texte du segment")]),
    ),
    (
        "ImportTest1C.tmx",
        "en-us",
        &["fr-ca"],
        Expect::Pairs(&[
            ("fr-ca", "First entry in US English", "First entry in French Canadian"),
            ("fr-ca", "Second entry in US English", "Second entry in French Canadian"),
            ("fr-ca", "Third entry in US English", "Third entry in French Canadian"),
        ]),
    ),
    ("ImportTest1D.tmx", "en-us", &["en-gb"], Expect::Pairs(LATIN)),
    ("ImportTest1E.tmx", "en-us", &["en-gb"], Expect::Pairs(LATIN)),
    ("ImportTest1F.tmx", "en-us", &["en-gb"], Expect::Pairs(LATIN)),
    ("ImportTest1G.tmx", "en-us", &["en-gb"], Expect::Pairs(LATIN)),
    ("ImportTest1H.tmx", "en-us", &["en-gb"], Expect::Pairs(LATIN)),
    (
        "ImportTest1I.tmx",
        "en-us",
        &["ja-jp"],
        Expect::Pairs(&[(
            "ja-jp",
            "English segment with [    ]",
            "Japanese segment with [\u{3000}\u{3000}]",
        )]),
    ),
    (
        "ImportTest1J.tmx",
        "en-us",
        &["en-gb"],
        Expect::Pairs(&[
            ("en-gb", "First entry in US English", "First entry in UK English"),
            ("en-gb", "Second entry in US English", "Second entry in UK English"),
        ]),
    ),
    (
        "ImportTest1J_many.tmx",
        "en-us",
        &["en-gb"],
        Expect::Pairs(&[
            ("en-gb", "First entry in US English", "First entry in UK English"),
            ("en-gb", "Second entry in US English", "Second entry in UK English"),
        ]),
    ),
    (
        "ImportTest1K.tmx",
        "en-us",
        &["en-gb"],
        Expect::NoPair("no unit pairs `en-us` with `en-gb`; the file's languages are de-de, en-gb, fr-ca"),
    ),
    (
        "ImportTest1L.tmx",
        "en-us",
        &["fr", "en-gb"],
        Expect::Pairs(&[
            ("fr", "Text of the segment.", "Texte du segment."),
            ("en-gb", "Text of the segment.", "Text of the segment."),
        ]),
    ),
    ("ImportTest2A.tmx", "en-us", &["fr-ca"], Expect::Pairs(HTML)),
    ("ImportTest2A-0index.tmx", "en-us", &["fr-ca"], Expect::Pairs(HTML)),
    (
        "ImportTest2B.tmx",
        "en-us",
        &["fr-ca"],
        Expect::Pairs(&[
            ("fr-ca", "The big {\\b black} {\\ul cat} sleeps.", "Le gros {\\ul chat} {\\b noir} dors."),
            (
                "fr-ca",
                "Test for special characters = {\\b <}=lt, {\\b >}=gt, {\\b &}=amp, {\\b \"}=quot.",
                "Test pour caractères spéciaux = {\\b <}=lt, {\\b >}=gt, {\\b &}=amp, {\\b \"}=quot.",
            ),
            (
                "fr-ca",
                "Nested formatting = {\\b {\\i {\\ul Bold+Italic+Underlined}, Bold+Italic}, Bold}.",
                "Format en gigogne = {\\b {\\i {\\ul gras+italique+souligné}, gras+italique}, gras}.",
            ),
            ("fr-ca", "First {\\b sentence.", "Première {\\b phrase."),
            ("fr-ca", "Second} sentence.", "Seconde} phrase."),
            ("fr-ca", "Picture: ", "Image: "),
            ("fr-ca", "Some text with a part highlighted.", "Du text avec une portion délimitée."),
        ]),
    ),
    (
        "ImportTest2C.tmx",
        "en-us",
        &["fr", "en-gb"],
        Expect::Pairs(&[
            (
                "fr",
                "<I><B>Click <IMG SRC=\"here.png\" ALT=\"Start Here!\"> to start.</B>",
                "<I><B>Cliquez <IMG SRC=\"here.png\" ALT=\"Commencez ici !\"> pour commencer.</B>",
            ),
            (
                "en-gb",
                "<I><B>Click <IMG SRC=\"here.png\" ALT=\"Start Here!\"> to start.</B>",
                "<I><B>Click <IMG SRC=\"here.png\" ALT=\"Start Here!\"> to start.</B>",
            ),
        ]),
    ),
];

fn kit(file: &str) -> Vec<u8> {
    fs::read(corpus("corpora/tmx-compliance-kit").join(file)).expect("a kit file")
}

#[test]
#[ignore = "needs ../shared corpora"]
fn lisa_kit_import_tests() {
    let dir = corpus("corpora/tmx-compliance-kit");
    let mut imports: Vec<_> = fs::read_dir(&dir)
        .expect("the kit")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("ImportTest"))
        .collect();
    imports.sort();
    let mut covered: Vec<_> = KIT.iter().map(|(file, ..)| file.to_string()).collect();
    covered.sort();
    assert_eq!(covered, imports, "every import test of the kit is in the table");

    for (file, source, targets, expect) in KIT {
        let result = tmx::read(&kit(file), source, targets);
        match expect {
            Expect::Pairs(pairs) => {
                let read = result.unwrap_or_else(|e| panic!("{file}: {e}"));
                let expected: Vec<_> =
                    pairs.iter().map(|(l, s, t)| (l.to_string(), s.to_string(), t.to_string())).collect();
                assert_eq!(plain_pairs(&read.units), expected, "{file}");
                // What is read is written and read back the same.
                let again = tmx::read(tmx::write(&read.units, source).as_bytes(), source, targets)
                    .unwrap_or_else(|e| panic!("{file} written: {e}"));
                let mut sorted = read.units.clone();
                sorted.sort_by(fluentpress::tm::order);
                assert_eq!(again.units, sorted, "{file} written and read back");
            }
            Expect::NoPair(message) => {
                let error = result.expect_err(file);
                assert!(matches!(error, Error::NoPair { .. }), "{file}: {error}");
                assert_eq!(error.to_string(), *message, "{file}");
            }
        }
    }
}

#[test]
#[ignore = "needs ../shared corpora"]
fn lisa_kit_details_multilingual_units_codes_and_metadata() {
    // 1C: five languages per unit, every pair of US English with another.
    let read =
        tmx::read(&kit("ImportTest1C.tmx"), "en-us", &["ja-jp", "fr-ca", "es-es", "en-gb"]).expect("valid");
    assert_eq!(read.units.len(), 12);
    assert_eq!(
        plain_pairs(&read.units[..4]),
        [
            ("ja-jp", "First entry in Japanese"),
            ("fr-ca", "First entry in French Canadian"),
            ("es-es", "First entry in Spanish"),
            ("en-gb", "First entry in UK English"),
        ]
        .map(|(l, t)| (l.to_string(), "First entry in US English".to_string(), t.to_string()))
    );
    // 1J_many: the third unit has no UK English.
    let read = tmx::read(&kit("ImportTest1J_many.tmx"), "en-us", &["en-gb"]).expect("valid");
    assert_eq!(
        read.skipped,
        [Skip { line: 17, reason: SkipReason::NoTarget(vec!["es-es".into(), "en-us".into()]) }]
    );
    // 1L: every element and attribute; dates, IDs, props and notes kept.
    let read = tmx::read(&kit("ImportTest1L.tmx"), "en-us", &["fr"]).expect("valid");
    let unit = &read.units[0];
    let date = Date::parse("20020523T091200Z");
    assert_eq!((unit.creation_date, unit.change_date), (date, date));
    assert_eq!((unit.creation_id.as_deref(), unit.change_id.as_deref()), (Some("ys"), Some("ys")));
    assert_eq!(unit.props, [("myPropeType".to_string(), "Data".to_string())]);
    assert_eq!(unit.notes, ["Text of tu note 1", "Text of tu note 2"]);
    assert!(read.skipped.is_empty());
    // 2A: paired and isolated codes; 2C: codes with <sub> and <hi>.
    let codes = |segment: &Segment| -> Vec<(CodeKind, Option<String>, Option<String>, String)> {
        segment
            .inlines()
            .iter()
            .filter_map(|i| match i {
                Inline::Code(c) => {
                    Some((c.kind, (!c.id.is_empty()).then(|| c.id.clone()), c.ty.clone(), c.original.clone()))
                }
                _ => None,
            })
            .collect()
    };
    let owned = |kind, id: Option<&str>, ty: Option<&str>, original: &str| {
        (kind, id.map(String::from), ty.map(String::from), original.to_string())
    };
    let read = tmx::read(&kit("ImportTest2A.tmx"), "en-us", &["fr-ca"]).expect("valid");
    assert_eq!(
        codes(&read.units[0].target),
        [
            owned(CodeKind::Bpt, Some("2"), Some("ulined"), "<u>"),
            owned(CodeKind::Ept, Some("2"), None, "</u>"),
            owned(CodeKind::Bpt, Some("1"), Some("bold"), "<b>"),
            owned(CodeKind::Ept, Some("1"), None, "</b>"),
        ]
    );
    assert_eq!(codes(&read.units[4].source), [owned(CodeKind::ItEnd, Some("1"), Some("bold"), "</b>")]);
    let read = tmx::read(&kit("ImportTest2C.tmx"), "en-us", &["fr"]).expect("valid");
    assert_eq!(
        codes(&read.units[0].source),
        [
            owned(CodeKind::ItBegin, Some("1"), Some("italic"), "<I>"),
            owned(CodeKind::Bpt, Some("1"), Some("bold"), "<B>"),
            owned(CodeKind::Ph, Some("3"), Some("image"), "<IMG SRC=\"here.png\" ALT=\"Start Here!\">"),
            owned(CodeKind::HiStart, Some("4"), Some("verb"), ""),
            owned(CodeKind::HiEnd, None, None, ""),
            owned(CodeKind::Ept, Some("1"), None, "</B>"),
        ]
    );
    // The export tests' files are TMX too, one without a document type.
    for (file, count) in [
        ("ExportTest1A.tmx", 4),
        ("ExportTest1B.tmx", 2),
        ("ExportTest1C.tmx", 4),
        ("ExportTest1D.tmx", 4),
        ("ExportTest1E.tmx", 4),
        ("ExportTest2A.tmx", 6),
    ] {
        let read = tmx::read(&kit(file), "en-us", &["fr-ca"]).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(read.units.len(), count, "{file}");
    }
    let read = tmx::read(&kit("ExportTest1A.tmx"), "en-us", &["fr-ca"]).expect("valid");
    assert_eq!(read.units[1].target.plain_text(), "Texte avec 1 tab [\t] et 2 [\t\t]");
    assert_eq!(read.units[3].source.plain_text(), "é=eacute, \u{a0}=nbsp, ¤=curr, ÿ=yumlaut, ©=copy, §=para");
}

#[test]
#[ignore = "needs xmllint"]
fn exported_tmx_is_valid_against_the_tmx_14b_dtd() {
    let dtd = corpus("schemas/tmx-1.4b").join("tmx14.dtd");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut units = fluent_units();
    units[0].props.push(("x-origin".into(), "test & \"quotes\"".into()));
    units[0].notes.push("A note\nover two lines".into());
    let mut files = vec![("fluent.tmx", tmx::write(&units, "fr"))];
    for (file, source, targets, expect) in KIT {
        if let Expect::Pairs(_) = expect {
            let read = tmx::read(&kit(file), source, targets).expect("valid");
            files.push((file, tmx::write(&read.units, source)));
        }
    }
    files.push(("empty.tmx", tmx::write(&[], "fr")));
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::write(&path, text).expect("written");
        let output = Command::new("xmllint")
            .arg("--noout")
            .arg("--dtdvalid")
            .arg(&dtd)
            .arg(&path)
            .output()
            .expect("xmllint runs");
        assert!(output.status.success(), "{name}: {}", String::from_utf8_lossy(&output.stderr));
    }
}

#[test]
#[ignore = "needs ../shared corpora"]
fn dgt_tm_utf16_multilingual_files_give_french_polish_pairs() {
    let dgt = corpus("corpora/parallel/dgt-tm");
    let tsv = fs::read_to_string(dgt.join("dgt-tm_2019_en-fr-pl.tsv")).expect("the TSV");
    let rows: Vec<Vec<&str>> = tsv.lines().skip(1).map(|l| l.split('\t').collect()).collect();
    for (doc, tus, no_french, no_polish) in [
        ("22019A0315(01)", 119, 15, 0),
        ("22019D0391", 25, 6, 0),
        ("22019D0437", 143, 8, 1),
        ("22019D1343", 252, 8, 4),
    ] {
        let bytes = fs::read(dgt.join("tmx-sample").join(format!("{doc}.tmx"))).expect("a DGT file");
        assert_eq!(&bytes[..2], [0xFF, 0xFE], "UTF-16LE with a byte-order mark");
        let read = tmx::read(&bytes, "fr", &["pl"]).expect("valid TMX");
        assert_eq!(read.tu_count, tus, "{doc}");
        let count = |f: fn(&SkipReason) -> bool| read.skipped.iter().filter(|s| f(&s.reason)).count();
        assert_eq!(count(|r| matches!(r, SkipReason::NoSource(_))), no_french, "{doc}");
        assert_eq!(count(|r| matches!(r, SkipReason::NoTarget(_))), no_polish, "{doc}");
        assert_eq!(read.skipped.len(), no_french + no_polish, "{doc}");
        // The TSV has the units with English, French and Polish (`PL-01`),
        // in file order: here every French–Polish unit has English too.
        let expected: Vec<(String, String)> =
            rows.iter().filter(|r| r[0] == doc).map(|r| (r[3].to_string(), r[4].to_string())).collect();
        let found: Vec<(String, String)> =
            read.units.iter().map(|u| (u.source.plain_text(), u.target.plain_text())).collect();
        assert_eq!(found, expected, "{doc}");
        assert!(read.units.iter().all(|u| u.source_lang == "fr" && u.target_lang == "pl"));
        assert!(read.units.iter().all(|u| u.props[0].0 == "Txt::Doc. No." && u.props[0].1 == doc));
    }
}

// ---------------------------------------------------------------------------
// Recall of the index against the exhaustive scorer.

#[test]
#[ignore = "needs ../shared corpora"]
fn the_index_recalls_what_scoring_every_unit_finds_on_50000_units() {
    let pairs = french_polish();
    let vocabulary: Vec<&str> = {
        let mut words: Vec<&str> = pairs.iter().flat_map(|(f, _)| f.split_whitespace()).collect();
        words.sort_unstable();
        words.dedup();
        words
    };
    let mut rng = Rng(20_201_208);
    let started = Instant::now();
    let units: Vec<Unit> = (0..50_000usize)
        .map(|i| {
            let (fr, pl) = &pairs[rng.below(pairs.len())];
            let edits = rng.below(5);
            Unit {
                source: edit(fr, edits, &vocabulary, &mut rng),
                target: Segment::from_text(pl),
                source_lang: "fr".into(),
                target_lang: if i.is_multiple_of(10) { "en".into() } else { "pl".into() },
                fluent_id: i.is_multiple_of(3).then(|| format!("message-{}", i % 1000)),
                ..Unit::default()
            }
        })
        .collect();
    let built = Instant::now();
    let index = Index::new(&units);
    let build_time = built.elapsed();
    let queries: Vec<(Segment, String)> = (0..500)
        .map(|i| {
            let (fr, _) = &pairs[rng.below(pairs.len())];
            (edit(fr, rng.below(4), &vocabulary, &mut rng), format!("message-{}", i % 1000))
        })
        .collect();

    let (mut expected_total, mut recalled, mut identical) = (0usize, 0usize, 0usize);
    let (mut index_times, mut oracle_time) = (Vec::new(), std::time::Duration::ZERO);
    for (source, id) in &queries {
        let query = Query {
            source,
            fluent_id: Some(id),
            fluent_file: None,
            target_lang: "pl",
            min_score: 75,
            limit: usize::MAX,
        };
        let start = Instant::now();
        let found = index.search(&query);
        index_times.push(start.elapsed());
        let start = Instant::now();
        let expected = index.exhaustive(&query);
        oracle_time += start.elapsed();
        let found_set: HashSet<Match> = found.iter().copied().collect();
        expected_total += expected.len();
        recalled += expected.iter().filter(|m| found_set.contains(m)).count();
        // Whatever the index returns, the oracle returns too, with that score.
        let expected_set: HashSet<Match> = expected.iter().copied().collect();
        assert!(found.iter().all(|m| expected_set.contains(m)));
        identical += usize::from(found == expected);
        for m in found.iter().take(3) {
            let score = similarity(source, &units[m.unit].source);
            assert!(m.score == score || (m.score == 101 && score == 100), "{m:?} vs {score}");
        }
        let top = index.search(&Query { limit: 10, ..query });
        assert_eq!(top, expected[..expected.len().min(10)], "top 10 in order");
    }
    index_times.sort();
    let recall = recalled as f64 / expected_total as f64;
    println!(
        "50,000 units (made in {:?}), index built in {build_time:?}; 500 queries at ≥ 75: {expected_total} matches \
         expected, {recalled} found, recall {:.4}, {identical} identical result lists; search p50 {:?}, p99 {:?}, \
         total {:?}; exhaustive total {oracle_time:?}",
        built - started,
        recall,
        index_times[250],
        index_times[495],
        index_times.iter().sum::<std::time::Duration>(),
    );
    assert!(expected_total > 2_000, "the queries have matches to find: {expected_total}");
    assert!(recall >= 0.99, "recall {recall}");
}

// ---------------------------------------------------------------------------
// Reading a file a piece at a time.

/// `tmx::read_file`'s result for `bytes` written to a file, in the shape of
/// `tmx::read`'s.
fn read_as_file(bytes: &[u8], source: &str, targets: &[&str]) -> Result<tmx::Read, String> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("memory.tmx");
    fs::write(&path, bytes).expect("written");
    tmx::read_file(&path, source, targets)
        .map_err(|e| e.to_string().replace(&format!("{}", path.display()), ""))
}

fn same_as_read(bytes: &[u8], source: &str, targets: &[&str]) {
    let whole = tmx::read(bytes, source, targets);
    let streamed = read_as_file(bytes, source, targets);
    match (whole, streamed) {
        (Ok(whole), Ok(streamed)) => {
            assert_eq!(streamed.units, whole.units);
            assert_eq!(streamed.skipped, whole.skipped);
            assert_eq!(streamed.tu_count, whole.tu_count);
        }
        (Err(whole), Err(streamed)) => {
            let expected = match whole {
                Error::Malformed { .. } => format!(":{whole}"),
                _ => format!(": {whole}"),
            };
            assert_eq!(streamed, expected);
        }
        (whole, streamed) => panic!("read: {whole:?}\nread_file: {streamed:?}"),
    }
}

#[test]
fn a_file_read_a_piece_at_a_time_reads_the_same() {
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(SMALL.as_bytes());
    let mut bad_utf8 = SMALL.as_bytes().to_vec();
    bad_utf8[SMALL.find("Kraków").expect("in the text") + 4] = 0xFF;
    let mut odd = utf16(SMALL, false);
    odd.push(b'x');
    let long: String = SMALL.replace(
        "<tu>",
        &"<tu><tuv xml:lang=\"fr\"><seg>Rue &amp; place</seg></tuv><tuv xml:lang=\"pl\"><seg>Ulica</seg></tuv></tu>\n"
            .repeat(3000),
    );
    let inputs: Vec<Vec<u8>> = vec![
        SMALL.into(),
        bom,
        utf16(SMALL, false),
        utf16(SMALL, true),
        utf16(&long, false),
        long.clone().into(),
        bad_utf8,
        odd,
        MULTI.into(),
        SMALL.replace("</seg></tuv><tuv xml:lang=\"pl\">", "</tuv><tuv xml:lang=\"pl\">").into(),
        SMALL.replace("</body>\n</tmx>\n", "<tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv>").into(),
        long.replace("</body>", "<tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv>").into(),
        "<!DOCTYPE tmx [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]><tmx>&secret;</tmx>".into(),
        SMALL.replace("Miasto", "&miasto;").into(),
        "\n\n  <xliff/>".into(),
        Vec::new(),
    ];
    for input in &inputs {
        same_as_read(input, "fr", &["pl"]);
        same_as_read(input, "de", &["pl", "en"]);
    }
    let missing = tmx::read_file(std::path::Path::new("/nonexistent/memory.tmx"), "fr", &["pl"]);
    assert!(matches!(missing, Err(fluentpress::tm::Error::Io { .. })));
}

#[test]
#[ignore = "needs ../shared corpora"]
fn lisa_kit_and_dgt_files_read_a_piece_at_a_time_read_the_same() {
    for (file, source, targets, _) in KIT {
        same_as_read(&kit(file), source, targets);
    }
    let dgt = corpus("corpora/parallel/dgt-tm/tmx-sample");
    for entry in fs::read_dir(dgt).expect("the DGT sample") {
        let bytes = fs::read(entry.expect("an entry").path()).expect("a DGT file");
        same_as_read(&bytes, "fr", &["pl"]);
    }
}

// ---------------------------------------------------------------------------
// The memory's binary cache.

/// A project with a project memory and two reference memories.
fn cached_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let tm = dir.path().join("tm");
    fs::create_dir_all(&tm).expect("created");
    let mut units = fluent_units();
    units[0].notes.push("A note\nover two lines".into());
    units[1].props.push(("x-origin".into(), "test & \"quotes\"".into()));
    fs::write(tm.join("project.tmx"), tmx::write(&units, "fr")).expect("written");
    fs::write(tm.join("a-reference.tmx"), MULTI).expect("written");
    fs::write(tm.join("b-reference.tmx"), SMALL).expect("written");
    dir
}

const TARGETS: &[&str] = &["pl", "en"];

fn load(root: &Path) -> Memory {
    Memory::load(root, "tm/project.tmx", "fr", TARGETS).expect("loaded")
}

fn load_cached(root: &Path) -> Memory {
    Memory::load_cached(root, "tm/project.tmx", "fr", TARGETS, &root.join("out/.cache")).expect("loaded")
}

/// The cache file, and an identity that changes when it is written again.
fn cache_file(root: &Path) -> Option<(std::path::PathBuf, (u64, std::time::SystemTime))> {
    let files: Vec<_> =
        fs::read_dir(root.join("out/.cache")).ok()?.map(|e| e.expect("an entry").path()).collect();
    assert!(files.len() <= 1, "{files:?}");
    let path = files.into_iter().next()?;
    let metadata = fs::metadata(&path).expect("metadata");
    #[cfg(unix)]
    let id = std::os::unix::fs::MetadataExt::ino(&metadata);
    #[cfg(not(unix))]
    let id = metadata.len();
    Some((path, (id, metadata.modified().expect("a time"))))
}

/// The same units, origins and search results.
fn assert_same_memory(found: &Memory, expected: &Memory) {
    assert_eq!(found.units(), expected.units());
    assert_eq!(found.project(), expected.project());
    assert_eq!(found.project_path(), expected.project_path());
    for unit in 0..=expected.units().len() {
        assert_eq!(found.origin(unit), expected.origin(unit), "unit {unit}");
    }
    let (found, expected) = (found.index(), expected.index());
    for text in [
        "Objectifs de la coopération",
        "Ville de Cracovie",
        "Promotion de { -city } dans le monde",
        "Pont",
        "…",
    ] {
        let source = Segment::from_text(text);
        for (target_lang, min_score) in [("pl", 1), ("pl", 60), ("en", 1)] {
            let query = Query {
                source: &source,
                fluent_id: None,
                fluent_file: None,
                target_lang,
                min_score,
                limit: 5,
            };
            assert_eq!(found.search(&query), expected.search(&query), "{text} {target_lang} {min_score}");
        }
    }
}

#[test]
fn a_cached_memory_reads_back_the_same_and_is_not_parsed_again() {
    let dir = cached_project();
    let root = dir.path();
    let parsed = load(root);
    assert!(parsed.units().len() > 5);
    assert_eq!(cache_file(root), None, "load writes no cache");
    let first = load_cached(root);
    let (path, written) = cache_file(root).expect("the cache is written");
    assert!(path.starts_with(root.join("out/.cache")));
    assert_same_memory(&first, &parsed);
    let second = load_cached(root);
    assert_eq!(cache_file(root).map(|(_, id)| id), Some(written), "the cache is read, not written again");
    assert_same_memory(&second, &parsed);
    // Other languages, another cache.
    let english =
        Memory::load_cached(root, "tm/project.tmx", "fr", &["en"], &root.join("out/.cache")).expect("loaded");
    assert_eq!(english.units(), Memory::load(root, "tm/project.tmx", "fr", &["en"]).expect("loaded").units());
    assert_eq!(fs::read_dir(root.join("out/.cache")).expect("the cache").count(), 2);
}

#[test]
fn a_changed_added_or_removed_tmx_file_invalidates_the_cache() {
    let dir = cached_project();
    let root = dir.path();
    load_cached(root);
    let tm = root.join("tm");
    let changes: [&dyn Fn(); 4] = [
        &|| fs::write(tm.join("b-reference.tmx"), SMALL.replace("Miasto", "Gmina")).expect("written"),
        &|| fs::write(tm.join("c-reference.tmx"), SMALL.replace("Ville", "Rue")).expect("written"),
        &|| fs::remove_file(tm.join("a-reference.tmx")).expect("removed"),
        &|| {
            let mut units = fluent_units();
            units.truncate(2);
            fs::write(tm.join("project.tmx"), tmx::write(&units, "fr")).expect("written");
        },
    ];
    for change in changes {
        let (_, before) = cache_file(root).expect("a cache");
        change();
        let memory = load_cached(root);
        assert_same_memory(&memory, &load(root));
        assert_ne!(cache_file(root).map(|(_, id)| id), Some(before), "the cache is written again");
    }
    // No project memory yet: the cache records that too.
    fs::remove_file(tm.join("project.tmx")).expect("removed");
    assert_same_memory(&load_cached(root), &load(root));
    let (_, written) = cache_file(root).expect("a cache");
    assert_same_memory(&load_cached(root), &load(root));
    assert_eq!(cache_file(root).map(|(_, id)| id), Some(written));
}

#[test]
fn a_damaged_cache_is_ignored_and_written_again() {
    let dir = cached_project();
    let root = dir.path();
    load_cached(root);
    let (path, _) = cache_file(root).expect("a cache");
    let good = fs::read(&path).expect("the cache");
    let mut damaged: Vec<Vec<u8>> = vec![
        Vec::new(),
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 1].to_vec(),
        [good.as_slice(), b"x"].concat(),
        b"FPTMCACH\xff\xff\xff\xff".to_vec(),
    ];
    for at in [0, 8, 12, 40, good.len() / 3, good.len() / 2, good.len() - 20, good.len() - 1] {
        let mut flipped = good.clone();
        flipped[at] ^= 0x55;
        damaged.push(flipped);
    }
    // A length far too big: no allocation, no panic.
    let mut huge = good.clone();
    huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    damaged.push(huge);
    for bytes in damaged {
        fs::write(&path, &bytes).expect("written");
        assert_same_memory(&load_cached(root), &load(root));
        assert_eq!(fs::read(&path).expect("the cache"), good, "written again");
    }
}

/// Saves the project memory as the commands do: staged, then committed.
fn save(memory: &Memory, root: &Path) {
    let mut transaction = Transaction::new(root, &root.join("out"));
    memory.save(root, "fr", &mut transaction).expect("staged");
    transaction.commit().expect("saved");
}

#[test]
fn saving_a_cached_memory_writes_its_cache() {
    let dir = cached_project();
    let root = dir.path();
    let mut memory = load_cached(root);
    let incoming =
        tmx::read(SMALL.replace("Ville de Cracovie", "Porte de Cracovie").as_bytes(), "fr", &["pl"])
            .expect("valid TMX")
            .units;
    assert_eq!(memory.merge(incoming).added, 1);
    save(&memory, root);
    let (_, written) = cache_file(root).expect("a cache");
    let again = load_cached(root);
    assert_eq!(cache_file(root).map(|(_, id)| id), Some(written), "the saved cache is read");
    assert_same_memory(&again, &load(root));
    assert_same_memory(&again, &memory);

    // A unit that the TMX file cannot hold as it is: the file read back is
    // not the memory, so the cache is left for the next load to write.
    let mut odd = memory.project()[0].clone();
    odd.source.push_text("\u{1}");
    odd.target_lang = "pl".into();
    memory.merge(vec![odd]);
    save(&memory, root);
    assert_eq!(cache_file(root), None);
    assert_same_memory(&load_cached(root), &load(root));
    assert!(cache_file(root).is_some());
}

#[test]
fn an_empty_memory_is_cached_too() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    assert_same_memory(&load_cached(root), &load(root));
    let (_, written) = cache_file(root).expect("a cache");
    let again = load_cached(root);
    assert_eq!(cache_file(root).map(|(_, id)| id), Some(written));
    assert!(again.units().is_empty());
    assert_eq!(again.project_path(), "tm/project.tmx");
}
