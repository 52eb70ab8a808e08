//! File-system helpers: atomic writes, so that a reader never sees a
//! half-written file and a failure leaves the old file in place; several
//! files written together or not at all ([`Transaction`]); one writer at a
//! time ([`ProjectLock`]); and the rule that what the project reads and
//! writes stays inside it, links resolved ([`resolve_inside`]).

mod lock;
mod transaction;

pub use lock::{LOCK_FILE, ProjectLock, remove_stale_temporaries};
pub use transaction::{JOURNAL, STAGING_DIR, Transaction, recover};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use std::fs;
use std::io::Write;
use std::path::Path;

/// A path as messages show it: relative to the project at `root` when it is
/// inside, with `/` separators.
pub fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Writes `bytes` to `path` through a temporary file in the same directory
/// and a rename, creating the directory if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, true, |out| out.write_all(bytes))
}

/// Writes a file as [`write_atomic`] does, from a writer rather than bytes,
/// so that a large file is never held whole. A file that need not be
/// `durable` is not synced before the rename (a cache, which a checksum
/// guards).
pub fn write_atomic_with(
    path: &Path,
    durable: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::io::BufWriter::with_capacity(1 << 16, fs::File::create(&tmp)?);
        write(&mut file)?;
        let file = file.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        if durable {
            file.sync_all()?;
        }
        fs::rename(&tmp, path)
    })();
    written.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// The path a project file really is at, links resolved, when that is
/// inside the project at `root`: a file or folder of the project that is a
/// link to elsewhere (or a loop of links) is refused, not followed. A path
/// that does not exist yet is resolved through its nearest existing folder.
pub fn resolve_inside(root: &Path, path: &Path) -> Result<std::path::PathBuf> {
    let root = fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let mut existing = path;
    let mut rest = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        let Some(parent) = existing.parent() else { break };
        rest.push(existing.file_name().unwrap_or_default());
        existing = parent;
    }
    let resolved = fs::canonicalize(existing).map_err(|e| {
        #[cfg(unix)]
        let loop_ = e.raw_os_error() == Some(libc::ELOOP);
        #[cfg(not(unix))]
        let loop_ = false;
        let why = if loop_ { "a loop of symbolic links" } else { "it cannot be resolved" };
        Error::Refused(format!("{}: {why} ({e})", existing.display()))
    })?;
    if !resolved.starts_with(&root) {
        return Err(Error::Refused(format!(
            "{} leads outside the project, to {}: fluentpress reads and writes only inside {}",
            existing.display(),
            resolved.display(),
            root.display()
        )));
    }
    Ok(rest.iter().rev().fold(resolved, |path, step| path.join(step)))
}

/// Removes a file if it is there; whether it was.
pub fn remove_if_present(path: &Path) -> Result<bool> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Reads a file as UTF-8 text, dropping a leading byte-order mark. Text that
/// is not UTF-8 is a content error pointing at the first bad byte; `shown_as`
/// is the name diagnostics give the file.
pub fn read_text(path: &Path, shown_as: &str) -> Result<String> {
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Error::Invalid(vec![Diagnostic::error("encoding", "the file is not valid UTF-8").at(
            shown_as,
            &prefix,
            valid..valid,
        )])
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.txt");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let names: Vec<_> =
            fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec!["out.txt"]);
    }
}
