//! TBX, read and written: TBX 2008 (`<martif>`, as IATE, MultiTerm, memoQ
//! and Weblate write it) and TBX v3 (ISO 30042:2019, `<tbx>`), TBX-Basic's
//! data categories in either style — `<termNote type="partOfSpeech">`
//! (DCA) or `<basic:partOfSpeech>` (DCT).
//!
//! Reading goes through the [XML layer](crate::xml): no DTD is read and no
//! entity expanded but XML's five (a document type declaring one is
//! refused), an error is placed at its line and column, and the file is
//! streamed one entry at a time. A file in a legacy encoding its
//! declaration names (`windows-1254`) is decoded first. Readers are lenient
//! where tools are: `tig` or `ntig/termGrp`, categories in any order, `lang`
//! for `xml:lang`, any namespace on the root, unknown categories passed
//! over. Writing gives TBX-Basic, valid against the TBX 2008 DTD and RELAX
//! NG (or v3 in DCA style), concepts and languages in a stable order.

use super::{Concept, Glossary, Language, Status, Term};
use crate::diagnostic::{Diagnostic, Position};
use crate::xml::tree::{self, Broken, Element, Format, Structure};
use crate::xml::{self, Doctype, Policy, Unwritable};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// TBX 2008 files name their DTD; some declare legacy encodings, which are
/// decoded before reading.
const FORMAT: Format = Format {
    name: "TBX",
    policy: Policy {
        doctype: Doctype::WithoutEntities,
        check_declared_encoding: false,
        check_comments: false,
    },
    max_element_bytes: 16 << 20,
    max_depth: 64,
};

/// The namespace of TBX v3's core elements (older drafts used `ed:3.0`).
pub const V3_NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TbxVersion {
    /// TBX 2008 (`<martif>`): what every CAT tool reads.
    V2008,
    /// TBX v3, ISO 30042:2019 (`<tbx>`), DCA style.
    V3,
}

#[derive(Debug, thiserror::Error)]
pub enum TbxError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("line {line}, column {column}: {problem}")]
    Malformed { line: usize, column: usize, problem: String },
}

impl TbxError {
    /// The error as a diagnostic of the file at `path`, shown as `shown`.
    pub fn diagnostic(&self, path: &Path, shown: &str) -> Diagnostic {
        match self {
            TbxError::Io { source, .. } => {
                Diagnostic::error("tbx", format!("cannot read it: {source}")).in_file(shown)
            }
            TbxError::Malformed { line, column, problem } => {
                let position = Position::in_file(path, *line, *column);
                Diagnostic {
                    position: Some(position),
                    ..Diagnostic::error("tbx", problem.clone()).in_file(shown)
                }
            }
        }
    }
}

/// Reads a TBX file.
pub fn read_file(path: &Path) -> Result<Glossary, TbxError> {
    let bytes = std::fs::read(path).map_err(|source| TbxError::Io { path: path.to_path_buf(), source })?;
    read(&bytes)
}

/// Reads a TBX document: every concept entry, its origin the line it starts on.
pub fn read(bytes: &[u8]) -> Result<Glossary, TbxError> {
    let text = decoded(bytes)?;
    let input: &[u8] = text.as_deref().unwrap_or(bytes);
    let mut reading = Reading { concepts: Vec::new(), offsets: Vec::new() };
    let result = tree::read(input, &FORMAT, |root| {
        matches!(root.name.as_str(), "martif" | "tbx").then_some(&mut reading)
    });
    if let Err(broken) = result {
        return Err(located(input, broken));
    }
    // Each entry's line, the text read once more for all of them.
    let lines = xml::lines(input, &reading.offsets).unwrap_or_default();
    for (concept, line) in reading.concepts.iter_mut().zip(lines) {
        concept.origin = line.to_string();
    }
    Ok(Glossary { concepts: reading.concepts })
}

fn located(input: &[u8], broken: Broken) -> TbxError {
    let (line, column) = xml::locate(input, broken.offset).unwrap_or((1, 1));
    TbxError::Malformed { line, column, problem: broken.message }
}

/// The text of a file whose declaration names a legacy encoding, in UTF-8;
/// `None` for UTF-8 and UTF-16, which the XML layer reads as they are.
fn decoded(bytes: &[u8]) -> Result<Option<Vec<u8>>, TbxError> {
    let Some(declaration) = bytes.strip_prefix(b"<?xml").and_then(|rest| rest.split(|&b| b == b'>').next())
    else {
        return Ok(None);
    };
    let declaration = String::from_utf8_lossy(declaration);
    let Some(name) = declaration
        .split("encoding")
        .nth(1)
        .and_then(|rest| rest.split(['"', '\'']).nth(1))
        .map(|n| n.trim().to_ascii_lowercase())
    else {
        return Ok(None);
    };
    if name.starts_with("utf-8") || name.starts_with("utf8") || name.starts_with("utf-16") {
        return Ok(None);
    }
    let Some(encoding) = encoding_rs::Encoding::for_label(name.as_bytes()) else {
        let problem = format!("the file says it is in `{name}`, an encoding fluentpress does not know");
        return Err(TbxError::Malformed { line: 1, column: 1, problem });
    };
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors {
        let problem = format!("the file is not valid {}", encoding.name());
        return Err(TbxError::Malformed { line: 1, column: 1, problem });
    }
    Ok(Some(text.into_owned().into_bytes()))
}

/// The reading of one file: `<martif>`/`<tbx>`, `<text>` and `<body>` are
/// followed; each entry arrives whole; headers and back matter are passed over.
struct Reading {
    concepts: Vec<Concept>,
    /// Where each concept's entry starts in the decoded text.
    offsets: Vec<u64>,
}

impl Structure for &mut Reading {
    type Stop = Broken;

    fn is_container(&self, element: &Element) -> bool {
        matches!(element.name.as_str(), "text" | "body")
    }

    fn open(&mut self, _: Element) -> Result<(), Broken> {
        Ok(())
    }

    fn leaf(&mut self, element: Element) -> Result<(), Broken> {
        if matches!(element.name.as_str(), "termEntry" | "conceptEntry") {
            let concept = concept(&element);
            if !concept.languages.is_empty() {
                self.concepts.push(concept);
                self.offsets.push(element.offset);
            }
        }
        Ok(())
    }

    fn close(&mut self, _: u64) -> Result<(), Broken> {
        Ok(())
    }
}

/// A data category on an element: DCA's `type` attribute on `termNote`,
/// `descrip`, `admin` and `transac`, DCT's element name, or `note`.
fn category(element: &Element) -> Option<String> {
    match element.name.as_str() {
        "termNote" | "descrip" | "admin" | "transac" | "transacNote" => {
            element.attr("type").map(str::to_string)
        }
        "note" => Some("note".into()),
        "date" => Some("date".into()),
        _ if !element.ns.is_empty()
            && element.ns != V3_NAMESPACE
            && !element.ns.starts_with("urn:iso:std:iso:30042") =>
        {
            Some(element.name.clone())
        }
        _ => None,
    }
}

/// Text as a term or note keeps it: inner markup's text, spaces collapsed.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every category at this level, groups (`descripGrp`, `termNoteGrp`,
/// `transacGrp`, `adminGrp`) opened, the sections below it not.
fn categories(element: &Element) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for child in element.elements() {
        if child.name.ends_with("Grp") && !matches!(child.name.as_str(), "termGrp") {
            out.extend(categories(child));
        } else if let Some(name) = category(child) {
            out.push((name.to_ascii_lowercase(), clean(&child.text())));
        }
    }
    out
}

fn is_do_not_translate(categories: &[(String, String)]) -> bool {
    categories.iter().any(|(name, value)| {
        let value = value.to_ascii_lowercase();
        (name == "transfercomment" || name == "note")
            && (value.contains("do not translate")
                || value.contains("do-not-translate")
                || value.contains("untranslatable"))
    })
}

fn first(categories: &[(String, String)], name: &str) -> Option<String> {
    categories.iter().find(|(n, v)| n == name && !v.is_empty()).map(|(_, v)| v.clone())
}

fn concept(entry: &Element) -> Concept {
    let own = categories(entry);
    let mut concept = Concept {
        id: entry.attr("id").unwrap_or_default().to_string(),
        subject: first(&own, "subjectfield"),
        definition: first(&own, "definition"),
        notes: own.iter().filter(|(n, _)| n == "note").map(|(_, v)| v.clone()).collect(),
        do_not_translate: is_do_not_translate(&own),
        ..Concept::default()
    };
    if let (Some(by), Some(date)) = (first(&own, "responsibility"), first(&own, "date")) {
        concept.origination = Some((by, date));
    }
    for section in entry.elements().filter(|e| matches!(e.name.as_str(), "langSet" | "langSec")) {
        let lang =
            section.attr_ns(xml::NAMESPACE, "lang").or_else(|| section.attr("lang")).unwrap_or_default();
        let mine = categories(section);
        concept.do_not_translate |= is_do_not_translate(&mine);
        let mut language = Language {
            lang: lang.trim().to_string(),
            definition: first(&mine, "definition"),
            terms: Vec::new(),
        };
        for holder in section.elements() {
            let group = match holder.name.as_str() {
                "tig" | "termSec" => Some(holder),
                "ntig" => holder.elements().find(|e| e.name == "termGrp"),
                _ => None,
            };
            let Some(group) = group else { continue };
            let Some(text) = group.elements().find(|e| e.name == "term").map(|t| clean(&t.text())) else {
                continue;
            };
            let mut found = categories(group);
            if group.name == "termGrp" {
                found.extend(categories(holder));
            }
            concept.do_not_translate |= is_do_not_translate(&found);
            let status = first(&found, "administrativestatus")
                .or_else(|| first(&found, "normativeauthorization"))
                .map_or(Status::Unspecified, |v| Status::parse(&v));
            language.terms.push(Term {
                forms: vec![text.clone()],
                text,
                status,
                part_of_speech: first(&found, "partofspeech"),
                term_type: first(&found, "termtype"),
                context: first(&found, "context"),
                notes: found.iter().filter(|(n, _)| n == "note").map(|(_, v)| v.clone()).collect(),
            });
        }
        // Two sections of one language are one.
        match concept.languages.iter_mut().find(|l| l.lang.eq_ignore_ascii_case(&language.lang)) {
            Some(same) => same.terms.extend(language.terms),
            None if !language.terms.is_empty() => concept.languages.push(language),
            None => {}
        }
    }
    concept
}

/// A glossary as TBX-Basic, for `lang` (the document's language) and, when
/// `only` is given, those languages alone; concepts without a term in them
/// are left out.
pub fn write(
    glossary: &Glossary,
    version: TbxVersion,
    lang: &str,
    only: Option<&[&str]>,
    title: &str,
) -> String {
    let v3 = version == TbxVersion::V3;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let (root, header, entry, section, term_section) = match v3 {
        true => ("tbx", "tbxHeader", "conceptEntry", "langSec", "termSec"),
        false => ("martif", "martifHeader", "termEntry", "langSet", "tig"),
    };
    if v3 {
        let _ = writeln!(
            out,
            "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{}\" xmlns=\"{V3_NAMESPACE}\">",
            attr(lang)
        );
    } else {
        out.push_str("<!DOCTYPE martif SYSTEM \"TBXBasiccoreStructV02.dtd\">\n");
        let _ = writeln!(out, "<martif type=\"TBX-Basic\" xml:lang=\"{}\">", attr(lang));
    }
    let _ = writeln!(
        out,
        "  <{header}>\n    <fileDesc>\n      <titleStmt>\n        <title>{}</title>\n      </titleStmt>\n      \
         <sourceDesc>\n        <p>Written by fluentpress.</p>\n      </sourceDesc>\n    </fileDesc>\n    \
         <encodingDesc>\n      <p type=\"XCSURI\">TBXBasicXCSV02.xcs</p>\n    </encodingDesc>\n  </{header}>\n  <text>\n    <body>",
        text(title)
    );
    let wanted =
        |l: &Language| only.is_none_or(|only| only.iter().any(|w| crate::intl::lang_matches(w, &l.lang)));
    for concept in &glossary.concepts {
        let languages: Vec<&Language> =
            concept.languages.iter().filter(|l| wanted(l) && !l.terms.is_empty()).collect();
        if languages.is_empty() {
            continue;
        }
        let _ = writeln!(out, "      <{entry} id=\"{}\">", attr(&xml_id(&concept.id)));
        let descrip = |out: &mut String, indent: &str, kind: &str, value: &Option<String>| {
            if let Some(value) = value {
                let _ = writeln!(out, "{indent}<descrip type=\"{kind}\">{}</descrip>", text(value));
            }
        };
        descrip(&mut out, "        ", "subjectField", &concept.subject);
        descrip(&mut out, "        ", "definition", &concept.definition);
        if concept.do_not_translate {
            out.push_str("        <descrip type=\"transferComment\">do not translate</descrip>\n");
        }
        if let Some((by, date)) = &concept.origination {
            let _ = writeln!(
                out,
                "        <transacGrp>\n          <transac type=\"transactionType\">origination</transac>\n          \
                 <transacNote type=\"responsibility\">{}</transacNote>\n          <date>{}</date>\n        </transacGrp>",
                text(by),
                text(date)
            );
        }
        for note in &concept.notes {
            let _ = writeln!(out, "        <note>{}</note>", text(note));
        }
        for language in languages {
            let _ = writeln!(out, "        <{section} xml:lang=\"{}\">", attr(&language.lang));
            descrip(&mut out, "          ", "definition", &language.definition);
            for term in &language.terms {
                let _ = writeln!(
                    out,
                    "          <{term_section}>\n            <term>{}</term>",
                    text(&term.text)
                );
                let note = |out: &mut String, kind: &str, value: Option<&str>| {
                    if let Some(value) = value {
                        let _ =
                            writeln!(out, "            <termNote type=\"{kind}\">{}</termNote>", text(value));
                    }
                };
                note(&mut out, "partOfSpeech", term.part_of_speech.as_deref());
                note(&mut out, "administrativeStatus", term.status.tbx());
                note(&mut out, "termType", term.term_type.as_deref());
                descrip(&mut out, "            ", "context", &term.context);
                for note in &term.notes {
                    let _ = writeln!(out, "            <note>{}</note>", text(note));
                }
                let _ = writeln!(out, "          </{term_section}>");
            }
            let _ = writeln!(out, "        </{section}>");
        }
        let _ = writeln!(out, "      </{entry}>");
    }
    let _ = writeln!(out, "    </body>\n  </text>\n</{root}>");
    out
}

/// An ID XML accepts (a name: not starting with a digit, no spaces).
pub(crate) fn xml_id(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
        .collect();
    match cleaned.chars().next() {
        Some(c) if c.is_alphabetic() || c == '_' => cleaned,
        _ => format!("c{cleaned}"),
    }
}

fn text(value: &str) -> String {
    xml::escaped(value, false, Unwritable::Dropped)
}

fn attr(value: &str) -> String {
    xml::escaped(value, true, Unwritable::Dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DCT: &str = r#"<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <min:subjectField>cooperation</min:subjectField>
      <langSec xml:lang="FR-fr">
        <termSec><term>Comité des régions</term><min:administrativeStatus>admittedTerm-admn-sts</min:administrativeStatus></termSec>
      </langSec>
      <langSec xml:lang="pl">
        <termSec><term>Komitet Regionów</term><min:partOfSpeech>properNoun</min:partOfSpeech>
          <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec>
        <termSec><term>Komisja Regionów</term><min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>"#;

    #[test]
    fn a_v3_dct_file_reads_into_concepts_with_their_statuses() {
        let glossary = read(DCT.as_bytes()).unwrap();
        let concept = &glossary.concepts[0];
        assert_eq!(
            (concept.id.as_str(), concept.subject.as_deref(), concept.origin.as_str()),
            ("c1", Some("cooperation"), "6")
        );
        let pl: Vec<(&str, Status, Option<&str>)> =
            concept.terms("pl").map(|t| (t.text.as_str(), t.status, t.part_of_speech.as_deref())).collect();
        assert_eq!(
            pl,
            [
                ("Komitet Regionów", Status::Preferred, Some("properNoun")),
                ("Komisja Regionów", Status::Deprecated, None)
            ]
        );
        assert_eq!(concept.terms("fr").next().map(|t| t.status), Some(Status::Admitted));
    }

    #[test]
    fn what_is_written_reads_back_the_same_in_both_versions() {
        let mut glossary = read(DCT.as_bytes()).unwrap();
        glossary.concepts[0].do_not_translate = true;
        glossary.concepts[0].origination = Some(("A & B".into(), "2026-12-02".into()));
        glossary.concepts[0].origin = String::new();
        for version in [TbxVersion::V2008, TbxVersion::V3] {
            let written = write(&glossary, version, "fr", None, "test");
            let mut again = read(written.as_bytes()).unwrap();
            again.concepts[0].origin = String::new();
            assert_eq!(again, glossary, "{written}");
        }
    }

    #[test]
    fn a_malformed_file_and_an_entity_are_refused_at_their_place() {
        let broken = "<martif type=\"TBX\" xml:lang=\"en\">\n<text><body>\n<termEntry><langSet xml:lang=\"en\"><tig><term>a</tig>";
        let TbxError::Malformed { line, column, problem } = read(broken.as_bytes()).unwrap_err() else {
            panic!()
        };
        assert_eq!((line, column), (3, 47), "{problem}");
        let entity = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [<!ENTITY x \"y\">]>\n<martif/>";
        let TbxError::Malformed { line, problem, .. } = read(entity.as_bytes()).unwrap_err() else {
            panic!()
        };
        assert_eq!(
            (line, problem.as_str()),
            (2, "the document type declares an entity: fluentpress expands no entity")
        );
        let other = read(b"<xliff/>").unwrap_err().to_string();
        assert_eq!(other, "line 1, column 1: not a TBX document: the root element is <xliff> in ``");
    }

    #[test]
    fn a_legacy_encoding_the_declaration_names_is_decoded() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"windows-1254\"?><martif type=\"TBX\" xml:lang=\"tr\"><text><body>\
<termEntry id=\"c1\"><langSet xml:lang=\"tr\"><tig><term>".to_vec();
        bytes.extend([0xDD, b's', b't', b'a', b'n', b'b', b'u', b'l']);
        bytes.extend(b"</term></tig></langSet></termEntry></body></text></martif>");
        let glossary = read(&bytes).unwrap();
        assert_eq!(glossary.concepts[0].languages[0].terms[0].text, "İstanbul");
    }
}
