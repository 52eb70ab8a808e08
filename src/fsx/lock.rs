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
            .and_then(|s| Duration::try_from_secs_f64(s.parse().ok()?).ok())
            .unwrap_or(DEFAULT_TIMEOUT);
        ProjectLock::acquire_within(output, timeout)
    }

    fn acquire_within(output: &Path, timeout: Duration) -> Result<ProjectLock> {
        let path = output.join(LOCK_FILE);
        fs::create_dir_all(output).map_err(|e| Error::io(output, e))?;
        // The output folder is generated: git leaves all of it alone.
        let ignore = output.join(".gitignore");
        if !ignore.exists() {
            fs::write(&ignore, "*\n").map_err(|e| Error::io(&ignore, e))?;
        }
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

/// Removes the temporary files that processes no longer running left, and
/// only those: names fluentpress gives its temporaries (`.<name>.<pid>.tmp`,
/// `.<name>.ftl.<pid>.import.tmp` of older versions) of the files it writes
/// there — outputs and caches in the output folder, the memory `tm_file`
/// beside it, `.ftl` files under `locales` — and everything in the staging
/// folder (the caller holds the lock and has finished any journal, so nothing
/// staged is anyone's). How many it removed.
pub fn remove_stale_temporaries(output: &Path, tm_file: &Path, locales: &Path) -> usize {
    let mut removed = 0;
    if let Ok(entries) = fs::read_dir(output.join(super::transaction::STAGING_DIR)) {
        for entry in entries.flatten() {
            removed += usize::from(fs::remove_file(entry.path()).is_ok());
        }
    }
    let any = |_: &str| true;
    for folder in [output.to_path_buf(), output.join(".cache"), output.join("xliff")] {
        removed += remove_dead_in(&folder, &any, false);
    }
    let memory = tm_file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if let Some(folder) = tm_file.parent() {
        removed += remove_dead_in(folder, &|name| name == memory, false);
    }
    removed + remove_dead_in(locales, &|name| name.ends_with(".ftl"), true)
}

/// Removes in `folder` (and below it, skipping hidden folders and links,
/// when `deep`) the temporaries of dead processes for the files `ours` names.
fn remove_dead_in(folder: &Path, ours: &dyn Fn(&str) -> bool, deep: bool) -> usize {
    let Ok(entries) = fs::read_dir(folder) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() && deep && !name.starts_with('.') {
            removed += remove_dead_in(&entry.path(), ours, deep);
        } else if kind.is_file()
            && let Some((file, pid)) = temporary_of(&name)
            && ours(file)
            && !running(pid)
        {
            removed += usize::from(fs::remove_file(entry.path()).is_ok());
        }
    }
    removed
}

/// The file and process ID a temporary file's name gives: `.name.<pid>.tmp`
/// or `.name.<pid>.import.tmp`.
fn temporary_of(name: &str) -> Option<(&str, u32)> {
    let stem = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let stem = stem.strip_suffix(".import").unwrap_or(stem);
    let (file, pid) = stem.rsplit_once('.')?;
    Some((file, pid.parse().ok()?))
}

/// Whether a process runs. Where that cannot be told, it is taken to run,
/// so that nothing of a live process is removed.
fn running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
        // SAFETY: signal 0 only asks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        alive || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_are_known_by_their_process_id() {
        assert_eq!(temporary_of(".project.tmx.4242.tmp"), Some(("project.tmx", 4242)));
        assert_eq!(temporary_of(".resolution.ftl.17.import.tmp"), Some(("resolution.ftl", 17)));
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
