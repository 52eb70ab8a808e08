//! `watch`: what a save asks to be made again, and one round of checking
//! and rebuilding. The watching itself (file events, Ctrl-C, the screen) is
//! the command line's; this module knows only paths and projects.
//!
//! Rules: a change to a target locale's files rebuilds that locale's own
//! editions and the editions side by side; a change to the source, the
//! manifest, a layout, the memory, the approvals, the word lists, a
//! dictionary the manifest names or the glossary (wherever the manifest
//! puts them) rebuilds everything; any other file (the output folder, hidden
//! and backup files, a build folder) is not the project's and is passed
//! over. The memory learns nothing and no XLIFF is written: a translation
//! being typed is no pair to keep.

use super::build::{BuildOptions, BuildReport, renderers, write_editions};
use super::checked::Checked;
use crate::approval;
use crate::error::Result;
use crate::project::{LOCALES_DIR, Project};
use crate::qa::{self, Spellers};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// What a set of changed files asks to be made again.
#[derive(Debug, PartialEq, Eq)]
pub enum Affected {
    Nothing,
    /// These target locales' editions, and those side by side.
    Locales(BTreeSet<String>),
    Everything,
}

impl Affected {
    fn add(&mut self, other: Affected) {
        *self = match (std::mem::replace(self, Affected::Nothing), other) {
            (Affected::Everything, _) | (_, Affected::Everything) => Affected::Everything,
            (Affected::Locales(mut a), Affected::Locales(b)) => {
                a.extend(b);
                Affected::Locales(a)
            }
            (Affected::Nothing, other) | (other, Affected::Nothing) => other,
        };
    }
}

/// What a project reads besides its locales: folders (approvals, word
/// lists; the glossary's and the memory's, which hold references too) and
/// files (the layouts, dictionaries the manifest names; a glossary or
/// memory at the project's top); relative to its root.
fn read_besides_locales(project: &Project) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let manifest = &project.manifest;
    let mut folders = vec![PathBuf::from(approval::FOLDER), PathBuf::from(qa::WORD_LISTS)];
    let mut files: Vec<PathBuf> = project.documents.iter().map(|d| PathBuf::from(&d.layout.path)).collect();
    for kept in [&manifest.glossary, &manifest.tm] {
        match Path::new(kept).parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(folder) => folders.push(folder.to_path_buf()),
            None => files.push(PathBuf::from(kept)),
        }
    }
    files.extend(dictionaries(project));
    (folders, files)
}

/// The `.aff` and `.dic` files the manifest names.
fn dictionaries(project: &Project) -> impl Iterator<Item = PathBuf> + '_ {
    let stems = project.manifest.locales().filter_map(|l| l.dictionary.as_ref()).map(PathBuf::from);
    stems.flat_map(|stem| [stem.with_extension("aff"), stem.with_extension("dic")])
}

/// What the files `changed` (absolute paths) ask of `project` to be made again.
pub fn affected(project: &Project, changed: &[PathBuf]) -> Affected {
    let mut affected = Affected::Nothing;
    for path in changed {
        affected.add(affected_by(project, path));
    }
    affected
}

fn affected_by(project: &Project, path: &Path) -> Affected {
    let Ok(relative) = path.strip_prefix(&project.root) else { return Affected::Nothing };
    let parts: Vec<&str> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    let Some(name) = parts.last() else { return Affected::Nothing };
    // Editors' swap, backup and temporary files, and our own temporaries.
    if parts.iter().any(|p| p.starts_with('.')) || name.ends_with('~') || name.ends_with(".swp") {
        return Affected::Nothing;
    }
    let manifest = &project.manifest;
    if relative.starts_with(&manifest.output) {
        return Affected::Nothing;
    }
    let (folders, files) = read_besides_locales(project);
    let read = folders.iter().any(|f| relative.starts_with(f)) || files.iter().any(|f| relative == f);
    match parts.as_slice() {
        [LOCALES_DIR, tag, ..] if *tag != manifest.source.tag => match manifest.locale(tag) {
            Some(_) => Affected::Locales(BTreeSet::from([tag.to_string()])),
            None => Affected::Nothing,
        },
        [LOCALES_DIR, ..] => Affected::Everything,
        [crate::manifest::FILE_NAME] => Affected::Everything,
        _ if read => Affected::Everything,
        _ => Affected::Nothing,
    }
}

/// Whether the files `changed` include a word list or the manifest, which
/// says where the dictionaries are: then they are read again.
pub fn rereads_dictionaries(project: &Project, changed: &[PathBuf]) -> bool {
    let named: Vec<PathBuf> = dictionaries(project).collect();
    changed.iter().filter_map(|p| p.strip_prefix(&project.root).ok()).any(|relative| {
        relative.starts_with(qa::WORD_LISTS)
            || relative == Path::new(crate::manifest::FILE_NAME)
            || named.iter().any(|d| relative == d)
    })
}

/// The folders to watch, besides the project folder itself (for the
/// manifest and folders yet to be made): those that exist of the locales,
/// the layouts', the memory's and the others the project reads.
pub fn watched_folders(project: &Project) -> BTreeSet<PathBuf> {
    let (folders, files) = read_besides_locales(project);
    let of_files = files.iter().filter_map(|f| f.parent().map(Path::to_path_buf));
    [PathBuf::from(LOCALES_DIR)]
        .into_iter()
        .chain(folders)
        .chain(of_files)
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| project.root.join(p))
        .filter(|p| p.is_dir())
        .collect()
}

/// One round: the project checked (with `spellers`, made anew when they
/// are not its locales') and the editions `affected` asks for written.
pub fn round(
    project: &Project,
    spellers: &mut Option<Spellers>,
    affected: &Affected,
    options: &BuildOptions,
) -> Result<BuildReport> {
    let stale = spellers.as_ref().is_none_or(|s| !s.serve(project.manifest.locales()));
    if stale {
        let spelling = project.manifest.level("spelling") != crate::diagnostic::Level::Off;
        let cache = Some(project.cache_dir());
        *spellers = Some(Spellers::new(&project.root, project.manifest.locales(), cache, spelling));
    }
    let spellers = spellers.as_ref().expect("made above");
    let checked = Checked::with_spellers(project, spellers);
    let only = match affected {
        Affected::Nothing => Some(Vec::new()),
        Affected::Locales(tags) => Some(tags.iter().cloned().collect()),
        Affected::Everything => None,
    };
    // `--locale` narrows what any change rebuilds.
    let only = match (&options.only, only) {
        (Some(asked), Some(changed)) => Some(asked.iter().filter(|t| changed.contains(t)).cloned().collect()),
        (Some(asked), None) => Some(asked.clone()),
        (None, only) => only,
    };
    write_editions(&checked, &renderers(), &BuildOptions { only, ..options.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_rebuilds_its_locale_the_shared_files_everything_and_the_rest_nothing() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean");
        let project = Project::load(&root).unwrap();
        let of = |paths: &[&str]| affected(&project, &paths.iter().map(|p| root.join(p)).collect::<Vec<_>>());
        let locales = |tags: &[&str]| Affected::Locales(tags.iter().map(|t| t.to_string()).collect());
        assert_eq!(of(&["locales/pl/notice.ftl"]), locales(&["pl"]));
        assert_eq!(of(&["locales/pl/notice.ftl", "locales/en/new.ftl"]), locales(&["en", "pl"]));
        for shared in [
            "locales/fr/notice.ftl",
            "fluentpress.toml",
            "layouts/notice.toml",
            "tm/project.tmx",
            "approvals/pl.toml",
            "dictionaries/pl.txt",
            "glossary/project.tbx",
        ] {
            assert_eq!(of(&["locales/pl/notice.ftl", shared]), Affected::Everything, "{shared}");
        }
        for elsewhere in [
            "out/notice.pl.pdf",
            "out/.cache/tm.bin",
            "locales/pl/.notice.ftl.swp",
            "locales/pl/notice.ftl~",
            "locales/de/notice.ftl",
            "target/debug/fluentpress",
            "README.md",
        ] {
            assert_eq!(of(&[elsewhere]), Affected::Nothing, "{elsewhere}");
        }
        assert_eq!(affected(&project, &[PathBuf::from("/elsewhere/locales/pl/a.ftl")]), Affected::Nothing);
        // A memory and a glossary the manifest puts elsewhere: their places.
        let mut elsewhere = Project::load(&root).unwrap();
        elsewhere.manifest.tm = "project.tmx".into();
        elsewhere.manifest.glossary = "terms/words.tbx".into();
        let of = |path: &str| affected(&elsewhere, &[root.join(path)]);
        assert_eq!(of("project.tmx"), Affected::Everything);
        assert_eq!(of("terms/iate.tbx"), Affected::Everything);
        assert_eq!(
            (of("README.md"), of("tm/project.tmx"), of("glossary/project.tbx")),
            (Affected::Nothing, Affected::Nothing, Affected::Nothing)
        );
        assert!(rereads_dictionaries(&project, &[root.join("dictionaries/pl.txt")]));
        assert!(rereads_dictionaries(&project, &[root.join("dictionaries/pl.dic")]));
        assert!(!rereads_dictionaries(&project, &[root.join("locales/pl/notice.ftl")]));
    }
}
