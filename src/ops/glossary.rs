//! `glossary import`, `export` and `lookup`: the project's own TBX file
//! merged into (all at once or not at all), the whole glossary written for
//! an agency, and the terms a text holds.

use crate::error::{Error, Result};
use crate::fsx::write_atomic;
use crate::ftl::Catalog;
use crate::glossary::{self, Concept, Glossary, Merged, TbxVersion, tbx};
use crate::project::Project;
use std::path::Path;

impl From<glossary::TbxError> for Error {
    fn from(error: glossary::TbxError) -> Error {
        Error::Exchange(Box::new(error))
    }
}

/// The project's own glossary file as it is; empty when there is none.
fn own(project: &Project) -> Result<Glossary> {
    let path = glossary::project_file(project);
    if !path.exists() {
        return Ok(Glossary::default());
    }
    tbx::read_file(&path).map_err(|error| {
        let shown = crate::fsx::shown(&project.root, &path);
        Error::Invalid(vec![error.diagnostic(&path, &shown)])
    })
}

/// Merges a TBX file into the project's own glossary (see
/// [`Glossary::merge`]) and writes it; a file that cannot be read changes
/// nothing. `date` is the day the new concepts are recorded on.
pub fn import(project: &Project, file: &Path, creator: Option<&str>, date: &str) -> Result<Merged> {
    let incoming = tbx::read_file(file).map_err(|error| match error {
        glossary::TbxError::Malformed { .. } => {
            Error::Invalid(vec![error.diagnostic(file, &file.display().to_string())])
        }
        other => Error::from(other),
    })?;
    let mut glossary = own(project)?;
    let languages: Vec<&str> = project.manifest.locales().map(|l| l.tag.as_str()).collect();
    let merged = glossary.merge(incoming, &languages, creator.map(|by| (by, date)));
    if merged.added + merged.extended > 0 {
        let text =
            tbx::write(&glossary, TbxVersion::V2008, &project.manifest.source.tag, None, "Project glossary");
        write_atomic(&glossary::project_file(project), text.as_bytes())?;
    }
    Ok(merged)
}

/// The whole glossary — the project's own, the references beside it and
/// the Fluent terms — as TBX-Basic, in the source and `target` languages
/// (every locale's without one). Files that cannot be read are errors.
pub fn export(project: &Project, target: Option<&str>, version: TbxVersion) -> Result<(String, usize)> {
    if let Some(target) = target {
        project.target(target)?;
    }
    let catalog = Catalog::parse(project);
    let loaded = glossary::load(project, &catalog);
    if !loaded.diagnostics.is_empty() {
        return Err(Error::Invalid(loaded.diagnostics));
    }
    let source = project.manifest.source.tag.as_str();
    let only: Option<Vec<&str>> = target.map(|t| vec![source, t]);
    let mut glossary = loaded.glossary;
    glossary.sort();
    let text = tbx::write(&glossary, version, source, only.as_deref(), "Glossary");
    Ok((text, glossary.concepts.len()))
}

/// The glossary's concepts whose source terms `text` holds, with the words
/// found, in the order they appear.
pub fn lookup<'g>(project: &Project, glossary: &'g Glossary, text: &str) -> Vec<(String, &'g Concept)> {
    glossary.finder(&project.manifest.source.tag).found_in(text)
}
