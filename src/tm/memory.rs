//! The memory of a project on disk: the project memory (one TMX file, read
//! and written) and the reference memories beside it (every other `.tmx`
//! file of its folder, read only, as OmegaT's `tm/`), loaded into one list of
//! units that an [`Index`] searches.
//!
//! A memory loaded with [`Memory::load_cached`] keeps a binary cache of its
//! units and index (see [`cache`](super::cache)), read instead of the TMX
//! files while their content is the same, and written again when it is not
//! and when the memory is saved.

use super::Error;
use super::cache::{self, CachedFile};
use super::fuzzy::{Index, Query, Tables};
use super::{MergeStats, Unit, merge, tmx};
use crate::fsx::{Transaction, resolve_inside};
use crate::hash::{self, Fingerprint, Hashing};
use crate::project::Project;
use std::fs;
use std::hash::Hasher;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::thread::ScopedJoinHandle;

/// Where a unit comes from: the project memory or a reference memory, by the
/// file's path relative to the project root.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Origin {
    path: String,
    /// One past the last unit of this file in [`Memory::units`].
    end: usize,
    /// The file's content when it was read or written; none once the
    /// project memory has changed.
    fingerprint: Option<Fingerprint>,
}

/// The cache of a memory loaded with [`Memory::load_cached`], and what the
/// memory was loaded for.
struct CacheSpec {
    file: PathBuf,
    source: String,
    targets: Vec<String>,
}

/// The content a cache records for a project memory that does not exist yet.
const MISSING: Fingerprint = Fingerprint { size: u64::MAX, hash: u64::MAX };

/// What [`Memory::import`] did.
#[derive(Debug)]
pub struct Imported {
    /// `<tu>` elements in the file.
    pub tu_count: usize,
    /// Pairs of the project's languages read from them.
    pub pairs: usize,
    pub stats: MergeStats,
    pub skipped: Vec<tmx::Skip>,
}

pub struct Memory {
    /// The project memory's units first, in memory order, then each
    /// reference memory's, files in name order.
    units: Vec<Unit>,
    origins: Vec<Origin>,
    /// The index's tables, built when first asked for (or read from the cache).
    tables: OnceLock<Tables>,
    cache: Option<CacheSpec>,
}

impl Memory {
    /// Loads the project memory `project` (a path relative to `root`; a
    /// memory that does not exist yet is empty) and the reference memories
    /// in its folder, keeping the pairs of `source` with `targets`.
    pub fn load(root: &Path, project: &str, source: &str, targets: &[&str]) -> Result<Memory, Error> {
        let files = memory_files(root, project)?;
        Memory::parse(&files, source, targets, None)
    }

    /// Loads the project memory alone, as [`load`](Self::load) does.
    pub fn load_project(root: &Path, project: &str, source: &str, targets: &[&str]) -> Result<Memory, Error> {
        Memory::parse(&[(project.to_string(), root.join(project))], source, targets, None)
    }

    /// Loads the memory as [`load`](Self::load) does, from the cache in
    /// `cache_dir` (the project's `out/.cache/`) when one was written for
    /// the same files with the same content and the same languages: every
    /// TMX file is hashed, not parsed, and the index is not built again.
    /// Otherwise the files are parsed and the cache is written. The memory
    /// keeps its cache: [`save`](Self::save) writes it again. A cache that
    /// cannot be read is never an error, nor one that cannot be written.
    pub fn load_cached(
        root: &Path,
        project: &str,
        source: &str,
        targets: &[&str],
        cache_dir: &Path,
    ) -> Result<Memory, Error> {
        let files = memory_files(root, project)?;
        let spec = CacheSpec {
            file: cache_dir.join(cache_name(project, source, targets)),
            source: source.to_string(),
            targets: targets.iter().map(|t| t.to_string()).collect(),
        };
        // Every file's content, hashed while the cache is read: is it theirs?
        let fingerprints = || -> Result<Vec<(String, Fingerprint)>, Error> {
            let mut present = Vec::with_capacity(files.len());
            for (name, path) in &files {
                let fingerprint =
                    hash::fingerprint(path).map_err(|e| Error::Io { path: path.to_path_buf(), source: e })?;
                present.push((name.clone(), fingerprint.unwrap_or(MISSING)));
            }
            Ok(present)
        };
        if let Some(contents) = cache::read(&spec.file, source, targets, fingerprints)? {
            let origins = contents
                .files
                .into_iter()
                .map(|f| Origin { path: f.path, end: f.end, fingerprint: Some(f.fingerprint) })
                .collect();
            return Ok(Memory {
                units: contents.units,
                origins,
                tables: OnceLock::from(contents.tables),
                cache: Some(spec),
            });
        }
        let memory = Memory::parse(&files, source, targets, Some(spec))?;
        // The index is built beside the writing of the units of the cache.
        std::thread::scope(|scope| {
            let building = scope.spawn(|| Tables::build(&memory.units));
            memory.write_cache(None, || memory.built(Some(building)));
        });
        Ok(memory)
    }

    /// The memory of `project`, for its source and target languages, through
    /// its cache (see [`load_cached`](Self::load_cached)).
    pub fn for_project(project: &Project) -> Result<Memory, Error> {
        let manifest = &project.manifest;
        let targets: Vec<&str> = manifest.targets.iter().map(|l| l.tag.as_str()).collect();
        Memory::load_cached(&project.root, &manifest.tm, &manifest.source.tag, &targets, &project.cache_dir())
    }

    /// Reads every file, the project memory first.
    fn parse(
        files: &[(String, PathBuf)],
        source: &str,
        targets: &[&str],
        cache: Option<CacheSpec>,
    ) -> Result<Memory, Error> {
        let mut memory = Memory { units: Vec::new(), origins: Vec::new(), tables: OnceLock::new(), cache };
        for (i, (name, path)) in files.iter().enumerate() {
            let (units, fingerprint) = read_units(path, source, targets, i == 0)?;
            memory.units.extend(units);
            memory.origins.push(Origin {
                path: name.clone(),
                end: memory.units.len(),
                fingerprint: Some(fingerprint),
            });
        }
        Ok(memory)
    }

    /// Every unit: the project memory's, then the reference memories'.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The project memory's units, in memory order.
    pub fn project(&self) -> &[Unit] {
        &self.units[..self.origins[0].end]
    }

    /// The file a unit (by its index in [`units`](Self::units)) comes from.
    pub fn origin(&self, unit: usize) -> &str {
        let at = self.origins.partition_point(|o| o.end <= unit);
        self.origins.get(at).map_or("", |o| o.path.as_str())
    }

    /// The project memory's file, relative to the project root.
    pub fn project_path(&self) -> &str {
        &self.origins[0].path
    }

    /// The index of every unit, built the first time it is asked for (or
    /// read from the cache).
    pub fn index(&self) -> Index<'_> {
        Index::with_tables(&self.units, self.tables())
    }

    /// A search of the memory for many queries, which share its index.
    pub fn searcher(&self) -> Searcher<'_> {
        Searcher { memory: self, index: self.index() }
    }

    fn tables(&self) -> &Tables {
        self.tables.get_or_init(|| Tables::build(&self.units))
    }

    /// Merges units into the project memory (see [`merge`]).
    pub fn merge(&mut self, incoming: Vec<Unit>) -> MergeStats {
        let end = self.origins[0].end;
        let mut project: Vec<Unit> = self.units.drain(..end).collect();
        let stats = merge(&mut project, incoming);
        let grown = project.len() as isize - end as isize;
        self.units.splice(0..0, project);
        for origin in &mut self.origins {
            origin.end = origin.end.saturating_add_signed(grown);
        }
        self.origins[0].fingerprint = None;
        self.tables = OnceLock::new();
        stats
    }

    /// Merges the pairs a TMX file gave ([`tmx::read`]) into the project
    /// memory; `creator` stands for whoever made the units that do not say.
    pub fn import(&mut self, read: tmx::Read, creator: Option<&str>) -> Imported {
        let mut units = read.units;
        if let Some(creator) = creator {
            for unit in &mut units {
                unit.creation_id.get_or_insert_with(|| creator.to_string());
                unit.change_id.get_or_insert_with(|| creator.to_string());
            }
        }
        let pairs = units.len();
        let stats = self.merge(units);
        Imported { tu_count: read.tu_count, pairs, stats, skipped: read.skipped }
    }

    /// Stages the project memory as TMX 1.4b in `transaction`, which the
    /// caller commits (with the files that change with it), and writes the
    /// cache of a memory loaded with [`load_cached`](Self::load_cached):
    /// a cache whose file did not change after all is not used.
    pub fn save(&self, root: &Path, source: &str, transaction: &mut Transaction) -> Result<(), Error> {
        // The cache must hold what reading the file gives.
        let cacheable = self.cache.as_ref().is_some_and(|spec| {
            let targets: Vec<&str> = spec.targets.iter().map(String::as_str).collect();
            tmx::reads_back(self.project(), &spec.source, &targets)
        });
        let mut written = None;
        std::thread::scope(|scope| {
            // The index is built beside the writing of the TMX file and of
            // the units of the cache.
            let mut building = (cacheable && self.tables.get().is_none())
                .then(|| scope.spawn(|| Tables::build(&self.units)));
            let saved = transaction.stage(&root.join(self.project_path()), |out| {
                let mut out = Hashing::new(out);
                tmx::write_to(self.project(), source, &mut out)?;
                written = Some(out.hasher.finish());
                Ok(())
            });
            let tables = || self.built(building.take());
            match &self.cache {
                Some(_) if saved.is_ok() && cacheable => self.write_cache(written, tables),
                Some(spec) if saved.is_ok() => _ = fs::remove_file(&spec.file),
                _ => {}
            }
            Ok(saved?)
        })
    }

    /// The index's tables, from the thread `building` them if given.
    fn built(&self, building: Option<ScopedJoinHandle<'_, Tables>>) -> &Tables {
        if let Some(building) = building {
            match building.join() {
                Ok(tables) => _ = self.tables.set(tables),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        self.tables()
    }

    /// Writes the cache, the project memory's file having the content
    /// `project` if given, and the index's tables what `tables` gives once
    /// the units are written. A cache that cannot be written is removed, so
    /// that the next load reads the files.
    fn write_cache<'t>(&'t self, project: Option<Fingerprint>, tables: impl FnOnce() -> &'t Tables) {
        let Some(spec) = &self.cache else { return };
        let files: Option<Vec<CachedFile>> = (self.origins.iter().enumerate())
            .map(|(i, origin)| {
                let fingerprint = if i == 0 { project.or(origin.fingerprint) } else { origin.fingerprint };
                Some(CachedFile { path: origin.path.clone(), fingerprint: fingerprint?, end: origin.end })
            })
            .collect();
        let targets: Vec<&str> = spec.targets.iter().map(String::as_str).collect();
        let written = files.ok_or(()).and_then(|files| {
            cache::write(&spec.file, &spec.source, &targets, &files, &self.units, tables).map_err(|_| ())
        });
        if written.is_err() {
            let _ = fs::remove_file(&spec.file);
        }
    }
}

/// Searches a [`Memory`] (see [`Memory::searcher`]).
pub struct Searcher<'m> {
    memory: &'m Memory,
    index: Index<'m>,
}

/// A remembered translation that a search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion<'m> {
    pub score: u8,
    /// The remembered source and its translation, as plain text.
    pub source: String,
    pub target: String,
    /// The file the unit comes from, relative to the project root.
    pub origin: &'m str,
    pub unit: &'m Unit,
}

impl<'m> Searcher<'m> {
    /// The units that match `query`, best first (see [`Index::search`]).
    pub fn lookup(&self, query: &Query<'_>) -> Vec<Suggestion<'m>> {
        let memory = self.memory;
        let found = self.index.search(query).into_iter().map(|m| {
            let unit = &memory.units[m.unit];
            let (source, target) = (unit.source.plain_text(), unit.target.plain_text());
            Suggestion { score: m.score, source, target, origin: memory.origin(m.unit), unit }
        });
        found.collect()
    }
}

/// The memory's files: the project memory, then the reference memories in
/// its folder by name, each with its path relative to `root`.
fn memory_files(root: &Path, project: &str) -> Result<Vec<(String, PathBuf)>, Error> {
    let project_path = root.join(project);
    let folder = project_path.parent().unwrap_or(root);
    let mut references: Vec<(String, PathBuf)> = match fs::read_dir(folder) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "tmx") && *p != project_path && p.is_file())
            .map(|p| Ok((crate::fsx::shown(root, &p), resolve_inside(root, &p)?)))
            .collect::<Result<_, Error>>()?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::Io { path: folder.to_path_buf(), source: e }),
    };
    references.sort();
    let mut files = vec![(project.to_string(), resolve_inside(root, &project_path)?)];
    files.extend(references);
    Ok(files)
}

/// The cache's file name, for a memory's project file and languages.
fn cache_name(project: &str, source: &str, targets: &[&str]) -> String {
    let mut hasher = hash::FastHasher::default();
    for part in [project, source].iter().chain(targets) {
        hasher.write(part.as_bytes());
        hasher.write_u8(0xFF);
    }
    format!("tm-{:016x}.bin", hasher.finish())
}

/// A memory file's units and content; a missing project memory is an empty
/// one.
fn read_units(
    path: &Path,
    source: &str,
    targets: &[&str],
    may_be_missing: bool,
) -> Result<(Vec<Unit>, Fingerprint), Error> {
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if may_be_missing && e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), MISSING)),
        Err(e) => return Err(Error::Io { path: path.to_path_buf(), source: e }),
    };
    let mut input = Hashing::new(file);
    let units = match tmx::read_stream(&mut input, source, targets) {
        Ok(read) => read.units,
        // A memory with units of other languages only has none for us.
        Err(tmx::Stop::Tmx(super::Error::NoPair { .. })) => Vec::new(),
        Err(stop) => return Err(tmx::file_error(path, stop)),
    };
    // What follows the document, if anything, is hashed too.
    io::copy(&mut input.by_ref(), &mut io::sink())
        .map_err(|e| Error::Io { path: path.to_path_buf(), source: e })?;
    Ok((units, input.hasher.finish()))
}
