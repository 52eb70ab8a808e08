//! The memory of a project on disk: the project memory (one TMX file, read
//! and written) and the reference memories beside it (every other `.tmx`
//! file of its folder, read only, as OmegaT's `tm/`), loaded into one list of
//! units that an [`Index`] searches.

use super::fuzzy::Index;
use super::{MergeStats, Unit, merge, tmx};
use crate::error::{Error, Result};
use crate::fsx::write_atomic;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Where a unit comes from: the project memory or a reference memory, by the
/// file's path relative to the project root.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Origin {
    path: String,
    /// One past the last unit of this file in [`Memory::units`].
    end: usize,
}

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
}

impl Memory {
    /// Loads the project memory `project` (a path relative to `root`; a
    /// memory that does not exist yet is empty) and the reference memories
    /// in its folder, keeping the pairs of `source` with `targets`.
    pub fn load(root: &Path, project: &str, source: &str, targets: &[&str]) -> Result<Memory> {
        let mut memory = Memory::load_project(root, project, source, targets)?;
        let project_path = root.join(project);
        let folder = project_path.parent().unwrap_or(root);
        let mut references: Vec<(String, PathBuf)> = match fs::read_dir(folder) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "tmx") && *p != project_path && p.is_file())
                .map(|p| (relative(root, &p), p))
                .collect(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io(folder, e)),
        };
        references.sort();
        for (name, path) in references {
            memory.add(&name, read_units(&path, source, targets, false)?);
        }
        Ok(memory)
    }

    /// Loads the project memory alone, as [`load`](Self::load) does.
    pub fn load_project(root: &Path, project: &str, source: &str, targets: &[&str]) -> Result<Memory> {
        let mut memory = Memory { units: Vec::new(), origins: Vec::new() };
        memory.add(project, read_units(&root.join(project), source, targets, true)?);
        Ok(memory)
    }

    fn add(&mut self, path: &str, units: Vec<Unit>) {
        self.units.extend(units);
        self.origins.push(Origin { path: path.to_string(), end: self.units.len() });
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

    pub fn index(&self) -> Index<'_> {
        Index::new(&self.units)
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
        stats
    }

    /// Merges the pairs of the TMX file `bytes` (read from `path`) into the
    /// project memory, as [`tmx::read`] finds them; `creator` stands for
    /// whoever made the units that do not say. Nothing changes on an error.
    pub fn import(
        &mut self,
        bytes: &[u8],
        path: &Path,
        source: &str,
        targets: &[&str],
        creator: Option<&str>,
    ) -> Result<Imported> {
        let read = tmx::read(bytes, source, targets)
            .map_err(|source| Error::Tmx { path: path.to_path_buf(), source })?;
        let mut units = read.units;
        if let Some(creator) = creator {
            for unit in &mut units {
                unit.creation_id.get_or_insert_with(|| creator.to_string());
                unit.change_id.get_or_insert_with(|| creator.to_string());
            }
        }
        let pairs = units.len();
        let stats = self.merge(units);
        Ok(Imported { tu_count: read.tu_count, pairs, stats, skipped: read.skipped })
    }

    /// Writes the project memory as TMX 1.4b, atomically.
    pub fn save(&self, root: &Path, source: &str) -> Result<()> {
        write_atomic(&root.join(self.project_path()), tmx::write(self.project(), source).as_bytes())
    }
}

/// A memory file's units; a missing project memory is an empty one.
fn read_units(path: &Path, source: &str, targets: &[&str], may_be_missing: bool) -> Result<Vec<Unit>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if may_be_missing && e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    match tmx::read(&bytes, source, targets) {
        Ok(read) => Ok(read.units),
        // A memory with units of other languages only has none for us.
        Err(super::Error::NoPair { .. }) => Ok(Vec::new()),
        Err(e) => Err(Error::Tmx { path: path.to_path_buf(), source: e }),
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.to_string_lossy().replace('\\', "/")
}
