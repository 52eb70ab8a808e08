//! One writer at a time: a command that writes the project (import, build,
//! the memory's commands) holds an exclusive advisory lock on
//! `<output>/.lock` while it runs. The operating system releases it when the
//! process ends, however it ends. A second writer waits for it up to a
//! timeout (`FLUENTPRESS_LOCK_TIMEOUT` seconds, 30 by default), then gives
//! up naming the holder's process ID, which the holder writes into the file.
//! Readers (`check`, `status`, `lookup`) take no lock and never wait.
//!
//! Holding the lock, a writer first finishes a transaction a killed command
//! left behind ([`recover`](super::recover)) and removes the temporary files
//! of dead processes ([`remove_stale_temporaries`]).

use super::{Error, Result};
use std::fs::{self, File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant};

pub const LOCK_FILE: &str = ".lock";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The project's write lock, held until dropped.
pub struct ProjectLock {
    _file: File,
}

impl ProjectLock {
    /// Waits for the lock of the output folder `output` (created if need be).
    pub fn acquire(output: &Path) -> Result<ProjectLock> {
        let timeout = std::env::var("FLUENTPRESS_LOCK_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .map_or(DEFAULT_TIMEOUT, Duration::from_secs_f64);
        ProjectLock::acquire_within(output, timeout)
    }

    fn acquire_within(output: &Path, timeout: Duration) -> Result<ProjectLock> {
        let path = output.join(LOCK_FILE);
        fs::create_dir_all(output).map_err(|e| Error::io(output, e))?;
        let mut file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if start.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    return Err(Error::Locked { pid: holder.trim().parse().ok() });
                }
                Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
        let pid = std::process::id().to_string();
        let written =
            file.set_len(0).and_then(|()| file.rewind()).and_then(|()| file.write_all(pid.as_bytes()));
        written.map_err(|e| Error::io(&path, e))?;
        Ok(ProjectLock { _file: file })
    }

    /// The lock if no one holds it now, without waiting: how a reader that
    /// finds a journal finishes it only when no writer is at work.
    pub fn try_acquire(output: &Path) -> Option<ProjectLock> {
        let path = output.join(LOCK_FILE);
        let file = File::options().read(true).write(true).create(true).truncate(false).open(path).ok()?;
        file.try_lock().ok()?;
        Some(ProjectLock { _file: file })
    }
}

/// Removes the temporary files (`….<pid>.tmp`, `….<pid>.import.tmp`) that
/// processes no longer running left in `folders` and below, and everything
/// in the staging folder: the caller holds the lock and has finished any
/// journal, so nothing there is anyone's. How many it removed.
pub fn remove_stale_temporaries(output: &Path, folders: &[&Path]) -> usize {
    let mut removed = 0;
    let staging = output.join(super::transaction::STAGING_DIR);
    if let Ok(entries) = fs::read_dir(&staging) {
        for entry in entries.flatten() {
            removed += usize::from(fs::remove_file(entry.path()).is_ok());
        }
    }
    for folder in folders {
        removed += remove_dead_in(folder, 0);
    }
    removed
}

fn remove_dead_in(folder: &Path, depth: usize) -> usize {
    let Ok(entries) = fs::read_dir(folder) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        // Links are not followed: a loop is never walked.
        if kind.is_dir() && depth < 16 {
            removed += remove_dead_in(&entry.path(), depth + 1);
        } else if kind.is_file() && temporary_of(&name).is_some_and(|pid| !running(pid)) {
            removed += usize::from(fs::remove_file(entry.path()).is_ok());
        }
    }
    removed
}

/// The process ID in a temporary file's name: `.name.<pid>.tmp` or
/// `.name.<pid>.import.tmp`.
fn temporary_of(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let stem = stem.strip_suffix(".import").unwrap_or(stem);
    stem.rsplit_once('.')?.1.parse().ok()
}

/// Whether a process runs. Where that cannot be told, it is taken to run,
/// so that nothing of a live process is removed.
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_are_known_by_their_process_id() {
        assert_eq!(temporary_of(".project.tmx.4242.tmp"), Some(4242));
        assert_eq!(temporary_of(".resolution.ftl.17.import.tmp"), Some(17));
        assert_eq!(temporary_of("project.tmx"), None);
        assert_eq!(temporary_of(".notes.tmp"), None);
    }

    #[test]
    fn a_second_lock_waits_then_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let _held = ProjectLock::acquire(dir.path()).unwrap();
        assert!(ProjectLock::try_acquire(dir.path()).is_none());
        match ProjectLock::acquire_within(dir.path(), Duration::from_millis(50)) {
            Err(Error::Locked { pid }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("{:?}", other.err()),
        }
    }
}
