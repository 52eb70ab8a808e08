//! The document model of one locale: the layout's blocks with every message
//! formatted in that locale through fluent-bundle. Renderers consume this and
//! never see Fluent syntax.

use crate::diagnostic::Diagnostic;
use crate::diff::Change;
use crate::intl::{self, Bundle, Day, FluentDate};
use crate::layout::{Block, Layout, MessageRef, PAGE_VARIABLES, PageStyle, Variable};
use crate::manifest::Locale;
use crate::project::{LocaleFiles, SourceFile};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;

/// A formatted message, with the ID it came from and the state of its
/// translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub id: String,
    pub text: String,
    pub status: Status,
}

/// The state of a translation, as a review edition shows it. Print editions
/// hold only `Ok` texts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Status {
    #[default]
    Ok,
    /// Not translated: the text is the source's.
    Missing,
    /// What `check` finds in it, errors first.
    Flagged(Vec<Flag>),
}

/// One finding of `check` about a translation, as a review edition marks
/// it: in words of its own, whatever language the diagnostic is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub error: bool,
    /// The diagnostic's code: `number`, `stale`, `missing-variable`…
    pub code: String,
    /// The text it is about, as written.
    pub excerpt: Option<String>,
    /// For a stale translation, what changed in its source since.
    pub changes: Vec<Change>,
}

/// The ID of an official edition's colophon, which no message has.
const SIGNOFF_ID: &str = "fluentpress-approval";

/// One locale's edition of a document.
pub struct LocalizedDocument {
    /// The document's name in the manifest.
    pub name: String,
    pub locale: Locale,
    pub page: PageStyle,
    pub header: Option<Text>,
    /// The column head of an aligned edition: the language's own name.
    pub column_head: Option<Text>,
    pub blocks: Vec<Block<Text>>,
    /// The document's date: the first date among the layout's variables.
    pub date: Option<(u16, u8, u8)>,
    /// Who approved the translation, in an official edition.
    pub signoff: Option<Signoff>,
    footer: Option<Footer>,
}

/// The approval an official edition records: each person who approved its
/// messages with the day of their latest approval, and the colophon that
/// says so in the edition's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signoff {
    pub approvers: Vec<(String, Day)>,
    pub colophon: String,
}

/// Turns a message's formatting (the text, or why it failed) into the text
/// an edition shows, or none.
type Resolver<'a> = dyn FnMut(&MessageRef, Result<Text, Failure>) -> Option<Text> + 'a;

/// The footer message, formatted per page once the page count is known.
struct Footer {
    bundle: Bundle,
    id: String,
    variables: Vec<(String, Variable)>,
}

impl LocalizedDocument {
    /// Formats every message the layout names. The locale must have passed
    /// `check`; a message that still fails to format is an error here.
    pub fn build(
        name: &str,
        layout: &Layout,
        files: &LocaleFiles,
    ) -> Result<LocalizedDocument, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let document = Self::assemble(name, layout, files, &mut |m, formatted| {
            formatted
                .map_err(|e| {
                    let message =
                        format!("`{}` cannot be formatted in {}: {}", m.id, files.locale.tag, e.reason);
                    let diagnostic = Diagnostic::error("format", message).locale(&files.locale.tag).id(&m.id);
                    problems.push(match definition(files, &m.id) {
                        Some((file, span)) => diagnostic.at(&file.path, &file.text, span),
                        None => diagnostic,
                    });
                })
                .ok()
        });
        if problems.is_empty() { Ok(document) } else { Err(problems) }
    }

    /// The edition a translator reviews: every message is there, whatever
    /// its state. A broken one shows what it formats to; a missing one the
    /// source's text (`source`, or its ID when the source edition is this
    /// one). `statuses` gives each message's state by ID (absent: translated
    /// and sound).
    pub fn build_for_review(
        name: &str,
        layout: &Layout,
        files: &LocaleFiles,
        source: Option<&LocalizedDocument>,
        statuses: &HashMap<String, Status>,
    ) -> LocalizedDocument {
        let source_text = |id: &str| {
            let texts =
                source.into_iter().flat_map(|s| s.blocks.iter().flat_map(Block::messages).chain(&s.header));
            texts
                .chain(source.and_then(|s| s.column_head.as_ref()))
                .find(|t| t.id == id)
                .map(|t| t.text.clone())
        };
        Self::assemble(name, layout, files, &mut |m, formatted| {
            let status = statuses.get(&m.id).cloned().unwrap_or_default();
            let shown = |text: Option<String>, status| Text {
                id: m.id.clone(),
                text: text.or_else(|| source_text(&m.id)).unwrap_or_else(|| m.id.clone()),
                status,
            };
            Some(match (formatted, status) {
                (_, Status::Missing) => shown(None, Status::Missing),
                (Ok(text), status) => Text { status, ..text },
                (Err(failure), Status::Ok) => {
                    let flag =
                        Flag { error: true, code: "format".into(), excerpt: None, changes: Vec::new() };
                    shown(failure.partial, Status::Flagged(vec![flag]))
                }
                (Err(failure), status) => shown(failure.partial, status),
            })
        })
    }

    /// Formats the layout's messages; `resolve` turns each result into the
    /// text to show, or drops it.
    fn assemble(
        name: &str,
        layout: &Layout,
        files: &LocaleFiles,
        resolve: &mut Resolver<'_>,
    ) -> LocalizedDocument {
        let mut bundle = intl::new_bundle(&files.locale.format);
        for file in &files.files {
            // Syntax errors were reported by `check`; what parsed is usable.
            let resource = FluentResource::try_new(file.parsed_text().to_string())
                .unwrap_or_else(|(resource, _)| resource);
            bundle.add_resource_overriding(resource);
        }
        let args = layout_args(&layout.variables);
        let mut format = |m: &MessageRef, args: &FluentArgs| resolve(m, format_message(&bundle, &m.id, args));
        let blocks: Vec<_> =
            layout.blocks.iter().filter_map(|b| b.try_map(|m| format(m, &args).ok_or(())).ok()).collect();
        let header = layout.page.header.as_ref().and_then(|m| format(m, &args));
        let column_head = layout.page.aligned.as_ref().and_then(|a| format(&a.column_head, &args));
        if let Some(footer) = &layout.page.footer {
            format(footer, &page_args(&layout.variables, 1, 1));
        }
        LocalizedDocument {
            name: name.to_string(),
            locale: files.locale.clone(),
            page: layout.page.clone(),
            header,
            column_head,
            blocks,
            date: layout.variables.iter().find_map(|(_, v)| match v {
                Variable::Date { year, month, day } => Some((u16::try_from(*year).ok()?, *month, *day)),
                _ => None,
            }),
            signoff: None,
            footer: layout.page.footer.as_ref().map(|m| Footer {
                bundle,
                id: m.id.clone(),
                variables: layout.variables.clone(),
            }),
        }
    }

    /// Records the approval and ends the edition with its colophon.
    pub fn sign(&mut self, signoff: Signoff) {
        let text = Text { id: SIGNOFF_ID.to_string(), text: signoff.colophon.clone(), status: Status::Ok };
        self.blocks.push(Block::DateLine(text));
        self.signoff = Some(signoff);
    }

    /// The messages' texts of the edition, in reading order: header, column
    /// head, then the blocks'.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        let blocks = self.blocks.iter().flat_map(|b| b.messages());
        self.header.iter().chain(&self.column_head).chain(blocks)
    }

    /// The footer of page `page` (1-based) of `pages`.
    pub fn footer(&self, page: usize, pages: usize) -> Option<String> {
        let footer = self.footer.as_ref()?;
        let args = page_args(&footer.variables, page, pages);
        format_message(&footer.bundle, &footer.id, &args).ok().map(|t| t.text)
    }
}

fn page_args(variables: &[(String, Variable)], page: usize, pages: usize) -> FluentArgs<'static> {
    let mut args = layout_args(variables);
    args.set(PAGE_VARIABLES[0], page);
    args.set(PAGE_VARIABLES[1], pages);
    args
}

fn layout_args(variables: &[(String, Variable)]) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    for (name, value) in variables {
        let value: FluentValue<'static> = match value {
            Variable::Date { year, month, day } => {
                FluentValue::Custom(Box::new(FluentDate::new(*year, *month, *day)))
            }
            Variable::Number(n) => (*n).into(),
            Variable::String(s) => s.clone().into(),
        };
        args.set(name.clone(), value);
    }
    args
}

/// Why a message could not be formatted, and the text it gave all the same
/// (fluent-bundle shows what it could not resolve as `{$name}`).
struct Failure {
    reason: String,
    partial: Option<String>,
}

fn format_message(bundle: &Bundle, id: &str, args: &FluentArgs) -> Result<Text, Failure> {
    let absent = |reason: &str| Failure { reason: reason.to_string(), partial: None };
    let message = bundle.get_message(id).ok_or_else(|| absent("the message does not exist"))?;
    let pattern = message.value().ok_or_else(|| absent("the message has no value"))?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors).into_owned();
    match errors.first() {
        Some(e) => Err(Failure { reason: e.to_string(), partial: Some(text) }),
        None => Ok(Text { id: id.to_string(), text, status: Status::Ok }),
    }
}

/// Where `c` stands in the message `id` of a locale: the character in the
/// message's own lines; else (it comes from a term or message it uses) the
/// first in the locale's files outside comments; else the message's ID.
pub fn locate<'f>(
    files: &'f LocaleFiles,
    id: &str,
    c: char,
) -> Option<(&'f SourceFile, std::ops::Range<usize>)> {
    let (file, span) = definition(files, id)?;
    let rest = &file.text[span.end..];
    // The entry's lines: up to the next line that starts an entry or a comment.
    let end = rest
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| rest[i..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '-' || n == '#'))
        .unwrap_or(rest.len());
    if let Some(at) = rest[..end].find(c) {
        return Some((file, span.end + at..span.end + at + c.len_utf8()));
    }
    let elsewhere = files.files.iter().find_map(|file| {
        let mut line_start = 0;
        file.text.split_inclusive('\n').find_map(|line| {
            let found = (!line.starts_with('#')).then(|| line.find(c)).flatten().map(|at| line_start + at);
            line_start += line.len();
            found.map(|at| (file, at..at + c.len_utf8()))
        })
    });
    elsewhere.or(Some((file, span)))
}

/// Where a message is defined in a locale's files: its identifier at the
/// start of a line, followed by `=`.
fn definition<'f>(files: &'f LocaleFiles, id: &str) -> Option<(&'f SourceFile, std::ops::Range<usize>)> {
    files.files.iter().find_map(|file| {
        let mut at = 0;
        for line in file.text.split_inclusive('\n') {
            let rest = line.strip_prefix(id).map(str::trim_start);
            if rest.is_some_and(|r| r.starts_with('=')) {
                return Some((file, at..at + id.len()));
            }
            at += line.len();
        }
        None
    })
}
