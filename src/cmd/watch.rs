//! `fluentpress watch`: checks and rebuilds on every save until Ctrl-C.

use super::{colour, print_diagnostics, report_error};
use fluentpress::diagnostic::Tally;
use fluentpress::ops::BuildOptions;
use fluentpress::ops::watch::{self, Affected};
use fluentpress::project::Project;
use fluentpress::qa::Spellers;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    /// Also rebuild the review edition.
    #[arg(long)]
    review: bool,
    /// Rebuild only this locale's own editions (and those side by side).
    #[arg(long, value_name = "LOCALE")]
    locale: Option<String>,
}

/// How long the files must be quiet before a round starts: an editor's
/// save is several events.
const QUIET: Duration = Duration::from_millis(40);

/// Set by Ctrl-C: the round under way finishes, then the watch ends.
static STOP: AtomicBool = AtomicBool::new(false);

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let project = Project::load(root)?;
    if let Some(locale) = &args.locale {
        project.locale(locale)?;
    }
    stop_on_interrupt();
    let (events, received) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(QUIET, None, events)?;
    let mut watched = BTreeSet::new();
    watch_folders(&mut debouncer, &project, &mut watched)?;
    let options = BuildOptions { review: args.review, official: false, only: args.locale.map(|l| vec![l]) };
    let mut spellers: Option<Spellers> = None;
    let mut affected = Affected::Everything;
    // The project as the last round read it: what tells which files matter.
    let mut last_read = None;
    loop {
        if affected != Affected::Nothing {
            let started = Instant::now();
            last_read = match Project::load_for_writing(root) {
                Ok(writing) => {
                    let project = &writing.project;
                    watch_folders(&mut debouncer, project, &mut watched)?;
                    match watch::round(project, &mut spellers, &affected, &options) {
                        Ok(report) => show(&report, &affected, started),
                        Err(error) => _ = report_error(&error.into()),
                    }
                    Some(writing.into_project())
                }
                // A manifest being edited: say why, and wait for the next save.
                Err(error) => {
                    _ = report_error(&error.into());
                    None
                }
            };
            eprintln!("watching {} for changes (Ctrl-C stops)", root.display());
            affected = Affected::Nothing;
        }
        let changed = match received.recv_timeout(Duration::from_millis(100)) {
            // Reading a file (this round's own reads among them) is no change.
            Ok(Ok(events)) => events
                .into_iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect::<Vec<PathBuf>>(),
            Ok(Err(errors)) => {
                for error in errors {
                    eprintln!("error: watching the files: {error}");
                }
                Vec::new()
            }
            Err(mpsc::RecvTimeoutError::Timeout) => Vec::new(),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        if STOP.load(Ordering::SeqCst) {
            break;
        }
        if !changed.is_empty() {
            match &last_read {
                Some(project) => {
                    if watch::rereads_dictionaries(project, &changed) {
                        spellers = None;
                    }
                    affected = watch::affected(project, &changed);
                }
                // The manifest did not read last round: everything may have changed.
                None => {
                    spellers = None;
                    affected = Affected::Everything;
                }
            }
        }
    }
    eprintln!("stopped watching");
    Ok(ExitCode::SUCCESS)
}

/// Watches the project folder (for its manifest and new folders) and each
/// folder it reads that is not watched yet.
fn watch_folders(
    debouncer: &mut Debouncer<RecommendedWatcher, RecommendedCache>,
    project: &Project,
    watched: &mut BTreeSet<PathBuf>,
) -> anyhow::Result<()> {
    if watched.insert(project.root.clone()) {
        debouncer.watch(&project.root, RecursiveMode::NonRecursive)?;
    }
    for folder in watch::watched_folders(project) {
        if !watched.contains(&folder) {
            debouncer.watch(&folder, RecursiveMode::Recursive)?;
            watched.insert(folder);
        }
    }
    Ok(())
}

/// A round's report: the screen cleared on a terminal, then what `check`
/// says and what was written.
fn show(report: &fluentpress::ops::BuildReport, affected: &Affected, started: Instant) {
    if colour(false) {
        print!("\x1b[2J\x1b[H");
    }
    print_diagnostics(&report.diagnostics, false);
    for path in &report.written {
        println!("wrote {path}");
    }
    for s in &report.skipped {
        println!("skipped {} in {}: {}", s.document, s.locale, s.reason);
    }
    for (path, reason) in &report.removed {
        println!("removed {path}: {reason}");
    }
    let what = match affected {
        Affected::Locales(tags) => tags.iter().cloned().collect::<Vec<_>>().join(", "),
        _ => "everything".to_string(),
    };
    let tally = Tally::of(&report.diagnostics);
    println!(
        "rebuilt {what} in {} ms: {} file(s) written, {tally}",
        started.elapsed().as_millis(),
        report.written.len()
    );
}

/// Ctrl-C sets [`STOP`] instead of ending the process mid-write.
fn stop_on_interrupt() {
    #[cfg(unix)]
    {
        extern "C" fn interrupted(_: libc::c_int) {
            STOP.store(true, Ordering::SeqCst);
        }
        let handler: extern "C" fn(libc::c_int) = interrupted;
        // SAFETY: the handler only stores to an atomic, which is
        // async-signal-safe; it is installed before any thread reads STOP.
        unsafe {
            libc::signal(libc::SIGINT, handler as libc::sighandler_t);
            libc::signal(libc::SIGTERM, handler as libc::sighandler_t);
        }
    }
}
