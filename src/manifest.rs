//! The project manifest, `fluentpress.toml`: the source and target locales,
//! the documents with their layout files, the output folder and the
//! translation memory's file.

use crate::diagnostic::{Diagnostic, Level, qa_default, qa_kind_list};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Component, Path};
use std::str::FromStr;
use toml::Spanned;
use unic_langid::LanguageIdentifier;

pub const FILE_NAME: &str = "fluentpress.toml";

/// Where the project memory is when the manifest does not say.
pub const DEFAULT_TM: &str = "tm/project.tmx";

/// Where the project's own glossary is when the manifest does not say.
pub const DEFAULT_GLOSSARY: &str = "glossary/project.tbx";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub source: Locale,
    pub targets: Vec<Locale>,
    /// The output folder, relative to the project root.
    pub output: String,
    pub documents: Vec<DocumentSpec>,
    /// The project memory, a TMX file relative to the project root; the
    /// other `.tmx` files in its folder are read-only reference memories.
    pub tm: String,
    /// The project's own glossary, a TBX file relative to the project root;
    /// the other `.tbx` files in its folder are read-only references.
    pub glossary: String,
    /// The level of each kind of translation-QA finding the manifest's
    /// `[check]` table sets; the others keep their default.
    pub check: BTreeMap<String, Level>,
}

/// A locale of the project: its BCP 47 tag (also the name of its folder under
/// `locales/`) and the locale its dates and numbers are formatted in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    pub tag: String,
    pub id: LanguageIdentifier,
    pub format: LanguageIdentifier,
    /// Whether its outer quotation marks are single (`‘…’`): British
    /// English by default, or as `[locales] quotes` says.
    pub single_quotes: bool,
    /// The Hunspell dictionary its spelling is checked with, as the path of
    /// the `.aff`/`.dic` pair without extension, when the manifest names one.
    pub dictionary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSpec {
    /// Names the output files: `out/<name>.<locale>.<ext>`.
    pub name: String,
    /// The layout file, relative to the project root.
    pub layout: String,
    /// Where the manifest names it, for a file that is not there.
    pub layout_span: std::ops::Range<usize>,
}

impl Manifest {
    /// The level of a QA kind in this project: the `[check]` table's, else
    /// the kind's default.
    pub fn level(&self, code: &str) -> Level {
        self.check.get(code).copied().or_else(|| qa_default(code)).unwrap_or(Level::Warning)
    }

    /// The source locale first, then the targets in manifest order.
    pub fn locales(&self) -> impl Iterator<Item = &Locale> {
        std::iter::once(&self.source).chain(&self.targets)
    }

    pub fn locale(&self, tag: &str) -> Option<&Locale> {
        self.locales().find(|l| l.tag == tag)
    }

    /// Parses the manifest's text; `shown_as` names the file in diagnostics.
    pub fn parse(text: &str, shown_as: &str) -> Result<Manifest, Vec<Diagnostic>> {
        let raw: RawManifest = toml::from_str(text).map_err(|e| vec![toml_error(&e, text, shown_as)])?;
        let mut problems = Vec::new();
        let mut problem = |span: std::ops::Range<usize>, message: String| {
            problems.push(Diagnostic::error("manifest", message).at(shown_as, text, span));
        };

        let mut formats = raw.locales.formats;
        let mut quotes = raw.locales.quotes;
        let mut dictionaries = raw.locales.dictionaries;
        let mut locale = |tag: &Spanned<String>, problem: &mut dyn FnMut(_, _)| -> Option<Locale> {
            let id = parse_tag(tag, problem)?;
            let format = match formats.remove(tag.get_ref()) {
                Some(f) => parse_tag(&f, problem)?,
                None => id.clone(),
            };
            let british =
                format.language.as_str() == "en" && format.region.is_some_and(|r| r.as_str() == "GB");
            let single_quotes = match quotes.remove(tag.get_ref()) {
                None => british,
                Some(style) => match style.get_ref().as_str() {
                    "single" => true,
                    "double" => false,
                    other => {
                        problem(
                            style.span(),
                            format!("quotes are \"single\" or \"double\", not \"{other}\""),
                        );
                        return None;
                    }
                },
            };
            let dictionary = dictionaries.remove(tag.get_ref()).map(Spanned::into_inner);
            Some(Locale { tag: tag.get_ref().clone(), id, format, single_quotes, dictionary })
        };
        let source = locale(&raw.locales.source, &mut problem);
        let mut all_read = source.is_some();
        let mut targets = Vec::new();
        for tag in &raw.locales.targets {
            let seen = raw.locales.source.get_ref() == tag.get_ref()
                || targets.iter().any(|t: &Locale| &t.tag == tag.get_ref());
            if seen {
                problem(tag.span(), format!("locale `{}` is listed twice", tag.get_ref()));
            } else if let Some(l) = locale(tag, &mut problem) {
                targets.push(l);
            } else {
                all_read = false;
            }
        }
        // A settings key that names a locale written wrongly is that
        // locale's problem, already reported.
        let unknown = [("formats", formats), ("quotes", quotes), ("dictionaries", dictionaries)];
        for (table, rest) in unknown.into_iter().filter(|_| all_read) {
            for (tag, value) in rest {
                problem(
                    value.span(),
                    format!("`{table}` names `{tag}`, which is not a locale of the project"),
                );
            }
        }
        let mut check = BTreeMap::new();
        for (kind, level) in raw.check {
            if qa_default(&kind).is_none() {
                problem(level.span(), format!("`{kind}` is not a kind of check: use {}", qa_kind_list()));
            } else if let Some(parsed) = Level::parse(level.get_ref()) {
                check.insert(kind, parsed);
            } else {
                problem(level.span(), format!("`[check] {kind}` must be \"error\", \"warning\" or \"off\""));
            }
        }

        let output = match raw.output {
            Some(out) => relative_path(&out, "output", &mut problem).unwrap_or_default(),
            None => "out".to_string(),
        };
        let tm = named_file(raw.tm, ("tm", "tmx", DEFAULT_TM), &mut problem);
        let glossary = named_file(raw.glossary, ("glossary", "tbx", DEFAULT_GLOSSARY), &mut problem);
        let mut documents: Vec<DocumentSpec> = Vec::new();
        for doc in raw.documents {
            let name = doc.name.get_ref();
            let valid_name =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid_name {
                problem(
                    doc.name.span(),
                    format!(
                        "document name `{name}` must be letters, digits, `-` or `_`: it names output files"
                    ),
                );
            } else if documents.iter().any(|d| &d.name == name) {
                problem(doc.name.span(), format!("document `{name}` is declared twice"));
            }
            if let Some(layout) = relative_path(&doc.layout, "layout", &mut problem) {
                documents.push(DocumentSpec { name: name.clone(), layout, layout_span: doc.layout.span() });
            }
        }
        match source {
            Some(source) if problems.is_empty() => {
                Ok(Manifest { source, targets, output, documents, tm, glossary, check })
            }
            _ => Err(problems),
        }
    }
}

fn parse_tag(
    tag: &Spanned<String>,
    problem: &mut dyn FnMut(std::ops::Range<usize>, String),
) -> Option<LanguageIdentifier> {
    match LanguageIdentifier::from_str(tag.get_ref()) {
        Ok(id) if &id.to_string() == tag.get_ref() => Some(id),
        Ok(id) => {
            problem(tag.span(), format!("write the locale `{}` in its canonical form `{id}`", tag.get_ref()));
            None
        }
        Err(e) => {
            problem(tag.span(), format!("`{}` is not a BCP 47 locale: {e}", tag.get_ref()));
            None
        }
    }
}

/// The file a manifest key names (`tm`, `glossary`): a path inside the
/// project with the format's extension, or the default.
fn named_file(
    raw: Option<Spanned<String>>,
    (key, extension, default): (&str, &str, &str),
    problem: &mut dyn FnMut(std::ops::Range<usize>, String),
) -> String {
    match raw {
        Some(file) if !file.get_ref().ends_with(&format!(".{extension}")) => {
            problem(file.span(), format!("{key} `{}` must name a .{extension} file", file.get_ref()));
            String::new()
        }
        Some(file) => relative_path(&file, key, problem).unwrap_or_default(),
        None => default.to_string(),
    }
}

/// A path inside the project: relative, without `..`.
fn relative_path(
    path: &Spanned<String>,
    what: &str,
    problem: &mut dyn FnMut(std::ops::Range<usize>, String),
) -> Option<String> {
    let p = Path::new(path.get_ref());
    let inside = !path.get_ref().is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if inside {
        Some(path.get_ref().clone())
    } else {
        problem(path.span(), format!("{what} `{}` must be a path inside the project", path.get_ref()));
        None
    }
}

/// A TOML or schema error at its position.
pub fn toml_error(e: &toml::de::Error, text: &str, shown_as: &str) -> Diagnostic {
    let message = e.message().trim_end().to_string();
    let diagnostic = Diagnostic::error("toml", message);
    match e.span() {
        Some(span) => diagnostic.at(shown_as, text, span),
        None => diagnostic.in_file(shown_as),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawManifest {
    locales: RawLocales,
    output: Option<Spanned<String>>,
    tm: Option<Spanned<String>>,
    glossary: Option<Spanned<String>>,
    #[serde(default, rename = "document")]
    documents: Vec<RawDocument>,
    /// Per kind of translation-QA finding, its level.
    #[serde(default)]
    check: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLocales {
    source: Spanned<String>,
    #[serde(default)]
    targets: Vec<Spanned<String>>,
    /// Per locale, the locale whose conventions format its dates and numbers.
    #[serde(default)]
    formats: BTreeMap<String, Spanned<String>>,
    /// Per locale, "single" or "double" outer quotation marks.
    #[serde(default)]
    quotes: BTreeMap<String, Spanned<String>>,
    /// Per locale, a Hunspell dictionary (its path without `.aff`/`.dic`).
    #[serde(default)]
    dictionaries: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDocument {
    name: Spanned<String>,
    layout: Spanned<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
output = "build"

[locales]
source = "fr"
targets = ["pl", "en"]
formats = { en = "en-GB" }

[[document]]
name = "resolution"
layout = "layouts/resolution.toml"
"#;

    #[test]
    fn reads_locales_documents_and_output() {
        let m = Manifest::parse(GOOD, "fluentpress.toml").unwrap();
        let tags: Vec<_> = m.locales().map(|l| (l.tag.as_str(), l.format.to_string())).collect();
        assert_eq!(tags, [("fr", "fr".into()), ("pl", "pl".into()), ("en", "en-GB".into())]);
        assert_eq!(m.output, "build");
        assert_eq!(m.tm, "tm/project.tmx");
        assert_eq!(
            m.documents,
            [DocumentSpec {
                name: "resolution".into(),
                layout: "layouts/resolution.toml".into(),
                layout_span: GOOD.find("\"layouts/resolution.toml\"").unwrap()
                    ..GOOD.find(".toml\"").unwrap() + 6
            }]
        );
    }

    fn errors(text: &str) -> Vec<String> {
        Manifest::parse(text, "fluentpress.toml")
            .unwrap_err()
            .iter()
            .map(|d| {
                let p = d.position.as_ref().unwrap();
                format!("{}:{}: {}", p.line, p.column, d.message)
            })
            .collect()
    }

    #[test]
    fn a_bad_locale_is_named_with_its_line() {
        let text = GOOD.replace("\"pl\"", "\"p1-xx-\"");
        assert_eq!(
            errors(&text),
            ["6:12: `p1-xx-` is not a BCP 47 locale: Parser error: The given language subtag is invalid"]
        );
        let text = GOOD.replace("\"pl\"", "\"pl_PL\"");
        assert_eq!(errors(&text), ["6:12: write the locale `pl_PL` in its canonical form `pl-PL`"]);
    }

    #[test]
    fn unknown_keys_and_repeats_are_errors() {
        let text = GOOD.replace("output =", "outptu =");
        assert_eq!(errors(&text).len(), 1);
        assert!(errors(&text)[0].starts_with("2:1: unknown field `outptu`"), "{:?}", errors(&text));
        let text = GOOD.replace("[\"pl\", \"en\"]", "[\"pl\", \"en\", \"fr\"]");
        assert_eq!(errors(&text), ["6:24: locale `fr` is listed twice"]);
        let text = GOOD.replace("output = \"build\"", "tm = \"tm/memory.xml\"");
        assert_eq!(errors(&text), ["2:6: tm `tm/memory.xml` must name a .tmx file"]);
        let text = GOOD.replace("layouts/resolution", "../resolution");
        assert_eq!(errors(&text), ["11:10: layout `../resolution.toml` must be a path inside the project"]);
    }
}
