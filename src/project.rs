//! A project on disk: the manifest, every locale's `.ftl` files and the layout
//! files, read once into memory. Later stages never touch the disk to read.

use crate::error::{Error, Result};
use crate::fsx::read_text;
use crate::manifest::{self, DocumentSpec, Locale, Manifest};
use std::fs;
use std::path::{Path, PathBuf};

pub struct Project {
    pub root: PathBuf,
    pub manifest: Manifest,
    /// The source locale first, then the targets, as in the manifest.
    pub locales: Vec<LocaleFiles>,
    pub documents: Vec<DocumentFile>,
}

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
pub struct SourceFile {
    /// Relative to the project root, `/`-separated: what diagnostics show.
    pub path: String,
    /// Relative to the locale's folder: what pairs a translation with its source.
    pub name: String,
    pub text: String,
}

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

    pub fn load(root: &Path) -> Result<Project> {
        let text = read_text(&root.join(manifest::FILE_NAME), manifest::FILE_NAME)?;
        let manifest = Manifest::parse(&text, manifest::FILE_NAME).map_err(Error::Invalid)?;
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
            let mut names = Vec::new();
            if present {
                list_ftl(&root.join(&dir), "", &mut names)?;
            }
            names.sort();
            let files = names
                .into_iter()
                .map(|name| {
                    let path = format!("{dir}/{name}");
                    let text = read_text(&root.join(&path), &path)?;
                    Ok(SourceFile { path, name, text })
                })
                .collect::<Result<_>>()?;
            locales.push(LocaleFiles { locale: locale.clone(), dir, present, files });
        }
        let documents = manifest
            .documents
            .iter()
            .map(|spec| {
                let text = read_text(&root.join(&spec.layout), &spec.layout)?;
                let layout = SourceFile { path: spec.layout.clone(), name: spec.layout.clone(), text };
                Ok(DocumentFile { spec: spec.clone(), layout })
            })
            .collect::<Result<_>>()?;
        Ok(Project { root: root.to_path_buf(), manifest, locales, documents })
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

/// Collects the `.ftl` files below `dir` as `/`-separated paths.
fn list_ftl(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() {
            list_ftl(&path, &format!("{prefix}{name}/"), out)?;
        } else if name.ends_with(".ftl") {
            out.push(format!("{prefix}{name}"));
        }
    }
    Ok(())
}
