//! The memory of a project on disk: the project memory (one TMX file, read
//! and written) and the reference memories beside it (every other `.tmx`
//! file of its folder, read only, as OmegaT's `tm/`), loaded into one list of
//! units that an [`Index`] searches.

use super::cache::write_atomic_with;
use super::fuzzy::Index;
use super::{MergeStats, Unit, merge, tmx};
use crate::error::{Error, Result};
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
        let mut memory = Memory { units: Vec::new(), origins: Vec::new() };
        let project_path = root.join(project);
        memory.add(project, read_units(&project_path, source, targets, true)?);
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

    /// Writes the project memory as TMX 1.4b, atomically.
    pub fn save(&self, root: &Path, source: &str) -> Result<()> {
        write_atomic_with(&root.join(self.project_path()), |out| tmx::write_to(self.project(), source, out))
    }
}

/// A memory file's units; a missing project memory is an empty one.
fn read_units(path: &Path, source: &str, targets: &[&str], may_be_missing: bool) -> Result<Vec<Unit>> {
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if may_be_missing && e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    match tmx::read_stream(file, source, targets) {
        Ok(read) => Ok(read.units),
        // A memory with units of other languages only has none for us.
        Err(tmx::Stop::Tmx(super::Error::NoPair { .. })) => Ok(Vec::new()),
        Err(stop) => Err(tmx::file_error(path, stop)),
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.to_string_lossy().replace('\\', "/")
}
