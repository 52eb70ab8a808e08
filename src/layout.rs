//! Layout files (`layouts/*.toml`): a document's structure as data — ordered
//! blocks that name message IDs — its page style, and the variables its
//! messages are formatted with. Parsing gives the typed tree that every
//! renderer consumes.

use crate::diagnostic::Diagnostic;
use crate::manifest::toml_error;
use crate::project::SourceFile;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;
use toml::Spanned;

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub page: PageStyle,
    /// Arguments every message of the document is formatted with.
    pub variables: Vec<(String, Variable)>,
    pub blocks: Vec<Block<MessageRef>>,
}

/// A message named by the layout, with where the layout names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageRef {
    pub id: String,
    pub span: Range<usize>,
}

/// A block of the document; `M` is what stands for a message: a
/// [`MessageRef`] in the layout, formatted text in a localized document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block<M> {
    Title(M),
    /// A line giving a date, such as the adoption date under the title.
    DateLine(M),
    Paragraph(M),
    /// A section heading, with its number as the layout writes it ("1.").
    Heading {
        number: Option<String>,
        message: M,
    },
    /// A list numbered 1, 2, 3…
    NumberedList(Vec<M>),
}

impl<M> Block<M> {
    /// The messages of the block, in reading order.
    pub fn messages(&self) -> &[M] {
        match self {
            Block::Title(m)
            | Block::DateLine(m)
            | Block::Paragraph(m)
            | Block::Heading { message: m, .. } => std::slice::from_ref(m),
            Block::NumberedList(items) => items,
        }
    }

    /// The same block with every message replaced, or the first error.
    pub fn try_map<N, E>(&self, mut f: impl FnMut(&M) -> Result<N, E>) -> Result<Block<N>, E> {
        Ok(match self {
            Block::Title(m) => Block::Title(f(m)?),
            Block::DateLine(m) => Block::DateLine(f(m)?),
            Block::Paragraph(m) => Block::Paragraph(f(m)?),
            Block::Heading { number, message } => {
                Block::Heading { number: number.clone(), message: f(message)? }
            }
            Block::NumberedList(items) => Block::NumberedList(items.iter().map(f).collect::<Result<_, _>>()?),
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageStyle {
    /// Width and height in millimetres, orientation applied.
    pub size_mm: (f32, f32),
    pub margins_mm: Margins,
    /// A font family bundled with fluentpress, or a font file relative to the project.
    pub font: String,
    pub font_size_pt: f32,
    pub header: Option<MessageRef>,
    /// Formatted with `$page` and `$pages`.
    pub footer: Option<MessageRef>,
    /// The side-by-side edition, when the layout asks for one.
    pub aligned: Option<AlignedStyle>,
    pub standards: Standards,
    pub typography: Typography,
}

/// Each language's line-breaking words: the defaults (`src/typography.toml`)
/// with what the layout's `[typography.<lang>]` tables add. Its default is
/// the built-in defaults alone.
#[derive(Clone, Debug, PartialEq)]
pub struct Typography {
    /// By primary language subtag (`pl`).
    languages: BTreeMap<String, KeptWords>,
}

/// Words a line does not break beside, in one language.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct KeptWords {
    /// A line never ends with these (`art.`, `nr`, `§`).
    pub keep_with_next: Vec<String>,
    /// After a number, a line never begins with these (`r.`, `zł`, `km`).
    pub keep_with_number: Vec<String>,
}

impl Default for Typography {
    fn default() -> Self {
        Typography::with(BTreeMap::new())
    }
}

impl Typography {
    /// The defaults, with `added` (a layout's tables) appended to them.
    fn with(added: BTreeMap<String, KeptWords>) -> Typography {
        // Read once per process: every layout starts from them.
        static DEFAULTS: OnceLock<BTreeMap<String, KeptWords>> = OnceLock::new();
        let defaults = DEFAULTS.get_or_init(|| {
            toml::from_str(include_str!("typography.toml")).expect("the built-in typography parses (tested)")
        });
        let mut languages = defaults.clone();
        for (language, words) in added {
            // `[typography.pl-PL]` is Polish's.
            let kept = languages.entry(crate::intl::primary_language(&language).to_string()).or_default();
            kept.keep_with_next.extend(words.keep_with_next);
            kept.keep_with_number.extend(words.keep_with_number);
        }
        Typography { languages }
    }

    /// The words of a language, by its tag (`pl-PL` reads `pl`).
    pub fn of(&self, tag: &str) -> Option<&KeptWords> {
        self.languages.get(crate::intl::primary_language(tag))
    }
}

/// The standards the PDFs are validated against before they are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Standards {
    /// PDF/A-2a, for archives.
    pub archival: bool,
    /// PDF/UA-1, for screen readers.
    pub accessible: bool,
}

impl Default for Standards {
    fn default() -> Self {
        Standards { archival: true, accessible: true }
    }
}

/// The aligned edition: the languages in columns.
#[derive(Clone, Debug, PartialEq)]
pub struct AlignedStyle {
    /// The locales in column order, with where the layout names them; by
    /// default every locale of the project, the source first.
    pub locales: Option<Vec<(Range<usize>, String)>>,
    pub size_mm: (f32, f32),
    pub margins_mm: Margins,
    pub font_size_pt: f32,
    /// Heads each column, in the column's language: its own name.
    pub column_head: MessageRef,
}

/// The variables a page footer is formatted with, besides the layout's own.
pub const PAGE_VARIABLES: [&str; 2] = ["page", "pages"];

#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Variable {
    Date { year: i32, month: u8, day: u8 },
    Number(f64),
    String(String),
}

impl Layout {
    /// Parses a layout file; every problem is reported with its position.
    pub fn parse(file: &SourceFile) -> Result<Layout, Vec<Diagnostic>> {
        let text = file.text.as_str();
        let raw: RawLayout = toml::from_str(text).map_err(|e| vec![toml_error(&e, text, &file.path)])?;
        let mut problems = Vec::new();
        let mut problem = |span: Range<usize>, message: String| {
            problems.push(Diagnostic::error("layout", message).at(&file.path, text, span));
        };

        let page = raw.page.unwrap_or_default();
        let (size_mm, margins_mm, font_size_pt) =
            geometry(&page.size, &page.orientation, &page.margins, &page.font_size, false, &mut problem);
        let aligned = raw.aligned.map(|aligned| {
            let (size_mm, margins_mm, font_size_pt) = geometry(
                &aligned.size,
                &aligned.orientation,
                &aligned.margins,
                &aligned.font_size,
                true,
                &mut problem,
            );
            AlignedStyle {
                locales: aligned
                    .locales
                    .map(|tags| tags.into_iter().map(|t| (t.span(), t.into_inner())).collect()),
                size_mm,
                margins_mm,
                font_size_pt,
                column_head: message_ref(
                    aligned.column_head.unwrap_or_else(|| Spanned::new(0..0, "language-name".to_string())),
                ),
            }
        });

        let variables = raw
            .variables
            .into_iter()
            .filter_map(|(name, value)| {
                let span = value.span();
                let variable = match value.into_inner() {
                    toml::Value::String(s)
                        if matches!(s.parse::<toml::value::Datetime>(), Ok(d) if d.time.is_none()) =>
                    {
                        problem(
                            span,
                            format!(
                                "`{name}` is the text \"{s}\", not a date: write it without quotes, `{name} = {s}`"
                            ),
                        );
                        return None;
                    }
                    toml::Value::String(s) => Variable::String(s),
                    toml::Value::Integer(i) => Variable::Number(i as f64),
                    toml::Value::Float(f) => Variable::Number(f),
                    toml::Value::Datetime(toml::value::Datetime {
                        date: Some(d),
                        time: None,
                        offset: None,
                    }) => Variable::Date { year: i32::from(d.year), month: d.month, day: d.day },
                    _ => {
                        problem(
                            span,
                            format!("variable `{name}` must be a string, a number or a date (2020-12-08)"),
                        );
                        return None;
                    }
                };
                Some((name, variable))
            })
            .collect();

        let mut blocks = Vec::new();
        for block in raw.blocks {
            let kind = block.kind.get_ref();
            let kind_span = block.kind.span();
            let message = block.message.map(message_ref);
            let items: Option<Vec<_>> = block.items.map(|items| items.into_iter().map(message_ref).collect());
            if block.number.is_some() && *kind != BlockKind::Heading {
                problem(kind_span.clone(), "only a heading has a `number`".to_string());
            }
            let built = match (kind, message, items) {
                (BlockKind::NumberedList, None, Some(items)) if !items.is_empty() => {
                    Block::NumberedList(items)
                }
                (BlockKind::NumberedList, _, _) => {
                    problem(
                        kind_span,
                        "a numbered-list needs `items`, a non-empty list of message IDs, and no `message`"
                            .into(),
                    );
                    continue;
                }
                (_, Some(message), None) => match kind {
                    BlockKind::Title => Block::Title(message),
                    BlockKind::DateLine => Block::DateLine(message),
                    BlockKind::Paragraph => Block::Paragraph(message),
                    BlockKind::Heading => Block::Heading { number: block.number.clone(), message },
                    BlockKind::NumberedList => unreachable!("handled above"),
                },
                _ => {
                    problem(
                        kind_span,
                        format!("a {} needs `message`, a message ID, and no `items`", kind.name()),
                    );
                    continue;
                }
            };
            blocks.push(built);
        }
        if blocks.is_empty() && problems.is_empty() {
            problems.push(
                Diagnostic::error("layout", "the layout has no blocks: add [[block]] tables")
                    .in_file(&file.path),
            );
        }
        let layout = Layout {
            page: PageStyle {
                size_mm,
                margins_mm,
                font: page.font.unwrap_or_else(|| "Libertinus Serif".to_string()),
                font_size_pt,
                header: page.header.map(message_ref),
                footer: page.footer.map(message_ref),
                aligned,
                standards: raw.pdf.unwrap_or_default(),
                typography: Typography::with(raw.typography),
            },
            variables,
            blocks,
        };
        if problems.is_empty() { Ok(layout) } else { Err(problems) }
    }

    /// Every message the layout names, in reading order, page furniture last.
    pub fn message_refs(&self) -> impl Iterator<Item = &MessageRef> {
        self.blocks
            .iter()
            .flat_map(Block::messages)
            .chain(self.page.header.iter())
            .chain(self.page.footer.iter())
    }
}

fn message_ref(id: Spanned<String>) -> MessageRef {
    MessageRef { span: id.span(), id: id.into_inner() }
}

/// Page size (orientation applied), margins and body font size, with the
/// defaults: A4, 25 mm margins (15 mm for an aligned edition, landscape by
/// default), 11 pt.
fn geometry(
    size: &Option<Spanned<String>>,
    orientation: &Option<Spanned<String>>,
    margins: &Option<Spanned<Margins>>,
    font_size: &Option<Spanned<f32>>,
    aligned: bool,
    problem: &mut impl FnMut(Range<usize>, String),
) -> ((f32, f32), Margins, f32) {
    let (w, h) = match size {
        None => (210.0, 297.0),
        Some(size) => match size.get_ref().to_ascii_lowercase().as_str() {
            "a3" => (297.0, 420.0),
            "a4" => (210.0, 297.0),
            "a5" => (148.0, 210.0),
            "letter" => (215.9, 279.4),
            "legal" => (215.9, 355.6),
            other => {
                problem(size.span(), format!("unknown page size `{other}`: use A3, A4, A5, Letter or Legal"));
                (210.0, 297.0)
            }
        },
    };
    let default_orientation = if aligned { "landscape" } else { "portrait" };
    let size_mm = match orientation
        .as_ref()
        .map_or((default_orientation, 0..0), |o| (o.get_ref().as_str(), o.span()))
    {
        ("portrait", _) => (w, h),
        ("landscape", _) => (h, w),
        (other, span) => {
            problem(span, format!("unknown orientation `{other}`: use portrait or landscape"));
            (w, h)
        }
    };
    let margin = if aligned { 15.0 } else { 25.0 };
    let margins_mm = margins.as_ref().map(|m| *m.get_ref()).unwrap_or(Margins {
        top: margin,
        bottom: margin,
        left: margin,
        right: margin,
    });
    let font_size_pt = match font_size {
        Some(size) if !(4.0..=72.0).contains(size.get_ref()) => {
            problem(size.span(), format!("font-size {} is out of range: use 4 to 72 points", size.get_ref()));
            11.0
        }
        Some(size) => *size.get_ref(),
        None => 11.0,
    };
    (size_mm, margins_mm, font_size_pt)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    page: Option<RawPage>,
    aligned: Option<RawAligned>,
    pdf: Option<Standards>,
    #[serde(default)]
    variables: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default, rename = "block")]
    blocks: Vec<RawBlock>,
    #[serde(default)]
    typography: BTreeMap<String, KeptWords>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPage {
    size: Option<Spanned<String>>,
    orientation: Option<Spanned<String>>,
    margins: Option<Spanned<Margins>>,
    font: Option<String>,
    font_size: Option<Spanned<f32>>,
    header: Option<Spanned<String>>,
    footer: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAligned {
    locales: Option<Vec<Spanned<String>>>,
    size: Option<Spanned<String>>,
    orientation: Option<Spanned<String>>,
    margins: Option<Spanned<Margins>>,
    font_size: Option<Spanned<f32>>,
    column_head: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    kind: Spanned<BlockKind>,
    message: Option<Spanned<String>>,
    items: Option<Vec<Spanned<String>>>,
    number: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum BlockKind {
    Title,
    DateLine,
    Paragraph,
    Heading,
    NumberedList,
}

impl BlockKind {
    fn name(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::DateLine => "date-line",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Heading => "heading",
            BlockKind::NumberedList => "numbered-list",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Layout, Vec<String>> {
        let file = SourceFile::new("layouts/doc.toml".into(), "layouts/doc.toml".into(), text.into());
        Layout::parse(&file).map_err(|ds| {
            ds.iter()
                .map(|d| {
                    let p = d.position.as_ref().unwrap();
                    format!("{}:{}: {}", p.line, p.column, d.message)
                })
                .collect()
        })
    }

    #[test]
    fn reads_blocks_page_and_variables() {
        let layout = parse(
            "[page]\nsize = \"A4\"\norientation = \"landscape\"\nfooter = \"foot\"\n\n[variables]\ndate = 2020-12-08\n\n\
             [[block]]\nkind = \"title\"\nmessage = \"t\"\n\n[[block]]\nkind = \"heading\"\nnumber = \"1.\"\nmessage = \"h\"\n\n\
             [[block]]\nkind = \"numbered-list\"\nitems = [\"a\", \"b\"]\n",
        )
        .unwrap();
        assert_eq!(layout.page.size_mm, (297.0, 210.0));
        assert_eq!(
            layout.variables,
            [("date".to_string(), Variable::Date { year: 2020, month: 12, day: 8 })]
        );
        let ids: Vec<_> = layout.message_refs().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["t", "h", "a", "b", "foot"]);
        assert!(matches!(&layout.blocks[1], Block::Heading { number: Some(n), .. } if n == "1."));
    }

    #[test]
    fn a_layouts_typography_adds_to_each_languages_defaults() {
        let layout = parse(
            "[typography.pl]\nkeep-with-next = [\"tzn.\"]\n[typography.cs]\nkeep-with-number = [\"Kč\"]\n\n             [[block]]\nkind = \"title\"\nmessage = \"t\"\n",
        )
        .unwrap();
        let polish = layout.page.typography.of("pl-PL").unwrap();
        assert_eq!(polish.keep_with_next.first().map(String::as_str), Some("art."));
        assert_eq!(polish.keep_with_next.last().map(String::as_str), Some("tzn."));
        assert!(polish.keep_with_number.iter().any(|w| w == "r."));
        assert_eq!(layout.page.typography.of("cs").unwrap().keep_with_number, ["Kč"]);
        assert_eq!(layout.page.typography.of("de"), None);
        let unknown =
            parse("[typography.pl]\nkeep-after = [\"x\"]\n[[block]]\nkind = \"title\"\nmessage = \"t\"\n");
        assert!(unknown.unwrap_err()[0].starts_with("2:1: unknown field `keep-after`"));
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            parse("[[block]]\nkind = \"title\"\nitems = [\"a\"]\n").unwrap_err(),
            ["2:8: a title needs `message`, a message ID, and no `items`"]
        );
        let unknown = parse("[[block]]\nkind = \"title\"\nmesage = \"a\"\n").unwrap_err();
        assert!(unknown[0].starts_with("3:1: unknown field `mesage`"), "{unknown:?}");
        let kind = parse("[[block]]\nkind = \"table\"\nmessage = \"a\"\n").unwrap_err();
        assert!(kind[0].starts_with("2:8: unknown variant `table`"), "{kind:?}");
        assert_eq!(
            parse("[page]\nsize = \"B7\"\n[[block]]\nkind = \"title\"\nmessage = \"a\"\n").unwrap_err(),
            ["2:8: unknown page size `b7`: use A3, A4, A5, Letter or Legal"]
        );
    }
}
