//! A project on disk: the manifest, every locale's `.ftl` files and the layout
//! files, read once into memory. Later stages never touch the disk to read.
//!
//! Every file read is inside the project once links are resolved: a locale
//! folder, `.ftl` file or layout that links outside is refused, and a
//! folder met twice (a loop of links) is not read again. Before reading, a
//! transaction a killed command left half done is finished (see
//! [`fsx::recover`]): by a reader only when no writer is at work.

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::fsx::{self, ProjectLock, read_text};
use crate::manifest::{self, DocumentSpec, Locale, Manifest};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Clone)]
pub struct Project {
    pub root: PathBuf,
    pub manifest: Manifest,
    /// The source locale first, then the targets, as in the manifest.
    pub locales: Vec<LocaleFiles>,
    pub documents: Vec<DocumentFile>,
    /// How many files an interrupted transaction still had to rename, when
    /// loading found and finished one.
    pub recovered: Option<usize>,
}

/// A project loaded to be written: its lock is held until this is dropped.
pub struct Writing {
    pub project: Project,
    _lock: ProjectLock,
    /// Temporary files of dead processes removed before loading.
    pub removed_temporaries: usize,
}

impl Writing {
    /// The project as it was read, the lock released.
    pub fn into_project(self) -> Project {
        self.project
    }
}

#[derive(Clone)]
pub struct LocaleFiles {
    pub locale: Locale,
    /// `locales/<tag>`, relative to the project root.
    pub dir: String,
    /// False when the locale's folder does not exist.
    pub present: bool,
    /// Sorted by name.
    pub files: Vec<SourceFile>,
}

/// A text file of the project.
#[derive(Clone)]
pub struct SourceFile {
    /// Relative to the project root, `/`-separated: what diagnostics show.
    pub path: String,
    /// Relative to the locale's folder: what pairs a translation with its source.
    pub name: String,
    pub text: String,
    /// For a Fluent file whose placeables nest deeper than the parsers can
    /// take, where the limit is crossed and the text they read instead.
    pub too_deep: Option<TooDeep>,
}

/// Fluent's reference parsers recurse once per level of nested placeables
/// and overflow their stack on a few thousand levels: a file that nests
/// deeper than this is not handed to them as it is.
pub const MAX_NESTING: usize = 100;

#[derive(Clone)]
pub struct TooDeep {
    /// The byte offset of the `{` that crosses [`MAX_NESTING`].
    pub offset: usize,
    /// Where the entry that holds it starts: the entry left out.
    pub entry_start: usize,
    /// The text with the entry that holds it — and any other that nests
    /// too deep — blanked out (spaces, line ends kept), so that every other
    /// entry keeps its place.
    pub blanked: String,
}

impl SourceFile {
    pub fn new(path: String, name: String, text: String) -> SourceFile {
        let too_deep = path.ends_with(".ftl").then(|| too_deep(&text)).flatten();
        SourceFile { path, name, text, too_deep }
    }

    /// The text the Fluent parsers read (see [`TooDeep`]).
    pub fn parsed_text(&self) -> &str {
        self.too_deep.as_ref().map_or(&self.text, |t| &t.blanked)
    }
}

/// Where Fluent text first nests placeables deeper than [`MAX_NESTING`]
/// (the byte offset of the `{` that does), braces in string literals and
/// comments aside.
pub fn nesting_too_deep(text: &str) -> Option<usize> {
    // Most texts have not even that many braces.
    text.matches('{').nth(MAX_NESTING)?;
    let mut depth = 0usize;
    for (at, brace) in braces(text) {
        match brace {
            b'{' if depth == MAX_NESTING => return Some(at),
            b'{' => depth += 1,
            _ => depth = depth.saturating_sub(1),
        }
    }
    None
}

/// The placeable braces of Fluent text, each with its byte offset, in order:
/// braces inside string literals (`{ "}" }`) and comment lines are text.
pub fn braces(text: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut at) = (0usize, false, 0);
    std::iter::from_fn(move || {
        loop {
            let &byte = bytes.get(at)?;
            let here = at;
            at += 1;
            match byte {
                b'\\' if in_string => at += 1,
                // A string literal ends with its line (Fluent's do; an
                // unclosed one is the parser's error, not a file of text).
                b'\n' if in_string => in_string = false,
                b'"' if depth > 0 => in_string = !in_string,
                _ if in_string => {}
                b'#' if depth == 0 && (here == 0 || bytes[here - 1] == b'\n') => {
                    at = text[here..].find('\n').map_or(text.len(), |i| here + i + 1);
                }
                b'{' => {
                    depth += 1;
                    return Some((here, byte));
                }
                b'}' => {
                    depth = depth.saturating_sub(1);
                    return Some((here, byte));
                }
                _ => {}
            }
        }
    })
}

/// A file's [`TooDeep`], if its text nests too deep: every entry that
/// does is blanked, the first reported.
fn too_deep(text: &str) -> Option<TooDeep> {
    let offset = nesting_too_deep(text)?;
    let mut blanked = text.to_string();
    let mut entry_start = None;
    // Blanking an entry takes its braces away: each round has fewer.
    while let Some(deep) = nesting_too_deep(&blanked) {
        let entry = entry_around(&blanked, deep);
        entry_start.get_or_insert(entry.start);
        let blank: String = blanked[entry.clone()]
            .chars()
            .flat_map(|c| {
                // Byte for byte, so that every other entry keeps its offsets.
                let kept = c == '\n' || c == '\r';
                std::iter::repeat_n(if kept { c } else { ' ' }, if kept { 1 } else { c.len_utf8() })
            })
            .collect();
        blanked.replace_range(entry, &blank);
    }
    Some(TooDeep { offset, entry_start: entry_start?, blanked })
}

/// The entry that holds a byte offset: from the line that starts it to the
/// line that starts the next.
fn entry_around(text: &str, offset: usize) -> std::ops::Range<usize> {
    let starts_entry =
        |line: &str| line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-' || c == '#');
    let mut start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    while start > 0 && !starts_entry(&text[start..]) {
        start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    let mut end = offset;
    while end < text.len() {
        end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        if starts_entry(&text[end..]) {
            break;
        }
    }
    start..end
}

#[derive(Clone)]
pub struct DocumentFile {
    pub spec: DocumentSpec,
    pub layout: SourceFile,
}

pub const LOCALES_DIR: &str = "locales";

impl Project {
    /// The nearest folder at or above `start` that holds a manifest.
    pub fn find_root(start: &Path) -> Result<PathBuf> {
        let start = fs::canonicalize(start).map_err(|e| Error::io(start, e))?;
        start
            .ancestors()
            .find(|dir| dir.join(manifest::FILE_NAME).is_file())
            .map(Path::to_path_buf)
            .ok_or(Error::ManifestNotFound(start))
    }

    /// Loads a project to read it: a transaction a killed writer left is
    /// finished first, unless a writer is at work now (a reader never waits).
    pub fn load(root: &Path) -> Result<Project> {
        let (manifest, text) = read_manifest(root)?;
        let output = root.join(&manifest.output);
        let recovered = match output.join(fsx::JOURNAL).exists().then(|| ProjectLock::try_acquire(&output)) {
            Some(Some(_lock)) => fsx::recover(root, &output)?,
            _ => None,
        };
        Project::read(root, manifest, &text, recovered)
    }

    /// Loads a project to write it: waits for its lock (see
    /// [`ProjectLock`]), finishes an interrupted transaction, removes the
    /// temporary files of dead processes, then reads.
    pub fn load_for_writing(root: &Path) -> Result<Writing> {
        let (manifest, text) = read_manifest(root)?;
        let output = fsx::resolve_inside(root, &root.join(&manifest.output))?;
        let lock = ProjectLock::acquire(&output)?;
        let recovered = fsx::recover(root, &output)?;
        let removed_temporaries =
            fsx::remove_stale_temporaries(&output, &root.join(&manifest.tm), &root.join(LOCALES_DIR));
        let project = Project::read(root, manifest, &text, recovered)?;
        Ok(Writing { project, _lock: lock, removed_temporaries })
    }

    fn read(
        root: &Path,
        manifest: Manifest,
        manifest_text: &str,
        recovered: Option<usize>,
    ) -> Result<Project> {
        let mut locales = Vec::new();
        for locale in manifest.locales() {
            let dir = format!("{LOCALES_DIR}/{}", locale.tag);
            let present = root.join(&dir).is_dir();
            if !present && locale == &manifest.source {
                let missing = std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "the source locale's folder is missing",
                );
                return Err(Error::io(root.join(&dir), missing));
            }
            let mut found = Vec::new();
            if present {
                let folder = fsx::resolve_inside(root, &root.join(&dir))?;
                list_ftl(root, &folder, "", &mut HashSet::new(), &mut found)?;
            }
            found.sort();
            let files = found
                .into_iter()
                .map(|(name, resolved)| {
                    let path = format!("{dir}/{name}");
                    let text = read_text(&resolved, &path)?;
                    Ok(SourceFile::new(path, name, text))
                })
                .collect::<Result<_>>()?;
            locales.push(LocaleFiles { locale: locale.clone(), dir, present, files });
        }
        let documents = manifest
            .documents
            .iter()
            .map(|spec| {
                let path = root.join(&spec.layout);
                if !path.exists() {
                    let missing =
                        Diagnostic::error("manifest", format!("the layout {} does not exist", spec.layout))
                            .at(manifest::FILE_NAME, manifest_text, spec.layout_span.clone())
                            .note("create it, or name the layout file the document has");
                    return Err(Error::Invalid(vec![missing]));
                }
                let text = read_text(&fsx::resolve_inside(root, &path)?, &spec.layout)?;
                let layout = SourceFile::new(spec.layout.clone(), spec.layout.clone(), text);
                Ok(DocumentFile { spec: spec.clone(), layout })
            })
            .collect::<Result<_>>()?;
        Ok(Project { root: root.to_path_buf(), manifest, locales, documents, recovered })
    }

    /// The project with some files' texts replaced or added (paths relative
    /// to the root, as `locales/pl/main.ftl`): what a change would make of
    /// it, checked before anything is written.
    pub fn with_texts(&self, texts: &[(&str, &str)]) -> Project {
        let mut changed = self.clone();
        for (path, text) in texts {
            let Some(locale) = changed.locales.iter_mut().find(|l| path.starts_with(&format!("{}/", l.dir)))
            else {
                continue;
            };
            match locale.files.iter_mut().find(|f| f.path == *path) {
                Some(file) => *file = SourceFile::new(file.path.clone(), file.name.clone(), text.to_string()),
                None => {
                    let name = path[locale.dir.len() + 1..].to_string();
                    locale.files.push(SourceFile::new(path.to_string(), name, text.to_string()));
                    locale.files.sort_by(|a, b| a.name.cmp(&b.name));
                    locale.present = true;
                }
            }
        }
        changed
    }

    /// The locale with this tag, or the error that lists the project's locales.
    pub fn locale(&self, tag: &str) -> Result<&LocaleFiles> {
        self.locales.iter().find(|l| l.locale.tag == tag).ok_or_else(|| Error::UnknownLocale {
            requested: tag.to_string(),
            known: self.locales.iter().map(|l| l.locale.tag.as_str()).collect::<Vec<_>>().join(", "),
        })
    }

    /// The target locale with this tag, or the error that lists the targets.
    pub fn target(&self, tag: &str) -> Result<&LocaleFiles> {
        let targets = &self.locales[1..];
        targets.iter().find(|l| l.locale.tag == tag).ok_or_else(|| Error::UnknownTarget {
            requested: tag.to_string(),
            known: targets.iter().map(|l| l.locale.tag.as_str()).collect::<Vec<_>>().join(", "),
        })
    }

    pub fn document(&self, name: Option<&str>) -> Result<&DocumentFile> {
        let unknown = || Error::UnknownDocument {
            requested: name.unwrap_or_default().to_string(),
            known: self.documents.iter().map(|d| d.spec.name.as_str()).collect::<Vec<_>>().join(", "),
        };
        match name {
            Some(name) => self.documents.iter().find(|d| d.spec.name == name).ok_or_else(unknown),
            None => self.documents.first().ok_or_else(unknown),
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.manifest.output)
    }

    /// Where the translation memory's binary cache lives: `out/.cache/`.
    pub fn cache_dir(&self) -> PathBuf {
        self.output_dir().join(".cache")
    }
}

/// A project held in memory only, from its manifest's text and `(path,
/// text)` files (`locales/pl/main.ftl`): what unit tests and fuzzers check,
/// with no disk. A manifest that cannot be read is refused with its
/// diagnostics.
pub fn in_memory(manifest: &str, files: &[(&str, &str)]) -> Result<Project> {
    let manifest = Manifest::parse(manifest, manifest::FILE_NAME).map_err(Error::Invalid)?;
    let locales = manifest
        .locales()
        .map(|locale| LocaleFiles {
            locale: locale.clone(),
            dir: format!("{LOCALES_DIR}/{}", locale.tag),
            present: false,
            files: Vec::new(),
        })
        .collect();
    let empty =
        Project { root: PathBuf::from("."), manifest, locales, documents: Vec::new(), recovered: None };
    Ok(empty.with_texts(files))
}

fn read_manifest(root: &Path) -> Result<(Manifest, String)> {
    let text = read_text(&root.join(manifest::FILE_NAME), manifest::FILE_NAME)?;
    let manifest = Manifest::parse(&text, manifest::FILE_NAME).map_err(Error::Invalid)?;
    Ok((manifest, text))
}

/// Collects the `.ftl` files below `dir` (resolved): each as a
/// `/`-separated path below the locale folder, with where it really is.
/// Links are followed only inside the project, into no folder met before.
fn list_ftl(
    root: &Path,
    dir: &Path,
    prefix: &str,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<()> {
    if !seen.insert(dir.to_path_buf()) {
        return Ok(());
    }
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        // Hidden files are editors' and tools' (`.#main.ftl` locks), not the
        // project's; a link that leads nowhere, or into a loop, is no file.
        let linked = entry.file_type().map_err(|e| Error::io(&path, e))?.is_symlink();
        if name.starts_with('.') || (linked && fs::metadata(&path).is_err()) {
            continue;
        }
        // What is not a link is where its resolved folder is: only links
        // need resolving.
        let resolved = if linked { fsx::resolve_inside(root, &path)? } else { path };
        if resolved.is_dir() {
            // A folder that holds this one is a loop.
            if !dir.starts_with(&resolved) {
                list_ftl(root, &resolved, &format!("{prefix}{name}/"), seen, out)?;
            }
        } else if name.ends_with(".ftl") {
            out.push((format!("{prefix}{name}"), resolved));
        }
    }
    Ok(())
}
