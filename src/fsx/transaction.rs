//! Writes that change several files of a project together, or not at all,
//! even when the process is killed halfway: each new file is written in full
//! to a staging folder first, then a journal names the renames to do, then
//! the renames are done and the journal removed. A command that finds a
//! journal ([`recover`]) finishes those renames before it reads anything,
//! so that after a kill at any moment every file is either all old or all
//! new, together.
//!
//! The staging folder is `<output>/.staging/` (the output folder holds a
//! `.gitignore` of `*`). A staged file that cannot be renamed across devices
//! is copied beside its destination first, as `.<name>.<pid>.tmp`, then
//! renamed.
//!
//! The journal, `<output>/.journal`, is written atomically (so it is whole
//! or absent) and durably after every staged file is. Its format, UTF-8:
//!
//! ```text
//! fluentpress journal 1
//! <staged path>\t<destination path>     one line per file, both relative
//! …                                     to the project root, `/`-separated
//! ```
//!
//! A line whose staged file no longer exists was renamed before the kill.

use super::{Error, Result, resolve_inside, write_atomic_with};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const HEADER: &str = "fluentpress journal 1";
pub const STAGING_DIR: &str = ".staging";
pub const JOURNAL: &str = ".journal";

/// Files staged to replace others together; dropped without [`commit`](Self::commit),
/// it removes what it staged.
pub struct Transaction {
    root: PathBuf,
    output: PathBuf,
    /// (staged file, destination), both absolute.
    staged: Vec<(PathBuf, PathBuf)>,
}

impl Transaction {
    /// A transaction over files of the project at `root` whose output
    /// folder is `output` (absolute).
    pub fn new(root: &Path, output: &Path) -> Transaction {
        // Resolved, so that the journal names files relative to the root.
        let resolved = |path: &Path| fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Transaction { root: resolved(root), output: output.to_path_buf(), staged: Vec::new() }
    }

    /// Writes the new content of `destination` (a path inside the project;
    /// a symbolic link is written through to its target, which must be
    /// inside the project too) to a staging file, synced to disk.
    pub fn stage(
        &mut self,
        destination: &Path,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<()> {
        let destination = resolve_inside(&self.root, destination)?;
        let folder = destination.parent().unwrap_or(&self.root).to_path_buf();
        fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        let staging = self.output.join(STAGING_DIR);
        fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        let staging = fs::canonicalize(&staging).map_err(|e| Error::io(&staging, e))?;
        let name = destination.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let staged = staging.join(format!("{}.{name}.{}.tmp", self.staged.len(), std::process::id()));
        let written = (|| {
            let mut file = io::BufWriter::with_capacity(1 << 16, fs::File::create(&staged)?);
            write(&mut file)?;
            file.into_inner().map_err(io::IntoInnerError::into_error)?.sync_all()
        })();
        self.staged.push((staged, destination.clone()));
        written.map_err(|e| Error::io(&destination, e))
    }

    /// Renames every staged file over its destination, through the journal.
    pub fn commit(mut self) -> Result<()> {
        if self.staged.is_empty() {
            return Ok(());
        }
        let journal = self.output.join(JOURNAL);
        let mut text = format!("{HEADER}\n");
        for (staged, destination) in &self.staged {
            text.push_str(&format!(
                "{}\t{}\n",
                super::shown(&self.root, staged),
                super::shown(&self.root, destination)
            ));
        }
        write_atomic_with(&journal, true, |out| out.write_all(text.as_bytes()))?;
        pause_for_tests();
        let staged = std::mem::take(&mut self.staged);
        for (from, to) in &staged {
            put_in_place(from, to).map_err(|e| Error::io(to, e))?;
            pause_for_tests();
        }
        sync_folders(staged.iter().map(|(_, to)| to.as_path()));
        fs::remove_file(&journal).map_err(|e| Error::io(&journal, e))?;
        remove_staging(&self.output);
        Ok(())
    }
}

/// Renames a staged file over its destination; across devices, through a
/// copy beside the destination, so that the destination changes at once.
fn put_in_place(staged: &Path, destination: &Path) -> io::Result<()> {
    match fs::rename(staged, destination) {
        Err(e) if e.kind() == io::ErrorKind::CrossesDevices => {
            let name = destination.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let beside = destination.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
            fs::copy(staged, &beside)?;
            fs::File::open(&beside)?.sync_all()?;
            fs::rename(&beside, destination)?;
            fs::remove_file(staged)
        }
        done => done,
    }
}

/// Makes the renames into these files' folders durable before the journal
/// that names them goes.
fn sync_folders<'p>(files: impl Iterator<Item = &'p Path>) {
    let mut folders: Vec<&Path> = files.filter_map(Path::parent).collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        // Not every system can sync a folder; the renames stand all the same.
        let _ = fs::File::open(folder).and_then(|f| f.sync_all());
    }
}

/// Removes the staging folder once empty, so that the output folder holds
/// only outputs between commands.
fn remove_staging(output: &Path) {
    let _ = fs::remove_dir(output.join(STAGING_DIR));
}

impl Drop for Transaction {
    fn drop(&mut self) {
        for (staged, _) in &self.staged {
            let _ = fs::remove_file(staged);
        }
    }
}

/// Finishes the transaction a killed command left in the output folder
/// `output` of the project at `root`: how many files it renamed, or `None`
/// when there was no journal. The caller holds the project's lock.
pub fn recover(root: &Path, output: &Path) -> Result<Option<usize>> {
    let journal = output.join(JOURNAL);
    let text = match fs::read_to_string(&journal) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&journal, e)),
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(Error::Refused(format!(
            "{}: not a journal this fluentpress can finish; remove it once the files it names are checked",
            journal.display()
        )));
    }
    let mut renamed = Vec::new();
    for line in lines {
        let Some((staged, destination)) = line.split_once('\t') else { continue };
        let (staged, destination) = (root.join(staged), root.join(destination));
        match put_in_place(&staged, &destination) {
            Ok(()) => renamed.push(destination),
            // Renamed before the command was stopped.
            Err(e) if e.kind() == io::ErrorKind::NotFound && !staged.exists() => {}
            Err(e) => {
                return Err(Error::Refused(format!(
                    "{}: an interrupted write cannot be finished: {}: {e}; the journal stays until it can",
                    journal.display(),
                    destination.display()
                )));
            }
        }
    }
    sync_folders(renamed.iter().map(PathBuf::as_path));
    fs::remove_file(&journal).map_err(|e| Error::io(&journal, e))?;
    remove_staging(output);
    Ok(Some(renamed.len()))
}

/// With `FLUENTPRESS_TEST_PAUSE_COMMIT=MS`, waits that long after writing
/// the journal and after each rename: how the tests kill a command in the
/// middle of a transaction.
fn pause_for_tests() {
    if let Some(ms) = std::env::var("FLUENTPRESS_TEST_PAUSE_COMMIT").ok().and_then(|v| v.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}
